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

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, DefinedNamespace

from kg.ontology import relation_info
from kg.translate import english_label
from kg.types import DocumentGraph, Entity, Qualifier, Sentence, Triple

DEFAULT_BASE = "https://example.org/kg/id/"
KG_NS = "https://example.org/kg#"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
VERB = Namespace("https://example.org/kg/verb#")      # relations named by an unmapped verb lemma
NOT = Namespace("https://example.org/kg/not#")        # negated relations

Quad = ox.Quad


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

    def statement(self, doc_id: str, triple: Triple, s: str, p: str, o: str) -> URIRef:
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


def relation_quads(prop: URIRef, predicate: str, negated: bool, graph: ox.NamedNode, lang: str = "") -> Iterator[Quad]:
    """Declare a relation property with en/fr labels, so every predicate in the graph reads well.

    A relation named by the words of a French document reads in English through kg.translate.
    """
    info = relation_info().get(prop)
    p = _node(prop)
    if info is not None:
        labels = info.labels
    else:
        english = (english_label(predicate) if lang == "fr" else None) or predicate
        labels = (("en", english), ("fr", predicate))
        yield ox.Quad(p, _O.lemma, ox.Literal(predicate), graph)
    if negated:
        neg = _node(negated_iri(prop))
        yield ox.Quad(neg, _O.type, _O.ObjectProperty, graph)
        yield ox.Quad(neg, _O.negationOf, p, graph)
        for lang, label in labels:
            words = f"not {label}" if lang == "en" else f"ne pas {label}"
            yield ox.Quad(neg, _O.label, _text(words, lang), graph)
    yield ox.Quad(p, _O.type, _O.ObjectProperty, graph)
    yield ox.Quad(p, _O.subPropertyOf, _O.relatedTo, graph)
    for lang, label in labels:
        yield ox.Quad(p, _O.label, _text(label, lang), graph)


