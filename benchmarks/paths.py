"""Issue 24's table: every path a user runs, on a project's own briefs, as ratios of one run.

    python benchmarks/run.py --issue-table [--rounds 3] [--project .]

Each path is timed as a whole process (`python -m briefgen`, as a user or CI runs it), in
rounds where every command takes its turn, so that load from elsewhere on a shared machine
falls on all of them alike; the table gives medians and their ratios. Beside it:

- raw: WeasyPrint alone, one process, on the HTML briefgen wrote, with briefgen's print
  stylesheet and PDF options (what fitting and checking add nothing to);
- the chain: what a user would script instead, `pandoc` Markdown to HTML then the
  `weasyprint` command, on the same brief's Markdown (no checks, no fitting), when pandoc is
  installed;
- layouts: how many times WeasyPrint laid out each brief, counted in a process of its own
  (the timed runs are not instrumented);
- side by side: two `--jobs 1` builds started at once, each into its own folder, against one
  alone: what this machine gives two processes at once, whatever `--jobs 2` does.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from run import RAW, run, templates  # benchmarks/ is a folder of scripts, not a package

# A build in one process with Printer.layout counted per brief (jobs 1: no workers).
COUNT = """
import collections, json, sys
from pathlib import Path
import briefgen.build.work as work
import briefgen.render.pdf as pdf
from briefgen.build.pipeline import build
from briefgen.build.records import Options

counts, current = collections.Counter(), [None]
layout, render_job = pdf.Printer.layout, work.render_job

def counted(self, html):
    counts[current[0]] += 1
    return layout(self, html)

def rendering(job, formats, paper):
    current[0] = job.uses.brief.id
    return render_job(job, formats, paper)

