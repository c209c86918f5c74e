"""kg serve: the Oxigraph endpoint over a small graph, queried with SPARQLWrapper as a client would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from typer.testing import CliRunner

from kg.cli import app
from kg.export import write_trig, write_turtle
from kg.query import run_query
from kg.rdf import PREFIXES, Terms
from kg.serve import ServeOptions, load_into_store, oxigraph_command
from kg.store import GraphStore, load_graph

runner = CliRunner()
HEADER = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
ENTITIES = HEADER + """SELECT DISTINCT ?entity ?type ?label WHERE {
  ?entity a ?type ; rdfs:label ?label . FILTER(STRSTARTS(STR(?type), STR(kg:)))
} ORDER BY ?entity ?type ?label"""


def free_port_pair() -> int:
    """A port p such that p and p+1 are free on 127.0.0.1 (kg serve takes both)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port < 65535 and port_is_free(port) and port_is_free(port + 1):
            return port
    raise RuntimeError("no two consecutive free ports")


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def kg_command() -> list[str]:
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.is_file() else [sys.executable, "-c", "from kg.cli import main; main()"]


class Served:
    """A `kg serve` subprocess in its own session, so teardown can end it and its oxigraph child."""

    def __init__(self, graph: Path, workdir: Path, *args: str) -> None:
        self.port = free_port_pair()
        self.base = f"http://127.0.0.1:{self.port}"
        self.endpoint = f"{self.base}/query"
        self.view = f"http://127.0.0.1:{self.port + 1}/"
        self.tmp = workdir / "tmp"          # TMPDIR of the server: its temporary folders land here
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.stderr = workdir / "stderr.txt"
        with open(self.stderr, "wb") as err:
            self.proc = subprocess.Popen([*kg_command(), "serve", str(graph), "--port", str(self.port), *args],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                         env={**os.environ, "TMPDIR": str(self.tmp)}, start_new_session=True)

    def wait_ready(self, tries: int = 300) -> None:
        """Until the startup line is printed and the endpoint answers (loopback only, bounded)."""
        for _ in range(tries):
            if self.proc.poll() is not None:
                raise AssertionError(f"kg serve exited {self.proc.returncode}: {self.errors()}")
            if "Serving" in self.errors():
                try:
                    with urllib.request.urlopen(self.endpoint, timeout=2) as resp:
                        if resp.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.1)
        raise AssertionError(f"kg serve did not answer on {self.endpoint}: {self.errors()}")

    def errors(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)


@pytest.fixture(scope="module")
def graph_file(request, tmp_path_factory) -> Path:
    """tests/conftest.py's two hand-made documents as Turtle, once for the module's server."""
    # the conftest module pytest already loaded (`import conftest` may find tests/extract/conftest.py)
    shared = Path(__file__).with_name("conftest.py")
    conftest = next(p for p in request.config.pluginmanager.get_plugins()
                    if getattr(p, "__file__", None) and Path(p.__file__) == shared)
    path = tmp_path_factory.mktemp("graph") / "graph.ttl"
    write_turtle(conftest.make_dataset(), path)
    return path


