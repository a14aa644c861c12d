"""Validate the edited content files in a forked child while this process loads the rest of the pipeline.

Validating one edited file needs pydantic and the content models: 150–190 ms to import and
build, more than anything else in a small rebuild. The child can start even before the command
knows what changed: `prepare` forks it as the entry point begins, and it loads pydantic and the
family model on the other core while this process compares the inputs with the manifest. `start`
then names the edited files (or forks the child there and then), and this process loads Jinja2
and the rest of the pipeline meanwhile. The build takes the child's values as if its own parse
cache had kept them. When the child fails, finds anything to report, or was never started, the
build validates those files itself, as always.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from llmdiff_site.children import answer_and_exit, fork_with_pipe, stop

if TYPE_CHECKING:
    from pathlib import Path

    from llmdiff_site.manifest import Freshness
    from llmdiff_site.project import Project

# pickle and threading are imported where used: a build with nothing to do imports this module
# (to start the child ahead) and should not pay for them.

FOLDERS = ("content/families/", "content/pages/")
MAX_FILES = 32
"""More edited files than this are left to the build (a checkout, a generator): it validates them in bulk."""

Answer = dict[str, tuple[str, Any, Any]]
"""File under content/ → (its hash, its parse cache entry, its validated value)."""


class Pending:
    """A child validating files; its answer is read once, and the child always waited for.

    `ask`: the pipe on which a child started ahead (`prepare`) waits for the files to validate.
    """

    def __init__(self, pid: int, read: int, ask: int | None = None) -> None:
        self.pid = pid
        self.read = read
        self.ask = ask
        self.answer: Answer | None = None

    def name(self, rels: list[str]) -> None:
        """Tell a child started ahead which files to validate (none: it ends at once)."""
        if self.ask is not None:
            import pickle

            with contextlib.suppress(OSError), os.fdopen(self.ask, "wb") as pipe:
                pipe.write(pickle.dumps(rels, protocol=5))
            self.ask = None

    def collect(self) -> Answer:
        """The child's answer ({} when it failed): waits for it to finish."""
        if self.ask is not None:  # never told which files: it has nothing to do
            self.abandon()
        if self.answer is None:
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
            status = os.waitpid(self.pid, 0)[1]
            self.answer = {}
            if status == 0 and data:
                import pickle

                with contextlib.suppress(Exception):  # a child killed mid-write leaves a torn pickle
                    answer = pickle.loads(data)
                    if isinstance(answer, dict):
                        self.answer = answer
        return self.answer

    def abandon(self) -> None:
        """Stop a child whose answer is no longer wanted, and wait for it."""
        if self.answer is not None:
            return
        self.answer = {}
        for end in (self.read, self.ask):
            if end is not None:
                with contextlib.suppress(OSError):
                    os.close(end)
        self.ask = None
        stop(self.pid)


_pending: Pending | None = None


def edited_files(state: Freshness) -> list[str]:
    """Family and page files (under content/) that were there last build and whose bytes changed."""
    previous = state.manifest
    if previous is None:
        return []
    return [
        key.removeprefix("content/")
        for key, entry in state.inputs.items()
        if key.startswith(FOLDERS)
        and key.count("/") == 2
        and key in previous.inputs
        and entry[2] != previous.inputs[key][2]
    ]


def _may_fork() -> bool:
    """Forking is possible and safe here (no threads a fork could leave holding locks)."""
    threading = sys.modules.get("threading")  # not loaded: no thread was started through it
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def prepare(project: Project, since: int) -> None:
    """Fork a child that loads pydantic and the family model now, and validates the files `start` names.

    Only when a family file was modified after `since` (when the last build wrote its manifest,
    in nanoseconds), and there is a second core: otherwise the child would only take time from a
    build with nothing to validate, or from this one.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if _pending is not None or cores < 2 or not _may_fork():
        return
    if not _modified_after(project.content / FOLDERS[0].removeprefix("content/"), since):
        return
    try:
        ask_read, ask = os.pipe()
    except OSError:
        return
    if not _fork(lambda: _validated_when_asked(project, ask_read), ask):
        os.close(ask)
    os.close(ask_read)


def _modified_after(folder: Path, since: int) -> bool:
    """Whether a file in the folder was modified after `since` (one stat per file, nothing read)."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime_ns > since:
                        return True
    except OSError:
        pass
    return False


def start(project: Project, state: Freshness) -> list[str]:
    """Have a child validate the edited family and page files, when there are a few and forking is safe.

    The child started by `prepare` is told which; otherwise one is forked now. Returns the edited
    files, validated by the child or not."""
    rels = edited_files(state)
    wanted = 0 < len(rels) <= MAX_FILES
    if _pending is not None and _pending.ask is not None:  # started ahead, waiting to be told
        if wanted:
            _pending.name(rels)
        else:
            _pending.abandon()  # nothing for it: stopped now, not waited out while it loads pydantic
        return rels
    if _pending is None and wanted and _may_fork():
        _fork(lambda: _validated(project, rels))
    return rels


def _fork(answer: Callable[[], bytes], ask: int | None = None) -> bool:
    """Fork the child that sends `answer()`, kept as pending before a Ctrl-C held off during the
    fork can arrive (so it is always stopped); False when it cannot be forked.

    `ask`: the write end of the pipe it is told its files on, which the child closes."""

    def register(pid: int, pipe: int) -> None:
        global _pending
        _pending = Pending(pid, pipe, ask)

    try:
        pid, pipe = fork_with_pipe(register)
    except OSError:
        return False
    if pid == 0:
        if ask is not None:
            os.close(ask)
        answer_and_exit(pipe, answer)
    return True


def take() -> Answer:
    """What the child found ({} when there is no child); the same answer however often it is asked."""
    return _pending.collect() if _pending is not None else {}


def drop() -> None:
    """Forget the child: stopped if still running, always waited for."""
    global _pending
    if _pending is not None:
        _pending.abandon()
        _pending = None


def _validated(project: Project, rels: list[str]) -> bytes:
    """In the forked child: the files validated, pickled as the answer."""
    import pickle

    from llmdiff_site.validate import validate_files

    return pickle.dumps(validate_files(project.content, project.cwd, rels), protocol=5)


def _validated_when_asked(project: Project, ask: int) -> bytes:
    """In a child started ahead: load what validating takes, then validate the files named on `ask`."""
    import pickle

    from llmdiff_site.model import MODELS
    from llmdiff_site.records import Family

    MODELS[Family].model_rebuild()  # the family model's validator, built now rather than at the first file
    with os.fdopen(ask, "rb") as pipe:
        request = pipe.read()
    rels = pickle.loads(request) if request else []
    return _validated(project, rels) if rels else b""
