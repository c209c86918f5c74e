"""Documents -> spaCy Docs, with one cached pipeline per model name."""

from __future__ import annotations

import atexit
import importlib.util
import multiprocessing.util  # noqa: F401 - registers its exit handler before _stop_parsers
import weakref
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError
from kg.types import Document

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


@Language.component("kg_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Forbid sentence starts the parser gets wrong in news text: before , ) or a lowercase word."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if tok.text in (",", ")", ";", ":") or (tok.text[:1].islower() and prev.text not in (".", "!", "?", "…")
                                                 and not prev.is_space):
            tok.is_sent_start = False
    return doc


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
    if nlp.lang == "fr":
        nlp.add_pipe("kg_hyphen_compounds", first=True)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_sentence_fixes", before="parser")
    nlp.max_length = max(nlp.max_length, 5_000_000)
    return nlp


def parse_documents(docs: Iterable[Document], nlp: Language, batch_size: int = 64,
                    n_process: int = 1) -> Iterator[tuple[Document, Doc]]:
    """Stream (Document, Doc) pairs through nlp.pipe, keeping input order."""
    if n_process <= 1:
        return ((d, doc) for doc, d in nlp.pipe(((d.text, d) for d in docs), as_tuples=True,
                                                 batch_size=batch_size))
    gen = _parse_in_processes(docs, nlp, batch_size, n_process)
    _RUNNING.add(gen)
    return gen


def _parse_in_processes(docs: Iterable[Document], nlp: Language, batch_size: int,
                        n_process: int) -> Iterator[tuple[Document, Doc]]:
    """nlp.pipe(n_process=...) that stops cleanly when closed early, as an error in the consumer does.

    Closing ends the input, parses what the processes already hold and lets them exit: spaCy joins
    its processes only once the input is exhausted, and abandoned ones block on their full pipes,
    hanging the interpreter at exit.
    """
    stop = False

    def texts() -> Iterator[tuple[str, Document]]:
        for d in docs:
            if stop:
                return
            yield d.text, d

    pipe = nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    try:
        for doc, d in pipe:
            yield d, doc
    finally:
        stop = True
        try:
            for _ in pipe:      # at most a few batches per process
                pass
        except (EOFError, OSError):   # the parsers died (Ctrl-C reaches them too)
            pass


_RUNNING: weakref.WeakSet = weakref.WeakSet()   # parsers in flight


@atexit.register
def _stop_parsers() -> None:
    # atexit is LIFO: this runs before multiprocessing's exit handler (imported above, so registered
    # first) joins the parser processes, which a generator nobody closed would leave blocked
    for gen in list(_RUNNING):
        gen.close()
