"""Load sources.yaml, and the files it includes, into one Catalog, keeping file and line."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UNREADABLE, Finding
from ..model import Catalog, Draft, Fact, Loc, Quote, Series, Source, Topic
from . import cache
from .fields import ID_RE, FactEntry, QuoteEntry, SourceEntry, TopicEntry, unexplained_rating
from .includes import CATALOG_FILE, include_patterns, included_files
from .points import SeriesEntry
from .reading import Entry, Reading, read_record
from .yamlio import LDict, LList, parse_yaml, read_bytes, read_yaml


def _section(data: LDict, key: str, kind: type, where: Loc, out: list[Finding]) -> Any:
    value = data.get(key)
    if value is None:
        return kind()
    if not isinstance(value, kind):
        shape = "a mapping" if kind is LDict else "a list"
        out.append(
            Finding(
                data.value_locs[key],
                "error",
                f"'{key}' should be {shape}",
                f"write '{key}:' followed by indented entries",
            )
        )
        return kind()
    return value


def _duplicates(data: LDict, what: str, out: list[Finding]) -> None:
    # YAML keeps the last of two equal keys without a word; the first would be lost silently.
    for key, loc in getattr(data, "duplicates", ()):
        out.append(
            Finding(
                loc,
                "error",
                f"{what} '{key}' is given twice",
                f"the first is at line {data.key_locs[key].line}; keep one",
            )
        )


def _register(table: dict[str, Any], item: Any, what: str, out: list[Finding]) -> None:
    first = table.get(item.id)
    if first is not None:
        out.append(
            Finding(
                item.loc,
                "error",
                f"{what} id '{item.id}' is defined twice",
                f"the first is at {first.loc}; rename or remove one",
                item.id,
            )
        )
        return
    table[item.id] = item


def load_catalog(root: Path) -> tuple[Catalog, list[Finding]]:
    """Read sources.yaml, and the files it includes, into one Catalog.

    Each file is parsed, and cached, on its own: an edit to one file of a large catalog
    costs that file. Entries with schema errors are left out and reported.
    """
    path = root / CATALOG_FILE
    if not os.path.lexists(path):  # anything else (a pipe, a link out) the opener refuses
        missing = Finding(
            Loc(CATALOG_FILE, 1),
            "error",
            "the catalog file is missing",
            f"create {CATALOG_FILE} in the project folder (see README)",
            rule=UNREADABLE,
        )
        return Catalog({}, {}, {}, {}, CATALOG_FILE), [missing]
    main, findings = _load_file(root, CATALOG_FILE)
    parts = [main.part]
    for shown in included_files(root, main.include, findings):
        loaded, problems = _load_file(root, shown)
        parts.append(loaded.part)
        findings += problems
    return _merge(parts, findings), findings


@dataclass(frozen=True, slots=True)
class FilePart:
    """One catalog file's records, before they join the catalog."""

    path: str
    digest: str
    topics: dict[str, Topic]
    sources: dict[str, Source]
    facts: dict[str, Fact]
    quotes: dict[str, Quote]
    invalid: dict[str, tuple[str, ...]]
    series: dict[str, Series] = field(default_factory=dict)
    drafts: tuple[Draft, ...] = ()  # entries that failed the schema, still checked for words


@dataclass(frozen=True, slots=True)
class CatalogLoad:
    """What loading one catalog file gives, as the cache keeps it."""

    part: FilePart
    findings: tuple[Finding, ...]
    include: tuple[tuple[str, Loc], ...] = ()  # sources.yaml's include: patterns, and where


def _load_file(root: Path, shown: str) -> tuple[CatalogLoad, list[Finding]]:
    raw, problems = read_bytes(root, shown)
    if raw is None:
        return CatalogLoad(FilePart(shown, "", {}, {}, {}, {}, {}), tuple(problems)), problems
    digest = hashlib.sha256(raw).hexdigest()
    name = cache.key("catalog", digest, shown)
    hit = cache.fetch(name)
    if isinstance(hit, CatalogLoad):
        return hit, list(hit.findings)
    loaded = _parse_catalog(raw, digest, shown)
    cache.keep(name, loaded)
    return loaded, list(loaded.findings)


