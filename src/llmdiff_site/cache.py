"""What content files parsed and validated to, kept between runs: unchanged files skip YAML and pydantic."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import Any

FORMAT = 4
RACY_NS = 2_000_000_000
"""A file changed this close to when the cache was written may have changed again unseen (as in git)."""


@functools.cache
def model_stamp() -> str:
    """What cached values depend on: llmdiff's code (models, the checks they call) and pydantic's version."""
    import pydantic

    digest = hashlib.blake2b(pydantic.VERSION.encode(), digest_size=12)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


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
        """rel → (*stamp, hash) as the last build found them: a build without a manifest trusts an
        unchanged stamp instead of reading the file."""
        self.written_ns = 0
        if file is not None:
            try:
                stored = pickle.loads(file.read_bytes())
                if stored.get("format") == FORMAT:
                    self.entries = stored["entries"]
                    self.known = stored["known"]
                    self.written_ns = stored["written_ns"]
                    if stored.get("models_stamp") == model_stamp():
                        self.models = stored["models"]
            except (
                OSError,
                pickle.UnpicklingError,
                EOFError,
                AttributeError,
                KeyError,
                TypeError,
                ValueError,
                ImportError,
            ):
                self.entries, self.models, self.known = {}, {}, {}

    @classmethod
    def for_site(cls, content: Path, hashes: dict[str, str], folder: Path) -> ParseCache:
        """The cache of one content folder, under the user's cache folder."""
        key = hashlib.blake2b(str(content.resolve()).encode(), digest_size=12).hexdigest()
        return cls(hashes, folder / "content" / f"{key}.pickle")

    def recall(self, rel: str, stamp: tuple[int, ...], *, trust: bool = True) -> str | None:
        """The hash of a file whose stat stamp is as the last build saw it (not racily so).

        The stamp is size, modification time, inode and change time, as git's index keeps them:
        an extraction that restores old modification times still changes the change time.
        """
        self.stats[rel] = stamp
        entry = self.known.get(rel)
        if not trust or entry is None or tuple(entry[:-1]) != stamp or stamp[1] >= self.written_ns - RACY_NS:
            return None
        digest = str(entry[-1])
        if not self.hashes.get(rel):
            self.hashes[rel] = digest
        return digest

    def learn(self, rel: str, digest: str) -> None:
        """Record the hash of a file the loader just read, where it was not known yet."""
        if digest and not self.hashes.get(rel):
            self.hashes[rel] = digest

    def data(self, rel: str) -> Any | None:
        """The data a file parsed to, if it has not changed since."""
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == self.hashes.get(rel) else None

    def clean(self, rel: str) -> bool:
        """True when the unchanged file validated last time with nothing to report."""
        entry = self.entries.get(rel)
        return entry is not None and entry[2] and entry[0] == self.hashes.get(rel)

    def model(self, rel: str, kind: type[Any]) -> Any | None:
        """The validated value of an unchanged clean file, if it is of the kind asked for."""
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
        if digest is not None:
            if clean and model is not None:  # the value is kept: the parsed data is not needed again
                self.entries[rel] = (digest, None, clean)
                self.models[rel] = (digest, model)
            else:
                self.entries[rel] = (digest, data, clean)
                self.models.pop(rel, None)

    def forget_missing(self) -> None:
        """Drop files that are gone."""
        self.entries = {rel: e for rel, e in self.entries.items() if rel in self.hashes}
        self.models = {rel: m for rel, m in self.models.items() if rel in self.hashes}

    def save(self) -> None:
        """Write the cache (atomically; a failure to write only costs speed next time)."""
        if self.file is None:
            return
        self.forget_missing()
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            known = {
                rel: (*stat, self.hashes[rel]) for rel, stat in self.stats.items() if self.hashes.get(rel)
            }
            stored = {
                "format": FORMAT,
                "entries": self.entries,
                "models": self.models,
                "models_stamp": model_stamp(),
                "known": known,
                "written_ns": time.time_ns(),
            }
            temporary.write_bytes(pickle.dumps(stored, protocol=5))
            temporary.replace(self.file)
        except OSError:
            return
