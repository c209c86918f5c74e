"""The spaCy pipelines: which one a language gets, kg's own components, one loaded copy per process."""

from __future__ import annotations

import importlib.util
import re
from functools import cache

import spacy
import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError

DEFAULT_MODELS = {"fr": ("fr_core_news_md", "fr_core_news_sm", "fr_core_news_lg"),
                  "en": ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")}
# components the rules never read; disabling them saves parse time
_UNUSED = ("textcat", "textcat_multilabel", "entity_linker", "spancat", "trainable_lemmatizer_unused")


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def default_model(lang: str) -> str:
    """The first installed pipeline for the language; an error names what to install."""
    for name in DEFAULT_MODELS.get(lang, ()):
        if installed(name):
            return name
    wanted = DEFAULT_MODELS.get(lang, ("a spaCy pipeline",))[0]
    raise ModelError(f"no spaCy pipeline installed for language '{lang}'; "
                     f"install one (e.g. {wanted}) and pass --model NAME")


# right-hand parts that make "a-t-il", "dit-elle", "donne-moi" two words, not one compound
_CLITICS = frozenset("t il elle ils elles on je tu nous vous moi toi lui le la les y en ce leur".split())


@Language.component("kg_hyphen_compounds")
def hyphen_compounds(doc: Doc) -> Doc:
    """Merge "auteur-compositeur-interprète" and "Mortagne-sur-Sèvre" back into one token.

    The French tokenizer splits unknown hyphenated words; the parser, trained on whole words,
    then breaks the sentence at each hyphen.
    """
    spans = []
    i = 0
    while i < len(doc) - 2:
        j = i
        while (j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_
               and not doc[j + 1].whitespace_ and doc[j].text[-1:].isalnum() and doc[j + 2].text[:1].isalnum()
               and doc[j + 2].lower_ not in _CLITICS):
            j += 2
        if j > i:
            spans.append(doc[i:j + 1])
            i = j + 1
        else:
            i += 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)
    return doc


_NEVER_FIRST = frozenset((",", ")", ";", ":", ".", "!", "?", "…"))
_ENDS = frozenset((".", "!", "?", "…"))
# a sentence does not start inside a short bracket: "(Santpoort, 1914 -- Schiermonnikoog, 2006)"
_BRACKET_SPAN = 40


