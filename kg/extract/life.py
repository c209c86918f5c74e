"""Births and deaths: "X, né le 27 mai 1944 à Casablanca", "X (Santpoort, 1914 – Schiermonnikoog, 2006)".

Encyclopedic sentences state them in a few fixed shapes that the parser often gets wrong (the
participle hung from a date, the name split in two subjects), so these rules read the token
sequence around the participle or the brackets rather than the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.strings import hash_string
from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor, sentence_span
from kg.extract.arguments import described, make_triple, mention_for, resolve_arg
from kg.extract.phrases import NAME_PARTICLES, PERSON_LABELS, is_name, make_mention, name_mention, phrase_tokens
from kg.extract.syntax import dep, subjects, tokens_tagged, tokens_worded
from kg.types import Mention, Provenance, Qualifier, Triple

_EVENTS = {"naître": "bornIn", "décéder": "diesIn", "mourir": "diesIn", "die": "diesIn"}
# surface forms, for when the tagger or lemmatiser misses ("et mort le 1er février 2012 à Chamonix")
_FORMS = {"né": "bornIn", "née": "bornIn", "nés": "bornIn", "nées": "bornIn", "mort": "diesIn", "morte": "diesIn",
          "décédé": "diesIn", "décédée": "diesIn", "born": "bornIn", "died": "diesIn"}
_FORM_IDS = frozenset(hash_string(f) for f in _FORMS)
_BRACKET = frozenset((hash_string("("),))
_IN = {"à", "au", "en", "dans", "in", "at"}
_YEAR = re.compile(r"(1[0-9]|20)\d\d")
_DASH = re.compile(r"\s*(?:-{2,}|[–—]|\s-\s|(?<=\d)-(?=\s*[A-ZÀ-Ý]))\s*")
_LIFE_SPAN = re.compile(r"^\s*([^,()]+?)\s*,[^()]*?\b(?:1[0-9]|20)\d\d\s*$")
_CENTURY = re.compile(r"[IVXLC]+(?:e|ème|er)?")
_JOINS = {"et", ",", "--", "-", "–", "—", "(", "and"}


def event_of(tok: Token) -> str | None:
    """bornIn or diesIn for a birth or death verb; "la mort de X" (a noun with its article) is neither."""
    relation = _EVENTS.get(tok.lemma_.lower()) if tok.pos_ in ("VERB", "AUX") else None
    if relation is None and tok.lower_ in _FORMS:
        prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        if tok.pos_ != "NOUN" or prev in _JOINS:
            relation = _FORMS[tok.lower_]
    return relation


def _person(verb: Token, sent: Span, ctx: Context, name: str) -> Mention | None:
    """Who was born or died.

    The verb's subject, else the noun the participle hangs from ("un coureur ... né à Meulan" -> the
    copula's subject), else the nearest person name to the left, else the name the sentence opens with.
    """
    subs = subjects(verb)
    head = verb.head
    if not subs and dep(verb) == "conj" and head.pos_ in ("VERB", "AUX") and head != verb:
        return _person(head, sent, ctx, name)      # "was born in Bonn and died in Vienna"
    if not subs and head != verb and head.i < verb.i and head.pos_ in ("NOUN", "PROPN", "PRON") and not (
            head.like_num or head.ent_type_ == "DATE" or dep(verb) not in ("acl", "parataxis", "appos")):
        subs = [head]
    for tok in subs:
        tok = described(tok)[0]
        if is_name(tok):
            return name_mention(tok, ctx.doc_id, name)
        arg = resolve_arg(tok, 1.0)
        return mention_for(arg.token, ctx, name) if arg is not None else None
    for i in range(verb.i - 1, sent.start - 1, -1):
        tok = sent.doc[i]
        if tok.i < verb.i - 1 and event_of(tok):
            break                               # "né à X, mort à Y": the person is before both
        if tok.ent_type_ in PERSON_LABELS and is_name(tok):
            return name_mention(tok, ctx.doc_id, name)
    first = next((t for t in sent if not t.is_punct and t.pos_ != "DET"), None)
    if first is not None and is_name(first) and first.i < verb.i and first.ent_type_ != "ORG":
        # the NER often calls an unknown person LOC: "Léanïc Olivier est un coureur ... né à Meulan"
        return name_mention(first, ctx.doc_id, name)
    return None


def _place(verb: Token, sent: Span, ctx: Context, name: str) -> tuple[Token, Mention] | None:
    """The place of "né ... à Casablanca": the first name after à/en/dans, before the clause ends."""
    doc = sent.doc
    for i in range(verb.i + 1, sent.end):
        tok = doc[i]
        if tok.text in (")", ";") or (tok.pos_ in ("VERB", "AUX") and "Fin" in tok.morph.get("VerbForm")) or (
                i > verb.i + 1 and event_of(tok)):
            return None
        article = tok.pos_ == "DET" and tok.text[:1].isupper() and i + 1 < sent.end
        if doc[i - 1].lower_ in _IN and (_place_word(tok) or article and _place_word(doc[i + 1])):
            head = doc[i + 1] if article and not _place_word(tok) else tok
            tokens = [t for t in phrase_tokens(head) if t.i >= head.i]
            cut = next((k for k, t in enumerate(tokens) if k and (t.lower_ in _IN or t.is_punct)), len(tokens))
            tokens = ([tok] if head != tok else []) + tokens[:cut]     # "à La Bresse" keeps its article
            return tok, make_mention(head, ctx.doc_id, name, tokens=tokens)
    return None


def _place_word(tok: Token) -> bool:
    """A name that can be a birthplace: not "XIXe" (siècle), not a date the NER capitalised."""
    return is_name(tok) and not _CENTURY.fullmatch(tok.text) and tok.ent_type_ not in ("DATE", "TIME")


def _date(verb: Token, place: Token) -> tuple[Qualifier, ...]:
    """The year between the verb and the place ("né le 27 mai 1944 à ..."), as a date qualifier."""
    doc = verb.doc
    for i in range(verb.i + 1, place.i):
        if _YEAR.fullmatch(doc[i].text):
            start = i
            while start - 1 > verb.i and (doc[start - 1].like_num or doc[start - 1].pos_ in ("NOUN", "ADJ")):
                start -= 1
            return (Qualifier("date", doc[i].text, doc[start:i + 1].text),)
    return ()


@register_extractor("life.v1")
def extract_life_events(sent: Span, ctx: Context) -> Iterator[Triple]:
    """(person, bornIn/diesIn, place) from a birth or death verb, or from a bracketed life span."""
    name = "life.v1"
    candidates = {t.i: t for t in (*tokens_tagged(sent, "VERB", "AUX"), *tokens_worded(sent, _FORM_IDS))}
    for verb in (candidates[i] for i in sorted(candidates)):
        relation = event_of(verb)
        if relation is None or (found := _place(verb, sent, ctx, name)) is None:
            continue
        person = _person(verb, sent, ctx, name)
        if person is None or person.prov == found[1].prov:
            continue
        marker = verb.doc[found[0].i - 1]
        t = make_triple(person, relation, found[1], sent, verb, [marker], 0.9, None, name)
        yield replace(t, qualifiers=_date(verb, found[0]) or t.qualifiers)
    yield from _life_span(sent, ctx, Provenance(ctx.doc_id, *sentence_span(sent), name))


def _life_span(sent: Span, ctx: Context, prov: Provenance) -> Iterator[Triple]:
    """"Adriaan de Groot (Santpoort, 26 octobre 1914 -- Schiermonnikoog, 14 août 2006)": birth and death places."""
    doc = sent.doc
    for open_ in (t for t in tokens_worded(sent, _BRACKET) if t.i > sent.start):
        before = doc[open_.i - 1]
        close = next((t for t in doc[open_.i + 1:sent.end] if t.text == ")"), None)
        if close is None or not is_name(before) or before.ent_type_ in ("LOC", "GPE", "ORG"):
            continue
        inner = doc[open_.i + 1:close.i]
        text = inner.text                           # a Span's text joins its tokens on each access
        parts = _DASH.split(text)
        if len(parts) != 2:
            continue
        person = name_mention(before, ctx.doc_id, prov.extractor)
        offset = 0
        for relation, part in zip(("bornIn", "diesIn"), parts):
            offset = text.index(part, offset)
            if (m := _LIFE_SPAN.match(part)) is None:
                continue
            where = doc.char_span(inner.start_char + offset + m.start(1), inner.start_char + offset + m.end(1),
                                  alignment_mode="strict")
            offset += len(part)
            if where is not None and where[0].text[:1].isupper() and all(
                    t.text[:1].isupper() or t.is_punct or t.lower_ in NAME_PARTICLES | {"sur", "en"} for t in where):
                year = _YEAR.search(part[m.end(1):])
                quals = (Qualifier("date", year.group(0), part[m.end(1):].strip(" ,")),) if year else ()
                head = next((t for t in where if t.pos_ == "PROPN"), where[0])
                yield Triple(person, relation, make_mention(head, ctx.doc_id, prov.extractor, tokens=list(where)),
                             prov, predicate_text="( )", confidence=0.75, qualifiers=quals)
