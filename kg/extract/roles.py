"""Roles named around a person: "le président du club, Angel Torres,", "X est nommée présidente de Y",
"un mineur, Daniel Strong,".

Both state (person, holdsRoleAt, institution) with the role as a qualifier, like the apposition
"X, vice-présidente de Y" (kg.extract.appos) read the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.strings import hash_string
from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor, sentence_span
from kg.extract.appos import institutions, role_words
from kg.extract.arguments import make_triple, mention_for, person_named_after, resolve_arg
from kg.extract.nouns import KINSHIP, ROLE_NOUNS, names_person
from kg.extract.phrases import PERSON_LABELS, is_name, make_mention, name_mention, phrase_tokens
from kg.extract.syntax import case_marker, children, conjuncts, dep, is_passive, subjects, tokens_tagged, tokens_worded
from kg.types import Mention, Provenance, Qualifier, Triple

_OPENERS = frozenset((hash_string(","), hash_string("(")))
# verbs that give someone a role: "est nommée présidente de", "a été élu maire de", "was appointed CEO of"
_APPOINT = {"nommer", "élire", "réélire", "désigner", "appointer", "name", "elect", "appoint", "designate"}
_ROLE_DEPS = {"xcomp", "obj", "obl", "obl:mod", "obl:arg", "nmod"}


def _held(person: Mention, noun: Token, chain: list[Token], sent: Span, verb: Token, conf: float,
          ctx: Context, name: str) -> Iterator[Triple]:
    """(person, holdsRoleAt, the institution of the role noun), the role as written in a qualifier.

    `chain`: institutions(noun), which the callers have already read.
    """
    if not chain:
        return
    org = mention_for(chain[0], ctx, name)
    if org is None or org.prov == person.prov:
        return
    role = role_words(noun, chain[0])
    t = make_triple(person, "holdsRoleAt", org, sent, verb, [], conf, None, name, predicate_text=role)
    yield replace(t, qualifiers=t.qualifiers + (Qualifier("role", role, role),))


@register_extractor("role.v1")
def extract_roles(sent: Span, ctx: Context) -> Iterator[Triple]:
    name = "role.v1"
    doc = sent.doc
    prov = Provenance(ctx.doc_id, *sentence_span(sent), name)
    # where a person's name opens after "," or "(": without one, no noun here is followed by a name
    openings = {t.i for t in tokens_worded(sent, _OPENERS)
                if t.i + 1 < sent.end and doc[t.i + 1].ent_type_ in PERSON_LABELS}
    for noun in tokens_tagged(sent, "NOUN") if openings else ():
        # "le Président du Conseil d'Areva (Frédéric Lemoine)", "le président du club, Angel Torres, a dit",
        # "une lettre d'un mineur, Daniel Strong, qui ...": the name that follows the noun's phrase
        lemma = noun.lemma_.lower()
        dets = [c for c in noun.children if c.dep_ == "det"]
        if not names_person(lemma) or lemma in KINSHIP or "Plur" in noun.morph.get("Number") or any(
                "Yes" in d.morph.get("Poss") for d in dets) or (
                case_marker(noun) and not dets and lemma not in ROLE_NOUNS):
            continue                    # not "sa dame d'honneur, Luise": a bare complement is no person
        chain = institutions(noun) if lemma in ROLE_NOUNS else []
        phrase = phrase_tokens(noun)
        after = (chain[0].right_edge.i if chain else phrase[-1].i) + 1
        if after not in openings and not chain and (named := person_named_after(noun)) is not None:
            after = named.i - 1     # the name hung on the noun's complement ("à l'élection …, Mitt Romney")
        if after not in openings or not is_name(person := doc[after + 1]):
            continue
        subject = name_mention(person, ctx.doc_id, name)
        if chain:
            yield from _held(subject, noun, chain, sent, noun, 0.8, ctx, name)
        elif subject.prov.start_char > noun.idx:
            yield Triple(subject, "isA", make_mention(noun, ctx.doc_id, name, tokens=phrase), prov,
                         predicate_text="", confidence=0.75)
    for verb in tokens_tagged(sent, "VERB"):
        if verb.lemma_.lower() not in _APPOINT:
            continue
        # passive "X est nommée présidente de Y": X is the subject; active "Y nomme X président": X the object
        people = [s for s in subjects(verb) if dep(s) == "nsubj:pass"] if is_passive(verb) else [
            c for d, c in children(verb) if d == "obj" and c.lemma_.lower() not in ROLE_NOUNS]
        roles = [(r, institutions(r)) for d, c in children(verb)
                 if d in _ROLE_DEPS and c.lemma_.lower() in ROLE_NOUNS
                 for r in conjuncts(c) if r.lemma_.lower() in ROLE_NOUNS]
        for tok in people:
            arg = resolve_arg(tok, 1.0)
            person = mention_for(arg.token, ctx, name) if arg is not None else None
            if person is None:
                continue
            for noun, chain in roles:
                yield from _held(person, noun, chain, sent, verb, arg.confidence * 0.9, ctx, name)
