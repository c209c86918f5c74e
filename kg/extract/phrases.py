"""Concise noun phrases: the head and its essential modifiers, never a whole clause."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.extract.nouns import UNITS_NAMED
from kg.extract.syntax import case_marker, children, dep
from kg.types import Mention, Provenance

_KEEP = {"amod", "flat:name", "flat", "fixed", "compound", "flat:foreign", "nmod:poss"}
PERSON_LABELS = frozenset(("PER", "PERSON"))     # French and English NER labels for people
_NAME_LABELS = {"PER", "PERSON", "ORG", "LOC", "GPE", "MISC", "NORP", "FAC", "PRODUCT", "EVENT",
                "WORK_OF_ART", "LAW"}
# entity labels for values, not things: never a node's name
UNNAMED_LABELS = frozenset("DATE TIME CARDINAL ORDINAL QUANTITY MONEY PERCENT".split())
_LEADING = {"det", "case", "punct", "cc", "mark", "advmod", "nummod", "det:poss"}
_PRON_KIND = {"Rel": "relative", "Dem": "demonstrative", "Prs": "pronoun", "Ind": "pronoun", "Int": "pronoun"}
MAX_WORDS = 8


def is_name(tok: Token) -> bool:
    """A capitalised proper name; the tagger often calls unknown names NOUN or ADJ, so NER counts too."""
    return tok.text[:1].isupper() and (tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_LABELS)


def _tagged_pronoun(tok: Token) -> bool:
    """A pronoun, not an unknown name the tagger calls one ("Chypre est entré en zone euro"): pronouns are
    a closed class, all of them stop words."""
    return tok.pos_ == "PRON" and (tok.is_stop or not tok.text[:1].isupper() or tok.ent_type_ not in _NAME_LABELS)


def mention_kind(head: Token) -> str:
    if _tagged_pronoun(head):
        kinds = head.morph.get("PronType")
        if head.lemma_.lower() in ("celui", "celle", "ceux", "celles", "celui-ci", "celle-ci"):
            return "demonstrative"
        if "Dem" in kinds or head.lemma_.lower() in ("ce", "cela", "ça", "ceci", "this", "that"):
            return "clause"                 # "ce qui", "cela": stands for a whole clause
        if head.lang_ == "en" and head.tag_ in ("WDT", "WP", "WP$"):
            return "relative"               # English has no PronType: "which", "who", "what"
        return _PRON_KIND.get(kinds[0], "pronoun") if kinds else "pronoun"
    if head.pos_ == "NUM":
        return "value"
    if head.pos_ == "PROPN" or (head.ent_type_ in _NAME_LABELS and head.text[:1].isupper()):
        return "name"
    return "noun"


def _in_parentheses(token: Token) -> bool:
    doc = token.doc
    return 0 < token.i < len(doc) - 1 and doc[token.i - 1].text == "(" and doc[token.i + 1].text == ")"


def _depth_limit(token: Token, named: bool) -> int:
    """How deep "de" complements nest: "tâche des forces de l'ordre", but "créateurs d'images pornographiques"
    stops at the adjective (long noun phrases are decomposed, not copied)."""
    if named:
        return 2
    if dep(token) == "nmod" and not any(c.dep_ == "amod" for c in token.children):
        return 2
    return 1


def _collect(token: Token, depth: int, named: bool, keep: set[int]) -> None:
    keep.add(token.i)
    if token.head.pos_ == "DET" and token.head.i < token.i:
        # misparse "L'IA générative" with the article as head: its adjectives belong to the noun
        keep.update(c.i for c in token.head.children if c.dep_ == "amod" and c.i > token.i)
    for d, child in children(token):
        if d in _KEEP:
            if child.pos_ in ("VERB", "AUX") and (d == "amod" and child.i > token.i + 3
                                                  or "Fin" in child.morph.get("VerbForm")):
                continue                                # a finite verb is never part of a name
            if child.lower_ in ("tels", "telles") and child.i + 1 < len(child.doc) and (
                    child.doc[child.i + 1].lower_ == "que"):
                continue                                # "villes telles que Paris": examples follow
            _collect(child, depth, named, keep)
            keep.update(c.i for c in child.children if c.dep_ == "case" and c.i > child.i)  # "King 's College"
        elif d == "advmod" and token.pos_ == "ADJ" and child.i < token.i:
            keep.add(child.i)                           # "à but non lucratif"
        elif d == "nmod" and child.pos_ == "ADJ" and child.i == token.i + 1 and not case_marker(child):
            keep.add(child.i)                           # an adjective parsed as a complement: "le club champion"
        elif d == "acl" and _bare_participle(token, child):
            keep.update(t.i for t in child.subtree)     # "les territoires sahraouis libérés"
        elif d == "conj" and child.i > token.i and (
                (token.pos_ in ("ADJ", "VERB") and dep(token) == "amod")
                or (named and token.pos_ != "PROPN" and child.pos_ in ("ADJ", "VERB")
                    and "Part" in child.morph.get("VerbForm"))):
            _collect(child, depth, named, keep)         # "disparus et exploités"
            keep.update(c.i for c in child.children if c.dep_ == "cc")
        # an oblique after a noun is a misparsed complement ("genre d'arbre imaginaire")
        elif (d == "nmod" or (d.startswith("obl") and token.pos_ == "NOUN" and child.i > token.i)) and (
                depth < _depth_limit(token, named) and not _in_parentheses(child)):
            marker = case_marker(child)
            bare = not any(c.dep_ == "det" for c in child.children)
            if any(c.dep_ == "case" and any(f.dep_ == "fixed" for f in c.children) for c in child.children):
                continue                                # "d'après la pièce": a compound preposition starts a phrase
            if marker in ("de", "of") or (marker == "à" and bare and child.pos_ != "PROPN") or (
                    named and child.i > token.i and marker not in _WHERE_OR_WHEN) or (
                    child.ent_type_ and child.ent_type_ == token.ent_type_ and marker not in _WHERE_OR_WHEN) or (
                    # "la ville de Park | City": the rest of a name the parser hung beside its first word
                    not marker and child.ent_iob_ == "I" and child.i - 1 in keep):
                if child.dep_ == "pobj":
                    keep.add(child.head.i)              # English: the preposition heads its object
                sub = list(child.subtree)
                if len(sub) <= 4 and not any(t.pos_ in ("VERB", "PUNCT", "AUX") for t in sub):
                    keep.update(t.i for t in sub)       # small complements whole, even when misparsed
                else:
                    keep.update(c.i for c in child.children if c.dep_ in ("case", "det") and c.i < child.i)
                    _collect(child, depth + 1, named, keep)


def _bare_participle(noun: Token, part: Token) -> bool:
    """A past participle right after its noun with no complement of its own is one of its adjectives
    ("territoires sahraouis libérés", "enfants disparus"); one with a complement is a fact of its own."""
    return (part.pos_ == "VERB" and "Part" in part.morph.get("VerbForm") and "Past" in part.morph.get("Tense")
            and all(t.pos_ == "ADJ" or t.dep_ == "amod" for t in part.doc[noun.i + 1:part.i])
            and all(c.dep_ in ("advmod", "amod") and c.pos_ in ("ADJ", "ADV") and c.i < part.i for c in part.children))


# "St Mary's Hospital in London": where a named thing is, is a fact about it, not part of its name
_LOCATIVE = frozenset("in at à au aux dans en near on sur from to by with chez".split())
# "le Front Polisario depuis 35 ans": when something holds is a fact's date, never part of a name
_TEMPORAL = frozenset("depuis pendant durant lors dès jusqu' jusque jusqu avant après since during until".split())
_WHERE_OR_WHEN = _LOCATIVE | _TEMPORAL
_HONORIFICS = frozenset("mr mrs ms dr sir dame lord lady prof professor president vice prime minister judge "
                        "justice senator governor mayor king queen prince princess pope general colonel captain "
                        "chancellor secretary chairman chief ambassador bishop archbishop saint st".split())


def leading_title(head: Token) -> list[Token]:
    """English honorifics compounded before a person's name: "Prime Minister" in "Prime Minister Elena Varga"."""
    if head.lang_ != "en" or head.ent_type_ != "PERSON":
        return []
    out: list[Token] = []
    doc = head.doc
    for child in head.children:
        if child.i > head.i:
            break
        if child.dep_ == "compound" and child.lower_.strip(".") in _HONORIFICS and not (
                child.i + 1 < len(doc) and doc[child.i + 1].text == "-" and not child.whitespace_):
            out.extend(t for t in child.subtree)
        elif out or child.pos_ == "PROPN":
            break               # a title leads the name: "Henri de Saint-Simon" is no saint
    return sorted(out, key=lambda t: t.i)


