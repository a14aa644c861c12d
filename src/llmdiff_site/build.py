"""Plan the site, render it (across processes when large), and write only what changed.

A full build streams into a staging folder that is swapped in whole; an incremental build
re-renders only the pages whose inputs changed and replaces those files one by one.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from llmdiff_site import __version__
from llmdiff_site.errors import Diagnostic, display_path, has_errors
from llmdiff_site.exports import site_files
from llmdiff_site.manifest import Freshness, Manifest, freshness, hash_bytes, outputs_present
from llmdiff_site.model import Content
from llmdiff_site.outputs import (
    OutputRefused,
    check_output_folder,
    put_file,
    write_changes,
    write_full,
)
from llmdiff_site.pages import ComparisonPlan, PagePlan, plan_pages
from llmdiff_site.project import Project, template_folders
from llmdiff_site.render import Renderer, make_environment, template_diagnostic
from llmdiff_site.statics import gather_static
from llmdiff_site.validate import Checks, load_content

__all__ = ["OutputRefused", "Project", "build", "check_output_folder", "gather_site"]

PARALLEL_MIN_PAGES = 300
"""Below this many pages to render, a process pool costs more than it saves."""
CHUNKS_PER_WORKER = 8


@dataclass(frozen=True)
class Planned:
    """The plan stage's output: validated content and every page it makes."""

    content: Content
    plans: tuple[PagePlan, ...]