def decimal_text(value: str | float) -> str:
    """An xsd:decimal in one lexical form ("450.0", "0.9"), which Turtle writes bare and kg.store restores
    after a Store has kept only the value ("450")."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text if "." in text else text + ".0"


def _text(value: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


class _O:
    """The vocabulary document_quads writes, as pyoxigraph terms made once."""

    type = ox.NamedNode(str(RDF.type))
    subject = ox.NamedNode(str(RDF.subject))
    predicate = ox.NamedNode(str(RDF.predicate))
    object = ox.NamedNode(str(RDF.object))
    label = ox.NamedNode(str(RDFS.label))
    subPropertyOf = ox.NamedNode(str(RDFS.subPropertyOf))
    ObjectProperty = ox.NamedNode(str(OWL.ObjectProperty))
    altLabel = ox.NamedNode(str(SKOS.altLabel))
    identifier = ox.NamedNode(str(DCTERMS.identifier))
    language = ox.NamedNode(str(DCTERMS.language))
    isPartOf = ox.NamedNode(str(DCTERMS.isPartOf))
    wasDerivedFrom = ox.NamedNode(str(PROV.wasDerivedFrom))
    isString = ox.NamedNode(str(NIF.isString))
    beginIndex = ox.NamedNode(str(NIF.beginIndex))
    endIndex = ox.NamedNode(str(NIF.endIndex))
    boolean = ox.NamedNode(str(XSD.boolean))
    decimal = ox.NamedNode(str(XSD.decimal))
    gYear = ox.NamedNode(str(XSD.gYear))
    date_type = ox.NamedNode(str(XSD.date))
    language_type = ox.NamedNode(str(XSD.language))
    nonNegativeInteger = ox.NamedNode(str(XSD.nonNegativeInteger))
    true = ox.Literal("true", datatype=boolean)
    false = ox.Literal("false", datatype=boolean)
    meta = {key: ox.NamedNode(str(prop)) for key, prop in _META_PROPS.items()}


for _name in ("Document", "Sentence", "Statement", "path", "sha256", "metadata", "mentionedIn", "confidence",
              "negated", "modality", "extractor", "subjectText", "predicateText", "objectText", "date", "quantity",
              "quantityText", "place", "role", "negationOf", "lemma", "relatedTo", "Entity", "Person", "Organization",
              "Place", "Event", "Work", "Product", "Group", "Concept"):
    setattr(_O, _name, ox.NamedNode(KG_NS + _name))


@lru_cache(maxsize=4096)
def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _qualifier_quads(stmt: ox.NamedNode, q: Qualifier, graph: ox.NamedNode) -> Iterator[Quad]:
    if q.key == "date":
        dtype = _O.gYear if re.fullmatch(r"\d{4}", q.value) else _O.date_type if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", q.value) else None
        yield ox.Quad(stmt, _O.date, ox.Literal(q.value, datatype=dtype) if dtype else ox.Literal(q.value), graph)
    elif q.key == "quantity":
        yield ox.Quad(stmt, _O.quantity, ox.Literal(decimal_text(q.value), datatype=_O.decimal), graph)
        yield ox.Quad(stmt, _O.quantityText, ox.Literal(q.text), graph)
    elif q.key == "place":
        yield ox.Quad(stmt, _O.place, ox.Literal(q.value), graph)
    elif q.key == "role":
        yield ox.Quad(stmt, _O.role, ox.Literal(q.value), graph)


def document_quads(dg: DocumentGraph, terms: Terms) -> Iterator[Quad]:
    """All quads one document contributes, in its own named graph, as pyoxigraph terms.

    Built directly as pyoxigraph terms (made in Rust) rather than rdflib ones: this runs for every
    quad of a corpus, in the worker processes, and is the cost that stays once parsing is done.
    """
    doc = dg.document
    g = ox.NamedNode(terms.graph(doc.id))
    d = ox.NamedNode(terms.document(doc.id))
    yield ox.Quad(d, _O.type, _O.Document, g)
    yield ox.Quad(d, _O.identifier, ox.Literal(doc.id), g)
    yield ox.Quad(d, _O.path, ox.Literal(doc.path), g)
    yield ox.Quad(d, _O.sha256, ox.Literal(dg.sha256), g)
    if doc.lang:
        yield ox.Quad(d, _O.language, ox.Literal(doc.lang, datatype=_O.language_type), g)
    extra = {}
    for key, value in doc.meta:
        if key in _O.meta:
            yield ox.Quad(d, _O.meta[key], ox.Literal(value), g)
        else:
            extra[key] = value
    if extra:
        yield ox.Quad(d, _O.metadata, ox.Literal(json.dumps(extra, ensure_ascii=False, sort_keys=True)), g)

    sent_at: dict[int, ox.NamedNode] = {}
    for sent in dg.sentences:
        s = sent_at[sent.start_char] = ox.NamedNode(terms.sentence(sent))
        yield ox.Quad(s, _O.type, _O.Sentence, g)
        yield ox.Quad(s, _O.isString, ox.Literal(sent.text), g)
        yield ox.Quad(s, _O.beginIndex, ox.Literal(str(sent.start_char), datatype=_O.nonNegativeInteger), g)
        yield ox.Quad(s, _O.endIndex, ox.Literal(str(sent.end_char), datatype=_O.nonNegativeInteger), g)
        yield ox.Quad(s, _O.isPartOf, d, g)

    starts = [sent.start_char for sent in dg.sentences]   # once per document, for every mention below
    node_of: dict[str, ox.NamedNode] = {}
    for entity in dg.entities:
        e = node_of[entity.id] = ox.NamedNode(terms.entity(entity))
        yield ox.Quad(e, _O.type, getattr(_O, entity.kind), g)
        yield ox.Quad(e, _O.label, _text(entity.label, entity.lang), g)
        for lang, label in entity.labels:
            if label != entity.label:
                yield ox.Quad(e, _O.label, _text(label, lang), g)
        for alias in entity.aliases:
            # a form read in the document is in its language; a gazetteer alias ("DOJ") is in none in particular
            lang = doc.lang if doc.lang and alias in doc.text else None
            yield ox.Quad(e, _O.altLabel, _text(alias, lang), g)
        for m in entity.mentions:
            sent = _sentence_of(dg.sentences, starts, m.prov.start_char)
            if sent is not None:
                yield ox.Quad(e, _O.mentionedIn, sent_at[sent.start_char], g)

    # two readings of one fact in one sentence (two mentions of the same entities, two rules) share a
    # statement IRI: it is described once, from the most confident reading, the first among equals
    readings: dict[str, tuple[Triple, ox.NamedNode, ox.NamedNode, URIRef, URIRef]] = {}
    for t in dg.triples:
        s, o = node_of[dg.entity_of[t.subject]], node_of[dg.entity_of[t.object]]
        prop = relation_iri(t.predicate)
        p_iri = negated_iri(prop) if t.negated else prop
        key = terms.statement(doc.id, t, s.value, p_iri, o.value)
        if key not in readings or t.confidence > readings[key][0].confidence:
            readings[key] = (t, s, o, prop, p_iri)
    for key, (t, s, o, prop, p_iri) in readings.items():
        yield from relation_quads(prop, t.predicate, t.negated, g, doc.lang)
        p = _node(p_iri)
        yield ox.Quad(s, p, o, g)
        st = ox.NamedNode(key)
        yield ox.Quad(st, _O.type, _O.Statement, g)
        yield ox.Quad(st, _O.subject, s, g)
        yield ox.Quad(st, _O.predicate, p, g)
        yield ox.Quad(st, _O.object, o, g)
        yield ox.Quad(st, _O.confidence, ox.Literal(decimal_text(f"{t.confidence:.2f}"), datatype=_O.decimal), g)
        yield ox.Quad(st, _O.negated, _O.true if t.negated else _O.false, g)
        yield ox.Quad(st, _O.modality, ox.Literal(t.modality), g)
        yield ox.Quad(st, _O.extractor, ox.Literal(t.prov.extractor), g)
        yield ox.Quad(st, _O.subjectText, ox.Literal(t.subject.text), g)
        yield ox.Quad(st, _O.predicateText, ox.Literal(t.predicate_text), g)
        yield ox.Quad(st, _O.objectText, ox.Literal(t.object.text), g)
        sent_iri = sent_at.get(t.prov.start_char)
        if sent_iri is not None:
            yield ox.Quad(st, _O.wasDerivedFrom, sent_iri, g)
        for q in t.qualifiers:
            yield from _qualifier_quads(st, q, g)


def _sentence_of(sentences: list[Sentence], starts: list[int], char: int) -> Sentence | None:
    """The sentence holding a character offset; `sentences` are in text order, `starts` their offsets."""
    i = bisect.bisect_right(starts, char) - 1
    if i >= 0 and char < sentences[i].end_char:
        return sentences[i]
    return None
