"""The document model every pipeline stage shares: frozen, typed records.

Over 400 lines on purpose: it is the one place a record is declared, from a source to the
manifest's entry, so that every stage reads the same fields and none redefines another's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

SourceKind = Literal["news", "analysis", "transcript", "statement"]
Reliability = Literal["high", "medium", "low"]
BriefKind = Literal["meeting", "readout", "issue"]

SOURCE_KINDS: tuple[str, ...] = ("news", "analysis", "transcript", "statement")
RELIABILITIES: tuple[str, ...] = ("high", "medium", "low")
BRIEF_KINDS: tuple[str, ...] = ("meeting", "readout", "issue")
# The governments at the table: whose position, aim or words an item gives, and whom a
# participant speaks for ("both": a joint statement, a shared position).
SIDES: tuple[str, ...] = ("us", "mx", "both")
GOVERNMENTS: tuple[str, ...] = ("us", "mx")
SIDE_ADJECTIVES: Mapping[str, str] = {"us": "U.S.", "mx": "Mexican"}
CHART_KINDS: tuple[str, ...] = ("bar", "line")
KIND_LABELS: Mapping[str, str] = {
    "meeting": "Meeting preparation",
    "readout": "Meeting readout",
    "issue": "Issue brief",
}
# [@id] in a summary or talking point cites that fact's sources (or a source's, or a
# series' by its id).
REF_RE = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")
# Note numbers travel from cite through the Markdown renderer as private-use characters,
# which no catalog text may contain and no renderer escapes, and become [^n] or <sup> at the end.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK_RE = re.compile(f"{MARK_OPEN}([0-9,]+){MARK_CLOSE}")
# The metadata of a field added to a record after briefs were built: left at its default, it
# is left out of the build's inputs hash, so that a brief that does not use it keeps its hash.
OMIT_UNSET: Mapping[str, bool] = {"omit_unset": True}


def added(default: Any) -> Any:
    """Declare a field added after briefs were first built: hashed only when it is set.

    A build names its outputs by a hash of the records a brief uses; a field that every
    record holds at its default would otherwise change that hash, and so the bytes of every
    PDF (its identifier), without changing a word of any brief.
    """
    return field(default=default, metadata=OMIT_UNSET)


class Loc(NamedTuple):
    """A place in a project file, as the user's editor counts it (1-based).

    A named tuple rather than a dataclass: a large catalog makes millions of them, and a
    tuple is made and compared in C.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Topic:
    """A key of the controlled vocabulary."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)


@dataclass(frozen=True, slots=True)
class Source:
    """A source document and its verbatim archived snapshot."""

    id: str
    title: str
    publisher: str
    published: dt.date
    kind: str
    archive: str
    reliability: str
    author: str | None = None
    original_publisher: str | None = None
    date_note: str | None = None
    url: str | None = None
    reliability_note: str | None = None
    attribution: str | None = None
    embargo_until: dt.datetime | None = None
    # The moment of publication, with its UTC offset, on the day `published`: a source of a
    # meeting's own day is known to a preparation brief only if it came out before the start.
    published_at: dt.datetime | None = None
    # Whether the publication date was worked out rather than printed; unset, a date_note
    # (how an uncertain date was established) says it was.
    date_inferred: bool | None = field(default=None, metadata=OMIT_UNSET)
    accept: tuple[tuple[str, str], ...] = ()  # (warning name, reason) pairs
    # What `capture` kept: the file as captured and its hash, and whether the snapshot is
    # only part of the work. Hashed into a build's inputs only when set (see OMIT_UNSET).
    original: str | None = field(default=None, metadata=OMIT_UNSET)
    sha256: str | None = field(default=None, metadata=OMIT_UNSET)
    excerpt: bool = field(default=False, metadata=OMIT_UNSET)
    # The document gives no title of its own (a transcript, a statement): `title` describes
    # it, and a note prints it as a description, never inside quotation marks.
    untitled: bool = field(default=False, metadata=OMIT_UNSET)
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)

    @property
    def date_worked_out(self) -> bool:
        """Tell whether the publication date was inferred rather than printed by the source."""
        return bool(self.date_note) if self.date_inferred is None else self.date_inferred


@dataclass(frozen=True, slots=True)
class Citation:
    """A pointer from a fact to the exact words of a source that support it."""

    source: str
    evidence: str
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    evidence_loc: Loc = field(default=Loc("sources.yaml"), compare=False)


@dataclass(frozen=True, slots=True)
class Fact:
    """One claim in the analyst's words, tied to its evidence."""

    id: str
    text: str
    date: dt.date
    topics: tuple[str, ...]
    cite: tuple[Citation, ...]
    priority: int = 2
    claimed_by: str | None = None
    # How a date or year in the words was worked out ("year from the publication date").
    inferred: str | None = None
    expected: dt.date | None = None  # the date of the event it reports as expected
    supersedes: tuple[str, ...] = ()  # older facts or quotes whose outcome it reports
    accept: tuple[tuple[str, str], ...] = ()  # (warning name, reason) pairs
    # Whose position, aim or words the fact gives: us, mx or both (rule 15).
    side: str | None = added(None)
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Quote:
    """Words someone said, verbatim from a source."""

    id: str
    speaker: str
    role: str
    text: str
    date: dt.date
    source: str
    topics: tuple[str, ...] = ()
    context: str = ""
    priority: int = 2
    said_in: str | None = None
    translated_by: str | None = None
    inferred: str | None = None  # how its date was worked out
    expected: dt.date | None = None  # the date of the event it speaks of as expected
    supersedes: tuple[str, ...] = ()  # older facts or quotes whose outcome it reports
    accept: tuple[tuple[str, str], ...] = ()  # (warning name, reason) pairs
    side: str | None = added(None)  # whose words: us, mx or both (rule 15)
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a data series, with the exact words of the source that give it."""

    label: str  # what the reader sees on the axis: "Dec 2023", "Guatemala"
    value: int | float
    cite: Citation
    date: dt.date | None = None  # when it was true; a line chart places points by it
    span: str | None = None  # the period the figure covers, as its evidence states it
    period_note: str | None = None  # how the period was established, when the words do not say
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Series:
    """Numbers worth a picture: one measure, one unit, every value from its evidence."""

    id: str
    title: str
    unit: str  # what is counted, as the axis says it: "encounters per month"
    points: tuple[Point, ...]
    axis: str = ""  # what the labels are, as their axis says it: "Month", "Nationality"
    topics: tuple[str, ...] = ()
    chart: str = "bar"  # bar | line
    priority: int = 2
    accept: tuple[tuple[str, str], ...] = ()  # (warning name, reason) pairs
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)

    @property
    def date(self) -> dt.date:
        """The latest date of its points: how recent the series is, for ranking."""
        dates = [p.date for p in self.points if p.date is not None]
        return max(dates) if dates else dt.date.min


@dataclass(frozen=True, slots=True)
class Draft:
    """A record that failed the schema, with what of it can still be checked.

    A fact's or quote's words are checked against the snapshot all the same, and so are the
    words of items that cite a source that failed (its snapshot, as far as it was read), so
    that `check` says every error at once rather than one layer at a time.
    """

    id: str
    cite: tuple[Citation, ...] = ()  # a fact's citations, as far as they were read
    text: str | None = None  # a quote's words ...
    source: str | None = None  # ... and its source
    archive: str | None = None  # a source's snapshot
    loc: Loc = field(default=Loc("sources.yaml"), compare=False)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything in sources.yaml, keyed by id."""

    topics: Mapping[str, Topic]
    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]
    quotes: Mapping[str, Quote]
    path: str = "sources.yaml"
    # Records that failed the schema, by id, with the topics they claim ("*" when unreadable),
    # so that the briefs they would have reached can be held back.
    invalid: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A hash of the bytes the catalog was read from ("" when built in memory): with the
    # snapshots' hashes, it names the cached check of the catalog.
    digest: str = field(default="", compare=False)
    # Each file the catalog was read from (sources.yaml, then what it includes) and the hash
    # of its bytes: the check of each file's part is cached under its own.
    files: Mapping[str, str] = field(default_factory=dict, compare=False)
    series: Mapping[str, Series] = field(default_factory=dict)
    drafts: tuple[Draft, ...] = field(default=(), compare=False)
    # Topic key -> ids of the facts and quotes tagged with it, so that selecting a brief's
    # topic matches does not scan the whole catalog once per brief.
    tagged: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    # Source id -> the snapshot of a source that failed the schema (its drafts with one).
    unfinished: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tagged: dict[str, list[str]] = {}
        for table in (self.facts, self.quotes):
            for item in table.values():
                for key in item.topics:
                    tagged.setdefault(key, []).append(item.id)
        object.__setattr__(self, "tagged", {k: tuple(v) for k, v in tagged.items()})
        unfinished = {d.id: d.archive for d in self.drafts if d.archive}
        object.__setattr__(self, "unfinished", unfinished)

    def topic_key(self, name: str) -> str | None:
        """Return the topic key for a key or an alias, case-insensitively."""
        wanted = name.strip().lower()
        for topic in self.topics.values():
            if wanted == topic.key or wanted in (a.lower() for a in topic.aliases):
                return topic.key
            if wanted == topic.label.lower():
                return topic.key
        return None


