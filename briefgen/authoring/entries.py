"""Adding to the catalog without rewriting it: where an entry goes, and writing it safely.

`new source`, `new fact`, `new quote`, `new topic` and `capture` each append one entry to a
catalog file. The entry goes at the end of its section (or a new section in the catalog's
order), in the indentation the file already uses; everything else in the file stays byte for
byte as it was. Files that come with the entry (a snapshot, an original) are written first,
never over an existing file, and removed again if the catalog cannot be written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..catalog.fields import ID_RE, Key
from ..catalog.load import CATALOG_FILE, raw_files
from ..catalog.values import RESERVED_IDS, id_problem
from ..catalog.yamlio import MAX_YAML_BYTES, LDict, compose_yaml, parse_yaml
from ..errors import AlreadyExists, CatalogNotEditable, InvalidValue, UnreadableFile, UsageError
from ..files import read_text_inside, remove, write_atomic, write_new


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


def scalar(value: str) -> str:
    """Write any text as a YAML scalar."""
    # A JSON string is a valid YAML double-quoted scalar: safe for any text a user types.
    return json.dumps(value, ensure_ascii=False)


def parse_option(fields: tuple[Key, ...], name: str, value: Any, option: str) -> Any:
    """Check one command-line value with the same parser the loader uses."""
    fld = next(f for f in fields if f.name == name)
    try:
        return fld.parse(value)
    except InvalidValue as exc:
        raise UsageError(f"{option} {exc} ({exc.fix})") from None


def slug(value: str, what: str, *, brief: bool = False) -> str:
    """Return an id given on the command line, or say why it is not one, as check would.

    `brief`: the id names a brief's files, so the build's own file names are taken.
    """
    if not ID_RE.match(value):
        raise UsageError(
            f"{what} '{value}' is not a slug: use lowercase letters, digits and single hyphens, "
            "e.g. mnd-2025-06-13-landau"
        )
    problem = id_problem(value, brief=brief)
    if problem is not None:
        message, fix = problem
        if brief and value in RESERVED_IDS:  # check's fix renames a file; here none exists yet
            fix = "pick another id"
        raise UsageError(f"{message}: {fix}")
    return value


def line_of(text: str, offset: int) -> int:
    """Return the 1-based line of an offset in a text."""
    return text.count("\n", 0, offset) + 1


def node_end(node: yaml.Node) -> int:
    """Return the offset just past the last character that belongs to a node."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return max(node_end(part) for pair in node.value for part in pair)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return max(node_end(child) for child in node.value)
    # Block collections end where the next token starts, past any comments; scalars and
    # flow collections end right after their last character.
    return int(node.end_mark.index)


# The catalog's sections in their order: a new section goes before those that follow it.
SECTIONS = ("topics", "sources", "facts", "quotes")


def is_empty_key(node: yaml.Node) -> bool:
    """Tell whether a section's value is nothing at all (`sources:` and a line end)."""
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def after_empty_key(text: str, node: yaml.Node, lead: str) -> tuple[int, int, str]:
    """Where entries go under a key with no value: on the lines that follow it."""
    eol = text.find("\n", node.start_mark.index)
    at = len(text) if eol < 0 else eol + 1
    return at, at, lead if eol < 0 else ""


def instead_of_empty_brackets(text: str, node: yaml.Node, nl: str) -> tuple[int, int, str]:
    """Replace an empty `[]` or `{}` value: the brackets go; what followed stays on its line."""
    start, stop = node.start_mark.index, node.end_mark.index
    while start > 0 and text[start - 1] == " ":
        start -= 1
    eol = text.find("\n", stop)
    end = len(text) if eol < 0 else eol + 1
    rest = text[stop:end]
    return start, end, rest if rest.endswith("\n") else rest + nl


