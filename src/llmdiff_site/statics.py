"""Static files: everything under static/ (and the packaged fallback) copied to the output root."""

from __future__ import annotations

from pathlib import Path

from llmdiff_site.errors import Diagnostic, display_path
from llmdiff_site.project import Project, static_folders


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
        if any(part.startswith(".") for part in rel.parts):
            continue
        real = path.resolve()
        if not real.is_relative_to(base):
            problems.append(
                Diagnostic(
                    display_path(path, cwd),
                    message="link points outside the static folder",
                    hint="copy the file into static/ instead of linking to it",
                )
            )
            continue
        if real.is_file():
            files[rel.as_posix()] = real
    return files, problems
