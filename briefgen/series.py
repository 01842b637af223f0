"""Data series: numbers worth a picture, read from the catalog and checked like facts.

A series is one measure in one unit; every point carries its source and the exact words that
give its value. Check proves the words are in the snapshot and the value in the words, and
points at what a machine can see of a dishonest chart: a point whose words count something
else, a hedged figure drawn as exact, a period the words do not state, a point the brief
could not have known.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from .errors import closest
from .model import Brief, Catalog, Finding, Loc, Point, Series
from .snapshots import Archives, evidence_verbatim, numbers_in

CHART_KINDS: tuple[str, ...] = ("bar", "line")
# Words a unit may carry that say nothing of what is counted.
_UNIT_STOP = frozenset((
    "per", "a", "an", "the", "of", "in", "at", "by", "each", "every", "day", "days", "week",
    "weeks", "month", "months", "year", "years", "fiscal", "fy", "total", "number", "count",
))  # fmt: skip
# A hedge just before a figure makes it not a value to draw as exact.
_HEDGE_BEFORE = re.compile(
    r"(?:nearly|almost|about|around|roughly|approximately|some|over|more than|less than|"
    r"fewer than|at least|up to|as many as|close to|just under|just over|an estimated|"
    r"estimated|upwards of)\s+$",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
MIN_EVIDENCE_WORDS = 4  # as for a fact's evidence: one word proves nothing


def _error(loc: Loc, message: str, fix: str, subject: str) -> Finding:
    return Finding(loc, "error", message, fix, subject)


def _warning(loc: Loc, message: str, fix: str, subject: str, rule: str) -> Finding:
    return Finding(loc, "warning", message, fix, subject, rule)


def number_text(value: float) -> str:
    """Write a value as numbers_in() reads one: digits, no separators."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def shown(value: float) -> str:
    """Write a value as a reader reads it: 301,981."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _unit_words(unit: str) -> set[str]:
    words = re.findall(r"[a-z]+", unit.lower())
    return {w[:6] for w in words if w not in _UNIT_STOP and len(w) > 2}


def _counts_unit(evidence: str, unit: str) -> bool:
    wanted = _unit_words(unit)
    if not wanted:
        return True
    found = {w[:6] for w in re.findall(r"[a-z]+", evidence.lower())}
    return bool(wanted & found)


def _hedge_of(evidence: str, value: float) -> str:
    """Return the hedge the evidence puts before the value ("nearly 150,000"), or ""."""
    wanted = number_text(value)
    for m in _FIGURE.finditer(evidence):
        if m.group(0).replace(",", "").rstrip(".") != wanted:
            continue
        hedge = _HEDGE_BEFORE.search(evidence[max(0, m.start() - 20) : m.start()])
        if hedge:
            return " ".join(f"{hedge.group(0)}{m.group(0)}".split())
        return ""
    return ""


def series_rules(series: Series, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check a series: each value in its evidence, the evidence verbatim, one unit, dated."""
    sid = series.id
    for i, key in enumerate(series.topics):
        if key not in catalog.topics:
            near = closest(key, list(catalog.topics), 1)
            yield _error(
                series.locs.get(f"topics[{i}]", series.loc),
                f"series '{sid}': unknown topic '{key}'",
                f"did you mean '{near[0]}'?" if near else "add it under topics:",
                sid,
            )
    if sid in catalog.facts or sid in catalog.quotes:
        yield _error(
            series.loc,
            f"series id '{sid}' is also a fact or quote id",
            "rename one: every id in the catalog names one thing",
            sid,
        )
    seen: dict[str, Point] = {}
    for p in series.points:
        yield from _point_rules(series, p, catalog, archives)
        if p.label in seen:
            yield _error(
                p.locs.get("label", p.loc),
                f"series '{sid}': label '{p.label}' is given twice",
                f"the first is at line {seen[p.label].loc.line}; one bar per label",
                sid,
            )
        seen.setdefault(p.label, p)
    sources = sources_of_series(series)
    if len(sources) > 1:
        yield _warning(
            series.loc,
            f"series '{sid}' draws from {len(sources)} sources ({', '.join(sources)}), which "
            "may define the measure differently",
            "check each counts the same thing over the same span, then accept the warning; "
            "or split the series",
            sid,
            "mixed-sources",
        )
    if series.chart == "line":
        undated = [p.label for p in series.points if p.date is None]
        if undated:
            yield _error(
                series.locs.get("chart", series.loc),
                f"series '{sid}' is a line chart, but point{'s'[: len(undated) > 1]} "
                f"{', '.join(undated)} {'has' if len(undated) == 1 else 'have'} no date",
                "give every point a date, or make it chart: bar",
                sid,
            )


