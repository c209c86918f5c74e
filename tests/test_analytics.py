import hashlib

import networkx as nx
import numpy as np
import pytest
from rdflib import Dataset

from kg.analytics import communities, graph_stats, pagerank, to_networkx, write_gexf, write_graphml
from kg.rdf import Terms, document_quads, negated_iri, relation_iri
from kg.store import from_ox_quads
from kg.types import Document, DocumentGraph, Entity, Mention, Provenance, Sentence, Triple

BASE = "https://example.org/kg/id/"
ADA, ACME, PARIS = BASE + "person/ada", BASE + "organization/acme", BASE + "place/paris"
BOB, BETA, LYON, ZED = BASE + "person/bob", BASE + "organization/beta", BASE + "place/lyon", BASE + "concept/zed"


def make_doc(doc_id, entities, facts):
    """entities: (id, label, kind, aliases); facts: (subject id, predicate, object id, sentence, negated)."""
    ents = {e[0]: Entity(e[0], e[1], e[2], "fr", tuple(e[3])) for e in entities}
    sentences, triples, entity_of, pos = [], [], {}, 0
    for s_id, pred, o_id, text, negated in facts:
        subj = Mention(ents[s_id].label, "", Provenance(doc_id, pos, pos + 1, "test.v1"))
        obj = Mention(ents[o_id].label, "", Provenance(doc_id, pos + 1, pos + 2, "test.v1"))
        entity_of[subj], entity_of[obj] = s_id, o_id
        sentences.append(Sentence(doc_id, pos, pos + len(text), text))
        triples.append(Triple(subj, pred, obj, Provenance(doc_id, pos, pos + len(text), "test.v1"),
                              predicate_text=pred, negated=negated))
        pos += len(text) + 1
    text = " ".join(s.text for s in sentences)
    return DocumentGraph(Document(doc_id, text, f"{doc_id}.txt", "fr"), hashlib.sha256(text.encode()).hexdigest(),
                         sentences, list(ents.values()), triples, entity_of)


@pytest.fixture
def dataset():
    """Two triangles of relations (one repeated in a second document) and an isolated concept."""
    d1 = make_doc("d1", [("ada", "Ada Lovelace", "Person", ["Ada"]), ("acme", "Acme", "Organization", []),
                         ("paris", "Paris", "Place", [])],
                  [("ada", "fonder", "acme", "Ada a fondé Acme.", False),
                   ("acme", "situer", "paris", "Acme est à Paris.", False),
                   ("ada", "vivre", "paris", "Ada vit à Paris.", False)])
    d2 = make_doc("d2", [("bob", "Bob", "Person", []), ("beta", "Beta", "Organization", ["Beta SA"]),
                         ("lyon", "Lyon", "Place", []), ("zed", "Zed", "Concept", []),
                         ("ada", "Ada Lovelace", "Person", []), ("acme", "Acme", "Organization", [])],
                  [("bob", "fonder", "beta", "Bob a fondé Beta.", False),
                   ("beta", "situer", "lyon", "Beta est à Lyon.", False),
                   ("bob", "diriger", "beta", "Bob ne dirige pas Beta.", True),
                   ("bob", "vivre", "lyon", "Bob vit à Lyon.", False),
                   ("ada", "fonder", "acme", "Ada a bien fondé Acme.", False)])
    ds = Dataset(default_union=True)
    for dg in (d1, d2):
        ds.addN(from_ox_quads(document_quads(dg, Terms())))
    return ds


def test_to_networkx_nodes_and_edges(dataset):
    g = to_networkx(dataset)
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted(g) == sorted([ADA, ACME, PARIS, BOB, BETA, LYON, ZED])
    assert g.nodes[ADA]["label"] == "Ada Lovelace" and g.nodes[ADA]["kind"] == "Person"
    assert g.nodes[ADA]["aliases"] == ["Ada"]
    assert g.nodes[BETA]["aliases"] == ["Beta SA"]
    assert g.number_of_edges() == 7        # the repeated Ada-fonder-Acme statement is one edge
    neg = str(negated_iri(relation_iri("diriger")))
    data = g.edges[BOB, BETA, neg]
    assert data["predicate"] == neg and data["negated"] is True
    assert data["label_en"].startswith("not ") and data["label_fr"].startswith("ne pas ")
    assert g.edges[ADA, ACME, str(relation_iri("fonder"))]["negated"] is False


def test_graph_stats_counts(dataset):
    stats = graph_stats(dataset, top=3)
    assert stats["nodes"] == 7 and stats["edges"] == 7
    assert stats["by_type"] == {"Organization": 2, "Person": 2, "Place": 2, "Concept": 1}
    counts = {r["iri"]: r["count"] for r in stats["by_relation"]}
    assert counts == {str(relation_iri("fonder")): 2, str(relation_iri("situer")): 2,
                      str(relation_iri("vivre")): 2, str(negated_iri(relation_iri("diriger"))): 1}
    assert [r["negated"] for r in stats["by_relation"]] == [False, False, False, True]
    # Bob and Beta have 3 relations each; ties go by label
    assert [(e["label"], e["degree"]) for e in stats["top_degree"]] == [("Beta", 3), ("Bob", 3), ("Acme", 2)]
    assert stats["components"] == {"count": 3, "largest": 3, "sizes": [3, 3, 1]}
    assert stats["communities"]["count"] == 3
    assert stats["communities"]["sizes"] == [3, 3, 1]


