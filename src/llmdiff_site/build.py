"""Plan the site, render it (across processes when large), and write only what changed.

A full build streams into a staging folder that is swapped in whole; an incremental build
re-renders only the pages whose inputs changed and replaces those files one by one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import gc
import hashlib
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from llmdiff_site import __version__, prevalidate
from llmdiff_site.cache import ParseCache
from llmdiff_site.children import answer_and_exit, fork_with_pipe, stop
from llmdiff_site.content import Content
from llmdiff_site.errors import NAME_CONTROL, Diagnostic, RenderFailed, display_path, has_errors
from llmdiff_site.exports import site_files
from llmdiff_site.manifest import (
    Freshness,
    Manifest,
    compare_inputs,
    complete_hashes,
    damaged_outputs,
    freshness,
    manifest_stamp,
    scan_inputs,
)
from llmdiff_site.outline import Outline, outline_kept, outline_of, outline_path, save_outline
from llmdiff_site.outputs import (
    BuildBusy,
    CannotKeep,
    OutputBlocked,
    OutputMounted,
    OutputRefused,
    OutputTaken,
    OutputUnlisted,
    Rendered,
    build_lock,
    check_output_folder,
    emit,
    folders_of,
    write_changes,
    write_full,
)
from llmdiff_site.pages import PageEntry, SitePlan
from llmdiff_site.project import Project, cache_folder, static_folders, template_folders
from llmdiff_site.render import Renderer, make_environment, template_diagnostic, unexpected_diagnostic
from llmdiff_site.safefs import windows_reserved
from llmdiff_site.statics import gather_static
from llmdiff_site.validate import Checks, load_content
from llmdiff_site.values import replace, value

__all__ = ["OutputRefused", "Project", "build", "check_output_folder", "gather_site"]

T = TypeVar("T")

PARALLEL_MIN_PAGES = 300
"""Below this many pages to render, a process pool costs more than it saves."""


@value
class Planned:
    """The plan stage's output: validated content and every page it makes."""

    content: Content
    site: SitePlan

    @property
    def entries(self) -> tuple[PageEntry, ...]:
        """Every page, in output order."""
        return self.site.entries


def plan_site(
    project: Project, checks: Checks | None = None, cache: ParseCache | None = None
) -> tuple[Planned | None, list[Diagnostic]]:
    """Read, validate and plan every page; nothing is rendered yet."""
    content, diagnostics = load_content(
        project.content, project.cwd, checks, cache, parallel=project.jobs != 1, drafts=project.drafts
    )
    if content is None or has_errors(diagnostics):
        return None, diagnostics
    content = with_options(project, content)
    return Planned(content, SitePlan(content)), diagnostics


def with_options(project: Project, content: Content) -> Content:
    """The content as the command's options change it: another base URL, no social cards."""
    if project.base_url is not None:
        content = dataclasses.replace(content, site=replace(content.site, base_url=project.base_url))
    if not project.cards and content.site.social_cards:
        content = dataclasses.replace(content, site=replace(content.site, social_cards=False))
    return content


# --- rendering ---------------------------------------------------------------------------


class Progress(Protocol):
    """Told how many pages will be rendered, then as they are; the command line draws a bar."""

    def start(self, total: int) -> None:
        """Rendering of `total` pages begins."""

    def advance(self, pages: int) -> None:
        """`pages` more pages are rendered."""

    def finish(self) -> None:
        """Rendering is over (done or failed)."""


class Silent:
    """Progress that nobody watches."""

    def start(self, total: int) -> None:
        """Nothing to draw."""

    def advance(self, pages: int) -> None:
        """Nothing to draw."""

    def finish(self) -> None:
        """Nothing to clear."""


QUIET: Progress = Silent()


def _workers(project: Project, pages: int, smallest: int = PARALLEL_MIN_PAGES) -> int:
    """How many processes render: the --jobs setting, else every core from `smallest` pages on."""
    if project.jobs is not None:
        return max(1, project.jobs)
    if pages < smallest or not hasattr(os, "fork"):  # workers are forked (multiprocessing's "fork")
        return 1
    return min(os.cpu_count() or 1, 8)


def _render(
    project: Project,
    renderer: Renderer,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    folder: Path | None,
    progress: Progress = QUIET,
    smallest: int = PARALLEL_MIN_PAGES,
) -> Iterator[Rendered]:
    """Each page's files, rendered here or in workers (in no set order): the bytes are the same."""
    progress.start(len(entries))
    try:
        yield from _render_all(project, renderer, site, entries, folder, progress, smallest)
    finally:
        progress.finish()


