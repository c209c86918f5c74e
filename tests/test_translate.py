"""English labels for relations named by French words: the table, the phrase shapes, and the graph."""

import pyoxigraph as ox
import pytest

from kg.errors import KGError
from kg.rdf import RDFS, VERB, relation_quads, slugify
from kg.translate import english_label, load_translations


@pytest.mark.parametrize("phrase, english", [
    ("prendre", "takes"),
    ("passer de", "passes from"),                  # an active verb's "de" is where from
    ("être publié à", "is published to"),          # an agentless passive, by its masculine participle
    ("être constitué de", "is constituted of"),
    ("ami de", "friend of"),                       # a relational noun
    ("différent de", "different from"),            # an adjective with its own English preposition
    ("permettre de créer", "allows to create"),   # a verb and its infinitive
    ("évoluer au sein de", "evolves within"),       # a multi-word preposition
])
def test_french_relation_phrases_read_in_english(phrase, english):
    assert english_label(phrase) == english


@pytest.mark.parametrize("phrase", ["petit ami de", "mot-inconnu", "prendre derrière", ""])
def test_a_phrase_with_an_unknown_word_is_not_half_translated(phrase):
    assert english_label(phrase) is None


def test_the_table_is_well_formed_and_covers_the_common_verbs():
    table = load_translations()
    assert len(table.verbs) > 1000 and table.participles["pris"] == "prendre"
    assert {"faire", "dire", "aller", "voir", "mettre", "venir", "devenir", "tenir"} <= set(table.verbs)


def test_a_malformed_row_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "translations.tsv").write_text("kind\tfr\ten\ten_participle\tfr_participle\nverb\tprendre\ttakes\t\t\n",
                                               encoding="utf-8")
    monkeypatch.setenv("KG_ONTOLOGY", str(tmp_path))
    load_translations.cache_clear()
    try:
        with pytest.raises(KGError, match=r"translations.tsv:2: a verb needs"):
            load_translations()
    finally:
        load_translations.cache_clear()


def _labels(predicate: str, lang: str) -> dict[str, str]:
    g = ox.NamedNode("https://example.org/g")
    prop = VERB[slugify(predicate)]
    return {q.object.language: q.object.value for q in relation_quads(prop, predicate, False, g, lang)
            if q.predicate.value == str(RDFS.label)}


def test_a_french_documents_unmapped_relation_gets_an_english_label():
    assert _labels("passer de", "fr") == {"en": "passes from", "fr": "passer de"}
    assert _labels("retire to", "en") == {"en": "retire to", "fr": "retire to"}   # English words stay
