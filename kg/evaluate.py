"""Score a built graph against a gold standard: fact precision/recall/F1, entity merges and entity types."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import KGError
from kg.facts import Fact, is_relation, read_facts, read_nodes
from kg.rdf import KG, KG_NS
from kg.store import Source, as_dataset, as_store
from kg.translate import base_form

FORMATS = ("table", "json")
MAX_NODE_WORDS = 10

# dropped before comparing names: articles, partitives, possessives, demonstratives
_DETERMINERS = frozenset(
    "le la les l un une des du de d ce cet cette ces son sa ses leur leurs mon ma mes ton ta tes notre nos votre vos "
    "the a an this that these those its his her their".split())
_PRONOUNS = frozenset(
    "il elle ils elles lui eux on ce cela ceci ca celui celle ceux celles qui que quoi lequel laquelle lesquels "
    "lesquelles dont y en se je tu nous vous me te he she it they him them who whom which i we you".split())
# auxiliaries, clitics, negation words and agent markers a predicate may carry or not:
# "a ouvert" ~ "ouvrir", "not prosecutes" ~ "prosecutes", "fondée par" ~ "fonder" (s/o keep the direction)
_AUX = frozenset(
    "a ai as avons avez ont avait avaient aura auront eut eurent aurait est sont etait etaient fut furent sera seront "
    "ete etre avoir se s ne n pas plus y en lui leur is are was were be been being has have had does do did will "
    "would not par by".split())


@dataclass(frozen=True, slots=True)
class GoldFact:
    s: str
    p: str
    o: str
    s_alt: tuple[str, ...] = ()
    p_alt: tuple[str, ...] = ()
    o_alt: tuple[str, ...] = ()
    negated: bool = False
    sentence: str = ""
    start: int = -1    # the sentence's span in the document text, -1 when unknown
    end: int = -1

    def __str__(self) -> str:
        return f"{'NOT ' if self.negated else ''}{self.s} | {self.p} | {self.o}"


@dataclass(frozen=True, slots=True)
class GoldEntity:
    label: str
    type: str          # kg class local name: Person, Organization, ...
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    text: str
    facts: tuple[GoldFact, ...] = ()
    entities: tuple[GoldEntity, ...] = ()


@dataclass(slots=True)
class DocumentScore:
    doc_id: str
    gold: int = 0
    predicted: int = 0
    true_positives: int = 0
    negation_errors: int = 0   # a negated gold fact asserted positively
    false_negations: int = 0   # a positive gold fact found only as a negated statement
    entities: int = 0
    merged_ok: int = 0
    typed_ok: int = 0
    split: list[dict] = field(default_factory=list)      # {"entity", "nodes"}: more than one node
    missing: list[str] = field(default_factory=list)     # gold entities with no node
    untyped: list[dict] = field(default_factory=list)    # {"entity", "expected", "found"}
    missed: list[str] = field(default_factory=list)      # gold facts no statement matched
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def counts(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "true_positives": self.true_positives,
                "false_positives": self.predicted - self.true_positives,
                "false_negatives": self.gold - self.true_positives,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "negation_errors": self.negation_errors, "false_negations": self.false_negations,
                "entities": self.entities, "merged_ok": self.merged_ok, "typed_ok": self.typed_ok}


@dataclass(slots=True)
class Score:
    documents: list[DocumentScore]
    ignored_statements: int = 0    # statements of documents the gold file does not cover

    @property
    def totals(self) -> DocumentScore:
        total = DocumentScore("all")
        for d in self.documents:
            for name in ("gold", "predicted", "true_positives", "negation_errors", "false_negations",
                         "entities", "merged_ok", "typed_ok"):
                setattr(total, name, getattr(total, name) + getattr(d, name))
        return total


# ---------------------------------------------------------------- reading


def read_gold(path: Path) -> list[GoldDocument]:
    """A gold JSON Lines file: one document per line with its facts and entities."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise KGError(f"{path}: no such gold file; give a .jsonl file such as tests/gold/seed.jsonl") from None
    except (OSError, UnicodeDecodeError) as err:
        raise KGError(f"{path}: cannot read the gold file ({err})") from None
    docs: list[GoldDocument] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            docs.append(_gold_document(rec))
        except json.JSONDecodeError as err:
            raise KGError(f"{path}:{n}: invalid JSON ({err.msg} at column {err.colno})") from None
        except (KeyError, TypeError, AttributeError, ValueError) as err:
            raise KGError(f"{path}:{n}: not a gold record ({err}); expected doc_id, text, facts, entities") from None
    if not docs:
        raise KGError(f"{path}: no gold documents; add lines like {{\"doc_id\": ..., \"text\": ..., \"facts\": []}}")
    return docs


