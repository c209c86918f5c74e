"""Verbal clauses: subject-verb-object, passive with agent, relatives, participles, light verbs."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract import Context, register_extractor
from kg.extract.arguments import (
    CONTROL_ONLY, NOMINAL, OBJ_DEPS, Arg, absorbed, after_comma, described, is_date, make_triple,
    mention_for, resolve_arg, where_place,
)
from kg.extract.copula import copula_statements
from kg.extract.kin import TIES, named_tie
from kg.extract.life import event_of
from kg.extract.nouns import names_person
from kg.extract.participles import fronted_noun, is_passive_participle, masculine_singular, participle_noun
from kg.extract.phrases import PERSON_LABELS, is_name, mention_kind, name_start
from kg.extract.syntax import (
    case_marker, case_tokens, children, dep, is_passive, particles_of, pronoun_after_case, subjects, tokens_tagged,
)
from kg.extract.titles import participants
from kg.types import Triple

_AGENT_CASES = {"par", "by"}
# obliques that carry the real argument when there is no direct object
_ARG_OBL = {"obl:arg", "obl"}
_ARG_CASES = {"contre", "à", "sur", "avec", "dans", "vers", "pour", "entre", "chez", "de",
              "against", "for", "with", "on", "to", "into", "about", "at", "from", "in", "through", "near",
              "across", "among", "within", "onto", "via", "over", "under", "between", "as", "comme",
              "outside", "inside", "beyond", "around", "behind", "along", "toward", "towards", "upon", "throughout"}


def _arg_case(prep: str, obl: Token) -> bool:
    """A preposition that introduces a verb's argument; English "of" too ("accused of", "north of"),
    not the "of" of an English name in a French sentence ("de Secret of Mana")."""
    return prep in _ARG_CASES or prep == "of" and obl.lang_ == "en"


# "permet de créer", "appelle l'ONU à organiser": the infinitive's subject is the governor's object, and
# what someone is asked, begged or told to do is not done
_OBJECT_CONTROL = {"permettre", "empêcher", "interdire", "autoriser", "aider", "obliger", "forcer", "inviter",
                   "encourager", "pousser", "appeler", "supplier", "exhorter", "inciter", "prier", "conjurer",
                   "charger", "convaincre", "persuader", "contraindre", "conseiller", "ordonner", "recommander",
                   "sommer", "demander", "allow", "enable", "help", "force", "prevent", "ask", "urge", "beg", "implore",
                   "order", "advise", "persuade", "convince", "instruct", "tell", "invite", "request"}
_EFFORT_NOUNS = {"effort", "mesure", "action", "moyen", "démarche", "effort", "step", "measure", "action"}
# reporting verbs: "X a averti que d'autres affaires suivront" -> (X, warns, autres affaires)
_REPORTING = {"avertir", "affirmer", "déclarer", "annoncer", "dire", "estimer", "expliquer", "indiquer",
              "souligner", "prévenir", "rappeler", "alerter", "craindre", "warn", "say", "announce", "state",
              "claim", "argue", "fear"}
# verbs whose clause is not asserted: a hope, a wish, a fear, a demand
_WISH = {"espérer", "souhaiter", "vouloir", "désirer", "craindre", "redouter", "demander", "exiger", "rêver",
         "hope", "wish", "want", "fear", "demand", "dream"}
_PURPOSE = {"pour", "afin", "to", "so"}
_COMPANION = {"avec", "with"}
# verbs that are copulas when the parser gives them an object ("devient président de")
_BECOME = {"devenir", "rester", "demeurer", "become", "remain"}
# reflexive verbs that are copulas before a bare or indefinite noun: "se porte candidat", "se proclame roi",
# "s'est révélé un excellent gestionnaire"
_SELF_COPULAS = {"porter", "déclarer", "proclamer", "révéler", "avérer", "montrer"}
_SKIP_VERBS = {"être", "avoir", "be", "faire", "do", "falloir", "agir", "sembler"}


def _is_content_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and dep(tok) in ("ROOT", "conj", "acl:relcl"))


def _subject_args(verb: Token, depth: int = 0) -> list[Arg]:
    """Explicit subjects, else the subject a coordinated, controlled or adverbial verb inherits."""
    subs = [s for s in subjects(verb) if (dep(s) != "nsubj:pass" or not is_passive(verb)) and not absorbed(s)]
    if len(subs) > 1:
        subs = [s for s in subs if not _absolute(s, subs)]
    if subs:
        out = []
        for s in subs:
            for c in participants(s):
                if (arg := resolve_arg(c, 1.0)) is not None:
                    out.append(arg)
        return out
    if verb.head == verb and depth == 0 and (name := _name_before(verb)) is not None:
        return [a for a in (resolve_arg(name, 0.8),) if a is not None]
    if verb.head == verb and depth == 0 and (orphan := _orphan_subject(verb)) is not None:
        # an apposition the parser hung on the previous clause's object is the subject itself
        return [a for a in ((Arg(orphan, 0.7) if dep(orphan) == "appos" else resolve_arg(orphan, 0.7)),) if a]
    if depth > 3 or verb.head == verb:
        return []
    d = dep(verb)
    head = verb.head
    if d == "xcomp" and head.lemma_.lower() in _OBJECT_CONTROL:
        return []
    if d == "xcomp" and is_passive_participle(head):
        # "des individus accusés d'avoir utilisé X": the participle's noun does the infinitive
        return [a for n in _passive_subjects(head) if (a := resolve_arg(n, 0.8)) is not None]
    if (d == "conj" and "Fin" in verb.morph.get("VerbForm") and dep(head) == "ROOT" and head.i < verb.i
            and head.pos_ in ("NOUN", "PROPN") and not case_marker(head)
            and not any(c.dep_ == "cop" for c in head.children)
            and (is_name(head) and head.ent_type_ or any(c.dep_ == "det" for c in head.children))):
        # "Les Allemands enquêtèrent ... et établirent X": the subject parsed as the root, the verb its conjunct
        return [a for a in (resolve_arg(head, 0.8),) if a is not None]
    if d in ("conj", "xcomp") and head.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
        return [Arg(a.token, a.confidence * 0.9) for a in _subject_args(head, depth + 1)]
    if d == "conj" and depth == 0 and (earlier := _subject_before(verb)) is not None:
        # "Carey est aussi une auteur et a écrit ...", the verb hung from a word that is no clause:
        # the coordinated verb shares the subject of the clause before it
        return [a for a in (resolve_arg(earlier, 0.7),) if a is not None]
    if "en" in {c.lower_ for c in verb.children if c.dep_ == "mark"} and verb.head != verb:
        # gerund "en menant un plan": the subject of the governing clause
        gov = verb.head
        while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
            gov = gov.head
        return [Arg(a.token, a.confidence * 0.85) for a in _subject_args(gov, depth + 1)] if gov != verb else []
    if d == "advcl":
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        if marks & _PURPOSE:
            # "pour réglementer X" states an aim, not something the subject does; but "renforcer ses
            # efforts pour poursuivre X", "prendre des mesures pour freiner X" say it is being done
            efforts = any(d2 in OBJ_DEPS and c.lemma_.lower() in _EFFORT_NOUNS for d2, c in children(head))
            if not efforts:
                return []
            return [Arg(a.token, a.confidence * 0.7) for a in _subject_args(head, depth + 1)]
        factor = 0.6 if marks else 0.85
        return [Arg(a.token, a.confidence * factor) for a in _subject_args(head, depth + 1)]
    if (d == "acl" and head.lemma_.lower() in _EFFORT_NOUNS and dep(head) in OBJ_DEPS
            and {c.lower_ for c in verb.children if c.dep_ == "mark"} & _PURPOSE):
        # "prendre des mesures pour freiner X" with the aim hung on "mesures": done by who takes them
        return [Arg(a.token, a.confidence * 0.7) for a in _subject_args(head.head, depth + 1)]
    # "..., rendant la tâche plus difficile"; and a finite verb misparsed as acl of its subject
    if d == "acl" and "Part" in verb.morph.get("VerbForm") and after_comma(verb) and head.head != head:
        # "X facilite Y, rendant la tâche difficile": the participle shares the clause's subject
        gov = head.head
        while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
            gov = gov.head
        if gov.pos_ in ("VERB", "AUX"):
            return [Arg(a.token, a.confidence * 0.8) for a in _subject_args(gov, depth + 1)]
    if d in ("flat:name", "flat", "appos", "dep") and "Fin" in verb.morph.get("VerbForm") and head.i < verb.i and (
            is_name(head)):
        # "Robert Thelen dessina un fuselage": a finite verb parsed as one more word of the name before it
        while dep(head) in ("flat:name", "flat") and head.head.i < head.i:
            head = head.head
        return [a for a in (resolve_arg(head, 0.8),) if a is not None]
    if d == "acl" and not is_passive_participle(verb) and {"Part", "Fin"} & set(verb.morph.get("VerbForm")):
        return [a for h in described(head) if (a := resolve_arg(h, 0.8)) is not None]
    return []


def _subject_before(verb: Token) -> Token | None:
    """The last active subject before a coordinated verb, when "et" or "," joins the verb to its clause."""
    doc = verb.doc
    first = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    if first - 1 < verb.sent.start or doc[first - 1].lower_ not in ("et", "and", ","):
        return None
    return next((t for t in reversed(doc[verb.sent.start:first]) if t.dep_ in ("nsubj", "nsubj:pass")
                 and t.head.i < verb.i), None)


def _name_before(verb: Token) -> Token | None:
    """"En effet Emma de Rouillé avait épousé X", the name parsed as a modifier of "effet": the
    root's subject is the person named just before its auxiliaries, with no preposition of its own."""
    if not any(c.dep_.startswith("aux") and "Fin" in c.morph.get("VerbForm") for c in verb.children) and (
            "Fin" not in verb.morph.get("VerbForm")):
        return None
    i = verb.i - 1
    doc = verb.doc
    while i >= verb.sent.start and (doc[i].dep_.startswith("aux") or doc[i].pos_ == "ADV"):
        i -= 1
    if i < verb.sent.start or doc[i].ent_type_ not in PERSON_LABELS or not is_name(doc[i]):
        return None
    start = name_start(doc[i])
    return start if not case_marker(start) else None


