"""Editorial rules 8, 9 and 11 (meaning, not just words), as findings.

A machine cannot read a fact the way a fact-checker does. What it can do is point at the
places where meaning is most often lost: evidence that reports what someone said while the
fact states it flat, a hedge the fact drops, a bracketed insertion that carries the quote, a
translation that does not say so. Each check here is tuned to flag what is worth a look; the
rest stays the analyst's job (docs/editorial-rules.md says which is which).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog.snapshots import Archives, normalize
from ..errors import Finding
from ..model import Catalog, Fact, Quote, Source
from ..prose import has_word, name_words, word_pattern
from .structure import BOUNDARY, structure
from .vocabulary import ATTRIBUTION, HEDGES, NUMERIC_ONLY, QUANTITY, SPEECH, Hedge, is_month

__all__ = ["ATTRIBUTION", "STOP", "claim_findings", "hedge_findings", "stem"]

_I = re.IGNORECASE


# -- rule 8: a claim keeps its claimant ---------------------------------------------------

# In reporting (not in a transcript, which is all one speaker's), "we" and "I" are a quote.
_FIRST_PERSON = re.compile(r"(?<![\w-])(?:I|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|[Mm]y|[Mm]e)(?![\w-])")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) of normalized archive text to the sentences it touches."""
    left = max(0, start - 400)
    # Each boundary ends with a look at the next character: let the scans see one beyond.
    cut = [m.end() for m in BOUNDARY.finditer(text, left, start + 1) if m.end() <= start]
    lo = cut[-1] if cut else left
    if re.search(r"[.!?][\"')\]]?$", text[start:end]):
        return lo, end  # the evidence ends its sentence
    m = BOUNDARY.search(text, end - 1, min(len(text), end + 400))
    hi = m.start() + 1 if m else min(len(text), end + 400)
    return lo, hi


@dataclass(frozen=True, slots=True)
class _Claim:
    marker: str  # the words that report speech, as written
    names: frozenset[str]  # who the sentence says is speaking, lowercased


def _claims(sentence: str, at: int, evidence: str, first_person: bool) -> Iterator[_Claim]:
    """Yield the reported claims of a sentence whose evidence starts at offset `at`."""
    for m in SPEECH.finditer(sentence):
        lead = sentence[: m.start()]
        if m.end() <= at and re.search(r"[,!?]\"\s+(?:\S+\s+){0,2}$", lead):
            continue  # '"…," she said, referring to …': the verb owns the quote before it
        before = re.split(r"[.;:!?]\s|,\s(?=[a-z])", lead[-60:])[-1]
        names = name_words(" ".join(before.split()[-5:]))
        if m.group(0).lower().startswith("according"):
            names |= name_words(" ".join(sentence[m.end() :].split()[:8]))
        elif re.search(r"[,\"]\s*$", lead):  # "…," said Kirby
            names |= name_words(" ".join(sentence[m.end() :].split()[:3]))
        if not names:  # "Sheinbaum has … but also emphasized": the subject came earlier
            names = name_words(lead)
        yield _Claim(" ".join(m.group(0).split()), frozenset(names))
    if first_person:
        hit = _FIRST_PERSON.search(evidence)
        if hit:
            yield _Claim(f"first person “{hit.group(0)}”", frozenset())


def claim_findings(fact: Fact, catalog: Catalog, archives: Archives) -> Iterator[Finding]:
    """Warn when a fact's evidence reports someone's words and the fact names no claimant."""
    if fact.claimed_by or ATTRIBUTION.search(fact.text):
        return
    for c in fact.cite:
        source = catalog.sources.get(c.source)
        if source is None:
            continue
        sentence, at = _context(c.evidence, source, archives)
        in_reporting = source.kind in ("news", "analysis")
        for claim in _claims(sentence, at, c.evidence, in_reporting):
            if any(has_word(fact.text, n) for n in claim.names):
                continue  # "Sheinbaum wants …" from "Sheinbaum emphasized …"
            who = f" ({', '.join(sorted(claim.names))})" if claim.names else ""
            yield Finding(
                fact.locs.get("text", fact.loc),
                "warning",
                f"fact '{fact.id}': its evidence reports a claim (“{claim.marker}”{who}) "
                "but the fact names no claimant",
                "say who claims it in the text (“U.S. officials said …”) or add claimed_by:",
                fact.id,
                "claim-unattributed",
            )
            return


