"""`kg push` and `kg query --endpoint` against a real Virtuoso started for these tests."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import requests
from rdflib import XSD, Dataset, Literal
from typer.testing import CliRunner

from kg import remote
from kg.cli import app
from kg.errors import EndpointError
from kg.export import write_trig, write_turtle
from kg.query import list_saved_queries, run_query, run_saved
from kg.store import from_ox_quads, load_graph
from kg.rdf import KG, PREFIXES, Terms, document_quads

runner = CliRunner()
pytestmark = pytest.mark.slow

_VIRTUOSO = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").exists() else None)
_PASSWORD_VAR = "KG_TEST_VIRTUOSO_PASSWORD"
_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ServerThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"virtuoso-t did not answer on {url} within {timeout:.0f} s:\n"
                       f"{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A headless Virtuoso on loopback with its own database folder; dba's password is random.

    The Debian package enables /sparql-graph-crud-auth (digest auth, dba may update) out of the box,
    so the only setup is a fresh password for dba, set through isql on the SQL port.
    """
    if _VIRTUOSO is None:
        pytest.skip("virtuoso-t not found: install the Debian package virtuoso-opensource (.ci/run does)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http, sql = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(_INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    log = folder / "stdout.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([_VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                                cwd=folder, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{http}"
        _wait_until_up(proc, f"{base}/sparql", log)
        password = "dba"
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is not None:
            password = "kg" + secrets.token_hex(8)
            done = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba"],
                                  input=f"USER_SET_PASSWORD('dba', '{password}');\n",
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
        yield {"crud": f"{base}/sparql-graph-crud-auth", "sparql": f"{base}/sparql",
               "sparql_auth": f"{base}/sparql-auth", "password": password}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def password_env(virtuoso, monkeypatch):
    monkeypatch.setenv(_PASSWORD_VAR, virtuoso["password"])
    return _PASSWORD_VAR


def _dataset(graphs) -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for dg in graphs:
        ds.addN(from_ox_quads(document_quads(dg, Terms())))
    return ds


def _push(path: Path, virtuoso, *extra: str):
    return runner.invoke(app, ["push", str(path), "--endpoint", virtuoso["crud"], "--user", "dba",
                               "--password-env", _PASSWORD_VAR, *extra])


def _key(term):
    """Numbers compare by value: Virtuoso stores xsd:decimal as a number, so "0.90" comes back as "0.9"."""
    if isinstance(term, Literal) and term.datatype in (XSD.decimal, XSD.integer, XSD.int, XSD.long,
                                                         XSD.nonNegativeInteger, XSD.double, XSD.float):
        try:
            return "number", Decimal(str(term))
        except InvalidOperation:
            pass
    return term


def _rows(result) -> set[tuple]:
    return {tuple(_key(t) for t in row) for row in result.rows}


_QUADS = """SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://example.org/kg/")) }"""


@pytest.fixture
def pushed(virtuoso, password_env, tmp_path, sample_dataset):
    """The two hand-made documents pushed as TriG; the local copy as an rdflib Dataset."""
    path = tmp_path / "graph.trig"
    write_trig(sample_dataset, path)
    result = _push(path, virtuoso)
    assert result.exit_code == 0, result.output
    assert "2 named graphs" in result.output
    return load_graph(path)


def test_every_quad_pushed_comes_back(virtuoso, pushed):
    with remote.Endpoint(virtuoso["sparql"]) as ep:
        server = remote.query(ep, _QUADS)
    local = run_query(pushed, _QUADS)
    assert len(server.rows) == len(local.rows) > 50
    assert _rows(server) == _rows(local)


@pytest.mark.parametrize("name", [q.name for q in list_saved_queries() if not q.params])
def test_saved_queries_give_the_local_rows(virtuoso, pushed, name):
    with remote.Endpoint(virtuoso["sparql"]) as ep:
        server = remote.run_saved(ep, name)
    local = run_saved(pushed, name)
    assert server.vars == local.vars
    assert local.rows and _rows(server) == _rows(local)


@pytest.mark.parametrize("entity", ["NCMEC", "ada martin", "DOJ"])
def test_parameters_reach_the_server_as_terms(virtuoso, pushed, entity):
    with remote.Endpoint(virtuoso["sparql"]) as ep:
        server = remote.run_saved(ep, "facts-about", {"entity": entity})
    local = run_saved(pushed, "facts-about", {"entity": entity})
    assert local.rows and _rows(server) == _rows(local)


def test_cli_query_endpoint_prints_the_local_csv(virtuoso, pushed, tmp_path, password_env, sample_dataset):
    path = tmp_path / "local.trig"
    write_trig(sample_dataset, path)
    local = runner.invoke(app, ["query", str(path), "--saved", "facts-about", "--param", "entity=NCMEC",
                                "--format", "csv"])
    server = runner.invoke(app, ["query", "--endpoint", virtuoso["sparql_auth"], "--user", "dba",
                                 "--password-env", password_env, "--saved", "facts-about",
                                 "--param", "entity=NCMEC", "--format", "csv"])
    assert local.exit_code == 0 and server.exit_code == 0, local.output + server.output
    # confidence differs in form only ("0.90" locally, "0.9" from Virtuoso's numbers)
    assert len(server.stdout.splitlines()) == len(local.stdout.splitlines()) > 1
    assert server.stdout.splitlines()[0] == local.stdout.splitlines()[0]


def test_cli_query_endpoint_takes_query_text(virtuoso, pushed):
    result = runner.invoke(app, ["query", "--endpoint", virtuoso["sparql"],
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("2")


def test_push_again_replaces_the_document_graph(virtuoso, pushed, tmp_path, document_graph):
    changed = _dataset([document_graph("doj", text=_DOJ_V2), document_graph("thorn")])
    path = tmp_path / "v2.trig"
    write_trig(changed, path)
    for _ in range(2):   # twice: pushing is idempotent too
        result = _push(path, virtuoso)
        assert result.exit_code == 0, result.output
    local = run_query(load_graph(path), _QUADS)
    with remote.Endpoint(virtuoso["sparql"]) as ep:
        server = remote.query(ep, _QUADS)
        shas = remote.query(ep, "SELECT ?sha WHERE { ?d kg:sha256 ?sha }")
    assert len(server.rows) == len(local.rows)
    assert _rows(server) == _rows(local)
    assert {row[0] for row in shas.rows} == set(changed.objects(None, KG.sha256))   # the old sha is gone


def test_triples_outside_named_graphs_need_a_graph_on_virtuoso(virtuoso, password_env, tmp_path, document_graph):
    path = tmp_path / "flat.ttl"
    write_turtle(_dataset([document_graph("thorn")]), path)   # Turtle: all in the default graph
    result = _push(path, virtuoso)
    assert result.exit_code == 1
    assert "--default-graph" in result.output and "default graph" in result.output
    result = _push(path, virtuoso, "--default-graph", "urn:kg:test:flat")
    assert result.exit_code == 0, result.output
    with remote.Endpoint(virtuoso["sparql"]) as ep:
        n = remote.query(ep, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:kg:test:flat> { ?s ?p ?o } }")
    assert int(n.rows[0][0]) == len(load_graph(path))


def test_wrong_password_is_a_one_line_401(virtuoso, tmp_path, monkeypatch, sample_dataset):
    monkeypatch.setenv(_PASSWORD_VAR, "not-the-password")
    path = tmp_path / "g.trig"
    write_trig(sample_dataset, path)
    result = _push(path, virtuoso)
    assert result.exit_code == 1
    assert "401" in result.output and "not-the-password" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unreachable_endpoint_is_an_error(tmp_path, sample_dataset):
    path = tmp_path / "g.trig"
    write_trig(sample_dataset, path)
    port = _free_port()
    result = runner.invoke(app, ["push", str(path), "--endpoint", f"http://127.0.0.1:{port}/sparql-graph-crud"])
    assert result.exit_code == 1
    assert "cannot connect" in result.output
    result = runner.invoke(app, ["query", "--endpoint", f"http://127.0.0.1:{port}/sparql", "ASK {}"])
    assert result.exit_code == 1 and "cannot connect" in result.output


def test_password_only_from_the_environment(monkeypatch):
    monkeypatch.delenv("KG_NO_SUCH_VAR", raising=False)
    with pytest.raises(EndpointError, match="KG_NO_SUCH_VAR is not set"):
        remote.password_from_env("KG_NO_SUCH_VAR", "dba")
    with pytest.raises(EndpointError, match="--password-env"):
        remote.password_from_env(None, "dba")
    assert remote.password_from_env(None, None) is None
    result = runner.invoke(app, ["push", "x.trig", "--endpoint", "http://h/", "--password", "p"])
    assert result.exit_code == 2   # there is no --password option


def test_server_errors_are_one_line(virtuoso):
    with remote.Endpoint(virtuoso["sparql"]) as ep, pytest.raises(EndpointError) as err:
        remote.query(ep, "SELECT ?s WHERE { ?s ?p }")
    assert "HTTP 400" in str(err.value) or "HTTP 500" in str(err.value)
    assert "\n" not in str(err.value)


_DOJ_V2 = "Le ministère de la Justice poursuit Ada Martin. Le NCMEC reçoit des signalements chaque jour."