_NOT_SUBJECT_DEPS = {"obj", "iobj", "flat:name", "flat", "compound", "nummod", "amod", "det", "fixed"}


def _orphan_subject(verb: Token) -> Token | None:
    """"Afin de ménager l'Empire ottoman, la Conférence de Londres de 1830 fixa les frontières": a finite
    main verb the parser left without a subject takes the nearest noun before it that is in no
    prepositional phrase, is no object and agrees with it in number. Not an imperative nor a first or
    second person ("Citons le Tunnel de Rebaix"), not an inverted clause ("Au cœur du bourg se trouve ...",
    where nothing before the verb qualifies)."""
    morph = verb.morph
    if "Fin" not in morph.get("VerbForm") or "Imp" in morph.get("Mood") or set(morph.get("Person")) & {"1", "2"}:
        return None
    if verb.i + 1 < len(verb.doc) and (verb.doc[verb.i + 1].text.startswith("-") or (
            verb.doc[verb.i + 1].pos_ == "PRON" and verb.doc[verb.i + 1].head == verb)):
        return None                                 # "Va-t-il", "possède lui aussi": the subject follows
    number = morph.get("Number")
    for tok in reversed(verb.doc[verb.sent.start:verb.i]):
        if tok.pos_ not in ("NOUN", "PROPN") or dep(tok) in _NOT_SUBJECT_DEPS or case_marker(tok):
            continue
        if number and tok.morph.get("Number") and tok.morph.get("Number") != number:
            continue
        if any(dep(a) == "acl:relcl" for a in tok.ancestors if a.i < verb.i):
            continue                                # "les autorités, qui font ce qu'elles peuvent ..."
        return tok
    return None


