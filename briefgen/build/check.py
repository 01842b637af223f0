"""Check a whole project: work out what each brief uses, then run every rule over it once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..catalog.briefs import BRIEFS_DIR
from ..catalog.project import Project
from ..catalog.snapshots import Archives
from ..checks.run import Checker, Pages
from ..dates import long_date
from ..errors import UNREADABLE, Finding
from ..model import Catalog, Uses
from ..plan.select import reach, resolve
from .hashing import brief_content_hash

# Given what each brief uses and the snapshots as read, how to learn what is on each page.
PagesOf = Callable[[Mapping[str, Uses], Archives], Pages]


@dataclass(frozen=True)
class Checked:
    """A project checked: what each brief uses, every finding, and the snapshots as read."""

    uses: Mapping[str, Uses]
    findings: list[Finding]
    archives: Archives
    accepted: int  # warnings acknowledged in the content with `accept:`


def check_project(project: Project, pages: PagesOf | None = None) -> Checked:
    """Resolve every brief once, then check the catalog and the briefs in one pass.

    `pages`, given what each brief uses and the snapshots as read, says what fitting leaves
    on each page (build.pages.page_fits): `check` asks it, a build does not (it fits each
    brief as it renders it).
    """
    uses = {b.id: resolve(b, project.catalog) for b in project.briefs.values()}
    drafts = [resolve(d, project.catalog) for d in project.drafts]
    checker = Checker(project, uses, drafts)
    findings = checker.run(pages(uses, checker.archives) if pages is not None else None)
    findings += clearance_findings(uses, project.catalog, checker.archives, findings)
    return Checked(uses, findings, checker.archives, checker.accepted)


def clearance_findings(
    uses: Mapping[str, Uses], catalog: Catalog, archives: Archives, found: list[Finding]
) -> list[Finding]:
    """Say which briefs' clearances no longer hold, and a sign-off that cannot be so.

    A brief with errors is not looked at: its content cannot be hashed as a build would.
    """
    findings = []
    for bid, u in sorted(uses.items()):
        b = u.brief
        drafted, cleared = b.drafted_by, b.cleared_by
        if cleared is None:
            continue
        if drafted is not None and cleared.date < drafted.date:
            findings.append(
                Finding(
                    cleared.locs.get("date", cleared.loc),
                    "error",
                    f"brief '{bid}' is cleared on {long_date(cleared.date)}, before it was "
                    f"drafted ({long_date(drafted.date)})",
                    "correct either date",
                    rule="clearance-before-draft",
                )
            )
        if errors_for(u, found, catalog):
            continue
        if cleared.inputs == brief_content_hash(u, catalog, archives):
            continue
        said = (
            "has changed since"
            if cleared.inputs
            else "has no record of what was cleared (no inputs:), so it shows as not cleared since"
        )
        findings.append(
            Finding(
                cleared.loc,
                "warning",
                f"brief '{bid}' {said} {cleared.name} cleared it on {long_date(cleared.date)}: "
                "its page says it is not cleared",
                f"once it is cleared again, run `briefgen clear {bid} --by NAME`",
                rule="clearance-changed",
            )
        )
    return findings


def catalog_unreadable(findings: Iterable[Finding]) -> list[Finding]:
    """Return the findings that say a catalog file could not be read or parsed."""
    briefs = f"{BRIEFS_DIR}/"
    return [f for f in findings if f.rule == UNREADABLE and not f.loc.path.startswith(briefs)]


def errors_for(uses: Uses, findings: list[Finding], catalog: Catalog) -> list[Finding]:
    """Return the errors that touch a brief: its own file, or an item or source it may use."""
    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return []
    path, reached = uses.brief.loc.path, reach(uses, catalog)
    return [f for f in errors if f.loc.path == path or f.subject in reached]


def check(project: Project) -> list[Finding]:
    """Return every finding in the project, errors and warnings, in file order."""
    return check_project(project).findings
