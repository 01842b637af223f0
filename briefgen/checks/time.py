"""Editorial rule 13: every item says when.

Dates that mean something only against a day the reader does not have are made absolute;
an expectation carries the date of what it expects, so that a brief past that day says it
in the past; a newer item that reports the outcome is named; a brief line about something
older than the brief's window says when it was; a background official says for whom.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping

from ..catalog.query import known_by, source_words, sources_of
from ..dates import long_date
from ..errors import Finding
from ..expectations import expectations, in_the_past, unturnable
from ..model import REF_RE, Brief, Catalog, Fact, Item, Loc, Quote, Uses
from ..prose import has_word, numbers_in
from ..timewords import Anchor, days_named, relative_dates, unbacked_dates
from .findings import brief_lines, did_you_mean, error, warning

# What a fact may be written with when it has `expected:`, said in the fix of one without.
FORMS_SHOWN = "is expected to, will, plans to, is scheduled to, is set to, upcoming"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _relative(
    owner: str, text: str, loc: Loc, anchor: Anchor, subject: str = ""
) -> Iterator[Finding]:
    for found in relative_dates(text, anchor):
        yield warning(
            loc,
            f"{owner}: “{found.words}” is a relative date",
            found.fix,
            subject,
            "relative-date",
        )


def _said_by(item: Item, catalog: Catalog) -> Anchor:
    """Return the days an item's words count from: its source's publication, its date."""
    for sid in sources_of(item):
        source = catalog.sources.get(sid)
        if source is not None:
            return Anchor(source.published, item.date, f"the publication date of '{sid}'")
    return Anchor(item.date, item.date, "the item's date")


def fact_time_rules(fact: Fact, catalog: Catalog) -> Iterator[Finding]:
    """Check a fact's words for relative dates and for an expectation without its date."""
    where = f"fact '{fact.id}'"
    text_loc = fact.locs.get("text", fact.loc)
    yield from _relative(where, fact.text, text_loc, _said_by(fact, catalog), fact.id)
    yield from _expectation(where, fact, fact.text, text_loc, quote=False)


def quote_time_rules(quote: Quote, catalog: Catalog) -> Iterator[Finding]:
    """Check a quote's context for relative dates, and its words for an undated expectation."""
    where = f"quote '{quote.id}'"
    if quote.context:
        loc = quote.locs.get("context", quote.loc)
        yield from _relative(
            f"{where} context", quote.context, loc, _said_by(quote, catalog), quote.id
        )
    yield from _expectation(where, quote, quote.text, quote.locs.get("text", quote.loc), quote=True)


def supersedes_rules(catalog: Catalog) -> Iterator[Finding]:
    """Check every `supersedes:`: it names an older fact or quote that exists.

    Run over the whole catalog, not file by file: the item named may be in another file.
    """
    for table, kind in ((catalog.facts, "fact"), (catalog.quotes, "quote")):
        for item in table.values():
            yield from _supersedes(f"{kind} '{item.id}'", item, catalog)


def worked_out(fact: Fact, backed: set[str], published: Iterable[dt.date]) -> set[str]:
    """Return the numbers of a fact's words that are a year (or a date) worked out.

    With `inferred:`, a date or year the evidence does not give may stand in the words when
    its year is the one the note names, or within a year of a source's publication or of the
    fact's date: that is a year worked out from the source's date, and the page says so.
    """
    if not fact.inferred:
        return set()
    near = {fact.date.year, *(d.year for d in published)}
    years = {y for n in near for y in (n - 1, n, n + 1)}
    named = set(re.findall(r"\d{4}", fact.inferred))
    out: set[str] = set()
    for dated, _ in unbacked_dates(fact.text, backed):
        if int(dated.year) in years or dated.year in named:
            out.add(dated.year)
            out.update(dated.days)
    return out


