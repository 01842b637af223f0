"""Words of time in content: relative dates to make absolute, dates and years worked out.

Shared by the checks (which find them) and the plan (which marks what it shows). A relative
date ("yesterday", "last week", "on Wednesday", "in March", "mid-December", "two weeks ago",
"currently") means something only against a day the reader does not have. The vocabulary is
closed and built as families, each saying what to write instead, worked out from the day the
words were written (a source's publication, a brief's as_of) or the day they are about.
Expectations and their past forms are in expectations.py. It runs past 400 lines because the
vocabulary is closed and kept whole in one place, each family beside its fix.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .dates import long_date

_I = re.IGNORECASE
MONTHS = tuple(calendar.month_name[1:])
WEEKDAYS = tuple(calendar.day_name)
# Abbreviations as news style writes them, with or without the stop.
_MONTH_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = "|".join([*MONTHS, *(f"{a.title()}\\.?" for a in _MONTH_ABBR)])
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Relative:
    """A relative date in a text: its family, where it is, and what to write instead."""

    family: str  # day | period | weekday | month | season | ago | now
    start: int
    end: int
    words: str
    fix: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """The days a text's relative dates count from.

    `said` is when the words were written (a source's publication, a brief's as_of): today,
    yesterday, last week count from it. `about` is the day they are about (the item's date):
    a bare month takes the year nearest it. `what` names `said` in a fix.
    """

    said: dt.date
    about: dt.date
    what: str  # what `said` is: "the publication date of 'wire'"

    @property
    def label(self) -> str:
        """Name the day counted from, for a fix: "the brief's as_of, June 13, 2025"."""
        return f"{self.what}, {long_date(self.said)}"


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()
    for i, name in enumerate(MONTHS, 1):
        if name.lower() == word:
            return i
    return _MONTH_ABBR[word[:4] if word.startswith("sept") else word[:3]]


def _nearest_year(month: int, about: dt.date, when: str = "") -> int:
    """Return the year of `month` nearest to `about` (before it for 'last', after for 'next')."""
    here = about.year * 12 + about.month - 1
    years = [about.year - 1, about.year, about.year + 1]
    if when == "last":
        years = [y for y in years if y * 12 + month - 1 < here]
    elif when == "next":
        years = [y for y in years if y * 12 + month - 1 > here]
    elif when == "this":
        return about.year
    return min(years, key=lambda y: (abs(y * 12 + month - 1 - here), y))


def _week_of(day: dt.date) -> str:
    monday = day - dt.timedelta(days=day.weekday())
    return f"the week of {long_date(monday)}"


def _month_year(day: dt.date) -> str:
    return f"{day:%B} {day.year}"


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# -- the families -----------------------------------------------------------------------------

_DAY_WORDS = re.compile(
    r"(?<![\w-])(?:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|"
    r"today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))(?![\w-])",
    _I,
)
_DAY_SHIFT = {
    "the day before yesterday": -2, "yesterday": -1, "last night": -1, "today": 0,
    "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1,
    "the day after tomorrow": 2,
}  # fmt: skip


def _day_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _DAY_WORDS.finditer(text):
        words = " ".join(m.group(0).lower().split())
        day = anchor.said + dt.timedelta(days=_DAY_SHIFT[words])
        fix = f"write the date: {words} is {long_date(day)}, counted from {anchor.label}"
        yield Relative("day", m.start(), m.end(), m.group(0), fix)


_UNITS = "week|weekend|month|year|quarter|decade|fiscal\\s+year"
_PERIOD = re.compile(
    rf"(?<![\w-])(?:(?:earlier|later)\s+this\s+(?:week|month|year)|"
    rf"(?:last|next|this|past|coming)\s+(?:{_UNITS})|"
    r"(?:the\s+)?(?:coming|next|past|last|recent)\s+(?:few\s+|several\s+|couple\s+of\s+|"
    r"\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|twelve)\s+)?"
    r"(?:days|weeks|months|years)|year\s+to\s+date|so\s+far\s+this\s+(?:week|month|year))"
    r"(?![\w-])",
    _I,
)


def _period_fix(words: str, anchor: Anchor) -> str:
    said = anchor.said
    m = re.fullmatch(
        r"(?:(earlier|later)\s+)?(last|next|this|past|coming)\s+(\w+(?:\s+year)?)", words
    )
    if m:
        which, unit = m.group(2), m.group(3)
        step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[which]
        if unit in ("week", "weekend"):
            shown = _week_of(said + dt.timedelta(days=7 * step))
            return f"write '{shown}' ({words} counted from {anchor.label})"
        if unit == "month":
            shown = _month_year(_shift_month(said, step))
            return f"write '{shown}' ({words} counted from {anchor.label})"
        if unit in ("year", "fiscal year"):
            year = said.year + step
            shown = str(year) if unit == "year" else f"fiscal year {year}"
            return f"write '{shown}' ({words} counted from {anchor.label}; check which it means)"
    return f"give the dates it covers, e.g. 'since {long_date(said)}', counted from {anchor.label}"


def _period_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _PERIOD.finditer(text):
        words = " ".join(m.group(0).lower().split())
        yield Relative("period", m.start(), m.end(), m.group(0), _period_fix(words, anchor))


_WEEKDAY = re.compile(
    rf"(?<![\w-])(?:(last|next|this)\s+)?({'|'.join(WEEKDAYS)})(?:'s|’s|s)?(?![\w-])"
    rf"(?!,?\s+(?:{_MONTH_WORD})\s+\d|,?\s+\d{{1,2}}\s+(?:{_MONTH_WORD})|\s*\((?:{_MONTH_WORD}))"
)
# A weekday in a name is no date: Super Tuesday, Black Friday, Good Friday.
_NAMED_DAY = re.compile(r"(?:Super|Black|Good|Cyber|Ash|Holy|Easter|Giving|Bloody)\s+$")


def _weekday_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _WEEKDAY.finditer(text):
        if _NAMED_DAY.search(text[: m.start()]):
            continue
        which, name = (m.group(1) or "").lower(), m.group(2)
        target = WEEKDAYS.index(name)
        back = (anchor.said.weekday() - target) % 7
        before = anchor.said - dt.timedelta(days=back or 7)
        after = anchor.said + dt.timedelta(days=(target - anchor.said.weekday()) % 7 or 7)
        if which == "last":
            fix = f"write the date: the {name} before {anchor.label} is {long_date(before)}"
        elif which == "next":
            fix = f"write the date: the {name} after {anchor.label} is {long_date(after)}"
        elif back == 0:
            fix = f"write the date: {anchor.label} is itself a {name}, {long_date(anchor.said)}"
        else:
            fix = (
                f"write the date: the {name} before {anchor.label} is {long_date(before)}, "
                f"the one after it {long_date(after)}"
            )
        yield Relative("weekday", m.start(), m.end(), m.group(0), fix)


# A month is absolute when a year follows it (after a day, or a run of months: "June and
# July 2024"), or when a day and a year precede it ("27 December 2023").
_MONTH = re.compile(
    rf"(?<![\w-])(?:(last|next|this)\s+)?((?:(?:early|mid|late)-?\s*)?)({_MONTH_WORD})"
    rf"(?:['’]s|\s+({_DAY})(?!\d|[.,]\d))?(?![\w-])"
)
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: "June 2-4, 2024"
_MONTH_TAIL = re.compile(
    rf"^(?:,?\s+{_DAY})?(?:,?\s*(?:of\s+)?{_YEAR}|(?:\s*(?:,|and|or|to|through|until|[{_DASHES}])"
    rf"\s*(?:(?:early|mid|late)-?\s*)?(?:{_MONTH_WORD})(?:\s+{_DAY})?)+,?\s+(?:of\s+)?{_YEAR}|"
    rf"(?:\s*[{_DASHES}]\s*|\s+(?:to|through|until|and)\s+)\d{{1,2}},?\s+{_YEAR})"
)
_DAY_FIRST = re.compile(r"(?<![\w-])\d{1,2}\s+$")
# Month names that are also given names or words: a capitalized word before them makes a name
# ("Theresa May", "Brig. Gen. April Smith"), not a date.
_NAME_MONTHS = frozenset(("May", "June", "April", "August", "March"))
_NOT_A_NAME = frozenset((
    "In", "On", "By", "Since", "Until", "Through", "From", "During", "Early", "Late", "Mid",
    "Last", "Next", "This", "And", "Or", "Of", "To", "Before", "After", "Between", "The",
))  # fmt: skip


def _month_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _MONTH.finditer(text):
        which, prefix, name, day = m.group(1), m.group(2), m.group(3), m.group(4)
        if _MONTH_TAIL.match(text[m.end() :]) or _YEAR_AFTER_DAY_FIRST(text, m):
            continue
        if name == "May" and not (which or prefix or day) and _modal_may(text, m.start()):
            continue
        if name in _NAME_MONTHS and not (which or prefix):
            before = re.search(r"([A-Z][\w.]*)\s+$", text[: m.start()])
            if before and before.group(1) not in _NOT_A_NAME:
                continue
        month = _month_number(name)
        year = _nearest_year(month, anchor.about, (which or "").lower())
        lead = " ".join(prefix.split()) if prefix else ""
        if lead and not lead.endswith("-"):
            lead += " "
        shown = f"{lead}{MONTHS[month - 1]}" + (f" {day.rstrip('stndrh')}," if day else "")
        fix = f"write '{shown} {year}' (the year nearest {long_date(anchor.about)}; check it)"
        yield Relative("month", m.start(), m.end(), m.group(0), fix)


def month_days(text: str) -> set[tuple[int, int]]:
    """Return the (month, day) pairs a text names, with or without a year.

    "July 12", "12 July", "Dec. 27th": the reader of dates the rest of this module uses.
    """
    found = set()
    for m in _MONTH.finditer(text):
        first = _DAY_FIRST.search(text[: m.start()])
        day = m.group(4) or (first.group(0) if first else None)
        if day:
            found.add((_month_number(m.group(3)), int(day.strip().rstrip("stndrh"))))
    return found


def _YEAR_AFTER_DAY_FIRST(text: str, m: re.Match[str]) -> bool:
    # "27 December 2023": the day comes first, the year after the month.
    return bool(
        _DAY_FIRST.search(text[: m.start()]) and re.match(rf"^,?\s+{_YEAR}", text[m.end() :])
    )


def _modal_may(text: str, at: int) -> bool:
    """Tell 'May' the verb ("May I ask") at a sentence's start from the month."""
    before = text[:at].rstrip()
    return not before or before.endswith((".", "!", "?", ":", "“", '"'))


_SEASON = re.compile(
    r"(?<![\w-])(?:in|during|by|this|last|next|until|through|over|early|late|mid-?)\s+"
    r"(?:the\s+)?(spring|summer|fall|autumn|winter)(?![\w-])(?!\s+(?:of\s+)?(?:19|20)\d{2})",
    _I,
)


def _season_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _SEASON.finditer(text):
        season = m.group(1).lower()
        fix = f"write '{season} {anchor.about.year}' or the months (check the year)"
        yield Relative("season", m.start(), m.end(), m.group(0), fix)


_AGO = re.compile(
    r"(?<![\w-])(?:(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a\s+few|few|several|some)\s+)?(day|week|month|year|decade)s?\s+ago(?![\w-])",
    _I,
)


def _ago_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _AGO.finditer(text):
        count = (m.group(1) or "").lower()
        n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count)
        unit = m.group(2).lower()
        if n is None:
            fix = f"give the date it happened (counted back from {anchor.label})"
        else:
            if unit in ("day", "week"):
                day = anchor.said - dt.timedelta(days=n * (7 if unit == "week" else 1))
                shown = long_date(day) if unit == "day" else _week_of(day)
            elif unit == "month":
                shown = _month_year(_shift_month(anchor.said, -n))
            else:
                shown = str(anchor.said.year - n * (10 if unit == "decade" else 1))
            fix = f"write '{shown}' ({m.group(0)} counted from {anchor.label})"
        yield Relative("ago", m.start(), m.end(), m.group(0), fix)


