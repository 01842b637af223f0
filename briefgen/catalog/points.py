"""Reading data series from the catalog: the shape of a series and of its points."""

from __future__ import annotations

import re
from typing import Any

from ..errors import Finding, InvalidValue
from ..model import CHART_KINDS, Citation, Loc, Point
from .fields import (
    ACCEPT,
    ACCEPT_DOC,
    CITE_FIELDS,
    DATE,
    IDS,
    PRIORITY,
    SLUG,
    TEXT,
    Field,
    _accepts,
    _choice,
    _date,
    _id_list,
    _ident,
    _priority,
    _text,
    read_record,
)
from .yamlio import LList


def _value(value: Any) -> int | float:
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
    return value


POINT_FIELDS = (
    Field("label", _text, True, "what the axis shows: a month, a year, a nationality", TEXT),
    Field("date", _date, False, "when the value was true (a line chart places it by this)", DATE),
    Field(
        "value",
        _value,
        True,
        "the figure, in digits, as its evidence gives it",
        {"type": "number", "minimum": 0},
    ),
    Field(
        "cite",
        lambda v: v,
        True,
        "the source and its exact words giving the value",
        {"$ref": "#/definitions/citation"},
    ),
)

SERIES_FIELDS = (
    Field("id", _ident, True, "stable slug", SLUG),
    Field("title", _text, True, "the chart's title", TEXT),
    Field(
        "unit", _text, True, "what is counted, as the axis says it: 'encounters per month'", TEXT
    ),
    Field(
        "axis", _text, False, "what the labels are, for their axis: 'Month', 'Nationality'", TEXT
    ),
    Field("topics", _id_list, False, "topic keys", IDS),
    Field(
        "chart",
        _choice(CHART_KINDS),
        False,
        "bar (default) or line",
        {"type": "string", "enum": list(CHART_KINDS)},
    ),
    Field("priority", _priority, False, "1 (must) … 3 (nice to have)", PRIORITY),
    Field(
        "points",
        lambda v: v,
        True,
        "the values, each with its citation",
        {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/point"}},
    ),
    Field("accept", _accepts, False, ACCEPT_DOC, ACCEPT),
)


def read_points(raw: Any, loc: Loc, what: str, out: list[Finding]) -> tuple[Point, ...]:
    """Read a series' points; every problem is reported and the point left out."""
    if not isinstance(raw, LList) or not raw:
        out.append(
            Finding(
                loc,
                "error",
                f"{what}: 'points' should be a list of points",
                "write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under points:",
            )
        )
        return ()
    points = []
    for i, (body, item_loc) in enumerate(zip(raw, raw.item_locs, strict=True)):
        label = f"{what} point {i + 1}"
        values, locs, problems = read_record(body, POINT_FIELDS, item_loc, label)
        cite = values.pop("cite", None)
        citation = None
        if cite is not None:
            c_values, c_locs, c_problems = read_record(
                cite, CITE_FIELDS, locs.get("cite", item_loc), f"{label} cite"
            )
            problems += c_problems
            if not c_problems:
                where = getattr(cite, "loc", item_loc)
                citation = Citation(
                    c_values["source"], c_values["evidence"], where, c_locs["evidence"]
                )
        out.extend(problems)
        if not problems and citation is not None:
            points.append(Point(**values, cite=citation, loc=item_loc, locs=locs))
    return tuple(points)
