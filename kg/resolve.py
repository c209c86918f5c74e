"""Mentions -> Entities: gazetteer, acronyms, names, definite descriptions and pronouns in one document."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from kg.extract.nouns import ORG_NOUNS, PEOPLE_NOUNS, PEOPLE_SUFFIXES, ROLE_NOUNS, class_of_noun
from kg.extract.phrases import make_mention, mention_kind, phrase_tokens, strip_article, unit_name
from kg.gazetteer import Gazetteer, GazetteerEntry, normalize_name
from kg.rdf import slugify
from kg.types import Entity, Mention, Triple

_NER_KIND = {"PER": "Person", "PERSON": "Person", "ORG": "Organization", "LOC": "Place", "GPE": "Place",
             "FAC": "Place", "EVENT": "Event", "WORK_OF_ART": "Work", "LAW": "Work", "PRODUCT": "Product",
             "NORP": "Group", "MISC": "Concept"}


@dataclass(slots=True, eq=False)   # identity: `c in order` must not compare every field of every cluster
class _Cluster:
    key: str
    kind: str
    surfaces: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    entry: GazetteerEntry | None = None
    canonical: str = ""
    ner: Counter = field(default_factory=Counter)
    named: bool = False        # one of its mentions is a name


_BRACKETED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&.\-]{1,11})\s*\)")
_CAPITALS = re.compile(r"(?<!\w)[^\W\d_]{3,}(?!\w)")      # words of 3 letters or more, to test for all capitals


_OTHER_NAME = re.compile(r"\((?:ou|or|alias) ([A-ZÀ-Ý][^()]{0,40})\)")


def find_acronyms(doc: Doc, text: str | None = None) -> dict[str, str]:
    """"Centre national pour les enfants disparus et exploités (NCMEC)" -> {"NCMEC": long form}.

    `text`: doc.text when the caller has it (Doc.text joins every token again on each access).
    """
    text = doc.text if text is None else text
    out: dict[str, str] = {}
    # candidates from the text, not a Token object per word of the document
    for match in _BRACKETED_ACRONYM.finditer(text):
        span = doc.char_span(match.start(1), match.end(1))
        if span is None or len(span) != 1 or span.start == 0 or span.end >= len(doc):
            continue
        tok = span[0]       # the one token the pattern matched
        if doc[tok.i - 1].text != "(" or doc[tok.i + 1].text != ")":
            continue
        head = tok.head if tok.head != tok else None
        if head is None or head.i > tok.i:
            continue
        tokens = [t for t in phrase_tokens(head) if t.i < tok.i - 1]
        if tokens:
            out[tok.text] = text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
    # "la cathédrale de Saints-Pierre-et-Paul (ou Petrov)": another name, in brackets after "ou"
    for m in _OTHER_NAME.finditer(text):
        span = doc.char_span(m.start(), m.start() + 1)
        if span is None or span.start == 0 or (name := m.group(1).strip()) in out:
            continue
        last = doc[span.start - 1]
        head = last if last.pos_ in ("NOUN", "PROPN") else None
        while head is not None and head.dep_ in ("flat:name", "flat", "amod", "nmod") and head.head.i < head.i:
            head = head.head            # from the phrase's last word to its head
        tokens = [t for t in phrase_tokens(head) if t.i < span.start] if head is not None else []
        if tokens:
            out[name] = text[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]
    # "la DGSE (Direction générale de la sécurité extérieure)": acronym first, long form in brackets
    for m in re.finditer(r"\b([A-Z][A-Z0-9&]{1,11})\s*\(([^()]{4,120})\)", text):
        acronym, long_form = m.group(1), m.group(2).strip()
        if acronym not in out and _initials_match(acronym, long_form):
            out[acronym] = long_form
    return out


def _initials_match(acronym: str, long_form: str) -> bool:
    """DGSE ~ "Direction générale de la sécurité extérieure": the capitals/initials spell the acronym."""
    words = [w for w in re.split(r"[\s'’-]+", long_form) if w]
    initials = "".join(w[0] for w in words if w[0].isupper() or len(w) > 3).upper()
    return acronym.upper() in (initials, "".join(w[0] for w in words).upper()) or (
        len(acronym) >= 2 and initials.startswith(acronym.upper()))


# English pronouns that only stand for people ("il" and "elle" also stand for things)
_PERSONAL = frozenset("he she him her his hers himself herself".split())


def _people_noun(m: Mention) -> bool:
    head = m.head
    return head in PEOPLE_NOUNS or (m.number == "Plur" and head.endswith(PEOPLE_SUFFIXES) and len(head) > 5)


# plural peoples the NER takes for places ("les Européens", "les Turcs", "Vénézuéliens"); not "ines",
# "ennes" or "ques", which end plural place names too (Philippines, Ardennes, Amériques)
_DEMONYM_ENDINGS = ("ains", "aines", "ais", "aises", "ois", "oises", "iens", "iennes", "éens", "éennes", "ands",
                    "cs", "ards", "ols", "ites")


def _demonym(m: Mention) -> bool:
    word = m.text.split()[-1] if m.text else ""
    return (m.number == "Plur" and len(m.text.split()) == 1 and word[:1].isupper() and not word.isupper()
            and word.endswith(_DEMONYM_ENDINGS))


def _kind_of(c: _Cluster) -> str:
    if c.entry is not None:
        return c.entry.kind
    if c.kind:
        return c.kind
    m = c.mentions[0]
    if c.named:
        label = c.ner.most_common(1)[0][0] if c.ner else ""
        # "canton de Mortagne-sur-Sèvre", "parc Kalemegdan": the head noun says what it is
        by_head = class_of_noun(m.head) if m.head != m.lemma.split()[-1] or len(m.lemma.split()) > 1 else None
        if by_head is not None and by_head != "Person":
            return by_head
        if label in ("LOC", "GPE", "MISC", "NORP", "") and _demonym(m):
            return "Group"
        return _NER_KIND.get(label, "Organization" if m.text.isupper() else "Concept")
    if m.kind == "description" or _people_noun(m):
        return "Group"
    if m.head in ORG_NOUNS and m.definite and len(m.lemma.split()) > 2:
        return "Organization"
    # "l'église des Billettes", "l'aéroport intercontinental George-Bush": a class noun with a name after it
    if (kind := class_of_noun(m.head)) not in (None, "Person") and any(w[:1].isupper() for w in m.text.split()[1:]):
        return kind
    return "Concept"


class Resolver:
    """Clusters the mentions of one document, in text order."""

    def __init__(self, gazetteer: Gazetteer, acronyms: dict[str, str], lang: str, text: str = "",
                 subjects: frozenset[Mention] = frozenset(),
                 clausemates: dict[Mention, frozenset[Mention]] | None = None,
                 persons: frozenset[Mention] = frozenset()) -> None:
        self.gaz = gazetteer
        self.subjects = subjects                 # mentions that are the subject of some fact
        self.persons = persons                   # mentions the facts say are people: born, died, married
        # an object pronoun -> the subjects of its clause, which it cannot stand for ("they were
        # separated from them": "them" is not "they")
        self.clausemates = clausemates or {}
        self.text = text
        self.acronyms = {a: normalize_name(f) for a, f in acronyms.items()}
        self.long_forms = {normalize_name(f): f for f in acronyms.values()}
        self.lang = lang
        self.clusters: dict[str, _Cluster] = {}
        self.order: list[_Cluster] = []          # most recent last, for pronouns and descriptions
        self.named_ids: set[str] = set()

    def prime(self, mentions: list[Mention]) -> None:
        """Gazetteer entities named anywhere in the document license their context aliases."""
        for m in mentions:
            entry = self.gaz.match(m.text) or self.gaz.match(self.acronyms.get(m.text, ""))
            if entry is not None:
                self.named_ids.add(entry.id)
        for long_form in self.acronyms.values():
            if (entry := self.gaz.match(long_form)) is not None:
                self.named_ids.add(entry.id)

    def _cluster(self, key: str, kind: str = "", entry: GazetteerEntry | None = None) -> _Cluster:
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = _Cluster(key, kind, entry=entry)
        return c

    def _touch(self, c: _Cluster, m: Mention) -> _Cluster:
        c.mentions.append(m)
        c.named = c.named or m.kind == "name"
        c.surfaces[strip_article(m.text)] += 1
        if m.label:
            c.ner[m.label] += 1
        if m.canonical and not c.canonical:
            c.canonical = m.canonical
        if c in self.order:
            self.order.remove(c)
        self.order.append(c)
        return c

    def add(self, m: Mention) -> _Cluster | None:
        if m.kind in ("pronoun", "relative"):
            target = self._antecedent(m)
            return self._touch(target, m) if target else None
        text = strip_article(m.text)
        entry = (self.gaz.match(text) or self.gaz.match(self.acronyms.get(text, ""))
                 or self.gaz.match_in_context(m.text, self.named_ids) or self._longer_name(m))
        if entry is not None:
            return self._touch(self._cluster("gaz:" + entry.id, entry=entry), m)
        if text in self.acronyms:
            return self._touch(self._cluster("name:" + self.acronyms[text]), m)
        key = normalize_name(text)
        if key in self.long_forms:
            # a phrase the text names otherwise ("la cathédrale ... (ou Petrov)") is a name
            return self._touch(self._cluster("name:" + key), m)
        if m.kind == "name":
            if key in self.clusters or ("name:" + key) in self.clusters:
                return self._touch(self._cluster("name:" + key), m)
            surname = self._surname_match(key)
            return self._touch(surname or self._cluster("name:" + key), m)
        if m.kind == "description":
            return self._touch(self._cluster("desc:" + normalize_name(m.canonical), "Group"), m)
        if (place := unit_name(m)) is not None:
            # "la ville de Segorbe" is Segorbe: one node with the name, whichever mention comes first
            c = self._cluster("name:" + normalize_name(place), "Place")
            c.canonical = c.canonical or place
            return self._touch(c, m)
        if m.definite and len(m.lemma.split()) <= 3:
            target = self._description(m)
            if target is not None:
                return self._touch(target, m)
        return self._touch(self._cluster("noun:" + normalize_name(strip_article(m.lemma))), m)

    def _longer_name(self, m: Mention) -> GazetteerEntry | None:
        """A gazetteer name the text spells out past the concise phrase: the phrase "section de la
        cybercriminalité" opens "section de la cybercriminalité et de la propriété intellectuelle"."""
        if m.kind not in ("name", "noun") or not self.text:
            return None
        after = re.split(r"[,;:.()«»\n]", self.text[m.prov.start_char:m.prov.start_char + 160], maxsplit=1)[0]
        words = after.split()
        for k in range(min(len(words), 12), len(m.text.split()), -1):
            if (entry := self.gaz.match(" ".join(words[:k]))) is not None:
                return entry
        return None

    def _surname_match(self, key: str) -> _Cluster | None:
        """"Portnoff" after "Rebecca Portnoff" is the same person."""
        if " " in key:
            return None
        for c in reversed(self.order):
            if c.key.startswith("name:") and c.key.split()[-1] == key and " " in c.key:
                return c
        return None

    def _description(self, m: Mention) -> _Cluster | None:
        """"le ministère" -> the last entity whose head is "ministère" and whose words include it."""
        words = set(strip_article(m.lemma).split())
        for c in reversed(self.order):
            first = c.mentions[0]
            if first.head == m.head and words <= set(first.lemma.split()) and c.mentions[0] is not m:
                if first.kind == "name" or c.entry is not None or len(first.lemma.split()) > len(words):
                    return c
            if c.entry is not None and m.head in ORG_NOUNS and any(
                    normalize_name(a).split()[-1:] == [normalize_name(m.head)] or m.head in normalize_name(a)
                    for a in (c.entry.label_fr, c.entry.label_en)):
                return c
        return None

    def _antecedent(self, m: Mention) -> _Cluster | None:
        """The most recent agreeing entity; for a subject pronoun, the most recent that was a subject.

        Subjects carry on from clause to clause ("Pelliot est un spécialiste des manuscrits de
        Dunhuang, il parlait 13 langues": il is Pelliot), so a subject pronoun passes over nearer
        entities that were no fact's subject. A relative pronoun takes the nearest, as written.
        """
        mates = self.clausemates.get(m, frozenset())
        agreeing = (c for c in reversed(self.order) if self._agrees(c, m) and not mates.intersection(c.mentions))
        nearest = next(agreeing, None)
        if nearest is not None and m.kind == "pronoun" and m in self.subjects:
            for c in chain((nearest,), agreeing):
                if any(x in self.subjects for x in c.mentions):
                    return c
        return nearest

    def _agrees(self, c: _Cluster, m: Mention) -> bool:
        last = c.mentions[-1]
        if last.prov.start_char >= m.prov.start_char or m.prov.start_char - last.prov.end_char > 600:
            return False
        if (m.number and last.number and m.number != last.number) or (
                m.gender and last.gender and m.gender != last.gender):
            return False
        # "died in Vienna, where he had lived": "he" is no city; one born or dead is a person whatever NER said
        return not (m.text.lower() in _PERSONAL and not self.persons.intersection(c.mentions)
                    and _kind_of(c) in ("Place", "Organization", "Work", "Event", "Product"))

    def entities(self, lang: str) -> dict[str, Entity]:
        """Cluster key -> Entity, with a display label and the other surface forms as aliases."""
        out: dict[str, Entity] = {}
        for key, c in self.clusters.items():
            kind = _kind_of(c)
            forms = [s for s, _ in sorted(c.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))]
            pronouns = {strip_article(m.text) for m in c.mentions if m.kind in ("pronoun", "relative")}
            names = [s for s in forms if s not in pronouns]
            if c.entry is not None:
                label, label_lang = c.entry.label_en or c.entry.label_fr, "en" if c.entry.label_en else "fr"
                labels = (("fr", c.entry.label_fr),) if c.entry.label_en and c.entry.label_fr else ()
                eid = c.entry.id
                aliases = {*names, *c.entry.aliases} - {label, c.entry.label_fr}
            else:
                # a name spaCy found that reads like a pronoun ("Elle" in a title) keeps its own form
                full = [s for s in names if not s.isupper()] or names or forms
                label = c.canonical or (max(full, key=len) if key.startswith("name:") else full[0] if full else key)
                long_form = self.long_forms.get(key.split(":", 1)[1])
                if long_form and label.isupper():
                    label = long_form              # only the acronym was used in a fact
                label_lang, labels = lang, ()
                eid = slugify(normalize_name(c.canonical) if c.canonical else key.split(":", 1)[1])
                aliases = set(names) - {label}
                aliases |= {a for a, f in self.acronyms.items() if "name:" + f == key}
            out[key] = Entity(id=eid, label=label, kind=kind, lang=label_lang,
                              aliases=tuple(sorted(aliases)), mentions=tuple(c.mentions), labels=labels)
        return out