pdf.Printer.layout, work.render_job = counted, rendering
import briefgen.build.pool as pool
pool.render_job = rendering
root, out, force = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "force"
build(root, (), Options(out=out, jobs=1, force=force))
print(json.dumps(counts))
"""


def _run(args: list[str | Path], env: dict[str, str] | None = None) -> float:
    return run(args, env)[0]


def _briefgen(root: Path, *args: str | Path) -> float:
    env = {**os.environ, "CI": "true"}
    return _run([sys.executable, "-m", "briefgen", "--root", root, *args], env)


def _with_cpu(command: Callable[[], float], spent: list[float]) -> Callable[[], float]:
    """Time a command as `command` does, adding to `spent` the CPU seconds its processes used.

    User and system time of every process it ran (a build and its workers: each is waited
    for, so the kernel counts it among this process's children).
    """

    def timed() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = command()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return wall

    return timed


def _layouts(root: Path, out: Path, force: bool, cache: Path | None = None) -> Counter[str]:
    """Count each brief's layouts in a build of its own; `cache`: a cache folder to use."""
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(cache)} if cache is not None else None
    done = subprocess.run(
        [sys.executable, "-c", COUNT, root, out, "force" if force else "first"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return Counter(json.loads(done.stdout.strip().splitlines()[-1]))


def _spread(counts: Counter[str], briefs: int) -> str:
    """Say how many layouts the briefs took: in all, and how many briefs took how many."""
    each = Counter(counts.values())
    parts = ", ".join(f"{n} took {k}" for k, n in sorted(each.items()))
    return f"{sum(counts.values())} layouts for {briefs} briefs ({parts})"


def issue_table(work: Path, project: Path, rounds: int) -> str:
    """Measure every row of issue 24's table on `project`'s briefs; return it as Markdown."""
    root = work / "project"
    if root.exists():
        shutil.rmtree(root)
    # The project's own files, not its build folder or anything the benchmark does not read.
    shutil.copytree(
        project,
        root,
        ignore=shutil.ignore_patterns(
            "build", ".*", "site", "*.egg-info", "tests", "briefgen", "benchmarks", "tools"
        ),
    )
    ids = sorted(p.stem for p in (root / "briefs").glob("*.yaml"))
    briefs = len(ids)
    one = ids[0]
    last = work / "last"  # the build every "over the last build" path starts from
    fresh = work / "fresh"
    sheet = templates() / "print.css"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    has_pandoc = shutil.which("pandoc") is not None
    generated = work / "generated"
    gen_args = ("generate", "--topic", "trade", "--as-of", "2025-06-13")

    def first() -> float:
        shutil.rmtree(fresh, ignore_errors=True)
        return _briefgen(root, "build", "--jobs", "1", "--out", fresh)

    def _serial(out: Path) -> list[str]:
        args = [sys.executable, "-m", "briefgen", "--root", root, "build", "--jobs", "1"]
        return [str(a) for a in (*args, "--force", "--out", out)]

    twin = work / "twin"  # the second of two builds side by side, over a last build of its own

    def side_by_side() -> float:
        start = time.perf_counter()
        both = [
            subprocess.Popen(
                _serial(out),
                env={**os.environ, "CI": "true"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for out in (last, twin)
        ]
        if any(p.wait() != 0 for p in both):
            raise SystemExit("two builds side by side: one failed")
        return time.perf_counter() - start

    def raw() -> float:
        return _run([sys.executable, "-c", RAW, templates(), last, "letter"], env)

    def chain(markdown: Path) -> float:
        scratch = Path(tempfile.mkdtemp(dir=work))
        html, pdf = scratch / "brief.html", scratch / "brief.pdf"
        try:
            return _run(
                [
                    "pandoc",
                    "-s",
                    "-f",
                    "markdown",
                    "-t",
                    "html5",
                    "--metadata",
                    "pagetitle=brief",
                    markdown,
                    "-o",
                    html,
                ]
            ) + _run([sys.executable, "-m", "weasyprint", "-s", sheet, html, pdf])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    # CPU seconds of the two builds the `--jobs 2` row compares: on n cores a build takes at
    # least its CPU time over n, whatever its processes do, so this says how low it could go.
    cpu: dict[str, list[float]] = {"force": [], "jobs2": []}
    commands: dict[str, Callable[[], float]] = {
        "first": first,
        "force": _with_cpu(
            partial(_briefgen, root, "build", "--jobs", "1", "--force", "--out", last), cpu["force"]
        ),
        "raw": raw,
        # As a user runs it: the default --jobs (the cores), a worker warming up meanwhile.
        "one": partial(_briefgen, root, "build", one, "--force", "--out", last),
        "one serial": partial(
            _briefgen, root, "build", one, "--jobs", "1", "--force", "--out", last
        ),
        "generate": partial(_briefgen, root, *gen_args, "--out", generated),
        "noop": partial(_briefgen, root, "build", "--jobs", "1", "--out", last),
        "jobs2": _with_cpu(
            partial(_briefgen, root, "build", "--jobs", "2", "--force", "--out", last), cpu["jobs2"]
        ),
        "side by side": side_by_side,
        "help": partial(_briefgen, root, "--help"),
        "check": partial(_briefgen, root, "check"),
    }
    # Untimed: the cache warm, the last build there, the Markdown the chain reads.
    commands["force"]()
    _briefgen(root, "build", "--jobs", "1", "--out", twin)
    commands["generate"]()
    gen_md = next(p for p in generated.glob("*.md"))
    if has_pandoc:
        commands["chain one"] = partial(chain, last / f"{one}.md")
        commands["chain generate"] = partial(chain, gen_md)
    times: dict[str, list[float]] = {key: [] for key in commands}
    for _ in range(rounds):
        for key, command in commands.items():
            times[key].append(command())
    t = {key: statistics.median(values) for key, values in times.items()}
    # The untimed warm-up run of "force" is in its list too: the timed rounds are the last.
    used = {key: statistics.median(values[-rounds:]) for key, values in cpu.items()}
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1

    # With the cache as the timed runs had it (the measures of earlier builds in it), then
    # as a machine that never built these briefs has it: empty.
    shutil.rmtree(work / "count", ignore_errors=True)
    first_layouts = _layouts(root, work / "count", force=False)
    over_layouts = _layouts(root, work / "count", force=True)
    shutil.rmtree(work / "count", ignore_errors=True)
    cold = Path(tempfile.mkdtemp(dir=work))
    cold_layouts = _layouts(root, work / "count", force=False, cache=cold)
    shutil.rmtree(cold, ignore_errors=True)

    def ratio(a: str, b: str) -> float:
        return t[a] / t[b]

    def row(path: str, value: str, target: str, limit: float, measured: float) -> str:
        verdict = "met" if measured <= limit else "**missed**"
        return f"| {path} | {value} | {target} | {verdict} |"

    chained = "pandoc md->html + WeasyPrint CLI"
    lines = [
        f"| path | measured (median of {rounds}) | target | verdict |",
        "| --- | --- | --- | --- |",
        row(
            "first build into an empty folder",
            f"{t['first']:.2f} s vs raw {t['raw']:.2f} s: **{ratio('first', 'raw'):.2f}x** raw "
            f"({_spread(first_layouts, briefs)}; with an empty cache "
            f"{_spread(cold_layouts, briefs)})",
            "<= 1.6x",
            1.6,
            ratio("first", "raw"),
        ),
        row(
            "full build over the last build (`--force`)",
            f"{t['force']:.2f} s: **{ratio('force', 'raw'):.2f}x** raw "
            f"({_spread(over_layouts, briefs)})",
            "<= 1.15x",
            1.15,
            ratio("force", "raw"),
        ),
    ]
    if has_pandoc:
        lines += [
            row(
                f"one brief, `build {one} --force`, whole process",
                f"{t['one']:.2f} s vs {t['chain one']:.2f} s: **{ratio('one', 'chain one'):.2f}x** "
                f"{chained}",
                "<= 1.0x",
                1.0,
                ratio("one", "chain one"),
            ),
            f"| the same, `--jobs 1` (one process) | {t['one serial']:.2f} s: "
            f"{ratio('one serial', 'chain one'):.2f}x the chain | - | - |",
            row(
                "`generate --topic trade`, whole process",
                f"{t['generate']:.2f} s vs {t['chain generate']:.2f} s: "
                f"**{ratio('generate', 'chain generate'):.2f}x** the same chain",
                "<= 1.0x",
                1.0,
                ratio("generate", "chain generate"),
            ),
        ]
    else:
        lines.append("| one brief, generate: vs the chain | pandoc is not installed | - | - |")
    lines += [
        row(
            "no-op rebuild",
            f"{t['noop']:.2f} s vs {t['force']:.2f} s: **{ratio('noop', 'force'):.3f}** "
            "of a full build",
            "<= 0.05",
            0.05,
            ratio("noop", "force"),
        ),
        row(
            f"`--jobs 2` on {os.cpu_count()} cores",
            f"{t['jobs2']:.2f} s vs {t['force']:.2f} s: **{ratio('jobs2', 'force'):.2f}** "
            "of `--jobs 1`",
            "<= 0.55",
            0.55,
            ratio("jobs2", "force"),
        ),
        "| the same two builds' CPU time (all their processes) | "
        f"`--jobs 2` {used['jobs2']:.2f} s, "
        f"`--jobs 1` {used['force']:.2f} s: {used['jobs2'] / used['force']:.2f}x; so on "
        f"{cores} cores `--jobs 2` takes at least "
        f"**{used['jobs2'] / cores / t['force']:.2f}** of `--jobs 1` | - | - |",
        "| two `--jobs 1` builds side by side, each into its own folder | "
        f"{t['side by side']:.2f} s: {ratio('side by side', 'force'):.2f}x one alone "
        "(what this machine gives two processes at once) | - | - |",
        f"| `briefgen --help`, whole process | {t['help']:.2f} s | - | - |",
        f"| `briefgen check`, whole process (cache warm) | {t['check']:.2f} s | - | - |",
    ]
    return "\n".join(lines)


def shard_growth(
    work: Path, sizes: tuple[int, ...], shards: int, formats: str, sources: int = 100
) -> str:
    """Measure growth from the first size to the last, whole and in shards; return Markdown.

    For each size, a synthetic project (benchmarks/synth.py, briefs selected by topic and
    fitted) is built whole with the default `--jobs`, then as `shards` shards one after
    another (each as a CI job would run it, in a fresh folder) and merged: the slowest shard
    is what a CI matrix of that many machines would wait for.
    """
    from synth import generate

    rows = [
        f"| briefs | whole build | per brief | slowest of {shards} shards | merge |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows[0] = rows[0].replace("| briefs |", f"| briefs (`--format {formats}`) |")
    for size in sizes:
        root = work / f"shards-{size}"
        generate(root, sources, size)
        _briefgen(root, "check")  # the parse cache warm, as for every build but the first
        whole = _briefgen(root, "build", "--format", formats, "--out", root / "whole")
        each = [
            _briefgen(
                root,
                "build",
                "--format",
                formats,
                "--shard",
                f"{k}/{shards}",
                "--out",
                root / f"shard-{k}",
            )
            for k in range(1, shards + 1)
        ]
        folders = [root / f"shard-{k}" for k in range(1, shards + 1)]
        merge = _briefgen(root, "merge", *folders, "--out", root / "merged")
        same = (root / "merged" / "manifest.json").read_bytes() == (
            root / "whole" / "manifest.json"
        ).read_bytes()
        rows.append(
            f"| {size} | {whole:.1f} s | {whole / size * 1000:.0f} ms | {max(each):.1f} s "
            f"(all {sum(each):.1f} s) | {merge:.2f} s{'' if same else ' (manifests differ!)'} |"
        )
        print(rows[-1], file=sys.stderr, flush=True)  # a long run shows each size as it ends
    return "\n".join(rows)
