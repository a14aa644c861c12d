"""Targeted rebuilds: an edit to family files that only their own pages show renders those pages
alone, and the output is always byte-identical to a clean build's."""

from __future__ import annotations

import json
import os
import pickle
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from llmdiff_site.cache import seal
from llmdiff_site.manifest import MANIFEST_NAME
from llmdiff_site.outline import outline_path
from llmdiff_site.records import Family
from tests.conftest import PAGE, command_imports, edit_yaml, run_cli, snapshot
from tests.test_incremental import rendered

TARGETED = "read the changed families"
"""The stage a targeted rebuild reports under `build -v`; the whole pipeline's stages are others."""


def _move_into_family_file(site: Path, fid: str) -> None:
    """Keep one family's table values, benchmark card, guide line and a deep-dive card in its own file."""
    content = site / "content"
    own: dict[str, Any] = {"table": {}}
    features = yaml.safe_load((content / "features.yaml").read_text(encoding="utf-8"))
    for row in features["rows"]:
        own["table"][row["attribute"]] = row["values"].pop(fid)
    benchmarks = yaml.safe_load((content / "benchmarks.yaml").read_text(encoding="utf-8"))
    [group] = [g for g in benchmarks["groups"] if g.get("family") == fid]
    benchmarks["groups"].remove(group)
    own["benchmarks"] = {k: v for k, v in group.items() if k != "family"}
    guide = yaml.safe_load((content / "guide.yaml").read_text(encoding="utf-8"))
    [line] = [item for item in guide["items"] if item.get("family") == fid]
    guide["items"].remove(line)
    own["guide"] = line["text"]
    own["deep_dive"] = {"title": "How it works", "body": "Two networks *compete*."}
    others = [path.stem for path in sorted((content / "families").glob("*.yaml")) if path.stem != fid]
    cards = [{"family": other, "title": f"{other} inside", "body": f"How {other} works."} for other in others]
    deep_dive = {"title": "Deep dive", "cards": cards}
    for name, data in (
        ("features.yaml", features),
        ("benchmarks.yaml", benchmarks),
        ("guide.yaml", guide),
        ("deep-dive.yaml", deep_dive),
    ):
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (content / name).write_text(text, encoding="utf-8")
    edit_yaml(content / f"families/{fid}.yaml", lambda d: d.update(own))


@pytest.fixture
def owned(catalogue: Path) -> Path:
    """The catalogue, with the GAN family's values and entries kept in its own file, built once."""
    _move_into_family_file(catalogue, "gan")
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower(), result.output
    return catalogue


def _manifest_tables(folder: Path) -> dict[str, Any]:
    """The manifest's records, without the time it was written."""
    data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    data.pop("written_ns")
    return data


def _same_as_clean(site: Path, *options: str) -> None:
    """The output folder equals a clean build's into another folder, file for file and in its manifest."""
    full = run_cli(site, "build", "--clean", "--out", "full", *options)
    assert full.exit_code == 0, full.output
    mine = {rel: data for rel, data in snapshot(site / "build").items() if rel != MANIFEST_NAME}
    theirs = {rel: data for rel, data in snapshot(site / "full").items() if rel != MANIFEST_NAME}
    assert mine.keys() == theirs.keys()
    assert [rel for rel in mine if mine[rel] != theirs[rel]] == []
    assert _manifest_tables(site / "build") == _manifest_tables(site / "full")
    shutil.rmtree(site / "full")


