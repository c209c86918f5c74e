"""Names introduced by a title or a place: "le politologue Gilles Kepel", "Rueil-Malmaison (Hauts-de-Seine)"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract import Context, register_extractor, sentence_span
from kg.extract.appos import in_brackets
from kg.extract.arguments import after_comma, demonym_name, titled_name
from kg.extract.nouns import (
    KINSHIP, NATIONALITY_ENDINGS, ORG_NOUNS, PLACE_NOUNS, ROLE_NOUNS, UNITS_NAMED, class_of_noun, names_person,
)
from kg.extract.phrases import (
    NAME_PARTICLES, PERSON_LABELS, UNNAMED_LABELS, is_name, leading_title, make_mention, name_run, phrase_tokens,
    unit_name,
)
from kg.extract.syntax import case_marker, children, conjuncts, dep, syntactic_head, tokens_tagged
from kg.types import Mention, Provenance, Qualifier, Triple

_NAME_DEPS = {"appos", "nmod", "flat:name", "flat", "amod", "compound", "acl", "nsubj"}
_PLACE_LABELS = {"LOC", "GPE"}
# buildings and sites that sit somewhere: "a factory in Monterrey", "un hôpital à Lyon"
_SITE_NOUNS = frozenset("usine site siège bureau magasin restaurant hôtel hôpital prison tribunal factory plant "
                        "headquarters office store restaurant hotel hospital prison court campus".split())
_IN_CASES = {"à", "au", "aux", "en", "dans", "in"}
_CITY_CASES = {"à", "in"}
# "les quatre hommes (Mark Hopkins, …)": being a man is no class worth a fact
_ANYONE = frozenset("homme femme personne individu gens enfant garçon fille man woman person people".split())
_CODE = re.compile(r"[A-Z]{1,3}-?[0-9]+[a-z]?")


@register_extractor("title.v1")
def extract_titles(sent: Span, ctx: Context) -> Iterator[Triple]:
    """(name, isA, title), or (name, holdsRoleAt, institution) when the title is a role "de" something."""
    name = "title.v1"
    prov = Provenance(ctx.doc_id, *sentence_span(sent), name)
    for demonym in tokens_tagged(sent, "PROPN"):
        if (person := demonym_name(demonym)) is not None:
            # "le Japonais Hidetoshi Nakata": a Japanese
            phrase, run = phrase_tokens(person), name_run(person)
            yield Triple(make_mention(person, ctx.doc_id, name, tokens=run if len(run) > len(phrase) else phrase),
                         "isA",
                         make_mention(demonym, ctx.doc_id, name, tokens=[demonym]), prov,
                         predicate_text="", confidence=0.75)
    for noun in tokens_tagged(sent, "NOUN"):
        if "Plur" in noun.morph.get("Number"):
            yield from _members(noun, ctx, prov, name)
            continue
        if noun.lemma_.lower() in UNITS_NAMED:
            yield from _unit(noun, ctx, prov, name)
            continue
        # a title is a singular common noun ("le moine Bède"), never itself a name
        # "son petit ami Owen" relates Owen to someone; "En effet Emma" is no title at all
        possessive = any("Yes" in c.morph.get("Poss") for c in noun.children if c.dep_ == "det")
        if (noun.pos_ != "NOUN" or is_name(noun) or "Plur" in noun.morph.get("Number") or possessive
                or (case_marker(noun) and not _articled(noun))
                or noun.lemma_.lower() in PLACE_NOUNS | KINSHIP | NAME_PARTICLES
                or (person := titled_name(noun)) is None):
            continue
        # the name's words from the parse, or read from the text when the parse split the name
        phrase, run = phrase_tokens(person), name_run(person)
        subject = make_mention(person, ctx.doc_id, name,
                               tokens=phrase if phrase[0] == person and len(phrase) >= len(run) else run)
        org = next((c for d, c in children(noun) if d == "nmod" and case_marker(c) in ("de", "of")
                    and c.i < person.i and c.pos_ in ("NOUN", "PROPN")), None)
        if noun.lemma_.lower() in ROLE_NOUNS and org is not None:
            role = noun.doc[noun.i:org.left_edge.i].text.strip()
            yield Triple(subject, "holdsRoleAt", make_mention(org, ctx.doc_id, name), prov,
                         predicate_text=role, confidence=0.8, qualifiers=(Qualifier("role", role, role),))
            continue
        titles = conjuncts(noun)
        if dep(noun) == "conj" and noun.head.pos_ == "NOUN" and noun.head.i < noun.i and not any(
                c.dep_ == "det" for c in noun.children):
            titles.append(noun.head)    # "le moine et chroniqueur northumbrien Bède": both titles
        for title in titles:
            tokens = [t for t in phrase_tokens(title) if t.i < person.i and t.i >= title.i
                      and not (title.i < noun.i and t.i >= noun.i - 1)]
            if tokens:
                yield Triple(subject, "isA", make_mention(title, ctx.doc_id, name, tokens=tokens), prov,
                             predicate_text="", confidence=0.75)


_CONTRACTED = frozenset(("au", "aux", "du", "des"))


def _articled(noun: Token) -> bool:
    """An article of its own, or one contracted with the preposition before a person's or a thing's
    class: "au capitaine Sig Hansen", "du pape Grégoire XII", "du journal Spirou" (not "d'honneur",
    nor the adverbials "au second tour", "au même titre que")."""
    if any(c.dep_ == "det" for c in noun.children):
        return True
    lemma = noun.lemma_.lower()
    return any(c.dep_ == "case" and c.lower_ in _CONTRACTED for c in noun.children) and (
        names_person(lemma) or class_of_noun(lemma) is not None)


def _unit(noun: Token, ctx: Context, prov: Provenance, name: str) -> Iterator[Triple]:
    """"la ville de Segorbe", "la région naturelle de la Margeride": the named place is such a unit (kg.resolve
    makes the phrase and the name one node, by the same unit_name). Only with a definite article: "une ville
    d'Espagne" is in Spain."""
    if is_name(noun) or not (_articled(noun) and not any(
            c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in noun.children)):
        return
    place = next((c for d, c in children(noun) if d == "nmod" and case_marker(c) == "de" and c.pos_ == "PROPN"
                  and c.i > noun.i), None)
    if place is None or any(not (t.pos_ == "ADJ" and t.is_lower or t.pos_ in ("ADP", "DET"))
                            for t in noun.doc[noun.i + 1:place.i]):
        return
    unit_place = make_mention(noun, ctx.doc_id, name)
    if unit_name(unit_place) is not None:
        unit = [t for t in noun.doc[noun.i:place.i] if t.pos_ in ("NOUN", "ADJ")]
        yield Triple(unit_place, "isA", make_mention(noun, ctx.doc_id, name, tokens=unit), prov,
                     predicate_text="", confidence=0.75)


