"""Copulas: "X est une organisation" -> isA; "X est le chef du clan Y" -> holdsRoleAt; "X est une ville de Y" -> locatedIn."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor
from kg.extract.arguments import absorbed, copula_subjects, make_triple, mention_for, resolve_arg
from kg.extract.nouns import (
    AGENT_RELATIONS, PLACE_NOUNS, ROLE_NOUNS, TIES, WORK_NOUNS, WRITERS, class_of_noun, names_person,
)
from kg.extract.phrases import make_mention, phrase_tokens, written
from kg.extract.syntax import case_marker, children, conjuncts, dep, subjects, tokens_tagged
from kg.types import Mention, Qualifier, Triple

_COPULAS = {"être", "be", "devenir", "become", "rester", "demeurer", "remain"}
# "X est membre de Y", "X is part of Y": belonging, not a class
_BELONGING = {"membre": "memberOf", "member": "memberOf", "partie": "partOf", "part": "partOf"}
_PLACE_CASES = {"de", "dans", "en", "à", "of", "in"}
_OF_CASES = {"de", "of", "at"}


def _complement(pred: Token, cases: set[str]) -> Token | None:
    """The first noun complement of the predicate introduced by one of `cases` (a name the tagger took for an
    adjective too: "commune de Fundu Moldovei"); "en" with a common noun is a state ("un château en ruine",
    "une ligne en construction"), not a place."""
    return next((c for d, c in children(pred) if d == "nmod" and case_marker(c) in cases
                 and (c.pos_ in ("NOUN", "PROPN", "X") or c.ent_type_ in ("LOC", "GPE", "ORG"))
                 and not (case_marker(c) == "en" and c.pos_ == "NOUN" and not c.ent_type_)), None)


def copula_statements(pred: Token, subject: Mention, sent: Span, ctx: Context, conf: float, name: str,
                      words: str, verb: Token | None = None) -> Iterator[Triple]:
    """What "subject est pred" states: membership, a role at an institution, a place in a place, or a class.

    `verb` carries negation and modality: the predicate itself in French UD, "is" in English.
    """
    verb = verb if verb is not None else pred
    head = pred.lemma_.lower()
    target = _complement(pred, _OF_CASES)
    if (agent := agent_relation(pred)) and (arg := resolve_arg(agent[1], conf)) is not None and (
            (done := mention_for(arg.token, ctx, name)) is not None):
        yield make_triple(subject, agent[0], done, sent, verb, [], arg.confidence * 0.9, None, name,
                          predicate_text=f"{words} {pred.text} {case_marker(agent[1])}".strip())
        return
    if head in _BELONGING and target is not None and (arg := resolve_arg(target, conf)) is not None:
        if (group := mention_for(arg.token, ctx, name)) is not None:
            yield make_triple(subject, _BELONGING[head], group, sent, verb, [], arg.confidence, None, name,
                              predicate_text=f"{words} {pred.text} {case_marker(target)}".strip())
            return
    if head in ROLE_NOUNS and target is not None and (arg := resolve_arg(target, conf)) is not None:
        role = written(list(pred.doc[pred.i:target.left_edge.i])).strip()
        org = mention_for(arg.token, ctx, name)
        if org is not None:
            t = make_triple(subject, "holdsRoleAt", org, sent, verb, [], arg.confidence, None, name,
                            predicate_text=f"{words} {role}".strip())
            yield Triple(t.subject, t.predicate, t.object, t.prov, t.predicate_text, t.confidence, t.negated,
                         t.modality, t.qualifiers + (Qualifier("role", role, role),))
            return
    indefinite = any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in pred.children)
    bare = target is not None and target.pos_ == "NOUN" and not any(
        c.dep_ in ("det", "poss") or (c.dep_ == "case" and c.lower_ not in ("de", "d'", "d’", "of"))
        for c in target.children)
    if (target is not None and (not indefinite or head in TIES) and not bare and class_of_noun(head) is None
            and (arg := resolve_arg(target, conf)) is not None and (other := mention_for(arg.token, ctx, name))):
        # relational noun: "X est le seigneur de Milos", "Belgrade, la capitale de la Serbie"; a tie holds
        # whatever the article ("X était un ami proche de Y"); a bare noun makes an idiom ("grand-père de cœur")
        relation = f"{head} {case_marker(target)}"
        yield make_triple(subject, relation, other, sent, verb, [], arg.confidence * 0.9, None, name,
                          predicate_text=f"{words} {pred.text} {case_marker(target)}".strip())
        return
    place = _complement(pred, _PLACE_CASES) if head in PLACE_NOUNS else _named_place(pred)
    # "une ville espagnole de la province de Zamora": the class stops where the place begins
    tokens = [t for t in phrase_tokens(pred) if place is None or t.i < place.left_edge.i] or None
    yield make_triple(subject, "isA", make_mention(pred, ctx.doc_id, name, tokens=tokens), sent, verb, [], conf,
                      pred, name, predicate_text=words)
    if place is not None and (arg := resolve_arg(place, conf)) is not None:
        where = mention_for(arg.token, ctx, name)
        if where is not None:
            yield make_triple(subject, "locatedIn", where, sent, verb, [], arg.confidence * 0.9, None, name,
                              predicate_text=f"{words} {pred.text} {case_marker(place)}".strip())


def agent_relation(noun: Token, target: Token | None = None) -> tuple[str, Token] | None:
    """"fondateur de la dynastie" -> founds, "auteur de Pétain ou la démocratie" -> writes: what an agent
    noun says its holder did to its "de" complement (an author's only when that is a work or a name), and
    that complement. `target`: the complement when the parser did not hang it from the noun."""
    relation = AGENT_RELATIONS.get(noun.lemma_.lower())
    if relation is None:
        return None
    target = target if target is not None else _complement(noun, _OF_CASES)
    if target is None or target.left_edge.i != noun.i + 1:
        return None                     # not "un compositeur belge du milieu du XXe siècle"
    if noun.lemma_.lower() in WRITERS and not (target.pos_ == "PROPN" or target.lemma_.lower() in WORK_NOUNS):
        return None
    return relation, target


def _named_place(pred: Token) -> Token | None:
    """"a dormant volcano in northeastern Tanzania": a named place in the predicate locates the subject,
    unless the predicate names a person ("un acteur en France" says where he works, not where he is)."""
    if names_person(pred.lemma_.lower()):
        return None
    return next((c for d, c in children(pred) if d == "nmod" and case_marker(c) in ("in", "en", "dans")
                 and c.ent_type_ in ("LOC", "GPE") and c.pos_ == "PROPN"), None)


def coordinated_classes(pred: Token) -> list[Token]:
    """"un auteur et acteur français" -> both; "un problème ... et l'essor de X" is another clause's noun,
    "un film ... avec Roy Dupuis, Jacques Godin" a name. Bare nouns the parser hung from the predicate's
    adjective are classes too: "un linguiste français, sinologue et tibétologue"."""
    listed = [c for d, adj in children(pred) if d == "amod" and adj.pos_ == "ADJ" and adj.i > pred.i
              for d2, c in children(adj) if d2 == "conj" and c.pos_ == "NOUN"]
    relational = _relational(pred)
    return [pred, *(c for c in [*conjuncts(pred)[1:], *listed]
                    if c.pos_ == "NOUN" and (_class_like(c) or relational and _relational(c)))]


def _relational(noun: Token) -> bool:
    """"la capitale de l'Australie", "the seat of its parliament": a definite noun of something. After one,
    another is a second tie of the subject ("... and the seat of its federal parliament")."""
    return any(d.dep_ == "det" and "Def" in d.morph.get("Definite") for d in noun.children) and any(
        d == "nmod" and case_marker(c) in ("de", "of") and c.i > noun.i for d, c in children(noun))


def _class_like(noun: Token) -> bool:
    """No article, or an indefinite one: "sinologue", "un explorateur"; not "l'essor de X", "his prison sentence"."""
    dets = [d for d in noun.children if d.dep_ == "det"]
    return not any(c.dep_ in ("case", "poss") for c in noun.children) and all(
        "Ind" in d.morph.get("Definite") for d in dets)


def _copulas(sent: Span) -> Iterator[tuple[Token, Token, list[Token]]]:
    """(predicate noun, token carrying polarity, subjects) for each copular clause of the sentence.

    French UD hangs "est" from the predicate (cop); English hangs the predicate from "is" (attr).
    """
    for tok in tokens_tagged(sent, "NOUN", "PROPN", "AUX", "VERB", "PRON"):
        if tok.pos_ == "PRON" and tok.lemma_.lower() not in _ONE:
            continue
        if tok.pos_ in ("NOUN", "PROPN", "PRON") and any(
                d == "cop" and c.lemma_.lower() in _COPULAS for d, c in children(tok)) and not case_marker(tok):
            if tok.pos_ != "PRON":
                yield tok, tok, copula_subjects(tok)    # not "sont à leur paroxysme", "est en résidence à"
            elif (group := _one_of(tok)) is not None:
                yield group, tok, copula_subjects(tok)
        elif tok.lang_ == "en" and tok.lemma_.lower() in _COPULAS:
            for attr in (c for c in tok.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")):
                yield attr, tok, [c for c in tok.children if c.dep_ == "nsubj"]


_ONE = frozenset(("un", "une", "one"))


def _one_of(pron: Token) -> Token | None:
    """"X est l'un des héros de la série": the plural noun of "un des", which the parser hangs from the pronoun."""
    return next((c for d, c in children(pron) if d == "nmod" and case_marker(c) in ("de", "of") and c.pos_ == "NOUN"
                 and "Plur" in c.morph.get("Number") and c.i > pron.i), None)


# what an adjective's complement says of its subject: "différente de", "voisine des", "incompatible avec",
# "présente dans"; not "pour", "entre", "face à", "sur", which rarely join two things
_ADJECTIVE_CASES = {"de", "du", "des", "d'", "d’", "à", "au", "aux", "avec", "dans"}
_EN_ADJECTIVE_CASES = {"to", "of", "with", "from", "for", "in"}     # "equal to", "responsible for"


def _adjective_relations(sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"La thérapie primale est différente d'une psychothérapie verbale" -> (thérapie primale, différent de,
    psychothérapie verbale): an adjective's own complement (obl:arg, not a circumstance) after a copula."""
    for adj in tokens_tagged(sent, "ADJ"):
        lemma = adj.lemma_.lower()
        if adj.lang_ == "en":
            # English hangs the adjective from "is" (acomp) and its complement from a preposition
            cop = adj.head if adj.dep_ == "acomp" and adj.head.lemma_.lower() in _COPULAS else None
            comp_dep, cases = "nmod", _EN_ADJECTIVE_CASES
        else:
            cop = next((c for c in adj.children if c.dep_ == "cop" and c.lemma_.lower() in _COPULAS), None)
            comp_dep, cases = "obl:arg", _ADJECTIVE_CASES
        if cop is None or adj.morph.get("VerbForm") or (
                lemma.endswith(("er", "ir", "re")) and not adj.lower_.startswith(lemma)):
            continue                    # "sont attendues à": a passive participle, read as a clause
        verb = cop if adj.lang_ == "en" else adj                      # what carries negation and modality
        for comp in (c for d, c in children(adj) if d == comp_dep and c.pos_ in ("NOUN", "PROPN")
                     and case_marker(c) in cases and c.i > adj.i):
            obj_arg = resolve_arg(comp, 0.8)
            obj = mention_for(obj_arg.token, ctx, name) if obj_arg else None
            if obj is None:
                continue
            marker = case_marker(comp)
            for s_tok in (t for t in _adjective_subjects(adj, cop) if not absorbed(t)):
                arg = resolve_arg(s_tok, 0.8)
                subject = mention_for(arg.token, ctx, name) if arg else None
                if subject is not None:
                    yield make_triple(subject, f"{lemma} {marker}", obj, sent, verb, [], obj_arg.confidence,
                                      comp, name, predicate_text=f"{cop.text} {adj.text} {marker}")


def _adjective_subjects(adj: Token, cop: Token) -> list[Token]:
    """French: the adjective's subjects. English: those of "is", or of the verb it completes ("continues
    to be influential in")."""
    if adj.lang_ != "en":
        return copula_subjects(adj)
    verb = cop
    while not (found := subjects(verb)) and dep(verb) == "xcomp" and verb.head != verb:
        verb = verb.head
    return found


@register_extractor("copula.v1")
def extract_copulas(sent: Span, ctx: Context) -> Iterator[Triple]:
    name = "copula.v1"
    yield from _adjective_relations(sent, ctx, name)
    for pred, verb, subs in _copulas(sent):
        words = " ".join(c.text for c in verb.children if c.i < pred.i and (
            c.dep_ in ("cop", "neg") or (c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity"))))
        if verb != pred:
            words = " ".join(w for w in (verb.text, words) if w)
        classes = coordinated_classes(pred)
        for s_tok in [t for t in subs if not absorbed(t)]:
            # a predicate misparsed as a conjunct of its subject is not another subject
            for s_conj in [c for c in conjuncts(s_tok) if c not in classes and c != pred]:
                arg = resolve_arg(s_conj, 1.0)
                s = mention_for(arg.token, ctx, name) if arg else None
                if s is None:
                    continue
                # "un auteur-compositeur et acteur français": one statement per coordinated class
                for p in classes:
                    if s.prov.start_char != p.idx:
                        yield from copula_statements(p, s, sent, ctx, arg.confidence, name, words, verb)
