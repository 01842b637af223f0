"""`briefgen capture`: a saved web page or a PDF becomes a source, its original kept beside it.

The file is read (bounded), told HTML or PDF by its bytes, and cut to its main text
(extract.py) with its title, publisher, author, address and publication date (dating.py),
all offline. Then, unless the catalog already holds it (same sha256, or same address), three
things are written together or not at all: the snapshot `sources/<id>.txt`, the original
`sources/originals/<id>.html|.pdf` as it was, and the source's entry, appended to the
catalog as `briefgen new source` appends one, with `original`, `sha256`, `date_note` and,
for a partial page, `excerpt: true`. No date is invented: without one the entry is written
with `published` empty, which `check` reports until it is filled in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog.fields import SOURCE_FIELDS
from ..catalog.load import CATALOG_FILE, raw_files
from ..catalog.snapshots import MAX_ORIGINAL_BYTES, MAX_SNAPSHOT_BYTES
from ..catalog.values import MAX_ID
from ..catalog.yamlio import LDict, LList
from ..errors import AlreadyExists, BriefgenError, CaptureUnusable, UnreadableFile, UsageError
from ..files import read_named
from ..terminal import find_forbidden
from .entries import Created, append_entry, existing_ids, read_catalog_text, slug
from .extract import Extracted, extract_page, sniff
from .json_schema import MODELINE, SCHEMA_DIR, SOURCES_SCHEMA
from .scaffold import ARCHIVE_DIR, source_rows, source_todo, source_values

ORIGINALS_DIR = f"{ARCHIVE_DIR}/originals"
_STOPWORDS = frozenset(
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "with", "as", "at", "by",
        "from", "is", "are", "be", "was", "were", "its", "it", "that", "this", "el", "la", "los",
        "las", "de", "del", "y", "en", "por", "para", "un", "una", "con", "al", "se", "su",
    }
)  # fmt: skip


class NetworkRefused(BriefgenError):
    """Something tried to reach the network while a capture ran; it was refused."""


@dataclass(frozen=True)
class Captured:
    """What `capture` wrote, what it found, and what is left to fill in."""

    created: Created
    source_id: str
    original: str
    sha256: str
    extracted: Extracted
    published: dt.date | None
    given_date: bool  # the date came from --published, not from the document
    excerpt: bool


# -- offline: every socket refused while a capture runs -------------------------------------

_NET_EVENTS = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
     "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect"}
)  # fmt: skip
_offline = {"on": False, "hooked": False}
_attempts: list[str] = []


def _audit(
    event: str,
    args: tuple[Any, ...],
    # Bound now: the hook outlives this module's globals, which shutdown clears.
    state: dict[str, bool] = _offline,
    events: frozenset[str] = _NET_EVENTS,
    attempts: list[str] = _attempts,
) -> None:
    if state["on"] and event in events:
        attempts.append(f"{event} {args[1:2] or args[:1]!r}"[:120])
        raise NetworkRefused(
            f"capture tried to reach the network ({event}) and was stopped",
            "this is a bug in briefgen: capture works offline; please report it",
        )


@contextlib.contextmanager
def offline() -> Iterator[list[str]]:
    """Refuse every connection and name lookup made in this process while the block runs.

    An audit hook sees each socket operation before it happens, whichever library makes
    it; hooks cannot be removed, so it stays installed, idle outside the block. Yields the
    attempts refused (a library may catch the refusal and go on without the network).
    """
    if not _offline["hooked"]:
        sys.addaudithook(_audit)
        _offline["hooked"] = True
    _attempts.clear()
    _offline["on"] = True
    try:
        yield _attempts
    finally:
        _offline["on"] = False


# -- capture --------------------------------------------------------------------------------


def capture(
    root: Path,
    file: Path,
    options: Mapping[str, str | None],
    *,
    source_id: str | None = None,
    excerpt: bool = False,
    into: str | None = None,
) -> Captured:
    """Make a source of a saved web page or PDF: snapshot, original, and catalog entry."""
    if source_id is not None:
        slug(source_id, "--id")
    given = source_values(source_id or "x", options)  # the options, checked as the loader would
    data = _read(file)
    kind = sniff(data, str(file))
    with offline():
        if kind == "pdf":
            from .pdfs import extract_pdf

            found = extract_pdf(data, str(file))
        else:
            found = extract_page(data, str(file))
    digest = hashlib.sha256(data).hexdigest()
    shown = _target(root, into)
    text = read_catalog_text(root, shown)
    url = given.get("url") or found.url
    # The address given and the one the page gives itself: either names the page.
    addresses = [a for a in dict.fromkeys((given.get("url"), found.url)) if a]
    _refuse_duplicate(root, text, file, digest, addresses)

    day = dt.date.fromisoformat(given["published"]) if "published" in given else found.dated.day
    values: dict[str, str] = {
        k: v
        for k, v in {
            "title": found.title,
            "publisher": found.publisher,
            "author": found.author,
            "url": url,
            **{k: v for k, v in given.items() if k != "id"},
        }.items()
        if v
    }
    if day is not None:
        values["published"] = day.isoformat()
    values["date_note"] = _date_note(found, given.get("published"))
    if found.dated.day is not None and day == found.dated.day:
        # The document states the day itself: the note says where, and the brief prints
        # the date as firm.
        values["date_inferred"] = "false"
        if found.dated.moment is not None and "published_at" not in given:
            values["published_at"] = found.dated.moment.isoformat()
    values = {k: _safe(v) for k, v in values.items()}
    sid = source_id or _free_id(root, text, _derive_id(values, day))
    ext = "pdf" if kind == "pdf" else "html"
    values |= {
        "id": sid,
        "archive": f"{ARCHIVE_DIR}/{sid}.txt",
        "original": f"{ORIGINALS_DIR}/{sid}.{ext}",
        "sha256": digest,
    }
    is_excerpt = excerpt or bool(found.partial)
    if is_excerpt:
        values["excerpt"] = "true"
    # A page saved straight into its place in sources/originals/ is kept where it is.
    original = root / values["original"]
    in_place = original.is_file() and original.resolve() == file.resolve()
    _refuse_taken(root, text, values, in_place)

    # A note is a YAML comment: one line, whatever the page put in what it quotes.
    notes = {k: " ".join(_safe(v).split()) for k, v in _notes(found, values, excerpt).items()}
    # `excerpt:` is written only when true: capture has looked, and found the page whole.
    rows, open_keys = source_rows(values, skip=() if is_excerpt else ("excerpt",), notes=notes)
    snapshot = _safe(found.text).encode("utf-8")
    if len(snapshot) > MAX_SNAPSHOT_BYTES:  # what `check` would refuse to read
        raise CaptureUnusable(
            f"'{file}' holds {len(snapshot):,} bytes of text, over the {MAX_SNAPSHOT_BYTES:,}-byte "
            "limit of a snapshot",
            "capture the part of the document the catalog will cite",
        )
    first, written = append_entry(
        root,
        text,
        "sources",
        sid,
        [body for _, body in rows],
        files=[(values["archive"], snapshot), *([] if in_place else [(values["original"], data)])],
        shown=shown,
        header=f"{MODELINE}{SCHEMA_DIR}/{SOURCES_SCHEMA}\n" if shown == CATALOG_FILE else "",
        by_hand="add it by hand (nothing was written)",
    )
    todo = source_todo(rows, open_keys, values, first, shown, notes)
    created = Created(tuple(written), first, todo, values["archive"])
    return Captured(
        created,
        sid,
        values["original"],
        digest,
        found,
        day,
        "published" in given,
        is_excerpt,
    )


def _read(file: Path) -> bytes:
    """Read the file to capture: a regular file, not empty, within the size cap."""
    try:
        info = file.stat()
    except OSError:
        raise UsageError(f"'{file}' does not exist: give the saved page or PDF") from None
    if not file.is_file():
        raise UsageError(f"'{file}' is not a file: give the saved page or PDF")
    if info.st_size > MAX_ORIGINAL_BYTES:
        raise CaptureUnusable(
            f"'{file}' is {info.st_size:,} bytes, over the {MAX_ORIGINAL_BYTES:,}-byte limit of "
            "a capture",
            "save the article's page alone ('Webpage, HTML only'), or the pages of the PDF "
            "that the catalog will cite",
        )
    try:
        data = read_named(file, MAX_ORIGINAL_BYTES)
    except UnreadableFile as exc:
        raise CaptureUnusable(exc.message, exc.fix) from None
    if not data.strip():
        raise CaptureUnusable(f"'{file}' is empty", "give the saved page or PDF")
    return data


def _target(root: Path, into: str | None) -> str:
    """Return the catalog file the entry goes to: sources.yaml, or a file it includes."""
    if into is None or into == CATALOG_FILE:
        return CATALOG_FILE
    names = [shown for shown, _, _ in raw_files(root)]
    wanted = Path(into).as_posix().removeprefix("./")
    if wanted not in names:
        listed = ", ".join(names) if len(names) > 1 else "only sources.yaml"
        raise UsageError(
            f"--into '{into}' is not a catalog file of this project (they are: {listed})",
            "name sources.yaml or a file its include: patterns match",
        )
    return wanted


def _normal_url(url: str) -> str:
    from courlan import normalize_url

    try:
        # Lower-cased host, no fragment, no tracking parameters: one page, one address.
        return str(normalize_url(url, strict=True)).rstrip("/")
    except (ValueError, TypeError):
        return url.rstrip("/")


def _refuse_duplicate(root: Path, text: str, file: Path, digest: str, addresses: list[str]) -> None:
    """Refuse a file the catalog holds already: the same bytes, or the same address."""
    wanted = {_normal_url(a): a for a in addresses}
    for shown, data, problems in raw_files(root, text.encode("utf-8") if text else None):
        entries = data.get("sources") if isinstance(data, LDict) and not problems else None
        if not isinstance(entries, LList):
            continue
        for i, entry in enumerate(entries):
            if not isinstance(entry, LDict):
                continue
            sid = entry.get("id")
            where = f"{shown}:{entries.item_locs[i].line}"
            if str(entry.get("sha256") or "").lower() == digest:
                raise AlreadyExists(
                    f"'{file}' is captured already: source '{sid}' ({where}) has the same sha256",
                    "nothing to do; to capture it again, remove that source first",
                )
            theirs = entry.get("url")
            same = wanted.get(_normal_url(theirs)) if isinstance(theirs, str) else None
            if same:
                raise AlreadyExists(
                    f"the catalog holds {same} already: source '{sid}' ({where})",
                    "the page is captured: add to that source, or, if this copy is a later "
                    "version, remove or update that entry first",
                )


def _safe(text: str) -> str:
    """Drop the characters no content may hold (controls, private use) that a page carried."""
    while (bad := find_forbidden(text)) is not None:
        text = text[: bad[0]] + text[bad[0] + 1 :]
    return text


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _derive_id(values: Mapping[str, str], day: dt.date | None) -> str:
    """Make an id as the catalog's are made: publisher, date, a few words of the title."""
    publisher = _fold(values.get("publisher", ""))
    if len(publisher) > 16 and publisher.count("-") >= 1:
        publisher = "".join(w[0] for w in publisher.split("-") if w)  # Mexico News Daily: mnd
    words = [w for w in _fold(values.get("title", "")).split("-") if w and w not in _STOPWORDS]
    parts = [p for p in (publisher, day.isoformat() if day else "", *words[:5]) if p]
    made = "-".join(parts)[: MAX_ID - 4].rstrip("-")  # room for a "-2" suffix
    if len(made) == MAX_ID - 4 and "-" in made:
        made = made.rsplit("-", 1)[0]
    return made or "capture"


