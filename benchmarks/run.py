"""Measure briefgen against its speed targets in one run and print the table as Markdown.

    python benchmarks/run.py               # the full run, about ten minutes on 2 cores
    python benchmarks/run.py --quick       # small sizes, to see that everything runs
    python benchmarks/run.py --split-edit  # (g) alone: an edit to one file of 100 (100k facts)
    python benchmarks/run.py --load-check  # (d) alone: cold and warm, 10k and 100k facts

Every build runs `python -m briefgen` in a fresh process, as a user or CI would, on synthetic
projects written by benchmarks/synth.py with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # benchmarks/ is a folder of scripts, not a package

K = TypeVar("K")

# Raw WeasyPrint on the HTML briefgen wrote, with briefgen's print stylesheet, paper and PDF
# options (tagged PDF/UA), one process for every brief: what briefgen's PDF step cannot beat.
RAW = """
import json, pathlib, sys, time
import weasyprint
from weasyprint.text.fonts import FontConfiguration

templates, build, paper = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
base = templates.as_uri() + "/"
fonts = FontConfiguration()
css = (templates / "print.css").read_text(encoding="utf-8") + f"\\n@page {{ size: {paper}; }}\\n"
sheet = weasyprint.CSS(string=css, base_url=base, font_config=fonts)
pages = 0
for path in sorted(build.glob("*.html")):
    if path.name == "index.html":
        continue
    doc = weasyprint.HTML(string=path.read_text(encoding="utf-8"), base_url=base).render(
        stylesheets=[sheet], font_config=fonts, pdf_variant="pdf/ua-1"
    )
    pages += len(doc.pages)
    doc.write_pdf(pdf_identifier=b"0" * 32, pdf_variant="pdf/ua-1", pdf_tags=True)
print(json.dumps({"pages": pages}))
"""

# Load plus check in a fresh process. Peak memory is the process's own high-water mark of
# resident memory (VmHWM): getrusage's ru_maxrss would also count the parent's before exec.
LOAD_CHECK = """
import json, sys, time
from pathlib import Path
from briefgen.build.check import check
from briefgen.cli import tune_process
from briefgen.catalog.project import load_project

tune_process()  # what the command line sets before loading

def peak_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

