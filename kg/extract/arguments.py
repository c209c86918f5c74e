"""Arguments of a predicate: which token stands for a participant, its mention, and the finished Triple."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import Context, sentence_span
from kg.extract.nouns import ADMIN_UNITS, NATIONALITY_ENDINGS, class_of_noun, names_person
from kg.extract.phrases import PERSON_LABELS, is_name, make_mention, mention_kind, phrase_tokens, written
from kg.extract.syntax import (
    case_marker, children, dep, has_negative_determiner, is_hedged, is_negated, subjects,
)
from kg.types import Mention, Provenance, Qualifier, Triple

NOMINAL = {"NOUN", "PROPN", "PRON", "X"}
OBJ_DEPS = {"obj", "iobj"}
_REL_PRONOUNS = {"qui", "que", "qu'", "qu’", "lequel", "laquelle", "lesquels", "lesquelles", "dont",
                 "who", "whom", "which", "that"}
# clitics, impersonal and speaker/hearer pronouns: never an entity of the graph
_NOT_REFERRING = {"se", "s'", "s’", "en", "y", "le", "la", "les", "l'", "l’", "lui", "leur", "me", "m'", "m’",
                  "te", "t'", "t’", "nous", "vous", "je", "j'", "j’", "tu", "on", "moi", "toi", "soi", "itself",
                  "i", "me", "you", "we", "us", "one", "qui", "quoi", "what", "who",
                  # nobody in particular: "n'enseignait rien" teaches no thesis
                  "rien", "personne", "quelqu'un", "quelqu’un", "nothing", "nobody", "none", "no one", "someone",
                  "somebody", "something", "anyone", "anybody", "anything", "everyone", "everybody", "everything"}
# nouns that head adverbials ("à de nombreuses reprises", "la première fois"), not participants
_ADVERBIAL_NOUNS = {"fois", "temps", "manière", "façon", "moment", "reprise", "an", "année", "mois", "jour",
                    "semaine", "heure", "soir", "matin", "propos", "office", "terme", "issue", "cours", "lieu",
                    "sens", "part", "moyenne", "fin", "début", "suite", "time", "way", "year", "day", "month",
                    "week", "manner", "case", "order", "end"}
_CORE_DEPS = {"nsubj", "nsubj:pass", "obj"}
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                 "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "cent": 100,
                 "mille": 1000, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "hundred": 100}
# verbs whose infinitive complement carries the content ("entend prendre des mesures")
CONTROL_ONLY = {"pouvoir", "devoir", "vouloir", "entendre", "risquer", "sembler", "paraître", "commencer",
                "continuer", "cesser", "tenter", "essayer", "chercher", "efforcer", "souhaiter", "espérer",
                 "aller", "venir", "falloir", "décider", "refuser", "accepter", "prévoir", "compter",
                 "can", "may", "might", "must", "should", "would", "will", "want", "try", "seek", "begin",
                 "start", "continue", "plan", "hope", "intend", "decide", "refuse", "agree", "need", "attempt",
                 "tend", "have", "manage"}


@dataclass(frozen=True, slots=True)
class Arg:
    token: Token
    confidence: float = 1.0


def copula_subjects(pred: Token) -> list[Token]:
    """Explicit subjects, else the name a misparsed predicate hangs from ("Alain Souchon, ..., est un acteur")."""
    subs = subjects(pred)
    if subs:
        return subs
    if pred.head != pred and dep(pred) in ("conj", "appos", "parataxis") and is_name(pred.head) and (
            pred.head.i < pred.i):
        return [pred.head]
    return _opening_name(pred)


def _opening_name(pred: Token) -> list[Token]:
    """"Pantelís Voúlgaris né le 2 octobre 1940 à Athènes est un réalisateur": the name the sentence
    opens with, when nothing but a participle phrase stands between it and the copula."""
    cop = next((c for c in pred.children if c.dep_ == "cop"), None)
    sent = pred.sent
    first = next((t for t in sent if not t.is_punct and t.pos_ != "DET"), None)
    if cop is None or first is None or not is_name(first) or first.i >= cop.i:
        return []
    between = pred.doc[first.i + 1:cop.i]
    if any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm") or t.lower_ in ("qui", "que", "dont")
           for t in between):
        return []
    return [first]


def described(noun: Token) -> list[Token]:
    """What a noun's modifiers describe: the copula's subject when the noun is its predicate.

    "LAL-14 est un échangeur qui appartient à ...", "X est une commune, située dans ..." -> X.
    """
    if any(c.dep_ == "cop" for c in noun.children):
        return copula_subjects(noun) or [noun]
    return [noun]


def absorbed(tok: Token) -> bool:
    """"Léanïc Olivier" parsed as two subjects: the second word belongs to the first's name."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and is_name(tok) and is_name(prev) and prev.head == tok.head and prev.dep_ == tok.dep_


