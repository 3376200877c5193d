"""Rendering many generated pages on every CPU: the same HTML as one process, in less time.

Jinja renders in Python, on one CPU. Inside `mkdocs build` of the benchmark site
(benchmarks/site_bench.py: 20 journeys, 379 generated pages) drawing the pages took 1.7 s in one
process and 1.1 s in two forked worker processes on 2 CPUs, the same HTML byte for byte
(tests/test_parallel.py). The workers are forked after the site is analysed, so they inherit the
analysis, the templates and the render function: only page numbers go to them, and only the
pages' HTML comes back.

Pages render in this process, one after the other, where forking is not safe: other than on
Linux (macOS' system libraries are not fork-safe, Windows has no fork), while another thread of
this process runs (a forked child gets a copy of locks that thread may hold; `mkdocs serve`
rebuilds in a thread beside its web server), in a daemonic process (which may have no children).
Also with one CPU and for fewer than PARALLEL_FROM pages (a `mkdocs serve` rebuild draws one
journey's pages again: render/cache.py). A page whose template fails in a worker is rendered
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

PARALLEL_FROM = 100  # pages: fewer take about a third of a second in one process, too little for workers to pay
CHUNK = 10  # pages a worker renders per round trip: small, so the slow journey pages spread evenly
MAX_WORKERS = 8

# The job a worker renders from: set in each worker by the pool's initializer (inherited, not pickled).
_job: Optional[tuple[Callable[..., str], Sequence[object]]] = None


def cpus() -> int:
    """The CPUs this process may run on (its affinity where the platform tells, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked safely now: on Linux, from the only running thread of a
    process that is not daemonic."""
    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1 and not multiprocessing.current_process().daemon)


def render_all(pages: Sequence[P], render: Callable[[P], str], workers: Optional[int] = None,
               progress: Callable[[int], None] = lambda done: None, at_least: Optional[int] = None,
               note: Callable[[str], None] = lambda text: None) -> list[str]:
    """`render(page)` of every page, in their order.

    `workers`: processes to fork (default: one per CPU, at most MAX_WORKERS); the pages render
    in this process when that is 1, when forking is not safe (see `can_fork`) or for fewer than
    `at_least` pages (default PARALLEL_FROM). `progress(done)` is told how many pages have been
    rendered: after each page in this process, after each CHUNK from workers. `note(text)` is told
    when the workers failed and the pages render here instead. Raises what `render` raises for
    the first page that fails (rendered again in this process)."""
    workers = min(cpus(), MAX_WORKERS) if workers is None else workers
    at_least = PARALLEL_FROM if at_least is None else at_least
    if workers < 2 or len(pages) < max(at_least, 2) or not can_fork():
        return _serial(pages, render, progress)
    try:
        found = _forked(pages, render, workers, progress)
    except (BrokenProcessPool, OSError) as exc:  # a worker killed (out of memory, say), or no process to be had
        note(f"rendering in worker processes failed ({exc or type(exc).__name__}); rendering in this one")
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
    """The pages' HTML from forked workers; None for a page whose render raised. Raises
    BrokenProcessPool or OSError when a worker dies or cannot be forked, its other workers
    stopped first."""
    chunks = [range(start, min(start + CHUNK, len(pages))) for start in range(0, len(pages), CHUNK)]
    found: list[Optional[str]] = []
    before = set(multiprocessing.active_children())
    try:
        with ProcessPoolExecutor(min(workers, len(chunks)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_take_job, initargs=(render, pages)) as pool:
            for rendered in pool.map(_render_chunk, chunks):
                found += rendered
                progress(sum(1 for html in found if html is not None))
    except (BrokenProcessPool, OSError):
        for child in set(multiprocessing.active_children()) - before:  # forked before a later fork failed
            child.terminate()
            child.join()
        raise
    return found


def _take_job(render: Callable[..., str], pages: Sequence[object]) -> None:
    """In a worker, once: the render function and the pages (handed over by fork, not pickled)."""
    global _job
    _job = (render, pages)


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
