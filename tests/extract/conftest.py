import pytest

from kg.extract import Context, extract_triples
from kg.lexicon import load_lexicon


@pytest.fixture(scope="session")
def nlp():
    from kg.parse import load_nlp
    return load_nlp("fr_core_news_md")


@pytest.fixture(scope="session")
def triples_of(nlp):
    """Sentence -> [(subject, predicate, object, negated)] with surface subject/object texts."""
    lexicon = load_lexicon()

    def run(text: str, lang: str = "fr", model=None):
        doc = (model or nlp)(text)
        ctx = Context("t", lang, lexicon)
        return [(t.subject.canonical or t.subject.text, t.predicate, t.object.canonical or t.object.text, t.negated)
                for sent in doc.sents for t in extract_triples(sent, ctx)]
    return run
