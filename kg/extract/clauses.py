"""Verbal clauses: subject-verb-object, passive with agent, relatives, participles, light verbs, copulas."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor, sentence_span
from kg.extract.phrases import is_name, make_mention, mention_kind, phrase_tokens
from kg.extract.syntax import (
    case_marker, children, conjuncts, dep, has_negative_determiner, is_hedged, is_negated, is_passive,
    subjects,
)
from kg.types import Mention, Provenance, Qualifier, Triple

_NOMINAL = {"NOUN", "PROPN", "PRON", "X"}
_OBJ_DEPS = {"obj", "iobj"}
_AGENT_CASES = {"par", "by"}
# obliques that carry the real argument when there is no direct object
_ARG_OBL = {"obl:arg", "obl"}
_ARG_CASES = {"contre", "à", "sur", "avec", "dans", "vers", "pour", "against", "for", "with", "on", "to",
              "into", "about", "at", "from", "de"}
# verbs whose infinitive complement carries the content ("entend prendre des mesures")
_CONTROL_ONLY = {"pouvoir", "devoir", "vouloir", "entendre", "risquer", "sembler", "paraître", "commencer",
                 "continuer", "cesser", "tenter", "essayer", "chercher", "efforcer", "souhaiter", "espérer",
                 "aller", "venir", "falloir", "décider", "refuser", "accepter", "prévoir", "compter",
                 "can", "may", "might", "must", "should", "would", "will", "want", "try", "seek", "begin",
                 "start", "continue", "plan", "hope", "intend", "decide", "refuse", "agree", "need"}
# "permet de créer": the infinitive's subject is not the governor's subject
_OBJECT_CONTROL = {"permettre", "empêcher", "interdire", "autoriser", "aider", "obliger", "forcer", "inviter",
                   "encourager", "pousser", "allow", "enable", "help", "force", "prevent", "ask", "urge"}
_SKIP_VERBS = {"être", "avoir", "be", "have", "faire", "do", "falloir", "agir", "sembler"}
_COPULAS = {"être", "be", "devenir", "become", "rester", "demeurer", "remain"}
_REL_PRONOUNS = {"qui", "que", "qu'", "qu’", "lequel", "laquelle", "lesquels", "lesquelles", "dont",
                 "who", "whom", "which", "that"}
# clitics, impersonal and speaker/hearer pronouns: never an entity of the graph
_NOT_REFERRING = {"se", "s'", "s’", "en", "y", "le", "la", "les", "l'", "l’", "lui", "leur", "me", "m'", "m’",
                  "te", "t'", "t’", "nous", "vous", "je", "j'", "j’", "tu", "on", "moi", "toi", "soi", "it", "itself",
                  "i", "me", "you", "we", "us", "one", "qui", "quoi", "what", "who"}
# nouns that head adverbials ("à de nombreuses reprises", "la première fois"), not participants
_ADVERBIAL_NOUNS = {"fois", "temps", "manière", "façon", "moment", "reprise", "an", "année", "mois", "jour",
                    "semaine", "heure", "soir", "matin", "propos", "office", "terme", "issue", "cours", "lieu",
                    "sens", "part", "moyenne", "fin", "début", "suite", "time", "way", "year", "day", "month",
                    "week", "manner", "case", "order", "end"}
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                 "huit": 8, "neuf": 9, "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "cent": 100,
                 "mille": 1000, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "hundred": 100}


@dataclass(frozen=True, slots=True)
class Arg:
    token: Token
    confidence: float = 1.0


def _is_content_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and dep(tok) in ("ROOT", "conj", "acl:relcl"))


def _antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for, or the named anchor of an apposition."""
    if tok.lower_ in _REL_PRONOUNS and "Rel" in tok.morph.get("PronType") or (
            tok.lang_ == "en" and tok.tag_ in ("WDT", "WP") and dep(tok.head) == "acl:relcl"):
        verb = tok.head
        while dep(verb) in ("xcomp", "conj") and verb.head != verb:
            verb = verb.head
        if dep(verb) == "acl:relcl":
            head = _nominal(verb.head)
            before = tok.doc[tok.i - 1] if tok.i > 0 else None
            if (head is not None and before is not None and before.pos_ == "PROPN" and before != head
                    and before in head.subtree):
                # "la succession de Franck Azéma qui s'apprête à ...": the name right before "qui"
                head = before.head if dep(before) in ("flat:name", "flat") else before
            return (_antecedent(head) or head) if head is not None else None
        return None
    return appositive_anchor(tok)


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


