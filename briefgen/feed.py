"""The Atom feed of the briefs (build/feed.xml), so that staff can subscribe to new ones."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from . import __version__
from .model import KIND_LABELS

FEED = "feed.xml"
TITLE = "Briefings on U.S.-Mexico relations"
AUTHOR = "briefgen"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Atom ids must be IRIs that never change. With no configured site address, a name-based
# UUID of the brief id is stable across builds and machines and is a valid IRI (urn:uuid:).
_ID_SPACE = uuid.uuid5(uuid.NAMESPACE_URL, "briefgen:briefs")
# HTML first: feed readers open the first alternate link they understand.
_MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown"}
# What XML 1.0 cannot carry at all (C0 controls, surrogates, U+FFFE/U+FFFF): a YAML escape
# can put these in a title, and one of them would make the whole feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EPOCH = "1970-01-01T00:00:00Z"


def atom_id(name: str) -> str:
    """Return the permanent Atom id for a brief id (or for the feed itself)."""
    return f"urn:uuid:{uuid.uuid5(_ID_SPACE, name)}"


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _stamp(day: str) -> str:
    # A brief's date is its only time: midnight UTC keeps the feed free of the clock.
    return f"{dt.date.fromisoformat(day).isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _text(text)
    return element


def summary(entry: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """Describe a brief in one line: its kind and its topics."""
    kind = KIND_LABELS.get(entry["kind"], entry["kind"])
    topics = [labels.get(t, t) for t in entry.get("topics", ())]
    return f"{kind}. Topics: {', '.join(topics)}." if topics else f"{kind}."


def render_feed(entries: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str]) -> bytes:
    """Render the Atom feed of manifest entries, newest first, as UTF-8 bytes."""
    rows = sorted(entries.values(), key=lambda e: (e["date"], e["id"]), reverse=True)
    # Plain tags under a literal xmlns: ElementTree cannot write a default namespace when
    # elements also carry unprefixed attributes, and Atom's attributes are all unprefixed.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": "en"})
    _add(feed, "id", atom_id("feed"))
    _add(feed, "title", TITLE)
    _add(feed, "updated", max((_stamp(r["date"]) for r in rows), default=_EPOCH))
    _add(_add(feed, "author"), "name", AUTHOR)
    _add(feed, "generator", "briefgen", version=__version__)
    # Relative links resolve against the feed's own address, wherever build/ is published.
    _add(feed, "link", rel="self", type="application/atom+xml", href=FEED)
    _add(feed, "link", rel="alternate", type="text/html", href="index.html")
    for row in rows:
        entry = _add(feed, "entry")
        _add(entry, "id", atom_id(f"brief:{row['id']}"))
        _add(entry, "title", row["title"])
        _add(entry, "updated", _stamp(row["date"]))
        outputs = row.get("outputs", {})
        for fmt, media_type in _MEDIA_TYPES.items():
            meta = outputs.get(fmt)
            if isinstance(meta, Mapping) and meta.get("path"):
                link = _add(entry, "link", rel="alternate", type=media_type)
                link.set("href", quote(_text(meta["path"])))
                if isinstance(meta.get("bytes"), int):
                    link.set("length", str(meta["bytes"]))
        for topic in row.get("topics", ()):
            _add(entry, "category", term=_text(topic), label=_text(labels.get(topic, topic)))
        _add(entry, "summary", summary(row, labels), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