_NOW = re.compile(
    r"(?<![\w-])(?:now|nowadays|currently|at\s+present|presently|recently|lately|to\s+date|"
    r"these\s+days|as\s+yet|so\s+far)(?![\w-])",
    _I,
)


def _now_family(text: str, anchor: Anchor) -> Iterator[Relative]:
    for m in _NOW.finditer(text):
        fix = f"say when: 'as of {long_date(anchor.said)}' ({anchor.label})"
        yield Relative("now", m.start(), m.end(), m.group(0), fix)


# Each family, with words one of which its every match holds (lowercased): a family whose
# words a text lacks is not searched, which keeps a check of 100,000 facts quick.
FAMILIES: tuple[tuple[Callable[[str, Anchor], Iterator[Relative]], tuple[str, ...]], ...] = (
    (_day_family, ("yesterday", "today", "tonight", "tomorrow", "last night", "this ")),
    (_period_family, ("last", "next", "this", "past", "coming", "recent", "to date", "so far")),
    (_weekday_family, tuple(d.lower() for d in WEEKDAYS)),
    (_month_family, (*(m.lower() for m in MONTHS), *_MONTH_ABBR)),
    (_season_family, ("spring", "summer", "fall", "autumn", "winter")),
    (_ago_family, ("ago",)),
    (
        _now_family,
        ("now", "current", "present", "recent", "lately", "to date", "days", "yet", "far"),
    ),
)


