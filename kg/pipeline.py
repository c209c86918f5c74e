"""The only module that knows the order of the stages: ingest -> parse -> extract -> resolve -> graph."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain, groupby, islice

import pyoxigraph as ox
from spacy.tokens import Doc

from kg.extract import Context, extract_triples, sentence_span
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import iter_documents
from kg.lexicon import Lexicon, load_lexicon
from kg.parse import default_model, load_nlp, parse_documents
from kg.rdf import Terms, document_quads
from kg.resolve import resolve_document
from kg.types import Document, DocumentGraph, Sentence


@dataclass(slots=True)
class Options:
    lang: str | None = None          # force a language instead of detecting it
    model: str | None = None         # spaCy pipeline for every document
    base_iri: str | None = None
    batch_size: int = 16             # documents per nlp.pipe batch; 16 beat 64 by 1.2x (2 processes) to 1.1x (1)
    workers: int | None = None       # parser processes (nlp.pipe n_process); None: default_workers()
    extractors: tuple[str, ...] | None = None


def default_workers() -> int:
    """Parser processes when --workers is not given: one per core.

    Measured on 100,000 words of UD French-GSD in 20-sentence documents (fr_core_news_md, 2-core
    AMD EPYC, parse+extract+resolve, two runs each): one process 18.7-20.9 s (~5,000 words/s), two
    processes 10.8-11.1 s (~9,100 words/s), 1.8x faster although extraction stays in this process.
    """
    return os.cpu_count() or 1


@dataclass(slots=True)
class Stats:
    documents: int = 0
    sentences: int = 0
    words: int = 0
    relations: int = 0
    entities: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "extract": 0.0, "resolve": 0.0,
                                                                "graph": 0.0})

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
    entities, kept, entity_of = resolve_document(doc, triples, gazetteer, document.lang, document.id)
    if stats is not None:
        stats.seconds["extract"] += t1 - t0
        stats.seconds["resolve"] += time.perf_counter() - t1
        stats.documents += 1
        stats.sentences += len(sentences)
        stats.words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        stats.relations += len(kept)
        stats.entities.update(f"{e.kind}/{e.id}" for e in entities)
    return DocumentGraph(document, sha256(document.text), sentences, entities, kept, entity_of)


def _model_for(document: Document, options: Options) -> str:
    return options.model or default_model(document.lang)


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while chunk := list(islice(it, size)):
        yield chunk


def _processes_for(docs: Iterable[Document], workers: int, batch_size: int) -> tuple[Iterator[Document], int]:
    """Parser processes worth starting: no more than the input has batches (one document needs no pool)."""
    if workers <= 1:
        return iter(docs), 1
    it = iter(docs)
    head = list(islice(it, workers * batch_size))
    return chain(head, it), max(1, min(workers, -(-len(head) // batch_size)))


def iter_document_graphs(paths: Iterable[str], options: Options, stats: Stats | None = None,
                         on_document: Callable[[DocumentGraph], None] | None = None) -> Iterator[DocumentGraph]:
    """Stream DocumentGraphs for every document under paths, in input order."""
    return iter_graphs(iter_documents(paths, options.lang), options, stats, on_document)


def iter_graphs(documents: Iterable[Document], options: Options, stats: Stats | None = None,
                on_document: Callable[[DocumentGraph], None] | None = None) -> Iterator[DocumentGraph]:
    """Stream DocumentGraphs for documents, in input order, holding only nlp.pipe's batches in memory.

    Each run of consecutive documents with the same model is one nlp.pipe call, so parser processes
    start once per run, not once per batch; "parse" seconds are the time spent waiting for parses.
    """
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    workers = options.workers or default_workers()
    for model, run in groupby(documents, key=lambda d: _model_for(d, options)):
        nlp = load_nlp(model)
        docs, n_process = _processes_for(run, workers, options.batch_size)
        with closing(parse_documents(docs, nlp, options.batch_size, n_process)) as parsed:
            while True:
                t0 = time.perf_counter()
                pair = next(parsed, None)
                if stats is not None:
                    stats.seconds["parse"] += time.perf_counter() - t0
                if pair is None:
                    break
                dg = document_graph(pair[0], pair[1], lexicon, gazetteer, options.extractors, stats)
                if on_document is not None:
                    on_document(dg)
                yield dg


def build(paths: Iterable[str], options: Options | None = None, stats: Stats | None = None,
          on_document: Callable[[DocumentGraph], None] | None = None) -> ox.Store:
    """Build one in-memory pyoxigraph Store (a named graph per document) from every document under paths."""
    options = options or Options()
    terms = Terms(options.base_iri) if options.base_iri else Terms()
    store = ox.Store()
    for dg in iter_document_graphs(paths, options, stats, on_document):
        t0 = time.perf_counter()
        store.extend(document_quads(dg, terms))
        if stats is not None:
            stats.seconds["graph"] += time.perf_counter() - t0
    return store


def build_store(paths: Iterable[str], graph_store, options: Options | None = None, stats: Stats | None = None,
                on_document: Callable[[DocumentGraph], None] | None = None, batch_docs: int = 256):
    """Update a kg.store.GraphStore from every document under paths, streaming; returns its BuildSummary.

    Documents whose sha256 the store holds are skipped before parsing. Changed and new documents are
    written `batch_docs` at a time, each batch in one transaction, so memory stays flat however many
    documents there are; an interrupted build keeps the finished batches and resumes past them.
    """
    from kg.store import BuildSummary

    options = options or Options()
    terms = Terms(options.base_iri) if options.base_iri else Terms()
    shas = graph_store.document_shas()
    summary = BuildSummary()

    def changed(d: Document) -> bool:
        if shas.get(terms.graph(d.id)) == sha256(d.text):
            summary.skipped += 1
            return False
        return True

    docs = (d for d in iter_documents(paths, options.lang) if changed(d))
    for chunk in _chunks(iter_graphs(docs, options, stats, on_document), batch_docs):
        t0 = time.perf_counter()
        part = graph_store.apply_build((terms.graph(dg.document.id), document_quads(dg, terms)) for dg in chunk)
        summary.added += part.added
        summary.replaced += part.replaced
        summary.quads += part.quads
        if stats is not None:
            stats.seconds["graph"] += time.perf_counter() - t0
    return summary
