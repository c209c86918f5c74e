"""kg.query: SPARQL on rdflib and pyoxigraph alike, saved queries, safe parameters, result formats."""

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from kg.errors import QueryError
from kg.query import (
    check_params,
    list_saved_queries,
    print_table,
    run_query,
    run_saved,
    saved_query,
    serialize_result,
)
from kg.rdf import Terms
from kg.store import GraphStore, open_store

runner = CliRunner()
TERMS = Terms()
SAVED = ["entities-by-type", "facts-about", "facts-by-document", "receives-or-reports", "relations-by-type",
         "who-prosecutes-whom"]
PARAMS = {"facts-about": {"entity": "ncmec"}, "facts-by-document": {"doc": "doj"}}


@pytest.fixture
def store_dir(sample_graphs, tmp_path):
    with GraphStore(tmp_path / "store") as gs:
        gs.update_documents(sample_graphs, TERMS)
    return tmp_path / "store"


@pytest.fixture(params=["rdflib", "pyoxigraph"])
def source(request, sample_dataset, store_dir):
    """The same two documents as an rdflib Dataset and as a pyoxigraph store."""
    return sample_dataset if request.param == "rdflib" else open_store(store_dir)


def values(result):
    """Rows as Python values: engines may differ in lexical form ("0.90" vs "0.9"), never in value."""
    return [tuple(None if t is None else t.toPython() for t in row) for row in result.rows]


# ---------------------------------------------------------------- saved queries

def test_saved_queries_are_listed_with_title_answer_and_params():
    queries = {q.name: q for q in list_saved_queries()}
    assert sorted(queries) == SAVED
    for q in queries.values():
        assert q.title and q.answers, q.name
        assert q.text.startswith("# title: ")
    assert [(p.name, p.help) for p in queries["facts-about"].params] == [
        ("entity", "label or alias of the entity")]
    assert [p.name for p in queries["facts-by-document"].params] == ["doc"]


def test_unknown_saved_query_lists_the_choices():
    with pytest.raises(QueryError, match="Unknown saved query 'x'. Available: entities-by-type, facts-about, "):
        saved_query("x")


def test_saved_query_params_are_checked():
    q = saved_query("facts-about")
    with pytest.raises(QueryError, match=r"needs --param entity=\.\.\. \(label or alias of the entity\)"):
        check_params(q, {})
    with pytest.raises(QueryError, match="has no parameter doc"):
        check_params(q, {"entity": "x", "doc": "y"})


@pytest.mark.parametrize("name", SAVED)
def test_saved_queries_give_the_same_rows_in_rdflib_and_pyoxigraph(sample_dataset, store_dir, name):
    in_rdflib = run_saved(sample_dataset, name, PARAMS.get(name))
    in_oxigraph = run_saved(open_store(store_dir), name, PARAMS.get(name))
    assert in_rdflib.vars == in_oxigraph.vars
    assert values(in_rdflib) == values(in_oxigraph)
    assert in_rdflib.rows, name


def test_who_prosecutes_whom(source):
    rows = run_saved(source, "who-prosecutes-whom").rows
    # the negated "does not prosecute" of the thorn document is left out
    assert [(str(r[0]), str(r[1]), str(r[3])) for r in rows] == [("Department of Justice", "Ada Martin", "doj")]


def test_receives_or_reports(source):
    rows = run_saved(source, "receives-or-reports").rows
    assert [(str(r[0]), str(r[1]), str(r[2]), str(r[3] or "")) for r in rows] == [
        ("NCMEC", "receives", "signalement", "450 signalements par mois"),
        ("Thorn", "reports", "abuse", ""),
    ]


@pytest.mark.parametrize("name", ["NCMEC", "ncmec", "Centre National"])   # label or alias, any case
def test_facts_about_matches_labels_and_aliases(source, name):
    result = run_saved(source, "facts-about", {"entity": name})
    assert {(str(r[1]), str(r[2]), str(r[3])) for r in result.rows} == {
        ("NCMEC", "receives", "signalement"), ("NCMEC", "not prosecutes", 'Bob "the builder" {}')}
    assert all(r[-1] for r in result.rows)   # with the source sentence


def test_facts_by_document_in_text_order(source):
    result = run_saved(source, "facts-by-document", {"doc": "doj"})
    assert [(r[1].toPython(), str(r[4])) for r in result.rows] == [(0, "prosecutes"), (48, "receives")]
    assert run_saved(source, "facts-by-document", {"doc": "seeds/thorn.txt"}).rows   # or by path


def test_counts(source):
    relations = {str(r[1]): (r[2].toPython(), r[3].toPython())
                 for r in run_saved(source, "relations-by-type").rows}
    assert relations == {"prosecutes": (1, 0), "receives": (1, 0), "reports": (1, 0), "not prosecutes": (1, 1)}
    types = {str(r[0]).rsplit("#")[-1]: r[1].toPython() for r in run_saved(source, "entities-by-type").rows}
    assert types == {"Organization": 3, "Person": 2, "Concept": 2}


