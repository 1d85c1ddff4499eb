"""`kg watch`: each round publishes what is new or changed in a folder or a feed, and skips the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.cli import main
from kg.watch import interval

from .conftest import DATA, EXAMPLES
from .sources_server import serve_sources

BASE = "http://127.0.0.1:8080/"


def watch_once(store: Path, state: Path, *targets: str, capsys) -> tuple[int, str, str]:
    code = main(
        ["--store", str(store), "--base", BASE, "watch", *targets, "--once", "--state", str(state)]
    )
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_folder_and_a_feed_round_after_round(store_dir: Path, tmp_path: Path, capsys):
    folder, state = tmp_path / "inbox", tmp_path / "state.json"
    folder.mkdir()
    shutil.copy(EXAMPLES / "2022-07-07-johnson-resigns.txt", folder)
    code, out, _ = watch_once(store_dir, state, str(folder), capsys=capsys)
    assert code == 0 and out.count("published: ") == 1
    code, out, err = watch_once(store_dir, state, str(folder), capsys=capsys)
    assert code == 0 and out == "" and "watch: 1 seen before, skipped" in err
    page = DATA / "sources/pages/jsonld/2023-02-06-turkey-earthquake.html"
    shutil.copy(page, folder)
    text = folder / "2022-07-07-johnson-resigns.txt"
    text.write_text(text.read_text().replace("next week.", "on Monday."))
    code, out, err = watch_once(store_dir, state, str(folder), capsys=capsys)
    published = sorted(line.split(" -> ")[0] for line in out.splitlines())
    assert published == [f"published: {text}", f"published: {folder / page.name}"]
    assert "watch: 0 seen before" in err
    # a feed by URL, into the same store: the earthquake page was seen (the same canonical URL and
    # content, from the folder); the two other pages are new, then seen
    with serve_sources() as site:
        code, out, err = watch_once(store_dir, state, site + "links.atom", capsys=capsys)
        assert code == 0 and out.count("published: ") == 2 and "watch: 1 seen before" in err
        code, out, err = watch_once(store_dir, state, site + "links.atom", capsys=capsys)
        assert code == 0 and out == "" and "watch: 3 seen before, skipped" in err


def test_intervals():
    assert [interval(x) for x in ("30s", "5m", "1h", "90", "1.5m")] == [30, 300, 3600, 90, 90]
    for bad in ("", "5 minutes", "0s", "-1m"):
        with pytest.raises(ValueError, match="not an interval"):
            interval(bad)
