"""Write a synthetic briefgen project: N sources with snapshots, 10N facts, quotes, M briefs.

Every fact's evidence and every quote is really in its source's snapshot, every date follows
the editorial rules, and the same seed gives the same bytes, so `briefgen check` passes with
no errors and builds can be compared run to run.

    python benchmarks/synth.py OUT --sources 100 --briefs 50 --seed 1 [--split 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

TOPICS = {
    "migration": "Migration",
    "trade": "Trade and tariffs",
    "security": "Security cooperation",
    "fentanyl": "Fentanyl and precursors",
    "energy": "Energy",
    "water": "Water sharing",
    "remittances": "Remittances",
    "labor-pathways": "Labor pathways",
    "infrastructure": "Border infrastructure",
    "agriculture": "Agriculture",
    "steel": "Steel and aluminum",
    "climate": "Climate",
}
PLACES = [
    "Ciudad Juárez", "Tijuana", "Nogales", "Laredo", "El Paso", "San Diego", "Matamoros",
    "Reynosa", "Piedras Negras", "Mexicali", "Brownsville", "Eagle Pass", "Monterrey",
    "Chihuahua", "Sonora", "Tamaulipas", "Coahuila", "Baja California",
]  # fmt: skip
THINGS = [
    "migrants crossed", "trucks were inspected", "rail cars were held", "tonnes of steel moved",
    "workers received visas", "families were processed", "pills were seized", "permits were issued",
    "shipments were delayed", "jobs were added", "cases were opened", "officers were deployed",
]  # fmt: skip
OFFICIALS = ["officials", "customs agents", "state authorities", "trade ministers", "analysts"]
SPEAKERS = [
    ("Ana Ruiz", "Minister of the Interior"),
    ("John Carter", "Under Secretary of State"),
    ("María Olvera", "Governor of Sonora"),
    ("David Kim", "Trade Representative"),
    ("Lucía Peña", "Foreign Minister"),
    ("Robert Hale", "Ambassador to Mexico"),
]
VERBS = ["keep working", "expand cooperation", "press ahead", "find common ground", "move fast"]
FILLER = (
    "The talks continued late into the evening, according to people familiar with them. "
    "Both delegations described the atmosphere as constructive, though several questions "
    "remained open and no joint statement was released at the end of the day."
)
PUBLISHERS = ["Example News", "Border Daily", "Gulf Courier", "Capital Review", "Wire Service"]
START = dt.date(2023, 1, 1)
SPAN_DAYS = 900


@dataclass
class Fact:
    """One generated fact, with what a brief needs to pick it."""

    id: str
    source: str
    date: dt.date
    published: dt.date
    topics: tuple[str, ...]


def long_date(day: dt.date) -> str:
    """Format a date the way a news article does: June 3, 2025."""
    return f"{day:%B} {day.day}, {day.year}"


def q(text: str) -> str:
    """Quote a YAML scalar (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def generate(
    out: Path,
    sources: int,
    briefs: int,
    seed: int = 1,
    quotes_per_source: int = 2,
    by_topic: bool = True,
    split: int = 0,
) -> None:
    """Write the project into `out`, replacing what was there.

    With `by_topic`, each brief also selects everything tagged with its topic, as issue briefs
    do, and must be fitted to the page; without, it holds only its three explicit picks.
    With `split`, sources.yaml holds the topics and `include: [catalog/*.yaml]`, and the
    sources, facts and quotes go to that many files under catalog/, a run of sources (with
    their facts and quotes) in each; the same seed writes the same records either way.
    """
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    (out / "briefs").mkdir()
    keys = list(TOPICS)
    facts: list[Fact] = []
    # Each source's lines, its facts' and its quotes', so that they can be written to one
    # file or spread over several.
    source_yaml: list[list[str]] = []
    fact_yaml: list[list[str]] = []
    quote_yaml: list[list[str]] = []
    for s in range(sources):
        fact_yaml.append([])
        quote_yaml.append([])
        sid = f"src-{s:05d}"
        published = START + dt.timedelta(days=rng.randrange(SPAN_DAYS))
        lines = [f"{published:%A}, {long_date(published)}", "", f"Report {s} from the border", ""]
        for f in range(10):
            fid = f"fact-{s:05d}-{f}"
            place, thing, who = rng.choice(PLACES), rng.choice(THINGS), rng.choice(OFFICIALS)
            number = rng.randrange(100, 99_999)
            day = published - dt.timedelta(days=rng.randrange(0, 6))
            evidence = (
                f"In {place}, {who} said {number:,} {thing} in the week to {long_date(day)}, "
                f"item {f} of report {s}."
            )
            lines += [evidence, ""]
            if f % 3 == 2:
                lines += [FILLER, ""]
            topics = tuple(sorted(set(rng.sample(keys, rng.choice((1, 1, 2))))))
            facts.append(Fact(fid, sid, day, published, topics))
            fact_yaml[-1] += [
                f"  - id: {fid}",
                f"    text: {q(f'{who.capitalize()} reported {number:,} {thing} in {place}.')}",
                f"    date: {day.isoformat()}",
                f"    topics: [{', '.join(topics)}]",
                f"    priority: {rng.choices((1, 2, 3), weights=(1, 6, 3))[0]}",
                "    cite:",
                f"      - source: {sid}",
                f"        evidence: {q(evidence)}",
            ]
        for k in range(quotes_per_source):
            speaker, role = rng.choice(SPEAKERS)
            topic = rng.choice(keys)
            words = f"We will {rng.choice(VERBS)} on {TOPICS[topic].lower()}, as we agreed ({k})"
            lines += [f"\u201c{words},\u201d said {speaker}, {role}.", ""]
            quote_yaml[-1] += [
                f"  - id: quote-{s:05d}-{k}",
                f"    speaker: {q(speaker)}",
                f"    role: {q(role)}",
                f"    text: {q(words)}",
                f"    date: {published.isoformat()}",
                f"    context: {q(f'Remarks reported on {long_date(published)}')}",
                f"    topics: [{topic}]",
                f"    source: {sid}",
            ]
        (out / "sources" / f"{sid}.txt").write_text("\n".join(lines), encoding="utf-8")
        source_yaml.append([
            f"  - id: {sid}",
            f"    title: {q(f'Report {s} from the border')}",
            f"    publisher: {rng.choice(PUBLISHERS)}",
            f"    published: {published.isoformat()}",
            "    kind: news",
            f"    url: https://example.org/reports/{s}",
            f"    archive: sources/{sid}.txt",
            "    reliability: high",
        ])  # fmt: skip
    topic_yaml = ["topics:", *(f"  {k}: {{label: {q(v)}}}" for k, v in TOPICS.items())]
    if split <= 0:
        catalog = topic_yaml + _sections(source_yaml, fact_yaml, quote_yaml)
        (out / "sources.yaml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    else:
        main = ["include: [catalog/*.yaml]", *topic_yaml]
        (out / "sources.yaml").write_text("\n".join(main) + "\n", encoding="utf-8")
        (out / "catalog").mkdir()
        for n in range(split):
            run = slice(n * sources // split, (n + 1) * sources // split)
            part = _sections(source_yaml[run], fact_yaml[run], quote_yaml[run])
            path = out / "catalog" / f"part-{n:03d}.yaml"
            path.write_text("\n".join(part) + "\n", encoding="utf-8")
    _briefs(out, rng, facts, briefs, by_topic)


def _sections(
    sources: list[list[str]], facts: list[list[str]], quotes: list[list[str]]
) -> list[str]:
    """Return the sources, facts and quotes sections of a catalog file."""
    lines = ["sources:", *(line for block in sources for line in block)]
    lines += ["facts:", *(line for block in facts for line in block)]
    quoted = [line for block in quotes for line in block]
    return lines + (["quotes:", *quoted] if quoted else [])


def _briefs(out: Path, rng: random.Random, facts: list[Fact], count: int, by_topic: bool) -> None:
    tagged: dict[str, list[Fact]] = {k: [] for k in TOPICS}
    for fact in facts:
        for topic in fact.topics:
            tagged[topic].append(fact)
    kinds = ("meeting", "issue", "readout")
    for b in range(count):
        kind = kinds[b % 3]
        topic = rng.choice([k for k, v in tagged.items() if v])
        as_of = max(f.published for f in rng.sample(tagged[topic], 1))
        known = [f for f in tagged[topic] if f.published <= as_of and f.date <= as_of]
        # Authors pick recent facts; an old pick would draw a warning from check.
        recent = sorted(known, key=lambda f: (f.date, f.id), reverse=True)[:10]
        picks = rng.sample(recent, min(3, len(recent)))
        date = as_of + dt.timedelta(days=3 if kind == "meeting" else 0)
        if kind == "readout":
            date = as_of - dt.timedelta(days=1)
        lines = [
            f"kind: {kind}",
            f"title: {q(f'{TOPICS[topic]}: brief {b}')}",
            f"date: {date.isoformat()}",
            f"as_of: {as_of.isoformat()}",
        ]
        if kind != "issue":
            lines += [
                f"location: {q(rng.choice(PLACES))}",
                f"participants: [{q('Ana Ruiz, Minister of the Interior')}, {q('John Carter')}]",
            ]
        lines += [
            "handling: UNCLASSIFIED",
            f"prepared_for: {q('Office of the Under Secretary')}",
            f"summary: {q(f'The numbers moved again [@{picks[0].id}].')}",
            *([f"topics: [{topic}]"] if by_topic else []),
            f"facts: [{', '.join(p.id for p in picks)}]",
            "talking_points:",
            f"  - {q(f'Acknowledge the latest figures [@{picks[-1].id}].')}",
            f"  - {q(f'Propose a follow-up meeting within the month [@{picks[0].id}].')}",
        ]
        (out / "briefs" / f"brief-{b:04d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    """Parse the command line and write the project."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--sources", type=int, default=100, help="N: sources (10N facts)")
    parser.add_argument("--briefs", type=int, default=10, help="M: briefs")
    parser.add_argument("--quotes", type=int, default=2, help="quotes per source")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--split",
        type=int,
        default=0,
        help="spread the catalog over this many files under catalog/, included by sources.yaml",
    )
    parser.add_argument(
        "--picks-only",
        action="store_true",
        help="briefs hold only their explicit picks (no topic selection, no fitting)",
    )
    args = parser.parse_args()
    generate(
        args.out,
        args.sources,
        args.briefs,
        args.seed,
        args.quotes,
        not args.picks_only,
        args.split,
    )
    print(
        f"wrote {args.out}: {args.sources} sources, {10 * args.sources} facts, {args.briefs} briefs"
    )


if __name__ == "__main__":
    main()
