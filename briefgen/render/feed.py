"""The Atom feed of the briefs (build/feed.xml), so that staff can subscribe to new ones."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..dates import long_date
from ..model import KIND_LABELS, BuiltBrief, Changes

FEED = "feed.xml"
TITLE = "Briefings on U.S.-Mexico relations"
AUTHOR = "briefgen"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Atom ids must be IRIs that never change. With no configured site address, a name-based
# UUID of the brief id is stable across builds and machines and is a valid IRI (urn:uuid:).
_ID_SPACE = uuid.uuid5(uuid.NAMESPACE_URL, "briefgen:briefs")
# HTML first: feed readers open the first alternate link they understand.
_MEDIA_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# What XML 1.0 cannot carry at all (C0 controls, surrogates, U+FFFE/U+FFFF): a YAML escape
# can put these in a title, and one of them would make the whole feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = "1970-01-01T00:00:00Z"


def atom_id(name: str, base: str = "") -> str:
    """Return the permanent Atom id for a brief id (or for the feed itself).

    A published feed names its site (`base`), so that two teams' feeds never share ids.
    """
    space = uuid.uuid5(uuid.NAMESPACE_URL, base) if base else _ID_SPACE
    return f"urn:uuid:{uuid.uuid5(space, name)}"


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _stamp(day: dt.date, seconds: int = 0) -> str:
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
    return f"{moment.isoformat()}Z"


# Markdown first: its bytes change with the words and the notes, not with a new PDF library.
_CONTENT_ORDER = ("md", "html", "pdf")


def updated(row: BuiltBrief) -> str:
    """Return an entry's `updated`: as the build recorded it, or drawn from its content."""
    return row.updated or content_stamp(row)


def content_stamp(row: BuiltBrief) -> str:
    """Return a brief's date, at a time of day drawn from its content's hash.

    There is no clock in it, so a rebuild that changes nothing changes nothing here; a brief
    whose content changes gets another time, and a feed reader shows it as updated. The day
    stays the brief's own, and `published` gives the day alone.
    """
    key = _content_key(row)
    return _stamp(row.date, 1 + int(key[:12], 16) % 86399) if key else _stamp(row.date)


def _content_key(row: BuiltBrief) -> str:
    for fmt in _CONTENT_ORDER:
        output = row.outputs.get(fmt)
        if output is not None:
            return output.sha256
    return ""


def next_updated(previous: BuiltBrief | None, row: BuiltBrief) -> str:
    """Return the `updated` of a brief just built: never before the one its feed entry had.

    A time drawn from the content alone could go back when the content changes, and a feed
    reader would take the new edition for an old one: a change moves it on by a second at
    least. Unchanged content keeps its time.
    """
    fresh = content_stamp(row)
    if previous is None:
        return fresh
    before = updated(previous)
    if _content_key(previous) == _content_key(row):
        return before
    try:
        after = dt.datetime.fromisoformat(before.replace("Z", "+00:00")) + dt.timedelta(seconds=1)
    except ValueError:  # a manifest edited by hand: its time is not read, never guessed
        return fresh
    soonest = after.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"
    return max(fresh, soonest)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _text(text)
    return element


def summary(entry: BuiltBrief, labels: Mapping[str, str]) -> str:
    """Describe a brief: its kind, its topics, and what is new since its previous build."""
    kind = KIND_LABELS.get(entry.kind, entry.kind)
    topics = [labels.get(t, t) for t in entry.topics]
    line = _stop(f"{kind}. Topics: {', '.join(topics)}" if topics else kind)
    return " ".join([line, *news(entry.changes)])


def _stop(text: str) -> str:
    """End a sentence with one period: "… in the U.S." takes none more."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def news(changes: Changes | None) -> list[str]:
    """Say what entered and left a brief since its previous build (the manifest's record)."""
    if changes is None:
        return []
    entered, left = changes.entered, changes.left
    edition = "the previous edition"
    if changes.previous_as_of is not None:
        edition += f" (information as of {long_date(changes.previous_as_of)})"
    if not entered and not left:
        return [f"Nothing new since {edition}."]
    out = []
    if entered:
        said = [e.text.strip() for e in entered]
        said = [_stop(t) for t in said if t]
        out.append(f"New since {edition}: {' '.join(said)}")
    else:
        out.append(f"Nothing new since {edition}.")
    replaced = dict(changes.superseded)
    if replaced:  # declared by the newer item (`supersedes:`), never guessed
        k = len(replaced)
        out.append(
            f"{k} item{'s' * (k != 1)} superseded by "
            f"{'a newer report' if k == 1 else 'newer reports'} among the new."
        )
    others = [i for i in left if i not in replaced]
    if others:
        more = " other" if replaced else ""
        out.append(f"{len(others)}{more} item{'s' * (len(others) != 1)} no longer in it.")
    return out


def render_feed(
    entries: Mapping[str, BuiltBrief], labels: Mapping[str, str], base: str = ""
) -> bytes:
    """Render the Atom feed of manifest entries, newest first, as UTF-8 bytes.

    Links are relative to the feed's own folder, or absolute under `base` (ending in "/"),
    which is what a feed reader needs once the site is published.
    """
    rows = sorted(entries.values(), key=lambda e: (e.date, e.id), reverse=True)
    # Plain tags under a literal xmlns: ElementTree cannot write a default namespace when
    # elements also carry unprefixed attributes, and Atom's attributes are all unprefixed.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "en"})
    _add(feed, "id", atom_id("feed", base))
    _add(feed, "title", TITLE)
    _add(feed, "updated", max((updated(r) for r in rows), default=_EPOCH))
    _add(_add(feed, "author"), "name", AUTHOR)
    _add(feed, "generator", "briefgen", version=__version__)
    # Relative links resolve against the feed's own address, wherever build/ is served.
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + FEED)
    _add(feed, "link", rel="alternate", type="text/html", href=base + "index.html")
    for row in rows:
        entry = _add(feed, "entry")
        _add(entry, "id", atom_id(f"brief:{row.id}", base))
        _add(entry, "title", row.title)
        _add(entry, "published", _stamp(row.date))
        _add(entry, "updated", updated(row))
        for fmt, media_type in _MEDIA_TYPES.items():
            output = row.outputs.get(fmt)
            if output is not None and output.path:
                link = _add(entry, "link", rel="alternate", type=media_type)
                link.set("href", base + quote(_text(output.path)))
                link.set("length", str(output.bytes))
        for topic in row.topics:
            _add(entry, "category", term=_text(topic), label=_text(labels.get(topic, topic)))
        _add(entry, "summary", summary(row, labels), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
