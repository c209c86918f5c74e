"""The tab-separated files of ontology/ (lexicon, gazetteer): comments, a header, fixed columns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError


def read_rows(path: Path, header: tuple[str, ...], what: str) -> Iterator[tuple[int, str, list[str]]]:
    """Yield (line number, "file:line", cells) for each data row; a malformed line is a KGError naming file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise KGError(f"{path}: cannot read the {what} ({err})") from err
    seen_header = False
    for n, raw in enumerate(lines, 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        where = f"{path}:{n}"
        if len(cells) != len(header):
            raise KGError(f"{where}: expected {len(header)} tab-separated columns, got {len(cells)}")
        if not seen_header:
            if tuple(c.lower() for c in cells) != header:
                raise KGError(f"{where}: expected the header line '{chr(9).join(header)}', got {raw!r}")
            seen_header = True
            continue
        yield n, where, cells
    if not seen_header:
        raise KGError(f"{path}: no header line '{chr(9).join(header)}'")
