"""A generated news corpus for benchmarks: valid facts documents with exact evidence, any size.

Each article names 8 entities drawn from a large pool (with a Zipf-like skew, so that some entities are
mentioned very often), plus a few roles, claims and events, each with evidence spans computed from the body
it writes. About 330 triples per article: 3,100 articles make a graph of a million triples.
Usage: python -m bench.generate N OUT_DIR [--heavy-every K] [--nquads FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

FIRST = [
    "Amina",
    "Boris",
    "Chen",
    "Dana",
    "Emeka",
    "Farah",
    "Goran",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Yusuf",
]
LAST = [
    "Okafor",
    "Petrov",
    "Liang",
    "Haddad",
    "Moreau",
    "Silva",
    "Nakamura",
    "Kowalski",
    "Mensah",
    "Rahman",
    "Fischer",
    "Ibrahim",
    "Costa",
    "Novak",
    "Singh",
    "Tanaka",
    "Adeyemi",
    "Larsen",
    "Duarte",
    "Bauer",
]
ORG_WORDS = [
    "Northern",
    "United",
    "Coastal",
    "National",
    "Federal",
    "Green",
    "Central",
    "Pacific",
    "Royal",
    "Civic",
]
ORG_KINDS = [
    ("Party", "PoliticalParty"),
    ("Ministry of Finance", "GovernmentOrganization"),
    ("Bank", "Corporation"),
    ("Times", "NewsMediaOrganization"),
    ("Rovers", "SportsTeam"),
    ("Institute", "ResearchOrganization"),
    ("Council", "GovernmentOrganization"),
]
PLACES = [
    ("Aldoria", "Country"),
    ("Bexland", "Country"),
    ("Corvia", "Country"),
    ("Dunmore", "City"),
    ("Eastport", "City"),
    ("Fairhaven", "City"),
    ("Glenrock Province", "AdministrativeArea"),
]
ROLES = [
    "prime minister",
    "finance minister",
    "chief executive",
    "party leader",
    "spokeswoman",
    "mayor",
    "coach",
    "chief scientist",
    "governor",
    "chair",
]
EVENTS = [
    ("Vote", "vote on the budget"),
    ("Election", "general election"),
    ("Resignation", "resignation"),
    ("Deal", "merger agreement"),
    ("Protest", "protest"),
    ("Earthquake", "earthquake"),
    ("Match", "cup final"),
]
VERBS = [
    ("said", "say", "claim"),
    ("denied", "deny", "denial"),
    ("accused", "accuse", "accusation"),
    ("warned", "warn", "claim"),
    ("rejected", "reject", "rejection"),
]
HEAVY = {
    "type": "Place",
    "subtypes": ["Country"],
    "name": "Republic of Heavitania",
    "sameAs": [],
    "alternateNames": ["Heavitania"],
}


def _pools(rng: random.Random, people: int, orgs: int) -> tuple[list[dict], list[dict], list[dict]]:
    ps = [
        {"type": "Person", "subtypes": [], "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"}
        for i in range(people)
    ]
    os_ = []
    for i in range(orgs):
        suffix, sub = rng.choice(ORG_KINDS)
        os_.append(
            {
                "type": "Organization",
                "subtypes": [sub],
                "name": f"{rng.choice(ORG_WORDS)} {suffix} {i}",
            }
        )
    places = [{"type": "Place", "subtypes": [sub], "name": name} for name, sub in PLACES]
    return ps, os_, places


class _Body:
    """Writes paragraphs and remembers where each piece went, so evidence offsets are exact."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, *parts: str) -> list[tuple[int, int]]:
        spans = []
        for part in parts:
            start = len(self.text)
            self.text += part
            spans.append((start, len(self.text)))
        return spans

    def ev(self, span: tuple[int, int]) -> dict:
        return {"start": span[0], "end": span[1], "exact": self.text[span[0] : span[1]]}


