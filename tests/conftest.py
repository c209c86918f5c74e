"""Shared fixtures: small hand-made graphs built with kg.rdf.document_quads, no spaCy model needed."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable

import pytest
from rdflib import Dataset

from kg.rdf import PREFIXES, Terms, document_quads
from kg.store import from_ox_quads
from kg.types import Document, DocumentGraph, Entity, Mention, Provenance, Qualifier, Sentence, Triple

_DOCS = {
    "doj": ("Le ministère de la Justice poursuit Ada Martin. Le NCMEC reçoit des signalements.", "fr"),
    "thorn": ("Thorn reports abuse to the NCMEC. The NCMEC does not prosecute \"Bob\" {}.", "en"),
}


def _mention(doc_id: str, text: str, start: int, label: str = "ORG", extractor: str = "svo.v1") -> Mention:
    return Mention(text, label, Provenance(doc_id, start, start + len(text), extractor))


def make_document_graph(doc_id: str, text: str | None = None, lang: str | None = None) -> DocumentGraph:
    """One of two hand-made documents: entities, relations, sentences and provenance.

    `text` changes the document (and so its sha256) while keeping its facts.
    """
    base_text, base_lang = _DOCS[doc_id]
    text = base_text if text is None else text
    lang = lang or base_lang
    doc = Document(doc_id, text, path=f"seeds/{doc_id}.txt", lang=lang, meta=(("title", f"About {doc_id}"),))
    first_end = base_text.index(".") + 1
    sentences = [Sentence(doc_id, 0, first_end, base_text[:first_end]),
                 Sentence(doc_id, first_end + 1, len(base_text), base_text[first_end + 1:])]
    s2 = first_end + 1
    if doc_id == "doj":
        doj = Entity("ministere-de-la-justice", "ministère de la Justice", "Organization", "fr",
                     aliases=("DOJ",), labels=(("en", "Department of Justice"),))
        ada = Entity("ada-martin", "Ada Martin", "Person", "fr")
        ncmec = Entity("ncmec", "NCMEC", "Organization", "fr", aliases=("Centre national",))
        reports = Entity("signalement", "signalement", "Concept", "fr")
        m_doj = _mention(doc_id, "ministère de la Justice", 3)
        m_ada = _mention(doc_id, "Ada Martin", base_text.index("Ada"), "PER")
        m_ncmec = _mention(doc_id, "NCMEC", base_text.index("NCMEC"))
        m_rep = _mention(doc_id, "signalements", base_text.index("signalements"), "")
        triples = [
            Triple(m_doj, "prosecutes", m_ada, Provenance(doc_id, 0, first_end, "svo.v1"), "poursuit", 0.9,
                   qualifiers=(Qualifier("date", "2024", "En 2024"),)),
            Triple(m_ncmec, "receives", m_rep, Provenance(doc_id, s2, len(base_text), "svo.v1"), "reçoit", 0.75,
                   qualifiers=(Qualifier("quantity", "450", "450 signalements par mois"),)),
        ]
        entities = [doj, ada, ncmec, reports]
        entity_of = {m_doj: doj.id, m_ada: ada.id, m_ncmec: ncmec.id, m_rep: reports.id}
        mentions = {doj.id: (m_doj,), ada.id: (m_ada,), ncmec.id: (m_ncmec,), reports.id: (m_rep,)}
    else:
        thorn = Entity("thorn", "Thorn", "Organization", "en")
        ncmec = Entity("ncmec", "NCMEC", "Organization", "en")
        abuse = Entity("abuse", "abuse", "Concept", "en")
        bob = Entity("bob", 'Bob "the builder" {}', "Person", "en")
        m_thorn = _mention(doc_id, "Thorn", 0)
        m_abuse = _mention(doc_id, "abuse", base_text.index("abuse"), "")
        m_ncmec = _mention(doc_id, "NCMEC", base_text.index("NCMEC", s2))
        m_bob = _mention(doc_id, "Bob", base_text.index("Bob"), "PER")
        triples = [
            Triple(m_thorn, "reports", m_abuse, Provenance(doc_id, 0, first_end, "svo.v1"), "reports", 1.0),
            Triple(m_ncmec, "prosecutes", m_bob, Provenance(doc_id, s2, len(base_text), "svo.v1"),
                   "does not prosecute", 0.5, negated=True, modality="hedged"),
        ]
        entities = [thorn, ncmec, abuse, bob]
        entity_of = {m_thorn: thorn.id, m_abuse: abuse.id, m_ncmec: ncmec.id, m_bob: bob.id}
        mentions = {thorn.id: (m_thorn,), ncmec.id: (m_ncmec,), abuse.id: (m_abuse,), bob.id: (m_bob,)}
    entities = [Entity(e.id, e.label, e.kind, e.lang, e.aliases, mentions[e.id], e.labels) for e in entities]
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return DocumentGraph(doc, sha, sentences, entities, triples, entity_of)


def make_dataset(graphs: list[DocumentGraph] | None = None, terms: Terms | None = None) -> Dataset:
    """A Dataset with one named graph per document, the way pipeline.build makes it."""
    graphs = graphs if graphs is not None else [make_document_graph("doj"), make_document_graph("thorn")]
    terms = terms or Terms()
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for dg in graphs:
        ds.addN(from_ox_quads(document_quads(dg, terms)))
    return ds


@pytest.fixture
def sample_graphs() -> list[DocumentGraph]:
    return [make_document_graph("doj"), make_document_graph("thorn")]


@pytest.fixture
def sample_dataset() -> Dataset:
    """Two documents (French and English), four relations, one of them negated and hedged."""
    return make_dataset()


@pytest.fixture
def document_graph() -> Callable[..., DocumentGraph]:
    """Factory: document_graph("doj", text=...) builds one hand-made document ("doj" or "thorn")."""
    return make_document_graph


@pytest.fixture
def dataset_of() -> Callable[..., Dataset]:
    """Factory: dataset_of([document graphs]) builds a Dataset the way pipeline.build does."""
    return make_dataset


def rapper_available() -> bool:
    return shutil.which("rapper") is not None