def _wished(verb: Token) -> bool:
    """A clause that is hoped, wanted or feared ("il espérait que le contrat pousse Getafe"), not a fact."""
    while dep(verb) in ("conj", "xcomp") and verb.head != verb:
        verb = verb.head
    return dep(verb) == "ccomp" and verb.head.lemma_.lower() in _WISH


def _absolute(subject: Token, subs: list[Token]) -> bool:
    """"L'Irak dépendant du pétrole, Saddam tenta ...": a noun with its own participle, closed by a comma
    before the clause's real subject, is an absolute clause, not a second subject."""
    own = any(c.dep_ == "acl" and "Part" in c.morph.get("VerbForm") and c.i > subject.i for c in subject.children)
    later = [s for s in subs if s.i > subject.right_edge.i]
    doc = subject.doc
    return own and bool(later) and any(t.text == "," for t in doc[subject.right_edge.i:later[0].i])


def _passive_subjects(verb: Token) -> list[Token]:
    subs = [s for s in subjects(verb) if dep(s) == "nsubj:pass"]
    if not subs and dep(verb) == "conj" and verb.head != verb and is_passive(verb.head) and not subjects(verb):
        return _passive_subjects(verb.head)       # "écrit par X et publié par Y"
    if not subs and dep(verb) == "xcomp":
        subs = [s for s in subjects(verb.head) if dep(s) in ("nsubj", "nsubj:pass")]
    if not subs and dep(verb) == "advcl" and "Part" in verb.morph.get("VerbForm") and verb.i < verb.head.i:
        # fronted participle: "Secourue par Mitterrand, Marguerite Duras réussit ..."
        subs = [s for s in subjects(verb.head) if dep(s) in ("nsubj", "nsubj:pass")]
    if not subs and (fronted := fronted_noun(verb)) is not None:
        subs = [fronted]
    if not subs and is_passive_participle(verb):
        head = verb
        while dep(head) == "conj":
            head = head.head
        # "X est une commune française, située dans ...": the participle describes the copula's subject
        subs = described(participle_noun(head) if head.lang_ == "fr" else head.head)
    return subs


