"""The build, stage by stage: check, plan, render, write, then update the distribution."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..catalog.project import load_project
from ..errors import BriefgenError, CatalogUnreadable, Finding
from ..files import folder_lock
from ..model import Brief
from ..signals import raise_if_interrupted, uninterrupted
from .check import catalog_unreadable, check_project
from .distribution import update_distribution
from .jobs import plan_build, wanted_briefs
from .outputs import write
from .pool import render_all
from .records import Options, Result


def build(
    root: Path,
    ids: Sequence[str] = (),
    opts: Options | None = None,
    report: Callable[[Result], None] = lambda r: None,
    extra: Iterable[Brief] = (),
    notice: Callable[[str], None] = lambda message: None,
) -> tuple[list[Result], list[Finding]]:
    """Build briefs: load and check everything, plan, render, write, then publish the index.

    `extra` adds briefs made on the fly (`generate`) to those in briefs/. `notice` hears
    what a person waiting should know (another build holds the output folder).
    """
    opts = opts or Options(root / "build")
    project = load_project(root)
    if extra:
        project = dataclasses.replace(
            project, briefs={**project.briefs, **{b.id: b for b in extra}}
        )
    wanted = wanted_briefs(project, ids)
    checked = check_project(project)
    uses, findings = checked.uses, checked.findings
    unreadable = catalog_unreadable(findings)
    if unreadable:  # nothing is built from a catalog only partly read
        raise CatalogUnreadable(unreadable, "no brief was built: fix the catalog first")

    # One build at a time writes a folder: its manifest then always describes its files.
    with folder_lock(opts.out, notice):
        plan = plan_build(project, uses, findings, wanted, opts, checked.archives)
        results = dict(plan.settled)
        for result in plan.settled.values():
            report(result)
        try:
            with contextlib.closing(render_all(plan.jobs, opts)) as rendered_all:
                for rendered in rendered_all:
                    raise_if_interrupted()  # before writing what a lost interrupt let run on
                    # A brief's files and its record in `results` change together: a signal
                    # waits for both, so the manifest written next names what is on disk.
                    with uninterrupted():
                        result = write(rendered, opts.out)
                        results[result.id] = result
                    report(result)
            raise_if_interrupted()
        except BaseException:
            # Interrupted, or a disk that filled: the manifest still names what is on disk,
            # the briefs written so far with their new hashes and the rest as they were.
            if opts.publish:
                with uninterrupted(), contextlib.suppress(BriefgenError, OSError):
                    update_distribution(opts.out, project, _so_far(results, wanted), plan.previous)
            raise
        if opts.publish:
            with uninterrupted():  # the manifest, index and feed: all three, or none
                update_distribution(opts.out, project, _so_far(results, wanted), plan.previous)
    return [results[b] for b in wanted], findings


def _so_far(results: Mapping[str, Result], wanted: list[str]) -> list[Result]:
    return [results[b] for b in wanted if b in results]
