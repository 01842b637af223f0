"""The project's templates, or the packaged ones, rendered in Jinja's sandbox."""

from __future__ import annotations

import os
import sysconfig
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox
import markupsafe
from jinja2 import BaseLoader as _JinjaLoader

from ..dates import long_date, short_date, when
from ..errors import TemplateFailed, UnreadableFile
from ..files import MAX_STYLE_BYTES, MAX_TEMPLATE_BYTES, read_text_inside
from . import bounds, chart
from .bounds import BoundedEnvironment, TemplateLimit, bounded_filters, render_bounded
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
    """Return the project's templates/ when it has one, else the packaged default.

    Any entry named base.html.j2 makes them the project's: one that is a pipe or a link out
    is then refused by the opener, by name, rather than passed over for the default.
    """
    if root is not None and os.path.lexists(root / "templates" / "html" / "base.html.j2"):
        return root / "templates"
    return TEMPLATES


class _ProjectLoader(_JinjaLoader):
    """Load templates through the opener: inside the project, regular files, capped in size."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.project = folder.parent  # a project's templates may link within the project only

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = template.split("/")
        if any(p in ("", ".", "..") for p in parts) or "\\" in template:
            raise jinja2.TemplateNotFound(template)
        path = self.folder.joinpath(*parts)
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        try:
            source = read_text_inside(self.project, path, MAX_TEMPLATE_BYTES)
        except UnreadableFile as exc:
            raise TemplateFailed(str(path), exc.message, exc.fix) from None
        mtime = os.path.getmtime(path)
        return source, str(path), lambda: os.path.getmtime(path) == mtime


def read_style(folder: Path, name: str) -> str:
    """Read a stylesheet of the templates folder through the opener, as text."""
    try:
        return read_text_inside(folder.parent, folder / name, MAX_STYLE_BYTES).strip()
    except UnreadableFile as exc:
        raise TemplateFailed(str(folder / name), exc.message, exc.fix) from None


@cache
def environment(folder: Path) -> jinja2.Environment:
    """Build the Jinja environment for a templates folder.

    A project's templates come with the project, which may be a clone of someone else's: the
    sandbox keeps them to formatting, with no reach into Python (`cycler.__init__.__globals__`).
    """
    env = BoundedEnvironment(
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
    env.filters.update(bounded_filters(env.filters))
    # lipsum(n=...) writes n paragraphs: a brief has no use for placeholder text.
    env.globals.pop("lipsum", None)
    return env


# Frames of the rendering machinery, passed over to find who raised: Jinja, the bounds, and
# markupsafe (autoescaping an undefined name fails inside its escape()); and Python's own
# library, whose errors a template's arguments cause.
_RUNTIME = (
    os.path.dirname(jinja2.__file__),
    bounds.__file__,
    os.path.dirname(markupsafe.__file__),
)
_STDLIB = sysconfig.get_paths()["stdlib"]


def render_template(folder: Path, name: str, context: dict[str, object]) -> str:
    """Render one template; a broken, unsafe or runaway one is the project's error, said so.

    Every failure names the template file, its line, and what is wrong.
    """
    try:
        template = environment(folder).get_template(name)
        return render_bounded(template, context)
    except TemplateFailed:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = f"{folder / (exc.name or name)}:{exc.lineno}"
        what = exc.message or str(exc)
        raise TemplateFailed(where, what, "correct the template's syntax") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateFailed(
            str(folder / name), f"template '{exc.name}' not found", "restore the template"
        ) from None
    except jinja2.sandbox.SecurityError as exc:
        raise TemplateFailed(
            _where(exc, folder / name),
            f"refused an unsafe operation ({exc})",
            "templates may format the brief but not reach into Python objects; remove it",
        ) from None
    except TemplateLimit as exc:
        raise TemplateFailed(
            _where(exc, folder / name), str(exc), "make the template do less"
        ) from None
    except jinja2.UndefinedError as exc:
        # Always the template's: a name or attribute it asked for that the context lacks.
        raise TemplateFailed(
            _where(exc, folder / name), f"{type(exc).__name__}: {exc}", "correct the template"
        ) from None
    except RecursionError as exc:
        raise TemplateFailed(
            _where(exc, folder / name),
            "calls itself too deeply (a macro or include without an end)",
            "give the recursion an end",
        ) from None
    except MemoryError as exc:
        raise TemplateFailed(
            _where(exc, folder / name), "ran out of memory", "make the template do less"
        ) from None
    except Exception as exc:
        if not _raised_by_template(exc):
            raise  # a bug in briefgen's own filters: kept whole, with its traceback
        # An error the template's own code raised ({{ 1 // 0 }}), at its line.
        raise TemplateFailed(
            _where(exc, folder / name), f"{type(exc).__name__}: {exc}", "correct the template"
        ) from None


def _raised_by_template(exc: BaseException) -> bool:
    """Say whether the template's own doing raised `exc`, not a bug in a filter of briefgen's.

    The innermost frame that is not the rendering machinery (Jinja, markupsafe, the bounds)
    decides: the template's own code, or Python's library it called with what it chose
    (`wordwrap(0)` fails in textwrap, `[x]|tojson` in json, a made-up format in C), is the
    template's mistake, at its line. Code of briefgen's own is a bug, kept whole.
    """
    tb = exc.__traceback__
    last, in_template = "", False
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        in_template = in_template or name.endswith(".j2")
        if not name.startswith(_RUNTIME):
            last = name
        tb = tb.tb_next
    return in_template and (last.endswith(".j2") or last.startswith(_STDLIB))


def _where(exc: BaseException, fallback: Path) -> str:
    """Return template:line of the innermost template frame of an exception's traceback."""
    found = str(fallback)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
