import hashlib
import json
import re
from importlib import resources

import pytest
from rdflib import RDFS, Dataset, Literal, Namespace, URIRef

from kg.analytics import pagerank, to_networkx
from kg.errors import KGError
from kg.rdf import KG, Terms, document_quads, negated_iri, relation_iri
from kg.store import from_ox_quads
from kg.types import Document, DocumentGraph, Entity, Mention, Provenance, Sentence, Triple
from kg.view import ViewStats, build_view, json_for_script, write_view

BASE = "https://example.org/kg/id/"
EVIL = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"'><svg onload=alert(1)>", "</script>"]
EVIL_ALIAS = "<!-- \u2028 \u2029 &amp; -->"
EVIL_DOC = "evil<script>alert(1)</script>"
EX = Namespace("https://example.org/test#")


def make_doc(doc_id, entities, facts, lang="fr"):
    """entities: (id, label, kind[, aliases]); facts: (subject id, predicate, object id, sentence[, negated])."""
    ents = {e[0]: Entity(e[0], e[1], e[2], lang, tuple(e[3]) if len(e) > 3 else ()) for e in entities}
    sentences, triples, entity_of, pos = [], [], {}, 0
    for s_id, pred, o_id, text, *negated in facts:
        subj = Mention(ents[s_id].label, "", Provenance(doc_id, pos, pos + 1, "test.v1"))
        obj = Mention(ents[o_id].label, "", Provenance(doc_id, pos + 1, pos + 2, "test.v1"))
        entity_of[subj], entity_of[obj] = s_id, o_id
        sentences.append(Sentence(doc_id, pos, pos + len(text), text))
        triples.append(Triple(subj, pred, obj, Provenance(doc_id, pos, pos + len(text), "test.v1"),
                              predicate_text=pred, negated=bool(negated and negated[0])))
        pos += len(text) + 1
    text = " ".join(s.text for s in sentences)
    return DocumentGraph(Document(doc_id, text, f"{doc_id}.txt", lang), hashlib.sha256(text.encode()).hexdigest(),
                         sentences, list(ents.values()), triples, entity_of)


def to_dataset(*docs):
    ds = Dataset(default_union=True)
    for dg in docs:
        ds.addN(from_ox_quads(document_quads(dg, Terms())))
    return ds


def plain_doc():
    return make_doc("d1", [
        ("ada", "Ada Lovelace", "Person", ["Ada"]), ("acme", "Acme", "Organization", ["ACME Corp"]),
        ("paris", "Paris", "Place"), ("expo", "Expo 2024", "Event"), ("livre", "Le Livre", "Work"),
        ("widget", "Widget", "Product"), ("verts", "Les Verts", "Group"), ("liberte", "Liberté", "Concept")], [
        ("ada", "fonder", "acme", "Ada a fondé Acme."), ("acme", "situer", "paris", "Acme est à Paris."),
        ("ada", "diriger", "acme", "Ada ne dirige pas Acme.", True), ("acme", "organiser", "expo", "Acme organise l'Expo."),
        ("ada", "écrire", "livre", "Ada a écrit Le Livre."), ("acme", "produire", "widget", "Acme produit Widget."),
        ("verts", "défendre", "liberte", "Les Verts défendent la liberté."),
        ("ada", "soutenir", "verts", "Ada soutient Les Verts.")])


def evil_doc():
    """Every label, alias, sentence and even the document id tries to break out of the page."""
    return make_doc(EVIL_DOC, [
        ("x1", EVIL[0], "Person", [EVIL_ALIAS]), ("x2", EVIL[1], "Organization"), ("x3", EVIL[2], "Place"),
        ("x4", EVIL[3], "Concept"), ("ada", "Ada Lovelace", "Person")], [
        ("x1", "fonder", "x2", " ".join(EVIL) + " a fondé " + EVIL_ALIAS),
        ("x2", "situer", "x3", EVIL[2] + EVIL[3]), ("x3", "évoquer", "x4", "<!-- " + EVIL[1]),
        ("x1", "rencontrer", "ada", "X rencontre Ada Lovelace.")])


