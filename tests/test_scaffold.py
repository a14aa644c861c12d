"""`llmdiff init` and the packaged starter site that project files override one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import run_cli, snapshot


def test_init_creates_a_site_that_builds(tmp_path: Path) -> None:
    """A new site builds as it is, and shows the starter comparison."""
    result = run_cli(tmp_path, "init", "mysite")
    assert result.exit_code == 0, result.output
    assert "Next: cd mysite && llmdiff build" in result.output
    site = tmp_path / "mysite"
    for part in ("content", "templates", "static", "schemas"):
        assert (site / part).is_dir()
    built = run_cli(site, "build")
    assert built.exit_code == 0, built.output
    assert "LLMs vs Diffusion Models" in (site / "build/index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """init never overwrites: a non-empty folder is a usage error and stays as it was."""
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path / "busy")
    result = run_cli(tmp_path, "init", "busy")
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert snapshot(tmp_path / "busy") == before


def test_missing_templates_and_static_fall_back_to_the_packaged_ones(site: Path) -> None:
    """A site with only content/ still builds with the packaged look."""
    shutil.rmtree(site / "templates")
    shutil.rmtree(site / "static")
    assert run_cli(site, "build").exit_code == 0
    assert (site / "build/css/style.css").is_file()
    assert '<h1 class="hero-title">' in (site / "build/index.html").read_text(encoding="utf-8")


def test_a_project_template_overrides_only_itself(site: Path) -> None:
    """Overriding one partial changes that part; the rest comes from the packaged templates."""
    shutil.rmtree(site / "templates")
    (site / "templates/partials").mkdir(parents=True)
    (site / "templates/partials/hero.html").write_text(
        '<div class="hero container"><h1 class="custom">{{ hero.title }}</h1></div>\n', encoding="utf-8"
    )
    assert run_cli(site, "build").exit_code == 0
    html = (site / "build/index.html").read_text(encoding="utf-8")
    assert '<h1 class="custom">LLMs vs Diffusion Models</h1>' in html
    assert 'class="card family-card"' in html
