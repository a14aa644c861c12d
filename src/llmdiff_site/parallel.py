"""Render pages across processes: forked workers and this process take chunks of pages until none are left.

Each process keeps its own rendered fragments (a family's card, its entries), so a process that
renders pages about the same families renders each of them once. Pages are therefore ordered by
the families they show, each process starts on its own stretch of that order, and a process
whose stretch is done takes chunks from the end of the stretch with the most left.
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import pickle
import signal
from collections.abc import Iterator, MutableSequence, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llmdiff_site.children import answer_and_exit, fork_with_pipe, stop
from llmdiff_site.content import Content
from llmdiff_site.errors import Diagnostic, RenderFailed
from llmdiff_site.limits import alarms
from llmdiff_site.outputs import Rendered, emit
from llmdiff_site.pages import PageEntry, SitePlan
from llmdiff_site.render import Renderer, template_diagnostic

if TYPE_CHECKING:
    from concurrent.futures import Future

CHUNKS_PER_PROCESS = 64
"""Pages are handed out in runs this small, so no process sits idle long while another finishes."""
MIN_CHUNK = 16


@dataclasses.dataclass(frozen=True)
class Shared:
    """What every rendering process works from; workers inherit it when they are forked."""

    renderer: Renderer
    site: SitePlan
    entries: tuple[PageEntry, ...]
    cwd: Path
    folder: Path | None
    """Where pages are written (None: they come back in memory)."""
    chunks: list[tuple[int, ...]]
    """Runs of page indexes, in the order of the families they show."""
    stretches: Any
    """Per process, the first and one past the last chunk it has not taken: shared memory, with a lock."""
    claimed: Any
    """How many processes have claimed a stretch (this one has the first)."""


_shared: Shared | None = None
"""The render this process takes its chunks from (a worker inherits it when forked)."""
_stretch = 0
"""Which stretch of chunks is this process's own."""

ChunkResult = tuple[list[Rendered], Diagnostic | None, int]
"""A chunk's files, or the template error that stopped it, and how many pages it held."""


def family_order(entries: Sequence[PageEntry], content: Content) -> list[int]:
    """Page indexes, pages that show the same families next to each other (by catalogue position)."""
    position = {family.id: i for i, family in enumerate(content.families)}

    def shown(i: int) -> tuple[int, ...]:
        entry = entries[i]
        comparison = entry.comparison
        families = comparison.families if comparison is not None else (entry.family,) if entry.family else ()
        return tuple(sorted(position.get(f.id, -1) for f in families))

    return sorted(range(len(entries)), key=shown)


