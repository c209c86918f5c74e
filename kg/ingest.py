"""Paths, JSON Lines and stdin -> Document records, streamed one at a time."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import SeedError
from kg.types import Document

SUFFIXES = (".txt", ".md", ".jsonl")

_FR_WORDS = frozenset("le la les des du de et est une un que qui dans pour pas par sur au aux ce cette il elle "
                      "ils sont avec plus ont été son sa ses leur mais ou nous vous".split())
# no word of both languages ("on" is a French pronoun too: "on y retourne")
_EN_WORDS = frozenset("the of and to in is that for it with as was be by are this from at or an have "
                      "has were which not but they their its he she".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str) -> str:
    """'fr' or 'en' by function-word counts over the first few thousand characters."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    fr = sum(w in _FR_WORDS for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "en" if en > fr else "fr"


def _decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise SeedError(f"{where}: binary file (NUL bytes); give a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SeedError(f"{where}: invalid UTF-8 at byte {err.start}; re-encode the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# markdown markup replaced by spaces, so character offsets still point into the source file
_MD_MARKUP = [
    re.compile(r"^ {0,3}#{1,6}[ \t]", re.M),          # headings
    re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]", re.M),  # list bullets
    re.compile(r"^ {0,3}>[ \t]?", re.M),              # block quotes
    re.compile(r"^ {0,3}(?:```|~~~).*$", re.M),        # code fences
    re.compile(r"(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)"),  # emphasis
    re.compile(r"!?\[|\]\([^)]*\)"),                  # links and images keep their text
]


def strip_markdown(text: str) -> str:
    """Blank out markdown syntax, keeping every other character at its offset."""
    for pattern in _MD_MARKUP:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _document(doc_id: str, text: str, path: str, where: str, lang: str | None,
              meta: tuple[tuple[str, str], ...] = ()) -> Document:
    if not text.strip():
        raise SeedError(f"{where}: empty document; remove it or add text")
    return Document(id=doc_id, text=text, path=path, lang=lang or detect_language(text), meta=meta)


def _jsonl_documents(lines: Iterable[str], where: str, path: str, lang: str | None) -> Iterator[Document]:
    seen: set[str] = set()
    count = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise SeedError(f"{where}:{n}: invalid JSON ({err.msg} at column {err.colno})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise SeedError(f"{where}:{n}: expected a JSON object with a string 'text' field")
        doc_id = str(record.get("id", "")).strip()
        if not doc_id:
            raise SeedError(f"{where}:{n}: missing 'id' field; every JSON Lines record needs a unique id")
        if doc_id in seen:
            raise SeedError(f"{where}:{n}: duplicate id '{doc_id}'")
        seen.add(doc_id)
        meta = tuple(sorted((k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True))
                            for k, v in record.items() if k not in ("id", "text", "lang")))
        rec_lang = lang or (record["lang"] if isinstance(record.get("lang"), str) else None)
        count += 1
        yield _document(doc_id, record["text"], path, f"{where}:{n}", rec_lang, meta)
    if count == 0:
        raise SeedError(f"{where}: no JSON Lines records; add lines like {{\"id\": \"a\", \"text\": \"...\"}}")


def read_file(path: Path, doc_id: str, lang: str | None = None) -> Iterator[Document]:
    """One file -> its documents (one for .txt/.md, one per line for .jsonl)."""
    if path.suffix.lower() not in SUFFIXES:
        raise SeedError(f"{path}: unsupported suffix '{path.suffix}' (expected {', '.join(SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SeedError(f"{path}: cannot read ({err.strerror})") from None
    text = _decode(data, str(path))
    if path.suffix.lower() == ".jsonl":
        yield from _jsonl_documents(text.split("\n"), str(path), str(path), lang)
    else:
        if path.suffix.lower() == ".md":
            text = strip_markdown(text)
        yield _document(doc_id, text, str(path), str(path), lang)


def _looks_like_jsonl(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines)
    except json.JSONDecodeError:
        return False


def read_stdin(lang: str | None = None) -> Iterator[Document]:
    """Standard input: JSON Lines when every line is a JSON object, otherwise one text document."""
    text = _decode(sys.stdin.buffer.read(), "<stdin>")
    if _looks_like_jsonl(text):
        yield from _jsonl_documents(text.split("\n"), "<stdin>", "-", lang)
    else:
        yield _document("stdin", text, "-", "<stdin>", lang)


def iter_documents(paths: Iterable[str | Path], lang: str | None = None) -> Iterator[Document]:
    """Every document under the given paths, in a stable order; ids are unique across the run."""
    seen: dict[str, str] = {}
    for raw in paths:
        if str(raw) == "-":
            docs: Iterable[Document] = read_stdin(lang)
        else:
            docs = _read_path(Path(raw), lang)
        for doc in docs:
            if doc.id in seen:
                raise SeedError(f"{doc.path}: document id '{doc.id}' is also used by {seen[doc.id]}; "
                                "rename one of them")
            seen[doc.id] = doc.path
            yield doc


def _read_path(root: Path, lang: str | None) -> Iterator[Document]:
    if not root.exists():
        raise SeedError(f"{root}: no such file or directory")
    if root.is_file():
        yield from read_file(root, root.stem, lang)
        return
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        raise SeedError(f"{root}: no {', '.join(SUFFIXES)} files found")
    for path in files:
        yield from read_file(path, path.relative_to(root).with_suffix("").as_posix(), lang)