def listed_names(noun: Token) -> list[Token]:
    """"deux ponts routiers : le Carquinez Bridge … et le Benicia-Martinez Bridge", "les saxophonistes Ronnie
    Scott et Pete King": the names in apposition to a plural noun, each one of them. Not an acronym in
    brackets ("(VNF)"), nor a name after a "de" phrase, which it may complete ("ondes de la Chaîne III")."""
    lemma = noun.lemma_.lower()
    if (noun.pos_ != "NOUN" or "Plur" not in noun.morph.get("Number") or is_name(noun)
            or lemma in KINSHIP | _ANYONE or lemma.endswith(NATIONALITY_ENDINGS)
            or any(d == "nmod" and case_marker(c) for d, c in children(noun))):
        return []               # "les britanniques Sinead Kerr", "les pétroliers américains ExxonMobil, Chevron"
    for first in (c for d, c in children(noun) if d == "appos" and c.pos_ == "PROPN" and c.ent_type_ and c.i > noun.i):
        listed = any(t.text in (":", ",", "(") for t in noun.doc[noun.i + 1:first.i])
        if (in_brackets(first) and first.text.isupper()) or (lemma in PLACE_NOUNS and not listed):
            continue            # "(VNF)" is an acronym; "les îles Kerguelen" one name
        return [m for m in conjuncts(first) if m.pos_ == "PROPN" and m.ent_type_]
    return []


# "des groupes comme X et Y", "des villes telles que X", "companies such as X": the names are examples of the
# noun (Hearst's pattern), read from the text because the parser hangs them anywhere
_EXAMPLE_MARKERS = {("comme",): "fr", ("tels", "que"): "fr", ("telles", "que"): "fr", ("such", "as"): "en",
                    ("including",): "en"}    # not "like", which the parser confuses with the verb
_MARKER_WORDS = frozenset(m[0] for m in _EXAMPLE_MARKERS)
_LIST_WORDS = frozenset(", et ou and or".split())
_DE = frozenset(("de", "d'", "d’"))