def _entity_first(tok: Token) -> Token:
    """The first word of the named entity tok is inside of (tok itself when it begins one)."""
    start = tok.i
    while start > tok.sent.start and tok.doc[start].ent_iob_ == "I":
        start -= 1
    return tok.doc[start]


def _begins_name(tok: Token) -> bool:
    """"commune de Fundu Moldovei" with "Fundu" tagged an adjective: the first word of a multi-word name
    that heads the rest of it is the name all the same."""
    doc = tok.doc
    return tok.ent_iob_ == "B" and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I" and (
        doc[tok.i + 1].head == tok) and tok.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT")


def entity_start(tok: Token) -> Token | None:
    """"en Irlande du Nord" parsed as two arguments, "Irlande" and "du Nord": the first word of the named
    entity tok continues, when that word is a sibling of tok (the name is one argument, not two)."""
    if tok.ent_iob_ != "I" or tok.i == 0:
        return None
    first = _entity_first(tok)
    return first if first.head == tok.head and first.dep_ == tok.dep_ and first.ent_iob_ == "B" else None


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for, or the named anchor of an apposition."""
    if tok.lower_ in _REL_PRONOUNS and "Rel" in tok.morph.get("PronType") or (
            tok.lang_ == "en" and tok.tag_ in ("WDT", "WP") and dep(tok.head) == "acl:relcl"):
        verb = tok.head
        while dep(verb) in ("xcomp", "conj") and verb.head != verb:
            verb = verb.head
        if dep(verb) == "acl:relcl":
            head = nominal(verb.head)
            before = tok.doc[tok.i - 1] if tok.i > 0 else None
            if (head is not None and before is not None and before.pos_ == "PROPN" and before != head
                    and before in head.subtree):
                # "la succession de Franck Azéma qui s'apprête à ...": the name right before "qui"
                head = before.head if dep(before) in ("flat:name", "flat") else before
            prep = next((c for c in tok.children if c.dep_ == "case" and c.i == tok.i - 1), None)
            noun = tok.doc[prep.i - 1] if prep is not None and prep.i > 0 else None
            if head is not None and noun is not None and noun.pos_ == "NOUN" and noun != head and (
                    noun in head.subtree and _agrees(noun, tok)):
                head = noun                       # "des habitants du pays dans lequel elles opèrent": the country
        elif tok.lower_ == "qui" and dep(tok) == "nsubj":
            head = noun_before(tok)               # the relative clause parsed as an adverbial one
        elif (prep := next((c for c in tok.children if c.dep_ == "case" and c.i < tok.i), None)) is not None:
            head = noun_before(prep)              # "un match, dans lequel jouent …" parsed as a clause of its own
        else:
            return None
        if head is not None and (focus := _cleft_focus(tok, head, verb)) is not None:
            return focus
        while head is not None and head.pos_ == "ADJ" and head.head != head:
            head = head.head                       # "un échangeur autoroutier complet qui ..."
        if head is None:
            return None
        head = described(head)[0]
        return antecedent(head) or head
    return appositive_anchor(tok)


def _agrees(noun: Token, pronoun: Token) -> bool:
    """Gender and number agree, or are not known ("lequel" with "pays", not with "gouvernance")."""
    return all(not (a := set(noun.morph.get(f))) or not (b := set(pronoun.morph.get(f))) or a == b
               for f in ("Gender", "Number"))


_CE = frozenset(("c'", "c’", "ce"))


def _cleft_focus(pronoun: Token, head: Token, verb: Token) -> Token | None:
    """"C'est Réseau ferré de France (RFF), le gestionnaire des voies ferrées françaises, qui a récupéré le
    dossier": in a cleft sentence the relative clause after a comma, or one whose verb disagrees in number
    with the noun the parser hung it on, says what the focus did."""
    root = pronoun.sent.root
    if (root == head or root.pos_ not in ("NOUN", "PROPN") or not any(c.dep_ == "cop" for c in root.children)
            or not any(dep(c) == "nsubj" and c.lower_ in _CE for c in root.children) or head not in root.subtree
            or pronoun.i < root.i):
        return None
    comma = pronoun.i > 0 and pronoun.doc[pronoun.i - 1].text == ","
    disagree = {"Sing", "Plur"} == set(verb.morph.get("Number")) | set(head.morph.get("Number"))
    return root if comma or disagree else None


def noun_before(tok: Token) -> Token | None:
    """"l'autoroute A36 (E54), qui relie ...": the noun just before the pronoun, past a comma and a bracket."""
    doc, i = tok.doc, tok.i - 1
    if i >= tok.sent.start and doc[i].text == ",":
        i -= 1
    if i >= tok.sent.start and doc[i].text == ")":
        while i >= tok.sent.start and doc[i].text != "(":
            i -= 1
        i -= 1
    if i < tok.sent.start:
        return None
    noun = doc[i]
    # "autoroute A36", "pommeau de Normandie", "clou d'or": up to the head of the noun phrase
    while dep(noun) in ("flat:name", "flat", "amod", "nmod", "nummod") and noun.head.i < noun.i:
        noun = noun.head
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def after_comma(tok: Token) -> bool:
    """True when the phrase of tok opens with, or follows, a comma ("X, une organisation")."""
    edge = tok.left_edge
    return edge.text == "," or (edge.i > 0 and tok.doc[edge.i - 1].text == ",")


def appositive_anchor(tok: Token) -> Token | None:
    """For "NCMEC, une organisation ..." return NCMEC when tok is "organisation"."""
    head = tok.head
    if head == tok or tok.pos_ != "NOUN":
        return None
    d = dep(tok)
    comma = after_comma(tok)
    if d == "appos" or (d in ("conj", "nmod") and comma and not case_marker(tok)):
        if mention_kind(head) == "name" or head.ent_type_:
            return head
    return None


def nominal(tok: Token) -> Token | None:
    """The noun that names the participant.

    A misparsed article head ("L'IA générative" with "L'" as subject) gives its noun; a classifier
    noun followed by a name ("la société Microsoft", "l'organisation Thorn") gives the name.
    """
    if tok.pos_ == "DET":
        return next((c for c in tok.children if c.pos_ in ("NOUN", "PROPN") and c.i > tok.i), None)
    if tok.lower_ in _QUANTIFIERS or tok.lemma_.lower() in _QUANTIFIERS:
        # "la majorité des moteurs", "most of Kabul's economy": the things counted take part
        whole = next((c for d, c in children(tok) if d in ("nmod", "obl:arg") and case_marker(c) in ("de", "of")
                      and c.i > tok.i and c.pos_ in ("NOUN", "PROPN")), None)
        if whole is not None:
            return nominal(whole)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in ADMIN_UNITS:
        # "la région Picardie": the unit's name right after it is the place ("le département de l'Aisne" is not)
        unit = next((c for d, c in children(tok) if d in ("nmod", "appos", "flat:name") and c.i == tok.i + 1
                     and c.pos_ == "PROPN" and not case_marker(c)), None)
        if unit is not None:
            return unit
    if tok.pos_ == "PROPN" and (name := demonym_name(tok)) is not None:
        return name
    if tok.pos_ == "NOUN":
        name = titled_name(tok)
        if name is None:
            # "le moine et chroniqueur northumbrien Bède": the name closes the coordinated titles
            name = next((n for d, c in children(tok) if d == "conj" and c.pos_ == "NOUN"
                         and not any(x.dep_ == "det" for x in c.children) and (n := titled_name(c))), None)
        if name is None:
            name = person_named_after(tok)
        if name is not None:
            return name
    return tok


_QUANTIFIERS = frozenset("plupart majorité totalité ensemble "
                         "most many all majority".split())
# nouns that introduce a name of their kind ("l'album Abracadaboum", "le restaurant Mer Rouge"); not place
# nouns, which are part of the name they introduce ("l'île Kangourou", "la rue des Archives")
_CLASSIFIERS = frozenset(
    "société entreprise organisation groupe compagnie firme association constructeur label journal quotidien "
    "hebdomadaire magazine revue chaîne réseau parti club équipe festival album single chanson film série "
    "feuilleton telenovela roman livre opéra ballet émission documentaire logiciel navire bateau sous-marin "
    "avion fusée restaurant hôtel usine "
    "company firm organization organisation group label newspaper magazine network party club team festival "
    "album single song film series novel book opera ballet show documentary software ship boat submarine "
    "aircraft rocket restaurant hotel factory".split())


def person_named_after(noun: Token) -> Token | None:
    """"un prédicateur de Bassora, Abdullah bin Yahya, parvient", "le candidat républicain à l'élection
    présidentielle, Mitt Romney,": the person named between commas after a person noun's phrase, whether the
    parser hangs the name on the noun or on a complement that names no one."""
    if not names_person(noun.lemma_.lower()):
        return None
    if dep(noun) == "conj" and noun.head.pos_ == "NOUN" and not any(c.dep_ == "det" for c in noun.children):
        return person_named_after(noun.head)    # "son successeur … et premier adjoint …, X,": both titles are X's
    doc = noun.doc
    end = noun.right_edge.i
    # "Son successeur à la mairie et premier adjoint, Jean-Louis Schneiter, se présente": the name parsed
    # as a second subject of the same verb
    if end + 2 < len(doc) and doc[end + 1].text == "," and (name := doc[end + 2]).head == noun.head != noun and (
            dep(name) == dep(noun) and name.ent_type_ in PERSON_LABELS and is_name(name)):
        return name
    for c in noun.subtree:
        if c.i <= noun.i or c.dep_ != "appos" or doc[c.i - 1].text != ",":
            continue
        if c.ent_type_ in PERSON_LABELS and is_name(c) and (c.head == noun or (
                c.head.pos_ == "NOUN" and not names_person(c.head.lemma_.lower()) and not is_name(c.head)
                and not any(t.pos_ in ("VERB", "AUX") or t.text in ",;:(" for t in doc[noun.i:c.i - 1]))):
            return c
    return None


def demonym_name(tok: Token) -> Token | None:
    """"le Japonais Hidetoshi Nakata", "le Danois Wilson Kipketer": the person a nationality introduces (the
    tagger calls the nationality a name and the parser makes it the head)."""
    doc = tok.doc
    if (tok.i + 1 >= len(doc) or not tok.is_title or tok.ent_type_ in PERSON_LABELS
            or not tok.lower_.endswith(NATIONALITY_ENDINGS)
            or not any(c.dep_ == "det" and c.i == tok.i - 1 for c in tok.children)):
        return None
    name = doc[tok.i + 1]
    ok = name.head == tok and name.ent_iob_ == "B" and name.ent_type_ in PERSON_LABELS and name.pos_ == "PROPN"
    return name if ok and dep(name) in ("flat:name", "appos", "nmod") else None


def titled_name(noun: Token) -> Token | None:
    """The name a title or classifier introduces: "le dessinateur Siné", "la société Microsoft".

    Not "le clan Graham" or "l'île Kangourou", where the noun is part of the thing's name.
    """
    for d, child in children(noun):
        if (child.i > noun.i and is_name(child) and child.head == noun and not case_marker(child)
                and not (d == "amod" and child.pos_ == "ADJ" and child.lemma_.islower())   # "groupe privé Ivoirien"
                and d in ("appos", "nmod", "flat:name", "flat", "amod", "compound", "acl")
                and not any(t.pos_ in ("ADP", "VERB", "AUX", "PUNCT") for t in noun.doc[noun.i + 1:child.i])
                and ((child.ent_type_ in PERSON_LABELS and class_of_noun(noun.lemma_.lower()) in (None, "Person"))
                     # "le roi Jean": a name the recogniser missed after a noun that only names people
                     or (not child.ent_type_ and child.pos_ == "PROPN" and names_person(noun.lemma_.lower()))
                     or noun.lemma_.lower() in _CLASSIFIERS)):
            return child
    # "membre de l'équipe Andalucía-Caja Granada" with the name hung beside the noun, on "membre"
    if noun.lemma_.lower() not in _CLASSIFIERS or noun.i + 1 >= len(noun.doc):
        return None
    nxt = noun.nbor(1)
    if nxt.ent_iob_ == "B" and nxt.head == noun.head != noun and is_name(nxt) and not case_marker(nxt):
        return nxt
    return None


def resolve_arg(tok: Token, conf: float) -> Arg | None:
    if tok.pos_ not in NOMINAL and tok.ent_iob_ == "I" and (first := _entity_first(tok)) in tok.subtree:
        tok = first                 # "Everton Ladies Football Club" headed by "Club" tagged an adjective
    tok = nominal(tok)
    if tok is not None and (start := entity_start(tok)) is not None:
        if start.pos_ in NOMINAL:
            return None                 # the name is the argument its first word heads
        return Arg(start, conf)         # "Troides helena": a first word the tagger made an adjective
    if tok is None or tok.text in ("%", "‰") or tok.is_punct or (
            # "in this case", "cette fois" say when or how; an English subject or object names a thing
            # ("ordered the case reviewed"), where French ones are idioms ("voit le jour", "a eu lieu")
            tok.lemma_.lower() in _ADVERBIAL_NOUNS and (tok.lang_ != "en" or dep(tok) not in _CORE_DEPS)):
        return None
    ante = antecedent(tok)
    if ante is not None:
        return Arg(ante, conf * 0.95)
    if tok.pos_ not in NOMINAL and not (tok.pos_ == "NUM" and dep(tok) in OBJ_DEPS) and not _begins_name(tok):
        return None
    if tok.pos_ == "PRON" and (
            tok.lower_ in _NOT_REFERRING or tok.dep_ == "expl" or (tok.lower_ == "it" and dep(tok) == "nsubj"
                                                                    and tok.head.lemma_ == "be") or set(tok.morph.get("Person")) & {"1", "2"}
            or "Int" in tok.morph.get("PronType")):
        return None
    return Arg(tok, conf)


def predicate_words(verb: Token, extra: list[Token]) -> str:
    toks = {verb.i: verb}
    for c in verb.children:
        if c.dep_ in ("aux", "aux:tense", "aux:pass", "auxpass", "neg", "prt") or (
                c.dep_ == "advmod" and ("Neg" in c.morph.get("Polarity") or c.lower_ in ("pas", "not", "never"))):
            toks[c.i] = c
    if dep(verb) == "xcomp" and verb.head.lemma_.lower() in CONTROL_ONLY:
        toks[verb.head.i] = verb.head
    for t in extra:
        toks[t.i] = t
    # the preposition of a phrase fronted before the verb follows it: "At a presentation, X helped" -> "helped at"
    fronted = {t.i for t in extra if t.i < verb.i and t.dep_ in ("case", "prep")}
    order = sorted(toks, key=lambda i: (i in fronted, i))
    text = " ".join(toks[i].lower_ if i in fronted and toks[i].is_sent_start else toks[i].text for i in order)
    return text.replace("’ ", "’").replace("' ", "'")


_YEAR = re.compile(r"(1[5-9]|20)\d\d")
_DIGITS = re.compile(r"^\d[\d\s\u202f\u00a0.,]*$")


def _number(tok: Token) -> str | None:
    text = tok.text.strip()
    if _DIGITS.match(text):
        clean = re.sub(r"[\s\u202f\u00a0]", "", text)
        clean = clean.replace(",", ".") if clean.count(",") == 1 and "." not in clean else clean.replace(",", "")
        try:
            float(clean)
        except ValueError:
            return None
        return clean
    value = _NUMBER_WORDS.get(tok.lower_)
    return str(value) if value is not None else None


def is_date(tok: Token) -> bool:
    """A year or a date name: the statement's date qualifier, not what the verb acts on."""
    return bool(_YEAR.fullmatch(tok.text)) or tok.ent_type_ == "DATE"


