"""Where the vocabulary files live, and the relation labels read from ontology/kg.ttl."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.errors import KGError


def ontology_dir() -> Path:
    """The ontology/ folder: $KG_ONTOLOGY, else the one beside the package (source checkout)."""
    env = os.environ.get("KG_ONTOLOGY")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "ontology"


@dataclass(frozen=True, slots=True)
class RelationInfo:
    iri: URIRef
    labels: tuple[tuple[str, str], ...]   # (lang, label)
    comment: tuple[tuple[str, str], ...] = ()
    inverse_label: str = ""


@cache
def load_vocabulary() -> Graph:
    """Parse ontology/kg.ttl once per process."""
    path = ontology_dir() / "kg.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        raise KGError(f"{path}: cannot read the vocabulary ({err}); reinstall kg or set KG_ONTOLOGY") from err


@cache
def relation_info() -> dict[URIRef, RelationInfo]:
    """Every object property declared in kg.ttl with its labels and comments."""
    graph = load_vocabulary()
    out: dict[URIRef, RelationInfo] = {}
    for prop in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty))):
        if not isinstance(prop, URIRef):
            continue
        labels = tuple(sorted((lit.language or "", str(lit)) for lit in graph.objects(prop, RDFS.label)))
        comments = tuple(sorted((lit.language or "", str(lit)) for lit in graph.objects(prop, RDFS.comment)))
        out[prop] = RelationInfo(prop, labels, comments)
    return out


@cache
def class_names() -> frozenset[str]:
    """Local names of the entity classes declared in kg.ttl (Person, Organization, ...)."""
    graph = load_vocabulary()
    ns = "https://example.org/kg#"
    return frozenset(
        str(c)[len(ns):] for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(ns)
    )