def example_names(noun: Token) -> list[list[Token]]:
    """The named things given as examples right after a plural noun, each as its tokens: "groupes musicaux
    comme Los Abuelos de la Nada et Los Rodríguez", "villes telles que Paris, New York, et Tokyo"."""
    lemma, doc = noun.lemma_.lower(), noun.doc
    if (noun.pos_ != "NOUN" or "Plur" not in noun.morph.get("Number") or is_name(noun)
            or lemma in KINSHIP | _ANYONE):
        return []
    i = noun.i + 1
    while i < len(doc) and (word := doc[i]).lower_ not in _MARKER_WORDS and word.pos_ == "ADJ" and word.is_lower:
        i += 1
    if i >= len(doc) or doc[i].lower_ not in _MARKER_WORDS:
        return []
    marker = next((m for m, lang in _EXAMPLE_MARKERS.items() if lang == noun.lang_
                   and tuple(t.lower_ for t in doc[i:i + len(m)]) == m), None)
    if marker is None:
        return []
    return _names_listed(doc, i + len(marker))


def _names_listed(doc: Doc, i: int, repeated: frozenset[str] = frozenset()) -> list[list[Token]]:
    """The names listed from doc[i] on ("Paris, New York, et Tokyo"), each as its tokens; a word of
    `repeated` may open each item ("de Biella et de Verceil")."""
    names: list[list[Token]] = []
    while i < len(doc):
        if doc[i].lower_ in repeated and i + 1 < len(doc):
            i += 1
        if doc[i].pos_ == "DET":
            i += 1                  # "comme la Belgique", "such as the Netherlands"
        while i < len(doc) and doc[i].pos_ == "ADJ" and doc[i].is_lower:
            i += 1
        if i >= len(doc):
            break
        tok = doc[i]
        if tok.ent_iob_ != "B" or tok.ent_type_ in UNNAMED_LABELS:
            break
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        names.append(list(doc[i:end]))
        i = end
        if i < len(doc) and doc[i].lower_ in _LIST_WORDS:
            i += 1
            if i < len(doc) and doc[i].lower_ in _LIST_WORDS:
                i += 1              # ", et"
            continue
        break
    return names


def named_units(noun: Token) -> list[Token]:
    """"jouxte les communes de Planches, Sainte-Gauburge et Mahéru", "traverse les provinces de Biella et de
    Verceil": plural units whose "de" complement lists names are those places. One name is what they
    divide ("les régions de France"), so it takes two or more."""
    if (noun.pos_ != "NOUN" or noun.lang_ != "fr" or "Plur" not in noun.morph.get("Number")
            or noun.lemma_.lower() not in UNITS_NAMED):
        return []
    doc, i = noun.doc, noun.i + 1
    if i + 1 >= len(doc) or doc[i].lower_ != "de":
        return []
    names = [doc[n[0].i:n[-1].i + 1].root for n in _names_listed(doc, i + 1, _DE)]
    return names if len(names) > 1 else []


def participants(tok: Token) -> list[Token]:
    """The token's conjuncts, a plural noun standing for the names listed after it: "traversé par deux ponts
    routiers : le Carquinez Bridge … et le Benicia-Martinez Bridge" is crossed by each bridge, "jouxte les
    communes de Planches et Mahéru" borders each commune."""
    return [m for c in conjuncts(tok) for m in ((c.pos_ == "NOUN" and (listed_names(c) or named_units(c))) or [c])]


def _members(noun: Token, ctx: Context, prov: Provenance, name: str) -> Iterator[Triple]:
    """Each name listed after a plural noun (listed_names) or given as its example (example_names) is one
    of them."""
    members = listed_names(noun)
    if members:
        tokens = [t for t in phrase_tokens(noun) if t.i < members[0].i and t.i >= noun.i] or None
        for member in members:
            yield Triple(make_mention(member, ctx.doc_id, name), "isA",
                         make_mention(noun, ctx.doc_id, name, tokens=tokens), prov, predicate_text="",
                         confidence=0.7)
        return
    examples = example_names(noun)
    if examples:
        kind = make_mention(noun, ctx.doc_id, name, tokens=[
            t for t in noun.doc[noun.i:examples[0][0].i] if t.i == noun.i or t.pos_ == "ADJ" and t.is_lower
            and t.lower_ not in _MARKER_WORDS])
        for words in examples:
            head = noun.doc[words[0].i:words[-1].i + 1].root
            yield Triple(make_mention(head, ctx.doc_id, name, tokens=words), "isA", kind, prov,
                         predicate_text="", confidence=0.7)


