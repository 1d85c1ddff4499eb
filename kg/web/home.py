"""The front page: what this dataset is and where to go from here."""

from __future__ import annotations

from flask import Blueprint, render_template

from . import settings

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html", base=settings().base_iri)
