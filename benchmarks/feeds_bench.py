"""Team feeds (issue 16): what the feeds add to a build, in-process, after the pipeline ran.

    .venv/bin/python benchmarks/feeds_bench.py                      # the example site (this checkout)
    .venv/bin/python benchmarks/feeds_bench.py --journeys 20,80      # the scale site of site_bench.py

For each site: the pipeline (pipeline.analyse) once, then the median of --repeat runs of
reading the history from git (history.read_history, a fresh cache: what a first build pays;
the scale sites are not git repositories, so theirs is the cost of finding that out), gathering
the events (render.feeds.team_events) and writing every team's Atom document
(render.feeds.team_feeds, gathering included). Prints the teams, entries, bytes of all feeds
and of the largest one, and the seconds of each step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import make_journeys_site  # noqa: E402

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent


def timed(repeat: int, step: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result  # type: ignore[return-value]


def measure(root: Path, label: str, repeat: int) -> None:
    import datetime as dt

    from journeymaps.analysis import AnalysisSettings
    from journeymaps.history import HistoryCache, read_history
    from journeymaps.pipeline import analyse
    from journeymaps.render.feeds import team_events, team_feeds

    settings = AnalysisSettings(today=dt.date(2026, 11, 23))
    started = time.perf_counter()
    analysis = analyse(root, "journeys", settings)
    analysed = time.perf_counter() - started
    history_s, histories = timed(repeat, lambda: read_history(root, "journeys", analysis, HistoryCache(), settings))
    events_s, events = timed(repeat, lambda: team_events(analysis, histories))
    feeds_s, feeds = timed(repeat, lambda: team_feeds(analysis, histories, site_name="Bench",
                                                      site_url="http://127.0.0.1/"))
    sizes = [len(f.xml) for f in feeds]
    print(f"{label:>16}  {len(feeds):>5} teams  {sum(f.entries for f in feeds):>6} entries  "
          f"{sum(sizes) / 1024:>8.1f} KiB (largest {max(sizes, default=0) / 1024:.1f} KiB)  "
          f"analyse {analysed:6.2f} s  history {history_s:6.2f} s  events {events_s:6.3f} s  "
          f"feeds {feeds_s:6.3f} s  ({sum(len(e.events) for e in events)} events)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", default="", help="sizes of the scale site, comma-separated (default: the example)")
    parser.add_argument("--personas", type=int, default=5)
    parser.add_argument("--phases", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=40)
    parser.add_argument("--feedback-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.journeys:
        measure(REPO, "example", args.repeat)
        return
    for size in [int(s) for s in args.journeys.split(",")]:
        with tempfile.TemporaryDirectory(prefix="journeymaps-feeds-bench-") as folder:
            shape = argparse.Namespace(journeys=size, personas=args.personas, phases=args.phases,
                                       touchpoints=args.touchpoints, feedback_rows=args.feedback_rows)
            make_journeys_site(Path(folder), shape)
            measure(Path(folder), f"{size} journeys", args.repeat)


if __name__ == "__main__":
    main()
