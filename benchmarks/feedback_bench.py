"""Feedback ingestion at scale: rows/s and peak memory of a fresh process per size.

    .venv/bin/python benchmarks/feedback_bench.py --sizes 100000,1000000,5000000
    .venv/bin/python benchmarks/feedback_bench.py --sizes 1000000 --files 5000   # many small exports

Generates a Dutch-Excel-style export (`;`, decimal comma, dd-mm-yyyy, CRLF) with realistic
comments: about 3% carry personal data, 1% span two lines, 2% of rows are bad (no score,
'zeven', unknown touchpoint, a field short). Each size runs in its own subprocess so import
cost and peak RSS (ru_maxrss of the child) are those of one real build. Beside it, `bare s` is a
bare DuckDB GROUPING SETS query over the same files (count and mean per touchpoint and persona,
and per month), in a child of its own just before; `x bare` is ingest s / bare s (issue 15: 2x).

On a shared machine, use --repeat 3 (medians; `cpu s` is the child's user+system time, which
other load disturbs less than the wall time) and --data DIR to generate each size only once.
Compare two versions of the code in one run with --before DIR (the other version's plugins
directory): each repeat then runs bare, before and after in turn, and both get a line, `x bare`
against the same bare median. `load` is the 1-minute load average when the size started.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TOUCHPOINTS = [f"tp-{i}" for i in range(12)]
PERSONAS = ["Sanne", "Ruud", "Vaste klant", "Nieuwe klant", "Zakelijk", "Student"]
WORDS = "de bezorging was snel maar het pakket kwam beschadigd aan en de klantenservice hielp goed niet".split()
PII = ["bel me op 06-12345678", "mail jan@example.nl", "NL91ABNA0417164300", "BSN 111222333", "postcode 1234 AB"]

JOURNEY = """\
title: Bench
phases:
  - id: do
    title: Do
