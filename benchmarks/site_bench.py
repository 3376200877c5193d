"""Build time of a large journeymaps site beside a plain mkdocs-material site with as many pages,
with either engine or both.

    python benchmarks/site_bench.py [--journeys 20 --personas 5 --phases 6 --touchpoints 40 --runs 3]
                                    [--engine mkdocs|zensical|both]

Generates 20 journeys x 5 personas x 6 phases x 40 touchpoints (with decisions and improvements)
in a temporary folder, builds it with `mkdocs build` in a fresh process, then builds a plain
Material site with the same number of hand-written pages (a heading, a 20-row table and a
paragraph each, the same theme features) and prints both times, page counts and their ratio.
Add `--feedback-rows N` to include N feedback rows spread over the journeys.

`--engine zensical` builds the same site the second way instead: `journeymaps generate`, then
`zensical build -f mkdocs.journeymaps.yml` (docs/zensical.md), each in a fresh process, from a
clean state every run (the generated files, site/ and Zensical's .cache/ removed first, untimed),
and the plain site with `zensical build`. `--engine both` (the default) does both and prints
the figures side by side: generate seconds, build seconds, their total, pages.
Zensical is the one beside sys.executable, or $JM_ZENSICAL, or `zensical` on PATH.

The CPUs the build may use are printed too: journeymaps draws a large site's pages in worker
processes beside the build's own (render/parallel.py), so its time, unlike the plain site's,
depends on how many there are.

`--site DIR` times an existing site instead (a copy of its mkdocs.yml, docs/, journeys/ and
overrides/), e.g. `--site .` for the example site of this repository.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


def copy_site(source: Path, root: Path) -> None:
    if not (source / "mkdocs.yml").is_file():
        raise SystemExit(f"{source} has no mkdocs.yml")
    root.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("docs", "journeys", "overrides"):
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))


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
    return statistics.median(times), times, count_pages(root / "site")


def count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


# -- the second engine: `journeymaps generate` + Zensical ------------------------------------------


def zensical_executable() -> str:
    beside = Path(sys.executable).parent / "zensical"
    found = os.environ.get("JM_ZENSICAL") or (str(beside) if beside.is_file() else shutil.which("zensical"))
    if not found:
        raise SystemExit("zensical is not installed (pip install 'zensical>=0.0.73,<0.0.74'), or set $JM_ZENSICAL")
    return found


def zensical_env() -> dict[str, str]:
    """Zensical imports journeymaps' Markdown extension: the journeymaps this Python runs."""
    import journeymaps

    parent = str(Path(journeymaps.__file__).resolve().parent.parent)
    return {**os.environ, "NO_COLOR": "1",
            "PYTHONPATH": os.pathsep.join([parent] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}


def run(command: list[str], root: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {root}:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds


def clean_zensical(root: Path, env: dict[str, str]) -> None:
    """Back to the sources only: what generate wrote, site/ and Zensical's cache (untimed)."""
    if (root / ".journeymaps-generated.json").is_file():
        run([sys.executable, "-m", "journeymaps", "generate", "--clean"], root, env)
    for folder in ("site", ".cache"):
        shutil.rmtree(root / folder, ignore_errors=True)


@dataclass
class ZensicalTimes:
    generate: list[float]
    build: list[float]
    pages: int

    @property
    def total(self) -> list[float]:
        return [g + b for g, b in zip(self.generate, self.build)]


def timed_zensical(root: Path, runs: int, *, generate: bool = True) -> ZensicalTimes:
    """`journeymaps generate` then `zensical build -f mkdocs.journeymaps.yml`, each timed, from a
    clean state every run; generate=False: `zensical build` only (the plain site)."""
    env = zensical_env()
    executable = zensical_executable()
    generate_times, build_times = [], []
    for _ in range(runs):
        clean_zensical(root, env)
        if generate:
            generate_times.append(run([sys.executable, "-m", "journeymaps", "generate"], root, env))
            build_times.append(run([executable, "build", "-f", "mkdocs.journeymaps.yml"], root, env))
        else:
            generate_times.append(0.0)
            build_times.append(run([executable, "build"], root, env))
    return ZensicalTimes(generate_times, build_times, count_pages(root / "site"))


def runs_text(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


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
    parser.add_argument("--engine", choices=["mkdocs", "zensical", "both"], default="both",
                        help="mkdocs build with the plugin, journeymaps generate + zensical build, or both (default)")
    parser.add_argument("--site", type=Path, help="time this site (its mkdocs.yml, docs/, journeys/, overrides/) "
                                                 "instead of a generated one")
    args = parser.parse_args()
    engines = ["mkdocs", "zensical"] if args.engine == "both" else [args.engine]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as tmp:
        journeys_root, plain_root = Path(tmp) / "journeys-site", Path(tmp) / "plain-site"
        if args.site:
            copy_site(args.site, journeys_root)
        else:
            make_journeys_site(journeys_root, args)
        if "mkdocs" in engines:
            _, jm_runs, jm_pages = timed_build(journeys_root, args.runs)
            shutil.rmtree(journeys_root / "site")
            results["mkdocs"] = {"build": jm_runs, "total": jm_runs, "pages": jm_pages}
        if "zensical" in engines:
            z = timed_zensical(journeys_root, args.runs)
            results["zensical"] = {"generate": z.generate, "build": z.build, "total": z.total, "pages": z.pages}
        pages = results[engines[0]]["pages"]
        make_plain_site(plain_root, pages)
        plain: dict[str, tuple[list[float], int]] = {}
        if "mkdocs" in engines:
            _, plain_runs, plain_pages = timed_build(plain_root, args.runs)
            shutil.rmtree(plain_root / "site")
            plain["mkdocs"] = (plain_runs, plain_pages)
        if "zensical" in engines:
            zp = timed_zensical(plain_root, args.runs, generate=False)
            plain["zensical"] = (zp.build, zp.pages)

    median = statistics.median
    if args.site:
        print(f"site: {args.site.resolve()}; median of {args.runs} builds")
    else:
        print(f"site: {args.journeys} journeys x {args.personas} personas x {args.phases} phases x "
              f"{args.touchpoints} touchpoints, {args.feedback_rows} feedback rows; median of {args.runs} builds")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"CPUs: {cpus} (journeymaps draws a large site's pages in worker processes on Linux: one per CPU but the "
          "build's own while MkDocs writes the site, up to 8)")
    names = {"mkdocs": "mkdocs build (plugin)", "zensical": "generate + zensical build"}
    width = 27
    print(f"{'':22}" + "".join(f"{names[e]:>{width}}" for e in engines))

    def row(label: str, cell) -> None:
        print(f"{label:22}" + "".join(f"{cell(e):>{width}}" for e in engines))

    row("journeymaps generate", lambda e: f"{median(results[e]['generate']):.2f} s" if "generate" in results[e] else "-")
    row("build", lambda e: f"{median(results[e]['build']):.2f} s")
    row("total", lambda e: f"{median(results[e]['total']):.2f} s")
    row("pages", lambda e: str(results[e]["pages"]))
    row("ms/page (total)", lambda e: f"{1000 * median(results[e]['total']) / results[e]['pages']:.1f}")
    row("runs (total, s)", lambda e: runs_text(results[e]["total"]))
    row(f"plain site ({pages} p.)", lambda e: f"{median(plain[e][0]):.2f} s ({plain[e][1]} pages)")
    row("ratio to plain site", lambda e: f"{median(results[e]['total']) / median(plain[e][0]):.2f}")
    if len(engines) == 2:
        m, z = median(results["mkdocs"]["total"]), median(results["zensical"]["total"])
        print(f"generate + zensical / mkdocs build: {z / m:.2f}"
              + ("" if results["mkdocs"]["pages"] == results["zensical"]["pages"]
                 else f"  (pages differ: {results['mkdocs']['pages']} vs {results['zensical']['pages']})"))


if __name__ == "__main__":
    main()
