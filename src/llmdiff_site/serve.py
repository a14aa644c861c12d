"""Live preview: build into memory, serve it on loopback, rebuild on save, tell open pages.

The site is served from the last good in-memory build, so a half-built or broken site is
never served; problems reach open pages through Server-Sent Events and an overlay.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import mimetypes
import posixpath
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import watchfiles

from llmdiff_site.build import MemoryBuild, RenderedSite, rebuild_in_memory
from llmdiff_site.errors import Diagnostic, has_errors, printable_name, sort_diagnostics
from llmdiff_site.project import Project
from llmdiff_site.render import unexpected_diagnostic

INTERNAL = "/__llmdiff__/"
EVENTS_PATH = INTERNAL + "events"
CLIENT_PATH = INTERNAL + "client.js"
STATUS_PATH = INTERNAL + "status"
HEARTBEAT_SECONDS = 10.0
CLIENT_JS = (Path(__file__).parent / "preview_client.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did, for the terminal line."""

    ok: bool
    milliseconds: int
    pages: int
    changed: tuple[str, ...]
    css_only: bool
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    rendered: int = 0
    """Pages rendered again (the others were kept from the previous build)."""
    files: int = 0
    serving: bool = False
    """True when a good build is being served (after a failure: the last good one)."""


@dataclass
class _State:
    """The shared state; guarded by Preview._cond."""

    site: RenderedSite | None = None
    generation: int = 0
    problems: tuple[Diagnostic, ...] = ()
    css_only: bool = False
    building: bool = False
    building_since: float = 0.0
    """When the rebuild in progress began (monotonic clock)."""
    events: int = 0
    stopping: bool = False


MAX_CONNECTIONS = 64
"""Connections served at once; more get a quick 503 instead of another thread."""
IDLE_SECONDS = 15.0
"""A connection that sends nothing for this long is closed."""


class _Server(http.server.ThreadingHTTPServer):
    """A threading HTTP server with a bounded number of connection threads and a deep listen queue."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        if ":" in address[0]:  # an IPv6 address such as ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection while slots are free; otherwise answer 503 at once and close."""
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Serve one connection, then free its slot."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that went away; anything else is a bug worth a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


REBUILD_WAIT = 5.0
"""A request made during a rebuild waits this long for it, then gets the last good build: a rebuild
this slow is a very large site or a template running away (stopped after 30 s), and the reload event
brings the new pages when they are ready."""
RESTART_WAIT = 0.2
"""Seconds before a watcher that failed is started again (a failure that repeats never spins)."""


