"""Appositions: "X, vice-présidente de Y" -> (X, holdsRoleAt, Y); "X, une organisation" -> (X, isA, ...)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import takewhile

from spacy.strings import hash_string
from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor, sentence_span
from kg.extract.arguments import (
    after_comma, appositive_anchor, described, make_triple, mention_for, noun_before, resolve_arg, titled_name,
)
from kg.extract.copula import agent_relation, coordinated_classes, copula_statements
from kg.extract.nouns import (
    AGENT_RELATIONS, KINSHIP, NATIONALITY_ENDINGS, ORG_NOUNS, PLACE_NOUNS, ROLE_NOUNS, class_of_noun, names_person,
)
from kg.extract.phrases import (
    PERSON_LABELS, UNNAMED_LABELS, is_name, make_mention, mention_kind, name_mention, phrase_tokens, written,
)
from kg.extract.syntax import case_marker, children, dep, is_passive, tokens_tagged, tokens_worded
from kg.types import Provenance, Qualifier, Triple

def in_brackets(tok: Token) -> bool:
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    return left > 0 and doc[left - 1].text == "(" or (doc[left].text == "(") or (
        right + 1 < len(doc) and doc[right + 1].text == ")" and left > 0 and "(" in doc[max(0, left - 2):left].text)


def _name_before_comma(noun: Token) -> Token | None:
    """"repéré par les recruteurs du Ruch Chorzów, le club historique de Pologne": the parser hangs such an
    apposition on the verb, as an adverbial with no preposition; the name just before the comma is what it
    describes. Not when the verb lacks its object, which the phrase may then be."""
    doc, verb, edge = noun.doc, noun.head, noun.left_edge
    if (dep(noun) not in ("obl:mod", "obl") or case_marker(noun) or edge.i < 2 or doc[edge.i - 1].text != ","
            or not any(c.dep_ == "det" for c in noun.children) or verb.i > noun.i):
        return None
    if verb.pos_ == "VERB" and not is_passive(verb) and not any(
            d in ("obj", "expl:comp", "expl:pv", "expl:pass") for d, _ in children(verb)):
        return None
    last = doc[edge.i - 2]
    if not last.ent_type_ or last.ent_type_ in UNNAMED_LABELS:
        return None
    start = last.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    name = doc[start:last.i + 1].root
    if mention_kind(name) != "name" or dep(name) == "conj" or (
            name.head.lemma_ == noun.lemma_ and name.head != name):
        return None     # "X et Y, le cycle …", "une étape du Tour d'Italie, une étape du Tour d'Espagne": lists
    return name


def _role_anchor(noun: Token) -> Token | None:
    """The person or organisation a role noun describes: appos, or a bare noun after a comma."""
    head = noun.head
    role = noun.lemma_.lower() in ROLE_NOUNS
    if head == noun or noun.pos_ != "NOUN" or (is_name(noun) and not role):
        return None                 # "Italiens, Espagnols, Allemands": a list of names, not appositions
    if (name := _name_before_comma(noun)) is not None:
        return name
    d = dep(noun)
    if d == "conj" and not names_person(noun.lemma_.lower()) and not any(
            c.dep_ in ("det", "nmod") for c in noun.children):
        return None                 # a bare conjunct after a comma is the next item of a list
    if d == "appos" or (d in ("nmod", "conj") and after_comma(noun) and not case_marker(noun)):
        if mention_kind(head) == "name" or (after_comma(noun) and any(
                c.dep_ == "flat:name" and is_name(c) for c in head.children)):
            return head     # "du Dr. Hector Hammond, un vilain classique": the title heads the name
        comma = noun.left_edge.i - 1
        if d == "appos" and any(c.dep_ == "cop" for c in head.children) and comma > 0 and (
                noun.doc[comma].text == "," and noun.doc[comma - 1] in phrase_tokens(head)):
            # "X est un réalisateur grec, représentant du Nouveau Cinéma": right after the predicate's phrase
            # the apposition describes X ("une exoplanète autour de HIP 12961, une naine rouge" does not)
            subject = described(head)[0]
            return subject if subject != head and mention_kind(subject) == "name" else None
    return None


def institutions(role: Token) -> list[Token]:
    """Organisation-like nouns along the role's "de" chain, outermost first.

    "responsable de la section ... du ministère" -> [section, ministère];
    "vice-présidente de l'organisation ... Thorn" -> [Thorn] (the name the description introduces).
    """
    chain: list[Token] = []
    frontier = [c for d, c in children(role) if (d == "nmod" and case_marker(c) in ("de", "of", "at", "chez"))
                or d == "conj"]
    while frontier:
        tok = frontier.pop(0)
        # the top of a multi-word name ("Brightwell Bank" -> Bank), not one of its words
        named = [t for t in tok.subtree if is_name(t) and dep(t) not in ("flat:name", "flat", "compound")]
        if named and not chain:
            # "du canton de Bagnolet", "du ministère de la Justice": the noun and its name are one institution
            if named[0].head == tok and case_marker(named[0]) == "de" and tok.lemma_.lower() in PLACE_NOUNS | ORG_NOUNS:
                return [tok]
            return [named[0]]
        if not chain and (titled := titled_name(tok)) is not None and titled not in tok.subtree:
            return [titled]     # "membre de l'équipe Andalucía-Caja Granada", the name hung beside the noun
        if tok.lemma_.lower() in ORG_NOUNS or mention_kind(tok) == "name":
            chain.append(tok)
        frontier.extend(c for d, c in children(tok) if d in ("nmod", "conj"))
    return chain


def role_words(noun: Token, org: Token) -> str:
    """The role as written, stopping before the complement that holds the institution
    ("vice-présidente" of "vice-présidente de l'organisation ... Thorn")."""
    holder = next((c for d, c in children(noun) if d == "nmod" and org in c.subtree), None)
    stop = holder.left_edge.i if holder is not None and holder != org else org.left_edge.i
    role_tokens = [t for t in noun.subtree if noun.i <= t.i < stop][:12]
    while role_tokens and role_tokens[-1].dep_ in ("case", "det", "punct", "cc"):
        role_tokens.pop()
    return written(role_tokens)


_AGENTS = frozenset(hash_string(w) for w in AGENT_RELATIONS)
_OF = frozenset(("de", "du", "des", "d'", "d’", "of"))


def _agents_after_comma(sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"Robert de Joly, découvreur de l'Aven d'Orgnac,", "le comte ..., propriétaire du château": an agent
    noun after a comma, whatever the parser hung it from (it often takes it for a verb or an oblique),
    says what the noun phrase before the comma did to its "de" complement."""
    doc = sent.doc
    for noun in tokens_worded(sent, _AGENTS):
        i = noun.i
        if i < sent.start + 2 or doc[i - 1].text != "," or i + 2 >= sent.end or doc[i + 1].lower_ not in _OF:
            continue
        done = next((t for t in doc[i + 2:min(i + 4, sent.end)] if t.pos_ in ("NOUN", "PROPN")), None)
        agent = agent_relation(noun, done) if done is not None and done.head.i in (noun.i, done.i - 1) else None
        holder = noun_before(noun)
        if agent is None or holder is None or (holder_arg := resolve_arg(holder, 0.8)) is None or (
                done_arg := resolve_arg(done, 0.8)) is None:
            continue
        s, o = mention_for(holder_arg.token, ctx, name), mention_for(done_arg.token, ctx, name)
        if s is not None and o is not None and s.prov != o.prov:
            yield make_triple(s, agent[0], o, sent, noun, [], 0.75, None, name,
                              predicate_text=f"{noun.text} {doc[i + 1].text}")


