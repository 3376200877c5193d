"""Pages rendered on every CPU (render/parallel.py): the same HTML as in one process, in the
same order, and a failing template still stops the build naming its page."""

from __future__ import annotations

import datetime as dt
import errno
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
import types

import jinja2
import pytest
from mkdocs.exceptions import Abort

from tests.helpers import REPO, Serve, write

from journeymaps.analysis import AnalysisSettings
from journeymaps.pipeline import analyse
from journeymaps.render import Renderer
from journeymaps.render import parallel
from journeymaps.render.parallel import render_all

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


@pytest.fixture
def single_thread(monkeypatch):
    """This test process as if no other thread ran: the browser suite's web servers run in
    threads of the same pytest process (the check itself is tested below, with a thread of its own)."""
    monkeypatch.setattr(parallel, "threading", types.SimpleNamespace(active_count=lambda: 1))


def _by_pid(render):
    """`render` with the id of the process that ran it in front, to tell workers' pages apart."""
    return lambda page: f"{os.getpid()}\n{render(page)}"


def test_pages_rendered_by_workers_are_the_pages_rendered_alone(single_thread):
    renderer = Renderer(analyse(REPO, "journeys", AnalysisSettings(today=dt.date(2026, 11, 23))), language="en")
    pages = renderer.pages()
    alone = [renderer.render(page) for page in pages]

    found = render_all(pages, _by_pid(renderer.render), workers=2, at_least=0)

    pids = {text.split("\n", 1)[0] for text in found}
    assert pids - {str(os.getpid())}  # forked workers rendered pages (this process helps, as it would wait)
    assert [text.split("\n", 1)[1] for text in found] == alone


def test_this_process_renders_the_last_pages_rather_than_wait(single_thread):
    parent = os.getpid()

    def render(n: int) -> str:
        time.sleep(0.05 if os.getpid() != parent else 0.02)  # a slow worker; this process, busy too, starts at the back
        return str(os.getpid())

    drawn_here: list[int] = []

    def counted(n: int) -> str:
        if os.getpid() == parent:
            drawn_here.append(n)
        return render(n)

    found = render_all(list(range(40)), counted, workers=1, at_least=0)

    assert found[0] != str(parent)  # the worker began at the front
    assert found[-1] == str(parent)  # this process took the chunks at the back meanwhile
    assert len(drawn_here) == len(set(drawn_here)) >= 2 * parallel.CHUNK  # each once, more than one chunk


def test_the_first_page_that_fails_raises_its_own_error_here(single_thread):
    def render(n: int) -> str:
        if n in (13, 27):
            raise ValueError(f"page {n} failed")
        return f"<p>{n}</p>"

    with pytest.raises(ValueError, match="^page 13 failed$"):
        render_all(list(range(40)), render, workers=2, at_least=0)
    assert render_all(list(range(40)), lambda n: f"<p>{n}</p>", workers=2, at_least=0) == [f"<p>{n}</p>" for n in range(40)]