def _render_all(
    project: Project,
    renderer: Renderer,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    folder: Path | None,
    progress: Progress,
    smallest: int,
) -> Iterator[Rendered]:
    """_render's work, in this process or across workers."""
    workers = _workers(project, len(entries), smallest)
    if workers == 1 or len(entries) < 2:
        for entry in entries:
            try:
                page = renderer.page_files(site.plan(entry))
            except Exception as exc:  # a template can raise anything (a TypeError from `x + 1`)
                raise RenderFailed(template_diagnostic(exc, project.cwd)) from exc
            yield from emit(page, folder)  # a write error stays an OSError: it is not the template's
            progress.advance(1)
        return
    from llmdiff_site import parallel  # here: only builds that render in several processes need it

    if workers == 2 and len(entries) < PARALLEL_MIN_PAGES:  # a pool costs more to start than it saves
        rendered = parallel.render_in_two(renderer, site, entries, project.cwd, folder)
    else:
        rendered = parallel.render_in_processes(renderer, site, entries, project.cwd, folder, workers)
    for files, count in rendered:
        yield from files
        progress.advance(count)


def render_pages(
    project: Project,
    renderer: Renderer,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    progress: Progress = QUIET,
    smallest: int = PARALLEL_MIN_PAGES,
) -> Iterator[tuple[str, bytes]]:
    """Each page's files in memory (in no set order), across processes from `smallest` pages on."""
    for rel, data, _ in _render(project, renderer, site, entries, None, progress, smallest):
        assert data is not None
        yield rel, data


def make_renderer(project: Project, content: Content, assets: dict[str, str] | None = None) -> Renderer:
    """The build's renderer over the effective template folders, naming assets by their published names."""
    return Renderer(make_environment(template_folders(project)), content, assets or {}, minify=project.minify)


def _generated_names(planned: Planned, data: dict[str, bytes]) -> set[str]:
    """Every output path the pipeline generates, known before rendering."""
    names = set(data)
    for entry in planned.entries:
        names.update(entry.outputs(planned.content))
    return names


def _folders_by_case(names: set[str]) -> dict[str, str]:
    """Every folder the names lie in, by its lower-case spelling (one pass; 30,000 names in a few ms)."""
    folders: dict[str, str] = {}
    for parent in {name.rpartition("/")[0] for name in names}:  # a page folder's files share it
        cut = len(parent)
        while cut > 0:
            folder = parent[:cut]
            key = folder.lower()
            if key in folders:
                break  # and so are the folders above it
            folders[key] = folder
            cut = parent.rfind("/", 0, cut)
    return folders


def _static_source(project: Project, rel: str) -> Path:
    """Where a static file sits in the folders (not where a link there leads), for messages."""
    for folder in static_folders(project):
        if os.path.lexists(folder / rel):
            return folder / rel
    return Path(rel)


def _static_files(project: Project, generated: set[str]) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Static files by output path, refusing any that would overwrite a generated file or break a host."""
    static, problems = gather_static(project)
    by_case: dict[str, str] = {name.lower(): name for name in generated}
    # a file and a folder of one name clash, in any case: generated ones, and static ones kept so far
    generated_folders = _folders_by_case(generated)
    kept_files: dict[str, str] = {}
    kept_folders: dict[str, str] = {}

    def file_named(key: str) -> str | None:
        name = by_case.get(key) if key not in kept_files else None
        return f"generated file {name}" if name is not None else kept_files.get(key)

    def folder_named(key: str) -> str | None:
        name = generated_folders.get(key)
        return f"generated folder {name}" if name is not None else kept_folders.get(key)

    for rel in list(static):
        other = by_case.get(rel.lower())
        control = NAME_CONTROL.search(rel)
        file_above = next((f for f in folders_of(rel) if file_named(f.lower()) is not None), None)
        folder = folder_named(rel.lower())
        if control is not None:  # shown escaped, as every place is
            message = f"static file name holds the control character U+{ord(control.group()):04X}"
            hint = "rename it: a newline, tab or other control character in a name breaks links"
        elif file_above is not None:
            message = f"static folder {file_above} has the name of the {file_named(file_above.lower())}"
            hint = "rename the folder: the output cannot hold a file and a folder of one name (case aside)"
        elif folder is not None:
            message = f"static file {rel} has the name of the {folder}"
            hint = "rename the file: the output cannot hold a file and a folder of one name (case aside)"
        elif rel in generated:
            message, hint = (
                f"static file would overwrite the generated file {rel}",
                "rename or remove the static file",
            )
        elif other is not None:
            message = f"static file {rel} differs only in case from {other}"
            hint = "rename it: case-insensitive hosts (macOS, Windows, many CDNs) would keep only one of them"
        elif windows_reserved(rel):
            message, hint = (
                f"static file {rel} has a name Windows cannot use",
                "rename it (con, aux, nul, … are reserved)",
            )
        else:
            by_case[rel.lower()] = rel
            kept_files[rel.lower()] = f"static file {rel}"
            for above in folders_of(rel):
                kept_folders.setdefault(above.lower(), f"static folder {above}")
            continue
        shown = display_path(_static_source(project, rel), project.cwd)  # a link by its own name
        del static[rel]
        problems.append(Diagnostic(shown, message=message, hint=hint))
    return static, problems


@value
class Prepared:
    """Everything known before rendering: the pages, the site's data files and its static files."""

    planned: Planned
    data: dict[str, bytes]
    static: dict[str, Path]
    """Static files by output path (a stylesheet's carries its content hash)."""
    assets: dict[str, str]
    """Each fingerprinted static file's path in static/ → its output path."""

    @property
    def expected(self) -> set[str]:
        """Every output the site has."""
        return _generated_names(self.planned, self.data) | set(self.static)


