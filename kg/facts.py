"""Read a built graph back into plain records: the nodes and facts that views, exports and scores use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.rdf import KG, KG_NS, NIF, NOT, VERB


@dataclass(slots=True)
class Node:
    iri: str
    label: str                      # preferred label (English first, then French, then any)
    kind: str                       # most specific kg class local name ("Organization")
    labels: dict[str, str] = field(default_factory=dict)   # lang -> label
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Fact:
    statement: str
    subject: str                    # IRIs
    predicate: str
    object: str
    label_en: str                   # predicate labels
    label_fr: str
    negated: bool
    modality: str
    confidence: float
    subject_text: str
    predicate_text: str
    object_text: str
    extractor: str
    sentence: str                   # sentence IRI, text and offsets
    sentence_text: str
    start_char: int
    end_char: int
    doc_id: str
    doc_path: str
    qualifiers: dict[str, str] = field(default_factory=dict)


_KIND_ORDER = ("Person", "Organization", "Place", "Event", "Work", "Product", "Group", "Concept", "Entity")
_QUALIFIERS = {KG.date: "date", KG.quantity: "quantity", KG.quantityText: "quantity_text",
               KG.place: "place", KG.role: "role"}


def is_relation(graph: Graph, prop: URIRef) -> bool:
    """A predicate that links two entities (declared under kg:relatedTo, a verb or a negation)."""
    s = str(prop)
    return (s.startswith((str(VERB), str(NOT)))
            or (graph.value(prop, RDFS.subPropertyOf) == KG.relatedTo)
            or (s.startswith(KG_NS) and (prop, RDF.type, OWL.ObjectProperty) in graph
                and graph.value(prop, KG.negationOf) is not None))


def _pick(labels: dict[str, str], langs: tuple[str, ...] = ("en", "fr", "")) -> str:
    for lang in langs:
        if lang in labels:
            return labels[lang]
    return next(iter(sorted(labels.values())), "")


def read_nodes(graph: Graph, lang: str = "en") -> dict[str, Node]:
    """Every typed entity with its labels, aliases and most specific kg class."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for s, _, o in graph.triples((None, RDF.type, None)):
        o = str(o)
        if o.startswith(KG_NS) and o[len(KG_NS):] in _KIND_ORDER:
            kinds[str(s)].append(o[len(KG_NS):])
    order = (lang, "en", "fr", "")
    nodes: dict[str, Node] = {}
    for iri in sorted(kinds):
        ref = URIRef(iri)
        labels = {lit.language or "": str(lit) for lit in graph.objects(ref, RDFS.label) if isinstance(lit, Literal)}
        aliases = sorted({str(a) for a in graph.objects(ref, SKOS.altLabel)} - set(labels.values()))
        kind = min(kinds[iri], key=_KIND_ORDER.index)
        nodes[iri] = Node(iri, _pick(labels, order) or iri.rsplit("/", 1)[-1], kind, labels, aliases)
    return nodes


def read_facts(graph: Graph) -> list[Fact]:
    """Every reified statement with its predicate labels, sentence and document, in a stable order."""
    docs: dict[URIRef, tuple[str, str]] = {}
    facts: list[Fact] = []
    for st in set(graph.subjects(RDF.type, KG.Statement)):
        s, p, o = (graph.value(st, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        labels = {lit.language or "": str(lit) for lit in graph.objects(p, RDFS.label)}
        sent = graph.value(st, PROV.wasDerivedFrom)
        doc = graph.value(sent, DCTERMS.isPartOf) if sent is not None else None
        if doc is not None and doc not in docs:
            docs[doc] = (str(graph.value(doc, DCTERMS.identifier) or ""), str(graph.value(doc, KG.path) or ""))
        doc_id, doc_path = docs.get(doc, ("", "")) if doc is not None else ("", "")
        quals = {name: str(v) for prop, name in _QUALIFIERS.items() if (v := graph.value(st, prop)) is not None}
        facts.append(Fact(
            statement=str(st), subject=str(s), predicate=str(p), object=str(o),
            label_en=labels.get("en", _pick(labels)), label_fr=labels.get("fr", _pick(labels)),
            negated=bool(graph.value(st, KG.negated) and graph.value(st, KG.negated).toPython()),
            modality=str(graph.value(st, KG.modality) or "asserted"),
            confidence=float(graph.value(st, KG.confidence) or 1.0),
            subject_text=str(graph.value(st, KG.subjectText) or ""),
            predicate_text=str(graph.value(st, KG.predicateText) or ""),
            object_text=str(graph.value(st, KG.objectText) or ""),
            extractor=str(graph.value(st, KG.extractor) or ""),
            sentence=str(sent or ""),
            sentence_text=str(graph.value(sent, NIF.isString) or "") if sent is not None else "",
            start_char=int(graph.value(sent, NIF.beginIndex) or 0) if sent is not None else 0,
            end_char=int(graph.value(sent, NIF.endIndex) or 0) if sent is not None else 0,
            doc_id=doc_id, doc_path=doc_path, qualifiers=quals,
        ))
    facts.sort(key=lambda f: (f.doc_id, f.start_char, f.subject, f.predicate, f.object, f.statement))
    return facts


def relation_edges(graph: Graph) -> list[tuple[str, str, str]]:
    """The direct (subject, predicate, object) relation triples between entities, sorted."""
    props = {p for p in set(graph.predicates()) if isinstance(p, URIRef) and is_relation(graph, p)}
    return sorted((str(s), str(p), str(o)) for p in props for s, o in graph.subject_objects(p)
                  if isinstance(o, URIRef))
