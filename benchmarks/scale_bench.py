"""Organisation scale (issue 15): page weight and CPU per page as the number of journeys grows.

    .venv/bin/python benchmarks/scale_bench.py [--sizes 20,80] [--personas 5 --phases 6 --touchpoints 40]

For each size, generates the site of benchmarks/site_bench.py (N journeys x 5 personas x 6 phases
x 40 touchpoints, with improvements and decisions; the same theme with navigation.prune) and
builds it once with `mkdocs build` in a fresh process. Prints the build's wall time and CPU
time (the child's user + system), pages, CPU per page, the median and largest generated page,
the organisation-wide pages, the search index and the whole site; then the CPU per page of the
largest size against the smallest (goal: within 1.15x). The build-time ratio to plain Material
is site_bench.py's.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import make_journeys_site  # noqa: E402

GENERATED = ("journeys/", "personas/", "teams/", "backlog/", "decisions/")
ORGANISATION = ("backlog/index.html", "decisions/index.html")


def build(root: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one `mkdocs build` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(size: int, args: argparse.Namespace, tmp: Path) -> dict:
    root = tmp / f"site-{size}"
    shape = argparse.Namespace(journeys=size, personas=args.personas, phases=args.phases,
                               touchpoints=args.touchpoints, feedback_rows=0, runs=1)
    make_journeys_site(root, shape)
    wall, cpu = build(root)
    site = root / "site"
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")
             if p.relative_to(site).as_posix().startswith(GENERATED)]
    pages.sort()
    every = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    return {
        "size": size, "wall": wall, "cpu": cpu, "pages": every, "generated": len(pages),
        "median": statistics.median(s for s, _ in pages), "largest": pages[-1],
        "organisation": {name: (site / name).stat().st_size for name in ORGANISATION},
        "persona": max((s for s, p in pages if p.startswith("personas/") and p != "personas/index.html"), default=0),
        "search": (site / "search/search_index.json").stat().st_size,
        "site": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,80", help="numbers of journeys, comma-separated")
    parser.add_argument("--personas", type=int, default=5)
    parser.add_argument("--phases", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=40)
    args = parser.parse_args()
    kb = 1024
    print(f"{'journeys':>8} {'pages':>6} {'wall s':>7} {'CPU s':>6} {'CPU ms/p':>8} {'median KB':>9} "
          f"{'largest KB':>10} {'backlog KB':>10} {'decis. KB':>9} {'persona KB':>10} {'search KB':>9} {'site MB':>7}  largest page")
    results = []
    with tempfile.TemporaryDirectory(prefix="jm-scale-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(size, args, Path(tmp))
            results.append(r)
            print(f"{size:>8} {r['pages']:>6} {r['wall']:>7.1f} {r['cpu']:>6.1f} {1000 * r['cpu'] / r['pages']:>8.1f} "
                  f"{r['median'] / kb:>9.1f} {r['largest'][0] / kb:>10.0f} {r['organisation'][ORGANISATION[0]] / kb:>10.0f} "
                  f"{r['organisation'][ORGANISATION[1]] / kb:>9.0f} {r['persona'] / kb:>10.0f} {r['search'] / kb:>9.0f} "
                  f"{r['site'] / 1e6:>7.1f}  {r['largest'][1]}", flush=True)
    if len(results) > 1:
        small, large = results[0], results[-1]
        ratio = (large["cpu"] / large["pages"]) / (small["cpu"] / small["pages"])
        print(f"CPU per page at {large['size']} journeys / at {small['size']}: {ratio:.2f} (goal <= 1.15)")


if __name__ == "__main__":
    main()
