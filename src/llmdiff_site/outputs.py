"""Write stage: files into the output folder so that it is never left half-written.

A full build streams into a staging folder beside the output and swaps it in whole. An
incremental build writes the changed files into a staging folder too, then renames them
into place in one burst.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import glob
import itertools
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from llmdiff_site.manifest import MANIFEST_NAME, Manifest, output_digest, read_manifest, write_manifest
from llmdiff_site.outfolder import OutputRefused, check_output_folder
from llmdiff_site.safefs import write_all


class OutputTaken(Exception):
    """Files or folders that llmdiff did not write stand where the build would put its own.

    llmdiff never replaces what it did not write: the build stops, and the output is as it was.
    `conflicts`: each (what stands there, what the build puts there), output-relative.
    """

    def __init__(self, conflicts: list[tuple[str, str]]) -> None:
        rel, output = conflicts[0]
        super().__init__(f"{rel} is not llmdiff's, and the build puts {output} there")
        self.conflicts = conflicts


class OutputMounted(OSError):
    """A mount point is the output folder or lies inside it, where a build would replace or remove
    it (a full build swaps the folder whole; files are moved in from beside it)."""


def mounts_in(out: Path) -> list[Path]:
    """The mount points at or below `out` (Linux: /proc/self/mountinfo; elsewhere none are found)."""
    try:
        table = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return []
    top = out.absolute()
    with contextlib.suppress(OSError, RuntimeError):
        top = top.resolve()
    found = []
    for line in table.splitlines():
        fields = line.split(" ")
        if len(fields) > 4:
            point = Path(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4]))
            if point == top or point.is_relative_to(top):
                found.append(out / point.relative_to(top))
    return found


class CannotKeep(OSError):
    """Something of the user's in the output that a full build cannot carry over (it cannot be read)."""


class WriteInterrupted(KeyboardInterrupt):
    """Ctrl-C while changed files were being moved into place: the output is incomplete (and its
    manifest says so, so the next build writes it whole)."""

    def __init__(self, out: Path) -> None:
        super().__init__(str(out))
        self.out = out


class BuildBusy(RuntimeError):
    """Another build is writing into the same output folder."""

    hint = "wait for it to finish, or build into another folder with --out"


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Builds into one output folder exclude each other (a lock file beside the folder)."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / f".llmdiff-lock.{out.name}"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(lock, flags, 0o644)  # a link in the lock's place is an error, never followed
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusy(f"another llmdiff build into {out.name} is running") from None
        yield
    finally:
        os.close(fd)


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


_made_folders: set[str] = set()
"""Folders this process made for its writes: a page's second and third file need no mkdir."""


def _make_folder(path: str) -> None:
    """A folder and its parents, taking one system call when its parent is there."""
    try:
        os.mkdir(path)  # noqa: PTH102 (a Path per folder costs more than the mkdir)
    except FileExistsError:
        pass
    except FileNotFoundError:
        Path(path).mkdir(parents=True, exist_ok=True)
    _made_folders.add(path)


def put_file(folder: Path, rel: str, data: bytes) -> None:
    """Write one file under a folder, creating its parents.

    Plain `os.open`/`os.write` on a string path: a large build writes tens of thousands of
    files, and Python's buffered `open` adds a stat, a terminal check and a seek to each.
    """
    base = os.fspath(folder)
    target = f"{base}/{rel}"
    parent = rel.rpartition("/")[0]
    if parent and f"{base}/{parent}" not in _made_folders:
        _make_folder(f"{base}/{parent}")
    try:
        fd = os.open(target, _WRITE_FLAGS, 0o666)
    except FileNotFoundError:  # a folder remembered from an earlier build into a staging folder since removed
        _make_folder(target.rpartition("/")[0])
        fd = os.open(target, _WRITE_FLAGS, 0o666)
    try:
        write_all(fd, data)
    finally:
        os.close(fd)


Rendered = tuple[str, bytes | None, str]
"""An output path, its bytes (None once written to disk) and the hash of its bytes."""


def emit(files: list[tuple[str, bytes]], folder: Path | None) -> list[Rendered]:
    """Hash each file, and write it under `folder` when given (then its bytes are dropped)."""
    if folder is None:
        return [(rel, data, "") for rel, data in files]
    out: list[Rendered] = []
    for rel, data in files:
        put_file(folder, rel, data)
        out.append((rel, None, output_digest(data)))
    return out


