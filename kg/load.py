"""RDF files into an on-disk store: a new store is bulk-loaded on every core, an existing one updated in one transaction.

Each named graph of the files replaces the store's graph of that name and the files' default
graph replaces the store's, as `kg push` does on a server: loading `kg export --format nq` of
one store into another reproduces it, and a later `kg build --store` skips its unchanged documents.
"""

from __future__ import annotations

import gc
import io
import mmap
import os
import shutil
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError
from kg.store import FORMATS, BuildSummary, GraphStore, check_path, graph_path, is_store, syntax_message

_LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
# Oxigraph's bulk loader encodes a batch of up to a million quads on one thread: a file cut into
# parts at line breaks, each loaded by its own call, keeps every core busy (1M quads: 5.6 s -> 2.8 s on two)
PARTS = 4


def load_files(paths: list[Path], folder: Path, parts: int = PARTS) -> BuildSummary:
    """Load RDF files (.ttl .nt .nq .trig .jsonld) into the store folder; on failure it is left as it was."""
    paths = [graph_path(path) for path in paths]   # a kg build output folder stands for its graph.ttl
    for path in paths:
        check_path(path)
        if path.is_dir():
            raise GraphError(f"{path}: a store folder; give RDF files (kg export --format nq writes its graphs)")
    if folder.exists() and not is_store(folder) and (not folder.is_dir() or any(folder.iterdir())):
        raise GraphError(f"{folder}: exists and is not an Oxigraph store; choose another --store folder")
    if is_store(folder):
        return _update(paths, folder)
    return _create(paths, folder, parts)


def _create(paths: list[Path], folder: Path, parts: int) -> BuildSummary:
    """Bulk-load into a sibling folder renamed into place once complete (bulk loads are not transactional)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.parent / f".{folder.name}.loading-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    store = ox.Store(str(tmp))
    loaded = False
    try:
        for path in paths:
            _bulk_load(store, path, parts)
        store.flush()
        summary = BuildSummary(added=sum(1 for _ in store.named_graphs()), quads=len(store))
        summary.added += next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None
        loaded = True
    except BaseException as err:
        _forget_frames(err)
        raise
    finally:
        # pyoxigraph closes the database when the Store is freed, writing into its folder: the
        # Store must be gone, from the error's frames and reference cycles too, before the folder moves
        del store
        gc.collect()
        if not loaded:
            shutil.rmtree(tmp, ignore_errors=True)
    os.replace(tmp, folder)   # replaces an empty folder too
    return summary


def _forget_frames(err: BaseException | None) -> None:
    while err is not None:
        traceback.clear_frames(err.__traceback__)
        err = err.__cause__ or err.__context__


def _bulk_load(store: ox.Store, path: Path, parts: int) -> None:
    fmt = FORMATS[path.suffix.lower()]
    try:
        # each call names blank nodes afresh: a file that has any is loaded whole
        if fmt not in _LINE_FORMATS or _has_blank_nodes(path):
            store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
            return
        with ThreadPoolExecutor(min(parts, os.cpu_count() or 1)) as pool:
            list(pool.map(lambda span: _load_span(store, path, span, fmt), line_spans(path, parts)))
    except SyntaxError as err:
        raise GraphError(f"{path}: {syntax_message(err)}") from err
    except (ValueError, OSError) as err:
        raise GraphError(f"{path}: cannot read ({err})") from err


def _has_blank_nodes(path: Path) -> bool:
    """Whether "_:" occurs anywhere (a literal may hold it too: then the file is loaded whole, as it may)."""
    if path.stat().st_size == 0:
        return False
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"_:") != -1


def line_spans(path: Path, parts: int) -> list[tuple[int, int]]:
    """(start, end) byte ranges of the file, at most `parts` of about equal size, each ending after a line break."""
    size = path.stat().st_size
    spans, start = [], 0
    with open(path, "rb") as fh:
        for i in range(1, parts):
            fh.seek(max(start, size * i // parts))
            fh.readline()
            cut = fh.tell()
            if cut >= size:
                break
            spans.append((start, cut))
            start = cut
    return [*spans, (start, size)] if start < size else spans


class _Span(io.RawIOBase):
    """A byte range of a file as a file, so each part streams from disk instead of being copied in memory."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed with the span
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._file.readinto(memoryview(buffer)[:min(len(buffer), self._left)]) if self._left > 0 else 0
        self._left -= n
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


def _load_span(store: ox.Store, path: Path, span: tuple[int, int], fmt: ox.RdfFormat) -> None:
    with io.BufferedReader(_Span(path, *span), 1 << 20) as reader:
        store.bulk_load(reader, format=fmt)


def _update(paths: list[Path], folder: Path) -> BuildSummary:
    """Parse every file first, then replace the graphs they hold in one transaction."""
    graphs: dict[ox.NamedNode | ox.DefaultGraph, list[ox.Quad]] = {}
    for path in paths:
        try:
            # blank nodes renamed, as a bulk load does: two files' "_:b0" are two nodes
            for quad in ox.parse(path=str(path), format=FORMATS[path.suffix.lower()],
                                 base_iri=path.resolve().as_uri(), rename_blank_nodes=True):
                graphs.setdefault(quad.graph_name, []).append(quad)
        except SyntaxError as err:
            raise GraphError(f"{path}: {syntax_message(err)}") from err
        except (ValueError, OSError) as err:
            raise GraphError(f"{path}: cannot read ({err})") from err
    with GraphStore(folder) as store:
        return store.apply_build((None if isinstance(g, ox.DefaultGraph) else g.value, quads)
                                 for g, quads in graphs.items())
