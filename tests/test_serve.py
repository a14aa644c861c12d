"""`llmdiff serve`: live reload, errors in the page, a server that never dies, and safe paths."""

from __future__ import annotations

import http.client
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llmdiff_site import serve as serve_module
from llmdiff_site.build import gather_site
from llmdiff_site.project import Project
from llmdiff_site.serve import Preview, resolve_request_path
from tests.conftest import PAGE, REPO, run_cli

WAIT = 15.0


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    """A preview of a copy of the default site on a free loopback port."""
    server = Preview(Project.at(site), "127.0.0.1", 0)
    first = server.start()
    assert first.ok
    yield server
    server.stop()


class Events:
    """Reads the Server-Sent Events stream in a thread; `next()` returns each state in turn.

    The stream ends when the preview stops (its fixture's teardown), which ends the thread.
    """

    def __init__(self, url: str) -> None:
        self.items: queue.Queue[dict[str, Any]] = queue.Queue()
        self.response = urllib.request.urlopen(url + "__llmdiff__/events", timeout=WAIT)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    self.items.put(json.loads(line.removeprefix("data: ")))
        except (OSError, ValueError):
            return

    def next(self) -> dict[str, Any]:
        """The next state event, or a test failure after WAIT seconds."""
        return self.items.get(timeout=WAIT)


def fetch(url: str) -> str:
    """A page's text."""
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        return str(response.read().decode("utf-8"))


