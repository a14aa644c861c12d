"""The command line: build writes the page and static files and says what it did."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from llmdiff_site import __version__
from tests.conftest import REPO, run_cli, snapshot, stylesheet


def test_build_writes_page_and_static_files(site: Path) -> None:
    """`llmdiff build` writes index.html and copies static/ beside it."""
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    assert (site / "build/index.html").is_file()
    css = stylesheet(site / "build")
    assert css.read_bytes() == (site / "static/css/style.css").read_bytes()
    assert f'href="{css.relative_to(site / "build").as_posix()}"' in (site / "build/index.html").read_text()
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("Built 2 pages, 9 files in ")
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


def test_named_template_folder_must_exist(site: Path) -> None:
    """Only default folders fall back to the packaged ones; a missing named folder is a usage error."""
    result = run_cli(site, "build", "--templates", "no-such-folder")
    assert result.exit_code == 2
    assert "folder 'no-such-folder' not found" in result.output
    assert not (site / "build").exists()


def test_problems_outside_the_content_are_one_line_with_a_hint(site: Path, tmp_path: Path) -> None:
    """A folder that cannot be written or a file in the way: one line and a hint, exit 1, no traceback."""
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    for args in (("init", str(blocker / "sub")), ("schema", "--out", str(blocker / "schemas"))):
        result = run_cli(site, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: cannot "), result.output
        assert "\n  hint: " in result.output and "Traceback" not in result.output


def test_port_in_use_is_one_line_with_a_hint(site: Path) -> None:
    """`serve` on a taken port says so and suggests --port 0."""
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        proc = subprocess.run(
            [sys.executable, "-m", "llmdiff_site", "serve", "--port", port],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        taken.close()
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: cannot listen on 127.0.0.1 port {port}")
    assert "--port 0" in proc.stderr and "Traceback" not in proc.stderr


def test_template_type_error_is_located_not_a_traceback(site: Path) -> None:
    """A template that raises a TypeError is reported at its file and line."""
    hero = site / "templates/partials/hero.html"
    hero.write_text(hero.read_text(encoding="utf-8").replace("{{ hero.title }}", "{{ hero.title + 1 }}"))
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert re.search(r"templates/partials/hero\.html:\d+: template error: TypeError: ", result.stderr)
    assert "Traceback" not in result.output


def test_bare_command_prints_help_and_v_prints_the_version() -> None:
    """`llmdiff` alone shows the commands and exits 0; `-V` and `--version` print the version."""
    from click.testing import CliRunner

    from llmdiff_site import __version__
    from llmdiff_site.cli import main

    bare = CliRunner().invoke(main, [])
    assert bare.exit_code == 0 and "Commands:" in bare.output and "build" in bare.output
    for flag in ("-V", "--version"):
        shown = CliRunner().invoke(main, [flag])
        assert shown.exit_code == 0 and shown.output.strip() == f"llmdiff, version {__version__}"


def test_github_pages_workflow_builds_what_it_uploads() -> None:
    """docs/github-pages.yml checks, builds with the Pages address as base URL and uploads build/."""
    workflow = yaml.safe_load((REPO / "docs/github-pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert any(c.startswith("llmdiff check --format github") for c in commands)
    [build] = [c for c in commands if c.startswith("llmdiff build")]
    assert "--base-url" in build and "steps.pages.outputs.base_url" in build
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "build"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_ctrl_c_before_the_command_line_starts_is_a_short_message(site: Path) -> None:
    """Ctrl-C while the entry point looks for a no-change build: 'Aborted!' and exit 1, as click says it."""
    code = (
        "import os, signal, sys\n"
        "from llmdiff_site import manifest\n"
        "real = manifest.freshness\n"
        "def interrupted(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(*args, **kwargs)\n"
        "manifest.freshness = interrupted\n"
        "sys.argv = ['llmdiff', 'build']\n"
        "from llmdiff_site.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == "Aborted!"
    assert not (site / "build").exists()
