"""Every kind of page in a real browser (Debian's headless Chromium through Playwright): no console error,
the pictures drawn with as many marks as their data has, a journey by keyboard alone from the search box
to the highlighted evidence, and axe-core's accessibility rules (vendored for the tests, see
tests/web/vendor/) with no serious or critical violation."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .test_browser import ARGS, CHROMIUM

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install playwright (make test does)"
)
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="Debian's chromium is not installed (make test installs it)",
)
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _once(live_server):
    """The pages are rendered by the same code on both engines (test_front.py checks their data on both):
    the browser, the slowest part of the suite, looks at them once."""
    if live_server.kind != "embedded":
        pytest.skip("browser checks run on the embedded engine only (same pages on both)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def page_kinds(server) -> dict[str, str]:
    """One address of each kind of page, found the way a reader would (search), not hard-coded keys."""
    res = server.get("/search?q=khan&type=article&format=json").json()
    article = next(r["page"] for r in res["results"] if "Imran Khan" in r["name"])
    return {
        "home": "/",
        "articles": "/articles",
        "people": "/people?sort=name",
        "organizations": "/organizations",
        "places": "/places?sort=latest",
        "person": "/page/person/imran-khan",
        "organization": "/page/organization/conservative-party",
        "place": "/page/place/pakistan",
        "article": article,
        "search": "/search?q=pakistan",
        "sparql": "/sparql",
    }


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on(
        "console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    return problems


def test_every_page_kind_opens_without_console_errors(live_server, browser):
    page = browser.new_page()
    problems = _watch(page)
    for kind, path in page_kinds(live_server).items():
        resp = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert resp.status == 200, (kind, resp.status)
        assert page.locator("h1").count() >= 1, kind
        assert not problems, (kind, problems)
    page.close()


def test_pictures_render_their_marks(live_server, browser):
    page = browser.new_page()
    months = live_server.get("/timeline.json").json()["months"]
    page.goto(live_server.url + "/")
    bars = page.locator("svg.pubtime rect.bar")
    assert bars.count() == len(months)
    box = page.locator("svg.pubtime").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 30  # drawn, not just in the markup
    data = live_server.get("/pictures/person/imran-khan").json()
    page.goto(live_server.url + "/page/person/imran-khan")
    t = data["timeline"]
    assert page.locator("svg.enttime rect.span").count() == len(t["roles"]) >= 2
    assert page.locator("svg.enttime circle.pt").count() == len(t["points"]) >= 3
    assert page.locator("svg.enttime line.tick").count() == len(t["articles"]) >= 1
    n = data["network"]
    assert page.locator("svg.network circle.node.center").count() == 1
    assert page.locator("svg.network circle.node:not(.center)").count() == len(n["nodes"]) >= 3
    assert page.locator("svg.network line.edge").count() == len(n["edges"]) >= len(n["nodes"])
    assert page.locator("svg.network").bounding_box()["height"] > 200
    page.close()


def _tab_to(page, predicate: str, limit: int = 250) -> None:
    """Press Tab until the focused element satisfies `predicate` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"
        ):
            return
    raise AssertionError(f"never reached by Tab: {predicate}")


def test_keyboard_journey_search_entity_article_evidence(live_server, browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    problems = _watch(page)
    page.goto(live_server.url + "/")
    _tab_to(page, "el.name === 'q'")
    page.keyboard.type("Imran Khan")
    page.keyboard.press("Enter")
    page.wait_for_url(
        re.compile(r"/search\?|/page/person/")
    )  # a picked suggestion goes straight there
    if "/search" in page.url:
        _tab_to(page, "el.closest('ol.results') && el.textContent === 'Imran Khan'")
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/page/person/imran-khan$"))
    _tab_to(page, "el.closest('#statements') && el.closest('blockquote') && el.hash")
    span = page.evaluate("document.activeElement.hash").lstrip("#")
    quote = page.evaluate(
        "document.activeElement.textContent"
    )  # the evidence, as quoted on the page
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/page/article/.+#{span}$"))
    mark = page.locator(f"mark#{span}")
    assert quote and quote in "".join(
        page.locator(f"mark#{span}, mark[data-span={span}]").all_inner_texts()
    )
    # the :target style highlights it
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 213, 74)"
    assert not problems, problems
    ctx.close()


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is not vendored (make vendor)")
def test_axe_finds_no_serious_violation(live_server, browser):
    # the CSP forbids injected scripts, as it should for readers; axe is injected by the test alone
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    found = {}
    for kind, path in page_kinds(live_server).items():
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact, n: v.nodes.length, "
            "where: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        )
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            found[kind] = bad
    assert not found, json.dumps(found, indent=1)
    ctx.close()
