"""The folders a site reads and writes, and the options that shape its output; standard library only.

A no-change `llmdiff build` imports this module, the site finder and the manifest, and nothing
else of llmdiff: they stay free of `dataclasses` (which loads `inspect` and `ast`, about 10 ms)
and of `typing`.
"""

from __future__ import annotations

import os
from pathlib import Path

STARTER_PARTS = ("content", "templates", "static", "schemas")


def starter_root() -> Path | None:
    """Where the starter site lives: inside the installed wheel, or the source checkout in development."""
    packaged = Path(__file__).resolve().parent / "starter"
    if (packaged / "content").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "content").is_dir() and (checkout / "templates").is_dir():
        return checkout
    return None


def starter_folder(part: str) -> Path | None:
    """One folder of the starter site, if there is one."""
    root = starter_root()
    return root / part if root is not None and (root / part).is_dir() else None


class Project:
    """The folders a build reads and writes, and the options that change what it writes.

    `jobs`: worker processes for rendering (None picks by site size, 1 renders in this process).
    `force`: build into a non-empty folder llmdiff did not write (its files are kept).
    `drafts`: build draft families and pages too, each with a draft mark.
    `fingerprint`: publish stylesheets under names that carry their content hash.
    `minify`: minify every HTML page (minify-html): smaller files, the same page.
    `cards`: draw social cards where the site asks for them.
    """

    __slots__ = (
        "base_url",
        "cards",
        "content",
        "cwd",
        "drafts",
        "fingerprint",
        "force",
        "jobs",
        "minify",
        "out",
        "static",
        "templates",
    )

    def __init__(
        self,
        content: Path,
        templates: Path,
        static: Path,
        out: Path,
        cwd: Path | None = None,
        base_url: str | None = None,
        jobs: int | None = None,
        force: bool = False,
        drafts: bool = False,
        fingerprint: bool = True,
        minify: bool = False,
        cards: bool = True,
    ) -> None:
        self.content = content
        self.templates = templates
        self.static = static
        self.out = out
        self.cwd = Path.cwd() if cwd is None else cwd
        self.base_url = base_url
        self.jobs = jobs
        self.force = force
        self.drafts = drafts
        self.fingerprint = fingerprint
        self.minify = minify
        self.cards = cards

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Project({inner})"

    def for_preview(self) -> Project:
        """The same site as the preview builds it: one process, drafts shown, plain stylesheet
        names (so CSS swaps live) and no social cards (so a save stays fast)."""
        return Project(
            self.content,
            self.templates,
            self.static,
            self.out,
            self.cwd,
            self.base_url,
            jobs=1,
            force=self.force,
            drafts=True,
            fingerprint=False,
            minify=self.minify,
            cards=False,
        )

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
