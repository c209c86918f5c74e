"""The relation lexicon: verb lemmas and light-verb constructions -> relation ids (ontology/lexicon.tsv)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import KGError
from kg.tsv import read_rows
from kg.ontology import ontology_dir

_HEADER = ("lang", "verb", "noun", "prep", "relation")
_LANGS = ("fr", "en")
# contracted or elided case markers as spaCy leaves them: "participe au sommet", "s'occupe du dossier"
_PREP_FORMS = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de"}


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    lang: str        # "fr" or "en"
    verb: str        # lemma without reflexive pronoun: "poursuivre", "efforcer"
    noun: str        # object noun of a light-verb construction ("poursuite"), or ""
    prep: str        # case marker of the real object ("contre", "for"), or ""
    relation: str    # relation id declared in kg.ttl ("prosecutes")


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _lemma(text: str) -> str:
    """Lowercase, ASCII apostrophe, no leading reflexive pronoun: "S’efforcer" -> "efforcer"."""
    text = _norm(text)
    for pronoun in ("se ", "s'"):
        if text.startswith(pronoun) and len(text) > len(pronoun):
            return text[len(pronoun):].lstrip()
    return text


def _prep(text: str) -> str:
    text = _norm(text)
    return _PREP_FORMS.get(text, text)


class Lexicon:
    """Lookup of (lang, verb, noun, prep), most specific construction first."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = tuple(entries)
        self._rel: dict[tuple[str, str, str, str], str] = {}
        self._light: dict[tuple[str, str], set[str]] = defaultdict(set)
        for e in self.entries:
            self._rel[(e.lang, e.verb, e.noun, e.prep)] = e.relation
            if e.noun:
                self._light[(e.lang, e.verb)].add(e.noun)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, lang: str, verb: str, noun: str = "", prep: str = "", exact: bool = False) -> str | None:
        """The relation of the most specific matching row: (verb, noun, prep), (verb, noun), (verb, prep), verb.

        `exact` accepts only the row for exactly this construction: a passive or reflexive use
        ("être ouvert contre", "s'abattre sur") does not mean what the bare active verb means.
        """
        lang, v, noun, prep = lang.lower(), _lemma(verb), _norm(noun), _prep(prep)
        keys = ((lang, v, noun, prep),) if exact else (
            (lang, v, noun, prep), (lang, v, noun, ""), (lang, v, "", prep), (lang, v, "", ""))
        for key in keys:
            if (rel := self._rel.get(key)) is not None:
                return rel
        return None

    def light_verbs(self, lang: str, verb: str) -> frozenset[str]:
        """Object nouns that form a light-verb construction with VERB ("ouvrir" -> {"enquête", "poursuite", ...})."""
        return frozenset(self._light.get((lang.lower(), _lemma(verb)), ()))

    def relations(self) -> frozenset[str]:
        return frozenset(e.relation for e in self.entries)



def read_lexicon(path: Path) -> list[LexiconEntry]:
    """Parse one lexicon file; a malformed line is a KGError naming file:line."""
    entries: list[LexiconEntry] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for n, where, cells in read_rows(path, _HEADER, "lexicon"):
        lang, verb, noun, prep, relation = cells
        if lang not in _LANGS:
            raise KGError(f"{where}: unknown language {lang!r} (expected {', '.join(_LANGS)})")
        if not verb:
            raise KGError(f"{where}: empty verb")
        if not relation or not relation.isidentifier() or not relation[0].islower():
            raise KGError(f"{where}: relation {relation!r} is not a camelCase id such as 'prosecutes'")
        entry = LexiconEntry(lang, _lemma(verb), _norm(noun), _prep(prep), relation)
        key = (entry.lang, entry.verb, entry.noun, entry.prep)
        if key in seen:
            raise KGError(f"{where}: duplicate of line {seen[key]} ({lang} {verb} {noun} {prep}); keep one row")
        seen[key] = n
        entries.append(entry)
    return entries


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The lexicon at PATH, default ontology/lexicon.tsv (parsed once per process)."""
    if path is None:
        return _default_lexicon()
    return Lexicon(read_lexicon(path))


@cache
def _default_lexicon() -> Lexicon:
    return Lexicon(read_lexicon(ontology_dir() / "lexicon.tsv"))
