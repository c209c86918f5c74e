"""Files and the on-disk store behind one small interface: load, open, convert terms, build incrementally."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import GraphError
from kg.rdf import KG, PREFIXES, Terms, document_quads
from kg.types import DocumentGraph

log = logging.getLogger(__name__)

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Oxigraph's store keeps values, not lexical forms: xsd:nonNegativeInteger (int, long...) comes back
# as xsd:integer and decimals in canonical form ("450.0" -> "450"). Everything read out of a store
# goes through restore_text, so a stored graph still meets ontology/shapes.ttl and writes as kg.rdf made it.

Source = Dataset | ox.Store   # a graph kg reads: an rdflib dataset, or a pyoxigraph Store (in memory or a folder)
_OPEN: dict[Path, ox.Store] = {}   # read-write stores opened by GraphStore in this process


# ---------------------------------------------------------------- rdflib <-> pyoxigraph terms

def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term; a plain literal becomes xsd:string, as RDF 1.1 says."""
    if isinstance(term, URIRef):
        return _named_node(term)
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise GraphError(f"cannot store RDF term {term!r} (expected an IRI, blank node or literal)")


def _named_node(iri: URIRef) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(iri))
    except ValueError as err:   # rdflib accepts IRIs RDF forbids, such as <a b>
        raise GraphError(f"invalid IRI <{iri}> ({err}); fix the source graph") from err


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as an rdflib term; xsd:string comes back as a plain literal, as rdflib parses it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        return Literal(term.value) if dtype == _XSD_STRING else Literal(term.value, datatype=URIRef(dtype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise GraphError(f"cannot read RDF term {term!r} (RDF-star triple terms are not supported)")


def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node] | ox.Quad]) -> Iterator[ox.Quad]:
    """rdflib (s, p, o, graph) quads as pyoxigraph quads (which pass as they are); IRIs are converted once per call."""
    iris: dict[Node, ox.NamedNode] = {}

    def conv(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if type(t) is URIRef:
            o = iris.get(t)
            if o is None:
                o = iris[t] = _named_node(t)
            return o
        return to_ox(t)

    for quad in quads:
        if type(quad) is ox.Quad:    # kg.rdf.document_quads makes them already
            yield quad
            continue
        s, p, o, g = quad
        if isinstance(g, Graph):
            g = g.identifier
        yield ox.Quad(conv(s), conv(p), conv(o),
                      ox.DefaultGraph() if g is None or g == DATASET_DEFAULT_GRAPH_ID else conv(g))


def from_ox_quads(quads: Iterable[ox.Quad]) -> Iterator[tuple[Node, Node, Node, Node]]:
    """pyoxigraph quads as rdflib (s, p, o, graph) quads; IRIs are converted once per call.

    A Store's own quads lack kg's lexical forms: pass quads_of(store), not the store.
    """
    iris: dict[str, URIRef] = {}

    def conv(t) -> Node:
        if isinstance(t, ox.NamedNode):
            v = t.value
            u = iris.get(v)
            if u is None:
                u = iris[v] = URIRef(v)
            return u
        return from_ox(t)

    for q in quads:
        g = q.graph_name
        yield conv(q.subject), conv(q.predicate), conv(q.object), (
            DATASET_DEFAULT_GRAPH_ID if isinstance(g, ox.DefaultGraph) else conv(g))


# ---------------------------------------------------------------- files and store folders

def new_dataset() -> Dataset:
    """An empty Dataset whose default graph is the union of its named graphs, with kg's prefixes."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds


def is_store(path: Path) -> bool:
    """A folder holding an Oxigraph (RocksDB) store."""
    return path.is_dir() and (path / "CURRENT").is_file()


def graph_path(path: Path) -> Path:
    """A `kg build` output folder stands for its graph.ttl; anything else is itself."""
    if path.is_dir() and not is_store(path) and (path / "graph.ttl").is_file():
        return path / "graph.ttl"
    return path


def check_path(path: Path) -> None:
    if not path.exists():
        raise GraphError(f"{path}: no such file or store folder")
    if path.is_dir():
        if not is_store(path):
            raise GraphError(f"{path}: folder is neither a kg build output (no graph.ttl) nor an Oxigraph store "
                             f"(no CURRENT file); give a .ttl/.nt/.nq/.trig/.jsonld file or such a folder")
    elif path.suffix.lower() not in FORMATS:
        raise GraphError(f"{path}: unsupported suffix '{path.suffix}' (expected {', '.join(FORMATS)} "
                         f"or a store folder)")


def open_store(path: Path) -> ox.Store:
    """A pyoxigraph Store over a store folder, for queries and exports.

    A GraphStore open in this process is shared (RocksDB locks the folder, and a read-only
    instance does not follow the writer's compactions); otherwise the folder opens read-only,
    so several readers can query it at once.
    """
    check_path(path)
    if not path.is_dir():
        raise GraphError(f"{path}: not a store folder")
    live = _OPEN.get(path.resolve())
    if live is not None:
        return live
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as err:
        raise GraphError(f"{path}: cannot open the store ({err})") from err


def open_graph(path: Path) -> Source:
    """A store folder as a read-only pyoxigraph Store (fast SPARQL), a file as an rdflib Dataset."""
    path = graph_path(path)
    check_path(path)
    return open_store(path) if path.is_dir() else load_graph(path)


def load_graph(path: Path) -> Dataset:
    """Read an RDF file (.ttl .nt .nq .trig .jsonld) or a store folder into an rdflib Dataset.

    pyoxigraph parses (fast, with line and column on errors) and terms are converted here, because
    oxrdflib's ox-* parsers type plain literals as xsd:string, which rdflib does not compare equal
    to the plain literals its own parsers and kg.rdf produce; rdflib parses what pyoxigraph rejects.
    """
    path = graph_path(path)
    check_path(path)
    ds = new_dataset()
    if path.is_dir():
        ds.addN(from_ox_quads(quads_of(open_store(path))))
        return ds
    fmt = FORMATS[path.suffix.lower()]
    base = path.resolve().as_uri()
    try:
        ds.addN(from_ox_quads(ox.parse(path=str(path), format=fmt, base_iri=base)))
        return ds
    except SyntaxError as err:
        ox_error = err
    except (ValueError, OSError) as err:
        raise GraphError(f"{path}: cannot read ({err})") from err
    # pyoxigraph is stricter than rdflib (e.g. IRIs with spaces, remote JSON-LD contexts): try rdflib
    ds = new_dataset()
    try:
        with warnings.catch_warnings():   # rdflib's own Dataset.parse uses its deprecated default_context
            warnings.simplefilter("ignore", DeprecationWarning)
            ds.parse(path, format=_RDFLIB_FORMATS[path.suffix.lower()], publicID=base)
    except Exception:  # noqa: BLE001 - report pyoxigraph's error, it has the position
        raise GraphError(f"{path}: {syntax_message(ox_error)}") from ox_error
    log.warning("%s: read by rdflib after pyoxigraph refused it: %s", path, syntax_message(ox_error))
    return ds


def load_store(path: Path) -> ox.Store:
    """An RDF file (.ttl .nt .nq .trig .jsonld) read into an in-memory pyoxigraph Store, or a store folder opened.

    What views, statistics and exports read: parsing and queries stay in Rust, which on a
    corpus-sized graph is several times faster than going through rdflib terms.
    """
    path = graph_path(path)
    check_path(path)
    if path.is_dir():
        return open_store(path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=FORMATS[path.suffix.lower()], base_iri=path.resolve().as_uri())
        return store
    except SyntaxError:
        pass   # load_graph reports the position, or reads what only rdflib accepts
    except (ValueError, OSError) as err:
        raise GraphError(f"{path}: cannot read ({err})") from err
    return as_store(load_graph(path))


def quads_of(graph: Source | Graph) -> Iterator[ox.Quad]:
    """Every quad of a graph as pyoxigraph quads, in the lexical forms kg.rdf makes (see restore_text)."""
    return ox.parse(nquads(graph), format=ox.RdfFormat.N_QUADS)


_DECIMAL_TEXT = re.compile(rb' "(-?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')
_INDEX_TEXT = re.compile(rb'(<http://persistence\.uni-leipzig\.org/nlp2rdf/ontologies/nif-core#(?:begin|end)Index> '
                         rb'"[0-9]+"\^\^<http://www\.w3\.org/2001/XMLSchema#)integer>')


def restore_text(data: bytes) -> bytes:
    """N-Triples or N-Quads dumped from a Store, in the lexical forms kg.rdf writes: nif:beginIndex and
    nif:endIndex as xsd:nonNegativeInteger, decimals with a fraction ("450.0", which Turtle writes bare,
    not "450"^^xsd:decimal). Two regular expressions over the text, not a Python step per quad (an
    object literal follows a space, which inside a literal would be escaped)."""
    data = _DECIMAL_TEXT.sub(rb' "\1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', data)
    return _INDEX_TEXT.sub(rb"\1nonNegativeInteger>", data)


def union_ntriples(graph: Source | Graph) -> bytes:
    """The union graph as N-Triples in kg's lexical forms, unsorted, a triple once per graph holding it.

    One dump per graph: three times faster than a CONSTRUCT over the union default graph. The dumps
    run on two threads (pyoxigraph releases the GIL while it writes), which nearly halves their time.
    """
    store = as_store(graph)
    graphs = [ox.DefaultGraph(), *store.named_graphs()]
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(lambda g: store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g), graphs))
    return restore_text(b"".join(parts))


def nquads(graph: Source | Graph) -> bytes:
    """Every quad as N-Quads in kg's lexical forms, unsorted."""
    return restore_text(as_store(graph).dump(format=ox.RdfFormat.N_QUADS))


def as_store(graph: Source | Graph) -> ox.Store:
    """A pyoxigraph Store as it is; an rdflib graph or dataset copied into a new in-memory one."""
    if isinstance(graph, ox.Store):
        return graph
    quads = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else (
        (s, p, o, None) for s, p, o in graph)
    store = ox.Store()
    store.bulk_extend(to_ox_quads(quads))
    return store


def as_dataset(graph: Source | Graph) -> Graph:
    """An rdflib graph or dataset as it is; a pyoxigraph Store copied into a new rdflib Dataset."""
    if not isinstance(graph, ox.Store):
        return graph
    ds = new_dataset()
    ds.addN(from_ox_quads(quads_of(graph)))
    return ds


def syntax_message(err: SyntaxError) -> str:
    msg = str(err.msg if err.msg else err)
    if err.lineno and f"line {err.lineno}" not in msg:
        return f"syntax error at line {err.lineno}, column {err.offset}: {msg}"
    return f"syntax error: {msg}"


# ---------------------------------------------------------------- the incremental store

@dataclass(slots=True)
class BuildSummary:
    added: int = 0      # named graphs that were not in the store
    replaced: int = 0   # named graphs whose content changed
    skipped: int = 0    # documents whose sha256 is unchanged
    quads: int = 0      # quads written

    def describe(self) -> str:
        return f"{self.added} added, {self.replaced} replaced, {self.skipped} unchanged"


class GraphStore:
    """A pyoxigraph Store in a folder, one named graph per document, replaced atomically.

    Atomicity: pyoxigraph (0.5) has no transaction object, but every `Store.update` request runs in
    one RocksDB transaction ("either the full operation succeeds, or nothing is written"), also
    when it holds several operations. `apply_build` first stages every update in memory (a failing
    producer leaves the store untouched), then sends all DROP GRAPH and INSERT DATA operations as
    one request. Measured on 300k quads: extend() 9.6 s, one update 6.1 s, bulk_extend() 1.8 s
    (not transactional) - a build writes a few thousand quads per document, so one update is fast
    enough and needs no folder swapping.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists() and not is_store(path) and (not path.is_dir() or any(path.iterdir())):
            raise GraphError(f"{path}: exists and is not an Oxigraph store; choose another --store folder")
        try:
            self.store = ox.Store(str(path))
        except (OSError, RuntimeError) as err:
            raise GraphError(f"{path}: cannot open the store ({err}); is another kg process using it?") from err
        _OPEN[path.resolve()] = self.store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the folder lock (pyoxigraph closes the database when the Store is freed)."""
        store = self.__dict__.pop("store", None)
        if store is not None:
            _OPEN.pop(self.path.resolve(), None)
            store.flush()
            del store

    def __len__(self) -> int:
        return len(self.store)

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def document_sha(self, graph_iri: URIRef | str) -> str | None:
        """The kg:sha256 of the document held in a named graph, None if the graph is absent."""
        g = ox.NamedNode(str(graph_iri))
        for q in self.store.quads_for_pattern(None, ox.NamedNode(str(KG.sha256)), None, g):
            return q.object.value
        return None

    def document_shas(self) -> dict[URIRef, str]:
        """Named graph -> kg:sha256 of its document, for every document in the store."""
        return {URIRef(q.graph_name.value): q.object.value
                for q in self.store.quads_for_pattern(None, ox.NamedNode(str(KG.sha256)), None, None)
                if isinstance(q.graph_name, ox.NamedNode)}

    def apply_build(self, updates: Iterable[tuple[URIRef | str, Iterable[tuple]]]) -> BuildSummary:
        """Replace each given named graph by its quads, all in one transaction.

        Args:
            updates: (graph IRI, quads of that graph, rdflib or pyoxigraph); every quad must be in that graph.
                A graph IRI of None stands for the default graph.
        """
        staged: dict[ox.NamedNode | ox.DefaultGraph, list[ox.Quad]] = {}
        for graph_iri, quads in updates:   # consume everything before touching the store
            g = ox.DefaultGraph() if graph_iri is None else ox.NamedNode(str(graph_iri))
            out = staged.setdefault(g, [])
            for q in to_ox_quads(quads):
                if q.graph_name != g:
                    raise GraphError(f"{self.path}: quad {q} is not in graph {g} it was given for")
                out.append(q)
        summary = BuildSummary()
        if not staged:
            return summary
        ops: list[str] = []
        for g, quads in staged.items():
            default = isinstance(g, ox.DefaultGraph)
            held = (next(self.store.quads_for_pattern(None, None, None, g), None) is not None if default
                    else self.store.contains_named_graph(g))
            if held:
                summary.replaced += 1
                ops.append("DROP SILENT DEFAULT" if default else f"DROP SILENT GRAPH {g}")
            else:
                summary.added += 1
            # str() of pyoxigraph terms is their N-Triples form, escaped and valid in SPARQL
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
            ops.append(f"INSERT DATA {{\n{body}\n}}" if default else f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
            summary.quads += len(quads)
        try:
            self.store.update(" ;\n".join(ops))
        except (OSError, RuntimeError, SyntaxError, ValueError) as err:
            raise GraphError(f"{self.path}: update failed, store left unchanged ({err})") from err
        self.store.flush()
        return summary

    def update_documents(self, graphs: Iterable[DocumentGraph], terms: Terms | None = None) -> BuildSummary:
        """Add new documents, replace changed ones, skip those whose sha256 is already stored."""
        terms = terms or Terms()
        shas = self.document_shas()
        skipped = 0
        updates: list[tuple[URIRef, list[tuple]]] = []
        for dg in graphs:
            g = terms.graph(dg.document.id)
            if shas.get(g) == dg.sha256:
                skipped += 1
                continue
            updates.append((g, list(document_quads(dg, terms))))
        summary = self.apply_build(updates)
        summary.skipped = skipped
        return summary

    def snapshot(self) -> ox.Store:
        """The whole store copied into an in-memory pyoxigraph Store (through N-Quads: all in Rust)."""
        mem = ox.Store()
        mem.bulk_load(self.store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        return mem