def _nominal(tok: Token) -> Token | None:
    """The noun that names the participant.

    A misparsed article head ("L'IA générative" with "L'" as subject) gives its noun; a classifier
    noun followed by a name ("la société Microsoft", "l'organisation Thorn") gives the name.
    """
    if tok.pos_ == "DET":
        return next((c for c in tok.children if c.pos_ in ("NOUN", "PROPN") and c.i > tok.i), None)
    if tok.pos_ == "NOUN" and tok.i + 1 < len(tok.doc):
        name = tok.doc[tok.i + 1]
        if (is_name(name) and name.head == tok and not case_marker(name)
                and dep(name) in ("appos", "nmod", "flat:name", "flat", "amod", "compound", "acl")):
            return name
    return tok


def _resolve(tok: Token, conf: float) -> Arg | None:
    tok = _nominal(tok)
    if tok is None or tok.lemma_.lower() in _ADVERBIAL_NOUNS or tok.text in ("%", "‰") or tok.is_punct:
        return None
    ante = _antecedent(tok)
    if ante is not None:
        return Arg(ante, conf * 0.95)
    if tok.pos_ not in _NOMINAL and not (tok.pos_ == "NUM" and dep(tok) in _OBJ_DEPS):
        return None
    if tok.pos_ == "PRON" and (
            tok.lower_ in _NOT_REFERRING or set(tok.morph.get("Person")) & {"1", "2"}
            or "Int" in tok.morph.get("PronType")):
        return None
    return Arg(tok, conf)


def _subject_args(verb: Token, depth: int = 0) -> list[Arg]:
    """Explicit subjects, else the subject a coordinated, controlled or adverbial verb inherits."""
    subs = [s for s in subjects(verb) if dep(s) != "nsubj:pass" or not is_passive(verb)]
    if subs:
        out = []
        for s in subs:
            for c in conjuncts(s):
                if (arg := _resolve(c, 1.0)) is not None:
                    out.append(arg)
        return out
    if depth > 3 or verb.head == verb:
        return []
    d = dep(verb)
    head = verb.head
    if d == "xcomp" and head.lemma_.lower() in _OBJECT_CONTROL:
        return []
    if d in ("conj", "xcomp") and head.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
        return [Arg(a.token, a.confidence * 0.9) for a in _subject_args(head, depth + 1)]
    if d == "advcl":
        marked = any(c.dep_ == "mark" for c in verb.children)
        factor = 0.6 if marked else 0.85
        return [Arg(a.token, a.confidence * factor) for a in _subject_args(head, depth + 1)]
    # "..., rendant la tâche plus difficile"; and a finite verb misparsed as acl of its subject
    if d == "acl" and not is_passive_participle(verb) and {"Part", "Fin"} & set(verb.morph.get("VerbForm")):
        if (arg := _resolve(head, 0.8)) is not None:
            return [arg]
    return []


def is_passive_participle(verb: Token) -> bool:
    return "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense") and dep(verb) == "acl"


def _passive_subjects(verb: Token) -> list[Token]:
    subs = [s for s in subjects(verb) if dep(s) == "nsubj:pass"]
    if not subs and dep(verb) == "xcomp":
        subs = [s for s in subjects(verb.head) if dep(s) in ("nsubj", "nsubj:pass")]
    if not subs and is_passive_participle(verb):
        subs = [verb.head]
    return subs


def _agents(verb: Token) -> list[Token]:
    return [c for d, c in children(verb)
            if d == "obl:agent" or (d.startswith("obl") and case_marker(c) in _AGENT_CASES)]


_COMPLEX_PREPS = {("à", "aide"): "à l'aide de", ("à", "moyen"): "au moyen de", ("grâce", ""): "grâce à",
                  ("en", "raison"): "en raison de", ("à", "cause"): "à cause de", ("au", "sein"): "au sein de",
                  ("à", "sein"): "au sein de", ("à", "encontre"): "à l'encontre de", ("en", "faveur"): "en faveur de"}


def complex_object(obl: Token) -> tuple[Token, str] | None:
    """"à l'aide de la technologie" -> (technologie, "à l'aide de")."""
    prep = _COMPLEX_PREPS.get((case_marker(obl), obl.lemma_.lower()))
    if prep is None:
        return None
    inner = next((c for d, c in children(obl) if d == "nmod" and case_marker(c) in ("de", "à")), None)
    return (inner, prep) if inner is not None else None


