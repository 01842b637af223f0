"""The shape of every record in sources.yaml and briefs/*.yaml: one pydantic model each.

Each `Entry` is the one definition of a record's keys: it validates the YAML (through
reading.read_record, which says every problem at its file:line:col), and `briefgen schema`
generates the editor JSON Schemas from it. The loaders make the document model's frozen
records (model.py) from what it reads.

To add a key to a record: add one annotated field to its Entry below, in the place it should
be shown, with a kind of value from values.py (or a new one there) and a description;
optional keys default to None. Then add it to the record in model.py if the pipeline reads
it, and run `briefgen schema` to regenerate schema/. Series and points are in points.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from ..errors import Finding, InvalidValue
from ..model import Citation, Loc, SignOff, Sourcing
from .reading import Entry, Key, Nested, keys_of
from .values import (
    ACCEPT_DOC,
    ID_RE,
    Accepts,
    BriefKind,
    Day,
    Flag,
    Governments,
    Language,
    Moment,
    Pages,
    Participants,
    Priority,
    Reliability,
    Sha256,
    Side,
    Slug,
    Slugs,
    SourceKind,
    Text,
    Texts,
    Title,
    Url,
    Window,
    id_problem,
)
from .yamlio import LDict, LList

__all__ = [  # ID_RE, Key and id_problem are read from here by the tools and the tests too
    "BRIEF_FIELDS",
    "CITE_FIELDS",
    "FACT_FIELDS",
    "ID_RE",
    "QUOTE_FIELDS",
    "SOURCE_FIELDS",
    "TOPIC_FIELDS",
    "BriefEntry",
    "CitationEntry",
    "ClearedEntry",
    "DraftedEntry",
    "FactEntry",
    "Key",
    "QuoteEntry",
    "SourceEntry",
    "SourcingEntry",
    "TopicEntry",
    "id_problem",
    "unexplained_rating",
]


class TopicEntry(Entry):
    """A topic of the controlled vocabulary, under its key."""

    model_config = ConfigDict(title="topic")

    label: Text = Field(description="how the topic is shown")
    aliases: Texts | None = Field(None, description="other names users may type")


class SourceEntry(Entry):
    """A source document and its verbatim archived snapshot."""

    model_config = ConfigDict(title="source")

    id: Slug = Field(description="stable slug")
    title: Text = Field(description="the document's own title")
    publisher: Text = Field(description="who published the copy archived here")
    original_publisher: Text | None = Field(
        None, description="for a republished copy, the original"
    )
    author: Text | None = Field(None, description="byline")
    published: Day = Field(description="publication date, not a capture date")
    published_at: Moment | None = Field(
        None,
        description="the moment of publication with its UTC offset, on the day published: "
        "a source of a meeting's day is known to its preparation brief only if published before "
        "the meeting began",
    )
    date_note: Text | None = Field(None, description="how an uncertain date was established")
    date_inferred: Flag | None = Field(
        None,
        description="whether the date was worked out rather than printed (default: true when "
        "date_note is given); the brief says '(date inferred)' when it was",
    )
    kind: SourceKind = Field(description="kind of document")
    url: Url | None = Field(None, description="where it was published")
    archive: Text = Field(description="path of the verbatim snapshot")
    reliability: Reliability = Field(
        description="high | medium | low; explain anything below high in reliability_note"
    )
    reliability_note: Text | None = Field(None, description="why it is not high")
    attribution: Text | None = Field(None, description="ground rules for attribution")
    embargo_until: Moment | None = Field(None, description="embargo end, with its UTC offset")
    original: Text | None = Field(
        None, description="path of the captured file (HTML or PDF), kept as it was"
    )
    sha256: Sha256 | None = Field(None, description="SHA-256 of the original; check verifies it")
    excerpt: Flag | None = Field(
        None, description="true when the snapshot is part of the work (a paywall, a teaser)"
    )
    untitled: Flag | None = Field(
        None,
        description="true when the document gives no title of its own: title then describes "
        "it, and the brief's note prints it without quotation marks",
    )
    accept: Accepts | None = Field(None, description=ACCEPT_DOC)


class CitationEntry(Entry):
    """A pointer to the exact words of a source."""

    model_config = ConfigDict(title="citation")

    source: Slug = Field(description="source id")
    evidence: Text = Field(description="exact words from the archived snapshot")

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> Citation:
        """Make the Citation, placed where it is written and where its words are."""
        return Citation(values["source"], values["evidence"], loc, locs["evidence"])


def one_or_more_citations(value: Any) -> list[Any]:
    """Take a fact's `cite:` as a list of citations: one mapping is a list of one."""
    if isinstance(value, LDict):
        return [value]
    if not isinstance(value, LList):
        raise InvalidValue(
            "should be a list of source and evidence",
            "write '- source: <id>' and 'evidence: \"…\"' under cite:",
        )
    if not value:
        raise InvalidValue(
            "cites no source", "add at least one '- source: … evidence: …'", of_record=True
        )
    return value


