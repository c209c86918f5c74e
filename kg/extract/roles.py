"""Roles named around a person: "le président du club, Angel Torres," and "X est nommée présidente de Y".

Both state (person, holdsRoleAt, institution) with the role as a qualifier, like the apposition
"X, vice-présidente de Y" (kg.extract.appos) read the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor
from kg.extract.appos import institutions, role_words
from kg.extract.arguments import make_triple, mention_for, resolve_arg
from kg.extract.nouns import ROLE_NOUNS
from kg.extract.phrases import is_name, name_mention
from kg.extract.syntax import children, conjuncts, dep, is_passive, subjects, tokens_tagged
from kg.types import Mention, Qualifier, Triple

_PERSON = {"PER", "PERSON"}
# verbs that give someone a role: "est nommée présidente de", "a été élu maire de", "was appointed CEO of"
_APPOINT = {"nommer", "élire", "réélire", "désigner", "appointer", "name", "elect", "appoint", "designate"}
_ROLE_DEPS = {"xcomp", "obj", "obl", "obl:mod", "obl:arg", "nmod"}


def _held(person: Mention, noun: Token, sent: Span, verb: Token, conf: float, ctx: Context,
          name: str) -> Iterator[Triple]:
    """(person, holdsRoleAt, the institution of the role noun), the role as written in a qualifier."""
    chain = institutions(noun)
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
    for noun in tokens_tagged(sent, "NOUN"):
        # "le Président du Conseil d'Areva (Frédéric Lemoine)", "le président du club, Angel Torres, a dit"
        if noun.lemma_.lower() not in ROLE_NOUNS or not (chain := institutions(noun)):
            continue
        after = chain[0].right_edge.i + 1
        if after + 1 >= sent.end or doc[after].text not in (",", "(") or doc[after + 1].ent_type_ not in _PERSON:
            continue
        if is_name(person := doc[after + 1]):
            yield from _held(name_mention(person, ctx.doc_id, name), noun, sent, noun, 0.8, ctx, name)
    for verb in tokens_tagged(sent, "VERB"):
        if verb.lemma_.lower() not in _APPOINT:
            continue
        # passive "X est nommée présidente de Y": X is the subject; active "Y nomme X président": X the object
        people = [s for s in subjects(verb) if dep(s) == "nsubj:pass"] if is_passive(verb) else [
            c for d, c in children(verb) if d == "obj" and c.lemma_.lower() not in ROLE_NOUNS]
        roles = [r for d, c in children(verb) if d in _ROLE_DEPS and c.lemma_.lower() in ROLE_NOUNS
                 for r in conjuncts(c) if r.lemma_.lower() in ROLE_NOUNS]
        for tok in people:
            arg = resolve_arg(tok, 1.0)
            person = mention_for(arg.token, ctx, name) if arg is not None else None
            if person is None:
                continue
            for noun in roles:
                yield from _held(person, noun, sent, verb, arg.confidence * 0.9, ctx, name)