# One search in C per family, not a loop of substring tests in Python.
_GATED = tuple((family, re.compile("|".join(map(re.escape, words)))) for family, words in FAMILIES)


def relative_dates(text: str, anchor: Anchor) -> list[Relative]:
    """Return the relative dates in a text, in reading order, none inside another."""
    lower = text.lower()
    found = sorted(
        (r for family, gate in _GATED if gate.search(lower) for r in family(text, anchor)),
        key=lambda r: (r.start, -r.end),
    )
    out: list[Relative] = []
    for r in found:
        if out and r.start < out[-1].end:
            continue  # "next week" is a period; its "next" is not another finding
        out.append(r)
    return out


# -- years a text states ----------------------------------------------------------------------

_RANGE_TO = rf"\s*[{_DASHES}]\s*|\s+(?:to|through|until|and)\s+"
_DATE_IN_TEXT = re.compile(
    # a span of days: "June 2-8, 2025", "June 2 to June 8, 2025", "2-8 June 2025"
    rf"(?:(?:{_MONTH_WORD})\s+(?P<from1>\d{{1,2}})(?:{_RANGE_TO})(?:(?:{_MONTH_WORD})\s+)?"
    rf"(?P<to1>\d{{1,2}}),?\s+(?P<year4>{_YEAR})|"
    rf"(?<![\w$.,-])(?P<from2>\d{{1,2}})(?:\s+(?:{_MONTH_WORD}))?(?:{_RANGE_TO})"
    rf"(?P<to2>\d{{1,2}})\s+(?:{_MONTH_WORD})\s+(?P<year5>{_YEAR})|"
    # a day, or a year alone
    rf"(?:{_MONTH_WORD})\s+(?P<day>\d{{1,2}}),?\s+(?P<year1>{_YEAR})|"
    rf"(?P<day2>\d{{1,2}})\s+(?:{_MONTH_WORD})\s+(?P<year2>{_YEAR})|"
    rf"(?<![\w$.,-])(?P<year3>{_YEAR})(?![\w%-]|[.,]\d))"
)


