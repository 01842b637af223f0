"""The kinds of value a key of a record may hold: how each is read, and its JSON Schema.

Each kind is a `Value`: a parser, which turns what YAML gave into the value briefgen keeps or
raises InvalidValue with briefgen's own message and fix, and the JSON Schema fragment of what
that parser accepts. Used as `Annotated` metadata, a Value is the whole pydantic validator of
a key and its part of the editor schema, so the two cannot drift apart. A new kind of value
is a parser, a fragment and one `Annotated` alias at the end of this module, which is why it
runs past 400 lines: every kind of value a catalog or brief may hold is read here, and
nowhere else.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from ..dates import DATE_RE, DATETIME_RE, read_date, read_moment
from ..errors import ACCEPTABLE, InvalidValue, closest
from ..model import (
    BRIEF_KINDS,
    CHART_KINDS,
    GOVERNMENTS,
    RELIABILITIES,
    SIDES,
    SOURCE_KINDS,
    Participant,
)
from ..terminal import forbidden_character

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An id names files (<id>.pdf and its temporary siblings): well within any file system's
# 255-byte limit, and still readable in a message.
MAX_ID = 80
# The files a build writes beside the briefs: a brief of one of these names would replace them.
RESERVED_IDS = ("index", "manifest", "feed")
# Names Windows keeps for devices, whatever follows the dot: con.pdf opens the console there,
# so a project with such an id could not be checked out, built or published on Windows.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(10)]
)
# A BCP 47 language tag as analysts write one: "es", "pt-BR", "nah".
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
SHA256_RE = re.compile(r"^[0-9A-Fa-f]{64}$")
# Far beyond any real field (a summary is a paragraph, a snapshot's evidence a sentence or two),
# and short of what would make a layout take minutes or a message fill a screen.
MAX_TEXT = 20_000
# A title is set large on two lines at most.
MAX_TITLE = 200

# The pydantic error type of a value a parser refused; its context carries the InvalidValue.
INVALID = "briefgen_invalid"


def id_problem(text: str, *, brief: bool = False) -> tuple[str, str] | None:
    """Say what is wrong with an id and how to fix it, or None when it is a good one."""
    if not ID_RE.match(text):
        return (
            f"id '{text}' is not a slug",
            "use lowercase letters, digits and single hyphens, e.g. mnd-2025-06-13-landau",
        )
    if len(text) > MAX_ID:
        return (
            f"id '{text[:40]}…' is {len(text)} characters long",
            f"shorten it to {MAX_ID} or fewer",
        )
    if text in WINDOWS_RESERVED:
        return (
            f"id '{text}' is a name Windows keeps for a device: its files could not be made there",
            f"add a word, e.g. {text}-2025",
        )
    if brief and text in RESERVED_IDS:
        return (
            f"brief id '{text}' is taken by a file the build writes beside the briefs",
            "rename the brief's file",
        )
    return None


def kind_of(value: Any) -> str:
    """Name the kind of a YAML value, as a message says it: 'a list', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def shown(value: Any, limit: int = 40) -> str:
    """Return a value as a message quotes it: cut after `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


# -- parsers: YAML value in, briefgen's value out, or InvalidValue ---------------------------


def parse_text(value: Any) -> str:
    """Read one line or paragraph of text; a number is taken as written."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidValue(f"expected text, got {kind_of(value)}", "write it as a quoted string")
    text = str(value).strip()
    if not text:
        raise InvalidValue("is empty", "write the text or remove the key", removable=True)
    if len(text) > MAX_TEXT:
        raise InvalidValue(
            f"is {len(text):,} characters long", f"keep it under {MAX_TEXT:,} characters"
        )
    bad = forbidden_character(text)
    if bad:
        raise InvalidValue(
            f"contains {bad}, which content may not hold",
            "delete it (most editors do not show it); it was likely pasted in with the text",
        )
    return text


def short_text(limit: int, why: str, more: str) -> Callable[[Any], str]:
    """Return a reader of text at most `limit` characters long.

    `why` says why it must be short, `more` (after the fix) where the rest can go.
    """

    def parse(value: Any) -> str:
        text = value.strip() if isinstance(value, str) else parse_text(value)
        if len(text) > limit:
            raise InvalidValue(
                f"is {len(text):,} characters long; {why}",
                f"shorten it to {limit} characters or fewer{more}",
            )
        return parse_text(text)

    return parse


