"""Compare load + check of two briefgen trees on the same projects, taking turns.

    python benchmarks/compare.py BEFORE AFTER [--rounds N] [--work DIR]

BEFORE and AFTER are folders holding a `briefgen` package (a checkout, or `git archive` of a
commit). Each measure runs benchmarks/run.py's load + check script in a fresh process with
PYTHONPATH set to one tree, then the other, in alternating order, so that load from elsewhere
on a shared machine falls on both alike; it prints the medians and their ratio, wall and CPU.

- (g) edit: the 100,000-fact catalog split over 100 files, each tree's cache warm, then one
  fact's priority changed in one file (a different file each round) and both trees timed.
- (d) cold: the 10,000- and 100,000-fact catalogs in one file, each run with an empty cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import LOAD_CHECK  # benchmarks/ is a folder of scripts, not a package
from synth import generate


def load_check(tree: Path, root: Path, cache: Path) -> dict[str, float]:
    """Run load + check of `root` with the briefgen of `tree`; return its measures."""
    env = {**os.environ, "PYTHONPATH": str(tree), "BRIEFGEN_CACHE_DIR": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Run in the tree's folder: `python -c` puts the working folder first on sys.path, so
    # from anywhere else a briefgen found there would be imported instead of the tree's.
    done = subprocess.run(
        [sys.executable, "-c", LOAD_CHECK, str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
        check=True,
    )
    return json.loads(done.stdout)


def row(what: str, runs: dict[str, list[dict[str, float]]]) -> str:
    """Format the medians of both trees and their ratio as one Markdown row."""
    wall = {k: statistics.median(m["load"] + m["check"] for m in v) for k, v in runs.items()}
    cpu = {k: statistics.median(m["cpu"] for m in v) for k, v in runs.items()}
    n = len(runs["before"])
    return (
        f"| {what} (median of {n}) | {wall['before']:.2f} s | {wall['after']:.2f} s | "
        f"**{wall['after'] / wall['before']:.2f}x** | {cpu['before']:.2f} s | "
        f"{cpu['after']:.2f} s | **{cpu['after'] / cpu['before']:.2f}x** |"
    )


def main() -> None:
    """Measure both trees and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--rounds", type=int, default=5, help="turns of each measure")
    parser.add_argument("--work", type=Path, help="folder for the projects (default: a temp one)")
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    for tree in trees.values():
        where = subprocess.run(
            [sys.executable, "-c", "import briefgen; print(briefgen.__file__)"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(tree)},
            cwd=tree,
            check=True,
        ).stdout.strip()
        if not Path(where).is_relative_to(tree):
            raise SystemExit(f"{tree}: its briefgen is not the one imported ({where})")
    work = args.work or Path(tempfile.mkdtemp(prefix="briefgen-compare-"))
    print("| measure | before | after | ratio | CPU before | CPU after | CPU ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")

    split = work / "split"
    generate(split, 10_000, 10, split=100)
    for name, tree in trees.items():
        load_check(tree, split, work / f"cache-split-{name}")  # fill the cache
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for n in range(args.rounds):
        part = split / "catalog" / f"part-{(n * 37 + 11) % 100:03d}.yaml"
        text = part.read_text(encoding="utf-8")
        part.write_text(text.replace("priority: 2", "priority: 3", 1), encoding="utf-8")
        order = list(trees) if n % 2 == 0 else list(reversed(trees))
        for name in order:
            runs[name].append(load_check(trees[name], split, work / f"cache-split-{name}"))
    print(row("(g) 100,000 facts in 100 files, after an edit to one file", runs), flush=True)

    for sources, rounds in ((1_000, args.rounds), (10_000, max(2, args.rounds // 2))):
        root = work / f"catalog-{sources}"
        generate(root, sources, 10)
        runs = {name: [] for name in trees}
        for n in range(rounds):
            order = list(trees) if n % 2 == 0 else list(reversed(trees))
            for name in order:
                cache = work / f"cache-{sources}-{name}"
                shutil.rmtree(cache, ignore_errors=True)
                runs[name].append(load_check(trees[name], root, cache))
        facts = f"{runs['before'][0]['facts']:,.0f}"
        print(row(f"(d) {facts} facts in one file, first run, empty cache", runs), flush=True)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