@register_extractor("place.v1")
def extract_places(sent: Span, ctx: Context) -> Iterator[Triple]:
    """"Rueil-Malmaison (Hauts-de-Seine)", "le cap Borda, en Australie", "a hospital in London" -> locatedIn."""
    name = "place.v1"
    prov = Provenance(ctx.doc_id, *sentence_span(sent), name)
    for place in tokens_tagged(sent, "PROPN", named=True):
        if not is_name(place) or dep(place) in ("flat:name", "flat"):
            continue
        marker = case_marker(place)
        if (marker in _IN_CASES and place.ent_type_ in _PLACE_LABELS and after_comma(place)
                and (near := _place_before_comma(place, ctx, name)) is not None):
            # "un cap de l'île Kangourou, en Australie", "fabriquées par Couillet, à Marcinelle": the
            # place phrase after a comma locates the place just before it, whatever the parser hung it on
            yield Triple(near, "locatedIn", make_mention(place, ctx.doc_id, name), prov,
                         predicate_text=marker, confidence=0.7)
            continue
        if (before := _place_before_bracket(place, ctx, name)) is not None:
            # "à Rueil-Malmaison (Hauts-de-Seine)": whatever the parser hung the bracket on
            yield Triple(before, "locatedIn", make_mention(place, ctx.doc_id, name), prov, predicate_text="( )",
                         confidence=0.7)
            continue
        if (sibling := _located_sibling(place, marker)) is not None:
            yield Triple(make_mention(sibling, ctx.doc_id, name), "locatedIn", make_mention(place, ctx.doc_id, name),
                         prov, predicate_text=marker, confidence=0.7)
            continue
        host = syntactic_head(place)
        if host == place or host.i > place.i or host.pos_ not in ("NOUN", "PROPN"):
            continue
        host_is_place = host.ent_type_ in _PLACE_LABELS or host.lemma_.lower() in PLACE_NOUNS
        # "l'autoroute A36 (E54)": a code in brackets is another name of the host, not a place
        # and "(via Clisson)" is a way, not a place
        bracketed = (in_brackets(place) and place.ent_type_ in _PLACE_LABELS and host_is_place
                     and not _CODE.fullmatch(place.text) and _alone(place) and (not marker or marker in _IN_CASES))
        after = (after_comma(place) and marker in _IN_CASES and dep(place) in ("nmod", "obl:mod")
                 and host_is_place)
        # "King's College, Cambridge", "Springfield, Illinois": a place name set after a named place or body
        named_after = (dep(place) == "appos" and after_comma(place) and place.ent_type_ in _PLACE_LABELS
                       and is_name(host) and host.ent_type_ in _PLACE_LABELS | {"ORG", "FAC"} and _alone(place))
        # "St Mary's Hospital in London", "une usine à Lyon": a place phrase on a named or institutional noun
        # not a person: "Alain Souchon, né ... à Casablanca, au Maroc" says nothing of where he is
        on_noun = (dep(place) == "nmod" and marker in _IN_CASES and place.ent_type_ in _PLACE_LABELS
                   and host.ent_type_ not in PERSON_LABELS
                   and (is_name(host) or host.lemma_.lower() in PLACE_NOUNS | ORG_NOUNS | _SITE_NOUNS))
        if bracketed or after or on_noun or named_after:
            located = titled_name(host) or host       # "le restaurant Mer Rouge à Djibouti": the restaurant's name
            yield Triple(make_mention(located, ctx.doc_id, name), "locatedIn", make_mention(place, ctx.doc_id, name),
                         prov, predicate_text=marker or ("" if named_after else "( )"), confidence=0.7)


def _located_sibling(place: Token, marker: str) -> Token | None:
    """"conservé à la Bibliothèque royale des Pays-Bas à La Haye": both phrases hung on the verb, the place
    right after an institution's or a place's "à"/"dans" phrase locates it."""
    if marker not in _IN_CASES or place.ent_type_ not in _PLACE_LABELS or not dep(place).startswith("obl"):
        return None
    edge = place.left_edge.i
    sibling = next((c for d, c in children(place.head) if c != place and d.startswith("obl")
                    and c.right_edge.i == edge - 1), None)
    if sibling is None or case_marker(sibling) not in ("à", "au", "aux", "dans", "in", "at"):
        return None
    if sibling.ent_type_ in PERSON_LABELS:
        return None
    named = is_name(sibling) and sibling.ent_type_ in _PLACE_LABELS | {"ORG", "FAC"}
    return sibling if named or sibling.lemma_.lower() in ORG_NOUNS | _SITE_NOUNS | PLACE_NOUNS else None