def insertion(
    text: str, nl: str, name: str = "sources", shown: str = CATALOG_FILE
) -> tuple[int, int, str, str]:
    """Find where a new entry of the section `name` (sources, facts, quotes) goes.

    Returns the span of `text` it replaces (empty but for `sources: []`), the text to put
    before it, and the prefix of its first line (the dash and the indent).
    """
    default = "  - "
    try:
        doc = compose_yaml(text)
    except yaml.YAMLError as exc:
        raise CatalogNotEditable(
            f"{shown} is not valid YAML ({str(exc).splitlines()[0]})",
            "run `briefgen check` and fix it first",
        ) from None
    lead = "" if not text or text.endswith("\n") else nl
    if doc is None:
        return len(text), len(text), f"{lead}{name}:{nl}", default
    if not isinstance(doc, yaml.MappingNode):
        raise CatalogNotEditable(f"{shown} is not a mapping of sections", "fix it first")
    keys = [(k, v) for k, v in doc.value if isinstance(k, yaml.ScalarNode)]
    section = next((v for k, v in keys if k.value == name), None)
    if section is None:
        # Keep the catalog's order: topics, sources, facts, quotes.
        later = SECTIONS[SECTIONS.index(name) + 1 :]
        after = [k for k, _ in keys if k.value in later]
        if after:
            at = after[0].start_mark.index - after[0].start_mark.column
            return at, at, f"{name}:{nl}", default
        return len(text), len(text), f"{lead}{name}:{nl}", default
    if is_empty_key(section):
        # `sources:` with nothing after it: the entries go on the following lines.
        return (*after_empty_key(text, section, lead), default)
    if not isinstance(section, yaml.SequenceNode):
        raise CatalogNotEditable(f"'{name}' in {shown} is not a list", "fix it first")
    if section.flow_style:
        if section.value:
            raise CatalogNotEditable(
                f"'{name}' in {shown} is a [flow] list",
                "write one '- id: …' entry a line, then run `briefgen new` again",
            )
        return (*instead_of_empty_brackets(text, section, nl), default)
    first = section.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    prefix = text[line_start : first.start_mark.index]
    if prefix.strip() != "-":
        prefix = " " * max(first.start_mark.column - 2, 0) + "- "
    dash_col = len(prefix) - len(prefix.lstrip(" "))
    end = node_end(section.value[-1])
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


def existing_ids(root: Path, text: str, section: str = "sources") -> dict[str, str]:
    """Return the ids of a section already in the catalog, each with the file that holds it."""
    found: dict[str, str] = {}
    for shown, data, problems in raw_files(root, text.encode("utf-8")):
        if shown == CATALOG_FILE and (problems or not isinstance(data, LDict)):
            return {}
        for sid in section_ids(data, section) if not problems else ():
            found.setdefault(sid, shown)
    return found


def section_ids(data: object, section: str) -> list[str]:
    """Return the ids of a section's entries in a parsed catalog file."""
    entries = data.get(section) if isinstance(data, dict) else None
    return [str(e["id"]) for e in entries or () if isinstance(e, dict) and e.get("id") is not None]


def read_catalog_text(root: Path, shown: str = CATALOG_FILE) -> str:
    """Return a catalog file's text as its bytes have it ("" when there is none yet)."""
    if not os.path.lexists(root / shown):
        return ""
    try:
        # Bytes, not text mode: universal newlines would turn a CRLF file into LF.
        return read_text_inside(root, shown, MAX_YAML_BYTES)
    except UnreadableFile as exc:
        raise CatalogNotEditable(exc.message, "run `briefgen check`") from None


def append_entry(
    root: Path,
    text: str,
    section: str,
    item_id: str,
    rows: Sequence[str],
    *,
    files: Sequence[tuple[str, bytes]] = (),
    shown: str = CATALOG_FILE,
    header: str = "",
    by_hand: str = "add it by hand",
) -> tuple[int, list[str]]:
    """Write `files`, then append an entry of `rows` to a section of the catalog file `shown`.

    `text` is the file as read; `header` goes first when the file is new. Returns the
    entry's first line and what was written. Nothing is written unless the new text parses
    back with the entry last in its section; a file in `files` never replaces one, and is
    removed again when the catalog cannot be written.
    """
    nl = "\r\n" if "\r\n" in text else "\n"
    header = header.replace("\n", nl) if not text else ""
    start, stop, lead, prefix = insertion(text, nl, section, shown)
    indent = " " * len(prefix)
    entry = nl.join(f"{prefix if i == 0 else indent}{body}" for i, body in enumerate(rows))
    new_text = header + text[:start] + lead + entry + nl + text[stop:]
    first_line = line_of(new_text, len(header) + start + len(lead))
    # Refuse rather than write a catalog the loader could not read back as intended.
    check, problems = parse_yaml(new_text.encode("utf-8"), shown)
    try:
        ok = not problems and check[section][-1]["id"] == item_id
    except (KeyError, IndexError, TypeError):
        ok = False
    if not ok:
        raise CatalogNotEditable(
            f"could not add the entry to {shown} without reformatting it", by_hand
        )
    written: list[str] = []
    try:
        for name, data in files:
            try:
                write_new(root / name, data)  # never overwrite a snapshot or an original
            except FileExistsError:
                raise AlreadyExists(f"{name} already exists", "pick another id") from None
            written.append(name)
        write_atomic(root / shown, new_text.encode("utf-8"))
    except BaseException:
        for name in written:
            with contextlib.suppress(OSError):
                remove(root / name)
        raise
    return first_line, [*written, shown]