def prepare_site(
    project: Project,
    checks: Checks | None = None,
    cache: ParseCache | None = None,
    found: dict[str, str] | None = None,
) -> tuple[Prepared | None, list[Diagnostic]]:
    """Read, validate and plan; work out the data and static files; render nothing yet.

    `found`: the input files (manifest.scan_inputs) when the caller has scanned them and found
    every name UTF-8 (`names_not_utf8`); else they are scanned and checked here first.
    """
    if found is None:
        problems = names_not_utf8(scan_inputs(project), project.cwd)
        if problems:
            return None, problems
    planned, diagnostics = plan_site(project, checks, cache)
    if planned is None:
        return None, diagnostics
    data = site_files(planned.content, planned.entries)
    static, problems = _static_files(project, _generated_names(planned, data))
    diagnostics.extend(problems)
    if has_errors(diagnostics):
        return None, diagnostics
    assets = fingerprinted(static) if project.fingerprint else {}
    static = {**static, **{assets[rel]: static[rel] for rel in assets}}  # plain names stay for direct links
    return Prepared(planned, data, static, assets), diagnostics


FINGERPRINTED = (".css",)
"""Static files published under a name that carries their content hash, so no cache serves a stale one."""


def fingerprinted(static: dict[str, Path]) -> dict[str, str]:
    """`css/style.css` → `css/style.<hash>.css` for each stylesheet: a change makes a new name.

    Pages link the hashed name (through `asset()`); the plain name is published too, so an
    `@import` or a template that links a stylesheet directly still finds it.
    """
    import hashlib

    names: dict[str, str] = {}
    for rel, path in static.items():
        if rel.endswith(FINGERPRINTED):
            stem, dot, suffix = rel.rpartition(".")
            names[rel] = f"{stem}.{hashlib.sha256(path.read_bytes()).hexdigest()[:10]}{dot}{suffix}"
    return names


@value
class RenderedSite:
    """A fully rendered site in memory: output-relative paths to bytes."""

    files: dict[str, bytes]
    pages: int
    base_url: str | None = None


def guarded(
    run: Callable[[], tuple[T | None, list[Diagnostic]]], cwd: Path
) -> tuple[T | None, list[Diagnostic]]:
    """The error boundary: whatever a stage raises becomes a located diagnostic, never a traceback."""
    try:
        return run()
    except RenderFailed as failed:
        return None, [failed.diagnostic]
    except Exception as exc:
        return None, [unexpected_diagnostic(exc, cwd)]


def gather_site(
    project: Project, checks: Checks | None = None
) -> tuple[RenderedSite | None, list[Diagnostic]]:
    """Read, validate, plan and render everything into memory; write nothing."""
    return guarded(lambda: _gather_site(project, checks), project.cwd)


def _gather_site(project: Project, checks: Checks | None) -> tuple[RenderedSite | None, list[Diagnostic]]:
    """gather_site's pipeline."""
    prepared, diagnostics = prepare_site(project, checks)
    if prepared is None:
        return None, diagnostics
    planned = prepared.planned
    try:
        renderer = make_renderer(project, planned.content, prepared.assets)
        files = dict(render_pages(project, renderer, planned.site, planned.entries))
    except RenderFailed as failed:
        return None, [*diagnostics, failed.diagnostic]
    files.update(prepared.data)
    for rel, path in prepared.static.items():
        files[rel] = path.read_bytes()
    base_url = planned.content.site.base_url
    return RenderedSite(dict(sorted(files.items())), len(planned.entries), base_url), diagnostics


