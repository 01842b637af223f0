"""`briefgen new`: start a source or a brief with every field the editorial rules ask for."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..catalog.briefs import BRIEFS_DIR
from ..catalog.fields import BRIEF_FIELDS, ID_RE, SOURCE_FIELDS, Key
from ..catalog.load import CATALOG_FILE, raw_files
from ..catalog.yamlio import LDict, compose_yaml, parse_yaml
from ..errors import (
    AlreadyExists,
    CaptureUnusable,
    CatalogNotEditable,
    InvalidValue,
    UsageError,
    closest,
)
from ..files import write_atomic
from ..model import BRIEF_KINDS, KIND_LABELS, RELIABILITIES, SOURCE_KINDS
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
}
_BRIEF_HINTS: Mapping[str, str] = {
    "kind": "meeting (preparation) | readout (after the meeting) | issue",
    "date": "the meeting's date; for an issue brief, the brief's date",
    "as_of": "information cut-off: nothing dated or published after it is used",
    "participants": "one '- {name: \"Name, role\", side: us}' a line; side: us, mx or both "
    "(editorial rule 14)",
    "not_on_record": "us and/or mx: whose aims for the meeting are not on the record; the page "
    "says so (editorial rule 14)",
    "prepared_for": "the principal or office the brief serves; talking points speak for it "
    "(editorial rule 10)",
    "topics": "topic keys or aliases (briefgen list topics); matches follow the picks",
    "facts": "fact ids, placed first, in this order",
    "quotes": "quote ids, placed first, in this order",
    "summary": "bottom line up front, Markdown; may cite [@fact-id]",
    "talking_points": "one '- \"…\"' a point, Markdown; may cite [@fact-id]",
    "charts": "series ids to draw, in order; left empty, an issue brief draws its topics' "
    "series; [] for none",
}
_KIND_HINTS: Mapping[tuple[str, str], str] = {
    ("meeting", "date"): "the meeting's date",
    ("meeting", "as_of"): "information cut-off, before the meeting (the day before, to start "
    "with): nothing later is used",
    ("readout", "date"): "the meeting's date",
    ("readout", "as_of"): "information cut-off, on or after the meeting: nothing later is used",
    ("issue", "date"): "the brief's date",
}
_MEETING_ONLY = ("location", "participants", "not_on_record")


@dataclass(frozen=True)
class Todo:
    """A key left for the analyst: where it is and what goes there."""

    path: str
    line: int
    key: str
    what: str
    required: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.key}: {self.what}"


@dataclass(frozen=True)
class Created:
    """What `new` wrote, and what is left to fill in."""

    written: tuple[str, ...]
    line: int
    todo: tuple[Todo, ...]
    archive: str = ""  # a new source's snapshot, whether copied now or already in place


# -- helpers ------------------------------------------------------------------------------


def _scalar(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any text a user types.
    return json.dumps(value, ensure_ascii=False)


def _parse(fields: tuple[Key, ...], name: str, value: Any, option: str) -> Any:
    """Check one command-line value with the same parser the loader uses."""
    fld = next(f for f in fields if f.name == name)
    try:
        return fld.parse(value)
    except InvalidValue as exc:
        raise UsageError(f"{option} {exc} ({exc.fix})") from None


def _slug(value: str, what: str) -> str:
    if not ID_RE.match(value):
        raise UsageError(
            f"{what} '{value}' is not a slug: use lowercase letters, digits and single hyphens, "
            "e.g. mnd-2025-06-13-landau"
        )
    return value


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# -- new source ---------------------------------------------------------------------------


def _source_lines(values: Mapping[str, str]) -> tuple[list[tuple[str, str]], set[str]]:
    """Render every source field as (key, line body); return which keys are left open."""
    rows: list[tuple[str, str]] = []
    open_keys: set[str] = set()
    for fld in SOURCE_FIELDS:
        value = values.get(fld.name)
        hint = _SOURCE_HINTS.get(fld.name, fld.doc)
        if value is None:
            open_keys.add(fld.name)
            # An empty required key is an error `check` points at; an empty optional one is
            # read as absent, so it waits harmlessly until filled in or deleted.
            body = f'{fld.name}: ""' if fld.required else f"{fld.name}:"
            rows.append((fld.name, f"{body}  # {hint}"))
        elif fld.name in ("id", "published", "kind", "reliability", "archive"):
            rows.append((fld.name, f"{fld.name}: {value}"))
        else:
            rows.append((fld.name, f"{fld.name}: {_scalar(value)}"))
    return rows, open_keys


def _walk_end(node: yaml.Node) -> int:
    """Return the offset just past the last character that belongs to a node."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return max(_walk_end(part) for pair in node.value for part in pair)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return max(_walk_end(child) for child in node.value)
    # Block collections end where the next token starts, past any comments; scalars and
    # flow collections end right after their last character.
    return int(node.end_mark.index)


