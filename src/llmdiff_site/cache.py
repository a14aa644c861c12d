"""What content files parsed and validated to, kept between runs: unchanged files skip YAML and pydantic."""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import pickle
import time
import zlib
from pathlib import Path
from stat import S_ISDIR, S_ISREG, S_ISVTX
from typing import Any

from llmdiff_site.safefs import replace_file

FORMAT = 8
SHARDS = 256
"""The cache is split by file path so that an edit rewrites one part of it, not all of it, and a
build that needs a few files' values (a targeted rebuild) reads only their parts."""


def shard_of(rel: str) -> int:
    """Which part of the cache holds a file's records."""
    return zlib.crc32(rel.encode("utf-8")) % SHARDS


RACY_NS = 2_000_000_000
"""A file changed this close to when the cache was written may have changed again unseen (as in git)."""


@functools.cache
def model_stamp() -> str:
    """What cached values depend on: llmdiff's code (models, the checks they call) and pydantic's version.

    pydantic's version file is read rather than imported: a build whose content is all cached
    does not load pydantic at all.
    """
    import importlib.util

    digest = hashlib.blake2b(digest_size=12)
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin is not None:
        with contextlib.suppress(OSError):  # an unusual install: llmdiff's own stamp below still holds
            digest.update(Path(spec.origin).with_name("version.py").read_bytes())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


_MAGIC = b"llmdiff-cache\0"


def _digest(payload: bytes) -> bytes:
    """A checksum of a kept file's payload: a flipped or lost byte is noticed, not used."""
    return hashlib.blake2b(payload, digest_size=16).digest()


def seal(payload: bytes) -> bytes:
    """A file to keep in the cache folder: a mark, the payload's checksum, the payload."""
    return _MAGIC + _digest(payload) + payload


def unseal(data: bytes) -> bytes:
    """A kept file's payload, when its mark and checksum hold; ValueError when the file is damaged."""
    start = len(_MAGIC) + 16
    if data[: len(_MAGIC)] != _MAGIC or _digest(data[start:]) != data[len(_MAGIC) : start]:
        raise ValueError("damaged cache file")
    return data[start:]


