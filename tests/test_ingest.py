"""Documents from files, folders, JSON Lines and stdin; bad input is a one-line SeedError."""

import io
import json

import pytest

from kg.errors import SeedError
from kg.ingest import detect_language, iter_documents, strip_markdown


def test_folder_is_read_recursively_in_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("# Titre\n\nAda a fondé Acme.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Le chat dort.", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("caché", encoding="utf-8")
    docs = list(iter_documents([tmp_path]))
    assert [d.id for d in docs] == ["b/two", "one"]
    assert docs[0].text.index("Ada") == "# Titre\n\nAda a fondé Acme.".index("Ada")  # offsets kept


def test_jsonl_keeps_metadata_and_language(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [{"id": "a", "text": "The cat sleeps on the mat and it is happy.", "title": "Cat", "tags": ["x"]},
            {"id": "b", "text": "Le chat dort sur le tapis et il est content."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a, b = iter_documents([path])
    assert (a.id, a.lang, b.lang) == ("a", "en", "fr")
    assert dict(a.meta) == {"tags": '["x"]', "title": "Cat"}


def test_stdin_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("Ada a fondé Acme.".encode())))
    (doc,) = iter_documents(["-"])
    assert (doc.id, doc.path, doc.lang) == ("stdin", "-", "fr")


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"  \n", "empty document"),
    ("bin.txt", b"abc\x00def", "binary file"),
    ("latin1.txt", "café".encode("latin-1"), "invalid UTF-8"),
    ("a.pdf", b"%PDF-1.4", "unsupported suffix '.pdf'"),
    ("bad.jsonl", b'{"id": "a", "text": "x"}\n{oops}\n', "bad.jsonl:2: invalid JSON"),
    ("noid.jsonl", b'{"text": "x"}\n', "missing 'id'"),
    ("dup.jsonl", b'{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "duplicate id 'a'"),
])
def test_bad_files_raise_one_line_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SeedError) as err:
        list(iter_documents([path]))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_path(tmp_path):
    with pytest.raises(SeedError, match="no such file or directory"):
        list(iter_documents([tmp_path / "nope"]))


def test_markdown_markup_is_blanked_not_removed():
    src = "## Titre\n- **Ada** a fondé [Acme](http://x)."
    out = strip_markdown(src)
    assert len(out) == len(src)
    assert "Ada" in out and "Acme" in out and "**" not in out and "http" not in out


@pytest.mark.parametrize("text, lang", [
    ("Le ministère a ouvert des poursuites contre les créateurs.", "fr"),
    ("The department has opened cases against the creators of the images.", "en"),
    ("Ps : l'année prochaine on y retourne d'office....", "fr"),   # "on" is French too
    ("He worked on it.", "en"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