def raw_request(url: str, method: str, path: str) -> int:
    """Send a request with the path exactly as given (no client-side normalising)."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=WAIT)
    connection.putrequest(method, path, skip_accept_encoding=True)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file the way an editor saves it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_reloads_and_serves_new_text(preview: Preview, site: Path) -> None:
    """Saving a YAML file sends a reload event and the page shows the new text."""
    events = Events(preview.url)
    assert events.next() == {"generation": 1, "css_only": False, "problems": []}
    replace_in(site / PAGE, "title: LLMs vs Diffusion Models", "title: LLMs vs Diffusion, Live")
    state = events.next()
    assert state["generation"] == 2 and state["problems"] == [] and not state["css_only"]
    assert '<h1 class="hero-title">LLMs vs Diffusion, Live</h1>' in fetch(preview.url)


def test_broken_yaml_keeps_old_page_and_reports_until_fixed(preview: Preview, site: Path) -> None:
    """Bad content: old page still served, diagnostic with file and line sent; fixing clears it."""
    events = Events(preview.url)
    events.next()
    hero = site / PAGE
    good = hero.read_text(encoding="utf-8")
    hero.write_text(good.replace("title: LLMs vs Diffusion Models", "title: [unclosed"), encoding="utf-8")
    state = events.next()
    assert state["generation"] == 1
    [problem] = state["problems"]
    assert problem["location"].startswith(f"{PAGE}:")
    assert problem["location"].split(":")[1].isdigit()
    assert "YAML syntax error" in problem["message"]
    assert '<h1 class="hero-title">LLMs vs Diffusion Models</h1>' in fetch(preview.url)
    status = json.loads(fetch(preview.url + "__llmdiff__/status"))
    assert status["problems"][0]["location"] == problem["location"]

    hero.write_text(good, encoding="utf-8")
    state = events.next()
    assert state["problems"] == [] and state["generation"] == 2


def test_a_file_name_that_is_not_utf8_is_reported_and_watching_goes_on(preview: Preview, site: Path) -> None:
    """A family saved under a name that is not UTF-8: the preview reports it at its place (the file
    watcher itself cannot name it and is started again), and once it is gone edits show again."""
    events = Events(preview.url)
    events.next()
    bad = os.fsencode(site / "content/families") + b"/caf\xe9.yaml"
    try:
        with open(bad, "wb") as handle:  # noqa: PTH123 (the name is bytes, which no Path holds as they are)
            handle.write((site / "content/families/llm.yaml").read_bytes().replace(b"id: llm", b"id: cafe"))
    except OSError as exc:  # macOS and some file systems refuse such names outright
        pytest.skip(f"this file system refuses names that are not UTF-8: {exc}")
    state = events.next()
    assert [p["location"] for p in state["problems"]] == ["content/families/caf\\xe9.yaml"], state
    os.unlink(bad)  # noqa: PTH108
    assert events.next()["problems"] == []
    replace_in(site / PAGE, "title: LLMs vs Diffusion Models", "title: LLMs vs Diffusion, Again")
    deadline = time.monotonic() + WAIT
    while "LLMs vs Diffusion, Again" not in fetch(preview.url):  # the watcher still sees edits
        assert time.monotonic() < deadline, "the edit never showed: the watcher stopped"
        time.sleep(0.1)


def test_css_change_is_marked_css_only(preview: Preview, site: Path) -> None:
    """A stylesheet-only change lets pages swap styles without a full reload."""
    events = Events(preview.url)
    events.next()
    with (site / "static/css/style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.hero-title { letter-spacing: 0; }\n")
    state = events.next()
    assert state["css_only"] is True and state["generation"] == 2
    assert ".hero-title { letter-spacing: 0; }" in fetch(preview.url + "css/style.css")


def test_requests_during_a_rebuild_wait_for_it(preview: Preview, site: Path, monkeypatch: Any) -> None:
    """A request that arrives mid-rebuild gets the new site, never the old or a half one."""
    real = serve_module.rebuild_in_memory

    def slow(project: Project, previous: Any = None) -> Any:
        time.sleep(0.6)
        return real(project, previous)

    monkeypatch.setattr(serve_module, "rebuild_in_memory", slow)
    replace_in(site / PAGE, "title: LLMs vs Diffusion Models", "title: Slow rebuild")
    rebuild = threading.Thread(target=preview.rebuild, args=([PAGE],))
    rebuild.start()
    time.sleep(0.2)
    assert '<h1 class="hero-title">Slow rebuild</h1>' in fetch(preview.url)
    rebuild.join()


def test_served_pages_get_the_client_but_built_files_do_not(preview: Preview, site: Path) -> None:
    """The reload script is injected only when serving."""
    assert "/__llmdiff__/client.js" in fetch(preview.url)
    assert "EventSource" in fetch(preview.url + "__llmdiff__/client.js")
    assert run_cli(site, "build").exit_code == 0
    for path in (site / "build").rglob("*"):
        if path.is_file():
            assert b"__llmdiff__" not in path.read_bytes(), path


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/css/..%2f..%2f..%2fetc/passwd",
    "/css/../../../etc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "//etc/passwd",
    "/index.html%00.css",
    "/css%2fstyle.css",
    "/.%2e/.%2e/etc/passwd",
    "/content/site.yaml",
    "/../content/site.yaml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_is_refused(preview: Preview, path: str) -> None:
    """Nothing outside the built site is ever served."""
    assert raw_request(preview.url, "GET", path) in (400, 404)


def test_symlink_out_of_static_is_never_served(preview: Preview, site: Path, tmp_path: Path) -> None:
    """A link to a file outside static/ is refused by the build, so it is never served."""
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    events = Events(preview.url)
    events.next()
    (site / "static/secret.txt").symlink_to(secret)
    state = events.next()
    assert "link points outside the static folder" in state["problems"][0]["message"]
    assert raw_request(preview.url, "GET", "/secret.txt") == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_only_get_and_head(preview: Preview, method: str) -> None:
    """Every method but GET and HEAD is refused with 405."""
    assert raw_request(preview.url, method, "/") == 405
    assert raw_request(preview.url, "HEAD", "/") == 200


def test_content_types_and_missing_pages(preview: Preview) -> None:
    """HTML and CSS carry their types; a missing page is 404."""
    with urllib.request.urlopen(preview.url, timeout=WAIT) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    with urllib.request.urlopen(preview.url + "css/style.css", timeout=WAIT) as response:
        assert response.headers["Content-Type"] == "text/css; charset=utf-8"
    assert raw_request(preview.url, "GET", "/nope.html") == 404
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(preview.url + "deep/nope/", timeout=WAIT)
    assert missing.value.code == 404
    assert "Page not found" in missing.value.read().decode("utf-8"), "the site's own 404.html"


def test_resolve_request_path() -> None:
    """Folders map to their index, a folder without slash redirects, odd paths are refused."""
    files = {"index.html", "a/index.html", "css/style.css"}
    assert resolve_request_path("/", files) == ("index.html", None)
    assert resolve_request_path("/a/", files) == ("a/index.html", None)
    assert resolve_request_path("/a", files) == (None, "/a/")
    assert resolve_request_path("/css/style.css?v=3", files) == ("css/style.css", None)
    assert resolve_request_path("/css/%73tyle.css", files) == ("css/style.css", None)
    assert resolve_request_path("/.git/config", files) == (None, None)


def test_serve_command_prints_url_and_stops_on_ctrl_c(site: Path) -> None:
    """`llmdiff serve --port 0` prints its URL, serves, and exits 0 on Ctrl-C."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmdiff_site", "serve", "--port", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        assert lines[0].startswith("Built: 2 pages, 7 files in ")  # no social card in the preview
        assert lines[1].startswith("Serving on http://127.0.0.1:")
        url = lines[1].split()[2]
        assert "LLMs vs Diffusion Models" in fetch(url)
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 0, err
    assert "Stopping" in out


