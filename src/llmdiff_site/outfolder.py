"""Which folders a build may use as its output: never a system folder, home, the project or its sources.

Standard library only: the quick answer to a no-change build checks the folder too.
"""

from __future__ import annotations

from pathlib import Path

from llmdiff_site.project import Project


class OutputRefused(ValueError):
    """The output folder is one a build must never replace."""


SYSTEM_FOLDERS = (
    "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/opt", "/proc", "/root", "/run",
    "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
)  # fmt: skip
"""Folders (themselves, not what is below them) that are never an output folder."""
PRIVATE_HOME_FOLDERS = (".ssh", ".gnupg", ".config", ".local", ".cache", "Desktop", "Documents")


def check_output_folder(project: Project) -> None:
    """Refuse outputs whose replacement would destroy something: system folders, home, project, sources."""
    if project.out.is_symlink():
        raise OutputRefused(
            f"{project.out} is a symbolic link; give the folder it points to, or another name"
        )
    out = project.out.resolve()
    home = Path.home().resolve()
    system = {Path(p) for p in SYSTEM_FOLDERS} | {home / p for p in PRIVATE_HOME_FOLDERS}
    if (
        out == Path(out.anchor)
        or out == home
        or out in system
        or any(out.is_relative_to(home / p) for p in (".ssh", ".gnupg"))
    ):
        raise OutputRefused(f"refusing to use {project.out} as the output folder")
    for name, folder in (
        ("project", project.cwd),
        ("content", project.content),
        ("templates", project.templates),
        ("static", project.static),
    ):
        src = folder.resolve()
        if out == src or src.is_relative_to(out):
            raise OutputRefused(f"the output folder {project.out} would replace the {name} folder")
        if name != "project" and out.is_relative_to(src):
            raise OutputRefused(f"the output folder {project.out} lies inside the {name} folder")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{project.out} exists and is not a folder")