# The catalog's sections in their order: a new section goes before those that follow it.
_SECTIONS = ("topics", "sources", "facts", "quotes")


def _insertion(text: str, nl: str, name: str = "sources") -> tuple[int, int, str, str]:
    """Find where a new entry of the section `name` (sources, facts, quotes) goes.

    Returns the span of `text` it replaces (empty but for `sources: []`), the text to put
    before it, and the prefix of its first line (the dash and the indent).
    """
    default = "  - "
    try:
        doc = compose_yaml(text)
    except yaml.YAMLError as exc:
        raise CatalogNotEditable(
            f"{CATALOG_FILE} is not valid YAML ({str(exc).splitlines()[0]})",
            "run `briefgen check` and fix it first",
        ) from None
    lead = "" if not text or text.endswith("\n") else nl
    if doc is None:
        return len(text), len(text), f"{lead}{name}:{nl}", default
    if not isinstance(doc, yaml.MappingNode):
        raise CatalogNotEditable(f"{CATALOG_FILE} is not a mapping of sections", "fix it first")
    keys = [(k, v) for k, v in doc.value if isinstance(k, yaml.ScalarNode)]
    section = next((v for k, v in keys if k.value == name), None)
    if section is None:
        # Keep the catalog's order: topics, sources, facts, quotes.
        later = _SECTIONS[_SECTIONS.index(name) + 1 :]
        after = [k for k, _ in keys if k.value in later]
        if after:
            at = after[0].start_mark.index - after[0].start_mark.column
            return at, at, f"{name}:{nl}", default
        return len(text), len(text), f"{lead}{name}:{nl}", default
    if isinstance(section, yaml.ScalarNode) and section.tag.endswith(":null"):
        # `sources:` with nothing after it: the entries go on the following lines.
        eol = text.find("\n", section.start_mark.index)
        at = len(text) if eol < 0 else eol + 1
        return at, at, lead if eol < 0 else "", default
    if not isinstance(section, yaml.SequenceNode):
        raise CatalogNotEditable(f"'{name}' in {CATALOG_FILE} is not a list", "fix it first")
    if section.flow_style:
        if section.value:
            raise CatalogNotEditable(
                f"'{name}' in {CATALOG_FILE} is a [flow] list",
                "write one '- id: …' entry a line, then run `briefgen new` again",
            )
        # `sources: []`: the brackets go; whatever followed them stays on the key's line.
        start, stop = section.start_mark.index, section.end_mark.index
        while start > 0 and text[start - 1] == " ":
            start -= 1
        eol = text.find("\n", stop)
        end = len(text) if eol < 0 else eol + 1
        rest = text[stop:end]
        return start, end, rest if rest.endswith("\n") else rest + nl, default
    first = section.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    prefix = text[line_start : first.start_mark.index]
    if prefix.strip() != "-":
        prefix = " " * max(first.start_mark.column - 2, 0) + "- "
    dash_col = len(prefix) - len(prefix.lstrip(" "))
    end = _walk_end(section.value[-1])
    last = len(text[:end].rstrip())  # just past the last non-space character of the entry
    eol = text.find("\n", last)
    at = len(text) if eol < 0 else eol + 1
    # Comments indented into the last entry belong to it, blank lines among them too; the
    # new entry goes after them, before whatever comes at the section's own level.
    probe = at
    while probe < len(text):
        eol = text.find("\n", probe)
        row = text[probe : len(text) if eol < 0 else eol]
        probe = len(text) if eol < 0 else eol + 1
        body = row.strip()
        if not body:
            continue
        if not body.startswith("#") or len(row) - len(row.lstrip()) <= dash_col:
            break
        at = probe
    return at, at, nl if at == len(text) and not text.endswith("\n") else "", prefix


def _existing_ids(root: Path, text: str, section: str = "sources") -> dict[str, str]:
    """Return the ids of a section already in the catalog, each with the file that holds it."""
    found: dict[str, str] = {}
    for shown, data, problems in raw_files(root, text.encode("utf-8")):
        if shown == CATALOG_FILE and (problems or not isinstance(data, LDict)):
            return {}
        for sid in _section_ids(data, section) if not problems else ():
            found.setdefault(sid, shown)
    return found


def _section_ids(data: object, section: str) -> list[str]:
    entries = data.get(section) if isinstance(data, dict) else None
    return [str(e["id"]) for e in entries or () if isinstance(e, dict) and e.get("id") is not None]


