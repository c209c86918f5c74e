"""pyoxigraph store vs rdflib in memory on a synthetic graph shaped like kg's: load, Turtle export, a join.

Run: python -m benchmarks.rdf_bench [--triples N]   (default 1_000_000; prints figures, asserts nothing)
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import DEFAULT_BASE, KG_NS, NIF, NOT, PREFIXES, VERB

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_KINDS = ["Person", "Organization", "Place", "Concept", "Group", "Work"]
_RELATIONS = [f"{KG_NS}{r}" for r in ("prosecutes", "receives", "reports", "worksFor", "locatedIn", "partOf",
                                      "founded", "uses", "warns", "develops")] + [
    f"{VERB}{v}" for v in ("utiliser", "créer", "produire", "avertir", "renforcer", "protéger")]

# the two-hop join of the target: organisations <- statements -> relations, counted per relation
_TWO_HOP = "?st rdf:subject ?s ; rdf:predicate ?relation . ?s a kg:Organization ."
_PER_RELATION = "GROUP BY ?relation ORDER BY DESC(?statements) ?relation"
# each document's statements read in its own named graph (where kg keeps a statement with its entities' types)
TWO_HOP_QUERY = f"SELECT ?relation (COUNT(?st) AS ?statements) WHERE {{ GRAPH ?g {{ {_TWO_HOP} }} }} {_PER_RELATION}"
# the same over the union default graph: an entity typed in several documents matches once per document
TWO_HOP_UNION_QUERY = f"SELECT ?relation (COUNT(DISTINCT ?st) AS ?statements) WHERE {{ {_TWO_HOP} }} {_PER_RELATION}"
# the same join as three scans that Oxigraph joins by hashing: written as one pattern, it looks each
# statement's predicate and subject type up one at a time, a RocksDB seek each on disk
TWO_HOP_SCAN_QUERY = "SELECT ?relation (COUNT(?st) AS ?statements) WHERE { " + " ".join(
    f"{{ SELECT {variables} ?g WHERE {{ GRAPH ?g {{ {pattern} }} }} }}" for variables, pattern in (
        ("?st ?s", "?st rdf:subject ?s"), ("?st ?relation", "?st rdf:predicate ?relation"),
        ("?s", "?s a kg:Organization"))) + f" }} {_PER_RELATION}"
# a four-pattern path: entities -> statements -> sentences -> documents, per document and relation
JOIN_QUERY = """
SELECT ?doc ?relation (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  ?st rdf:subject ?s ;
      rdf:predicate ?relation ;
      prov:wasDerivedFrom ?sent .
  ?s a kg:Organization .
  ?sent dcterms:isPartOf ?d .
  ?d dcterms:identifier ?doc .
}
GROUP BY ?doc ?relation
ORDER BY DESC(?statements) ?doc ?relation
"""
# the same join inside each document's named graph (kg keeps a statement, its sentence and its document
# together): no union default graph to merge, so Oxigraph answers it about four times faster
GRAPH_JOIN_QUERY = """
SELECT ?doc ?relation (COUNT(?st) AS ?statements)
WHERE {
  GRAPH ?g {
    ?st rdf:subject ?s ;
        rdf:predicate ?relation ;
        prov:wasDerivedFrom ?sent .
    ?s a kg:Organization .
    ?sent dcterms:isPartOf ?d .
    ?d dcterms:identifier ?doc .
  }
}
GROUP BY ?doc ?relation
ORDER BY DESC(?statements) ?doc ?relation
"""
# the same join for one document, the shape of the saved queries that take a parameter
ONE_DOC_QUERY = """
SELECT ?doc ?relation (COUNT(DISTINCT ?st) AS ?statements)
WHERE {
  ?d dcterms:identifier ?doc .
  ?sent dcterms:isPartOf ?d .
  ?st prov:wasDerivedFrom ?sent ;
      rdf:subject ?s ;
      rdf:predicate ?relation .
  ?s a kg:Organization .
}
GROUP BY ?doc ?relation
ORDER BY DESC(?statements) ?relation
"""


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, dtype: str | None = None, lang: str | None = None) -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^<{dtype}>' if dtype else f'"{text}"'


def synthetic_nquads(n_triples: int, seed: int = 7) -> Iterator[str]:
    """N-Quads lines of documents, sentences, entities and reified statements, about n_triples in all."""
    rng = random.Random(seed)
    n_entities = max(50, n_triples // 60)
    entities = [(f"{DEFAULT_BASE}{kind.lower()}/e{i}", kind, f"Entity {i}")
                for i, kind in ((i, _KINDS[i % len(_KINDS)]) for i in range(n_entities))]
    count, d = 0, 0
    while count < n_triples:
        g = _iri(f"{DEFAULT_BASE}graph/doc-{d}")
        doc = f"{DEFAULT_BASE}document/doc-{d}"
        lines = [
            f"{_iri(doc)} {_iri(_RDF + 'type')} {_iri(KG_NS + 'Document')} {g} .",
            f"{_iri(doc)} {_iri(_DCT + 'identifier')} {_lit(f'doc-{d}')} {g} .",
            f"{_iri(doc)} {_iri(KG_NS + 'path')} {_lit(f'seeds/doc-{d}.txt')} {g} .",
            f"{_iri(doc)} {_iri(KG_NS + 'sha256')} {_lit(f'{d:064x}')} {g} .",
        ]
        declared: set[str] = set()
        offset = 0
        for s_i in range(40):                      # forty sentences per document
            length = rng.randint(60, 240)
            sent = f"{doc}#char={offset},{offset + length}"
            lines += [
                f"{_iri(sent)} {_iri(_RDF + 'type')} {_iri(KG_NS + 'Sentence')} {g} .",
                f"{_iri(sent)} {_iri(str(NIF.isString))} {_lit(f'Sentence {s_i} of document {d}.')} {g} .",
                f"{_iri(sent)} {_iri(str(NIF.beginIndex))} {_lit(str(offset), _XSD + 'nonNegativeInteger')} {g} .",
                f"{_iri(sent)} {_iri(str(NIF.endIndex))} "
                f"{_lit(str(offset + length), _XSD + 'nonNegativeInteger')} {g} .",
                f"{_iri(sent)} {_iri(_DCT + 'isPartOf')} {_iri(doc)} {g} .",
            ]
            for t_i in range(2):                   # two statements per sentence
                s, s_kind, s_label = rng.choice(entities)
                o, o_kind, o_label = rng.choice(entities)
                rel = rng.choice(_RELATIONS)
                negated = rng.random() < 0.05
                prop = f"{NOT}{rel.rsplit('#', 1)[-1]}" if negated else rel
                for iri, kind, label in ((s, s_kind, s_label), (o, o_kind, o_label)):
                    lines += [f"{_iri(iri)} {_iri(_RDF + 'type')} {_iri(KG_NS + kind)} {g} .",
                              f"{_iri(iri)} {_iri(_RDFS + 'label')} {_lit(label, lang='fr')} {g} .",
                              f"{_iri(iri)} {_iri(KG_NS + 'mentionedIn')} {_iri(sent)} {g} ."]
                if prop not in declared:
                    declared.add(prop)
                    name = prop.rsplit("#", 1)[-1]
                    lines += [f"{_iri(prop)} {_iri(_RDF + 'type')} {_iri('http://www.w3.org/2002/07/owl#ObjectProperty')} {g} .",
                              f"{_iri(prop)} {_iri(_RDFS + 'subPropertyOf')} {_iri(KG_NS + 'relatedTo')} {g} .",
                              f"{_iri(prop)} {_iri(_RDFS + 'label')} {_lit(name, lang='en')} {g} .",
                              f"{_iri(prop)} {_iri(_RDFS + 'label')} {_lit(name, lang='fr')} {g} ."]
                st = _iri(f"{DEFAULT_BASE}statement/d{d}s{s_i}t{t_i}")
                lines += [
                    f"{_iri(s)} {_iri(prop)} {_iri(o)} {g} .",
                    f"{st} {_iri(_RDF + 'type')} {_iri(KG_NS + 'Statement')} {g} .",
                    f"{st} {_iri(_RDF + 'subject')} {_iri(s)} {g} .",
                    f"{st} {_iri(_RDF + 'predicate')} {_iri(prop)} {g} .",
                    f"{st} {_iri(_RDF + 'object')} {_iri(o)} {g} .",
                    f"{st} {_iri(KG_NS + 'confidence')} {_lit(f'{rng.random():.2f}', _XSD + 'decimal')} {g} .",
                    f"{st} {_iri(KG_NS + 'negated')} {_lit(str(negated).lower(), _XSD + 'boolean')} {g} .",
                    f"{st} {_iri(KG_NS + 'modality')} {_lit('asserted')} {g} .",
                    f"{st} {_iri(KG_NS + 'extractor')} {_lit('svo.v1')} {g} .",
                    f"{st} {_iri(KG_NS + 'subjectText')} {_lit(s_label)} {g} .",
                    f"{st} {_iri(KG_NS + 'predicateText')} {_lit(rel.rsplit('#', 1)[-1])} {g} .",
                    f"{st} {_iri(KG_NS + 'objectText')} {_lit(o_label)} {g} .",
                    f"{st} {_iri(_PROV + 'wasDerivedFrom')} {_iri(sent)} {g} .",
                ]
            offset += length + 1
        count += len(lines)
        d += 1
        yield from lines


def _time(fn: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Best of `repeat` runs (after one warm-up run when repeating) in seconds, and the last result."""
    times, result = [], None
    if repeat > 1:
        result = fn()
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


