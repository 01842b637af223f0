"""Editorial rule 10: one reader, one voice, and nothing a brief's citations do not support."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..catalog.query import sources_of
from ..errors import Finding
from ..model import REF_RE, Brief, Catalog, Fact, Selection, Source
from ..prose import (
    according_to,
    claimant_phrase,
    name_words,
    names_claimant,
    numbers_in,
    sentences,
    word_pattern,
)
from .findings import brief_lines
from .meaning import ATTRIBUTION, STOP, dropped_hedge, stem


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def uncited_findings(brief: Brief) -> Iterator[Finding]:
    """Warn for each summary sentence and talking point that cites nothing."""
    for s in sentences(brief.summary):
        if not REF_RE.search(s):
            yield Finding(
                brief.locs.get("summary", brief.loc),
                "warning",
                f"brief '{brief.id}': a summary sentence cites nothing: “{_short(s)}”",
                "cite the items that support it ([@fact-id]), or cut it",
                "",
                "uncited-line",
            )
    for i, point in enumerate(brief.talking_points):
        if not REF_RE.search(point):
            yield Finding(
                brief.locs.get(f"talking_points[{i}]", brief.locs.get("talking_points", brief.loc)),
                "warning",
                f"brief '{brief.id}': talking point {i + 1} cites nothing: “{_short(point)}”",
                "cite the items that support it ([@fact-id]), or cut it",
                "",
                "uncited-line",
            )


# What may follow a verb that ends its clause: "AP reported.", "officials said on Friday.",
# "she said in a statement."
_ENDS_CLAUSE = re.compile(
    r"(?:\s+(?:on|in|at|late|early|last|this|during|[A-Z]\w+day)\b[^.;:!?,]{0,40})?"
    r"[\s”\"’')\]]*(?:[.;:!?]|$)"
)


def claimant_of(fact: Fact) -> str | None:
    """Return who a fact says claims it: claimed_by, or the words before its attribution."""
    if fact.claimed_by:
        return fact.claimed_by
    m = ATTRIBUTION.search(fact.text)
    if m is None:
        return None
    if m.group(0).lower() == "according to":
        return " ".join(fact.text[m.end() :].split()[:6])
    before, after = fact.text[: m.start()], fact.text[m.end() :]
    ends = _ENDS_CLAUSE.match(after)
    inverted = re.match(r"\s+([^,.;:!?]{1,60}?)\s*[.;:!?]?\s*$", after)
    if inverted and re.search(r",[”\"’']?\s*$", before):  # "…,” said Kirby."
        return inverted.group(1)
    # The claimant is the phrase just before the verb. A verb that ends its sentence comes
    # after what is claimed ("…, an abnormally high level, AP reported."): the claimant
    # then starts at the last comma, whatever its case.
    stop = r"(?<!\b[A-Z])[.;:!?]\s"  # "U.S. officials" goes on past its "S."
    cut = rf"{stop}|,\s" if ends else rf"{stop}|,\s(?=[a-z])"
    lead = next((p for p in reversed(re.split(cut, before)) if p.strip()), "").split()
    # "Mexico has indicated …": the claimant is Mexico, not "Mexico has".
    while lead and lead[-1].lower() in _BEFORE_VERB:
        lead.pop()
    return " ".join(lead[-5:]) or None


# Auxiliaries and adverbs that stand between a claimant and its reporting verb.
_BEFORE_VERB = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "also",
        "later",
        "since",
        "then",
        "first",
        "again",
        "repeatedly",
        "reportedly",
        "publicly",
        "previously",
        "already",
        "once",
    ]
)


# A talking point that opens with one of these asks the principal to act; what it cites is
# the ground for the ask, not a statement the principal makes.
_IMPERATIVE = word_pattern(
    "ask", "build", "carry", "check", "confirm", "expect", "follow", "give", "keep", "lock",
    "meet", "obtain", "offer", "pair", "prepare", "press", "propose", "push", "raise", "seek",
    "set", "test", "tie", "urge", "welcome", "note", "acknowledge", "avoid", "use",
)  # fmt: skip


def _content(text: str) -> set[str]:
    words = re.findall(r"\$?[\w][\w,.%'’-]*", REF_RE.sub(" ", text))
    return {stem(w) for w in words if w.lower() not in STOP and len(w) > 2}


def _restates(line: str, fact: Fact, claimant: str) -> bool:
    """Say whether a brief line restates a fact: a shared number, or four shared words."""
    if numbers_in(REF_RE.sub(" ", line)) & numbers_in(fact.text):
        return True
    shared = _content(line) & _content(fact.text) - {stem(w) for w in name_words(claimant)}
    return len(shared) >= 4


def flattened_findings(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Warn when a brief line restates an attributed fact without the attribution."""
    summary = brief.locs.get("summary", brief.loc)
    points = brief.locs.get("talking_points", brief.loc)
    # (what the line is called, where it stands, the line, whether it may open with an ask)
    lines = [("summary", summary, s, False) for s in sentences(brief.summary)]
    lines += [
        (f"talking point {i + 1}", brief.locs.get(f"talking_points[{i}]", points), p, True)
        for i, p in enumerate(brief.talking_points)
    ]
    for where, loc, line, may_ask in lines:
        if ATTRIBUTION.search(line):
            continue
        if may_ask and _IMPERATIVE.match(line.lstrip("*_ ")):
            continue
        for ref in REF_RE.findall(line):
            fact = catalog.facts.get(ref)
            claimant = claimant_of(fact) if fact is not None else None
            if fact is None or not claimant or names_claimant(line, claimant):
                continue
            if not _restates(line, fact, claimant):
                continue
            yield Finding(
                loc,
                "warning",
                f"brief '{brief.id}': the {where} states as fact what '{fact.id}' attributes "
                f"to {claimant}: “{_short(line)}”",
                f"say whose claim it is (“{according_to(claimant)}”), as the fact does",
                "",
                "claim-flattened",
            )
            break


