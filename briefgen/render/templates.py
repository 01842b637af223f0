"""The project's templates, or the packaged ones, rendered in Jinja's sandbox."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from ..dates import long_date, short_date, when
from ..errors import TemplateFailed
from . import chart
from .inline import (
    caption_notes,
    claim_note,
    fact_when,
    inline_html,
    inline_md,
    marked_html,
    md_marked,
    md_text,
    note_calls,
    note_html,
    note_md,
    title_html,
    translation,
)
from .masthead import dateline, participants, participants_label, participants_marks
from .typography import byline, curly


def _packaged_templates() -> Path:
    here = Path(__file__).resolve().parent.parent  # the briefgen package
    wheel = here / "templates"  # an installed wheel carries them inside the package
    if (wheel / "html" / "base.html.j2").is_file():
        return wheel
    return here.parent / "templates"  # a source checkout (or an editable install) of briefgen


TEMPLATES = _packaged_templates()


def templates_dir(root: Path | None = None) -> Path:
    """Return the project's templates/ when it has one, else the packaged default."""
    if root is not None and (root / "templates" / "html" / "base.html.j2").is_file():
        return root / "templates"
    return TEMPLATES


class _ProjectLoader(jinja2.FileSystemLoader):
    """Load templates from a folder, never through a symlink that leads out of its project."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.project = os.path.realpath(folder.parent)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if os.path.commonpath((self.project, real)) != self.project:
            raise TemplateFailed(
                filename,
                f"'{template}' resolves to {real}, outside the project",
                "copy the template into the project's templates/ instead of linking to it",
            )
        return source, filename, uptodate


@cache
def environment(folder: Path) -> jinja2.Environment:
    """Build the Jinja environment for a templates folder.

    A project's templates come with the project, which may be a clone of someone else's: the
    sandbox keeps them to formatting, with no reach into Python (`cycler.__init__.__globals__`).
    """
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=_ProjectLoader(folder),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., object]] = {
        "inline": inline_html,
        "md_inline": inline_md,
        "md_text": md_text,
        "short": short_date,
        "long": long_date,
        "when": when,
        "note_html": note_html,
        "note_md": note_md,
        "note_calls": note_calls,
        "claim_note": claim_note,
        "fact_when": fact_when,
        "marked": marked_html,
        "dateline_marked": lambda doc: dateline(doc, marks=True),
        "participants": participants,
        "participants_label": participants_label,
        "participants_marks": participants_marks,
        "md_marked": md_marked,
        "translation": translation,
        "caption_notes": caption_notes,
        "chart_svg": lambda series: chart.svg_markup(series, folder),
        "chart_values": chart.values_text,
        "chart_md": lambda series, notes: chart.markdown_table(series, tuple(notes), md_text),
        "curly": curly,
        "keep_together": title_html,
        "byline": lambda quote: byline(quote.speaker, quote.role),
    }
    env.filters.update(filters)
    return env


def render_template(folder: Path, name: str, context: dict[str, object]) -> str:
    """Render one template; a broken or unsafe one is the project's error, said as such."""
    try:
        return environment(folder).get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{folder / (exc.name or name)}:{exc.lineno}"
        raise TemplateFailed(where, str(exc), "correct the template's syntax") from exc
    except jinja2.sandbox.SecurityError as exc:
        raise TemplateFailed(
            str(folder / name),
            f"refused an unsafe operation ({exc})",
            "templates may format the brief but not reach into Python objects; remove it",
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateFailed(str(folder / name), str(exc), "correct the template") from exc
