"""Editorial rules 8-11 (meaning, not just words), as findings; and acknowledged warnings.

A machine cannot read a fact the way a fact-checker does. What it can do is point at the
places where meaning is most often lost: evidence that reports what someone said while the
fact states it flat, a hedge the fact drops, a bracketed insertion that carries the quote, a
brief line that cites nothing. Each check here is tuned to flag what is worth a look; the
rest stays the analyst's job (docs/editorial-rules.md says which is which).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from .cite import REF_RE
from .model import Brief, Catalog, Fact, Finding, Quote, Series, Source
from .select import Selection, sources_of
from .snapshots import normalize, numbers_in

# Every warning has a stable name, printed with it, by which an item acknowledges it
# (`accept: {name: "reason"}`); errors carry a name too, but cannot be acknowledged.
WARNINGS: Mapping[str, str] = {
    "claim-unattributed": "evidence reports what someone said or expects; the fact names no one",
    "hedge-dropped": "a hedge in the evidence is missing from the fact, or a chart draws a "
    "hedged figure as exact",
    "uncited-line": "a summary sentence or talking point cites nothing",
    "claim-flattened": "a brief line states as fact what its cited fact attributes to someone",
    "one-sided-readout": "a readout's meeting facts rest on one side's sources, unsaid",
    "translation-incomplete": "a translated quote says its language but not its translator, "
    "or the reverse",
    "stale-fact": "an issue brief picks a fact over a year older than its as_of",
    "unused": "a fact, quote or source no brief uses",
    "low-reliability-only": "a fact or series point rests on low-reliability sources alone",
    "no-summary": "a brief has no summary",
    "mixed-units": "a series point's evidence does not count the series' unit",
    "mixed-sources": "a series draws from several sources, which may define its measure "
    "differently",
    "period-unstated": "a series point's evidence does not state the year of its date",
    "point-after-as-of": "a brief charts a series with points after its as_of",
    "needless-accept": "an acknowledgement of a warning that no longer fires",
}
# What an item may acknowledge: every warning but an unused acknowledgement itself.
ACCEPTABLE: tuple[str, ...] = tuple(w for w in WARNINGS if w != "needless-accept")
ERRORS: Mapping[str, str] = {
    "insertion-carries": "a [bracketed insertion] adds a negation or a number, or outweighs "
    "the quoted words",
}

_I = re.IGNORECASE
TextOf = Callable[[Source], "str | None"]  # a source's normalized snapshot text, if readable


def _words(*phrases: str) -> re.Pattern[str]:
    """Compile phrases into one case-insensitive, whole-word pattern."""
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", _I)


# -- rule 8: a claim keeps its claimant ---------------------------------------------------

# Verbs and phrases by which a source reports someone's words, estimate or expectation.
_SPEECH = _words(
    "said", "says", "say", "saying", "told", "tells", "according to", "estimated",
    "estimates", "expects", "expect", "believes", "believe", "reported",
    "claimed", "stated", "states that", "described", "emphasized", "emphasised",
    "stressed", "insisted", "argued", "noted", "wrote", "denied", "confirmed",
    "reiterated", "warned", "acknowledged", "indicated", "in a statement", "predicted",
    "projected", "forecast",
)  # fmt: skip
# Words by which a fact's own text attributes what it says.
_ATTRIBUTION = _words(
    "said", "says", "say", "told", "tells", "according to", "estimated", "estimates",
    "estimate", "expects", "expect", "expected", "believed", "believes", "reported", "reports",
    "reportedly", "claimed", "claims", "stated", "described", "describes", "called",
    "calls", "emphasized", "stressed", "stresses", "insisted", "argued", "noted", "wrote",
    "denied", "confirmed", "reiterated", "warned", "acknowledged", "indicated", "named",
    "judges", "finds", "found", "suggests", "proposes", "cited", "rejected", "condemned",
    "predicted", "projected", "in her account", "in his account", "by her account",
    "by his account", "by their account",
)  # fmt: skip
# In reporting (not in a transcript, which is all one speaker's), "we" and "I" are a quote.
_FIRST_PERSON = re.compile(r"(?<![\w-])(?:I|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|[Mm]y|[Mm]e)(?![\w-])")
# Who can be a claimant, besides a name: the nouns reporters attribute to.
_AGENTS = _words(
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "organization",
    "association", "chamber", "paper", "report", "press", "government", "administration",
    "ministry", "department", "agency", "embassy",
)  # fmt: skip
# Capitalized words that name no one in particular.
_NOT_NAMES = frozenset((
    "the", "a", "an", "and", "but", "in", "on", "at", "of", "to", "for", "as", "it", "he", "she",
    "they", "we", "i", "this", "that", "these", "those", "there", "here", "meanwhile", "speaking",
    "asked", "also", "however", "while", "after", "before", "when", "what",
    "u.s.", "us", "united", "states", "mexico", "mexican", "mexico's", "american", "america",
    "washington", "senior", "deputy", "former", "national", "mr", "mrs", "ms", "dr", "gov",
    "sen", "rep", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
))  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z][\w.'’-]*")


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) of normalized archive text to the sentences it touches."""
    left = max(0, start - 400)
    # Each boundary ends with a look at the next character: let the scans see one beyond.
    cut = [m.end() for m in _BOUNDARY.finditer(text, left, start + 1) if m.end() <= start]
    lo = cut[-1] if cut else left
    if re.search(r"[.!?][\"')\]]?$", text[start:end]):
        return lo, end  # the evidence ends its sentence
    m = _BOUNDARY.search(text, end - 1, min(len(text), end + 400))
    hi = m.start() + 1 if m else min(len(text), end + 400)
    return lo, hi


