"""HTML views (pyvis): one self-contained page, no network requests, document text shown as text only."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import escape
from pyvis.network import Network

from kg.analytics import SEED, pagerank, to_networkx
from kg.atomic import write_text_atomic
from kg.errors import KGError
from kg.facts import read_facts
from kg.store import Source, as_store

# kind -> (colour, vis-network shape); shapes with the label outside, so labels stay readable
KIND_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#4e79a7", "dot"),
    "Organization": ("#f28e2b", "square"),
    "Place": ("#59a14f", "triangle"),
    "Event": ("#e15759", "star"),
    "Work": ("#b07aa1", "diamond"),
    "Product": ("#76b7b2", "triangleDown"),
    "Group": ("#edc948", "hexagon"),
    "Concept": ("#d7b99b", "box"),      # a light box: its label is drawn inside
    "Entity": ("#9d9d9d", "dot"),
}
PHYSICS_MAX = 300       # above this many nodes the layout is computed here and physics is off
_SPRING_MAX = 500       # networkx's spring_layout needs scipy from 500 nodes on; the mesh layout takes over
_FACTS_PER_EDGE = 20    # sentences kept per edge for its tooltip
_SENTENCE_CHARS = 1000


@dataclass(frozen=True, slots=True)
class ViewStats:
    nodes: int              # shown
    edges: int
    nodes_left_out: int
    edges_left_out: int
    layout: str             # "physics" (in the browser), "spring" or "mesh" (computed here)


@cache
def _static(name: str) -> str:
    return resources.files("kg").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _template() -> jinja2.Template:
    """kg/static/view.html.j2; every value it receives is escaped or checked by render_view."""
    return jinja2.Environment(autoescape=False, keep_trailing_newline=True).from_string(_static("view.html.j2"))


@cache
def _script(name: str) -> str:
    """A vendored script, checked to be safe inside an inline <script> element."""
    js = _static(name)
    # the source map is not shipped; drop its comment so no tool goes looking for it
    js = "\n".join(line for line in js.splitlines() if not line.startswith("//# sourceMappingURL="))
    if "</script" in js.lower() or "<!--" in js:
        raise KGError(f"kg/static/{name} cannot be inlined (it contains '</script' or '<!--')")
    return js


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment: <, >, &, U+2028/9 become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _norm(text: str) -> str:
    """Case- and accent-insensitive form used to match --focus against labels and aliases."""
    text = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def find_nodes(g: nx.MultiDiGraph, text: str) -> list[str]:
    """Nodes with a label or alias equal to `text` (ignoring case and accents)."""
    want = _norm(text)
    return [n for n, d in g.nodes(data=True)
            if want in {_norm(x) for x in (d.get("label", ""), *d.get("labels", {}).values(), *d.get("aliases", []))}]


def _neighbourhood(g: nx.MultiDiGraph, starts: list[str], depth: int) -> set[str]:
    """Breadth-first search ignoring edge direction."""
    seen = set(starts)
    queue = deque((s, 0) for s in starts)
    while queue:
        node, dist = queue.popleft()
        if dist >= depth:
            continue
        for nxt in (*g.successors(node), *g.predecessors(node)):
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, dist + 1))
    return seen


def select_nodes(g: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, max_nodes: int = 500,
                 min_degree: int = 0) -> tuple[list[str], list[str]]:
    """The nodes to show, in g's order, and the focus nodes; degree counts relations in the whole graph."""
    if max_nodes < 1:
        raise KGError(f"max_nodes must be at least 1 (got {max_nodes})")
    if depth < 0:
        raise KGError(f"depth must be 0 or more (got {depth})")
    starts: list[str] = []
    keep = set(g)
    if focus is not None:
        starts = find_nodes(g, focus)
        if not starts:
            raise KGError(f"focus '{focus}': no entity has this label or alias; `kg stats GRAPH` lists the "
                          "main entities")
        keep = _neighbourhood(g, starts, depth)
    if min_degree > 0:
        keep = {n for n in keep if g.degree(n) >= min_degree} | set(starts)
    if len(keep) > max_nodes:
        ranks = pagerank(g if len(keep) == len(g) else g.subgraph(keep))
        rest = sorted(keep - set(starts), key=lambda n: (-round(ranks[n], 12), n))
        keep = set(starts[:max_nodes]) | set(rest[:max(0, max_nodes - len(starts))])
    return [n for n in g if n in keep], starts