def _expectation(
    where: str, item: Fact | Quote, text: str, loc: Loc, *, quote: bool
) -> Iterator[Finding]:
    forms = expectations(text, quote=quote)
    if item.expected is None:
        if forms:
            shown = ", ".join(dict.fromkeys(f"“{m.group(0)}”" for m, _ in forms))
            yield warning(
                loc,
                f"{where} reports an expectation ({shown}) without the date of the event",
                "add expected: (the date it was expected for, YYYY-MM-DD), so that a brief "
                "after it says it in the past; acknowledge it if no date was expected",
                item.id,
                "expectation-undated",
            )
        return
    at = item.locs.get("expected", item.loc)
    if item.expected < item.date:
        yield error(
            at,
            f"{where} expects an event on {item.expected}, before its own date {item.date}",
            "give the date of the event it expects, on or after the date it was reported",
            item.id,
        )
    if quote:  # a quote's words stay as said: its caption dates the expectation
        return
    if in_the_past(text) is not None:
        return
    stuck = unturnable(text)
    if stuck:
        message = (
            f"{where}: “{stuck[0]}” has no past form briefgen can write, so a brief after "
            f"{item.expected} would still say it in the present"
        )
    else:
        message = (
            f"{where} has expected: {item.expected}, but its words hold no expectation "
            "briefgen can put in the past"
        )
    yield Finding(
        loc,
        "error",
        message,
        f"write the expectation with one of: {FORMS_SHOWN}, or as reported in the past "
        "(said they expected, was expected to); or remove expected:",
        item.id,
        "expectation-unturnable",
    )


def _supersedes(where: str, item: Fact | Quote, catalog: Catalog) -> Iterator[Finding]:
    for i, old_id in enumerate(item.supersedes):
        loc = item.locs.get(f"supersedes[{i}]", item.locs.get("supersedes", item.loc))
        old = catalog.facts.get(old_id) or catalog.quotes.get(old_id)
        if old_id == item.id:
            yield error(
                loc, f"{where} supersedes itself", "name the older item it replaces", item.id
            )
        elif old is None:
            if old_id in catalog.invalid:
                continue
            known = [*catalog.facts, *catalog.quotes]
            yield error(
                loc,
                f"{where} supersedes '{old_id}', which is no fact or quote",
                did_you_mean(old_id, known) or "name an older fact or quote by its id",
                item.id,
            )
        elif old.date > item.date:
            yield error(
                loc,
                f"{where} ({item.date}) supersedes '{old_id}', dated later ({old.date})",
                "an item supersedes only an older one: swap them, or correct a date",
                item.id,
            )


# -- a brief's lines and items ----------------------------------------------------------------