def _gan(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """An edit of the GAN family's file."""
    return lambda site: edit_yaml(site / "content/families/gan.yaml", change)


LOCAL_EDITS: dict[str, Callable[[Path], None]] = {
    "tagline": _gan(lambda d: d.update(tagline="Two networks, *one* game")),
    "icons": _gan(lambda d: d.update(icons=["🎲", "🎯"])),
    "highlights": _gan(lambda d: d["highlights"][0].update(text="A generator **against** a critic.")),
    "tags": _gan(lambda d: d.update(tags=["GANs", "Adversarial"])),
    "table": _gan(lambda d: d["table"].update(Sampling="One pass, no steps")),
    "deep_dive": _gan(lambda d: d["deep_dive"].update(body="A generator and a critic.")),
    "benchmarks": _gan(lambda d: d["benchmarks"]["items"][0].update(value="85")),
    "guide": _gan(lambda d: d.update(guide="**Choose GANs** for one-pass images.")),
}
"""An edit to each Family field that only the family's own pages show."""

SHARED_EDITS: dict[str, Callable[[Path], None]] = {
    "order": _gan(lambda d: d.update(order=0)),
    "name": _gan(lambda d: d.update(name="Adversarial Networks")),
    "short_name": _gan(lambda d: d.update(short_name="GAN")),
    "accent": _gan(lambda d: d.update(accent="#22aa88")),
    "accent_2": _gan(lambda d: d.update(accent_2="#aa2288")),
    "table": _gan(lambda d: d["table"].pop("Sampling")),
    "deep_dive": _gan(lambda d: d.pop("deep_dive")),
    "benchmarks": _gan(lambda d: d.pop("benchmarks")),
    "guide": _gan(lambda d: d.pop("guide")),
    "draft": _gan(lambda d: d.update(draft=True)),
}
"""An edit to each Family field that other pages, the site's data files or checks across files see."""


def test_every_family_field_is_either_local_or_shared() -> None:
    """A new Family field must be sorted into one list or the other, so its edits are tested."""
    assert set(Family._fields) - {"id"} == set(LOCAL_EDITS) | set(SHARED_EDITS)


@pytest.mark.parametrize("field", list(LOCAL_EDITS))
def test_an_edit_only_its_pages_show_renders_them_alone(owned: Path, field: str) -> None:
    """Tagline, highlights, a table value, a section entry …: the family's four pairs and its page."""
    LOCAL_EDITS[field](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0, result.output
    assert TARGETED in result.output
    assert rendered(result.output) == (17, 5)
    _same_as_clean(owned)


@pytest.mark.parametrize("field", list(SHARED_EDITS))
def test_an_edit_other_pages_see_goes_through_the_whole_pipeline(owned: Path, field: str) -> None:
    """A name, colour, order, draft state, or which rows and sections a family fills: not targeted."""
    SHARED_EDITS[field](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0, result.output
    assert TARGETED not in result.output
    _same_as_clean(owned)


def test_a_sequence_of_edits_stays_identical_to_clean_builds(owned: Path) -> None:
    """Local and shared edits in turn, two files at once, and back: each build equals a clean one."""
    steps: list[Callable[[Path], None]] = [
        LOCAL_EDITS["tagline"],
        SHARED_EDITS["name"],
        LOCAL_EDITS["highlights"],
        lambda site: (LOCAL_EDITS["table"](site), _edit_other_family(site)),  # type: ignore[func-returns-value]
        SHARED_EDITS["deep_dive"],
        LOCAL_EDITS["benchmarks"],
    ]
    for step in steps:
        step(owned)
        result = run_cli(owned, "build")
        assert result.exit_code == 0, result.output
        _same_as_clean(owned)


def _edit_other_family(site: Path) -> None:
    """A second family's tagline, in the same build."""
    edit_yaml(site / "content/families/vae.yaml", lambda d: d.update(tagline="Latent codes, decoded"))


def test_an_error_in_the_changed_file_is_reported_in_place(owned: Path) -> None:
    """A bad value fails the build with its place and changes nothing; fixing it is targeted again."""
    before = snapshot(owned / "build")
    _gan(lambda d: d.update(tagline=["not", "text"]))(owned)
    result = run_cli(owned, "build")
    assert result.exit_code == 1
    assert "content/families/gan.yaml:" in result.output and "tagline" in result.output
    assert snapshot(owned / "build") == before
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0, result.output
    assert TARGETED in result.output
    _same_as_clean(owned)


def test_other_inputs_changed_with_a_family_go_through_the_whole_pipeline(owned: Path) -> None:
    """A family edit with a template edit, a new family file, or a site-wide file: not targeted."""
    LOCAL_EDITS["tagline"](owned)
    hero = owned / "templates/partials/hero.html"
    hero.write_text(hero.read_text(encoding="utf-8").replace('class="hero-title"', 'class="hero-title big"'))
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    _same_as_clean(owned)
    LOCAL_EDITS["tags"](owned)
    edit_yaml(owned / "content/guide.yaml", lambda d: d.update(title="How to choose"))
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    _same_as_clean(owned)


def test_without_its_kept_outline_the_build_reads_everything(owned: Path, private_cache: Path) -> None:
    """The outline lives in the cache folder: a cleared cache only costs speed."""
    shutil.rmtree(private_cache / "outline")
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    _same_as_clean(owned)
    LOCAL_EDITS["icons"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED in result.output, result.output


def test_a_damaged_outline_is_not_trusted(owned: Path, private_cache: Path) -> None:
    """A kept outline whose bytes changed is ignored: the whole pipeline builds, correctly."""
    for path in (private_cache / "outline").glob("*.pickle"):
        data = bytearray(path.read_bytes())
        data[-5] ^= 0xFF
        path.write_bytes(bytes(data))
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    _same_as_clean(owned)


def test_a_damaged_output_with_a_family_edit_is_written_again(owned: Path) -> None:
    """An output deleted by hand is restored in the same build as the edit."""
    (owned / "build/gan-vs-vae/data.json").unlink()
    (owned / "build/llm-vs-ssm/index.html").unlink()
    LOCAL_EDITS["tagline"](owned)
    assert run_cli(owned, "build").exit_code == 0
    _same_as_clean(owned)


def test_a_page_with_its_own_file_is_rendered_from_it(site: Path) -> None:
    """The default site: one page file comparing two families; a tagline edit renders that page."""
    assert run_cli(site, "build").exit_code == 0
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(tagline="Next-token prediction"))
    result = run_cli(site, "build", "-v")
    assert result.exit_code == 0 and TARGETED in result.output, result.output
    assert "Next-token prediction" in (site / "build/index.html").read_text(encoding="utf-8")
    _same_as_clean(site)
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title="LLMs and Diffusion"))  # a page file
    result = run_cli(site, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    _same_as_clean(site)


@pytest.mark.parametrize(
    "options",
    [("--drafts",), ("--base-url", "https://example.org/atlas/"), ("--minify",), ("--jobs", "2")],
    ids=["drafts", "base url", "minify", "two processes"],
)
def test_options_hold_in_targeted_rebuilds(owned: Path, options: tuple[str, ...]) -> None:
    """Drafts, a base URL, minified pages: the targeted pages are built with the same options."""
    _gan(lambda d: d.update(draft=True))(owned)
    assert run_cli(owned, "build", *options).exit_code == 0
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v", *options)
    assert result.exit_code == 0, result.output
    assert (TARGETED in result.output) == ("--drafts" in options)  # else the draft family is not on the site
    _same_as_clean(owned, *options)


def _command(site: Path, *args: str) -> tuple[int, str, list[str]]:
    """`llmdiff ARGS` in its own process: exit code, output, and which of pydantic and click it loaded."""
    done, lines, imported = command_imports(site, args, ["pydantic", "click"])
    return done.returncode, "\n".join(lines) + done.stderr, imported


def test_a_targeted_rebuild_loads_neither_click_nor_pydantic(owned: Path) -> None:
    """The command answers an edit to one family before click loads, and a child validates the
    edited file: the build process itself never imports pydantic."""
    LOCAL_EDITS["tagline"](owned)
    code, output, loaded = _command(owned, "build")
    assert code == 0, output
    assert rendered(output) == (17, 5)
    assert loaded == []
    _same_as_clean(owned)
    SHARED_EDITS["name"](owned)  # not targeted: the whole command runs, on the child's value too
    code, output, loaded = _command(owned, "build")
    assert code == 0, output
    assert loaded == ["click"]
    _same_as_clean(owned)


def test_a_mistake_in_the_edited_file_is_reported_by_the_command(owned: Path) -> None:
    """The child finds the problem, the quick answer steps aside, and the command reports it at its place."""
    before = snapshot(owned / "build")
    _gan(lambda d: d.update(accent="green"))(owned)
    code, output, _ = _command(owned, "build")
    assert code == 1
    assert "content/families/gan.yaml:" in output and "accent" in output
    assert "Traceback" not in output
    assert snapshot(owned / "build") == before


def test_values_validated_elsewhere_are_taken_only_for_the_same_bytes() -> None:
    """The parse cache adopts a child's value only when the file's hash is the one the child read."""
    from llmdiff_site.cache import ParseCache

    cache = ParseCache({"families/a.yaml": "new", "families/b.yaml": "same"})
    cache.adopt(
        {
            "families/a.yaml": ("old", ("old", None, True), "stale value"),
            "families/b.yaml": ("same", ("same", None, True), "fresh value"),
        }
    )
    assert cache.models == {"families/b.yaml": ("same", "fresh value")}
    assert cache.clean("families/b.yaml") and not cache.clean("families/a.yaml")


def test_templates_see_only_their_pages_families(owned: Path) -> None:
    """A template of the site's own gets the table's title and header, and the values of its page's
    families only: what a targeted rebuild reads is all any page can show, so it equals a clean build."""
    page = owned / "templates/comparison.html"
    text = page.read_text(encoding="utf-8")
    probe = "<!-- rows:{{ features.rows|length }} cells:{{ table.rows[0].cells|length }} -->"
    page.write_text(text.replace("{% endblock %}", probe + "{% endblock %}", 1), encoding="utf-8")
    assert run_cli(owned, "build").exit_code == 0
    assert "<!-- rows:0 cells:2 -->" in (owned / "build/gan-vs-vae/index.html").read_text(encoding="utf-8")
    LOCAL_EDITS["table"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED in result.output, result.output
    _same_as_clean(owned)


def test_a_damaged_outline_is_written_again(owned: Path, private_cache: Path) -> None:
    """After a build that could not use its damaged outline, the next edit is targeted again."""
    kept = outline_path(private_cache, owned / "content", owned / "build")
    kept.write_bytes(kept.read_bytes()[:-100])
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED not in result.output, result.output
    LOCAL_EDITS["icons"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0 and TARGETED in result.output, result.output
    _same_as_clean(owned)


def test_kept_files_others_may_write_are_never_loaded(
    owned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached values are pickles and compiled templates, which run code when loaded: a kept file that
    another user could have written (here: group- and world-writable) is ignored, never loaded."""
    cache = tmp_path / "shared-cache"
    monkeypatch.setenv("LLMDIFF_CACHE_DIR", str(cache))
    assert run_cli(owned, "build", "--clean").exit_code == 0  # fills this cache folder
    marker = owned / "ran"
    planted = pickle.dumps(_Runs(f"touch {shlex.quote(str(marker))}"))
    outline = outline_path(cache, owned / "content", owned / "build")
    digest = json.loads((owned / "build" / MANIFEST_NAME).read_text(encoding="utf-8"))["outline"]
    kept = [outline, *(cache / "content").rglob("*.pickle"), *(cache / "jinja").rglob("*")]
    assert len(kept) > 3
    for path in kept:
        if path.is_file():
            payload = digest.encode() + b"\n" + planted if path == outline else planted
            path.write_bytes(seal(payload))
            path.chmod(0o666)
    LOCAL_EDITS["tagline"](owned)
    result = run_cli(owned, "build", "-v")
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert TARGETED not in result.output  # its outline is not trusted
    _same_as_clean(owned)


class _Runs:
    """A pickle that runs a shell command when loaded."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (self.command,))


def test_ctrl_c_before_click_stops_and_waits_for_the_validating_child(owned: Path) -> None:
    """Ctrl-C while the quick answer is being worked out: 'Aborted!', exit 1, and the child that
    validates the edited file is stopped and waited for, not left behind."""
    LOCAL_EDITS["tagline"](owned)
    probe = (
        "import os, sys\n"
        "sys.argv = ['llmdiff', 'build']\n"
        "from llmdiff_site import build, prevalidate\n"
        "def interrupted(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "build.targeted_only = interrupted\n"
        "from llmdiff_site.entry import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\n"
        "children = []\n"
        "try:\n"
        "    while True:\n"
        "        children.append(os.waitpid(-1, os.WNOHANG))\n"
        "except ChildProcessError:\n"
        "    pass\n"
        "print('exit', code, 'children left', len(children))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=owned, capture_output=True, text=True)
    assert done.stdout.strip().endswith("exit 1 children left 0"), (done.stdout, done.stderr)
    assert "Aborted!" in done.stderr and "Traceback" not in done.stderr


_STARTED_AHEAD = (
    "import os, sys\n"
    "sys.argv = ['llmdiff', 'build']\n"
    "from llmdiff_site import manifest, prevalidate\n"
    "main_pid, forks, ahead = os.getpid(), [], []\n"
    "compare = manifest.freshness\n"
    "def freshness(*args, **kwargs):\n"
    "    pending = prevalidate._pending\n"
    "    ahead.append(pending is not None and pending.ask is not None)\n"
    "    return compare(*args, **kwargs)\n"
    "manifest.freshness = freshness\n"
    "fork = os.fork\n"
    "def counted():\n"
    "    pid = fork()\n"
    "    if pid:\n"
    "        forks.append(pid)\n"
    "    return pid\n"
    "os.fork = counted\n"
    "def report():\n"
    "    if os.getpid() != main_pid:\n"
    "        return\n"
    "    left = 0\n"
    "    for pid in forks:\n"
    "        try:\n"
    "            os.waitpid(pid, os.WNOHANG)\n"
    "            left += 1\n"
    "        except ChildProcessError:\n"
    "            pass\n"
    "    print('started ahead', ahead[:1] == [True], 'forks', len(forks), 'left', left, flush=True)\n"
    "leave = os._exit\n"
    "os._exit = lambda code: (report(), leave(code))\n"
    "from llmdiff_site.entry import main\n"
    "try:\n    main()\nfinally:\n    report()\n"
)


@pytest.mark.skipif(
    not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
    reason="the child starts ahead only where it can fork, on two cores or more",
)
@pytest.mark.parametrize(
    ("edit", "ahead", "answer"),
    [
        ("a family edited", True, "Built"),
        ("a family saved unchanged", True, "Up to date"),
        ("nothing", False, "Up to date"),
        ("a template edited", False, "Built"),
    ],
)
def test_the_validating_child_starts_ahead_only_for_an_edited_family(
    owned: Path, edit: str, ahead: bool, answer: str
) -> None:
    """With a family file saved since the last build, the child that validates it starts before the
    inputs are even compared (it loads pydantic meanwhile); otherwise no child starts early. Either
    way the build is right, and every child is waited for."""
    family = owned / "content/families/gan.yaml"
    before = snapshot(owned / "build")
    if edit == "a family edited":
        LOCAL_EDITS["tagline"](owned)
    elif edit == "a family saved unchanged":
        family.write_bytes(family.read_bytes())
    elif edit == "a template edited":
        footer = owned / "templates/partials/page_footer.html"
        footer.write_text(footer.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _STARTED_AHEAD], cwd=owned, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    *lines, last = done.stdout.splitlines()
    assert lines[-1].startswith(answer), done.stdout
    assert last.startswith(f"started ahead {ahead} "), done.stdout
    assert last.endswith(" left 0"), done.stdout
    if answer == "Up to date":
        assert snapshot(owned / "build") == before
    else:
        _same_as_clean(owned)
    if edit == "nothing":
        assert last == "started ahead False forks 0 left 0"


def test_ctrl_c_arriving_during_the_early_fork_still_stops_the_child(owned: Path) -> None:
    """A Ctrl-C held off while the child is forked arrives as the fork returns: the child is known
    by then, so stopping children on the way out stops and waits for it. (In a process of its
    own: llmdiff forks only where no other thread could take the signal.)"""
    probe = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "from llmdiff_site import prevalidate\n"
        "from llmdiff_site.project import Project\n"
        "fork, children = os.fork, []\n"
        "def fork_then_ctrl_c():\n"
        "    pid = fork()\n"
        "    if pid:\n"
        "        children.append(pid)\n"
        "        os.kill(os.getpid(), signal.SIGINT)  # held off until the fork has returned\n"
        "    return pid\n"
        "os.fork = fork_then_ctrl_c\n"
        "site = Path.cwd()\n"
        "project = Project(site / 'content', site / 'templates', site / 'static', site / 'build', site)\n"
        "try:\n"
        "    prevalidate.prepare(project, 0)\n"
        "    print('no interrupt')\n"
        "except KeyboardInterrupt:\n"
        "    prevalidate.drop()\n"
        "    try:\n"
        "        os.waitpid(children[0], os.WNOHANG)\n"
        "        print('left running', len(children))\n"
        "    except ChildProcessError:\n"
        "        print('stopped', len(children))\n"
    )
    (owned / "content/families/gan.yaml").touch()
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, cwd=owned, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "stopped 1", (done.stdout, done.stderr)


def test_cards_for_other_pages_show_only_what_keeps_them_current(owned: Path) -> None:
    """The hub's and family pages' cards give a template each family's id, name, short name and
    colours: a template that shows its name there is kept current by incremental builds, and one
    that reaches for more (a tagline) is a located template error, never a stale page."""
    cards = owned / "templates/partials/hub_cards.html"
    text = cards.read_text(encoding="utf-8")
    cards.write_text(text.replace("{{ family.short_name }}", "{{ family.short_name }} ({{ family.name }})"))
    assert run_cli(owned, "build").exit_code == 0
    _vae(lambda d: d.update(name="Variational Autoencoders, revised"))(owned)
    assert run_cli(owned, "build").exit_code == 0
    family_page = (owned / "build/families/gan/index.html").read_text(encoding="utf-8")
    assert "Variational Autoencoders, revised" in family_page  # gan's page lists its pair with vae
    _same_as_clean(owned)
    cards.write_text(text.replace("{{ family.short_name }}", "{{ family.tagline }}"), encoding="utf-8")
    before = snapshot(owned / "build")
    result = run_cli(owned, "build")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/partials/hub_cards.html:"), result.stderr
    assert "tagline" in result.stderr
    assert snapshot(owned / "build") == before


def _vae(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    """An edit of the VAE family's file."""
    return lambda site: edit_yaml(site / "content/families/vae.yaml", change)
