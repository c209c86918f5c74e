"""A SPARQL server as the shared store: push named graphs (Graph Store Protocol), query (SPARQL Protocol).

Pushing PUTs each named graph (one per document) with `?graph=IRI`, so a rebuilt document replaces
its graph instead of adding to it; triples outside named graphs go to `?default`, or to a named graph
given with `default_graph` (Virtuoso's /sparql-graph-crud-auth has no default graph to PUT into).
Credentials come from an environment variable; basic or digest auth follows the server's challenge
(Virtuoso's *-auth endpoints ask for digest).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import requests
from rdflib import Graph
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import EndpointError
from kg.query import QueryResult, binding_term, check_params, saved_query
from kg.rdf import PREFIXES
from kg.store import Source, from_ox, to_ox, to_ox_quads

_NTRIPLES = "application/n-triples"
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_QUERY = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9, text/turtle;q=0.8"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.I | re.M)
# connect, read: a big named graph or a slow aggregate may take a while on a busy server
_TIMEOUT = (10.0, 300.0)


def password_from_env(var: str | None, user: str | None) -> str | None:
    """The password held by environment variable `var`; passwords never travel on the command line."""
    if var is None:
        if user is not None:
            raise EndpointError(f"--user {user} needs --password-env VAR, the environment variable holding "
                                "its password")
        return None
    if user is None:
        raise EndpointError(f"--password-env {var} needs --user NAME")
    password = os.environ.get(var)
    if password is None:
        raise EndpointError(f"environment variable {var} is not set; export {var}=... with the password of "
                            f"{user}")
    return password


class Endpoint:
    """One HTTP session to a SPARQL server; answers a 401 challenge with basic or digest auth."""

    def __init__(self, url: str, user: str | None = None, password: str | None = None) -> None:
        if not re.match(r"https?://", url):
            raise EndpointError(f"{url}: not an http(s) URL; give the endpoint like "
                                "http://localhost:8890/sparql-graph-crud-auth")
        self.url = url
        self.user, self.password = user, password
        self.session = requests.Session()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, **kwargs) -> requests.Response:
        """Send to the endpoint URL; an error status or a network failure becomes an EndpointError."""
        resp = self._send(method, **kwargs)
        if resp.status_code == 401 and self.user is not None and self.session.auth is None:
            self.session.auth = self._auth_for(resp.headers.get("WWW-Authenticate", ""))
            resp = self._send(method, **kwargs)
        if resp.status_code == 401:
            who = f"user {self.user}" if self.user else "anonymous access"
            raise EndpointError(f"{self.url}: 401 Unauthorized for {who}; "
                                + ("check --user and the password in --password-env" if self.user
                                   else "give --user NAME --password-env VAR"))
        if resp.status_code >= 400:
            raise EndpointError(f"{self.url}: HTTP {resp.status_code} {resp.reason}: {_server_message(resp)}")
        return resp

    def _auth_for(self, challenge: str) -> AuthBase:
        # digest when the server asks for it: the password never crosses the wire
        if "digest" in challenge.lower():
            return HTTPDigestAuth(self.user, self.password or "")
        return HTTPBasicAuth(self.user, self.password or "")

    def _send(self, method: str, **kwargs) -> requests.Response:
        try:
            return self.session.request(method, self.url, timeout=_TIMEOUT, **kwargs)
        except requests.ConnectionError as err:
            raise EndpointError(f"{self.url}: cannot connect ({_reason(err)}); is the server running?") from None
        except requests.Timeout:
            raise EndpointError(f"{self.url}: no answer within {_TIMEOUT[1]:.0f} s") from None
        except requests.RequestException as err:
            raise EndpointError(f"{self.url}: request failed ({_reason(err)})") from None


def _reason(err: Exception) -> str:
    """The "Connection refused" part of urllib3's nested reprs."""
    text = str(err)
    m = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", text)
    return " ".join((m.group(1) if m else text).split())[:160]


def _server_message(resp: requests.Response) -> str:
    """The server's error text on one line: Virtuoso answers in HTML, others in plain text."""
    text = resp.text or ""
    m = re.search(r"<xmp>(.*?)</xmp>", text, re.S | re.I)
    if m:
        text = m.group(1)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())[:300] or "(no message)"


# ---------------------------------------------------------------- push (Graph Store Protocol)

@dataclass(slots=True)
class PushSummary:
    graphs: int = 0      # named graphs replaced on the server
    triples: int = 0     # triples sent, default graph included
    default: int = 0     # triples outside named graphs

    def describe(self) -> str:
        extra = f", {self.default} in the default graph" if self.default else ""
        return f"{self.graphs} named graphs, {self.triples} triples{extra}"


def graph_payloads(source: Source) -> Iterator[tuple[str | None, int, bytes]]:
    """(graph IRI or None for the default graph, triple count, N-Triples) for every graph of source,
    named graphs in IRI order; a store is read one graph at a time."""
    store = source if isinstance(source, ox.Store) else _to_store(source)
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    if default:
        yield None, len(default), _ntriples(default)
    del default
    for g in sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value):
        quads = list(store.quads_for_pattern(None, None, None, g))
        yield g.value, len(quads), _ntriples(quads)