def brief_time_rules(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Check a brief for relative dates, old items its lines leave undated, outcomes unused."""
    b = uses.brief
    edge = b.as_of - dt.timedelta(days=b.window)
    said = "the brief's as_of"
    for what, loc, line in brief_lines(b, title=True):
        cited = [_item(ref, catalog) for ref in REF_RE.findall(line)]
        items = [i for i in cited if i is not None]
        about = items[0].date if items else b.as_of
        yield from _relative(f"brief '{b.id}': {what}", line, loc, Anchor(b.as_of, about, said))
        yield from _expired_lines(b, what, loc, line, items)
        yield from _inferred_unsaid(b, what, loc, line, items)
        for item in items:
            if item.date < edge and str(item.date.year) not in REF_RE.sub(" ", line):
                yield warning(
                    loc,
                    f"brief '{b.id}': {what} cites '{item.id}' ({long_date(item.date)}), older "
                    f"than the brief's {b.window}-day window, and does not say when: "
                    f"“{_short(line)}”",
                    f"say when, e.g. 'In {item.date:%B} {item.date.year}, …'",
                    "",
                    "undated-line",
                )
                break
    yield from _outcomes(uses, catalog)
    yield from _unplaced(uses, catalog, edge)


def _expired_lines(
    b: Brief, what: str, loc: Loc, line: str, items: list[Item]
) -> Iterator[Finding]:
    """Warn of a brief line that speaks in the present of an expectation past its day."""
    gone = [i for i in items if i.expected is not None and b.as_of > i.expected]
    forms = expectations(REF_RE.sub(" ", line), quote=True)
    if not gone or not forms:
        return
    item = gone[0]
    assert item.expected is not None
    yield warning(
        loc,
        f"brief '{b.id}': {what} says “{forms[0][0].group(0)}” of what '{item.id}' expected "
        f"for {long_date(item.expected)}, which is past by as_of {b.as_of}: “{_short(line)}”",
        "say it in the past (“was expected to”), or cite what happened",
        "",
        "expectation-past",
    )


INFERRED_RULE = "date-inferred-unsaid"
_SAID_INFERRED = re.compile(r"\s*\((?:date|year) inferred\b")


def _inferred_unsaid(
    b: Brief, what: str, loc: Loc, line: str, items: list[Item]
) -> Iterator[Finding]:
    """Warn of a brief line that gives, unmarked, a day its items' sources do not state.

    A fact or quote dated by working it out (its `inferred:` note: "on Wednesday" in a
    story of Friday the 13th) is shown "(date inferred)" in the key facts and the header; a
    line of the brief's own that writes the same day bare tells the principal the source said
    it. A day is stated when the evidence of an item the line cites gives its numbers, or it
    is the date of a cited item that was not worked out (its source prints it); the brief's
    own as_of is the brief's, not a source's.
    """
    if not any(i.inferred for i in items):
        return
    stated = {b.as_of} | {i.date for i in items if not i.inferred}
    text = REF_RE.sub("", line)
    backed: set[str] = set()
    for item in items:
        for words in source_words(item):
            backed |= numbers_in(words)
    for dated, mark in unbacked_dates(text, backed):
        if not dated.days or _SAID_INFERRED.match(text, dated.end):
            continue
        written = text[dated.start : dated.end]
        named = days_named(written)
        if named and all(day in stated for day in named):
            continue
        yield warning(
            loc,
            f"brief '{b.id}': {what} gives “{written}” bare, a day the items it cites do not "
            f"state ('{_worked(items)}' dates it by working it out): “{_short(line)}”",
            f"write “{written} ({mark})”, as the key facts and header do; or acknowledge "
            f"it ({INFERRED_RULE}) if a source it cites does state that day",
            "",
            INFERRED_RULE,
        )
        return


def _worked(items: list[Item]) -> str:
    return next(i.id for i in items if i.inferred)


def _item(ref: str, catalog: Catalog) -> Item | None:
    return catalog.facts.get(ref) or catalog.quotes.get(ref)


def superseders(catalog: Catalog) -> Mapping[str, tuple[Item, ...]]:
    """Return, for each item some newer item supersedes, those newer items."""
    out: dict[str, list[Item]] = {}
    for table in (catalog.facts, catalog.quotes):
        for item in table.values():
            for old in item.supersedes:
                out.setdefault(old, []).append(item)
    return {k: tuple(v) for k, v in out.items()}


def _outcomes(uses: Uses, catalog: Catalog) -> Iterator[Finding]:
    """Name the newer item that reports an outcome, when a brief uses the older one alone."""
    b = uses.brief
    newer = superseders(catalog)
    if not newer:
        return
    on_page = {i.id for i in uses.selection.items()}
    for item in uses.selection.items():
        known = [
            n
            for n in newer.get(item.id, ())
            if n.id not in on_page and known_by(n, catalog, b.as_of)
        ]
        if not known:
            continue
        n = known[0]
        past = ""
        if item.expected is not None and b.as_of > item.expected:
            past = f", past its expected date {long_date(item.expected)}"
        yield warning(
            _pick_loc(b, item.id),
            f"brief '{b.id}' uses '{item.id}'{past}, and '{n.id}' ({long_date(n.date)}) "
            "reports its outcome",
            f"use '{n.id}' instead of '{item.id}', or beside it",
            "",
            "superseded-item",
        )


def _pick_loc(b: Brief, item_id: str) -> Loc:
    for field in ("facts", "quotes"):
        picks: Iterable[str] = getattr(b, field)
        for i, pick in enumerate(picks):
            if pick == item_id:
                return b.locs.get(f"{field}[{i}]", b.loc)
    return b.locs.get("topics", b.loc)


# Words of a role that say for whom an official spoke: a name, an office, a government.
_NOBODY = frozenset((
    "u.s", "us", "senior", "administration", "official", "officials", "government",
    "background", "press", "call", "briefing", "reporters", "to", "on", "the", "a", "an",
    "of", "and", "written", "statement", "anonymous", "anonymously", "spokesperson",
))  # fmt: skip


def _places_official(role: str) -> bool:
    words = [w.strip("(),;:.").lower() for w in role.split()]
    return any(w and w not in _NOBODY for w in words)


def _unplaced(uses: Uses, catalog: Catalog, edge: dt.date) -> Iterator[Finding]:
    """Warn of an old quote under ground rules whose role does not say whose official spoke."""
    b = uses.brief
    for quote in uses.selection.quotes:
        source = catalog.sources.get(quote.source)
        if source is None or not source.attribution or quote.date >= edge:
            continue
        if _places_official(quote.role) or has_word(quote.speaker, "president"):
            continue
        yield warning(
            quote.locs.get("role", quote.loc),
            f"quote '{quote.id}' ({long_date(quote.date)}) is used by brief '{b.id}', older "
            f"than its window, as from a “{quote.speaker}” whose role does not say whose "
            f"official: “{quote.role}”",
            "say in role whom the official spoke for, as far as the ground rules allow, e.g. "
            "“Biden administration official (background press call)”",
            quote.id,
            "attribution-unplaced",
        )
