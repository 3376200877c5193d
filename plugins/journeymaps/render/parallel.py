"""Many generated pages drawn in forked worker processes: the same HTML as in one process, sooner.

Jinja renders in Python, on one CPU. `render_all` hands every page to workers and waits for them
all (the Zensical path, and MkDocs builds that must draw everything before site/ is emptied);
`draw_ahead` starts workers and returns at once, and `Drawing.html(i)` waits for page i only:
the MkDocs plugin takes each page as MkDocs comes to write it, so drawing overlaps MkDocs' own
work (plugin.py, `_draws_ahead`). Inside `mkdocs build` of the benchmark site
(benchmarks/site_bench.py: 20 journeys, 379 generated pages) on 2 CPUs, drawing them took 1.7 s
in one process and 1.1 s in two workers; drawn ahead by one worker and this process while MkDocs
works, the build went from 1.64 to 1.18 times a plain Material site's time (medians of four runs
side by side; docs/configuration.md). The workers are forked after the site is analysed, so they
inherit the analysis, the templates and the render function: only chunk numbers go to them, and
their pages come back in files (see `_render_chunk`).

Pages render in this process, one after the other, where forking is not safe: other than on
Linux (macOS' system libraries are not fork-safe, Windows has no fork), while another thread of
this process runs (a forked child gets a copy of locks that thread may hold; `mkdocs serve`
rebuilds in a thread beside its web server), in a daemonic process (which may have no children).
Also with one CPU and for fewer than PARALLEL_FROM pages (a `mkdocs serve` rebuild draws one
journey's pages again: render/cache.py). A page whose template fails in a worker is rendered
again here, so its error is raised as it would be without workers.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Optional, Sequence, TypeVar

P = TypeVar("P")

PARALLEL_FROM = 100  # pages: fewer take about a third of a second in one process, too little for workers to pay
CHUNK = 10  # pages a worker renders per round trip: small, so the slow journey pages spread evenly
MAX_WORKERS = 8

# The job a worker renders from: set in each worker by the pool's initializer (inherited, not pickled).
_job: Optional[tuple[Callable[..., str], Sequence[object], str, Any]] = None


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


def forks(count: int, workers: Optional[int] = None, at_least: Optional[int] = None) -> int:
    """The workers to fork for `count` pages: 0 when they render in this process (no `workers`,
    fewer than `at_least` pages (default PARALLEL_FROM), or forking not safe: see `can_fork`).
    `workers` default: one per CPU but one, at most MAX_WORKERS: this process renders too, the
    pages no worker has begun while it would wait (Drawing.html), or it writes the site."""
    if workers is None:
        workers = min(cpus() - 1, MAX_WORKERS)
    if workers < 1 or count < max(at_least if at_least is not None else PARALLEL_FROM, 2) or not can_fork():
        return 0
    return min(workers, -(-count // CHUNK))


def render_all(pages: Sequence[P], render: Callable[[P], str], workers: Optional[int] = None,
               progress: Callable[[int], None] = lambda done: None, at_least: Optional[int] = None,
               note: Callable[[str], None] = lambda text: None) -> list[str]:
    """`render(page)` of every page, in their order.

    `workers` and `at_least` as in `forks`: the pages render in this process when it says 0.
    `progress(done)` is told how many pages have been rendered: after each page in this process,
    after each CHUNK from workers. `note(text)` is told when the workers failed and the pages
    render here instead. Raises what `render` raises for the first page that fails (rendered
    again in this process)."""
    count = forks(len(pages), workers, at_least)
    if not count:
        return _serial(pages, render, progress)
    drawing = draw_ahead(pages, render, count, note)
    if drawing is None:
        return _serial(pages, render, progress)
    found: list[str] = []
    try:
        for index in range(len(pages)):
            found.append(drawing.html(index))
            if len(found) % CHUNK == 0 or len(found) == len(pages):
                progress(len(found))
    finally:
        drawing.close()
    return found


class Drawing:
    """Pages that forked workers render while this process goes on: `html(index)` waits for that
    page only. The MkDocs plugin starts it before MkDocs reads and lays out the site, and takes
    each page's HTML as MkDocs writes it, so drawing and writing overlap (plugin.py).

    Raises BrokenProcessPool or OSError when the workers cannot be forked, any forked already
    stopped. Call `close()` once done, or to give up (it stops the workers)."""

    def __init__(self, pages: Sequence[P], render: Callable[[P], str], workers: int,
                 note: Callable[[str], None] = lambda text: None) -> None:
        self._pages, self._render, self._note = pages, render, note
        before = set(multiprocessing.active_children())
        self._broken = False
        self._here: dict[int, list[Optional[str]]] = {}  # chunk number -> its pages, rendered in this process
        count = -(-len(pages) // CHUNK)
        context = multiprocessing.get_context("fork")
        # Per chunk, whether a worker or this process took it: the one that sets it draws it. This
        # process takes chunks so, not by cancelling their futures: CPython 3.11's pool, when a
        # worker dies, fails on a cancelled future and prints its error (InvalidStateError).
        self._claims = context.Array("b", count)
        self._folder = tempfile.mkdtemp(prefix="journeymaps-pages-")  # where workers leave the pages they drew
        self._workers: set[multiprocessing.process.BaseProcess] = set()
        self._chunks: list[Future[str]] = []  # each chunk's file of pages ("" when this process took it)
        try:
            self._pool = ProcessPoolExecutor(min(workers, count), mp_context=context, initializer=_take_job,
                                             initargs=(render, pages, self._folder, self._claims, os.getpid()))
        except (BrokenProcessPool, OSError):
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        # What the workers inherit is frozen for their garbage collector, which then never walks
        # the analysis and templates again (Python's advice before a fork; the benchmark site's
        # pages drew 4-7% faster). This process unfreezes its own at once.
        gc.freeze()
        try:
            self._chunks = [self._pool.submit(_render_chunk, number) for number in range(count)]  # the first forks
        except (BrokenProcessPool, OSError):
            self._workers = set(multiprocessing.active_children()) - before
            self.close()  # and the workers forked before a later fork failed
            raise
        finally:
            gc.unfreeze()
        self._workers = set(multiprocessing.active_children()) - before

    def html(self, index: int) -> str:
        """The HTML of page `index`, from its worker. While it is not there yet, this process
        renders the last chunks of pages no worker has begun (rather than wait). Rendered here
        again when its render failed (raising what `render` raises), and here too when the
        workers failed (said once through `note`; the workers are stopped, later pages render
        here)."""
        number = index // CHUNK
        if number not in self._here and not self._broken:
            try:
                self._help_until_done(number)
                if number not in self._here:
                    self._here[number] = _load(self._chunks[number].result())
            except (BrokenProcessPool, OSError) as exc:  # a worker killed (out of memory, say)
                self._broken = True
                self._note(_fallback(exc))
                self.close()
        found = self._here.get(number, [None] * CHUNK)[index % CHUNK]
        return found if found is not None else self._render(self._pages[index])

    def _help_until_done(self, awaited: int) -> None:
        """Render here, from the last, the chunks no worker has taken, until chunk `awaited` is
        drawn (or was taken here itself): this process would only wait meanwhile."""
        while awaited not in self._here and not self._chunks[awaited].done():
            number = next((n for n in range(len(self._chunks) - 1, -1, -1)
                           if n not in self._here and _claim(self._claims, n)), None)
            if number is None:
                return  # every chunk left is being drawn by a worker: wait for it
            self._here[number] = _rendered(self._render, self._pages, _chunk(number, len(self._pages)))

    def close(self) -> None:
        """Stop the workers: pages no worker has begun are dropped, and a chunk a worker is
        drawing is finished first (a tenth of a second or so). A worker is not killed: killed
        while it hands pages back, it would leave the pool waiting for the rest of them for ever."""
        try:
            self._pool.shutdown(wait=True, cancel_futures=True)
            for child in self._workers:  # still alive only when a later fork failed: idle, waiting for work
                if child.is_alive():
                    child.terminate()
                    child.join()
        finally:  # a second Ctrl-C during the shutdown, say
            shutil.rmtree(self._folder, ignore_errors=True)


def draw_ahead(pages: Sequence[P], render: Callable[[P], str], workers: int,
               note: Callable[[str], None] = lambda text: None) -> Optional[Drawing]:
    """`workers` forked workers drawing `pages` (Drawing), or None when they cannot be forked (said
    through `note`: the pages are then rendered in this process, by the caller)."""
    try:
        return Drawing(pages, render, workers, note)
    except (BrokenProcessPool, OSError) as exc:  # no process to be had: Drawing stopped those it forked
        note(_fallback(exc))
        return None


def _fallback(exc: BaseException) -> str:
    return f"rendering in worker processes failed ({exc or type(exc).__name__}); rendering in this one"


def _serial(pages: Sequence[P], render: Callable[[P], str], progress: Callable[[int], None]) -> list[str]:
    found = []
    for page in pages:
        found.append(render(page))
        progress(len(found))
    return found


def _take_job(render: Callable[..., str], pages: Sequence[object], folder: str, claims: Any, parent: int) -> None:
    """In a worker, once: the render function, the pages (handed over by fork, not pickled), the
    folder to leave the pages it draws in and the chunks' claims. Ctrl-C in the terminal reaches
    the whole process group: a worker ignores it, and the build stops its workers itself
    (Drawing.close). When the build's process dies (killed, or stopped by SIGTERM as CI does), the
    worker gets SIGTERM: it would otherwise wait for work for ever."""
    global _job
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    _job = (render, pages, folder, claims)


def _die_with_parent(parent: int) -> None:
    """Linux's PR_SET_PDEATHSIG: SIGTERM to this process when the one that forked it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG (linux/prctl.h)
    except (OSError, AttributeError):  # no such call here: the worker lives until its work ends
        return
    if os.getppid() != parent:  # it died before that was set
        os._exit(0)