@Language.component("kg_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Forbid sentence starts the parser gets wrong in news text: before , ) or a lowercase word, inside ( ),
    and right after a word ("Pantelís | Voúlgaris"): a sentence begins after punctuation or a line break.

    Works on plain lists and sets the flags in one from_array call: setting Token.is_sent_start
    one token at a time cost 4 % of the whole parse.
    """
    words = [t.text for t in doc]
    starts = doc.to_array(SENT_START).view("int64")    # -1: not a start, 0: unset, 1: a start
    opened = -1                                         # index of an unclosed "(" nearby
    for i in range(1, len(words)):
        w, prev = words[i], words[i - 1]
        if prev == "(":
            opened = i - 1
        elif prev == ")":
            opened = -1
        if w in _NEVER_FIRST or prev[-1:].isalnum() or (
                w[:1].islower() and prev not in _ENDS and not prev.isspace()) or (
                0 <= opened and i - opened <= _BRACKET_SPAN and prev not in _ENDS):
            starts[i] = -1
    doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))
    return doc


_VERB, _AUX = spacy.symbols.VERB, spacy.symbols.AUX
_CLAUSE_DEPS = frozenset(("ROOT", "conj", "acl:relcl", "ccomp", "advcl", "parataxis"))


@Language.component("kg_verb_lemmas")
def verb_lemmas(doc: Doc) -> Doc:
    """A present-tense verb the lemma table knows only as a noun keeps the noun as its lemma ("il demande",
    "donne", "participe", sometimes tagged a participle): its infinitive is the word plus "r", which the
    lexicon and the rules that read lemmas ("demander de", "participer à") expect. Vectorised: a Python
    step only for those verbs."""
    if not len(doc):
        return doc
    table = doc.to_array([POS, LEMMA, LOWER])
    for i in np.flatnonzero((table[:, 0] == _VERB) & (table[:, 1] == table[:, 2])).tolist():
        tok = doc[i]
        if tok.lower_.endswith("e") and not tok.lower_.endswith("ée") and tok.is_lower and "Inf" not in tok.morph.get(
                "VerbForm"):
            tok.lemma_ = tok.lower_ + "r"
        elif tok.is_lower and (found := _past_historic(tok.lower_)) is not None:
            tok.lemma_ = found[0]           # "enquêtèrent", a passé simple the tables lack
    return doc


def _past_historic(word: str) -> tuple[str, str] | None:
    """(infinitive, imperfect) of a first-group verb's third-person passé simple form: "assiégea" ->
    ("assiéger", "assiégeait"), "commença" -> ("commencer", "commençait"), "enquêtèrent" -> ("enquêter",
    "enquêtaient"). Any word of that shape; the caller checks the infinitive is a verb."""
    if len(word) < 4:
        return None
    if word.endswith("èrent"):                  # "mangèrent", "commencèrent": the imperfect restores e and ç
        stem = word[:-5]
        imperfect = stem + ("eaient" if stem.endswith("g") else "aient") if not stem.endswith("c") else (
            stem[:-1] + "çaient")
        return stem + "er", imperfect
    if word.endswith("a"):                      # "mangea", "commença"
        stem = word[:-1]
        base = stem[:-1] if stem.endswith("ge") else stem[:-1] + "c" if stem.endswith("ç") else stem
        return base + "er", stem + "ait"
    return None


class PastHistoric:
    """A sentence whose regular passé simple ("assiégea", "enquêtèrent") was not tagged a verb is parsed
    again with the imperfect as that word's norm ("assiégeait", "enquêtaient").

    Encyclopedic French narrates in the passé simple, which news-trained pipelines see less: the tagger
    then sometimes calls such a verb a noun or an adverb and the parser hangs the sentence on its subject.
    The embedding reads a token's NORM, so with the norm of a tense the pipeline knows the sentence is
    parsed around its verb. Only sentences the first parse got wrong are parsed again, and only the
    tags, morphology and tree are kept: the text, the offsets and the norms stay as they were (a second
    parse of every sentence would also move sentences that were right). Only first-group forms of a verb
    the lemmatizer knows that are no noun, adjective or stop word ("gala", "cinéma", "cela" stay).
    """

    def __init__(self, stages: list, verbs: frozenset[str], forms: dict[str, list[str]],
                 others: frozenset[str]) -> None:
        self.stages, self.verbs, self.forms, self.others = stages, verbs, forms, others
        self.by_orth: dict[int, str | None] = {}       # the imperfect for each word seen, None for most

    def imperfect(self, word: str) -> str | None:
        found = _past_historic(word) if word.islower() and word not in self.others else None
        ok = found is not None and (found[0] in self.verbs or self.forms.get(word) == [found[0]])
        return found[1] if ok else None

    def __call__(self, doc: Doc) -> Doc:
        # one dict lookup per word on integer ids: creating a Token per word would cost five times more
        by_orth, strings = self.by_orth, doc.vocab.strings
        table = doc.to_array([ORTH, POS])
        missed = []
        for i, (orth, pos) in enumerate(table.tolist()):
            if orth not in by_orth:
                by_orth[orth] = self.imperfect(strings[orth])
            if by_orth[orth] is not None and pos not in (_VERB, _AUX):
                missed.append(i)
        for start in sorted({doc[i].sent.start for i in missed}):
            sent = doc[start].sent
            self._parse_again(doc, sent, [i - sent.start for i in missed if sent.start <= i < sent.end])
        return doc

    def _parse_again(self, doc: Doc, sent, positions: list[int]) -> None:
        words = [t.text for t in sent]
        again = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent],
                    sent_starts=[True] + [False] * (len(words) - 1))
        for i in positions:
            again[i].norm_ = self.by_orth[again[i].orth]
        for stage in self.stages:
            again = stage(again)
        heads = [again[i] for i in positions
                 if again[i].dep_ in _CLAUSE_DEPS or any(c.dep_.startswith("nsubj") for c in again[i].children)]
        if not heads:
            return                          # the word heads no clause: no better, keep the first parse
        for tok in heads:
            tok.pos_ = "VERB"               # a verb, whatever the tagger says
        attrs = [POS, TAG, MORPH, HEAD, DEP]
        whole = doc.to_array(attrs)
        whole[sent.start:sent.end] = again.to_array(attrs)
        doc.from_array(attrs, whole)


@Language.factory("kg_past_historic")
def past_historic(nlp: Language, name: str) -> PastHistoric:
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    tables = {t: lookups.get_table(t) for t in ("lemma_index", "lemma_exc") if t in lookups.tables} if (
        lookups is not None) else {}
    index, exceptions = tables.get("lemma_index", {}), tables.get("lemma_exc", {})
    stages = [nlp.get_pipe(n) for n in ("tok2vec", "morphologizer", "tagger", "parser") if n in nlp.pipe_names]
    return PastHistoric(stages, frozenset(index.get("verb", ())), exceptions.get("verb", {}),
                        frozenset(index.get("noun", ())) | frozenset(index.get("adj", ())) | nlp.Defaults.stop_words)


def _set_lemma_index(nlp: Language) -> None:
    """Turn the rule lemmatizer's word lists into sets: the same lemmas, a third of the parse time less.

    spaCy's rule lemmatizer asks `word in index` of a list per part of speech (66,191 French nouns),
    a linear scan for every word not cached yet; fr_core_news_md spent 40 % of its pipeline there.
    """
    for _, pipe in nlp.pipeline:
        lookups = getattr(pipe, "lookups", None)
        if lookups is None or "lemma_index" not in lookups:
            continue
        table = lookups.get_table("lemma_index")
        for key, words in list(table.items()):
            if isinstance(words, list):
                table[key] = frozenset(words)


@cache
def load_nlp(name: str) -> Language:
    """Load an installed spaCy pipeline by package name or path, once per process."""
    try:
        nlp = spacy.load(name, exclude=[p for p in _UNUSED])
    except (OSError, ImportError, ValueError) as err:
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ModelError(f"cannot load spaCy model '{name}': {first[:200]}; "
                         "pass --model with an installed pipeline (see `python -m spacy info`)") from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        raise ModelError(f"spaCy model '{name}' has no dependency parser; kg needs one")
    _set_lemma_index(nlp)
    if nlp.lang == "fr":
        nlp.add_pipe("kg_hyphen_compounds", first=True)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("kg_past_historic", after="parser")
        if "lemmatizer" in nlp.pipe_names:
            nlp.add_pipe("kg_verb_lemmas", after="lemmatizer")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_sentence_fixes", before="parser")
    # "1914--Schiermonnikoog": a double hyphen (an en dash typed in ASCII) separates words
    infix = nlp.tokenizer.infix_finditer
    nlp.tokenizer.infix_finditer = re.compile(r"-{2,}|" + infix.__self__.pattern).finditer
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp
