"""English labels for the relations kg names by French words (kgv:passer-de -> "passes from").

A relation the lexicon does not map keeps its French lemma phrase as its identity and French label;
its English label is that phrase read word by word through ontology/translations.tsv. A phrase with
a word the table does not know keeps the French words in English too, as before: a label is never
half-translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.errors import KGError
from kg.ontology import ontology_dir
from kg.tsv import read_rows

_HEADER = ("kind", "fr", "en", "en_participle", "fr_participle")
_KINDS = ("verb", "noun", "adj")
# a French case marker after a verb, and after a noun, an adjective or a passive participle
_PREPOSITIONS = {
    "à": ("to", "to"), "au": ("to", "to"), "aux": ("to", "to"), "de": ("from", "of"), "du": ("from", "of"),
    "des": ("from", "of"), "d'": ("from", "of"), "dans": ("in", "in"), "en": ("in", "in"), "sur": ("on", "on"),
    "sous": ("under", "under"), "avec": ("with", "with"), "pour": ("for", "for"), "par": ("by", "by"),
    "contre": ("against", "against"), "vers": ("towards", "towards"), "entre": ("between", "between"),
    "chez": ("at", "at"), "parmi": ("among", "among"), "selon": ("according to", "according to"),
    "après": ("after", "after"), "avant": ("before", "before"), "depuis": ("since", "since"),
    "pendant": ("during", "during"), "durant": ("during", "during"), "sans": ("without", "without"),
    "comme": ("as", "as"), "lors de": ("during", "during"), "près de": ("near", "near"),
    "auprès de": ("with", "with"), "au sein de": ("within", "within"), "à l'aide de": ("with", "with"),
    "au moyen de": ("by means of", "by means of"), "grâce à": ("thanks to", "thanks to"),
    "en raison de": ("because of", "because of"), "à cause de": ("because of", "because of"),
    "à l'encontre de": ("against", "against"), "en faveur de": ("in favour of", "in favour of"),
    "jusqu'à": ("until", "until"), "face à": ("facing", "facing"), "hors de": ("out of", "out of"),
    "loin de": ("far from", "far from"), "outre": ("besides", "besides"), "malgré": ("despite", "despite"),
}
# adjectives whose English complement takes its own preposition: "différent de" -> "different from"
_ADJECTIVES_WITH = {
    "différent": "different from", "proche": "close to", "endémique": "endemic to", "voisin": "neighbouring",
    "égal": "equal to", "supérieur": "higher than", "inférieur": "lower than", "relatif": "relative to",
    "comparable": "comparable to", "analogue": "analogous to", "complémentaire": "complementary to",
    "hostile": "hostile to", "favorable": "favourable to", "incompatible": "incompatible with",
}
_IRREGULAR = {"is": "be", "has": "have", "does": "do"}
# infinitive markers: "permettre de créer" -> "enables to create"
_MARKERS = {"de", "d'", "à"}


@dataclass(frozen=True, slots=True)
class _Verb:
    present: str      # "takes"
    participle: str   # "taken"


@dataclass(frozen=True, slots=True)
class Translations:
    verbs: dict[str, _Verb]              # infinitive -> English forms
    participles: dict[str, str]          # French masculine participle -> infinitive
    words: dict[str, str]                # nouns and adjectives


@cache
def load_translations() -> Translations:
    path = ontology_dir() / "translations.tsv"
    verbs: dict[str, _Verb] = {}
    participles: dict[str, str] = {}
    words: dict[str, str] = {}
    for _, where, (kind, fr, en, en_pp, fr_pp) in read_rows(path, _HEADER, "translations"):
        if kind not in _KINDS or not fr or not en:
            raise KGError(f"{where}: expected a kind (verb, noun or adj), a French and an English word")
        if kind == "verb":
            if not en_pp or not fr_pp:
                raise KGError(f"{where}: a verb needs its English and French participles")
            verbs[fr] = _Verb(en, en_pp)
            participles.setdefault(fr_pp, fr)
        else:
            words.setdefault(fr, en)
    return Translations(verbs, participles, words)


@cache   # a corpus names the same few thousand relations in every document
def english_label(phrase: str) -> str | None:
    """"passer de" -> "passes from", "être publié à" -> "is published to", "ami de" -> "friend of",
    "permettre de créer" -> "enables to create"; None when a word is not in the table."""
    table = load_translations()
    words = phrase.replace("’", "'").split()
    if not words:
        return None
    if words[0] == "être" and len(words) > 1:
        verb = table.participles.get(words[1])
        rest = _preposition(words[2:], after_verb=False)
        if verb is None or rest is None:
            return None
        return " ".join(["is", table.verbs[verb].participle, *rest])
    if (verb := table.verbs.get(words[0])) is not None:
        if len(words) == 3 and words[1] in _MARKERS and (second := table.verbs.get(words[2])) is not None:
            return f"{verb.present} to {_base(second.present)}"
        rest = _preposition(words[1:], after_verb=True)
        return None if rest is None else " ".join([verb.present, *rest])
    head = table.words.get(words[0])
    if head is not None and len(words) > 1 and words[0] in _ADJECTIVES_WITH:
        return _ADJECTIVES_WITH[words[0]]
    rest = _preposition(words[1:], after_verb=False)
    return None if head is None or rest is None else " ".join([head, *rest])


def _preposition(words: list[str], after_verb: bool) -> list[str] | None:
    if not words:
        return []
    english = _PREPOSITIONS.get(" ".join(words))
    if english is None:
        return None
    return [english[0] if after_verb else english[1]]


def base_form(word: str) -> str:
    """An English third person's base form: "prosecutes" -> "prosecute", "carries" -> "carry", "reaches" -> "reach"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _base(present: str) -> str:
    """"creates" -> "create", "is" -> "be", "sets up" -> "set up"."""
    first, _, rest = present.partition(" ")
    first = _IRREGULAR.get(first) or base_form(first)
    return f"{first} {rest}".strip()