def _context(evidence: str, source: Source, archives: Archives) -> tuple[str, int]:
    """Return the evidence's sentences in the snapshot, and where the evidence starts in them.

    The sentences stay within the evidence's paragraph: a headline or a caption above it,
    which has no full stop, is not part of its first sentence.
    """
    text = archives.text(source)
    needle = normalize(evidence)
    at = text.find(needle) if text else -1
    if text is None or at < 0:
        return needle, 0
    lo, hi = _sentence_around(text, at, at + len(needle))
    shape = structure(source, archives)
    if shape is not None:
        first, last = shape.paragraph(at)
        lo, hi = max(lo, first), max(min(hi, last), at + len(needle))
    return text[lo:hi], at - lo


STOP = frozenset((
    "a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "that", "this", "these", "those", "be", "been", "being", "is", "are", "was", "were", "will",
    "would", "it", "its", "their", "his", "her", "there", "which", "who",
))  # fmt: skip


def stem(word: str) -> str:
    word = re.sub(r"['’]s$", "", word.lower().strip(".,;:'\"“”’"))
    return word[:6] if len(word) > 6 else word


def _qualified(after: str, limit: int = 3) -> list[str]:
    """Return the first content words after a hedge: what it qualifies."""
    out: list[str] = []
    for tok in re.findall(r"\$?[\w][\w,.%'’-]*", after):
        if tok.lower() in STOP:
            continue
        out.append(tok.rstrip(".,"))
        if len(out) == limit:
            break
    return out


def _through(after: str, words: list[str]) -> int:
    """Return how far into `after` the last of `words` ends."""
    end = 0
    for w in words:
        at = after.find(w, end)
        if at >= 0:
            end = at + len(w)
    return end


def _hedges_quantity(word: str, after: str) -> bool:
    """Say whether a hedge that is also a preposition ("some", "over") is one here."""
    return word not in NUMERIC_ONLY or QUANTITY.match(after.lstrip(" $")) is not None


def _kept(family: Hedge, fact_text: str) -> bool:
    """Say whether the fact keeps a hedge of the family's force, where it hedges."""
    for m in family.kept.finditer(fact_text):
        word = " ".join(m.group(0).lower().split())
        if _hedges_quantity(word, fact_text[m.end() :]) and not is_month(fact_text, m.start()):
            return True
    return False


# The families that bound a figure or a share: a line restates what they bound only by
# repeating its noun phrase, not a word of it.
_BOUNDING = frozenset(("approximate", "short-of", "floor", "ceiling", "degree"))
# "could", "may", "might" after "so (that) …" say what an act is for, not how likely it is.
_PURPOSE = re.compile(r"\b(?:so|so\s+that|in\s+order\s+that)\s+(?:[\w’'-]+\s+){0,4}$", re.I)
# "often called", "sometimes known as": how a thing is named, not how often it happens.
_NAMING = re.compile(r"^\s+(?:called|known|referred|described|dubbed|named|termed)\b", re.I)


def dropped_hedge(hedged: str, restated: str, line: bool = False) -> str | None:
    """Return the hedged phrase of `hedged` that `restated` restates without its hedge.

    A hedge qualifies the content words after it; `restated` restates them when it shares
    one, and keeps the hedge when it has a word of the hedge's family, where that word
    hedges. A brief `line` sums several facts in its own words, so it restates only what it
    repeats from the hedge's own clause: the word a verb's hedge governs ("expressed interest
    in reinstating"), or the noun phrase a figure's hedge bounds ("over 300,000 H-2 visas",
    "the majority of DACA recipients").
    """
    stems = {stem(w) for w in re.findall(r"\$?[\w][\w,.%'’-]*", restated)}
    for family in HEDGES:
        for m in family.pattern.finditer(hedged):
            word = " ".join(m.group(0).lower().split())
            after = hedged[m.end() :]
            if not _hedges_quantity(word, after):
                continue
            if is_month(hedged, m.start()):
                continue  # "in May 2024": a month, not a hedge
            if _PURPOSE.search(hedged[: m.start()]):
                continue  # "so the crossings could be reopened": a purpose, not a doubt
            if family.name == "frequency" and _NAMING.match(after):
                continue  # "often called Remain in Mexico": a name, not a frequency
            if line:
                after = re.split(r"[,;:()\u2014]|\.(?:\s|$)", after, maxsplit=1)[0]
                head = _qualified(after, 2 if family.name in _BOUNDING else 1)
                if not head or not all(stem(t) in stems for t in head):
                    continue
            target = _qualified(after)
            if not any(stem(t) in stems for t in target):
                continue  # the words do not restate what the hedge qualifies
            if _kept(family, restated):
                continue
            return " ".join(hedged[m.start() : m.end() + _through(after, target)].split())
    return None