def demo_dataset():
    """The plain and the hostile document, plus a declared relation with distinct en/fr labels and no statement."""
    ds = to_dataset(plain_doc(), evil_doc())
    g = ds.graph(URIRef(BASE + "graph/extra"))
    g.add((EX.worksFor, RDFS.subPropertyOf, KG.relatedTo))
    g.add((EX.worksFor, RDFS.label, Literal("works for", lang="en")))
    g.add((EX.worksFor, RDFS.label, Literal("travaille pour", lang="fr")))
    g.add((URIRef(BASE + "person/ada"), EX.worksFor, URIRef(BASE + "organization/acme")))
    return ds


def chain_dataset(n):
    """n people in a line, each knowing the next: a graph big enough to need a precomputed layout."""
    ents = [(f"p{i}", f"Person {i}", "Person") for i in range(n)]
    facts = [(f"p{i}", "connaître", f"p{i + 1}", f"Person {i} connaît Person {i + 1}.") for i in range(n - 1)]
    return to_dataset(make_doc("chain", ents, facts))


def page_data(html):
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def node_by_label(data, label):
    (node,) = [n for n in data["nodes"] if n["label"] == label]
    return node


@pytest.fixture(scope="module")
def demo():
    return demo_dataset()


@pytest.fixture(scope="module")
def demo_page(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("view") / "graph.html"
    stats = write_view(demo, out)
    return out.read_text(encoding="utf-8"), stats


def test_page_is_self_contained(demo_page):
    html, stats = demo_page
    assert stats == ViewStats(nodes=12, edges=13, nodes_left_out=0, edges_left_out=0, layout="physics")
    outside = re.sub(r'<script type="application/json" id="kg-data">.*?</script>', "", html, flags=re.S)
    assert not re.search(r"""<(script|link|img|iframe|source|audio|video)\b[^>]*\b(src|href)\s*=\s*["']?\s*(https?:|//)""",
                         outside, re.I)
    assert re.findall(r"<link\b[^>]*>", outside) == ['<link rel="icon" href="data:,">']
    assert "@import" not in outside
    assert all(u.startswith(("data:", '"data:', "'data:")) for u in re.findall(r"url\(([^)]*)", outside))
    assert re.search(r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
                     r"'sha256-[^']+' 'sha256-[^']+';", outside)


def vis_network_js():
    vis = resources.files("kg").joinpath("static", "vis-network.min.js").read_text(encoding="utf-8")
    return vis.split("\n//# sourceMappingURL=")[0]


def test_vendored_vis_network_is_inlined(demo_page):
    html, _ = demo_page
    assert "@version 9.1.13" in vis_network_js()
    assert vis_network_js() in html
    assert "sourceMappingURL" not in html


def test_data_round_trips_and_markup_stays_data(demo, demo_page):
    html, _ = demo_page
    data = page_data(html)
    _, expected, _ = build_view(demo)
    expected["meta"]["title"] = "Knowledge graph"
    assert data == expected
    labels = {n["label"] for n in data["nodes"]}
    assert set(EVIL) <= labels
    assert node_by_label(data, EVIL[0])["aliases"] == [EVIL_ALIAS]
    assert EVIL_DOC in data["docs"]
    assert any(" ".join(EVIL) in s[0] for s in data["sentences"])
    # the hostile strings exist only as escaped JSON: 3 script elements, no markup of theirs anywhere
    assert html.count("<script") == 3 and html.lower().count("</script") == 3
    ours = html.replace(vis_network_js(), "")
    for bad in ("<img", "<svg", "<!--", "\u2028", "\u2029", "&amp;", "'><"):
        assert bad not in ours, bad


def test_json_for_script_escapes_breakouts():
    text = json_for_script({"a": "</script><!--\u2028\u2029&'\"", "b": [1.5, None, True]})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"a": "</script><!--\u2028\u2029&'\"", "b": [1.5, None, True]}