class Preview:
    """The preview server: one HTTP server thread, one watcher thread, one shared state."""

    def __init__(
        self,
        project: Project,
        host: str = "127.0.0.1",
        port: int = 8000,
        on_rebuild: Callable[[Rebuild], None] | None = None,
        allowed_hosts: frozenset[str] = frozenset(),
        idle_seconds: float = IDLE_SECONDS,
        *,
        live_reload: bool = True,
    ) -> None:
        self.live_reload = live_reload
        """Whether served pages carry the client that reloads them after a rebuild."""
        # threads are running: never fork; drafts shown, marked; plain names let CSS swap in place;
        # no social cards, which would cost a save 100 ms (build draws them)
        self.project = project.for_preview()
        self.idle_seconds = idle_seconds
        host = host.strip("[]")  # [::1] as in a URL
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) | (
            frozenset({host.lower()}) if host not in ("0.0.0.0", "::") else frozenset()
        )
        self._cond = threading.Condition()
        self._state = _State()
        self._on_rebuild = on_rebuild or (lambda report: None)
        self._stop = threading.Event()
        self._server = _Server((host, port), _handler_for(self))
        self._threads: list[threading.Thread] = []
        self._memory: MemoryBuild | None = None
        """The last good build, which the next rebuild starts from."""

    @property
    def url(self) -> str:
        """The address the preview answers on."""
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in ("0.0.0.0", "::"):  # every address: name the one this machine answers on itself
            name = "127.0.0.1" if name == "0.0.0.0" else "::1"
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def start(self) -> Rebuild:
        """Build once, then serve and watch in background threads."""
        first = self.rebuild(())
        self._threads = [
            threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="llmdiff-http",
                daemon=True,
            ),
            threading.Thread(target=self._watch, name="llmdiff-watch", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return first

    def stop(self) -> None:
        """Stop watching and serving; open event streams are told to close."""
        self._stop.set()
        with self._cond:
            self._state.stopping = True
            self._cond.notify_all()
        if self._threads:  # shutdown() waits for serve_forever, which runs only once started
            self._server.shutdown()
        self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    # --- building -------------------------------------------------------------------

    def rebuild(self, changed: Iterable[str]) -> Rebuild:
        """Run the build pipeline; swap the result in only when it succeeded."""
        changed = tuple(sorted(changed))
        css_only = bool(changed) and all(c.endswith(".css") for c in changed)
        with self._cond:
            self._state.building = True
            self._state.building_since = time.monotonic()
        started = time.perf_counter()
        try:
            memory, diagnostics = rebuild_in_memory(self.project, self._memory)
        except BaseException:
            with self._cond:
                self._state.building = False
                self._cond.notify_all()
            raise
        ordered = tuple(sort_diagnostics(diagnostics))
        ok = memory is not None and not has_errors(ordered)
        site = memory.site if memory is not None else None
        if ok:
            self._memory = memory
        with self._cond:
            if ok:
                self._state.site = site
                self._state.generation += 1
                self._state.problems = ()
                self._state.css_only = css_only
            else:
                self._state.problems = ordered
            self._state.building = False
            self._state.events += 1
            self._cond.notify_all()
        elapsed = round((time.perf_counter() - started) * 1000)
        rendered = memory.rendered if memory is not None else 0
        files = len(site.files) if site is not None else 0
        serving = self._state.site is not None
        report = Rebuild(
            ok, elapsed, site.pages if site else 0, changed, css_only, ordered, rendered, files, serving
        )
        self._on_rebuild(report)
        return report

    def _sources(self) -> list[Path]:
        """The folders a build reads."""
        return [f.absolute() for f in (self.project.content, self.project.templates, self.project.static)]

    def _watched(self) -> list[Path]:
        """Each source folder, or its nearest existing parent, so a folder created later is noticed."""
        watched: list[Path] = []
        for folder in self._sources():
            while not folder.is_dir() and folder.parent != folder:
                folder = folder.parent
            if not any(folder.is_relative_to(w) for w in watched):
                watched = [w for w in watched if not w.is_relative_to(folder)] + [folder]
        return watched

    def _relevant(self, changes: set[tuple[watchfiles.Change, str]]) -> set[tuple[watchfiles.Change, str]]:
        """Only changes inside the source folders (a watched parent also sees build/, .git, …)."""
        sources = self._sources()
        return {(c, p) for c, p in changes if any(Path(p).is_relative_to(s) for s in sources)}

    def _watch(self) -> None:
        """Rebuild after each burst of changes, until stopped; a watcher that fails is started again.

        watchfiles fails on a change to a file whose name is not UTF-8. What changed is then
        unknown, so the site is rebuilt whole (the build names such a file at its place) once the
        new watcher is in place, so that no change made meanwhile goes unseen.
        """
        unseen = False
        while not self._stop.is_set():
            try:
                self._watch_changes(unseen)
                return
            except RuntimeError:  # watchfiles' WatchfilesRustInternalError
                if self._stop.wait(RESTART_WAIT):
                    return
                unseen = True

    def _watch_changes(self, unseen: bool) -> None:
        """Rebuild after each burst of changes, until stopped (or the watcher fails); `unseen`: a
        change went unseen, so rebuild as soon as watching has started."""
        for changes in watchfiles.watch(
            *self._watched(),
            debounce=400,
            step=30,
            stop_event=self._stop,
            raise_interrupt=False,
            rust_timeout=500,
            yield_on_timeout=unseen,  # the first yield (changes, or none) comes once it watches
        ):
            if self._stop.is_set():
                return
            relevant = self._relevant(changes)
            if relevant or unseen:
                unseen = False
                self._rebuild_after(_display_paths(_meaningful(relevant), self.project.cwd))

    def _rebuild_after(self, changed: list[str]) -> None:
        """Rebuild for the watcher, which must outlive anything a rebuild raises."""
        try:
            self.rebuild(changed)
        except Exception as exc:
            problem = unexpected_diagnostic(exc, self.project.cwd)
            with self._cond:
                self._state.building = False
                self._state.problems = (problem,)
                self._state.events += 1
                self._cond.notify_all()
            self._on_rebuild(Rebuild(False, 0, 0, (), False, (problem,)))

    # --- answering ------------------------------------------------------------------

    def snapshot(self, *, wait: float = REBUILD_WAIT) -> tuple[RenderedSite | None, int]:
        """The current site and its generation, waiting for a rebuild in progress to finish first.

        The wait is counted from the rebuild's start: once a rebuild has run `wait` seconds, every
        request gets the last good build at once (a page's stylesheet and images do not each wait).
        """
        with self._cond:
            left = self._state.building_since + wait - time.monotonic()
            self._cond.wait_for(lambda: not self._state.building, timeout=max(left, 0.0))
            return self._state.site, self._state.generation

    def state_message(self) -> dict[str, Any]:
        """The state as sent to pages: generation, css-only flag and formatted problems."""
        with self._cond:
            return {
                "generation": self._state.generation,
                "css_only": self._state.css_only,
                "problems": [_problem_json(d) for d in self._state.problems],
            }

    def current_event(self) -> int:
        """The number of the latest event."""
        with self._cond:
            return self._state.events

    def wait_for_event(self, seen: int, timeout: float) -> int | None:
        """Block until an event newer than `seen`; None when stopping."""
        with self._cond:
            self._cond.wait_for(lambda: self._state.events > seen or self._state.stopping, timeout=timeout)
            return None if self._state.stopping else self._state.events


def _meaningful(changes: set[tuple[watchfiles.Change, str]]) -> list[str]:
    """The changed files worth naming: ones that exist now, else the deleted ones (not editor temp files)."""
    paths = sorted({path for _, path in changes})
    existing = [p for p in paths if Path(p).exists()]
    return existing or [p for change, p in changes if change is watchfiles.Change.deleted]


def _display_paths(paths: Iterable[str], cwd: Path) -> list[str]:
    """Changed paths relative to the working folder, for the terminal and the CSS check."""
    shown = []
    for raw in paths:
        path = Path(raw)
        try:
            shown.append(path.relative_to(cwd.resolve()).as_posix())
        except ValueError:
            shown.append(path.as_posix())
    return shown


def _problem_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One problem as the overlay shows it."""
    return {
        "location": printable_name(diagnostic.location()),  # as the terminal shows it (\\xNN)
        "field": printable_name(diagnostic.field),
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "severity": diagnostic.severity.value,
        "text": diagnostic.format(),
    }


def resolve_request_path(raw: str, files: Iterable[str]) -> tuple[str | None, str | None]:
    """Map a request path to (file, redirect); anything that leaves the site or is odd is (None, None)."""
    path = urlsplit(raw).path
    if "\\" in path or "\x00" in path or "%2f" in path.lower() or "%5c" in path.lower():
        return None, None
    decoded = unquote(path)
    if "\x00" in decoded or "\\" in decoded or not decoded.startswith("/"):
        return None, None
    parts = decoded.split("/")
    if any(part in ("..", ".") or (part.startswith(".") and part != "") for part in parts):
        return None, None
    normal = posixpath.normpath(decoded)
    if normal.startswith("//") or ".." in normal.split("/"):
        return None, None
    relative = normal.lstrip("/")
    names = set(files)
    if decoded.endswith("/") or relative == "":
        candidate = f"{relative}/index.html" if relative else "index.html"
        return (candidate, None) if candidate in names else (None, None)
    if relative in names:
        return relative, None
    if f"{relative}/index.html" in names:
        return None, f"/{relative}/"
    return None, None


def content_type(name: str) -> str:
    """A content type with charset for text, as browsers expect."""
    guessed, _ = mimetypes.guess_type(name)
    kind = guessed or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


def inject_client(html: bytes, generation: int, *, enabled: bool = True) -> bytes:
    """Add the live-reload client to a served page (never to built files), unless it is turned off."""
    if not enabled:
        return html
    tag = f'<script src="{CLIENT_PATH}" data-generation="{generation}"></script>'.encode()
    marker = b"</body>"
    index = html.rfind(marker)
    return html[:index] + tag + html[index:] if index >= 0 else html + tag


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def host_allowed(header: str, extra: frozenset[str] = frozenset()) -> bool:
    """Loopback names and addresses (and *.localhost), plus the names the preview was told to allow."""
    host = header.strip().lower()
    if host.startswith("["):
        name = host.split("]", 1)[0] + "]"
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if not name:
        return False
    if name in LOOPBACK_NAMES or name in extra or name.endswith(".localhost"):
        return True
    return name.startswith("127.") and all(part.isdigit() for part in name.split("."))


def _handler_for(preview: Preview) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler class bound to one preview."""

    class Handler(http.server.BaseHTTPRequestHandler):
        """GET and HEAD only; files come from the last good build in memory."""

        timeout = preview.idle_seconds

        def parse_request(self) -> bool:
            """HTTP/1.x only, and only for loopback host names (no DNS rebinding)."""
            requestline: bytes = getattr(self, "raw_requestline", b"")
            if len(requestline.split()) == 2:  # HTTP/0.9 has no headers: do not wait for any
                self.wfile.write(b"HTTP/0.9 is not supported\n")
                self.close_connection = True
                return False
            if not super().parse_request():
                return False
            if not host_allowed(self.headers.get("Host", ""), preview.allowed_hosts):
                body = b"this preview answers only on its loopback address\n"
                self._send(403, body, "text/plain; charset=utf-8", head=self.command == "HEAD")
                self.close_connection = True
                return False
            return True

        def version_string(self) -> str:
            """The Server header."""
            return "llmdiff-preview"

        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Requests are not logged; rebuilds are."""

        def do_GET(self) -> None:
            """Serve a file, the event stream, the client script or the status."""
            self._answer(head=False)

        def do_HEAD(self) -> None:
            """As GET, without the body."""
            self._answer(head=True)

        def _refuse(self) -> None:
            """405 for every method but GET and HEAD."""
            self._send(
                405, b"method not allowed\n", "text/plain; charset=utf-8", head=False, allow="GET, HEAD"
            )

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

        def _answer(self, *, head: bool) -> None:
            path = urlsplit(self.path).path
            if path == EVENTS_PATH and not head:
                self._stream_events()
                return
            if path == CLIENT_PATH:
                self._send(200, CLIENT_JS.encode(), "text/javascript; charset=utf-8", head=head)
                return
            if path == STATUS_PATH:
                body = json.dumps(preview.state_message()).encode()
                self._send(200, body, "application/json", head=head)
                return
            site, generation = preview.snapshot()
            files = site.files if site is not None else {}
            name, redirect = resolve_request_path(self.path, files)
            if redirect is not None:
                self._send(301, b"", "text/plain; charset=utf-8", head=head, location=redirect)
                return
            if name is None:
                self._not_found(files, generation, head=head)
                return
            body = files[name]
            if name.endswith(".html"):
                body = inject_client(body, generation, enabled=preview.live_reload)
            self._send(200, body, content_type(name), head=head)

        def _not_found(self, files: Any, generation: int, *, head: bool) -> None:
            """The site's own 404.html when it has one."""
            if "404.html" in files:
                body = inject_client(files["404.html"], generation, enabled=preview.live_reload)
                self._send(404, body, "text/html; charset=utf-8", head=head)
            elif not files:
                page = b"<!doctype html><html lang=en><title>llmdiff</title><body></body></html>"
                self._send(
                    503,
                    inject_client(page, generation, enabled=preview.live_reload),
                    "text/html; charset=utf-8",
                    head=head,
                )
            else:
                self._send(404, b"404 not found\n", "text/plain; charset=utf-8", head=head)

        def _send(
            self,
            status: int,
            body: bytes,
            kind: str,
            *,
            head: bool,
            location: str | None = None,
            allow: str | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if location:
                self.send_header("Location", location)
            if allow:
                self.send_header("Allow", allow)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _stream_events(self) -> None:
            """Server-Sent Events: the state now, then again after each rebuild."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen = -1
            try:
                while True:
                    if seen >= 0:
                        current = preview.wait_for_event(seen, HEARTBEAT_SECONDS)
                        if current is None:
                            return
                        if current == seen:
                            self.wfile.write(b": heartbeat\n\n")
                            self.wfile.flush()
                            continue
                    seen = preview.current_event()
                    data = json.dumps(preview.state_message())
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler
