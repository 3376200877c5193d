"""The edit loop of `mkdocs serve`: how long a rebuild takes after a one-line edit of one journey.

    .venv/bin/python benchmarks/serve_bench.py [--journeys 20 --personas 5 --phases 6 --touchpoints 40]
                                               [--feedback-rows N] [--edits 3]

Generates the site of benchmarks/site_bench.py and rebuilds it the way `mkdocs serve` does: the
config loaded anew for every build, plugins that define on_startup (journeymaps, Material's
search) kept between builds, every page built again. Prints the first build, a rebuild with
nothing changed, and rebuilds after a one-line edit of one journey's YAML (a touchpoint's
title), each the median of --edits, with how many YAML files and exports journeymaps parsed
again and how many generated pages it rendered again (its caches keep the rest: render/cache.py).
Runs in this process, like serve.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import add_site_arguments, make_journeys_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_site_arguments(parser)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        root = Path(tmp)
        make_journeys_site(root, args)
        plugins = None

        def rebuild() -> tuple[float, int, int, int]:
            nonlocal plugins
            started = time.perf_counter()
            config = load_config(str(root / "mkdocs.yml"))
            if plugins is None:
                config.plugins.on_startup(command="serve", dirty=False)
            build(config, serve_url="http://127.0.0.1:8000/")
            plugins = config.plugins
            plugin = config.plugins["journeymaps"]
            return (time.perf_counter() - started, plugin.caches.parse.parsed, plugin.caches.feedback.files_read,
                    plugin.render_cache.rendered)

        def median_of(change) -> tuple[float, int, int, int]:
            runs = []
            for n in range(args.edits):
                change(n)
                before = rebuild_counts[-1]
                after = rebuild()
                rebuild_counts.append(after)
                runs.append((after[0], *(a - b for a, b in zip(after[1:], before[1:]))))
            return (statistics.median(r[0] for r in runs), *runs[-1][1:])

        rebuild_counts = [rebuild()]
        first = rebuild_counts[0][0]
        path = root / "journeys" / "journey-00" / "journey.yml"
        original = path.read_text(encoding="utf-8")

        def edit(n: int) -> None:
            path.write_text(original.replace("title: Touchpoint 3\n", f"title: Touchpoint 3, edit {n}\n"), encoding="utf-8")

        unchanged = median_of(lambda n: None)
        edited = median_of(edit)
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        print(f"site: {args.journeys} journeys x {args.personas} personas x {args.phases} phases x "
              f"{args.touchpoints} touchpoints, {pages} pages; rebuilds in one process, as `mkdocs serve`")
        print(f"{'':34}{'seconds':>9}{'YAML parsed':>13}{'exports read':>14}{'pages rendered':>16}")
        print(f"{'first build':34}{first:>9.2f}" + "".join(f"{n:>{w}}" for n, w in zip(rebuild_counts[0][1:], (13, 14, 16))))
        for label, (seconds, *counts) in (("rebuild, nothing changed", unchanged),
                                          ("rebuild after a one-line YAML edit", edited)):
            print(f"{label:34}{seconds:>9.2f}" + "".join(f"{n:>{w}}" for n, w in zip(counts, (13, 14, 16))))


if __name__ == "__main__":
    main()
