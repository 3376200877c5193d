"""The strict YAML loader against hostile and large input: milliseconds per parse.

    .venv/bin/python benchmarks/yaml_bench.py [--repeat 5]

Prints the median time to
- refuse an alias bomb (nine levels of ten aliases: 10^9 values if it were expanded),
- refuse nesting 5,000 levels deep,
- parse a large journey file (1,000 touchpoints with estimates for 5 personas, about 190 KB).
The tests assert the guards structurally (tests/test_strict_yaml.py: aliases are refused before
anything is expanded); how long the refusal takes on this machine is measured here, not in a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
from journeymaps.load.strict_yaml import parse_text  # noqa: E402
from journeymaps.problems import SourceError  # noqa: E402


def alias_bomb() -> str:
    levels = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    for i in range(1, 9):
        levels.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(levels) + "\n"


def deep_nesting(depth: int = 5000) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def large_journey(touchpoints: int = 1000) -> str:
    lines = ["title: Bench", "owner: Team Bench", "phases:", "  - id: do", "    title: Do", "touchpoints:"]
    for i in range(touchpoints):
        lines += [
            f"  - id: tp-{i}", "    phase: do", f"    title: Touchpoint number {i} with an ordinary title",
            "    owner: Team Bench", "    target: 4",
            "    estimate: {sanne: 3.5, ruud: 4, kees: 2.5, anna: 4.5, piet: 3}",
        ]
    return "\n".join(lines) + "\n"


def median_ms(text: str, repeat: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            parse_text(text, "bench.yml")
            outcome = "parsed"
        except SourceError as exc:
            outcome = f"refused: {exc.problems[0]}"
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = [("alias bomb", alias_bomb()), ("5,000 levels deep", deep_nesting()), ("1,000 touchpoints", large_journey())]
    print(f"{'input':<20} {'bytes':>9} {'median ms':>10}  outcome")
    for name, text in cases:
        ms, outcome = median_ms(text, args.repeat)
        print(f"{name:<20} {len(text.encode()):>9,} {ms:>10.2f}  {outcome[:90]}")


if __name__ == "__main__":
    main()
