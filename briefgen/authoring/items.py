"""`briefgen new fact` and `new quote`: an entry whose words are the snapshot's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..catalog.fields import FACT_FIELDS, QUOTE_FIELDS, Key
from ..catalog.load import CATALOG_FILE
from ..catalog.snapshots import normalize
from ..errors import AlreadyExists, NotInSnapshot, UsageError
from ..model import SIDES
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
from .quotes import find
from .topics import topic_keys

# What the analyst decides for a key left open (numbered as in docs/editorial-rules.md).
_HINTS: Mapping[str, str] = {
    "text": "one claim in your words; every number in it must be in the evidence (rules 2, 8)",
    "date": "when it was true, or said: not the publication date unless they agree (rule 3)",
    "topics": "topic keys or aliases, e.g. [migration] (briefgen list topics)",
    "claimed_by": "whose claim, when the source reports what someone said or expects (rule 8)",
    "speaker": "who said it, as the source's ground rules allow (rule 4)",
    "role": "the speaker's position",
    "context": "where and on what it was said",
    "said_in": "the language it was said in, when the text is a translation (rule 11)",
    "translated_by": "who translated it (rule 11)",
    "inferred": "how a date or year in the words was worked out, e.g. 'year from the "
    "publication date' (rule 13)",
    "expected": "the date of the event it reports as expected, planned or scheduled (rule 13)",
    "supersedes": "older facts or quotes whose outcome it reports, e.g. [older-id] (rule 13)",
    "side": "whose position, aim or words it gives: us, mx or both; leave it out for none "
    "(rule 15)",
}


def _side(value: str | None) -> tuple[str | None, bool]:
    """Return --side as the entry writes it, and whether the entry keeps a side: line.

    us, mx and both are the model's sides; "none" says the item gives no government's
    position, so that no open side: line is left to fill in.
    """
    if value is None:
        return None, True
    side = value.strip().lower()
    if side == "none":
        return None, False
    if side not in SIDES:
        raise UsageError(
            f"--side '{value}' is not us, mx, both or none (us: the United States, mx: Mexico, "
            "both: a joint statement or position, none: neither government's)"
        )
    return side, True


def _keep_side(rows: list[tuple[str, str]], keep: bool) -> list[tuple[str, str]]:
    return rows if keep else [r for r in rows if r[0] != "side"]


def _words(root: Path, source_id: str, words: str) -> str:
    """Return the snapshot's own wording of `words`, or say where the closest passage is."""
    found = find(root, source_id, words, limit=1)
    if not found.exact:
        where = ""
        if found.passages:
            p = found.passages[0]
            where = f'; the closest passage, {found.archive}:{p.line}:{p.col}, is "{p.text}"'
            if found.differences:
                where += f" ({found.differences})"
        raise NotInSnapshot(
            f"the words are not in '{source_id}' ({found.archive}){where}",
            f'copy them from `briefgen quote find {source_id} "…"`',
        )
    return found.passages[0].text


def _rows(
    fields: tuple[Key, ...], values: Mapping[str, str | None], nested: Mapping[str, list[str]]
) -> tuple[list[tuple[str, str]], set[str]]:
    """Render an entry as (key, line) rows, open keys commented; nested keys keep their lines."""
    rows: list[tuple[str, str]] = []
    open_keys: set[str] = set()
    for fld in fields:
        if fld.name in nested:
            rows.append((fld.name, f"{fld.name}:"))
            rows += [(fld.name, line) for line in nested[fld.name]]
            continue
        if fld.name == "accept":
            continue
        value = values.get(fld.name)
        hint = _HINTS.get(fld.name, fld.doc)
        if value is None:
            open_keys.add(fld.name)
            body = f'{fld.name}: ""' if fld.required else f"{fld.name}:"
            rows.append((fld.name, f"{body}  # {hint}"))
        else:
            rows.append((fld.name, f"{fld.name}: {value}"))
    return rows, open_keys