class RenderFailed(Exception):
    """A template failed while rendering; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def plan_site(project: Project, checks: Checks | None = None) -> tuple[Planned | None, list[Diagnostic]]:
    """Read, validate and plan every page; nothing is rendered yet."""
    content, diagnostics = load_content(project.content, project.cwd, checks)
    if content is None or has_errors(diagnostics):
        return None, diagnostics
    if project.base_url is not None:
        content = dataclasses.replace(
            content, site=content.site.model_copy(update={"base_url": project.base_url})
        )
    return Planned(content, tuple(plan_pages(content))), diagnostics


# --- rendering ---------------------------------------------------------------------------

_worker: tuple[Renderer, tuple[PagePlan, ...], Path, Path | None] | None = None
"""What a forked worker inherits: the renderer, the plans, the working folder and where to write."""

Rendered = tuple[str, bytes | None, str]
"""An output path, its bytes (None once written to disk) and the hash of its bytes."""


def _emit(files: list[tuple[str, bytes]], folder: Path | None) -> list[Rendered]:
    """Hash each file, and write it under `folder` when given (then its bytes are dropped)."""
    if folder is None:
        return [(rel, data, "") for rel, data in files]
    out: list[Rendered] = []
    for rel, data in files:
        put_file(folder, rel, data)
        out.append((rel, None, hash_bytes(data)))
    return out


def _render_chunk(indexes: range) -> tuple[list[Rendered], Diagnostic | None]:
    """Render (and write) a run of pages in a worker; a template error comes back as a diagnostic."""
    assert _worker is not None
    renderer, plans, cwd, folder = _worker
    files: list[tuple[str, bytes]] = []
    try:
        for i in indexes:
            files.extend(renderer.page_files(plans[i]))
    except jinja2.TemplateError as exc:
        return [], template_diagnostic(exc, cwd)
    return _emit(files, folder), None


def _workers(project: Project, pages: int) -> int:
    """How many processes render: the --jobs setting, else every core for large sites."""
    if project.jobs is not None:
        return max(1, project.jobs)
    if pages < PARALLEL_MIN_PAGES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


def _render(
    project: Project, renderer: Renderer, plans: tuple[PagePlan, ...], folder: Path | None
) -> Iterator[Rendered]:
    """Each page's files in plan order, rendered here or in workers: the bytes are the same."""
    global _worker
    workers = _workers(project, len(plans))
    if workers == 1 or len(plans) < 2:
        try:
            for plan in plans:
                yield from _emit(renderer.page_files(plan), folder)
        except jinja2.TemplateError as exc:
            raise RenderFailed(template_diagnostic(exc, project.cwd)) from exc
        return
    step = max(1, -(-len(plans) // (workers * CHUNKS_PER_WORKER)))
    chunks = [range(i, min(i + step, len(plans))) for i in range(0, len(plans), step)]
    _worker = (renderer, plans, project.cwd, folder)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for files, problem in pool.imap(_render_chunk, chunks):
                if problem is not None:
                    raise RenderFailed(problem)
                yield from files
    finally:
        _worker = None


def render_pages(
    project: Project, renderer: Renderer, plans: tuple[PagePlan, ...]
) -> Iterator[tuple[str, bytes]]:
    """Each page's files in memory, in plan order."""
    for rel, data, _ in _render(project, renderer, plans, None):
        assert data is not None
        yield rel, data


def _renderer(project: Project, content: Content) -> Renderer:
    """The build's renderer over the effective template folders."""
    return Renderer(make_environment(template_folders(project)), content)


def _generated_names(planned: Planned, data: dict[str, bytes]) -> set[str]:
    """Every output path the pipeline generates, known before rendering."""
    names = set(data)
    for plan in planned.plans:
        names.add(plan.output)
        if isinstance(plan, ComparisonPlan):
            prefix = f"{plan.url_path}/" if plan.url_path else ""
            names.add(prefix + plan.exports.json)
            if plan.table is not None:
                names.add(prefix + plan.exports.csv)
    return names


def _static_files(project: Project, generated: set[str]) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Static files by output path, refusing any that would overwrite a generated file."""
    static, problems = gather_static(project)
    for rel, path in list(static.items()):
        if rel in generated:
            del static[rel]
            problems.append(
                Diagnostic(
                    display_path(path, project.cwd),
                    message=f"static file would overwrite the generated file {rel}",
                    hint="rename or remove the static file",
                )
            )
    return static, problems


@dataclass(frozen=True)
class RenderedSite:
    """A fully rendered site in memory: output-relative paths to bytes."""

    files: dict[str, bytes]
    pages: int


def gather_site(
    project: Project, checks: Checks | None = None
) -> tuple[RenderedSite | None, list[Diagnostic]]:
    """Read, validate, plan and render everything into memory; write nothing."""
    planned, diagnostics = plan_site(project, checks)
    if planned is None:
        return None, diagnostics
    data = site_files(planned.content, planned.plans)
    static, problems = _static_files(project, _generated_names(planned, data))
    diagnostics.extend(problems)
    if has_errors(diagnostics):
        return None, diagnostics
    try:
        files = dict(render_pages(project, _renderer(project, planned.content), planned.plans))
    except RenderFailed as failed:
        return None, [*diagnostics, failed.diagnostic]
    files.update(data)
    for rel, path in static.items():
        files[rel] = path.read_bytes()
    return RenderedSite(dict(sorted(files.items())), len(planned.plans)), diagnostics


# --- incremental builds -------------------------------------------------------------------

_TEMPLATE_NAME = r"""["']([\w./-]+\.(?:html|jinja|j2|xml|txt))["']"""


def template_closure(name: str, sources: dict[str, Path]) -> list[str]:
    """A template and every template it names (extends, include, import, fragment), transitively."""
    import re

    pattern = re.compile(_TEMPLATE_NAME)
    seen: list[str] = []
    todo = [name]
    while todo:
        current = todo.pop()
        key = f"templates/{current}"
        if current in seen or key not in sources:
            continue
        seen.append(current)
        text = sources[key].read_text(encoding="utf-8", errors="replace")
        todo.extend(m.group(1) for m in pattern.finditer(text))
    return sorted(seen)


def page_fingerprints(project: Project, planned: Planned, state: Freshness) -> dict[str, str]:
    """For each page, a hash of everything it is rendered from: equal hash, equal bytes."""
    hashes = {key: str(entry[2]) for key, entry in state.inputs.items()}
    content_keys = sorted(k for k in hashes if k.startswith("content/"))
    site_wide = [k for k in content_keys if k.count("/") == 1]
    base = "|".join([__version__, repr(sorted(project.options().items()))] + [hashes[k] for k in site_wide])
    every = "|".join(hashes[k] for k in content_keys)
    template_hash: dict[str, str] = {}
    prints: dict[str, str] = {}
    for plan in planned.plans:
        if plan.template not in template_hash:
            names = template_closure(plan.template, state.found)
            template_hash[plan.template] = "|".join(f"{n}={hashes[f'templates/{n}']}" for n in names)
        if plan.sources == ("*",):
            own = every
        else:
            own = "|".join(hashes.get(f"content/{s}", "?") for s in plan.sources)
        extra = getattr(plan, "hub_link", None)
        key = "\n".join(
            [base, template_hash[plan.template], own, plan.output, plan.url_path, plan.root, str(extra)]
        )
        prints[plan.output] = hash_bytes(key.encode("utf-8"))
    return prints


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the one summary line."""

    pages: int
    files: int
    milliseconds: int
    rendered: int = 0
    written: int = 0
    up_to_date: bool = False


def build(
    project: Project, checks: Checks | None = None, *, clean: bool = False, state: Freshness | None = None
) -> tuple[BuildReport | None, list[Diagnostic]]:
    """The whole pipeline: plan, render what changed, and only when nothing is wrong, write."""
    started = time.perf_counter()
    state = state or freshness(project, clean=clean)
    planned, diagnostics = plan_site(project, checks)
    if planned is None:
        return None, diagnostics
    data = site_files(planned.content, planned.plans)
    static, problems = _static_files(project, _generated_names(planned, data))
    diagnostics.extend(problems)
    if has_errors(diagnostics):
        return None, diagnostics
    prints = page_fingerprints(project, planned, state)
    previous = (
        state.manifest
        if state.manifest is not None and outputs_present(project.out, state.manifest)
        else None
    )
    if previous is not None:
        stale = tuple(p for p in planned.plans if previous.pages.get(p.output) != prints[p.output])
        if len(stale) > len(planned.plans) // 2:
            previous = None  # most pages change: a streamed full build beats holding them all in memory
            stale = planned.plans
    else:
        stale = planned.plans
    renderer = _renderer(project, planned.content)
    manifest = Manifest(options=project.options(), inputs=state.inputs, pages=prints)
    try:
        if previous is None:

            def fill(folder: Path) -> None:
                """Everything, written straight into the staging folder (by the workers for pages)."""
                for rel, _, digest in _render(project, renderer, stale, folder):
                    manifest.outputs[rel] = digest
                extra = [*data.items(), *((rel, path.read_bytes()) for rel, path in static.items())]
                for rel, _, digest in _emit(extra, folder):
                    manifest.outputs[rel] = digest

            write_full(project.out, manifest, fill)
            written = len(manifest.outputs)
        else:
            static_changed = {
                rel
                for rel in static
                if previous.inputs.get(f"static/{rel}") != state.inputs.get(f"static/{rel}")
            }
            files = _changed_files(project, renderer, stale, data, static, static_changed, previous)
            written = write_changes(files, project.out, manifest, previous, _expected(planned, data, static))
    except RenderFailed as failed:
        return None, [*diagnostics, failed.diagnostic]
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
    report = BuildReport(len(planned.plans), len(manifest.outputs), elapsed, len(stale), written)
    return report, diagnostics


def _changed_files(
    project: Project,
    renderer: Renderer,
    stale: tuple[PagePlan, ...],
    data: dict[str, bytes],
    static: dict[str, Path],
    static_changed: set[str],
    previous: Manifest,
) -> Iterator[tuple[str, bytes]]:
    """What an incremental build writes: re-rendered pages, site data files, new or changed static files."""
    yield from render_pages(project, renderer, stale)
    yield from data.items()
    for rel in sorted(static):
        if rel in static_changed or rel not in previous.outputs:
            yield rel, static[rel].read_bytes()


def _expected(planned: Planned, data: dict[str, bytes], static: dict[str, Path]) -> set[str]:
    """Every output the site has after this build."""
    return _generated_names(planned, data) | set(static)
