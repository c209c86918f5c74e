"""The only module that knows the order of the stages: ingest -> parse -> extract -> resolve -> graph."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, groupby, islice

import pyoxigraph as ox
from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc

from kg.extract import Context, extract_triples, sentence_span
from kg.extract.syntax import forget_tokens
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import iter_documents
from kg.lexicon import Lexicon, load_lexicon
from kg.parse import default_model, load_nlp
from kg.rdf import KG_NS, Terms, document_quads
from kg.resolve import resolve_document
from kg.types import Document, DocumentGraph, Sentence


@dataclass(slots=True)
class Options:
    lang: str | None = None          # force a language instead of detecting it
    model: str | None = None         # spaCy pipeline for every document
    base_iri: str | None = None
    batch_size: int = 16             # documents per nlp.pipe batch; 16 beat 64 by 1.2x (2 processes) to 1.1x (1)
    workers: int | None = None       # worker processes (parse to N-Quads); None: default_workers()
    extractors: tuple[str, ...] | None = None


def default_workers() -> int:
    """Worker processes when --workers is not given: one per core; the main process only loads
    N-Quads into the Store and writes the outputs, which takes little CPU next to parsing."""
    return os.cpu_count() or 1


@dataclass(slots=True)
class Stats:
    documents: int = 0
    sentences: int = 0
    words: int = 0
    relations: int = 0
    entities: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "extract": 0.0, "resolve": 0.0,
                                                                "graph": 0.0, "store": 0.0})

    def add(self, other: Stats) -> None:
        """Count another process's (or shard's) documents and seconds in these."""
        self.documents += other.documents
        self.sentences += other.sentences
        self.words += other.words
        self.relations += other.relations
        self.entities.update(other.entities)
        for stage, seconds in other.seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def summary(self, total_seconds: float) -> str:
        return (f"{self.documents} documents, {self.sentences} sentences, {len(self.entities)} entities, "
                f"{self.relations} relations in {total_seconds:.1f} s")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_graph(document: Document, doc: Doc, lexicon: Lexicon, gazetteer: Gazetteer,
                   extractors: Iterable[str] | None = None, stats: Stats | None = None) -> DocumentGraph:
    """Extract and resolve one parsed document."""
    t0 = time.perf_counter()
    ctx = Context(document.id, document.lang, lexicon)
    sentences, triples = [], []
    text = doc.text     # Doc.text joins every token: once per document, not once per sentence
    for sent in doc.sents:
        start, end = sentence_span(sent)
        if start == end:
            continue
        sentences.append(Sentence(document.id, start, end, text[start:end]))
        triples.extend(extract_triples(sent, ctx, extractors))
    t1 = time.perf_counter()
    entities, kept, entity_of = resolve_document(doc, triples, gazetteer, document.lang, document.id, text)
    forget_tokens(doc)
    if stats is not None:
        stats.seconds["extract"] += t1 - t0
        stats.seconds["resolve"] += time.perf_counter() - t1
        stats.documents += 1
        stats.sentences += len(sentences)
        flags = doc.to_array([IS_SPACE, IS_PUNCT]).reshape(len(doc), 2)   # not a Token object per word
        stats.words += int((flags.sum(axis=1) == 0).sum())
        stats.entities.update(f"{e.kind}/{e.id}" for e in entities)
    return DocumentGraph(document, sha256(document.text), sentences, entities, kept, entity_of)


def _model_for(document: Document, options: Options) -> str:
    return options.model or default_model(document.lang)


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def _processes_for(docs: Iterable[Document], workers: int, batch_size: int) -> tuple[Iterator[Document], int]:
    """Processes worth starting: no more than the input has batches (one document needs no pool)."""
    if workers <= 1:
        return iter(docs), 1
    it = iter(docs)
    head = list(islice(it, workers * batch_size))
    return chain(head, it), max(1, min(workers, -(-len(head) // batch_size)))


def _terms(options: Options) -> Terms:
    return Terms(options.base_iri) if options.base_iri else Terms()


@dataclass(frozen=True, slots=True)
class Built:
    """One document's contribution, as it travels back from a worker process: small and picklable."""

    doc_id: str
    graph: str          # its named graph IRI
    ntriples: bytes     # its distinct triples, N-Triples, lines sorted as bytes

    def nquads(self) -> bytes:
        """The same lines in the document's named graph (every N-Triples line ends with " .\\n")."""
        return self.ntriples.replace(b" .\n", f" <{self.graph}> .\n".encode())


