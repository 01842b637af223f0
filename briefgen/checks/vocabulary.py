"""The words the meaning rules read, in families: how sources report, hedge and advise.

Each family is a set of words that do one thing in a sentence (report speech, assert a claim,
bound a number from above, tell the author to check something), gathered from how the
sources in `sources/` and the seed captures word it and from docs/editorial-rules.md. A rule
reads a family, never a single word, and the tests try every word of each family: a word
added here is a word every rule of its family knows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..prose import word_pattern

# -- rule 8: how a source reports someone's words, claim, estimate or view -------------------

# Verbs and phrases by which a source says that words are someone's, not its own finding.
REPORTING: Mapping[str, tuple[str, ...]] = {
    # Words said: "Kirby said", "she told reporters", "in a statement".
    "speech": (
        "said", "says", "say", "saying", "told", "tells", "telling", "told reporters",
        "added", "adding", "explained", "explains", "remarked", "commented", "mentioned",
        "noted", "notes", "pointed out", "points out", "stated", "states that", "declared",
        "declares", "announced", "announces", "replied", "responded", "answered", "wrote",
        "writes", "recalled", "recounted", "testified", "briefed", "tweeted", "touted",
        "boasted", "complained", "lamented", "in a statement", "in remarks", "in an interview",
    ),
    # A position asserted, not established: "a claim by Noem that", "he alleged".
    "claim": (
        "claim", "claims", "claimed", "claiming", "alleged", "alleges", "alleging",
        "contended", "contends", "maintained", "maintains", "insisted", "insists", "argued",
        "argues", "asserted", "asserts", "accused", "accuses",
    ),
    # Something made known, confirmed or denied by someone: "the paper revealed".
    "disclosure": (
        "revealed", "reveals", "disclosed", "discloses", "confirmed", "confirms",
        "acknowledged", "acknowledges", "admitted", "admits", "conceded", "concedes",
        "denied", "denies", "rejected", "dismissed",
    ),
    # A speaker's stress or promise: "she stressed", "he vowed".
    "emphasis": (
        "emphasized", "emphasised", "emphasizes", "stressed", "stresses", "underscored",
        "underlined", "highlighted", "reiterated", "warned", "warns", "cautioned", "vowed",
        "pledged", "promised",
    ),
    # A figure or outcome someone expects: "the association estimated", "we expect".
    "estimate": (
        "estimated", "estimates", "estimate", "projected", "projects", "predicted", "predicts",
        "forecast", "forecasts", "expects", "expect", "anticipates", "calculated",
        "calculates",
    ),
    # A view held: "he believes", "she described it as".
    "belief": (
        "believes", "believe", "thinks", "considers", "fears", "described", "describes",
        "called", "labeled", "labelled", "characterized", "indicated", "signaled",
        "signalled", "suggested",
    ),
    # Words taken from another report: "according to", "citing".
    "report": ("reported", "according to", "citing", "cited", "quoted", "quoting"),
}  # fmt: skip

# Words by which a fact's own text says whose words it gives, beyond the reporting verbs.
ATTRIBUTING: tuple[str, ...] = (
    "reports", "reportedly", "allegedly", "expected", "believed", "named", "judges", "finds",
    "found", "suggests", "proposes", "condemned", "calls", "stresses", "in her account",
    "in his account", "by her account", "by his account", "by their account",
    "in their account",
)  # fmt: skip

SPEECH = word_pattern(*(w for words in REPORTING.values() for w in words))
ATTRIBUTION = word_pattern(*(w for words in REPORTING.values() for w in words), *ATTRIBUTING)

# -- rule 8: hedges --------------------------------------------------------------------------


class Hedge:
    """A family of hedges, and the words that keep its force in a fact."""

    __slots__ = ("hedges", "keeps", "kept", "name", "pattern")

    def __init__(self, name: str, hedges: tuple[str, ...], keeps: tuple[str, ...] = ()) -> None:
        self.name, self.hedges, self.keeps = name, hedges, (*hedges, *keeps)
        self.pattern = word_pattern(*hedges)
        self.kept = word_pattern(*self.keeps)


HEDGES: tuple[Hedge, ...] = (
    # An approximate figure: "some 758", "roughly two-thirds", "around 11 o'clock".
    Hedge(
        "approximate",
        ("about", "around", "roughly", "approximately", "some", "an estimated", "circa",
         "or so", "in the region of", "on the order of", "more or less", "give or take"),
        ("nearly", "almost", "close to", "estimated"),
    ),
    # Just short of a figure: "nearly half", "close to capacity".
    Hedge(
        "short-of",
        ("nearly", "almost", "close to", "just under", "not quite", "just shy of"),
        ("roughly", "about", "around", "approximately", "some"),
    ),
    # A floor: "more than 191,000", "over 300,000", "at least a passing interest".
    Hedge(
        "floor",
        ("more than", "over", "above", "at least", "upwards of", "in excess of", "exceeding",
         "no fewer than", "no less than"),
        ("topped", "exceeded", "surpassed"),
    ),
    # A ceiling: "up to a certain volume", "as many as 500".
    Hedge(
        "ceiling",
        ("up to", "as many as", "as much as", "at most", "no more than", "fewer than",
         "less than", "under", "below", "a maximum of"),
    ),
    # How likely: "will likely remain", "almost certainly", "perhaps by exempting".
    Hedge(
        "likelihood",
        ("likely", "unlikely", "probably", "probable", "possibly", "perhaps", "may", "might",
         "could", "almost certainly", "tentatively", "provisionally"),
        ("expected", "expects", "expect", "would"),
    ),
    # What is expected or planned, not done: "expected to announce", "scheduled for".
    Hedge(
        "expectation",
        ("expected", "expects", "anticipated", "anticipates", "planned", "plans to",
         "poised to", "on track to", "scheduled"),
        ("expect", "likely", "probably", "could", "may", "would", "plan"),
    ),
    # An aim, not an outcome: "seeks to align", "hopes to discourage".
    Hedge(
        "intent",
        ("seeks to", "seeking to", "aims to", "aiming to", "hopes to", "hoping to",
         "intends to", "tries to", "trying to", "attempts to", "working to"),
        ("seek", "aim", "aims", "hope", "intend", "intends", "try", "tries", "attempt",
         "goal", "plan", "plans", "want", "wants", "would"),
    ),
    # Heard, not seen: "reportedly", "it seems", "is said to".
    Hedge(
        "hearsay",
        ("reportedly", "allegedly", "purportedly", "suspected", "apparently", "seems", "seemed",
         "appears", "appeared", "is said to", "are said to", "is believed to", "is thought to"),
        ("reported", "reports", "according to", "said", "says", "claimed", "alleged"),
    ),
    # Willing, not committed: "willing to share", "open to that possibility".
    Hedge(
        "willingness",
        ("willing", "willingness", "ready to", "open to", "prepared to", "offered to",
         "expressed interest", "expressed an interest", "passing interest", "interested in"),
        ("interest", "interested", "ready", "offered", "offer", "open"),
    ),
    # Reluctant, not refusing: "far less interest", "not so much".
    Hedge(
        "reluctance",
        ("less interest", "little interest", "no interest", "reluctant", "hesitant",
         "not so much"),
        ("interest", "interested", "less", "rather than"),
    ),
    # Part, not all: "the majority of", "largely", "much of the corn".
    Hedge(
        "degree",
        ("largely", "mostly", "mainly", "primarily", "partly", "partially", "in part",
         "overwhelmingly", "the majority of", "most of", "nearly all", "almost all", "much of",
         "many of", "a large share of", "a large part of", "a good part of"),
        ("majority", "most", "many", "much"),
    ),
    # Now and then, not always: "frequently are shipped by rail", "often delayed".
    Hedge(
        "frequency",
        ("frequently", "often", "sometimes", "occasionally", "usually", "typically",
         "regularly", "at times", "in many cases", "in some cases", "on some days"),
        ("many", "most"),
    ),
)  # fmt: skip

# Hedges that are also everyday prepositions or determiners ("some of them", "over the
# year", "under pressure"): they hedge only a quantity that follows them.
NUMERIC_ONLY = frozenset({"about", "around", "over", "some", "above", "under", "below"})
# A quantity: digits (with separators, a decimal, a percent), number words, fractions,
# rough counts and spans of time.
QUANTITY = re.compile(
    r"^(?:\$?\d[\d,.]*%?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|dozens?|hundreds|thousands|millions|billions|half|"
    r"a\s+(?:third|quarter|half|dozen|hundred|thousand|million|billion)|"
    r"(?:two|three)[-\s](?:thirds|quarters|fifths)|tens\s+of|percent|per\s+cent|"
    r"minutes?|hours?|days?|weeks?|months?|years?|decades?)(?![\w]))",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?i)(?:^|\W)(?:in|since|of|by|until|through|from|and|early|late|mid)\s+$"
)


def is_month(text: str, start: int) -> bool:
    """Say whether the "May" at `start` is the month ("since May 2024", "in May")."""
    if text[start : start + 3] != "May":
        return False
    return bool(re.match(r"May\s+\d", text[start:]) or _MONTH_BEFORE.search(text[:start]))


# -- rule 11: a guess is for a note, not for the page ------------------------------------------

# The words of an author unsure of what they write: in a fact they are the source's hedge
# (rule 8), but in a line the page prints as ours (an attribution, a translator, a caption, the
# header) they print a guess the principal cannot act on: "translated by AP, presumably".
GUESS_WORDS: tuple[str, ...] = (
    "presumably", "presumed", "probably", "apparently", "possibly", "perhaps", "maybe",
    "seemingly", "supposedly", "likely", "unlikely", "it seems", "seems to be", "appears to be",
    "I think", "we think", "I believe", "we believe", "I guess", "we assume", "assumed",
    "not sure", "unsure",
)  # fmt: skip
GUESSES = word_pattern(*GUESS_WORDS)
# In a name or a role, a question mark is a guess too: "Mexico News Daily?", "(?)".
GUESS_MARK = re.compile(r"\(\s*\?\s*\)|\?\s*(?:\)|$)")


# -- rule 10: advice to the author is not for the page ---------------------------------------

# Each family: what the line asks of its author, as the patterns that find it. These are
# words to the analyst or the desk ("do not cite until checked", "TODO"); the principal
# reads the page, and cannot check, verify or fill in anything.
_CLAUSE = r"(?:^|(?<=[.;:!?(\u2014\u2013\-])\s*|(?<=\bthen\s)|(?<=\band\s)|(?<=\bplease\s))"
_OBJECT = r"(?:\s+(?:it|this|that|them|these|those|the\s+[\w’'-]+(?:\s+[\w’'-]+)?))?"
ADVICE: Mapping[str, tuple[re.Pattern[str], ...]] = {
    # Hold it back until someone checks: "do not use it until checked".
    "hold": (
        re.compile(
            r"\b(?:do\s+not|don['’]t|never|not\s+to\s+be)\s+(?:cite[sd]?|use[sd]?|quote[sd]?|"
            r"repeat|rely\s+on|circulate|publish|share|run)\b(?:(?![.!?]\s+(?-i:[A-Z]))[^;]){0,80}?"
            r"\b(?:until|unless)\b",
            re.IGNORECASE,
        ),
        # Verbs only an author does with a text: "do not cite this", "never quote it".
        re.compile(
            r"\b(?:do\s+not|don['’]t|never)\s+(?:cite|quote|rely\s+on|publish|circulate)\b"
            # "use" is the principal's too ("do not use the word"): only of the text itself.
            r"|\b(?:do\s+not|don['’]t)\s+use(?:\s+(?:it|this|that|these|them|the\s+(?:figure|"
            r"number|count|comparison|estimate|data|quote|claim|fact)s?))?\s*(?=[.;:\[)]|$)",
            re.IGNORECASE,
        ),
        # "until checked", "until it is verified": no subject of its own, so about the text.
        re.compile(
            r"\buntil\s+(?:it\s+is\s+|it['’]s\s+|they\s+are\s+|they['’]re\s+)?(?:checked|"
            r"verified|confirmed|corroborated|cleared|sourced|vetted)\b",
            re.IGNORECASE,
        ),
    ),
    # Verify it: "verify", "to be verified", "needs verification".
    "verify": (
        re.compile(_CLAUSE + r"verify\b", re.IGNORECASE | re.MULTILINE),
        re.compile(
            r"\b(?:to\s+be|needs?\s+to\s+be|must\s+be|should\s+be)\s+(?:verified|checked|"
            r"corroborated|vetted|double-checked|fact-checked)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:needs?|requires?|pending)\s+(?:verification|verifying|checking|"
            r"corroboration|fact-checking)\b",
            re.IGNORECASE,
        ),
    ),
    # Check it against something: "check against the seeds", "double-check".
    "check": (
        re.compile(
            r"\b(?:check|recheck|re-check|cross-check|double-check|fact-check)"
            + _OBJECT
            + r"\s+(?:against|with\s+(?:the\s+)?(?:desk|source|sources|author|analyst|catalog|"
            r"original|seeds?|data))\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:double|cross|fact)[\s-]check(?:ed|ing|s)?\b", re.IGNORECASE),
        # "Check whether …", "Check this figure", "Recheck the date": the text's own facts,
        # not "check in with" someone.
        re.compile(
            _CLAUSE + r"(?:re-?)?check\s+(?:whether|if|that|this|these|it|them|the\s+(?:figure|"
            r"number|date|count|source|quote|period|data|spelling|name)s?|figures?|numbers?|"
            r"dates?|sources?)\b",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    # Confirm it first: "confirm before", "confirm against an official readout", "TBC".
    "confirm": (
        re.compile(r"\bconfirm" + _OBJECT + r"\s+against\b|\bconfirm\s+before\b", re.IGNORECASE),
        re.compile(
            r"\bconfirm\s+with\s+(?:the\s+)?(?:desk|source|author|analyst|editor|team)\b",
            re.IGNORECASE,
        ),
        re.compile(r"\b(?:to\s+be|yet\s+to\s+be)\s+confirmed\b|\bTBC\b", re.IGNORECASE),
        re.compile(
            r"\b(?:needs?|requires?|pending)\s+confirmation\b|\bbefore\s+(?:use|using|citing|"
            r"publishing|publication|sending|release|clearance|briefing|it\s+goes\s+out)\b",
            re.IGNORECASE,
        ),
    ),
    # A gap left to fill: "TODO", "TBD", "[citation needed]", "???".
    "placeholder": (
        re.compile(r"\b(?:TODO|TK|FIXME|XXX)\b|\b(?i:tbd|to-?do:|to\s+do:)"),
        # A bracketed or questioned reminder: "[source?]", "(check)", "(verify)".
        re.compile(
            r"[\[(]\s*(?:source|sources|cite|citation|check|verify|confirm|update|date|figure)"
            r"\s*\??\s*[\])]|\bsource\?",
            re.IGNORECASE,
        ),
        re.compile(r"\?{2,}"),
        re.compile(
            r"\b(?:citation|source|cite|figure|date)\s+needed\b|\bplaceholder\b|\blorem\s+ipsum\b"
            r"|\bneeds?\s+(?:a\s+)?(?:source|sourcing|citation)\b"
            r"|\bfill\s+(?:this\s+)?in\b|\binsert\s+(?:the\s+)?(?:figure|number|date|quote|"
            r"source|name|link)\b",
            re.IGNORECASE,
        ),
    ),
    # A note to the writer: "note to self", "NB:", "for the author".
    "note": (
        re.compile(r"\bnote\s+to\s+(?:self|author|drafter|editor|desk)\b", re.IGNORECASE),
        re.compile(r"\bN\.?B\.?:"),
        re.compile(
            r"\b(?:editor|author|drafter|analyst)['’]s\s+note\b|\bfor\s+the\s+(?:author|drafter|"
            r"analyst|desk)\b|\binternal\s+(?:note|use\s+only)\b|\b(?:remove|delete|update|"
            r"revise)\s+(?:this|it)\s+before\b",
            re.IGNORECASE,
        ),
    ),
}