def _staging(out: Path) -> Path:
    """A fresh staging folder beside the output, after sweeping those of killed builds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    _made_folders.clear()  # what earlier builds made is gone with their staging folders
    return staging


def write_full(
    out: Path, manifest: Manifest, fill: Callable[[Path], None], ours: set[str], *, replace: bool = False
) -> None:
    """Let `fill` write every file into a staging folder, then swap it in whole for `out`.

    Files in `out` that llmdiff did not write (not in `ours`), and every dot-file at its root,
    are linked into the staging folder first, so the swap never deletes them. One that stands
    where the build writes raises OutputTaken, unless `replace` (--force): then the build's wins.
    """
    out = out.absolute()
    mounted = mounts_in(out)
    if mounted:
        raise OutputMounted(errno.EBUSY, "a mount point", str(mounted[0]))
    staging = _staging(out)
    try:
        fill(staging)
        manifest.outputs = dict(sorted(manifest.outputs.items()))
        write_manifest(staging, manifest)
        if out.is_dir():
            _keep_foreign(out, staging, ours | {MANIFEST_NAME}, replace)
            _same_owner_and_mode(out, staging)  # the folder itself stays as you set it
        _swap_in(staging, out)
    except BaseException:
        _discard(staging)
        raise


def foreign_files(out: Path, ours: set[str]) -> list[str]:
    """What is in an output folder that llmdiff did not write: files and links not in `ours`, and
    whole folders with nothing of llmdiff's below them (a gh-pages checkout's `.git`)."""
    shared = {folder for rel in ours for folder in folders_of(rel)}  # folders llmdiff wrote into
    found: list[str] = []

    def visit(folder: str) -> None:
        with os.scandir(out / folder if folder else out) as entries:
            names = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries)
        for name, is_folder in names:
            rel = f"{folder}/{name}" if folder else name
            if rel == MANIFEST_NAME:
                continue
            if is_folder and rel in shared:
                visit(rel)
            elif is_folder or rel not in ours:
                found.append(rel)

    visit("")
    return found


def folders_of(rel: str) -> Iterator[str]:
    """The folders a path lies in, outermost first: 'a/b/c.txt' → 'a', 'a/b'."""
    parts = rel.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        yield "/".join(parts[:i])


def _keep_foreign(out: Path, staging: Path, ours: set[str], replace: bool) -> None:
    """Hard-link (or copy) into staging what the user keeps in the output.

    A folder of theirs that the build also writes into is shared: what is in it is kept, entry by
    entry. Anything else of theirs where the build puts a file or needs a folder raises
    OutputTaken, naming every such place (with `replace`, the build's files win and theirs are
    not kept). Folders the build does not make keep their permissions.
    """
    conflicts: list[tuple[str, str]] = []
    made: list[str] = []  # folders the build made for what is yours, outermost first

    def keep(rel: str) -> None:
        source, target = out / rel, staging / rel
        if _real_folder(source) and _real_folder(target):  # the build writes into a folder of theirs
            for name in sorted(entry.name for entry in source.iterdir()):
                keep(f"{rel}/{name}")
            return
        blocked = rel if os.path.lexists(target) else _file_above(staging, rel)
        if blocked is not None:
            if not replace:
                conflicts.append((rel, _built_at(staging, blocked)))
            return
        for folder in folders_of(rel):  # the folders it is in that the build did not make
            if not (staging / folder).exists():
                (staging / folder).mkdir()
                made.append(folder)
        try:
            if _real_folder(source):
                shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
                if os.geteuid() == 0:  # copytree makes its folders as root: give them back
                    for root, folders, _ in os.walk(source):
                        for name in folders:
                            mine = Path(root, name)
                            _same_owner_and_mode(mine, target / mine.relative_to(source))
                    _same_owner_and_mode(source, target)
            else:
                _link_or_copy(str(source), str(target))
        except OSError as exc:  # one that cannot be read (a folder without the search bit): said at it
            reason = exc.strerror or "not everything in it can be read"
            raise CannotKeep(exc.errno or 0, reason, str(source)) from exc

    for rel in foreign_files(out, ours):
        keep(rel)
    if conflicts:
        raise OutputTaken(conflicts)
    for folder in reversed(made):  # innermost first, once what goes in them is there (a 0555 one too)
        _same_owner_and_mode(out / folder, staging / folder)


def _real_folder(path: Path) -> bool:
    """A folder, not a link to one."""
    return path.is_dir() and not path.is_symlink()


def _built_at(staging: Path, rel: str) -> str:
    """What the build puts at `rel`: the file itself, or the first file in the folder it makes there."""
    target = staging / rel
    if _real_folder(target):
        for root, _, files in os.walk(target):
            if files:
                name = "index.html" if "index.html" in files else min(files)  # a page, where there is one
                return (Path(root) / name).relative_to(staging).as_posix()
    return rel


def _file_above(staging: Path, rel: str) -> str | None:
    """The output the build writes where `rel` needs a folder (a file of ours above a file of theirs)."""
    for folder in reversed(list(folders_of(rel))):  # innermost first: the first that is there decides
        if os.path.lexists(staging / folder):
            return None if _real_folder(staging / folder) else folder
    return None


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one (instant, no space), else a copy."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def write_changes(
    files: Iterable[tuple[str, bytes]],
    out: Path,
    manifest: Manifest,
    previous: Manifest,
    expected: set[str],
    damaged: set[str] | None = None,
) -> int:
    """Write files whose bytes changed (or that were damaged by hand), remove outputs no longer made."""
    out = out.absolute()
    changed: dict[str, bytes] = {}
    made: dict[str, str] = {}
    for rel, data in files:
        digest = made[rel] = output_digest(data)
        if previous.outputs.get(rel) != digest or (damaged is not None and rel in damaged):
            changed[rel] = data
    # The previous manifest is in path order: keep it, and sort again only when a path is new.
    prior = previous.outputs
    if made.keys() <= prior.keys() and expected == prior.keys():  # the same outputs (a small rebuild)
        outputs = {**prior, **made}
    else:
        outputs = {rel: made.get(rel, digest) for rel, digest in prior.items() if rel in expected}
    in_order = all(a < b for a, b in itertools.pairwise(outputs))
    if not in_order or len(outputs) != len(expected) or not made.keys() <= outputs.keys():
        outputs.update(made)
        for rel in expected - outputs.keys():
            if rel not in previous.outputs:  # kept, yet never recorded: the manifest was edited
                raise OutputUnlisted(f"{rel} is missing from the output folder's manifest")
            outputs[rel] = previous.outputs[rel]
        outputs = dict(sorted(outputs.items()))
    manifest.outputs = outputs
    removed = sorted(rel for rel in previous.outputs if rel not in expected)
    for point in mounts_in(out):  # files are moved in from beside the output: not across mounts
        inside = point.relative_to(out).as_posix()
        touched = itertools.chain(changed, removed)
        if inside == "." or any(rel == inside or rel.startswith(f"{inside}/") for rel in touched):
            raise OutputMounted(errno.EBUSY, "a mount point", str(point))
    new = [rel for rel in changed if rel not in previous.outputs]
    repaired = [rel for rel in changed if damaged and rel in damaged]  # changed by hand: a folder now?
    blocked = _in_the_way(out, [*changed, *removed], new, [*repaired, *removed])
    if blocked is not None:
        raise OutputBlocked(f"{out / blocked} stands where the build writes")
    _replace_in_place(out, changed, removed, manifest)
    return len(changed)


class OutputBlocked(OSError):
    """Something stands where an incremental build would write or delete: a link on the way, a file
    where a folder goes, anything at the path of a new output. A full build sorts out what is whose
    (and stops with OutputTaken rather than replace what llmdiff did not write)."""


class OutputUnlisted(ValueError):
    """An output an incremental build keeps is not in the manifest: only a full build can vouch for it."""


def through_links(out: Path, rels: Iterable[str]) -> list[str]:
    """The output paths whose folder is reached through a link (writing them would leave `out`)."""
    return [rel for rel, (state, _) in _folder_states(out, rels).items() if state == _LINK]


def _in_the_way(out: Path, paths: Iterable[str], new: Iterable[str], mine: Iterable[str]) -> str | None:
    """What stands where an incremental build would write or delete, or None: a link (writing
    through it would leave `out`) or anything else not a folder where the folder of one of `paths`
    goes; anything at all at the path of a `new` output (the user's, or a folder of ours that a
    full build would remove); a folder where a `mine` output (one changed by hand, or to remove)
    was: the user's, which a full build keeps or names."""
    for state, folder in _folder_states(out, paths).values():
        if state != _FOLDER:
            return folder
    found = next((rel for rel in new if os.path.lexists(out / rel)), None)
    return found or next((rel for rel in mine if _real_folder(out / rel)), None)


