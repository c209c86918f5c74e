"""Views over spaCy tokens that hide the differences between French UD and English ClearNLP labels."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
from spacy.attrs import ENT_TYPE, LOWER, POS
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc, Span, Token

from kg.extract.nouns import ADMIN_UNITS

# English (ClearNLP) labels -> the French UD labels the rules are written for
_EN_DEPS = {
    "dobj": "obj", "nsubjpass": "nsubj:pass", "csubj": "csubj", "attr": "obj", "dative": "iobj",
    "neg": "advmod:neg", "poss": "nmod:poss", "compound": "compound", "relcl": "acl:relcl",
    "auxpass": "aux:pass", "oprd": "xcomp", "npadvmod": "obl:mod", "acomp": "xcomp",
}
_SUBJ = {"nsubj", "nsubj:pass", "csubj"}
_NEG_LEMMAS = {"pas", "jamais", "point", "guère", "not", "never", "n't", "nullement", "aucunement"}
_NE = {"ne", "n'", "n’"}
# negative words that deny on their own, without "ne"
_NEG_WORDS = {"non", "jamais", "not", "n't", "never", "no"}
_NEG_DETS = {"aucun", "aucune", "nul", "nulle", "no"}
_HEDGE_VERBS = {"pouvoir", "risquer", "sembler", "paraître", "may", "might", "could", "would", "seem",
                "appear", "accuser", "soupçonner", "présumer", "accuse", "suspect", "allege",
                # an intention or a plan is not yet done: "entend prendre des mesures", "prévoit de construire"
                "entendre", "compter", "prévoir", "envisager", "projeter", "intend", "plan"}


def dep(token: Token) -> str:
    """The token's relation in French UD terms, whatever the pipeline's scheme."""
    d = token.dep_
    if token.lang_ == "en":
        if d == "pobj" and token.head.dep_ == "agent":
            return "obl:agent"
        if d == "pobj" and token.head.dep_ == "prep":
            governor = token.head.head
            return "obl" if governor.pos_ in ("VERB", "AUX") or _particle(governor) else "nmod"
        return _EN_DEPS.get(d, d)
    return "ROOT" if d == "ROOT" else d.lower()


def _particle(token: Token) -> bool:
    """An English adverb after its verb that a preposition hangs from: "broke away from", "switched over to"."""
    return (token.dep_ in ("advmod", "prt") and token.pos_ in ("ADV", "ADP") and token.i > token.head.i
            and token.head.pos_ in ("VERB", "AUX"))


def particles_of(verb: Token, obl: Token) -> list[Token]:
    """An English phrasal verb's particles before its oblique: "switched over to", "broke away from"."""
    if verb.lang_ != "en":
        return []
    out = [c for c in verb.children if c.dep_ == "prt"]
    return out + [obl.head.head] if obl.dep_ == "pobj" and _particle(obl.head.head) else out


def syntactic_head(token: Token) -> Token:
    """The head, skipping English prepositions so `pobj` hangs from the verb or noun as in UD."""
    head = token.head
    if token.lang_ == "en" and token.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head != head:
        return head.head.head if _particle(head.head) else head.head
    return head


def _memo(token: Token, table: str) -> dict:
    """A per-document table, by token index, for answers the rules ask of the same token many times
    (each access to a Token's children makes new Token objects). It holds Tokens, which hold the Doc:
    forget_tokens breaks that cycle once a document is done."""
    tables = token.doc.user_data.get("kg.memo")
    if tables is None:
        tables = token.doc.user_data["kg.memo"] = {"children": {}, "case": {}}
    return tables[table]


def forget_tokens(doc: Doc) -> None:
    """Drop what the rules remembered of a document, so it is freed without waiting for the collector."""
    doc.user_data.pop("kg.memo", None)


