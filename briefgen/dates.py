"""Dates, read one way and written one way, wherever they come from.

A date in a catalog, a brief, a manifest or on the command line is `YYYY-MM-DD` (the editor
schemas' rule too): Python's fromisoformat alone would also take 20250610 and 2025-W24-2,
which the schemas and most readers do not. A moment (an embargo, `--now`) carries its UTC
offset, since a moment without one means something else on every machine.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")


def read_date(value: Any) -> dt.date | None:
    """Return the date a value holds (a date, or YYYY-MM-DD text), or None when it holds none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def read_moment(value: Any) -> dt.datetime | None:
    """Return the moment a value holds, with its UTC offset, or None when it holds none."""
    parsed: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and DATETIME_RE.match(value.strip()):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


def long_date(day: dt.date) -> str:
    """Format a date as readers write it: June 13, 2025."""
    return f"{day:%B} {day.day}, {day.year}"


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