# A title: text short enough to be set large on two lines.
parse_title = short_text(MAX_TITLE, "a title fits on two lines", ", and move detail to the summary")


def parse_ident(value: Any) -> str:
    """Read an id: a slug of at most MAX_ID characters."""
    text = parse_text(value)
    problem = id_problem(text)
    if problem:
        raise InvalidValue(*problem)
    return text


def parse_date(value: Any) -> dt.date:
    """Read a day, written YYYY-MM-DD."""
    day = read_date(value)
    if day is None:
        raise InvalidValue(
            f"'{shown(value)}' is not a date", "write an ISO date such as 2025-06-13"
        )
    _plausible(day)
    return day


# Dates a brief's windows and cut-offs count days back and forth from: far from either end of
# the calendar Python can count in, whatever the window.
EARLIEST, LATEST = 1000, 9000


def plausible(day: dt.date) -> bool:
    """Tell whether a day's year is one a brief's dates may have."""
    return EARLIEST <= day.year <= LATEST


def _plausible(day: dt.date) -> None:
    if not plausible(day):
        raise InvalidValue(
            f"'{day.isoformat()}' is not a plausible date (the year {day.year})",
            f"write the year in full, from {EARLIEST} to {LATEST}",
        )


def parse_datetime(value: Any) -> dt.datetime:
    """Read a moment with its UTC offset."""
    moment = read_moment(value)
    if moment is None:
        raise InvalidValue(
            f"'{shown(value)}' is not a date and time with its UTC offset",
            "write it like 2022-07-12T05:00:00-04:00",
        )
    _plausible(moment.date())
    return moment


def parse_language(value: Any) -> str:
    """Read a language tag: es, es-MX."""
    text = parse_text(value)
    if not LANG_RE.match(text):
        raise InvalidValue(
            f"'{text}' is not a language code",
            "write an ISO 639-1 code such as es, or a tag such as es-MX",
        )
    return text


