"""The main text and metadata of a saved web page (trafilatura), offline; what a capture found.

What a snapshot must never hold is words that are not the document's own: menus, ads, the
"related stories" cards and their standfirsts, a paywall's "Subscribe to continue reading".
trafilatura finds the main text; before it runs, the page (a copy) loses the blocks that
announce themselves as something else (`<aside>`, a class such as "related" or "promo", a
card that leads with a link to another page), and after it, a line that is a link's text or
a paywall's prompt is dropped. A page that says it is not whole (structured data
`isAccessibleForFree: false`, a paywall's prompt) is marked an excerpt, with the reason.

Nothing here opens a connection: the libraries get bytes or parsed trees, never a string
that could be taken for an address (htmldate fetches one), and capture runs them under a
guard that refuses any socket (capture.offline).
"""

from __future__ import annotations

import copy
import itertools
import logging
import re
from dataclasses import dataclass
from typing import Literal

from lxml.html import HtmlElement

from ..errors import CaptureUnusable
from .dating import Dated, date_page

Kind = Literal["html", "pdf"]
# Fewer words than this is no article: a menu, a cookie notice, a teaser page's leftovers.
MIN_WORDS = 20

_TEASER_WORDS = frozenset(
    {
        "related", "recommended", "recommendations", "recirculation", "promo", "promos", "teaser",
        "teasers", "trending", "popular", "mostread", "outbrain", "taboola", "sponsored",
        "sidebar", "newsletter", "advertisement", "advert", "ads", "ad", "share", "sharing",
        "social", "comments", "breadcrumb", "breadcrumbs",
    }
)  # fmt: skip
_TEASER_PAIRS = frozenset(
    {("more", "stories"), ("more", "from"), ("most", "read"), ("read", "also"),
     ("see", "also"), ("also", "read"), ("you", "may"), ("more", "news"), ("lo", "mas")}
)  # fmt: skip
_PAYWALL_WORDS = frozenset(
    {
        "paywall", "regwall", "paywalled", "metered",
    }
)  # fmt: skip
_PROMPT = re.compile(
    r"""(?ix)
      (?:subscribe|sign\s+up|register|log\s*in|sign\s+in)\s+(?:now\s+|today\s+)?to\s+
        (?:continue|keep|read|unlock|access|view)
    | continue\s+reading\s+(?:with|for|by)
    | already\s+(?:a|an)\s+(?:subscriber|member)
    | already\s+have\s+an\s+account
    | (?:this|the\s+full)\s+(?:article|story|content)\s+is\s+(?:only\s+)?
        (?:available|reserved|exclusive)\s+(?:to|for)\s+(?:subscribers|members)
    | (?:to\s+)?read\s+the\s+(?:full|rest\s+of\s+the|whole)\s+(?:article|story)
    | the\s+rest\s+of\s+this\s+(?:article|story)
    | suscr[ií]bete\s+para\s+(?:seguir|continuar)\s+leyendo
    | contenido\s+exclusivo\s+para\s+suscriptores
    | ya\s+eres\s+suscriptor
    """
)
_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(false|False|FALSE)"?')


@dataclass(frozen=True)
class Extracted:
    """What a captured document says of itself, and its main text as the snapshot."""

    kind: Kind
    text: str  # the snapshot: the main text, one paragraph (or PDF line) a line
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None  # the address the document gives itself (canonical link), if any
    dated: Dated
    partial: tuple[str, ...] = ()  # why the snapshot is only part of the work
    left_out: int = 0  # lines of the extraction left out as teasers or prompts
    hint: str = ""  # a date the file carries that is not taken, said to the analyst