# --- incremental builds -------------------------------------------------------------------

_QUOTED = re.compile(r"""["']([^"'\s{}%]+)["']""")
_DYNAMIC = re.compile(
    r"""\{%-?\s*(?:include|import|extends|from)\s+(?!["'][^"']*["']\s*(?:-?%\}|ignore|with|without|import|as))"""
    r"""|fragment\(\s*(?!["'])"""
)
"""A template name that is computed (`include "a/" ~ x`): its page may use any template."""


def template_closure(name: str, sources: dict[str, str]) -> list[str]:
    """A template and every template it can use, transitively; every template when a name is computed.

    Any quoted string that names an existing template counts (so `include "inline.css"` does),
    which may over-count but never misses: a page is rendered again whenever one of these changes.
    """
    every = sorted(key.removeprefix("templates/") for key in sources if key.startswith("templates/"))
    known = set(every)
    seen: list[str] = []
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in known:
            continue
        seen.append(current)
        try:
            text = Path(sources[f"templates/{current}"]).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _DYNAMIC.search(text):
            return every
        todo.extend(m.group(1) for m in _QUOTED.finditer(text) if m.group(1) in known)
    return sorted(seen)


def page_fingerprints(
    project: Project, entries: tuple[PageEntry, ...], assets: dict[str, str], state: Freshness
) -> dict[str, str]:
    """For each page, a hash of everything it is rendered from: equal hash, equal bytes."""
    hashes = {key: str(entry[2]) for key, entry in state.inputs.items()}
    site_wide = sorted(k for k in hashes if k.startswith("content/") and k.count("/") == 1)
    options = repr(sorted(project.options().items()))
    base = "|".join([__version__, options, repr(sorted(assets.items()))] + [hashes[k] for k in site_wide])
    template_hash: dict[str, str] = {}
    prints: dict[str, str] = {}
    digest = hashlib.blake2b  # hash_bytes's hash, without its call per page
    for entry in entries:
        if entry.template not in template_hash:
            names = template_closure(entry.template, state.found)
            template_hash[entry.template] = "|".join(f"{n}={hashes[f'templates/{n}']}" for n in names)
        own = "|".join([hashes.get(f"content/{s}", "?") for s in entry.sources])
        key = f"{base}\n{template_hash[entry.template]}\n{own}\n{entry.output}\n{entry.url_path}\n{entry.key}"
        prints[entry.output] = digest(key.encode("utf-8"), digest_size=16).hexdigest()
    return prints


def stale_entries(
    planned: Planned, prints: dict[str, str], previous: dict[str, str] | None
) -> tuple[PageEntry, ...]:
    """The pages whose fingerprint changed since the previous build (all of them without one)."""
    if previous is None:
        return planned.entries
    return tuple(e for e in planned.entries if previous.get(e.output) != prints[e.output])


@value
class BuildReport:
    """What a build did, for the one summary line."""

    pages: int
    files: int
    milliseconds: int
    rendered: int = 0
    written: int = 0
    stages: tuple[tuple[str, int], ...] = ()
    """Each stage's name and milliseconds, for `build -v`."""


def content_hashes(state: Freshness) -> dict[str, str]:
    """Content file (path under content/) → hash, as the parse cache keys them."""
    return {
        key[len("content/") :]: str(v[2]) for key, v in state.inputs.items() if key.startswith("content/")
    }


def content_cache(project: Project, state: Freshness, *, clean: bool = False) -> ParseCache:
    """The parse cache of this site's content, checked against the hashes just taken.

    Without a manifest (a first build) content files are not hashed yet: those whose stat stamp is
    as the cache last saw it take the hash it recorded, so they need no reading. `--clean` trusts
    no stamp: every file is read, and only what its bytes hash to is taken from the cache.
    """
    cache = ParseCache.for_site(project.content, content_hashes(state), cache_folder())
    for key, entry in state.inputs.items():
        if key.startswith("content/"):
            found = state.stats.get(key)
            if found is None:
                try:
                    found = os.stat(state.found[key])  # noqa: PTH116 (paths from the scan are strings)
                except (OSError, KeyError):
                    continue
            stamp = (found.st_size, found.st_mtime_ns, found.st_ino, found.st_ctime_ns)
            digest = cache.recall(key[len("content/") :], stamp, trust=not clean)
            if entry[2] == "" and digest is not None:
                entry[2] = digest
    return cache