def article(i: int, rng: random.Random, pools, heavy: bool) -> dict:
    people, orgs, places = pools
    zipf = lambda pool: pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)]  # noqa: E731
    chosen_people = [zipf(people) if rng.random() < 0.3 else rng.choice(people) for _ in range(4)]
    chosen_orgs = [rng.choice(orgs) for _ in range(2)]
    place = rng.choice(places)
    ents: dict[str, dict] = {}

    def ent(e: dict) -> str:
        local = (
            f"e{len(ents)}"
            if e["name"] not in {x["name"] for x in ents.values()}
            else next(k for k, v in ents.items() if v["name"] == e["name"])
        )
        if local not in ents:
            ents[local] = {
                "alternateNames": [],
                "sameAs": [],
                "key": None,
                **e,
                "id": local,
                "mentions": [],
            }
        return local

    date = dt.date(2020, 1, 1) + dt.timedelta(days=i % 1500)
    b = _Body()
    roles, claims, events = [], [], []
    for k, person in enumerate(chosen_people):
        pid, oid = ent(person), ent(chosen_orgs[k % 2])
        role = ROLES[(i + k) % len(ROLES)]
        start = len(b.text)
        sp = b.add(person["name"])[0]
        b.add(f", the {role} of ")
        so = b.add(chosen_orgs[k % 2]["name"])[0]
        role_span = (start, len(b.text))
        verb, lemma, kind = VERBS[(i + k) % len(VERBS)]
        b.add(f", {verb} on {date.strftime('%A')} that ")
        said = b.add(f"the plan for {place['name']} would cost {rng.randint(2, 90)} million")[0]
        b.add(". ")
        ents[pid]["mentions"].append(b.ev(sp))
        ents[oid]["mentions"].append(b.ev(so))
        roles.append(
            {
                "id": f"r{k}",
                "person": pid,
                "roleName": role,
                "organization": oid,
                "former": False,
                "evidence": b.ev(role_span),
            }
        )
        claims.append(
            {
                "id": f"c{k}",
                "speaker": pid,
                "text": b.text[said[0] : said[1]],
                "verb": lemma,
                "kind": kind,
                "direct": False,
                "about": [],
                "denies": None,
                "evidence": {
                    "start": role_span[0],
                    "end": said[1],
                    "exact": b.text[role_span[0] : said[1]],
                },
            }
        )
    b.add("\n\n")
    lid = ent(place)
    etype, ename = EVENTS[i % len(EVENTS)]
    start = len(b.text)
    b.add(f"The {ename} in ")
    sl = b.add(place["name"])[0]
    b.add(f" took place on {date.isoformat()}")
    ev_span = (start, len(b.text))
    b.add(".")
    ents[lid]["mentions"].append(b.ev(sl))
    events.append(
        {
            "id": "v0",
            "type": etype,
            "name": ename,
            "startDate": date.isoformat(),
            "location": lid,
            "participants": [ents[k]["id"] for k in list(ents)[:2]],
            "status": "happened",
            "evidence": b.ev(ev_span),
        }
    )
    if heavy:
        b.add(" Officials in ")
        hid = ent(HEAVY)
        sh = b.add(HEAVY["name"])[0]
        b.add(" were consulted.")
        ents[hid]["mentions"].append(b.ev(sh))
        events[0]["participants"].append(hid)
    return {
        "format": "kg-facts/1",
        "source": None,
        "extractor": "bench.generate",
        "article": {
            "key": f"bench-{i:07d}",
            "headline": f"Generated report {i} on {ename} in {place['name']}",
            "datePublished": date.isoformat(),
            "authors": [{"name": "Bench Writer", "type": "Person"}],
            "publisher": {"name": "The Bench Gazette", "type": "Organization"},
            "language": "en",
            "body": b.text,
        },
        "entities": list(ents.values()),
        "roles": roles,
        "claims": claims,
        "events": events,
    }


def generate(
    n_articles: int, out_dir: str | Path, heavy_every: int = 0, seed: int = 42
) -> list[Path]:
    """Write n facts documents; every `heavy_every`-th article also mentions one heavy entity."""
    rng = random.Random(seed)
    pools = _pools(rng, people=max(50, n_articles * 2), orgs=max(20, n_articles // 2))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_articles):
        doc = article(i, rng, pools, heavy=bool(heavy_every) and i % heavy_every == 0)
        path = out / f"bench-{i:07d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths

    main()


def to_nquads(paths: list[Path], out: str | Path, base: str = "http://127.0.0.1:8080/") -> int:
    """Map documents straight to N-Quads (no SHACL): for loading big benchmark stores with `oxigraph load`."""
    from kg.facts import load_facts
    from kg.iris import Minter
    from kg.mapping import Mapper

    mapper = Mapper(Minter(base))
    entity_graph = Minter(base).entity_graph
    seen_entities: set[str] = set()
    count = 0
    with open(out, "w", encoding="utf-8") as fh:
        for path in paths:
            m = mapper.map(load_facts(path))
            for line in m.article_graph.serialize(format="nt").splitlines():
                if line:
                    fh.write(f"{line[:-1]}<{m.graph_iri}> .\n")
                    count += 1
            for line in m.entity_graph.serialize(format="nt").splitlines():
                if line and line not in seen_entities:
                    seen_entities.add(line)
                    fh.write(f"{line[:-1]}<{entity_graph}> .\n")
                    count += 1
    return count


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", type=int)
    p.add_argument("out")
    p.add_argument("--heavy-every", type=int, default=0)
    p.add_argument("--nquads", help="also write the mapped dataset as N-Quads to this file")
    args = p.parse_args()
    paths = generate(args.n, args.out, args.heavy_every)
    if args.nquads:
        print(f"{to_nquads(paths, args.nquads):,} quads -> {args.nquads}")


if __name__ == "__main__":
    main()
