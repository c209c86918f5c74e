"""Graph -> networkx -> metrics: counts, centrality, components, communities, GraphML and GEXF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_path
from kg.facts import predicate_labels, read_nodes, relation_edges
from kg.rdf import NOT
from kg.store import Source, as_store

SEED = 42  # Louvain is randomised; a fixed seed makes communities reproducible


def _relation_labels(labels: dict[str, str], prop: str) -> tuple[str, str]:
    """(English, French) label of a relation property; its local name when it has none."""
    fallback = labels.get("", next(iter(sorted(labels.values())), prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]))
    return labels.get("en", fallback), labels.get("fr", fallback)


def to_networkx(graph: Source, lang: str = "en") -> nx.MultiDiGraph:
    """Entities as nodes (label, kind, aliases, labels) and relations as keyed edges, in a stable order.

    Edge attributes: predicate (IRI), label_en, label_fr, negated. An edge end that is not a typed entity
    becomes a node of kind "Entity" so no relation is dropped.
    """
    store = as_store(graph)
    g = nx.MultiDiGraph()
    for iri, node in read_nodes(store, lang).items():
        g.add_node(iri, label=node.label, kind=node.kind, aliases=list(node.aliases), labels=dict(node.labels))
    edges = relation_edges(store)
    labels = {p: _relation_labels(ls, p) for p, ls in predicate_labels(store, {p for _, p, _ in edges}).items()}
    for s, p, o in edges:
        for end in (s, o):
            if end not in g:
                g.add_node(end, label=end.rsplit("/", 1)[-1], kind="Entity", aliases=[], labels={})
        en, fr = labels[p]
        g.add_edge(s, o, key=p, predicate=p, label_en=en, label_fr=fr, negated=p.startswith(str(NOT)))
    return g


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[Any, float]:
    """nx.pagerank's numbers (parallel edges add weight, dangling nodes spread evenly) with numpy only.

    nx.pagerank needs scipy, which kg does not depend on.
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in g.edges()]
    if not g.is_directed():
        pairs += [(v, u) for u, v in pairs if u != v]
    src = np.fromiter((u for u, _ in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((v for _, v in pairs), dtype=np.int64, count=len(pairs))
    out = np.bincount(src, minlength=n).astype(float)
    dangling = out == 0
    share = np.zeros(len(pairs)) if not pairs else 1.0 / out[src]
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * np.bincount(dst, weights=last[src] * share, minlength=n)
        x += (alpha * last[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return {node: float(x[i]) for i, node in enumerate(nodes)}


def _undirected(g: nx.Graph) -> nx.Graph:
    """Simple undirected graph, weight = number of relations between two nodes, in g's order."""
    u = nx.Graph()
    u.add_nodes_from(g)
    for a, b in g.edges():
        if u.has_edge(a, b):
            u[a][b]["weight"] += 1
        else:
            u.add_edge(a, b, weight=1)
    return u


def _community_sets(g: nx.Graph) -> list[set]:
    """Louvain communities, biggest first, ties by smallest member, so ids are stable."""
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(_undirected(g), weight="weight", seed=SEED)
    return sorted(found, key=lambda c: (-len(c), min(map(str, c))))


def communities(g: nx.Graph) -> dict[Any, int]:
    """Node -> community id (0 is the biggest community), deterministic for a given graph."""
    return {node: cid for cid, members in enumerate(_community_sets(g)) for node in sorted(members, key=str)}


def _entity(g: nx.Graph, node: str, **value: Any) -> dict[str, Any]:
    data = g.nodes[node]
    return {"iri": node, "label": data.get("label", node), "kind": data.get("kind", ""), **value}


def graph_stats(graph: Source, top: int = 10) -> dict[str, Any]:
    """Counts by type and relation, top entities by degree and PageRank, components and communities.

    graph: a pyoxigraph Store, an rdflib graph or dataset, or a MultiDiGraph from to_networkx.
    """
    g = graph if isinstance(graph, nx.Graph) else to_networkx(graph)
    rels: Counter[str] = Counter(p for _, _, p in g.edges(keys=True))
    first = {p: d for _, _, p, d in g.edges(keys=True, data=True)}
    by_relation = [{"iri": p, "label": first[p]["label_en"], "label_fr": first[p]["label_fr"],
                    "negated": first[p]["negated"], "count": n}
                   for p, n in sorted(rels.items(), key=lambda kv: (-kv[1], first[kv[0]]["label_en"], kv[0]))]
    kinds = Counter(d.get("kind", "") for _, d in g.nodes(data=True))
    degree = sorted(g.degree(), key=lambda nd: (-nd[1], str(g.nodes[nd[0]].get("label", "")), str(nd[0])))
    ranks = pagerank(g)
    by_rank = sorted(ranks.items(), key=lambda nr: (-round(nr[1], 12), str(nr[0])))
    comps = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True) if len(g) else []
    sets = _community_sets(g)
    modularity = nx.community.modularity(_undirected(g), sets, weight="weight") if g.number_of_edges() else 0.0
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "by_type": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_relation": by_relation,
        "top_degree": [_entity(g, node, degree=d) for node, d in degree[:top]],
        "top_pagerank": [_entity(g, node, pagerank=round(r, 6)) for node, r in by_rank[:top]],
        "components": {"count": len(comps), "largest": comps[0] if comps else 0, "sizes": comps[:top]},
        "communities": {
            "count": len(sets),
            "modularity": round(modularity, 6),
            "sizes": [len(c) for c in sets[:top]],
            "top_members": [[g.nodes[n].get("label", n) for n, _ in sorted(
                ((n, ranks[n]) for n in c), key=lambda nr: (-nr[1], str(nr[0])))[:3]] for c in sets[:top]],
        },
    }


def _flat(graph: Source) -> nx.MultiDiGraph:
    """A copy whose attributes are strings and numbers only, as GraphML and GEXF need, with community ids."""
    g = graph if isinstance(graph, nx.Graph) else to_networkx(graph)
    cid = communities(g)
    flat = nx.MultiDiGraph()
    for node, d in g.nodes(data=True):
        labels = d.get("labels", {})
        flat.add_node(node, label=d.get("label", ""), kind=d.get("kind", ""), type=d.get("kind", ""),
                      aliases=" | ".join(d.get("aliases", [])), label_en=labels.get("en", ""),
                      label_fr=labels.get("fr", ""), community=cid.get(node, -1))
    for i, (s, o, d) in enumerate(g.edges(data=True)):
        # a unique key per edge: GraphML and GEXF edge ids must not repeat
        flat.add_edge(s, o, key=f"e{i}", predicate=d["predicate"], label=d["label_en"], label_en=d["label_en"],
                      label_fr=d["label_fr"], negated=bool(d["negated"]))
    return flat


def write_graphml(graph: Source, path: Path) -> None:
    """GraphML with kind, labels, aliases and community id on nodes; predicate and labels on edges."""
    flat = _flat(graph)
    with atomic_path(Path(path)) as tmp:
        nx.write_graphml(flat, tmp, encoding="utf-8", prettyprint=True)


def write_gexf(graph: Source, path: Path) -> None:
    """GEXF (Gephi) with the same attributes as write_graphml."""
    flat = _flat(graph)
    with atomic_path(Path(path)) as tmp:
        nx.write_gexf(flat, tmp, encoding="utf-8", prettyprint=True)


def print_stats(stats: dict[str, Any], console: Any = None) -> None:
    """graph_stats as rich tables on stdout (or the given console)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text   # labels are document text: never read as rich markup

    console = console or Console()
    summary = Table(title="Graph", show_header=False)
    comps, comms = stats["components"], stats["communities"]
    for name, value in (("entities", stats["nodes"]), ("relations", stats["edges"]),
                        ("weakly connected components", f"{comps['count']} (largest {comps['largest']})"),
                        ("Louvain communities", f"{comms['count']} (modularity {comms['modularity']:.3f})")):
        summary.add_row(name, Text(str(value)))
    console.print(summary)

    def table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
        t = Table(title=title)
        for i, col in enumerate(columns):
            t.add_column(col, justify="right" if col in ("count", "degree", "pagerank", "size") else "left")
        for row in rows:
            t.add_row(*(Text(str(c)) for c in row))
        console.print(t)

    table("Entities by type", ["type", "count"], [[k, n] for k, n in stats["by_type"].items()])
    table("Relations", ["relation", "count"],
          [[r["label"] + (" (negated)" if r["negated"] and not r["label"].startswith("not ") else ""), r["count"]]
           for r in stats["by_relation"]])
    table("Most connected", ["entity", "type", "degree"],
          [[e["label"], e["kind"], e["degree"]] for e in stats["top_degree"]])
    table("Most central (PageRank)", ["entity", "type", "pagerank"],
          [[e["label"], e["kind"], f"{e['pagerank']:.4f}"] for e in stats["top_pagerank"]])
    table("Largest communities", ["community", "size", "main members"],
          [[i, size, ", ".join(members)] for i, (size, members) in
           enumerate(zip(comms["sizes"], comms["top_members"]))])