def _passive_targets(verb: Token) -> Iterator[tuple[Token, str, list[Token]]]:
    """Prepositional arguments of an agentless passive, with the words of their preposition."""
    for d, obl in children(verb):
        prep = case_marker(obl)
        if d.startswith("obl") and (cx := complex_object(obl)):
            yield *cx, complex_words(obl, cx[0])
        elif d.startswith("obl") and obl.pos_ in NOMINAL and (
                _arg_case(prep, obl) or prep == "en" and obl.ent_type_ in ("LOC", "GPE")):
            yield obl, prep, case_tokens(obl)   # "située en Irlande", not "divisée en parties" or "remis en service"


def _agents(verb: Token) -> list[Token]:
    agents = [c for d, c in children(verb)
              if d == "obl:agent" or ((d.startswith("obl") or d == "nmod") and case_marker(c) in _AGENT_CASES)]
    if agents or "Part" not in verb.morph.get("VerbForm"):
        return agents
    # "construite entre 1921 et 1924 par Karl Mayr", "par" right after the participle's phrase and its
    # noun hung elsewhere: the agent all the same
    doc, nxt = verb.doc, verb.right_edge.i + 1
    if nxt + 1 < verb.sent.end and doc[nxt].lower_ in _AGENT_CASES and doc[nxt].dep_ == "case":
        noun = doc[nxt].head
        if noun.i > nxt and noun.pos_ in ("PROPN", "NOUN") and dep(noun) != "obl:agent":
            return [noun]
    return []


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


def complex_words(obl: Token, inner: Token) -> list[Token]:
    """The words of a complex preposition: "à l'aide de" before "la technologie"."""
    return [c for c in obl.subtree if c.i <= inner.i and c.dep_ in ("case", "fixed") or c == obl
            or c.dep_ == "det" and c.head == obl]


def _reflexive(verb: Token) -> bool:
    """"s'abattre sur": a pronominal verb whose sense the bare verb's lexicon row does not give."""
    return any(c.lower_ in ("se", "s'", "s’") for c in verb.children if c.i < verb.i)


_RELATIVES = frozenset(("lequel", "laquelle", "lesquels", "lesquelles", "qui", "quoi", "which", "whom"))


def _relative_after_case(tok: Token) -> bool:
    """"sur lequel passe l'Interstate 80", "dans lequel jouent Béatrice et Niels": a relative pronoun after a
    preposition is the verb's prepositional argument, whatever the parser calls it."""
    return tok.lower_ in _RELATIVES and pronoun_after_case(tok)


def _bare_idiom(noun: Token) -> bool:
    """"a tenu parole", "prend fin", "rend hommage": a French common noun object alone, with no determiner
    nor modifier, makes an idiom with its verb; it names no participant."""
    return noun.lang_ == "fr" and noun.pos_ == "NOUN" and noun.is_lower and not noun.ent_type_ and all(
        c.dep_ in ("case", "punct") for c in noun.children)


