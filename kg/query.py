"""SPARQL over an rdflib Dataset or a pyoxigraph Store; saved queries live in ontology/queries/*.rq."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError
from kg.ontology import ontology_dir
from kg.rdf import PREFIXES
from kg.store import Source, from_ox, to_ox

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_OX_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                      "tsv": ox.QueryResultsFormat.TSV}
_HEADER = re.compile(r"#\s*(title|answers|param):\s*(.*)")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    help: str


@dataclass(frozen=True, slots=True)
class SavedQuery:
    name: str           # file stem: "facts-about"
    title: str
    answers: str        # the question it answers
    params: tuple[Param, ...]
    text: str
    path: Path


@dataclass(slots=True)
class QueryResult:
    kind: str                          # "select", "ask" or "graph" (CONSTRUCT, DESCRIBE)
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None
    json: bytes = b""                  # W3C SPARQL 1.1 Query Results JSON, as the engine wrote it


# ---------------------------------------------------------------- saved queries

def queries_dir() -> Path:
    return ontology_dir() / "queries"


def read_saved_query(path: Path) -> SavedQuery:
    """A .rq file whose leading comments give `# title:`, `# answers:` and `# param: name — help`."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m is None:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            name, _, help_text = value.partition(" — ") if " — " in value else value.partition(" - ")
            params.append(Param(name.strip().lstrip("?$"), help_text.strip()))
        else:
            meta[key] = value
    return SavedQuery(path.stem, meta.get("title", path.stem), meta.get("answers", ""), tuple(params), text, path)


def list_saved_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    return [read_saved_query(p) for p in sorted(queries_dir().glob("*.rq"))]


def saved_query(name: str) -> SavedQuery:
    path = queries_dir() / f"{name}.rq"
    if not path.is_file() or "/" in name:
        names = ", ".join(q.name for q in list_saved_queries())
        raise QueryError(f"Unknown saved query '{name}'. Available: {names}")
    return read_saved_query(path)


def check_params(query: SavedQuery, params: dict[str, str] | None) -> dict[str, str]:
    """The parameters a saved query declares, all given and no others."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        expected = ", ".join(declared) or "none"
        raise QueryError(f"saved query '{query.name}' has no parameter {', '.join(unknown)} (expected: {expected})")
    missing = [p for p in query.params if p.name not in params]
    if missing:
        raise QueryError("; ".join(f"saved query '{query.name}' needs --param {p.name}=... ({p.help})"
                                   for p in missing))
    return params


# ---------------------------------------------------------------- running

def binding_term(value: str) -> Node:
    """A --param value as an RDF term: `<iri>` is an IRI, anything else a plain string literal."""
    if value.startswith("<") and value.endswith(">"):
        try:
            ox.NamedNode(value[1:-1])   # validates the IRI
        except ValueError as err:
            raise QueryError(f"parameter value {value}: not a valid IRI ({err})") from err
        return URIRef(value[1:-1])
    return Literal(value)


def run_query(source: Source, query_text: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run SPARQL on a Dataset (rdflib) or a Store (pyoxigraph), the default graph being the union.

    kg's usual prefixes are declared unless the query declares them. `bindings` reach the query as
    RDF terms, never as pasted text: rdflib `initBindings`; for pyoxigraph a VALUES block of terms
    its serialiser escapes (or `substitutions` when the query has no WHERE group).
    """
    terms: dict[str, Node] = {}
    for name, value in (bindings or {}).items():
        try:
            ox.Variable(name.lstrip("?$"))
        except ValueError:
            raise QueryError(f"parameter name '{name}' is not a SPARQL variable name") from None
        terms[name.lstrip("?$")] = binding_term(value)
    if isinstance(source, ox.Store):
        return _run_oxigraph(source, query_text, terms)
    return _run_rdflib(source, query_text, terms)


def run_saved(source: Source, name: str, params: dict[str, str] | None = None) -> QueryResult:
    query = saved_query(name)
    return run_query(source, query.text, check_params(query, params))


def _run_oxigraph(store: ox.Store, text: str, terms: dict[str, Node]) -> QueryResult:
    ox_terms = {ox.Variable(k): to_ox(v) for k, v in terms.items()}
    # Oxigraph applies `substitutions` after evaluating the whole query (SEP-0007 semantics): 560 ms
    # against 1 ms for a VALUES block on a 1M-quad store. So bound values enter as a VALUES block at
    # the top of the WHERE group, written by pyoxigraph's own term serialiser (escaped N-Triples
    # syntax, so a value cannot end the block); substitutions only where no WHERE group is found.
    injected = _with_values(text, ox_terms) if ox_terms else None
    options = {"prefixes": dict(PREFIXES), "use_default_graph_as_union": True}
    try:
        try:
            res = (store.query(injected, **options) if injected is not None
                   else store.query(text, substitutions=ox_terms, **options))
        except SyntaxError:
            if injected is None:
                raise
            # the error at the user's own position, or a form VALUES cannot enter (CONSTRUCT WHERE {...})
            res = store.query(text, substitutions=ox_terms, **options)
        if isinstance(res, ox.QueryBoolean | ox.QuerySolutions):
            return _from_json(res.serialize(format=ox.QueryResultsFormat.JSON))
        graph = _new_graph()
        for t in res:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return QueryResult("graph", graph=graph)
    except SyntaxError as err:
        raise QueryError(_ox_syntax_message(err)) from err
    except (RuntimeError, OSError, ValueError) as err:
        msg = str(err)
        m = re.search(r"does not contains? variable \?(\w+) in its SELECT projection", msg)
        if m:
            msg = (f"parameter ?{m.group(1)} must be a variable of the SELECT clause "
                   f"(pyoxigraph substitutes projected variables only)")
        raise QueryError(f"query failed: {msg}") from err


