"""How fast kg.view writes a big view: a synthetic 10k-node / 20k-edge graph, timed and measured.

Run `python -m benchmarks.view_bench [--nodes N] [--edges M] [--browser]`; prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.export import write_turtle
from kg.facts import read_facts, read_nodes, relation_edges
from kg.rdf import Terms, document_quads
from kg.store import load_store
from kg.types import Document, DocumentGraph, Entity, Mention, Provenance, Sentence, Triple
from kg.view import write_view

_KINDS = ("Person", "Organization", "Place", "Event", "Work", "Product", "Group", "Concept")
_VERBS = ("fonder", "diriger", "acquérir", "financer", "employer", "rencontrer", "publier", "poursuivre",
          "soutenir", "critiquer", "visiter", "produire")
_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau")


def synthetic_store(n_nodes: int = 10_000, n_edges: int = 20_000, n_docs: int = 100, seed: int = 1) -> ox.Store:
    """Entities of every kind, relations with a skewed degree distribution, one sentence per relation."""
    rng = random.Random(seed)
    entities = [Entity(f"e{i}", f"{_NAMES[i % len(_NAMES)]} {i}", _KINDS[i % len(_KINDS)], "fr",
                       (f"E{i}",) if i % 5 == 0 else ()) for i in range(n_nodes)]
    ends = list(range(n_nodes))    # preferential attachment: busy entities get busier
    edges = []
    for j in range(n_edges):
        a, b = rng.choice(ends), rng.randrange(n_nodes)
        b = b if b != a else (b + 1) % n_nodes
        ends += (a, b)
        edges.append((a, b, _VERBS[j % len(_VERBS)], j % 17 == 0))
    store = ox.Store()
    terms, per, placed = Terms(), -(-n_edges // n_docs), set()
    for d in range(n_docs):
        doc_id = f"doc{d}"
        sentences, triples, entity_of, used, parts, pos = [], [], {}, {}, [], 0
        for k, (a, b, verb, negated) in enumerate(edges[d * per:(d + 1) * per]):
            text = (f"Selon le rapport {k}, {entities[a].label} {'ne ' if negated else ''}{verb}"
                    f"{' pas' if negated else ''} {entities[b].label} depuis plusieurs années.")
            prov = Provenance(doc_id, pos, pos + len(text), "bench.v1")
            subj = Mention(entities[a].label, "", Provenance(doc_id, pos, pos + 1, "bench.v1"))
            obj = Mention(entities[b].label, "", Provenance(doc_id, pos + 1, pos + 2, "bench.v1"))
            entity_of[subj], entity_of[obj] = entities[a].id, entities[b].id
            used[a], used[b] = entities[a], entities[b]
            sentences.append(Sentence(doc_id, pos, pos + len(text), text))
            triples.append(Triple(subj, verb, obj, prov, predicate_text=verb, negated=negated))
            parts.append(text)
            pos += len(text) + 1
        if d == n_docs - 1:        # entities in no relation still belong to some document
            used.update((i, e) for i, e in enumerate(entities) if i not in placed and i not in used)
        placed.update(used)
        text = " ".join(parts)
        dg = DocumentGraph(Document(doc_id, text, f"docs/{doc_id}.txt", "fr"),
                           hashlib.sha256(text.encode()).hexdigest(), sentences, list(used.values()), triples,
                           entity_of)
        store.extend(document_quads(dg, terms))
    return store


def _seconds(fn, *args, **kwargs) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def _time_to_interactive(page_path: Path) -> float:
    """Seconds from navigation to the first drawn frame, in headless Chromium with the network cut."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            start = time.perf_counter()
            page.goto(page_path.as_uri())
            # polled from here: wait_for_function would call the page's eval, which the view's CSP forbids
            while not page.evaluate("window.kgView && window.kgView.drawn"):
                if time.perf_counter() - start > 120:
                    raise TimeoutError("the view drew nothing in 120 s")
                page.wait_for_timeout(20)
            return time.perf_counter() - start
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=20_000)
    parser.add_argument("--browser", action="store_true", help="Also time the page in /usr/bin/chromium.")
    parser.add_argument("--out", type=Path, help="Keep the page here (default: a temporary folder).")
    args = parser.parse_args()

    store, build_s = _seconds(synthetic_store, args.nodes, args.edges)
    print(f"synthetic graph: {args.nodes} entities, {args.edges} relations, {len(store)} quads ({build_s:.1f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        ttl = Path(tmp) / "graph.ttl"
        write_turtle(store, ttl)
        # what `kg view graph.ttl` does: read the file, then write the page
        store, load_s = _seconds(load_store, ttl)
        print(f"load graph.ttl  {load_s:6.2f} s  ({ttl.stat().st_size / 1e6:.1f} MB)")
        reading = 0.0
        sources = lambda graph: read_facts(graph, sources_only=True)  # noqa: E731 - what write_view reads
        for name, fn in (("read_nodes", read_nodes), ("relation_edges", relation_edges), ("read_facts", sources)):
            _, secs = _seconds(fn, store)
            reading += secs
            print(f"  {name:<15} {secs:6.2f} s")
        out = args.out or Path(tmp) / "view.html"
        stats, secs = _seconds(write_view, store, out, max_nodes=args.nodes)
        size = out.stat().st_size
        print(f"write_view      {secs:6.2f} s  {size / 1e6:.2f} MB  {stats.nodes} nodes / {stats.edges} edges, "
              f"layout {stats.layout}")
        print(f"  of which kg.facts readers ~{reading:.2f} s, the view itself ~{max(0.0, secs - reading):.2f} s")
        print(f"kg view graph.ttl (load + write_view) {load_s + secs:.2f} s")
        if args.browser:
            print(f"time to interactive (chromium) {_time_to_interactive(out):.2f} s")


if __name__ == "__main__":
    main()