def test_serve_starts_even_with_broken_content(site: Path) -> None:
    """Broken content at start: the server runs and reports; the page comes once it is fixed."""
    hero = site / PAGE
    good = hero.read_text(encoding="utf-8")
    hero.write_text("hero: [\n", encoding="utf-8")
    server = Preview(Project.at(site), "127.0.0.1", 0)
    try:
        assert not server.start().ok
        assert raw_request(server.url, "GET", "/") == 503
        events = Events(server.url)
        assert events.next()["problems"][0]["location"].startswith(f"{PAGE}:")
        hero.write_text(good, encoding="utf-8")
        assert events.next() == {"generation": 1, "css_only": False, "problems": []}
        assert "LLMs vs Diffusion Models" in fetch(server.url)
    finally:
        server.stop()


@pytest.mark.browser
def test_open_page_reloads_and_shows_overlay(preview: Preview, site: Path, browser: Any) -> None:
    """In Chromium: an edit reloads the page by itself; a bad edit shows the overlay; a fix removes it."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(preview.url)
    page.wait_for_function("document.body.innerText.length > 0")
    page.wait_for_timeout(300)
    hero = site / PAGE
    replace_in(hero, "title: LLMs vs Diffusion Models", "title: Reloaded by itself")
    page.locator("h1", has_text="Reloaded by itself").wait_for(timeout=WAIT * 1000)

    good = hero.read_text(encoding="utf-8")
    hero.write_text(good + "title: twice\n", encoding="utf-8")
    overlay = page.locator("#llmdiff-overlay")
    overlay.wait_for(timeout=WAIT * 1000)
    assert f"{PAGE}:" in overlay.inner_text()
    assert "duplicate key 'title'" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "Reloaded by itself"

    hero.write_text(good, encoding="utf-8")
    overlay.wait_for(state="detached", timeout=WAIT * 1000)
    page.close()


@pytest.mark.browser
def test_css_change_swaps_styles_without_reload(preview: Preview, site: Path, browser: Any) -> None:
    """In Chromium: a stylesheet edit restyles the open page without reloading it."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(preview.url)
    page.wait_for_timeout(300)
    page.evaluate("window.__notReloaded = true")
    with (site / "static/css/style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.family-name { text-decoration: underline; }\n")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.family-name')).textDecorationLine === 'underline'",
        timeout=WAIT * 1000,
    )
    assert page.evaluate("window.__notReloaded === true")
    page.close()


def test_family_edit_rerenders_only_its_pages_in_memory(catalogue: Path) -> None:
    """In the preview, one family's edit renders its four pairs and its page again; equal to a full build."""
    server = Preview(Project.at(catalogue), "127.0.0.1", 0)
    try:
        assert server.start().rendered == 17
        family = catalogue / "content/families/gan.yaml"
        replace_in(family, "tagline: Generator versus discriminator", "tagline: Two networks, one game")
        report = server.rebuild(["content/families/gan.yaml"])
        assert report.ok and (report.pages, report.rendered) == (17, 5)
        site, _ = server.snapshot()
        full, diagnostics = gather_site(server.project)  # the preview's settings: drafts, plain names
        assert site is not None and full is not None, diagnostics
        assert site.files == full.files
        assert "Two networks, one game" in site.files["gan-vs-vae/index.html"].decode("utf-8")
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("path", "old", "new", "where", "message"),
    [
        (
            "templates/partials/hero.html",
            "{{ hero.title }}</h1>",
            "{{ hero.title + 1 }}</h1>",
            "templates/partials/hero.html:",
            "TypeError",
        ),
        (
            "content/families/llm.yaml",
            "  - label: Core competency\n",
            "  - label: Core competency\n    as_of: 2026-02-30\n",
            "content/families/llm.yaml:",
            "'2026-02-30' is not a real date",
        ),
    ],
    ids=["template-type-error", "impossible-date"],
)
def test_preview_survives_a_failing_rebuild(
    preview: Preview, site: Path, path: str, old: str, new: str, where: str, message: str
) -> None:
    """What a rebuild raises becomes the overlay, at its file and line; the next good save reloads."""
    events = Events(preview.url)
    assert events.next()["generation"] == 1
    good = (site / path).read_text(encoding="utf-8")
    replace_in(site / path, old, new)
    state = events.next()
    [problem] = [p for p in state["problems"] if p["severity"] == "error"]
    assert problem["location"].startswith(where) and message in problem["message"], problem
    (site / path).write_text(good, encoding="utf-8")
    state = events.next()
    assert state["problems"] == [] and state["generation"] == 2
    assert '<h1 class="hero-title">LLMs vs Diffusion Models</h1>' in fetch(preview.url)