NAME_PARTICLES = frozenset(("de", "d'", "d’", "von", "van", "del", "da", "di", "du", "ibn", "ben", "bin"))


_TRAILING = {"case", "det", "cc", "mark", "fixed"}
_NOT_IN_NAME = frozenset(',;()«»"“”')
_RELATIVES = frozenset("qui que dont lequel laquelle lesquels lesquelles duquel desquels desquelles auquel auxquels "
                       "auxquelles which who whom whose".split())


def _join_hyphenated(doc: Doc, keep: set[int]) -> None:
    """The parts of a word the tokenizer split at its hyphens are kept with it: "group-based data", "hi-tech"."""
    for i in sorted(keep):
        j = i
        while j >= 2 and doc[j - 1].text == "-" and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_:
            keep.update((j - 1, j - 2))
            j -= 2
        j = i
        while j + 2 < len(doc) and not doc[j].whitespace_ and doc[j + 1].text == "-" and not doc[j + 1].whitespace_:
            keep.update((j + 1, j + 2))
            j += 2


def _without_leading(tokens: list[Token], head: Token) -> list[Token]:
    """Articles and possessives dropped from the front: "their third album"."""
    while len(tokens) > 1 and tokens[0] != head and not _opens_name(tokens[0], head) and (
            dep(tokens[0]) in _LEADING or (tokens[0].pos_ == "PRON" and "Yes" in tokens[0].morph.get("Poss"))):
        tokens = tokens[1:]
    return tokens


