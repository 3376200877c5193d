"""What the history pages cost: the example site built with and without `history`, and the git
reading itself with the command line beside the libraries that could replace it.

    python benchmarks/history_bench.py [--commits 40] [--runs 3] [--libraries]

Copies the example site (mkdocs.yml, docs/, journeys/, overrides/) into a temporary git
repository and commits it `--commits` times, one commit a week back from the example's `today`,
each changing a target (so every commit is a new version of the journeys to analyse). Then:

1. `mkdocs build` in a fresh process, `--runs` times each with `history: true` and `history:
   false`: the median seconds of each and their difference (what a CI build pays);
2. read_history in one process, cold and then again with the same HistoryCache (what a
   `mkdocs serve` rebuild pays when no commit was added), and the same after one new commit;
3. with `--libraries`, the two git reads history needs (a path-limited log of the journeys
   folder with its renames; the journeys folder of every commit as files) with the git command
   line, and with dulwich and pygit2 where they are importable, on the full repository and on a
   `git clone --depth 1` of it. They are no dependency of journeymaps: install them aside for
   the measurement, e.g. `pip install --target /tmp/gitlibs dulwich pygit2` and run with
   `PYTHONPATH=/tmp/gitlibs`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGINS = REPO / "plugins"


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def scripted_site(folder: Path, commits: int) -> Path:
    """The example site in a git repository with `commits` commits, a week apart."""
    root = folder / "site"
    for name in ("docs", "journeys", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    git(root, "init", "-q", "-b", "main")
    journey = root / "journeys" / "webshop" / "journey.yml"
    text = journey.read_text(encoding="utf-8")
    targets = [m.start() for m in re.finditer(r"    target: 4\.0\n", text)]
    start = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone.utc) - dt.timedelta(weeks=commits)
    for n in range(commits):
        at = targets[n % len(targets)]
        value = "3.5" if (n // len(targets)) % 2 == 0 else "4.0"
        text = text[:at] + f"    target: {value}\n" + text[at + len("    target: 4.0\n"):]
        journey.write_text(text, encoding="utf-8")
        git(root, "add", "-A", ".")
        git(root, "commit", "-q", "-m", f"commit {n}", date=(start + dt.timedelta(weeks=n)).isoformat())
    return root


def build_seconds(root: Path, history: bool, runs: int) -> float:
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    switched = config.replace("  - journeymaps:\n", f"  - journeymaps:\n      history: {str(history).lower()}\n", 1)
    (root / "mkdocs.bench.yml").write_text(switched, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PLUGINS), "NO_MKDOCS_2_WARNING": "1"}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.bench.yml", "-d",
                        str(root.parent / "out")], cwd=root, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    (root / "mkdocs.bench.yml").unlink()
    return statistics.median(times)


def in_process(root: Path) -> None:
    sys.path.insert(0, str(PLUGINS))
    from journeymaps.analysis import AnalysisSettings
    from journeymaps.history import HistoryCache, read_history
    from journeymaps.pipeline import analyse

    today = dt.date(2026, 11, 23)
    settings = AnalysisSettings(today=today, window_end=today)
    analysis = analyse(root, "journeys", settings)
    cache = HistoryCache()
    for label in ("cold (every commit analysed)", "warm (a serve rebuild, no new commit)"):
        started = time.perf_counter()
        read_history(root, "journeys", analysis, cache, settings)
        print(f"  read_history {label}: {time.perf_counter() - started:.3f} s, {cache.analysed} commits analysed")
    (root / "docs" / "index.md").write_text("# Home\n\nChanged.\n", encoding="utf-8")
    journey = root / "journeys" / "webshop" / "journey.yml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("target: 3.5", "target: 3.6", 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "one more", date="2026-11-22T10:00:00+00:00")
    before = cache.analysed
    started = time.perf_counter()
    read_history(root, "journeys", analysis, cache, settings)
    print(f"  read_history after one new commit: {time.perf_counter() - started:.3f} s, "
          f"{cache.analysed - before} commit analysed")


def libraries(root: Path, folder: Path) -> None:
    shallow = folder / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True)
    for name, repo in (("full", root), ("shallow (--depth 1)", shallow)):
        print(f"  {name} repository:")
        for label, reader in (("git command line", _cli), ("dulwich", _dulwich), ("pygit2", _pygit2)):
            try:
                started = time.perf_counter()
                commits, files = reader(repo, folder / "out-lib")
                print(f"    {label:17s} {time.perf_counter() - started:.3f} s ({commits} commits, {files} files written)")
            except ImportError:
                print(f"    {label:17s} not installed")
            except Exception as exc:  # noqa: BLE001 - a library that fails on this repository is a result
                print(f"    {label:17s} failed: {type(exc).__name__}: {exc}")


def _cli(repo: Path, out: Path) -> tuple[int, int]:
    sys.path.insert(0, str(PLUGINS))
    from journeymaps.history.git import extract, log, open_repository

    opened = open_repository(repo)
    assert opened is not None
    logged = log(opened, "journeys")
    files = 0
    for entry in logged:
        target = out / entry.commit.sha
        extract(opened, entry.commit.sha, ["journeys"], target)
        files += sum(1 for p in target.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    return len(logged), files


def _dulwich(repo: Path, out: Path) -> tuple[int, int]:
    from dulwich.repo import Repo

    r = Repo(str(repo))
    walker = r.get_walker(paths=[b"journeys"])
    shas = [entry.commit.id for entry in walker]
    files = 0
    for sha in shas:
        tree = r[r[sha].tree]
        mode, tree_id = tree[b"journeys"]
        files += _write_dulwich(r, r[tree_id], out / sha.decode() / "journeys")
    shutil.rmtree(out, ignore_errors=True)
    return len(shas), files


def _write_dulwich(r, tree, into: Path) -> int:  # type: ignore[no-untyped-def]
    import stat

    into.mkdir(parents=True, exist_ok=True)
    count = 0
    for item in tree.items():
        if stat.S_ISDIR(item.mode):
            count += _write_dulwich(r, r[item.sha], into / item.path.decode())
        else:
            (into / item.path.decode()).write_bytes(r[item.sha].data)
            count += 1
    return count


def _pygit2(repo: Path, out: Path) -> tuple[int, int]:
    import pygit2

    r = pygit2.Repository(str(repo))
    shas = []
    previous = None
    for commit in r.walk(r.head.target, pygit2.GIT_SORT_TIME):
        try:
            entry = commit.tree["journeys"]
        except KeyError:
            continue
        if previous is None or previous[1] != entry.id:
            shas.append((commit, entry.id))
        previous = (commit, entry.id)
    files = 0
    for commit, tree_id in shas:
        files += _write_pygit2(r, r[tree_id], out / str(commit.id) / "journeys")
    shutil.rmtree(out, ignore_errors=True)
    return len(shas), files


def _write_pygit2(r, tree, into: Path) -> int:  # type: ignore[no-untyped-def]
    into.mkdir(parents=True, exist_ok=True)
    count = 0
    for item in tree:
        if item.type_str == "tree":
            count += _write_pygit2(r, r[item.id], into / item.name)
        else:
            (into / item.name).write_bytes(r[item.id].data)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--libraries", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="history-bench-") as name:
        folder = Path(name)
        started = time.perf_counter()
        root = scripted_site(folder, args.commits)
        print(f"example site with {args.commits} scripted commits ({time.perf_counter() - started:.1f} s to make)")
        with_history = build_seconds(root, True, args.runs)
        without = build_seconds(root, False, args.runs)
        print(f"mkdocs build, median of {args.runs}: history on {with_history:.2f} s, off {without:.2f} s, "
              f"difference {with_history - without:+.2f} s")
        if args.libraries:
            print("reading the log and every commit's journeys folder:")
            libraries(root, folder)
        print("in one process (mkdocs serve):")
        in_process(root)


if __name__ == "__main__":
    main()