def test_preview_started_before_the_site_exists_picks_it_up(tmp_path: Path) -> None:
    """`serve` in an empty folder answers 503, then serves the site once its folders appear."""
    from tests.conftest import copy_site

    empty = tmp_path / "later"
    empty.mkdir()
    server = Preview(Project.at(empty), "127.0.0.1", 0)
    first = server.start()
    try:
        assert not first.ok and not first.serving
        assert raw_request(server.url, "GET", "/") == 503
        events = Events(server.url)
        assert events.next()["problems"], "the missing content folder is reported"
        copy_site(REPO, empty)
        deadline = time.monotonic() + WAIT
        state = events.next()
        while state["problems"] and time.monotonic() < deadline:
            state = events.next()
        assert state["problems"] == [] and state["generation"] == 1
        assert '<h1 class="hero-title">LLMs vs Diffusion Models</h1>' in fetch(server.url)
    finally:
        server.stop()


def test_serve_prints_a_warning_once(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A warning (an unknown file) is printed at the first build, not again on every rebuild."""
    from llmdiff_site.cli import rebuild_printer

    (site / "content/notes.yaml").write_text("x: 1\n", encoding="utf-8")
    printer = rebuild_printer()
    server = Preview(Project.at(site), "127.0.0.1", 0, on_rebuild=printer)
    try:
        reports = [server.rebuild(()), server.rebuild([PAGE])]
    finally:
        server.stop()
    assert all(any("not a content file" in d.message for d in r.diagnostics) for r in reports)
    err = capsys.readouterr().err
    assert err.count("notes.yaml: warning: not a content file") == 1, err


def test_preview_reads_only_the_file_that_changed(catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit the preview parses and validates that file alone; the rest come from memory."""
    from llmdiff_site import loader

    server = Preview(Project.at(catalogue), "127.0.0.1", 0)
    try:
        assert server.start().ok
        read: list[str] = []
        real = loader.load_document

        def spy(path: Path, shown: str) -> Any:
            read.append(shown)
            return real(path, shown)

        monkeypatch.setattr(loader, "load_document", spy)  # validate imports it from there when it reads
        replace_in(
            catalogue / "content/families/gan.yaml",
            "tagline: Generator versus discriminator",
            "tagline: Two networks, one game",
        )
        report = server.rebuild(["content/families/gan.yaml"])
        assert report.ok
        assert read == ["content/families/gan.yaml"]
    finally:
        server.stop()


def test_a_runaway_template_is_stopped_in_the_preview_too(
    preview: Preview, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilds run in the watcher thread, where no alarm can go off: a watchdog stops the page there,
    the overlay names the template line, and fixing the template reloads as usual."""
    from llmdiff_site import render

    monkeypatch.setattr(render, "PAGE_SECONDS", 1)  # the real limit is 30 s; a page takes milliseconds
    events = Events(preview.url)
    assert events.next()["generation"] == 1
    hero = site / "templates/partials/hero.html"
    good = hero.read_text(encoding="utf-8")
    hero.write_text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}" + good)
    state = events.next()
    [problem] = state["problems"]
    assert problem["location"] == "templates/partials/hero.html:1", problem
    assert "took over 1 seconds" in problem["message"]
    assert '<h1 class="hero-title">LLMs vs Diffusion Models</h1>' in fetch(preview.url)
    hero.write_text(good, encoding="utf-8")
    state = events.next()
    assert state["problems"] == [] and state["generation"] == 2


def test_pages_are_served_from_the_last_build_while_a_rebuild_runs_long(
    preview: Preview, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request during a rebuild waits a few seconds for it, then gets the last good build, instead of
    hanging until a runaway template's limit stops it."""
    from llmdiff_site import render

    monkeypatch.setattr(render, "PAGE_SECONDS", 12)
    events = Events(preview.url)
    assert events.next()["generation"] == 1
    hero = site / "templates/partials/hero.html"
    good = hero.read_text(encoding="utf-8")
    hero.write_text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}" + good)
    time.sleep(1.5)  # past the watcher's debounce: the rebuild is running
    started = time.monotonic()
    page = fetch(preview.url)
    assert time.monotonic() - started < serve_module.REBUILD_WAIT + 3
    assert '<h1 class="hero-title">LLMs vs Diffusion Models</h1>' in page
    started = time.monotonic()  # the rebuild has run its few seconds: the next request does not wait
    fetch(preview.url + "css/style.css")
    assert time.monotonic() - started < 1.5
    hero.write_text(good, encoding="utf-8")
    assert "took over 12 seconds" in events.next()["problems"][0]["message"]
