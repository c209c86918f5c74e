"""Serialisations by format name; every writer is atomic and deterministic."""

from __future__ import annotations

import csv
import gc
import multiprocessing
import signal
import sys
from collections.abc import Callable
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.atomic import atomic_path, write_bytes_atomic
from kg.errors import KGError
from kg.facts import read_facts, read_nodes
from kg.rdf import PREFIXES
from kg.store import Source, as_dataset, as_store, nquads, quads_of, union_ntriples

Exporter = Callable[[Source, Path], None]
EXPORTERS: dict[str, Exporter] = {}


def register_exporter(name: str) -> Callable[[Exporter], Exporter]:
    def decorate(fn: Exporter) -> Exporter:
        EXPORTERS[name] = fn
        return fn
    return decorate


def get_exporter(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise KGError(f"Unknown export format '{name}'. Available: {', '.join(sorted(EXPORTERS))}") from None


def union_graph(graph: Source) -> Graph:
    """All triples of a dataset (or a plain graph) in one graph with kg's prefixes bound."""
    graph = as_dataset(graph)
    out = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    triples = graph.triples((None, None, None)) if not isinstance(graph, Dataset) else (
        q[:3] for q in graph.quads((None, None, None, None)))
    for t in triples:
        out.add(t)
    return out


@register_exporter("ttl")
def write_turtle(graph: Source, out: Path, ntriples: list[bytes] | None = None) -> None:
    """Turtle of the union graph, triples sorted so equal graphs give equal bytes.

    Oxigraph writes the union graph as N-Triples, the lines are sorted as bytes (the order of
    (subject, predicate, object) as text: an IRI cannot hold the ">" that ends it), then Oxigraph's
    serialiser writes them in that order, grouping each subject's triples. Only the sort runs in
    Python: on a corpus-sized graph this is several times faster than sorting term objects.
    `ntriples`: the graph's triples as N-Triples already (pipeline.build's), used instead of a dump.
    """
    lines = _sorted_lines(b"".join(ntriples) if ntriples is not None else union_ntriples(graph))
    turtle = ox.serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                          prefixes=dict(PREFIXES))
    # the prefix block in a fixed order too, whatever order the serialiser chose (it writes it first)
    head = turtle.split(b"\n", len(PREFIXES))
    prefixes = sorted(line for line in head[:-1] if line.startswith(b"@prefix"))
    body = [line for line in head[:-1] if not line.startswith(b"@prefix")] + head[-1:]
    write_bytes_atomic(out, b"\n".join([*prefixes, b"", *body]))


CSV_COLUMNS = [
    "subject", "predicate", "object", "predicate_fr",
    "subject_iri", "predicate_iri", "object_iri", "subject_type", "object_type",
    "subject_text", "predicate_text", "object_text",
    "negated", "modality", "confidence", "date", "quantity", "quantity_text", "place", "role",
    "doc_id", "sentence", "sentence_start", "sentence_end", "extractor", "statement_iri",
]


@register_exporter("csv")
def write_csv(graph: Source, out: Path) -> None:
    """One row per extracted relation, with canonical labels, surface text and the source sentence."""
    graph = as_store(graph)
    nodes = read_nodes(graph)
    rows = []
    for f in read_facts(graph):   # in CSV_COLUMNS order
        s, o, q = nodes.get(f.subject), nodes.get(f.object), f.qualifiers
        rows.append((
            s.label if s else f.subject_text, f.label_en, o.label if o else f.object_text, f.label_fr,
            f.subject, f.predicate, f.object, s.kind if s else "", o.kind if o else "",
            f.subject_text, f.predicate_text, f.object_text,
            "true" if f.negated else "false", f.modality, f"{f.confidence:.2f}", q.get("date", ""),
            q.get("quantity", ""), q.get("quantity_text", ""), q.get("place", ""), q.get("role", ""),
            f.doc_id, f.sentence_text, f.start_char, f.end_char, f.extractor, f.statement,
        ))

    # utf-8-sig so spreadsheet programs detect the encoding of accented labels
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(rows)


# ---------------------------------------------------------------- line and dataset formats (pyoxigraph writers)

def _ox_quads(graph: Source) -> list[ox.Quad]:
    """Every quad of a dataset (a plain graph's triples in the default graph), distinct and sorted
    by graph, subject, predicate, object, so the streaming writers group them the same way each time."""
    return sorted(quads_of(graph), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                                  str(q.object)))