def children(token: Token) -> list[tuple[str, Token]]:
    """(relation, child) pairs in UD terms; English prepositional objects come up one level.

    Read once per token and document: the rules ask for children ~100 times per sentence. The list
    is shared, so callers must not change it.
    """
    memo = _memo(token, "children")
    out = memo.get(token.i)
    if out is not None:
        return out
    if token.lang_ != "en":
        out = [(d if (d := c.dep_) == "ROOT" else d.lower(), c) for c in token.children]
    else:
        out = []
        for child in token.children:
            if child.dep_ in ("prep", "agent"):
                out.extend((dep(grand), grand) for grand in child.children if grand.dep_ == "pobj")
            elif _particle(child) and any(g.dep_ == "prep" for g in child.children):
                # "broke away from the church": the church is the verb's oblique
                out.append((dep(child), child))
                out.extend((dep(pobj), pobj) for prep in child.children if prep.dep_ == "prep"
                           for pobj in prep.children if pobj.dep_ == "pobj")
            else:
                out.append((dep(child), child))
    memo[token.i] = out
    return out


def case_marker(token: Token) -> str:
    """The preposition introducing a nominal ("contre", "à", "by"), lowercased, elision undone."""
    if token.lang_ == "en":
        if token.dep_ == "pobj":
            return token.head.lower_
        return ""
    memo = _memo(token, "case")
    marker = memo.get(token.i)
    if marker is not None:
        return marker
    parts = [c.lower_ for c in token.children if c.dep_ in ("case", "fixed") and c.i < token.i]
    parts += [f.lower_ for c in token.children if c.dep_ == "case" and c.i < token.i
              for f in c.children if f.dep_ == "fixed"]
    marker = " ".join(parts).replace("’", "'")
    marker = memo[token.i] = {"d'": "de", "du": "de", "des": "de", "au": "à", "aux": "à", "l'": ""}.get(marker, marker)
    return marker


def case_tokens(token: Token) -> list[Token]:
    """The words of the preposition introducing a nominal, for a predicate's text: French "case" and "fixed"
    children ("à l'", "grâce à"); in English the preposition heads its object ("retired to")."""
    if token.lang_ == "en":
        head = token.head
        if token.dep_ != "pobj" or head.dep_ not in ("prep", "agent") or head.i > token.i:
            return []
        return [head.head, head] if _particle(head.head) else [head]
    return [c for c in token.children if c.dep_ in ("case", "fixed")]


def pronoun_after_case(tok: Token) -> bool:
    """A pronoun after its own preposition: "sur lequel", "dans lequel", "à quoi"."""
    return tok.pos_ == "PRON" and any(x.dep_ == "case" and x.i < tok.i for x in tok.children)


def subjects(verb: Token) -> list[Token]:
    """The subjects of verb; not a pronoun after a preposition ("dans lequel jouent X": X is the subject)."""
    return [c for d, c in children(verb) if d in _SUBJ and not pronoun_after_case(c)]


def is_passive(verb: Token) -> bool:
    """Passive voice, including a participle coordinated with a passive ("written by X and published by Y")."""
    if "Pass" in verb.morph.get("Voice") or any(d in ("aux:pass", "nsubj:pass") for d, _ in children(verb)):
        return True
    return (dep(verb) == "conj" and verb.head != verb and verb.tag_ == "VBN" and not subjects(verb)
            and is_passive(verb.head))


# "ne" alone negates these verbs ("ne peut rejoindre", "n’ose dire"), elsewhere it may be expletive
_BARE_NE_VERBS = {"pouvoir", "savoir", "oser"}


def is_negated(verb: Token) -> bool:
    """Negation on the verb, its auxiliaries, or a governing modal ("ne peut pas être contesté")."""
    for scope in (verb, *([verb.head] if dep(verb) == "xcomp" else [])):
        if scope.lemma_.lower() in _BARE_NE_VERBS and any(c.lower_ in _NE for c in scope.children):
            return True
        for d, c in children(scope):
            if _in_compound(c):
                continue                                # "a not-for-profit corporation", "non-violent"
            if d.startswith("advmod") and (c.lower_ in _NEG_LEMMAS or c.lemma_.lower() in _NEG_LEMMAS):
                return True
            if d.startswith("advmod") and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                return True                             # "is no longer classified as"
            if "Neg" in c.morph.get("Polarity") and c.lower_ not in _NE and (
                    c.lower_ in _NEG_WORDS or any(n.lower_ in _NE for n in scope.children)):
                return True                             # not "tôt", which the tagger sometimes marks Neg
    return False


