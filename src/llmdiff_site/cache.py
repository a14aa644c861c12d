"""What content files parsed to, kept between runs so an unchanged file skips YAML parsing and link checks."""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

FORMAT = 1


class ParseCache:
    """Plain data per content file (path under content/), valid while the file's hash is unchanged."""

    def __init__(self, hashes: dict[str, str], file: Path | None = None) -> None:
        self.hashes = hashes
        self.file = file
        self.entries: dict[str, tuple[str, Any, bool]] = {}
        """rel → (hash, data, clean): clean means it validated last time with nothing to report."""
        if file is not None:
            try:
                stored = pickle.loads(file.read_bytes())
                if stored.get("format") == FORMAT:
                    self.entries = stored["entries"]
            except (
                OSError,
                pickle.UnpicklingError,
                EOFError,
                AttributeError,
                KeyError,
                TypeError,
                ValueError,
            ):
                self.entries = {}

    @classmethod
    def for_site(cls, content: Path, hashes: dict[str, str], folder: Path) -> ParseCache:
        """The cache of one content folder, under the user's cache folder."""
        key = hashlib.blake2b(str(content.resolve()).encode(), digest_size=12).hexdigest()
        return cls(hashes, folder / "content" / f"{key}.pickle")

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

    def put(self, rel: str, data: Any, clean: bool) -> None:
        """Remember what a file parsed to (only files whose hash is known)."""
        digest = self.hashes.get(rel)
        if digest is not None:
            self.entries[rel] = (digest, data, clean)

    def forget_missing(self) -> None:
        """Drop files that are gone."""
        self.entries = {rel: e for rel, e in self.entries.items() if rel in self.hashes}

    def save(self) -> None:
        """Write the cache (atomically; a failure to write only costs speed next time)."""
        if self.file is None:
            return
        self.forget_missing()
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps({"format": FORMAT, "entries": self.entries}, protocol=5))
            temporary.replace(self.file)
        except OSError:
            return
