"""Incremental and parallel builds: always byte-identical to a clean single-process build."""

from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from llmdiff_site.cache import FORMAT, seal
from llmdiff_site.manifest import MANIFEST_NAME
from llmdiff_site.pages import ComparisonPlan, SitePlan, plan_pages
from llmdiff_site.parallel import family_order, take
from llmdiff_site.validate import load_content
from tests.conftest import (
    PAGE,
    REPO,
    command_imports,
    edit_yaml,
    pydantic_loaded_by_build,
    run_cli,
    snapshot,
    stylesheet,
)

SUMMARY = re.compile(r"Built (\d+) pages?(?: \((\d+) rendered again\))?, (\d+) files")


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file but the manifest (which records times)."""
    return {rel: data for rel, data in snapshot(folder).items() if rel != MANIFEST_NAME}


def rendered(result_output: str) -> tuple[int, int]:
    """(pages, pages rendered) from a build's summary line."""
    match = SUMMARY.search(result_output)
    assert match, result_output
    pages = int(match.group(1))
    return pages, int(match.group(2)) if match.group(2) else pages


def add_sources(site: Path) -> None:
    """Give two highlights sources, so pages carry footnote numbers that differ from page to page."""
    for name, url in (("gan", "https://example.org/gan"), ("vae", "https://example.org/vae")):
        edit_yaml(
            site / f"content/families/{name}.yaml",
            lambda d, url=url: d["highlights"][0].update(source={"url": url, "title": "Survey"}),
        )


def edit_family_tagline(site: Path) -> None:
    """An editor changes one family's tagline."""
    edit_yaml(site / "content/families/gan.yaml", lambda d: d.update(tagline="Two networks, one game"))


def edit_template(site: Path) -> None:
    """A developer changes a partial that every comparison page uses."""
    path = site / "templates/partials/hero.html"
    path.write_text(path.read_text(encoding="utf-8").replace('class="hero-title"', 'class="hero-title big"'))


def edit_static(site: Path) -> None:
    """A developer changes the stylesheet."""
    with (site / "static/css/style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.big { letter-spacing: 0.01em; }\n")


def add_family(site: Path) -> None:
    """A new family file with its table values kept in the family file."""
    features = (site / "content/features.yaml").read_text(encoding="utf-8")
    rows = re.findall(r"- attribute: (.+)", features)
    table = "".join(f"  {row.strip()!r}: Flow value {i}\n" for i, row in enumerate(rows))
    (site / "content/families/flow.yaml").write_text(
        "name: Normalizing Flows\nshort_name: Flows\ntagline: Invertible maps\naccent: '#44aaee'\n"
        "highlights:\n  - label: Core idea\n    text: Exact likelihoods\ntable:\n" + table,
        encoding="utf-8",
    )


def delete_family(site: Path) -> None:
    """A family file is deleted (with its values)."""
    (site / "content/families/flow.yaml").unlink()


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("family", edit_family_tagline),
    ("template", edit_template),
    ("static", edit_static),
    ("add family", add_family),
    ("delete family", delete_family),
]


def test_incremental_equals_full_over_a_sequence_of_edits(catalogue: Path) -> None:
    """After each edit, the incremental output tree equals a clean build's, byte for byte."""
    add_sources(catalogue)
    assert run_cli(catalogue, "build").exit_code == 0
    for label, edit in EDITS:
        edit(catalogue)
        incremental = run_cli(catalogue, "build")
        assert incremental.exit_code == 0, (label, incremental.output)
        full = run_cli(catalogue, "build", "--clean", "--out", "full")
        assert full.exit_code == 0, (label, full.output)
        assert outputs(catalogue / "build") == outputs(catalogue / "full"), label
        shutil.rmtree(catalogue / "full")


def test_one_family_edit_renders_only_its_pages(catalogue: Path) -> None:
    """Ten pairs and five family pages; one tagline edit renders that family's four pairs and its page."""
    assert rendered(run_cli(catalogue, "build").output) == (17, 17)
    edit_family_tagline(catalogue)
    result = run_cli(catalogue, "build")
    assert rendered(result.output) == (17, 5)
    assert "Two networks, one game" in (catalogue / "build/gan-vs-vae/index.html").read_text(encoding="utf-8")


def test_page_and_option_changes(site: Path) -> None:
    """A page edit renders that page again; a new base URL is a change of option: a full build."""
    assert run_cli(site, "build").exit_code == 0
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title="LLMs and Diffusion"))
    assert rendered(run_cli(site, "build").output) == (2, 1)
    result = run_cli(site, "build", "--base-url", "https://example.org/")
    assert rendered(result.output) == (2, 2)
    assert "https://example.org/" in (site / "build/index.html").read_text(encoding="utf-8")
    full = run_cli(site, "build", "--clean", "--base-url", "https://example.org/", "--out", "full")
    assert full.exit_code == 0
    assert outputs(site / "build") == outputs(site / "full")


def test_nothing_changed_is_up_to_date_and_clean_rebuilds(site: Path) -> None:
    """A second build with no change does nothing; --clean renders everything again."""
    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    again = run_cli(site, "build")
    assert again.output.startswith("Up to date: 2 pages, 9 files in ")
    assert snapshot(site / "build") == before
    assert rendered(run_cli(site, "build", "--clean").output) == (2, 2)


