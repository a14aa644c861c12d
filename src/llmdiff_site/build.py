"""Gather the whole site in memory, then write it so a failed build never touches the output."""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from llmdiff_site.errors import Diagnostic, display_path, has_errors
from llmdiff_site.exports import canonical_url, json_ld, plan_data_files
from llmdiff_site.pages import plan_pages
from llmdiff_site.render import make_environment, render_page, template_diagnostic
from llmdiff_site.scaffold import starter_folder
from llmdiff_site.validate import Checks, load_content


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes."""

    content: Path
    templates: Path
    static: Path
    out: Path
    cwd: Path = field(default_factory=Path.cwd)
    base_url: str | None = None

    @classmethod
    def at(cls, root: Path, out: Path | None = None) -> Project:
        """The conventional layout under one site folder."""
        return cls(root / "content", root / "templates", root / "static", out or root / "build", root)


@dataclass(frozen=True)
class RenderedSite:
    """A fully rendered site: output-relative paths to bytes, plus what was said on the way."""

    files: Mapping[str, bytes]
    pages: int


def gather_site(
    project: Project, checks: Checks | None = None
) -> tuple[RenderedSite | None, list[Diagnostic]]:
    """Read, validate, plan and render everything; write nothing."""
    content, diagnostics = load_content(project.content, project.cwd, checks)
    if content is None or has_errors(diagnostics):
        return None, diagnostics
    if project.base_url is not None:
        content = dataclasses.replace(
            content, site=content.site.model_copy(update={"base_url": project.base_url})
        )
    pages = plan_pages(content)
    files: dict[str, bytes] = {}
    try:
        env = make_environment(template_folders(project))
        for page in pages:
            meta = {
                "canonical": canonical_url(content.site.base_url, page.url_path),
                "jsonld": Markup(json_ld(content, page)),
            }
            files[page.output] = render_page(
                env, dataclasses.replace(page, context={**page.context, **meta})
            ).encode("utf-8")
    except jinja2.TemplateError as exc:
        return None, [*diagnostics, template_diagnostic(exc, project.cwd)]
    files.update(plan_data_files(content, pages))
    static, problems = gather_static(project.static, project.cwd)
    fallback = packaged_fallback("static", project.static)
    if fallback is not None:
        packaged, _ = gather_static(fallback, project.cwd)
        static = {**packaged, **static}
    diagnostics.extend(problems)
    for rel, data in static.items():
        if rel in files:
            diagnostics.append(
                Diagnostic(
                    display_path(project.static / rel, project.cwd),
                    message=f"static file would overwrite the generated file {rel}",
                    hint="rename or remove the static file",
                )
            )
        else:
            files[rel] = data
    if has_errors(diagnostics):
        return None, diagnostics
    return RenderedSite(dict(sorted(files.items())), len(pages)), diagnostics


def template_folders(project: Project) -> list[Path]:
    """The project's templates first, then the packaged ones, so a project overrides file by file."""
    fallback = packaged_fallback("templates", project.templates)
    return [project.templates] if fallback is None else [project.templates, fallback]


def packaged_fallback(part: str, own: Path) -> Path | None:
    """The packaged starter folder behind a project folder, unless it is that same folder."""
    fallback = starter_folder(part)
    return fallback if fallback is not None and fallback.resolve() != own.resolve() else None


def gather_static(folder: Path, cwd: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every regular file under static/, by relative path; links that leave the folder are refused."""
    files: dict[str, bytes] = {}
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        return files, problems
    base = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
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
            files[rel] = real.read_bytes()
    return files, problems


class OutputRefused(ValueError):
    """The output folder is one a build must never replace."""


def check_output_folder(project: Project) -> None:
    """Refuse outputs whose replacement would destroy something: /, home, the project or its sources."""
    out = project.out.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
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


def write_site(site: RenderedSite, out: Path) -> None:
    """Write into a staging folder beside `out`, then swap it in; `out` is never half-written."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    for rel, data in site.files.items():
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if out.exists():
        if _exchange(staging, out):
            shutil.rmtree(staging)
            return
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def _sweep_leftovers(out: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out.parent.glob(f".{out.name}.old-*"):
        if out.exists():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.rename(out)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with Linux renameat2; False where that is not available."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one summary line."""

    pages: int
    files: int
    milliseconds: int


def build(project: Project, checks: Checks | None = None) -> tuple[BuildReport | None, list[Diagnostic]]:
    """The whole pipeline: gather, and only when nothing is wrong, write."""
    started = time.perf_counter()
    site, diagnostics = gather_site(project, checks)
    if site is None:
        return None, diagnostics
    try:
        write_site(site, project.out)
    except OSError as exc:
        where = display_path(Path(exc.filename), project.cwd) if exc.filename else str(project.out)
        return None, [
            *diagnostics,
            Diagnostic(
                where,
                message=f"cannot write the output: {exc.strerror}",
                hint="check the folder's permissions and free space",
            ),
        ]
    elapsed = round((time.perf_counter() - started) * 1000)
    return BuildReport(site.pages, len(site.files), elapsed), diagnostics
