"""Check a whole project: work out what each brief uses, then run every rule over it once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..catalog.briefs import BRIEFS_DIR
from ..catalog.project import Project
from ..catalog.snapshots import Archives
from ..checks.run import Checker, Pages
from ..errors import UNREADABLE, Finding
from ..model import Catalog, Uses
from ..plan.select import reach, resolve

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
    return Checked(uses, findings, checker.archives, checker.accepted)


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
