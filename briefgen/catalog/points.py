"""Data series in the catalog: the shape of a series and of its points, one model each.

A series is read like any record (reading.read_record); its points are `Nested` entries,
each with one citation, and a valid point becomes a model.Point. A key is added to a series
or a point as to any record: see fields.py.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from ..errors import InvalidValue
from ..model import Loc, Point
from .fields import CitationEntry
from .reading import Entry, Nested
from .values import (
    ACCEPT_DOC,
    TEXT,
    Accepts,
    ChartKind,
    Day,
    Priority,
    Slug,
    Slugs,
    Text,
    Value,
    short_text,
)
from .yamlio import LList


def parse_figure(value: Any) -> int | float:
    """Read a count or amount: a number of 0 or more, written in digits."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = str(value)
        if isinstance(value, str) and re.fullmatch(r"[\d,. ]+", value.strip()):
            plain = re.sub(r"[, ]", "", value.strip())
            raise InvalidValue(
                f"'{shown}' is text, not a number", f"write the number bare: {plain}"
            )
        raise InvalidValue(f"'{shown}' is not a number", "write the value in digits, e.g. 301981")
    if value < 0 or value != value or value in (float("inf"), float("-inf")):
        raise InvalidValue(f"'{value}' is not a count or amount", "write a value of 0 or more")
    if value > MAX_FIGURE:
        raise InvalidValue(
            f"{value:.4g} is over the largest figure a chart draws ({MAX_FIGURE:.0e})",
            "write the figure in a larger unit (billions, trillions) and say so in the title",
        )
    return value


# The largest value a chart draws: a world's GDP in dollars is about 1e14. Beyond it the
# axis arithmetic overflows (1.5e308 * 1.1 is inf), so check refuses it, at its line.
MAX_FIGURE = 10**15
# Points of one series: a page has room for a few dozen; more is a data dump, and drawing
# and checking 10,000 would take a minute.
MAX_POINTS = 500

# A point's label stands beside its bar or under its place on the time axis: the chart makes
# room for one this long (about 2.3 inches of the 6.9), not for a sentence.
MAX_LABEL = 40
# A chart's title is set on one line across the drawing (6.9 inches).
MAX_CHART_TITLE = 100


_MORE = " (the brief's text can say more)"
Label = Annotated[
    str,
    Value(
        short_text(MAX_LABEL, "a chart has room for a label of a few words", _MORE),
        {**TEXT, "maxLength": MAX_LABEL},
    ),
]
ChartTitle = Annotated[
    str,
    Value(
        short_text(MAX_CHART_TITLE, "a chart's title is set on one line", _MORE),
        {**TEXT, "maxLength": MAX_CHART_TITLE},
    ),
]

Figure = Annotated[
    int | float, Value(parse_figure, {"type": "number", "minimum": 0, "maximum": MAX_FIGURE})
]


class PointEntry(Entry):
    """One value of a series, with the source and exact words that give it."""

    model_config = ConfigDict(title="point")

    label: Label = Field(description="what the axis shows: a month, a year, a nationality")
    date: Day | None = Field(
        None, description="when the value was true (a line chart places it by this)"
    )
    value: Figure = Field(description="the figure, in digits, as its evidence gives it")
    span: Text | None = Field(
        None,
        description="the period the figure covers, as its evidence states it: 'December 2023', "
        "'FY2019', 'since May 2024'",
    )
    period_note: Text | None = Field(
        None, description="how the period was established, when the evidence does not state it"
    )
    cite: Annotated[CitationEntry, Nested("{what} cite", lambda item: item)] = Field(
        description="the source and its exact words giving the value"
    )

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> Point:
        """Make the Point, its citation made already."""
        return Point(**values, loc=loc, locs=locs)


def some_points(value: Any) -> Any:
    """Take a series' `points:` as a list of at least one point."""
    if not isinstance(value, LList) or not value:
        raise InvalidValue(
            "should be a list of points",
            "write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under points:",
        )
    if len(value) > MAX_POINTS:
        raise InvalidValue(
            f"has {len(value):,} points, over the {MAX_POINTS} a series may have",
            "keep the points the brief needs (a chart shows a few dozen), or split the series",
        )
    return value


Points = Annotated[
    tuple[PointEntry, ...],
    Nested(
        "{what} point {n}",
        lambda item: {"type": "array", "minItems": 1, "maxItems": MAX_POINTS, "items": item},
        some_points,
        absent_too=True,
    ),
]


class SeriesEntry(Entry):
    """Numbers worth a chart: one measure, one unit, every value with its evidence."""

    model_config = ConfigDict(title="series")

    id: Slug = Field(description="stable slug")
    title: ChartTitle = Field(description="the chart's title")
    unit: Text = Field(description="what is counted, as the axis says it: 'encounters per month'")
    axis: Text | None = Field(
        None, description="what the labels are, for their axis: 'Month', 'Nationality'"
    )
    topics: Slugs | None = Field(None, description="topic keys")
    chart: ChartKind | None = Field(None, description="bar (default) or line")
    priority: Priority | None = Field(None, description="1 (must) … 3 (nice to have)")
    points: Points = Field(description="the values, each with its citation")
    accept: Accepts | None = Field(None, description=ACCEPT_DOC)
