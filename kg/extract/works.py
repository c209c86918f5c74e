"""Works and their makers: "le troisième roman de Christophe Donner", "la pièce éponyme de William
Shakespeare", "un film de Peter Brook" -> (maker, writes/directs/creates, work). French only: an English
"of" names what a work shows ("a portrait of Churchill") as often as who made it."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor
from kg.extract.arguments import described, make_triple, mention_for, resolve_arg
from kg.extract.phrases import PERSON_LABELS, is_name, make_mention, name_mention, phrase_tokens
from kg.extract.syntax import case_marker, children, tokens_tagged

# what the person named after "de" did to the work, by the work's kind
WORK_MAKERS = {
    **dict.fromkeys("roman livre poème recueil essai pièce nouvelle biographie ouvrage récit conte symphonie "
                    "concerto sonate suite opéra cantate messe".split(), "writes"),
    **dict.fromkeys("film documentaire court-métrage long-métrage".split(), "directs"),
    **dict.fromkeys("tableau peinture sculpture fresque gravure".split(), "creates"),
}
_OF = {"de", "d'", "d’"}


def _maker(work: Token) -> Token | None:
    """The person named by the work's own "de" complement: "roman de Christophe Donner", not "roman de
    la saison" nor "le portrait de Napoléon" (a painting of someone is no painting by them)."""
    return next((c for d, c in children(work) if d == "nmod" and case_marker(c) in _OF and c.i > work.i
                 and c.ent_type_ in PERSON_LABELS and is_name(c)), None)


@register_extractor("work.v1")
def extract_works(sent: Span, ctx: Context) -> Iterator[Triple]:
    name = "work.v1"
    for work in tokens_tagged(sent, "NOUN"):
        relation = WORK_MAKERS.get(work.lemma_.lower())
        if relation is None or (person := _maker(work)) is None:
            continue
        maker = name_mention(person, ctx.doc_id, name)
        # "Trois minutes de soleil en plus est le troisième roman de X": the work is the copula's subject
        for tok in described(work):
            if tok == work:             # the work's phrase without its maker: "troisième roman"
                tokens = [t for t in phrase_tokens(work) if t.i < person.left_edge.i]
                made = make_mention(work, ctx.doc_id, name, tokens=tokens or None)
                conf = 0.8
            elif (arg := resolve_arg(tok, 0.8)) is None or (made := mention_for(arg.token, ctx, name)) is None:
                continue
            else:
                conf = arg.confidence
            if made.prov != maker.prov:
                yield make_triple(maker, relation, made, sent, work, [], conf, None, name,
                                  predicate_text=f"{work.text} {case_marker(person)}")
