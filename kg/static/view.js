/* kg view: draws the JSON in #kg-data with vis-network. Every string from the data is shown with
   textContent or as a DOM text node, never parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var NEG = "#d62728";
  var GLYPHS = { dot: "\u25cf", square: "\u25a0", triangle: "\u25b2", star: "\u2605", diamond: "\u25c6",
                 triangleDown: "\u25bc", hexagon: "\u2b22", box: "\u25ac" };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e, i) { e.id = i; edgeById.set(i, e); });
  var kindOn = {};
  data.kinds.forEach(function (k) { kindOn[k.name] = true; });
  var relOn = data.relations.map(function () { return true; });

  function edgeColor(rel, opacity) {
    var c = rel.negated ? NEG : "#8c8c8c";
    return { color: c, highlight: rel.negated ? NEG : "#333333", hover: rel.negated ? NEG : "#333333", opacity: opacity };
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, label: n.label, group: n.group, value: n.value };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var pairCount = new Map();   // parallel edges get their own curve so none hides another
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var rel = data.relations[e.r];
    var item = { id: e.id, from: e.from, to: e.to, label: rel.label, r: e.r };
    var pair = Math.min(e.from, e.to) + ":" + Math.max(e.from, e.to);
    var k = pairCount.get(pair) || 0;
    pairCount.set(pair, k + 1);
    if (k > 0) {
      item.smooth = { enabled: true, type: e.from < e.to ? "curvedCW" : "curvedCCW", roundness: 0.25 * k };
    }
    if (rel.negated) {
      item.dashes = [6, 4];
      item.color = edgeColor(rel, 1);
      item.font = { color: NEG };
    }
    return item;
  }));
  function nodeVisible(id) { return kindOn[byId.get(id).group] !== false; }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return kindOn[n.group] !== false; } });
  var edgesView = new vis.DataView(edges, { filter: function (e) {
    return relOn[e.r] && nodeVisible(e.from) && nodeVisible(e.to);
  } });

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  if (meta.layout === "physics") {
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });
  }

  /* cards for the tooltip and the selection panel */
  function nodeCard(n) {
    var card = el("div", null, "kg-card");
    card.appendChild(el("div", n.label, "kg-card-title"));
    card.appendChild(el("div", n.group, "kg-card-kind"));
    var labels = n.labels || {};
    Object.keys(labels).sort().forEach(function (lang) {
      card.appendChild(el("div", (lang || "label") + ": " + labels[lang]));
    });
    if (n.aliases && n.aliases.length) card.appendChild(el("div", "Also: " + n.aliases.join(", ")));
    card.appendChild(el("div", plural(n.value, "relation")));
    card.appendChild(el("cite", meta.base + n.iri));
    return card;
  }
  function edgeCard(e) {
    var rel = data.relations[e.r];
    var card = el("div", null, "kg-card");
    card.appendChild(el("div", byId.get(e.from).label + " \u2192 " + rel.label + " \u2192 " + byId.get(e.to).label,
                        "kg-card-title" + (rel.negated ? " kg-neg" : "")));
    if (rel.negated) card.appendChild(el("div", "negated", "kg-neg"));
    e.f.forEach(function (si) {
      var s = data.sentences[si];
      card.appendChild(el("blockquote", s[0]));
      card.appendChild(el("cite", data.docs[s[1]]));
    });
    var total = e.nf || e.f.length;
    if (total > e.f.length) card.appendChild(el("div", "+" + (total - e.f.length) + " more", "kg-more"));
    return card;
  }

  var tip = document.getElementById("kg-tooltip");
  function showTip(card, pointer) {
    tip.replaceChildren(card);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth) x = Math.max(0, box.left + pointer.x - w - 14);
    if (y + h > window.innerHeight) y = Math.max(0, box.top + pointer.y - h - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  network.on("hoverNode", function (p) { showTip(nodeCard(byId.get(p.node)), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(edgeCard(edgeById.get(p.edge)), p.pointer.DOM); });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, hideTip); });

  /* neighbourhood highlight: everything else fades */
  var faded = { nodes: new Set(), edges: new Set() };
  function fade(keepNodes, keepEdges) {
    var nodeUpdates = [], edgeUpdates = [];
    data.nodes.forEach(function (n) {
      var off = keepNodes !== null && !keepNodes.has(n.id);
      if (off !== faded.nodes.has(n.id)) {
        nodeUpdates.push({ id: n.id, opacity: off ? 0.15 : 1 });
        if (off) faded.nodes.add(n.id); else faded.nodes.delete(n.id);
      }
    });
    data.edges.forEach(function (e) {
      var off = keepEdges !== null && !keepEdges.has(e.id);
      if (off !== faded.edges.has(e.id)) {
        edgeUpdates.push({ id: e.id, color: edgeColor(data.relations[e.r], off ? 0.1 : 1) });
        if (off) faded.edges.add(e.id); else faded.edges.delete(e.id);
      }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }
  // fading touches every item (about 0.5 s per 10k on a laptop); big views select the neighbourhood instead
  var FADE_MAX = 6000;
  var bigView = data.nodes.length + data.edges.length > FADE_MAX;
  function highlight(id) {
    var around = network.getConnectedNodes(id);
    if (bigView) {
      network.setSelection({ nodes: [id].concat(around), edges: network.getConnectedEdges(id) },
                           { unselectAll: true, highlightEdges: false });
    } else {
      fade(new Set([id].concat(around)), new Set(network.getConnectedEdges(id)));
    }
  }
  function clearHighlight() { if (!bigView) fade(null, null); }

  var selection = document.getElementById("kg-selection");
  function showSelection(card) { selection.replaceChildren(); if (card) selection.appendChild(card); }
  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showSelection(nodeCard(byId.get(p.nodes[0])));
    } else if (p.edges.length) {
      clearHighlight();
      showSelection(edgeCard(edgeById.get(p.edges[0])));
    } else {
      clearHighlight();
      showSelection(null);
    }
  });

  /* counts */
  var info = document.getElementById("kg-info");
  function updateInfo() {
    info.replaceChildren();
    info.appendChild(el("p", plural(nodesView.length, "node") + " / " + plural(edgesView.length, "edge") + " shown"));
    info.appendChild(el("p", "Graph: " + plural(meta.total_nodes, "node") + " / " + plural(meta.total_edges, "edge")));
    if (meta.left_out_nodes || meta.left_out_edges) {
      var why = [];
      if (meta.focus !== null) why.push("focus \u201c" + meta.focus + "\u201d, depth " + meta.depth);
      if (meta.min_degree > 0) why.push("min degree " + meta.min_degree);
      why.push("max " + meta.max_nodes + " nodes");
      info.appendChild(el("p", plural(meta.left_out_nodes, "node") + " / " + plural(meta.left_out_edges, "edge") +
                               " left out (" + why.join(", ") + ")", "kg-left-out"));
    }
    if (meta.layout !== "physics") info.appendChild(el("p", "Layout precomputed (" + meta.layout + "), physics off"));
  }

  /* filters: the legend doubles as the type filter */
  function checkbox(checked, onChange) {
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    return box;
  }
  function refresh() { nodesView.refresh(); edgesView.refresh(); updateInfo(); }
  var kindCount = {}, relCount = data.relations.map(function () { return 0; });
  data.nodes.forEach(function (n) { kindCount[n.group] = (kindCount[n.group] || 0) + 1; });
  data.edges.forEach(function (e) { relCount[e.r] += 1; });
  var kindBoxes = {};
  var legend = document.getElementById("kg-legend");
  data.kinds.forEach(function (k) {
    var li = el("li"), label = el("label");
    var box = checkbox(true, function (on) { setKind(k.name, on); });
    box.dataset.kind = k.name;
    kindBoxes[k.name] = box;
    var swatch = el("span", GLYPHS[k.shape] || "\u25cf", "kg-swatch");
    swatch.style.color = k.color;
    label.append(box, swatch, el("span", k.name), el("span", kindCount[k.name] || 0, "kg-count"));
    li.appendChild(label);
    legend.appendChild(li);
  });
  var relBoxes = [];
  var relList = document.getElementById("kg-relations");
  data.relations.map(function (r, i) { return i; })
    .sort(function (a, b) { return relCount[b] - relCount[a] || data.relations[a].label.localeCompare(data.relations[b].label); })
    .forEach(function (i) {
      var r = data.relations[i], li = el("li"), label = el("label");
      var box = checkbox(true, function (on) { setRelation(i, on); });
      box.dataset.relation = String(i);
      relBoxes[i] = box;
      label.title = r.iri;
      label.append(box, el("span", r.label, r.negated ? "kg-neg" : null), el("span", relCount[i], "kg-count"));
      li.appendChild(label);
      relList.appendChild(li);
    });
  function setKind(kind, on) {
    kindOn[kind] = on;
    if (kindBoxes[kind]) kindBoxes[kind].checked = on;
    refresh();
  }
  function setRelation(i, on) {
    relOn[i] = on;
    if (relBoxes[i]) relBoxes[i].checked = on;
    refresh();
  }

  /* search by any label or alias: exact, then prefix, then substring */
  var names = [];
  var options = document.createDocumentFragment();
  data.nodes.forEach(function (n) {
    var all = new Set([n.label].concat(n.aliases || [], Object.values(n.labels || {})));
    all.forEach(function (s) {
      names.push([norm(s), n.id]);
      var opt = document.createElement("option");
      opt.value = s;
      options.appendChild(opt);
    });
  });
  document.getElementById("kg-search-list").appendChild(options);
  function find(q) {
    var k = norm(q);
    if (!k) return null;
    var tests = [function (s) { return s === k; }, function (s) { return s.startsWith(k); },
                 function (s) { return s.indexOf(k) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < names.length; i++) if (tests[t](names[i][0])) return names[i][1];
    }
    return null;
  }
  var status = document.getElementById("kg-search-status");
  function search(q) {
    var id = find(q);
    if (id === null) { status.textContent = "No node matches \u201c" + q + "\u201d"; return null; }
    var n = byId.get(id);
    if (kindOn[n.group] === false) setKind(n.group, true);
    highlight(id);
    if (!bigView) network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    showSelection(nodeCard(n));
    status.textContent = "Found " + n.label;
    return id;
  }
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(document.getElementById("kg-search-input").value);
  });

  document.getElementById("kg-title").textContent = meta.title || "Knowledge graph";
  updateInfo();
  var api = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, data: data,
    find: find, search: search, setKind: setKind, setRelation: setRelation, highlight: highlight,
    clearHighlight: clearHighlight, visibleNodeIds: function () { return nodesView.getIds(); },
    visibleEdgeIds: function () { return edgesView.getIds(); }, ready: true, drawn: false
  };
  network.once("afterDrawing", function () { api.drawn = true; });
  window.kgView = api;
})();
