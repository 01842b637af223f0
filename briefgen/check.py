"""Every editorial rule a machine can check, reported as findings with file:line."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import cache, editorial
from .cite import REF_RE, ref_sources
from .errors import closest
from .load import Project
from .model import Brief, Catalog, Fact, Finding, Loc, Quote, Source
from .select import Item, known_by, resolve_topics, select, sources_of, tagged_with

# Typographic quote marks and their plain forms: a quote may differ from its source in these.
_QUOTE_MARKS = (
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u201f", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2033", '"'),
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("`", "'"),
)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)")
# An elision is an ellipsis; an insertion is [bracketed]. Both may stand for any short run.
_GAP_RE = re.compile(r"\s*(?:\u2026|\.\.\.|\[[^\]]*\])\s*")
_MAX_GAP = 400


def normalize(text: str) -> str:
    """Fold quote-mark style and whitespace, the two differences a quote may have."""
    # A dozen replace() scans in C beat translate(), which looks up every character.
    for mark, plain in _QUOTE_MARKS:
        if mark in text:
            text = text.replace(mark, plain)
    # str.split() breaks on exactly the characters that \s matches, and drops the ends.
    return " ".join(text.split())


def numbers_in(text: str) -> set[str]:
    """Return the numbers written in digits, without thousands separators."""
    if "](" in text:
        text = _LINK_TARGET_RE.sub("]", text)
    return {n.replace(",", "").rstrip(".") for n in _NUMBER_RE.findall(text)}


def quote_pattern(text: str) -> re.Pattern[str]:
    """Compile a quote into a pattern over normalized archive text.

    Literal runs must appear in order; each ellipsis or [insertion] may stand for up to a
    few hundred characters of the original, or for none.
    """
    parts = _GAP_RE.split(normalize(text))
    gap = f".{{0,{_MAX_GAP}}}?"
    return re.compile(gap.join(re.escape(p) for p in parts), re.DOTALL)


@dataclass
class Archives:
    """Archived snapshots, each read once: its bytes (or why not) and its normalized text."""

    base: Path  # the project folder, resolved once rather than for every snapshot
    raw: dict[str, bytes | ArchiveError]
    hashes: dict[str, str]
    texts: dict[str, str | None]
    problems: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, root: Path) -> Archives:
        return cls(root.resolve(), {}, {}, {}, {})

    def _bytes(self, source: Source) -> bytes | ArchiveError:
        if source.id not in self.raw:
            try:
                self.raw[source.id] = _bytes_under(self.base, source.archive)
            except ArchiveError as exc:
                self.raw[source.id] = exc
        return self.raw[source.id]

    def sha256(self, source: Source) -> str:
        """Return the sha256 of the source's snapshot, or "" when it cannot be read."""
        if source.id not in self.hashes:
            raw = self._bytes(source)
            if isinstance(raw, ArchiveError):
                self.hashes[source.id] = ""
            else:
                self.hashes[source.id] = hashlib.sha256(raw).hexdigest()
        return self.hashes[source.id]

    def digest(self, source: Source) -> str:
        """Name what the source's snapshot holds, or why it cannot be read."""
        raw = self._bytes(source)
        if isinstance(raw, ArchiveError):
            return f"{source.archive}\0{raw}"
        return f"{source.archive}\0{self.sha256(source)}"

    def text(self, source: Source) -> str | None:
        if source.id not in self.texts:
            self.texts[source.id] = self._text(source)
        return self.texts[source.id]

    def _text(self, source: Source) -> str | None:
        try:
            raw = self._bytes(source)
            if isinstance(raw, ArchiveError):
                raise raw
            return normalize(_decode(raw, source.archive))
        except ArchiveError as exc:
            self.problems[source.id] = (str(exc), exc.fix)
            return None