@dataclass(frozen=True, slots=True)
class Dated:
    """A date or year written in a text: where it ends, its year and its days (if it has any).

    A span of days ("June 2-8, 2025") has both of its days; a day, one; a year alone, none.
    """

    end: int
    year: str
    days: tuple[str, ...]
    start: int = 0


def dates_in(text: str) -> list[Dated]:
    """Return the dates ('December 20, 2023', 'June 2-8, 2025') and years written in a text."""
    out = []
    for m in _DATE_IN_TEXT.finditer(text):
        g = m.groupdict()
        year = next(g[k] for k in ("year1", "year2", "year3", "year4", "year5") if g[k])
        days = tuple(g[k] for k in ("from1", "to1", "from2", "to2", "day", "day2") if g[k])
        out.append(Dated(m.end(), year, days, m.start()))
    return out


_DAY_NAMED = re.compile(
    rf"(?P<m1>{_MONTH_WORD})\s+(?P<a>\d{{1,2}})(?:(?:{_RANGE_TO})(?:(?P<m2>{_MONTH_WORD})\s+)?"
    rf"(?P<d1>\d{{1,2}}))?,?\s+(?P<y1>{_YEAR})|"
    rf"(?<![\w$.,-])(?P<d2>\d{{1,2}})\s+(?P<m3>{_MONTH_WORD})\s+(?P<y2>{_YEAR})"
)


def days_named(text: str) -> list[dt.date]:
    """Return the days a text names in full ("December 18, 2023"; a span, by its last day)."""
    out = []
    for m in _DAY_NAMED.finditer(text):
        month = m.group("m2") or m.group("m1") or m.group("m3")
        day = m.group("d1") or m.group("a") or m.group("d2")
        year = m.group("y1") or m.group("y2")
        try:
            out.append(dt.date(int(year), _month_number(month), int(day)))
        except ValueError:
            continue  # "February 30": no day, and the number check says so
    return out


# -- dates worked out -------------------------------------------------------------------------


_MONTH_BEFORE = re.compile(rf"({_MONTH_WORD})\s*$", re.IGNORECASE)


def unbacked_dates(
    text: str, backed: set[str], words: str | None = None
) -> list[tuple[Dated, str]]:
    """Return each date or year of a text whose numbers `backed` lacks, with what to call it.

    A day the evidence does not give makes "date inferred"; a year alone, "year inferred",
    unless a month stands before it ("mid-December 2023") that the evidence, `words` when
    given, does not name either: the month was worked out too, and that is "date inferred".
    """
    out = []
    for d in dates_in(text):
        if any(day not in backed for day in d.days):
            out.append((d, "date inferred"))
        elif d.year not in backed:
            mark = "year inferred"
            if words is not None and not d.days:
                month = _MONTH_BEFORE.search(text[: d.start])
                if month and month.group(1).rstrip(".").lower() not in words.lower():
                    mark = "date inferred"
            out.append((d, mark))
    return out


def mark_inferred(text: str, marks: list[tuple[Dated, str]]) -> str:
    """Return the text with "(year inferred)" or "(date inferred)" after each date named."""
    for dated, mark in sorted(marks, key=lambda pair: pair[0].end, reverse=True):
        text = f"{text[: dated.end]} ({mark}){text[dated.end :]}"
    return text