def _mesh_layout(n: int, src: Any, dst: Any, iterations: int | None = None) -> Any:
    """Fruchterman-Reingold with repulsion summed on a grid by FFT: O(n + edges) per step, numpy only.

    A spring to the centre (strength 4 with k^2 n = 1) holds the cloud in a disc of radius 1/2, isolated
    nodes on its rim, so the fixed grid over [-0.25, 1.25]^2 always covers it.
    """
    import numpy as np

    iterations = iterations or min(300, max(80, 1_000_000 // n))   # more steps where they are cheap
    rng = np.random.default_rng(SEED)
    pos = rng.random((n, 2))
    k = 1.0 / math.sqrt(n)                     # ideal edge length
    size = 1 << max(5, min(8, math.ceil(math.log2(math.sqrt(n) * 1.5))))
    lo, span = -0.25, 1.5
    h = span / size
    off = np.fft.fftfreq(2 * size, d=1.0 / (2 * size)) * h   # wrapped offsets 0, h, ..., -h
    rx, ry = np.meshgrid(off, off, indexing="ij")
    r2 = rx * rx + ry * ry
    r2[0, 0] = np.inf
    kx, ky = np.fft.rfft2(k * k * rx / r2), np.fft.rfft2(k * k * ry / r2)
    shape = (2 * size, 2 * size)
    for step in range(iterations):
        grid = (pos - lo) / h - 0.5
        base = np.floor(grid).astype(np.int64)
        frac = grid - base
        corners = []                           # cloud-in-cell: each node spreads over 4 cells
        for dx in (0, 1):
            for dy in (0, 1):
                ix = np.clip(base[:, 0] + dx, 0, size - 1)
                iy = np.clip(base[:, 1] + dy, 0, size - 1)
                w = (frac[:, 0] if dx else 1 - frac[:, 0]) * (frac[:, 1] if dy else 1 - frac[:, 1])
                corners.append((ix * 2 * size + iy, w))
        mass = np.bincount(np.concatenate([c for c, _ in corners]), np.concatenate([w for _, w in corners]),
                           minlength=4 * size * size)
        spectrum = np.fft.rfft2(mass.reshape(shape))
        fx = np.fft.irfft2(spectrum * kx, s=shape).ravel()
        fy = np.fft.irfft2(spectrum * ky, s=shape).ravel()
        disp = -4.0 * (pos - 0.5)
        for cell, w in corners:
            disp[:, 0] += w * fx[cell]
            disp[:, 1] += w * fy[cell]
        if len(src):
            d = pos[src] - pos[dst]
            pull = d * (np.sqrt((d * d).sum(axis=1)) / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n) - np.bincount(
                    src, pull[:, axis], minlength=n)
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-12)
        pos += disp * (np.minimum(length, 0.1 * (1 - step / iterations)) / length)[:, None]
        np.clip(pos, lo, lo + span - 1e-9, out=pos)
    return pos - 0.5


def _layout(n: int, edges: list[tuple[int, int]]) -> tuple[dict[int, Any], str]:
    """Pixel positions for big views, so the page is interactive at once; small ones use browser physics."""
    if n <= PHYSICS_MAX:
        return {}, "physics"
    side = 150.0 * math.sqrt(n)                # room for labels once zoomed in
    if n < _SPRING_MAX:
        simple = nx.Graph()
        simple.add_nodes_from(range(n))
        simple.add_edges_from(edges)
        pos = nx.spring_layout(simple, iterations=50, seed=SEED)
        return {i: (float(x) * side / 2, float(y) * side / 2) for i, (x, y) in pos.items()}, "spring"
    import numpy as np

    src = np.fromiter((a for a, _ in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((b for _, b in edges), dtype=np.int64, count=len(edges))
    pos = _mesh_layout(n, src, dst)
    return {i: (float(x) * side, float(y) * side) for i, (x, y) in enumerate(pos)}, "mesh"


def _options(directed: bool, physics: bool) -> dict[str, Any]:
    big = not physics
    return {
        "autoResize": True,
        "groups": {kind: {"color": {"background": colour, "border": colour}, "shape": shape}
                   for kind, (colour, shape) in KIND_STYLES.items()},
        "nodes": {"font": {"size": 14}, "scaling": {"min": 8, "max": 30}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}}, "font": {"size": 11, "align": "middle"},
                  "color": {"color": "#8c8c8c", "highlight": "#333333", "hover": "#333333"},
                  "smooth": False if big else {"type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "physics": {"enabled": physics, "solver": "barnesHut", "stabilization": {"iterations": 250, "fit": True},
                    "barnesHut": {"springLength": 120, "avoidOverlap": 0.1}},
    }


def build_view(graph: Source, *, label_lang: str = "en", focus: str | None = None, depth: int = 2,
               max_nodes: int = 500, min_degree: int = 0) -> tuple[Network, dict[str, Any], ViewStats]:
    """The pyvis network (nodes, edges, options) and the page data, trimmed as asked."""
    graph = as_store(graph)
    g = to_networkx(graph, lang=label_lang)
    shown, starts = select_nodes(g, focus=focus, depth=depth, max_nodes=max_nodes, min_degree=min_degree)
    index = {iri: i for i, iri in enumerate(shown)}
    triples = [(s, o, p, d) for s, o, p, d in g.edges(keys=True, data=True) if s in index and o in index]
    layout_pos, layout = _layout(len(shown), [(index[s], index[o]) for s, o, _, _ in triples])

    # provenance: the sentences behind each shown (s, p, o), deduplicated, with their document ids
    wanted = {(s, p, o) for s, o, p, _ in triples}
    facts_of: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    count_of: dict[tuple[str, str, str], int] = defaultdict(int)
    sentences: list[list[Any]] = []
    sentence_id: dict[tuple[str, str, str], int] = {}
    docs: list[str] = []
    doc_id: dict[str, int] = {}
    # a few hundred nodes of a large graph: look their statements up; most of the graph: one scan is faster
    subjects = sorted({s for s, _, _ in wanted}) if len(shown) * 4 < g.number_of_nodes() else None
    for f in read_facts(graph, sources_only=True, subjects=subjects) if wanted else ():
        key = (f.subject, f.predicate, f.object)
        if key not in wanted:
            continue
        count_of[key] += 1
        skey = (f.sentence, f.sentence_text, f.doc_id)
        if len(facts_of[key]) >= _FACTS_PER_EDGE or (skey in sentence_id and sentence_id[skey] in facts_of[key]):
            continue
        if f.doc_id not in doc_id:
            doc_id[f.doc_id] = len(docs)
            docs.append(f.doc_id)
        if skey not in sentence_id:
            text = f.sentence_text if len(f.sentence_text) <= _SENTENCE_CHARS else f.sentence_text[
                :_SENTENCE_CHARS] + "…"
            sentence_id[skey] = len(sentences)
            sentences.append([text, doc_id[f.doc_id]])
        facts_of[key].append(sentence_id[skey])

    relations: list[dict[str, Any]] = []
    rel_id: dict[str, int] = {}
    for _, _, p, d in triples:
        if p not in rel_id:
            rel_id[p] = len(relations)
            relations.append({"iri": p, "label": d["label_fr"] if label_lang == "fr" else d["label_en"],
                              "negated": bool(d["negated"])})

    base = _common_base(shown)
    net = Network(directed=True, height="100%", width="100%")
    for iri in shown:
        d = g.nodes[iri]
        node: dict[str, Any] = {"id": index[iri], "label": d["label"], "group": d["kind"],
                                "iri": iri[len(base):], "value": g.degree(iri)}
        if d.get("aliases"):
            node["aliases"] = list(d["aliases"])
        if len(d.get("labels", {})) > 1 or set(d.get("labels", {}).values()) - {d["label"]}:
            node["labels"] = d["labels"]
        if layout_pos:
            node["x"], node["y"] = (round(c) for c in layout_pos[index[iri]])
        net.nodes.append(node)
    net.node_ids = list(range(len(shown)))
    for s, o, p, _ in triples:
        # appended directly: Network.add_edge scans every node per edge, quadratic on big graphs
        # no "id": an edge's id is its position in the list
        edge: dict[str, Any] = {"from": index[s], "to": index[o], "r": rel_id[p], "f": facts_of[(s, p, o)]}
        if count_of[(s, p, o)] > len(edge["f"]):
            edge["nf"] = count_of[(s, p, o)]
        net.edges.append(edge)
    net.options = _options(directed=True, physics=layout == "physics")

    stats = ViewStats(len(shown), len(triples), g.number_of_nodes() - len(shown),
                      g.number_of_edges() - len(triples), layout)
    nodes, edges, _, _, _, options = net.get_network_data()
    kinds = {g.nodes[iri]["kind"] for iri in shown}
    data = {
        "meta": {"lang": label_lang, "base": base, "layout": layout, "focus": focus, "depth": depth,
                 "focus_nodes": [index[s] for s in starts], "max_nodes": max_nodes, "min_degree": min_degree,
                 "total_nodes": g.number_of_nodes(), "total_edges": g.number_of_edges(),
                 "left_out_nodes": stats.nodes_left_out, "left_out_edges": stats.edges_left_out},
        "kinds": [{"name": k, "color": c, "shape": s} for k, (c, s) in KIND_STYLES.items() if k in kinds],
        "relations": relations, "sentences": sentences, "docs": docs,
        "options": json.loads(options), "nodes": nodes, "edges": edges,
    }
    return net, data, stats


def _common_base(iris: list[str]) -> str:
    """The shared IRI prefix up to a '/', stored once to keep big pages small."""
    if not iris:
        return ""
    lo, hi = min(iris), max(iris)
    i = 0
    while i < min(len(lo), len(hi)) and lo[i] == hi[i]:
        i += 1
    return lo[:lo.rfind("/", 0, i) + 1] if len(iris) > 1 else lo[:lo.rfind("/") + 1]


def render_view(data: dict[str, Any], title: str = "Knowledge graph") -> str:
    """The page: data as escaped JSON, vis-network and the app inlined, a CSP allowing only those scripts."""
    vis_js, app_js = _script("vis-network.min.js"), _script("view.js")
    csp = (f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    return _template().render(lang=escape(data["meta"]["lang"]), csp=csp, title=escape(title),
                            css=_static("view.css"), data=json_for_script(data), vis_js=vis_js, app_js=app_js)


def write_view(graph: Source, out: Path, *, label_lang: str = "en", focus: str | None = None, depth: int = 2,
               max_nodes: int = 500, min_degree: int = 0) -> ViewStats:
    """Write a self-contained interactive HTML view of graph's entities and relations to out."""
    if label_lang not in ("en", "fr"):
        raise KGError(f"label_lang '{label_lang}' is not supported (expected en or fr)")
    _, data, stats = build_view(graph, label_lang=label_lang, focus=focus, depth=depth, max_nodes=max_nodes,
                                min_degree=min_degree)
    title = "Knowledge graph" + (f": {focus}" if focus else "")
    data["meta"]["title"] = title
    write_text_atomic(Path(out), render_view(data, title))
    return stats
