"""The distribution's front page: every brief, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..model import KIND_LABELS, BuiltBrief, Catalog
from .templates import TEMPLATES, read_style, render_template


def _day(value: dt.date | str) -> dt.date:
    # A project's own copy of the index template may still read dates as ISO text.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def render_index(
    entries: Mapping[str, BuiltBrief], catalog: Catalog, folder: Path = TEMPLATES, base: str = ""
) -> str:
    """Render build/index.html from manifest entries; links are absolute under `base` if given."""
    rows = sorted(entries.values(), key=lambda e: (e.date, e.id), reverse=True)
    css = read_style(folder, "brief.css")
    labels = {k: t.label for k, t in catalog.topics.items()}
    context = {
        "rows": rows,
        "kinds": KIND_LABELS,
        "labels": labels,
        "css": Markup(css),
        "base": base,
        "version": __version__,
        "to_date": _day,
    }
    return render_template(folder, "html/index.html.j2", context)