def test_progress_counts_up_to_every_page(single_thread):
    seen: list[int] = []
    render_all(list(range(35)), str, workers=2, at_least=0, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 35 and len(seen) == -(-35 // parallel.CHUNK)


def test_few_pages_render_in_this_process():
    pids = render_all(list(range(5)), lambda n: str(os.getpid()), workers=2)  # fewer than PARALLEL_FROM
    assert set(pids) == {str(os.getpid())}


def test_a_broken_template_override_stops_the_build_naming_its_page(site, monkeypatch, caplog, single_thread):
    """A template error inside a worker is the same error as without workers: the build stops
    before anything is written, naming the template and the page."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    text = (site / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(site, {"mkdocs.yml": text, "overrides/journeymaps/persona.html":
                 '{% extends "journeymaps/base.html" %}{% block body %}{{ persona.no_such_field }}{% endblock %}'})
    with pytest.raises(Abort):
        Serve(site).build()
    assert re.search(r"template journeymaps/persona\.html failed for journeys/webshop/personas/\w+\.md: .*no_such_field",
                     caplog.text)
    assert not (site / "site").exists()


def _pids(n: int = 30, **options) -> set[str]:
    """The processes that rendered n pages with two workers asked for."""
    return set(render_all(list(range(n)), lambda page: str(os.getpid()), workers=2, at_least=0, **options))


def test_pages_render_here_while_another_thread_runs():
    """A forked child gets a copy of every lock another thread may hold: `mkdocs serve` rebuilds
    in a thread beside its web server, so its rebuilds render in their own process."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _pids() == {str(os.getpid())}
    finally:
        stop.set()
        other.join()


def _in_daemon(queue) -> None:
    queue.put(_pids())


def test_a_daemonic_process_renders_its_pages_itself():
    """A multiprocessing pool's workers are daemonic, and a daemonic process may have no children."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    daemon = context.Process(target=_in_daemon, args=(queue,), daemon=True)
    daemon.start()
    pids = queue.get(timeout=60)
    daemon.join(timeout=60)
    assert daemon.exitcode == 0 and pids == {str(daemon.pid)}


def test_when_a_worker_dies_the_pages_render_here_and_it_is_said(single_thread):
    parent = os.getpid()

    def render(n: int) -> str:
        if os.getpid() == parent:
            time.sleep(0.05)  # this process is slow to help: the workers take the first chunks
        elif n == 17:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return f"<p>{n}</p>"

    notes: list[str] = []
    assert render_all(list(range(40)), render, workers=2, at_least=0, note=notes.append) == [f"<p>{n}</p>" for n in range(40)]
    assert len(notes) == 1 and "this one" in notes[0]
    assert multiprocessing.active_children() == []


def test_when_the_second_worker_cannot_be_forked_the_first_is_stopped(monkeypatch, single_thread):
    real_fork, forks = os.fork, []

    def fork() -> int:
        forks.append(1)
        if len(forks) == 2:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    notes: list[str] = []
    assert render_all(list(range(30)), str, workers=2, at_least=0, note=notes.append) == [str(n) for n in range(30)]
    assert len(forks) == 2 and len(notes) == 1
    assert multiprocessing.active_children() == []  # the first worker does not outlive the render


def _build(site, monkeypatch, *, cpus: int):
    """Build `site` as `mkdocs build` would with `cpus` CPUs, every page count worth workers.
    Returns the plugin and the ids of the processes that rendered its generated pages."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cpus", lambda: cpus)
    pids = site / "pids"
    pids.mkdir(exist_ok=True)
    real = Renderer.render

    def render(self, page):
        (pids / str(os.getpid())).touch()
        return real(self, page)

    monkeypatch.setattr(Renderer, "render", render)
    serve = Serve(site)
    serve.build()
    return serve, {p.name for p in pids.iterdir()}


def _pages(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_drawn_while_mkdocs_reads_the_site_make_the_same_site(site, monkeypatch, single_thread):
    """With 2 CPUs one worker draws the pages while MkDocs reads and lays out the site, and each
    page comes in as MkDocs writes it: the site is the one a single process builds, search index
    and tables of contents included."""
    _, pids = _build(site, monkeypatch, cpus=1)
    alone = _pages(site / "site")
    (site / "pids").rename(site / "pids-alone")
    assert pids == {str(os.getpid())}

    serve, pids = _build(site, monkeypatch, cpus=2)

    assert len(pids - {str(os.getpid())}) == 1  # one forked worker drew them (this process helps when it waits)
    assert _pages(site / "site") == alone
    assert serve.plugin._ahead is None and multiprocessing.active_children() == []  # stopped with the build


HOOKS = {
    "on_page_content": "def on_page_content(html, page, **kwargs):\n"
                       "    SEEN[page.file.src_uri] = html\n"
                       "    return html\n",
    "on_env": "def on_env(env, config, files, **kwargs):\n"
              "    for file in files.documentation_pages():\n"
              "        SEEN[file.src_uri] = file.page.content\n",
    "on_page_context before journeymaps": "from mkdocs.plugins import event_priority\n"
                                          "@event_priority(150)\n"
                                          "def on_page_context(context, page, **kwargs):\n"
                                          "    SEEN[page.file.src_uri] = page.content\n",
}


@pytest.mark.parametrize("event", sorted(HOOKS))
def test_a_plugin_reading_pages_early_gets_every_generated_page_whole(site, monkeypatch, single_thread, event):
    """A hook (or plugin) that reads pages' HTML before journeymaps hands a page drawn ahead over
    (on_page_content, on_env, an earlier on_page_context) gets each generated page whole: the
    pages are then drawn before MkDocs reads the site."""
    write(site, {"hooks.py": "SEEN = {}\n" + HOOKS[event]})
    text = (site / "mkdocs.yml").read_text() + "hooks:\n  - hooks.py\n"
    write(site, {"mkdocs.yml": text})
    serve, _ = _build(site, monkeypatch, cpus=2)
    plugin = serve.plugin
    hook = next(p for name, p in serve.config.plugins.items() if "hooks" in name)
    assert set(plugin.pages) <= set(hook.SEEN)
    for uri in plugin.pages:
        assert hook.SEEN[uri] == plugin.html[uri]


def test_a_page_that_fails_while_drawn_ahead_stops_the_build_naming_it(site, monkeypatch, caplog, single_thread):
    """A template of the package's own that fails on one page (a bug: no input of the site's may
    make it) stops the build with the template and the page, and no worker outlives it."""
    real = Renderer.render

    def render(self, page):
        if page.src_uri.endswith("personas/index.md"):
            raise jinja2.UndefinedError("'Persona' object has no attribute 'no_such_field'")
        return real(self, page)

    monkeypatch.setattr(Renderer, "render", render)
    with pytest.raises(Abort):
        _build(site, monkeypatch, cpus=2)
    assert re.search(r"template journeymaps/\w+\.html failed for personas/index\.md: .*no_such_field", caplog.text)
    assert multiprocessing.active_children() == []


def test_ctrl_c_while_pages_are_drawn_ahead_leaves_no_worker(site, monkeypatch, single_thread):
    """Ctrl-C raises KeyboardInterrupt, for which MkDocs calls no on_build_error, only
    on_shutdown (`mkdocs build` and `serve` call it in a finally): the workers stop there."""
    write(site, {"hooks.py": "def on_page_context(context, page, **kwargs):\n"
                             "    raise KeyboardInterrupt\n"})
    write(site, {"mkdocs.yml": (site / "mkdocs.yml").read_text() + "hooks:\n  - hooks.py\n"})
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(site / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with pytest.raises(KeyboardInterrupt):
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    assert config.plugins["journeymaps"]._ahead is None
    assert multiprocessing.active_children() == []


def _draw_for_ever(queue) -> None:
    """In a process of its own: slow pages in two workers, telling their process ids."""
    def render(n: int) -> str:
        time.sleep(1)
        return str(n)

    drawing = parallel.draw_ahead(list(range(100)), render, 2)
    assert drawing is not None
    queue.put(sorted(child.pid for child in multiprocessing.active_children()))
    drawing.html(99)


def test_workers_die_with_the_build_that_forked_them(single_thread, tmp_path, monkeypatch):
    """A build killed (or stopped by SIGTERM, as CI does when a job is cancelled) leaves no
    worker waiting for work for ever."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the killed build's page folder stays there
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    build = context.Process(target=_draw_for_ever, args=(queue,))
    build.start()
    workers = queue.get(timeout=60)
    assert len(workers) == 2
    os.kill(build.pid, signal.SIGKILL)
    build.join()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") and
                                              "zombie" not in open(f"/proc/{pid}/status").read() for pid in workers):
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{pid}") and "zombie" not in open(f"/proc/{pid}/status").read()
                   for pid in workers)


def test_no_pool_to_be_had_leaves_no_folder_behind(monkeypatch, tmp_path, single_thread):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def no_pool(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    notes: list[str] = []
    assert render_all(list(range(30)), str, workers=2, at_least=0, note=notes.append) == [str(n) for n in range(30)]
    assert len(notes) == 1 and list(tmp_path.iterdir()) == []
