"""Build time of a large journeymaps site beside a plain mkdocs-material site with as many pages.

    python benchmarks/site_bench.py [--journeys 20 --personas 5 --phases 6 --touchpoints 40 --runs 3]

Generates 20 journeys x 5 personas x 6 phases x 40 touchpoints (with decisions and improvements)
in a temporary folder, builds it with `mkdocs build` in a fresh process, then builds a plain
Material site with the same number of hand-written pages (a heading, a 20-row table and a
paragraph each, the same theme features) and prints both times, page counts and their ratio.
Add `--feedback-rows N` to include N feedback rows spread over the journeys.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THEME = """\
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.prune, content.action.edit]
"""


def journey_yaml(j: int, personas: int, phases: int, touchpoints: int, rng: random.Random) -> str:
    lines = [f"title: Journey {j}", f"description: Generated journey number {j}.", f"owner: Team {j % 7}", "phases:"]
    lines += [f"  - {{id: phase-{f}, title: Phase {f}}}" for f in range(phases)]
    lines.append("touchpoints:")
    for t in range(touchpoints):
        estimate = ", ".join(f"persona-{p}: {rng.choice([2, 2.5, 3, 3.5, 4, 4.5])}" for p in range(personas))
        lines += [
            f"  - id: tp-{t}", f"    phase: phase-{t % phases}", f"    title: Touchpoint {t}",
            f"    channel: {rng.choice(['web', 'app', 'phone', 'store', 'mail'])}", f"    owner: Team {t % 9}",
            f"    target: {rng.choice([3.5, 4, 4.5])}", f"    estimate: {{{estimate}}}",
            f"    expectation: Expectation of touchpoint {t}.", "    pain_points: [Slow, Unclear]",
        ]
    lines.append("improvements:")
    for i in range(8):
        lines += [
            f"  - id: imp-{i}", f"    title: Improvement {i}", f"    touchpoints: [tp-{(i * 3) % touchpoints}]",
            f"    status: {['idea', 'planned', 'in-progress', 'done'][i % 4]}", "    reach: 1000",
            "    impact: 1", "    confidence: 0.5", f"    effort: {i + 1}",
        ] + (["    delivered: 2026-05-01"] if i % 4 == 3 else [])
    lines.append("decisions:")
    for d in range(3):
        lines += [
            f"  - id: dec-{d}", f"    title: Decision {d}", f"    touchpoints: [tp-{(d * 5 + 1) % touchpoints}]",
            "    status: accepted", "    floor: 2", "    decided: 2026-01-01", "    review: 2027-01-01",
            "    rationale: Because we spend the money elsewhere.",
        ]
    return "\n".join(lines) + "\n"


def make_journeys_site(root: Path, args: argparse.Namespace) -> None:
    rng = random.Random(7)
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    journeys = root / "journeys"
    journeys.mkdir()
    (journeys / "personas.yml").write_text(
        "".join(f"- id: persona-{p}\n  name: Persona {p}\n" for p in range(args.personas))
    )
    per_journey = args.feedback_rows // args.journeys if args.feedback_rows else 0
    for j in range(args.journeys):
        folder = journeys / f"journey-{j:02d}"
        folder.mkdir()
        (folder / "journey.yml").write_text(journey_yaml(j, args.personas, args.phases, args.touchpoints, rng))
        if per_journey:
            (folder / "feedback").mkdir()
            with open(folder / "feedback" / "survey.csv", "w", encoding="utf-8") as out:
                out.write("date,touchpoint,persona,score,comment\n")
                for r in range(per_journey):
                    out.write(
                        f"2026-{1 + r % 11:02d}-{1 + r % 28:02d},tp-{r % args.touchpoints},persona-{r % args.personas},"
                        f"{1 + r % 5},Comment {r % 97}\n"
                    )
    (root / "mkdocs.yml").write_text(
        f"site_name: Bench\nsite_url: http://127.0.0.1/\nrepo_url: https://git.example/o/r\nedit_uri: edit/main/docs/\n"
        f"{THEME}plugins:\n  - search\n  - journeymaps:\n      today: '2026-11-23'\n      checks: {{unaddressed_gap: 'off', end_below_target: 'off', persona_missing_in_phase: 'off', feedback_stale: 'off'}}\n"
    )


def make_plain_site(root: Path, pages: int) -> None:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n")
    table = "| a | b | c |\n| --- | --- | --- |\n" + "".join(f"| {i} | value {i} | text |\n" for i in range(20))
    for n in range(pages - 1):
        folder = docs / f"section-{n // 50:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"page-{n:04d}.md").write_text(f"# Page {n}\n\n{table}\nA paragraph of text for page {n}.\n")
    (root / "mkdocs.yml").write_text(f"site_name: Plain\nsite_url: http://127.0.0.1/\n{THEME}plugins:\n  - search\n")


def timed_build(root: Path, runs: int) -> tuple[float, list[float], int]:
    times = []
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                                capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    pages = sum(1 for p in (root / "site").rglob("*.html") if p.name != "404.html")
    return statistics.median(times), times, pages


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """The shape of the generated site and the number of builds; page_size_bench.py takes the same."""
    parser.add_argument("--journeys", type=int, default=20)
    parser.add_argument("--personas", type=int, default=5)
    parser.add_argument("--phases", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=40)
    parser.add_argument("--feedback-rows", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_site_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as tmp:
        journeys_root, plain_root = Path(tmp) / "journeys-site", Path(tmp) / "plain-site"
        make_journeys_site(journeys_root, args)
        jm_time, jm_runs, jm_pages = timed_build(journeys_root, args.runs)
        make_plain_site(plain_root, jm_pages)
        plain_time, plain_runs, plain_pages = timed_build(plain_root, args.runs)
    print(f"site: {args.journeys} journeys x {args.personas} personas x {args.phases} phases x "
          f"{args.touchpoints} touchpoints, {args.feedback_rows} feedback rows; median of {args.runs} builds")
    print(f"journeymaps build: {jm_time:6.2f} s  ({jm_pages} pages, {1000 * jm_time / jm_pages:.1f} ms/page) "
          f"runs: {', '.join(f'{t:.2f}' for t in jm_runs)}")
    print(f"plain material:    {plain_time:6.2f} s  ({plain_pages} pages, {1000 * plain_time / plain_pages:.1f} ms/page) "
          f"runs: {', '.join(f'{t:.2f}' for t in plain_runs)}")
    print(f"ratio journeymaps / plain: {jm_time / plain_time:.2f}")


if __name__ == "__main__":
    main()