def build(
    project: Project,
    checks: Checks | None = None,
    *,
    clean: bool = False,
    state: Freshness | None = None,
    progress: Progress = QUIET,
) -> tuple[BuildReport | None, list[Diagnostic]]:
    """The whole pipeline: plan, render what changed, and only when nothing is wrong, write."""
    try:
        with build_lock(project.out):
            return guarded(lambda: _build(project, checks, clean, state, progress), project.cwd)
    except BuildBusy as busy:
        return None, [Diagnostic(display_path(project.out, project.cwd), message=str(busy), hint=busy.hint)]
    except OSError as exc:  # the lock beside the output cannot be made: its folder is not writable
        return None, [io_diagnostic(exc, project)]
    finally:
        prevalidate.drop()  # a child that validated edited files is always waited for


def targeted_only(project: Project, state: Freshness, started: float) -> BuildReport | None:
    """A targeted rebuild and nothing else, for the entry point (before click loads).

    None, with nothing written, whenever it cannot be one, or anything at all goes wrong: the
    command then builds as always, and says what went wrong in its usual way.
    """
    if state.manifest is None or state.owned is None:
        return None
    from llmdiff_site.targeted import targeted_build  # it imports this module

    clock = Stopwatch()
    clock.started = started
    manifest = state.manifest
    try:
        with build_lock(project.out):
            if state.stamp != manifest_stamp(project.out):  # another build ended meanwhile
                return None
            # checked here, not by a forked child: the child validating edited files has the other core
            with paused_collection(freeze=False):
                return targeted_build(
                    project, state, lambda: damaged_outputs(project.out, manifest), clock, QUIET
                )
    except Exception:  # the command's own build meets it again, and reports it
        return None


@contextlib.contextmanager
def paused_collection(freeze: bool) -> Iterator[None]:
    """No cyclic garbage collection while content is loaded, validated and planned; then none over it.

    That stage makes hundreds of thousands of objects that live until the build ends and almost
    no reference cycles, and each full collection would walk all of them again: on a site of
    10,000 pages the collector took a quarter of an incremental build's time, and collections
    during rendering another 200 ms. So the collector is off while they are made, and when the
    stage succeeds (and `freeze`: the build owns freezing) they are frozen out of its reach
    (`gc.freeze`) until `_build` ends. Rendering, which makes the short-lived garbage, runs with
    the collector on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _build(
    project: Project, checks: Checks | None, clean: bool, state: Freshness | None, progress: Progress
) -> tuple[BuildReport | None, list[Diagnostic]]:
    """build's pipeline."""
    clock = Stopwatch()
    if state is None or state.stamp != manifest_stamp(project.out):  # checked before another build ended
        state = freshness(project, clean=clean)
    owned = state.owned
    refusal = _foreign_folder(project, owned)
    if refusal is not None:
        return None, [refusal]
    freeze = gc.get_freeze_count() == 0  # a program that froze objects itself finds them as they were
    try:
        with damaged_meanwhile(project.out, state.manifest) as damaged_later:
            return _planned_build(project, checks, clean, state, progress, clock, damaged_later, freeze)
    finally:
        if freeze:
            gc.unfreeze()  # what the build froze is collectable again (a preview builds many times)