# A fact's citations: a list of at least one, or one mapping alone.
Citations = Annotated[
    tuple[CitationEntry, ...],
    Nested(
        "{what} cite",
        lambda item: {"anyOf": [{"type": "array", "minItems": 1, "items": item}, item]},
        one_or_more_citations,
    ),
]


class FactEntry(Entry):
    """One claim in the analyst's words, tied to its evidence."""

    model_config = ConfigDict(title="fact")

    id: Slug = Field(description="stable slug")
    text: Text = Field(description="one claim, Markdown inline")
    date: Day = Field(description="when it was true or reported as of")
    topics: Slugs = Field(description="topic keys")
    priority: Priority | None = Field(None, description="1 (must) … 3 (nice to have)")
    claimed_by: Text | None = Field(
        None,
        description="whose claim this is, when the source reports what someone said or estimated",
    )
    inferred: Text | None = Field(
        None,
        description="how a date or year in the words was worked out, e.g. 'year from the "
        "publication date, Dec 22, 2023'; the page says it was inferred",
    )
    expected: Day | None = Field(
        None,
        description="the date of the event it reports as expected, planned or scheduled; past "
        "it, the page puts the expectation in the past",
    )
    supersedes: Slugs | None = Field(
        None, description="ids of older facts or quotes whose outcome it reports or replaces"
    )
    cite: Citations = Field(description="sources with exact evidence")
    side: Side | None = Field(
        None, description="whose position or aim the fact gives: us, mx or both (rule 15)"
    )
    accept: Accepts | None = Field(None, description=ACCEPT_DOC)


class QuoteEntry(Entry):
    """Words someone said, verbatim from a source."""

    model_config = ConfigDict(title="quote")

    id: Slug = Field(description="stable slug")
    speaker: Text = Field(description="who said it, as the ground rules allow")
    role: Text = Field(description="the speaker's position")
    text: Text = Field(description="verbatim words")
    date: Day = Field(description="when it was said")
    context: Text | None = Field(None, description="where and on what")
    topics: Slugs | None = Field(None, description="topic keys")
    priority: Priority | None = Field(None, description="1 (must) … 3 (nice to have)")
    source: Slug = Field(description="source id")
    said_in: Language | None = Field(
        None, description="language it was said in, when text is a translation"
    )
    translated_by: Text | None = Field(
        None, description="who translated it, when text is a translation"
    )
    inferred: Text | None = Field(
        None, description="how its date was worked out; the page says it was inferred"
    )
    expected: Day | None = Field(
        None, description="the date of the event it speaks of as expected, planned or scheduled"
    )
    supersedes: Slugs | None = Field(
        None, description="ids of older facts or quotes whose outcome it reports or replaces"
    )
    side: Side | None = Field(
        None, description="whose words: us, mx or both (a joint statement); rule 15"
    )
    accept: Accepts | None = Field(None, description=ACCEPT_DOC)


class SourcingEntry(Entry):
    """What backs a meeting or readout's header: fact, quote or source ids for each field."""

    model_config = ConfigDict(title="sourced_by")

    date: Slugs | None = Field(None, description="ids that give the meeting's date")
    location: Slugs | None = Field(None, description="ids that give where it is")
    participants: Slugs | None = Field(None, description="ids that give who takes part")

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> Sourcing:
        """Make the Sourcing record, placed where it is written."""
        return Sourcing(**values, loc=loc, locs=locs)


class DraftedEntry(Entry):
    """Who drafted a brief, and on what day: printed at the foot of the page."""

    model_config = ConfigDict(title="drafted_by")

    name: Text = Field(description="who drafted it, as the page prints it: 'Ana Ruiz, WHA/MEX'")
    date: Day = Field(description="the day it was drafted")

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> SignOff:
        """Make the SignOff record, placed where it is written."""
        return SignOff(**values, loc=loc, locs=locs)