Row = tuple[str, float, float | None, float | None, str]   # operation, disk store, memory store, rdflib, target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph (quads)")
    parser.add_argument("--no-rdflib", action="store_true", help="measure pyoxigraph only")
    args = parser.parse_args(argv)

    from kg.export import write_turtle
    from kg.load import load_files
    from kg.query import run_query
    from kg.store import new_dataset

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp_dir = Path(tmp)
        nq, ttl = tmp_dir / "graph.nq", tmp_dir / "graph.ttl"
        t0 = time.perf_counter()
        with open(nq, "w", encoding="utf-8") as fh:
            for line in synthetic_nquads(args.triples):
                fh.write(line + "\n")
        scratch = ox.Store()
        scratch.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in scratch}
        ox.serialize(triples, str(ttl), ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        n_quads, n_triples = len(scratch), len(triples)
        del scratch, triples
        print(f"synthetic graph: {n_quads:,} quads, {n_triples:,} distinct triples "
              f"({nq.stat().st_size / 1e6:.0f} MB N-Quads, {ttl.stat().st_size / 1e6:.0f} MB Turtle; "
              f"made in {time.perf_counter() - t0:.1f} s)", file=sys.stderr)

        def ox_load(path: Path, fmt: ox.RdfFormat, folder: str | None) -> ox.Store:
            store = ox.Store(str(tmp_dir / folder)) if folder else ox.Store()
            store.bulk_load(path=str(path), format=fmt)
            if folder:
                store.flush()
            return store

        def ox_ttl_export(store: ox.Store, name: str) -> Callable[[], None]:
            # Turtle holds one graph: the union, as kg's ttl exporter writes it
            return lambda: store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
                                       ).serialize(str(tmp_dir / name), ox.RdfFormat.TURTLE)

        def ox_trig_export(store: ox.Store, name: str) -> Callable[[], None]:
            return lambda: store.dump(str(tmp_dir / name), ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))

        measures: dict[str, list[float | None]] = {}
        def kg_load_new() -> None:   # a new folder each run: into an existing store kg load runs a transaction
            shutil.rmtree(tmp_dir / "store-kg", ignore_errors=True)
            load_files([nq], tmp_dir / "store-kg")

        kg_load, _ = _time(kg_load_new, repeat=3)
        disk_nq, disk = _time(lambda: ox_load(nq, ox.RdfFormat.N_QUADS, "store-nq"))
        disk_ttl, disk_graph = _time(lambda: ox_load(ttl, ox.RdfFormat.TURTLE, "store-ttl"))
        mem_nq, mem = _time(lambda: ox_load(nq, ox.RdfFormat.N_QUADS, None))
        mem_ttl, mem_graph = _time(lambda: ox_load(ttl, ox.RdfFormat.TURTLE, None))
        measures["load"] = [disk_nq, mem_nq, disk_ttl, mem_ttl, kg_load]

        def ox_graph_export(store: ox.Store, name: str) -> Callable[[], None]:
            # the store's own Turtle writer on one graph (the union loaded as a plain graph): no union to build
            return lambda: store.dump(str(tmp_dir / name), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                                      prefixes=dict(PREFIXES))

        measures["export"] = [_time(ox_ttl_export(disk, "d.ttl"))[0], _time(ox_ttl_export(mem, "m.ttl"))[0],
                              _time(ox_trig_export(disk, "d.trig"))[0], _time(ox_trig_export(mem, "m.trig"))[0],
                              _time(lambda: write_turtle(disk, tmp_dir / "kd.ttl"))[0],
                              _time(lambda: write_turtle(mem, tmp_dir / "km.ttl"))[0],
                              _time(ox_graph_export(disk_graph, "dg.ttl"))[0],
                              _time(ox_graph_export(mem_graph, "mg.ttl"))[0]]
        # the document id is bound, never pasted (pyoxigraph substitutions / rdflib initBindings)
        queries = [(TWO_HOP_QUERY, None), (TWO_HOP_SCAN_QUERY, None), (TWO_HOP_UNION_QUERY, None), (JOIN_QUERY, None),
                   (GRAPH_JOIN_QUERY, None), (ONE_DOC_QUERY, "doc-3")]
        results = []
        for text, doc in queries:
            bindings = {"doc": doc} if doc else None
            d, res = _time(lambda: run_query(disk, text, bindings), repeat=5)
            m, _ = _time(lambda: run_query(mem, text, bindings), repeat=5)
            measures.setdefault("query", []).extend([d, m])
            results.append(res.rows)
        assert results[1] == results[0], "the two-hop join as scans gives other rows"
        results = [len(rows) for rows in results]

        rd: dict[str, float | None] = dict.fromkeys(["nq", "ttl", "export", *(f"q{i}" for i in range(len(queries)))])
        if not args.no_rdflib:
            def rd_load(path: Path, fmt: str):
                ds = new_dataset()
                ds.parse(path, format=fmt)
                return ds

            rd["nq"], ds = _time(lambda: rd_load(nq, "nquads"))
            rd["ttl"], _ = _time(lambda: rd_load(ttl, "turtle"))
            rd["export"], _ = _time(lambda: ds.serialize(tmp_dir / "rdflib.ttl", format="turtle"))
            for i, (text, doc) in enumerate(queries):
                if text is TWO_HOP_SCAN_QUERY:   # rdflib joins sub-selects pair by pair: minutes; its best is q0
                    continue
                rd[f"q{i}"], res = _time(lambda: run_query(ds, text, {"doc": doc} if doc else None))
                assert len(res.rows) == results[i], "rdflib and pyoxigraph disagree"
            rd["q1"] = rd["q0"]
        del disk, mem, disk_graph, mem_graph

    load, export, query = measures["load"], measures["export"], measures["query"]
    rows: list[Row] = [
        ("load N-Quads into a new store (kg load: parts on every core)", load[4], None, rd["nq"], "<= 3 s"),
        ("load N-Quads (one bulk_load | rdflib parse)", load[0], load[1], rd["nq"], "<= 3 s"),
        ("load Turtle (one bulk_load | rdflib parse)", load[2], load[3], rd["ttl"], "<= 3 s"),
        ("export Turtle, union (serialize)", export[0], export[1], rd["export"], "<= 1 s"),
        ("export TriG, named graphs (dump)", export[2], export[3], None, "<= 1 s"),
        ("export Turtle, one graph (dump of the union loaded as a graph)", export[6], export[7], None, "<= 1 s"),
        ("kg export --format ttl (sorted, deterministic)", export[4], export[5], None, "<= 1 s"),
        (f"two-hop join + GROUP BY, GRAPH ?g ({results[0]} rows)", query[0], query[1], rd["q0"], "<= 0.05 s"),
        (f"the same as three scans hash-joined (rdflib: as above) ({results[1]} rows)", query[2], query[3], rd["q1"],
         "<= 0.05 s"),
        (f"two-hop join + GROUP BY, union graph ({results[2]} rows)", query[4], query[5], rd["q2"], "<= 0.05 s"),
        (f"4-pattern join, all docs, union graph ({results[3]} rows)", query[6], query[7], rd["q3"], ""),
        (f"4-pattern join, all docs, GRAPH ?g ({results[4]} rows)", query[8], query[9], rd["q4"], ""),
        (f"4-pattern join, one doc, bound ?doc ({results[5]} rows)", query[10], query[11], rd["q5"], "<= 0.05 s"),
    ]
    _print_table(rows, n_quads)


def _print_table(rows: list[Row], n: int) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"kg RDF benchmark: {n:,} quads, seconds (best of runs)")
    for col in ("operation", "oxigraph disk", "oxigraph memory", "rdflib", "speed-up disk", "speed-up memory",
                "target"):
        table.add_column(col, justify="left" if col == "operation" else "right")
    for name, disk, mem, rd, target in rows:
        def speed(ox_s: float) -> str:
            return f"{rd / ox_s:,.0f}x" if rd is not None and ox_s > 0 else ""
        table.add_row(name, f"{disk:.3f}", "" if mem is None else f"{mem:.3f}", "" if rd is None else f"{rd:.3f}",
                      speed(disk), "" if mem is None else speed(mem), target)
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
