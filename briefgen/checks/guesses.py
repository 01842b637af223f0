"""Editorial rule 11: a guess is for a note, not for the page.

A fact's hedges are its source's ("likely", "apparently") and stay (rule 8). But an
attribution, a translator, a caption or a header line is the catalog's own word on the page:
"translated from Spanish by AP, presumably" prints a doubt the principal cannot act on. Such a
line says what is known ("the English is AP's"), and the doubt goes to a note (a YAML comment,
a source's `date_note`) or is settled.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Finding
from ..model import Brief, Fact, Loc, Quote, Series, Source
from .findings import warning
from .vocabulary import GUESS_MARK, GUESSES

RULE = "guess-on-page"
FIX = (
    "print what is known (name the publisher whose words they are, the role on record), and "
    "keep the doubt in a note: a YAML comment, the source's date_note, or the item's inferred"
)


def _guess(text: str, name_like: bool) -> str | None:
    """Return the guess words in `text`, if any; in a name or role a "?" counts too."""
    m = GUESSES.search(text) or (GUESS_MARK.search(text) if name_like else None)
    return m.group(0).strip() if m else None


def _findings(
    subject: str, fields: list[tuple[str, str, bool]], locs: dict[str, Loc], loc: Loc, sid: str
) -> Iterator[Finding]:
    for field, text, name_like in fields:
        words = _guess(text, name_like) if text else None
        if words is None:
            continue
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 90 else shown[:87].rstrip() + "…"
        yield warning(
            locs.get(field, loc),
            f"{subject}: {field} “{shown}” prints a guess on the page: “{words}”",
            FIX,
            sid,
            RULE,
        )


def quote_guesses(quote: Quote) -> Iterator[Finding]:
    """Warn of a guess in what a quote's caption prints: speaker, role, translator, context."""
    fields = [
        ("speaker", quote.speaker, True),
        ("role", quote.role, True),
        ("translated_by", quote.translated_by or "", True),
        ("context", quote.context, False),
    ]
    yield from _findings(f"quote '{quote.id}'", fields, dict(quote.locs), quote.loc, quote.id)


def fact_guesses(fact: Fact) -> Iterator[Finding]:
    """Warn of a guess in a fact's claimant, printed beside it ("per …")."""
    fields = [("claimed_by", fact.claimed_by or "", True)]
    yield from _findings(f"fact '{fact.id}'", fields, dict(fact.locs), fact.loc, fact.id)


def source_guesses(source: Source) -> Iterator[Finding]:
    """Warn of a guess in what a source's footnote prints as ours: publisher, ground rules.

    The title is the work's own, and stays as published.
    """
    fields = [
        ("publisher", source.publisher, True),
        ("original_publisher", source.original_publisher or "", True),
        ("attribution", source.attribution or "", False),
    ]
    yield from _findings(f"source '{source.id}'", fields, dict(source.locs), source.loc, source.id)


def series_guesses(series: Series) -> Iterator[Finding]:
    """Warn of a guess in a chart's caption: its title, unit or axis, or a point's label."""
    fields = [
        ("title", series.title, False),
        ("unit", series.unit, True),
        ("axis", series.axis, True),
    ]
    fields += [("label", p.label, True) for p in series.points]
    yield from _findings(f"series '{series.id}'", fields, dict(series.locs), series.loc, series.id)


def brief_guesses(brief: Brief) -> Iterator[Finding]:
    """Warn of a guess in a brief's header: where the meeting is, who takes part."""
    subject = f"brief '{brief.id}'"
    locs = dict(brief.locs)
    yield from _findings(subject, [("location", brief.location or "", False)], locs, brief.loc, "")
    for i, p in enumerate(brief.participants):
        at = locs.get(f"participants[{i}]", locs.get("participants", brief.loc))
        yield from _findings(subject, [("participant", p.name, True)], {}, at, "")