class ClearedEntry(Entry):
    """Who cleared a brief, on what day, and the content they cleared (its hash)."""

    model_config = ConfigDict(title="cleared_by")

    name: Text = Field(description="who cleared it, as the page prints it")
    date: Day = Field(description="the day it was cleared")
    inputs: Sha256 | None = Field(
        None,
        description="the hash of the brief's content as cleared, written by `briefgen clear`; "
        "once the content changes the page says it is not cleared",
    )

    @classmethod
    def build(cls, values: dict[str, Any], loc: Loc, locs: dict[str, Loc]) -> SignOff:
        """Make the SignOff record, placed where it is written."""
        return SignOff(**values, loc=loc, locs=locs)


class BriefEntry(Entry):
    """One brief for a meeting (preparation or readout) or a policy issue.

    The file name is the brief id. See README.md, 'File formats in brief'.
    """

    model_config = ConfigDict(title="briefgen brief (briefs/<id>.yaml)")

    kind: BriefKind = Field(description="meeting | readout | issue")
    title: Title = Field(description="the brief's title, printed at the top")
    date: Day = Field(description="the meeting's date or the issue brief's date")
    as_of: Day | None = Field(
        None,
        description="information cut-off; defaults to date (for a meeting, the day before)",
    )
    location: Text | None = Field(None, description="where the meeting is")
    participants: Participants | None = Field(
        None,
        description='who takes part: "Name, role", or {name: "Name, role", side: us|mx|both}',
    )
    not_on_record: Governments | None = Field(
        None,
        description="governments (us, mx) whose aims for the meeting are not on the record; "
        "the page says so",
    )
    starts_at: Moment | None = Field(
        None,
        description="when the meeting begins, with its UTC offset, on its date: then as_of may "
        "be the meeting day, and only sources published before the start are used",
    )
    sourced_by: Annotated[SourcingEntry, Nested("{what} sourced_by", lambda item: item)] | None = (
        Field(
            None,
            description="fact, quote or source ids backing the header: date, location, "
            "participants; a field no source known by as_of backs prints as unconfirmed",
        )
    )
    handling: Text | None = Field(None, description="marking printed at top and bottom")
    prepared_for: Text = Field(
        description="the principal or office the brief serves; its talking points speak for it"
    )
    summary: Text | None = Field(None, description="bottom line up front, Markdown")
    topics: Slugs | None = Field(None, description="selection by topic")
    facts: Slugs | None = Field(None, description="explicit fact picks, in order")
    quotes: Slugs | None = Field(None, description="explicit quote picks, in order")
    talking_points: Texts | None = Field(None, description="Markdown; may cite [@fact-id]")
    charts: Slugs | None = Field(None, description="series to draw, in order ([] for none)")
    since: Day | None = Field(
        None,
        description="the reader's last edition: items dated after it are marked new; before as_of",
    )
    pages: Pages | None = Field(None, description="page budget: 1 (default) or 2")
    window: Window | None = Field(
        None,
        description="days before as_of within which an item is current (90 by default); an "
        "older one shows its date first",
    )
    drafted_by: Annotated[DraftedEntry, Nested("{what} drafted_by", lambda item: item)] | None = (
        Field(None, description="who drafted the brief and when: {name: …, date: YYYY-MM-DD}")
    )
    cleared_by: Annotated[ClearedEntry, Nested("{what} cleared_by", lambda item: item)] | None = (
        Field(
            None,
            description="who cleared it and when, with the hash of what they cleared: written "
            "by `briefgen clear ID --by NAME`",
        )
    )
    accept: Accepts | None = Field(None, description=ACCEPT_DOC)


# Each record's keys in order, with their parsers and docs: what `briefgen new` writes.
TOPIC_FIELDS = keys_of(TopicEntry)
SOURCE_FIELDS = keys_of(SourceEntry)
CITE_FIELDS = keys_of(CitationEntry)
FACT_FIELDS = keys_of(FactEntry)
QUOTE_FIELDS = keys_of(QuoteEntry)
BRIEF_FIELDS = keys_of(BriefEntry)


def unexplained_rating(
    sid: str, rating: object, note: object, locs: Mapping[str, Loc], loc: Loc
) -> Finding | None:
    """Say when a source is rated below high without a reliability_note.

    Load asks it too of a source with other errors, so that all are said at once.
    """
    if rating not in ("medium", "low") or note:
        return None
    return Finding(
        locs.get("reliability", loc),
        "error",
        f"source '{sid}' is rated {rating} without a reason",
        "add reliability_note: why it is not high",
        sid,
    )