def _alone(place: Token) -> bool:
    """One name alone, not a list: "(Hauts-de-Seine)", not "(Montigny-le-Bretonneux, Loches et Lingolsheim)"."""
    return not any(t.is_punct or dep(t) in ("conj", "advmod") for t in place.subtree)


def _place_before_bracket(place: Token, ctx: Context, name: str) -> Mention | None:
    """The place named right before "(" when the bracket holds only another place's name: "Rueil-Malmaison
    (Hauts-de-Seine)"; not a code ("A36 (E54)"), nor a place after a person ("Alain Souchon (Casablanca, ...")."""
    doc = place.doc
    start, end = place.left_edge.i, place.right_edge.i
    if (place.ent_type_ not in _PLACE_LABELS or start < 2 or doc[start - 1].text != "(" or end + 1 >= len(doc)
            or doc[end + 1].text != ")" or _CODE.fullmatch(place.text) or case_marker(place) or not _alone(place)):
        return None
    last = doc[start - 2]
    if not is_name(last) or last.ent_type_ not in _PLACE_LABELS:
        return None
    host = next((t for t in reversed(doc[place.sent.start:last.i + 1]) if t.ent_iob_ == "B"), last)  # its first word
    while host.head.i < host.i and host.head.i >= host.sent.start and doc[host.head.i:host.i].text.find(",") < 0 and (
            host.head.lemma_.lower() in PLACE_NOUNS | ORG_NOUNS | _SITE_NOUNS):
        host = host.head                                                # "le musée Carnavalet"
    return make_mention(host, ctx.doc_id, name, tokens=list(doc[host.i:last.i + 1]))


def _preposition(tok: Token) -> str:
    """The preposition before tok as written: "au" stays "au" (a country), "à" a city."""
    return next((c.lower_ for c in tok.children if c.dep_ == "case" and c.i < tok.i), "")


def _place_before_comma(place: Token, ctx: Context, name: str) -> Mention | None:
    """The place or organisation named right before the comma that opens place's phrase: "l'île Kangourou"
    in "l'île Kangourou, en Australie", "Casablanca" in "à Casablanca, au Maroc"."""
    doc, edge = place.doc, place.left_edge.i
    comma = edge - 1 if doc[edge].text != "," else edge
    if comma < 1 or doc[comma].text != ",":
        return None
    last = doc[comma - 1]
    if not is_name(last) or last.ent_type_ not in _PLACE_LABELS | {"ORG"}:
        return None             # a place, or an organisation: "par Couillet, à Marcinelle"
    first = last
    while first.i > 0 and (is_name(doc[first.i - 1]) or doc[first.i - 1].lemma_.lower() in PLACE_NOUNS) and (
            not doc[first.i - 1].is_punct):
        first = doc[first.i - 1]
    before = next((p for t in doc[first.i:last.i + 1] if (p := _preposition(t))), "")
    if before in _IN_CASES and (before not in _CITY_CASES or _preposition(place) in _CITY_CASES):
        return None             # "en France, en Suisse", "à Paris, à Lyon": a list, not a city in its country
    return make_mention(last, ctx.doc_id, name, tokens=list(doc[first.i:last.i + 1]))


# forms of address, not classes: "Mr. Baker" is no "Mr."
_COURTESY = frozenset("mr mrs ms miss mx sir dame lady lord".split())


@register_extractor("honorific.v1")
def extract_honorifics(sent: Span, ctx: Context) -> Iterator[Triple]:
    """English titles compounded with a name: "Prime Minister Elena Varga" -> (Elena Varga, isA, Prime Minister)."""
    name = "honorific.v1"
    prov = Provenance(ctx.doc_id, *sentence_span(sent), name)
    for person in tokens_tagged(sent, named=True):
        title = leading_title(person)
        if title and title[-1].lower_.strip(".") not in _COURTESY:
            yield Triple(make_mention(person, ctx.doc_id, name), "isA",
                         make_mention(title[-1], ctx.doc_id, name, tokens=title), prov,
                         predicate_text="", confidence=0.8)