def read_kept(path: Path) -> bytes:
    """A kept file's payload; ValueError when it is damaged, or when someone else could have written it.

    Kept files hold pickled values and compiled template code, which run when loaded: so only a
    regular file this user owns, that no other user may write, is read (a cache folder shared
    with others, such as a world-writable LLMDIFF_CACHE_DIR, could otherwise run their code).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        found = os.fstat(fd)
        if not S_ISREG(found.st_mode):
            raise ValueError("not a regular file")
        if os.name == "posix" and (found.st_uid != os.getuid() or found.st_mode & 0o022):
            raise ValueError("a file another user owns or may write")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
    finally:
        os.close(fd)
    return unseal(data)


def write_kept(path: Path, payload: bytes) -> None:
    """Keep a payload, sealed, readable and writable by this user only; atomically (OSError on failure).

    Only into a folder no other user can change: see `private_folder`."""
    if not private_folder(path.parent):
        raise PermissionError(errno.EPERM, "a cache folder another user may change", str(path.parent))
    replace_file(path, seal(payload), 0o600)


def private_folder(folder: Path) -> bool:
    """Whether no other user can change what is in `folder`: the folder and each one between it and
    the cache folder is a real folder (not a link) that this user owns and not everyone may write
    (unless, as /tmp, only an entry's owner may rename it), the cache folder itself included.

    In a cache folder others may change, they could swap a folder for a link and have llmdiff
    write its files elsewhere; such a cache is not written to (it only costs speed)."""
    from llmdiff_site.project import cache_folder

    if os.name != "posix":
        return True
    root = cache_folder()
    chain = [folder, *folder.parents]
    if root in chain:
        chain = chain[: chain.index(root)]
        try:
            if not _owned_dir(root.stat()):  # the cache folder may itself be a link (~/.cache elsewhere)
                return False
        except OSError:
            return False
    else:
        chain = chain[:1]
    for part in chain:
        try:
            if not _owned_dir(part.lstat()):
                return False
        except OSError:
            return False
    return True


def make_private_folder(folder: Path) -> None:
    """Make a folder in the cache folder, and those above it, each only inside one no other user can
    change (so never through a link planted there); OSError when one is not."""
    from llmdiff_site.project import cache_folder

    root = cache_folder()
    chain = [folder, *folder.parents]
    if root not in chain:  # a folder named outright (tests, tools): as asked
        folder.mkdir(parents=True, exist_ok=True)
        return
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for part in reversed(chain[: chain.index(root)]):  # outermost first, each inside a checked one
        if not private_folder(part.parent):
            raise PermissionError(errno.EPERM, "a cache folder another user may change", str(part.parent))
        with contextlib.suppress(FileExistsError):
            os.mkdir(part, 0o700)  # noqa: PTH102
    if not private_folder(folder):
        raise PermissionError(errno.EPERM, "a cache folder another user may change", str(folder))


def _owned_dir(found: os.stat_result) -> bool:
    """A folder this user owns, that not everyone may write to (or only as /tmp's sticky bit allows).

    Its group may: with a umask of 002 (a group of one's own, as on Debian) folders are made so."""
    return (
        S_ISDIR(found.st_mode)
        and found.st_uid == os.getuid()
        and (not found.st_mode & 0o002 or bool(found.st_mode & S_ISVTX))
    )


def site_key(content: Path) -> str:
    """The name of one content folder's part of the user's cache folder."""
    return hashlib.blake2b(str(content.resolve()).encode(), digest_size=12).hexdigest()


class ParseCache:
    """Plain data per content file (path under content/), valid while the file's hash is unchanged."""

    def __init__(self, hashes: dict[str, str], file: Path | None = None) -> None:
        self.hashes = hashes
        self.file = file
        self.entries: dict[str, tuple[str, Any, bool]] = {}
        """rel → (hash, data, clean): clean means it validated last time with nothing to report."""
        self.models: dict[str, tuple[str, Any]] = {}
        """rel → (hash, validated model) of clean files, usable while the model code is the same."""
        self.stats: dict[str, tuple[int, ...]] = {}
        """rel → stat stamp (size, mtime_ns, inode, ctime_ns) of each content file as this build found it."""
        self.known: dict[str, tuple[Any, ...]] = {}
        """rel → (*stamp, hash, when recorded) as a build found them: a build without a manifest
        trusts an unchanged stamp (recorded well after the file last changed) instead of reading it."""
        self.dirty: set[int] = set()
        """Shards changed since they were read: only these are written again."""
        self._unread: set[int] = set(range(SHARDS)) if file is not None else set()
        """Shards not read yet: each is read when a file of it is first asked about."""

    def _read(self, rel: str) -> None:
        """Make sure the shard that holds a file's records is read."""
        shard = shard_of(rel)
        if shard in self._unread:
            self._unread.discard(shard)
            assert self.file is not None
            self._load(self.file / f"{shard:02x}.pickle")

    def _load(self, path: Path) -> None:
        """Read one shard; a missing, damaged or outdated one only costs speed."""
        try:
            stored = pickle.loads(read_kept(path))
            if stored.get("format") != FORMAT:
                return
            entries, known = stored["entries"], stored["known"]
            models = stored["models"] if stored.get("models_stamp") == model_stamp() else {}
        except Exception:  # any damage: unpickling a corrupt file can raise almost anything
            return
        if not (isinstance(entries, dict) and isinstance(known, dict) and isinstance(models, dict)):
            return
        self.entries.update(entries)
        self.known.update(known)
        self.models.update(models)

    @classmethod
    def for_site(cls, content: Path, hashes: dict[str, str], folder: Path) -> ParseCache:
        """The cache of one content folder, under the user's cache folder."""
        return cls(hashes, folder / "content" / site_key(content))

    def recall(self, rel: str, stamp: tuple[int, ...], *, trust: bool = True) -> str | None:
        """The hash of a file whose stat stamp is as the last build saw it (not racily so).

        The stamp is size, modification time, inode and change time, as git's index keeps them:
        an extraction that restores old modification times still changes the change time.
        """
        self.stats[rel] = stamp
        self._read(rel)
        entry = self.known.get(rel)
        if not trust or entry is None or tuple(entry[:-2]) != stamp or stamp[1] >= entry[-1] - RACY_NS:
            return None
        digest = str(entry[-2])
        if not self.hashes.get(rel):
            self.hashes[rel] = digest
        return digest

    def learn(self, rel: str, digest: str) -> None:
        """Record the hash of a file the loader just read, where it was not known yet."""
        if digest and not self.hashes.get(rel):
            self.hashes[rel] = digest

    def data(self, rel: str) -> Any | None:
        """The data a file parsed to, if it has not changed since."""
        self._read(rel)
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == self.hashes.get(rel) else None

    def clean(self, rel: str) -> bool:
        """True when the unchanged file validated last time with nothing to report."""
        self._read(rel)
        entry = self.entries.get(rel)
        return entry is not None and entry[2] and entry[0] == self.hashes.get(rel)

    def model(self, rel: str, kind: type[Any]) -> Any | None:
        """The validated value of an unchanged clean file, if it is of the kind asked for."""
        self._read(rel)
        entry = self.models.get(rel)
        if entry is None or entry[0] != self.hashes.get(rel) or type(entry[1]) is not kind:
            return None
        return entry[1]

    def model_ready(self, rel: str, kind: type[Any]) -> bool:
        """An unchanged clean file whose validated value is kept: it need not be read at all."""
        return self.clean(rel) and self.model(rel, kind) is not None

    def put(self, rel: str, data: Any, clean: bool, model: Any = None) -> None:
        """Remember what a file parsed to, and its validated value when clean (files with a known hash)."""
        digest = self.hashes.get(rel)
        if digest is None:
            return
        self._read(rel)
        if clean and model is not None:  # the value is kept: the parsed data is not needed again
            kept = self.models.get(rel)
            if self.entries.get(rel) == (digest, None, True) and kept is not None and kept[1] is model:
                return
            self.entries[rel] = (digest, None, clean)
            self.models[rel] = (digest, model)
        else:
            self.entries[rel] = (digest, data, clean)
            self.models.pop(rel, None)
        self.dirty.add(shard_of(rel))

    def adopt(self, found: dict[str, tuple[str, Any, Any]]) -> None:
        """Take what another process validated (prevalidate.py), for files whose hash is as it saw it."""
        for rel, (digest, entry, model) in found.items():
            if digest and self.hashes.get(rel) == digest:
                self._read(rel)
                self.entries[rel] = entry
                if model is not None:
                    self.models[rel] = (digest, model)
                self.dirty.add(shard_of(rel))

    def forget_missing(self) -> None:
        """Drop files that are gone."""
        if self.file is not None:
            for shard in sorted(self._unread):  # a shard may hold only files that are gone
                self._load(self.file / f"{shard:02x}.pickle")
        self._unread.clear()
        gone = [rel for rel in self.entries.keys() | self.known.keys() if rel not in self.hashes]
        for rel in gone:
            self.entries.pop(rel, None)
            self.models.pop(rel, None)
            self.known.pop(rel, None)
            self.dirty.add(shard_of(rel))

    def save(self, *, forget: bool = True) -> None:
        """Write the shards that changed (atomically; a failure to write only costs speed next time).

        `forget`: drop the files that are gone first (a build that looked at a few files only
        knows nothing of the others, and keeps them).
        """
        if self.file is None:
            return
        if forget:
            self.forget_missing()
        now = time.time_ns()
        for rel, stat in self.stats.items():
            digest = self.hashes.get(rel)
            self._read(rel)
            old = self.known.get(rel)
            if not digest:
                continue
            if old is None or tuple(old[:-2]) != stat or old[-2] != digest or stat[1] >= old[-1] - RACY_NS:
                self.known[rel] = (*stat, digest, now)  # new, changed, or recorded too soon after a change
                self.dirty.add(shard_of(rel))
        if not self.dirty:
            return
        shards: dict[int, dict[str, dict[str, Any]]] = {
            shard: {"entries": {}, "models": {}, "known": {}} for shard in self.dirty
        }
        for name, table in (("entries", self.entries), ("models", self.models), ("known", self.known)):
            for rel, value in table.items():
                shard = shard_of(rel)
                if shard in shards:
                    shards[shard][name][rel] = value
        try:
            make_private_folder(self.file)
            for shard, parts in shards.items():
                stored = {"format": FORMAT, "models_stamp": model_stamp(), **parts}
                write_kept(self.file / f"{shard:02x}.pickle", pickle.dumps(stored, protocol=5))
        except OSError:
            return
        self.dirty.clear()