def _claim(claims: Any, number: int) -> bool:
    """Take chunk `number` for the calling process: False when a worker or the build's process
    took it already."""
    with claims.get_lock():
        if claims[number]:
            return False
        claims[number] = 1
        return True


def _chunk(number: int, count: int) -> range:
    """The indexes of the pages in chunk `number` of `count` pages."""
    return range(number * CHUNK, min((number + 1) * CHUNK, count))


def _render_chunk(number: int) -> str:
    """In a worker: draws the job's pages of chunk `number` (see `_rendered`) into a file of the
    job's folder and gives its path, or "" when the build's process took the chunk. The pages go
    through a file, not back through the pool's pipe: a worker killed while it wrote a chunk (some
    300 KB) into the pipe left the pool's thread waiting for the rest for ever, and the build with
    it; a path is written in one piece."""
    assert _job is not None, "a worker runs only in a process forked by render_all"
    render, pages, folder, claims = _job
    if not _claim(claims, number):
        return ""
    indexes = _chunk(number, len(pages))
    path = os.path.join(folder, f"{number}.pickle")
    found = _rendered(render, pages, indexes)
    with open(path + ".part", "wb") as file:
        pickle.dump(found, file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(path + ".part", path)
    return path


def _load(path: str) -> list[Optional[str]]:
    """The pages a worker left at `path` (a file in this process's own temporary folder), which
    is removed."""
    with open(path, "rb") as file:
        found: list[Optional[str]] = pickle.load(file)
    os.unlink(path)
    return found


def _rendered(render: Callable[..., str], pages: Sequence[Any], indexes: range) -> list[Optional[str]]:
    """The HTML of `pages` at `indexes`, None where rendering raised (rendered again when the
    page is asked for, to raise the error there, in order: an exception may not survive pickling)."""
    found: list[Optional[str]] = []
    for index in indexes:
        try:
            found.append(render(pages[index]))
        except Exception:  # noqa: BLE001 - raised again in the parent, with its traceback
            found.append(None)
    return found
