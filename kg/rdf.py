"""Entities and triples -> RDF terms: the KG namespace, stable IRIs and one document's quads."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, DefinedNamespace

from kg.ontology import relation_info
from kg.types import DocumentGraph, Entity, Qualifier, Sentence, Triple

DEFAULT_BASE = "https://example.org/kg/id/"
KG_NS = "https://example.org/kg#"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
VERB = Namespace("https://example.org/kg/verb#")      # relations named by an unmapped verb lemma
NOT = Namespace("https://example.org/kg/not#")        # negated relations

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


class KG(DefinedNamespace):
    """Core terms of ontology/kg.ttl; relation properties are looked up with `relation_iri`."""

    _fail = True
    _NS = Namespace(KG_NS)
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Event: URIRef
    Work: URIRef
    Product: URIRef
    Group: URIRef
    Concept: URIRef
    Document: URIRef
    Sentence: URIRef
    Statement: URIRef
    path: URIRef
    sha256: URIRef
    metadata: URIRef
    mentionedIn: URIRef
    confidence: URIRef
    negated: URIRef
    modality: URIRef
    extractor: URIRef
    subjectText: URIRef
    predicateText: URIRef
    objectText: URIRef
    date: URIRef
    quantity: URIRef
    quantityText: URIRef
    place: URIRef
    role: URIRef
    negationOf: URIRef
    lemma: URIRef
    relatedTo: URIRef


PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "kgv": str(VERB),
    "kgnot": str(NOT),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "nif": str(NIF),
}

# jsonl fields with a standard property; the rest go to kg:metadata as JSON
_META_PROPS = {
    "title": DCTERMS.title,
    "date": DCTERMS.date,
    "source": DCTERMS.source,
    "author": DCTERMS.creator,
    "url": SCHEMA.url,
}


@lru_cache(maxsize=65536)
def slugify(text: str, max_len: int = 80) -> str:
    """ASCII, lowercase, dash-separated; the stable local part of an IRI."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_len].strip("-")
    return slug or "x" + hashlib.sha1(text.encode()).hexdigest()[:8]


def doc_slug(doc_id: str) -> str:
    """A document id as an IRI segment; a hash keeps lossy slugs of distinct ids apart."""
    slug = slugify(doc_id, 120)
    return slug if slug == doc_id else f"{slug}-{hashlib.sha1(doc_id.encode()).hexdigest()[:6]}"