@dataclass(frozen=True, slots=True)
class Sourcing:
    """What backs a meeting brief's header: fact, quote or source ids for each field."""

    date: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    loc: Loc = field(default=Loc("briefs"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


HEADER_FIELDS: tuple[str, ...] = ("date", "location", "participants")


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone at the table, as the header prints them, and the government they speak for."""

    name: str  # "Claudia Sheinbaum, President of Mexico"
    side: str | None = None  # us, mx or both; None when the brief does not say

    def __str__(self) -> str:
        """Read as the header prints it: templates written for plain names keep working."""
        return self.name

    @property
    def person(self) -> str:
        """Return the name without the role after its first comma: "Claudia Sheinbaum"."""
        return self.name.split(",")[0].strip()


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who drafted or cleared a brief, and on what day (`drafted_by`, `cleared_by`)."""

    name: str
    date: dt.date
    # cleared_by only: the hash of the brief's content as it was cleared (`briefgen clear`
    # writes it); once the content hashes otherwise, the clearance no longer holds.
    inputs: str | None = None
    loc: Loc = field(default=Loc("briefs"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


ClearanceState = Literal["cleared", "changed", "not cleared"]


@dataclass(frozen=True, slots=True)
class Clearance:
    """A brief's sign-off as its page prints it, and whether the clearance still holds.

    `state` is "cleared" while the brief's content hashes as it did when it was cleared,
    "changed" once it does not, and "not cleared" when nobody has cleared it.
    """

    drafted: SignOff | None
    cleared: SignOff | None
    state: ClearanceState


@dataclass(frozen=True, slots=True)
class Brief:
    """A brief as its author wrote it in briefs/<id>.yaml."""

    id: str
    kind: str
    title: str
    date: dt.date
    as_of: dt.date
    handling: str = "UNCLASSIFIED"
    prepared_for: str | None = None
    summary: str = ""
    location: str | None = None
    participants: tuple[Participant, ...] = ()
    topics: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    talking_points: tuple[str, ...] = ()
    # Series to draw; None (no `charts:` key) lets an issue brief take its topics' series.
    charts: tuple[str, ...] | None = None
    # The reader's last edition: items dated after it are marked new.
    since: dt.date | None = None
    pages: int = 1  # the page budget: 1, or 2 for an In Focus-style two-pager
    # Days before as_of within which an item is current; an older one shows its date first.
    window: int = 90
    starts_at: dt.datetime | None = None  # when the meeting begins, with its UTC offset
    sourced_by: Sourcing | None = None  # what backs the header's date, place and participants
    accept: tuple[tuple[str, str], ...] = ()  # (warning name, reason) pairs
    # Facts whose words are the summary (a generated brief's bottom line): not repeated below.
    lead: tuple[str, ...] = ()
    # Rank topic matches within the window before older ones (a generated brief's).
    recent_first: bool = False
    # In the index, the feed and publish; a generated brief only when asked (--publish).
    listed: bool = True
    # The governments whose aims (or account) for the meeting are not on the record: the
    # page says so (rule 15).
    not_on_record: tuple[str, ...] = added(())
    # Who drafted it and who cleared it; the page's foot prints them.
    drafted_by: SignOff | None = field(default=None, metadata=OMIT_UNSET)
    cleared_by: SignOff | None = field(default=None, metadata=OMIT_UNSET)
    # A generated brief's: topic matches left out as repeating the passage of one it holds,
    omit: tuple[str, ...] = added(())
    # expectations past their day that no item known by as_of reports the outcome of,
    unreported: tuple[str, ...] = added(())
    # and the line it prints for want of talking points, saying why there are none.
    no_points: str = added("")
    loc: Loc = field(default=Loc("briefs"), compare=False)
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)


Item = Fact | Quote


@dataclass(frozen=True, slots=True)
class Selection:
    """The facts, quotes and charts of a brief, best first, and which were picked by name."""

    facts: tuple[Fact, ...]
    quotes: tuple[Quote, ...]
    explicit: frozenset[str]
    charts: tuple[Series, ...] = ()  # each cut to the points known by the brief's as_of
    since: dt.date | None = None  # the brief's `since`: items dated after it are new
    # For a brief that ranks recent first: items dated before this go before any recent one.
    recent_from: dt.date | None = None

    def is_new(self, item: Item | Series) -> bool:
        """Tell whether an item is dated after the brief's `since`."""
        return self.since is not None and item.date > self.since

    def is_old(self, item: Item | Series) -> bool:
        """Tell whether a brief that ranks recent first counts an item as old."""
        return self.recent_from is not None and item.date < self.recent_from

    def items(self) -> list[Item]:
        """Return the facts, then the quotes."""
        return [*self.facts, *self.quotes]

    def size(self) -> int:
        """Return how many facts, quotes and charts it offers the page."""
        return len(self.facts) + len(self.quotes) + len(self.charts)

    def without(self, ids: set[str]) -> Selection:
        """Return this selection less the named items."""
        return replace(
            self,
            facts=tuple(f for f in self.facts if f.id not in ids),
            quotes=tuple(q for q in self.quotes if q.id not in ids),
            charts=tuple(c for c in self.charts if c.id not in ids),
        )


@dataclass(frozen=True, slots=True)
class Ref:
    """A [@id] in a brief's prose, and where: field "summary" or "talking_points", and index."""

    id: str
    field: str
    index: int


@dataclass(frozen=True, slots=True)
class Uses:
    """Everything a brief uses from the catalog, worked out once by `plan.select.resolve`."""

    brief: Brief
    selection: Selection
    refs: tuple[Ref, ...]  # every [@id] in its summary and talking points, in reading order
    cited: Mapping[str, tuple[str, ...]]  # each ref that names something -> its source ids
    sources: tuple[str, ...]  # the sources behind the selection and the refs, sorted


@dataclass(frozen=True, slots=True)
class Shortfall:
    """How far an item left out to fit is from fitting: what the author could do about it."""

    lines: int  # about how many lines of the page it needs beyond the room left
    instead: str = ""  # a pick on the page whose room would make it fit, if one would


@dataclass(frozen=True, slots=True)
class PageFit:
    """What fitting leaves out of a brief's page, and how far each pick left out is from it.

    `check` lays out every brief it can (build/pages.py), or reads the last build's record.
    """

    left_out: tuple[str, ...]
    short: Mapping[str, Shortfall] = field(default_factory=dict)  # by pick id
    # Why no version fits (even what must stay overflows), when none does: the build fails.
    refused: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A numbered footnote: one per source, numbered by first use."""

    number: int
    source: Source


@dataclass(frozen=True, slots=True)
class Entry:
    """A fact, quote or chart (a series) placed in a brief, with the note numbers it carries."""

    item: Fact | Quote | Series
    notes: tuple[int, ...]
    explicit: bool = False
    new: bool = False  # dated after the brief's `since`
    lead: dt.date | None = None  # shown first: the item is older than the window, or expired
    text: str = ""  # a fact's words as shown, when not as written (put in the past, marked)
    ahead_of: dt.date | None = None  # a quote's expected event, past by the brief's as_of
    date_inferred: bool = False  # its date was worked out, and says so

    @property
    def words(self) -> str:
        """Return the item's words as the page shows them."""
        return self.text or getattr(self.item, "text", "")


@dataclass(frozen=True, slots=True)
class Document:
    """A brief resolved against the catalog: what every renderer draws from."""

    brief: Brief
    topics: tuple[Topic, ...]
    summary: str
    facts: tuple[Entry, ...]
    quotes: tuple[Entry, ...]
    talking_points: tuple[str, ...]
    notes: tuple[Note, ...]
    embargo: dt.datetime | None = None
    left_out: tuple[str, ...] = ()
    charts: tuple[Entry, ...] = ()
    # The note numbers that back each header field ("date", "location", "participants"), and
    # the fields no source known by as_of backs, printed as unconfirmed.
    header_notes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    unconfirmed: tuple[str, ...] = ()
    # What of the header's date its backers do not state, printed beside it: "date inferred"
    # (only a weekday or a count of days: "on Wednesday"), "year inferred" (the month and day,
    # from an undated source whose year was worked out), or "" when it is stated.
    date_inferred: str = ""
    # The note numbers after each participant's name, in the brief's order ("participants"
    # in header_notes: what backs the list as a whole, after its label).
    participant_notes: tuple[tuple[int, ...], ...] = ()
    # The newest date of what the page says: its entries, and the items its bottom line and
    # talking points cite (None: of its entries alone).
    newest: dt.date | None = None
    # Who drafted and who cleared it, when the brief says (the build knows whether it holds).
    clearance: Clearance | None = None
    # The embargo's source is undated (its date worked out): the year or day of the embargo,
    # which it gives in its own words ("tomorrow, Tuesday, July 12"), was worked out too.
    embargo_inferred: bool = False

    @property
    def new_count(self) -> int:
        """How many of the facts and quotes on the page are new since the brief's `since`."""
        return sum(e.new for e in (*self.facts, *self.quotes))


# -- the build folder, as the manifest records it: what the index, the feed and publish read --

BuiltStatus = Literal["current", "stale"]


@dataclass(frozen=True, slots=True)
class Output:
    """One file of a brief as written, and as the manifest records it."""

    path: str
    bytes: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Entered:
    """A fact or quote that entered a brief since its previous build, in the brief's words."""

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Changes:
    """What entered and left a brief since its previous build: the feed's news."""

    previous_as_of: dt.date | None
    entered: tuple[Entered, ...] = ()
    left: tuple[str, ...] = ()
    # Of those that left, each that a newer item declares it supersedes: (old, new) ids.
    superseded: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BuiltBrief:
    """A brief as a build folder holds it: its entry in manifest.json.

    The fields a build of long ago did not record yet say so: `handling` None, `embargo_known`
    False, `items` None; the build then renders the brief again, and publish holds it back.
    """

    id: str
    title: str
    kind: str
    date: dt.date
    as_of: dt.date
    topics: tuple[str, ...]
    inputs_hash: str
    outputs: Mapping[str, Output]
    left_out: tuple[str, ...]
    handling: str | None = None
    embargo_until: str | None = None  # ISO 8601: the latest embargo of a source it cites
    embargo_known: bool = True
    items: tuple[str, ...] | None = None  # the facts and quotes on its page
    # How far each of the brief's own picks left out is from fitting (None: not recorded).
    short: Mapping[str, Shortfall] | None = None
    changes: Changes | None = None
    generated: bool = False  # made on the fly by `generate`
    listed: bool = True  # in the index, feed and publish (a generated one: `--publish`)
    status: BuiltStatus = "current"
    failure: str = ""  # when stale: the first error of the build that failed
    # Its sign-off when it has one: cleared, changed since it was cleared, or not cleared.
    clearance: ClearanceState | None = None
    # The feed's `updated` (ISO 8601, UTC) as last given: a change moves it forward, never back.
    updated: str | None = None
