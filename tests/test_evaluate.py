"""kg.evaluate: fact P/R/F1, negation errors, merges and types on hand-made graphs; the gold files themselves."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import KGError
from kg.evaluate import (eval_command, load_graph, names_match, normalize, predicates_match, read_gold, score,
                         score_json)
from kg.rdf import Terms, document_quads
from kg.store import from_ox_quads
from kg.types import Document, DocumentGraph, Entity, Mention, Provenance, Sentence, Triple

GOLD_DIR = Path(__file__).parent / "gold"
TEXT = ("Le ministère de la Justice poursuit Ada Martin. Le NCMEC ne poursuit pas Bob. "
        "Rebecca Portnoff appelle à une action immédiate.")
SENTS = re.findall(r"[^.]+\.", TEXT)
SENTS = [s.strip() for s in SENTS]


def _sentence(doc_id: str, text: str, n: int) -> Sentence:
    start = text.index(SENTS[n])
    return Sentence(doc_id, start, start + len(SENTS[n]), SENTS[n])


def _mention(doc_id: str, text: str, words: str) -> Mention:
    start = text.index(words)
    return Mention(words, "", Provenance(doc_id, start, start + len(words), "test.v1"))


def _document_graph(doc_id: str, entities: list[tuple[str, str, str]], triples: list[tuple],
                    text: str = TEXT) -> DocumentGraph:
    """entities: (id, label, kind); triples: (subject id, predicate, object id, sentence index, words, negated)."""
    sentences = [_sentence(doc_id, text, n) for n in range(len(SENTS))]
    ents = {eid: Entity(eid, label, kind, "fr") for eid, label, kind in entities}
    dg = DocumentGraph(Document(doc_id, text, path=f"{doc_id}.txt", lang="fr"),
                       hashlib.sha256(text.encode()).hexdigest(), sentences)
    mentions: dict[str, list[Mention]] = {eid: [] for eid in ents}
    for s_id, pred, o_id, n, words, negated in triples:
        sent = sentences[n]
        s_m = Mention(ents[s_id].label, "", Provenance(doc_id, sent.start_char, sent.start_char + 1, "test.v1"))
        o_m = Mention(ents[o_id].label, "", Provenance(doc_id, sent.end_char - 1, sent.end_char, "test.v1"))
        prov = Provenance(doc_id, sent.start_char, sent.end_char, "test.v1")
        dg.triples.append(Triple(s_m, pred, o_m, prov, words, negated=negated))
        dg.entity_of[s_m], dg.entity_of[o_m] = s_id, o_id
        mentions[s_id].append(s_m)
        mentions[o_id].append(o_m)
    dg.entities = [Entity(e.id, e.label, e.kind, e.lang, mentions=tuple(mentions[e.id])) for e in ents.values()]
    return dg


def _write(tmp_path: Path, graphs: list[DocumentGraph], name: str = "graph.ttl") -> Path:
    graph = Graph()
    for dg in graphs:
        for s, p, o, _ in from_ox_quads(document_quads(dg, Terms())):
            graph.add((s, p, o))
    out = tmp_path / name
    graph.serialize(out, format="turtle")
    return out


def _gold(tmp_path: Path, docs: list[dict]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _fact(s, p, o, n, negated=False, **alts) -> dict:
    return {"s": s, "p": p, "o": o, "negated": negated, "sentence": SENTS[n], **alts}


GOLD_DOC = {
    "doc_id": "d1", "text": TEXT,
    "facts": [
        _fact("US Department of Justice", "prosecutes", "Ada Martin", 0, s_alt=["ministère de la Justice"],
              p_alt=["poursuivre"]),
        _fact("NCMEC", "prosecutes", "Bob", 1, negated=True),
        _fact("Rebecca Portnoff", "calls for", "immediate action", 2, p_alt=["appeler à"],
              o_alt=["action immédiate"]),
        _fact("Ada Martin", "lives in", "Paris", 0),
    ],
    "entities": [
        {"label": "US Department of Justice", "type": "Organization", "aliases": ["ministère de la Justice", "ministère"]},
        {"label": "Ada Martin", "type": "Person", "aliases": ["Ada Martin"]},
        {"label": "NCMEC", "type": "Organization", "aliases": ["NCMEC"]},
        {"label": "Rebecca Portnoff", "type": "Person", "aliases": ["Rebecca Portnoff", "Portnoff"]},
        {"label": "Paris", "type": "Place", "aliases": ["Paris"]},
    ],
}
ENTITIES = [("doj", "ministère de la Justice", "Organization"), ("min", "ministère", "Organization"),
            ("ada", "Ada Martin", "Organization"), ("ncmec", "NCMEC", "Organization"), ("bob", "Bob", "Person"),
            ("portnoff", "Rebecca Portnoff", "Person"), ("action", "action immédiate", "Concept")]
TRIPLES = [
    ("doj", "prosecutes", "ada", 0, "poursuit", False),
    ("min", "poursuivre", "ada", 0, "poursuit", False),       # a split node: the second match is a false positive
    ("ncmec", "prosecutes", "bob", 1, "poursuit", False),     # the sentence denies it: a negation error
    ("portnoff", "callsFor", "action", 2, "appelle à", False),
]


def _score(tmp_path: Path, triples=TRIPLES, gold=GOLD_DOC, extra_graphs=()):
    graph = _write(tmp_path, [_document_graph("d1", ENTITIES, triples), *extra_graphs])
    return score(read_gold(_gold(tmp_path, [gold])), load_graph(graph))


def test_counts_true_and_false_positives_and_negation_errors(tmp_path):
    doc = _score(tmp_path).documents[0]
    assert (doc.gold, doc.predicted, doc.true_positives) == (4, 4, 2)
    assert doc.negation_errors == 1 and doc.false_negations == 0
    assert (doc.precision, doc.recall, doc.f1) == (0.5, 0.5, 0.5)
    assert doc.missed == ["NOT NCMEC | prosecutes | Bob", "Ada Martin | lives in | Paris"]
    assert len(doc.false_positives) == 2


def test_a_negated_statement_matches_a_negated_gold_fact(tmp_path):
    triples = [*TRIPLES, ("ncmec", "prosecutes", "bob", 1, "ne poursuit pas", True)]
    doc = _score(tmp_path, triples).documents[0]
    assert (doc.predicted, doc.true_positives, doc.negation_errors) == (5, 3, 0)


def test_a_negated_statement_does_not_match_a_positive_gold_fact(tmp_path):
    triples = [("portnoff", "callsFor", "action", 2, "n'appelle pas à", True)]
    doc = _score(tmp_path, triples).documents[0]
    assert (doc.true_positives, doc.false_negations, doc.negation_errors) == (0, 1, 0)


def test_statements_must_come_from_the_gold_sentence(tmp_path):
    triples = [("portnoff", "callsFor", "action", 0, "appelle à", False)]   # right triple, wrong sentence
    assert _score(tmp_path, triples).documents[0].true_positives == 0


def test_one_statement_matches_at_most_one_gold_fact(tmp_path):
    gold = {**GOLD_DOC, "facts": [GOLD_DOC["facts"][0], GOLD_DOC["facts"][0]], "entities": []}
    doc = _score(tmp_path, TRIPLES[:1], gold).documents[0]
    assert (doc.gold, doc.predicted, doc.true_positives) == (2, 1, 1)


def test_merge_and_typing_checks(tmp_path):
    doc = _score(tmp_path).documents[0]
    assert (doc.entities, doc.merged_ok, doc.typed_ok) == (5, 3, 3)
    assert doc.split == [{"entity": "US Department of Justice", "nodes": ["ministère", "ministère de la Justice"]}]
    assert doc.missing == ["Paris"]
    assert doc.untyped == [{"entity": "Ada Martin", "expected": "Person", "found": ["Organization"]}]


def test_statements_of_other_documents_are_ignored(tmp_path):
    other = _document_graph("d2", ENTITIES, TRIPLES)
    result = _score(tmp_path, extra_graphs=[other])
    assert result.ignored_statements == 4
    assert result.totals.predicted == 4


def test_hand_written_turtle(tmp_path):
    ttl = tmp_path / "g.ttl"
    ttl.write_text("""