# ---------------------------------------------------------------- parameters cannot alter a query

@pytest.mark.parametrize("evil", [
    '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o } #',
    'x")) || true || LCASE(("',
    "NCMEC\" . } UNION { ?e ?p ?name } #",
    "}\n}",
    'a\\"b',
    "<https://example.org/kg/id/organization/ncmec>",
])
def test_a_parameter_is_a_value_never_query_text(source, evil):
    before = len(source)
    result = run_saved(source, "facts-about", {"entity": evil})
    assert result.rows == []            # no label equals the text, whatever it contains
    assert len(source) == before


def test_a_label_with_quotes_and_braces_is_found_as_written(source):
    rows = run_saved(source, "facts-about", {"entity": 'BOB "the builder" {}'}).rows
    assert [str(r[0]) for r in rows] == ['BOB "the builder" {}']


def test_iri_parameters(source):
    ncmec = "https://example.org/kg/id/organization/ncmec"
    q = "SELECT ?e ?label WHERE { ?e rdfs:label ?label }"
    rows = run_query(source, q, {"e": f"<{ncmec}>"}).rows
    assert {(r[0], str(r[1])) for r in rows} == {(URIRef(ncmec), "NCMEC")}
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(source, q, {"e": "<not an iri>"})


def test_parameters_need_not_be_projected(source):
    q = "SELECT ?d WHERE { ?d dcterms:identifier ?id }"
    assert [str(r[0]) for r in run_query(source, q, {"id": "thorn"}).rows] == [str(TERMS.document("thorn"))]


@pytest.mark.parametrize("query, expected", [
    # no WHERE group for a VALUES block: pyoxigraph substitutions, rdflib initBindings
    ("CONSTRUCT WHERE { ?d dcterms:identifier ?id }", 1),
    ("DESCRIBE ?d WHERE { ?d dcterms:identifier ?id }", 5),
])
def test_parameters_reach_every_query_form(source, query, expected):
    result = run_query(source, query, {"id": "thorn"})
    assert len(result.graph) >= expected
    assert {str(s) for s in result.graph.subjects()} == {str(TERMS.document("thorn"))}


# ---------------------------------------------------------------- queries, errors, formats

def test_kg_prefixes_are_predeclared_unless_the_query_declares_them(source):
    assert len(run_query(source, "SELECT ?d WHERE { ?d a kg:Document }").rows) == 2
    own = "PREFIX kg: <https://other.example/> SELECT ?d WHERE { ?d a kg:Document }"
    assert run_query(source, own).rows == []


@pytest.mark.parametrize("query, line", [
    # pyoxigraph points at the unexpected token, rdflib at the start of the pattern it gave up on
    ("SELECT ?s\nWHERE {\n  ?s ?p\n}", "[34]"),
    ("SELECT ?s WHERE { ?s a kg:Document . FILTER(?s = ) }", "1"),
])
def test_syntax_errors_give_the_position(source, query, line):
    with pytest.raises(QueryError, match=rf"SPARQL syntax error at line {line}, column \d+"):
        run_query(source, query)


def test_a_syntax_error_is_one_short_line(source):
    # Oxigraph lists every character class it expected, over several lines
    with pytest.raises(QueryError) as err:
        run_query(source, "SELECT ?x WHERE { ?x")
    message = str(err.value)
    assert "\n" not in message and len(message) < 250 and message.startswith("SPARQL syntax error at line 1")


def test_ask_construct_and_describe(source):
    assert run_query(source, "ASK { ?s a kg:Statement }").boolean is True
    assert run_query(source, "ASK { ?s a kg:Nothing }").boolean is False
    construct = run_query(source, "CONSTRUCT { ?s a kg:Thing } WHERE { ?s a kg:Document }")
    assert construct.kind == "graph" and len(construct.graph) == 2
    ttl = serialize_result(construct, "json").decode()
    assert "@prefix kg: <https://example.org/kg#>" in ttl and "kg:Thing" in ttl
    describe = run_query(source, "DESCRIBE <https://example.org/kg/id/document/doj>")
    assert (URIRef("https://example.org/kg/id/document/doj"), URIRef("https://example.org/kg#sha256"),
            Literal(describe.graph.value(URIRef("https://example.org/kg/id/document/doj"),
                                         URIRef("https://example.org/kg#sha256")))) in describe.graph