def _add(root: Path, section: str, item_id: str, rows: list[tuple[str, str]]) -> int:
    """Append an entry to a section of sources.yaml, leaving the rest byte for byte."""
    text = read_catalog_text(root)
    # Facts and quotes share one space of ids: [@id] in a brief names either.
    for kind in ("facts", "quotes"):
        held = existing_ids(root, text, kind).get(item_id)
        if held is not None:
            raise AlreadyExists(
                f"'{item_id}' is already a {kind[:-1]} id, in {held}", "pick another id"
            )
    first, _ = append_entry(root, text, section, item_id, [body for _, body in rows])
    return first


def _quoted(value: str | None) -> str | None:
    return scalar(value) if value else None


def _topics(root: Path, value: str | None) -> str | None:
    """Return --topics as the YAML list of their keys; an unknown name is refused (exit 2)."""
    if value is None:
        return None
    keys = topic_keys(root, [t.strip() for t in value.split(",") if t.strip()])
    return "[" + ", ".join(keys) + "]" if keys else None


def _date(value: str | None, option: str, fields: tuple[Key, ...]) -> str | None:
    if value is None:
        return None
    parsed = parse_option(fields, "date", value, option)
    return parsed.isoformat() if isinstance(parsed, dt.date) else None


def _todo(rows: list[tuple[str, str]], open_keys: set[str], fields: tuple[Key, ...], first: int):
    required = {f.name: f.required for f in fields}
    docs = {f.name: f.doc for f in fields}
    return tuple(
        Todo(CATALOG_FILE, first + i, key, _HINTS.get(key, docs[key]), required[key])
        for i, (key, line) in enumerate(rows)
        if key in open_keys and line.lstrip().startswith(f"{key}:")
    )


def new_fact(
    root: Path, fact_id: str, source_id: str, words: str, options: Mapping[str, str | None]
) -> Created:
    """Add a fact citing `words` of a source as its evidence, in the snapshot's own wording."""
    slug(fact_id, "fact id")
    side, keep = _side(options.get("side"))  # said before the snapshot is searched
    topics = _topics(root, options.get("topics"))
    evidence = _words(root, source_id, words)
    priority = options.get("priority")
    values = {
        "id": fact_id,
        "text": _quoted(options.get("text")),
        "date": _date(options.get("date"), "--date", FACT_FIELDS),
        "topics": topics,
        "priority": str(parse_option(FACT_FIELDS, "priority", int(priority), "--priority"))
        if priority
        else "2",
        "claimed_by": _quoted(options.get("claimed_by")),
    }
    values["side"] = side
    cite = [f"  - source: {source_id}", f"    evidence: {scalar(evidence)}"]
    rows, open_keys = _rows(FACT_FIELDS, values, {"cite": cite})
    rows = _keep_side(rows, keep)
    first = _add(root, "facts", fact_id, rows)
    return Created((CATALOG_FILE,), first, _todo(rows, open_keys, FACT_FIELDS, first))


def new_quote(
    root: Path, quote_id: str, source_id: str, words: str, options: Mapping[str, str | None]
) -> Created:
    """Add a quote of `words` from a source, verbatim as its snapshot has them."""
    slug(quote_id, "quote id")
    side, keep = _side(options.get("side"))
    topics = _topics(root, options.get("topics"))
    said_in = options.get("said_in")
    if said_in is not None:
        said_in = str(parse_option(QUOTE_FIELDS, "said_in", said_in, "--said-in"))
    translated_by = _quoted(options.get("translated_by"))
    exact = _words(root, source_id, words)
    # With an elision or an insertion the analyst's own words are the quote; else the source's.
    marked = any(mark in words for mark in ("…", "...", "["))
    text = normalize(words) if marked else exact
    values = {
        "id": quote_id,
        "speaker": _quoted(options.get("speaker")),
        "role": _quoted(options.get("role")),
        "text": scalar(text),
        "date": _date(options.get("date"), "--date", QUOTE_FIELDS),
        "context": _quoted(options.get("context")),
        "topics": topics,
        "priority": None,
        "source": source_id,
        "said_in": said_in,
        "translated_by": translated_by,
        "side": side,
    }
    rows, open_keys = _rows(QUOTE_FIELDS, values, {})
    rows = [r for r in _keep_side(rows, keep) if r[0] != "priority"]
    open_keys.discard("priority")
    first = _add(root, "quotes", quote_id, rows)
    return Created((CATALOG_FILE,), first, _todo(rows, open_keys, QUOTE_FIELDS, first))
