"""The browser suite's machinery: one built example site, one local server, one Chromium per session.

- The example site (and the hostile fixture, when a test asks for it) is built once per session
  into a temporary folder with `mkdocs build --strict`, and served by a threaded http.server on
  127.0.0.1 on a free port. When a test asks for it, the example site is also built the second
  way, `journeymaps generate` + `zensical build -f mkdocs.journeymaps.yml` (issue 14), and served
  the same way.
- One headless Debian Chromium for the whole session, driven by Playwright with executable_path,
  and one browser context per palette ('light', 'dark': the example's palette follows
  prefers-color-scheme).
- Every context routes '**/*': a request to any other host than the local server is aborted and
  recorded. Routing also turns off Chromium's HTTP cache, so request counts are the same each run.
- Every page gets collectors: console errors, uncaught page errors, failed requests (including
  HTTP >= 400), requests to other hosts, and a dialog counter (dialogs are dismissed).
- What each page type did (requests, axe result) is collected in a report, printed at the end of
  the run and written to build/browser-report.md.

Nothing is skipped: without Chromium, axe-core or mermaid the tests fail and say to run `make browser-deps`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import urlsplit

import pytest

from tests.helpers import generate, zensical

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "fixtures" / "hostile"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
MERMAID_JS = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
REPORT_FILE = Path(os.environ.get("JM_BROWSER_REPORT", REPO / "build" / "browser-report.md"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
# A fixed build date: mkdocs honours SOURCE_DATE_EPOCH (sitemap lastmod), so builds are comparable.
SOURCE_DATE_EPOCH = "1795392000"  # 2026-11-23
PALETTES = ("light", "dark")
PHONE = {"width": 390, "height": 844}


def escaping(selector: str) -> str:
    """JS: the elements matching `selector` that stick out of the viewport with no scroll box of
    their own between them and the page (tag, class and right edge; at most ten)."""
    return """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll('%s')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let up = el.parentElement, held = false;
    while (up && up !== document.body) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX)) { held = true; break; }
      up = up.parentElement;
    }
    if (!held) found.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} right=${Math.round(box.right)}`);
  }
  return found.slice(0, 10);
}""" % selector
INSTALL_HINT = "run `make browser-deps` (scripts/install-browser-deps.sh) to install it"

# The page types of the example site: name -> path. Every test module takes its pages from here.
PAGE_TYPES: dict[str, str] = {
    "journeys index": "/journeys/",
    "journey map": "/journeys/webshop/",
    "persona": "/journeys/webshop/personas/nieuwe-klant/",
    "phase": "/journeys/webshop/phases/do/",
    "journey backlog": "/journeys/webshop/backlog/",
    "journey decisions": "/journeys/webshop/decisions/",
    "decision": "/journeys/webshop/decisions/gratis-retour-via-winkel/",
    "journey history": "/journeys/webshop/history/",
    "team": "/teams/team-payments/",
    "persona across journeys": "/personas/nieuwe-klant/",
    "backlog": "/backlog/",
    "decisions": "/decisions/",
    "hand-written page with a chart": "/embedding-charts/",
    "home": "/",
    "teams index": "/teams/",
    "personas index": "/personas/",
    "leadership": "/leadership/",
}


# -- requirements ------------------------------------------------------------------------------

def chromium_path() -> str:
    path = os.environ.get("JM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail(f"Debian's Chromium is missing (looked for {path}): {INSTALL_HINT}", pytrace=False)
    return path


def axe_path() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS.relative_to(REPO)}): {INSTALL_HINT}", pytrace=False)
    return AXE_JS


def mermaid_path() -> Path:
    if not MERMAID_JS.is_file():
        pytest.fail(f"mermaid is missing ({MERMAID_JS.relative_to(REPO)}): {INSTALL_HINT}", pytrace=False)
    return MERMAID_JS


# -- building and serving ----------------------------------------------------------------------

def build_site(project: Path, out: Path) -> Path:
    """`mkdocs build --strict` of the project into `out`, as a user would run it; fails the test on error."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project, capture_output=True, text=True, env=env, timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build of {project} failed (rc {result.returncode}):\n{result.stderr[-4000:]}",
                    pytrace=False)
    return out


def copy_project(source: Path, target: Path, names: list[str], site_url: str) -> Path:
    """A copy of a site's sources whose site_url is the local server's address. Material's instant
    navigation only takes over links to URLs of the sitemap, and it matches their port too."""
    target.mkdir(parents=True)
    for name in names:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif (source / name).exists():
            shutil.copy2(source / name, target / name)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {site_url}", text)
    if not count:
        text = f"site_url: {site_url}\n" + text
    config.write_text(text, encoding="utf-8")
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class Server:
    root: Path
    base: str  # http://127.0.0.1:PORT
    httpd: http.server.ThreadingHTTPServer

    def url(self, path: str) -> str:
        return self.base + path


def bind(root: Path) -> Server:
    """A server bound to a free port on 127.0.0.1 (so the site can be built for its address);
    `start()` serves `root`, which may not exist yet when bound."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)


def start(server: Server) -> Server:
    threading.Thread(target=server.httpd.serve_forever, name=f"serve {server.root}", daemon=True).start()
    return server


def stop(server: Server) -> None:
    server.httpd.shutdown()
    server.httpd.server_close()


EXAMPLE_SOURCES = ["mkdocs.yml", "docs", "journeys", "overrides"]


@pytest.fixture(scope="session")
def example_server(tmp_path_factory):
    """The example site (a copy of the repository's mkdocs.yml, docs/, journeys/ and overrides/ with
    site_url set to the server's address), built once and served on 127.0.0.1."""
    base = tmp_path_factory.mktemp("example")
    server = bind(base / "site")
    project = copy_project(REPO, base / "project", EXAMPLE_SOURCES, server.base + "/")
    build_site(project, server.root)
    yield start(server)
    stop(server)


def build_with_zensical(project: Path) -> Path:
    """`journeymaps generate`, then `zensical build --strict -f mkdocs.journeymaps.yml`, in the
    project's folder, as docs/zensical.md tells a user; returns the built site (<project>/site:
    Zensical has no --site-dir). Fails the test on error."""
    generated = generate(project)
    if generated.returncode != 0 or "Traceback" in generated.stderr:
        pytest.fail(f"journeymaps generate in {project} failed (rc {generated.returncode}):\n"
                    f"{generated.stderr[-4000:]}", pytrace=False)
    built = zensical(project, "--strict", "-f", "mkdocs.journeymaps.yml")
    if built.returncode != 0:
        pytest.fail(f"zensical build of {project} failed (rc {built.returncode}):\n"
                    f"{(built.stdout + built.stderr)[-4000:]}", pytrace=False)
    return project / "site"


@pytest.fixture(scope="session")
def zensical_server(tmp_path_factory):
    """The example site as the previous fixture copies it, built with `journeymaps generate` and
    Zensical instead of the plugin, and served on 127.0.0.1 (site_url is the server's address, so
    instant navigation takes over its links)."""
    base = tmp_path_factory.mktemp("zensical")
    server = bind(base / "project" / "site")
    project = copy_project(REPO, base / "project", EXAMPLE_SOURCES, server.base + "/")
    build_with_zensical(project)
    yield start(server)
    stop(server)


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """tests/fixtures/hostile copied to a temporary folder, built with the installed plugin, served."""
    base = tmp_path_factory.mktemp("hostile")
    server = bind(base / "site")
    project = copy_project(HOSTILE, base / "project", [p.name for p in HOSTILE.iterdir()], server.base + "/")
    build_site(project, server.root)
    yield start(server)
    stop(server)


# -- the browser -------------------------------------------------------------------------------

@dataclass
class Probe:
    """What one page did while a test looked at it."""

    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors, failed requests and requests to other hosts, as readable lines."""
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"failed request: {r}" for r in self.failed]
                + [f"request to another host (blocked): {r}" for r in self.external]
                + [f"dialog opened: {d}" for d in self.dialogs])


class Browser:
    """One Chromium, one context per palette; every request to another host is aborted and recorded."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self.browser = self._pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken install: say how to fix it
            self._pw.stop()
            pytest.fail(f"could not launch Chromium: {exc}\n{INSTALL_HINT}", pytrace=False)
        self.external: list[str] = []  # every blocked request of the session, for the report
        self._probes: dict[object, Probe] = {}
        self.contexts = {palette: self._context(palette) for palette in PALETTES}

    def _context(self, palette: str, viewport: Optional[dict] = None):
        """A context in `palette` at `viewport` (default 1280 x 900); narrower than 600 px it is a
        phone (touch, mobile viewport). Requests to other hosts are aborted and recorded."""
        viewport = viewport or {"width": 1280, "height": 900}
        phone = viewport["width"] < 600
        context = self.browser.new_context(
            color_scheme=palette, viewport=viewport, locale="en-GB", service_workers="block",
            is_mobile=phone, has_touch=phone,
        )
        context.set_default_timeout(15_000)
        context.route("**/*", self._route)
        return context

    def new_context(self, palette: str, viewport: dict):
        """A context of the caller's own, at another size than the shared ones; the caller closes it."""
        return self._context(palette, viewport)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
            return
        self.external.append(url)
        try:
            probe = self._probes.get(route.request.frame.page)
        except Exception:  # a worker's request has no frame
            probe = None
        if probe is not None:
            probe.external.append(url)
        route.abort("blockedbyclient")

    def new_page(self, palette: str = "light") -> Probe:
        page = self.contexts[palette].new_page()
        probe = Probe(page)
        self._probes[page] = probe
        page.on("request", lambda r: probe.requests.append(r.url))
        page.on("console", lambda m: probe.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: probe.console_errors.append(f"uncaught: {e}"))

        def failed(request) -> None:
            if urlsplit(request.url).hostname == "127.0.0.1":
                probe.failed.append(f"{request.url} ({request.failure})")

        def response(resp) -> None:
            if resp.status >= 400:
                probe.failed.append(f"{resp.url} (HTTP {resp.status})")

        def dialog(d) -> None:
            probe.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("requestfailed", failed)
        page.on("response", response)
        page.on("dialog", dialog)
        return probe

    @contextlib.contextmanager
    def isolated_page(self, palette: str = "light"):
        """A page in a context of its own, for tests that change state kept per origin (Material
        stores a palette switch in localStorage) or that navigate away."""
        context = self._context(palette)
        self.contexts[f"isolated-{id(context)}"] = context
        try:
            yield self.new_page(f"isolated-{id(context)}")
        finally:
            del self.contexts[f"isolated-{id(context)}"]
            context.close()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.browser.close()
        self._pw.stop()


@pytest.fixture(scope="package")
def browser():
    """Package scope: Playwright's sync API allows one instance at a time, so a test module outside
    this package that needs a browser starts its own after this package is done."""
    chromium_path()
    instance = Browser()
    yield instance
    instance.close()


# -- helpers the tests use (as fixtures, so no test imports this module) ------------------------

def wait_for_charts(page, timeout: float = 15_000) -> int:
    """Scrolls each chart into view and waits until plotly has drawn it; returns the number of charts."""
    charts = page.locator(".jm-chart .jm-chart__plot")
    count = charts.count()
    for i in range(count):
        plot = charts.nth(i)
        plot.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => el.dataset.jmRendered === 'true' && el.querySelector('.main-svg')",
            arg=plot.element_handle(), timeout=timeout,
        )
    if count:
        page.evaluate("window.scrollTo(0, 0)")
    return count


def mark_old(page) -> None:
    """Marks the plots of the current page: wait_swapped waits until they are gone (Material
    changes the location before it swaps the content in)."""
    page.evaluate("document.querySelectorAll('.jm-chart__plot').forEach(el => el.dataset.jmOld = '1')")


def wait_swapped(page, target: str) -> None:
    page.wait_for_function("""t => location.href === t && !document.querySelector('[data-jm-old]')
        && document.querySelector('.md-content h1')""", arg=target)


def settle(page) -> None:
    """Lets late requests (search index, fonts, lazy scripts) happen before the collectors are read."""
    try:
        page.wait_for_load_state("networkidle", timeout=5_000)
    except Exception:  # a page that never goes idle is reported by the request collectors
        pass


@dataclass
class Visit:
    probe: Probe
    charts: int
    seconds: float


@pytest.fixture(scope="package")
def visit(browser, example_server) -> Callable[[str, str], Visit]:
    """Opens a page type of the example site once per palette and keeps it for every test that asks."""
    cache: dict[tuple[str, str], Visit] = {}

    def open_(page_type: str, palette: str) -> Visit:
        key = (page_type, palette)
        if key in cache:
            cache[key].probe.page.bring_to_front()  # a background page gets no animation frames
        else:
            start = time.perf_counter()
            probe = browser.new_page(palette)
            probe.page.goto(example_server.url(PAGE_TYPES[page_type]), wait_until="load")
            charts = wait_for_charts(probe.page)
            settle(probe.page)
            cache[key] = Visit(probe, charts, time.perf_counter() - start)
            REPORT.row(page_type, palette).update(
                path=PAGE_TYPES[page_type], requests=len(probe.requests), external=len(probe.external),
                problems=len(probe.problems()), charts=charts,
            )
        return cache[key]

    yield open_
    for v in cache.values():
        v.probe.page.close()


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    count: v.nodes.length,
  }));
}"""


@pytest.fixture(scope="session")
def run_axe() -> Callable[[object], list[dict]]:
    """Injects node_modules/axe-core/axe.min.js (no request: the script goes in inline) and runs it."""
    path = axe_path()

    def run(page) -> list[dict]:
        # Judge the page at rest, at the top: Material fades the tabs out while scrolled down, and
        # axe would measure the colours of a running transition.
        page.evaluate("window.scrollTo(0, 0)")
        size = page.viewport_size or {"width": 1280, "height": 900}
        page.mouse.move(size["width"] - 2, size["height"] - 2)  # off the header: no hover styles
        try:
            page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=3_000)
        except Exception:
            pass
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(path))
        return page.evaluate(AXE_RUN)

    return run


@pytest.fixture(scope="session")
def mermaid_js() -> str:
    """The text of node_modules/mermaid/dist/mermaid.min.js (pinned in package.json), for a test to
    put into a page inline: no request."""
    return mermaid_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def charts_ready() -> Callable[[object], int]:
    return wait_for_charts


# -- the report ----------------------------------------------------------------------------------

class Report:
    """Per page type and palette: requests, blocked requests, problems, axe result, charts."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict] = {}
        self.notes: list[str] = []

    def row(self, page_type: str, palette: str) -> dict:
        return self.rows.setdefault((page_type, palette), {})

    def render(self) -> str:
        lines = [
            "# Browser suite report", "",
            "Written by tests/browser at the end of a run. Requests: every request the page made on load",
            "(HTTP cache off); other hosts: requests to any host but 127.0.0.1 (blocked); problems: console",
            "errors + failed requests + other-host requests + dialogs; axe: serious/critical violations",
            "(all violations in brackets); charts: `.jm-chart` figures rendered on the page.", "",
            "| page type | path | palette | requests | other hosts | problems | axe serious+critical (all) | charts |",
            "| --- | --- | --- | ---: | ---: | ---: | --- | ---: |",
        ]
        order = list(PAGE_TYPES)
        for (page_type, palette), r in sorted(
            self.rows.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99, kv[0][1])
        ):
            axe = r.get("axe")
            axe_text = "not run" if axe is None else (
                f"{axe['serious']} ({axe['all']})" + (f": {', '.join(axe['ids'])}" if axe["ids"] else ""))
            lines.append(
                f"| {page_type} | `{r.get('path', '')}` | {palette} | {r.get('requests', '')} | "
                f"{r.get('external', '')} | {r.get('problems', '')} | {axe_text} | {r.get('charts', '')} |"
            )
        if self.notes:
            lines += ["", "## Notes", ""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines) + "\n"


REPORT = Report()


@pytest.fixture(scope="session")
def report() -> Report:
    return REPORT


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not REPORT.rows and not REPORT.notes:
        return
    text = REPORT.render()
    try:
        REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
        REPORT_FILE.write_text(text, encoding="utf-8")
        where = f" (also in {REPORT_FILE})"
    except OSError:
        where = ""
    terminalreporter.section(f"journeymaps browser report{where}")
    terminalreporter.write(text)


@pytest.fixture(scope="module")
def phone(browser):
    """A phone-sized context (390 x 844, touch) per palette."""
    contexts = {palette: browser.new_context(palette, PHONE) for palette in PALETTES}
    yield contexts
    for context in contexts.values():
        context.close()
