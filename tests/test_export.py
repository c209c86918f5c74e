"""kg.export: every format parses back in rdflib, pyoxigraph and rapper, deterministically and atomically."""

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.errors import KGError
from kg.export import EXPORTERS, get_exporter, union_graph
from kg.facts import read_facts
from kg.rdf import KG, Terms
from kg.store import load_graph

runner = CliRunner()
TERMS = Terms()
RDF_FORMATS = {  # kg name -> (rdflib parser, pyoxigraph format, rapper syntax)
    "ttl": ("turtle", ox.RdfFormat.TURTLE, "turtle"),
    "nt": ("nt", ox.RdfFormat.N_TRIPLES, "ntriples"),
    "nq": ("nquads", ox.RdfFormat.N_QUADS, "nquads"),
    "trig": ("trig", ox.RdfFormat.TRIG, "trig"),
    "jsonld": ("json-ld", ox.RdfFormat.JSON_LD, None),
}
QUAD_FORMATS = {"nq", "trig", "jsonld"}


def distinct_triples(ds) -> int:
    return len({q[:3] for q in ds.quads((None, None, None, None))})


def test_registry_has_every_format():
    assert set(EXPORTERS) >= {"ttl", "csv", "nt", "nq", "trig", "jsonld", "graphml", "gexf"}


def test_unknown_format_lists_the_choices():
    with pytest.raises(KGError, match=r"Unknown export format 'rdfxml'\. Available: csv, gexf, graphml, jsonld"):
        get_exporter("rdfxml")


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_export_parses_back_in_rdflib_and_pyoxigraph(sample_dataset, tmp_path, name):
    out = tmp_path / f"graph.{name}"
    get_exporter(name)(sample_dataset, out)
    rdflib_format, ox_format, _ = RDF_FORMATS[name]

    back = rdflib.Dataset()
    back.parse(out, format=rdflib_format)
    quads = list(ox.parse(path=str(out), format=ox_format))
    if name in QUAD_FORMATS:
        assert len(set(back.quads((None, None, None, None)))) == len(set(sample_dataset.quads())) == len(set(quads))
    else:
        n = distinct_triples(sample_dataset)
        assert len(back) == n == len({(q.subject, q.predicate, q.object) for q in quads})