def test_results_follow_the_w3c_formats(source):
    result = run_query(source, "SELECT ?d ?id ?nothing WHERE { ?d dcterms:identifier ?id "
                               "OPTIONAL { ?d kg:nothing ?nothing } } ORDER BY ?id")
    data = json.loads(serialize_result(result, "json"))
    assert data["head"]["vars"] == ["d", "id", "nothing"]
    first = data["results"]["bindings"][0]
    assert first["d"] == {"type": "uri", "value": "https://example.org/kg/id/document/doj"}
    assert first["id"]["value"] == "doj" and "nothing" not in first

    text = serialize_result(result, "csv").decode()
    assert text.startswith("d,id,nothing\r\n")     # CRLF, bare IRIs and values (SPARQL 1.1 CSV)
    assert list(csv.reader(io.StringIO(text)))[1] == ["https://example.org/kg/id/document/doj", "doj", ""]

    tsv = serialize_result(result, "tsv").decode().splitlines()
    assert tsv[0] == "?d\t?id\t?nothing"          # RDF terms in Turtle syntax (SPARQL 1.1 TSV)
    assert tsv[1] == '<https://example.org/kg/id/document/doj>\t"doj"\t'
    ask = run_query(source, "ASK { ?s ?p ?o }")
    assert json.loads(serialize_result(ask, "json")) == {"head": {}, "boolean": True}


def test_table_prints_prefixed_names(source):
    from rich.console import Console

    console = Console(file=io.StringIO(), width=200)
    print_table(run_saved(source, "entities-by-type"), console)
    out = console.file.getvalue()
    assert "kg:Organization" in out and "3" in out


def test_store_and_ox_parsed_results_round_trip(store_dir):
    result = run_query(open_store(store_dir), "SELECT ?s WHERE { ?s a kg:Document }")
    parsed = ox.parse_query_results(serialize_result(result, "tsv"), ox.QueryResultsFormat.TSV)
    assert len(list(parsed)) == 2


# ---------------------------------------------------------------- kg query

def test_cli_query_list():
    from kg.cli import app

    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == SAVED
    assert "--param entity=..." in result.stdout


@pytest.mark.parametrize("on", ["file", "store"])
def test_cli_query_saved_with_param_as_csv(sample_dataset, store_dir, tmp_path, on):
    from kg.cli import app
    from kg.export import write_trig

    graph = store_dir
    if on == "file":
        graph = tmp_path / "graph.trig"
        write_trig(sample_dataset, graph)
    result = runner.invoke(app, ["query", str(graph), "--saved", "facts-about", "--param", "entity=Thorn",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["subject"], r["relation"], r["object"]) for r in rows] == [("Thorn", "reports", "abuse")]


def test_cli_query_text_file_and_errors(store_dir, tmp_path):
    from kg.cli import app

    rq = tmp_path / "docs.rq"
    rq.write_text("SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id", encoding="utf-8")
    result = runner.invoke(app, ["query", str(store_dir), "--file", str(rq), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["?id", '"doj"', '"thorn"']

    result = runner.invoke(app, ["query", str(store_dir), "SELECT ?s WHERE { ?s ?p }"])
    assert result.exit_code == 1 and "SPARQL syntax error at line 1, column" in result.output
    result = runner.invoke(app, ["query", str(store_dir), "--saved", "nope"])
    assert result.exit_code == 1 and "Available: entities-by-type" in result.output
    result = runner.invoke(app, ["query", str(store_dir)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["query", str(store_dir), "--saved", "facts-about", "--param", "entity"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["query", str(store_dir), "--saved", "relations-by-type", "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.parametrize("query, where", [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {"),
    ("select * { ?x ?p ?o }", "select * {"),
    ("# WHERE { in a comment\nSELECT ?where WHERE { ?x kg:where 'WHERE {' }", "SELECT ?where WHERE {"),
    ('SELECT ?x WHERE { ?x ?p """ } where { """ }', "SELECT ?x WHERE {"),
    ("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?x ?y ?z }", "AS ?e) WHERE {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "} WHERE {"),
    ("ASK { ?s ?p ?o }", "ASK {"),
    ("DESCRIBE <https://example.org/x>", None),
])
def test_values_block_goes_first_in_the_where_group(query, where):
    from kg.query import _with_values

    out = _with_values(query, {ox.Variable("doc"): ox.Literal('"} DROP ALL {"')})
    if where is None:
        assert out is None
    else:
        assert where + ' VALUES (?doc) { ("\\"} DROP ALL {\\"") }' in out


def test_parameter_names_are_variable_names(source):
    with pytest.raises(QueryError, match="'x y' is not a SPARQL variable name"):
        run_query(source, "SELECT * WHERE { ?s ?p ?o }", {"x y": "1"})


def test_cli_queries_a_file_with_oxigraph(tmp_path, monkeypatch):
    # rdflib's engine took minutes on the saved queries' sub-selects for a few thousand relations
    from typer.testing import CliRunner

    import kg.store
    from kg.cli import app
    from kg.rdf import PREFIXES

    ttl = tmp_path / "g.ttl"
    ttl.write_text(f"@prefix kg: <{PREFIXES['kg']}> .\n<https://example.org/a> a kg:Organization .\n",
                   encoding="utf-8")
    monkeypatch.setattr(kg.store, "load_graph", lambda path: (_ for _ in ()).throw(AssertionError("rdflib")))
    result = CliRunner().invoke(app, ["query", str(ttl), "SELECT ?s WHERE { ?s a kg:Organization }",
                                      "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "https://example.org/a" in result.output