def take(stretches: MutableSequence[int], mine: int) -> int | None:
    """The next chunk for process `mine`: from the front of its stretch, else from the back of the fullest.

    `stretches` holds each process's [first, end) pair of untaken chunks, one after the other.
    """
    if stretches[2 * mine] < stretches[2 * mine + 1]:
        stretches[2 * mine] += 1
        return stretches[2 * mine] - 1
    left = [stretches[2 * r + 1] - stretches[2 * r] for r in range(len(stretches) // 2)]
    fullest = max(range(len(left)), key=left.__getitem__)
    if left[fullest] <= 0:
        return None
    stretches[2 * fullest + 1] -= 1
    return stretches[2 * fullest + 1]


def _claim() -> None:
    """A worker's start: claim the next stretch of chunks as its own; Ctrl-C is for the parent to handle."""
    global _stretch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers; no traceback from each
    assert _shared is not None
    with _shared.claimed.get_lock():
        _stretch = _shared.claimed.value
        _shared.claimed.value += 1


def _render_next() -> ChunkResult | None:
    """Take a chunk nobody has taken and render (and write) it; None when all are taken."""
    shared = _shared
    assert shared is not None
    with shared.stretches.get_lock():
        index = take(shared.stretches.get_obj(), _stretch)
    if index is None:
        return None
    chunk = shared.chunks[index]
    return _render_chunk(
        shared.renderer, shared.site, [shared.entries[i] for i in chunk], shared.cwd, shared.folder
    )


def render_in_processes(
    renderer: Renderer,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    cwd: Path,
    folder: Path | None,
    processes: int,
) -> Iterator[tuple[list[Rendered], int]]:
    """Each chunk's files and page count as it is done, by this process and `processes - 1` forked workers.

    A template error raises RenderFailed; the bytes of every page are those one process makes.
    """
    global _shared, _stretch
    import multiprocessing  # here: a pool's modules cost 40 ms to load, which two processes need not
    from concurrent.futures import ProcessPoolExecutor

    site.prepare()
    order = family_order(entries, renderer.content)
    step = max(MIN_CHUNK, -(-len(order) // (processes * CHUNKS_PER_PROCESS)))
    chunks = [tuple(order[i : i + step]) for i in range(0, len(order), step)]
    bounds = [len(chunks) * r // processes for r in range(processes + 1)]
    stretches = [end for r in range(processes) for end in (bounds[r], bounds[r + 1])]
    context = multiprocessing.get_context("fork")
    _shared = Shared(
        renderer, site, entries, cwd, folder, chunks, context.Array("q", stretches), context.Value("q", 1)
    )
    _stretch = 0
    ours = gc.get_freeze_count() == 0  # else the build (or the program) froze them and unfreezes
    if ours:
        gc.freeze()  # objects the workers inherit stay out of their collections, so their pages stay shared
    pool = ProcessPoolExecutor(processes - 1, mp_context=context, initializer=_claim)
    try:
        # This process renders chunks too: one process fewer holding a copy of everything.
        theirs = [pool.submit(_render_next) for _ in chunks]
        for results in itertools.chain(iter(_render_next, None), _results(theirs)):
            if results is None:  # a worker's turn that found every chunk taken
                continue
            files, problem, count = results
            if problem is not None:
                raise RenderFailed(problem)
            yield files, count
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # at most the chunks already begun are finished
        _shared = None
        if ours:
            gc.unfreeze()


def render_in_two(
    renderer: Renderer,
    site: SitePlan,
    entries: tuple[PageEntry, ...],
    cwd: Path,
    folder: Path | None,
) -> Iterator[tuple[list[Rendered], int]]:
    """Each half's files and page count: one forked child renders the second half, this process the first.

    For a few dozen to a few hundred pages, where starting a pool (its queues, threads and shared
    counters) costs more than it saves. A template error raises RenderFailed, as does a child that
    dies; the child is always waited for.
    """
    half = len(entries) // 2
    first, ours, theirs = entries[:1], entries[1:half], entries[half:]
    # The first page here, before the fork: the child starts with its templates loaded and the
    # fragments every page shares (the edited family's) rendered, instead of doing both again.
    files, problem, count = _render_chunk(renderer, site, first, cwd, folder)
    if problem is not None:
        raise RenderFailed(problem)
    yield files, count
    child, end = fork_with_pipe()  # the pipe's write end in the child, its read end here
    if child == 0:
        answer_and_exit(
            end, lambda: pickle.dumps(_render_chunk(renderer, site, theirs, cwd, folder), protocol=5)
        )
    pipe = os.fdopen(end, "rb")
    waited = False
    try:
        files, problem, count = _render_chunk(renderer, site, ours, cwd, folder)
        if problem is not None:
            raise RenderFailed(problem)
        yield files, count
        answer = pipe.read()
        status = os.waitpid(child, 0)[1]
        waited = True
        if status != 0 or not answer:
            raise RenderFailed(_ENDED)
        files, problem, count = pickle.loads(answer)
        if problem is not None:
            raise RenderFailed(problem)
        yield files, count
    finally:
        pipe.close()
        if not waited:  # an error here, or Ctrl-C: the child is stopped and waited for
            stop(child)


def _render_chunk(
    renderer: Renderer, site: SitePlan, entries: Sequence[PageEntry], cwd: Path, folder: Path | None
) -> ChunkResult:
    """Render (and write, given a folder) some pages: their files, or the template error that stopped them."""
    files: list[tuple[str, bytes]] = []
    try:
        with alarms():
            for entry in entries:
                files.extend(renderer.page_files(site.plan(entry)))
    except Exception as exc:  # a template can raise anything (a TypeError from `x + 1`)
        return [], template_diagnostic(exc, cwd), 0
    return emit(files, folder), None, len(entries)


_ENDED = Diagnostic(
    "llmdiff",
    message="a rendering process ended unexpectedly (out of memory, or killed)",
    hint="build again; with --jobs 1 a build needs the least memory",
)


def _results(futures: list[Future[ChunkResult | None]]) -> Iterator[ChunkResult | None]:
    """The workers' results as they come; a worker that died (killed, out of memory) is an error."""
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    try:
        for future in as_completed(futures):
            yield future.result()
    except BrokenProcessPool:
        raise RenderFailed(_ENDED) from None
