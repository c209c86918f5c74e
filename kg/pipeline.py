"""The only module that knows the order of the stages: ingest -> parse -> extract -> resolve -> graph."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from rdflib import Dataset
from spacy.tokens import Doc

from kg.extract import Context, extract_triples, sentence_span
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import iter_documents
from kg.lexicon import Lexicon, load_lexicon
from kg.parse import default_model, load_nlp, parse_documents
from kg.rdf import PREFIXES, Terms, document_quads
from kg.resolve import resolve_document
from kg.types import Document, DocumentGraph, Sentence


@dataclass(slots=True)
class Options:
    lang: str | None = None          # force a language instead of detecting it
    model: str | None = None         # spaCy pipeline for every document
    base_iri: str | None = None
    batch_size: int = 64
    workers: int = 1
    extractors: tuple[str, ...] | None = None


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
    for sent in doc.sents:
        start, end = sentence_span(sent)
        if start == end:
            continue
        sentences.append(Sentence(document.id, start, end, doc.text[start:end]))
        triples.extend(extract_triples(sent, ctx, extractors))
    t1 = time.perf_counter()
    entities, kept, entity_of = resolve_document(doc, triples, gazetteer, document.lang)
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


def iter_document_graphs(paths: Iterable[str], options: Options, stats: Stats | None = None,
                         on_document: Callable[[DocumentGraph], None] | None = None) -> Iterator[DocumentGraph]:
    """Stream DocumentGraphs for every document under paths, in input order."""
    lexicon, gazetteer = load_lexicon(), load_gazetteer()
    for chunk in _chunks(iter_documents(paths, options.lang), max(options.batch_size * 4, 64)):
        by_model: dict[str, list[int]] = {}
        for i, d in enumerate(chunk):
            by_model.setdefault(_model_for(d, options), []).append(i)
        parsed: dict[int, Doc] = {}
        for model, idx in by_model.items():
            nlp = load_nlp(model)
            t0 = time.perf_counter()
            for i, (_, doc) in zip(idx, parse_documents((chunk[i] for i in idx), nlp, options.batch_size,
                                                        options.workers), strict=True):
                parsed[i] = doc
            if stats is not None:
                stats.seconds["parse"] += time.perf_counter() - t0
        for i, d in enumerate(chunk):
            dg = document_graph(d, parsed.pop(i), lexicon, gazetteer, options.extractors, stats)
            if on_document is not None:
                on_document(dg)
            yield dg


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def build(paths: Iterable[str], options: Options | None = None, stats: Stats | None = None,
          on_document: Callable[[DocumentGraph], None] | None = None) -> Dataset:
    """Build one Dataset (a named graph per document) from every document under paths."""
    options = options or Options()
    terms = Terms(options.base_iri) if options.base_iri else Terms()
    ds = new_dataset()
    for dg in iter_document_graphs(paths, options, stats, on_document):
        t0 = time.perf_counter()
        ds.addN(document_quads(dg, terms))
        if stats is not None:
            stats.seconds["graph"] += time.perf_counter() - t0
    return ds