def _misc_name(ent: Span) -> bool:
    """A work, event or product spaCy calls MISC ("Guerre de Trente Ans", "Gaspard de la nuit", "Linux"); not an
    ordinal ("XIXe"), a capitalised common noun ("Cuisine", "Monument") or a stray letter."""
    root = ent.root
    if root.pos_ not in ("PROPN", "NOUN", "X") or len(ent.text) <= 2:
        return False
    return len(ent) > 1 or root.pos_ == "PROPN" or not root.lemma_.islower()


def _named_mentions(doc: Doc, doc_id: str, taken: set[Mention], text: str) -> list[Mention]:
    """Mentions of the persons, organisations and places spaCy finds that no fact already covers."""
    spans = [(m.prov.start_char, m.prov.end_char) for m in taken]
    starts = {a for a, _ in spans}
    out = []
    for ent in doc.ents:
        if ent.label_ not in _NER_KIND or mention_kind(ent.root) != "name" or (
                ent.label_ == "MISC" and not _misc_name(ent)):
            continue
        head = ent.root.head
        if ent.root.dep_ == "nmod" and head.lemma_.lower() in ORG_NOUNS and not head.text[:1].isupper():
            continue                    # "ministère de la Justice": part of an institution's name
        m = make_mention(ent.root, doc_id, "ner.v1")
        if len(m.text) > 1 and m.prov.start_char not in starts:
            starts.add(m.prov.start_char)
            spans.append((m.prov.start_char, m.prov.end_char))
            out.append(m)
    # acronyms NER missed ("ZATAZ vous alertait"): all-capital words are names
    for match in _CAPITALS.finditer(text):
        if not match.group().isupper() or (span := doc.char_span(match.start(), match.end())) is None or len(span) != 1:
            continue
        tok = span[0]
        if not tok.ent_type_ and not any(a <= tok.idx < b for a, b in spans):
            m = make_mention(tok, doc_id, "ner.v1", tokens=[tok])
            spans.append((m.prov.start_char, m.prov.end_char))
            out.append(replace(m, kind="name"))
    return out