def _light_noun(tok: Token, light: frozenset[str]) -> str | None:
    """The light-verb noun tok is, by lemma or as written."""
    return tok.lemma_.lower() if tok.lemma_.lower() in light else tok.lower_ if tok.lower_ in light else None


def idiom_noun(verb: Token, light: frozenset[str]) -> Token | None:
    """"mettre en place", "mettre sur pied", "mettre en œuvre": a bare noun after a preposition that the
    lexicon lists with the verb makes one predicate with it (no article: "mettre en place un plan", not
    "mettre le plan en la place")."""
    if not light:
        return None
    return next((c for d, c in children(verb) if d.startswith("obl") and case_marker(c) and _light_noun(c, light)
                 and not any(x.dep_ in ("det", "nmod", "amod") for x in c.children)), None)


def _objects(verb: Token, ctx: Context) -> list[tuple[Token, str, list[Token], float]]:
    """(object token, relation-or-lemma, extra predicate tokens, confidence) for one verb."""
    lemma = verb.lemma_.lower()
    out: list[tuple[Token, str, list[Token], float]] = []
    light = ctx.lexicon.light_verbs(ctx.lang, lemma)
    # "ZATAZ vous alertait de X": "vous" is nobody; but "take part in": "part" is a light verb's noun,
    # whatever the tagger calls it ("tirer parti de", "parti" taken for the participle of "partir")
    objs = [c for d, c in children(verb) if d in OBJ_DEPS and (c.pos_ in NOMINAL | {"NUM"} or _light_noun(c, light))
            and (_light_noun(c, light) or resolve_arg(c, 1.0) is not None and not _bare_idiom(c))
            and not named_tie(c)]
    idiom = idiom_noun(verb, light)
    bare = next((c for d, c in children(verb) if d in OBJ_DEPS and c.pos_ in NOMINAL and _bare_idiom(c)
                 and not _light_noun(c, light) and resolve_arg(c, 1.0) is not None), None)
    obls = [c for d, c in children(verb) if (d in _ARG_OBL or d == "obl:mod" or _relative_after_case(c))
            and _arg_case(case_marker(c), c) and not is_date(c) and c != idiom]
    if idiom is not None and (rel := ctx.lexicon.lookup(ctx.lang, lemma, _light_noun(idiom, light), exact=True)):
        # "a mis en place un plan" -> implements the plan: the bare noun after its preposition is the idiom's
        extra = [*case_tokens(idiom), idiom]
        return [(t, rel, extra, 1.0) for obj in objs for t in participants(obj)]
    for obj in objs:
        if (obj_lemma := _light_noun(obj, light)) is not None:
            # light verb: "ouvrir des poursuites contre X" -> prosecutes X
            targets = [(c, case_marker(c)) for d, c in children(obj) if d == "nmod" and case_marker(c)]
            targets += [(c, case_marker(c)) for c in obls]
            for target, prep in targets:
                rel = ctx.lexicon.lookup(ctx.lang, lemma, obj_lemma, prep)
                if rel:
                    extra = [obj, *case_tokens(target)]
                    out.extend((t, rel, extra, 1.0) for t in participants(target))
                    break
            else:
                rel = ctx.lexicon.lookup(ctx.lang, lemma, obj_lemma) or ctx.lexicon.lookup(ctx.lang, lemma)
                if rel or lemma not in _SKIP_VERBS:   # "a besoin de se renouveler": "avoir besoin" says nothing
                    out.extend((t, rel or lemma, [], 1.0) for t in participants(obj))
            continue
        rel = ctx.lexicon.lookup(ctx.lang, lemma) or lemma
        out.extend((t, rel, [], 1.0) for t in participants(obj))
        # "relie Mulhouse à Beaune": a prepositional object the lexicon gives the same relation
        out.extend((t, rel, case_tokens(obl), 0.9) for obl in obls
                   if ctx.lexicon.lookup(ctx.lang, lemma, "", case_marker(obl), exact=True) == rel != lemma
                   for t in participants(obl))
    if not objs and (place := where_place(verb)) is not None:
        # "in Vienna, where he had lived": he lived in Vienna
        prep = "in" if ctx.lang == "en" else "à"
        out.extend((t, ctx.lexicon.lookup(ctx.lang, lemma, "", prep) or f"{lemma} {prep}", [], 0.8)
                   for t in participants(place))
    if not objs:
        for d, obl in children(verb):
            if d.startswith("obl") and (cx := complex_object(obl)):
                inner, prep = cx
                extra = complex_words(obl, inner)
                out.extend((t, f"{lemma} {prep}", extra, 0.85) for t in participants(inner))
        for obl in obls:
            if complex_object(obl):
                continue
            inf = next((c for c in obl.children if c.pos_ == "VERB" and "Inf" in c.morph.get("VerbForm")
                        and c.i < obl.i and c.dep_ in ("amod", "acl")), None)
            if inf is not None and lemma in CONTROL_ONLY:
                # "tenta de diversifier l'économie" with the infinitive parsed as the noun's modifier
                rel = ctx.lexicon.lookup(ctx.lang, inf.lemma_.lower()) or inf.lemma_.lower()
                extra = [*case_tokens(obl), inf]
                out.extend((t, rel, extra, 0.85) for t in participants(obl))
                continue
            if dep(obl) == "obl:mod" and case_marker(obl) not in ("contre", "against") and not _relative_after_case(obl):
                continue
            prep = case_marker(obl)
            # "invente avec ses amis": a companion is not what the verb acts on, unless the lexicon says so
            # ("acquérir avec les terrains" still acquires them)
            exact = _reflexive(verb) or prep in _COMPANION and (
                obl.ent_type_ in PERSON_LABELS or names_person(obl.lemma_.lower()) or obl.lemma_.lower() in TIES)
            extra = case_tokens(obl)
            if bare is not None:
                # "redonner confiance aux intervenants": the idiom's noun is part of the predicate
                rel, extra = f"{lemma} {bare.lower_} {prep}", [bare, *extra]
            else:
                # an unmapped verb keeps its particles: "broke away from" -> "break away from"
                rel = ctx.lexicon.lookup(ctx.lang, lemma, "", prep, exact=exact) or " ".join(
                    [lemma, *(t.lower_ for t in particles_of(verb, obl)), prep]).strip()
            out.extend((t, rel, extra, 0.9 if dep(obl) != "obl:mod" else 0.75) for t in participants(obl))
    return out


