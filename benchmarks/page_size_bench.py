"""Page weight and build time of the charts.

    python benchmarks/page_size_bench.py [--runs 3] [--journeys 20 --personas 5 --phases 6 --touchpoints 40]

1. Builds the example site (the repository's mkdocs.yml) and prints the median and the largest
   generated page (bytes of HTML, and gzip), with and without the chart markup, and the size of
   plotly.min.js, which the site ships once and browsers load only on pages with a chart.
2. Generates the site issue's benchmark site (benchmarks/site_bench.py: 20 journeys x 5 personas
   x 6 phases x 40 touchpoints) and builds it with `charts: true` and `charts: false`, printing
   the median build time of each and the page sizes of the large site.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import add_site_arguments, make_journeys_site, timed_build  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIGURE = re.compile(r"data-jm-figure='[^']*'")


def page_sizes(site: Path, generated_only: bool = True) -> list[tuple[int, int, int, str]]:
    """(bytes, gzip bytes, bytes of figure data, path) of every generated page of a built site."""
    sizes = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if generated_only and not rel.startswith(("journeys/", "personas/", "teams/", "backlog/", "decisions/")):
            continue
        data = page.read_bytes()
        figures = sum(len(m) for m in FIGURE.findall(data.decode("utf-8")))
        sizes.append((len(data), len(gzip.compress(data, 6)), figures, rel))
    return sizes


def report(name: str, sizes: list[tuple[int, int, int, str]]) -> None:
    html = [s[0] for s in sizes]
    zipped = [s[1] for s in sizes]
    largest = max(sizes)
    print(f"{name}: {len(sizes)} generated pages")
    print(f"  median page {statistics.median(html):>9,.0f} B  (gzip {statistics.median(zipped):,.0f} B)")
    print(f"  largest     {largest[0]:>9,} B  (gzip {largest[1]:,} B, figure data {largest[2]:,} B): {largest[3]}")
    with_charts = [s for s in sizes if s[2]]
    if with_charts:
        print(f"  pages with charts: {len(with_charts)}, median figure data per page "
              f"{statistics.median(s[2] for s in with_charts):,.0f} B")


def build(root: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(out)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_site_arguments(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jm-pages-") as tmp:
        example = Path(tmp) / "example"
        build(REPO, example)
        report("example site", page_sizes(example))
        plotly = example / "assets/journeymaps/plotly.min.js"
        print(f"  plotly.min.js, shipped once: {plotly.stat().st_size:,} B "
              f"(gzip {len(gzip.compress(plotly.read_bytes(), 6)):,} B)")

        on_root, off_root = Path(tmp) / "charts-on", Path(tmp) / "charts-off"
        make_journeys_site(on_root, args)
        make_journeys_site(off_root, args)
        for root in (on_root, off_root):  # site_bench writes `off` unquoted, which YAML reads as false
            yml = root / "mkdocs.yml"
            yml.write_text(re.sub(r": off\b", ": 'off'", yml.read_text(encoding="utf-8")), encoding="utf-8")
        with open(off_root / "mkdocs.yml", "a", encoding="utf-8") as yml:
            yml.write("      charts: false\n")
        on_time, on_runs, on_pages = timed_build(on_root, args.runs)
        off_time, off_runs, off_pages = timed_build(off_root, args.runs)
        print(f"\nbenchmark site: {args.journeys} journeys x {args.personas} personas x {args.phases} phases x "
              f"{args.touchpoints} touchpoints, {args.feedback_rows} feedback rows; median of {args.runs} builds")
        print(f"  charts on:  {on_time:6.2f} s  ({on_pages} pages)  runs: {', '.join(f'{t:.2f}' for t in on_runs)}")
        print(f"  charts off: {off_time:6.2f} s  ({off_pages} pages)  runs: {', '.join(f'{t:.2f}' for t in off_runs)}")
        print(f"  charts cost {on_time - off_time:+.2f} s ({100 * (on_time / off_time - 1):+.0f}%)")
        report("benchmark site, charts on", page_sizes(on_root / "site"))
        report("benchmark site, charts off", page_sizes(off_root / "site"))


if __name__ == "__main__":
    main()