def _objects(verb: Token, ctx: Context) -> list[tuple[Token, str, list[Token], float]]:
    """(object token, relation-or-lemma, extra predicate tokens, confidence) for one verb."""
    lemma = verb.lemma_.lower()
    out: list[tuple[Token, str, list[Token], float]] = []
    objs = [c for d, c in children(verb) if d in _OBJ_DEPS and c.pos_ in _NOMINAL | {"NUM"}]
    obls = [c for d, c in children(verb) if (d in _ARG_OBL or d == "obl:mod") and case_marker(c) in _ARG_CASES]
    for obj in objs:
        light = ctx.lexicon.light_verbs(ctx.lang, lemma)
        if obj.lemma_.lower() in light:
            # light verb: "ouvrir des poursuites contre X" -> prosecutes X
            targets = [(c, case_marker(c)) for d, c in children(obj) if d == "nmod" and case_marker(c)]
            targets += [(c, case_marker(c)) for c in obls]
            for target, prep in targets:
                rel = ctx.lexicon.lookup(ctx.lang, lemma, obj.lemma_.lower(), prep)
                if rel:
                    extra = [obj] + [c for c in target.children if c.dep_ in ("case", "fixed")]
                    out.extend((t, rel, extra, 1.0) for t in conjuncts(target))
                    break
            else:
                rel = ctx.lexicon.lookup(ctx.lang, lemma, obj.lemma_.lower()) or ctx.lexicon.lookup(ctx.lang, lemma)
                out.extend((t, rel or lemma, [], 1.0) for t in conjuncts(obj))
            continue
        rel = ctx.lexicon.lookup(ctx.lang, lemma) or lemma
        out.extend((t, rel, [], 1.0) for t in conjuncts(obj))
    if not objs:
        for d, obl in children(verb):
            if d.startswith("obl") and (cx := complex_object(obl)):
                inner, prep = cx
                extra = [c for c in obl.subtree if c.i <= inner.i and c.dep_ in ("case", "fixed") or c == obl]
                out.extend((t, f"{lemma} {prep}", extra, 0.85) for t in conjuncts(inner))
        for obl in obls:
            if complex_object(obl):
                continue
            if dep(obl) == "obl:mod" and case_marker(obl) not in ("contre", "against"):
                continue
            prep = case_marker(obl)
            rel = ctx.lexicon.lookup(ctx.lang, lemma, "", prep) or f"{lemma} {prep}".strip()
            extra = [c for c in obl.children if c.dep_ in ("case", "fixed")]
            out.extend((t, rel, extra, 0.9 if dep(obl) != "obl:mod" else 0.75) for t in conjuncts(obl))
    return out


def _predicate_text(verb: Token, extra: list[Token]) -> str:
    toks = {verb.i: verb}
    for c in verb.children:
        if c.dep_ in ("aux", "aux:tense", "aux:pass", "auxpass", "neg") or (
                c.dep_ == "advmod" and ("Neg" in c.morph.get("Polarity") or c.lower_ in ("pas", "not", "never"))):
            toks[c.i] = c
    if dep(verb) == "xcomp" and verb.head.lemma_.lower() in _CONTROL_ONLY:
        toks[verb.head.i] = verb.head
    for t in extra:
        toks[t.i] = t
    return " ".join(toks[i].text for i in sorted(toks)).replace("’ ", "’").replace("' ", "'")


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


def _qualifiers(verb: Token, obj: Token | None) -> tuple[Qualifier, ...]:
    quals: list[Qualifier] = []
    scopes = [verb] + ([verb.head] if dep(verb) in ("xcomp", "conj") else [])
    for scope in scopes:
        for d, c in children(scope):
            if not d.startswith("obl") and d not in ("nmod", "advmod", "obl:tmod"):
                continue
            year = re.fullmatch(r"(1[5-9]|20)\d\d", c.text)
            if year or c.ent_type_ == "DATE":
                span = [t for t in c.subtree]
                quals.append(Qualifier("date", c.text if year else " ".join(t.text for t in span),
                                       " ".join(t.text for t in span)))
            elif c.ent_type_ in ("LOC", "GPE") and case_marker(c) in ("à", "en", "dans", "au", "in", "at"):
                quals.append(Qualifier("place", " ".join(t.text for t in phrase_tokens(c)),
                                       " ".join(t.text for t in c.subtree)))
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


def _mention(arg_token: Token, ctx: Context, extractor: str) -> Mention | None:
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
    obj_text = " ".join(t.text for t in phrase_tokens(obj)).replace("’ ", "’").replace("' ", "'")
    prep = "d’" if obj_text[:1].lower() in "aeiouyéèêh" else "de "
    base = make_mention(pron, ctx.doc_id, extractor, tokens=[pron, *[t for t in rel.subtree if t.i <= obj.i]])
    return Mention(base.text, "", base.prov, head=noun, lemma=noun, kind="description", definite=True,
                   number="Plur", gender="Masc", canonical=f"{noun} {prep}{obj_text}")


