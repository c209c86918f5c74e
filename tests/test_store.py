"""kg.store: loading files and store folders, term conversion, and the atomic incremental store."""

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.errors import GraphError
from kg.export import union_graph, write_turtle
from kg.rdf import KG, Terms, document_quads
from kg.store import GraphStore, as_dataset, from_ox, is_store, load_graph, open_graph, to_ox
from kg.validate import validate_graph

runner = CliRunner()
TERMS = Terms()


def canonical(graph: Graph) -> Graph:
    """The union graph with xsd:decimal literals in one lexical form ("0.90" == "0.9" == "0.900").

    rdflib writes an integer-valued decimal as 450.0 and Oxigraph stores decimals by value, so
    lexical forms differ across tools while the values are equal.
    """
    out = Graph()
    for s, p, o in union_graph(graph):
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def quads_by_graph(ds) -> dict[str, set]:
    out: dict[str, set] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(str(g), set()).add((s, p, o))
    return out


# ---------------------------------------------------------------- terms

@pytest.mark.parametrize("term", [
    URIRef("https://example.org/kg/id/person/ada"),
    Literal("plain « text » with \"quotes\"\n"),
    Literal("ministère", lang="fr"),
    Literal("0.90", datatype=XSD.decimal),
    Literal("2024", datatype=XSD.gYear),
    Literal("true", datatype=XSD.boolean),
    BNode("b0"),
])
def test_terms_round_trip_between_rdflib_and_pyoxigraph(term):
    back = from_ox(to_ox(term))
    assert back == term and type(back) is type(term)


def test_plain_literal_is_xsd_string_in_pyoxigraph_and_plain_again_in_rdflib():
    assert to_ox(Literal("x")).datatype == ox.NamedNode(str(XSD.string))
    assert from_ox(ox.Literal("x")) == Literal("x")   # not Literal("x", datatype=XSD.string)


# ---------------------------------------------------------------- files

def test_turtle_round_trip_is_isomorphic(sample_dataset, tmp_path):
    out = tmp_path / "graph.ttl"
    write_turtle(sample_dataset, out)
    assert isomorphic(canonical(load_graph(out)), canonical(sample_dataset))


def test_turtle_round_trip_keeps_decimal_lexical_forms(sample_dataset, tmp_path):
    out = tmp_path / "graph.ttl"
    write_turtle(sample_dataset, out)
    assert isomorphic(union_graph(load_graph(out)), union_graph(sample_dataset))


def test_same_graph_built_twice_gives_byte_identical_turtle(tmp_path, dataset_of):
    write_turtle(dataset_of(), tmp_path / "a.ttl")
    write_turtle(dataset_of(), tmp_path / "b.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig", ".jsonld"])
def test_load_graph_reads_every_export_format(sample_dataset, tmp_path, suffix):
    from kg.export import get_exporter

    out = tmp_path / f"graph{suffix}"
    get_exporter(suffix[1:])(sample_dataset, out)
    assert isomorphic(canonical(load_graph(out)), canonical(sample_dataset))


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".jsonld"])
def test_dataset_formats_keep_the_named_graphs(sample_dataset, tmp_path, suffix):
    from kg.export import get_exporter

    out = tmp_path / f"graph{suffix}"
    get_exporter(suffix[1:])(sample_dataset, out)
    loaded = quads_by_graph(load_graph(out))
    expected = quads_by_graph(sample_dataset)
    assert set(loaded) == set(expected) == {str(TERMS.graph("doj")), str(TERMS.graph("thorn"))}
    assert {g: len(t) for g, t in loaded.items()} == {g: len(t) for g, t in expected.items()}


def test_syntax_error_names_the_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://example.org/kg#> .\nkg:a kg:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(GraphError) as err:
        load_graph(bad)
    msg = str(err.value)
    assert msg.startswith(str(bad)) and "line 2" in msg and "column" in msg and "\n" not in msg


@pytest.mark.parametrize("name, problem", [
    ("missing.ttl", "no such file"),
    ("graph.rdf", "unsupported suffix '.rdf'"),
])
def test_bad_paths_are_graph_errors(tmp_path, name, problem):
    path = tmp_path / name
    if name.endswith(".rdf"):
        path.write_text("<rdf/>", encoding="utf-8")
    with pytest.raises(GraphError, match=problem):
        load_graph(path)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    with pytest.raises(GraphError, match="nor an Oxigraph store"):
        load_graph(tmp_path)


