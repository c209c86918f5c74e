"""kg.facts: reading a graph back into Fact records."""

from kg.facts import read_facts


def test_facts_about_some_subjects_are_the_full_read_restricted_to_them(sample_dataset):
    every = read_facts(sample_dataset)
    subjects = sorted({f.subject for f in every})
    assert len(subjects) > 1
    some = subjects[:1]
    restricted = [f for f in every if f.subject in some]
    assert 0 < len(restricted) < len(every)
    assert read_facts(sample_dataset, subjects=some) == restricted
    sources = read_facts(sample_dataset, sources_only=True, subjects=some)
    assert [(f.statement, f.sentence_text, f.start_char, f.doc_id) for f in sources] == [
        (f.statement, f.sentence_text, f.start_char, f.doc_id) for f in restricted]
    assert read_facts(sample_dataset, subjects=["http://example.org/nobody"]) == []
