"""Render a Document to Markdown and to self-contained HTML from one set of templates."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox
import mdurl
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from . import __version__, chart
from .cite import MARK_CLOSE, MARK_OPEN, MARK_RE, long_date, note_parts
from .editorial import language_name, names_claimant
from .errors import TemplateFailed
from .model import KIND_LABELS, Document, Fact, Quote, Source
from .series import values_text
from .typography import byline, curly, keep_together


def _packaged_templates() -> Path:
    here = Path(__file__).resolve().parent
    wheel = here / "templates"  # an installed wheel carries them inside the package
    if (wheel / "html" / "base.html.j2").is_file():
        return wheel
    return here.parent / "templates"  # a source checkout (or an editable install) of briefgen


TEMPLATES = _packaged_templates()
ORGANISATION = "briefgen"
_SAFE_LINK = re.compile(r"^https?://", re.IGNORECASE)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")


def templates_dir(root: Path | None = None) -> Path:
    """Return the project's templates/ when it has one, else the packaged default."""
    if root is not None and (root / "templates" / "html" / "base.html.j2").is_file():
        return root / "templates"
    return TEMPLATES


@cache
def _markdown() -> MarkdownIt:
    # Catalog text is inline Markdown and nothing more: no raw HTML, no images, and links
    # only to http(s), so no content field can pull a resource into a brief.
    # Typographer for quote marks only: "straight" and 'straight' become curly, as the
    # catalog's own typographic marks are, so a page never mixes the two.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.disable(["image", "html_inline", "autolink", "entity"])
    md.enable("smartquotes")
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url))  # type: ignore[method-assign]
    return md


def short_date(day: dt.date) -> str:
    """Format a date compactly: Jun 12, 2025."""
    return f"{day:%b} {day.day}, {day.year}"


def when(moment: dt.datetime) -> str:
    """Format an embargo time with its UTC offset, which is all the source gives."""
    offset = moment.utcoffset() or dt.timedelta()
    hours = offset.total_seconds() / 3600
    zone = "UTC" if hours == 0 else f"UTC{hours:+g}".replace("-", "\u2212")
    hour = moment.hour % 12 or 12
    meridian = "a.m." if moment.hour < 12 else "p.m."
    return (
        f"{hour}:{moment.minute:02d} {meridian} ({zone}), {moment:%A}, {long_date(moment.date())}"
    )


def note_calls(numbers: str) -> Markup:
    """Render note numbers ("1,3") as one superscript of links to the notes."""
    if not numbers:
        return Markup("")
    links = ",".join(
        f'<a href="#note-{n}" role="doc-noteref" aria-label="note {n}">{n}</a>'
        for n in numbers.split(",")
    )
    return Markup(f'<sup class="call">{links}</sup>')


# A note call and the word before it: kept on one line, so a call never starts a line alone.
# At most a word's last 30 characters: a longer run (an address) must stay free to break.
_WORD_CALL_RE = re.compile(f"([^\\s<>]{{0,30}}){MARK_RE.pattern}")


def inline_html(text: str, notes: tuple[int, ...] = ()) -> Markup:
    """Render catalog Markdown to inline HTML, with note calls (marks, or `notes` at the end)."""
    if notes:
        text = f"{text}{MARK_OPEN}{','.join(map(str, notes))}{MARK_CLOSE}"
    html = _markdown().renderInline(text)

    def call(match: re.Match[str]) -> str:
        word, sup = match.group(1), note_calls(match.group(2))
        return f'<span class="nowrap">{word}{sup}</span>' if word else str(sup)

    return Markup(_WORD_CALL_RE.sub(call, html))  # markdown-it escaped the text


def title_html(title: str) -> Markup:
    """Render a title whose last words stay on one line: never one word alone on the last."""
    head, tail = keep_together(title)
    if not head:
        return Markup(escape(tail))
    return Markup(f'{escape(head)} <span class="nowrap">{escape(tail)}</span>')


def md_text(text: str) -> str:
    """Escape plain text so that Markdown shows it as written (quote marks set), on one line."""
    return _md_line(_md_inline_escape(re.sub(r"\s+", " ", curly(str(text)))))


def _md_inline_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


# Block syntax a line may start with (a list item, an ordered list, a setext underline).
_MD_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")


