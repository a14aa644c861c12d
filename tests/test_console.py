"""What the commands print: colour only on a terminal, -q and -v, a progress bar, help with examples."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.workloads import pairs_all_site

from tests.conftest import run_cli

ESCAPE = re.compile(r"\x1b\[")
COMMANDS = [
    ["build"],
    ["check"],
    ["schema"],
    ["serve"],
    ["clean"],
    ["init"],
    ["new"],
    ["new", "family"],
    ["new", "page"],
]


def on_terminal(cwd: Path, args: list[str], **env: str) -> str:
    """Run llmdiff with stdout and stderr on a pseudo-terminal, as in a shell; return what it showed."""
    main, secondary = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "FORCE_COLOR")}
    environment.update(env, TERM="xterm", COLUMNS="100")
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmdiff_site", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
        env=environment,
    )
    os.close(secondary)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def piped(cwd: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """Run llmdiff with its output going to pipes, as in a script or CI log."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "FORCE_COLOR")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "llmdiff_site", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
    )


def break_page(site: Path) -> None:
    """An error and a warning-free site otherwise: a page title that is a list."""
    page = site / "content/pages/llm-vs-diffusion.yaml"
    page.write_text(
        page.read_text(encoding="utf-8").replace("title: LLMs vs Diffusion Models", "title: [1]", 1)
    )


def test_colour_only_on_a_terminal_and_never_with_no_color_or_in_ci(site: Path) -> None:
    """A terminal gets colour; NO_COLOR, CI and pipes get plain text, for success and for errors."""
    assert ESCAPE.search(on_terminal(site, ["build", "--clean"]))
    assert not ESCAPE.search(on_terminal(site, ["build", "--clean"], NO_COLOR="1"))
    assert not ESCAPE.search(on_terminal(site, ["build", "--clean"], CI="true"))
    plain = piped(site, ["build", "--clean"])
    assert plain.returncode == 0 and not ESCAPE.search(plain.stdout + plain.stderr)
    break_page(site)
    coloured_error = on_terminal(site, ["build"])
    assert "hero.title" in coloured_error and ESCAPE.search(coloured_error)
    for shown in (on_terminal(site, ["build"], NO_COLOR="1"), piped(site, ["build"]).stderr):
        assert "hero.title" in shown and not ESCAPE.search(shown)


def test_quiet_says_only_errors_and_verbose_says_each_stage(site: Path) -> None:
    """-q: a good build prints nothing, a bad one its errors; -v: a line per stage with its time."""
    verbose = run_cli(site, "build", "-v")
    assert verbose.exit_code == 0
    stages = [
        line for line in verbose.output.splitlines() if re.fullmatch(r"  [a-z ,()A-Z0-9]+: \d+ ms", line)
    ]
    assert [s.split(":")[0].strip() for s in stages] == [
        "hash the inputs",
        "load the pipeline (Jinja2, Markdown)",
        "recall cached content",
        "read, validate and plan",
        "save the cache",
        "render and write",
    ]
    quiet = run_cli(site, "build", "--clean", "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    break_page(site)
    failed = run_cli(site, "build", "-q")
    assert failed.exit_code == 1
    assert "hero.title" in failed.stderr and failed.stdout == ""


def test_a_progress_bar_on_a_terminal_for_many_pages(tmp_path: Path) -> None:
    """Rendering 212 pages on a terminal draws a bar; piped, or with -q, there is none."""
    site = pairs_all_site(tmp_path / "pairs", 21)
    shown = on_terminal(site, ["build", "-j", "1"])
    assert "Rendering" in shown and "212/212" in shown
    assert "Built 212 pages" in shown
    assert "Rendering" not in piped(site, ["build", "--clean"]).stderr
    assert "Rendering" not in on_terminal(site, ["build", "--clean", "-q"])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command: list[str], tmp_path: Path) -> None:
    """`--help` exits 0 and shows at least one example of the command in use."""
    result = run_cli(tmp_path, *command, "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples?:\n\s+llmdiff ", result.output), result.output


def test_bare_llmdiff_prints_help_with_completion_setup(tmp_path: Path) -> None:
    """A bare `llmdiff` is a request for help: exit 0, examples, and how to turn on tab completion."""
    result = run_cli(tmp_path)
    assert result.exit_code == 0
    assert "_LLMDIFF_COMPLETE=bash_source llmdiff" in result.output


def test_tab_completion_completes_commands_and_options(tmp_path: Path) -> None:
    """The completion the help describes works: `llmdiff bu<TAB>` and `llmdiff build --dr<TAB>`."""
    for words, cword, expected in [("llmdiff bu", "1", "build"), ("llmdiff build --dr", "2", "--drafts")]:
        done = piped(tmp_path, [], COMP_WORDS=words, COMP_CWORD=cword, _LLMDIFF_COMPLETE="bash_complete")
        assert done.returncode == 0
        assert f"plain,{expected}" in done.stdout.splitlines()
