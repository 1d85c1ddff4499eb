"""The front door, the paged lists (HTML, JSON, CSV), and the reader's entity pages with their pictures,
on the live server with the sample articles (and the linked-data tests' own articles, when they ran first)."""

from __future__ import annotations

import csv
import io
import re
import time
from urllib.parse import quote

KHAN = "person/imran-khan"


def _iri(server, path: str) -> str:
    return server.env["KG_BASE_IRI"] + "id/" + path


def test_home_shows_the_news(live_server):
    html = live_server.get("/").text
    data = live_server.get("/", headers={"Accept": "application/json"}).json()
    assert data["counts"]["article"] >= 3 and data["counts"]["person"] >= 10
    assert f"<strong>{data['counts']['article']:,}</strong> articles" in html
    heads = [a["name"] for a in data["latest"]]
    dates = [a["date"] for a in data["latest"]]
    assert dates == sorted(dates, reverse=True)
    quake = next(a for a in data["latest"] if a["name"].startswith("A magnitude 7.8 earthquake"))
    assert {a["name"] for a in quake["authors"]} == {"Mehmet Aydin", "Sara Lindqvist"}
    assert "Turkey" in [e["name"] for e in quake["entities"]]
    assert heads[0].replace("'", "&#39;")[:40] in html
    people = data["mostMentioned"]["person"]
    assert people and [p["mentions"] for p in people] == sorted(
        (p["mentions"] for p in people), reverse=True
    )
    assert 'href="/page/person/' in html[html.index('id="most-mentioned"') :]


def test_publication_timeline_picture_table_and_data(live_server):
    months = live_server.get("/timeline.json").json()["months"]
    by_month = {m["month"]: m["articles"] for m in months}
    assert by_month["2022-04"] >= 1 and by_month["2023-02"] >= 1 and by_month["2022-05"] == 0
    html = live_server.get("/").text
    svg = html[html.index('<svg class="picture pubtime"') : html.index("</svg>")]
    assert svg.count('<rect class="bar"') == len(months)  # one mark per month, empty ones too
    table = html[html.index("<table", html.index('id="timeline"')) :]
    assert "<td>2022-07</td><td>" in table


def test_lists_sort_page_and_speak_json_and_csv(live_server):
    # the shared live server's store changes as other tests publish: the two orders are compared when
    # the search index did not move between them (the total the same before and after)
    for _ in range(5):
        by_name = live_server.get("/people.json?sort=name").json()
        by_mentions = live_server.get("/people", headers={"Accept": "application/json"}).json()
        if live_server.get("/people.json?sort=name").json()["total"] == by_name["total"]:
            break
        time.sleep(0.5)
    names = [p["name"] for p in by_name["items"]]
    assert names == sorted(names, key=str.lower) and "Imran Khan" in names
    counts = [p["mentions"] for p in by_mentions["items"]]
    assert counts == sorted(counts, reverse=True) and by_mentions["total"] == by_name["total"]
    latest = live_server.get("/places.json?sort=latest").json()["items"]
    lasts = [p["latestMention"] or "" for p in latest]
    assert lasts == sorted(lasts, reverse=True)
    r = live_server.get("/organizations.csv?sort=name")
    assert r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"iri", "name", "mentions", "firstMention", "latestMention"} <= set(rows[0])
    assert any(row["name"] == "Conservative Party" for row in rows)
    arts = live_server.get("/articles.json").json()
    assert arts["total"] >= 3 and arts["items"][0]["date"] >= arts["items"][-1]["date"]
    html = live_server.get("/articles?sort=name").text
    assert "Boris Johnson said on Thursday" in html and 'href="/articles.csv?sort=name' in html
    assert live_server.get("/people?sort=shoe-size").status_code == 400
    assert live_server.get("/people?page=999").status_code == 404


def test_articles_mentioning_several_entities(live_server):
    a, b = _iri(live_server, KHAN), _iri(live_server, "place/pakistan")
    both = live_server.get(f"/articles.json?with={quote(a)}&with={quote(b)}").json()
    assert both["total"] >= 1
    assert all("Khan" in x["name"] for x in both["items"])
    none = live_server.get(
        f"/articles.json?with={quote(a)}&with={quote(_iri(live_server, 'place/turkey'))}"
    ).json()
    assert none["total"] == 0 and none["items"] == []
    assert live_server.get("/articles?with=not%20an%20iri%3E").status_code == 400


def test_person_page_for_readers(live_server):
    html = live_server.get(f"/page/{KHAN}").text
    summary = html[
        html.index('id="summary"') : html.index("</section>", html.index('id="summary"'))
    ]
    assert "2022-04-03" in summary and re.search(r">\d+ articles?</a>", summary)
    roles = html[html.index('id="roles"') : html.index("</section>", html.index('id="roles"'))]
    assert roles.count("prime minister, Pakistan") == 1  # one line, however many articles say it
    assert "according to 1 article" in roles and "#ev-0-37" in roles
    statements = html[html.index('id="statements"') :]
    assert (
        "By Imran Khan" in statements and "said he would refuse to accept its outcome" in statements
    )
    # raw properties, every fact and the incoming links are still there, in the data section
    data = html[html.index('id="data"') :]
    assert 'id="properties"' in data and 'id="facts"' in data and 'id="incoming"' in data


def test_organization_page_lists_roles_held_in_it(live_server):
    html = live_server.get("/page/place/pakistan").text
    assert 'id="summary"' in html and 'id="mentioned-with"' in html
    party = live_server.get("/page/organization/conservative-party").text
    members = party[
        party.index('id="members"') : party.index("</section>", party.index('id="members"'))
    ]
    assert "Boris Johnson" in members and "according to" in members


def test_entity_pictures_match_their_data(live_server):
    data = live_server.get(f"/pictures/{KHAN}").json()
    html = live_server.get(f"/page/{KHAN}").text
    timeline = html[html.index('<svg class="picture enttime"') :]
    timeline = timeline[: timeline.index("</svg>")]
    tl = data["timeline"]
    assert timeline.count('<rect class="span"') == len(tl["roles"]) >= 2
    assert timeline.count('<circle class="pt ') == len(tl["points"]) >= 3
    assert timeline.count('<line class="tick"') == len(tl["articles"]) >= 1
    net = html[html.index('<svg class="picture network"') :]
    net = net[: net.index("</svg>")]
    nodes, edges = data["network"]["nodes"], data["network"]["edges"]
    assert "Pakistan" in {n["name"] for n in nodes}
    assert net.count('<circle class="node"') == len(nodes)
    assert net.count('<line class="edge') == len(edges) > len(nodes)  # the second hop is drawn too
    assert all(e["href"].startswith("/articles?with=") for e in edges)
    # every edge leads to the articles behind it
    first = edges[0]
    listed = live_server.get(first["href"] + "&format=json").json()
    assert listed["total"] == first["n"]
    assert live_server.get("/pictures/article/x").status_code == 404
