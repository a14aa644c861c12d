"""A targeted rebuild: when only family files changed, read and render only the pages they feed.

The whole-site work of a build (reading every file's cached value, checking across files,
planning every page, the site's data files) is what an edit to one family of a large site
spends its time on. When the only inputs that changed are family files, and each changed only
in what its own pages show (its summary, see `outline.family_summary`, is the same), no other
page, data file or check across files can differ. Then the build reads the site-wide files, the
changed families and the families their pages compare, places those pages as the outline kept
them, and renders them alone; any doubt hands the build back to the whole pipeline, which
always gives the same bytes (the tests compare both with a clean build).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from llmdiff_site import prevalidate
from llmdiff_site.build import (
    BuildReport,
    Progress,
    Stopwatch,
    content_hashes,
    make_renderer,
    page_fingerprints,
    render_pages,
    with_options,
)
from llmdiff_site.cache import ParseCache
from llmdiff_site.content import Comparison
from llmdiff_site.manifest import Freshness, Manifest, complete_hashes
from llmdiff_site.outline import Outline, family_summary, load_outline, outline_path
from llmdiff_site.outputs import OutputBlocked, OutputUnlisted, write_changes
from llmdiff_site.pages import Layout, PageEntry, Placed, SitePlan
from llmdiff_site.project import Project, cache_folder
from llmdiff_site.records import Family, PageSpec
from llmdiff_site.validate import FAMILIES_DIR, load_part

FAMILY_PREFIX = f"content/{FAMILIES_DIR}/"
PARALLEL_FROM = 64
"""From this many pages a targeted rebuild renders on two or more cores (on two, one forked child
takes half the pages: no pool to start)."""


def targeted_build(
    project: Project,
    state: Freshness,
    damaged_later: Callable[[], set[str]],
    clock: Stopwatch,
    progress: Progress,
) -> BuildReport | None:
    """Rebuild only the pages of the family files that changed; None when that cannot be sure."""
    previous = state.manifest
    if previous is None or not previous.outline:
        return None
    changed = _changed_family_files(state, previous)
    if not changed:
        return None
    outline = load_outline(outline_path(cache_folder(), project.content, project.out), previous.outline)
    if outline is None or any(rel not in outline.families for rel in changed):
        return None
    fed = {output: note for rel in changed for output, note in outline.pages_of(rel).items()}
    stale = set(fed)
    notes = sorted(filter(None, fed.values()), key=lambda note: note.position)
    if len(stale) > len(previous.pages) // 2:  # most pages change: the whole pipeline streams them
        return None
    wanted = {fid for note in notes for fid in note.families} | {outline.families[rel][0] for rel in changed}
    files_of = {fid: rel for rel, (fid, _) in outline.families.items() if fid in wanted}
    if damaged_later():  # checked while a child validates the edited files (prevalidate.py)
        return None
    if len(stale) >= PARALLEL_FROM:
        import llmdiff_site.parallel  # noqa: F401 (loaded while the child still validates)
    cache = ParseCache.for_site(project.content, content_hashes(state), cache_folder())
    cache.adopt(prevalidate.take())
    for rel in changed:
        found = state.stats.get(f"content/{rel}")
        if found is not None:  # the stamp the cache keeps for a file it need not hash again
            cache.recall(rel, (found.st_size, found.st_mtime_ns, found.st_ino, found.st_ctime_ns))
    content, families, pages, diagnostics = load_part(
        project.content,
        project.cwd,
        cache,
        [files_of[fid].removeprefix(f"{FAMILIES_DIR}/") for fid in sorted(wanted)],
        [note.page_file.split("/", 1)[1] for note in notes if note.page_file],
    )
    if content is None or diagnostics:  # anything to say: the whole pipeline says it, in context
        return None
    loaded = {item.rel: item.value for item in families if isinstance(item.value, Family)}
    if any(rel not in loaded or family_summary(loaded[rel]) != outline.families[rel][1] for rel in changed):
        return None
    by_id = {f.id: f for f in content.families}
    specs = {item.rel: item.value for item in pages if isinstance(item.value, PageSpec)}
    placed = []
    for note in notes:
        spec = specs.get(note.page_file) if note.page_file else None
        if (note.page_file and spec is None) or any(fid not in by_id for fid in note.families):
            return None
        comparison = Comparison(note.slug, tuple(by_id[fid] for fid in note.families), spec)
        placed.append(Placed(comparison, note.folder))
    content = with_options(
        project, dataclasses.replace(content, comparisons=tuple(p.comparison for p in placed))
    )
    site = SitePlan(content, Layout(tuple(placed), outline.hub_folder))
    entries = tuple(entry for entry in site.entries if entry.output in stale)
    if len(entries) != len(stale):
        return None
    complete_hashes(state, cache.hashes)
    cache.save(forget=False)
    clock.lap("read the changed families")
    return _render_and_write(project, state, previous, outline, site, entries, clock, progress)


def _changed_family_files(state: Freshness, previous: Manifest) -> list[str]:
    """The family files (under content/) whose bytes changed; none when any other input changed or came."""
    if state.inputs.keys() != previous.inputs.keys():
        return []
    changed = [key for key, entry in state.inputs.items() if entry[2] != previous.inputs[key][2]]
    if any(not key.startswith(FAMILY_PREFIX) or key.count("/") != 2 for key in changed):
        return []
    return [key.removeprefix("content/") for key in changed]


def _render_and_write(
    project: Project,
    state: Freshness,
    previous: Manifest,
    outline: Outline,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    clock: Stopwatch,
    progress: Progress,
) -> BuildReport | None:
    """Render the pages, replace their files, and record them; the site's other files stay as they are."""
    assets = dict(outline.assets)
    prints = page_fingerprints(project, entries, assets, state)
    renderer = make_renderer(project, site.content, assets)
    files = list(render_pages(project, renderer, site, entries, progress, PARALLEL_FROM))
    manifest = Manifest(
        options=project.options(),
        inputs=state.inputs,
        pages={**previous.pages, **prints},
        outline=previous.outline,
    )
    try:
        written = write_changes(files, project.out, manifest, previous, set(previous.outputs), set())
    except (OutputBlocked, OutputUnlisted):  # the whole pipeline answers these with a full build
        return None
    clock.lap("render and write")
    elapsed = round((time.perf_counter() - clock.started) * 1000)
    return BuildReport(
        len(manifest.pages), len(manifest.outputs), elapsed, len(entries), written, tuple(clock.laps)
    )
