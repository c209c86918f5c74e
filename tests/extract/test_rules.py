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