def _free_id(root: Path, text: str, base: str) -> str:
    """Return `base`, or `base-2`, … : the first id no source and no file holds."""
    taken = existing_ids(root, text)
    for n in range(1, 100):
        sid = base if n == 1 else f"{base}-{n}"
        if sid not in taken and not _files_of(root, sid):
            return sid
    raise AlreadyExists(f"every id from '{base}' to '{base}-99' is taken", "give one with --id")


def _files_of(root: Path, sid: str) -> list[str]:
    names = [f"{ARCHIVE_DIR}/{sid}.txt", *(f"{ORIGINALS_DIR}/{sid}.{x}" for x in ("html", "pdf"))]
    return [n for n in names if os.path.lexists(root / n)]


def _refuse_taken(root: Path, text: str, values: Mapping[str, str], in_place: bool) -> None:
    sid = values["id"]
    holder = existing_ids(root, text).get(sid)
    if holder is not None:
        raise AlreadyExists(f"source '{sid}' is already in {holder}", "pick another --id")
    for name in (values["archive"], *(() if in_place else (values["original"],))):
        if os.path.lexists(root / name):
            raise AlreadyExists(
                f"{name} already exists", "pick another --id, or remove it if it is stale"
            )


def _date_note(found: Extracted, given: str | None) -> str:
    """Say where the publication date came from, and which dates were seen and not taken."""
    of = "page" if found.kind == "html" else "PDF"
    dated = found.dated
    if not given:
        note = dated.note(of)
    elif dated.day is None:
        note = f"Given with --published on capture: {dated.note(of)}"
    else:
        same = "the same day" if dated.day.isoformat() == given else dated.day.isoformat()
        note = f"Given with --published on capture. The {of} states {same} (in {dated.where})."
        if dated.passed_over:
            note += " Not taken: " + "; ".join(dated.passed_over) + "."
    if found.hint:
        note += f" {found.hint[0].upper()}{found.hint[1:]}."
    return note


def _notes(found: Extracted, values: Mapping[str, str], flagged: bool) -> dict[str, str]:
    """Say, beside a key, where capture found its value or why it is left open."""
    notes: dict[str, str] = {}
    if "published" not in values:
        notes["published"] = (
            "NO PUBLICATION DATE FOUND: give it (YYYY-MM-DD) as the text establishes it, and say "
            "how in date_note (editorial rule 3)"
        )
    if "excerpt" in values:
        why = [*found.partial] + (["marked so with --excerpt"] if flagged else [])
        notes["excerpt"] = "; ".join(why)
    if "publisher" not in values:
        of = "page" if found.kind == "html" else "PDF"
        notes["publisher"] = f"the {of} names no publisher: who published the copy captured"
    required = {f.name for f in SOURCE_FIELDS if f.required}
    for key in ("title", "author"):
        if key not in values and key in required:
            notes[key] = f"the {found.kind.upper()} gives no {key}"
    return notes