class ArchiveError(ValueError):
    """A snapshot that cannot be used; the message says why, `fix` what to do."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def read_archive(root: Path, archive: str) -> str:
    """Read a snapshot as text, refusing one outside the project or not in UTF-8."""
    return _decode(_bytes_under(root.resolve(), archive), archive)


def _bytes_under(base: Path, archive: str) -> bytes:
    # os.path on strings: pathlib's resolve() and is_relative_to() were a third of a check
    # at 10,000 snapshots.
    root = str(base)
    path = os.path.realpath(os.path.join(root, archive))
    if os.path.commonpath((root, path)) != root:
        raise ArchiveError(
            f"archive '{archive}' lies outside the project",
            "keep snapshots under sources/ in the project",
        )
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        raise ArchiveError(
            f"archive '{archive}' does not exist or cannot be read",
            "save the verbatim snapshot there, or fix the path",
        ) from None


def _decode(raw: bytes, archive: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ArchiveError(
            f"archive '{archive}' is not UTF-8 (bad byte at line {line})",
            "convert the snapshot to UTF-8",
        ) from None


def closest_passage(needle: str, haystack: str) -> str:
    """Return the passage of `haystack` most like `needle`, to show beside a near miss."""
    if not haystack:
        return ""
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    start = max(0, block.a - block.b)
    passage = haystack[start : start + len(needle) + 10]
    return passage if len(passage) <= 160 else passage[:157] + "…"


class Checker:
    """Collects findings over a whole project in one pass."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        self.archives = Archives.of(project.root)
        self.findings: list[Finding] = list(project.findings)
        self.accepted = 0  # warnings that their items acknowledge

    def add(
        self,
        loc: Loc,
        message: str,
        fix: str = "",
        *,
        subject: str = "",
        severity: str = "error",
        rule: str = "",
    ) -> None:
        self.findings.append(Finding(loc, severity, message, fix, subject, rule))  # type: ignore[arg-type]

    def warn(self, loc: Loc, message: str, fix: str = "", *, subject: str = "", rule: str) -> None:
        self.add(loc, message, fix, subject=subject, severity="warning", rule=rule)

    def run(self) -> list[Finding]:
        self.findings += self.catalog_findings()
        for brief in self.project.briefs.values():
            self.check_brief(brief)
        self.check_use()
        # One finding per place and message; sorted on plain values, not on Loc, whose
        # generated comparisons would be most of the sort at 100,000 findings.
        kept, self.accepted = editorial.acknowledge(
            self.findings, self.catalog, self.project.briefs
        )
        unique = {
            (f.loc.path, f.loc.line, f.loc.col, f.message, f.severity, f.fix): f for f in kept
        }
        return [unique[k] for k in sorted(unique)]

    # -- catalog ------------------------------------------------------------------------

    def catalog_findings(self) -> list[Finding]:
        """Check the catalog against its snapshots, or take the findings the cache holds.

        They depend only on the catalog's bytes and the snapshots' (and on briefgen's code,
        which every cache key includes), and are most of the work at 100,000 facts.
        """
        cat = self.catalog
        name = ""
        if cat.digest:
            snapshots = [self.archives.digest(s) for s in cat.sources.values()]
            name = cache.key("check", cat.digest, *snapshots)
            hit = cache.fetch(name)
            if isinstance(hit, tuple) and all(isinstance(f, Finding) for f in hit):
                return list(hit)
        mark = len(self.findings)
        for source in cat.sources.values():
            self.check_source(source)
        for fact in cat.facts.values():
            self.check_fact(fact)
        for quote in cat.quotes.values():
            self.check_quote(quote)
            if quote.id in cat.facts:
                self.add(
                    quote.loc,
                    f"quote id '{quote.id}' is also a fact id",
                    "rename one: [@id] in a brief must name exactly one item",
                    subject=quote.id,
                )
        found = self.findings[mark:]
        del self.findings[mark:]
        if name:
            cache.keep(name, tuple(found))
        return found

    def check_source(self, s: Source) -> None:
        if self.archives.text(s) is None:
            message, fix = self.archives.problems[s.id]
            self.add(s.locs.get("archive", s.loc), f"source '{s.id}': {message}", fix, subject=s.id)
        if s.reliability != "high" and not s.reliability_note:
            self.add(
                s.locs.get("reliability", s.loc),
                f"source '{s.id}' is rated {s.reliability} without a reason",
                "add reliability_note: why it is not high",
                subject=s.id,
            )

    def _topics(self, item: Fact | Quote) -> None:
        for i, key in enumerate(item.topics):
            if key not in self.catalog.topics:
                self.add(
                    item.locs.get(f"topics[{i}]", item.loc),
                    f"'{item.id}': unknown topic '{key}'",
                    self._did_you_mean(key, self.catalog.topics) or "add it under topics:",
                    subject=item.id,
                )

    def _did_you_mean(self, name: str, known: object) -> str:
        near = closest(name, list(known), 1)  # type: ignore[call-overload]
        return f"did you mean '{near[0]}'?" if near else ""

    def check_fact(self, fact: Fact) -> None:
        self._topics(fact)
        if not fact.cite:
            self.add(
                fact.loc,
                f"fact '{fact.id}' cites no source",
                "add cite: with a source and its exact evidence",
                subject=fact.id,
            )
        stated = numbers_in(fact.text)
        evidence_numbers: set[str] = set()
        published: list[dt.date] = []
        reliabilities: list[str] = []
        for c in fact.cite:
            if stated:
                evidence_numbers |= numbers_in(c.evidence)
            source = self.catalog.sources.get(c.source)
            if source is None and c.source in self.catalog.invalid:
                continue  # its own errors are reported where it is defined
            if source is None:
                self.add(
                    c.loc,
                    f"fact '{fact.id}' cites unknown source '{c.source}'",
                    self._did_you_mean(c.source, self.catalog.sources)
                    or "add the source to sources:",
                    subject=fact.id,
                )
                continue
            published.append(source.published)
            reliabilities.append(source.reliability)
            text = self.archives.text(source)
            if text is not None and normalize(c.evidence) not in text:
                near = closest_passage(normalize(c.evidence), text)
                self.add(
                    c.evidence_loc,
                    f"fact '{fact.id}': evidence is not verbatim in '{source.archive}'",
                    f'copy the exact words; closest passage: "{near}"',
                    subject=fact.id,
                )
        missing = sorted(stated - evidence_numbers)
        if missing and fact.cite:
            self.add(
                fact.locs.get("text", fact.loc),
                f"fact '{fact.id}': number {', '.join(missing)} is not in its evidence",
                "quote evidence that contains the number, or correct the fact",
                subject=fact.id,
            )
        if published and fact.date > max(published):
            self.add(
                fact.locs.get("date", fact.loc),
                f"fact '{fact.id}' is dated {fact.date}, after its latest source "
                f"({max(published)})",
                "date it when it was true or reported, on or before publication",
                subject=fact.id,
            )
        if reliabilities and all(r == "low" for r in reliabilities):
            self.warn(
                fact.loc,
                f"fact '{fact.id}' rests on a low-reliability source alone",
                "corroborate it with a better source, or drop it",
                subject=fact.id,
                rule="low-reliability-only",
            )
        self.findings += editorial.claim_findings(fact, self.catalog, self.archives.text)
        self.findings += editorial.hedge_findings(fact)

    def check_quote(self, quote: Quote) -> None:
        self._topics(quote)
        source = self.catalog.sources.get(quote.source)
        if source is None and quote.source in self.catalog.invalid:
            return
        if source is None:
            self.add(
                quote.locs.get("source", quote.loc),
                f"quote '{quote.id}' names unknown source '{quote.source}'",
                self._did_you_mean(quote.source, self.catalog.sources)
                or "add the source to sources:",
                subject=quote.id,
            )
            return
        text = self.archives.text(source)
        if text is not None and not quote_pattern(quote.text).search(text):
            near = closest_passage(normalize(quote.text), text)
            self.add(
                quote.locs.get("text", quote.loc),
                f"quote '{quote.id}' is not verbatim in '{source.archive}'",
                "only quote-mark style and whitespace may differ; mark elisions with … and "
                f'insertions with [brackets]; closest passage: "{near}"',
                subject=quote.id,
            )
        if quote.date > source.published:
            self.add(
                quote.locs.get("date", quote.loc),
                f"quote '{quote.id}' is dated {quote.date}, after its source was published "
                f"({source.published})",
                "use the date it was said; resolve weekdays against the publication date",
                subject=quote.id,
            )
        if (
            source.attribution
            and quote.speaker.lower().rstrip("s") not in source.attribution.lower()
        ):
            self.add(
                quote.locs.get("speaker", quote.loc),
                f"quote '{quote.id}' names '{quote.speaker}', but '{source.id}' is "
                f"attributable only as its ground rules say: {source.attribution}",
                "use the attribution the ground rules give",
                subject=quote.id,
            )
        self.findings += editorial.insertion_findings(quote, text)
        self.findings += editorial.translation_findings(quote)

    # -- briefs -------------------------------------------------------------------------

    def check_brief(self, b: Brief) -> None:
        cat = self.catalog
        if b.as_of > b.date and b.kind == "meeting":
            self.add(
                b.locs.get("as_of", b.loc),
                f"brief '{b.id}': a preparation brief cannot know past its meeting "
                f"(as_of {b.as_of} is after date {b.date})",
                "set as_of on or before the meeting date, or make it kind: readout",
            )
        if b.kind == "readout" and b.as_of < b.date:
            self.add(
                b.locs.get("as_of", b.loc),
                f"brief '{b.id}': a readout's as_of {b.as_of} is before its meeting {b.date}",
                "set as_of on or after the meeting date",
            )
        for i, key in enumerate(b.topics):
            if cat.topic_key(key) is None:
                self.add(
                    b.locs.get(f"topics[{i}]", b.loc),
                    f"brief '{b.id}': unknown topic '{key}'",
                    self._did_you_mean(key, cat.topics) or "see `briefgen list topics`",
                )
        for field, table in (("facts", cat.facts), ("quotes", cat.quotes)):
            for i, item_id in enumerate(getattr(b, field)):
                loc = b.locs.get(f"{field}[{i}]", b.loc)
                item = table.get(item_id)
                if item is None and item_id in cat.invalid:
                    continue
                if item is None:
                    what = field[:-1]
                    self.add(
                        loc,
                        f"brief '{b.id}': unknown {what} '{item_id}'",
                        self._did_you_mean(item_id, table) or f"see the {field} in sources.yaml",
                    )
                    continue
                self._in_time(b, item, loc)
        for key in ("summary", "talking_points"):
            texts = [b.summary] if key == "summary" else list(b.talking_points)
            for i, text in enumerate(texts):
                loc = b.locs.get(f"{key}[{i}]", b.locs.get(key, b.loc))
                for ref in REF_RE.findall(text):
                    sids = ref_sources(ref, cat)
                    if sids is None and ref in cat.invalid:
                        continue
                    if sids is None:
                        known = [*cat.facts, *cat.quotes, *cat.sources]
                        self.add(
                            loc,
                            f"brief '{b.id}': [@{ref}] names no fact, quote or source",
                            self._did_you_mean(ref, known) or "cite an existing id",
                        )
                        continue
                    for sid in sids:
                        src = cat.sources.get(sid)
                        if src is not None and src.published > b.as_of:
                            self.add(
                                loc,
                                f"brief '{b.id}': [@{ref}] cites '{sid}', published "
                                f"{src.published}, after as_of {b.as_of}",
                                "cite what was known by as_of, or move as_of",
                            )
        if b.kind == "issue":
            for fact in select(b, cat).facts:
                if fact.id in b.facts and (b.as_of - fact.date).days > 365:
                    self.warn(
                        b.locs.get("facts", b.loc),
                        f"brief '{b.id}': fact '{fact.id}' ({fact.date}) is over a year "
                        f"older than as_of {b.as_of}",
                        "check it still holds",
                        rule="stale-fact",
                    )
        if not b.summary:
            self.warn(
                b.loc,
                f"brief '{b.id}' has no summary",
                "add a bottom line up front",
                rule="no-summary",
            )
        self.findings += editorial.uncited_findings(b)
        self.findings += editorial.flattened_findings(b, cat)
        self.findings += editorial.readout_findings(b, cat, select(b, cat))

    def _in_time(self, b: Brief, item: Fact | Quote, loc: Loc) -> None:
        if known_by(item, self.catalog, b.as_of):
            return
        if item.date > b.as_of:
            self.add(
                loc,
                f"brief '{b.id}': '{item.id}' is dated {item.date}, after as_of {b.as_of}",
                "move as_of or drop the pick",
            )
            return
        for sid in sources_of(item):
            src = self.catalog.sources.get(sid)
            if src is not None and src.published > b.as_of:
                self.add(
                    loc,
                    f"brief '{b.id}': '{item.id}' cites '{sid}', published "
                    f"{src.published}, after as_of {b.as_of}",
                    "a brief may use only what was published by its as_of; drop the pick",
                )

    def check_use(self) -> None:
        used: set[str] = set()
        for b in self.project.briefs.values():
            sel = select(b, self.catalog)
            used.update(i.id for i in sel.items())
        items: list[Item] = [*self.catalog.facts.values(), *self.catalog.quotes.values()]
        for item in items:
            if item.id not in used:
                self.warn(
                    item.loc,
                    f"'{item.id}' is used by no brief",
                    "pick it in a brief or tag it with a brief's topic",
                    subject=item.id,
                    rule="unused",
                )
        cited = {c.source for f in self.catalog.facts.values() for c in f.cite}
        cited |= {q.source for q in self.catalog.quotes.values()}
        for s in self.catalog.sources.values():
            if s.id not in cited:
                self.warn(
                    s.loc,
                    f"source '{s.id}' is cited by no fact or quote",
                    "extract facts from it or remove it",
                    subject=s.id,
                    rule="unused",
                )


def check(project: Project) -> list[Finding]:
    """Return every finding in the project, errors and warnings, in file order."""
    return Checker(project).run()


def errors_for(brief: Brief, project: Project, findings: list[Finding]) -> list[Finding]:
    """Return the errors that touch a brief: its own file, or an item or source it may use."""
    cat = project.catalog
    keys = set(resolve_topics(brief.topics, cat))
    tagged = tagged_with(tuple(keys), cat)
    refs = [r for text in (brief.summary, *brief.talking_points) for r in REF_RE.findall(text)]
    subjects = {*brief.facts, *brief.quotes, *refs}
    subjects |= {rid for rid, ts in cat.invalid.items() if "*" in ts or keys & set(ts)}
    subjects |= tagged
    items = [cat.facts.get(s) or cat.quotes.get(s) for s in subjects]
    subjects |= {sid for i in items if i is not None for sid in sources_of(i)}
    return [
        f
        for f in findings
        if f.severity == "error" and (f.loc.path == brief.loc.path or f.subject in subjects)
    ]