def phrase_tokens(head: Token) -> list[Token]:
    """The contiguous tokens of the concise phrase around head, without leading articles."""
    doc = head.doc
    named = mention_kind(head) == "name"
    keep: set[int] = set()
    _collect(head, 0, named, keep)
    _join_hyphenated(doc, keep)
    # contiguous block around the head
    lo = hi = head.i
    while lo - 1 in keep or (lo - 2 in keep and doc[lo - 1].text == "-" and not doc[lo - 2].whitespace_):
        lo -= 1                                 # "Secretary - General": a hyphen inside the name
    while hi + 1 in keep or (hi + 2 in keep and doc[hi + 1].dep_ in ("case", "det", "cc", "fixed")
                             and doc[hi + 1].head.i in keep):
        hi += 1
    if lo > 0 and _opens_name(doc[lo - 1], head):
        lo -= 1
    if named:
        # "Léanïc Olivier" misparsed as two siblings: the following name words join the phrase
        # "Pantelís | Voúlgaris" parsed as root and subject: a proper noun right after, of the same entity
        # "Troides | helena": a sibling inside the same entity, whatever its case
        while hi + 1 < len(doc) and ((doc[hi + 1].text[:1].isupper() and (
                (doc[hi + 1].head == head.head and doc[hi + 1].dep_ == head.dep_
                 and doc[hi + 1].pos_ in ("PROPN", "NOUN", "X"))
                or (doc[hi + 1].pos_ == "PROPN" and doc[hi].pos_ == "PROPN"
                    and doc[hi + 1].ent_type_ == head.ent_type_ and doc[hi + 1].ent_iob_ != "B")))
                or (doc[hi + 1].ent_iob_ == "I" and doc[hi + 1].ent_type_ == head.ent_type_
                    and doc[hi + 1].head == head.head and doc[hi + 1].dep_ == head.dep_)):
            hi += 1
        if (head.ent_type_ in PERSON_LABELS and hi + 2 < len(doc) and doc[hi + 1].lower_ in NAME_PARTICLES
                and doc[hi + 2].pos_ == "PROPN" and doc[hi + 2].ent_type_ == head.ent_type_):
            hi += 2                     # "Emma de Rouillé": a person's name particle and the rest
    if (named or head.ent_iob_ == "B") and head.ent_type_:
        # "Irlande du Nord", "cathédrale du Christ Rédempteur", "Réseau Euro-Méditerranéen des droits de
        # l'Homme": the rest of the named entity, whatever the parse made of it
        end = hi
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I" and head.i <= end:
            end += 1
        if end > hi and not any(t.pos_ in ("VERB", "AUX") or t.text in _NOT_IN_NAME or (
                t.head == head and dep(t) == "conj" and t.text[:1].isupper()) for t in doc[hi + 1:end + 1]):
            hi = end                    # but not "les Boyers et les Pradons", two names in one span
    title = {t.i for t in leading_title(head)}
    tokens = [t for t in doc[lo:hi + 1] if t.i not in title]
    tokens = _without_leading(tokens, head)
    if len(tokens) > MAX_WORDS:
        # keep the head and its nearest modifiers ("'s" may lose its owner there: "Du Pont 's growing ...")
        start = max(tokens[0].i, head.i - 2)
        tokens = _without_leading([t for t in tokens if start <= t.i < start + MAX_WORDS], head)
    # no phrase ends on a preposition, article or relative pronoun ("naine rouge de", "ordre duquel")
    while len(tokens) > 1 and tokens[-1] != head and (tokens[-1].is_punct or dep(tokens[-1]) in _TRAILING
                                                      or tokens[-1].lower_ in _RELATIVES):
        tokens = tokens[:-1]
    return tokens


# words before a name that are not part of it: civilities and honorifics ("M. Moussavi", "Dr Baxa")
_NOT_FIRST_NAME = frozenset("m mm mme mmes mlle mgr me pr dr sr st".split()) | _HONORIFICS