def _strings(values: Iterable) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _gold_document(rec: dict) -> GoldDocument:
    text = str(rec["text"])
    facts = []
    for f in rec.get("facts", []):
        if not all(isinstance(f[k], str) and f[k].strip() for k in ("s", "p", "o")):
            raise ValueError("a fact needs non-empty s, p and o")
        sentence = str(f.get("sentence", ""))
        start = text.find(sentence) if sentence else -1
        facts.append(GoldFact(f["s"], f["p"], f["o"], _strings(f.get("s_alt", ())), _strings(f.get("p_alt", ())),
                              _strings(f.get("o_alt", ())), bool(f.get("negated", False)), sentence,
                              start, start + len(sentence) if start >= 0 else -1))
    entities = tuple(GoldEntity(str(e["label"]), str(e["type"]), _strings(e.get("aliases", ())))
                     for e in rec.get("entities", []))
    return GoldDocument(str(rec["doc_id"]), text, tuple(facts), entities)


def load_graph(path: Path) -> Graph:
    """A graph file (.ttl .nt .nq .trig .jsonld), a store folder or a `kg build` output folder."""
    from kg.store import load_graph as load

    path = Path(path)
    if path.is_dir() and (path / "graph.ttl").is_file():
        path = path / "graph.ttl"
    return load(path)


# ---------------------------------------------------------------- matching


def _fold(text: str) -> str:
    # accents off, letters kept: "Œuvre" -> "oeuvre", "L’IA" -> "l’ia" (the apostrophe still splits words)
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize(text: str) -> str:
    """Lowercase, accents and determiners removed, punctuation collapsed: "L'IA générative" -> "ia generative"."""
    return " ".join(w for w in re.split(r"[\W_]+", _fold(text)) if w and w not in _DETERMINERS)


def _is_pronoun(label: str) -> bool:
    words = [w for w in re.split(r"[\W_]+", _fold(label)) if w]
    return bool(words) and all(w in _PRONOUNS for w in words)


def names_match(gold_names: Iterable[str], node_labels: Iterable[str]) -> bool:
    """A node label equals a gold name once normalised, or holds all its words (short, non-pronoun labels only)."""
    gold = [g for g in (normalize(n) for n in gold_names) if g]
    for label in node_labels:
        norm = normalize(label)
        if not norm:
            continue
        if norm in gold:
            return True
        if len(label.split()) <= MAX_NODE_WORDS and not _is_pronoun(label):
            words = set(norm.split())
            if any(set(g.split()) <= words for g in gold):
                return True
    return False


def _same_word(a: str, b: str) -> bool:
    if a == b or base_form(a) == base_form(b):
        return True
    # French verb forms share a stem: poursuivre ~ poursuit, fonder ~ fondee, ecrire ~ ecrit
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k >= 5 or (k >= 4 and k >= min(len(a), len(b)) - 2)


def _aligned(a: Sequence[str], b: Sequence[str]) -> bool:
    return bool(a) and len(a) == len(b) and all(_same_word(x, y) for x, y in zip(a, b))


def predicates_match(gold_preds: Iterable[str], labels: Iterable[str]) -> bool:
    """Word by word, loosely: "prosecutes" ~ "prosecute", "a ouvert" ~ "ouvrir", "not calls for" ~ "call for"."""
    pred = [normalize(label).split() for label in labels]
    pred_bare = [[w for w in ws if w not in _AUX] for ws in pred]
    for g in gold_preds:
        words = normalize(g).split()
        bare = [w for w in words if w not in _AUX]
        if any(_aligned(words, ws) for ws in pred) or any(_aligned(bare, ws) for ws in pred_bare):
            return True
    return False


class _Labels:
    """Labels of nodes (kg.facts.read_nodes) and of predicates, read once from the graph."""

    def __init__(self, graph: Graph, store: ox.Store) -> None:
        self.graph = graph
        self.typed = read_nodes(store)
        self._nodes = {iri: sorted({*n.labels.values(), *n.aliases}) for iri, n in self.typed.items()}
        self._preds: dict[str, list[str]] = {}

    def node(self, iri: str) -> list[str]:
        if iri not in self._nodes:   # an untyped node: read its labels directly
            ref = URIRef(iri)
            self._nodes[iri] = sorted({str(v) for prop in (RDFS.label, SKOS.altLabel)
                                       for v in self.graph.objects(ref, prop)})
        return self._nodes[iri]

    def predicate(self, iri: str) -> list[str]:
        if iri not in self._preds:
            ref = URIRef(iri)
            out: set[str] = set()
            for prop in (ref, *self.graph.objects(ref, KG.negationOf)):
                out.update(str(v) for v in self.graph.objects(prop, RDFS.label))
                out.update(str(v) for v in self.graph.objects(prop, KG.lemma))
                local = re.split(r"[#/]", str(prop))[-1]
                out.add(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("-", " "))   # kg:holdsRoleAt
            self._preds[iri] = sorted(out)
        return self._preds[iri]

    def types(self, iri: str) -> set[str]:
        return {str(t)[len(KG_NS):] for t in self.graph.objects(URIRef(iri), RDF.type) if str(t).startswith(KG_NS)}


