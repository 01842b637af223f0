"""Check a project in one pass: every rule over the catalog and the briefs, as findings."""

from __future__ import annotations

import dataclasses
import hashlib
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..catalog import cache
from ..catalog.briefs import BRIEFS_DIR
from ..catalog.project import Project
from ..catalog.snapshots import Archives
from ..errors import UNREADABLE, Finding
from ..model import Catalog, Fact, PageFit, Quote, Source, Uses
from .accept import acknowledge
from .briefs import brief_rules
from .catalog import (
    draft_rules,
    fact_rules,
    id_rules,
    quote_rules,
    snapshot_only,
    source_rules,
    use_rules,
)
from .originals import original_rules
from .page import RULE as PICK_RULE
from .page import page_rules
from .questions import line_findings
from .series import chart_rules, series_rules
from .time import supersedes_rules

# What fitting leaves on each brief's page, worked out from the findings (build/pages.py).
Pages = Callable[[list[Finding]], Mapping[str, PageFit]]


class Checker:
    """Collects findings over a whole project in one pass.

    `uses` is what each brief uses (plan.select.resolve works it out); `drafts` the same for
    the brief files that failed their schema, whose names are looked up all the same.
    """

    def __init__(
        self, project: Project, uses: Mapping[str, Uses], drafts: Sequence[Uses] = ()
    ) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        self.uses = uses
        self.drafts = drafts
        self.archives = Archives.of(project.root)
        self.accepted = 0  # warnings that their items acknowledge (`accept:`)

    def run(self, pages: Pages | None = None) -> list[Finding]:
        """Return every finding, errors and warnings, once each, in file order.

        A catalog file that does not parse is the one thing to report: every brief would
        otherwise fail on ids it cannot find, and the cause would be lost among them.

        `pages` says what fitting leaves on each brief's page, given the findings so far
        (a brief with errors has none); without it, or for a brief it does not know, the
        page rules read the selection and say nothing of picks left out.
        """
        if any(
            f.rule == UNREADABLE and not f.loc.path.startswith(f"{BRIEFS_DIR}/")
            for f in self.project.findings
        ):
            return _in_file_order(self.project.findings)
        findings = [*self.project.findings, *self.catalog_findings()]
        for uses in self.uses.values():
            findings += brief_rules(uses, self.catalog)
            findings += chart_rules(uses.brief, self.catalog)
            findings += line_findings(uses, self.catalog, self.archives)
        for uses in self.drafts:  # its names (and dates, where they read) are checked: errors
            findings += [f for f in brief_rules(uses, self.catalog) if f.severity == "error"]
        # A brief with errors still uses what it names: its items are not "unused" meanwhile.
        findings += use_rules(self.catalog, [*self.uses.values(), *self.drafts])
        fits = pages(findings) if pages is not None else {}
        for uses in self.uses.values():
            findings += page_rules(uses, fits.get(uses.brief.id), self.catalog)
        # An acknowledgement of a pick left out of a page not laid out is not needless.
        unknown = {(b, PICK_RULE) for b in self.project.briefs if b not in fits}
        kept, self.accepted = acknowledge(findings, self.catalog, self.project.briefs, unknown)
        return _in_file_order(kept)

    def catalog_findings(self) -> list[Finding]:
        """Check the catalog against its snapshots, each file's part from the cache if it can.

        A file's findings depend on its bytes, on the sources its facts and quotes cite (their
        records and snapshots), and on the names the rest of the catalog defines; the cache
        key of each file's check holds all of them (and briefgen's code, as every key does).
        An edit to one file of a large catalog checks that file alone.
        """
        cat = self.catalog
        groups: dict[str, tuple[list[Source], list[Fact], list[Quote]]] = {
            path: ([], [], []) for path in cat.files
        }
        for source in cat.sources.values():
            groups.setdefault(source.loc.path, ([], [], []))[0].append(source)
        for fact in cat.facts.values():
            groups.setdefault(fact.loc.path, ([], [], []))[1].append(fact)
        for quote in cat.quotes.values():
            groups.setdefault(quote.loc.path, ([], [], []))[2].append(quote)
        names = _names_digest(cat)
        found = list(id_rules(cat))
        found += supersedes_rules(cat)  # names items of any file: checked every time
        for path, (sources, facts, quotes) in groups.items():
            name = ""
            if cat.files.get(path):
                cited = {s.id for s in sources}
                cited.update(c.source for f in facts for c in f.cite)
                cited.update(q.source for q in quotes)
                behind = [self._source_digest(sid) for sid in sorted(cited)]
                name = cache.key("check", cat.files[path], path, names, *behind)
                hit = cache.fetch(name)
                if isinstance(hit, tuple) and all(isinstance(f, Finding) for f in hit):
                    found += hit
                    continue
            part: list[Finding] = []
            for source in sources:
                part += source_rules(source, self.archives)
                part += original_rules(source, self.archives)
            for fact in facts:
                part += fact_rules(fact, cat, self.archives)
            for quote in quotes:
                part += quote_rules(quote, cat, self.archives)
            if name:
                cache.keep(name, tuple(part))
            found += part
        # Series are few, and read the snapshots of the sources they cite: checked every time.
        for series in cat.series.values():
            found += series_rules(series, cat, self.archives)
        # Entries that failed the schema: their words are checked all the same.
        for draft in cat.drafts:
            found += draft_rules(draft, cat, self.archives)
        return found

    def _source_digest(self, source_id: str) -> str:
        """Name everything about a source that a rule may read: its record and its snapshot."""
        source = self.catalog.sources.get(source_id)
        if source is None:
            # One that failed the schema: what cites it is still read against its snapshot.
            stand_in = snapshot_only(self.catalog, source_id)
            if stand_in is None:
                return f"{source_id}\0(none)"
            return f"{source_id}\0(draft)\0{stand_in.archive}\0{self.archives.digest(stand_in)}"
        named = f"{_SOURCE_FIELDS(source)!r}\0{self.archives.digest(source)}"
        if source.original is None:
            return named
        # A captured original is checked against its hash: a change to it is a new check.
        return f"{named}\0{self.archives.original_sha256(source)!r}"


# What of a source the rules read: everything but where it is written.
_SOURCE_FIELDS = operator.attrgetter(
    *(f.name for f in dataclasses.fields(Source) if f.name not in ("loc", "locs"))
)


def _names_digest(cat: Catalog) -> str:
    """Hash the names every file's check may read: topics, sources, and ids in error."""
    h = hashlib.sha256()
    for names in (sorted(cat.topics), sorted(cat.sources), sorted(cat.invalid)):
        h.update("\0".join(names).encode() + b"\1")
    return h.hexdigest()


def _in_file_order(findings: Iterable[Finding]) -> list[Finding]:
    # One finding per place and message; sorted on plain values, not on Loc, whose
    # generated comparisons would be most of the sort at 100,000 findings.
    unique = {
        (f.loc.path, f.loc.line, f.loc.col, f.message, f.severity, f.fix): f for f in findings
    }
    return [unique[k] for k in sorted(unique)]