def test_rdflib_reads_what_pyoxigraph_refuses(tmp_path, caplog):
    # an IRI with a space: invalid for pyoxigraph, accepted (with a warning) by rdflib
    path = tmp_path / "lax.ttl"
    path.write_text('<http://example.org/a b> <http://example.org/p> "x" .\n', encoding="utf-8")
    assert len(load_graph(path)) == 1
    assert "read by rdflib" in caplog.text


# ---------------------------------------------------------------- the store

@pytest.fixture
def store(tmp_path):
    with GraphStore(tmp_path / "store") as gs:
        yield gs


def snapshot(gs: GraphStore) -> bytes:
    return b"".join(sorted(gs.store.dump(format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))


def test_incremental_build_adds_replaces_and_skips(store, document_graph):
    make_document_graph = document_graph
    first = store.update_documents([make_document_graph("doj")], TERMS)
    assert (first.added, first.replaced, first.skipped) == (1, 0, 0)
    doj_sha = store.document_sha(TERMS.graph("doj"))
    assert doj_sha == make_document_graph("doj").sha256

    changed = make_document_graph("doj", text="Le ministère de la Justice poursuit Ada Martin. Autre texte.")
    second = store.update_documents([changed, make_document_graph("thorn")], TERMS)
    assert (second.added, second.replaced, second.skipped) == (1, 1, 0)
    assert store.document_sha(TERMS.graph("doj")) == changed.sha256 != doj_sha
    # the changed document replaced its graph: one kg:sha256, not two
    shas = list(store.store.quads_for_pattern(None, ox.NamedNode(str(KG.sha256)), None,
                                              ox.NamedNode(str(TERMS.graph("doj")))))
    assert len(shas) == 1

    third = store.update_documents([changed, make_document_graph("thorn")], TERMS)
    assert (third.added, third.replaced, third.skipped, third.quads) == (0, 0, 2, 0)
    assert store.graphs() == [TERMS.graph("doj"), TERMS.graph("thorn")]
    assert store.document_sha(TERMS.graph("nothing")) is None


def test_store_holds_what_the_dataset_holds(store, sample_graphs, sample_dataset):
    store.update_documents(sample_graphs, TERMS)
    from_store = as_dataset(store.store)
    assert isomorphic(canonical(from_store), canonical(sample_dataset))
    assert quads_by_graph(from_store).keys() == quads_by_graph(sample_dataset).keys()


def test_graph_read_from_a_store_still_meets_the_shapes(store, sample_graphs):
    # Oxigraph stores xsd:nonNegativeInteger as xsd:integer; reading restores kg's datatypes
    store.update_documents(sample_graphs, TERMS)
    begin = next(store.store.quads_for_pattern(None, ox.NamedNode(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex"), None, None))
    assert begin.object.datatype.value == str(XSD.integer)
    report = validate_graph(load_graph(store.path))
    assert report.conforms, report.text()


def test_failed_producer_leaves_the_store_unchanged(store, document_graph):
    store.update_documents([document_graph("doj")], TERMS)
    before = snapshot(store)

    def updates():
        yield TERMS.graph("thorn"), document_quads(document_graph("thorn"), TERMS)
        yield TERMS.graph("doj"), iter(())   # would empty the doj graph
        raise RuntimeError("parser crashed on the third document")

    with pytest.raises(RuntimeError):
        store.apply_build(updates())
    assert snapshot(store) == before


def test_quad_outside_its_graph_fails_the_whole_build(store, document_graph):
    store.update_documents([document_graph("doj")], TERMS)
    before = snapshot(store)
    good = list(document_quads(document_graph("thorn"), TERMS))
    stray = [(URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x"), TERMS.graph("doj"))]
    with pytest.raises(GraphError, match="not in graph"):
        store.apply_build([(TERMS.graph("thorn"), good), (TERMS.graph("other"), stray)])
    assert snapshot(store) == before


def test_one_pyoxigraph_update_is_one_transaction(store, document_graph):
    # the guarantee apply_build relies on: a request that fails half-way writes nothing
    store.update_documents([document_graph("doj")], TERMS)
    before = snapshot(store)
    with pytest.raises(RuntimeError):
        store.store.update(f"DROP GRAPH <{TERMS.graph('doj')}> ; DROP GRAPH <https://example.org/absent>")
    assert snapshot(store) == before


def test_store_folder_opens_for_queries_and_reopens_after_close(tmp_path, sample_graphs):
    path = tmp_path / "store"
    with GraphStore(path) as gs:
        gs.update_documents(sample_graphs, TERMS)
        assert isinstance(open_graph(path), ox.Store)   # shared with the live writer
    assert is_store(path)
    assert isinstance(open_graph(path), ox.Store)
    with GraphStore(path) as gs:                        # the lock was released
        assert len(gs.graphs()) == 2


def test_store_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(GraphError, match="not an Oxigraph store"):
        GraphStore(tmp_path)


# ---------------------------------------------------------------- kg build --store

def test_cli_build_store_is_incremental(tmp_path, monkeypatch, document_graph):
    """kg build --store with the pipeline replaced by hand-made documents (no spaCy model)."""
    pipeline = pytest.importorskip("kg.pipeline")
    from kg.cli import app

    make_document_graph = document_graph
    docs = {"doj": make_document_graph("doj"), "thorn": make_document_graph("thorn")}

    def fake_documents(paths, lang=None):
        for p in paths:
            yield docs[Path(p).stem].document

    def fake_built(documents, options, stats=None, on_document=None):
        for d in documents:
            if on_document is not None:
                on_document(d.id)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in document_quads(docs[d.id], TERMS))
            lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
            yield pipeline.Built(d.id, str(TERMS.graph(d.id)), b"".join(sorted(set(lines))))

    # whichever way kg build reads documents: all of them parsed, or only those whose sha256 changed
    monkeypatch.setattr(pipeline, "iter_documents", fake_documents)
    monkeypatch.setattr(pipeline, "iter_built", fake_built)
    monkeypatch.setattr("kg.view.write_view", lambda graph, out: out.write_text("<html></html>"), raising=False)
    store_dir, out = tmp_path / "store", tmp_path / "out"
    args = ["build", "doj.txt", "--out", str(out), "--store", str(store_dir), "--force"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 added, 0 replaced, 0 unchanged" in result.output

    result = runner.invoke(app, args[:2] + ["thorn.txt"] + args[2:])
    assert result.exit_code == 0, result.output
    assert "1 added, 0 replaced, 1 unchanged" in result.output

    docs["doj"] = make_document_graph("doj", text="A new version of the document.")
    result = runner.invoke(app, args[:2] + ["thorn.txt"] + args[2:])
    assert result.exit_code == 0, result.output
    assert "0 added, 1 replaced, 1 unchanged" in result.output
    # graph.ttl is written from the whole store: both documents
    graph = load_graph(out / "graph.ttl")
    assert len(set(graph.subjects(None, KG.Document))) == 2


def test_an_iri_rdf_forbids_cannot_reach_the_store_or_an_export(tmp_path, store):
    from kg.export import get_exporter

    bad = tmp_path / "lax.ttl"
    bad.write_text('<http://example.org/a b> <http://example.org/p> "x" .\n', encoding="utf-8")
    ds = load_graph(bad)                      # rdflib reads it (with a warning)
    with pytest.raises(GraphError, match=r"invalid IRI <http://example.org/a b>"):
        get_exporter("nq")(ds, tmp_path / "out.nq")
    with pytest.raises(GraphError, match="invalid IRI"):
        store.apply_build([(TERMS.graph("x"), [(URIRef("http://example.org/a b"), URIRef("http://example.org/p"),
                                               Literal("x"), TERMS.graph("x"))])])
    assert len(store) == 0 and not (tmp_path / "out.nq").exists()


def test_a_build_output_folder_stands_for_its_graph(sample_dataset, tmp_path):
    from kg.export import write_turtle
    write_turtle(sample_dataset, tmp_path / "graph.ttl")
    assert len(load_graph(tmp_path)) == len(load_graph(tmp_path / "graph.ttl")) > 0
