"""The records that flow between stages: ingest -> parse -> extract -> resolve -> graph."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    id: str            # stable, becomes part of IRIs
    text: str
    path: str = ""     # where it came from ("-" for stdin)
    lang: str = ""     # "fr", "en"; filled by ingest.detect_language when empty
    meta: tuple[tuple[str, str], ...] = ()  # extra jsonl fields, sorted by key


@dataclass(frozen=True, slots=True)
class Provenance:
    doc_id: str
    start_char: int    # span in the source text
    end_char: int
    extractor: str     # e.g. "svo.v1"


@dataclass(frozen=True, slots=True)
class Mention:
    text: str          # concise surface form as written
    label: str         # spaCy NER label ("ORG"...) or "" for common nouns
    prov: Provenance
    head: str = ""     # lemma of the syntactic head, for matching
    lemma: str = ""    # lemmatised concise form, for matching plurals and articles
    kind: str = ""     # "name", "noun", "pronoun", "relative", "demonstrative", "value"
    definite: bool = False
    number: str = ""   # "Sing" / "Plur" from morphology
    gender: str = ""   # "Masc" / "Fem"
    canonical: str = ""  # label proposed by the extractor when the surface is not a name ("ceux qui ...")


@dataclass(frozen=True, slots=True)
class Qualifier:
    key: str           # "date", "quantity", "place", "role", "manner"
    value: str         # normalised value ("2024", "450")
    text: str          # as written ("En 2024", "450 signalements par mois")
    unit: str = ""     # for quantities: what is counted / per what


@dataclass(frozen=True, slots=True)
class Triple:
    subject: Mention
    predicate: str     # lexicon relation id ("prosecutes") or verb lemma
    object: Mention
    prov: Provenance   # the sentence it came from
    predicate_text: str = ""   # surface words of the predicate
    confidence: float = 1.0
    negated: bool = False
    modality: str = "asserted"  # "asserted" or "hedged"
    qualifiers: tuple[Qualifier, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    id: str            # slug, becomes <base>/<kind>/<id>
    label: str         # canonical display label
    kind: str          # class in ontology/kg.ttl: Person, Organization, Place, ...
    lang: str = ""     # language of the label
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (lang, label) in other languages, from the gazetteer


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    start_char: int
    end_char: int
    text: str


@dataclass(slots=True)
class DocumentGraph:
    """Everything one document contributes: resolved entities and relations with their sentences."""

    document: Document
    sha256: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # triples whose mentions are mapped to entity ids by `entity_of`
    triples: list[Triple] = field(default_factory=list)
    entity_of: dict[Mention, str] = field(default_factory=dict)
