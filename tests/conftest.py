"""Shared fixtures: a copy of the default site per test, builds, and a real Chromium."""

from __future__ import annotations

import ast
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner, Result

from llmdiff_site.cli import main

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
SHARED_REFERENCE = REPO.parent / "shared" / "reference" / "source-page.txt"
REFERENCE = Path(__file__).resolve().parent / "reference" / "source-page.txt"
"""A copy of the shared reference, so the suite runs where shared/ is absent; kept equal by a test."""
PAGE = "content/pages/llm-vs-diffusion.yaml"
"""The default comparison page's file, relative to a site."""
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def stylesheet(build: Path) -> Path:
    """The built stylesheet, published under its content-hashed name (css/style.<hash>.css)."""
    [path] = build.glob("css/style.*.css")
    return path


def copy_site(source: Path, target: Path) -> Path:
    """A writable copy of a site's content, templates and static folders."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates", "static"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the default site (the repository's own content)."""
    return copy_site(REPO, tmp_path / "site")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the tests' parse and template caches out of the user's cache folder."""
    folder = tmp_path_factory.mktemp("llmdiff-cache")
    previous = os.environ.get("LLMDIFF_CACHE_DIR")
    os.environ["LLMDIFF_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("LLMDIFF_CACHE_DIR", None)
    else:
        os.environ["LLMDIFF_CACHE_DIR"] = previous


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """The five-family catalogue with `pairs: all`, using the default templates and styles."""
    site = copy_site(SITES / "catalogue", tmp_path / "catalogue")
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    return site


@pytest.fixture
def catalogue_built(catalogue: Path) -> Path:
    """The catalogue, built; returns its output folder."""
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    return catalogue / "build"


def command_imports(
    site_dir: Path, args: Sequence[str], names: Iterable[str]
) -> tuple[subprocess.CompletedProcess[str], list[str], list[str]]:
    """`llmdiff ARGS` in its own process, as a user runs it: the finished process, its output lines,
    and which of the packages `names` it imported (also when a quick answer ends it with os._exit)."""
    probe = (
        f"import os, sys, runpy\nsys.argv = ['llmdiff', *{list(args)!r}]\n"
        "def report():\n"
        f"    found = {{m.split('.')[0] for m in sys.modules}} & {set(names)!r}\n"
        "    print('imported:', sorted(found), flush=True)\n"
        "leave = os._exit\n"
        "os._exit = lambda code: (report(), leave(code))\n"
        "try:\n    runpy.run_module('llmdiff_site', run_name='__main__')\n"
        "finally:\n    report()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=site_dir, capture_output=True, text=True)
    *lines, last = done.stdout.splitlines()
    assert last.startswith("imported: "), (done.stdout, done.stderr)
    return done, lines, ast.literal_eval(last.removeprefix("imported: "))


def pydantic_loaded_by_build(
    site_dir: Path, package: str = "pydantic", args: tuple[str, ...] = ("build", "--clean")
) -> list[str]:
    """`llmdiff build --clean` (or ARGS) in its own process, which must succeed: if it loaded `package`."""
    done, _, loaded = command_imports(site_dir, args, [package])
    assert done.returncode == 0, done.stderr
    return loaded


def run_cli(site_dir: Path, *args: str) -> Result:
    """Run the CLI inside a site folder, as a user would from its root."""
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(site_dir)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


@pytest.fixture
def built(site: Path) -> Path:
    """The default site, built; returns its output folder."""
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    return site / "build"


def edit_yaml(path: Path, change: Any) -> None:
    """Load a content file, let `change` edit the data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, for 'nothing changed' checks."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- the browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; skipped with a reason where it is missing."""
    if not CHROMIUM.exists():
        reason = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("LLMDIFF_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LLMDIFF_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under a URL prefix, without logging every request to the test output."""

    def __init__(self, *args: Any, prefix: str = "/", **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Only paths under the prefix map into the folder; others miss."""
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_prefix__")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent."""


@pytest.fixture
def serve_folder() -> Iterator[Any]:
    """Serve a folder on 127.0.0.1 (port chosen by the OS) under a prefix; returns its base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path, prefix: str = "/") -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder), prefix=prefix)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
