"""Family and personal ties named around a person: "Rodolphe supplie son père, l'empereur",
"Nikolaus Otto invente avec ses amis Gottlieb Daimler et Wilhelm Maybach".

A possessive ("son", "sa", "ses", "his") points to the clause's subject; the name or definite
description next to the noun is the relative: (relative, "père de", subject).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor
from kg.extract.arguments import after_comma, make_triple, mention_for, resolve_arg, titled_name
from kg.extract.nouns import TIES, names_person
from kg.extract.phrases import PERSON_LABELS, is_name, make_mention, name_run, name_start, written
from kg.extract.syntax import case_marker, children, conjuncts, dep, subjects, tokens_tagged
from kg.types import Triple

_RELATIVE_DEPS = {"appos", "nmod", "flat:name", "flat", "amod", "compound"}
_POSS = {"det", "poss"}


def _possessor(noun: Token) -> Token | None:
    """Who "son" refers to: the name the noun is coordinated with ("Philippe II et son épouse"), else the
    nearest subject above the noun that is a person and agrees with the possessive in number ("leur mère"
    is no one's in "Leur mère, la duchesse, en fait sa résidence ... tandis que Luise demeure")."""
    doc = noun.doc
    det = next(c for c in noun.children if c.dep_ in _POSS and "Yes" in c.morph.get("Poss"))
    plural = det.lower_ in ("leur", "leurs", "their")
    if det.i >= 2 and doc[det.i - 1].lower_ in ("et", "and") and is_name(doc[det.i - 2]):
        start = name_start(doc[det.i - 2])
        if start.i == 0 or doc[start.i - 1].lemma_.lower() not in TIES:   # not "sa fille Nadja et son fils"
            return start
    tok = noun
    for _ in range(6):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        for s in subjects(tok):
            if dep(s) != "nsubj:pass" and noun not in s.subtree and _person(s) and (
                    ("Plur" in s.morph.get("Number") or dep(s) == "conj") == plural):
                return s
    return None


def _possessed_tie(noun: Token) -> bool:
    """"son père", "ses amis", "his father": a tie noun with a possessive."""
    return noun.lemma_.lower() in TIES and any(
        c.dep_ in _POSS and "Yes" in c.morph.get("Poss") for c in noun.children)


def named_tie(tok: Token) -> bool:
    """"avec ses amis Gottlieb Daimler et ...": a name right after a possessed tie noun names the relative,
    whatever role the parser gave it (here the verb's object)."""
    start = name_start(tok) if is_name(tok) else None
    return start is not None and start.i > 0 and _possessed_tie(tok.doc[start.i - 1])


def _name(tok: Token) -> list[Token]:
    """The name's words, up to where another name begins ("Alain Senderens | L'Archestrate")."""
    run = name_run(tok)
    return next((run[:k] for k in range(1, len(run)) if run[k].ent_iob_ == "B" or run[k].pos_ == "DET"), run)


def _person(tok: Token) -> bool:
    return (tok.ent_type_ in PERSON_LABELS or names_person(tok.lemma_.lower())
            or tok.pos_ == "PRON" and "Prs" in tok.morph.get("PronType") or tok.lower_ in ("il", "elle", "he", "she"))


def _relatives(noun: Token) -> list[Token]:
    """"son petit ami Owen", "son père, l'empereur,": the names after the noun, or a definite apposition."""
    for d, c in children(noun):
        if c.i < noun.i or case_marker(c):
            continue
        if d in _RELATIVE_DEPS and is_name(c):
            return conjuncts(c)
        if d in ("appos", "conj") and c.pos_ == "NOUN" and after_comma(c) and not any(
                x.dep_ == "cc" for x in c.children) and any(
                x.dep_ == "det" and "Def" in x.morph.get("Definite") for x in c.children):
            return [titled_name(c) or c]       # "son mari, l'acteur John Smith": the name
    # "avec ses amis Gottlieb Daimler et Wilhelm Maybach", the names parsed as the verb's: read the words
    doc, sent, out = noun.doc, noun.sent, []
    nxt = noun.i + 1
    while nxt < sent.end and is_name(doc[nxt]):
        out.append(doc[nxt])
        nxt = _name(doc[nxt])[-1].i + 1
        if not (nxt + 1 < sent.end and doc[nxt].lower_ in ("et", "and", ",") and is_name(doc[nxt + 1])):
            break
        nxt += 1
    return out


@register_extractor("kin.v1")
def extract_kin(sent: Span, ctx: Context) -> Iterator[Triple]:
    name = "kin.v1"
    for noun in tokens_tagged(sent, "NOUN"):
        if not _possessed_tie(noun):
            continue
        relatives = _relatives(noun)
        owner = _possessor(noun) if relatives else None
        arg = resolve_arg(owner, 0.8) if owner is not None else None
        person = mention_for(arg.token, ctx, name) if arg is not None else None
        if person is None:
            continue
        small = [c.lower_ for c in noun.children if c.dep_ == "amod" and c.i < noun.i]
        tie = " ".join([*small, noun.lemma_.lower()])        # "petit ami", "ancien mentor"
        relation = f"{tie} {'of' if ctx.lang == 'en' else 'de'}"
        words = written(list(noun.doc[noun.left_edge.i:noun.i + 1]))
        for tok in relatives:
            relative = (make_mention(tok, ctx.doc_id, name, tokens=_name(tok)) if is_name(tok)
                        else mention_for(tok, ctx, name))
            if relative is not None and relative.prov != person.prov:
                yield make_triple(relative, relation, person, sent, noun, [], arg.confidence, None, name,
                                  predicate_text=words)