@pytest.mark.skipif(shutil.which("rapper") is None, reason="raptor2-utils (rapper) not installed")
@pytest.mark.parametrize("name", ["ttl", "nt", "nq", "trig"])
def test_export_passes_rapper(sample_dataset, tmp_path, name):
    out = tmp_path / f"graph.{name}"
    get_exporter(name)(sample_dataset, out)
    syntax = RDF_FORMATS[name][2]
    proc = subprocess.run(["rapper", "-c", "-i", syntax, str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    count = int(re.search(r"returned (\d+) (?:triples|statements)", proc.stderr).group(1))
    expected = len(set(sample_dataset.quads())) if name in QUAD_FORMATS else distinct_triples(sample_dataset)
    assert count == expected


@pytest.mark.parametrize("name", ["ttl", "nt", "nq", "trig", "jsonld", "csv"])
def test_same_graph_built_twice_gives_identical_bytes(dataset_of, tmp_path, name):
    get_exporter(name)(dataset_of(), tmp_path / f"a.{name}")
    get_exporter(name)(dataset_of(), tmp_path / f"b.{name}")
    assert (tmp_path / f"a.{name}").read_bytes() == (tmp_path / f"b.{name}").read_bytes()


def test_order_of_documents_does_not_change_the_bytes(dataset_of, document_graph, tmp_path):
    for name in ("nt", "nq", "trig", "jsonld"):
        get_exporter(name)(dataset_of([document_graph("doj"), document_graph("thorn")]), tmp_path / f"a.{name}")
        get_exporter(name)(dataset_of([document_graph("thorn"), document_graph("doj")]), tmp_path / f"b.{name}")
        assert (tmp_path / f"a.{name}").read_bytes() == (tmp_path / f"b.{name}").read_bytes(), name


@pytest.mark.parametrize("name", ["nt", "nq"])
def test_line_formats_are_sorted(sample_dataset, tmp_path, name):
    out = tmp_path / f"graph.{name}"
    get_exporter(name)(sample_dataset, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines)) > 50


def test_trig_keeps_one_named_graph_per_document(sample_dataset, tmp_path):
    out = tmp_path / "graph.trig"
    get_exporter("trig")(sample_dataset, out)
    back = rdflib.Dataset()
    back.parse(out, format="trig")
    graphs = {str(g.identifier): g for g in back.graphs() if len(g)}
    assert set(graphs) == {str(TERMS.graph("doj")), str(TERMS.graph("thorn"))}
    for doc_id in ("doj", "thorn"):
        g = graphs[str(TERMS.graph(doc_id))]
        # a document's graph holds its document node, its statements and their sentences
        assert list(g.subjects(rdflib.RDF.type, KG.Document)) == [TERMS.document(doc_id)]
        statements = list(g.subjects(rdflib.RDF.type, KG.Statement))
        assert len(statements) == 2
        for st in statements:
            sentence = g.value(st, rdflib.PROV.wasDerivedFrom)
            assert g.value(sentence, rdflib.DCTERMS.isPartOf) == TERMS.document(doc_id)
    assert out.read_text(encoding="utf-8").count("{\n") == 2


def test_jsonld_has_one_graph_object_per_document(sample_dataset, tmp_path):
    out = tmp_path / "graph.jsonld"
    get_exporter("jsonld")(sample_dataset, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(obj["@id"] for obj in data) == [str(TERMS.graph("doj")), str(TERMS.graph("thorn"))]


@pytest.mark.parametrize("name, root", [("graphml", "graphml"), ("gexf", "gexf")])
def test_network_exports_are_xml_networks(sample_dataset, tmp_path, name, root):
    pytest.importorskip("kg.analytics")
    out = tmp_path / f"graph.{name}"
    get_exporter(name)(sample_dataset, out)
    import networkx as nx

    g = nx.read_graphml(out) if name == "graphml" else nx.read_gexf(out)
    assert g.number_of_nodes() >= 6 and g.number_of_edges() >= 4
    assert f"<{root}" in out.read_text(encoding="utf-8")


def test_failed_export_leaves_no_file_behind(sample_dataset, tmp_path, monkeypatch):
    out = tmp_path / "graph.nq"
    out.write_text("previous content\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("kg.export.nquads", boom)
    with pytest.raises(OSError):
        get_exporter("nq")(sample_dataset, out)
    assert out.read_text(encoding="utf-8") == "previous content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


# ---------------------------------------------------------------- kg export

@pytest.fixture
def graph_file(sample_dataset, tmp_path) -> Path:
    path = tmp_path / "graph.trig"
    get_exporter("trig")(sample_dataset, path)
    return path


@pytest.mark.parametrize("name", ["ttl", "nt", "nq", "trig", "jsonld", "csv"])
def test_cli_export(graph_file, tmp_path, name):
    from kg.cli import app

    out = tmp_path / f"out.{name}"
    result = runner.invoke(app, ["export", str(graph_file), "--format", name, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100
    assert result.stdout == ""   # stdout holds only results; the note goes to stderr


def test_cli_export_from_a_store_folder(sample_graphs, sample_dataset, tmp_path):
    from kg.cli import app
    from kg.store import GraphStore

    with GraphStore(tmp_path / "store") as gs:
        gs.update_documents(sample_graphs, TERMS)
    out = tmp_path / "out.nq"
    result = runner.invoke(app, ["export", str(tmp_path / "store"), "--format", "nq", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(set(sample_dataset.quads()))


def test_cli_export_refuses_to_overwrite_and_bad_formats(graph_file, tmp_path):
    from kg.cli import app

    out = tmp_path / "out.ttl"
    out.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["export", str(graph_file), "--format", "ttl", "--out", str(out)])
    assert result.exit_code == 1 and "use --force" in result.output
    result = runner.invoke(app, ["export", str(graph_file), "--format", "rdfxml", "--out", str(out)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["export", str(tmp_path / "nope.ttl"), "--format", "nt", "--out", str(out), "-F"])
    assert result.exit_code == 1 and "no such file" in result.output


# ---------------------------------------------------------------- kg build's three outputs

def test_build_outputs_are_written_together(sample_dataset, tmp_path):
    from kg.export import write_build_outputs

    paths = [tmp_path / "graph.ttl", tmp_path / "graph.html", tmp_path / "triples.csv"]
    write_build_outputs(sample_dataset, *paths)
    assert isomorphic(union_graph(load_graph(paths[0])), union_graph(sample_dataset))
    assert "<html" in paths[1].read_text(encoding="utf-8").lower()
    rows = list(csv.DictReader(io.StringIO(paths[2].read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(read_facts(sample_dataset)) > 0


def test_a_failure_in_the_page_writer_reaches_the_caller(sample_dataset, tmp_path, monkeypatch):
    from kg.export import write_build_outputs

    def boom(graph, out):
        raise KGError("view exploded")

    monkeypatch.setattr("kg.view.write_view", boom)
    paths = [tmp_path / "graph.ttl", tmp_path / "graph.html", tmp_path / "triples.csv"]
    with pytest.raises(KGError, match="view exploded"):
        write_build_outputs(sample_dataset, *paths)
    # the page is missing, the other two are whole, and no temporary file is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "triples.csv"]