_FOLDER, _LINK, _FILE = 0, 1, 2
"""What stands at a folder path in the output: a folder (or nothing yet), a link, anything else."""


def _folder_states(out: Path, rels: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Per output path, what stands in the way of its folder (a link, or something not a folder)
    and where: one `lstat` per folder, relative to the open output folder, outermost first (below
    a link or a file nothing is looked at: it decides)."""
    try:
        top = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return {}  # no output folder yet: nothing in it is in the way
    known: dict[str, tuple[int, str]] = {"": (_FOLDER, "")}

    def state_of(folder: str) -> tuple[int, str]:
        unknown = []  # this folder and those above it not looked at yet, innermost first
        while folder not in known:
            unknown.append(folder)
            folder = folder.rpartition("/")[0]
        found = known[folder]
        for folder in reversed(unknown):  # outermost first: below a link or a file, it decides
            if found[0] == _FOLDER:
                try:
                    mode = os.lstat(folder, dir_fd=top).st_mode
                except OSError:  # not there yet: made when written
                    mode = 0
                if stat.S_ISLNK(mode):
                    found = (_LINK, folder)
                elif mode and not stat.S_ISDIR(mode):
                    found = (_FILE, folder)
            known[folder] = found
        return found

    try:
        return {rel: state_of(rel.rpartition("/")[0]) for rel in rels}
    finally:
        os.close(top)


def _replace_in_place(out: Path, changed: dict[str, bytes], removed: list[str], manifest: Manifest) -> None:
    """Write the changed files beside the output, then move them in one burst of renames.

    A build stopped while writing leaves the output untouched; one stopped during the renames
    (milliseconds) leaves whole files, old or new, and a manifest marked incomplete, so the
    next build is a full one.
    """
    staging = _staging(out)
    try:
        # Flat in the staging folder (a number per file): no folders to make there, and none to
        # remove after (on a disk mounted with `discard` each one freed costs a trim).
        staged = {rel: str(i) for i, rel in enumerate(sorted(changed))}
        for rel, name in staged.items():
            put_file(staging, name, changed[rel])
        # Marked incomplete until the renames are done; it still lists what is llmdiff's (old and
        # new), so that the full build that follows an interrupted one knows its files from yours.
        marker = Manifest(complete=False)
        marker.outputs = dict.fromkeys(itertools.chain(manifest.outputs, removed), "")  # no digests: smaller
        write_manifest(out, marker)
        base, source = os.fspath(out), os.fspath(staging)
        try:
            for rel, name in staged.items():
                _move(f"{source}/{name}", f"{base}/{rel}")
            for rel in removed:
                (out / rel).unlink(missing_ok=True)
                _prune_empty(out, (out / rel).parent)
            write_manifest(out, manifest)
        except KeyboardInterrupt as stop:
            raise WriteInterrupted(out) from stop
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move(source: str, target: str) -> None:
    """Rename a staged file into place, making its folder when it is new (plain strings: no Path per file).

    An error names the output path, not the staged file's."""
    try:
        try:
            os.replace(source, target)  # noqa: PTH105
        except FileNotFoundError:  # a page in a new folder, or one removed by hand
            os.makedirs(target.rpartition("/")[0], exist_ok=True)  # noqa: PTH103
            os.replace(source, target)  # noqa: PTH105
    except OSError as exc:
        if exc.filename == source:
            raise type(exc)(exc.errno, exc.strerror, target) from exc
        raise


def _prune_empty(out: Path, folder: Path) -> None:
    """Remove folders left empty by removed outputs, up to the output folder."""
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` atomically where the system allows, else by two renames.

    The old folder is removed after; what cannot be (a folder of yours made read-only: its files
    are in the new one too) is left for the next build's sweep, and never fails this one.
    """
    if out.exists():
        if _exchange(staging, out):
            _discard(staging)
            return
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(old)
        try:
            staging.rename(out)
        except BaseException:
            old.rename(out)
            raise
        _discard(old)
    else:
        staging.rename(out)


def _sweep_leftovers(out: Path) -> None:
    """Remove staging folders and temporary files left by builds that were killed."""
    name = glob.escape(out.name)  # a name with * ? [ in it matches only itself
    for stale in out.parent.glob(f".{name}.staging-*"):
        _discard(stale)
    for stale in out.parent.glob(f".{name}.old-*"):
        if stale.is_symlink() or out.exists():
            _discard(stale)
        else:
            stale.rename(out)


def _discard(stale: Path) -> None:
    """Remove a leftover: a folder with what is in it, but a link only itself (never what it points to).

    A folder in it that is read-only (yours, in an old output tree whose files the new one holds
    too) is made writable for its owner first; whatever still resists is left, never an error.
    """
    if stale.is_symlink() or not stale.exists():
        with contextlib.suppress(OSError):
            stale.unlink()
        return

    def writable_and_again(function: Callable[..., object], path: str, _: object) -> None:
        with contextlib.suppress(OSError):
            parent = os.path.dirname(path)  # noqa: PTH120 (shutil hands strings)
            os.chmod(parent, os.lstat(parent).st_mode | stat.S_IRWXU)  # noqa: PTH101
            if function is os.rmdir and _real_folder(Path(path)):
                os.chmod(path, os.lstat(path).st_mode | stat.S_IRWXU)  # noqa: PTH101
                shutil.rmtree(path, ignore_errors=True)
                return
            function(path)

    if sys.version_info >= (3, 12):
        shutil.rmtree(stale, onexc=writable_and_again)
    else:
        shutil.rmtree(stale, onerror=writable_and_again)


def _same_owner_and_mode(source: Path, target: Path) -> None:
    """Give a folder the build made the permissions (and, run as root, the owner) of the one it stands for."""
    with contextlib.suppress(OSError):
        found = source.stat()
        target.chmod(stat.S_IMODE(found.st_mode))
        if os.geteuid() == 0 and (found.st_uid, found.st_gid) != (0, 0):
            os.chown(target, found.st_uid, found.st_gid)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders with Linux renameat2; False where that is not available."""
    import ctypes  # only here: most builds never swap folders

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library this process already has loaded
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


__all__ = ["MANIFEST_NAME", "OutputRefused", "check_output_folder", "write_changes", "write_full"]


def clean_output(out: Path) -> tuple[int, list[str]]:
    """Remove what the last build wrote into `out` (as its manifest lists), and `out` once empty.

    A file is removed only when its bytes are still those the build wrote (the manifest keeps
    their hash), it is not a link and no link leads to it; everything else is kept and listed.
    When something is kept, an empty manifest stays too, so the folder is still llmdiff's.
    """
    out = out.absolute()
    if out.is_symlink():
        raise OutputRefused(f"{out} is a link; clean the folder it points to by its own name")
    if not out.is_dir():
        return 0, []
    manifest = read_manifest(out)
    if manifest is None:
        raise OutputRefused(f"{out} has no llmdiff manifest, so nothing in it is known to be llmdiff's")
    with build_lock(out):
        _sweep_leftovers(out)
        removed = 0
        linked = set(through_links(out, list(manifest.outputs)))
        for rel, digest in sorted(manifest.outputs.items()):
            target = out / rel
            if rel in linked or target.is_symlink() or not target.is_file():
                continue
            if output_digest(target.read_bytes()) != digest:
                continue  # changed since the build: someone's edit, kept
            target.unlink()
            removed += 1
            _prune_empty(out, target.parent)
        kept = _anything_left(out)
        if kept:
            write_manifest(out, Manifest())
        elif mounts_in(out):  # a mount point, or one inside: the folders stay, the manifest goes
            (out / MANIFEST_NAME).unlink(missing_ok=True)
        else:
            shutil.rmtree(out)  # only empty folders are left
    (out.parent / f".llmdiff-lock.{out.name}").unlink(missing_ok=True)
    return removed, kept


def _anything_left(out: Path) -> list[str]:
    """Every file, link or special entry under `out` but the manifest (empty folders do not count)."""
    left: list[str] = []
    for root, dirs, files in os.walk(out):
        base = Path(root).relative_to(out)
        for name in [*files, *(d for d in dirs if (Path(root) / d).is_symlink())]:
            rel = (base / name).as_posix()
            if rel != MANIFEST_NAME:
                left.append(rel)
    return sorted(left)