def hedge_findings(fact: Fact) -> Iterator[Finding]:
    """Warn when the evidence hedges what the fact then states without the hedge."""
    for c in fact.cite:
        phrase = dropped_hedge(c.evidence, fact.text)
        if phrase is not None:
            yield Finding(
                fact.locs.get("text", fact.loc),
                "warning",
                f"fact '{fact.id}' drops the hedge of its evidence: “{phrase}”",
                "keep the hedge (nearly, about, expected to, willing to …) or its sense",
                fact.id,
                "hedge-dropped",
            )
            return


# -- rule 9: insertions clarify, never carry -----------------------------------------------

_INSERTION = re.compile(r"\[([^\]]*)\]")
_NEGATION = word_pattern(
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without",
    "cannot", "against",
)  # fmt: skip
_NEGATION_SUFFIX = re.compile(r"\w+n['’]t\b", _I)
_NUMBER = re.compile(
    r"\d|(?<![\w-])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|percent|dozen|"
    r"half|twice|double|triple)(?![\w-])",
    _I,
)
_WORD = re.compile(r"[\w’'%$-]+")


def insertion_findings(quote: Quote, archive_text: str | None) -> Iterator[Finding]:
    """Refuse insertions that add a negation or a number, or that outweigh the quote."""
    loc = quote.locs.get("text", quote.loc)
    inserted = 0
    for m in _INSERTION.finditer(quote.text):
        words = m.group(1)
        if archive_text is not None and normalize(m.group(0)) in archive_text:
            continue  # the source prints these brackets itself: its words, not ours
        inserted += len(_WORD.findall(words))
        what = ""
        if _NEGATION.search(words) or _NEGATION_SUFFIX.search(words):
            what = "a negation"
        elif _NUMBER.search(words):
            what = "a number"
        if what:
            yield Finding(
                loc,
                "error",
                f"quote '{quote.id}': the insertion {m.group(0)} adds {what}",
                "an insertion may only name a referent: quote the words that say it, "
                "or put it in the fact or context",
                quote.id,
                "insertion-carries",
            )
    if not inserted:
        return
    quoted = len(_WORD.findall(_INSERTION.sub(" ", quote.text).replace("…", " ")))
    if inserted > quoted:
        yield Finding(
            loc,
            "error",
            f"quote '{quote.id}': its insertions ({inserted} words) outweigh the quoted "
            f"words ({quoted})",
            "quote more of the speaker's own words, or make it a fact",
            quote.id,
            "insertion-carries",
        )


# -- rule 11: a translation says so ---------------------------------------------------------


def translation_findings(quote: Quote) -> Iterator[Finding]:
    """Warn when a translated quote gives its language without its translator, or back."""
    if bool(quote.said_in) == bool(quote.translated_by):
        return
    if quote.said_in:
        message = f"gives said_in: {quote.said_in} but not who translated it"
        fix = "add translated_by: (the publisher whose translation it is)"
    else:
        message = f"is translated by {quote.translated_by} but does not say from what"
        fix = "add said_in: (the language it was said in, e.g. es)"
    yield Finding(
        quote.locs.get("said_in", quote.locs.get("translated_by", quote.loc)),
        "warning",
        f"quote '{quote.id}' {message}",
        fix,
        quote.id,
        "translation-incomplete",
    )
