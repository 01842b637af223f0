"""The distribution's front page: every brief, newest first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..model import KIND_LABELS, Catalog
from .templates import TEMPLATES, render_template


def render_index(
    entries: dict[str, dict[str, Any]], catalog: Catalog, folder: Path = TEMPLATES, base: str = ""
) -> str:
    """Render build/index.html from manifest entries; links are absolute under `base` if given."""
    rows = sorted(entries.values(), key=lambda e: (e["date"], e["id"]), reverse=True)
    css = (folder / "brief.css").read_text(encoding="utf-8").strip()
    labels = {k: t.label for k, t in catalog.topics.items()}
    context = {
        "rows": rows,
        "kinds": KIND_LABELS,
        "labels": labels,
        "css": Markup(css),
        "base": base,
        "version": __version__,
        "to_date": dt.date.fromisoformat,
    }
    return render_template(folder, "html/index.html.j2", context)
