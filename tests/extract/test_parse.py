"""kg's own pipeline components, read off the tokens they change."""

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

