"""`llmdiff init` and the packaged starter site that project files override one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import run_cli, snapshot, stylesheet


def test_init_creates_a_site_that_builds(tmp_path: Path) -> None:
    """A new site builds as it is, and shows the starter comparison."""
    result = run_cli(tmp_path, "init", "mysite")
    assert result.exit_code == 0, result.output
    assert "Next: cd mysite && llmdiff serve" in result.output
    site = tmp_path / "mysite"
    for part in ("content", "templates", "static", "schemas"):
        assert (site / part).is_dir()
    built = run_cli(site, "build")
    assert built.exit_code == 0, built.output
    assert "LLMs vs Diffusion Models" in (site / "build/index.html").read_text(encoding="utf-8")
    assert "build/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    """init never overwrites: a non-empty folder is a usage error and stays as it was."""
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path / "busy")
    result = run_cli(tmp_path, "init", "busy")
    assert result.exit_code == 2
    assert "is not empty" in result.stderr
    assert snapshot(tmp_path / "busy") == before


def test_init_force_and_init_here_keep_what_is_there(tmp_path: Path) -> None:
    """`init . --force` writes around existing files, never over them, and its next step has no cd."""
    (tmp_path / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content/site.yaml").write_text("mine: true\n", encoding="utf-8")
    result = run_cli(tmp_path, "init", ".", "--force", "--blank")
    assert result.exit_code == 0, result.output
    assert "Created a site here" in result.output
    assert "Next: llmdiff serve" in result.output
    assert "Kept 2 files that were already there: .gitignore, content/site.yaml" in result.output
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "node_modules/\n"
    assert (tmp_path / "content/site.yaml").read_text(encoding="utf-8") == "mine: true\n"
    assert (tmp_path / "content/families/alpha.yaml").is_file()


def test_blank_starter_builds_clean_with_no_demo_parts(tmp_path: Path) -> None:
    """`init --blank`: one page, two placeholder families, no ribbon, banner or reply form; check passes."""
    result = run_cli(tmp_path, "init", "blank", "--blank")
    assert result.exit_code == 0, result.output
    site = tmp_path / "blank"
    assert sorted(p.name for p in (site / "content/families").iterdir()) == ["alpha.yaml", "beta.yaml"]
    assert [p.name for p in (site / "content/pages").iterdir()] == ["alpha-vs-beta.yaml"]
    assert not (site / "templates").exists()
    checked = run_cli(site, "check")
    assert checked.exit_code == 0, checked.output
    assert "warning" not in checked.output.lower()
    assert run_cli(site, "build").exit_code == 0
    page = (site / "build/index.html").read_text(encoding="utf-8")
    assert "Alpha vs Beta" in page
    for absent in ('class="ribbon', 'class="banner', "<form"):
        assert absent not in page


def fill_placeholders(path: Path, values: dict[str, str]) -> None:
    """Replace each TODO line whose key is named, as an editor would."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        key = line.split(":", 1)[0].strip().lstrip("- ").strip('"')
        if '"TODO' in line and key in values:
            lines[i] = line.split(":", 1)[0] + ": " + values[key]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_family_and_page_list_each_placeholder_until_filled(tmp_path: Path) -> None:
    """`new family` / `new page` write files whose TODOs `check` lists by line; filled, check passes."""
    run_cli(tmp_path, "init", "s", "--blank")
    site = tmp_path / "s"
    assert run_cli(site / "content", "new", "family", "ssm").exit_code == 0
    made = run_cli(site, "new", "page", "alpha-vs-ssm", "--families", "alpha,ssm")
    assert made.exit_code == 0, made.output
    family = (site / "content/families/ssm.yaml").read_text(encoding="utf-8").splitlines()
    todo_lines = {i + 1 for i, line in enumerate(family) if '"TODO' in line}
    checked = run_cli(site, "check")
    assert checked.exit_code == 1
    listed = {
        int(line.split(":")[1])
        for line in checked.stderr.splitlines()
        if line.startswith("content/families/ssm.yaml:")
    }
    assert listed == todo_lines
    assert len(todo_lines) == 8  # name, short name, tagline, accent, a highlight, both table rows
    assert "content/pages/alpha-vs-ssm.yaml:4:8: title: placeholder left unfilled" in checked.stderr
    fill_placeholders(
        site / "content/families/ssm.yaml",
        {
            "name": "State Space Models",
            "short_name": "SSMs",
            "tagline": "Linear-time sequence models",
            "accent": '"#4fd1c5"',
            "label": "Strength",
            "text": "Long contexts",
            "Best at": "Long sequences",
        },
    )
    fill_placeholders(
        site / "content/pages/alpha-vs-ssm.yaml",
        {"title": "Alpha vs SSMs", "description": "Two families compared.", "subtitle": "Side by side"},
    )
    still = run_cli(site, "check")
    assert still.exit_code == 1
    assert [line for line in still.stderr.splitlines() if ": placeholder left unfilled" in line] == [
        "content/families/ssm.yaml:17:11: table.Cost: placeholder left unfilled: its value in the row 'Cost'"
    ]
    fill_placeholders(site / "content/families/ssm.yaml", {"Cost": "Low"})
    done = run_cli(site, "check")
    assert done.exit_code == 0, done.output


def test_new_refuses_bad_names_existing_files_and_unknown_families(tmp_path: Path) -> None:
    """Each refusal is one line and a hint, exit 1, and nothing written."""
    run_cli(tmp_path, "init", "s", "--blank")
    site = tmp_path / "s"
    before = snapshot(site)
    for args, said in [
        (("new", "family", "Bad Id"), "is not a family id"),
        (("new", "family", "alpha"), "already exists"),
        (("new", "page", "x-vs-y", "--families", "alpha,nope"), "no family 'nope'"),
        (("new", "page", "Not A Slug"), "is not a page slug"),
        (("new", "page", "families"), "is reserved"),
        (("new", "page", "com1"), "is reserved"),
        (("new", "family", "nul"), "Windows cannot use"),
        (("new", "page", "a-vs-a", "--families", "alpha,alpha"), "listed twice"),
    ]:
        result = run_cli(site, *args)
        assert result.exit_code == 1, args
        assert said in result.stderr
        assert "hint:" in result.stderr
    assert snapshot(site) == before


def test_missing_templates_and_static_fall_back_to_the_packaged_ones(site: Path) -> None:
    """A site with only content/ still builds with the packaged look."""
    shutil.rmtree(site / "templates")
    shutil.rmtree(site / "static")
    assert run_cli(site, "build").exit_code == 0
    assert stylesheet(site / "build").is_file()
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


def test_a_placeholder_does_not_hide_the_files_other_mistakes(tmp_path: Path) -> None:
    """A TODO left in a file is listed with that file's other errors, in one run, each once."""
    run_cli(tmp_path, "init", "s", "--blank")
    site = tmp_path / "s"
    assert run_cli(site, "new", "family", "ssm").exit_code == 0
    family = site / "content/families/ssm.yaml"
    family.write_text(family.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    checked = run_cli(site, "check")
    assert checked.exit_code == 1
    assert "bogus: unknown key 'bogus'" in checked.stderr
    assert checked.stderr.count("accent:") == 1  # the placeholder, not also 'does not match a colour'
    assert "accent: placeholder left unfilled" in checked.stderr