_WHERE = frozenset(("où", "where"))


def where_place(verb: Token) -> Token | None:
    """"à Lyon, où il fonde une imprimerie", "in Vienna, where he had lived": the named place a clause
    opened by "où"/"where" hangs on, read from the words (the parser hangs such clauses anywhere)."""
    rel = next((c for c in verb.children if c.lower_ in _WHERE and c.i < verb.i), None)
    place = noun_before(rel) if rel is not None else None
    return place if place is not None and place.ent_type_ in ("LOC", "GPE") else None


def qualifiers(verb: Token, obj: Token | None) -> tuple[Qualifier, ...]:
    quals: list[Qualifier] = []
    if (place := where_place(verb)) is not None:
        quals.append(Qualifier("place", written(phrase_tokens(place)), place.text))
    scopes = [verb] + ([verb.head] if dep(verb) in ("xcomp", "conj") else [])
    for scope in scopes:
        for d, c in children(scope):
            if not d.startswith("obl") and d not in ("nmod", "advmod", "obl:tmod"):
                continue
            if scope is not verb and dep(verb) == "conj" and c.i > scope.i:
                continue    # "born in Bonn in 1770 and died in Vienna": only what precedes both verbs is shared
            year = _YEAR.fullmatch(c.text)
            if year or c.ent_type_ == "DATE":
                span = written(list(c.subtree))
                quals.append(Qualifier("date", c.text if year else span, span))
            elif c.ent_type_ in ("LOC", "GPE") and case_marker(c) in ("à", "en", "dans", "au", "in", "at"):
                quals.append(Qualifier("place", written(phrase_tokens(c)), written(list(c.subtree))))
    if obj is not None:
        for d, c in children(obj):
            if d == "nummod" and (value := _number(c)) is not None and c.i < obj.i:
                end = obj.i
                rate = [n for dd, n in children(obj) if dd == "nmod" and case_marker(n) in ("par", "per")]
                if rate:
                    end = max(end, rate[0].i)
                text = obj.doc[c.i:end + 1].text
                adverbs = [a for dd, a in children(verb) if dd.startswith("advmod")
                           and a.lower_.endswith(("ment", "ly")) and a.i > c.i]
                if adverbs:
                    text += " " + adverbs[0].text
                quals.append(Qualifier("quantity", value, text, unit=obj.lemma_.lower()))
    return tuple(quals)