def new_source(
    root: Path, capture: Path, source_id: str, options: Mapping[str, str | None]
) -> Created:
    """Copy a capture into sources/<id>.txt and append its entry to sources.yaml."""
    _slug(source_id, "source id")
    values: dict[str, str] = {"id": source_id}
    flags = {"original_publisher": "--original-publisher"}
    for name, value in options.items():
        if value is None:
            continue
        option = flags.get(name, f"--{name}")
        parsed = _parse(SOURCE_FIELDS, name, value, option)
        values[name] = parsed.isoformat() if isinstance(parsed, dt.date) else str(parsed)
    for name in ("publisher", "published"):
        if name not in values:
            raise UsageError(f"--{name} is required")
    archive = f"{ARCHIVE_DIR}/{source_id}.txt"
    values["archive"] = archive

    if not capture.is_file():
        raise UsageError(f"capture '{capture}' is not a file: give the saved text of the source")
    data = capture.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CaptureUnusable(
            f"capture '{capture}' is not UTF-8 text (bad byte on line {line})", "save it as UTF-8"
        ) from None
    if not data.strip():
        raise CaptureUnusable(f"capture '{capture}' is empty", "give the saved text of the source")

    catalog = root / CATALOG_FILE
    try:
        # Bytes, not read_text(): universal newlines would turn a CRLF file into LF.
        text = catalog.read_bytes().decode("utf-8") if catalog.is_file() else ""
    except UnicodeDecodeError:
        raise CatalogNotEditable(f"{CATALOG_FILE} is not UTF-8", "run `briefgen check`") from None
    holder = _existing_ids(root, text).get(source_id)
    if holder is not None:
        raise AlreadyExists(f"source '{source_id}' is already in {holder}", "pick another id")
    dest = root / archive
    in_place = dest.is_file() and dest.resolve() == capture.resolve()
    if dest.exists() and not in_place:
        raise AlreadyExists(
            f"{archive} already exists", "pick another id, or remove it if it is stale"
        )

    nl = "\r\n" if "\r\n" in text else "\n"
    rows, open_keys = _source_lines(values)
    header = "" if text else f"{MODELINE}{SCHEMA_DIR}/{SOURCES_SCHEMA}{nl}"
    start, stop, lead, prefix = _insertion(text, nl)
    indent = " " * len(prefix)
    entry = nl.join(f"{prefix if i == 0 else indent}{body}" for i, (_, body) in enumerate(rows))
    new_text = header + text[:start] + lead + entry + nl + text[stop:]
    first_line = _line(new_text, len(header) + start + len(lead))

    # Refuse rather than write a catalog the loader could not read back as intended.
    check, problems = parse_yaml(new_text.encode("utf-8"), CATALOG_FILE)
    try:
        ok = not problems and check["sources"][-1]["id"] == source_id
    except (KeyError, IndexError, TypeError):
        ok = False
    if not ok:
        raise CatalogNotEditable(
            f"could not add the entry to {CATALOG_FILE} without reformatting it",
            "add it by hand (sources/ was not changed)",
        )

    dest.parent.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    if not in_place:
        try:
            with dest.open("xb") as fh:  # "x": never overwrite a snapshot
                fh.write(data)
        except FileExistsError:
            raise AlreadyExists(f"{archive} already exists", "pick another id") from None
        written.append(archive)
    try:
        write_atomic(catalog, new_text.encode("utf-8"))
    except BaseException:
        if not in_place:
            with contextlib.suppress(OSError):
                dest.unlink()
        raise
    written.append(CATALOG_FILE)

    todo = []
    for i, (key, _) in enumerate(rows):
        if key not in open_keys:
            continue
        if key == "reliability_note" and values.get("reliability") == "high":
            continue
        required = next(f.required for f in SOURCE_FIELDS if f.name == key) or (
            key == "reliability_note" and values.get("reliability") in ("medium", "low")
        )
        what = _SOURCE_HINTS.get(key, "")
        todo.append(Todo(CATALOG_FILE, first_line + i, key, what, required))
    return Created(tuple(written), first_line, tuple(todo), archive)


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
        "title": _scalar(title) if title else '""',
        "date": day.isoformat(),
        # A preparation brief is written before the meeting: nothing from the day itself.
        "as_of": (day - dt.timedelta(days=1) if kind == "meeting" else day).isoformat(),
        "pages": "1",
        "handling": _scalar("UNCLASSIFIED"),
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
    _slug(brief_id, "brief id")
    folder = root / BRIEFS_DIR
    for suffix in (".yaml", ".yml"):
        if (folder / f"{brief_id}{suffix}").exists():
            raise AlreadyExists(
                f"{BRIEFS_DIR}/{brief_id}{suffix} already exists", "pick another id"
            )
    text, open_keys = _brief_text(kind, brief_id, title, day or dt.date.today())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{brief_id}.yaml"
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
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
