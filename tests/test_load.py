"""kg load: RDF files into a store folder, bulk-loaded when new, one transaction when it exists."""

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphError
from kg.export import write_nquads
from kg.load import line_spans, load_files
from kg.rdf import KG, Terms
from kg.store import GraphStore, is_store, nquads

runner = CliRunner()
TERMS = Terms()


def sorted_nquads(source) -> list[bytes]:
    return sorted(nquads(source).splitlines())


@pytest.fixture
def exported(tmp_path, sample_dataset) -> Path:
    path = tmp_path / "graph.nq"
    write_nquads(sample_dataset, path)
    return path


@pytest.mark.parametrize("parts", [1, 3, 50])
def test_new_store_holds_exactly_the_file_however_it_is_cut(tmp_path, exported, parts):
    summary = load_files([exported], tmp_path / "store", parts=parts)
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert sorted_nquads(store) == sorted_nquads(_file_store(exported))
    assert (summary.added, summary.replaced, summary.quads) == (2, 0, len(store))


def _file_store(path: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def test_line_spans_cover_the_file_and_end_after_line_breaks(tmp_path):
    data = b"".join(b"<http://e/s%d> <http://e/p> \"x\" .\n" % i for i in range(10))
    path = tmp_path / "g.nt"
    path.write_bytes(data)
    for parts in (1, 2, 3, 7, 10, 40):
        spans = line_spans(path, parts)
        assert len(spans) <= parts and spans[0][0] == 0 and spans[-1][1] == len(data)
        assert all(end == start for (_, end), (start, _) in itertools.pairwise(spans))
        assert all(data[end - 1:end] == b"\n" for _, end in spans)
    path.write_bytes(b"")
    assert line_spans(path, 4) == []
    path.write_bytes(b"no newline")
    assert line_spans(path, 4) == [(0, 10)]


def test_a_file_with_blank_nodes_is_loaded_whole_so_a_node_stays_one(tmp_path):
    lines = [b'_:a <http://e/p> "%d" <http://e/g> .\n' % i for i in range(200)]
    path = tmp_path / "bnodes.nq"
    path.write_bytes(b"".join(lines))
    load_files([path], tmp_path / "store", parts=4)
    subjects = {q.subject for q in ox.Store.read_only(str(tmp_path / "store"))}
    assert len(subjects) == 1


def test_existing_store_gets_each_named_graph_replaced(tmp_path, document_graph):
    folder = tmp_path / "store"
    with GraphStore(folder) as gs:
        gs.update_documents([document_graph("doj"), document_graph("thorn")], TERMS)
    changed = tmp_path / "doj.nq"
    write_nquads(_dataset_of(document_graph("doj", text="Le ministère de la Justice poursuit Ada Martin.")),
                 changed)
    summary = load_files([changed], folder)
    assert (summary.added, summary.replaced) == (0, 1)
    with GraphStore(folder) as gs:
        assert gs.graphs() == [TERMS.graph("doj"), TERMS.graph("thorn")]
        doj = list(gs.store.quads_for_pattern(None, ox.NamedNode(str(KG.sha256)), None,
                                              ox.NamedNode(str(TERMS.graph("doj")))))
        assert len(doj) == 1   # replaced, not merged with the old graph


def _dataset_of(dg):
    from tests.conftest import make_dataset
    return make_dataset([dg])


def test_default_graph_is_replaced_too(tmp_path):
    first, second = tmp_path / "a.nt", tmp_path / "b.nt"
    first.write_text('<http://e/s> <http://e/p> "old" .\n', encoding="utf-8")
    second.write_text('<http://e/s> <http://e/p> "new" .\n', encoding="utf-8")
    folder = tmp_path / "store"
    assert load_files([first], folder).added == 1
    assert load_files([second], folder).replaced == 1
    values = [q.object.value for q in ox.Store.read_only(str(folder))]
    assert values == ["new"]


def test_failure_leaves_no_new_store_and_an_old_one_as_it_was(tmp_path, exported):
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://e/s> <http://e/p> "x" <http://e/g>\n', encoding="utf-8")   # no dot
    folder = tmp_path / "store"
    with pytest.raises(GraphError, match="bad.nq: syntax error"):
        load_files([exported, bad], folder)
    assert sorted(tmp_path.iterdir()) == sorted([exported, bad])   # no store, no half-loaded folder
    load_files([exported], folder)
    before = sorted_nquads(ox.Store.read_only(str(folder)))
    with pytest.raises(GraphError, match="syntax error"):
        load_files([exported, bad], folder)
    assert sorted_nquads(ox.Store.read_only(str(folder))) == before


def test_load_refuses_a_folder_with_other_files_and_a_store_as_input(tmp_path, exported):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "a.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(GraphError, match="not an Oxigraph store"):
        load_files([exported], other)
    load_files([exported], tmp_path / "store")
    with pytest.raises(GraphError, match="a store folder"):
        load_files([tmp_path / "store"], tmp_path / "copy")
    assert is_store(tmp_path / "store") and not (tmp_path / "copy").exists()


def test_cli_load_round_trips_an_export_and_reports_errors_in_one_line(tmp_path, exported):
    result = runner.invoke(app, ["load", str(exported), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "2 graphs added" in result.output
    again = tmp_path / "again.nq"
    assert runner.invoke(app, ["export", str(tmp_path / "store"), "--format", "nq", "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()
    missing = runner.invoke(app, ["load", str(tmp_path / "absent.nq"), "--store", str(tmp_path / "s2")])
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == [f"Error: {tmp_path / 'absent.nq'}: no such file or store folder"]