def _sorted_lines(data: bytes) -> bytes:
    """Distinct non-empty lines in byte order; sorted runs in the input (one per document) sort faster."""
    lines = data.splitlines()
    lines.sort()
    # sorted, so a duplicate follows its twin: comparing neighbours is twice as fast as a dict
    distinct = [line for previous, line in zip(chain((b"",), lines), lines) if line != previous]
    return b"\n".join(distinct) + b"\n" if distinct else b""


@register_exporter("nt")
def write_ntriples(graph: Source, out: Path) -> None:
    """N-Triples of the union graph, one sorted line per distinct triple."""
    write_bytes_atomic(out, _sorted_lines(union_ntriples(graph)))


@register_exporter("nq")
def write_nquads(graph: Source, out: Path) -> None:
    """N-Quads, one sorted line per quad: each document keeps its named graph."""
    write_bytes_atomic(out, _sorted_lines(nquads(graph)))


@register_exporter("trig")
def write_trig(graph: Source, out: Path) -> None:
    """TriG, one block per named graph (a document's statements and provenance), with kg's prefixes."""
    data = ox.serialize(_ox_quads(graph), format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))
    write_bytes_atomic(out, data)


@register_exporter("jsonld")
def write_jsonld(graph: Source, out: Path) -> None:
    """JSON-LD (expanded form), one @graph object per named graph."""
    write_bytes_atomic(out, ox.serialize(_ox_quads(graph), format=ox.RdfFormat.JSON_LD))


# ---------------------------------------------------------------- network formats (kg.analytics)

@register_exporter("graphml")
def write_graphml(graph: Source, out: Path) -> None:
    """Entities and relations as a GraphML network (Gephi, yEd, Cytoscape)."""
    from kg import analytics   # networkx loads only when asked for

    analytics.write_graphml(graph, out)


@register_exporter("gexf")
def write_gexf(graph: Source, out: Path) -> None:
    """Entities and relations as a GEXF network (Gephi)."""
    from kg import analytics

    analytics.write_gexf(graph, out)


# ---------------------------------------------------------------- the outputs of kg build

def write_build_outputs(graph: Source, turtle: Path, page: Path, table: Path,
                        ntriples: list[bytes] | None = None) -> None:
    """graph.ttl, graph.html and triples.csv, each atomically (`ntriples`: see write_turtle).

    On Linux two forked children write the page and the table while this process writes the
    Turtle: the three are CPU-bound Python and Rust work that does not release the GIL, so threads
    would not overlap them, and a child reads the in-memory Store it inherits instead of a copy.
    """
    from kg.view import write_view

    graph = as_store(graph)    # once, not once in each writer
    jobs = [lambda: write_view(graph, page), lambda: write_csv(graph, table)]
    for path in (turtle, page, table):
        path.parent.mkdir(parents=True, exist_ok=True)
    if not sys.platform.startswith("linux"):
        write_turtle(graph, turtle, ntriples)
        for job in jobs:
            job()
        return
    # The writers make millions of short-lived, acyclic objects: a cyclic collection would scan the
    # whole heap (the spaCy pipeline included) and, in a forked child, copy every page it touches.
    gc.freeze()
    gc.disable()
    try:
        _write_forked(graph, turtle, page, table, ntriples, jobs)
    finally:
        gc.enable()
        gc.unfreeze()


def _write_forked(graph: ox.Store, turtle: Path, page: Path, table: Path, ntriples: list[bytes] | None,
                  jobs: list[Callable[[], None]]) -> None:
    ctx = multiprocessing.get_context("fork")
    children = []
    for job in jobs:
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(job, send), name="kg-write")
        child.start()
        send.close()
        children.append((child, receive))
    errors: list[BaseException] = []
    try:
        write_turtle(graph, turtle, ntriples)
    finally:
        for child, receive in children:
            try:
                error = receive.recv()      # one message: None or the exception
            except EOFError:                # the child died without a word
                error = KGError(f"writing {page.name} or {table.name} failed (exit code {child.exitcode})")
            child.join()
            if error is not None:
                errors.append(error)
    if errors:
        raise errors[0]


def _child(work: Callable[[], None], send) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's; the files stay whole either way
    try:
        work()
    except Exception as err:  # noqa: BLE001 - handed to the parent, which reports it
        try:
            send.send(err)
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            send.send(KGError(str(err)))
    else:
        send.send(None)
