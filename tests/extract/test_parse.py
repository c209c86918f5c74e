"""kg's own pipeline components, read off the tokens they change."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def test_a_present_tense_verb_gets_its_infinitive_as_lemma(nlp):
    doc = nlp("Il lui demande de se retirer. Le festival comporte trois salles et donne un prix.")
    lemmas = {t.text: t.lemma_ for t in doc if t.pos_ == "VERB"}
    assert lemmas["demande"] == "demander" and lemmas["comporte"] == "comporter" and lemmas["donne"] == "donner"
    assert lemmas["retirer"] == "retirer"                   # an infinitive stays itself
    # tagged a past participle, still the present tense of "participer"
    assert next(t.lemma_ for t in nlp("Le 29 mai, l'AGEC participe à la journée.") if t.text == "participe") \
        == "participer"
    # nouns keep theirs
    assert next(t.lemma_ for t in nlp("La demande est forte.") if t.text == "demande") == "demande"


def test_a_passe_simple_is_parsed_as_the_verb_it_is(nlp):
    doc = nlp("Il pleuvait. Les Allemands enquêtèrent sur les causes de l'incendie et établirent de nouvelles "
              "règles. Le feu reprit.")
    verb = doc[5]
    assert (verb.pos_, verb.dep_, verb.lemma_) == ("VERB", "ROOT", "enquêter")
    assert verb.text == "enquêtèrent" and verb.idx == doc.text.index("enquêtèrent") and verb.norm_ == "enquêtèrent"
    # the sentences around keep their own parse and boundaries
    assert [s.text for s in doc.sents][::2] == ["Il pleuvait.", "Le feu reprit."]
    doc = nlp("Jules César assiégea la cité et combattit contre Cnaeus Pompée.")
    assert [(t.text, t.dep_) for t in doc if t.dep_ in ("ROOT", "obj")] == [("assiégea", "ROOT"), ("cité", "obj")]
    # a passé simple the first parse tagged right is not parsed again
    doc = nlp("L'Irak dépendant grandement du pétrole, Saddam tenta de diversifier l'économie.")
    assert next(t for t in doc if t.text == "tenta").dep_ == "ROOT"


@pytest.mark.parametrize("word, norm", [
    ("assiégea", "assiégeait"), ("commença", "commençait"), ("enquêtèrent", "enquêtaient"),
    ("mangèrent", "mangeaient"), ("commencèrent", "commençaient"),
    # a noun, a stop word, a capitalised name and a word of no verb keep their norm
    ("gala", None), ("cela", None), ("Maria", None), ("pizza", None),
])
def test_only_first_group_passe_simple_forms_get_the_imperfect_norm(nlp, word, norm):
    assert nlp.get_pipe("kg_past_historic").imperfect(word) == norm


def test_the_lemma_lists_are_sets_and_give_spacys_own_lemmas(nlp):
    """kg's copy of the lemmatizer looks words up in sets; on real sentences it lemmatises as spaCy does."""
    import spacy

    tables = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert tables and all(isinstance(words, frozenset) for words in tables.values())
    reference = spacy.load("fr_core_news_md")
    sample = Path(__file__).parents[2] / "benchmarks" / "data" / "fr-gsd-sample.tsv"
    text = " ".join(line.split("\t", 1)[1] for line in sample.read_text(encoding="utf-8").splitlines()
                    if "\t" in line and not line.startswith("#"))
    parsed = reference(text, disable=["lemmatizer"])
    ours, theirs = nlp.get_pipe("lemmatizer")(parsed.copy()), reference.get_pipe("lemmatizer")(parsed.copy())
    assert len(ours) > 3000
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
