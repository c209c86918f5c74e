"""Serve a graph: Oxigraph's SPARQL endpoint and query UI, and the graph view on the next port."""

from __future__ import annotations

import functools
import gc
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError, KGError

DEFAULT_PORT = 7878
# oxigraph --timeout-s: a query's evaluation is cancelled after that many seconds (checked between
# steps, so a heavy join can overrun it). Results stream, so a cancelled SELECT has already answered
# HTTP 200 and its body stops with "The SPARQL operation has been cancelled"; the client sees a broken
# result. The same value bounds each HTTP exchange (60 s without the option); updates are not cancelled.
DEFAULT_TIMEOUT = 60
_READY_SECONDS = 30       # how long the endpoint may take to answer its first request
_STOP_SECONDS = 5         # how long oxigraph may take to exit before it is killed

# A Turtle or N-Triples file holds one graph; this puts each triple back into the named graph of
# the document it comes from, as kg.rdf.document_quads makes them (<base>graph/<slug> for the
# document <base>document/<slug>). Descriptions of entities and relation properties go to every
# document that mentions or uses them; anything that names no document stays in the default graph.
_SPLIT_BY_DOCUMENT = """
PREFIX kg: <https://example.org/kg#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT { GRAPH ?g { ?x ?p ?o } } WHERE {
  { ?x a kg:Document . BIND(?x AS ?d) }
  UNION { ?x a kg:Sentence ; dcterms:isPartOf ?d }
  UNION { ?x a kg:Statement ; prov:wasDerivedFrom/dcterms:isPartOf ?d }
  ?x ?p ?o .
  BIND(IRI(REPLACE(STR(?d), "/document/([^/#]*)$", "/graph/$1")) AS ?g)
} ;
INSERT { GRAPH ?g { ?e ?p ?o } } WHERE {
  { ?e kg:mentionedIn/dcterms:isPartOf ?d }
  UNION { ?st a kg:Statement ; rdf:subject|rdf:object ?e ; prov:wasDerivedFrom/dcterms:isPartOf ?d }
  ?e ?p ?o .
  FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel))
  BIND(IRI(REPLACE(STR(?d), "/document/([^/#]*)$", "/graph/$1")) AS ?g)
} ;
INSERT { GRAPH ?g { ?e kg:mentionedIn ?sent } } WHERE {
  ?e kg:mentionedIn ?sent .
  ?sent dcterms:isPartOf ?d .
  BIND(IRI(REPLACE(STR(?d), "/document/([^/#]*)$", "/graph/$1")) AS ?g)
} ;
INSERT { GRAPH ?g { ?s ?p ?o . ?p ?pp ?po . ?base ?bp ?bo } } WHERE {
  ?st a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom/dcterms:isPartOf ?d .
  ?s ?p ?o .
  ?p ?pp ?po .
  OPTIONAL { ?p kg:negationOf ?base . ?base ?bp ?bo }
  BIND(IRI(REPLACE(STR(?d), "/document/([^/#]*)$", "/graph/$1")) AS ?g)
} ;
DELETE { ?s ?p ?o } WHERE { ?s ?p ?o . FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }
"""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: int = DEFAULT_TIMEOUT   # seconds, oxigraph's --timeout-s
    writable: bool = False


@dataclass(frozen=True, slots=True)
class Urls:
    endpoint: str        # SPARQL 1.1 Protocol query endpoint
    update: str          # update endpoint (refused with 403 when read-only)
    ui: str              # Oxigraph's YASGUI query page
    view: str            # the pyvis graph view


@dataclass(slots=True)
class _Running:
    workdir: Path
    child: subprocess.Popen | None = None
    view_server: http.server.ThreadingHTTPServer | None = None
    view_thread: threading.Thread | None = None
    log: Path | None = None


class _Stop(Exception):
    """Raised by the SIGINT/SIGTERM handler to leave the wait loop."""


# ---------------------------------------------------------------- checks