@register_extractor("svo.v1")
def extract_clauses(sent: Span, ctx: Context) -> Iterator[Triple]:
    """Active, passive, relative, participial and coordinated verbal clauses."""
    name = "svo.v1"
    for verb in tokens_tagged(sent, "VERB", "AUX"):
        if not _is_content_verb(verb) or event_of(verb) or _wished(verb):
            continue                                # births and deaths: kg.extract.life
        lemma = verb.lemma_.lower()
        if lemma in CONTROL_ONLY and any(d == "xcomp" for d, _ in children(verb)):
            continue
        passive = is_passive(verb) or is_passive_participle(verb)
        if passive:
            yield from _passive(verb, sent, ctx, name)
            continue
        if lemma in _SKIP_VERBS and not _light_object(verb, lemma, ctx):
            continue                                # but "faire partie de", "avoir lieu à", "have access to"
        subs = _subject_args(verb)
        if not subs:
            continue
        if dep(verb) == "acl:relcl" and mention_kind(verb.head) == "demonstrative":
            subs = [s for s in subs if s.token != verb.head]   # "ceux qui utilisent X" defines, not states
            if not subs:
                continue
        if lemma in _BECOME or lemma in _SELF_COPULAS and _reflexive(verb) and any(
                d in OBJ_DEPS and c.pos_ == "NOUN" and all("Ind" in x.morph.get("Definite") for x in c.children
                                                            if x.dep_ == "det") for d, c in children(verb)):
            yield from _become(verb, subs, sent, ctx, name)
            continue
        for obj_token, rel, extra, oconf in [*_objects(verb, ctx), *_clausal_objects(verb, ctx)]:
            obj_arg = resolve_arg(obj_token, oconf)
            if obj_arg is None:
                continue
            o = mention_for(obj_arg.token, ctx, name)
            for s_arg in subs:
                s = mention_for(s_arg.token, ctx, name)
                if s is None or o is None or s.prov == o.prov:
                    continue
                yield make_triple(s, rel, o, sent, verb, extra, s_arg.confidence * obj_arg.confidence, obj_token, name)