base = peak_mb()
start, cpu = time.perf_counter(), time.process_time()
project = load_project(Path(sys.argv[1]))
loaded = time.perf_counter()
findings = check(project)
checked = time.perf_counter()
errors = sum(f.severity == "error" for f in findings)
print(json.dumps({
    "load": loaded - start, "check": checked - loaded, "errors": errors,
    "cpu": time.process_time() - cpu,
    "facts": len(project.catalog.facts),
    "peak_mb": peak_mb(),
    "base_mb": base,
}))
"""


@dataclass
class Row:
    """One line of the table."""

    what: str
    measured: str
    target: str = ""
    verdict: str = ""


def meets(value: float, limit: float) -> str:
    """Say whether a value is within its target."""
    return "met" if value <= limit else "**missed**"


def run(args: Sequence[str | Path], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a command to completion; return its wall time and stdout, or fail loudly."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def briefgen(root: Path, *args: str) -> float:
    """Time one briefgen command on a project, as a user would run it."""
    env = {**os.environ, "CI": "true"}  # plain output, as in the scheduled job
    return run([sys.executable, "-m", "briefgen", "--root", root, *args], env)[0]


def in_turn(commands: Mapping[K, Callable[[], float]], repeat: int) -> dict[K, float]:
    """Time each command `repeat` times and return the medians.

    The commands take turns in every round, so that a burst of load from elsewhere on this
    shared machine falls on all of them alike.
    """
    times: dict[K, list[float]] = {key: [] for key in commands}
    for _ in range(repeat):
        for key, command in commands.items():
            times[key].append(command())
    return {key: statistics.median(values) for key, values in times.items()}


def templates() -> Path:
    """Return the templates briefgen uses for a project without its own."""
    from briefgen.render.templates import TEMPLATES

    return TEMPLATES


def compare_raw(
    work: Path, label: str, sources: int, briefs: int, by_topic: bool, repeat: int = 1
) -> list[Row]:
    """Measure (a): a full one-process build against raw WeasyPrint on the same HTML.

    Briefs cut to fit are built twice a round: into a folder without a manifest, as on a
    fresh machine, and over the last build, whose cuts are where fitting starts looking.
    """
    root = work / f"raw-{label}"
    generate(root, sources, briefs, by_topic=by_topic)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    raw_cmd = [sys.executable, "-c", RAW, templates(), root / "build", "letter"]
    manifest = root / "build" / "manifest.json"

    def fresh() -> float:
        manifest.unlink(missing_ok=True)
        return briefgen(root, "build", "--jobs", "1", "--force")

    commands: dict[str, Callable[[], float]] = {"no previous build": fresh}
    if by_topic:
        commands["over the last build"] = partial(briefgen, root, "build", "--jobs", "1", "--force")
    commands["raw"] = partial(lambda cmd: run(cmd, env)[0], raw_cmd)
    # One untimed round first: the parse cache and the disk cache are warm for all, as they
    # are for an analyst rebuilding; a first build also parses sources.yaml (see (d)).
    for command in commands.values():
        command()
    t = in_turn(commands, repeat)
    rows = []
    for key in commands:
        if key == "raw":
            continue
        ratio = t[key] / t["raw"]
        times_note = f", median of {repeat}" if repeat > 1 else ""
        when = f", {key}" if by_topic else ""
        rows.append(
            Row(
                f"(a) full build, 1 process, per brief vs raw WeasyPrint ({label}{when}, "
                f"{briefs} briefs{times_note}, cache warm)",
                f"{t[key] / briefs:.2f} s vs {t['raw'] / briefs:.2f} s: **{ratio:.2f}x**",
                "<= 1.15x",
                meets(ratio, 1.15),
            )
        )
    return rows


def compare_raw_marginal(
    work: Path, sources: int, sizes: tuple[int, int], repeat: int
) -> list[Row]:
    """Measure (a) per extra brief: fixed costs (start-up, loading, the index) set aside.

    The cost of the briefs between the two sizes, for briefgen and for raw WeasyPrint alike,
    is what a rebuild of hundreds of briefs pays for each one. The four commands take turns
    in every round, so that a burst of load from elsewhere falls on all of them alike.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    commands: dict[tuple[str, int], Callable[[], float]] = {}
    for size in sizes:
        root = work / f"marginal-{size}"
        generate(root, sources, size, by_topic=False)
        raw_cmd = [sys.executable, "-c", RAW, templates(), root / "build", "letter"]
        commands["briefgen", size] = partial(briefgen, root, "build", "--jobs", "1", "--force")
        commands["raw", size] = partial(lambda cmd: run(cmd, env)[0], raw_cmd)
    for command in commands.values():  # warm-up round, untimed; builds the HTML raw reads
        command()
    t = in_turn(commands, repeat)
    small, large = sizes
    extra_full = (t["briefgen", large] - t["briefgen", small]) / (large - small)
    extra_raw = (t["raw", large] - t["raw", small]) / (large - small)
    ratio = extra_full / extra_raw
    return [
        Row(
            f"(a) cost of an extra brief vs raw WeasyPrint (picks only, {small} -> {large} "
            f"briefs, 1 process, median of {repeat}, cache warm)",
            f"{extra_full * 1000:.0f} ms vs {extra_raw * 1000:.0f} ms: **{ratio:.2f}x** "
            f"(whole builds: {t['briefgen', small]:.1f} s vs {t['raw', small]:.1f} s, "
            f"{t['briefgen', large]:.1f} s vs {t['raw', large]:.1f} s)",
            "<= 1.15x",
            meets(ratio, 1.15),
        )
    ]


