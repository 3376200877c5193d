"""Rendering many generated pages on every CPU: the same HTML as one process, in less time.

Jinja renders in Python, on one CPU: the 380 pages of the 20-journey benchmark site
(benchmarks/site_bench.py) take 1.3 s in one process and 0.75 s in two forked worker processes on
2 CPUs (the same HTML, compared byte for byte; tests/test_parallel.py). The workers are forked
after the site is analysed, so they inherit the analysis, the templates and the render function:
only page numbers go to them and only the pages' HTML comes back.

Where forking is not safe or not there (macOS, Windows), with one CPU, and for fewer than
PARALLEL_FROM pages (a `mkdocs serve` rebuild re-renders one journey's pages: render/cache.py),
pages render in this process, one after the other. A page whose template fails is rendered
again here, so its error is raised as it would be without workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Optional, Sequence, TypeVar

P = TypeVar("P")

PARALLEL_FROM = 100  # pages: fewer render in about a third of a second, less than forking saves
CHUNK = 10  # pages a worker renders per round trip: small, so the slow journey pages spread evenly
MAX_WORKERS = 8

# The job the forked workers inherit: set by render_all before it forks, read by _render_chunk.
_job: Optional[tuple[Callable[..., str], Sequence[object]]] = None
_lock = threading.Lock()  # one parallel render at a time per process: _job is shared


def cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform tells, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked safely here: Linux only (macOS' system libraries are not
    fork-safe, Windows has no fork)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def render_all(pages: Sequence[P], render: Callable[[P], str], workers: Optional[int] = None,
               progress: Callable[[int], None] = lambda done: None, at_least: Optional[int] = None) -> list[str]:
    """`render(page)` of every page, in their order. `workers`: processes to fork (default: one
    per CPU, at most MAX_WORKERS); in this process alone when that is 1, forking is not possible
    or there are fewer than `at_least` pages (default PARALLEL_FROM). `progress(done)` is called with the number of
    pages rendered so far: after each page in this process, after each CHUNK from workers. Raises what `render` raises for the first
    page that fails (rendered again in this process)."""
    workers = min(cpus(), MAX_WORKERS) if workers is None else workers
    at_least = PARALLEL_FROM if at_least is None else at_least
    if workers < 2 or len(pages) < max(at_least, 2) or not can_fork():
        return _serial(pages, render, progress)
    with _lock:
        try:
            found = _forked(pages, render, workers, progress)
        except (BrokenProcessPool, OSError):  # a worker killed (out of memory), or no process to be had
            return _serial(pages, render, progress)
    return [html if html is not None else render(page) for page, html in zip(pages, found)]


def _serial(pages: Sequence[P], render: Callable[[P], str], progress: Callable[[int], None]) -> list[str]:
    found = []
    for page in pages:
        found.append(render(page))
        progress(len(found))
    return found


def _forked(pages: Sequence[P], render: Callable[[P], str], workers: int,
            progress: Callable[[int], None]) -> list[Optional[str]]:
    """The pages' HTML from forked workers; None for a page whose render raised."""
    global _job
    chunks = [range(start, min(start + CHUNK, len(pages))) for start in range(0, len(pages), CHUNK)]
    found: list[Optional[str]] = []
    _job = (render, pages)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=context) as pool:
            for rendered in pool.map(_render_chunk, chunks):
                found += rendered
                progress(len(found))
    finally:
        _job = None
    return found


def _render_chunk(indexes: range) -> list[Optional[str]]:
    """In a worker: the HTML of the job's pages at `indexes`, None where rendering raised (the
    parent renders those again to raise the error itself: an exception may not survive pickling)."""
    assert _job is not None, "a worker runs only in a process forked by render_all"
    render, pages = _job
    found: list[Optional[str]] = []
    for index in indexes:
        try:
            found.append(render(pages[index]))
        except Exception:  # noqa: BLE001 - raised again in the parent, with its traceback
            found.append(None)
    return found