def _planned_build(
    project: Project,
    checks: Checks | None,
    clean: bool,
    state: Freshness,
    progress: Progress,
    clock: Stopwatch,
    damaged_later: Callable[[], set[str]],
    freeze: bool,
) -> tuple[BuildReport | None, list[Diagnostic]]:
    """_build once the output folder is known to be llmdiff's (or free): load, plan, render what changed."""
    owned, previous = state.owned, state.manifest
    if (
        state.targeted
        and previous is not None
        and not clean
        and (checks is None or checks.stale_before is None)
    ):
        from llmdiff_site.targeted import targeted_build  # it imports this module

        try:
            with paused_collection(freeze=False):  # a few pages: no cycles worth a collection's time
                targeted = targeted_build(project, state, damaged_later, clock, progress)
        except RenderFailed as failed:
            return None, [failed.diagnostic]
        except OSError as exc:
            return None, [io_diagnostic(exc, project)]
        if targeted is not None:
            return targeted, []
    problems = names_not_utf8(state.found, project.cwd)
    if problems:
        return None, problems
    with paused_collection(freeze):
        cache = content_cache(project, state, clean=clean)
        cache.adopt(prevalidate.take())
        clock.lap("recall cached content")
        prepared, diagnostics = prepare_site(project, checks, cache, state.found)
    if prepared is None:
        return None, diagnostics
    planned = prepared.planned
    clock.lap("read, validate and plan")
    complete_hashes(state, cache.hashes)
    cache.save()
    cache.entries.clear()  # rendering does not need it: keep worker processes small
    clock.lap("save the cache")
    prints = page_fingerprints(project, planned.entries, prepared.assets, state)
    damaged = damaged_later()
    stale = stale_entries(planned, prints, previous.pages if previous is not None else None)
    if damaged:  # files deleted or edited by hand in the output: their pages are rendered again
        again = {e.output for e in stale}
        stale = tuple(
            e
            for e in planned.entries
            if e.output in again or not damaged.isdisjoint(e.outputs(planned.content))
        )
    if previous is not None and len(stale) > len(planned.entries) // 2:
        previous, stale = None, planned.entries  # most pages change: stream a full build instead
    renderer = make_renderer(project, planned.content, prepared.assets)
    if freeze:
        gc.freeze()  # the renderer too: rendering processes forked from here leave its pages shared
    outline = None if diagnostics else site_outline(prepared)  # a targeted rebuild repeats no warning
    digest, sealed = outline.sealed() if outline is not None else ("", b"")
    manifest = Manifest(options=project.options(), inputs=state.inputs, pages=prints, outline=digest)
    ours = set(owned.outputs) if owned else set()
    try:
        if previous is None:
            _write_everything(project, renderer, prepared, manifest, ours, progress)
            written = len(manifest.outputs)
        else:
            files = _changed_files(project, renderer, prepared, stale, state, previous, damaged, progress)
            try:
                written = write_changes(files, project.out, manifest, previous, prepared.expected, damaged)
            except (OutputBlocked, OutputUnlisted):  # a link in the output or an edited manifest:
                # a full build replaces the folder whole
                manifest = Manifest(
                    options=project.options(), inputs=state.inputs, pages=prints, outline=digest
                )
                _write_everything(project, renderer, prepared, manifest, ours, progress)
                written, stale = len(manifest.outputs), planned.entries
    except RenderFailed as failed:
        return None, [*diagnostics, failed.diagnostic]
    except OutputTaken as taken:
        return None, [*diagnostics, *taken_diagnostics(taken, project)]
    except OSError as exc:
        return None, [*diagnostics, io_diagnostic(exc, project)]
    if outline is not None:
        kept = outline_path(cache_folder(), project.content, project.out)
        if state.manifest is None or state.manifest.outline != digest or not outline_kept(kept, digest):
            save_outline(kept, digest, sealed)
    clock.lap("render and write")
    elapsed = round((time.perf_counter() - clock.started) * 1000)
    report = BuildReport(
        len(planned.entries), len(manifest.outputs), elapsed, len(stale), written, tuple(clock.laps)
    )
    return report, diagnostics


def site_outline(prepared: Prepared) -> Outline:
    """The outline a targeted rebuild of this site will read."""
    planned = prepared.planned
    content = planned.content
    return outline_of(
        content.families, content.sources, planned.site.layout, planned.entries, prepared.assets
    )


def names_not_utf8(found: dict[str, str], cwd: Path) -> list[Diagnostic]:
    """Input files (by key, with their paths) whose names are not UTF-8, each said at its place: no
    page can name them, and neither the manifest nor the cache can record them."""
    if _utf8("".join(found)):
        return []
    return [
        Diagnostic(
            display_path(Path(path), cwd),
            message="file name is not UTF-8",
            hint="rename it with UTF-8 characters (your system may show it with ? or \\x escapes)",
        )
        for key, path in found.items()
        if not _utf8(key)
    ]


