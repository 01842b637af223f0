"""The shape of every record in sources.yaml and briefs/*.yaml, and coercion into values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..dates import DATE_RE, DATETIME_RE, read_date, read_moment
from ..errors import ACCEPTABLE, Finding, InvalidValue, closest
from ..model import BRIEF_KINDS, RELIABILITIES, SOURCE_KINDS, Loc
from ..terminal import forbidden_character
from .yamlio import LDict, LList

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# An id names files (<id>.pdf and its temporary siblings): well within any file system's
# 255-byte limit, and still readable in a message.
MAX_ID = 80
# The files a build writes beside the briefs: a brief of one of these names would replace them.
RESERVED_IDS = ("index", "manifest", "feed")
# A BCP 47 language tag as analysts write one: "es", "pt-BR", "nah".
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


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
    if brief and text in RESERVED_IDS:
        return (
            f"brief id '{text}' is taken by a file the build writes beside the briefs",
            "rename the brief's file",
        )
    return None


# Far beyond any real field (a summary is a paragraph, a snapshot's evidence a sentence or two),
# and short of what would make a layout take minutes or a message fill a screen.
MAX_TEXT = 20_000
# A title is set large on two lines at most.
MAX_TITLE = 200


def _title(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else _text(value)
    if len(text) > MAX_TITLE:
        raise InvalidValue(
            f"is {len(text):,} characters long; a title fits on two lines",
            f"shorten it to {MAX_TITLE} characters or fewer, and move detail to the summary",
        )
    return _text(text)


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidValue(f"expected text, got {_kind(value)}", "write it as a quoted string")
    text = str(value).strip()
    if not text:
        raise InvalidValue("is empty", "write the text or remove the key")
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


def _ident(value: Any) -> str:
    text = _text(value)
    problem = id_problem(text)
    if problem:
        raise InvalidValue(*problem)
    return text


def _shown(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def _date(value: Any) -> dt.date:
    day = read_date(value)
    if day is None:
        raise InvalidValue(
            f"'{_shown(value)}' is not a date", "write an ISO date such as 2025-06-13"
        )
    return day


def _datetime(value: Any) -> dt.datetime:
    moment = read_moment(value)
    if moment is None:
        raise InvalidValue(
            f"'{_shown(value)}' is not a date and time with its UTC offset",
            "write it like 2022-07-12T05:00:00-04:00",
        )
    return moment


def _language(value: Any) -> str:
    text = _text(value)
    if not LANG_RE.match(text):
        raise InvalidValue(
            f"'{text}' is not a language code",
            "write an ISO 639-1 code such as es, or a tag such as es-MX",
        )
    return text


def _accepts(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise InvalidValue(
            f"expected a mapping of warning names to reasons, got {_kind(value)}",
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
            out.append((str(rule), _text(reason)))
        except InvalidValue:
            raise InvalidValue(
                f"accepting '{rule}' needs a reason", f'write {rule}: "why it is accepted"'
            ) from None
    return tuple(out)


def _priority(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        raise InvalidValue(
            f"priority '{_shown(value)}' is not 1, 2 or 3", "use 1 (must), 2 or 3 (nice to have)"
        )
    return value


def _pages(value: Any) -> int:
    if isinstance(value, bool) or value not in (1, 2):
        raise InvalidValue(
            f"pages '{value}' is not 1 or 2", "use 1 (the default) or 2 for a two-page brief"
        )
    return int(value)


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s]+$", text):
        raise InvalidValue(f"'{text}' is not an http(s) URL", "give the full https:// address")
    return text


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value)
        if text not in choices:
            near = closest(text, choices, 1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise InvalidValue(
                f"'{text}' is not one of {', '.join(choices)}", f"{hint}pick one of them"
            )
        return text

    return parse


def _text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (_text(value),)
    if not isinstance(value, list):
        raise InvalidValue(
            f"expected a list, got {_kind(value)}", "write [a, b] or one '- item' a line"
        )
    return tuple(_text(v) for v in value)


def _id_list(value: Any) -> tuple[str, ...]:
    return tuple(_ident(v) for v in _text_list(value))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


@dataclass(frozen=True)
class Field:
    """One key of a record: how to read it and what it means."""

    name: str
    parse: Callable[[Any], Any]
    required: bool = False
    doc: str = ""
    json: Mapping[str, Any] | None = None


# JSON Schema fragments: `briefgen schema` builds the editor schemas from them, so each one
# says what its parser accepts (a key left empty counts as absent, see json_schema.nullable).
TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"}
TITLE = {**TEXT, "maxLength": MAX_TITLE}
SLUG = {"type": "string", "pattern": ID_RE.pattern, "maxLength": MAX_ID}
DATE = {"type": "string", "format": "date", "pattern": DATE_RE.pattern}
DATETIME = {"type": "string", "format": "date-time", "pattern": DATETIME_RE.pattern}
URL = {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"}
PRIORITY = {"type": "integer", "enum": [1, 2, 3]}
PAGES = {"type": "integer", "enum": [1, 2]}
LANG = {"type": "string", "pattern": LANG_RE.pattern}
# A list may be written as one bare item; the parsers accept both.
TEXTS = {"anyOf": [{"type": "array", "items": TEXT}, TEXT]}
IDS = {"anyOf": [{"type": "array", "items": SLUG}, SLUG]}
# The generator defines each record of a nested list under definitions/<name>.
CITATION_REF = {"$ref": "#/definitions/citation"}
CITATIONS = {"anyOf": [{"type": "array", "minItems": 1, "items": CITATION_REF}, CITATION_REF]}


def _enum(choices: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(choices)}


ACCEPT = {
    "type": "object",
    "propertyNames": _enum(ACCEPTABLE),
    "additionalProperties": TEXT,
}
ACCEPT_DOC = "known warnings accepted on this item: warning name -> the reason (never empty)"


TOPIC_FIELDS = (
    Field("label", _text, True, "how the topic is shown", TEXT),
    Field("aliases", _text_list, False, "other names users may type", TEXTS),
)

SOURCE_FIELDS = (
    Field("id", _ident, True, "stable slug", SLUG),
    Field("title", _text, True, "the document's own title", TEXT),
    Field("publisher", _text, True, "who published the copy archived here", TEXT),
    Field("original_publisher", _text, False, "for a republished copy, the original", TEXT),
    Field("author", _text, False, "byline", TEXT),
    Field("published", _date, True, "publication date, not a capture date", DATE),
    Field("date_note", _text, False, "how an uncertain date was established", TEXT),
    Field("kind", _choice(SOURCE_KINDS), True, "kind of document", _enum(SOURCE_KINDS)),
    Field("url", _url, False, "where it was published", URL),
    Field("archive", _text, True, "path of the verbatim snapshot", TEXT),
    Field(
        "reliability",
        _choice(RELIABILITIES),
        True,
        "high | medium | low; explain anything below high in reliability_note",
        _enum(RELIABILITIES),
    ),
    Field("reliability_note", _text, False, "why it is not high", TEXT),
    Field("attribution", _text, False, "ground rules for attribution", TEXT),
    Field("embargo_until", _datetime, False, "embargo end, with its UTC offset", DATETIME),
    Field("accept", _accepts, False, ACCEPT_DOC, ACCEPT),
)

CITE_FIELDS = (
    Field("source", _ident, True, "source id", SLUG),
    Field("evidence", _text, True, "exact words from the archived snapshot", TEXT),
)

FACT_FIELDS = (
    Field("id", _ident, True, "stable slug", SLUG),
    Field("text", _text, True, "one claim, Markdown inline", TEXT),
    Field("date", _date, True, "when it was true or reported as of", DATE),
    Field("topics", _id_list, True, "topic keys", IDS),
    Field("priority", _priority, False, "1 (must) … 3 (nice to have)", PRIORITY),
    Field(
        "claimed_by",
        _text,
        False,
        "whose claim this is, when the source reports what someone said or estimated",
        TEXT,
    ),
    Field("cite", lambda v: v, True, "sources with exact evidence", CITATIONS),
    Field("accept", _accepts, False, ACCEPT_DOC, ACCEPT),
)

QUOTE_FIELDS = (
    Field("id", _ident, True, "stable slug", SLUG),
    Field("speaker", _text, True, "who said it, as the ground rules allow", TEXT),
    Field("role", _text, True, "the speaker's position", TEXT),
    Field("text", _text, True, "verbatim words", TEXT),
    Field("date", _date, True, "when it was said", DATE),
    Field("context", _text, False, "where and on what", TEXT),
    Field("topics", _id_list, False, "topic keys", IDS),
    Field("priority", _priority, False, "1 (must) … 3 (nice to have)", PRIORITY),
    Field("source", _ident, True, "source id", SLUG),
    Field("said_in", _language, False, "language it was said in, when text is a translation", LANG),
    Field("translated_by", _text, False, "who translated it, when text is a translation", TEXT),
    Field("accept", _accepts, False, ACCEPT_DOC, ACCEPT),
)

BRIEF_FIELDS = (
    Field("kind", _choice(BRIEF_KINDS), True, "meeting | readout | issue", _enum(BRIEF_KINDS)),
    Field("title", _title, True, "the brief's title, printed at the top", TITLE),
    Field("date", _date, True, "the meeting's date or the issue brief's date", DATE),
    Field("as_of", _date, False, "information cut-off; defaults to date", DATE),
    Field("location", _text, False, "where the meeting is", TEXT),
    Field("participants", _text_list, False, "who takes part", TEXTS),
    Field("handling", _text, False, "marking printed at top and bottom", TEXT),
    Field(
        "prepared_for",
        _text,
        True,
        "the principal or office the brief serves; its talking points speak for it",
        TEXT,
    ),
    Field("summary", _text, False, "bottom line up front, Markdown", TEXT),
    Field("topics", _id_list, False, "selection by topic", IDS),
    Field("facts", _id_list, False, "explicit fact picks, in order", IDS),
    Field("quotes", _id_list, False, "explicit quote picks, in order", IDS),
    Field("talking_points", _text_list, False, "Markdown; may cite [@fact-id]", TEXTS),
    Field("charts", _id_list, False, "series to draw, in order ([] for none)", IDS),
    Field(
        "since",
        _date,
        False,
        "the reader's last edition: items dated after it are marked new; before as_of",
        DATE,
    ),
    Field("pages", _pages, False, "page budget: 1 (default) or 2", PAGES),
    Field("accept", _accepts, False, ACCEPT_DOC, ACCEPT),
)


def read_record(
    data: Any, fields: tuple[Field, ...], where: Loc, what: str
) -> tuple[dict[str, Any], dict[str, Loc], list[Finding]]:
    """Coerce one YAML mapping into field values; report every problem, skip none."""
    findings: list[Finding] = []
    if not isinstance(data, LDict):
        loc = getattr(data, "loc", where)
        findings.append(
            Finding(
                loc,
                "error",
                f"{what} should be a mapping of keys, got {_kind(data)}",
                "write it as 'key: value' lines",
            )
        )
        return {}, {}, findings
    known = {f.name for f in fields}
    values: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    for key, loc in data.duplicates:
        findings.append(
            Finding(loc, "error", f"{what}: key '{key}' is given twice", "keep one of them")
        )
    for key in data:
        if key not in known:
            near = closest(str(key), known, 1)
            fix = (
                f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(sorted(known))}"
            )
            findings.append(
                Finding(data.key_locs[key], "error", f"{what}: unknown key '{key}'", fix)
            )
    for fld in fields:
        if fld.required and fld.name in data and data[fld.name] is None:
            findings.append(
                Finding(
                    data.value_locs.get(fld.name, data.key_locs[fld.name]),
                    "error",
                    f"{what}: '{fld.name}' is empty",
                    f"fill it in ({fld.doc or 'its value'}); the key is required",
                )
            )
            continue
        if fld.name not in data or data[fld.name] is None:
            if fld.required:
                findings.append(
                    Finding(
                        data.loc,
                        "error",
                        f"{what}: missing required key '{fld.name}'",
                        f"add '{fld.name}:' ({fld.doc or 'required'})",
                    )
                )
            continue
        loc = data.value_locs[fld.name]
        try:
            values[fld.name] = fld.parse(data[fld.name])
        except InvalidValue as exc:
            fix = exc.fix
            if fld.required and fix.endswith(" or remove the key"):  # a required key stays
                fix = f"fill it in ({fld.doc or 'its value'}); the key is required"
            findings.append(Finding(loc, "error", f"{what}: '{fld.name}' {exc}", fix))
            continue
        locs[fld.name] = loc
        raw = data[fld.name]
        if isinstance(raw, LList):
            for i, item_loc in enumerate(raw.item_locs):
                locs[f"{fld.name}[{i}]"] = item_loc
        elif isinstance(raw, LDict):
            for key, key_loc in raw.key_locs.items():
                locs[f"{fld.name}.{key}"] = key_loc
    return values, locs, findings


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
