"""Check a project in one pass: every rule over the catalog and the briefs, as findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import cache, editorial
from .load import Project
from .model import Catalog, Finding
from .rules import brief_rules, draft_rules, fact_rules, quote_rules, source_rules, use_rules
from .select import Uses, resolve
from .snapshots import Archives
from .yamlio import UNREADABLE


class Checker:
    """Collects findings over a whole project in one pass."""

    def __init__(self, project: Project, uses: Mapping[str, Uses] | None = None) -> None:
        self.project = project
        self.catalog: Catalog = project.catalog
        if uses is None:
            uses = {b.id: resolve(b, project.catalog) for b in project.briefs.values()}
        self.uses = uses
        self.archives = Archives.of(project.root)
        self.accepted = 0  # warnings that their items acknowledge (`accept:`)

    def run(self) -> list[Finding]:
        """Return every finding, errors and warnings, once each, in file order.

        A catalog file that does not parse is the one thing to report: every brief would
        otherwise fail on ids it cannot find, and the cause would be lost among them.
        """
        if catalog_unreadable(self.project.findings):
            return _in_file_order(self.project.findings)
        findings = [*self.project.findings, *self.catalog_findings()]
        for uses in self.uses.values():
            findings += brief_rules(uses, self.catalog)
        for draft in self.project.drafts:  # undated: its names are looked up, nothing more
            uses = resolve(draft, self.catalog)
            findings += [f for f in brief_rules(uses, self.catalog) if f.severity == "error"]
        findings += use_rules(self.catalog, self.uses.values())
        kept, self.accepted = editorial.acknowledge(findings, self.catalog, self.project.briefs)
        return _in_file_order(kept)

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
        found: list[Finding] = []
        for source in cat.sources.values():
            found += source_rules(source, self.archives)
        for fact in cat.facts.values():
            found += fact_rules(fact, cat, self.archives)
        for quote in cat.quotes.values():
            found += quote_rules(quote, cat, self.archives)
        for draft in cat.drafts:
            found += draft_rules(draft, cat, self.archives)
        if name:
            cache.keep(name, tuple(found))
        return found


def _in_file_order(findings: Iterable[Finding]) -> list[Finding]:
    # One finding per place and message; sorted on plain values, not on Loc, whose
    # generated comparisons would be most of the sort at 100,000 findings.
    unique = {
        (f.loc.path, f.loc.line, f.loc.col, f.message, f.severity, f.fix): f for f in findings
    }
    return [unique[k] for k in sorted(unique)]


def catalog_unreadable(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings that say a catalog file could not be read or parsed."""
    return [f for f in findings if f.rule == UNREADABLE and not f.loc.path.startswith("briefs/")]


def check(project: Project) -> list[Finding]:
    """Return every finding in the project, errors and warnings, in file order."""
    return Checker(project).run()


def errors_for(uses: Uses, findings: list[Finding]) -> list[Finding]:
    """Return the errors that touch a brief: its own file, or an item or source it may use."""
    path = uses.brief.loc.path
    return [
        f
        for f in findings
        if f.severity == "error" and (f.loc.path == path or f.subject in uses.reach)
    ]
