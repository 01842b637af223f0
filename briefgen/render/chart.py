"""Draw a series as a chart: vector SVG from matplotlib, in the brief's fonts, same bytes each time.

matplotlib is imported only when a chart is drawn: most briefs have none, and the import is
slow. Text stays text (`svg.fonttype: none`), so the page's fonts set it and a reader can
select it; the hash salt is fixed and the metadata dropped, so a rebuild writes the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..errors import UnreadableFile
from ..files import MAX_FONT_BYTES, open_regular
from ..model import Point, Series
from ..prose import shown

INK, MUTED, RULE, BAR = "#1a1a1a", "#555555", "#b8b8b8", "#7a1f1f"
WIDTH_IN = 6.9  # a little under the narrower (A4) column, so the chart is never scaled up
FONT = "Inter"  # the sans of the brief's labels and headings (templates/fonts)
FONT_SIZE = 7.5  # points, as the brief's captions
# A gap longer than this many times the shortest between points is drawn dashed and named.
UNEVEN = 1.5


def _rc() -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "briefgen",
        # The brief's sans stack (brief.css), so a screen without Inter falls back alike;
        # matplotlib measures with the first it has, Inter from the templates' fonts.
        "font.family": ["sans-serif"],
        "font.sans-serif": [FONT, "Helvetica Neue", "Arial", "DejaVu Sans"],
        "font.size": FONT_SIZE,
        "text.parse_math": False,  # a "$" in a label is a dollar sign, not TeX
        "axes.unicode_minus": True,
        "axes.edgecolor": RULE,
        "axes.labelcolor": MUTED,
        "xtick.color": MUTED,
        "ytick.color": INK,
        "text.color": INK,
    }


@cache
def _matplotlib() -> Any:
    """Import matplotlib without reading a `matplotlibrc` from the working folder.

    At import matplotlib reads the settings file in the current folder first, which in use is
    the project: a file there could set `text.usetex` (LaTeX run on the project's say) or be a
    pipe that never ends. It is imported from an empty folder of its own instead; what the
    user's own settings change, `_draw` puts back to matplotlib's defaults.
    """
    try:
        here: str | None = os.getcwd()
    except OSError:  # the working folder was removed: nothing there to read
        here = None
    with contextlib.ExitStack() as stack:
        try:
            empty = stack.enter_context(tempfile.TemporaryDirectory(prefix="briefgen-"))
        except OSError:  # no temporary folder to be had: the file system's root, then
            empty = os.path.abspath(os.sep)
        os.chdir(empty)
        try:
            import matplotlib
        finally:
            if here is not None:
                with contextlib.suppress(OSError):
                    os.chdir(here)
    return matplotlib


@cache
def _fonts(folder: Path) -> None:
    """Let matplotlib measure text with the brief's own font files, once per folder.

    Each is read as the print stylesheet's fonts are (files.open_regular): inside the
    templates folder, a regular file (never a pipe waited on), bounded in size.
    """
    _matplotlib()
    from matplotlib import font_manager

    # A missing weight or glyph falls back quietly; a build's output is not the place for it.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    for path in sorted((folder / "fonts").glob("Inter-*.[ot]tf")):
        relative = path.relative_to(folder).as_posix()
        shown = f"{folder.name}/{relative}"
        try:
            open_regular(folder, relative, MAX_FONT_BYTES)
        except UnreadableFile as exc:
            said = exc.message.replace(f"'{relative}'", f"'{shown}'", 1)
            raise UnreadableFile(f"font {said}", exc.fix) from None
        try:
            font_manager.fontManager.addfont(os.path.realpath(path))
        except (RuntimeError, OSError, ValueError) as exc:
            raise UnreadableFile(
                f"font '{shown}' is not a font file matplotlib can read ({exc})",
                "replace it with the font file it is named for, or remove it",
            ) from None


def _thousands(value: float, _pos: int | None = None) -> str:
    return f"{value:,.0f}"


BAR_LEFT_IN = 1.05  # room for the labels beside the bars, and the axis name beside them


def _bar_left(series: Series) -> float:
    """Return the room the bars' labels need on their left, in inches: 1.05 at least.

    Measured in the chart's own font, so that a long label ("Central America and Mexico")
    moves the bars right rather than running off the drawing's edge, cut.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(size=FONT_SIZE)
    widest = max(
        text_to_path.get_text_width_height_descent(p.label, font, ismath=False)[0]
        for p in series.points
    )
    # Tick padding and the edge's margin; the axis name, set sideways, takes a line more.
    needed = widest / 72 + 0.12 + (0.2 if series.axis else 0.0)
    return max(BAR_LEFT_IN, needed)


def _bar(fig: Any, series: Series) -> None:
    points = list(reversed(series.points))  # the first point on top
    ax = fig.add_axes(_frame(series, left=_bar_left(series)))
    values = [p.value for p in points]
    ax.barh(range(len(points)), values, height=0.62, color=BAR)
    ax.set_yticks(range(len(points)), [p.label for p in points])
    top = max(values) or 1
    ax.set_xlim(0, top * 1.16)  # bars start at zero; room at the end for the values
    for i, value in enumerate(values):
        ax.text(value + top * 0.01, i, shown(value), va="center", ha="left", color=INK)
    ax.xaxis.set_major_formatter(_thousands)
    ax.set_xlabel(series.unit)
    if series.axis:
        ax.set_ylabel(series.axis)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


LINE_LEFT_IN = 0.75
# Labels on a line chart's time axis closer than this (in inches) are set at a slant.
CROWDED_IN = 0.7


def _dated(series: Series) -> list[tuple[int, Point]]:
    """Return a line chart's points by date, each with its day number."""
    # Check refuses a line chart with an undated point; drawing skips one all the same.
    dated = [(p.date.toordinal(), p) for p in series.points if p.date is not None]
    return sorted(dated, key=lambda pair: pair[0])


def _crowded(series: Series) -> bool:
    """Tell whether a line chart's time labels would run into each other set level."""
    days = [day for day, _ in _dated(series)]
    span = (days[-1] - days[0]) if len(days) > 1 else 0
    if series.chart != "line" or not span:
        return False
    width = WIDTH_IN - LINE_LEFT_IN - RIGHT_IN
    return min(b - a for a, b in itertools.pairwise(days)) / span * width < CROWDED_IN


def _line(fig: Any, series: Series) -> None:
    points = [p for _, p in _dated(series)]
    days = [day for day, _ in _dated(series)]
    values = [p.value for p in points]
    ax = fig.add_axes(_frame(series, left=LINE_LEFT_IN))
    crowded = _crowded(series)
    gaps = [b - a for a, b in itertools.pairwise(days)]
    shortest = min(gaps) if gaps else 0
    uneven = False
    for i, gap in enumerate(gaps):
        long = gap > shortest * UNEVEN
        uneven |= long
        ax.plot(
            days[i : i + 2],
            values[i : i + 2],
            color=BAR,
            linestyle="--" if long else "-",
            linewidth=1.0 if long else 1.4,
        )
    ax.plot(days, values, "o", color=BAR, markersize=3.5)
    top = max(values) or 1
    ax.set_ylim(0, top * 1.25)  # from zero, so the slope is not exaggerated
    for x, value in zip(days, values, strict=True):
        size = FONT_SIZE - 1 if crowded else FONT_SIZE
        ax.text(
            x, value + top * 0.05, shown(value), ha="center", va="bottom", color=INK, fontsize=size
        )
    ax.set_xticks(days, [p.label for p in points])
    if crowded:
        ax.tick_params(axis="x", labelrotation=35)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.yaxis.set_major_formatter(_thousands)
    ax.set_ylabel(series.unit)
    if series.axis:
        ax.set_xlabel(series.axis)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if uneven:
        fig.text(
            0.99,
            0.02,
            "Points are unevenly spaced in time; dashed lines span gaps with no values shown.",
            ha="right",
            va="bottom",
            color=MUTED,
            fontsize=FONT_SIZE - 1,
        )


# Margins around the plot, in inches: room for the title above, the value axis and its
# label (and a line chart's note) below, and the values past the longest bar on the right.
TOP_IN, BOTTOM_IN, RIGHT_IN = 0.3, 0.46, 0.2


def height_in(series: Series) -> float:
    """Return the drawn height of a series' chart in inches: a bar chart grows by its bars."""
    plot = 1.1 if series.chart == "line" else 0.24 * len(series.points)
    return TOP_IN + plot + BOTTOM_IN + _below(series)


def _below(series: Series) -> float:
    """Return the room a line chart needs under its axis: its note, and slanted labels."""
    if series.chart != "line":
        return 0.0
    return 0.12 + (0.25 if _crowded(series) else 0.0)


def _frame(series: Series, left: float) -> tuple[float, float, float, float]:
    """Return the plot's rectangle in figure fractions, from margins in inches."""
    height = height_in(series)
    bottom = BOTTOM_IN + _below(series)
    plot = height - TOP_IN - bottom
    return (left / WIDTH_IN, bottom / height, 1 - (left + RIGHT_IN) / WIDTH_IN, plot / height)


# Where drawings made by an earlier process are kept (the build's cache, set by the build):
# (fetch, keep), each given the series and its templates folder. Drawing is the same bytes
# for the same series, fonts and matplotlib, so a kept drawing spares importing matplotlib.
Drawings = tuple[Callable[[Series, Path], str | None], Callable[[Series, Path, str], None]]
drawings: Drawings | None = None


@cache
def svg(series: Series, folder: Path) -> str:
    """Draw a series as an SVG element to put inline in HTML; the same bytes for the same series."""
    if drawings is not None:
        kept = drawings[0](series, folder)
        if kept is not None:
            return kept
    drawn = _draw(series, folder)
    if drawings is not None:
        drawings[1](series, folder, drawn)
    return drawn


def _draw(series: Series, folder: Path) -> str:
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    _fonts(folder)
    with matplotlib.rc_context(), warnings.catch_warnings():
        # A glyph Inter lacks (a flag) falls back quietly: matplotlib's warning would print
        # its own source lines to the person running the build.
        warnings.simplefilter("ignore")
        # From matplotlib's own defaults, whatever the user's settings say: the same drawing
        # on every machine, and no setting (text.usetex) that runs a program.
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(_rc())
        fig = Figure(figsize=(WIDTH_IN, height_in(series)))
        (_line if series.chart == "line" else _bar)(fig, series)
        # Title in the figure's top left, above the axes, in the heading weight.
        top = 1 - 0.04 / height_in(series)
        fig.text(
            0.01,
            top,
            series.title,
            ha="left",
            va="top",
            fontsize=FONT_SIZE + 1,
            fontweight="semibold",
            color=INK,
        )
        out = io.StringIO()
        fig.savefig(
            out,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    return _inline(out.getvalue(), series)


def _inline(text: str, series: Series) -> str:
    """Turn matplotlib's SVG document into an element fit to sit inside an HTML page."""
    start = text.index("<svg")
    body = text[start:]
    body = re.sub(r"\s*<metadata>.*?</metadata>", "", body, flags=re.DOTALL)
    # Ids stay unique when one page holds two charts: matplotlib's depend on the drawing only.
    body = re.sub(r'(id="|url\(#|href="#)', rf"\g<1>{series.id}-", body)
    # The <title> names the drawing for screen readers, and WeasyPrint makes it the tagged
    # PDF's Alt text for the figure.
    title = f"<title>{escape(alt_text(series))}</title>"
    head = body.index(">") + 1
    body = body[:head].replace("<svg ", '<svg role="img" ', 1) + title + body[head:]
    return body.strip()


def svg_markup(series: Series, folder: Path) -> Markup:
    """Return a chart's SVG as markup for a template."""
    return Markup(svg(series, folder))


def markdown_table(series: Series, notes: tuple[int, ...], escape_md: Any) -> str:
    """Return a chart as Markdown: its title with the note calls, and a table of its values."""
    calls = "".join(f"[^{n}]" for n in notes)
    head = escape_md(series.axis or "")
    unit = escape_md(series.unit[:1].upper() + series.unit[1:])
    rows = [f"**{escape_md(series.title)}**{calls}", "", f"| {head} | {unit} |", "| --- | ---: |"]
    rows += [f"| {escape_md(p.label)} | {shown(p.value)} |" for p in series.points]
    return "\n".join(rows)


def values_text(series: Series) -> str:
    """Say a chart's values as a sentence: its caption, read in the HTML and tagged PDF."""
    unit = series.unit[:1].upper() + series.unit[1:]
    values = "; ".join(f"{p.label}, {shown(p.value)}" for p in series.points)
    return f"{unit}: {values}."


def alt_text(series: Series) -> str:
    """Say what a chart shows, title and values, for a screen reader's description of it."""
    return f"{series.title}. {values_text(series)}"
