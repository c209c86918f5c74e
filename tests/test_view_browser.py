"""The generated page in headless Chromium, with every network request blocked and counted."""

import time
from pathlib import Path

import pytest

from kg.view import write_view
from test_view import EVIL, chain_dataset, demo_dataset

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# runs before the page's own scripts: records every alert/confirm/prompt call
SPY = """
window.__calls = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__calls.push([name, String(args[0])]); };
}
"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (the browser tests "
                    "never download a browser)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Page:
    """A page opened from a file with the network cut off, console errors and blocked requests recorded."""

    def __init__(self, browser, path: Path):
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.page = self.context.new_page()
        self.page.add_init_script(SPY)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.wait_for("window.kgView && window.kgView.ready && window.kgView.drawn", timeout=30_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def eval(self, js: str, arg=None):
        return self.page.evaluate(js, arg)

    def wait_for(self, js: str, timeout: int = 5_000) -> None:
        """Poll `js` from here: Playwright's own wait_for_function re-evaluates it with the page's eval,
        which the view's Content-Security-Policy (rightly) forbids once a first check has failed."""
        deadline = time.monotonic() + timeout / 1000
        while not self.eval(js):
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout} ms: {js}")
            self.page.wait_for_timeout(20)


@pytest.fixture(scope="module")
def demo_page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "graph.html"
    write_view(demo_dataset(), path)
    page = Page(browser, path)
    yield page
    page.context.close()


def test_nodes_are_drawn(demo_page):
    assert demo_page.page.locator("#kg-network canvas").count() == 1
    assert demo_page.eval("kgView.nodes.length") == 12
    assert demo_page.eval("kgView.visibleNodeIds().length") == 12
    assert demo_page.eval("Object.keys(kgView.network.body.nodes).filter(id => !id.startsWith('edgeId')).length") \
        >= 12
    box = demo_page.eval("kgView.network.getBoundingBox(0)")
    assert box["right"] > box["left"]
    assert "12 nodes / 13 edges shown" in demo_page.page.inner_text("#kg-info")


def test_negated_relations_are_dashed_and_red(demo_page):
    styles = demo_page.eval("""kgView.data.edges.filter(e => kgView.data.relations[e.r].negated)
        .map(e => kgView.network.body.edges[e.id].options).map(o => [o.dashes, o.color.color])""")
    assert styles and all(dashes and color == "#d62728" for dashes, color in styles)


def test_search_focuses_and_selects(demo_page):
    page = demo_page.page
    page.fill("#kg-search-input", "acme corp")          # an alias, another case
    page.press("#kg-search-input", "Enter")
    acme = demo_page.eval("kgView.data.nodes.find(n => n.label === 'Acme').id")
    demo_page.wait_for("kgView.network.getSelectedNodes().length === 1")
    assert demo_page.eval("kgView.network.getSelectedNodes()") == [acme]
    assert "Found Acme" in page.inner_text("#kg-search-status")
    assert "ACME Corp" in page.inner_text("#kg-selection")
    page.wait_for_timeout(500)                          # the focus animation
    centre = demo_page.eval("kgView.network.getViewPosition()")
    node = demo_page.eval(f"kgView.network.getPositions([{acme}])[{acme}]")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
    assert demo_page.eval(f"kgView.search({EVIL[1]!r})") == demo_page.eval(
        "kgView.data.nodes.find(n => n.label === '<img src=x onerror=alert(1)>').id")
    page.fill("#kg-search-input", "nobody at all")
    page.press("#kg-search-input", "Enter")
    assert "No node matches" in page.inner_text("#kg-search-status")


def test_type_filter_hides_those_nodes(demo_page):
    page = demo_page.page
    people = demo_page.eval("kgView.data.nodes.filter(n => n.group === 'Person').map(n => n.id)")
    assert len(people) == 2                             # Ada and the <script> one
    page.uncheck("#kg-legend input[data-kind='Person']")
    visible = demo_page.eval("kgView.visibleNodeIds()")
    assert len(visible) == 10 and not set(people) & set(visible)
    assert not demo_page.eval("kgView.visibleEdgeIds().map(i => kgView.data.edges[i])"
                              ".filter(e => [e.from, e.to].some(n => kgView.data.nodes[n].group === 'Person'))")
    page.check("#kg-legend input[data-kind='Person']")
    assert len(demo_page.eval("kgView.visibleNodeIds()")) == 12


def test_relation_filter_hides_those_edges(demo_page):
    page = demo_page.page
    page.uncheck("#kg-relations li:first-child input")
    r = int(page.get_attribute("#kg-relations li:first-child input", "data-relation"))
    left = demo_page.eval("kgView.visibleEdgeIds().map(i => kgView.data.edges[i].r)")
    assert r not in left and len(left) < 13
    page.check("#kg-relations li:first-child input")
    assert len(demo_page.eval("kgView.visibleEdgeIds()")) == 13


