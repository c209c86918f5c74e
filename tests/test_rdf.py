"""The RDF model: direct relation triples, reified statements with provenance, stable IRIs, safe literals."""

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.export import union_graph
from kg.rdf import KG, NIF, NOT, VERB, Terms, doc_slug, relation_iri, slugify


def test_relation_is_asserted_and_reified_with_provenance(sample_dataset):
    g = union_graph(sample_dataset)
    doj = URIRef("https://example.org/kg/id/organization/ministere-de-la-justice")
    ada = URIRef("https://example.org/kg/id/person/ada-martin")
    assert (doj, KG_prosecutes := URIRef("https://example.org/kg#prosecutes"), ada) in g
    (st,) = set(g.subjects(RDF.subject, doj))
    assert (st, RDF.type, KG.Statement) in g
    assert g.value(st, RDF.predicate) == KG_prosecutes and g.value(st, RDF.object) == ada
    sent = g.value(st, PROV.wasDerivedFrom)
    assert str(g.value(sent, NIF.isString)).startswith("Le ministère de la Justice poursuit")
    assert g.value(sent, NIF.beginIndex).toPython() == 0
    assert str(g.value(st, KG.date)) == "2024"


def test_predicates_have_english_and_french_labels(sample_dataset):
    g = union_graph(sample_dataset)
    labels = {lit.language: str(lit) for lit in g.objects(URIRef("https://example.org/kg#prosecutes"), RDFS.label)}
    assert set(labels) >= {"en", "fr"}


def test_negated_fact_is_never_asserted_positively(sample_dataset):
    g = union_graph(sample_dataset)
    ncmec = URIRef("https://example.org/kg/id/organization/ncmec")
    bob = URIRef("https://example.org/kg/id/person/bob")
    assert (ncmec, URIRef("https://example.org/kg#prosecutes"), bob) not in g
    assert (ncmec, NOT["prosecutes"], bob) in g
    assert g.value(NOT["prosecutes"], KG.negationOf) == URIRef("https://example.org/kg#prosecutes")


def test_unmapped_lemma_becomes_a_verb_property():
    assert relation_iri("zigouiller") == VERB["zigouiller"]
    assert relation_iri("être ouvertes contre") == VERB["etre-ouvertes-contre"]
    assert relation_iri("prosecutes") == URIRef("https://example.org/kg#prosecutes")


def test_iris_are_stable_and_safe():
    assert slugify("Ministère américain de la Justice") == "ministere-americain-de-la-justice"
    assert doc_slug("2024/jan/a b") != doc_slug("2024-jan-a-b")
    assert Terms("https://x.org/kg").base == "https://x.org/kg/"


def test_hostile_text_round_trips_through_turtle(document_graph, dataset_of):
    evil = 'Bob """ > <script>alert(1)</script> \\ "\n@prefix x: <http://evil/> .'
    dg = document_graph("thorn")
    dg.sentences[0] = type(dg.sentences[0])(dg.sentences[0].doc_id, 0, 10, evil)
    ttl = union_graph(dataset_of([dg])).serialize(format="turtle")
    back = Graph().parse(data=ttl, format="turtle")
    assert Literal(evil) in set(back.objects(None, NIF.isString))
    assert not any("evil" in str(s) for s in back.subjects())


def test_two_readings_of_one_fact_in_a_sentence_make_one_statement(document_graph, dataset_of):
    # a second mention of the same two entities in the same sentence, read by another rule
    from dataclasses import replace

    from kg.types import Mention, Provenance

    dg = document_graph("doj")
    first = dg.triples[0]
    other = Mention("Ada", "PER", Provenance("doj", first.object.prov.start_char, first.object.prov.start_char + 3,
                                             "appos.v1"))
    dg.entity_of[other] = dg.entity_of[first.object]
    dg.triples.append(replace(first, object=other, confidence=0.5, prov=replace(first.prov, extractor="appos.v1")))
    g = union_graph(dataset_of([dg]))
    statements = set(g.subjects(RDF.predicate, relation_iri("prosecutes")))
    assert len(statements) == 1
    (st,) = statements
    assert [str(c) for c in g.objects(st, KG.confidence)] == ["0.9"]
    assert [str(e) for e in g.objects(st, KG.extractor)] == ["svo.v1"]