@pytest.mark.parametrize(
    ("args", "out"),
    [([], "build"), (["-o", "public"], "public"), (["--out", "site/x"], "site/x"), (["--out=pub"], "pub")],
)
def test_no_change_answers_before_heavy_imports(site: Path, args: list[str], out: str) -> None:
    """`llmdiff build`, or with only an output folder, with nothing to do never imports Jinja2, pydantic,
    cmark or click, and names the folder as the full command does."""
    command = [sys.executable, "-m", "llmdiff_site", "build", *args]
    first = subprocess.run(command, cwd=site, check=False, capture_output=True, text=True)
    assert first.returncode == 0 and first.stdout.rstrip().endswith(f" → {out}"), first.stdout
    done, lines, imported = command_imports(
        site, ["build", *args], ["jinja2", "pydantic", "cmarkgfm", "click"]
    )
    assert done.returncode == 0, done.stderr
    assert lines[0].startswith("Up to date: 2 pages")
    assert lines[0].endswith(f" → {out}")
    assert imported == []


def test_a_no_change_answer_never_skips_the_checks_of_a_named_output(site: Path) -> None:
    """With anything beyond an output folder, or an output that is not a built folder, the full command
    runs (and says what is wrong), never the quick answer."""
    assert run_cli(site, "build", "-o", "public").exit_code == 0
    (site / "afile").write_text("x", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "llmdiff_site", "build", "-o", "afile"],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "Up to date" not in result.stdout
    (site / "lnk").symlink_to("public")  # a built folder, through a link: the full command refuses links
    for folder in ("lnk", "."):
        if folder == ".":  # the project folder, holding a built site's files: refused too
            shutil.copytree(site / "public", site, dirs_exist_ok=True)
        refused = subprocess.run(
            [sys.executable, "-m", "llmdiff_site", "build", "-o", folder],
            cwd=site,
            capture_output=True,
            text=True,
        )
        assert refused.returncode != 0 and "Up to date" not in refused.stdout, (folder, refused.stdout)
    verbose = subprocess.run(
        [sys.executable, "-m", "llmdiff_site", "build", "-o", "public", "-v"],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert verbose.returncode == 0 and "Up to date" in verbose.stdout


def test_build_from_cached_content_never_loads_pydantic(site: Path) -> None:
    """Content unchanged since the last build comes from the cache as records: pydantic stays unloaded
    (--clean reads every file again, but validates none); a build that trusts the files' stamps
    does not even load the YAML parser.

    Only an edited file is validated, and only then is pydantic imported.
    """
    an_hour_ago = time.time() - 3600  # files edited just before a build are read again (see cache.RACY_NS)
    for path in (site / "content").rglob("*.yaml"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert run_cli(site, "build").exit_code == 0
    expected = outputs(site / "build")
    assert pydantic_loaded_by_build(site) == []
    assert outputs(site / "build") == expected
    shutil.rmtree(site / "build")
    assert pydantic_loaded_by_build(site, "yaml", ("build",)) == []
    assert outputs(site / "build") == expected
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited tagline"))
    assert "pydantic" in pydantic_loaded_by_build(site)
    assert "Edited tagline" in (site / "build/index.html").read_text(encoding="utf-8")


def test_deleted_output_is_restored(site: Path) -> None:
    """A page deleted from build/ by hand comes back on the next build."""
    assert run_cli(site, "build").exit_code == 0
    (site / "build/index.html").unlink()
    assert run_cli(site, "build").exit_code == 0
    assert (site / "build/index.html").is_file()


def test_parallel_build_equals_single_process_build(catalogue: Path) -> None:
    """Rendering in two or three processes gives the same bytes as one, footnote numbers included."""
    add_sources(catalogue)
    assert run_cli(catalogue, "build", "-j", "1", "--out", "one").exit_code == 0
    assert run_cli(catalogue, "build", "-j", "2", "--out", "two").exit_code == 0
    assert run_cli(catalogue, "build", "-j", "3", "--out", "three").exit_code == 0
    one, two = outputs(catalogue / "one"), outputs(catalogue / "two")
    assert one == two
    assert outputs(catalogue / "three") == one
    pair = one["gan-vs-vae/index.html"].decode("utf-8")
    assert pair.count('class="fn-ref"') == 2, "both sourced highlights carry their footnote number"
    assert '<a href="#fn-families-2">2</a>' in pair


@pytest.mark.parametrize("jobs", ["2", "3"], ids=["one child", "a pool"])
def test_a_rendering_process_that_dies_is_an_error_not_a_hang(
    catalogue: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed mid-build (the out-of-memory killer, kill -9) ends the build with an error;
    build/ stays as it was. (Two processes split a small site's pages; more share them as a pool.)"""
    import signal
    import time

    from llmdiff_site import render

    assert run_cli(catalogue, "build").exit_code == 0
    before = snapshot(catalogue / "build")
    parent, real = os.getpid(), render.Renderer.page_files
    waited: list[bool] = []

    def dying(self: render.Renderer, plan: render.PagePlan) -> list[tuple[str, bytes]]:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        if not waited:  # let the worker take its own chunk before this process could take it
            waited.append(True)
            time.sleep(1)
        return real(self, plan)

    monkeypatch.setattr(render.Renderer, "page_files", dying)
    result = run_cli(catalogue, "build", "--clean", "-j", jobs)
    assert result.exit_code == 1
    assert "a rendering process ended unexpectedly" in result.stderr
    assert snapshot(catalogue / "build") == before
    assert not list(catalogue.glob(".build.staging-*"))


def test_every_chunk_is_taken_once_own_stretch_first() -> None:
    """Processes take their own stretch of chunks from its front, then the back of the fullest one."""
    stretches = [0, 4, 4, 6, 6, 11]  # three processes: chunks 0-3, 4-5 and 6-10
    assert [take(stretches, 1), take(stretches, 1)] == [4, 5]
    assert take(stretches, 1) == 10  # its own are done: the last of the fullest stretch
    assert take(stretches, 2) == 6  # the owner goes on from its front
    rng = random.Random(3)
    taken = [4, 5, 10, 6]
    while (chunk := take(stretches, rng.randrange(3))) is not None:
        taken.append(chunk)
    assert sorted(taken) == list(range(11))
    assert all(take(stretches, r) is None for r in range(3))


def test_pages_about_the_same_families_are_rendered_together(catalogue: Path) -> None:
    """The order chunks are cut from keeps a family's pages together, so a process renders its
    fragments once; every page is in it exactly once."""
    content, diagnostics = load_content(catalogue / "content", catalogue)
    assert content is not None, diagnostics
    entries = SitePlan(content).entries
    order = family_order(entries, content)
    assert sorted(order) == list(range(len(entries)))
    first = content.families[0].id
    shown = [
        {f.id for f in entries[i].comparison.families} if entries[i].comparison else set() for i in order
    ]
    about_first = [i for i, ids in enumerate(shown) if first in ids]
    assert about_first == list(range(about_first[0], about_first[0] + len(about_first)))


def test_page_plan_survives_pickling(site: Path) -> None:
    """Every page plan comes back from a pickle round trip equal, footnotes included."""
    content, diagnostics = load_content(site / "content", site)
    assert content is not None, diagnostics
    plans = plan_pages(content)
    assert any(isinstance(p, ComparisonPlan) for p in plans)
    for plan in plans:
        assert pickle.loads(pickle.dumps(plan)) == plan


def test_family_file_values_match_the_shared_table(site: Path) -> None:
    """Moving a family's table values into its own file changes nothing in the output."""
    assert run_cli(site, "build", "--out", "shared").exit_code == 0
    features = site / "content/features.yaml"
    moved: dict[str, str] = {}

    def take(data: dict) -> None:  # type: ignore[type-arg]
        for row in data["rows"]:
            moved[row["attribute"]] = row["values"].pop("diffusion")

    edit_yaml(features, take)
    edit_yaml(site / "content/families/diffusion.yaml", lambda d: d.update(table=moved))
    assert run_cli(site, "build", "--out", "own").exit_code == 0
    assert outputs(site / "shared") == outputs(site / "own")


@pytest.mark.parametrize("name", ["content", "tests/sites/catalogue/content"])
def test_fast_and_positioned_loaders_agree(name: str) -> None:
    """The fast loader and the positioned one give the same data for every content file."""
    from llmdiff_site.loader import _positioned, load_document

    for path in sorted((REPO / name).rglob("*.yaml")):
        fast, _ = load_document(path, path.name)
        slow, _ = _positioned(path, path.name)
        assert fast is not None and slow is not None, path
        assert fast.data == slow.data, path


@pytest.mark.parametrize("forked", [False, True], ids=["checked here", "checked by a forked child"])
def test_output_damaged_by_hand_is_written_again(
    site: Path, forked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stylesheet deleted from build/ and a data file edited there are restored by the next build,
    also when the outputs are checked by a child process (large sites), which is always waited for."""

    # (Threads earlier tests leave in this process would otherwise keep the build from forking.)
    children = _forking_checks(monkeypatch) if forked else []
    assert run_cli(site, "build").exit_code == 0
    stylesheet(site / "build").unlink()
    with (site / "build/data.json").open("a", encoding="utf-8") as handle:
        handle.write("junk")
    edit_yaml(
        site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited")
    )  # not a no-change build
    assert not run_cli(site, "build").output.startswith("Up to date")
    assert len(children) == (2 if forked else 0)  # one checks the outputs, one validates the edited file
    for pid in children:
        with pytest.raises(ChildProcessError):  # waited for already: no child left behind
            os.waitpid(pid, os.WNOHANG)
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(site / "build") == outputs(site / "full")


def _new_page_folders(site: Path) -> list[str]:
    """The page folders the next build makes that build/ does not have yet (from a clean build)."""
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    new = sorted(
        p.name for p in (site / "full").iterdir() if p.is_dir() and not (site / "build" / p.name).exists()
    )
    assert new, "the edit makes no new page folder"
    shutil.rmtree(site / "full")
    return new


@pytest.mark.parametrize("path", ["incremental", "full"])
def test_a_file_of_yours_where_a_new_page_goes_stops_the_build(
    catalogue: Path, site: Path, path: str
) -> None:
    """Your own file in build/ where a new page's folder goes: the build stops, says where and what
    to do, and changes nothing (your file included); moved away, the next build is right. Whether
    the build writes only what changed (a family added to five) or everything (a second page of
    two), and --force lets the page win."""
    if path == "incremental":
        site = catalogue
        assert run_cli(site, "build").exit_code == 0
        add_family(site)
    else:
        assert run_cli(site, "build").exit_code == 0
        shutil.copy(site / PAGE, site / "content/pages/second.yaml")
    folder, *others = _new_page_folders(site)
    (site / "build" / folder).write_text("my notes\n", encoding="utf-8")
    for other in others:
        (site / "build" / other).write_text("more notes\n", encoding="utf-8")
    before = snapshot(site / "build")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    for taken in (folder, *others):  # every one named in one run
        assert f"build/{taken}: llmdiff did not write this, and the build puts {taken}/" in result.output
    assert "--force" in result.output and "build was not changed" in result.output
    assert snapshot(site / "build") == before
    if path == "full":
        forced = run_cli(site, "build", "--force")
        assert forced.exit_code == 0, forced.output
        assert (site / "build" / folder / "index.html").is_file()
        return
    (site / "build" / folder).rename(site / "notes")
    for other in others:
        (site / "build" / other).unlink()
    assert run_cli(site, "build").exit_code == 0
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(site / "build") == outputs(site / "full")


def test_a_build_stopped_during_its_renames_leaves_the_output_known(
    catalogue_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails once files are being moved into place says the output is incomplete; the
    manifest, marked so, still lists llmdiff's files, so the next (full) build tells them from
    yours: it succeeds, equals a clean build, and keeps your file."""
    from llmdiff_site import outputs as writing

    site = catalogue_built.parent
    (catalogue_built / "notes.txt").write_text("mine\n", encoding="utf-8")
    edit_family_tagline(site)
    moved: list[str] = []
    real_move = writing._move

    def failing_move(source: str, target: str) -> None:
        if moved:
            raise OSError(5, "Input/output error", target)
        moved.append(target)
        real_move(source, target)

    monkeypatch.setattr(writing, "_move", failing_move)
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "build is incomplete, and the next build writes it whole" in result.output
    monkeypatch.undo()
    again = run_cli(site, "build")
    assert again.exit_code == 0, again.output
    assert (catalogue_built / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(catalogue_built) == {**outputs(site / "full"), "notes.txt": b"mine\n"}


def test_full_builds_keep_your_folders_and_take_back_their_own_dot_files(site: Path) -> None:
    """A full build (--clean) keeps your folders as they are (their permissions, empty ones too)
    and your dot-files at the root; the dot-files llmdiff publishes from static/ are its own: built
    again without complaint, and gone once static/ no longer has them."""
    (site / "static/.well-known").mkdir(parents=True)
    (site / "static/.well-known/security.txt").write_text("Contact: x\n", encoding="utf-8")
    (site / "static/.htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    build = site / "build"
    (build / ".nojekyll").touch()
    (build / "docs").mkdir(mode=0o700)
    (build / "docs/notes.txt").write_text("mine\n", encoding="utf-8")
    (build / "empty/inner").mkdir(parents=True)
    (build / "css/fonts").mkdir()
    (build / ".well-known/mine.txt").write_text("mine too\n", encoding="utf-8")
    result = run_cli(site, "build", "--clean")
    assert result.exit_code == 0, result.output
    assert (build / ".htaccess").read_text(encoding="utf-8") == "Options -Indexes\n"
    assert (build / ".well-known/security.txt").is_file() and (build / ".well-known/mine.txt").is_file()
    assert (build / ".nojekyll").is_file() and (build / "docs/notes.txt").is_file()
    assert (build / "docs").stat().st_mode & 0o777 == 0o700
    assert (build / "empty/inner").is_dir() and (build / "css/fonts").is_dir()
    (site / "static/.htaccess").unlink()
    assert run_cli(site, "build", "--clean").exit_code == 0
    assert not (build / ".htaccess").exists() and (build / ".nojekyll").is_file()


def test_a_folder_of_yours_where_llmdiff_s_file_was_stops_the_build(catalogue_built: Path) -> None:
    """One of llmdiff's files replaced by a folder of yours (with a file in it): the next build
    stops there with the output unchanged, rather than fail halfway; --force replaces it."""
    site = catalogue_built.parent
    data = catalogue_built / "gan-vs-vae/data.json"
    data.unlink()
    data.mkdir()
    (data / "mine.txt").write_text("mine\n", encoding="utf-8")
    edit_family_tagline(site)
    before = snapshot(catalogue_built)
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert (
        "build/gan-vs-vae/data.json: llmdiff did not write this, and the build makes a file" in result.output
    )
    assert "build was not changed" in result.output
    assert snapshot(catalogue_built) == before
    assert run_cli(site, "build", "--force").exit_code == 0
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(catalogue_built) == outputs(site / "full")


def test_a_folder_of_yours_where_a_file_no_longer_built_was_is_kept(catalogue_built: Path) -> None:
    """A page llmdiff no longer makes (its family deleted), one of whose files you replaced by a
    folder of yours: the build succeeds, equals a clean one, and keeps your folder."""
    site = catalogue_built.parent
    add_family(site)
    assert run_cli(site, "build").exit_code == 0
    page = next(p for p in sorted(catalogue_built.iterdir()) if "flow" in p.name and p.is_dir())
    (page / "data.json").unlink()
    (page / "data.json").mkdir()
    (page / "data.json/mine.txt").write_text("mine\n", encoding="utf-8")
    delete_family(site)
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    assert (page / "data.json/mine.txt").read_text(encoding="utf-8") == "mine\n"
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    kept = f"{page.name}/data.json/mine.txt"
    assert outputs(catalogue_built) == {**outputs(site / "full"), kept: b"mine\n"}


def _as_a_user(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`llmdiff ARGS` in its own process, bound by file permissions as any user is (root drops the
    capabilities that let it pass them)."""
    command = [sys.executable, "-m", "llmdiff_site", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv (util-linux): permissions would not apply")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", "--", *command]
    return subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120)


def test_folders_of_yours_that_are_read_only_or_closed(site: Path) -> None:
    """A read-only folder of yours in build/ is kept through a full build, which succeeds and leaves
    nothing beside build/; one you cannot read (no search bit) is said at its place, changing nothing."""
    assert run_cli(site, "build").exit_code == 0
    build = site / "build"
    (build / "readonly").mkdir()
    (build / "readonly/notes.txt").write_text("mine\n", encoding="utf-8")
    (build / "readonly").chmod(0o555)
    try:
        done = _as_a_user(site, "build", "--clean")
        assert done.returncode == 0, done.stderr
        assert "incomplete" not in done.stderr
        assert (build / "readonly/notes.txt").read_text(encoding="utf-8") == "mine\n"
        assert (build / "readonly").stat().st_mode & 0o777 == 0o555
        assert sorted(p.name for p in site.iterdir() if p.name.startswith(".build")) == []
        (build / "closed").mkdir()
        (build / "closed/secret.txt").write_text("mine\n", encoding="utf-8")
        (build / "closed").chmod(0o600)
        before = snapshot(build)
        done = _as_a_user(site, "build", "--clean")
        assert done.returncode == 1
        assert "build/closed: llmdiff cannot keep this (yours) in the new build" in done.stderr
        assert "build was not changed" in done.stderr
        (build / "closed").chmod(0o700)
        assert snapshot(build) == before
    finally:
        for folder in ("readonly", "closed"):
            if (build / folder).exists():
                (build / folder).chmod(0o755)


def test_an_output_folder_you_cannot_read_is_said_so(site: Path) -> None:
    """build/ made by another user (say, root in a container) that you cannot read: a located error."""
    build = site / "build"
    build.mkdir()
    (build / "theirs.txt").write_text("x\n", encoding="utf-8")
    build.chmod(0o000)
    try:
        done = _as_a_user(site, "build")
    finally:
        build.chmod(0o755)
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert "build: cannot read the output folder: Permission denied" in done.stderr


def test_leftovers_are_swept_only_for_this_output_folder(site: Path) -> None:
    """An output name with * ? [ in it: the sweep of a killed build's leftovers matches it alone."""
    other = site / ".buildX.staging-999"
    other.mkdir()
    (other / "keep.txt").write_text("not llmdiff's\n", encoding="utf-8")
    assert run_cli(site, "build", "--out", "build?").exit_code == 0
    assert (other / "keep.txt").is_file()


def _mounted(source: Path, point: Path) -> bool:
    """Bind-mount a folder (root only); False where this machine does not allow it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "--bind", str(source), str(point)], capture_output=True).returncode == 0


def _unmount_all(folder: Path) -> None:
    """Unmount every mount point at or below a folder, innermost first."""
    from llmdiff_site.outputs import mounts_in

    for point in sorted(mounts_in(folder), key=lambda p: len(p.parts), reverse=True):
        subprocess.run(["umount", str(point)], check=True)


def test_mount_points_in_the_output_are_never_replaced_or_emptied(site: Path, tmp_path: Path) -> None:
    """A folder mounted inside build/: a full build stops at it (it would have swapped it away and
    emptied it); build/ itself mounted: an edit stops before it writes. Nothing outside is touched."""
    assert run_cli(site, "build").exit_code == 0
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "sub/precious.txt").write_text("precious\n", encoding="utf-8")
    (site / "build/data").mkdir()
    if not _mounted(data, site / "build/data"):
        pytest.skip("bind mounts need root and a machine that allows them")
    try:
        result = run_cli(site, "build", "--clean")
        assert result.exit_code == 1
        assert "build/data: a mount point inside the output folder" in result.output
        assert (data / "sub/precious.txt").read_text(encoding="utf-8") == "precious\n"
    finally:
        _unmount_all(site)  # wherever a build may have moved the mount
    (site / "build/data").rmdir()
    held = tmp_path / "held"
    shutil.copytree(site / "build", held)
    for entry in list((site / "build").iterdir()):
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    assert _mounted(held, site / "build")
    try:
        assert run_cli(site, "build").output.startswith("Up to date")
        before = snapshot(site / "build")
        edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited"))
        result = run_cli(site, "build")
        assert result.exit_code == 1
        assert "build: cannot replace the output folder: it is a mount point" in result.output
        assert "build was not changed" in result.output
        assert snapshot(site / "build") == before
        assert run_cli(site, "clean").exit_code == 0  # what it wrote goes; the mount point stays
        assert (site / "build").is_dir() and not any((site / "build").rglob("*.html"))
    finally:
        _unmount_all(site)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".build")) == []
    assert run_cli(site, "build").exit_code == 0
    page = site / "build/index.html"
    mounted_file = tmp_path / "mine.html"
    mounted_file.write_text("mine\n", encoding="utf-8")
    assert _mounted(mounted_file, page)  # a file mounted over one of llmdiff's
    try:
        before = snapshot(site / "build")
        edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited again"))
        result = run_cli(site, "build")
        assert result.exit_code == 1 and "build/index.html: a mount point inside the output" in result.output
        assert snapshot(site / "build") == before
    finally:
        _unmount_all(site)
    assert mounted_file.read_text(encoding="utf-8") == "mine\n"


def test_ctrl_c_while_files_are_moved_into_place_says_the_output_is_incomplete(
    catalogue_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the renames: 'Aborted!' after saying the output is incomplete; the next build
    writes it whole, as a clean build would."""
    from llmdiff_site import outputs as writing

    site = catalogue_built.parent
    edit_family_tagline(site)
    moved: list[str] = []
    real_move = writing._move

    def interrupted_move(source: str, target: str) -> None:
        if moved:
            raise KeyboardInterrupt
        moved.append(target)
        real_move(source, target)

    monkeypatch.setattr(writing, "_move", interrupted_move)
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "Stopped while replacing files: build is incomplete, and the next build writes it whole." in (
        result.output
    )
    assert "Aborted!" in result.output
    monkeypatch.undo()
    assert run_cli(site, "build").exit_code == 0
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(catalogue_built) == outputs(site / "full")


def _forking_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every incremental build check its outputs in a forked child; returns the children's pids."""
    from llmdiff_site import build

    monkeypatch.setattr(build, "MEANWHILE_OUTPUTS", 1)
    monkeypatch.setattr(build.threading, "active_count", lambda: 1)
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return children


@pytest.mark.parametrize("moment", ["while loading", "while waiting for the check"])
def test_ctrl_c_during_a_build_with_a_checking_child_aborts_cleanly(
    site: Path, moment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the content loads, or while the build waits for the child that checks the
    outputs: 'Aborted!', build/ as it was, and the children stopped and waited for."""
    import signal
    import time

    from llmdiff_site import build

    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    children = _forking_checks(monkeypatch)
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited"))
    if moment == "while loading":

        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        from llmdiff_site.cache import ParseCache

        monkeypatch.setattr(ParseCache, "_load", interrupted)  # reading the cached content, on any path
    else:
        real_check = build.damaged_outputs

        def slow_check(*args: object, **kwargs: object) -> set[str]:  # runs in the child
            time.sleep(30)
            return real_check(*args, **kwargs)  # type: ignore[arg-type]

        def ctrl_c(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(build, "damaged_outputs", slow_check)
        previous = signal.signal(signal.SIGALRM, ctrl_c)
        signal.setitimer(signal.ITIMER_REAL, 1.5)  # well after loading, while the child sleeps
    try:
        started = time.monotonic()
        result = run_cli(site, "build")
    finally:
        if moment != "while loading":
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    assert result.exit_code == 1
    assert "Aborted" in result.output and "internal error" not in result.output
    assert time.monotonic() - started < 20  # the sleeping child was not waited out
    assert snapshot(site / "build") == before
    assert len(children) == 2  # one checks the outputs, one validates the edited file
    for pid in children:
        with pytest.raises(ChildProcessError):  # stopped and waited for
            os.waitpid(pid, os.WNOHANG)


def test_a_tampered_manifest_deletes_nothing_outside(site: Path, tmp_path: Path) -> None:
    """Paths in the manifest that leave the output folder make it untrusted: nothing there is deleted."""
    import json

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    manifest_path = site / "build" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["outputs"]["css/../../../victim.txt"] = "x-1"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title="Changed"))
    run_cli(site, "build")
    run_cli(site, "build", "--force")
    assert victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("written_ns", "x"),
        ("complete", "yes"),
        ("outline", 7),
        ("inputs", {"content/site.yaml": "x"}),
        ("pages", {"index.html": 3}),
        ("options", {"base_url": 1}),
    ],
)
def test_a_manifest_field_of_another_kind_is_not_trusted(site: Path, field: str, value: object) -> None:
    """A hand-edited manifest whose fields are of other kinds than a build writes is a manifest
    llmdiff cannot vouch for, never a traceback: `--force` builds over it, like a clean build."""
    import json

    assert run_cli(site, "build").exit_code == 0
    manifest_path = site / "build" / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest[field] = value
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Edited"))
    command = [sys.executable, "-m", "llmdiff_site", "build"]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "build:" in done.stderr and "--force" in done.stderr, done.stderr
    assert run_cli(site, "build", "--force").exit_code == 0
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(site / "build") == outputs(site / "full")


def test_a_manifest_with_a_table_nulled_or_an_output_unlisted_is_not_trusted(site: Path) -> None:
    """`"outputs": null` is no empty build (a deleted page comes back), and an output the manifest
    does not list, yet the build keeps, is not llmdiff's to replace: no internal error, but the
    build stops at that file until --force."""
    import json

    assert run_cli(site, "build").exit_code == 0
    manifest_path = site / "build" / MANIFEST_NAME
    original = manifest_path.read_text(encoding="utf-8")
    manifest = json.loads(original)
    manifest["outputs"] = None
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (site / "build/index.html").unlink()
    result = run_cli(site, "build", "--force")
    assert result.exit_code == 0, result.output
    assert not result.output.startswith("Up to date")
    assert (site / "build/index.html").exists()

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    kept = next(rel for rel in manifest["outputs"] if rel.endswith("features.csv"))
    del manifest["outputs"][kept]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title="Changed"))
    before = snapshot(site / "build")
    result = run_cli(site, "build")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert f"build/{kept}: llmdiff did not write this" in result.output
    assert snapshot(site / "build") == before
    result = run_cli(site, "build", "--force")
    assert result.exit_code == 0, result.output
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(site / "build") == outputs(site / "full")


def test_template_included_under_any_name_is_tracked(site: Path) -> None:
    """`{% include "inline.css" %}` and a computed include name both make pages depend on the file."""
    (site / "templates/partials/inline.css").write_text("/* one */", encoding="utf-8")
    footer = site / "templates/partials/page_footer.html"
    footer.write_text(
        '<style>{% include "partials/inline.css" %}</style>\n' + footer.read_text(encoding="utf-8")
    )
    assert run_cli(site, "build").exit_code == 0
    (site / "templates/partials/inline.css").write_text("/* two */", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    assert "/* two */" in (site / "build/index.html").read_text(encoding="utf-8")
    footer.write_text(
        '{% set n = "inline" %}<style>{% include "partials/" ~ n ~ ".css" %}</style>\n'
        + footer.read_text(encoding="utf-8")
    )
    assert run_cli(site, "build").exit_code == 0
    (site / "templates/partials/inline.css").write_text("/* three */", encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    assert "/* three */" in (site / "build/index.html").read_text(encoding="utf-8")


def test_clean_builds_reuse_validated_content_and_notice_every_edit(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build without a manifest takes unchanged files from the user cache, edited ones from disk."""
    from llmdiff_site import loader

    for path in (catalogue / "content").rglob("*.yaml"):  # saved well before any cache was written
        past = path.stat().st_mtime_ns - 10_000_000_000
        os.utime(path, ns=(past, past))
    assert run_cli(catalogue, "build").exit_code == 0
    first = outputs(catalogue / "build")
    family = catalogue / "content/families/gan.yaml"
    read: list[str] = []
    real = loader.load_document

    def spy(path: Path, shown: str) -> tuple[object, object]:
        read.append(shown)
        return real(path, shown)

    monkeypatch.setattr(loader, "load_document", spy)  # validate imports it from there when it reads
    shutil.rmtree(catalogue / "build")
    assert run_cli(catalogue, "build").exit_code == 0
    assert outputs(catalogue / "build") == first
    assert read == [], "unchanged files should come from the cache"
    edit_yaml(family, lambda data: data.update(tagline="Edited between clean builds"))
    shutil.rmtree(catalogue / "build")
    assert run_cli(catalogue, "build").exit_code == 0
    assert any(b"Edited between clean builds" in data for data in outputs(catalogue / "build").values())
    assert run_cli(catalogue, "build", "--clean").exit_code == 0
    assert any(b"Edited between clean builds" in data for data in outputs(catalogue / "build").values())


def test_an_edit_that_keeps_size_and_time_is_still_seen(catalogue: Path) -> None:
    """An archive restoring old times over same-length edits: the change time gives the edit away."""
    import os

    family = catalogue / "content/families/gan.yaml"
    for path in (catalogue / "content").rglob("*.yaml"):
        past = path.stat().st_mtime_ns - 10_000_000_000
        os.utime(path, ns=(past, past))
    assert run_cli(catalogue, "build").exit_code == 0
    before = family.stat()
    text = family.read_text(encoding="utf-8")
    assert "Generator versus discriminator" in text
    family.write_text(
        text.replace("Generator versus discriminator", "Generator VERSUS discriminator"), "utf-8"
    )
    os.utime(family, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert family.stat().st_size == before.st_size and family.stat().st_mtime_ns == before.st_mtime_ns
    shutil.rmtree(catalogue / "build")
    assert run_cli(catalogue, "build").exit_code == 0
    assert "Generator VERSUS discriminator" in (catalogue / "build/gan-vs-vae/index.html").read_text("utf-8")


def test_an_edit_rewrites_one_part_of_the_user_cache(catalogue: Path) -> None:
    """The cache is split by file: after one family's edit only the part holding it is written again."""
    import os

    from llmdiff_site.cache import ParseCache
    from llmdiff_site.project import cache_folder

    assert run_cli(catalogue, "build").exit_code == 0
    folder = ParseCache.for_site(catalogue / "content", {}, cache_folder()).file
    assert folder is not None
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}
    assert len(before) > 1
    for path in folder.glob("*.pickle"):  # make any rewrite visible whatever the clock's resolution
        os.utime(path, ns=(1, 1))
    edit_family_tagline(catalogue)
    assert run_cli(catalogue, "build").exit_code == 0
    rewritten = [p.name for p in folder.glob("*.pickle") if p.stat().st_mtime_ns != 1]
    assert len(rewritten) == 1, rewritten
    assert "Two networks, one game" in (catalogue / "build/gan-vs-vae/index.html").read_text("utf-8")


def _flip_text(data: bytes) -> bytes:
    """One letter of the content's text changed inside the pickle, as a bad disk sector would."""
    at = data.index(b"comparison") if b"comparison" in data else len(data) // 2
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize(
    "damage",
    [
        _flip_text,
        lambda data: data[: len(data) // 2],
        lambda data: b"\x80\x05\x95" + b"\xff" * 8,  # a frame longer than memory: OverflowError
        lambda data: seal(b"\x80\x05\x95" + b"\xff" * 8),
        lambda data: seal(pickle.dumps(None)),
        lambda data: seal(pickle.dumps({"format": FORMAT, "entries": ["x"], "known": ["y"], "models": []})),
        lambda data: b"",
    ],
    ids=["changed-text", "truncated", "overflow", "sealed-overflow", "none", "lists-for-tables", "empty"],
)
def test_a_damaged_cache_part_only_costs_speed(site: Path, damage: Callable[[bytes], bytes]) -> None:
    """Whatever a cache file holds, the build reads the content again and gives the same pages."""
    from llmdiff_site.cache import ParseCache
    from llmdiff_site.project import cache_folder

    assert run_cli(site, "build").exit_code == 0
    expected = outputs(site / "build")
    folder = ParseCache.for_site(site / "content", {}, cache_folder()).file
    assert folder is not None
    shards = list(folder.glob("*.pickle"))
    assert shards
    for path in shards:
        path.write_bytes(damage(path.read_bytes()))
    result = run_cli(site, "build", "--clean")
    assert result.exit_code == 0, result.output
    assert outputs(site / "build") == expected


def test_damaged_compiled_templates_and_cards_are_made_again(site: Path) -> None:
    """Compiled templates and social cards kept in the cache: a damaged file is made again, not published."""
    from llmdiff_site.project import cache_folder
    from llmdiff_site.render import BYTECODE_FLAVOUR

    assert run_cli(site, "build").exit_code == 0
    expected = outputs(site / "build")
    compiled = list((cache_folder() / "jinja" / BYTECODE_FLAVOUR).glob("*.cache"))
    cards = list((cache_folder() / "cards").glob("*.png"))
    assert compiled and cards
    for path in compiled:  # a class name changed inside the compiled code's text
        path.write_bytes(path.read_bytes().replace(b'class="', b'clasz="'))
    for path in cards:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = run_cli(site, "build", "--clean")
    assert result.exit_code == 0, result.output
    assert outputs(site / "build") == expected


def test_stylesheet_name_carries_its_hash_and_the_old_one_goes(catalogue: Path) -> None:
    """Every page links the hashed stylesheet; a CSS edit links a new name and the old file goes."""
    assert run_cli(catalogue, "build").exit_code == 0
    build = catalogue / "build"
    first = stylesheet(build)
    pages = sorted(build.rglob("*.html"))
    assert len(pages) == 17
    for page in pages:
        text = page.read_text(encoding="utf-8")
        root = "/" if page.name == "404.html" else "../" * len(page.relative_to(build).parts[:-1])
        assert f'<link rel="stylesheet" href="{root}css/{first.name}">' in text, page
    with (catalogue / "static/css/style.css").open("a", encoding="utf-8") as handle:
        handle.write("\n.hero-title { letter-spacing: 0; }\n")
    assert run_cli(catalogue, "build").exit_code == 0
    second = stylesheet(build)
    assert second.name != first.name and not first.exists()
    for page in pages:
        assert second.name in page.read_text(encoding="utf-8")
    assert run_cli(catalogue, "build", "--clean", "--out", "full").exit_code == 0
    assert outputs(build) == outputs(catalogue / "full")


def test_a_stylesheet_another_imports_keeps_its_name(site: Path) -> None:
    """`@import url("extra.css")` in style.css still finds extra.css in the build."""
    (site / "static/css/extra.css").write_text(".hero-title { color: red; }\n", encoding="utf-8")
    style = site / "static/css/style.css"
    style.write_text('@import url("extra.css");\n' + style.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli(site, "build").exit_code == 0
    assert (site / "build/css/extra.css").is_file()
    assert stylesheet(site / "build").read_text(encoding="utf-8").startswith('@import url("extra.css");')
