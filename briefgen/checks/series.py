"""Rule 12: a chart's numbers are checked like facts, and each is the figure for its period.

A series is one measure in one unit; every point carries its source and the exact words that
give its value. Check proves the words are in the snapshot and the value in the words, and
points at what a machine can see of a dishonest chart: a point whose words count something
else, a hedged figure drawn as exact, a period the words do not state, a point the brief
could not have known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog.query import known_points, meeting_day, source_known, sources_of_series
from ..catalog.snapshots import Archives
from ..dates import long_date
from ..errors import Finding, closest
from ..model import Brief, Catalog, Point, Series
from ..prose import number_text, numbers_in, shown
from .findings import error, warning
from .guesses import series_guesses
from .meeting import same_day
from .words import MIN_EVIDENCE_WORDS, evidence_verbatim

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


def _occurrences(evidence: str, value: float) -> list[re.Match[str]]:
    wanted = number_text(value)
    return [
        m for m in _FIGURE.finditer(evidence) if m.group(0).replace(",", "").rstrip(".") == wanted
    ]


def _is_year(m: re.Match[str]) -> bool:
    figure = m.group(0).rstrip(".")
    return bool(re.fullmatch(r"(?:19|20)\d{2}", figure))


_PERCENT_AFTER = re.compile(
    r"^\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE
)
_PERCENT_UNIT = re.compile(r"%|percent|per\s+cent|share|rate|proportion", re.IGNORECASE)


def _around(evidence: str, m: re.Match[str], words: int = 6) -> str:
    """Return the words around a figure in its sentence: what it counts."""
    before = re.split(r"[.;!?]\s", evidence[: m.start()])[-1].split()[-words:]
    after = re.split(r"[.;!?](?:\s|$)", evidence[m.end() :])[0].split()[:words]
    return " ".join([*before, m.group(0), *after])


def _figure_rules(series: Series, p: Point, where: str) -> Iterator[Finding]:
    """Check that a point's value is the figure for its period and unit, not a year or a share."""
    evidence = p.cite.evidence
    found = _occurrences(evidence, p.value)
    if found:
        counts = [
            m for m in found if not _is_year(m) and not _PERCENT_AFTER.match(evidence[m.end() :])
        ]
        percent_unit = bool(_PERCENT_UNIT.search(series.unit))
        if all(_is_year(m) for m in found):
            yield error(
                p.locs.get("value", p.loc),
                f"{where}: value {number_text(p.value)} is a year in its evidence, not a figure",
                "chart the figure the evidence gives for the period, not its year",
                series.id,
            )
        elif not counts and not percent_unit:
            share = _around(evidence, found[0], 2)
            yield error(
                p.locs.get("value", p.loc),
                f"{where}: value {shown(p.value)} is a percentage in its evidence (“{share}”), "
                f"and the series counts {series.unit}",
                "chart the count the evidence gives, or make a series whose unit is a percentage",
                series.id,
            )
        elif (
            counts
            and _counts_unit(evidence, series.unit)
            and not any(_counts_unit(_around(evidence, m), series.unit) for m in counts)
        ):
            yield warning(
                p.cite.evidence_loc,
                f"{where}: the words around {shown(p.value)} (“{_around(evidence, counts[0])}”) "
                f"do not count {series.unit}",
                "cite the words that give the figure in the series' unit, or chart it in a "
                "series of its own",
                series.id,
                "other-measure",
            )
    yield from _span_rules(series, p, where)


def _span_years(span: str) -> set[int]:
    """Return the calendar years a span covers: a fiscal year reaches into the one before."""
    years: set[int] = set()
    for m in re.finditer(r"(FY\s*|fiscal\s+year\s+)?((?:19|20)\d{2})\b", span, re.IGNORECASE):
        year = int(m.group(2))
        years |= {year - 1, year} if m.group(1) else {year}
    for m in re.finditer(r"\bFY\s*(\d{2})\b", span, re.IGNORECASE):
        year = 2000 + int(m.group(1))
        years |= {year - 1, year}
    return years


def _span_rules(series: Series, p: Point, where: str) -> Iterator[Finding]:
    """Check a point's period: stated by its evidence (span) or explained (period_note)."""
    if p.span is None:
        if p.period_note is None:
            yield warning(
                p.loc,
                f"{where} does not say the period its figure covers",
                "add span: the period as its evidence states it ('December 2023', 'FY2019', "
                "'since May 2024')",
                series.id,
                "span-unstated",
            )
        return
    at = p.locs.get("span", p.loc)
    have = set(re.findall(r"[\w']+", p.cite.evidence.lower()))
    missing = [w for w in re.findall(r"[\w']+", p.span.lower()) if w not in have]
    if missing and p.period_note is None:
        yield error(
            at,
            f"{where}: its span “{p.span}” is not in its evidence (no “{missing[0]}”)",
            "give the span as the evidence states it, or say how the period was established in "
            "period_note:",
            series.id,
        )
    years = _span_years(p.span)
    if p.date is not None and years and p.date.year not in years:
        yield error(
            at,
            f"{where}: its span “{p.span}” does not cover its date {p.date}",
            "correct the date or the span: a value is drawn at the time it covers",
            series.id,
        )