# A sentence ends at . ! or ? (and a closing quote) before a capital; an abbreviation
# ("U.S. officials", "Gov. Abbott") does not end one.
_BOUNDARY = re.compile(
    r"(?<!\bU\.S)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bGov)(?<!\bSt)(?<!\bSen)(?<!\bRep)"
    r"(?<!\b[A-Z])[.!?][\"')\]]?\s+(?=[^\sa-z])"
)


def _names(window: str) -> set[str]:
    """Return the words of a phrase that could name a claimant, lowercased."""
    out = set()
    for tok in _TOKEN.findall(window):
        word = tok.rstrip(".'’").lower()
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if word in _NOT_NAMES or len(word) < 3:
            continue
        if tok[0].isupper() or _AGENTS.fullmatch(word):
            out.add(word)
    return out


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?:'s|’s)?(?![\w-])", text, _I) is not None


def _acronyms(claimant: str) -> set[str]:
    """Return the initials of each capitalized run of a claimant: "Associated Press" -> AP."""
    out = set()
    for part in re.split(r"[(),;]", claimant):
        caps = [t for t in _TOKEN.findall(part) if t[0].isupper() and t.lower() not in _NOT_NAMES]
        if len(caps) >= 2:
            out.add("".join(t[0] for t in caps))
    return out


def names_claimant(text: str, claimant: str) -> bool:
    """Say whether `text` already names `claimant`: a name word of it, its initials, or all."""
    words = _names(claimant)
    if not words:
        return _has_word(text, claimant.strip())
    if any(re.search(rf"(?<![\w-]){a}(?![\w-])", text) for a in _acronyms(claimant)):
        return True
    return any(_has_word(text, w) for w in words)


@dataclass(frozen=True, slots=True)
class _Claim:
    marker: str  # the words that report speech, as written
    names: frozenset[str]  # who the sentence says is speaking, lowercased


