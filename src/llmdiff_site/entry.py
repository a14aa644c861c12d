"""The `llmdiff` command's entry: `llmdiff build` with nothing changed answers before click is imported."""

from __future__ import annotations

import sys
import time


def up_to_date_line(argv: list[str]) -> str | None:
    """The summary line when a plain `llmdiff build` has nothing to do; None means run the full command."""
    if argv != ["build"]:
        return None
    started = time.perf_counter()
    from pathlib import Path

    from llmdiff_site.locate import find_site, may_set_folders, shown
    from llmdiff_site.manifest import freshness, hand_over, up_to_date_summary
    from llmdiff_site.project import Project

    cwd = Path.cwd()
    root = find_site(cwd) or cwd
    if may_set_folders(root / "content"):
        return None  # site.yaml may name other folders: the full command reads it
    content, templates, static, out = (
        shown(root / part, cwd) for part in ("content", "templates", "static", "build")
    )
    project = Project(content, templates, static, out, cwd)
    try:
        state = freshness(project)
    except OSError:
        return None
    if not state.up_to_date or state.manifest is None:
        hand_over(project, state)
        return None
    return up_to_date_summary(state.manifest, round((time.perf_counter() - started) * 1000), project.out)


def main() -> None:
    """Answer a no-change build at once; hand everything else to the click command line."""
    try:
        line = up_to_date_line(sys.argv[1:])
        if line is not None:
            print(line)
            return
        from llmdiff_site.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C before click runs (which answers it the same way from then on)
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    cli_main(prog_name="llmdiff")  # the same name (and completion variable) however it is started
