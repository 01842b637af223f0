"""How a generated page reads when its record is old: pure decisions on the catalog's words.

A page made at today's date from a record that ends months earlier must not read as today's
news. The rules here never rewrite a fact's words, a quote or evidence: they frame them.

- A fact older than the window whose words are in the present ("has condemned", "remain",
  "is pressuring", "the paper says") is introduced "As of June 2025: …": what it states held
  then, and the page cannot know whether it still does. An office title inside it ("Homeland
  Security Secretary Kristi Noem") is the title of that date, and the frame says so; "then-"
  would rewrite the words and claim that the title has since lapsed, which the catalog cannot
  know. A fact in the past tense is already of its time and keeps its date at its end.
- The record ends at the newest date the data is about: an event's date, a chart point's, or,
  for an analysis' fact dated by the day the analysis appeared, the newest period its words
  name ("in December 2024"), never the analysis' publication date alone.
- Two facts whose evidence is the same passage of one source are one thing said twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Catalog, Fact, Quote, Series
from ..timewords import MONTHS

# Words that put a sentence in the present: the verb "to be" and "to have" (so also the
# present perfect, "has condemned", and the progressive, "is pressuring"), states that hold
# ("remain", "continue"), aims ("seeks", "wants") and reporting in the present ("the paper
# says"). Closed families rather than a parser: each is tested, and a miss only leaves the
# sentence as it was, dated at its end.
_PRESENT_FAMILIES = {
    "be and have": "is are am has have does do",
    "states": "remain remains continue continues stay stays persist persists hold holds "
    "lead leads outnumber outnumbers exceed exceeds",
    "aims": "seek seeks want wants plan plans intend intends aim aims hope hopes "
    "oppose opposes support supports need needs expect expects",
    "reporting": "say says report reports judge judges find finds argue argues note notes "
    "estimate estimates warn warns list lists describe describes show shows conclude "
    "concludes call calls consider considers",
}
_PRESENT = re.compile(
    r"\b(" + "|".join(" ".join(_PRESENT_FAMILIES.values()).split()) + r")\b", re.IGNORECASE
)
# Before one of those words, these make it no tense of its own: "to remain", "will likely
# remain", "would hold", "the Notes".
_NOT_TENSED_BEFORE = frozenset(
    {"to", "will", "would", "could", "can", "may", "might", "must", "should", "shall"}
    | {"did", "likely", "not", "the", "a", "its", "their", "his", "her"}
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
# A text that opens on its own time needs no frame: "In June 2025, …", "On May 3, 2024, …".
_OPENS_DATED = re.compile(
    rf"^(?:In|On|As of|By|Since|Until|Through|From|Between)\s+(?:(?:early|mid|late)-?\s*)?"
    rf"(?:{'|'.join(MONTHS)}|\d|FY|the (?:week|month|year|spring|summer|fall|autumn|winter))"
)


def reads_present(text: str) -> bool:
    """Tell whether a fact's own words (quoted words aside) state something in the present."""
    own = _QUOTED.sub(" ", text)
    for m in _PRESENT.finditer(own):
        before = re.findall(r"[\w'’]+", own[: m.start()])[-1:]
        if before and before[0].lower() in _NOT_TENSED_BEFORE:
            continue
        # "Notes", "Holds", "Lists" capitalised mid-sentence are names, not verbs.
        if m.group(0)[:1].isupper() and m.start() > 0:
            continue
        return True
    return False


def as_of_frame(text: str, day: dt.date) -> str:
    """Return an old fact's words introduced "As of June 2025: …" when they are in the present.

    The words follow unchanged, as a key fact's follow its date; words already opening on a
    date, or in the past, are returned as they are.
    """
    if not reads_present(text) or _OPENS_DATED.match(text):
        return text
    return f"As of {day:%B} {day.year}: {text}"


# -- the date the data is about -------------------------------------------------------------

_MONTH_YEAR = re.compile(
    rf"\b(?:(?P<month>{'|'.join(MONTHS)})\s+(?:(?P<day>\d{{1,2}}),?\s+)?)?"
    r"(?P<fy>FY\s*)?(?P<year>(?:19|20)\d{2})\b(?![\w%-]|[.,]\d)"
)


@dataclass(frozen=True, order=True, slots=True)
class About:
    """The last day the data is about, and whether the month is known or only the year."""

    day: dt.date
    month_known: bool = True

    def words(self) -> str:
        """Say it as a title does: "December 2024", or "2024" when only the year is known."""
        return f"{self.day:%B} {self.day.year}" if self.month_known else str(self.day.year)


