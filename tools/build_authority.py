"""Build kg/data/authority.json: countries and major international bodies, with aliases and Wikidata IRIs.

Why a build script: the file is data, but its provenance must be reproducible. Names and ISO codes come
from pycountry (ISO 3166-1, offline); Wikidata QIDs, news-style short names, aliases and demonyms come
from the curated tables below, which list only identifiers checked by hand. Run:

    .venv/bin/python tools/build_authority.py            # writes kg/data/authority.json
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "authority.json"
WD = "http://www.wikidata.org/entity/"

# Country QIDs, keyed by ISO 3166-1 alpha-2. Only identifiers we are sure of; others get no sameAs.
COUNTRY_QIDS: dict[str, str] = {
    "US": "Q30",
    "GB": "Q145",
    "PK": "Q843",
    "TR": "Q43",
    "SY": "Q858",
    "RU": "Q159",
    "CN": "Q148",
    "IN": "Q668",
    "FR": "Q142",
    "DE": "Q183",
    "JP": "Q17",
    "IT": "Q38",
    "ES": "Q29",
    "CA": "Q16",
    "AU": "Q408",
    "BR": "Q155",
    "MX": "Q96",
    "IR": "Q794",
    "IQ": "Q796",
    "IL": "Q801",
    "EG": "Q79",
    "SA": "Q851",
    "AF": "Q889",
    "UA": "Q212",
    "PL": "Q36",
    "NL": "Q55",
    "BE": "Q31",
    "SE": "Q34",
    "NO": "Q20",
    "FI": "Q33",
    "DK": "Q35",
    "CH": "Q39",
    "AT": "Q40",
    "GR": "Q41",
    "PT": "Q45",
    "IE": "Q27",
    "AR": "Q414",
    "CL": "Q298",
    "ZA": "Q258",
    "NG": "Q1033",
    "KE": "Q114",
    "ID": "Q252",
    "KR": "Q884",
    "KP": "Q423",
    "VN": "Q881",
    "TH": "Q869",
    "PH": "Q928",
    "MY": "Q833",
    "SG": "Q334",
    "BD": "Q902",
    "LK": "Q854",
    "NP": "Q837",
    "NZ": "Q664",
    "QA": "Q846",
    "AE": "Q878",
    "LB": "Q822",
    "JO": "Q810",
    "ET": "Q115",
    "CO": "Q739",
    "VE": "Q717",
    "PE": "Q419",
    "CU": "Q241",
    "HU": "Q28",
    "CZ": "Q213",
    "RO": "Q218",
    "BG": "Q219",
    "RS": "Q403",
    "HR": "Q224",
    "BY": "Q184",
    "KZ": "Q232",
    "GE": "Q230",
    "AM": "Q399",
    "AZ": "Q227",
    "MA": "Q1028",
    "DZ": "Q262",
    "TN": "Q948",
    "LY": "Q1016",
    "SD": "Q1049",
    "YE": "Q805",
    "OM": "Q842",
    "KW": "Q817",
    "BH": "Q398",
    "MM": "Q836",
    "KH": "Q424",
    "TW": "Q865",
    "MN": "Q711",
    "IS": "Q189",
    "LU": "Q32",
    "EE": "Q191",
    "LV": "Q211",
    "LT": "Q37",
    "SK": "Q214",
    "SI": "Q215",
    "CY": "Q229",
    "MT": "Q233",
    "MD": "Q217",
    "GH": "Q117",
    "UG": "Q1036",
    "TZ": "Q924",
    "SO": "Q1045",
    "ZW": "Q954",
    "SN": "Q1041",
    "EC": "Q736",
    "BO": "Q750",
    "PY": "Q733",
    "UY": "Q77",
    "JM": "Q766",
    "HT": "Q790",
}

# The name English-language news uses, where ISO's short name differs from it.
NEWS_NAMES: dict[str, str] = {
    "TR": "Turkey",
    "RU": "Russia",
    "CZ": "Czech Republic",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "PS": "Palestine",
    "VA": "Vatican City",
    "FM": "Micronesia",
    "LA": "Laos",
    "VN": "Vietnam",
    "SY": "Syria",
    "BN": "Brunei",
    "CV": "Cape Verde",
    "SZ": "Eswatini",
    "MK": "North Macedonia",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
    "FK": "Falkland Islands",
}

# Extra aliases seen in news copy (case-sensitive: "US" is not "us").
COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "TR": ["Türkiye", "Turkiye"],
    "RU": ["Russian Federation"],
    "CN": ["People's Republic of China", "PRC"],
    "KR": ["Korea, Republic of"],
    "KP": ["DPRK"],
    "AE": ["UAE", "U.A.E."],
    "NL": ["Holland"],
    "CZ": ["Czechia"],
    "CD": ["DRC", "DR Congo"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
}

# Demonyms (adjectives) for "American officials"-style attribution: the country speaks.
DEMONYMS: dict[str, list[str]] = {
    "US": ["American"],
    "GB": ["British"],
    "PK": ["Pakistani"],
    "TR": ["Turkish"],
    "SY": ["Syrian"],
    "RU": ["Russian"],
    "CN": ["Chinese"],
    "IN": ["Indian"],
    "FR": ["French"],
    "DE": ["German"],
    "JP": ["Japanese"],
    "IT": ["Italian"],
    "ES": ["Spanish"],
    "CA": ["Canadian"],
    "AU": ["Australian"],
    "BR": ["Brazilian"],
    "MX": ["Mexican"],
    "IR": ["Iranian"],
    "IQ": ["Iraqi"],
    "IL": ["Israeli"],
    "EG": ["Egyptian"],
    "SA": ["Saudi"],
    "AF": ["Afghan"],
    "UA": ["Ukrainian"],
    "PL": ["Polish"],
    "NL": ["Dutch"],
    "BE": ["Belgian"],
    "SE": ["Swedish"],
    "NO": ["Norwegian"],
    "FI": ["Finnish"],
    "DK": ["Danish"],
    "CH": ["Swiss"],
    "AT": ["Austrian"],
    "GR": ["Greek"],
    "PT": ["Portuguese"],
    "IE": ["Irish"],
    "AR": ["Argentine", "Argentinian"],
    "ZA": ["South African"],
    "NG": ["Nigerian"],
    "KE": ["Kenyan"],
    "ID": ["Indonesian"],
    "KR": ["South Korean"],
    "KP": ["North Korean"],
    "VN": ["Vietnamese"],
    "TH": ["Thai"],
    "PH": ["Philippine", "Filipino"],
    "BD": ["Bangladeshi"],
    "LK": ["Sri Lankan"],
    "NZ": ["New Zealand"],
    "QA": ["Qatari"],
    "LB": ["Lebanese"],
    "JO": ["Jordanian"],
    "ET": ["Ethiopian"],
    "CO": ["Colombian"],
    "VE": ["Venezuelan"],
    "CU": ["Cuban"],
    "HU": ["Hungarian"],
    "RO": ["Romanian"],
    "RS": ["Serbian"],
    "BY": ["Belarusian"],
    "MA": ["Moroccan"],
    "LY": ["Libyan"],
    "SD": ["Sudanese"],
    "YE": ["Yemeni"],
    "MM": ["Myanmar", "Burmese"],
    "TW": ["Taiwanese"],
}

# Major international bodies: (name, QID, subtypes, aliases). Only QIDs we are sure of.
BODIES: list[tuple[str, str, list[str], list[str]]] = [
    ("United Nations", "Q1065", ["GovernmentOrganization"], ["UN", "U.N."]),
    ("European Union", "Q458", ["GovernmentOrganization"], ["EU", "E.U."]),
    (
        "NATO",
        "Q7184",
        ["GovernmentOrganization"],
        ["North Atlantic Treaty Organization", "the Atlantic alliance"],
    ),
    ("World Health Organization", "Q7817", ["GovernmentOrganization"], ["WHO"]),
    ("International Monetary Fund", "Q7804", ["GovernmentOrganization"], ["IMF"]),
    ("World Bank", "Q7164", ["GovernmentOrganization"], []),
    ("World Trade Organization", "Q7825", ["GovernmentOrganization"], ["WTO"]),
    (
        "OPEC",
        "Q7795",
        ["GovernmentOrganization"],
        ["Organization of the Petroleum Exporting Countries"],
    ),
    ("African Union", "Q7159", ["GovernmentOrganization"], ["AU"]),
    ("ASEAN", "Q7768", ["GovernmentOrganization"], ["Association of Southeast Asian Nations"]),
    ("Arab League", "Q7172", ["GovernmentOrganization"], ["League of Arab States"]),
    (
        "OECD",
        "Q41550",
        ["GovernmentOrganization"],
        ["Organisation for Economic Co-operation and Development"],
    ),
    ("UNESCO", "Q7809", ["GovernmentOrganization"], []),
    ("UNICEF", "Q740308", ["GovernmentOrganization"], []),
    ("UNHCR", "Q174461", ["GovernmentOrganization"], ["UN refugee agency"]),
    (
        "United Nations Security Council",
        "Q37470",
        ["GovernmentOrganization"],
        ["UN Security Council", "Security Council"],
    ),
    ("European Commission", "Q8880", ["GovernmentOrganization"], []),
    ("European Parliament", "Q8889", ["GovernmentOrganization"], []),
    ("European Central Bank", "Q8901", ["GovernmentOrganization"], ["ECB"]),
    ("Council of Europe", "Q8908", ["GovernmentOrganization"], []),
    (
        "OSCE",
        "Q81299",
        ["GovernmentOrganization"],
        ["Organization for Security and Co-operation in Europe"],
    ),
    ("International Criminal Court", "Q47488", ["GovernmentOrganization"], ["ICC"]),
    ("International Court of Justice", "Q7801", ["GovernmentOrganization"], ["ICJ", "World Court"]),
    ("Interpol", "Q8475", ["GovernmentOrganization"], []),
    ("International Committee of the Red Cross", "Q71", ["NGO"], ["ICRC"]),
    ("FIFA", "Q253414", ["SportsOrganization"], []),
    ("International Olympic Committee", "Q40970", ["SportsOrganization"], ["IOC"]),
]


# Capital cities (curated): they name the country in "the health ministry in Damascus", and they are
# certainly cities. QIDs only where sure.
CAPITALS: dict[str, tuple[str, str | None]] = {
    "US": ("Washington", "Q61"),
    "GB": ("London", "Q84"),
    "FR": ("Paris", "Q90"),
    "DE": ("Berlin", "Q64"),
    "RU": ("Moscow", "Q649"),
    "CN": ("Beijing", "Q956"),
    "JP": ("Tokyo", "Q1490"),
    "IT": ("Rome", "Q220"),
    "ES": ("Madrid", "Q2807"),
    "PK": ("Islamabad", None),
    "TR": ("Ankara", None),
    "SY": ("Damascus", None),
    "IN": ("New Delhi", None),
    "BD": ("Dhaka", None),
    "KE": ("Nairobi", None),
    "DK": ("Copenhagen", None),
    "AT": ("Vienna", None),
    "PT": ("Lisbon", None),
    "IR": ("Tehran", None),
    "IQ": ("Baghdad", None),
    "IL": ("Jerusalem", None),
    "EG": ("Cairo", None),
    "SA": ("Riyadh", None),
    "AF": ("Kabul", None),
    "UA": ("Kyiv", None),
    "PL": ("Warsaw", None),
    "NL": ("Amsterdam", None),
    "BE": ("Brussels", None),
    "SE": ("Stockholm", None),
    "NO": ("Oslo", None),
    "FI": ("Helsinki", None),
    "CH": ("Bern", None),
    "GR": ("Athens", None),
    "IE": ("Dublin", None),
    "CA": ("Ottawa", None),
    "AU": ("Canberra", None),
    "BR": ("Brasília", None),
    "MX": ("Mexico City", None),
    "AR": ("Buenos Aires", None),
    "CL": ("Santiago", None),
    "ZA": ("Pretoria", None),
    "NG": ("Abuja", None),
    "ET": ("Addis Ababa", None),
    "ID": ("Jakarta", None),
    "KR": ("Seoul", None),
    "KP": ("Pyongyang", None),
    "VN": ("Hanoi", None),
    "TH": ("Bangkok", None),
    "PH": ("Manila", None),
    "MY": ("Kuala Lumpur", None),
    "LK": ("Colombo", None),
    "NP": ("Kathmandu", None),
    "QA": ("Doha", None),
    "AE": ("Abu Dhabi", None),
    "LB": ("Beirut", None),
    "JO": ("Amman", None),
    "HU": ("Budapest", None),
    "CZ": ("Prague", None),
    "RO": ("Bucharest", None),
    "RS": ("Belgrade", None),
    "BY": ("Minsk", None),
    "CU": ("Havana", None),
    "VE": ("Caracas", None),
    "CO": ("Bogotá", None),
    "PE": ("Lima", None),
    "NZ": ("Wellington", None),
    "MA": ("Rabat", None),
    "DZ": ("Algiers", None),
    "SD": ("Khartoum", None),
    "LY": ("Tripoli", None),
    "MM": ("Naypyidaw", None),
    "TW": ("Taipei", None),
}


def news_name(c: object) -> str:
    """ISO short names such as 'Iran, Islamic Republic of' read badly in a graph; prefer news usage."""
    code = c.alpha_2  # type: ignore[attr-defined]
    if code in NEWS_NAMES:
        return NEWS_NAMES[code]
    common = getattr(c, "common_name", None)
    if common:
        return common
    return c.name.split(",")[0].strip()  # type: ignore[attr-defined]


def countries() -> list[dict]:
    out = []
    for c in pycountry.countries:
        code = c.alpha_2
        name = news_name(c)
        aliases = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        aliases += COUNTRY_ALIASES.get(code, [])
        aliases = sorted({a for a in aliases if a and a != name and "," not in a})
        entry = {
            "key": f"country-{code.lower()}",
            "name": name,
            "type": "Place",
            "subtypes": ["Country"],
            "aliases": aliases,
            "demonyms": DEMONYMS.get(code, []),
            "iso3166": {"alpha2": code, "alpha3": c.alpha_3, "numeric": c.numeric},
            "sameAs": [WD + COUNTRY_QIDS[code]] if code in COUNTRY_QIDS else [],
            "source": "pycountry" + ("+curated-qid" if code in COUNTRY_QIDS else ""),
        }
        out.append(entry)
    return out


def bodies() -> list[dict]:
    out = []
    for name, qid, subtypes, aliases in BODIES:
        key = "org-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        out.append(
            {
                "key": key,
                "name": name,
                "type": "Organization",
                "subtypes": subtypes,
                "aliases": aliases,
                "demonyms": [],
                "sameAs": [WD + qid],
                "source": "curated",
            }
        )
    return out


def capitals() -> list[dict]:
    out = []
    for code, (name, qid) in CAPITALS.items():
        out.append(
            {
                "key": "city-"
                + "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-"),
                "name": name,
                "type": "Place",
                "subtypes": ["City"],
                "aliases": [],
                "demonyms": [],
                "capitalOf": f"country-{code.lower()}",
                "sameAs": [WD + qid] if qid else [],
                "source": "curated" + ("-qid" if qid else ""),
            }
        )
    return out


def build() -> dict:
    unknown = set(COUNTRY_QIDS) - {c.alpha_2 for c in pycountry.countries}
    if unknown:
        raise SystemExit(f"curated QIDs for unknown ISO codes: {sorted(unknown)}")
    return {
        "format": "kg-authority/1",
        "sources": {
            "countries": f"pycountry {version('pycountry')} (ISO 3166-1 names and codes)",
            "news names, aliases, demonyms, QIDs, capitals": "curated tables in tools/build_authority.py",
        },
        "entries": countries() + bodies() + capitals(),
    }


def main(argv: list[str] | None = None) -> int:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['entries'])} entries)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