def compare_jobs(work: Path, sources: int, sizes: tuple[int, int], repeat: int) -> list[Row]:
    """Measure (c): --jobs 2 against --jobs 1 on the same full builds, at two sizes.

    Start-up (Python, the CLI, WeasyPrint's import in each worker) is paid once either way;
    the cost of the briefs between the two sizes shows how the work itself divides.
    """
    commands: dict[tuple[str, int], Callable[[], float]] = {}
    for size in sizes:
        root = work / f"jobs-{size}"
        generate(root, sources, size)
        for jobs in ("1", "2"):
            commands[jobs, size] = partial(briefgen, root, "build", "--jobs", jobs, "--force")
    commands["1", sizes[0]]()  # warm-up: the cache, and the manifest every run starts from
    commands["1", sizes[1]]()
    t = in_turn(commands, repeat)
    rows = []
    for size in sizes:
        ratio = t["2", size] / t["1", size]
        rows.append(
            Row(
                f"(c) full build `--jobs 2` vs `--jobs 1` ({size} briefs, median of {repeat})",
                f"{t['2', size]:.1f} s vs {t['1', size]:.1f} s: **{ratio:.2f}x**",
                "<= 0.6x",
                meets(ratio, 0.6),
            )
        )
    small, large = sizes
    per = {jobs: (t[jobs, large] - t[jobs, small]) / (large - small) for jobs in ("1", "2")}
    ratio = per["2"] / per["1"]
    rows.append(
        Row(
            f"(c) cost of an extra brief, `--jobs 2` vs `--jobs 1` ({small} -> {large} briefs)",
            f"{per['2'] * 1000:.0f} ms vs {per['1'] * 1000:.0f} ms: **{ratio:.2f}x**",
            "<= 0.6x",
            meets(ratio, 0.6),
        )
    )
    return rows


def growth(work: Path, sources: int, sizes: Sequence[int], pdf_up_to: int) -> list[Row]:
    """Measure (f), full builds of 10, 100, 500 briefs, and (b), a no-op rebuild after one."""
    rows = []
    noop_row: Row | None = None
    times: dict[str, list[tuple[int, float]]] = {}
    for size in sizes:
        root = work / f"grow-{size}"
        generate(root, sources, size)
        for formats in ("md,html,pdf", "md,html"):
            if formats.endswith("pdf") and size > pdf_up_to:
                continue
            out = root / f"build-{formats.replace(',', '-')}"
            full = briefgen(root, "build", "--format", formats, "--out", str(out))
            times.setdefault(formats, []).append((size, full))
            rows.append(
                Row(
                    f"(f) full build, {size} briefs, `--format {formats}`, default `--jobs`",
                    f"{full:.1f} s ({full / size * 1000:.0f} ms a brief)",
                )
            )
            if formats.endswith("pdf"):
                noop = briefgen(root, "build", "--format", formats, "--out", str(out))
                noop_row = Row(
                    f"(b) no-op rebuild vs full build ({size} briefs, all formats)",
                    f"{noop:.2f} s vs {full:.1f} s: **{noop / full:.1%}**",
                    "<= 5%",
                    meets(noop / full, 0.05),
                )
    for formats, points in times.items():
        # Linear means each extra brief costs the same whatever the size: compare the cost of
        # an extra brief between the last two sizes with that between the first two.
        slopes = [(t2 - t1) / (n2 - n1) for (n1, t1), (n2, t2) in pairwise(points)]
        if len(slopes) < 2:
            continue
        ratio = slopes[-1] / slopes[0]
        sizes_shown = " -> ".join(str(n) for n, _ in points)
        rows.append(
            Row(
                f"(f) cost of an extra brief, last step over first ({sizes_shown} briefs, "
                f"`--format {formats}`)",
                " then ".join(f"{s * 1000:.0f} ms" for s in slopes) + f": **{ratio:.2f}x**",
                "linear: about 1x",
                meets(ratio, 1.25),
            )
        )
    return ([noop_row] if noop_row else []) + rows