def _same_sentence(gold: GoldFact, fact: Fact) -> bool:
    if gold.start < 0 and not gold.sentence:
        return True
    if fact.end_char > fact.start_char and gold.start >= 0:
        if fact.start_char < gold.end and gold.start < fact.end_char:
            return True
    ours, theirs = " ".join(gold.sentence.split()), " ".join(fact.sentence_text.split())
    if theirs:
        return ours in theirs or theirs in ours
    return fact.end_char <= fact.start_char   # a statement without provenance may come from any sentence


def _fact_matches(gold: GoldFact, fact: Fact, labels: _Labels) -> bool:
    return (_same_sentence(gold, fact)
            and names_match((gold.s, *gold.s_alt), labels.node(fact.subject))
            and names_match((gold.o, *gold.o_alt), labels.node(fact.object))
            and predicates_match((gold.p, *gold.p_alt), [fact.predicate_text, *labels.predicate(fact.predicate)]))


def _one_to_one(candidates: list[list[int]]) -> dict[int, int]:
    """Maximum matching gold -> prediction (augmenting paths), so statement order never changes a score."""
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in candidates[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    for g in range(len(candidates)):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def _fact_text(fact: Fact, labels: _Labels) -> str:
    def name(iri: str) -> str:
        return (labels.node(iri) or [iri.rsplit("/", 1)[-1]])[0]
    pred = fact.predicate_text or (labels.predicate(fact.predicate) or [fact.predicate])[0]
    return f"{'NOT ' if fact.negated else ''}{name(fact.subject)} | {pred} | {name(fact.object)}"


# ---------------------------------------------------------------- scoring


def score(gold: Sequence[GoldDocument], graph: Source) -> Score:
    """Compare every gold document with the statements and nodes the graph holds for it."""
    with warnings.catch_warnings():   # rdflib's union Dataset warns about default_context on every lookup
        warnings.simplefilter("ignore", DeprecationWarning)
        return _score(gold, graph)


def _score(gold: Sequence[GoldDocument], source: Source) -> Score:
    store, graph = as_store(source), as_dataset(source)
    labels = _Labels(graph, store)
    facts = read_facts(store)
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_doc[f.doc_id].append(f)
    gold_ids = {d.doc_id for d in gold}
    ignored = sum(1 for f in facts if f.doc_id not in gold_ids and is_relation(store, f.predicate))
    mentioned = _mentioned_nodes(graph)
    docs = []
    for doc in gold:
        stmts = by_doc.get(doc.doc_id, [])
        relations = [f for f in stmts if is_relation(store, f.predicate)]
        result = DocumentScore(doc.doc_id, gold=len(doc.facts), predicted=len(relations))
        _score_facts(doc, relations, labels, result)
        nodes = {f.subject for f in stmts} | {f.object for f in stmts} | mentioned.get(doc.doc_id, set())
        _score_entities(doc, sorted(nodes), labels, result)
        docs.append(result)
    return Score(docs, ignored)


def _score_facts(doc: GoldDocument, preds: list[Fact], labels: _Labels, result: DocumentScore) -> None:
    spo = [[i for i, f in enumerate(preds) if _fact_matches(g, f, labels)] for g in doc.facts]
    exact = [[i for i in cands if preds[i].negated == g.negated] for g, cands in zip(doc.facts, spo)]
    matched = _one_to_one(exact)
    used = set(matched.values())
    result.true_positives = len(matched)
    for want_negated, counter in ((True, "negation_errors"), (False, "false_negations")):
        # a statement with the wrong polarity: only the gold facts and statements still unmatched
        wrong = [[i for i in cands if i not in used and preds[i].negated != want_negated]
                 if g.negated == want_negated and n not in matched else []
                 for n, (g, cands) in enumerate(zip(doc.facts, spo))]
        setattr(result, counter, len(_one_to_one(wrong)))
    result.missed = [str(g) for n, g in enumerate(doc.facts) if n not in matched]
    result.false_positives = [_fact_text(f, labels) for i, f in enumerate(preds) if i not in used]


def _mentioned_nodes(graph: Graph) -> dict[str, set[str]]:
    """Document id -> nodes with kg:mentionedIn one of its sentences."""
    ids = {d: str(i) for d, i in graph.subject_objects(DCTERMS.identifier) if (d, RDF.type, KG.Document) in graph}
    out: dict[str, set[str]] = defaultdict(set)
    for node, sent in graph.subject_objects(KG.mentionedIn):
        for doc in graph.objects(sent, DCTERMS.isPartOf):
            if doc in ids:
                out[ids[doc]].add(str(node))
    return out


def _score_entities(doc: GoldDocument, nodes: list[str], labels: _Labels, result: DocumentScore) -> None:
    result.entities = len(doc.entities)
    typed = [n for n in nodes if n in labels.typed]
    for ent in doc.entities:
        names = (ent.label, *ent.aliases)
        wanted = {normalize(n) for n in names} - {""}
        # containment only when no label equals a gold name: "Thorn" should not split on "Thorn's vice-president"
        found = ([n for n in typed if any(normalize(lab) in wanted for lab in labels.node(n))]
                 or [n for n in typed if names_match(names, labels.node(n))])
        if not found:
            result.missing.append(ent.label)
            continue
        if len(found) == 1:
            result.merged_ok += 1
        else:
            result.split.append({"entity": ent.label, "nodes": sorted((labels.node(n) or [n])[0] for n in found)})
        kinds = [labels.types(n) for n in found]
        if all(ent.type in k for k in kinds):
            result.typed_ok += 1
        else:
            result.untyped.append({"entity": ent.label, "expected": ent.type,
                                   "found": sorted(set().union(*kinds))})


# ---------------------------------------------------------------- output


def score_json(result: Score, gold: Path | str = "", graph: Path | str = "") -> dict:
    """The whole report as plain JSON data."""
    docs = [{"doc_id": d.doc_id, **d.counts(), "split": d.split, "missing": d.missing, "untyped": d.untyped,
             "missed": d.missed, "false_positives": d.false_positives} for d in result.documents]
    return {"gold": str(gold), "graph": str(graph), "totals": result.totals.counts(),
            "ignored_statements": result.ignored_statements, "documents": docs}


def _ratio(ok: int, total: int) -> str:
    return f"{ok} / {total} ({ok / total:.0%})" if total else "0 / 0"


def render_table(result: Score, verbose: bool = False, file=None) -> None:
    """Totals (and with `verbose` one row per document) as rich tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=file or sys.stdout, width=None if (file or sys.stdout).isatty() else 120)
    t = result.totals
    summary = Table(title="Fact extraction against the gold standard", show_header=False)
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for name, value in [("documents", len(result.documents)), ("gold facts", t.gold),
                        ("extracted statements", t.predicted), ("true positives", t.true_positives),
                        ("false positives", t.predicted - t.true_positives),
                        ("false negatives", t.gold - t.true_positives), ("precision", f"{t.precision:.3f}"),
                        ("recall", f"{t.recall:.3f}"), ("F1", f"{t.f1:.3f}"), ("negation errors", t.negation_errors),
                        ("false negations", t.false_negations), ("entities merged", _ratio(t.merged_ok, t.entities)),
                        ("entities typed", _ratio(t.typed_ok, t.entities)),
                        ("statements outside the gold documents", result.ignored_statements)]:
        summary.add_row(name, str(value))
    console.print(summary)
    if verbose:
        per_doc = Table(title="Per document")
        for col in ("document", "gold", "pred", "TP", "P", "R", "F1", "neg err", "merged", "typed"):
            per_doc.add_column(col, justify="left" if col == "document" else "right")
        for d in result.documents:
            per_doc.add_row(d.doc_id, str(d.gold), str(d.predicted), str(d.true_positives), f"{d.precision:.2f}",
                            f"{d.recall:.2f}", f"{d.f1:.2f}", str(d.negation_errors),
                            f"{d.merged_ok}/{d.entities}", f"{d.typed_ok}/{d.entities}")
        console.print(per_doc)
    for d in result.documents:
        for s in d.split:
            console.print(f"split entity [{d.doc_id}] {s['entity']}: {' / '.join(s['nodes'])}", highlight=False,
                          markup=False)
        if verbose:
            for name in d.missing:
                console.print(f"missing entity [{d.doc_id}] {name}", highlight=False, markup=False)
            for line in d.missed:
                console.print(f"missed [{d.doc_id}] {line}", highlight=False, markup=False)
            for line in d.false_positives:
                console.print(f"false positive [{d.doc_id}] {line}", highlight=False, markup=False)


def eval_command(gold: Path, graph: Path, format: str = "table", verbose: bool = False) -> int:
    """Score GRAPH against GOLD and print the report on stdout; returns the exit code."""
    if format not in FORMATS:
        raise KGError(f"Unknown format '{format}'. Available: {', '.join(FORMATS)}")
    result = score(read_gold(Path(gold)), load_graph(Path(graph)))
    if format == "json":
        print(json.dumps(score_json(result, gold, graph), ensure_ascii=False, indent=2))
    else:
        render_table(result, verbose)
    return 0