def _claims(sentence: str, at: int, evidence: str, first_person: bool) -> Iterator[_Claim]:
    """Yield the reported claims of a sentence whose evidence starts at offset `at`."""
    for m in _SPEECH.finditer(sentence):
        lead = sentence[: m.start()]
        if m.end() <= at and re.search(r"[,!?]\"\s+(?:\S+\s+){0,2}$", lead):
            continue  # '"…," she said, referring to …': the verb owns the quote before it
        before = re.split(r"[.;:!?]\s|,\s(?=[a-z])", lead[-60:])[-1]
        names = _names(" ".join(before.split()[-5:]))
        if m.group(0).lower().startswith("according"):
            names |= _names(" ".join(sentence[m.end() :].split()[:8]))
        elif re.search(r"[,\"]\s*$", lead):  # "…," said Kirby
            names |= _names(" ".join(sentence[m.end() :].split()[:3]))
        if not names:  # "Sheinbaum has … but also emphasized": the subject came earlier
            names = _names(lead)
        yield _Claim(" ".join(m.group(0).split()), frozenset(names))
    if first_person:
        hit = _FIRST_PERSON.search(evidence)
        if hit:
            yield _Claim(f"first person “{hit.group(0)}”", frozenset())


def claim_findings(fact: Fact, catalog: Catalog, text_of: TextOf) -> Iterator[Finding]:
    """Warn when a fact's evidence reports someone's words and the fact names no claimant."""
    if fact.claimed_by or _ATTRIBUTION.search(fact.text):
        return
    for c in fact.cite:
        source = catalog.sources.get(c.source)
        if source is None:
            continue
        sentence, at = _context(c.evidence, source, text_of)
        in_reporting = source.kind in ("news", "analysis")
        for claim in _claims(sentence, at, c.evidence, in_reporting):
            if any(_has_word(fact.text, n) for n in claim.names):
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


def _context(evidence: str, source: Source, text_of: TextOf) -> tuple[str, int]:
    """Return the evidence's sentences in the snapshot, and where the evidence starts in them."""
    text = text_of(source)
    needle = normalize(evidence)
    at = text.find(needle) if text else -1
    if text is None or at < 0:
        return needle, 0
    lo, hi = _sentence_around(text, at, at + len(needle))
    return text[lo:hi], at - lo


# Hedges, each with the words that keep its force in a fact. A hedge counts as dropped only
# when the fact restates what it qualifies (the next words) without any of them.
_HEDGE_GROUPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("nearly", "almost"), ("nearly", "almost", "close to", "just under", "roughly")),
    (
        ("about", "around", "roughly", "approximately", "some"),
        ("about", "around", "roughly", "approximately", "some", "nearly", "almost", "an estimated"),
    ),
    (("more than", "over"), ("more than", "over", "above", "topped", "exceeded", "at least")),
    (("at least",), ("at least", "more than", "over")),
    (("up to", "as many as", "as much as"), ("up to", "as many as", "as much as", "at most")),
    (("expressed interest", "expressed an interest"), ("interest", "interested")),
    (("less interest", "little interest", "no interest"), ("interest", "interested")),
    (("willing", "willingness"), ("willing", "willingness", "ready", "offered", "prepared to")),
    (
        ("expected", "expects", "likely", "probably", "probable"),
        ("expected", "expects", "expect", "likely", "probably", "probable", "could", "may"),
    ),
    (("reportedly",), ("reportedly", "reported", "reports", "according to")),
    (("not so much",), ("not so much", "less", "rather than")),
    (("seems", "seemed", "appears", "appeared", "apparently"),
     ("seems", "seemed", "appears", "appeared", "apparently", "reportedly")),
    (("may", "might", "could", "possibly", "perhaps"),
     ("may", "might", "could", "possibly", "perhaps", "would", "likely")),
)  # fmt: skip
_HEDGE_PATTERNS = tuple((_words(*h), _words(*k, *h)) for h, k in _HEDGE_GROUPS)
# Hedges that are also everyday prepositions or determiners count only before a quantity.
_NUMERIC_ONLY = frozenset({"about", "around", "over", "some"})
_QUANTITY = re.compile(
    r"^(?:\$?\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|dozen|half|a\s+third|a\s+quarter|days?|weeks?|months?|"
    r"years?)\b",
    _I,
)
_STOP = frozenset((
    "a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "that", "this", "these", "those", "be", "been", "being", "is", "are", "was", "were", "will",
    "would", "it", "its", "their", "his", "her", "there", "which", "who",
))  # fmt: skip