def mention_for(arg_token: Token, ctx: Context, extractor: str) -> Mention | None:
    kind = mention_kind(arg_token)
    if kind == "demonstrative":
        return _described(arg_token, ctx, extractor)
    if kind in ("relative", "clause"):
        return None
    if kind == "value" and not arg_token.ent_type_:
        return None
    return make_mention(arg_token, ctx.doc_id, extractor)


def _agent_noun(lemma: str) -> str | None:
    """utiliser -> utilisateurs, créer -> créateurs, développer -> développeurs."""
    if lemma.endswith("er") and len(lemma) > 4:
        stem = lemma[:-2]
        return stem + ("ateurs" if stem.endswith(("lis", "cré", "vis", "mul")) else "eurs")
    return None


def _described(pron: Token, ctx: Context, extractor: str) -> Mention | None:
    """"ceux qui utilisent des outils" -> a group labelled "utilisateurs d'outils"."""
    rel = next((c for d, c in children(pron) if d == "acl:relcl"), None)
    if rel is None:
        return None
    noun = _agent_noun(rel.lemma_.lower()) if ctx.lang == "fr" else None
    obj = next((c for d, c in children(rel) if d == "obj"), None)
    if noun is None or obj is None:
        return None
    obj_text = written(phrase_tokens(obj))
    prep = "d’" if obj_text[:1].lower() in "aeiouyéèêh" else "de "
    base = make_mention(pron, ctx.doc_id, extractor, tokens=[pron, *[t for t in rel.subtree if t.i <= obj.i]])
    return Mention(base.text, "", base.prov, head=noun, lemma=noun, kind="description", definite=True,
                   number="Plur", gender="Masc", canonical=f"{noun} {prep}{obj_text}")


def make_triple(subj: Mention, rel: str, obj: Mention, sent: Span, verb: Token, extra: list[Token],
                conf: float, obj_token: Token | None, extractor: str, predicate_text: str | None = None) -> Triple:
    """`predicate_text`: the words that state it, by default the verb's; "" when none do (an apposition)."""
    negated = is_negated(verb) or (obj_token is not None and has_negative_determiner(obj_token))
    hedged = is_hedged(verb)
    return Triple(
        subject=subj, predicate=rel, object=obj,
        prov=Provenance(subj.prov.doc_id, *sentence_span(sent), extractor),
        predicate_text=predicate_words(verb, extra) if predicate_text is None else predicate_text,
        confidence=round(conf * (0.7 if hedged else 1.0) * 0.9, 2),
        negated=negated, modality="hedged" if hedged else "asserted",
        qualifiers=qualifiers(verb, obj_token),
    )