# A summary says whose account it rests on with one of these, and the side's name.
_ACCOUNT = word_pattern(
    "account", "accounts", "according to", "as told by", "as described by",
    "says", "said", "version", "readout", "only report", "only source", "only sources",
    "one side", "telling", "tells it", "per",
)  # fmt: skip


def _side(source: Source) -> str:
    return source.original_publisher or source.publisher


def readout_findings(brief: Brief, catalog: Catalog, selection: Selection) -> Iterator[Finding]:
    """Warn when a readout's meeting facts all rest on one side's sources and it does not say so."""
    if brief.kind != "readout":
        return
    facts = [f for f in selection.facts if f.date >= brief.date] or list(selection.facts)
    if not facts:
        return
    sides: dict[str, Source] = {}
    for fact in facts:
        for sid in sources_of(fact):
            if sid in catalog.sources:
                sides.setdefault(_side(catalog.sources[sid]), catalog.sources[sid])
    if len(sides) != 1:
        return
    side, source = next(iter(sides.items()))
    claimants = {f.claimed_by for f in facts if f.claimed_by}
    names = [side, source.publisher, *claimants]
    if source.attribution:
        names.append(source.attribution)
    said = any(
        _ACCOUNT.search(s) and any(names_claimant(s, n) for n in names)
        for s in sentences(brief.summary)
    )
    if said:
        return
    whose = ", ".join(sorted(claimants)) or side
    via = f"claimed by {whose}, from {side}" if claimants else f"all from {side}"
    yield Finding(
        brief.locs.get("summary", brief.loc),
        "warning",
        f"brief '{brief.id}': every fact on the meeting rests on one side's account "
        f"({via}), and the summary does not say so",
        f"say whose account it is in the summary, e.g. “{accounts(sorted(claimants) or [side])}”",
        "",
        "one-sided-readout",
    )


def accounts(claimants: list[str]) -> str:
    """Return "According to A and B, …" for one claimant or several."""
    if len(claimants) == 1:
        return according_to(claimants[0])
    phrases = [claimant_phrase(c) for c in claimants]
    return f"According to {', '.join(phrases[:-1])} and {phrases[-1]}, …"


# A possessive after a closing bracket: "White House (John Kirby)'s account".
_BRACKET_POSSESSIVE = re.compile(r"\)['’]s\b")


def wording_findings(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Warn when a brief line names a claimant in words that are not English.

    A possessive after a parenthesis ("By White House (John Kirby)'s account"), or an
    institution without its article ("according to White House"), as an old suggestion of
    this very check wrote them.
    """
    for where, loc, line in brief_lines(brief):
        cited = [catalog.facts[r] for r in REF_RE.findall(line) if r in catalog.facts]
        claimants = [c for c in (claimant_of(f) for f in cited) if c]
        bad = _BRACKET_POSSESSIVE.search(line)
        shown = ""
        if bad is not None:
            start = line.rfind("(", 0, bad.start())
            shown = line[max(0, line.rfind(" ", 0, max(start - 1, 0)) - 20) : bad.end()]
        else:
            for claimant in dict.fromkeys(claimants):
                phrase = claimant_phrase(claimant)
                article, _, bare = phrase.partition(" ")
                if article not in ("the", "a", "an"):
                    continue
                core = re.split(r"\s*[(;,]", bare, maxsplit=1)[0]
                # The claimant's own noun phrase, ended: not "by White House officials".
                m = re.search(
                    rf"\b(?:by|to|per|from|with)\s+{re.escape(core)}"
                    r"(?=['’]s\b|\s*[(,.;:\[]|\s*$|\s+(?:said|says|told|reported|account))",
                    line,
                    re.IGNORECASE,
                )
                if m is not None:
                    shown = m.group(0)
                    claimants = [claimant]
                    break
        if not shown:
            continue
        better = according_to(claimants[0]) if claimants else "According to the White House, …"
        yield Finding(
            loc,
            "warning",
            f"brief '{brief.id}': {where} names its source in words that are not English: "
            f"“{' '.join(shown.split())}”",
            f"write the attribution as a sentence would, e.g. “{better}”",
            "",
            "attribution-wording",
        )


def line_hedge_findings(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Warn when a summary sentence or talking point drops the hedge of a fact it cites.

    The fact keeps its source's "expressed interest in", "willingness to", "suspected"; a line
    that restates the words they qualify without a hedge of the same family says more than
    the fact, and the principal reads the line, not the fact. A talking point that opens
    with an ask is the principal's request, as for claim-flattened.
    """
    for where, loc, line in brief_lines(brief):
        if where.startswith("talking point") and _IMPERATIVE.match(line.lstrip("*_ ")):
            continue  # an ask ("Seek …") is the principal's request, not a statement
        words = REF_RE.sub(" ", line)
        for ref in dict.fromkeys(REF_RE.findall(line)):
            fact = catalog.facts.get(ref)
            phrase = dropped_hedge(fact.text, words, line=True) if fact is not None else None
            if phrase is None:
                continue
            yield Finding(
                loc,
                "warning",
                f"brief '{brief.id}': {where} drops the hedge of '{ref}': “{phrase}”",
                "keep the hedge, or one of like force, where the line restates what it "
                "qualifies (“has expressed interest in”, not “wants”)",
                "",
                "line-hedge-dropped",
            )
            break
