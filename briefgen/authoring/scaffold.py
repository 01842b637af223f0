"""`briefgen new`: start a source or a brief with every field the editorial rules ask for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..catalog.briefs import BRIEFS_DIR
from ..catalog.fields import BRIEF_FIELDS, SOURCE_FIELDS, Key
from ..catalog.load import CATALOG_FILE
from ..catalog.snapshots import MAX_SNAPSHOT_BYTES
from ..catalog.values import parse_title
from ..errors import (
    AlreadyExists,
    CaptureUnusable,
    InvalidValue,
    UnreadableFile,
    UsageError,
    closest,
)
from ..files import inside, read_named, write_new
from ..model import BRIEF_KINDS, KIND_LABELS, RELIABILITIES, SOURCE_KINDS
from .entries import (
    Created,
    Todo,
    append_entry,
    existing_ids,
    parse_option,
    read_catalog_text,
    scalar,
    slug,
)
from .json_schema import BRIEF_SCHEMA, MODELINE, SCHEMA_DIR, SOURCES_SCHEMA

ARCHIVE_DIR = "sources"

# What the analyst is to decide for a key left open, beyond the key's own doc: when it
# applies and which editorial rule asks for it (numbered as in docs/editorial-rules.md).
_SOURCE_HINTS: Mapping[str, str] = {
    "title": "the document's own title",
    "original_publisher": "for a republished copy or a rewrite, who published it first "
    "(editorial rule 5)",
    "author": "the byline, if there is one",
    "date_note": "how the publication date was established, if inferred from the text "
    "(editorial rule 3)",
    "kind": " | ".join(SOURCE_KINDS),
    "url": "where it was published, if online",
    "reliability": " | ".join(RELIABILITIES),
    "reliability_note": "why it is not high: required unless reliability is high "
    "(editorial rule 5)",
    "attribution": "the ground rules, e.g. on background (editorial rule 4)",
    "embargo_until": "when an embargo lifts, e.g. 2022-07-12T05:00:00-04:00 (editorial rule 7)",
    "published_at": "the moment it came out, e.g. 2025-06-17T08:30:00-06:00, when it matters "
    "whether it was before a meeting that day (editorial rule 14)",
}
_BRIEF_HINTS: Mapping[str, str] = {
    "kind": "meeting (preparation) | readout (after the meeting) | issue",
    "date": "the meeting's date; for an issue brief, the brief's date",
    "as_of": "information cut-off: nothing dated or published after it is used",
    "participants": "one '- {name: \"Name, role\", side: us}' a line; side: us, mx or both "
    "(editorial rule 15)",
    "not_on_record": "us and/or mx: whose aims for the meeting are not on the record; the page "
    "says so (editorial rule 15)",
    "prepared_for": "the principal or office the brief serves; talking points speak for it "
    "(editorial rule 10)",
    "topics": "topic keys or aliases (briefgen list topics); matches follow the picks",
    "facts": "fact ids, placed first, in this order",
    "quotes": "quote ids, placed first, in this order",
    "summary": "bottom line up front, Markdown; may cite [@fact-id]",
    "talking_points": "one '- \"…\"' a point, Markdown; may cite [@fact-id]",
    "charts": "series ids to draw, in order; left empty, an issue brief draws its topics' "
    "series; [] for none",
    "starts_at": "when the meeting begins, e.g. 2025-06-17T11:00:00-06:00; only with an as_of "
    "on the meeting day (editorial rule 14)",
    "sourced_by": "what gives the date, place and participants: {date: [id], location: [id], "
    "participants: [id]}; a field nothing backs prints unconfirmed (editorial rule 14)",
    "window": "days before as_of within which an item is current (90 if left empty); older "
    "ones show their date first (editorial rule 13)",
}
_KIND_HINTS: Mapping[tuple[str, str], str] = {
    ("meeting", "date"): "the meeting's date",
    ("meeting", "as_of"): "information cut-off, before the meeting (the day before, to start "
    "with): nothing later is used",
    ("readout", "date"): "the meeting's date",
    ("readout", "as_of"): "information cut-off, on or after the meeting: nothing later is used",
    ("readout", "not_on_record"): "us and/or mx: whose account of the meeting is not on the "
    "record; the page says so (editorial rule 15)",
    ("issue", "date"): "the brief's date",
}
_MEETING_ONLY = ("location", "participants", "starts_at", "sourced_by", "not_on_record")


# -- new source ---------------------------------------------------------------------------

# Keys only `capture` writes: a text given to `new source` has no original file to keep.
CAPTURE_KEYS = ("original", "sha256", "excerpt", "date_inferred")
# Keys written as they are; every other value is quoted.
_PLAIN = ("id", "published", "kind", "reliability", "archive", "sha256", "excerpt", "date_inferred")


def source_rows(
    values: Mapping[str, str], skip: tuple[str, ...] = (), notes: Mapping[str, str] = {}
) -> tuple[list[tuple[str, str]], set[str]]:
    """Render every source field as (key, line body); return which keys are left open.

    `skip` leaves keys out; `notes` are comments for keys, given or open, that say more
    than the key's usual hint (where capture found a value, why a key is open).
    """
    rows: list[tuple[str, str]] = []
    open_keys: set[str] = set()
    for fld in SOURCE_FIELDS:
        if fld.name in skip:
            continue
        value = values.get(fld.name)
        hint = notes.get(fld.name) or _SOURCE_HINTS.get(fld.name, fld.doc)
        if value is None:
            open_keys.add(fld.name)
            # An empty required key is an error `check` points at; an empty optional one is
            # read as absent, so it waits harmlessly until filled in or deleted.
            body = f'{fld.name}: ""' if fld.required else f"{fld.name}:"
            rows.append((fld.name, f"{body}  # {hint}"))
            continue
        body = f"{fld.name}: {value if fld.name in _PLAIN else scalar(value)}"
        rows.append((fld.name, f"{body}  # {notes[fld.name]}" if fld.name in notes else body))
    return rows, open_keys


def source_todo(
    rows: list[tuple[str, str]],
    open_keys: set[str],
    values: Mapping[str, str],
    first_line: int,
    shown: str = CATALOG_FILE,
    notes: Mapping[str, str] = {},
) -> tuple[Todo, ...]:
    """List the keys of a new source entry left to fill in, each at its line."""
    todo = []
    for i, (key, _) in enumerate(rows):
        if key not in open_keys:
            continue
        if key == "reliability_note" and values.get("reliability") == "high":
            continue
        fld = next(f for f in SOURCE_FIELDS if f.name == key)
        required = fld.required or (
            key == "reliability_note" and values.get("reliability") in ("medium", "low")
        )
        what = notes.get(key) or _SOURCE_HINTS.get(key, fld.doc)
        todo.append(Todo(shown, first_line + i, key, what, required))
    return tuple(todo)


def source_values(source_id: str, options: Mapping[str, str | None]) -> dict[str, str]:
    """Check a source's command-line values with the loader's parsers, as written in YAML."""
    values: dict[str, str] = {"id": source_id}
    flags = {"original_publisher": "--original-publisher"}
    for name, value in options.items():
        if value is None:
            continue
        option = flags.get(name, f"--{name}")
        parsed = parse_option(SOURCE_FIELDS, name, value, option)
        values[name] = parsed.isoformat() if isinstance(parsed, dt.date) else str(parsed)
    return values


def new_source(
    root: Path, capture: Path, source_id: str, options: Mapping[str, str | None]
) -> Created:
    """Copy a capture into sources/<id>.txt and append its entry to sources.yaml."""
    slug(source_id, "source id")
    values = source_values(source_id, options)
    for name in ("publisher", "published"):
        if name not in values:
            raise UsageError(f"--{name} is required")
    archive = f"{ARCHIVE_DIR}/{source_id}.txt"
    values["archive"] = archive

    if not capture.is_file():
        raise UsageError(f"capture '{capture}' is not a file: give the saved text of the source")
    try:
        data = read_named(capture, MAX_SNAPSHOT_BYTES)
    except UnreadableFile as exc:
        raise CaptureUnusable(exc.message, exc.fix) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CaptureUnusable(
            f"capture '{capture}' is not UTF-8 text (bad byte on line {line})", "save it as UTF-8"
        ) from None
    if not data.strip():
        raise CaptureUnusable(f"capture '{capture}' is empty", "give the saved text of the source")

    text = read_catalog_text(root)
    holder = existing_ids(root, text).get(source_id)
    if holder is not None:
        raise AlreadyExists(f"source '{source_id}' is already in {holder}", "pick another id")
    dest = root / archive
    in_place = dest.is_file() and dest.resolve() == capture.resolve()
    if dest.exists() and not in_place:
        raise AlreadyExists(
            f"{archive} already exists", "pick another id, or remove it if it is stale"
        )

    rows, open_keys = source_rows(values, skip=CAPTURE_KEYS)
    first_line, written = append_entry(
        root,
        text,
        "sources",
        source_id,
        [body for _, body in rows],
        files=() if in_place else ((archive, data),),
        header=f"{MODELINE}{SCHEMA_DIR}/{SOURCES_SCHEMA}\n",
        by_hand="add it by hand (sources/ was not changed)",
    )
    todo = source_todo(rows, open_keys, values, first_line)
    return Created(tuple(written), first_line, todo, archive)


# -- new brief ----------------------------------------------------------------------------


def _brief_text(kind: str, brief_id: str, title: str | None, day: dt.date) -> tuple[str, set[str]]:
    label = KIND_LABELS[kind]
    lines = [
        f"{MODELINE}../{SCHEMA_DIR}/{BRIEF_SCHEMA}",
        f"# {label}: briefs/{brief_id}.yaml (the file name is the brief id).",
        "# Fill in the empty keys and delete those that do not apply; then run",
        f"# `briefgen check` and `briefgen build {brief_id}`. Rules: docs/editorial-rules.md.",
    ]
    values: dict[str, str] = {
        "kind": kind,
        "title": scalar(title) if title else '""',
        "date": day.isoformat(),
        # A preparation brief is written before the meeting: nothing from the day itself.
        "as_of": (day - dt.timedelta(days=1) if kind == "meeting" else day).isoformat(),
        "pages": "1",
        "handling": scalar("UNCLASSIFIED"),
        "prepared_for": "",
        "location": "",
        "summary": "",
        "participants": "[]",
        "topics": "[]",
        "facts": "[]",
        "quotes": "[]",
        "talking_points": "[]",
    }
    open_keys = {key for key, value in values.items() if value in ("", "[]", '""')}
    for fld in BRIEF_FIELDS:
        body = f"{fld.name}: {values.get(fld.name, '')}".rstrip()
        hint = _KIND_HINTS.get((kind, fld.name)) or _BRIEF_HINTS.get(fld.name, fld.doc)
        if kind == "issue" and fld.name in _MEETING_ONLY:
            # An issue brief has no meeting; the keys stay visible for a brief that becomes one.
            lines.append(f"# {body}  # {hint} (meetings and readouts only)")
            open_keys.discard(fld.name)
        else:
            lines.append(f"{body}  # {hint}")
    return "\n".join(lines) + "\n", open_keys


def new_brief(
    root: Path, kind: str, brief_id: str, title: str | None = None, day: dt.date | None = None
) -> Created:
    """Write briefs/<id>.yaml with every field, each explained on its line."""
    if kind not in BRIEF_KINDS:
        near = closest(kind, BRIEF_KINDS, 1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        raise UsageError(f"unknown brief kind '{kind}': {hint}choose {', '.join(BRIEF_KINDS)}")
    slug(brief_id, "brief id", brief=True)
    if title is not None:
        try:
            parse_title(title)
        except InvalidValue as exc:
            raise UsageError(f"--title {exc}: {exc.fix}") from None
        if "\n" in title or "\r" in title:
            raise UsageError("--title holds a line break: a title is one line; join its lines")
    folder = root / BRIEFS_DIR
    if folder.exists() and not inside(root, BRIEFS_DIR):
        raise UsageError(
            f"{BRIEFS_DIR}/ leads outside the project (it resolves to {folder.resolve()}): "
            "make it a folder of the project's own"
        )
    for suffix in (".yaml", ".yml"):
        if (folder / f"{brief_id}{suffix}").exists():
            raise AlreadyExists(
                f"{BRIEFS_DIR}/{brief_id}{suffix} already exists", "pick another id"
            )
    text, open_keys = _brief_text(kind, brief_id, title, day or dt.date.today())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{brief_id}.yaml"
    try:
        write_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise AlreadyExists(
            f"{BRIEFS_DIR}/{brief_id}.yaml already exists", "pick another id"
        ) from None
    shown = f"{BRIEFS_DIR}/{brief_id}.yaml"
    todo = [
        Todo(shown, n, key, _BRIEF_HINTS.get(key, fld.doc), fld.required)
        for n, key, fld in _numbered(text, open_keys)
    ]
    return Created((shown,), 1, tuple(todo))


def _numbered(text: str, keys: set[str]) -> Iterator[tuple[int, str, Key]]:
    by_name = {f.name: f for f in BRIEF_FIELDS}
    for n, row in enumerate(text.splitlines(), 1):
        key = row.split(":", 1)[0]
        if key in keys:
            yield n, key, by_name[key]