def _md_line(text: str) -> str:
    """Keep escaped text from starting a block where a template puts it at a line's start."""
    return _MD_LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _md_code(code: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{pad}{code}{pad}{fence}"


_MD_PAIRS = {"em_open": "*", "em_close": "*", "strong_open": "**", "strong_close": "**"}


def inline_md(text: str) -> str:
    """Render catalog Markdown back to Markdown, as parsed for the HTML, with note marks as [^n].

    The text is parsed with the same inline-only rules as the HTML and written out again from
    its tokens, so both formats carry the same content: raw HTML, images, unsafe links and
    whatever would make a block (a heading, a list, a footnote definition) stay plain text.
    """
    out: list[str] = []
    hrefs: list[str] = []
    for token in _markdown().parseInline(text)[0].children or ():
        if token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type in _MD_PAIRS:
            out.append(_MD_PAIRS[token.type])
        elif token.type == "code_inline":
            out.append(_md_code(token.content))
        elif token.type == "link_open":
            # markdown-it has validated the target and percent-encoded it: no '<', '>' or space.
            hrefs.append(str(token.attrGet("href") or ""))
            out.append("[")
        elif token.type == "link_close":
            out.append(f"](<{hrefs.pop()}>)")
        else:  # text, and anything else the inline-only parser leaves: shown as written
            out.append(_md_inline_escape(token.content))
    joined = _md_line("".join(out))
    return MARK_RE.sub(lambda m: "".join(f"[^{n}]" for n in m.group(1).split(",")), joined)


def note_html(source: Source) -> Markup:
    """Render a source's note as HTML."""
    out = []
    for style, text in note_parts(source):
        if style == "title":
            out.append(f"“{escape(curly(text))},” ")
        elif style == "pub":
            out.append(f"<i>{escape(curly(text))}</i>")
        elif style == "url":
            out.append(f'<a href="{escape(mdurl.encode(text))}">{escape(text)}</a>')
        else:
            out.append(str(escape(curly(text))))
    return Markup("".join(out))


def note_md(source: Source) -> str:
    """Render a source's note as Markdown."""
    out = []
    for style, text in note_parts(source):
        if style == "title":
            out.append(f"“{md_text(text)},” ")
        elif style == "pub":
            out.append(f"*{md_text(text)}*")
        elif style == "url":
            # Percent-encoded, an address cannot close its autolink early ('>') or break it.
            out.append(f"<{mdurl.encode(text)}>")
        else:
            out.append(md_text(text))
    return "".join(out)


def claim_note(fact: Fact) -> str:
    """Return whose claim a fact is, when its text does not already say (else "")."""
    if fact.claimed_by and not names_claimant(fact.text, fact.claimed_by):
        return fact.claimed_by
    return ""


def translation(quote: Quote) -> str:
    """Say that a quote is a translation, from what and by whom (else "")."""
    if quote.said_in and quote.said_in.split("-")[0].lower() == "en":
        return ""
    source = f" from {language_name(quote.said_in)}" if quote.said_in else ""
    by = f" by {quote.translated_by}" if quote.translated_by else ""
    return f"translated{source}{by}" if source or by else ""


def dateline(doc: Document) -> str:
    """Say when and where, and what the brief knows up to."""
    b = doc.brief
    parts = []
    if b.kind == "issue":
        parts.append(f"Dated {long_date(b.date)}")
    else:
        parts.append(f"{b.date:%A}, {long_date(b.date)}")
        if b.location:
            parts.append(curly(b.location))
    parts.append(f"Information as of {long_date(b.as_of)}")
    if b.since is not None:
        parts.append(f"{doc.new_count or 'Nothing'} new since {long_date(b.since)}")
    # A cut-off later than everything the brief holds would date it silently: say so.
    dates = [e.item.date for e in (*doc.facts, *doc.quotes)]
    if dates and max(dates) < b.as_of:
        parts.append(f"latest information: {long_date(max(dates))}")
    return " · ".join(parts)


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
        "translation": translation,
        "chart_svg": lambda series: chart.svg_markup(series, folder),
        "chart_values": values_text,
        "chart_md": lambda series, notes: chart.markdown_table(series, tuple(notes), md_text),
        "curly": curly,
        "keep_together": title_html,
        "byline": lambda quote: byline(quote.speaker, quote.role),
    }
    env.filters.update(filters)
    return env


def _context(doc: Document) -> dict[str, object]:
    return {
        "doc": doc,
        "kind_label": KIND_LABELS[doc.brief.kind],
        "dateline": dateline(doc),
        "organisation": ORGANISATION,
        "version": __version__,
    }


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


def render_markdown(doc: Document, folder: Path = TEMPLATES) -> str:
    """Render a Document to Markdown."""
    text = render_template(folder, f"md/{doc.brief.kind}.md.j2", _context(doc))
    # Templates leave runs of blank lines where optional parts are absent; Markdown wants one.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_html(doc: Document, folder: Path = TEMPLATES) -> str:
    """Render a Document to one self-contained HTML file (screen CSS inlined)."""
    css = (folder / "brief.css").read_text(encoding="utf-8").strip()
    html = render_template(
        folder, f"html/{doc.brief.kind}.html.j2", {**_context(doc), "css": Markup(css)}
    )
    return re.sub(r"\n\s*\n", "\n", html)