def _in_compound(tok: Token) -> bool:
    """A word joined by a hyphen to the next: part of a compound word, not a word of the clause."""
    doc = tok.doc
    return not tok.whitespace_ and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-"


def has_negative_determiner(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _NEG_DETS for c in noun.children)


def is_hedged(verb: Token) -> bool:
    """Conditional mood or a modal/epistemic governor ("pourraient être contestées", "may")."""
    if "Cnd" in verb.morph.get("Mood"):
        return True
    for scope in (verb, verb.head if dep(verb) == "xcomp" else None):
        if scope is None:
            continue
        if scope != verb and (scope.lemma_.lower() in _HEDGE_VERBS or "Cnd" in scope.morph.get("Mood")):
            return True
        if any(c.dep_ == "aux" and c.lemma_.lower() in _HEDGE_VERBS for c in scope.children):
            return True
    # "entend prendre des mesures pour freiner X": an aim is as certain as the action it serves
    if dep(verb) in ("acl", "advcl") and any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in verb.children):
        gov = verb.head if verb.head.pos_ in ("VERB", "AUX") else verb.head.head
        return gov != verb and gov.pos_ in ("VERB", "AUX") and is_hedged(gov)
    return False


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("A et B et C")."""
    out = [token]
    nominal = {"NOUN", "PROPN", "PRON", "X"}
    # "Marie Curie et Pierre Curie": the conjunct may hang from the last word of a flat name
    heads = [token, *(c for d, c in children(token) if d in ("flat:name", "flat"))]
    for h in heads:
        for d, c in children(h):
            if d == "conj" and (c.pos_ == token.pos_ or {c.pos_, token.pos_} <= nominal):
                out.extend(conjuncts(c))
    if token.lang_ == "fr" and token.lemma_.lower() in ADMIN_UNITS:
        # "le département des Vosges et la région Lorraine": a unit noun with an article but no "de",
        # hung from the "de" complement, is coordinated with the noun itself
        for d, comp in children(token):
            if d == "nmod" and case_marker(comp) == "de":
                out.extend(c for d2, c in children(comp) if d2 == "conj" and c.lemma_.lower() in ADMIN_UNITS
                           and not case_marker(c) and any(x.dep_ == "det" for x in c.children))
    return out


def _tokens_where(sent: Span, key: tuple, make) -> list[Token]:
    """The sentence's tokens where a per-document boolean mask holds.

    The POS, ENT_TYPE and LOWER columns are read once per document and each mask is made once from
    them, kept in doc.user_data as the list of matching indices; a sentence takes its slice by bisection.
    """
    doc = sent.doc
    cache = doc.user_data.get("kg.masks")
    if cache is None:
        cache = doc.user_data["kg.masks"] = {"columns": doc.to_array([POS, ENT_TYPE, LOWER]).reshape(len(doc), 3)}
    where = cache.get(key)
    if where is None:                   # the document's matching token indices, in order
        where = cache[key] = np.flatnonzero(make(cache["columns"])).tolist()
    return [doc[i] for i in where[bisect_left(where, sent.start):bisect_left(where, sent.end)]]


def tokens_tagged(sent: Span, *tags: str, named: bool = False) -> list[Token]:
    """The sentence's tokens with one of the coarse POS tags (or, `named`, any entity token).

    Masks are computed once per document: each rule starts from few tokens of a sentence, and
    making a Token object of every word for every rule cost 6 % of the extraction time.
    """
    ids = [_POS_IDS[t] for t in tags]
    return _tokens_where(sent, ("pos", *tags, named),
                         lambda cols: np.isin(cols[:, 0], ids) | ((cols[:, 1] != 0) if named else False))


def tokens_worded(sent: Span, words: frozenset[int]) -> list[Token]:
    """The sentence's tokens whose lowercase form is one of `words` (string hashes)."""
    return _tokens_where(sent, ("lower", words), lambda cols: np.isin(cols[:, 2], list(words)))
