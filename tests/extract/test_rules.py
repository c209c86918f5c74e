"""Rules on hand-built parses: no model needed, so each rule is tested on exactly the tree it expects."""

import spacy
from spacy.tokens import Doc

from kg.extract import Context, extract_triples
from kg.lexicon import load_lexicon

_VOCAB = spacy.blank("fr").vocab


def _doc(words, heads, deps, pos, lemmas, morphs=None, ents=None):
    doc = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              morphs=morphs or [""] * len(words), sent_starts=[True] + [False] * (len(words) - 1),
              ents=ents)
    return doc


def _facts(doc):
    ctx = Context("t", "fr", load_lexicon())
    return [(t.subject.text, t.predicate, t.object.text, t.negated) for t in extract_triples(doc[:], ctx)]


def test_active_clause():
    doc = _doc(["Ada", "a", "fondé", "Acme", "."], [2, 2, 2, 2, 2],
               ["nsubj", "aux:tense", "ROOT", "obj", "punct"], ["PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
               ["Ada", "avoir", "fonder", "Acme", "."], ents=["B-PER", "O", "O", "B-ORG", "O"])
    assert _facts(doc) == [("Ada", "founds", "Acme", False)]


def test_passive_agent_is_the_subject():
    # "Acme a été fondée par Ada" -> (Ada, founds, Acme)
    doc = _doc(["Acme", "a", "été", "fondée", "par", "Ada", "."], [3, 3, 3, 3, 5, 3, 3],
               ["nsubj:pass", "aux:tense", "aux:pass", "ROOT", "case", "obl:agent", "punct"],
               ["PROPN", "AUX", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
               ["Acme", "avoir", "être", "fonder", "par", "Ada", "."],
               morphs=["", "", "", "VerbForm=Part|Tense=Past|Voice=Pass", "", "", ""])
    assert _facts(doc) == [("Ada", "founds", "Acme", False)]


def test_an_agentless_passive_names_one_relation_whatever_the_agreement():
    # "Les conventions ont été signées entre ..." and "La convention a été signée entre ..." -> "être signé entre"
    facts = []
    for subject, participle, number in (("conventions", "signées", "Plur"), ("convention", "signée", "Sing")):
        doc = _doc(["La", subject, "a", "été", participle, "entre", "Acme", "."], [1, 4, 4, 4, 4, 6, 4, 4],
                   ["det", "nsubj:pass", "aux:tense", "aux:pass", "ROOT", "case", "obl:arg", "punct"],
                   ["DET", "NOUN", "AUX", "AUX", "VERB", "ADP", "PROPN", "PUNCT"],
                   ["le", "convention", "avoir", "être", "signer", "entre", "Acme", "."],
                   morphs=["", f"Number={number}", "", "", f"VerbForm=Part|Tense=Past|Voice=Pass|Number={number}",
                           "", "", ""])
        facts += _facts(doc)
    assert [p for _, p, _, _ in facts] == ["être signé entre", "être signé entre"]


def test_negation_marks_the_triple():
    doc = _doc(["Ada", "n'", "a", "pas", "fondé", "Acme"], [4, 4, 4, 4, 4, 4],
               ["nsubj", "advmod", "aux:tense", "advmod", "ROOT", "obj"],
               ["PROPN", "ADV", "AUX", "ADV", "VERB", "PROPN"],
               ["Ada", "ne", "avoir", "pas", "fonder", "Acme"],
               morphs=["", "Polarity=Neg", "", "Polarity=Neg", "", ""])
    assert _facts(doc) == [("Ada", "founds", "Acme", True)]


def test_light_verb_object_comes_from_the_noun_complement():
    # "Le ministère ouvre des poursuites contre Bob" -> (ministère, prosecutes, Bob)
    doc = _doc(["Le", "ministère", "ouvre", "des", "poursuites", "contre", "Bob"], [1, 2, 2, 4, 2, 6, 4],
               ["det", "nsubj", "ROOT", "det", "obj", "case", "nmod"],
               ["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN"],
               ["le", "ministère", "ouvrir", "un", "poursuite", "contre", "Bob"])
    assert _facts(doc) == [("ministère", "prosecutes", "Bob", False)]


def test_unmapped_verb_keeps_its_lemma():
    doc = _doc(["Ada", "zigouille", "Bob"], [1, 1, 1], ["nsubj", "ROOT", "obj"], ["PROPN", "VERB", "PROPN"],
               ["Ada", "zigouiller", "Bob"])
    assert _facts(doc) == [("Ada", "zigouiller", "Bob", False)]


def test_birth_participle_on_a_misparsed_tree():
    # "Pantelís Voúlgaris né le 2 octobre 1940 à Athènes": the parser made the participle the root
    # and hung the place from the date; the rule reads the words, not the tree
    words = ["Pantelís", "Voúlgaris", "né", "le", "2", "octobre", "1940", "à", "Athènes"]
    doc = _doc(words, [0, 2, 2, 4, 2, 4, 5, 8, 4],
               ["ROOT", "nsubj", "ROOT", "det", "obl:mod", "nmod", "nmod", "case", "nmod"],
               ["PROPN", "PROPN", "VERB", "DET", "NUM", "NOUN", "NUM", "ADP", "PROPN"],
               ["Pantelís", "Voúlgaris", "naître", "le", "2", "octobre", "1940", "à", "Athènes"],
               morphs=["", "", "Tense=Past|VerbForm=Part", "", "", "", "", "", ""],
               ents=["O", "O", "O", "O", "O", "O", "O", "O", "B-LOC"])
    ctx = Context("t", "fr", load_lexicon())
    [t] = [t for t in extract_triples(doc[:], ctx) if t.predicate == "bornIn"]
    assert (t.subject.text, t.object.text) == ("Pantelís Voúlgaris", "Athènes")
    assert [(q.key, q.value, q.text) for q in t.qualifiers] == [("date", "1940", "2 octobre 1940")]


def test_death_noun_with_its_article_is_no_event():
    # "Ada apprend la mort de Bob à Paris": nobody here dies in Paris by this rule
    words = ["Ada", "apprend", "la", "mort", "de", "Bob", "à", "Paris"]
    doc = _doc(words, [1, 1, 3, 1, 5, 3, 7, 1], ["nsubj", "ROOT", "det", "obj", "case", "nmod", "case", "obl:mod"],
               ["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "ADP", "PROPN"],
               ["Ada", "apprendre", "le", "mort", "de", "Bob", "à", "Paris"],
               ents=["B-PER", "O", "O", "O", "O", "B-PER", "O", "B-LOC"])
    assert not [f for f in _facts(doc) if f[1] in ("diesIn", "bornIn")]


def test_finite_verb_parsed_into_the_name_before_it():
    # "Robert Thelen dessina un fuselage" with "dessina" hung from the name as flat:name
    doc = _doc(["Robert", "Thelen", "dessina", "un", "fuselage"], [0, 0, 0, 4, 2],
               ["ROOT", "flat:name", "flat:name", "det", "obj"], ["PROPN", "PROPN", "VERB", "DET", "NOUN"],
               ["Robert", "Thelen", "dessiner", "un", "fuselage"],
               morphs=["", "", "Mood=Ind|Tense=Past|VerbForm=Fin", "", ""], ents=["B-PER", "I-PER", "O", "O", "O"])
    facts = _facts(doc)
    assert [(s, o) for s, _, o, _ in facts] == [("Robert Thelen", "fuselage")]


def test_a_word_the_tagger_marks_negative_does_not_negate_without_ne():
    # "John est très tôt orphelin": the morphologizer gave "tôt" Polarity=Neg
    doc = _doc(["John", "est", "très", "tôt", "orphelin"], [4, 4, 3, 4, 4],
               ["nsubj", "cop", "advmod", "advmod", "ROOT"], ["PROPN", "AUX", "ADV", "ADV", "NOUN"],
               ["John", "être", "très", "tôt", "orphelin"], morphs=["", "", "", "Polarity=Neg", ""],
               ents=["B-PER", "O", "O", "O", "O"])
    assert _facts(doc) == [("John", "isA", "orphelin", False)]
    # with "ne ... plus" the same shape is a denial
    doc = _doc(["John", "n'", "est", "plus", "orphelin"], [4, 4, 4, 4, 4],
               ["nsubj", "advmod", "cop", "advmod", "ROOT"], ["PROPN", "ADV", "AUX", "ADV", "NOUN"],
               ["John", "ne", "être", "plus", "orphelin"], morphs=["", "Polarity=Neg", "", "Polarity=Neg", ""],
               ents=["B-PER", "O", "O", "O", "O"])
    assert _facts(doc) == [("John", "isA", "orphelin", True)]


def test_a_name_headed_by_a_word_tagged_as_adjective_is_still_the_subject():
    # "Everton Ladies Club est un club anglais": the parser made "Club" (an adjective) the subject
    # and hung "Everton" from it; the entity's first word carries the name
    doc = _doc(["Everton", "Ladies", "Club", "est", "un", "club", "anglais", "."], [2, 0, 5, 5, 5, 5, 5, 5],
               ["nsubj", "nmod", "nsubj", "cop", "det", "ROOT", "amod", "punct"],
               ["PROPN", "X", "ADJ", "AUX", "DET", "NOUN", "ADJ", "PUNCT"],
               ["Everton", "Ladies", "club", "être", "un", "club", "anglais", "."],
               morphs=["", "", "", "", "Definite=Ind", "", "", ""],
               ents=["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O"])
    assert ("Everton Ladies Club", "isA", "club anglais", False) in _facts(doc)
