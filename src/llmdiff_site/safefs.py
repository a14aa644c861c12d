"""Reading files the site names without hanging or leaving its folder: regular files only, bounded reads."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


class NotRegularFile(OSError):
    """A path that is not a regular file (reading it could block or never end)."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{kind}, not a regular file")
        self.filename = str(path)
        self.strerror = f"it is {kind}, not a regular file"


def read_regular(path: str | Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file; anything else is refused at once, without blocking."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(Path(path), _KINDS.get(stat.S_IFMT(mode), "not a regular file"))
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """True for a regular file (following links); False for anything else, a dangling link or a loop."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


CLUTTER = frozenset(
    {".git", ".svn", ".hg", ".bzr", ".DS_Store", "Thumbs.db", "desktop.ini", ".gitignore", ".gitkeep",
     ".gitattributes", "__pycache__"}
)  # fmt: skip
"""Version-control and system files that are never part of a site, dot-files or not."""

WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)
"""Names Windows cannot create (with any extension): never used for an output path."""


def windows_reserved(rel: str) -> bool:
    """True when any part of a relative path is a name Windows refuses (con, aux.txt, lpt1, ...)."""
    return any(part.split(".", 1)[0].lower() in WINDOWS_RESERVED for part in rel.split("/"))


def below(root: Path | str, path: Path | str) -> bool:
    """Whether `path`, with every link followed, lies inside `root` (and is not `root` itself)."""
    return os.path.realpath(path).startswith(os.path.realpath(root).rstrip(os.sep) + os.sep)


def leaves(path: Path, root: Path) -> bool:
    """True when a link directly in `root` resolves outside it; a loop is left to the reader."""
    if not path.is_symlink():
        return False  # a plain entry of the folder stays in it
    try:
        return not Path(os.path.realpath(path, strict=True)).is_relative_to(os.path.realpath(root))
    except (OSError, RuntimeError):
        return False


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to an open file (os.write may write only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def replace_file(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Write `path` by renaming a new file over it: atomically, and never through a link.

    The new file is made beside it under a random name that must not exist yet (O_EXCL follows
    no link), so a link planted there, in a folder others may write, is never written through;
    a link in `path`'s own place is replaced, not followed.
    """
    temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temporary, _NEW_FILE, mode)
    try:
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