def test_nodes_edges_and_provenance(demo):
    _, data, _ = build_view(demo)
    assert {k["name"] for k in data["kinds"]} == {"Person", "Organization", "Place", "Event", "Work", "Product",
                                                  "Group", "Concept"}
    ada, acme = node_by_label(data, "Ada Lovelace"), node_by_label(data, "Acme")
    assert ada["group"] == "Person" and ada["aliases"] == ["Ada"]
    assert data["meta"]["base"] + ada["iri"] == BASE + "person/ada"
    rels = {r["iri"]: i for i, r in enumerate(data["relations"])}
    neg = str(negated_iri(relation_iri("diriger")))
    assert data["relations"][rels[neg]]["negated"] is True
    assert data["relations"][rels[neg]]["label"].startswith("not ")
    by_ends = {(e["from"], e["to"], e["r"]): e for e in data["edges"]}
    founded = by_ends[(ada["id"], acme["id"], rels[str(relation_iri("fonder"))])]
    assert [data["sentences"][i][0] for i in founded["f"]] == ["Ada a fondé Acme."]
    assert data["docs"][data["sentences"][founded["f"][0]][1]] == "d1"
    works = by_ends[(ada["id"], acme["id"], rels[str(EX.worksFor)])]
    assert works["f"] == [] and data["relations"][works["r"]]["label"] == "works for"


def test_french_labels(demo):
    _, data, _ = build_view(demo, label_lang="fr")
    labels = {r["iri"]: r["label"] for r in data["relations"]}
    assert labels[str(EX.worksFor)] == "travaille pour"
    assert labels[str(negated_iri(relation_iri("diriger")))].startswith("ne pas ")
    assert data["meta"]["lang"] == "fr"
    with pytest.raises(KGError, match="label_lang 'de'"):
        write_view(demo, "unused.html", label_lang="de")


def test_max_nodes_keeps_the_most_central(demo, tmp_path):
    g = to_networkx(demo)
    ranks = pagerank(g)
    top = sorted(g, key=lambda n: (-ranks[n], n))[:4]
    _, data, stats = build_view(demo, max_nodes=4)
    shown = {data["meta"]["base"] + n["iri"] for n in data["nodes"]}
    assert shown == set(top)
    kept_edges = sum(1 for s, o in g.edges() if s in shown and o in shown)
    assert (stats.nodes, stats.edges) == (4, kept_edges)
    assert (stats.nodes_left_out, stats.edges_left_out) == (12 - 4, 13 - kept_edges)
    assert (data["meta"]["left_out_nodes"], data["meta"]["left_out_edges"]) == (8, 13 - kept_edges)
    assert all(0 <= e["from"] < 4 and 0 <= e["to"] < 4 for e in data["edges"])
    assert write_view(demo, tmp_path / "v.html", max_nodes=4) == stats
    with pytest.raises(KGError, match="max_nodes"):
        build_view(demo, max_nodes=0)


@pytest.mark.parametrize("focus, depth, found, expected", [
    ("ada", 0, "Ada Lovelace", {"Ada Lovelace"}),                  # an alias, any case
    ("ADA LOVELACE", 1, "Ada Lovelace", {"Ada Lovelace", "Acme", "Le Livre", "Les Verts", EVIL[0]}),
    ("liberte", 1, "Liberté", {"Liberté", "Les Verts"}),          # accents ignored
    ("Liberté", 2, "Liberté", {"Liberté", "Les Verts", "Ada Lovelace"}),
    (EVIL[3], 1, EVIL[3], {EVIL[3], EVIL[2]}),
])
def test_focus_is_a_breadth_first_neighbourhood(demo, focus, depth, found, expected):
    _, data, stats = build_view(demo, focus=focus, depth=depth)
    assert {n["label"] for n in data["nodes"]} == expected
    assert stats.nodes_left_out == 12 - len(expected)
    assert [data["nodes"][i]["label"] for i in data["meta"]["focus_nodes"]] == [found]


