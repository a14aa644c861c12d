"""The starter site that ships with llmdiff: `llmdiff init`, and fallbacks for templates and static files."""

from __future__ import annotations

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


class StarterMissing(RuntimeError):
    """The installation lacks the packaged starter site."""


class TargetNotEmpty(ValueError):
    """`init` never writes into a folder that already holds files."""


def write_starter(target: Path) -> list[Path]:
    """Copy the starter site into an empty or new folder; returns the folders written."""
    root = starter_root()
    if root is None:
        raise StarterMissing("the starter site is missing from this installation")
    if target.is_dir() and any(target.iterdir()):
        raise TargetNotEmpty(f"{target} is not empty")
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for part in STARTER_PARTS:
        if (root / part).is_dir():
            shutil.copytree(root / part, target / part)
            written.append(target / part)
    return written
