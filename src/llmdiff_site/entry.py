"""The `llmdiff` command's entry: `llmdiff build` with nothing changed, or with only family files
edited (a targeted rebuild), answers before click is imported."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from llmdiff_site.manifest import Freshness
    from llmdiff_site.project import Project


def _output_named(argv: list[str]) -> tuple[bool, str | None]:
    """Whether argv is `build`, alone or with only an output folder (-o DIR, --out DIR, --out=DIR); which."""
    if not argv or argv[0] != "build":
        return False, None
    rest = argv[1:]
    if not rest:
        return True, None
    if len(rest) == 2 and rest[0] in ("-o", "--out"):
        return True, rest[1]
    if len(rest) == 1 and rest[0].startswith("--out="):
        return True, rest[0].removeprefix("--out=")
    return False, None


def quick_line(argv: list[str]) -> str | None:
    """The summary line when `llmdiff build` (or `build -o DIR`) has nothing to do, or only a targeted
    rebuild; None: run the command."""
    plain, named_out = _output_named(argv)
    if not plain or named_out == "":
        return None
    started = time.perf_counter()
    from pathlib import Path

    from llmdiff_site.locate import find_site, may_set_folders, shown
    from llmdiff_site.manifest import freshness, manifest_stamp, up_to_date_summary
    from llmdiff_site.outfolder import OutputRefused, check_output_folder
    from llmdiff_site.project import Project

    cwd = Path.cwd()
    root = find_site(cwd) or cwd
    if may_set_folders(root / "content"):
        return None  # site.yaml may name other folders: the full command reads it
    content, templates, static, out = (
        shown(root / part, cwd) for part in ("content", "templates", "static", "build")
    )
    if named_out is not None:
        out = Path(named_out)  # as the command line takes it: from the working folder
    project = Project(content, templates, static, out, cwd)
    stamp = manifest_stamp(project.out)
    if stamp is not None:
        from llmdiff_site import prevalidate

        prevalidate.prepare(project, stamp[1])  # a family file edited since: pydantic loads on the other core
    try:
        check_output_folder(project)  # a folder the full command refuses is never "up to date"
        state = freshness(project)
    except (OSError, OutputRefused):
        return None
    if not state.up_to_date or state.manifest is None:
        return _targeted_line(project, state, started)
    _drop_child()  # nothing to validate: the child is stopped
    return up_to_date_summary(state.manifest, round((time.perf_counter() - started) * 1000), project.out)


def _targeted_line(project: Project, state: Freshness, started: float) -> str | None:
    """The summary line of a targeted rebuild (only family files changed); None: run the command."""
    from llmdiff_site import prevalidate
    from llmdiff_site.manifest import hand_over

    hand_over(project, state)
    if not prevalidate.start(project, state):  # edited files are validated while the pipeline loads
        return None  # no family or page file changed: not a targeted rebuild
    from llmdiff_site.build import targeted_only

    report = targeted_only(project, state, started)
    state.targeted = False  # tried: the command builds through the whole pipeline
    if report is None:
        return None
    from llmdiff_site import terminal, wording

    elapsed = round((time.perf_counter() - started) * 1000)
    line = wording.built(report.pages, report.files, elapsed, report.rendered, project.out)
    return terminal.green(line) if terminal.colour(sys.stdout) else line


def main() -> None:
    """Answer a no-change build or a targeted rebuild at once; hand everything else to click."""
    try:
        # Content is validated by llmdiff's own rules only: no third-party pydantic plugin sees it,
        # and none is searched for (pydantic reads every installed package's entry points for them).
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        line = quick_line(sys.argv[1:])
        if line is not None:
            print(line)
            sys.stdout.flush()
            os._exit(0)  # all is written and closed: tearing down a large site's objects only costs time
        from llmdiff_site.cli import main as cli_main
    except KeyboardInterrupt as stop:  # Ctrl-C before click runs (which answers it the same way from then on)
        _drop_child()
        if hasattr(stop, "out"):  # outputs.WriteInterrupted: stopped while moving files into place
            from pathlib import Path

            from llmdiff_site import wording

            print(wording.left_incomplete(Path(os.path.relpath(stop.out))), file=sys.stderr)
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    except BaseException:
        _drop_child()  # whatever ends the command here, no child is left running after it
        raise
    try:
        cli_main(prog_name="llmdiff")  # the same name (and completion variable) however it is started
    finally:
        _drop_child()  # a child started ahead that the command never asked for (it ended early)


def _drop_child() -> None:
    """Stop and wait for the child validating edited files, if one was started."""
    prevalidate = sys.modules.get("llmdiff_site.prevalidate")
    if prevalidate is not None:
        prevalidate.drop()