def _to_store(dataset) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(to_ox_quads(dataset.quads((None, None, None, None))))
    return store


def _ntriples(quads: list[ox.Quad]) -> bytes:
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES)


def push(source: Source, endpoint: Endpoint, default_graph: str | None = None,
         on_graph: Callable[[str | None], None] | None = None) -> PushSummary:
    """PUT every graph of source to a Graph Store Protocol endpoint, replacing what the server held."""
    summary = PushSummary()
    for iri, count, body in graph_payloads(source):
        target = iri or default_graph
        params = {"graph": target} if target else {"default": ""}
        try:
            endpoint.request("PUT", params=params, data=body, headers={"Content-Type": _NTRIPLES})
        except EndpointError as err:
            if target is None:   # e.g. Virtuoso: "the endpoint is not configured to have default graph"
                raise EndpointError(f"{err}; {count} triples are outside named graphs: pass --default-graph IRI "
                                    "to put them in a named graph") from None
            raise
        summary.triples += count
        if iri is None:
            summary.default += count
        else:
            summary.graphs += 1
        if on_graph is not None:
            on_graph(iri)
    return summary


# ---------------------------------------------------------------- query (SPARQL Protocol)

def with_prefixes(query_text: str) -> str:
    """kg's prefixes declared ahead of the query, except those the query declares itself."""
    declared = {m.group(1) for m in _PREFIX_DECL.finditer(query_text)}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + query_text


def with_values(query_text: str, bindings: dict[str, str] | None) -> str:
    """Bindings as a VALUES block opening the WHERE group, the SPARQL Protocol having no initBindings.

    At the start of the group, as with initBindings, FILTERs see the bound values (a trailing VALUES
    joins after them). Each value is an RDF term written by pyoxigraph (escaped N-Triples), never raw text.
    """
    if not bindings:
        return query_text
    names = [n.lstrip("?$") for n in bindings]
    for n in names:
        if not re.fullmatch(r"\w+", n):
            raise EndpointError(f"parameter name '{n}' is not a SPARQL variable name")
    terms = [str(to_ox(binding_term(v))) for v in bindings.values()]
    at = _where_brace(query_text)
    if at < 0:
        raise EndpointError("cannot bind parameters: the query has no WHERE { ... } group")
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }}\n"
    return query_text[:at + 1] + block + query_text[at + 1:]


# what may hide a brace or the WHERE keyword: comments, strings, IRIs
_SKIP = re.compile(r'#[^\n]*|"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                   r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>")


def _where_brace(text: str) -> int:
    """Offset of the `{` opening the WHERE group: after the WHERE keyword, else the first `{`."""
    first = where = -1
    pos = 0
    while pos < len(text):
        m = _SKIP.match(text, pos)
        if m:
            pos = m.end()
            continue
        if text[pos] == "{":
            if where >= 0:
                return pos
            if first < 0:
                first = pos
        elif where < 0 and text[pos:pos + 5].upper() == "WHERE" and not text[pos - 1:pos].isalnum() \
                and not text[pos + 5:pos + 6].isalnum():
            where = pos
        pos += 1
    return first if where < 0 else -1


def query(endpoint: Endpoint, query_text: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL on the server; the result has the same shape (and rows) as kg.query.run_query's."""
    text = with_values(with_prefixes(query_text), bindings)
    resp = endpoint.request("POST", data={"query": text}, headers={"Accept": _ACCEPT_QUERY})
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "json" in ctype:
        return _result_from_json(resp.content)
    fmt = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
           "text/turtle": ox.RdfFormat.TURTLE}.get(ctype)
    if fmt is None:
        raise EndpointError(f"{endpoint.url}: unexpected answer of type '{ctype or 'unknown'}'; "
                            "is this a SPARQL query endpoint (e.g. .../sparql)?")
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    try:
        for t in ox.parse(resp.content, format=fmt):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    except SyntaxError as err:
        raise EndpointError(f"{endpoint.url}: unreadable {ctype} answer ({err})") from err
    return QueryResult("graph", graph=graph)


def run_saved(endpoint: Endpoint, name: str, params: dict[str, str] | None = None) -> QueryResult:
    """A saved query (ontology/queries/NAME.rq) on the server."""
    q = saved_query(name)
    return query(endpoint, q.text, check_params(q, params))


def _result_from_json(data: bytes) -> QueryResult:
    """W3C JSON results, re-written by pyoxigraph so every output format matches a local query's."""
    try:
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise EndpointError(f"unreadable SPARQL JSON results ({err})") from err
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed),
                           json=json.dumps({"head": {}, "boolean": bool(parsed)}).encode())
    names = [v.value for v in parsed.variables]
    rows = [tuple(None if (t := sol[n]) is None else from_ox(_canonical(t)) for n in names) for sol in parsed]
    return QueryResult("select", vars=names, rows=rows, json=_results_json(names, rows))


def _canonical(term):
    # Virtuoso writes booleans as "1"/"0" in JSON results (its N-Triples say "true")
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_BOOLEAN and term.value in ("1", "0"):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def _results_json(names: list[str], rows: list[tuple]) -> bytes:
    def cell(term) -> dict[str, str]:
        t = to_ox(term)
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out

    bindings = [{n: cell(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")