def _stem(word: str) -> str:
    word = word.lower().strip(".,;:'\"“”’")
    return word[:6] if len(word) > 6 else word


def _qualified(after: str, limit: int = 3) -> list[str]:
    """Return the first content words after a hedge: what it qualifies."""
    out: list[str] = []
    for tok in re.findall(r"\$?[\w][\w,.%'’-]*", after):
        if tok.lower() in _STOP:
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


def hedge_findings(fact: Fact) -> Iterator[Finding]:
    """Warn when the evidence hedges what the fact then states without the hedge."""
    fact_stems = {_stem(w) for w in re.findall(r"\$?[\w][\w,.%'’-]*", fact.text)}
    for c in fact.cite:
        for hedges, kept in _HEDGE_PATTERNS:
            for m in hedges.finditer(c.evidence):
                word = " ".join(m.group(0).lower().split())
                after = c.evidence[m.end() :]
                if word in _NUMERIC_ONLY and not _QUANTITY.match(after.lstrip(" $")):
                    continue
                target = _qualified(after)
                phrase = c.evidence[m.start() : m.end() + _through(after, target)]
                if not any(_stem(t) in fact_stems for t in target):
                    continue  # the fact does not restate what the hedge qualifies
                if kept.search(fact.text):
                    continue
                yield Finding(
                    fact.locs.get("text", fact.loc),
                    "warning",
                    f"fact '{fact.id}' drops the hedge of its evidence: "
                    f"“{' '.join(phrase.split())}”",
                    "keep the hedge (nearly, about, expected to, willing to …) or its sense",
                    fact.id,
                    "hedge-dropped",
                )
                return


# -- rule 9: insertions clarify, never carry -----------------------------------------------