def series_rules(series: Series, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Check a series: each value in its evidence, the evidence verbatim, one unit, dated."""
    sid = series.id
    yield from series_guesses(series)
    for i, key in enumerate(series.topics):
        if key not in catalog.topics:
            near = closest(key, list(catalog.topics), 1)
            yield error(
                series.locs.get(f"topics[{i}]", series.loc),
                f"series '{sid}': unknown topic '{key}'",
                f"did you mean '{near[0]}'?" if near else "add it under topics:",
                sid,
            )
    if sid in catalog.facts or sid in catalog.quotes:
        yield error(
            series.loc,
            f"series id '{sid}' is also a fact or quote id",
            "rename one: every id in the catalog names one thing",
            sid,
        )
    seen: dict[str, Point] = {}
    for p in series.points:
        yield from _point_rules(series, p, catalog, archives)
        if p.label in seen:
            yield error(
                p.locs.get("label", p.loc),
                f"series '{sid}': label '{p.label}' is given twice",
                f"the first is at line {seen[p.label].loc.line}; one bar per label",
                sid,
            )
        seen.setdefault(p.label, p)
    sources = sources_of_series(series)
    if len(sources) > 1:
        yield warning(
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
            yield error(
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
        yield error(
            c.evidence_loc,
            f"{where}: evidence '{c.evidence}' is too short to show what the source says",
            f"quote the clause that gives the value ({MIN_EVIDENCE_WORDS} words at least)",
            sid,
        )
    if number_text(p.value) not in numbers_in(c.evidence):
        yield error(
            p.locs.get("value", p.loc),
            f"{where}: value {shown(p.value)} is not in its evidence",
            "quote evidence that contains the figure, or correct the value",
            sid,
        )
    yield from _figure_rules(series, p, where)
    hedge = _hedge_of(c.evidence, p.value)
    if hedge:
        yield warning(
            p.locs.get("value", p.loc),
            f"{where}: its evidence hedges the value (“{hedge}”), and a chart draws it as exact",
            "leave the point out, or chart only figures the source states exactly",
            sid,
            "hedge-dropped",
        )
    if not _counts_unit(c.evidence, series.unit):
        yield warning(
            c.evidence_loc,
            f"{where}: its evidence does not count {series.unit}: a chart of one unit would "
            "mix measures",
            "cite words that count the series' unit, or chart this figure in its own series",
            sid,
            "mixed-units",
        )
    if p.date is not None and str(p.date.year) not in c.evidence and not p.period_note:
        yield warning(
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
            yield error(
                c.loc,
                f"{where} cites unknown source '{c.source}'",
                f"did you mean '{near[0]}'?" if near else "add the source to sources:",
                sid,
            )
        return
    yield from evidence_verbatim(where, sid, c, source, archives)
    if p.date is not None and p.date > source.published:
        yield error(
            p.locs.get("date", p.loc),
            f"{where} is dated {p.date}, after its source ({source.published})",
            "date it when it was true, on or before publication",
            sid,
        )
    if source.reliability == "low":
        yield warning(
            p.loc,
            f"{where} rests on a low-reliability source alone",
            "chart figures from a better source, or drop the point",
            sid,
            "low-reliability-only",
        )


def chart_rules(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief's charts: each names a series, and each point was known by as_of.

    A point from a source published after as_of is an error, worded by that source's date
    (the point's own may be long before); one merely dated after it is left off, said so.
    """
    day = meeting_day(brief)
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
        known = known_points(series, catalog, brief.as_of, day)
        unpublished: dict[str, list[str]] = {}
        for p in series.points:
            source = catalog.sources.get(p.cite.source)
            if p not in known and source is not None and not source_known(source, brief.as_of, day):
                unpublished.setdefault(source.id, []).append(p.label)
        for sid, labels in unpublished.items():
            source = catalog.sources[sid]
            if source.published <= brief.as_of:  # the meeting's own day: said as such
                yield from same_day(brief, f"series '{series_id}'", (sid,), loc, catalog)
                continue
            many = len(labels) > 1
            fix = "chart a series the brief could know, or cite an earlier source, or move as_of"
            if brief.kind == "meeting":
                fix = (
                    "chart only what was published before the meeting: drop the series, or "
                    "cite an earlier source"
                )
            yield Finding(
                loc,
                "error",
                f"brief '{brief.id}': series '{series_id}' point{'s' * many} "
                f"{', '.join(labels)} cite{'' if many else 's'} '{sid}', published "
                f"{long_date(source.published)}, after as_of {brief.as_of}",
                fix,
            )
        late = [
            p.label for p in series.points if p not in known and p.cite.source not in unpublished
        ]
        if late:
            gone = "the chart is left out" if not known else "they are left off the chart"
            yield Finding(
                loc,
                "warning",
                f"brief '{brief.id}': series '{series_id}' has points after as_of "
                f"{brief.as_of} ({', '.join(late)}); {gone}",
                "move as_of, or chart a series the brief could know"
                if brief.kind != "meeting"
                else "chart a series the brief could know before its meeting",
                "",
                "point-after-as-of",
            )