def build_batch(docs: list[Document], model: str, options: Options) -> tuple[list[Built], Stats]:
    """Parse, extract, resolve and serialise a batch of documents: the whole per-document work.

    Runs in worker processes, so only N-Triples bytes cross back to the main process, not spaCy
    Docs (which nlp.pipe(n_process=...) pickles and rebuilds in the main process for every document).
    The lines come sorted, so sorting a corpus's union graph for Turtle merges sorted runs.
    """
    nlp, lexicon, gazetteer, terms = load_nlp(model), load_lexicon(), load_gazetteer(), _terms(options)
    stats = Stats()
    out = []
    t0 = time.perf_counter()
    parsed = nlp.pipe(((d.text, d) for d in docs), as_tuples=True, batch_size=options.batch_size)
    for doc, document in parsed:
        t1 = time.perf_counter()
        stats.seconds["parse"] += t1 - t0
        dg = document_graph(document, doc, lexicon, gazetteer, options.extractors, stats)
        t2 = time.perf_counter()
        graph = str(terms.graph(document.id))
        # every quad is in the document's graph: dropping that suffix is N-Triples, in C, not a Python step per quad
        data = ox.serialize(document_quads(dg, terms), format=ox.RdfFormat.N_QUADS)
        nt = data.replace(f" <{graph}> .\n".encode(), b" .\n")
        # the statements the graph holds (rdf.document_quads describes two readings of one fact once)
        stats.relations += nt.count(_STATEMENT_TYPE)
        out.append(Built(document.id, graph, b"".join(sorted(set(nt.splitlines(keepends=True))))))
        t0 = time.perf_counter()
        stats.seconds["graph"] += t0 - t2
    return out, stats


_STATEMENT_TYPE = f"> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG_NS}Statement> .\n".encode()


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the main process's to handle
    # what the worker inherits (the loaded pipeline) is never collected: the cyclic collector need not
    # scan it, nor copy its pages from the parent by writing to their object headers
    gc.freeze()


def iter_built(documents: Iterable[Document], options: Options, stats: Stats | None = None,
               on_document: Callable[[str], None] | None = None) -> Iterator[Built]:
    """Stream every document's Built record, in input order, holding a few batches in memory at most.

    Batches of `options.batch_size` documents go to `options.workers` processes, at most two per
    process in flight. Stage seconds are summed over processes ("parse" is time in nlp.pipe).
    """
    workers = options.workers or default_workers()
    for model, run in groupby(documents, key=lambda d: _model_for(d, options)):
        load_nlp(model)      # a clear error before any process starts; forked workers inherit it
        docs, n_process = _processes_for(run, workers, options.batch_size)
        batches = _chunks(docs, options.batch_size)
        if n_process <= 1:
            results = (build_batch(batch, model, options) for batch in batches)
            yield from _delivered(results, stats, on_document)
            continue
        pool = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context(),
                                   initializer=_start_worker)
        try:
            yield from _delivered(_pooled(pool, n_process, batches, model, options), stats, on_document)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _pooled(pool: ProcessPoolExecutor, n_process: int, batches: Iterator[list[Document]], model: str,
            options: Options) -> Iterator[tuple[list[Built], Stats]]:
    """build_batch's results in input order, with at most two batches per process in flight."""
    pending = deque(pool.submit(build_batch, b, model, options) for b in islice(batches, 2 * n_process))
    while pending:
        result = pending.popleft().result()
        batch = next(batches, None)
        if batch is not None:
            pending.append(pool.submit(build_batch, batch, model, options))
        yield result


def _delivered(results: Iterable[tuple[list[Built], Stats]], stats: Stats | None,
               on_document: Callable[[str], None] | None) -> Iterator[Built]:
    for built, part in results:
        if stats is not None:
            stats.add(part)
        for b in built:
            if on_document is not None:
                on_document(b.doc_id)
            yield b


def build(paths: Iterable[str], options: Options | None = None, stats: Stats | None = None,
          on_document: Callable[[str], None] | None = None, ntriples: list[bytes] | None = None) -> ox.Store:
    """Build one in-memory pyoxigraph Store (a named graph per document) from every document under paths.

    Args:
        ntriples: a list to receive each document's sorted N-Triples; kg.export.write_turtle sorts
            these runs faster than it dumps and sorts a Store, and they keep kg's lexical forms.
    """
    options = options or Options()
    store = ox.Store()
    for b in iter_built(iter_documents(paths, options.lang), options, stats, on_document):
        t0 = time.perf_counter()
        store.load(b.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(b.graph))
        if ntriples is not None:
            ntriples.append(b.ntriples)
        if stats is not None:
            stats.seconds["store"] += time.perf_counter() - t0
    return store


def build_store(paths: Iterable[str], graph_store, options: Options | None = None, stats: Stats | None = None,
                on_document: Callable[[str], None] | None = None, batch_docs: int = 256):
    """Update a kg.store.GraphStore from every document under paths, streaming; returns its BuildSummary.

    Documents whose sha256 the store holds are skipped before parsing. Changed and new documents are
    written `batch_docs` at a time, each batch in one transaction, so memory stays flat however many
    documents there are; an interrupted build keeps the finished batches and resumes past them.
    """
    from kg.store import BuildSummary

    options = options or Options()
    terms = _terms(options)
    shas = graph_store.document_shas()
    summary = BuildSummary()

    def changed(d: Document) -> bool:
        if shas.get(terms.graph(d.id)) == sha256(d.text):
            summary.skipped += 1
            return False
        return True

    docs = (d for d in iter_documents(paths, options.lang) if changed(d))
    for chunk in _chunks(iter_built(docs, options, stats, on_document), batch_docs):
        t0 = time.perf_counter()
        part = graph_store.apply_build((b.graph, ox.parse(b.nquads(), format=ox.RdfFormat.N_QUADS)) for b in chunk)
        summary.added += part.added
        summary.replaced += part.replaced
        summary.quads += part.quads
        if stats is not None:
            stats.seconds["store"] += time.perf_counter() - t0
    return summary