# "X, bien qu'une avancée majeure, ...": a concession without a verb still says what X is
_CONCESSIONS = frozenset(hash_string(w) for w in ("bien", "quoique", "quoiqu'", "quoiqu’", "although", "though"))
_THAT = frozenset(("que", "qu'", "qu’"))


def _concessions(sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"L'intelligence artificielle, bien qu'une avancée technologique majeure, montre ...": the noun phrase
    between the concession and the next comma, with no verb, is a class of the noun phrase before it."""
    doc = sent.doc
    for word in tokens_worded(sent, _CONCESSIONS):
        i = word.i + (word.lower_ == "bien")
        if word.i < sent.start + 2 or doc[word.i - 1].text != "," or (word.lower_ == "bien" and (
                i >= sent.end or doc[i].lower_ not in _THAT)):
            continue
        end = next((j for j in range(i + 1, sent.end) if doc[j].text == ","), None)
        words = doc[i + 1:end] if end is not None else None
        if not words or words[0].pos_ != "DET" or any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        tokens = list(takewhile(lambda t: t.pos_ in ("NOUN", "ADJ"), words[1:]))   # "une avancée … majeure"
        kind = next((t for t in tokens if t.pos_ == "NOUN"), None)
        holder = noun_before(word)
        if kind is None or holder is None or (arg := resolve_arg(holder, 0.8)) is None:
            continue
        subject = mention_for(arg.token, ctx, name)
        if subject is not None:
            yield Triple(subject, "isA", make_mention(kind, ctx.doc_id, name, tokens=tokens),
                         Provenance(ctx.doc_id, *sentence_span(sent), name), predicate_text="", confidence=0.7)


def _names_after_comma(sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"sur un nouveau label, Exclaim", "un village, Hrkovce": a name after a comma, hung on the verb as an
    adverbial with no preposition, is an apposition of the noun just before the comma: one of its kind."""
    doc = sent.doc
    for tok in tokens_tagged(sent, "PROPN"):
        if (dep(tok) not in ("obl:mod", "obl") or case_marker(tok) or tok.left_edge.i < sent.start + 2
                or doc[tok.left_edge.i - 1].text != "," or mention_kind(tok) != "name"):
            continue
        last = doc[tok.left_edge.i - 2]
        noun = last.head if last.dep_ == "amod" and last.head.i < last.i else last
        if noun.pos_ != "NOUN" or is_name(noun) or not any(c.dep_ == "det" for c in noun.children):
            continue
        yield from copula_statements(noun, make_mention(tok, ctx.doc_id, name), sent, ctx, 0.75, name, "",
                                     verb=noun)


_OPEN = frozenset((hash_string("("),))


def _classes_in_brackets(sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"Le Coudray (ferme)", "Koláčky (petites tartes)", "Rajesh Bhagwan (secrétaire général responsable de
    l'organisation)": a noun phrase alone in brackets right after a name says what the name is. Not a
    language or a nationality ("(anglais)"), nor a tie ("(fils)"), nor anything with a verb or a number;
    after a person, only a noun for people."""
    doc = sent.doc
    for opening in tokens_worded(sent, _OPEN):
        i = opening.i
        close = next((j for j in range(i + 1, min(i + 12, sent.end)) if doc[j].text in "()"), None)
        if close is None or doc[close].text != ")" or close == i + 1 or i == sent.start:
            continue
        words, before = list(doc[i + 1:close]), doc[i - 1]
        if (not words[0].is_lower or words[0].pos_ not in ("DET", "NOUN", "ADJ")
                or any(t.pos_ in ("VERB", "AUX", "NUM", "PROPN", "PRON", "PUNCT") or t.ent_type_ for t in words)
                or not (is_name(before) and before.ent_type_ and before.text[:1].isupper())):
            continue
        head = next((t for t in words if t.pos_ == "NOUN"), None)
        if head is None or head.lemma_.lower() in KINSHIP or (
                len(words) == 1 and head.lower_.endswith(NATIONALITY_ENDINGS)) or (
                before.ent_type_ in PERSON_LABELS and not names_person(head.lemma_.lower())):
            continue                    # "Mark McQuaid (guitare)": what a person plays, not what they are
        kind = [t for t in words if t.i >= head.i or t.pos_ == "ADJ"]
        kind = kind if len(kind) <= 6 else phrase_tokens(head)
        yield Triple(name_mention(before, ctx.doc_id, name), "isA", make_mention(head, ctx.doc_id, name, tokens=kind),
                     Provenance(ctx.doc_id, *sentence_span(sent), name), predicate_text="( )", confidence=0.7)


@register_extractor("appos.v1")
def extract_appositions(sent: Span, ctx: Context) -> Iterator[Triple]:
    name = "appos.v1"
    yield from _names_after_comma(sent, ctx, name)
    yield from _agents_after_comma(sent, ctx, name)
    yield from _concessions(sent, ctx, name)
    yield from _classes_in_brackets(sent, ctx, name)
    for noun in tokens_tagged(sent, "NOUN"):
        anchor = _role_anchor(noun)
        if anchor is None:
            continue
        indefinite = any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in noun.children)
        subject = make_mention(anchor, ctx.doc_id, name)
        prov = Provenance(ctx.doc_id, *sentence_span(sent), name)
        # "a former accountant at Brightwell Bank": an "at" workplace makes a role even after "a"
        at_work = any(d == "nmod" and case_marker(c) in ("at", "chez") for d, c in children(noun))
        if agent_relation(noun):
            yield from copula_statements(noun, subject, sent, ctx, 0.85, name, "")   # "X, fondateur de Y"
            continue
        chain = [] if indefinite and not at_work else institutions(noun)
        org = chain[0] if chain else None
        # "Greenwich Village, quartier de New-York": a place noun says where, not a role ("capitale" is both)
        place = class_of_noun(noun.lemma_.lower()) == "Place" and noun.lemma_.lower() not in ROLE_NOUNS
        if org is not None and anchor.ent_type_ not in ("ORG",) and not place and (
                noun.lemma_.lower() in ROLE_NOUNS or is_name(org) or at_work):
            role = role_words(noun, org)
            org_mention = make_mention(org, ctx.doc_id, name)
            yield Triple(subject, "holdsRoleAt", org_mention, prov,
                         predicate_text=noun.text, confidence=0.85,
                         qualifiers=(Qualifier("role", role, role),))
            if len(chain) > 1:
                # "la section ... du ministère": the unit belongs to the larger institution
                yield Triple(org_mention, "partOf", make_mention(chain[-1], ctx.doc_id, name), prov,
                             predicate_text="de", confidence=0.7)
            # "l'organisation de défense des droits humains Thorn": Thorn is such an organisation
            if is_name(org):
                desc = next((c for d, c in children(noun) if d == "nmod" and org in c.subtree and c != org), None)
                if desc is not None and desc.lemma_.lower() in ORG_NOUNS:
                    tokens = [t for t in phrase_tokens(desc) if t.i < org.i]
                    yield Triple(make_mention(org, ctx.doc_id, name), "isA",
                                 make_mention(desc, ctx.doc_id, name, tokens=tokens or None), prov,
                                 predicate_text="", confidence=0.75)
        elif in_brackets(noun):
            continue                                   # "DGSE (Direction générale ...)": an acronym's long form
        elif anchor.ent_type_ in PERSON_LABELS and class_of_noun(noun.lemma_.lower()) not in (None, "Person"):
            continue                                   # "avec Harold Acton, un magazine littéraire": misattached
        elif indefinite or appositive_anchor(noun) is not None or noun.lemma_.lower() not in ROLE_NOUNS:
            # an apposition is a copula without a verb: "Belgrade, la capitale de la Serbie"; one statement
            # per coordinated class: "Marie Curie, a physicist and chemist"
            for cls in coordinated_classes(noun):
                yield from copula_statements(cls, subject, sent, ctx, 0.85, name, "", verb=noun)
