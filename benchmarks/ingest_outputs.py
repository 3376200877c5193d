"""Every output of feedback ingestion, dumped as text, to compare two versions byte for byte.

    PYTHONPATH=<plugins of version A> .venv/bin/python benchmarks/ingest_outputs.py dump /tmp/out-a --data /tmp/fb
    PYTHONPATH=<plugins of version B> .venv/bin/python benchmarks/ingest_outputs.py dump /tmp/out-b --data /tmp/fb
    .venv/bin/python benchmarks/ingest_outputs.py compare /tmp/out-a /tmp/out-b

What a user sees of ingestion is the JourneyFeedback: every cell (count, mean, squares, metric
value, top-two box, newest, months with their tallies, channels, products, quotes with text,
date, persona, file and line), the problems (file:line, message, hint, severity, code), the
skipped rows, the redaction counts and the notes. `dump` writes it for:

- bench-1m: the 1M-row export of benchmarks/feedback_bench.py (`--data DIR`: DIR/1000000x1);
- bench-500: 100,000 rows in 500 exports (DIR/100000x500), generated when missing;
- cases/*: the example site with each folder of /work/shared/cases laid on top, every journey;
- tests/*: every read_journey_feedback call the feedback and hostile-input tests make, by test
  id and call number (this file is loaded as a pytest plugin for that: `-p ingest_outputs`).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CASES = Path("/work/shared/cases")
TESTS = ["tests/feedback", "tests/test_hostile_files.py", "tests/test_hostile_text.py", "tests/test_analysis.py",
         "tests/test_current_scores.py"]
_TMP = re.compile(r"/tmp/[^\s'\"]*")


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates and containers -> plain values with a stable order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return [[plain(k), plain(v)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    return value


def dump(feedback: Any) -> str:
    """A JourneyFeedback as text: one line per field, per cell, per quote and per problem."""
    out = []
    for name in ("files", "total_responses", "newest", "rows_skipped", "redactions", "redactions_by_file", "notes"):
        out.append(f"{name}: {plain(getattr(feedback, name))!r}")
    for problem in feedback.problems:
        out.append(f"problem: {str(problem)!r} {plain(problem)!r}")
    for key, cell in feedback.cells.items():
        fields = plain(cell)
        quotes = fields.pop("quotes")
        out.append(f"cell {key!r}: {fields!r}")
        out.extend(f"  quote: {quote!r}" for quote in quotes)
    return _TMP.sub("<tmp>", "\n".join(out) + "\n")


def _read(root: Path, journey_id: str) -> str:
    from journeymaps.feedback import FeedbackCache, read_journey_feedback
    from journeymaps.load import load_site

    journey = load_site(root).journey(journey_id)
    return dump(read_journey_feedback(journey, root / "journeys" / journey_id, root, FeedbackCache()))


def _bench(data: Path, rows: int, files: int) -> Path:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from feedback_bench import generate

    root = data / f"{rows}x{files}"
    if not (root / "journeys" / "bench" / "feedback").exists():
        generate(root, rows, files=files)
    return root


def _cases(out: Path) -> None:
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        with tempfile.TemporaryDirectory(prefix="ingest-case-") as tmp:
            root = Path(tmp)
            shutil.copytree(REPO / "journeys", root / "journeys")
            shutil.copytree(case, root, dirs_exist_ok=True)
            for folder in sorted(p for p in (root / "journeys").iterdir() if (p / "journey.yml").exists()):
                try:
                    text = _read(root, folder.name)
                except Exception as exc:  # a case may not load at all: that is an output too
                    text = f"error: {type(exc).__name__}: {exc}\n"
                (out / f"case-{case.name}-{folder.name}.txt").write_text(_TMP.sub("<tmp>", text))


def dump_all(out: Path, data: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench-1m.txt").write_text(_read(_bench(data, 1_000_000, 1), "bench"))
    (out / "bench-500.txt").write_text(_read(_bench(data, 100_000, 500), "bench"))
    _cases(out)
    env = {**os.environ, "INGEST_DUMP": str(out / "tests"),
           "PYTHONPATH": os.pathsep.join([str(REPO / "benchmarks"), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "ingest_outputs", "-p", "no:cacheprovider",
                    "-m", "not browser", *TESTS], cwd=REPO, env=env, check=False)


def compare(a: Path, b: Path) -> int:
    """Print every output that differs or that only one side has; 1 if any differs."""
    left = {p.relative_to(a) for p in a.rglob("*.txt")}
    right = {p.relative_to(b) for p in b.rglob("*.txt")}
    for name in sorted(left ^ right):
        print(f"only in {a if name in left else b}: {name}")
    both = sorted(left & right)
    different = [n for n in both if (a / n).read_bytes() != (b / n).read_bytes()]
    for name in different:
        print("differs:", name)
    print(f"{len(both)} outputs in both compared byte for byte, {len(different)} differ; "
          f"{len(left ^ right)} only on one side")
    return 1 if different else 0


# -- pytest plugin: every read_journey_feedback of the tests, dumped by test id -------------------

_current: dict[str, Any] = {"test": None, "calls": 0}


def pytest_configure(config: Any) -> None:
    if not os.environ.get("INGEST_DUMP"):
        return
    import journeymaps.feedback.journey as journey

    original = journey.combine  # type: ignore[attr-defined]  # the name journey.py calls, replaced below

    def combine(*args: Any) -> None:
        original(*args)
        if _current["test"] is None:
            return
        _current["calls"] += 1
        folder = Path(os.environ["INGEST_DUMP"])
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", _current["test"])[:180]
        (folder / f"{name}-{_current['calls']}.txt").write_text(dump(args[2]))

    journey.combine = combine  # type: ignore[attr-defined,assignment]


def pytest_runtest_setup(item: Any) -> None:
    _current.update(test=item.nodeid, calls=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--data", type=Path, default=Path("/tmp/fb"))
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump_all(args.out, args.data)
    else:
        sys.exit(compare(args.a, args.b))


if __name__ == "__main__":
    main()