personas:
{personas}
touchpoints:
{touchpoints}
feedback:
  - path: feedback/*.csv
    metric: csat
    scale: [1, 10]
"""

# The bare DuckDB baseline of issue 15: per touchpoint and persona, and per month, the count and
# mean score in one GROUPING SETS query over the same files, with the delimiter given and the
# decimal comma replaced; no line numbers, rejects, labels, scale checks, checked dates, quotes or
# redaction. Each run does it in a child of its own, just before journeymaps' child.
BARE = """
SELECT touchpoint, persona, month, count(*), avg(TRY_CAST(replace(score, ',', '.') AS DOUBLE))
FROM (SELECT touchpoint, persona, score, split_part(date, '-', 2) AS month
      FROM read_csv({files}, delim=';', header=true, ignore_errors=true, all_varchar=true))
GROUP BY GROUPING SETS ((touchpoint, persona), (touchpoint, persona, month))
"""

BARE_CHILD = r"""
import json, sys, time
from pathlib import Path
import duckdb
files = sorted(str(p) for p in (Path(sys.argv[1]) / "journeys" / "bench" / "feedback").iterdir())
b0, c0 = time.perf_counter(), time.process_time()
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")  # as journeymaps does: the bar wrote to stdout, and took time
con.execute(sys.argv[2].format(files=files)).fetchall()
print(json.dumps({"bare_s": time.perf_counter() - b0, "bare_cpu_s": time.process_time() - c0}))
"""

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
root = Path(sys.argv[1])
t0 = time.perf_counter()
from journeymaps.load import load_site
from journeymaps.feedback import read_journey_feedback, FeedbackCache
journey = load_site(root).journey("bench")
t1 = time.perf_counter()
cache = FeedbackCache()
c1 = time.process_time()
fb = read_journey_feedback(journey, root / "journeys" / "bench", root, cache)
t2 = time.perf_counter()
c2 = time.process_time()
fb2 = read_journey_feedback(journey, root / "journeys" / "bench", root, cache)
t3 = time.perf_counter()
print(json.dumps({
    "ingest_s": t2 - t1, "cpu_s": c2 - c1, "cached_s": t3 - t2, "startup_s": t1 - t0,
    "responses": fb.total_responses, "skipped": fb.rows_skipped, "files_read": cache.files_read,
    "redactions": fb.redactions, "problems": [str(p)[:160] for p in fb.problems],
    "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def slug(label: str) -> str:
    return label.lower().replace(" ", "-")


def generate(root: Path, rows: int, seed: int = 7, files: int = 1) -> Path:
    """Write `rows` responses into `files` exports of equal size (each with its header)."""
    rng = random.Random(seed)
    folder = root / "journeys" / "bench"
    (folder / "feedback").mkdir(parents=True)
    (folder / "journey.yml").write_text(
        JOURNEY.format(
            personas="\n".join(f"  - id: {slug(p)}\n    name: {p}" for p in PERSONAS),
            touchpoints="\n".join(f"  - id: {t}\n    phase: do\n    title: {t}" for t in TOUCHPOINTS),
        )
    )
    per_file = -(-rows // files)
    for n in range(files):
        name = "export.csv" if files == 1 else f"export-{n:05d}.csv"
        _write(folder / "feedback" / name, range(n * per_file, min(rows, (n + 1) * per_file)), rng)
    return folder / "feedback"


def _write(path: Path, numbers: range, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("date;touchpoint;persona;score;comment;channel\r\n")
        lines = []
        for i in numbers:
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            tp = TOUCHPOINTS[rng.randrange(12)]
            persona = PERSONAS[rng.randrange(6)] if rng.random() > 0.1 else ""
            score = str(rng.randint(1, 10)) if rng.random() > 0.2 else f"{rng.randint(1, 9)},5"
            comment = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
            r = rng.random()
            if r < 0.03:
                comment += " " + rng.choice(PII)
            elif r < 0.04:
                comment += "\r\nen verder niets"
            if ";" in comment or "\n" in comment or rng.random() < 0.3:
                comment = '"' + comment.replace('"', '""') + '"'
            fields = [f"{day:02d}-{month:02d}-2025", tp, persona, score, comment, rng.choice(("web", "app", "winkel"))]
            bad = rng.random()
            if bad < 0.005:
                fields[3] = ""
            elif bad < 0.01:
                fields[3] = "zeven"
            elif bad < 0.015:
                fields[1] = "onbekend"
            elif bad < 0.02:
                fields.pop()
            lines.append(";".join(fields))
            if len(lines) == 50000:
                f.write("\r\n".join(lines) + "\r\n")
                lines = []
        if lines:
            f.write("\r\n".join(lines) + "\r\n")


# --themes: the same files read with comment themes off and on, each in a fresh child, alternately;
# the difference is what themes add (feedback/themes.py: keep, sample, count).
THEMES_CHILD = r"""
import json, sys, time
from pathlib import Path
root, mode = Path(sys.argv[1]), sys.argv[2]
from journeymaps.load import load_site
from journeymaps.feedback import read_journey_feedback, FeedbackCache
journey = load_site(root).journey("bench")
for source in journey.feedback or []:
    source.themes.off = mode == "off"
t1, c1 = time.perf_counter(), time.process_time()
fb = read_journey_feedback(journey, root / "journeys" / "bench", root, FeedbackCache())
t2, c2 = time.perf_counter(), time.process_time()
themes = fb.themes
print(json.dumps({"s": t2 - t1, "cpu_s": c2 - c1, "responses": fb.total_responses,
                  "sampled": themes.sampled if themes else 0, "counted": themes.counted if themes else 0,
                  "first": [t.label for t in themes.of("tp-0")][:3] if themes else []}))
"""


def themes_comparison(root: Path, size: int, repeat: int) -> None:
    """Print the time of reading `root`'s bench journey with themes off and on (medians of `repeat`)."""
    runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for _ in range(repeat):
        for mode in ("off", "on"):
            out = subprocess.run([sys.executable, "-c", THEMES_CHILD, str(root), mode], capture_output=True, text=True, check=True)
            runs[mode].append(json.loads(out.stdout))
    off = statistics.median(r["s"] for r in runs["off"])
    on = statistics.median(r["s"] for r in runs["on"])
    cpu_off = statistics.median(r["cpu_s"] for r in runs["off"])
    cpu = statistics.median(r["cpu_s"] for r in runs["on"]) - cpu_off
    last = runs["on"][-1]
    print(f"  themes: {size:,} rows: off {off:.2f} s ({cpu_off:.2f} s CPU), on {on:.2f} s, added {on - off:+.2f} s ({cpu:+.2f} s CPU); "
          f"sampled {last['sampled']:,}, counted {last['counted']:,}; tp-0: {' | '.join(last['first'])}", flush=True)


def _child(root: Path, plugins: Path | None) -> dict[str, Any]:
    """One ingestion in a fresh process; `plugins` first on its path when given."""
    env = dict(os.environ)
    if plugins is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(plugins), env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=True, env=env)
    found: dict[str, Any] = json.loads(out.stdout)
    return found


def _line(label: str, size: int, files: int, mb: float, runs: list[dict[str, Any]], bare: float, load: float) -> str:
    med = {key: statistics.median(run[key] for run in runs) for key in ("ingest_s", "cpu_s", "cached_s", "maxrss_mib")}
    r = runs[-1]
    return (f"{label:>6} {size:>9} {files:>6} {mb:>6.0f} {med['ingest_s']:>9.2f} {med['cpu_s']:>6.2f} "
            f"{size / med['ingest_s']:>10,.0f} {med['cached_s']:>9.2f} {med['maxrss_mib']:>9.0f} {bare:>7.2f} "
            f"{med['ingest_s'] / bare:>7.1f} {load:>5.1f}  {r['skipped']} / {dict(sorted(r['redactions'].items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,5000000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; medians are shown")
    parser.add_argument("--data", type=Path, help="keep generated files here and reuse them")
    parser.add_argument("--files", type=int, default=1, help="split each size over this many exports")
    parser.add_argument("--themes", action="store_true", help="also: the time comment themes add (off against on)")
    parser.add_argument("--only-themes", action="store_true", help="only the themes comparison, not the table above")
    parser.add_argument("--before", type=Path, help="plugins directory of the version to compare with, run alike")
    args = parser.parse_args()
    print(f"{'code':>6} {'rows':>9} {'files':>6} {'MB':>6} {'ingest s':>9} {'cpu s':>6} {'rows/s':>10} {'cached s':>9} "
          f"{'peak MiB':>9} {'bare s':>7} {'x bare':>7} {'load':>5}  skipped / redactions")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="feedback-bench-") as tmp:
            root = args.data / f"{size}x{args.files}" if args.data else Path(tmp)
            folder = root / "journeys" / "bench" / "feedback"
            if not folder.exists():
                generate(root, size, files=args.files)
            mb = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
            if args.only_themes:
                themes_comparison(root, size, args.repeat)
                continue
            load = os.getloadavg()[0]
            bares, before, after = [], [], []
            for _ in range(args.repeat):
                bare = subprocess.run([sys.executable, "-c", BARE_CHILD, str(root), BARE], capture_output=True, text=True, check=True)
                bares.append(json.loads(bare.stdout)["bare_s"])
                if args.before is not None:
                    before.append(_child(root, args.before))
                after.append(_child(root, None))
            bare_s = statistics.median(bares)
            if before:
                print(_line("before", size, args.files, mb, before, bare_s, load))
            print(_line("after" if before else "", size, args.files, mb, after, bare_s, load), flush=True)
            if args.themes:
                themes_comparison(root, size, args.repeat)
            problems = after[-1]["problems"]
            for p in problems[:3]:
                print("    ", p)
            if len(problems) > 3:
                print(f"     ... {len(problems) - 3} more problems")
            if before and before[-1]["problems"] != problems:
                print("     the problems differ between before and after")


if __name__ == "__main__":
    main()