def _triple(subj: Mention, rel: str, obj: Mention, sent: Span, verb: Token, extra: list[Token],
            conf: float, obj_token: Token | None, extractor: str, predicate_text: str = "") -> Triple:
    negated = is_negated(verb) or (obj_token is not None and has_negative_determiner(obj_token))
    hedged = is_hedged(verb)
    return Triple(
        subject=subj, predicate=rel, object=obj,
        prov=Provenance(subj.prov.doc_id, *sentence_span(sent), extractor),
        predicate_text=predicate_text or _predicate_text(verb, extra),
        confidence=round(conf * (0.7 if hedged else 1.0) * 0.9, 2),
        negated=negated, modality="hedged" if hedged else "asserted",
        qualifiers=_qualifiers(verb, obj_token),
    )


@register_extractor("svo.v1")
def extract_clauses(sent: Span, ctx: Context) -> Iterator[Triple]:
    """Active, passive, relative, participial and coordinated verbal clauses."""
    name = "svo.v1"
    for verb in sent:
        if not _is_content_verb(verb):
            continue
        lemma = verb.lemma_.lower()
        if lemma in _CONTROL_ONLY and any(d == "xcomp" for d, _ in children(verb)):
            continue
        passive = is_passive(verb) or is_passive_participle(verb)
        if passive:
            yield from _passive(verb, sent, ctx, name)
            continue
        if lemma in _SKIP_VERBS:
            continue
        subs = _subject_args(verb)
        if not subs:
            continue
        if dep(verb) == "acl:relcl" and mention_kind(verb.head) == "demonstrative":
            subs = [s for s in subs if s.token != verb.head]   # "ceux qui utilisent X" defines, not states
            if not subs:
                continue
        for obj_token, rel, extra, oconf in _objects(verb, ctx):
            obj_arg = _resolve(obj_token, oconf)
            if obj_arg is None:
                continue
            o = _mention(obj_arg.token, ctx, name)
            for s_arg in subs:
                s = _mention(s_arg.token, ctx, name)
                if s is None or o is None or s.prov == o.prov:
                    continue
                yield _triple(s, rel, o, sent, verb, extra, s_arg.confidence * obj_arg.confidence, obj_token, name)


def _passive(verb: Token, sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    # passive agent: "Acme a été fondée par Ada" -> (Ada, fonder, Acme)
    lemma = verb.lemma_.lower()
    patients = [a for s in _passive_subjects(verb) for c in conjuncts(s) if (a := _resolve(c, 1.0))]
    agents = [a for s in _agents(verb) for c in conjuncts(s) if (a := _resolve(c, 1.0))]
    if agents:
        rel = ctx.lexicon.lookup(ctx.lang, lemma) or lemma
        extra = [c for ag in _agents(verb) for c in ag.children if c.dep_ in ("case",)]
        for ag in agents:
            s = _mention(ag.token, ctx, name)
            for pa in patients:
                o = _mention(pa.token, ctx, name)
                if s and o and s.prov != o.prov:
                    yield _triple(s, rel, o, sent, verb, extra, ag.confidence * pa.confidence, pa.token, name)
        return
    # no agent: keep the patient and a prepositional argument ("ouvertes contre des individus")
    for d, obl in children(verb):
        prep = case_marker(obl)
        if d.startswith("obl") and (cx := complex_object(obl)):
            obl, prep = cx
        elif not d.startswith("obl") or prep not in _ARG_CASES or obl.pos_ not in _NOMINAL:
            continue
        rel = f"être {verb.text.lower()} {prep}"
        for pa in patients:
            s = _mention(pa.token, ctx, name)
            for target in conjuncts(obl):
                arg = _resolve(target, 0.8)
                o = _mention(arg.token, ctx, name) if arg else None
                if s and o and s.prov != o.prov:
                    extra = [c for c in obl.children if c.dep_ in ("case", "fixed")]
                    yield _triple(s, rel, o, sent, verb, extra, pa.confidence * arg.confidence, None, name)


@register_extractor("copula.v1")
def extract_copulas(sent: Span, ctx: Context) -> Iterator[Triple]:
    """"X est une organisation" -> (X, isA, organisation)."""
    name = "copula.v1"
    for pred in sent:
        cop = next((c for c in pred.children if c.dep_ == "cop" and c.lemma_.lower() in _COPULAS), None)
        if cop is None or pred.pos_ not in ("NOUN", "PROPN"):
            continue
        for s_tok in subjects(pred):
            arg = _resolve(s_tok, 1.0)
            if arg is None:
                continue
            s = _mention(arg.token, ctx, name)
            o = make_mention(pred, ctx.doc_id, name)
            if s is None or s.prov == o.prov:
                continue
            words = [c for c in pred.children if c.i < pred.i and (c.dep_ == "cop" or (
                c.dep_ == "advmod" and "Neg" in c.morph.get("Polarity")))]
            yield _triple(s, "isA", o, sent, pred, [], arg.confidence, pred, name,
                          predicate_text=" ".join(w.text for w in words))
