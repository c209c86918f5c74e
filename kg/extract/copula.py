"""Copulas: "X est une organisation" -> (X, isA, organisation)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extract import Context, register_extractor
from kg.extract.arguments import make_triple, mention_for, resolve_arg
from kg.extract.phrases import make_mention
from kg.extract.syntax import subjects
from kg.types import Triple

_COPULAS = {"être", "be", "devenir", "become", "rester", "demeurer", "remain"}


@register_extractor("copula.v1")
def extract_copulas(sent: Span, ctx: Context) -> Iterator[Triple]:
    """"X est une organisation" -> (X, isA, organisation)."""
    name = "copula.v1"
    for pred in sent:
        cop = next((c for c in pred.children if c.dep_ == "cop" and c.lemma_.lower() in _COPULAS), None)
        if cop is None or pred.pos_ not in ("NOUN", "PROPN"):
            continue
        for s_tok in subjects(pred):
            arg = resolve_arg(s_tok, 1.0)
            if arg is None:
                continue
            s = mention_for(arg.token, ctx, name)
            o = make_mention(pred, ctx.doc_id, name)
            if s is None or s.prov == o.prov:
                continue
            words = [c for c in pred.children if c.i < pred.i and (c.dep_ == "cop" or (
                c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity")))]
            yield make_triple(s, "isA", o, sent, pred, [], arg.confidence, pred, name,
                          predicate_text=" ".join(w.text for w in words))
