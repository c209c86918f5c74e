"""The entity gazetteer: well-known entities and the names that denote them (ontology/gazetteer.tsv)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from kg.errors import KGError
from kg.ontology import class_names, ontology_dir
from kg.tsv import read_rows

_HEADER = ("id", "kind", "label_en", "label_fr", "aliases", "context_aliases")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'", "`": "'", "´": "'",
                         "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‹": '"', "›": '"'})
# longest first: "de la" before "de l", "les" before "le"
_ARTICLES = ("de la", "de l", "les", "le", "la", "l", "une", "un", "des", "du", "d", "the", "an", "a")
_FIRST_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str                            # slug, becomes the entity id
    kind: str                          # class in ontology/kg.ttl: Person, Organization, Place...
    label_en: str
    label_fr: str
    aliases: tuple[str, ...]           # names that denote the entity on their own
    context_aliases: tuple[str, ...]   # names that denote it only once it is named in the document


@lru_cache(maxsize=65536)   # the same names recur in every document of a corpus
def normalize_name(text: str) -> str:
    """The matching key of a name: "le Ministère Américain de la justice" -> "ministere americain de la justice"."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).strip()
    # "UN Security Council": an all-caps first word is an acronym, not the article "un"
    first = _FIRST_WORD.match(text)
    acronym_first = first is not None and len(first.group()) > 1 and first.group().isupper()
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("œ", "oe").replace("æ", "ae").replace("&", " and ")
    text = text.replace(".", "")       # "U.S." -> "us"
    text = " ".join(re.sub(r"[\W_]+", " ", text).split())
    if not acronym_first:
        for article in _ARTICLES:
            if text.startswith(article + " "):
                return text[len(article) + 1:]
    return text


class Gazetteer:
    """Name -> entry lookup; context aliases only resolve to entities already named in the document."""

    def __init__(self, entries: Sequence[GazetteerEntry]) -> None:
        self._entries: dict[str, GazetteerEntry] = {}
        self._names: dict[str, GazetteerEntry] = {}
        self._context: dict[str, list[GazetteerEntry]] = {}
        for e in entries:                          # later entries win, as later files do
            self._entries.pop(e.id, None)
            self._entries[e.id] = e
        for e in self._entries.values():
            for name in _names(e):
                self._names[normalize_name(name)] = e
            for name in e.context_aliases:
                bucket = self._context.setdefault(normalize_name(name), [])
                if e not in bucket:
                    bucket.append(e)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries.values())

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self._entries.get(entry_id)

    def match(self, text: str) -> GazetteerEntry | None:
        """The entry whose English label, French label or alias is TEXT (after normalize_name)."""
        key = normalize_name(text)
        return self._names.get(key) if key else None

    def match_in_context(self, text: str, named_ids: set[str]) -> GazetteerEntry | None:
        """Like match, plus the context aliases of the entries in NAMED_IDS when exactly one of them fits."""
        entry = self.match(text)
        if entry is not None:
            return entry
        fits = [e for e in self._context.get(normalize_name(text), ()) if e.id in named_ids]
        return fits[0] if len(fits) == 1 else None


def _names(e: GazetteerEntry) -> list[str]:
    return [n for n in (e.label_en, e.label_fr, *e.aliases) if n]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.strip() for a in cell.split("|") if a.strip()))


def read_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Parse one gazetteer file; a malformed line is a KGError naming file:line."""
    kinds = class_names() - {"Document", "Sentence", "Statement"}   # provenance classes are not entities
    entries: list[GazetteerEntry] = []
    ids: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}   # key -> (id, line) within this file
    for n, where, cells in read_rows(path, _HEADER, "gazetteer"):
        eid, kind, label_en, label_fr, aliases, context = cells
        if not _SLUG.fullmatch(eid):
            raise KGError(f"{where}: id {eid!r} is not a slug (lowercase ASCII letters, digits and dashes)")
        if eid in ids:
            raise KGError(f"{where}: id {eid!r} already defined on line {ids[eid]}")
        if kind not in kinds:
            raise KGError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(sorted(kinds))})")
        if not label_en and not label_fr:
            raise KGError(f"{where}: {eid} has neither label_en nor label_fr")
        entry = GazetteerEntry(eid, kind, label_en, label_fr, _split(aliases), _split(context))
        for name in (*_names(entry), *entry.context_aliases):
            if not normalize_name(name):
                raise KGError(f"{where}: name {name!r} is empty once articles and punctuation are removed")
        for name in _names(entry):
            key = normalize_name(name)
            other = names.get(key)
            if other is not None and other[0] != eid:
                raise KGError(f"{where}: {name!r} already names {other[0]} (line {other[1]}); "
                              f"an ambiguous name belongs in context_aliases")
            names[key] = (eid, n)
        ids[eid] = n
        entries.append(entry)
    return entries


def load_gazetteer(paths: Sequence[Path] | None = None) -> Gazetteer:
    """The gazetteer from PATHS merged in order (a later entry with the same id wins); default ontology/gazetteer.tsv."""
    if paths is None:
        return _default_gazetteer()
    return Gazetteer([e for p in paths for e in read_gazetteer(Path(p))])


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(read_gazetteer(ontology_dir() / "gazetteer.tsv"))