def _light_object(verb: Token, lemma: str, ctx: Context) -> bool:
    light = ctx.lexicon.light_verbs(ctx.lang, lemma)
    return bool(light) and any(d in OBJ_DEPS and c.lemma_.lower() in light for d, c in children(verb))


def _become(verb: Token, subs: list[Arg], sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    """"Il devient président du conseil régional", "se porte candidat" parsed with an object: a copula, as
    "est président de"."""
    for pred in (c for d, c in children(verb) if d in OBJ_DEPS and c.pos_ in ("NOUN", "PROPN")):
        for s_arg in subs:
            if (s := mention_for(s_arg.token, ctx, name)) is not None:
                yield from copula_statements(pred, s, sent, ctx, s_arg.confidence, name, verb.text, verb)


def _clausal_objects(verb: Token, ctx: Context) -> list[tuple[Token, str, list[Token], float]]:
    """What a reported or enabled clause is about, when the verb has no nominal object.

    "X a averti que d'autres affaires suivront" -> (X, warns, autres affaires);
    "X permet de créer des images" -> (X, "permettre de créer", images).
    """
    if any(d in OBJ_DEPS and resolve_arg(c, 1.0) for d, c in children(verb)):
        return []
    lemma = verb.lemma_.lower()
    out = []
    for d, c in children(verb):
        if d == "ccomp" and lemma in _REPORTING:
            rel = ctx.lexicon.lookup(ctx.lang, lemma) or lemma
            out.extend((s, rel, [], 0.6) for s in subjects(c) if s.pos_ in ("NOUN", "PROPN"))
        elif d == "xcomp" and lemma in _OBJECT_CONTROL:
            marker = next((m.text for m in c.children if m.dep_ == "mark"), "")
            rel = " ".join(w for w in (lemma, marker.replace("’", "'"), c.lemma_.lower()) if w)
            out.extend((o, rel, [m for m in c.children if m.dep_ == "mark"] + [c], 0.7)
                       for d2, o in children(c) if d2 == "obj")
    return out


def _passive(verb: Token, sent: Span, ctx: Context, name: str) -> Iterator[Triple]:
    # passive agent: "Acme a été fondée par Ada" -> (Ada, fonder, Acme)
    lemma = verb.lemma_.lower()
    patients = [a for s in _passive_subjects(verb) for c in participants(s) if (a := resolve_arg(c, 1.0))]
    agents = [a for s in _agents(verb) for c in participants(s) if (a := resolve_arg(c, 1.0))]
    if agents:
        rel = ctx.lexicon.lookup(ctx.lang, lemma) or lemma
        extra = [c for ag in _agents(verb) for c in case_tokens(ag)]
        for ag in agents:
            s = mention_for(ag.token, ctx, name)
            for pa in patients:
                o = mention_for(pa.token, ctx, name)
                if s and o and s.prov != o.prov:
                    yield make_triple(s, rel, o, sent, verb, extra, ag.confidence * pa.confidence, pa.token, name)
        return
    # no agent: keep the patient and a prepositional argument ("ouvertes contre des individus"), not the
    # noun of an idiom ("mis sur pied à Perpignan": set up in Perpignan, nothing is put on a foot)
    idiom = idiom_noun(verb, ctx.lexicon.light_verbs(ctx.lang, lemma))
    words = [*case_tokens(idiom), idiom] if idiom is not None else []
    for obl, prep, extra in _passive_targets(verb):
        if obl == idiom:
            continue
        be, participle = ("be", verb.lower_) if ctx.lang == "en" else ("être", masculine_singular(verb.lower_))
        extra = [*words, *extra]
        rel = ctx.lexicon.lookup(ctx.lang, lemma, "", prep, exact=True) or " ".join(
            [be, participle, *(t.lower_ for t in words), prep])
        for pa in patients:
            s = mention_for(pa.token, ctx, name)
            for target in participants(obl):
                arg = resolve_arg(target, 0.8)
                o = mention_for(arg.token, ctx, name) if arg else None
                if s and o and s.prov != o.prov:
                    yield make_triple(s, rel, o, sent, verb, extra, pa.confidence * arg.confidence, None, name)