class Terms:
    """IRIs under one base, so every stage names things the same way."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def entity(self, entity: Entity) -> URIRef:
        return URIRef(f"{self.base}{entity.kind.lower()}/{entity.id}")

    def document(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{doc_slug(doc_id)}")

    def graph(self, doc_id: str) -> URIRef:
        return URIRef(f"{self.base}graph/{doc_slug(doc_id)}")

    def sentence(self, sent: Sentence) -> URIRef:
        # RFC 5147 / NIF style fragment: the sentence's character span in its document
        return URIRef(f"{self.document(sent.doc_id)}#char={sent.start_char},{sent.end_char}")

    def statement(self, doc_id: str, triple: Triple, s: URIRef, p: URIRef, o: URIRef) -> URIRef:
        key = "\x1f".join([doc_id, str(triple.prov.start_char), str(s), str(p), str(o)])
        return URIRef(f"{self.base}statement/{hashlib.sha1(key.encode()).hexdigest()[:20]}")


def relation_iri(predicate: str) -> URIRef:
    """A lexicon relation id ("prosecutes") -> kg:prosecutes; any other lemma -> kgv:<lemma>."""
    if re.fullmatch(r"[a-z][A-Za-z]*", predicate):
        iri = URIRef(KG_NS + predicate)
        if iri in relation_info():
            return iri
    return VERB[slugify(predicate)]


def negated_iri(positive: URIRef) -> URIRef:
    local = re.split(r"[#/]", str(positive))[-1]
    return NOT[local]


def relation_quads(prop: URIRef, predicate: str, negated: bool, graph: URIRef) -> Iterator[Quad]:
    """Declare a relation property with en/fr labels, so every predicate in the graph reads well."""
    info = relation_info().get(prop)
    if info is not None:
        labels = info.labels
    else:
        labels = (("en", predicate), ("fr", predicate))
        yield prop, KG.lemma, Literal(predicate), graph
    if negated:
        neg = negated_iri(prop)
        yield neg, RDF.type, OWL.ObjectProperty, graph
        yield neg, KG.negationOf, prop, graph
        for lang, label in labels:
            words = f"not {label}" if lang == "en" else f"ne pas {label}"
            yield neg, RDFS.label, Literal(words, lang=lang), graph
    yield prop, RDF.type, OWL.ObjectProperty, graph
    yield prop, RDFS.subPropertyOf, KG.relatedTo, graph
    for lang, label in labels:
        yield prop, RDFS.label, Literal(label, lang=lang or None), graph


def decimal_literal(value: str | float) -> Literal:
    """An xsd:decimal in canonical lexical form ("450.0", "0.9"), so every tool writes it back the same."""
    text = format(Decimal(str(value)).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _qualifier_quads(stmt: URIRef, q: Qualifier, graph: URIRef) -> Iterator[Quad]:
    if q.key == "date":
        dtype = XSD.gYear if re.fullmatch(r"\d{4}", q.value) else XSD.date if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", q.value) else None
        yield stmt, KG.date, Literal(q.value, datatype=dtype) if dtype else Literal(q.value), graph
    elif q.key == "quantity":
        yield stmt, KG.quantity, decimal_literal(q.value), graph
        yield stmt, KG.quantityText, Literal(q.text), graph
    elif q.key == "place":
        yield stmt, KG.place, Literal(q.value), graph
    elif q.key == "role":
        yield stmt, KG.role, Literal(q.value), graph


def document_quads(dg: DocumentGraph, terms: Terms) -> Iterator[Quad]:
    """All quads one document contributes, in its own named graph."""
    doc = dg.document
    g = terms.graph(doc.id)
    d = terms.document(doc.id)
    yield d, RDF.type, KG.Document, g
    yield d, DCTERMS.identifier, Literal(doc.id), g
    yield d, KG.path, Literal(doc.path), g
    yield d, KG.sha256, Literal(dg.sha256), g
    if doc.lang:
        yield d, DCTERMS.language, Literal(doc.lang, datatype=XSD.language), g
    extra = {}
    for key, value in doc.meta:
        if key in _META_PROPS:
            yield d, _META_PROPS[key], Literal(value), g
        else:
            extra[key] = value
    if extra:
        yield d, KG.metadata, Literal(json.dumps(extra, ensure_ascii=False, sort_keys=True)), g

    for sent in dg.sentences:
        s = terms.sentence(sent)
        yield s, RDF.type, KG.Sentence, g
        yield s, NIF.isString, Literal(sent.text), g
        yield s, NIF.beginIndex, Literal(sent.start_char, datatype=XSD.nonNegativeInteger), g
        yield s, NIF.endIndex, Literal(sent.end_char, datatype=XSD.nonNegativeInteger), g
        yield s, DCTERMS.isPartOf, d, g

    sent_at = {sent.start_char: terms.sentence(sent) for sent in dg.sentences}
    starts = [sent.start_char for sent in dg.sentences]   # once per document, for every mention below
    by_id = {e.id: e for e in dg.entities}
    for entity in dg.entities:
        e = terms.entity(entity)
        yield e, RDF.type, KG[entity.kind], g
        yield e, RDFS.label, Literal(entity.label, lang=entity.lang or None), g
        for lang, label in entity.labels:
            if label != entity.label:
                yield e, RDFS.label, Literal(label, lang=lang or None), g
        for alias in entity.aliases:
            # a form read in the document is in its language; a gazetteer alias ("DOJ") is in none in particular
            lang = doc.lang if doc.lang and alias in doc.text else None
            yield e, SKOS.altLabel, Literal(alias, lang=lang), g
        for m in entity.mentions:
            sent = _sentence_of(dg.sentences, starts, m.prov.start_char)
            if sent is not None:
                yield e, KG.mentionedIn, terms.sentence(sent), g

    for t in dg.triples:
        s_ent, o_ent = by_id[dg.entity_of[t.subject]], by_id[dg.entity_of[t.object]]
        s, o = terms.entity(s_ent), terms.entity(o_ent)
        prop = relation_iri(t.predicate)
        yield from relation_quads(prop, t.predicate, t.negated, g)
        p = negated_iri(prop) if t.negated else prop
        yield s, p, o, g
        st = terms.statement(doc.id, t, s, p, o)
        yield st, RDF.type, KG.Statement, g
        yield st, RDF.subject, s, g
        yield st, RDF.predicate, p, g
        yield st, RDF.object, o, g
        yield st, KG.confidence, decimal_literal(f"{t.confidence:.2f}"), g
        yield st, KG.negated, Literal(t.negated), g
        yield st, KG.modality, Literal(t.modality), g
        yield st, KG.extractor, Literal(t.prov.extractor), g
        yield st, KG.subjectText, Literal(t.subject.text), g
        yield st, KG.predicateText, Literal(t.predicate_text), g
        yield st, KG.objectText, Literal(t.object.text), g
        sent_iri = sent_at.get(t.prov.start_char)
        if sent_iri is not None:
            yield st, PROV.wasDerivedFrom, sent_iri, g
        for q in t.qualifiers:
            yield from _qualifier_quads(st, q, g)


def _sentence_of(sentences: list[Sentence], starts: list[int], char: int) -> Sentence | None:
    """The sentence holding a character offset; `sentences` are in text order, `starts` their offsets."""
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and char < sentences[i].end_char:
        return sentences[i]
    return None