def load_check(work: Path, sources_list: Sequence[int]) -> list[Row]:
    """Measure (d): load plus check of 10,000 and 100,000 facts, seconds and peak memory.

    Twice each: with an empty cache, as after an edit to sources.yaml or on a fresh CI
    machine, then again, as for every other command until the next edit.
    """
    rows = []
    for sources in sources_list:
        root = work / f"catalog-{sources}"
        generate(root, sources, 10)
        env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(work / f"cache-{sources}")}
        for when in ("first run, empty cache", "again, cache warm"):
            _, out = run([sys.executable, "-c", LOAD_CHECK, root], env)
            m = json.loads(out)
            total = m["load"] + m["check"]
            big = m["facts"] >= 100_000
            target, verdict = ("<= 3 s", meets(total, 3.0)) if big else ("", "")
            rows.append(
                Row(
                    f"(d) load + check, {m['facts']:,} facts ({sources:,} sources), {when}",
                    f"**{total:.1f} s** (load {m['load']:.1f} s, check {m['check']:.1f} s); "
                    f"peak RSS {m['peak_mb']:.0f} MB ({m['base_mb']:.0f} MB before loading)"
                    + (f"; {m['errors']} errors" if m["errors"] else ""),
                    target,
                    verdict,
                )
            )
    return rows


