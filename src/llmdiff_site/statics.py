"""Static files: everything under static/ (and the packaged fallback) copied to the output root.

Dot-files are copied too (.well-known/, .htaccess); only version-control and system clutter
(.git, .DS_Store, Thumbs.db, …) is left out.
"""

from __future__ import annotations

from pathlib import Path

from llmdiff_site.errors import Diagnostic, display_path
from llmdiff_site.project import Project, static_folders
from llmdiff_site.safefs import CLUTTER, is_regular


def gather_static(project: Project) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Every regular static file by output path; the project's files override the packaged ones."""
    files: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for folder in static_folders(project):
        own, found = _gather_folder(folder, project.cwd)
        problems.extend(found)
        for rel, path in own.items():
            files.setdefault(rel, path)
    return dict(sorted(files.items())), problems


def _gather_folder(folder: Path, cwd: Path) -> tuple[dict[str, Path], list[Diagnostic]]:
    """One static folder's regular files, skipping dot-files; links that leave the folder are refused."""
    files: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        return files, problems
    base = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part in CLUTTER for part in rel.parts):
            continue
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(
                Diagnostic(
                    display_path(path, cwd),
                    message="link cannot be followed (it is dangling, or a loop)",
                    hint="replace the link with the file, or remove it",
                )
            )
            continue
        if not real.is_relative_to(base):
            problems.append(
                Diagnostic(
                    display_path(path, cwd),
                    message="link points outside the static folder",
                    hint="copy the file into static/ instead of linking to it",
                )
            )
            continue
        if is_regular(real):
            files[rel.as_posix()] = real
        elif not real.is_dir():
            problems.append(
                Diagnostic(
                    display_path(path, cwd),
                    message="not a regular file (a FIFO, socket or device)",
                    hint="static files are copied as they are; put a regular file here",
                )
            )
    return files, problems