def _merge(parts: list[FilePart], out: list[Finding]) -> Catalog:
    """Join the catalog's files into one; an id is defined once across all of them."""
    files = {part.path: part.digest for part in parts if part.digest}
    if len(parts) == 1:
        p = parts[0]
        return Catalog(
            p.topics,
            p.sources,
            p.facts,
            p.quotes,
            p.path,
            p.invalid,
            p.digest,
            files,
            p.series,
            drafts=p.drafts,
        )
    sources: dict[str, Source] = {}
    facts: dict[str, Fact] = {}
    quotes: dict[str, Quote] = {}
    invalid: dict[str, tuple[str, ...]] = {}
    series: dict[str, Series] = {}
    for part in parts:
        for one in part.series.values():
            _register(series, one, "series", out)
        for source in part.sources.values():
            _register(sources, source, "source", out)
        for fact in part.facts.values():
            _register(facts, fact, "fact", out)
        for quote in part.quotes.values():
            _register(quotes, quote, "quote", out)
        for rid, claimed in part.invalid.items():
            invalid.setdefault(rid, claimed)
    digest = hashlib.sha256("\0".join(f"{p}\0{d}" for p, d in files.items()).encode()).hexdigest()
    drafts = tuple(d for part in parts for d in part.drafts)
    return Catalog(
        parts[0].topics,
        sources,
        facts,
        quotes,
        CATALOG_FILE,
        invalid,
        digest,
        files,
        series,
        drafts=drafts,
    )


# The sections of sources.yaml, and those an included file may have.
MAIN_SECTIONS = ("include", "topics", "sources", "facts", "quotes", "series")
PART_SECTIONS = ("sources", "facts", "quotes", "series")


