"""The CaRB-style scorer of benchmarks/carb_bench.py on hand-made tuples; expected values worked out by hand."""

from __future__ import annotations

import pytest

from benchmarks.carb_bench import (
    Extraction,
    best_threshold,
    carb_score,
    match,
    passive_with_agent,
    ptb_tokens,
    read_gold,
    sentence_sums,
)

FOUNDED = Extraction("founded", ("Ada", "Acme"))


@pytest.mark.parametrize("gold, system, expected", [
    # identical tuples: every token matches both ways
    (FOUNDED, FOUNDED, (1.0, 1.0)),
    # predicate 3/3, arg1 "curie" 1 of gold's 2, arg2 "warsaw" 1 of system's 3:
    # 5 matched of 7 system tokens, of 6 gold tokens
    (Extraction("was born in", ("Marie Curie", "Warsaw")), Extraction("was born in", ("Curie", "Warsaw in 1867")),
     (5 / 7, 5 / 6)),
    # no shared predicate token: no match, however good the arguments
    (FOUNDED, Extraction("created", ("Ada", "Acme")), (0.0, 0.0)),
    # no object: no match
    (FOUNDED, Extraction("founded", ("Ada",)), (0.0, 0.0)),
    # n-ary gold: arg2 and arg3 are one slot, "ireland in 1892"; 5 of 5 system tokens, 5 of 7 gold tokens
    (Extraction("played for", ("Dr. Pim", "Ireland", "in 1892")), Extraction("played for", ("Dr. Pim", "Ireland")),
     (1.0, 5 / 7)),
    # a system "be" stands for the gold's "is"
    (Extraction("is located", ("A cafeteria", "on the sixth floor")),
     Extraction("be located", ("A cafeteria", "on the sixth floor")), (1.0, 1.0)),
    # system strings are split like the PTB gold and lowercased
    (Extraction("became", ("he", "the youngest mayor in Pittsburgh 's history")),
     Extraction("Became", ("He", "the youngest mayor in Pittsburgh's history")), (1.0, 1.0)),
    # reported speech: the quote may come first in the system tuple
    (Extraction("said", ("he", "the plan failed")), Extraction("said", ("the plan failed", "he")), (1.0, 1.0)),
])
def test_match(gold: Extraction, system: Extraction, expected: tuple[float, float]) -> None:
    assert match(gold, system) == pytest.approx(expected)


def test_one_system_tuple_counts_once_for_precision() -> None:
    # the duplicate finds no gold tuple left: precision 1 + 0 over 2 system tuples
    assert sentence_sums([FOUNDED], [FOUNDED, FOUNDED]) == pytest.approx((1.0, 1.0))
    score = carb_score([([FOUNDED], [FOUNDED, FOUNDED])])
    assert (score.precision, score.recall, score.system, score.gold) == pytest.approx((0.5, 1.0, 2, 1))


def test_two_gold_tuples_share_one_system_tuple_for_recall() -> None:
    # the second gold tuple has 4 tokens, 3 of them in the system tuple: recall (1 + 3/4) / 2
    gold = [FOUNDED, Extraction("founded", ("Ada", "Acme Corp"))]
    score = carb_score([(gold, [FOUNDED])])
    assert (score.precision, score.recall) == pytest.approx((1.0, 0.875))


def test_greedy_pairs_by_descending_precision() -> None:
    # both system tuples fit G1 best (1.0 and 3 of 4 tokens); greedy gives G1 to S1, and S2 is left
    # with G2, which shares no predicate token: precision 1 + 0, not 1 + 3/4
    g1, g2 = FOUNDED, Extraction("died", ("Bob", "Paris"))
    s1, s2 = FOUNDED, Extraction("founded", ("Ada", "Acme Corp"))
    assert match(g1, s2) == pytest.approx((0.75, 1.0))
    assert sentence_sums([g1, g2], [s1, s2]) == pytest.approx((1.0, 1.0))


def test_sentences_add_up_micro() -> None:
    # sentence 1: one exact tuple; sentence 2: one gold tuple, nothing found
    score = carb_score([([FOUNDED], [FOUNDED]), ([Extraction("died", ("Ada", "Paris"))], [])])
    assert (score.precision, score.recall, score.f1) == pytest.approx((1.0, 0.5, 2 / 3))


def test_best_threshold_drops_a_wrong_low_confidence_tuple() -> None:
    sentences = [([FOUNDED], [FOUNDED._replace(confidence=0.9), Extraction("owns", ("Bob", "Beta"), 0.5)])]
    assert carb_score(sentences).f1 == pytest.approx(2 / 3)
    threshold, score = best_threshold(sentences)
    assert threshold == 0.9
    assert (score.precision, score.recall, score.system) == pytest.approx((1.0, 1.0, 1))


def test_ptb_tokens() -> None:
    assert ptb_tokens('the "TV8" network, 2,310 people') == ["the", "``", "tv8", "''", "network", ",", "2,310",
                                                              "people"]
    assert ptb_tokens("Inc. didn't") == ["inc.", "did", "n't"]


def test_read_gold_keeps_empty_fields_and_order(tmp_path) -> None:
    path = tmp_path / "gold.tsv"
    # "B . " with a trailing space is "B ." written again
    path.write_text("B .\tis\tX\t\nA .\thas\tY\tZ\tin 1900\nB . \twas\tW\tV\n", encoding="utf-8")
    assert read_gold(path) == [
        ("B .", [Extraction("is", ("X", "")), Extraction("was", ("W", "V"))]),
        ("A .", [Extraction("has", ("Y", "Z", "in 1900"))]),
    ]


@pytest.mark.parametrize("surface, label, passive", [
    ("was loved by", "loves", True), ("have been proposed by", "proposes", True), ("created by", "creates", True),
    ("passed by", "passes by", False), ("was brought on in", "is brought on in", False), ("founded", "founds", False),
])
def test_a_passive_with_its_agent_is_told_by_its_label(surface, label, passive):
    """kg stores "X was loved by God" as (God, loves, X): "by" in the surface words, not in the label."""
    assert passive_with_agent(surface, label) is passive
