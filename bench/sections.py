"""Where each benchmark writes its figures: its own section of BENCHMARKS.md, the others left as they are.

A section holds the generated figures, then the line NOTES, then what people wrote about them (the load
on the machine, what a figure means): a new run replaces the figures and keeps the notes below the line.
"""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
NOTES = "<!-- notes on these figures, kept when the benchmark is run again -->"


def replace_section(heading: str, text: str, path: Path = BENCHMARKS) -> None:
    """Put `text` (which starts with `heading`) in place of that section's figures, or append the section."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find(heading + "\n")
    if start < 0:
        path.write_text(old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n", encoding="utf-8")
        return
    end = old.find("\n## ", start + len(heading))
    section = old[start:] if end < 0 else old[start : end + 1]
    _, marker, notes = section.partition(NOTES)
    new = text.rstrip("\n") + "\n" + (f"\n{NOTES}{notes}" if marker else "\n")
    path.write_text(old[:start] + new + ("" if end < 0 else old[end + 1 :]), encoding="utf-8")