def sniff(data: bytes, shown: str) -> Kind:
    """Tell an HTML page from a PDF by their bytes, or say what the file is instead."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    head = data[:65536].decode("utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("mime-version:", "from: <saved by")) or "multipart/related" in head[:2000]:
        raise CaptureUnusable(
            f"'{shown}' is a web archive (MHTML), not an HTML page",
            "save the page again as 'Webpage, HTML only' (or print it to PDF) and capture that",
        )
    if re.search(r"<(?:!doctype\s+html|html|head|body|title|article|main|p|div)\b", head):
        return "html"
    what = "plain text or another format"
    if data.startswith(b"PK\x03\x04"):
        what = "a ZIP file: a Word or other office document?"
    elif data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        what = "an image"
    raise CaptureUnusable(
        f"'{shown}' is neither an HTML page nor a PDF ({what})",
        "capture a page saved from a browser (HTML) or a PDF; for a text you saved yourself, "
        "use `briefgen new source FILE --id … --publisher … --published …`",
    )


# -- HTML -----------------------------------------------------------------------------------


def extract_page(data: bytes, shown: str) -> Extracted:
    """Return the main text and metadata of a saved web page."""
    import trafilatura
    from trafilatura.utils import load_html

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    tree = load_html(data)  # bytes: decoded by the page's own charset, never fetched
    if tree is None:
        raise CaptureUnusable(f"'{shown}' cannot be read as HTML", "save the page again")
    dated = date_page(tree)
    partial = _partial(tree)
    work = copy.deepcopy(tree)
    teasers = _prune_teasers(work)
    doc = trafilatura.bare_extraction(
        work,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    body = getattr(doc, "text", None) or ""
    lines = [" ".join(x.split()) for x in body.splitlines()]
    kept, prompts = [], []
    for line in lines:
        if not line:
            continue
        if _PROMPT.search(line) and len(line) < 300:
            prompts.append(line)
        elif _key(line) not in teasers:
            kept.append(line)
    if prompts:
        partial += (f'the page asks the reader to subscribe ("{short(prompts[0])}")',)
    count = len(" ".join(kept).split())
    if count < MIN_WORDS:
        raise CaptureUnusable(
            f"'{shown}' has no main text to cut a snapshot from (only {count} "
            f"word{'s' * (count != 1)} once menus, links and teasers are left out)",
            "save the article's own page (not a section front or a search result); if the "
            "page only loads its text with scripts, print it to PDF and capture that",
        )
    return Extracted(
        "html",
        "\n".join(kept) + "\n",
        clean(getattr(doc, "title", None)),
        clean(getattr(doc, "sitename", None)),
        clean(getattr(doc, "author", None)),
        _canonical(tree),
        dated,
        tuple(dict.fromkeys(partial)),
        len([x for x in lines if x]) - len(kept),
    )


def _tokens(el: HtmlElement) -> list[str]:
    get = getattr(el, "get", None)
    if get is None:
        return []
    marks = " ".join(get(a) or "" for a in ("class", "id", "role", "aria-label"))
    return [t for t in re.split(r"[^a-z0-9]+", marks.lower()) if t]


def _is_teaser_block(el: HtmlElement) -> bool:
    tokens = _tokens(el)
    if getattr(el, "tag", None) == "aside" or not _TEASER_WORDS.isdisjoint(tokens):
        return True
    return any(pair in _TEASER_PAIRS for pair in itertools.pairwise(tokens))


def _prune_teasers(tree: HtmlElement) -> set[str]:
    """Remove the blocks that are about other pages; return their lines' keys.

    A block is a teaser when it says so (`<aside>`, a class such as "related", "promo" or
    "more-stories") or when it is a card: a short block that opens with a link to another
    page followed by more words (a headline and a standfirst).
    """
    own = _canonical(tree) or ""
    gone: set[str] = set()
    body = tree.find("body")
    whole = len((body if body is not None else tree).text_content())
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("body", "html"):
            continue
        if el.tag in ("head", "title", "meta", "link", "script", "style"):
            continue
        if _holds_the_article(el, whole):
            continue  # a wrapper class such as "with-sidebar" must not take the story with it
        if _is_teaser_block(el) or _is_card(el, own):
            gone |= {_key(line) for line in _block_lines(el)}
            el.drop_tree()
    for a in tree.iter("a"):
        text = " ".join(a.text_content().split())
        if len(text.split()) >= 3 and not _own(a.get("href") or "", own):
            gone.add(_key(text))
    return gone


def _holds_the_article(el: HtmlElement, whole: int) -> bool:
    """Tell a block that holds the story (its headline, its main, most of the text)."""
    if el.tag == "main" or el.find(".//h1") is not None or el.find(".//main") is not None:
        return True
    return whole > 0 and len(el.text_content()) > 0.4 * whole


def _is_card(el: HtmlElement, own: str) -> bool:
    """Tell a card: a short block that opens with a link to another page of the same site."""
    if getattr(el, "tag", "") not in ("div", "li", "article", "section", "figure"):
        return False
    text = " ".join(el.text_content().split())
    if not text or len(text) > 500:
        return False
    first = next((a for a in el.iter("a") if a.text_content().strip()), None)
    href = (first.get("href") or "") if first is not None else ""
    # A story's own links mostly lead elsewhere (a report, a statement); a teaser leads to
    # another page of the same publication.
    if first is None or _own(href, own) or not _same_site(href, own):
        return False
    link = " ".join(first.text_content().split())
    return text.startswith(link) and len(link.split()) >= 3 and len(text) > len(link) + 20


def _same_site(href: str, own: str) -> bool:
    host = re.match(r"^(?:https?:)?//([^/?#]+)", href.strip(), re.IGNORECASE)
    if host is None:
        return True  # a relative address: this site
    mine = re.match(r"^https?://([^/?#]+)", own, re.IGNORECASE)
    return mine is not None and host[1].lower().removeprefix("www.") == mine[
        1
    ].lower().removeprefix("www.")


def _own(href: str, own: str) -> bool:
    href = href.strip()
    return not href or href.startswith("#") or (bool(own) and href.rstrip("/") == own.rstrip("/"))


def _block_lines(el: HtmlElement) -> list[str]:
    parts = []
    for sub in el.iter():
        if isinstance(sub.tag, str) and sub.tag in ("p", "a", "h2", "h3", "h4", "li", "span"):
            parts.append(" ".join(sub.text_content().split()))
    parts.append(" ".join(el.text_content().split()))
    return [p for p in parts if p]


def _key(line: str) -> str:
    return " ".join(line.lower().split()).strip(" .:…")


def _partial(tree: HtmlElement) -> tuple[str, ...]:
    """Say why the page is not the whole work, from what the page itself declares."""
    reasons = []
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and _FREE.search(script.text or ""):
            reasons.append("the page's structured data says it is not free to read "
                           "(isAccessibleForFree: false)")  # fmt: skip
            break
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name.endswith("content_tier") and (meta.get("content") or "").lower() != "free":
            reasons.append(
                f'the page\'s metadata marks it "{short(clean(meta.get("content")) or "")}"'
            )
    for el in tree.iter():
        if isinstance(el.tag, str) and not _PAYWALL_WORDS.isdisjoint(_tokens(el)):
            reasons.append("the page holds a paywall")
            break
    return tuple(reasons)


def _canonical(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        href = (link.get("href") or "").strip()
        if (link.get("rel") or "").lower() == "canonical" and re.match(r"^https?://\S+$", href):
            return href
    for meta in tree.iter("meta"):
        content = (meta.get("content") or "").strip()
        if meta.get("property") == "og:url" and re.match(r"^https?://\S+$", content):
            return content
    return None


def clean(value: str | None) -> str | None:
    """Return a metadata value on one line, or None when it is empty."""
    text = " ".join((value or "").split())
    return text or None


def short(text: str, limit: int = 60) -> str:
    """Return text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