def _point_rules(
    series: Series, p: Point, catalog: Catalog, archives: Archives
) -> Iterator[Finding]:
    sid, c = series.id, p.cite
    where = f"series '{sid}' point '{p.label}'"
    if len(c.evidence.split()) < MIN_EVIDENCE_WORDS:
        yield _error(
            c.evidence_loc,
            f"{where}: evidence '{c.evidence}' is too short to show what the source says",
            f"quote the clause that gives the value ({MIN_EVIDENCE_WORDS} words at least)",
            sid,
        )
    if number_text(p.value) not in numbers_in(c.evidence):
        yield _error(
            p.locs.get("value", p.loc),
            f"{where}: value {shown(p.value)} is not in its evidence",
            "quote evidence that contains the figure, or correct the value",
            sid,
        )
    hedge = _hedge_of(c.evidence, p.value)
    if hedge:
        yield _warning(
            p.locs.get("value", p.loc),
            f"{where}: its evidence hedges the value (“{hedge}”), and a chart draws it as exact",
            "leave the point out, or chart only figures the source states exactly",
            sid,
            "hedge-dropped",
        )
    if not _counts_unit(c.evidence, series.unit):
        yield _warning(
            c.evidence_loc,
            f"{where}: its evidence does not count {series.unit}: a chart of one unit would "
            "mix measures",
            "cite words that count the series' unit, or chart this figure in its own series",
            sid,
            "mixed-units",
        )
    if p.date is not None and str(p.date.year) not in c.evidence:
        yield _warning(
            p.locs.get("date", p.loc),
            f"{where}: its evidence does not state the year of its date ({p.date})",
            "quote the words that give the period the value covers",
            sid,
            "period-unstated",
        )
    source = catalog.sources.get(c.source)
    if source is None:
        if c.source not in catalog.invalid:
            near = closest(c.source, list(catalog.sources), 1)
            yield _error(
                c.loc,
                f"{where} cites unknown source '{c.source}'",
                f"did you mean '{near[0]}'?" if near else "add the source to sources:",
                sid,
            )
        return
    yield from evidence_verbatim(where, sid, c, source, archives)
    if p.date is not None and p.date > source.published:
        yield _error(
            p.locs.get("date", p.loc),
            f"{where} is dated {p.date}, after its source ({source.published})",
            "date it when it was true, on or before publication",
            sid,
        )
    if source.reliability == "low":
        yield _warning(
            p.loc,
            f"{where} rests on a low-reliability source alone",
            "chart figures from a better source, or drop the point",
            sid,
            "low-reliability-only",
        )


# -- briefs ------------------------------------------------------------------------------


def known_points(series: Series, catalog: Catalog, as_of: dt.date) -> tuple[Point, ...]:
    """Return the points a brief cut off at `as_of` could know: dated and published by then."""
    out = []
    for p in series.points:
        source = catalog.sources.get(p.cite.source)
        if source is None or source.published > as_of:
            continue
        if p.date is not None and p.date > as_of:
            continue
        out.append(p)
    return tuple(out)


def tagged_series(keys: Iterable[str], catalog: Catalog) -> list[Series]:
    """Return the series tagged with any of the topic keys, in catalog order."""
    wanted = set(keys)
    return [s for s in catalog.series.values() if wanted & set(s.topics)]


def _rank(series: Series) -> tuple[int, int, str]:
    return (series.priority, -series.date.toordinal(), series.id)


def select_charts(brief: Brief, catalog: Catalog, topic_keys: Iterable[str]) -> list[Series]:
    """Return the series a brief draws, each cut to the points it could know by its as_of.

    `charts:` names them, in order; without it an issue brief takes the series on its
    topics, best-ranked first, as it takes facts. A series with no point left is not drawn.
    """
    if brief.charts is not None:
        chosen = [catalog.series[i] for i in dict.fromkeys(brief.charts) if i in catalog.series]
    elif brief.kind == "issue":
        chosen = sorted(tagged_series(topic_keys, catalog), key=_rank)
    else:
        chosen = []
    out = []
    for s in chosen:
        points = known_points(s, catalog, brief.as_of)
        if points:
            out.append(s if points == s.points else dataclasses.replace(s, points=points))
    return out


def chart_rules(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief's charts: each names a series, and each point was known by as_of."""
    for i, series_id in enumerate(brief.charts or ()):
        loc = brief.locs.get(f"charts[{i}]", brief.locs.get("charts", brief.loc))
        series = catalog.series.get(series_id)
        if series is None:
            if series_id in catalog.invalid:
                continue
            near = closest(series_id, list(catalog.series), 1)
            yield Finding(
                loc,
                "error",
                f"brief '{brief.id}': unknown series '{series_id}'",
                f"did you mean '{near[0]}'?" if near else "see the series in sources.yaml",
            )
            continue
        known = known_points(series, catalog, brief.as_of)
        late = [p.label for p in series.points if p not in known]
        if late:
            gone = "the chart is left out" if not known else "they are left off the chart"
            yield Finding(
                loc,
                "warning",
                f"brief '{brief.id}': series '{series_id}' has points after as_of "
                f"{brief.as_of} ({', '.join(late)}); {gone}",
                "move as_of, or chart a series the brief could know",
                "",
                "point-after-as-of",
            )


def sources_of_series(series: Series) -> tuple[str, ...]:
    """Return the ids of the sources a series rests on, in point order."""
    return tuple(dict.fromkeys(p.cite.source for p in series.points))


def values_text(series: Series) -> str:
    """Say a chart's values as a sentence: its caption, read in the HTML and tagged PDF."""
    unit = series.unit[:1].upper() + series.unit[1:]
    values = "; ".join(f"{p.label}, {shown(p.value)}" for p in series.points)
    return f"{unit}: {values}."


def alt_text(series: Series) -> str:
    """Say what a chart shows, title and values, for a screen reader's description of it."""
    return f"{series.title}. {values_text(series)}"