def _opens_name(tok: Token, head: Token) -> bool:
    """The capitalised first word of head's named entity, which the parser did not attach to head:
    "La Haye", "Le Corbusier", "Jürgen Klopp", "New York"; not a civility ("M. Moussavi")."""
    return (tok.ent_iob_ == "B" and head.ent_iob_ == "I" and tok.ent_type_ == head.ent_type_
            and tok.text[:1].isupper() and tok.i > tok.sent.start
            and tok.lower_.strip(".") not in _NOT_FIRST_NAME)


def name_start(tok: Token) -> Token:
    """The first word of the name run tok belongs to ("Alain Souchon", "Adriaan de Groot")."""
    doc = tok.doc
    while tok.dep_ in ("flat:name", "flat") and tok.head.i < tok.i:
        tok = tok.head
    while tok.i > 0:
        prev = doc[tok.i - 1]
        if is_name(prev) and not prev.is_punct:
            tok = prev
        elif prev.lower_ in NAME_PARTICLES and tok.i > 1 and is_name(doc[tok.i - 2]):
            tok = doc[tok.i - 2]
        else:
            break
    return tok


def name_run(start: Token) -> list[Token]:
    """"Pantelís Voúlgaris", "Adriaan de Groot": the name words from start, whatever the parse made of them."""
    doc, run = start.doc, [start]
    while len(run) < 6 and (nxt := run[-1].i + 1) < len(doc):
        if is_name(doc[nxt]) and not doc[nxt].is_punct:
            run.append(doc[nxt])
        elif (doc[nxt].lower_ in NAME_PARTICLES and nxt + 1 < len(doc) and is_name(doc[nxt + 1])
              and doc[nxt + 1].ent_type_ not in ("LOC", "GPE")):     # not "Kay Bailey Hutchison du Texas"
            run.extend((doc[nxt], doc[nxt + 1]))
        else:
            break
    return run


def name_mention(tok: Token, doc_id: str, extractor: str) -> Mention:
    """The whole name tok is a word of, read from the words when the parse split it."""
    start = name_start(tok)
    return make_mention(start, doc_id, extractor, tokens=name_run(start))


_SPACE = re.compile(r"\s+")


def written(tokens: list[Token]) -> str:
    """The tokens as the text writes them: "département de l'Aisne", not "de l' Aisne"; a space where
    words between them were left out."""
    parts = []
    for tok, nxt in zip(tokens, [*tokens[1:], None]):
        parts.append(tok.text)
        if nxt is not None:
            parts.append(" " if nxt.i != tok.i + 1 or tok.whitespace_ else "")
    return "".join(parts)


def make_mention(head: Token, doc_id: str, extractor: str, tokens: list[Token] | None = None) -> Mention:
    """A Mention for the concise phrase headed by head, with its character span in the document."""
    tokens = tokens or phrase_tokens(head)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # the span's own text: Doc.text would join every token of the document for each mention
    text = _SPACE.sub(" ", head.doc[tokens[0].i:tokens[-1].i + 1].text).strip()
    lemma = " ".join(t.lemma_.lower() for t in tokens)
    number = head.morph.get("Number")
    gender = head.morph.get("Gender")
    definite = any(c.dep_ == "det" and ("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")
                                        or c.lower_ in ("the", "this", "these", "that", "those"))
                   for c in head.children)
    return Mention(
        text=text, label=head.ent_type_, prov=Provenance(doc_id, start, end, extractor),
        head=head.lemma_.lower(), lemma=lemma, kind=mention_kind(head), definite=definite,
        number=number[0] if number else "", gender=gender[0] if gender else "",
    )


_ARTICLES = re.compile(r"^(?:l['’]|d['’]|(?:le|la|les|un|une|des|du|de la|de l['’]|ce|cet|cette|ces|the|a|an)\s+)",
                       re.I)


def strip_article(text: str) -> str:
    return _ARTICLES.sub("", text.strip(), count=1)


_UNIT_NAME = re.compile(r"(\w+)(?: \w+)? (?:de la |de l'|de l’|de |d'|d’|du |des )(.+)")
_LOWERCASE_NAME_WORDS = frozenset("de du des la le les d' l' sur en et".split())


def unit_name(m: Mention) -> str | None:
    """"Segorbe" for "ville de Segorbe", "Margeride" for "région naturelle de la Margeride"."""
    if m.kind != "noun" or m.head not in UNITS_NAMED:
        return None
    match = _UNIT_NAME.fullmatch(strip_article(m.text))
    if match is None or match.group(1).lower() != m.head:
        return None
    name = match.group(2)
    words = re.split(r"[\s’']+", name)
    if not name[:1].isupper() or not all(w[:1].isupper() or w.lower() in _LOWERCASE_NAME_WORDS for w in words if w):
        return None
    return name
