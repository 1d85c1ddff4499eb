"""What the commands print: outcomes, reports, query tables (standard output is data, standard error is talk)."""

from __future__ import annotations

import json
import sys


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _print_review(path: str, doc: object, threshold: float) -> None:
    """Facts below the threshold, least sure first, with the text they rest on."""
    names = {e.id: e.name for e in doc.entities}  # type: ignore[attr-defined]
    low = [
        (x.confidence, where, x)
        for where, x in doc.facts()  # type: ignore[attr-defined]
        if x.confidence is not None and x.confidence < threshold
    ]
    print(f"{path}: {len(low)} fact(s) below {threshold:.2f}")
    for conf, where, x in sorted(low, key=lambda t: (t[0], t[1])):
        if where.startswith("entities"):
            what = f"{x.type} {x.name!r}"
        elif where.startswith("roles"):
            what = f"{names.get(x.person)} {x.roleName!r} of {names.get(x.organization)}"
        elif where.startswith("claims"):
            what = f"{names.get(x.speaker)} {x.kind}: {x.text!r}"
        else:
            what = f"{x.type} {x.startDate or '(no date)'} {x.status}"
        ev = x.mentions[0] if where.startswith("entities") and x.mentions else x.evidence
        span = f" [{ev.start}:{ev.end}] {ev.exact!r}" if ev is not None else ""
        print(f"  {conf:.2f}  {where} {x.id}: {what}{span}")


def _print_outcomes(outcomes: list, verb: str, as_json: bool) -> int:
    failed = [o for o in outcomes if not o.ok]
    if as_json:
        print(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=2))
    else:
        for o in outcomes:
            for w in o.warnings:
                _err(w)
            if o.ok and o.unchanged:
                print(f"unchanged: {o.path} -> {o.article}")
            elif o.ok:
                print(f"{verb}: {o.path} -> {o.article} ({o.triples} triples)")
            else:
                _err(o.error or f"{o.path}: failed")
                if o.report:
                    for f in o.report.violations:
                        _err("  " + f.line(o.path))
        unchanged = sum(1 for o in outcomes if o.unchanged)
        _err(
            f"{len(outcomes) - len(failed) - unchanged} {verb}, "
            + (f"{unchanged} unchanged, " if unchanged else "")
            + f"{len(failed)} failed"
        )
    return 1 if failed or not outcomes else 0


def print_table(results: dict) -> None:
    if "boolean" in results:
        print("true" if results["boolean"] else "false")
        return
    names = results["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in results["results"]["bindings"]]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(
            "  ".join(
                (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                for c, w in zip(r, widths, strict=True)
            )
        )
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    return term["value"].replace("\n", " ")
