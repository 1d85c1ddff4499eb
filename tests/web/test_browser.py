"""A real browser (Debian's headless Chromium, driven by Playwright) reads the site as a person would:
article page -> a linked mention -> the entity page -> the search box -> the evidence quote."""

from __future__ import annotations

import os
import re

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install playwright (make test does)"
)
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="Debian's chromium is not installed (make test installs it)",
)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _article_path(server) -> str:
    res = server.get("/search?q=khan&type=article&format=json").json()
    return next(r["page"] for r in res["results"] if "Imran Khan" in r["name"])


def test_reader_journey(live_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + _article_path(live_server))
    assert "Imran Khan" in page.title()
    # follow the first mention of Imran Khan in the body
    page.locator(".body a.mention", has_text="Imran Khan").first.click()
    page.wait_for_url(re.compile(r"/page/person/imran-khan$"))
    assert page.locator("h1").inner_text() == "Imran Khan"
    # the evidence quote is there, with its article
    quote = page.locator(
        "blockquote.evidence", has_text="said he would refuse to accept its outcome"
    )
    assert quote.count() >= 1 and quote.first.is_visible()
    # following the quote lands on the highlighted span of the article
    link = quote.first.locator("p a")
    span = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(rf"/page/article/.+#{span}$"))
    pieces = page.locator(
        f"mark#{span}, mark[data-span={span}]"
    ).all_inner_texts()  # a span may be split
    assert "refuse to accept its outcome" in "".join(pieces)
    # the search box in the header
    box = page.locator("header form.search input[name=q]")
    box.fill("Pakistan")
    box.press("Enter")
    page.wait_for_load_state()
    if "/search" in page.url:  # without a picked suggestion: the results page
        page.locator("ol.results a", has_text=re.compile(r"^Pakistan$")).first.click()
    page.wait_for_url(re.compile(r"/page/place/pakistan$"))
    assert page.locator("h1").inner_text() == "Pakistan"
    # reads well on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert not errors, errors
    page.close()


def test_pages_work_without_javascript(live_server, browser):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(live_server.url + "/page/person/imran-khan")
    page.locator("header form.search input[name=q]").fill("khan")
    page.locator("header form.search button").click()
    page.wait_for_url(re.compile(r"/search\?q=khan"))
    assert page.locator("ol.results a", has_text="Imran Khan").count() >= 1
    ctx.close()


def test_query_page_and_autocomplete_work_under_the_csp(live_server, browser):
    """The Content-Security-Policy blocks inline code: the query page and the search autocomplete, both
    local scripts, still work, and Chromium reports no violation."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    resp = page.goto(live_server.url + "/sparql")
    assert "script-src 'self'" in resp.headers["content-security-policy"]
    # YASGUI (vendored) takes the plain form's place: run the default query, read the paged table
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr tbody tr")
    assert page.locator(".yasr tbody tr").count() >= 1
    assert "results in" in page.locator(".yasr").inner_text()
    page.select_option("#example", index=1)  # the named queries as examples, loaded into the editor
    assert "SELECT" in page.evaluate("window.kgYasgui.getTab().getYasqe().getValue()").upper()
    # prefix completion from the service's own prefixes (never a server elsewhere)
    page.evaluate("window.kgYasgui.getTab().getYasqe().setValue('')")
    page.locator(".yasqe .CodeMirror").click()
    page.keyboard.type("PREFIX sch", delay=30)
    hint = page.locator(".CodeMirror-hint", has_text="schema: <http://schema.org/>")
    hint.first.wait_for(state="visible")
    page.goto(live_server.url + "/")
    box = page.locator("header form.search input[name=q]")
    box.press_sequentially("Paki", delay=30)
    page.locator("#kg-suggest option").first.wait_for(
        state="attached"
    )  # (wait_for_function would need eval)
    assert "Pakistan" in page.locator("#kg-suggest option").first.get_attribute("value")
    assert not problems, problems
    page.close()


def test_query_form_without_javascript_downloads_the_result(live_server, browser):
    ctx = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = ctx.new_page()
    page.goto(live_server.url + "/sparql")
    assert page.locator("#yasgui").is_hidden() and page.locator("#query").is_visible()
    page.locator("#query").fill(
        "SELECT ?name WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name }"
    )
    page.locator("select[name=format]").select_option("csv")
    with page.expect_download() as dl:
        page.locator("#sparql-form button[type=submit]").click()
    text = open(dl.value.path(), encoding="utf-8").read()
    assert text.splitlines()[0].strip() == "name" and "Imran Khan" in text
    ctx.close()