def _reference_pagerank(g, alpha=0.85):
    """Dense Google matrix, solved exactly."""
    nodes = list(g)
    n, index = len(nodes), {v: i for i, v in enumerate(nodes)}
    m = np.zeros((n, n))
    for u, v in g.edges():
        m[index[u], index[v]] += 1
    out = m.sum(axis=1)
    p = np.where(out[:, None] > 0, m / np.where(out == 0, 1, out)[:, None], 1.0 / n)
    google = alpha * p + (1 - alpha) / n
    vals, vecs = np.linalg.eig(google.T)
    x = np.real(vecs[:, np.argmin(np.abs(vals - 1))])
    return dict(zip(nodes, x / x.sum()))


def test_pagerank_matches_the_definition(dataset):
    g = to_networkx(dataset)
    ranks, expected = pagerank(g), _reference_pagerank(g)
    assert sum(ranks.values()) == pytest.approx(1.0)
    for node in g:
        assert ranks[node] == pytest.approx(expected[node], abs=1e-5)
    stats = graph_stats(g, top=7)
    assert [e["iri"] for e in stats["top_pagerank"]] == sorted(g, key=lambda n: (-round(expected[n], 5), n))


def test_pagerank_of_an_undirected_graph_equals_its_directed_twin():
    g = nx.path_graph(5)
    ranks, twin = pagerank(g), _reference_pagerank(g.to_directed())
    assert all(ranks[n] == pytest.approx(twin[n], abs=1e-5) for n in g)
    assert pagerank(nx.Graph()) == {}


def test_communities_are_the_two_triangles_and_deterministic(dataset):
    g = to_networkx(dataset)
    cid = communities(g)
    assert cid[ADA] == cid[ACME] == cid[PARIS] == 0          # ties: the community holding the smallest IRI
    assert cid[BOB] == cid[BETA] == cid[LYON] == 1
    assert cid[ZED] == 2
    assert all(communities(to_networkx(dataset)) == cid for _ in range(3))
    assert graph_stats(dataset) == graph_stats(dataset)


def test_empty_graph_stats():
    stats = graph_stats(Dataset(default_union=True))
    assert stats["nodes"] == 0 and stats["edges"] == 0
    assert stats["components"]["count"] == 0 and stats["communities"]["count"] == 0


@pytest.mark.parametrize("writer, reader", [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)])
def test_network_files_parse_back_with_attributes(dataset, tmp_path, writer, reader):
    out = tmp_path / "sub" / "graph.out"
    writer(dataset, out)
    assert [p.name for p in out.parent.iterdir()] == ["graph.out"]       # no temp file left behind
    back = reader(out)
    assert back.number_of_nodes() == 7 and back.number_of_edges() == 7
    node = back.nodes[ADA]
    assert node["label"] == "Ada Lovelace" and node["kind"] == "Person" and node["type"] == "Person"
    assert node["aliases"] == "Ada"
    assert int(node["community"]) == 0 and int(back.nodes[ZED]["community"]) == 2
    neg = str(negated_iri(relation_iri("diriger")))
    edges = [d for _, _, d in back.edges(data=True) if d["predicate"] == neg]
    assert len(edges) == 1 and edges[0]["negated"] in (True, "true")
    assert edges[0]["label_fr"].startswith("ne pas ")


def test_network_writers_are_deterministic(dataset, tmp_path):
    for writer in (write_graphml, write_gexf):
        writer(dataset, tmp_path / "a")
        writer(dataset, tmp_path / "b")
        a, b = (tmp_path / "a").read_text(), (tmp_path / "b").read_text()
        if writer is write_gexf:      # GEXF stamps the date it was written
            a, b = (x.split("</meta>")[-1] for x in (a, b))
        assert a == b


def test_cli_stats(dataset, tmp_path):
    import json

    from typer.testing import CliRunner

    from kg.cli import app

    src = tmp_path / "graph.trig"
    dataset.serialize(src, format="trig")
    runner = CliRunner()
    result = runner.invoke(app, ["stats", str(src), "--format", "json", "--top", "2"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["nodes"] == 7 and stats["edges"] == 7 and len(stats["top_degree"]) == 2
    assert stats == json.loads(json.dumps(graph_stats(dataset, top=2)))
    result = runner.invoke(app, ["stats", str(src)])
    assert result.exit_code == 0, result.output
    for title in ("Entities by type", "Relations", "Most connected", "Most central (PageRank)",
                  "Largest communities"):
        assert title in result.stdout
    assert "Ada Lovelace" in result.stdout
    result = runner.invoke(app, ["stats", str(tmp_path / "missing.ttl")])
    assert result.exit_code != 0