def find_oxigraph() -> Path:
    """The `oxigraph` binary: $KG_OXIGRAPH, else the one installed next to this Python, else on PATH."""
    env = os.environ.get("KG_OXIGRAPH")
    if env:
        if not (Path(env).is_file() and os.access(env, os.X_OK)):
            raise KGError(f"KG_OXIGRAPH={env}: not an executable file")
        return Path(env)
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        raise KGError("the oxigraph server binary was not found (next to "
                      f"{sys.executable} or on PATH); install it with: pip install 'oxigraph>=0.5,<0.6'")
    return Path(found)


def _addresses(host: str, port: int) -> list[tuple]:
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise KGError(f"--host {host}: cannot resolve it ({err.strerror})") from err


def check_port(host: str, port: int, what: str) -> None:
    """Fail if something already listens on host:port (a socket lingering in TIME_WAIT is fine)."""
    if not 0 < port < 65536:
        raise KGError(f"port {port} for the {what} is out of range (1-65535); choose another --port")
    for family, kind, proto, _, addr in _addresses(host, port):
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(addr)
            except OSError as err:
                raise KGError(f"port {port} on {host} ({what}) is not free ({err.strerror}); "
                              f"choose another with --port") from err


def _netloc(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def urls_for(host: str, port: int) -> Urls:
    base = f"http://{_netloc(host, port)}"
    return Urls(f"{base}/query", f"{base}/update", f"{base}/", f"http://{_netloc(host, port + 1)}/")


# ---------------------------------------------------------------- the store to serve

def _graph_file(graph: Path) -> Path:
    """GRAPH itself, or the graph.ttl of a `kg build` output folder."""
    from kg.store import is_store

    if graph.is_dir() and not is_store(graph) and (graph / "graph.ttl").is_file():
        return graph / "graph.ttl"
    return graph


def load_into_store(dataset, location: Path) -> int:
    """Bulk-load an rdflib Dataset into a new Oxigraph store folder, one named graph per document.

    A dataset with named graphs (TriG, N-Quads) keeps them; one without (Turtle, N-Triples) has its
    triples put back into their documents' graphs. Returns the number of quads stored.
    """
    from kg.store import to_ox_quads

    store = ox.Store(str(location))
    try:
        store.bulk_extend(to_ox_quads(dataset.quads((None, None, None, None))))
        if not any(True for _ in store.named_graphs()):
            store.update(_SPLIT_BY_DOCUMENT)
        store.flush()
        return len(store)
    except (OSError, RuntimeError, ValueError, SyntaxError) as err:
        raise GraphError(f"{location}: cannot build the store to serve ({err})") from err
    finally:
        # the folder lock is released when the Store is freed; oxigraph opens it next
        del store
        gc.collect()


# ---------------------------------------------------------------- the view server

class _ViewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of one folder (the view page), without logging every request."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def list_directory(self, path):  # noqa: ANN001 - stdlib signature
        self.send_error(404, "Not found")
        return None

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


class _ViewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr: tuple, family: int, folder: Path) -> None:
        self.address_family = family
        super().__init__(addr, functools.partial(_ViewHandler, directory=str(folder)))


def _start_view_server(host: str, port: int, folder: Path) -> _ViewServer:
    family, _, _, _, addr = _addresses(host, port)[0]
    try:
        server = _ViewServer(addr, family, folder)
    except OSError as err:
        raise KGError(f"port {port} on {host} (graph view) is not free ({err.strerror}); "
                      f"choose another with --port") from err
    return server


# ---------------------------------------------------------------- the oxigraph child