_DESCRIBING = frozenset(("title.v1", "place.v1", "honorific.v1"))


def resolve_document(doc: Doc, triples: list[Triple], gazetteer: Gazetteer, lang: str, doc_id: str = "",
                     text: str | None = None) -> tuple[list[Entity], list[Triple], dict[Mention, str]]:
    """Map every triple's mentions to entities; triples with an unresolved pronoun are dropped.

    `text`: doc.text, when the caller has it already.
    """
    text = doc.text if text is None else text
    # "la ville de Segorbe" or "le journal Spirou" describe a name inside a phrase: no clause's subject
    subjects = frozenset(t.subject for t in triples if t.prov.extractor not in _DESCRIBING)
    mates: dict[Mention, set[Mention]] = {}
    for t in triples:
        if t.object.kind == "pronoun":
            mates.setdefault(t.object, set()).add(t.subject)
    persons = frozenset(t.subject for t in triples if t.predicate in _LIFE_EVENTS)
    resolver = Resolver(gazetteer, find_acronyms(doc, text), lang, text, subjects,
                        {m: frozenset(v) for m, v in mates.items()}, persons)
    in_facts = {m for t in triples for m in (t.subject, t.object)}
    mentions = sorted(in_facts | set(_named_mentions(doc, doc_id, in_facts, text)),
                      key=lambda m: (m.prov.start_char, m.prov.end_char, m.text, m.prov.extractor, m.kind,
                                     m.lemma, m.canonical, m.label))   # a total order: no hash-seed effects
    resolver.prime(mentions)
    cluster_of: dict[Mention, str] = {}
    for m in mentions:
        c = resolver.add(m)
        if c is not None:
            cluster_of[m] = c.key
    entities = resolver.entities(lang)
    entity_of: dict[Mention, str] = {}
    kept: list[Triple] = []
    for t in triples:
        s, o = cluster_of.get(t.subject), cluster_of.get(t.object)
        if s is None or o is None or s == o or entities[s].id == entities[o].id:
            continue            # no fact relates a thing to itself, nor to a cluster merged into it below
        kept.append(t)
        entity_of[t.subject] = entities[s].id
        entity_of[t.object] = entities[o].id
    # named entities are nodes even when no fact was read about them, so they can be found and merged
    used = {entities[k] for k in {cluster_of[m] for m in entity_of}
            | {key for m, key in cluster_of.items() if m.prov.extractor == "ner.v1"}}
    # two clusters can share an id (same label); merge them so each IRI is described once
    merged: dict[tuple[str, str], Entity] = {}
    for e in sorted(used, key=lambda e: (e.kind, e.id, e.label, [m.prov.start_char for m in e.mentions])):
        prev = merged.get((e.kind, e.id))
        merged[(e.kind, e.id)] = e if prev is None else Entity(
            prev.id, prev.label, prev.kind, prev.lang, tuple(sorted(set(prev.aliases) | set(e.aliases) - {prev.label})),
            prev.mentions + e.mentions, prev.labels)
    _retype(kept, entity_of, merged, fixed={c.entry.id for c in resolver.clusters.values() if c.entry})
    final = sorted(merged.values(), key=lambda e: (e.kind, e.id))
    by_id = {e.id: e for e in final}
    return final, kept, {m: by_id[eid].id for m, eid in entity_of.items() if eid in by_id}