_INSERTION = re.compile(r"\[([^\]]*)\]")
_NEGATION = _words(
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

LANGUAGES: Mapping[str, str] = {
    "es": "Spanish",
    "en": "English",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ht": "Haitian Creole",
    "nah": "Nahuatl",
}


def language_name(code: str) -> str:
    """Return the English name of a language tag ("es-MX" -> Spanish), or the tag."""
    return LANGUAGES.get(code.split("-")[0].lower(), code)


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


# -- rule 10: one reader, one voice, nothing unsupported ---------------------------------

_SENTENCE_END = re.compile(
    r"(?<!\bU\.S)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bGov)(?<!\bSt)(?<!\bSen)(?<!\bRep)"
    r"(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\b[A-Z])[.!?][*_”\"’')\]]*\s+"
    r"(?=[*_“\"‘'(]*[A-Z0-9]|\[@)"
)


def sentences(text: str) -> list[str]:
    """Split Markdown prose into sentences; a citation after a full stop joins the one before."""
    text = text.strip()
    cuts = [m.end() for m in _SENTENCE_END.finditer(text)]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    out: list[str] = []
    for part in filter(None, parts):
        lead = re.match(r"(?:\s*\[@[^\]]+\])+", part)
        if out and lead:
            out[-1] += " " + lead.group(0).strip()
            part = part[lead.end() :].strip()
            if not part:
                continue
        out.append(part)
    return out


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


def claimant_of(fact: Fact) -> str | None:
    """Return who a fact says claims it: claimed_by, or the words before its attribution."""
    if fact.claimed_by:
        return fact.claimed_by
    m = _ATTRIBUTION.search(fact.text)
    if m is None:
        return None
    if m.group(0).lower() == "according to":
        return " ".join(fact.text[m.end() :].split()[:6])
    lead = re.split(r"[.;:!?]\s|,\s(?=[a-z])", fact.text[: m.start()])[-1]
    return " ".join(lead.split()[-5:]) or None


# A talking point that opens with one of these asks the principal to act; what it cites is
# the ground for the ask, not a statement the principal makes.
_IMPERATIVE = _words(
    "ask", "build", "carry", "check", "confirm", "expect", "follow", "give", "keep", "lock",
    "meet", "obtain", "offer", "pair", "prepare", "press", "propose", "push", "raise", "seek",
    "set", "test", "tie", "urge", "welcome", "note", "acknowledge", "avoid", "use",
)  # fmt: skip


def _content(text: str) -> set[str]:
    words = re.findall(r"\$?[\w][\w,.%'’-]*", REF_RE.sub(" ", text))
    return {_stem(w) for w in words if w.lower() not in _STOP and len(w) > 2}


def _restates(line: str, fact: Fact, claimant: str) -> bool:
    """Say whether a brief line restates a fact: a shared number, or four shared words."""
    if numbers_in(REF_RE.sub(" ", line)) & numbers_in(fact.text):
        return True
    shared = _content(line) & _content(fact.text) - {_stem(w) for w in _names(claimant)}
    return len(shared) >= 4


def flattened_findings(brief: Brief, catalog: Catalog) -> Iterator[Finding]:
    """Warn when a brief line restates an attributed fact without the attribution."""
    lines = [("summary", s) for s in sentences(brief.summary)]
    lines += [(f"talking_points[{i}]", p) for i, p in enumerate(brief.talking_points)]
    for key, line in lines:
        if _ATTRIBUTION.search(line):
            continue
        if key != "summary" and _IMPERATIVE.match(line.lstrip("*_ ")):
            continue
        for ref in REF_RE.findall(line):
            fact = catalog.facts.get(ref)
            claimant = claimant_of(fact) if fact is not None else None
            if fact is None or not claimant or names_claimant(line, claimant):
                continue
            if not _restates(line, fact, claimant):
                continue
            where = "summary" if key == "summary" else f"talking point {int(key[15:-1]) + 1}"
            yield Finding(
                brief.locs.get(key, brief.locs.get(key.split("[")[0], brief.loc)),
                "warning",
                f"brief '{brief.id}': the {where} states as fact what '{fact.id}' attributes "
                f"to {claimant}: “{_short(line)}”",
                f"say whose claim it is (“{claimant} says …”), as the fact does",
                "",
                "claim-flattened",
            )
            break


# A summary says whose account it rests on with one of these, and the side's name.
_ACCOUNT = _words(
    "account", "accounts", "according to", "as told by", "as described by",
    "says", "said", "version", "readout", "only report", "only source", "only sources",
    "one side",
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
        f"say whose account it is in the summary, e.g. “By {whose}'s account, …”",
        "",
        "one-sided-readout",
    )


# -- acknowledging known warnings -----------------------------------------------------------


def acknowledge(
    findings: Iterable[Finding],
    catalog: Catalog,
    briefs: Mapping[str, Brief],
) -> tuple[list[Finding], int]:
    """Drop the warnings their items acknowledge; warn about acknowledgements left unused.

    A catalog warning belongs to its subject (a fact, quote or source id); a brief's to the
    brief whose file it points at. Return what is left and how many were acknowledged.
    """
    owners: dict[str, Fact | Quote | Source | Series | Brief] = {}
    for table in (catalog.sources, catalog.facts, catalog.quotes, catalog.series):
        owners.update(table)  # type: ignore[arg-type]
    by_path = {b.loc.path: b for b in briefs.values()}
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    accepted = 0
    for f in findings:
        owner = by_path.get(f.loc.path) or owners.get(f.subject)
        accepts = dict(getattr(owner, "accept", ()) or ())
        if f.severity == "warning" and f.rule and f.rule in accepts:
            used.add((id(owner), f.rule))
            accepted += 1
            continue
        kept.append(f)
    seen: set[int] = set()
    for owner in [*owners.values(), *briefs.values()]:
        if id(owner) in seen:
            continue
        seen.add(id(owner))
        for rule, _reason in getattr(owner, "accept", ()) or ():
            if (id(owner), rule) not in used:
                kept.append(
                    Finding(
                        owner.locs.get(f"accept.{rule}", owner.locs.get("accept", owner.loc)),
                        "warning",
                        f"'{owner.id}' accepts a '{rule}' warning that no longer fires",
                        f"remove '{rule}' from accept:",
                        owner.id if not isinstance(owner, Brief) else "",
                        "needless-accept",
                    )
                )
    return kept, accepted
