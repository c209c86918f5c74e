"""Past participles: whether one is passive, and which noun it describes when the parse hangs it elsewhere.

French participles agree with their noun in gender and number, so the ending says which noun a
participle describes ("la série Donjon écrite par", feminine singular) even when the parser chose
another head; the tagger's own morphology is copied from the wrong noun too often to be trusted.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.phrases import is_name
from kg.extract.syntax import dep, subjects


def is_passive_participle(verb: Token) -> bool:
    """"des images générées par IA", "né à Athènes", "Secourue par X, Y ...", and their conjuncts."""
    if "Part" not in verb.morph.get("VerbForm") or "Past" not in verb.morph.get("Tense"):
        return False
    d = dep(verb)
    if d == "conj" and verb.head != verb:
        return is_passive_participle(verb.head)
    if d == "ROOT":
        return fronted_noun(verb) is not None
    if d == "advcl" and verb.i < verb.head.i and not any(c.dep_.startswith("aux") for c in verb.children):
        return True
    if d in ("acl", "xcomp") and verb.head.pos_ == "ADJ" and dep(verb.head) in ("amod", "acl"):
        return verb.head.head.pos_ in ("NOUN", "PROPN", "PRON")   # "une voiture compacte construite par"
    return d in ("acl", "parataxis") and verb.head.pos_ in ("NOUN", "PROPN", "PRON")


def fronted_noun(verb: Token) -> Token | None:
    """"Présidée par Henri Jooris, la Ligue du Nord crée ...", the opening participle parsed as the root:
    the noun it describes is the first after the comma that closes it, when it agrees."""
    if dep(verb) != "ROOT" or verb.i != verb.sent.start or verb.lang_ != "fr" or subjects(verb) or any(
            c.dep_.startswith("aux") for c in verb.children):
        return None
    doc = verb.doc
    comma = next((t.i for t in doc[verb.i + 1:verb.sent.end] if t.text == ","), None)
    if comma is None:
        return None
    for tok in doc[comma + 1:verb.sent.end]:
        if tok.pos_ in ("NOUN", "PROPN") or is_name(tok):
            return tok if _agrees(_agreement(verb), tok) else None
        if tok.pos_ not in ("DET", "ADJ", "ADV"):
            return None
    return None


def participle_noun(verb: Token) -> Token:
    """The noun a participle describes: the parser's head, unless the participle's agreement says otherwise.

    "une voiture compacte construite" hangs from the adjective: its noun is "voiture". "un des héros de
    la série Donjon écrite par": the feminine singular rules out "un" and the nearest noun that agrees is
    "Donjon". "un genre d'arbre construit par": a bare "de" complement classifies the noun before it,
    which the participle describes when it agrees with both.
    """
    noun = verb.head
    while noun.pos_ == "ADJ" and dep(noun) in ("amod", "acl") and noun.head != noun:
        noun = noun.head
    form = _agreement(verb)
    if not _agrees(form, noun):
        candidates = []
        for tok in reversed(verb.doc[verb.sent.start:verb.i]):
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("acl", "amod") or tok.text in (";", ":"):
                break
            if _agrees(form, tok) and (is_name(tok) or tok.pos_ == "NOUN" and any(
                    c.dep_ in ("det", "nummod") or c.dep_ == "case" and c.lower_ in ("de", "d'", "d’")
                    for c in tok.children)):
                candidates.append(tok)
        # "créateurs d'images pornographiques d'enfants générées": the nearest name or noun whose gender
        # agrees, before one whose gender is not known ("enfants"); else the nearest with an article
        noun = next((t for t in candidates if is_name(t) or form[0] and form[0] in t.morph.get("Gender")),
                    next((t for t in candidates if any(c.dep_ in ("det", "nummod") for c in t.children)), noun))
    outer = noun.head
    bare = [c.lower_ for c in noun.children if c.dep_ != "amod" and c.i < noun.i] in (["de"], ["d'"], ["d’"])
    if dep(noun) in ("nmod", "obl:arg") and bare and outer.pos_ == "NOUN" and _agrees(form, outer):
        noun = outer
    return noun


def _agreement(part: Token) -> tuple[str, str]:
    """(gender, number) of a past participle, read from its ending when it has one to read: the tagger
    often copies them from the wrong noun ("scénarisée" tagged masculine plural)."""
    w = part.lower_
    if w.endswith("es"):
        return "Fem", "Plur"
    if w.endswith("e"):
        return "Fem", "Sing"
    if w.endswith("és"):
        return "Masc", "Plur"
    if w.endswith(("é", "i", "u", "t")):
        return "Masc", "Sing"
    return "", ""


_AGREEMENT_ENDINGS = (("ées", "é"), ("ée", "é"), ("és", "é"), ("ies", "i"), ("ie", "i"), ("ues", "u"),
                      ("ue", "u"), ("us", "u"), ("tes", "t"), ("te", "t"), ("ts", "t"), ("ses", "s"), ("se", "s"))


def masculine_singular(participle: str) -> str:
    """"publiées" -> "publié", "construite" -> "construit", "prises" -> "pris": one relation for "être
    publié à" whatever the subject's gender and number (a participle in "-is" stays: "mis", "pris")."""
    for ending, base in _AGREEMENT_ENDINGS:
        if participle.endswith(ending) and len(participle) > len(ending) + 1:
            return participle[:-len(ending)] + base
    return participle


def _agrees(form: tuple[str, str], noun: Token) -> bool:
    """No disagreement in gender or number; a name's gender is the tagger's guess, so it is not read."""
    gender, number = form
    g, n = [] if is_name(noun) else noun.morph.get("Gender"), noun.morph.get("Number")
    return not (gender and g and gender not in g) and not (number and n and number not in n)