_PLACE_OBJECT = {"locatedIn", "bornIn", "diesIn", "livesIn", "basedIn", "travelsTo", "movesTo"}
_LIFE_EVENTS = {"bornIn", "diesIn", "marries"}
_PERSON_SUBJECT = {"holdsRoleAt", *_LIFE_EVENTS}
_WEAK = {"Concept", "Group"}


def _kind_hints(t: Triple) -> list[tuple[Mention, str, bool]]:
    """(mention, class, strong) the sentence implies; strong hints may override spaCy's NER guess."""
    hints = []
    if t.predicate == "isA" and (kind := class_of_noun(t.object.head)) is not None:
        hints.append((t.subject, kind, True))
    if t.predicate in _PERSON_SUBJECT:
        role = next((q.value.split()[0].lower() for q in t.qualifiers if q.key == "role"), "")
        hints.append((t.subject, "Person", t.predicate != "holdsRoleAt" or role in ROLE_NOUNS))
    if t.predicate in _PLACE_OBJECT:
        hints.append((t.object, "Place", False))
    if t.predicate == "holdsRoleAt":
        hints.append((t.object, "Organization", False))
    return hints


def _retype(triples: list[Triple], entity_of: dict[Mention, str], entities: dict[tuple[str, str], Entity],
            fixed: set[str]) -> None:
    """Let the text correct spaCy: "X, vice-présidente de Y" makes a person, "X est une ville" a place."""
    by_id = {e.id: key for key, e in entities.items()}
    for t in triples:
        for mention, kind, strong in _kind_hints(t):
            key = by_id.get(entity_of[mention])
            if key is None or key[1] in fixed:
                continue
            ent = entities[key]
            if ent.kind == kind or not (strong or ent.kind in _WEAK) or (kind, ent.id) in entities:
                continue
            del entities[key]
            entities[(kind, ent.id)] = Entity(ent.id, ent.label, kind, ent.lang, ent.aliases, ent.mentions,
                                              ent.labels)
            by_id[ent.id] = (kind, ent.id)