_Q1, _Q3 = "'", '"'
_TOKEN = re.compile("|".join([
    r"(?P<skip>\#[^\n]*",                                                  # comment
    f"{_Q1 * 3}(?:[^{_Q1}\\\\]|\\\\.|{_Q1}(?!{_Q1 * 2}))*{_Q1 * 3}",       # long strings
    f"{_Q3 * 3}(?:[^{_Q3}\\\\]|\\\\.|{_Q3}(?!{_Q3 * 2}))*{_Q3 * 3}",
    r"'(?:[^'\\\n]|\\.)*'", r'"(?:[^"\\\n]|\\.)*"',                         # strings
    r'<[^<>"{}|^`\\\x00-\x20]*>',                                          # IRIs
    r"[?$]\w+", r"\w*:[\w.-]*)",                                            # variables, prefixed names
    r"(?P<word>[A-Za-z]+)", r"(?P<open>[{(])", r"(?P<close>[})])",
]))


def _with_values(text: str, terms: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str | None:
    """The query with `VALUES (?a ?b) { (term term) }` first in its WHERE group; None if it has none."""
    depth, form, after_where, first_open = 0, "", False, None
    for m in _TOKEN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "word" and depth == 0:
            word = token.upper()
            if not form and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            after_where = after_where or word == "WHERE"
        elif kind == "open":
            if depth == 0 and token == "{":
                # SELECT and ASK may omit WHERE; CONSTRUCT's first group is its template
                if after_where or (form in ("SELECT", "ASK") and first_open is None):
                    first_open = m.end()
                    if after_where:
                        break
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        return None
    names = " ".join(str(v) for v in terms)
    values = " ".join(str(t) for t in terms.values())
    return f"{text[:first_open]} VALUES ({names}) {{ ({values}) }}{text[first_open:]}"


def _ox_syntax_message(err: SyntaxError) -> str:
    """One line: Oxigraph lists every character class it expected, over several lines."""
    msg = " ".join(str(err).split())
    m = re.match(r"error at (\d+):(\d+): (.*)", msg)
    where, what = (f" at line {m.group(1)}, column {m.group(2)}", m.group(3)) if m else ("", msg)
    if len(what) > 160:
        what = what[:160].rsplit(" ", 1)[0] + " …"
    return f"SPARQL syntax error{where}: {what}"


def _run_rdflib(graph: Graph, text: str, terms: dict[str, Node]) -> QueryResult:
    from pyparsing import ParseBaseException

    try:
        res = graph.query(text, initNs=PREFIXES, initBindings=terms)
        if res.type in ("SELECT", "ASK"):
            return _from_json(res.serialize(format="json"))
        out = _new_graph()
        for t in res.graph if res.graph is not None else ():
            out.add(t)
        return QueryResult("graph", graph=out)
    except ParseBaseException as err:
        raise QueryError(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}") from err
    except QueryError:
        raise
    except Exception as err:  # noqa: BLE001 - rdflib raises plain Exceptions for unknown prefixes etc.
        raise QueryError(f"query failed: {err}") from err


def _from_json(data: bytes) -> QueryResult:
    """Rows read back from the engine's own W3C JSON results, so both engines give the same records."""
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(parsed), json=data)
    names = [v.value for v in parsed.variables]
    rows = [tuple(None if (t := sol[name]) is None else from_ox(t) for name in names) for sol in parsed]
    return QueryResult("select", vars=names, rows=rows, json=data)


def _new_graph() -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


# ---------------------------------------------------------------- output

def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """W3C results in JSON, CSV or TSV (pyoxigraph's writers); CONSTRUCT/DESCRIBE results as Turtle."""
    if result.kind == "graph":
        return result.graph.serialize(format="turtle").encode("utf-8")
    if fmt == "json":
        return result.json
    if fmt not in _OX_RESULT_FORMATS:
        raise QueryError(f"Unknown result format '{fmt}'. Available: {', '.join(RESULT_FORMATS)}")
    return ox.parse_query_results(result.json, ox.QueryResultsFormat.JSON).serialize(
        format=_OX_RESULT_FORMATS[fmt])


def compact(term: Node | None) -> str:
    """A term for people: prefixed IRIs (kg:Person), literal values without quotes."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
        if best is not None and re.fullmatch(r"[\w.-]*", iri[len(best):]):
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{iri[len(best):]}"
        return iri
    return str(term)


def print_table(result: QueryResult, console=None) -> None:
    """A rich table on stdout (or the given console); graphs print as Turtle."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if result.kind == "graph":
        console.print(serialize_result(result, "table").decode("utf-8"), markup=False, highlight=False,
                      end="")
        return
    if result.kind == "ask":
        console.print("yes" if result.boolean else "no")
        return
    table = Table(*result.vars, show_lines=False)
    for row in result.rows:
        table.add_row(*(compact(t) for t in row))
    console.print(table)