def _parent_death_signal() -> Callable[[], None] | None:
    """A function for the child to run before exec so that it gets SIGTERM if kg dies without
    cleaning up (SIGKILL); Linux only. Resolved here, since the forked child should only call it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)    # 1 = PR_SET_PDEATHSIG


def oxigraph_command(binary: Path, location: Path, options: ServeOptions) -> list[str]:
    """The argument list that serves a store folder (read-only unless writable), union default graph."""
    return [str(binary), "serve" if options.writable else "serve-read-only",
            "--location", str(location), "--bind", _netloc(options.host, options.port),
            "--union-default-graph", "--timeout-s", str(options.timeout)]


def _last_line(log: Path | None) -> str:
    if log is None or not log.is_file():
        return ""
    lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if line.strip()]
    return lines[-1] if lines else ""


def _wait_ready(run: _Running, host: str, port: int) -> None:
    """Until GET /query answers (the service description), the child exits, or time runs out."""
    probe = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    deadline = time.monotonic() + _READY_SECONDS
    while time.monotonic() < deadline:
        if run.child.poll() is not None:
            detail = _last_line(run.log) or f"exit code {run.child.returncode}"
            raise KGError(f"oxigraph did not start: {detail}")
        conn = http.client.HTTPConnection(probe, port, timeout=2)
        try:
            conn.request("GET", "/query")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.1)
    raise KGError(f"oxigraph did not answer on {_netloc(host, port)} within {_READY_SECONDS} s")


def _stop(run: _Running) -> None:
    """Stop the child and the view server, remove the temporary folders; safe to call twice."""
    child, run.child = run.child, None
    if child is not None and child.poll() is None:
        child.terminate()
        try:
            child.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    server, run.view_server = run.view_server, None
    if server is not None:
        server.shutdown()
        server.server_close()
    if run.view_thread is not None:
        run.view_thread.join(_STOP_SECONDS)
        run.view_thread = None
    shutil.rmtree(run.workdir, ignore_errors=True)


# ---------------------------------------------------------------- the command

def serve(graph: Path, options: ServeOptions, announce: Callable[[str], None] = print) -> None:
    """Serve GRAPH (a store folder, or an RDF file loaded into a temporary store) until SIGINT/SIGTERM.

    Args:
        announce: called with each line for the user (the startup line), before blocking.
    """
    from kg.store import is_store, load_graph
    from kg.view import write_view

    binary = find_oxigraph()
    source = _graph_file(graph)
    if not source.exists():
        raise GraphError(f"{graph}: no such file or store folder")
    check_port(options.host, options.port, "SPARQL endpoint")
    check_port(options.host, options.port + 1, "graph view")
    dataset = load_graph(source)    # validates the file or store; the view needs it too

    run = _Running(Path(tempfile.mkdtemp(prefix="kg-serve-")))
    handlers = _install_handlers()
    try:
        view_dir = run.workdir / "view"
        view_dir.mkdir()
        write_view(dataset, view_dir / "index.html")
        if is_store(source):
            location = source
        else:
            location = run.workdir / "store"
            load_into_store(dataset, location)
        del dataset
        run.log = run.workdir / "oxigraph.log"
        with open(run.log, "wb") as log:
            run.child = subprocess.Popen(oxigraph_command(binary, location, options), stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log,
                                         preexec_fn=_parent_death_signal())
        _wait_ready(run, options.host, options.port)
        run.view_server = _start_view_server(options.host, options.port + 1, view_dir)
        run.view_thread = threading.Thread(target=run.view_server.serve_forever, kwargs={"poll_interval": 0.2},
                                           name="kg-view-server", daemon=True)
        run.view_thread.start()

        urls = urls_for(options.host, options.port)
        mode = "read-only" if not options.writable else (
            "writable" if is_store(source) else "writable; changes go to a temporary copy and are lost on exit")
        update = f", SPARQL update {urls.update}" if options.writable else ""
        announce(f"Serving {graph} ({mode}) — SPARQL endpoint {urls.endpoint}{update}, query UI {urls.ui}, "
                 f"graph view {urls.view}")
        announce(f"Queries are cancelled after {options.timeout} s. Press Ctrl-C to stop.")
        if options.host not in ("127.0.0.1", "::1", "localhost"):
            announce(f"Warning: listening on {options.host}, so other machines may reach the endpoint.")
        code = run.child.wait()
        raise KGError(f"oxigraph stopped unexpectedly (exit code {code}): {_last_line(run.log)}")
    except _Stop:
        return
    finally:
        _ignore_signals(handlers)    # a second Ctrl-C must not interrupt the cleanup
        _stop(run)
        _restore_handlers(handlers)


def _install_handlers() -> dict[int, object]:
    """SIGINT and SIGTERM end the wait (main thread only: signal handlers live there)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum: int, frame: object) -> None:
        raise _Stop()

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}


def _ignore_signals(handlers: dict[int, object]) -> None:
    for sig in handlers:
        signal.signal(sig, signal.SIG_IGN)


def _restore_handlers(handlers: dict[int, object]) -> None:
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
