"""Issue briefs made on the fly from a topic: pure functions of the catalog and the request."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog.query import known_by, sources_of, tagged_with
from ..dates import long_date, short_date
from ..errors import NothingToSay, UsageError, closest
from ..model import REF_RE, Brief, Catalog, Fact, Loc, Quote
from .aging import as_of_frame, near_duplicates, newest_about
from .select import select, select_charts
from .when import UNREPORTED, expired, is_old, published_of, shown_text, window_start

# A generated brief's id holds double hyphens, which no brief file's id may (ids are slugs
# with single hyphens): `generate` can never overwrite a brief from briefs/.
GENERATED_RE = re.compile(r"^topic--([a-z0-9]+(?:-[a-z0-9]+)*)--(\d{4}-\d{2}-\d{2})$")
# How many of the best facts make the bottom line: enough to lead, few enough for one page.
LEAD = 2
# A newest item this much older than the cut-off is said on the terminal too.
OLD_AFTER = dt.timedelta(days=30)
# At most this many curated talking points: they cannot be left out to fit the page.
POINTS = 3


def generated_id(key: str, as_of: dt.date) -> str:
    """Return the id of the brief `generate` makes for a topic key as of a day."""
    return f"topic--{key}--{as_of.isoformat()}"


def is_generated(brief_id: str) -> bool:
    """Tell whether an id is one `generate` gives (never a brief file's)."""
    return GENERATED_RE.match(brief_id) is not None


@dataclass(frozen=True)
class Generated:
    """A generated brief, and how old its newest item is."""

    brief: Brief
    latest: dt.date
    label: str
    # Facts left out as repeating a better-ranked one's passage: (left out, kept).
    twins: tuple[tuple[str, str], ...] = ()

    @property
    def age(self) -> dt.timedelta:
        """How long before the cut-off the newest item is dated."""
        return self.brief.as_of - self.latest

    def staleness(self) -> str:
        """Say, when it is old, how old the brief's newest item is ("" otherwise)."""
        if self.age <= OLD_AFTER:
            return ""
        return (
            f"note: the newest item on {self.label} is dated {long_date(self.latest)}, "
            f"{_span(self.age.days)} before the brief's cut-off of {long_date(self.brief.as_of)}"
        )


def _span(days: int) -> str:
    if days < 60:
        return f"{days} days"
    if days < 730:
        return f"about {round(days / 30.44)} months"
    return f"about {round(days / 365.25)} years"


def topic_key(catalog: Catalog, topic: str) -> str:
    """Return the key a topic name or alias stands for; an unknown one is a usage error."""
    key = catalog.topic_key(topic)
    if key is not None:
        return key
    aliases = {a.lower(): t.key for t in catalog.topics.values() for a in t.aliases}
    wanted = topic.strip().lower()
    names = [*catalog.topics, *aliases]
    # A part of a name ("border") finds the names it is in; a slip finds the names it is like.
    near = [n for n in names if len(wanted) >= 3 and wanted in n]
    near += closest(wanted, names, n=6, cutoff=0.6)
    # Keys first, each once, whether the close name was the key or one of its aliases.
    keys = list(dict.fromkeys(aliases.get(n, n) for n in near))[:4]
    shown = [
        k if k in near else f"{k} (as '{next(n for n in near if aliases.get(n) == k)}')"
        for k in keys
    ]
    head = f"Closest: {', '.join(shown)}. " if shown else ""
    raise UsageError(
        f"unknown topic '{topic}'. {head}`briefgen list topics` lists all "
        f"{len(catalog.topics)} topics with their aliases"
    )


def issue_brief(
    catalog: Catalog,
    topic: str,
    as_of: dt.date,
    prepared_for: str | None = None,
    since: dt.date | None = None,
    briefs: Iterable[Brief] = (),
    publish: bool = False,
) -> Generated:
    """Make an issue brief of everything tagged `topic` (a key or an alias) up to `as_of`.

    Its bottom line is the catalog's own words: the best-ranked facts, recent ones before
    old ones whatever their priority, each cited and dated, an old one in the present
    framed as of its month, an expectation past its day followed by what the catalog does
    not report; on an old record, it ends saying that the catalog holds nothing later. A
    fact repeating a better-ranked one's passage is left out (`Generated.twins`). Its
    talking points are curated ones: those of the issue briefs in `briefs` on the topic,
    written within the window before `as_of`, whose citations all fall in what this brief
    holds; when there are none, a line says why. Its title says "where things stand" only
    when the newest date its data is about is within the window; otherwise it names the
    month the record ends. With `since`, what is dated after it is marked new. It is in the
    index, the feed and publish only with `publish`.
    """
    key = topic_key(catalog, topic)
    label = catalog.topics[key].label
    ids = sorted(tagged_with((key,), catalog))
    items = [catalog.facts.get(i) or catalog.quotes[i] for i in ids]
    known = [i for i in items if known_by(i, catalog, as_of)]
    if not known:
        raise NothingToSay(_nothing(catalog, label, items, as_of))
    latest = max(i.date for i in known)
    draft = Brief(
        id=generated_id(key, as_of),
        kind="issue",
        # The day in the title: two briefs generated on a topic for two days are told apart
        # in the index, the feed and a reader's downloads.
        title=f"{label}: where things stand on {long_date(as_of)}",
        date=as_of,
        as_of=as_of,
        prepared_for=prepared_for or default_reader(label),
        topics=(key,),
        since=since,
        recent_first=True,
        listed=publish,
        loc=Loc(f"(generate --topic {topic})"),
    )
    edge = window_start(draft)
    ranked = sorted(
        (i for i in known if isinstance(i, Fact)),
        key=lambda f: (f.date < edge, f.priority, -f.date.toordinal(), f.id),
    )
    twins = near_duplicates(ranked)
    facts = [f for f in ranked if f.id not in twins]
    charts = select_charts(draft, catalog, (key,))
    record = newest_about([i for i in known if i.id not in twins], charts, catalog)
    if record is not None and is_old(record.day, draft):
        # The month the data is about, not the day an analysis of it appeared; fitting may
        # still leave the newest item itself off the page.
        draft = dataclasses.replace(
            draft, title=f"{label}: the record to {record.words()}, as of {long_date(as_of)}"
        )
    unreported = _unreported(facts, draft, catalog)
    # A short topic keeps a fact below the bottom line, so that the page still lists facts.
    lead = facts[: LEAD if len(facts) > LEAD + 1 else 1]
    summary = " ".join(_lead_line(f, draft, catalog, f.id in unreported) for f in lead)
    if not lead:  # quotes alone: the best one leads, in its speaker's words
        best = min(known, key=lambda q: (q.date < edge, q.priority, -q.date.toordinal(), q.id))
        assert isinstance(best, Quote)
        summary = (
            f"{best.speaker}, {best.role}, {short_date(best.date)}: “{best.text}” [@{best.id}]"
        )
    if is_old(latest, draft):
        # An old record's bottom line reads as current unless it says where the record ends.
        summary += (
            f" The catalog holds nothing on this topic dated after {latest:%B} {latest.year}."
        )
    brief = dataclasses.replace(
        draft,
        summary=summary,
        lead=tuple(f.id for f in lead),
        omit=tuple(sorted(twins)),
        unreported=unreported,
    )
    points = curated_points(brief, catalog, briefs)
    brief = dataclasses.replace(
        brief,
        talking_points=points,
        no_points="" if points else _no_points(brief, catalog, briefs),
    )
    return Generated(brief, latest, label, tuple(sorted(twins.items())))


def _lead_line(fact: Fact, brief: Brief, catalog: Catalog, unreported: bool) -> str:
    """Return a fact as a bottom-line sentence: dated, framed as of its date when old, cited.

    A sentence that opens on its date already ("Jun 12, 2025: …") reads as of it.
    """
    text, inferred = shown_text(fact, brief, published_of(fact, catalog))
    line = _dated(text, inferred, fact.date)
    if is_old(fact.date, brief) and not line.startswith(short_date(fact.date)):
        line = as_of_frame(line, fact.date)
    line = f"{line} [@{fact.id}]"
    return f"{line} {UNREPORTED}" if unreported else line


def _unreported(facts: Iterable[Fact], brief: Brief, catalog: Catalog) -> tuple[str, ...]:
    """Return the facts' expectations past their day whose outcome no known item reports."""
    late = [f.id for f in facts if expired(f, brief)]
    if not late:
        return ()
    everything: list[Fact | Quote] = [*catalog.facts.values(), *catalog.quotes.values()]
    told = {
        old
        for item in everything
        if item.supersedes and known_by(item, catalog, brief.as_of)
        for old in item.supersedes
    }
    return tuple(i for i in late if i not in told)


def _issue_briefs(brief: Brief, catalog: Catalog, briefs: Iterable[Brief]) -> list[Brief]:
    """Return the issue briefs on a generated brief's topic written within its window."""
    key = brief.topics[0]
    edge = window_start(brief)
    return [
        other
        for other in sorted(briefs, key=lambda b: (b.as_of, b.id), reverse=True)
        if other.kind == "issue"
        and not is_generated(other.id)
        and edge <= other.as_of <= brief.as_of
        and key in {catalog.topic_key(t) for t in other.topics}
    ]


def _no_points(brief: Brief, catalog: Catalog, briefs: Iterable[Brief]) -> str:
    """Say in one line why a generated brief has no talking points."""
    # "this topic": the title names it, and a label keeps its capitals, which mid-sentence
    # would read as a name ("on Trade and tariffs").
    since = long_date(window_start(brief))
    recent = _issue_briefs(brief, catalog, briefs)
    if not recent:
        return f"No talking points: no issue brief on this topic has been written since {since}."
    if not any(b.talking_points for b in recent):
        return f"No talking points: no issue brief on this topic written since {since} has any."
    return (
        f"No talking points: those of the issue briefs on this topic written since {since} "
        "cite items this page does not hold."
    )


def curated_points(brief: Brief, catalog: Catalog, briefs: Iterable[Brief]) -> tuple[str, ...]:
    """Return the talking points of other issue briefs a generated brief may carry.

    Each comes from an issue brief on the topic written within the window before the
    cut-off (advice given eighteen months ago is not today's), and cites only items this
    brief holds: the talking points are curated text whose every citation is on hand,
    never made up. The newest briefs' come first.
    """
    selection = select(brief, catalog)
    held = {i.id for i in selection.items()} | set(brief.lead) | {c.id for c in selection.charts}
    out: list[str] = []
    for other in _issue_briefs(brief, catalog, briefs):
        for point in other.talking_points:
            refs = REF_RE.findall(point)
            if refs and all(r in held for r in refs) and point not in out:
                out.append(point)
    return tuple(out[:POINTS])


def _dated(text: str, inferred: bool, day: dt.date) -> str:
    """Return a sentence with its date: "… Los Angeles (Jun 11, 2025).".

    A date worked out says so, as it does on the fact's line: "(Jun 12, 2025, date
    inferred)". A sentence that ends in a bracket of its own ("… June 2, 2025 (date
    inferred).") takes its date first, as a key fact does, not a second bracket after it.
    """
    text = text.strip()
    for end, close in ((".”", "”"), ('."', '"'), (".", "")):
        if text.endswith(end):
            text = text[: -len(end)] + close
            break
    if text.endswith(")"):
        shown = f"{short_date(day)}{' (date inferred)' if inferred else ''}"
        return f"{shown}: {text}."
    return f"{text} ({short_date(day)}{', date inferred' if inferred else ''})."


def default_reader(label: str) -> str:
    """Return whom a generated brief serves when `--prepared-for` is not given."""
    # The label as written: its first word may be a name ("Mexicans in the U.S."), which no
    # rule tells from "Trade" without a dictionary, so no sentence changes its capitals.
    return f"Staff following {label}"


def _nothing(catalog: Catalog, label: str, items: list[Fact | Quote], as_of: dt.date) -> str:
    if not items:
        return (
            f"the catalog holds nothing on {label} yet: tag facts or quotes with it "
            "in sources.yaml, or pick another topic (`briefgen list topics`)"
        )
    broken = sorted({s for i in items for s in sources_of(i) if s not in catalog.sources})
    if broken:  # no date would make them known: their sources did not load
        return (
            f"nothing to say on {label} as of {long_date(as_of)}: its items cite "
            f"{'sources' if len(broken) > 1 else 'a source'} with errors ({', '.join(broken)}): "
            "fix them first (`briefgen check` says where)"
        )
    dates = sorted(i.date for i in items)
    # An item counts from the day both it and its sources existed.
    ready = sorted(
        max(
            [i.date, *(catalog.sources[s].published for s in sources_of(i) if s in catalog.sources)]
        )
        for i in items
    )
    span = long_date(dates[0])
    if dates[-1] != dates[0]:
        span = f"{span} to {long_date(dates[-1])}"
    return (
        f"nothing to say on {label} as of {long_date(as_of)}: the catalog holds "
        f"{len(items)} item{'s' * (len(items) != 1)} on it, dated {span} "
        f"(try --as-of {ready[0].isoformat()} or later)"
    )