def test_click_highlights_the_neighbourhood(demo_page):
    ada = demo_page.eval("kgView.data.nodes.find(n => n.label === 'Ada Lovelace').id")
    demo_page.eval(f"kgView.highlight({ada})")
    faded = demo_page.eval("kgView.nodes.get().filter(n => n.opacity < 1).map(n => n.id)")
    near = demo_page.eval(f"kgView.network.getConnectedNodes({ada})")
    assert ada not in faded and not set(near) & set(faded) and len(faded) == 12 - 1 - len(near)
    demo_page.eval("kgView.clearHighlight()")
    assert demo_page.eval("kgView.nodes.get().filter(n => n.opacity < 1).length") == 0


def test_a_real_click_selects_and_highlights(demo_page):
    page = demo_page.page
    demo_page.wait_for("!kgView.network.physics.physicsEnabled || kgView.network.physics.stabilized", timeout=10_000)
    acme = demo_page.eval("kgView.data.nodes.find(n => n.label === 'Acme').id")
    spot = demo_page.eval(f"""(() => {{
        const p = kgView.network.getPositions([{acme}])[{acme}];
        const d = kgView.network.canvasToDOM(p);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return {{x: box.left + d.x, y: box.top + d.y}}; }})()""")
    page.mouse.click(spot["x"], spot["y"])
    demo_page.wait_for(f"kgView.network.getSelectedNodes()[0] === {acme}")
    assert "Organization" in page.inner_text("#kg-selection")
    near = set(demo_page.eval(f"kgView.network.getConnectedNodes({acme})"))
    faded = set(demo_page.eval("kgView.nodes.get().filter(n => n.opacity < 1).map(n => n.id)"))
    assert faded and not (near | {acme}) & faded
    demo_page.eval("kgView.clearHighlight(); kgView.network.unselectAll()")


def test_tooltips_show_text_not_markup(demo_page):
    page = demo_page.page
    x1 = demo_page.eval(f"kgView.data.nodes.find(n => n.label === {EVIL[0]!r}).id")
    demo_page.eval(f"kgView.network.body.emitter.emit('hoverNode', {{node: {x1}, pointer: {{DOM: {{x: 5, y: 5}}}}}})")
    tip = page.inner_text("#kg-tooltip")
    assert EVIL[0] in tip and "Person" in tip
    edge = demo_page.eval("kgView.data.edges.findIndex(e => kgView.data.sentences[e.f[0]] && "
                          f"kgView.data.sentences[e.f[0]][0].includes({EVIL[1]!r}))")
    demo_page.eval(f"kgView.network.body.emitter.emit('hoverEdge', {{edge: {edge}, pointer: {{DOM: {{x: 5, y: 5}}}}}})")
    tip = page.inner_text("#kg-tooltip")
    assert EVIL[1] in tip and "evil<script>alert(1)</script>" in tip


def test_injected_markup_executes_nothing(demo_page):
    page = demo_page.page
    page.wait_for_timeout(300)
    assert demo_page.eval("window.__calls") == []
    assert page.locator("img, svg, iframe, object, embed").count() == 0
    assert page.locator("[onerror], [onload]").count() == 0
    assert page.locator("script").count() == 3
    assert page.title() == "Knowledge graph"


def test_no_console_errors_and_no_requests(demo_page):
    assert demo_page.errors == []
    assert demo_page.blocked == []


def test_the_page_cannot_evaluate_strings(browser, tmp_path):
    path = tmp_path / "small.html"
    write_view(chain_dataset(3), path)
    page = Page(browser, path)
    try:        # run later, from the page's own timer: DevTools' own evaluation is exempt from the CSP
        outcome = page.eval("""new Promise(done => setTimeout(() => {
            try { eval("window.__evaluated = 1"); done("evaluated"); } catch (e) { done(e.name); } }, 0))""")
        assert outcome == "EvalError"
        assert page.eval("window.__evaluated") is None
    finally:
        page.context.close()


def test_big_view_is_interactive_at_once(browser, tmp_path):
    path = tmp_path / "big.html"
    stats = write_view(chain_dataset(700), path, max_nodes=1000)
    assert stats.layout == "mesh"
    page = Page(browser, path)
    try:
        assert page.eval("kgView.nodes.length") == 700
        assert page.eval("kgView.network.physics.physicsEnabled") is False
        x = page.eval("kgView.network.getPositions([0])[0].x")
        assert x == page.eval("kgView.data.nodes[0].x")
        assert page.eval("kgView.search('Person 350')") == page.eval(
            "kgView.data.nodes.find(n => n.label === 'Person 350').id")
        assert page.errors == [] and page.blocked == []
    finally:
        page.context.close()
