"""spaCy sentence -> Triples, one registered rule family per construction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span

from kg.errors import KGError
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.lexicon import Lexicon
from kg.types import Triple


@dataclass(frozen=True, slots=True)
class Context:
    doc_id: str
    lang: str
    lexicon: Lexicon


Extractor = Callable[[Span, Context], Iterator[Triple]]
EXTRACTORS: dict[str, Extractor] = {}


def register_extractor(name: str) -> Callable[[Extractor], Extractor]:
    def decorate(fn: Extractor) -> Extractor:
        EXTRACTORS[name] = fn
        return fn
    return decorate


def get_extractors(names: Iterable[str] | None = None) -> list[tuple[str, Extractor]]:
    _load_rules()
    if names is None:
        return sorted(EXTRACTORS.items())
    out = []
    for name in names:
        if name not in EXTRACTORS:
            raise KGError(f"Unknown extractor '{name}'. Available: {', '.join(sorted(EXTRACTORS))}")
        out.append((name, EXTRACTORS[name]))
    return out


def sentence_span(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without its surrounding white space.

    From its first and last non-space tokens (a token holds no outer white space), not from
    sent.text, which joins every token of the sentence on each call.
    """
    doc, i, j = sent.doc, sent.start, sent.end - 1
    while i <= j and doc[i].is_space:
        i += 1
    while j >= i and doc[j].is_space:
        j -= 1
    if i > j:
        return sent.start_char, sent.start_char
    return doc[i].idx, doc[j].idx + len(doc[j].text)


def extract_triples(sent: Span, ctx: Context, names: Iterable[str] | None = None) -> list[Triple]:
    """All triples of one sentence; the same fact found twice keeps its most confident reading."""
    best: dict[tuple, Triple] = {}
    for _name, fn in get_extractors(names):
        for t in fn(sent, ctx):
            key = (t.subject.prov.start_char, t.subject.prov.end_char, t.predicate, t.negated,
                   t.object.prov.start_char, t.object.prov.end_char)
            if key not in best or t.confidence > best[key].confidence:
                best[key] = t
    return [best[k] for k in sorted(best, key=lambda k: (k[0], k[4], k[2]))]


def _load_rules() -> None:
    # importing the modules registers their extractors
    from kg.extract import appos, clauses, copula, kin, life, roles, titles, works  # noqa: F401  (registers place.v1, title.v1, honorific.v1 too)