def parse_accepts(value: Any) -> tuple[tuple[str, str], ...]:
    """Read `accept:`: warning name -> the reason it is accepted, as (name, reason) pairs."""
    if not isinstance(value, dict):
        raise InvalidValue(
            f"expected a mapping of warning names to reasons, got {kind_of(value)}",
            'write accept: {stale-fact: "why this warning is accepted"}',
        )
    out = []
    for rule, reason in value.items():
        if rule not in ACCEPTABLE:
            near = closest(str(rule), ACCEPTABLE, 1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise InvalidValue(
                f"'{rule}' names no warning that can be accepted",
                f"{hint}use the name printed in [brackets] after the warning",
            )
        try:
            out.append((str(rule), parse_text(reason)))
        except InvalidValue:
            raise InvalidValue(
                f"accepting '{rule}' needs a reason", f'write {rule}: "why it is accepted"'
            ) from None
    return tuple(out)


def parse_sha256(value: Any) -> str:
    """Read a SHA-256 digest: 64 hexadecimal digits, as `sha256sum` prints them."""
    text = parse_text(value)
    if not SHA256_RE.match(text):
        raise InvalidValue(
            f"'{shown(text)}' is not a SHA-256 digest",
            "write the 64 hexadecimal digits `sha256sum FILE` prints (briefgen capture writes it)",
        )
    return text.lower()


def parse_flag(value: Any) -> bool:
    """Read a yes/no value: true or false."""
    if not isinstance(value, bool):
        raise InvalidValue(f"'{shown(value)}' is not true or false", "write true or false")
    return value


def parse_priority(value: Any) -> int:
    """Read a priority: 1, 2 or 3."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        raise InvalidValue(
            f"'{shown(value)}' is not 1, 2 or 3", "use 1 (must), 2 or 3 (nice to have)"
        )
    return value


def parse_pages(value: Any) -> int:
    """Read a page budget: 1 or 2."""
    if isinstance(value, bool) or value not in (1, 2):
        raise InvalidValue(
            f"'{value}' is not 1 or 2", "use 1 (the default) or 2 for a two-page brief"
        )
    return int(value)


def parse_window(value: Any) -> int:
    """Read a window: a whole number of days, 1 to a century's."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 36_500:
        what = kind_of(value) if isinstance(value, bool) else f"'{shown(value)}'"
        raise InvalidValue(
            f"{what} is not a number of days from 1 to 36500",
            "write a whole number of days, 1 to 36500 (90 by default)",
        )
    return value


def parse_url(value: Any) -> str:
    """Read a web address: http(s) only."""
    text = parse_text(value)
    if not re.match(r"^https?://[^\s]+$", text):
        raise InvalidValue(f"'{text}' is not an http(s) URL", "give the full https:// address")
    return text


def choice_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    """Return a parser that takes one of `choices`."""

    def parse(value: Any) -> str:
        text = parse_text(value)
        if text not in choices:
            near = closest(text, choices, 1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise InvalidValue(
                f"'{text}' is not one of {', '.join(choices)}", f"{hint}pick one of them"
            )
        return text

    return parse


def parse_text_list(value: Any) -> tuple[str, ...]:
    """Read a list of texts; one bare text is a list of one."""
    if isinstance(value, str):
        return (parse_text(value),)
    if not isinstance(value, list):
        raise InvalidValue(
            f"expected a list, got {kind_of(value)}", "write [a, b] or one '- item' a line"
        )
    return tuple(parse_text(v) for v in value)


def parse_id_list(value: Any) -> tuple[str, ...]:
    """Read a list of ids; one bare id is a list of one."""
    return tuple(parse_ident(v) for v in parse_text_list(value))


SIDE_FIX = "use us (the United States), mx (Mexico) or both (a joint statement or position)"


def parse_side(value: Any) -> str:
    """Read a side at the table: us, mx or both."""
    text = parse_text(value)
    if text not in SIDES:
        raise InvalidValue(f"'{shown(text)}' is not us, mx or both", SIDE_FIX)
    return text


def parse_participants(value: Any) -> tuple[Participant, ...]:
    """Read participants: each "Name, role", or {name: "Name, role", side: us|mx|both}."""
    items = [value] if isinstance(value, str | dict) else value
    if not isinstance(items, list):
        raise InvalidValue(
            f"expected a list, got {kind_of(value)}",
            "write one '- {name: \"Name, role\", side: us}' a line",
        )
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            try:
                out.append(Participant(parse_text(item)))
            except InvalidValue as exc:
                raise InvalidValue(f"participant {n} {exc}", exc.fix) from None
            continue
        unknown = [str(k) for k in item if k not in ("name", "side")]
        if unknown or "name" not in item:
            what = f"has unknown key '{unknown[0]}'" if unknown else "has no name"
            raise InvalidValue(
                f"participant {n} {what}",
                'write it as {name: "Name, role", side: us}, side being us, mx or both',
            )
        try:
            name = parse_text(item["name"])
        except InvalidValue as exc:
            raise InvalidValue(
                f"participant {n}: name {exc}", 'write the name and role, "Name, role"'
            ) from None
        try:
            side = None if item.get("side") is None else parse_side(item["side"])
        except InvalidValue as exc:
            raise InvalidValue(f"participant {n}: side {exc}", exc.fix) from None
        out.append(Participant(name, side))
    return tuple(out)


def parse_governments(value: Any) -> tuple[str, ...]:
    """Read the governments whose aims are not on the record: us, mx, or both of them."""
    out = []
    for text in parse_text_list(value):
        if text not in GOVERNMENTS:
            fix = "list each government: [us, mx]" if text == "both" else "use us or mx"
            raise InvalidValue(f"'{shown(text)}' is not us or mx", fix)
        out.append(text)
    return tuple(dict.fromkeys(out))


# -- JSON Schema fragments: what each parser accepts, for the editor schemas -----------------

TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"}
TITLE = {**TEXT, "maxLength": MAX_TITLE}
SLUG = {"type": "string", "pattern": ID_RE.pattern, "maxLength": MAX_ID}
DATE = {"type": "string", "format": "date", "pattern": DATE_RE.pattern}
DATETIME = {"type": "string", "format": "date-time", "pattern": DATETIME_RE.pattern}
URL = {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"}
PRIORITY = {"type": "integer", "enum": [1, 2, 3]}
PAGES = {"type": "integer", "enum": [1, 2]}
WINDOW = {"type": "integer", "minimum": 1}
LANG = {"type": "string", "pattern": LANG_RE.pattern}
SHA256 = {"type": "string", "pattern": SHA256_RE.pattern}
FLAG = {"type": "boolean"}
# A list may be written as one bare item; the parsers accept both.
TEXTS = {"anyOf": [{"type": "array", "items": TEXT}, TEXT]}
IDS = {"anyOf": [{"type": "array", "items": SLUG}, SLUG]}
SIDE = {"type": "string", "enum": list(SIDES)}
_SEAT = {
    "anyOf": [
        TEXT,
        {
            "type": "object",
            "properties": {"name": TEXT, "side": SIDE},
            "required": ["name"],
            "additionalProperties": False,
        },
    ]
}
PARTICIPANTS = {"anyOf": [{"type": "array", "items": _SEAT}, _SEAT]}
_GOVERNMENT = {"type": "string", "enum": list(GOVERNMENTS)}
GOVERNMENT_LIST = {"anyOf": [{"type": "array", "items": _GOVERNMENT}, _GOVERNMENT]}


def enum(choices: tuple[str, ...]) -> dict[str, Any]:
    """Return the fragment of a text that is one of `choices`."""
    return {"type": "string", "enum": list(choices)}


ACCEPT = {
    "type": "object",
    "propertyNames": enum(ACCEPTABLE),
    "additionalProperties": TEXT,
}
ACCEPT_DOC = "known warnings accepted on this item: warning name -> the reason (never empty)"


# -- the pydantic side ----------------------------------------------------------------------


def refusal(exc: InvalidValue) -> PydanticCustomError:
    """Carry briefgen's message and fix through pydantic's error list, unchanged."""
    return PydanticCustomError(INVALID, "{message}", {"message": str(exc), "problem": exc})


# What a key given no value (`key:`) is told: only a required key gets here, an optional one
# reading as absent; `removable` turns the fix into "fill it in".
EMPTY = InvalidValue("is empty", "write the value or remove the key", removable=True)


class Value:
    """A kind of value, as `Annotated` metadata: its parser is the key's pydantic validator.

    The parser's result is kept as it is (a date, a tuple, a number that remembers it was
    written 1.10), and its fragment is the key's JSON Schema.
    """

    __slots__ = ("json", "parse")

    def __init__(self, parse: Callable[[Any], Any], json: Mapping[str, Any]) -> None:
        self.parse = parse
        self.json = json

    def validate(self, value: Any) -> Any:
        """Read one value, or raise the pydantic error that carries briefgen's finding."""
        if value is None:
            raise refusal(EMPTY)
        try:
            return self.parse(value)
        except InvalidValue as exc:
            raise refusal(exc) from None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Validate with the parser alone: no coercion of pydantic's before or after it."""
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe what the parser accepts."""
        return copy.deepcopy(dict(self.json))


# The kinds of value, for the records' annotations.
Text = Annotated[str, Value(parse_text, TEXT)]
Title = Annotated[str, Value(parse_title, TITLE)]
Slug = Annotated[str, Value(parse_ident, SLUG)]
Day = Annotated[dt.date, Value(parse_date, DATE)]
Moment = Annotated[dt.datetime, Value(parse_datetime, DATETIME)]
Url = Annotated[str, Value(parse_url, URL)]
Priority = Annotated[int, Value(parse_priority, PRIORITY)]
Pages = Annotated[int, Value(parse_pages, PAGES)]
Window = Annotated[int, Value(parse_window, WINDOW)]
Language = Annotated[str, Value(parse_language, LANG)]
Sha256 = Annotated[str, Value(parse_sha256, SHA256)]
Flag = Annotated[bool, Value(parse_flag, FLAG)]
Texts = Annotated[tuple[str, ...], Value(parse_text_list, TEXTS)]
Slugs = Annotated[tuple[str, ...], Value(parse_id_list, IDS)]
Accepts = Annotated[tuple[tuple[str, str], ...], Value(parse_accepts, ACCEPT)]
SourceKind = Annotated[str, Value(choice_of(SOURCE_KINDS), enum(SOURCE_KINDS))]
Reliability = Annotated[str, Value(choice_of(RELIABILITIES), enum(RELIABILITIES))]
BriefKind = Annotated[str, Value(choice_of(BRIEF_KINDS), enum(BRIEF_KINDS))]
ChartKind = Annotated[str, Value(choice_of(CHART_KINDS), enum(CHART_KINDS))]
Side = Annotated[str, Value(parse_side, SIDE)]
Participants = Annotated[tuple[Participant, ...], Value(parse_participants, PARTICIPANTS)]
Governments = Annotated[tuple[str, ...], Value(parse_governments, GOVERNMENT_LIST)]