def _utf8(text: str) -> bool:
    """Whether a name from the file system is UTF-8 (Python keeps other bytes as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


MEANWHILE_OUTPUTS = 5000
"""From this many outputs on, a forked child checks them while this process loads and plans."""


@contextlib.contextmanager
def damaged_meanwhile(out: Path, manifest: Manifest | None) -> Iterator[Callable[[], set[str]]]:
    """damaged_outputs, started on entry and collected by calling what is yielded.

    The check is a stat per output (30,000 on a site of 10,000 pages) and needs nothing the
    build computes, so on a large site a forked child makes it on another core while this
    process loads and plans. If the child cannot be made or fails, the check is made here.
    The child is always waited for when the block ends.
    """
    if manifest is None:
        yield set
        return
    child, end = -1, -1  # the pipe's write end in the child, its read end here
    if len(manifest.outputs) >= MEANWHILE_OUTPUTS and hasattr(os, "fork") and threading.active_count() == 1:
        with contextlib.suppress(OSError):
            child, end = fork_with_pipe()
            if child == 0:  # the child: the check, its answer down the pipe, and out without cleanup
                answer_and_exit(end, lambda: _damaged_text(out, manifest))
    if child <= 0:
        damaged = damaged_outputs(out, manifest)
        yield lambda: damaged
        return
    pipe = os.fdopen(end, "rb")
    collected: list[set[str]] = []
    waited: list[int] = []  # the child's exit status, once it has been waited for

    def collect() -> set[str]:
        if not collected:
            answer = pipe.read()
            waited.append(os.waitpid(child, 0)[1])
            pipe.close()
            found = set(answer.decode("utf-8", "surrogateescape").split("\n")) - {""}
            collected.append(found if waited[0] == 0 else damaged_outputs(out, manifest))
        return collected[0]

    try:
        yield collect
    finally:
        if not waited:  # the build ended early (an error, or Ctrl-C while waiting): stop the child
            pipe.close()
            stop(child)


def _damaged_text(out: Path, manifest: Manifest) -> bytes:
    """The damaged outputs, one per line, as the checking child sends them."""
    return "\n".join(damaged_outputs(out, manifest)).encode("utf-8", "surrogateescape")


class Stopwatch:
    """Milliseconds per stage, for `build -v`."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: list[tuple[str, int]] = []

    def lap(self, stage: str) -> None:
        """Close a stage."""
        now = time.perf_counter()
        self.laps.append((stage, round((now - self.last) * 1000)))
        self.last = now


def taken_diagnostics(taken: OutputTaken, project: Project) -> list[Diagnostic]:
    """Each thing of the user's where the build would write, said at it."""
    hint = "move or delete it, or build with --force to replace it (llmdiff never replaces it unasked)"
    found = []
    for rel, output in taken.conflicts:
        where = display_path(project.out / rel, project.cwd)
        if output == rel:
            message = "llmdiff did not write this, and the build makes a file of this name"
        else:
            message = f"llmdiff did not write this, and the build puts {output} there"
        found.append(Diagnostic(where, message=message, hint=hint))
    return found


def io_diagnostic(exc: OSError, project: Project) -> Diagnostic:
    """A source file that could not be read, or an output that could not be written, said at that file."""
    if isinstance(exc, shutil.Error) and exc.args and exc.args[0]:  # copytree's: (source, target, why) each
        source, _, why = exc.args[0][0]
        exc = OSError(None, str(why), source)
    path = Path(exc.filename) if exc.filename else project.out
    if exc.errno == errno.EBUSY and path.absolute() == project.out.absolute():
        return Diagnostic(
            display_path(path, project.cwd),
            message="cannot replace the output folder: it is a mount point",
            hint="a build replaces the folder and moves files into it from beside it: mount the folder "
            "above it, or build into one inside the mount with --out",
        )
    if isinstance(exc, OutputMounted):
        return Diagnostic(
            display_path(path, project.cwd),
            message="a mount point inside the output folder, where the build would replace or remove it",
            hint="unmount it, or mount it outside the output folder",
        )
    if isinstance(exc, CannotKeep):
        return Diagnostic(
            display_path(path, project.cwd),
            message=f"llmdiff cannot keep this (yours) in the new build: {exc.strerror}",
            hint="let yourself read it (chmod u+rx for a folder), or move it out of the output folder",
        )
    if f".{project.out.name}.staging-" in str(path):  # name the output folder, not its staging twin
        path = project.out
    where = display_path(path, project.cwd)
    sources = (project.content, project.templates, project.static)
    if any(path.absolute().is_relative_to(s.absolute()) for s in sources):
        return Diagnostic(
            where, message=f"cannot read this file: {exc.strerror}", hint="check its permissions"
        )
    return Diagnostic(
        where,
        message=f"cannot write the output: {exc.strerror}",
        hint="check the folder's permissions and free space",
    )


def _foreign_folder(project: Project, owned: Manifest | None) -> Diagnostic | None:
    """A non-empty output folder that llmdiff did not write is refused unless --force (dot-files aside)."""
    if owned is not None or project.force or not project.out.is_dir():
        return None
    try:
        theirs = sorted(e.name for e in project.out.iterdir() if not e.name.startswith("."))
    except OSError as exc:
        return Diagnostic(
            display_path(project.out, project.cwd),
            message=f"cannot read the output folder: {exc.strerror}",
            hint="check its permissions (llmdiff reads what is in it before it writes there)",
        )
    if not theirs:
        return None
    shown = ", ".join(theirs[:3]) + (f" and {len(theirs) - 3} more" if len(theirs) > 3 else "")
    return Diagnostic(
        display_path(project.out, project.cwd),
        message=f"the output folder holds files llmdiff did not write ({shown})",
        hint="choose an empty or new folder with --out, or --force to build into it (its files are kept)",
    )


