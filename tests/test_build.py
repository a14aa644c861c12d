"""The write stage: all-or-nothing output, refusals of dangerous folders, and safety of content."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PAGE, edit_yaml, run_cli, snapshot


def test_problems_in_three_files_are_all_reported(site: Path) -> None:
    """One run lists every problem of every file, sorted by file and line."""
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title=["a", "b"]))
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(accent="blue"))
    edit_yaml(site / "content/guide.yaml", lambda d: d["items"][0].update(family="lm"))
    result = run_cli(site, "build")
    assert result.exit_code == 1
    located = [line.split(":")[0] for line in result.stderr.splitlines() if line.startswith("content/")]
    assert located == ["content/families/llm.yaml", "content/guide.yaml", PAGE]
    assert "Build failed: 3 errors" in result.stderr


def test_check_writes_nothing(site: Path) -> None:
    """`check` validates and renders in memory only."""
    result = run_cli(site, "check")
    assert result.exit_code == 0
    assert result.stdout.startswith("No errors: 2 pages, 9 files checked in ")
    assert not (site / "build").exists()


def test_check_github_format(site: Path) -> None:
    """`--format github` prints workflow annotations."""
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title=["a", "b"]))
    result = run_cli(site, "check", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={PAGE},line=")
    assert "::expected text, got a list" in result.stdout


def test_warnings_do_not_fail_a_build(site: Path) -> None:
    """An unknown file is a warning: printed, exit 0."""
    (site / "content/notes.yaml").write_text("todo: check numbers\n", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 0
    assert "content/notes.yaml: warning: not a content file; it is ignored" in result.stderr
    assert "hint: known files: benchmarks.yaml, deep-dive.yaml" in result.stderr


@pytest.mark.parametrize(
    "out",
    ["/", "~", ".", "content", "templates", "static", "static/css", ".."],
)
def test_dangerous_output_folders_are_refused(site: Path, out: str) -> None:
    """`--out` never replaces /, home, the project or its source folders (usage error, exit 2)."""
    before = snapshot(site)
    target = str(Path(out).expanduser()) if out == "~" else out
    result = run_cli(site, "build", "--out", target)
    assert result.exit_code == 2, result.output
    assert "output folder" in result.stderr or "refusing" in result.stderr
    assert snapshot(site) == before


def test_unknown_option_is_a_usage_error(site: Path) -> None:
    """A mistyped option exits 2, as click does."""
    assert run_cli(site, "build", "--outt", "x").exit_code == 2


def test_static_symlink_out_of_folder_is_refused(site: Path, tmp_path: Path) -> None:
    """A link in static/ to a file elsewhere is a problem, not a copied secret."""
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    (site / "static/secret.txt").symlink_to(secret)
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "static/secret.txt: link points outside the static folder" in result.stderr
    assert not (site / "build").exists()


def test_leftover_staging_folder_is_swept(site: Path) -> None:
    """A staging folder left by a killed build is removed by the next build."""
    (site / ".build.staging-99999").mkdir()
    (site / ".build.staging-99999/index.html").write_text("half", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    assert not (site / ".build.staging-99999").exists()


def test_sigkill_midway_leaves_previous_build_intact(site: Path) -> None:
    """A build killed while writing leaves build/ byte-identical; the next build recovers."""
    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    many = site / "static/many"
    many.mkdir()
    payload = os.urandom(64 * 1024)
    for i in range(2500):
        (many / f"f{i:05}.bin").write_bytes(payload)
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmdiff_site", "build"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    staging: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None:
        staging = [p for p in site.glob(".build.staging-*") if any(f.is_file() for f in p.rglob("*"))]
        if staging:
            break
        time.sleep(0.002)
    assert staging, "the build finished before it could be killed; make the site bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(site / "build") == before
    result = run_cli(site, "build")
    assert result.exit_code == 0
    assert not list(site.glob(".build.*"))
    assert len(list((site / "build/many").iterdir())) == 2500


def test_template_syntax_in_content_is_text(site: Path) -> None:
    """{{ 7*7 }} renders as those characters; <script> never becomes a tag."""
    edit_yaml(
        site / PAGE, lambda d: d["hero"].update(title="{{ 7*7 }}", subtitle="<script>alert(1)</script>")
    )
    edit_yaml(site / PAGE, lambda d: d["synergy"].update(body="{% raw %}<b onclick=x()>hi</b>"))
    assert run_cli(site, "build").exit_code == 0
    html = (site / "build/index.html").read_text(encoding="utf-8")
    assert '<h1 class="hero-title">{{ 7*7 }}</h1>' in html
    assert "49" not in html.split('class="hero-title"')[1][:20]
    assert "<script>" not in html and "alert(1)" not in html
    assert "onclick" not in html
    assert "{% raw %}<b>hi</b>" in html


def test_javascript_link_is_rejected(site: Path) -> None:
    """`[x](javascript:alert(1))` in content is an error with its place, and nothing is written."""
    edit_yaml(site / "content/guide.yaml", lambda d: d["items"][1].update(text="[x](javascript:alert(1))"))
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "content/guide.yaml:" in result.stderr
    assert "items[1].text: link 'javascript:alert(1)' uses a scheme that is not allowed" in result.stderr


def test_template_error_is_reported_with_its_file(site: Path) -> None:
    """A template mistake names the template and line instead of a traceback."""
    (site / "templates/partials/hero.html").write_text("{{ hero.titel }}\n", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "templates/partials/hero.html:1: template error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_syntax_error_is_reported(site: Path) -> None:
    """A broken tag is located in its template."""
    (site / "templates/partials/hero.html").write_text("ok\n{% if %}\n", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "templates/partials/hero.html:2: template syntax error" in result.stderr


def test_a_folder_removed_after_it_was_made_is_made_again(tmp_path: Path) -> None:
    """put_file remembers the folders it made; one removed since (a staging folder swept by another
    build of the same process) is made again, not an error."""
    import shutil

    from llmdiff_site.outputs import put_file

    put_file(tmp_path, "a/b/index.html", b"one")
    shutil.rmtree(tmp_path / "a")
    put_file(tmp_path, "a/b/data.json", b"two")
    put_file(tmp_path, "top.txt", b"three")
    assert (tmp_path / "a/b/data.json").read_bytes() == b"two"
    assert not (tmp_path / "a/b/index.html").exists()
    assert (tmp_path / "top.txt").read_bytes() == b"three"


def test_a_build_leaves_the_collector_as_it_found_it(site: Path) -> None:
    """A build freezes what it loads (out of the collector's way) and unfreezes it at the end; objects a
    program froze itself before calling it stay frozen, with one process or several."""
    import gc

    assert gc.get_freeze_count() == 0
    assert run_cli(site, "build", "--clean").exit_code == 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    kept = [[i] for i in range(1000)]
    gc.freeze()
    theirs = gc.get_freeze_count()
    try:
        for jobs in ("1", "2"):
            assert run_cli(site, "build", "--clean", "--jobs", jobs).exit_code == 0
            # not unfrozen (0), nor the build's objects left frozen (tens of thousands more); a few
            # frozen objects the build released are gone from the count
            assert theirs - 100 <= gc.get_freeze_count() <= theirs, jobs
    finally:
        gc.unfreeze()
    assert len(kept) == 1000