@prefix kg: <https://example.org/kg#> . @prefix kgv: <https://example.org/kg/verb#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix : <https://example.org/kg/id/> .
:doc a kg:Document ; dcterms:identifier "d1" .
:s1 a kg:Sentence ; dcterms:isPartOf :doc ; nif:isString "Charlie Hebdo avait viré le dessinateur Siné." ;
    nif:beginIndex 0 ; nif:endIndex 44 .
:ch a kg:Organization ; rdfs:label "Charlie Hebdo" ; kg:mentionedIn :s1 .
:sine a kg:Person ; rdfs:label "le dessinateur Siné"@fr ; skos:altLabel "Siné" ; kg:mentionedIn :s1 .
:lonely a kg:Person ; rdfs:label "Siné"@fr ; kg:mentionedIn :s1 .
kgv:virer rdfs:subPropertyOf kg:relatedTo ; kg:lemma "virer" .
:st a kg:Statement ; rdf:subject :ch ; rdf:predicate kgv:virer ; rdf:object :sine ; kg:negated false ;
    kg:predicateText "avait viré" ; prov:wasDerivedFrom :s1 .
""", encoding="utf-8")
    gold = {"doc_id": "d1", "text": "Charlie Hebdo avait viré le dessinateur Siné.",
            "facts": [{"s": "Charlie Hebdo", "p": "fires", "p_alt": ["virer"], "o": "Siné", "negated": False,
                       "sentence": "Charlie Hebdo avait viré le dessinateur Siné."}],
            "entities": [{"label": "Siné", "type": "Person", "aliases": ["Siné"]},
                         {"label": "Charlie Hebdo", "type": "Organization", "aliases": []}]}
    doc = score(read_gold(_gold(tmp_path, [gold])), load_graph(ttl)).documents[0]
    assert (doc.predicted, doc.true_positives) == (1, 1)
    assert (doc.merged_ok, doc.typed_ok) == (1, 2)
    assert doc.split[0]["entity"] == "Siné" and len(doc.split[0]["nodes"]) == 2


@pytest.mark.parametrize("text, expected", [
    ("L’IA générative", "ia generative"),
    ("Le ministère de la Justice", "ministere justice"),
    ("Centre national (NCMEC)", "centre national ncmec"),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("gold, labels, expected", [
    (["ministère de la Justice"], ["Ministère de la justice"], True),
    (["Portnoff"], ["Rebecca Portnoff"], True),                      # all gold words inside a short label
    (["Portnoff"], ["Rebecca Portnoff, vice-présidente de l'organisation de défense des droits humains Thorn"],
     False),                                                          # more than 10 words
    (["Portnoff"], ["Rebecca"], False),
    (["ceux"], ["ceux"], True),                                      # equality always counts
    (["qui"], ["qui"], True),
    (["Justice"], ["ministère de la Justice"], True),
    (["US Department of Justice"], ["ministère de la Justice"], False),
])
def test_names_match(gold, labels, expected):
    assert names_match(gold, labels) is expected


@pytest.mark.parametrize("gold, labels, expected", [
    (["prosecutes"], ["prosecute"], True),
    (["poursuivre"], ["a poursuivi"], True),
    (["calls for"], ["not call for"], True),
    (["appeler à"], ["appelle à"], True),
    (["écrire"], ["écrit"], True),
    (["is located in"], ["se situer à"], False),
    (["receives"], ["reports"], False),
    (["fonder"], ["a été fondée par"], True),
])
def test_predicates_match(gold, labels, expected):
    assert predicates_match(gold, labels) is expected


def test_eval_command_json(tmp_path, capsys):
    graph = _write(tmp_path, [_document_graph("d1", ENTITIES, TRIPLES)], "graph.ttl")
    assert eval_command(_gold(tmp_path, [GOLD_DOC]), graph, "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["totals"]["true_positives"] == 2 and out["totals"]["negation_errors"] == 1
    assert out["documents"][0]["doc_id"] == "d1"


def test_eval_command_table(tmp_path, capsys):
    graph = _write(tmp_path, [_document_graph("d1", ENTITIES, TRIPLES)], "graph.ttl")
    eval_command(_gold(tmp_path, [GOLD_DOC]), tmp_path, "table", verbose=True)   # a kg build output folder
    out = capsys.readouterr().out
    assert "precision" in out and "0.500" in out and "split entity [d1] US Department of Justice" in out
    assert graph.exists()


@pytest.mark.parametrize("setup, message", [
    (lambda p: (p / "missing.jsonl", p / "g.ttl"), "no such gold file"),
    (lambda p: (_bad(p / "bad.jsonl", '{"doc_id": "a"'), p / "g.ttl"), "bad.jsonl:1: invalid JSON"),
    (lambda p: (_bad(p / "bad.jsonl", '{"doc_id": "a", "text": "x", "facts": [{"s": "", "p": "q", "o": "r"}]}'),
                p / "g.ttl"), "non-empty s, p and o"),
    (lambda p: (_bad(p / "ok.jsonl", '{"doc_id": "a", "text": "x"}'), p / "missing.ttl"), "missing.ttl"),
    (lambda p: (_bad(p / "ok.jsonl", '{"doc_id": "a", "text": "x"}'), _bad(p / "g.ttl", "<a> <b")), "g.ttl"),
    (lambda p: (_bad(p / "ok.jsonl", '{"doc_id": "a", "text": "x"}'), _bad(p / "g.rdf", "")), "unsupported suffix"),
])
def test_bad_inputs_raise_kgerror(tmp_path, setup, message):
    gold, graph = setup(tmp_path)
    with pytest.raises(KGError, match=re.escape(message)) as err:
        eval_command(gold, graph, "json")
    assert "\n" not in str(err.value)


def _bad(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the gold files

_PRONOUNS = {"il", "elle", "ils", "elles", "lui", "eux", "on", "ce", "cela", "ceci", "ça", "celui", "celle", "ceux",
             "celles", "qui", "que", "dont", "lequel", "laquelle", "he", "she", "it", "they", "him", "them", "who",
             "which", "that", "this", "vous", "nous", "y", "en", "le", "la", "les", "l'"}


def _records(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["seed.jsonl", "fr-gsd.jsonl"])
def test_gold_file_is_well_formed(name):
    records = _records(name)
    assert len(read_gold(GOLD_DIR / name)) == len(records)
    assert len({r["doc_id"] for r in records}) == len(records)
    for rec in records:
        for fact in rec["facts"]:
            where = f"{rec['doc_id']}: {fact['s']} | {fact['p']} | {fact['o']}"
            assert all(isinstance(fact[k], str) and fact[k].strip() for k in ("s", "p", "o")), where
            assert fact["sentence"] and fact["sentence"] in rec["text"], where
            assert isinstance(fact["negated"], bool), where
            for name_ in (fact["s"], fact["o"], *fact.get("s_alt", []), *fact.get("o_alt", [])):
                assert len(name_.split()) <= 10, where
                assert name_.lower() not in _PRONOUNS, where
        for ent in rec["entities"]:
            assert ent["type"] in {"Person", "Organization", "Place", "Event", "Work", "Product", "Group", "Concept"}
            assert ent["label"].strip() and isinstance(ent["aliases"], list), ent


def test_seed_gold_matches_the_seed_article():
    (rec,) = _records("seed.jsonl")
    assert rec["doc_id"] == "doj-ai-csam-prosecutions"
    seed = Path(__file__).parent.parent / "seeds" / "doj-ai-csam-prosecutions.txt"
    assert rec["text"] == seed.read_text(encoding="utf-8")
    assert 20 <= len(rec["facts"]) <= 35


def test_fr_gsd_gold_covers_its_input_file():
    gold = _records("fr-gsd.jsonl")
    inputs = _records("fr-gsd-input.jsonl")
    assert len(gold) >= 70
    assert [(r["doc_id"], r["text"]) for r in gold] == [(r["id"], r["text"]) for r in inputs]
    for rec in gold:
        assert re.fullmatch(r"fr-ud-dev_\d{5}", rec["doc_id"]) and rec["facts"], rec["doc_id"]
    assert any(f["negated"] for rec in gold for f in rec["facts"])


def test_fr_gsd_input_lines_come_from_dev_tsv():
    dev = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fr-gsd" / "dev.tsv"
    if not dev.exists():
        pytest.skip("shared/corpora/fr-gsd/dev.tsv is not available")
    rows = dict(line.split("\t", 1) for line in dev.read_text(encoding="utf-8").splitlines() if "\t" in line)
    for rec in _records("fr-gsd-input.jsonl"):
        assert rows[rec["id"]] == rec["text"]


def test_kg_eval_command(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    graph = _write(tmp_path, [_document_graph("d1", ENTITIES, TRIPLES)])
    gold = _gold(tmp_path, [GOLD_DOC])
    result = CliRunner().invoke(app, ["eval", str(gold), str(graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["f1"] == 0.5
    result = CliRunner().invoke(app, ["eval", str(gold), str(tmp_path / "none.ttl")])
    assert result.exit_code == 1 and "Error: " in result.output and "none.ttl" in result.output


def test_en_gold_is_well_formed():
    test_gold_file_is_well_formed("en.jsonl")   # the same checks as seed.jsonl and fr-gsd.jsonl


def test_en_gold_covers_its_input_file():
    gold = _records("en.jsonl")
    inputs = _records("en-input.jsonl")
    assert len(gold) == 60
    assert [(r["doc_id"], r["text"]) for r in gold] == [(r["id"], r["text"]) for r in inputs]
    for rec in gold:
        assert re.fullmatch(r"en-\d{3}", rec["doc_id"]) and rec["facts"], rec["doc_id"]
        for fact in rec["facts"]:
            assert fact["sentence"] == rec["text"], rec["doc_id"]   # one sentence per document
            assert fact["p"] not in fact["p_alt"], rec["doc_id"]
        for ent in rec["entities"]:
            assert all(alias in rec["text"] for alias in ent["aliases"]), (rec["doc_id"], ent["label"])
    assert any(f["negated"] for rec in gold for f in rec["facts"])