def _parse_catalog(raw: bytes, digest: str, shown: str = CATALOG_FILE) -> CatalogLoad:
    """Parse one catalog file: sources.yaml, or a file it includes."""
    findings: list[Finding] = []
    main = shown == CATALOG_FILE
    empty = FilePart(shown, digest, {}, {}, {}, {}, {})
    data, problems = parse_yaml(raw, shown)
    findings += problems
    if problems:
        return CatalogLoad(empty, tuple(findings))
    if data is None and not main:
        return CatalogLoad(empty, ())
    if not isinstance(data, LDict):
        findings.append(
            Finding(
                Loc(shown, 1),
                "error",
                "the catalog should be a mapping with topics, sources, facts, quotes"
                if main
                else "an included catalog file should be a mapping with sources, facts, quotes",
                "start the file with 'topics:'" if main else "start the file with 'facts:'",
            )
        )
        return CatalogLoad(empty, tuple(findings))
    where = data.loc
    _duplicates(data, "section", findings)
    allowed = MAIN_SECTIONS if main else PART_SECTIONS
    for key in data:
        if key not in allowed:
            findings.append(
                Finding(
                    data.key_locs[key],
                    "error",
                    f"unknown section '{key}'"
                    if key not in MAIN_SECTIONS
                    else f"'{key}' belongs in {CATALOG_FILE}, not in an included file",
                    "the sections are topics, sources, facts, quotes and series"
                    + (" (and include)" if main else "")
                    if key not in MAIN_SECTIONS
                    else f"move it to {CATALOG_FILE}",
                )
            )
    include = include_patterns(data, findings) if main else ()

    topics: dict[str, Topic] = {}
    raw_topics = _section(data, "topics", LDict, where, findings)
    _duplicates(raw_topics, "topic", findings)
    for key, body in raw_topics.items():
        loc = raw_topics.key_locs[key]
        if not isinstance(key, str) or not ID_RE.match(key):
            findings.append(
                Finding(
                    loc,
                    "error",
                    f"topic key '{key}' is not a slug",
                    "use lowercase letters, digits and hyphens",
                )
            )
            continue
        values, _, problems = read_record(body, TopicEntry, loc, f"topic '{key}'")
        findings += problems
        if "label" in values:
            topics[key] = Topic(key, values["label"], values.get("aliases", ()), loc)

    invalid: dict[str, tuple[str, ...]] = {}

    def records(
        section: str, entry: type[Entry], what: str, tagged: bool = True
    ) -> Iterator[tuple[Reading, Loc]]:
        for i, body in enumerate(_section(data, section, LList, where, findings)):
            loc = data[section].item_locs[i]
            rid = body.get("id") if isinstance(body, LDict) else None
            label = f"{what} '{rid}'" if isinstance(rid, str) else f"{what} #{i + 1}"
            reading = read_record(body, entry, loc, label)
            yield reading, loc
            problems = reading.findings
            if problems and isinstance(rid, str):
                # Name the record, so that a brief using it is refused, and remember it, so
                # that its errors are not repeated as "unknown id" wherever it is referenced.
                # A source has no topics: only the briefs whose items cite it reach it.
                topics = body.get("topics") if tagged else []
                ok = isinstance(topics, list) and all(isinstance(t, str) for t in topics)
                invalid[rid] = tuple(topics) if ok else ("*",)
                problems = [dataclasses.replace(f, subject=rid) for f in problems]
            findings.extend(problems)

    sources: dict[str, Source] = {}
    drafts: list[Draft] = []
    for (values, locs, problems), loc in records("sources", SourceEntry, "source", tagged=False):
        if not problems:
            _register(sources, Source(**values, loc=loc, locs=locs), "source", findings)
        elif "id" in values:  # check's own rule, said now rather than after these are fixed
            rating, note = values.get("reliability"), values.get("reliability_note")
            unrated = unexplained_rating(values["id"], rating, note, locs, loc)
            findings.extend([unrated] if unrated else [])
            if values.get("archive"):  # what cites it is still read against its words
                drafts.append(Draft(values["id"], archive=values["archive"], loc=loc))

    facts: dict[str, Fact] = {}
    for (values, locs, problems), loc in records("facts", FactEntry, "fact"):
        if not problems:
            _register(facts, Fact(**values, loc=loc, locs=locs), "fact", findings)
        elif "id" in values and values.get("cite"):
            drafts.append(Draft(values["id"], cite=values["cite"], loc=loc))

    quotes: dict[str, Quote] = {}
    for (values, locs, problems), loc in records("quotes", QuoteEntry, "quote"):
        if not problems:
            _register(quotes, Quote(**values, loc=loc, locs=locs), "quote", findings)
        elif {"id", "text", "source"} <= values.keys():
            where = locs.get("text", loc)
            drafts.append(Draft(values["id"], (), values["text"], values["source"], loc=where))

    series: dict[str, Series] = {}
    for (values, locs, problems), loc in records("series", SeriesEntry, "series"):
        if not problems:
            made = Series(**values, loc=loc, locs=locs)
            _register(series, made, "series", findings)

    part = FilePart(shown, digest, topics, sources, facts, quotes, invalid, series, tuple(drafts))
    return CatalogLoad(part, tuple(findings), include)


def raw_files(root: Path, main: bytes | None = None) -> Iterator[tuple[str, Any, list[Finding]]]:
    """Yield each catalog file as parsed YAML, unchecked: sources.yaml, then what it includes.

    For the analyst's tools, which read entries that need not pass the schema yet (a source
    just added). `main` is sources.yaml's bytes when the caller holds them already.
    """
    if main is None:
        main, problems = read_bytes(root, CATALOG_FILE)
        if main is None:
            yield CATALOG_FILE, None, problems
            return
    data, problems = parse_yaml(main, CATALOG_FILE)
    yield CATALOG_FILE, data, problems
    if problems or not isinstance(data, LDict):
        return
    for shown in included_files(root, include_patterns(data, []), []):
        part, problems = read_yaml(root, shown)
        yield shown, part, problems