def test_focus_that_matches_nothing(demo):
    with pytest.raises(KGError, match="focus 'Nobody': no entity"):
        build_view(demo, focus="Nobody")


def test_focus_with_max_nodes_keeps_the_focus(demo):
    _, data, stats = build_view(demo, focus="Widget", depth=3, max_nodes=2)
    labels = [n["label"] for n in data["nodes"]]
    assert "Widget" in labels and len(labels) == 2 and stats.nodes_left_out == 10


def test_min_degree(demo):
    g = to_networkx(demo)
    _, data, stats = build_view(demo, min_degree=2)
    shown = {data["meta"]["base"] + n["iri"] for n in data["nodes"]}
    assert shown == {n for n in g if g.degree(n) >= 2}
    assert stats.nodes == len(shown) and stats.nodes_left_out == 12 - len(shown)
    assert stats.edges == sum(1 for s, o in g.edges() if s in shown and o in shown)


def test_small_views_use_browser_physics(demo):
    _, data, stats = build_view(demo)
    assert stats.layout == "physics" and data["options"]["physics"]["enabled"] is True
    assert all("x" not in n for n in data["nodes"])


@pytest.mark.parametrize("n, layout", [(350, "spring"), (700, "mesh")])
def test_big_views_get_fixed_positions_and_no_physics(n, layout):
    _, data, stats = build_view(chain_dataset(n), max_nodes=1000)
    assert stats == ViewStats(n, n - 1, 0, 0, layout)
    assert data["options"]["physics"]["enabled"] is False
    xy = [(node["x"], node["y"]) for node in data["nodes"]]
    assert all(isinstance(c, int) for p in xy for c in p)
    assert len(set(xy)) > 0.9 * n                     # spread out, not piled up
    again = build_view(chain_dataset(n), max_nodes=1000)[1]
    assert [(m["x"], m["y"]) for m in again["nodes"]] == xy      # deterministic


def test_write_is_atomic_and_replaces(demo, tmp_path):
    out = tmp_path / "new" / "graph.html"
    write_view(demo, out)
    out.write_text("old")
    write_view(demo, out, max_nodes=3)
    assert page_data(out.read_text(encoding="utf-8"))["meta"]["max_nodes"] == 3
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]


def test_empty_graph(tmp_path):
    stats = write_view(Dataset(default_union=True), tmp_path / "empty.html")
    assert stats == ViewStats(0, 0, 0, 0, "physics")
    assert page_data((tmp_path / "empty.html").read_text(encoding="utf-8"))["nodes"] == []


def test_cli_view(demo, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    src = tmp_path / "graph.trig"
    demo.serialize(src, format="trig")
    out = tmp_path / "view.html"
    runner = CliRunner()
    result = runner.invoke(app, ["view", str(src), "--out", str(out), "--label-lang", "fr", "--max-nodes", "5"])
    assert result.exit_code == 0, result.output
    assert "5 nodes" in result.output and "7 nodes / " in result.output and "left out" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 5 and data["meta"]["lang"] == "fr"
    result = runner.invoke(app, ["view", str(src), "--out", str(out)])
    assert result.exit_code == 1 and "use --force" in result.output
    result = runner.invoke(app, ["view", str(src), "-o", str(out), "-F", "--focus", "Nobody"])
    assert result.exit_code == 1 and "Error: focus 'Nobody'" in result.output
    result = runner.invoke(app, ["view", str(src), "-o", str(out), "-F", "--focus", "ada", "--depth", "0"])
    assert result.exit_code == 0, result.output
    assert [n["label"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]] == ["Ada Lovelace"]
