"""The relation lexicon: lookups, specificity order, malformed files and its agreement with kg.ttl."""

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.errors import KGError
from kg.lexicon import load_lexicon
from kg.ontology import load_vocabulary, ontology_dir, relation_info
from kg.rdf import KG, KG_NS

HEADER = "lang\tverb\tnoun\tprep\trelation\n"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize("lang, verb, noun, prep, expected", [
    # light-verb constructions
    ("fr", "ouvrir", "poursuite", "contre", "prosecutes"),
    ("fr", "engager", "poursuite", "contre", "prosecutes"),
    ("fr", "porter", "plainte", "contre", "sues"),
    ("fr", "prendre", "mesure", "contre", "opposes"),
    ("fr", "faire", "appel", "à", "appealsTo"),
    ("fr", "mettre", "fin", "à", "ends"),
    ("fr", "avoir", "accès", "à", "hasAccessTo"),
    ("fr", "donner", "naissance", "à", "givesBirthTo"),
    ("fr", "prendre", "part", "à", "participatesIn"),
    ("en", "bring", "charge", "against", "prosecutes"),
    ("en", "file", "charge", "against", "prosecutes"),
    ("en", "take", "part", "in", "participatesIn"),
    ("en", "give", "birth", "to", "givesBirthTo"),
    # verb + preposition
    ("fr", "appeler", "", "à", "callsFor"),
    ("fr", "enquêter", "", "sur", "investigates"),
    ("fr", "vivre", "", "à", "livesIn"),
    ("fr", "investir", "", "dans", "investsIn"),
    ("en", "call", "", "for", "callsFor"),
    ("en", "invest", "", "in", "investsIn"),
    # plain verbs
    ("fr", "poursuivre", "", "", "prosecutes"),
    ("fr", "recevoir", "", "", "receives"),
    ("fr", "rapporter", "", "", "reports"),
    ("fr", "signaler", "", "", "reports"),
    ("fr", "utiliser", "", "", "uses"),
    ("fr", "créer", "", "", "creates"),
    ("fr", "produire", "", "", "produces"),
    ("fr", "fonder", "", "", "founds"),
    ("fr", "diriger", "", "", "leads"),
    ("fr", "présider", "", "", "chairs"),
    ("fr", "racheter", "", "", "acquires"),
    ("fr", "élire", "", "", "elects"),
    ("fr", "battre", "", "", "defeats"),
    ("en", "prosecute", "", "", "prosecutes"),
    ("en", "receive", "", "", "receives"),
    ("en", "found", "", "", "founds"),
])
def test_lookup(lexicon, lang, verb, noun, prep, expected):
    assert lexicon.lookup(lang, verb, noun, prep) == expected


@pytest.mark.parametrize("lang, verb, noun, prep, expected", [
    ("fr", "ouvrir", "poursuite", "contre", "prosecutes"),   # (verb, noun, prep)
    ("fr", "ouvrir", "poursuite", "", "launches"),            # no (ouvrir, poursuite, "") row -> verb alone
    ("fr", "ouvrir", "porte", "contre", "launches"),          # unknown noun -> verb alone
    ("fr", "appeler", "", "à", "callsFor"),                   # (verb, "", prep)
    ("fr", "appeler", "", "", "communicatesWith"),            # (verb, "", "")
    ("fr", "appeler", "secours", "à", "callsFor"),            # unknown noun -> (verb, "", prep)
    ("fr", "battre", "", "pour", "callsFor"),                 # "se battre pour"
    ("fr", "battre", "", "", "defeats"),
])
def test_most_specific_row_wins(lexicon, lang, verb, noun, prep, expected):
    assert lexicon.lookup(lang, verb, noun, prep) == expected


