"""The command line: build writes the page and static files and says what it did."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from llmdiff_site import __version__
from tests.conftest import REPO, run_cli, snapshot


def test_build_writes_page_and_static_files(site: Path) -> None:
    """`llmdiff build` writes index.html and copies static/ beside it."""
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    assert (site / "build/index.html").is_file()
    assert (site / "build/css/style.css").read_bytes() == (site / "static/css/style.css").read_bytes()
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Built 2 pages, 7 files in ")
    assert line.endswith(" ms → build")


def test_build_options_name_the_folders(site: Path, tmp_path: Path) -> None:
    """--content, --templates, --static and --out point anywhere."""
    elsewhere = tmp_path / "elsewhere"
    site.rename(elsewhere)
    out = tmp_path / "public"
    result = run_cli(
        tmp_path,
        "build",
        "--content",
        str(elsewhere / "content"),
        "--templates",
        str(elsewhere / "templates"),
        "--static",
        str(elsewhere / "static"),
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()


def test_page_has_no_script_and_no_template_text(built: Path) -> None:
    """No JavaScript is needed to read the page, and no Jinja syntax leaks into it."""
    html = (built / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script type="application/ld+json">'], "only structured data, nothing that runs"
    assert "{{" not in html and "{%" not in html


def test_two_builds_are_byte_identical(site: Path) -> None:
    """The same input gives the same bytes."""
    assert run_cli(site, "build").exit_code == 0
    first = snapshot(site / "build")
    assert run_cli(site, "build").exit_code == 0
    assert snapshot(site / "build") == first


def test_build_removes_files_no_longer_produced(site: Path) -> None:
    """A file llmdiff wrote that the new build does not produce is gone after it, folder and all."""
    (site / "static/extra").mkdir()
    (site / "static/extra/old.txt").write_text("old", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    assert (site / "build/extra/old.txt").read_text(encoding="utf-8") == "old"
    (site / "static/extra/old.txt").unlink()
    assert run_cli(site, "build").exit_code == 0
    assert not (site / "build/extra").exists()


def test_version_and_help() -> None:
    """--version names the tool and version; --help lists build."""
    assert run_cli(REPO, "--version").output.strip() == f"llmdiff, version {__version__}"
    assert "build" in run_cli(REPO, "--help").output


def test_python_dash_m_works(site: Path) -> None:
    """`python -m llmdiff_site` is the same CLI as `llmdiff`."""
    done = subprocess.run(
        [sys.executable, "-m", "llmdiff_site", "build"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (site / "build/index.html").is_file()


def test_templates_hold_no_visible_text() -> None:
    """Every visible string comes from content/: templates have only tags, expressions and marks."""
    for path in sorted((REPO / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"\{#.*?#\}", "", source, flags=re.DOTALL)
        source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "", source, flags=re.DOTALL)
        source = re.sub(r"<!doctype[^>]*>", "", source, flags=re.IGNORECASE)
        source = re.sub(r"<[^>]*>", "", source, flags=re.DOTALL)
        assert source.strip() == "", f"{path.name} has visible text: {source.strip()[:80]!r}"
