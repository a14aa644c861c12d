"""The folders a site reads and writes, and the options that shape its output; standard library only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from llmdiff_site.scaffold import starter_folder


@dataclass(frozen=True)
class Project:
    """The folders a build reads and writes, and the options that change what it writes."""

    content: Path
    templates: Path
    static: Path
    out: Path
    cwd: Path = field(default_factory=Path.cwd)
    base_url: str | None = None
    jobs: int | None = None
    """Worker processes for rendering: None picks by site size, 1 renders in this process."""
    force: bool = False
    """Build into a non-empty folder llmdiff did not write (its files are kept)."""
    drafts: bool = False
    """Build draft families and pages too, each with a draft mark."""
    fingerprint: bool = True
    """Publish stylesheets under names that carry their content hash (the preview keeps plain names)."""
    minify: bool = False
    """Minify every HTML page (minify-html): smaller files, the same page."""
    cards: bool = True
    """Draw social cards where the site asks for them (the preview does not: a save stays fast)."""

    @classmethod
    def at(cls, root: Path, out: Path | None = None) -> Project:
        """The conventional layout under one site folder."""
        return cls(root / "content", root / "templates", root / "static", out or root / "build", root)

    def options(self) -> dict[str, str | None]:
        """What, besides the input files, decides the output (a change forces a full build)."""
        return {
            "content": _place(self.content),
            "templates": _place(self.templates),
            "static": _place(self.static),
            "base_url": self.base_url,
            "drafts": "yes" if self.drafts else None,
            "fingerprint": "yes" if self.fingerprint else None,
            "minify": "yes" if self.minify else None,
            "cards": None if self.cards else "no",
        }


def _place(folder: Path) -> str:
    """A folder's identity for the manifest: a checksum of its full path, which is not published."""
    import zlib

    return f"{zlib.crc32(str(folder.resolve()).encode('utf-8')):08x}"


def cache_folder() -> Path:
    """Where llmdiff keeps what speeds up the next run: $LLMDIFF_CACHE_DIR, else the user's cache folder."""
    override = os.environ.get("LLMDIFF_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llmdiff"


def packaged_fallback(part: str, own: Path) -> Path | None:
    """The packaged starter folder behind a project folder, unless it is that same folder."""
    fallback = starter_folder(part)
    return fallback if fallback is not None and fallback.resolve() != own.resolve() else None


def template_folders(project: Project) -> list[Path]:
    """The project's templates first, then the packaged ones, so a project overrides file by file."""
    fallback = packaged_fallback("templates", project.templates)
    return [project.templates] if fallback is None else [project.templates, fallback]


def static_folders(project: Project) -> list[Path]:
    """The project's static folder first, then the packaged one, overriding file by file."""
    fallback = packaged_fallback("static", project.static)
    return [project.static] if fallback is None else [project.static, fallback]