def split_edit(work: Path, sources: int, files: int, repeat: int = 3) -> list[Row]:
    """Measure (g): load plus check of a catalog split into `files` files with include:.

    With an empty cache, then warm, then after an edit to one file (a fact's priority, in a
    different file each time; the median of `repeat`), as an analyst working on a large
    catalog would run `briefgen check` after saving one file. The process's CPU time is shown
    beside the wall time: on a machine shared with other work it moves less.
    """
    root = work / f"split-{sources}-{files}"
    generate(root, sources, 10, split=files)
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(work / f"cache-split-{sources}-{files}")}
    shutil.rmtree(env["BRIEFGEN_CACHE_DIR"], ignore_errors=True)

    def load_check() -> dict[str, float]:
        return json.loads(run([sys.executable, "-c", LOAD_CHECK, root], env)[1])

    cold, warm = load_check(), load_check()
    edits = []
    for n in range(repeat):
        part = root / "catalog" / f"part-{(n * 37 + 11) % files:03d}.yaml"
        text = part.read_text(encoding="utf-8")
        part.write_text(text.replace("priority: 2", "priority: 3", 1), encoding="utf-8")
        edits.append(load_check())
    edited = sorted(edits, key=lambda m: m["load"] + m["check"])[len(edits) // 2]
    facts = f"{cold['facts']:,.0f} facts in {files} files"
    rows = []
    for label, m, target in (
        ("first run, empty cache", cold, None),
        ("again, cache warm", warm, 3.0),
        (f"after an edit to one file (median of {repeat})", edited, 3.0),
    ):
        total = m["load"] + m["check"]
        rows.append(
            Row(
                f"(g) load + check, {facts}, {label}",
                f"**{total:.1f} s** (load {m['load']:.1f} s, check {m['check']:.1f} s; "
                f"CPU {m['cpu']:.1f} s); peak RSS {m['peak_mb']:.0f} MB"
                + (f"; {m['errors']:.0f} errors" if m["errors"] else ""),
                f"<= {target:.0f} s" if target and cold["facts"] >= 100_000 else "",
                meets(total, target) if target and cold["facts"] >= 100_000 else "",
            )
        )
    return rows


def help_time(repeat: int = 7) -> list[Row]:
    """Measure (e): `briefgen --help` from the console script, median of warm runs."""
    exe = shutil.which("briefgen")
    command = [exe] if exe else [sys.executable, "-m", "briefgen"]
    run([*command, "--help"])  # the first run warms the disk cache
    times = [run([*command, "--help"])[0] for _ in range(repeat)]
    median = statistics.median(times)
    return [
        Row(
            f"(e) `briefgen --help` (median of {repeat})",
            f"**{median:.2f} s** (min {min(times):.2f} s)",
            "<= 0.3 s",
            meets(median, 0.3),
        )
    ]


def table(rows: Sequence[Row]) -> str:
    """Format the rows as a Markdown table."""
    lines = ["| measure | result | target | verdict |", "| --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.what} | {r.measured} | {r.target or '-'} | {r.verdict or '-'} |")
    return "\n".join(lines)


def conditions(load_before: float, start: float | None = None) -> str:
    """Say what the numbers were measured on: versions, cores, the load on the machine."""
    import weasyprint

    from briefgen import __version__

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    took = f"whole run {(time.perf_counter() - start) / 60:.1f} min; " if start else ""
    return (
        f"briefgen {__version__} at {commit or 'an unknown commit'}, WeasyPrint "
        f"{weasyprint.__version__}, Python {platform.python_version()}, {os.cpu_count()} cores; "
        f"{took}load average {load_before:.2f} at the start, {os.getloadavg()[0]:.2f} at the end."
    )


def main() -> None:
    """Run every measurement and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--work", type=Path, help="folder for the projects (default: a temp one)")
    parser.add_argument(
        "--split-edit",
        action="store_true",
        help="only (g): load + check of 100,000 facts in 100 files, cold, warm, after an edit",
    )
    parser.add_argument(
        "--load-check",
        action="store_true",
        help="only (d): load + check of 10,000 and 100,000 facts in one file, cold and warm",
    )
    parser.add_argument(
        "--issue-table",
        action="store_true",
        help="only issue 24's table: every path on a project's briefs, vs raw and the chain",
    )
    parser.add_argument(
        "--shard-growth",
        action="store_true",
        help="only: builds of 12, 100 and 500 synthetic briefs, whole and in 4 shards",
    )
    parser.add_argument("--formats", default="md,html,pdf", help="for --shard-growth")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="for --issue-table")
    parser.add_argument("--rounds", type=int, default=3, help="for --issue-table")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # The benchmark's cache entries stay with its projects, not in the user's cache folder.
    os.environ["BRIEFGEN_CACHE_DIR"] = str(work / "cache")
    # Some sandboxes set this; users' machines and CI keep compiled bytecode between runs.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.issue_table or args.shard_growth:
        from paths import issue_table, shard_growth

        load_before = os.getloadavg()[0]
        if args.issue_table:
            print(issue_table(work, args.project.resolve(), args.rounds))
        else:
            sizes = (12, 24) if args.quick else (12, 100, 500)
            print(shard_growth(work, sizes, 4, args.formats))
        print()
        print(conditions(load_before))
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        return
    quick = args.quick
    split = partial(split_edit, work, 1_000 if quick else 10_000, 10 if quick else 100)
    load = partial(load_check, work, [10, 100] if quick else [1_000, 10_000])
    steps: list[Callable[[], list[Row]]] = [
        help_time,
        lambda: compare_raw(work, "picks only, fit at once", 100, 4 if quick else 20, False, 3),
        lambda: compare_raw_marginal(work, 100, (2, 6) if quick else (20, 60), 5),
        lambda: compare_raw(work, "selected by topic, fitted", 100, 4 if quick else 20, True, 3),
        lambda: compare_jobs(work, 100, (2, 6) if quick else (20, 60), 3),
        load,
        lambda: growth(work, 100, [2, 4, 8] if quick else [10, 100, 500], 8 if quick else 500),
        split,
    ]
    if args.split_edit or args.load_check:
        steps = [load] * args.load_check + [split] * args.split_edit
    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    for step in steps:
        new = step()
        rows += new
        print(*table(new).splitlines()[2:], sep="\n", file=sys.stderr, flush=True)
    print(table(rows))
    print()
    print(conditions(load_before, start))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