def _named(text: str, cap: dt.date) -> About | None:
    """Return the newest period a text names that ended by `cap`, the report's date.

    A period still running at the report ("FY 2025" in April 2025) is not over, and the
    words rarely say how far into it their figures go; one whose end they do not give
    ("since May 2024") counts by the date they give: the page claims no later record than
    its words show.
    """
    found: list[About] = []
    for m in _MONTH_YEAR.finditer(text):
        year = int(m.group("year"))
        known = True
        if m.group("fy"):  # a U.S. fiscal year ends on September 30
            end = dt.date(year, 9, 30)
        elif m.group("day"):
            end = dt.date(year, MONTHS.index(m.group("month")) + 1, int(m.group("day")))
        elif m.group("month"):
            month = MONTHS.index(m.group("month")) + 1
            end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            end, known = dt.date(year, 12, 31), False
        if end <= cap:
            found.append(About(end, known))
    return max(found, default=None)


def about(item: Fact | Quote, catalog: Catalog) -> About | None:
    """Return the last day a fact or quote is about, or None for an analyst's judgment.

    A quote is about the day it was said; a fact about its date, unless it is an analysis'
    dated by the day the analysis appeared: then about the newest period its words name.
    One that names none ("Mexicans remain the largest nationality, the paper reports") is
    the analysis' judgment as of that day, and dates no data. A news report's fact is about
    its date, the day of what it reports: a year its words name is background ("she first
    met him in 2023").
    """
    if isinstance(item, Quote):
        return About(item.date)
    sources = [catalog.sources[c.source] for c in item.cite if c.source in catalog.sources]
    analysis = bool(sources) and all(s.kind == "analysis" for s in sources)
    if not analysis or {s.published for s in sources} != {item.date}:
        return About(item.date)
    return _named(item.text, item.date)


def newest_about(
    items: Iterable[Fact | Quote], charts: Iterable[Series], catalog: Catalog
) -> About | None:
    """Return the newest date the items and chart points are about.

    With nothing but judgments, it is the newest of their dates: the record is theirs.
    """
    items = list(items)
    found = [a for i in items if (a := about(i, catalog)) is not None]
    found += [About(p.date) for s in charts for p in s.points if p.date is not None]
    return max(found, default=None) or max((About(i.date) for i in items), default=None)


# -- near-duplicates ------------------------------------------------------------------------

# Evidence of one source sharing this many words in a row is one passage quoted twice.
SHARED_RUN = 8
# Facts whose own words share this many in a row say the same thing.
SAID_TWICE = 5


def _words(text: str) -> list[str]:
    # Words alone, lowered: quote-mark style and apostrophes ("Trump’s", "Trump's") aside.
    return re.findall(r"[\w$%.,-]+", text.lower())


def _runs(text: str, run: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}


def _shared_run(a: str, b: str, run: int) -> bool:
    return not _runs(a, run).isdisjoint(_runs(b, run))


def near_duplicates(ranked: Sequence[Fact]) -> dict[str, str]:
    """Return, for each fact that repeats a better-ranked one, the one it repeats.

    `ranked` is best first: of two facts saying one passage twice, the better-ranked is
    kept. A fact repeats a kept one when every passage it cites is one the kept fact cites
    (their evidence shares SHARED_RUN words in a row of one source; a shorter citation,
    such as a dateline, is no passage) and their own words share a phrase (SAID_TWICE words
    in a row). A fact that cites a passage of its own, or that cites the same sentence for
    something else it says ("she accepted the invitation", "a meeting is very probable"),
    is kept. The kept facts' passages are indexed by their runs of words, so that a topic
    of thousands of facts is one pass, not every pair.
    """
    kept: list[Fact] = []
    index: dict[tuple[str, tuple[str, ...]], set[int]] = {}
    out: dict[str, str] = {}
    for fact in ranked:
        passages = [(c.source, _runs(c.evidence, SHARED_RUN)) for c in fact.cite]
        passages = [(source, runs) for source, runs in passages if runs]
        common: set[int] | None = None
        for source, runs in passages:
            hits = {k for run in runs for k in index.get((source, run), ())}
            common = hits if common is None else common & hits
            if not common:
                break
        twin = next(
            (
                kept[k]
                for k in sorted(common or ())
                if _shared_run(fact.text, kept[k].text, SAID_TWICE)
            ),
            None,
        )
        if twin is not None:
            out[fact.id] = twin.id
            continue
        for source, runs in passages:
            for run in runs:
                index.setdefault((source, run), set()).add(len(kept))
        kept.append(fact)
    return out