@pytest.fixture(scope="module")
def local(graph_file) -> ox.Store:
    """The same file in an in-memory pyoxigraph store: what `kg query graph.ttl` sees."""
    store = ox.Store()
    store.load(path=str(graph_file), format=ox.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def server(graph_file, tmp_path_factory):
    served = Served(graph_file, tmp_path_factory.mktemp("serve"))
    try:
        served.wait_ready()
        yield served
    finally:
        served.close()


def value(text: str) -> str | Decimal:
    """Numbers by value: Oxigraph stores decimals canonically ("0.90" comes back as "0.9")."""
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def client(server: Served, fmt: str, query: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint, returnFormat=fmt)
    sparql.setQuery(query)
    return sparql


# ---------------------------------------------------------------- the running endpoint

def test_startup_line_names_the_endpoint_the_ui_and_the_view(server, graph_file):
    first = server.errors().splitlines()[0]
    assert first == (f"Serving {graph_file} (read-only) — SPARQL endpoint {server.endpoint}, "
                     f"query UI {server.base}/, graph view {server.view}")


def test_select_json_equals_the_same_query_run_locally(server, local):
    remote = client(server, JSON, ENTITIES).queryAndConvert()
    here = json.loads(local.query(ENTITIES).serialize(format=ox.QueryResultsFormat.JSON))
    assert remote["head"]["vars"] == ["entity", "type", "label"]
    assert remote["results"]["bindings"] == here["results"]["bindings"]
    assert len(remote["results"]["bindings"]) == 9   # 7 entities, two with labels in two languages


def test_select_csv_equals_the_same_query_run_locally(server, local):
    remote = client(server, CSV, ENTITIES).queryAndConvert()
    here = local.query(ENTITIES).serialize(format=ox.QueryResultsFormat.CSV)
    assert remote == here
    assert remote.splitlines()[0] == b"entity,type,label"


def test_saved_query_gives_the_rows_rdflib_gives(server, graph_file):
    """A saved query (kg's prefixes declared) over the endpoint: the rows `kg query --saved` prints."""
    text = (Path(__file__).parent.parent / "ontology" / "queries" / "who-prosecutes-whom.rq").read_text()
    remote = client(server, JSON, HEADER + text).queryAndConvert()
    rows = [tuple(value(b[v]["value"]) for v in remote["head"]["vars"]) for b in remote["results"]["bindings"]]
    here = run_query(load_graph(graph_file), text)
    assert rows == [tuple(value(str(t)) for t in row) for row in here.rows]
    assert ("Department of Justice", "Ada Martin") in {r[:2] for r in rows}


def test_every_document_has_its_named_graph_and_queries_see_their_union(server):
    graphs = client(server, JSON, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    found = [b["g"]["value"] for b in graphs.queryAndConvert()["results"]["bindings"]]
    assert found == [str(Terms().graph("doj")), str(Terms().graph("thorn"))]
    ask = HEADER + "ASK { <%s> a kg:Document . <%s> a kg:Document }" % (Terms().document("doj"),
                                                                       Terms().document("thorn"))
    assert client(server, JSON, ask).queryAndConvert()["boolean"] is True


def test_ask(server):
    yes = HEADER + 'ASK { ?e skos:altLabel "DOJ" }'
    no = HEADER + 'ASK { ?e rdfs:label "Nobody" }'
    assert client(server, JSON, yes).queryAndConvert()["boolean"] is True
    assert client(server, JSON, no).queryAndConvert()["boolean"] is False


def test_construct_comes_back_as_turtle(server, local):
    query = HEADER + "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Statement ; ?p ?o }"
    data = client(server, TURTLE, query).queryAndConvert()
    remote = Graph().parse(data=data, format="turtle")
    here = Graph().parse(data=ox.serialize(local.query(query), format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(remote) > 20
    assert isomorphic(remote, here)


def test_update_is_refused_when_read_only(server):
    sparql = SPARQLWrapper(server.endpoint, updateEndpoint=f"{server.base}/update")
    sparql.setMethod(POST)
    sparql.setQuery('INSERT DATA { <urn:x> <urn:p> "written" }')
    with pytest.raises(urllib.error.HTTPError) as err:
        sparql.query()
    assert err.value.code == 403
    assert b"read-only" in err.value.read()
    assert client(server, JSON, 'ASK { <urn:x> <urn:p> "written" }').queryAndConvert()["boolean"] is False


def test_malformed_query_is_a_400_with_the_parser_message(server):
    with pytest.raises(QueryBadFormed) as bad:
        client(server, JSON, "SELECT ?x WHERE { ?x ").query()
    assert "error at" in str(bad.value)
    url = server.endpoint + "?" + urllib.parse.urlencode({"query": "SELEC * WHERE {}"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url, timeout=10)
    assert err.value.code == 400
    assert err.value.read().decode().startswith("error at 1:")


def test_query_ui_and_graph_view_are_served(server):
    with urllib.request.urlopen(server.base + "/", timeout=10) as resp:
        assert resp.status == 200 and "yasgui" in resp.read().decode().lower()
    with urllib.request.urlopen(server.view, timeout=10) as resp:
        page = resp.read().decode()
        assert resp.status == 200 and resp.headers.get_content_type() == "text/html"
    assert page.startswith("<!DOCTYPE html>") and 'id="kg-data"' in page and "Ada Martin" in page
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(server.view + "graph.ttl", timeout=10)
    assert err.value.code == 404


# ---------------------------------------------------------------- stopping

@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_it_with_exit_0_frees_the_ports_and_removes_temp_folders(graph_file, tmp_path, sig):
    served = Served(graph_file, tmp_path)
    try:
        served.wait_ready()
        assert any(served.tmp.iterdir())                  # the temporary store and view
        # Ctrl-C in a terminal reaches the whole foreground process group
        os.killpg(served.proc.pid, sig) if sig == signal.SIGINT else served.proc.send_signal(sig)
        assert served.proc.wait(30) == 0, served.errors()
        assert port_is_free(served.port) and port_is_free(served.port + 1)
        assert not any(served.tmp.iterdir())
        assert "Traceback" not in served.errors()
    finally:
        served.close()


def test_a_store_folder_is_served_in_place_and_writable_keeps_updates(tmp_path, sample_graphs):
    store = tmp_path / "store"
    with GraphStore(store) as gs:
        gs.update_documents(sample_graphs)
    served = Served(store, tmp_path, "--writable")
    try:
        served.wait_ready()
        assert "(writable)" in served.errors() and f"SPARQL update {served.base}/update" in served.errors()
        sparql = SPARQLWrapper(served.endpoint, updateEndpoint=f"{served.base}/update")
        sparql.setMethod(POST)
        sparql.setQuery('INSERT DATA { GRAPH <urn:notes> { <urn:x> <urn:p> "written" } }')
        sparql.query()
        assert client(served, JSON, 'ASK { <urn:x> <urn:p> "written" }').queryAndConvert()["boolean"] is True
        served.proc.send_signal(signal.SIGINT)
        assert served.proc.wait(30) == 0, served.errors()
    finally:
        served.close()
    assert (ox.NamedNode("urn:notes") in set(ox.Store.read_only(str(store)).named_graphs()))


# ---------------------------------------------------------------- bad input: one line, exit 1

def test_missing_graph_is_one_line_and_exit_1(tmp_path):
    result = runner.invoke(app, ["serve", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.ttl'}: no such file or store folder"


def test_a_folder_that_is_no_store_is_refused(tmp_path):
    result = runner.invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert "nor an Oxigraph store" in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("taken", [0, 1], ids=["endpoint-port", "view-port"])
def test_a_port_in_use_is_one_line_and_exit_1(graph_file, taken):
    port = free_port_pair()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port + taken))
        busy.listen()
        result = runner.invoke(app, ["serve", str(graph_file), "--port", str(port)])
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith(f"Error: port {port + taken} on 127.0.0.1") and "--port" in line
    assert len(line.splitlines()) == 1


def test_missing_oxigraph_binary_is_one_line_and_exit_1(graph_file, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_OXIGRAPH", str(tmp_path / "oxigraph"))
    result = runner.invoke(app, ["serve", str(graph_file)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: KG_OXIGRAPH={tmp_path / 'oxigraph'}: not an executable file"


def test_oxigraph_not_installed_anywhere_names_the_package(graph_file, monkeypatch):
    import kg.serve

    monkeypatch.delenv("KG_OXIGRAPH", raising=False)
    monkeypatch.setattr(kg.serve.shutil, "which", lambda *a, **k: None)
    result = runner.invoke(app, ["serve", str(graph_file)])
    assert result.exit_code == 1
    assert "oxigraph server binary was not found" in result.output and "pip install" in result.output


# ---------------------------------------------------------------- the pieces

def test_command_is_read_only_on_loopback_with_union_default_graph_and_timeout(tmp_path):
    cmd = oxigraph_command(Path("/bin/oxigraph"), tmp_path, ServeOptions(timeout=7))
    assert cmd == ["/bin/oxigraph", "serve-read-only", "--location", str(tmp_path), "--bind", "127.0.0.1:7878",
                   "--union-default-graph", "--timeout-s", "7"]
    writable = oxigraph_command(Path("/bin/oxigraph"), tmp_path, ServeOptions(host="::1", port=9000, writable=True))
    assert writable[1] == "serve" and writable[5] == "[::1]:9000"


def test_a_turtle_file_is_split_back_into_one_named_graph_per_document(tmp_path, sample_dataset):
    """Every quad of the TriG (the build's named graphs) is back in its graph; the only extras are the
    labels of an entity two documents mention, which Turtle cannot tell apart."""
    write_turtle(sample_dataset, tmp_path / "g.ttl")
    write_trig(sample_dataset, tmp_path / "g.trig")
    load_into_store(load_graph(tmp_path / "g.ttl"), tmp_path / "from-ttl")
    load_into_store(load_graph(tmp_path / "g.trig"), tmp_path / "from-trig")
    split, built = (set(ox.Store.read_only(str(tmp_path / name))) for name in ("from-ttl", "from-trig"))
    assert built <= split
    extra = split - built
    assert {q.predicate.value for q in extra} <= {"http://www.w3.org/2000/01/rdf-schema#label",
                                                  "http://www.w3.org/2004/02/skos/core#altLabel"}
    assert {q.subject.value for q in extra} == {"https://example.org/kg/id/organization/ncmec"}
    assert not [q for q in split if q.graph_name == ox.DefaultGraph()]


def test_no_temp_folder_is_left_when_the_graph_cannot_be_read(tmp_path, monkeypatch):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    result = runner.invoke(app, ["serve", str(bad), "--port", str(free_port_pair())])
    assert result.exit_code == 1 and result.output.startswith(f"Error: {bad}")
    assert not any((tmp_path / "tmp").iterdir())


def test_a_kg_build_output_folder_serves_its_graph_ttl_and_ipv6_urls_have_brackets(tmp_path):
    from kg.serve import _graph_file, urls_for

    (tmp_path / "graph.ttl").write_text("", encoding="utf-8")
    assert _graph_file(tmp_path) == tmp_path / "graph.ttl"
    assert _graph_file(tmp_path / "graph.ttl") == tmp_path / "graph.ttl"
    urls = urls_for("::1", 8000)
    assert (urls.endpoint, urls.ui, urls.view) == ("http://[::1]:8000/query", "http://[::1]:8000/",
                                                   "http://[::1]:8001/")
