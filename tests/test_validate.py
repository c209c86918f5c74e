"""kg.validate: the SHACL shapes accept what kg builds and name what a broken graph gets wrong."""

import time

import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV
from typer.testing import CliRunner

from kg.export import write_trig
from kg.rdf import KG, NIF, Terms
from kg.validate import load_shapes, validate_graph

runner = CliRunner()
TERMS = Terms()
G = TERMS.graph("doj")
ADA = URIRef("https://example.org/kg/id/person/ada-martin")
DOJ = TERMS.document("doj")
SENT = URIRef(f"{DOJ}#char=0,47")


def statement_of(ds, obj: URIRef) -> URIRef:
    return next(ds.subjects(RDF.object, obj))


def test_shapes_parse_and_cover_the_promises():
    shapes = load_shapes()
    names = {str(s).rsplit("#")[-1] for s in shapes.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape"))}
    assert names == {"EntityShape", "StatementShape", "SentenceShape", "DocumentShape", "RelationShape"}


def test_a_graph_kg_builds_conforms(sample_dataset):
    report = validate_graph(sample_dataset)
    assert report.conforms, report.text()
    assert report.violations == []
    assert report.text() == "Graph conforms to ontology/shapes.ttl\n"


def _drop(ds, s, p):
    ds.remove((s, p, None, None))


def _set(ds, s, p, o):
    ds.remove((s, p, None, None))
    ds.add((s, p, o, G))


def _entity_without_label(ds):
    _drop(ds, ADA, RDFS.label)


def _entity_without_class(ds):
    _drop(ds, ADA, RDF.type)


def _confidence_above_one(ds):
    _set(ds, statement_of(ds, ADA), KG.confidence, Literal("1.5", datatype=XSD.decimal))


def _confidence_as_float(ds):
    _set(ds, statement_of(ds, ADA), KG.confidence, Literal(0.5))


def _two_confidences(ds):
    ds.add((statement_of(ds, ADA), KG.confidence, Literal("0.1", datatype=XSD.decimal), G))


def _negated_missing(ds):
    _drop(ds, statement_of(ds, ADA), KG.negated)


def _no_sentence(ds):
    _drop(ds, statement_of(ds, ADA), PROV.wasDerivedFrom)


def _offset_as_integer(ds):
    _set(ds, SENT, NIF.beginIndex, Literal(0))


def _begin_after_end(ds):
    _set(ds, SENT, NIF.beginIndex, Literal("60", datatype=XSD.nonNegativeInteger))


def _sentence_outside_documents(ds):
    _drop(ds, SENT, URIRef("http://purl.org/dc/terms/isPartOf"))


def _document_without_sha(ds):
    _drop(ds, DOJ, KG.sha256)


def _bad_sha(ds):
    _set(ds, DOJ, KG.sha256, Literal("not-a-sha"))


def _prosecutes(ds) -> URIRef:
    return ds.value(statement_of(ds, ADA), RDF.predicate)   # kg:prosecutes, or kgv: without the lexicon


def _relation_without_french_label(ds):
    prop = _prosecutes(ds)
    for label in [o for o in ds.objects(prop, RDFS.label) if o.language == "fr"]:
        ds.remove((prop, RDFS.label, label, None))


@pytest.mark.parametrize("break_graph, focus, path, message", [
    (_entity_without_label, ADA, "rdfs:label", "entity has no rdfs:label"),
    (_entity_without_class, ADA, "rdf:type", "entity has no kg class"),
    (_confidence_above_one, None, "kg:confidence", "kg:confidence must be an xsd:decimal from 0 to 1"),
    (_confidence_as_float, None, "kg:confidence", "kg:confidence must be an xsd:decimal from 0 to 1"),
    (_two_confidences, None, "kg:confidence", "statement needs exactly one kg:confidence"),
    (_negated_missing, None, "kg:negated", "statement needs exactly one kg:negated xsd:boolean"),
    (_no_sentence, None, "prov:wasDerivedFrom", "statement has no prov:wasDerivedFrom sentence"),
    (_offset_as_integer, SENT, "nif:beginIndex", "exactly one nif:beginIndex xsd:nonNegativeInteger"),
    (_begin_after_end, SENT, "nif:beginIndex", "must be below its nif:endIndex"),
    (_sentence_outside_documents, SENT, "dcterms:isPartOf", "exactly one kg:Document"),
    (_document_without_sha, DOJ, "kg:sha256", "document needs exactly one kg:sha256"),
    (_bad_sha, DOJ, "kg:sha256", "document needs exactly one kg:sha256"),
    (_relation_without_french_label, _prosecutes, "rdfs:label", "no French rdfs:label"),
])
def test_broken_graphs_report_the_node_path_and_problem(sample_dataset, break_graph, focus, path, message):
    from kg.query import compact

    focus = focus(sample_dataset) if callable(focus) else focus or statement_of(sample_dataset, ADA)
    break_graph(sample_dataset)
    report = validate_graph(sample_dataset)
    assert not report.conforms
    found = [(v.focus, v.path) for v in report.violations if message in v.message]
    assert found, report.text()
    assert found[0] == (compact(focus), path)
    assert message in report.text()


def test_validation_is_fast_on_a_few_thousand_triples(document_graph, dataset_of):
    # eighty documents (about 3,700 distinct triples): pyshacl without inference
    graphs = []
    for i in range(80):
        dg = document_graph("doj" if i % 2 else "thorn")
        dg.document = type(dg.document)(f"{dg.document.id}-{i}", dg.document.text, dg.document.path,
                                        dg.document.lang, dg.document.meta)
        dg.sentences = [type(s)(dg.document.id, s.start_char, s.end_char, s.text) for s in dg.sentences]
        graphs.append(dg)
    ds = dataset_of(graphs)
    assert len(ds) > 3000
    start = time.perf_counter()
    report = validate_graph(ds)
    assert report.conforms, report.text()
    assert time.perf_counter() - start < 20   # generous: a few seconds on a laptop


# ---------------------------------------------------------------- kg validate

def test_cli_validate(sample_dataset, tmp_path):
    from kg.cli import app

    good = tmp_path / "good.trig"
    write_trig(sample_dataset, good)
    result = runner.invoke(app, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Graph conforms to ontology/shapes.ttl\n"

    _negated_missing(sample_dataset)
    bad = tmp_path / "bad.trig"
    write_trig(sample_dataset, bad)
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout.startswith("1 violations of ontology/shapes.ttl")
    assert "kg:negated: statement needs exactly one kg:negated xsd:boolean" in result.stdout
