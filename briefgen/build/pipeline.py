"""The build, stage by stage: check, plan, render, write, then update the distribution."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from ..catalog.briefs import named_briefs
from ..catalog.project import Project, load_project
from ..checks.page import RULE as PICK_RULE
from ..checks.page import pick_findings
from ..errors import BriefgenError, CatalogUnreadable, Finding
from ..files import folder_lock
from ..model import Brief, PageFit, Uses
from ..render.templates import templates_dir
from ..signals import raise_if_interrupted, uninterrupted
from .check import catalog_unreadable, check_project
from .distribution import update_distribution
from .jobs import plan_build, wanted_briefs
from .outputs import write
from .pool import Workers, render_all, started
from .records import Options, Result
from .shards import Shard, in_shard


def build(
    root: Path,
    ids: Sequence[str] = (),
    opts: Options | None = None,
    report: Callable[[Result], None] = lambda r: None,
    extra: Iterable[Brief] = (),
    notice: Callable[[str], None] = lambda message: None,
    shard: Shard | None = None,
    settled: Callable[[list[Result]], None] | None = None,
    workers: Workers | None = None,
) -> tuple[list[Result], list[Finding]]:
    """Build briefs: load and check everything, plan, render, write, then publish the index.

    `extra` adds briefs made on the fly (`generate`) to those in briefs/. `notice` hears
    what a person waiting should know (another build holds the output folder). `shard`
    keeps only its own of the wanted briefs (`build --shard K/N`). `settled`, when given,
    hears after a build that failed no brief what the same build run again would report: every
    brief unchanged (the command keeps it as its stamp, build.stamp). `workers`, started by
    the caller (pool.started), render the PDFs; without them the build starts its own first.
    """
    opts = opts or Options(root / "build")
    if workers is not None:
        return _build(root, ids, opts, report, extra, notice, shard, settled, workers)
    expected = len(in_shard(named_briefs(root, ids), shard))
    with started(opts, expected, templates_dir(root)) as early:
        return _build(root, ids, opts, report, extra, notice, shard, settled, early)


def _build(
    root: Path,
    ids: Sequence[str],
    opts: Options,
    report: Callable[[Result], None],
    extra: Iterable[Brief],
    notice: Callable[[str], None],
    shard: Shard | None,
    settled: Callable[[list[Result]], None] | None,
    workers: Workers | None,
) -> tuple[list[Result], list[Finding]]:
    project = load_project(root)
    if extra:
        project = dataclasses.replace(
            project, briefs={**project.briefs, **{b.id: b for b in extra}}
        )
    wanted = in_shard(wanted_briefs(project, ids), shard)
    checked = check_project(project)
    uses, findings = checked.uses, checked.findings
    unreadable = catalog_unreadable(findings)
    if unreadable:  # nothing is built from a catalog only partly read
        raise CatalogUnreadable(unreadable, "no brief was built: fix the catalog first")

    # One build at a time writes a folder: its manifest then always describes its files.
    with folder_lock(opts.out, notice):
        plan = plan_build(project, uses, findings, wanted, opts, checked.archives)
        results = {bid: _said(r, project, uses) for bid, r in plan.settled.items()}
        for result in results.values():
            report(result)
        try:
            with contextlib.closing(render_all(plan.jobs, opts, workers)) as rendered_all:
                for rendered in rendered_all:
                    raise_if_interrupted()  # before writing what a lost interrupt let run on
                    # A brief's files and its record in `results` change together: a signal
                    # waits for both, so the manifest written next names what is on disk.
                    with uninterrupted():
                        before = plan.recorded.get(rendered.id)
                        result = _said(write(rendered, opts.out, before), project, uses)
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
        ok = all(r.status != "failed" for r in results.values())
        if settled is not None and ok and not any(f.severity == "error" for f in findings):
            # Planned as the next run would plan it, from the files just written.
            again = plan_build(
                project,
                uses,
                findings,
                wanted,
                dataclasses.replace(opts, force=False),
                checked.archives,
            )
            if not again.jobs and set(again.settled) == set(wanted):
                settled([_said(again.settled[b], project, uses) for b in wanted])
    return [results[b] for b in wanted], findings


def _said(result: Result, project: Project, uses: Mapping[str, Uses]) -> Result:
    """Give a result the findings its page calls for: each of the brief's picks left out.

    Said on every build, at the line of the brief's file that names the pick, unless the
    brief acknowledges it (`accept: {pick-left-out: …}`).
    """
    brief, used = project.briefs.get(result.id), uses.get(result.id)
    if brief is None or used is None or not result.picks_left_out:
        return result
    if any(rule == PICK_RULE for rule, _ in brief.accept):
        return result
    fit = PageFit(result.left_out, dict(result.short or {}))
    said = tuple(pick_findings(brief, fit, used.selection.explicit))
    return dataclasses.replace(result, warnings=said)


def _so_far(results: Mapping[str, Result], wanted: list[str]) -> list[Result]:
    return [results[b] for b in wanted if b in results]