def _write_everything(
    project: Project,
    renderer: Renderer,
    prepared: Prepared,
    manifest: Manifest,
    ours: set[str],
    progress: Progress = QUIET,
) -> None:
    """A full build: every file straight into a staging folder (pages by the workers), swapped in whole."""
    planned = prepared.planned

    def fill(folder: Path) -> None:
        for rel, _, digest in _render(project, renderer, planned.site, planned.entries, folder, progress):
            manifest.outputs[rel] = digest
        extra = [*prepared.data.items(), *((rel, path.read_bytes()) for rel, path in prepared.static.items())]
        for rel, _, digest in emit(extra, folder):
            manifest.outputs[rel] = digest

    write_full(project.out, manifest, fill, ours, replace=project.force)


def changed_static(prepared: Prepared, state: Freshness, previous: Manifest) -> list[str]:
    """Static files that are new or whose bytes changed since the previous build."""
    return [
        rel
        for rel in prepared.static
        if rel not in previous.outputs
        or previous.inputs.get(f"static/{rel}") != state.inputs.get(f"static/{rel}")
    ]


def _changed_files(
    project: Project,
    renderer: Renderer,
    prepared: Prepared,
    stale: tuple[PageEntry, ...],
    state: Freshness,
    previous: Manifest,
    damaged: set[str],
    progress: Progress = QUIET,
) -> Iterator[tuple[str, bytes]]:
    """What an incremental build writes: pages rendered again, data files, new or changed static files."""
    yield from render_pages(project, renderer, prepared.planned.site, stale, progress)
    yield from prepared.data.items()
    for rel in sorted(set(changed_static(prepared, state, previous)) | (damaged & prepared.static.keys())):
        yield rel, prepared.static[rel].read_bytes()


# --- in memory, for the preview -----------------------------------------------------------


@value
class MemoryBuild:
    """A site built into memory, with what the next rebuild needs to redo only what changed."""

    site: RenderedSite
    manifest: Manifest
    cache: ParseCache
    rendered: int


def rebuild_in_memory(
    project: Project, previous: MemoryBuild | None = None
) -> tuple[MemoryBuild | None, list[Diagnostic]]:
    """Build into memory; given the previous build, render again only the pages whose inputs changed."""
    return guarded(lambda: _rebuild_in_memory(project, previous), project.cwd)


def _rebuild_in_memory(
    project: Project, previous: MemoryBuild | None
) -> tuple[MemoryBuild | None, list[Diagnostic]]:
    """rebuild_in_memory's pipeline."""
    state = compare_inputs(project, previous.manifest if previous is not None else None)
    problems = names_not_utf8(state.found, project.cwd)
    if problems:
        return None, problems
    cache = ParseCache(content_hashes(state))
    if previous is not None:  # what unchanged files parsed and validated to: neither is done again
        cache.entries = previous.cache.entries
        cache.models = previous.cache.models
    prepared, diagnostics = prepare_site(project, None, cache, state.found)
    if prepared is None:
        return None, diagnostics
    planned = prepared.planned
    complete_hashes(state, cache.hashes)
    prints = page_fingerprints(project, planned.entries, prepared.assets, state)
    old = state.manifest
    stale = stale_entries(planned, prints, old.pages if old is not None else None)
    try:
        renderer = make_renderer(project, planned.content, prepared.assets)
        fresh = dict(render_pages(project, renderer, planned.site, stale))
    except RenderFailed as failed:
        return None, [*diagnostics, failed.diagnostic]
    kept = previous.site.files if previous is not None and old is not None else {}
    files = {rel: kept[rel] for rel in prepared.expected if rel in kept}
    files.update(fresh)
    files.update(prepared.data)
    changed = changed_static(prepared, state, old) if old is not None else list(prepared.static)
    for rel in changed:
        files[rel] = prepared.static[rel].read_bytes()
    if prepared.expected - files.keys():
        return rebuild_in_memory(project)  # an output the previous build lacked: render everything
    manifest = Manifest(options=project.options(), inputs=state.inputs, pages=prints)
    manifest.written_ns = time.time_ns()
    site = RenderedSite(dict(sorted(files.items())), len(planned.entries))
    return MemoryBuild(site, manifest, cache, len(stale)), diagnostics