@pytest.mark.parametrize("verb, prep, expected", [
    ("Poursuivre", "", "prosecutes"),          # case-insensitive
    ("s'appuyer", "sur", "dependsOn"),         # reflexive pronoun stripped
    ("s’appuyer", "sur", "dependsOn"),         # typographic apostrophe
    ("se situer", "à", "locatedIn"),
    ("trouver", "au", "locatedIn"),            # contracted case markers: au -> à
    ("servir", "du", "servesAs"),              # du -> de
])
def test_lemma_normalisation(lexicon, verb, prep, expected):
    assert lexicon.lookup("fr", verb, "", prep) == expected


@pytest.mark.parametrize("lang, verb", [
    ("fr", "creer"),          # accent-sensitive
    ("fr", "être"), ("fr", "avoir"), ("fr", "pouvoir"), ("fr", "devoir"), ("fr", "vouloir"),
    ("en", "be"), ("en", "have"), ("en", "can"), ("en", "must"),
    ("de", "gründen"),        # unknown language
])
def test_no_relation(lexicon, lang, verb):
    assert lexicon.lookup(lang, verb) is None


def test_light_verbs(lexicon):
    assert {"poursuite", "enquête"} <= lexicon.light_verbs("fr", "ouvrir")
    assert {"part", "control"} <= lexicon.light_verbs("en", "take")
    assert lexicon.light_verbs("fr", "poursuivre") == frozenset()


def test_coverage(lexicon):
    verbs = {lang: {e.verb for e in lexicon.entries if e.lang == lang} for lang in ("fr", "en")}
    assert len(verbs["fr"]) >= 450 and len(verbs["en"]) >= 300
    assert 120 <= len(lexicon.relations()) <= 180


def test_every_relation_is_declared_in_kg_ttl(lexicon):
    graph = load_vocabulary()
    info = relation_info()
    for rel in sorted(lexicon.relations() | {"isA", "holdsRoleAt"}):
        iri = URIRef(KG_NS + rel)
        assert (iri, RDF.type, OWL.ObjectProperty) in graph, rel
        assert (iri, RDFS.subPropertyOf, KG.relatedTo) in graph, rel
        langs = {lang for lang, _ in info[iri].labels}
        assert {"en", "fr"} <= langs, rel


def test_kg_ttl_parses():
    graph = Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    assert (KG.relatedTo, RDF.type, OWL.ObjectProperty) in graph


def test_default_lexicon_is_cached():
    assert load_lexicon() is load_lexicon()


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lexicon.tsv"
    path.write_text(body, encoding="utf-8")
    return path


def test_custom_file(tmp_path):
    path = _write(tmp_path, "# a comment\n\n" + HEADER + "fr\tdéfier\t\t\tchallenges\n")
    lexicon = load_lexicon(path)
    assert lexicon.lookup("fr", "défier") == "challenges"
    assert lexicon.relations() == {"challenges"}


@pytest.mark.parametrize("body, line, message", [
    (HEADER + "fr\tpoursuivre\tprosecutes\n", 2, "expected 5 tab-separated columns, got 3"),
    (HEADER + "de\tverfolgen\t\t\tprosecutes\n", 2, "unknown language 'de'"),
    (HEADER + "fr\t\t\t\tprosecutes\n", 2, "empty verb"),
    (HEADER + "fr\tpoursuivre\t\t\tProsecutes\n", 2, "not a camelCase id"),
    (HEADER + "fr\tpoursuivre\t\t\t\n", 2, "not a camelCase id"),
    (HEADER + "fr\tpoursuivre\t\t\tprosecutes\n\nfr\tPoursuivre\t\t\tsues\n", 4, "duplicate of line 2"),
    ("fr\tpoursuivre\t\t\tprosecutes\n", 1, "expected the header line"),
    ("# only comments\n", None, "no header line"),
])
def test_malformed_file(tmp_path, body, line, message):
    path = _write(tmp_path, body)
    with pytest.raises(KGError) as err:
        load_lexicon(path)
    where = f"{path}:{line}:" if line else f"{path}:"
    assert str(err.value).startswith(where) and message in str(err.value)
