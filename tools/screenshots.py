"""`make screenshots`: a PNG of each kind of page into docs/screenshots/, from the sample articles served by a
fresh `kg serve` on a free port of 127.0.0.1, taken by Debian's headless Chromium through Playwright.

Why a tool and not a test: the pictures go into the README; the browser tests check the same pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages(url: str) -> dict[str, str]:
    res = requests.get(url + "/search?q=khan&type=article&format=json", timeout=30).json()
    article = next(r["page"] for r in res["results"] if "Imran Khan" in r["name"])
    return {
        "home": "/",
        "people": "/people",
        "person": "/page/person/imran-khan",
        "organization": "/page/organization/conservative-party",
        "place": "/page/place/pakistan",
        "article": article + "#ev-124-166",
        "search": "/search?q=pakistan",
        "sparql": "/sparql",
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "KG_BASE_IRI": f"http://127.0.0.1:{port}/"}
    with tempfile.TemporaryDirectory(prefix="kg-shots-") as tmp:
        store = str(Path(tmp) / "store")
        inputs = [
            str(ROOT / "examples" / "articles"),
            *map(str, sorted((ROOT / "tests" / "data").glob("*.facts.json"))),
        ]
        subprocess.run(
            [KG, "--store", store, "ingest", *inputs],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        proc = subprocess.Popen(
            [KG, "--store", store, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    if requests.get(url + "/health", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                time.sleep(0.5)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                for name, path in pages(url).items():
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    if name == "sparql":
                        page.locator(".yasqe_queryButton").click()
                        page.wait_for_selector(".yasr tbody tr")
                    height = min(page.evaluate("document.documentElement.scrollHeight"), 2200)
                    page.screenshot(
                        path=str(OUT / f"{name}.png"),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": 1100, "height": height},
                    )
                    print(f"docs/screenshots/{name}.png")
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
