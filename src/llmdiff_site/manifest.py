"""The build manifest: what every input hashed to and what llmdiff wrote; standard library only to read.

A build with nothing changed is answered from here before Jinja2, pydantic or cmark are imported.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG

from llmdiff_site import __version__, wording
from llmdiff_site.project import Project, static_folders, template_folders
from llmdiff_site.safefs import CLUTTER, below, read_regular, replace_file

MANIFEST_NAME = ".llmdiff-manifest.json"
FORMAT = 2
MAX_HASHED_BYTES = 1 << 40
"""No real input is this large; the bound only makes every read finite."""
RACY_NS = 2_000_000_000
"""Inputs modified this close to when the manifest was written are hashed again (as git does)."""


def hash_bytes(data: bytes) -> str:
    """A short, fast content hash."""
    import hashlib  # here: a no-change build rarely hashes

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _walk(folder: Path, prefix: str, into: dict[str, str], *, skip: Callable[[str], bool]) -> None:
    """Files under a folder, by `prefix/relative path`; the first folder to name a file wins.

    A link out of the folder (or a folder that is itself a link out of its site) is not read
    here: the build reports it at its place, and reading it could mean reading /proc for ever.
    Links to folders are not walked. One scandir per folder: no stat per file, and paths stay
    strings (a Path per file cost a third of a no-change build's scan).
    """
    if not folder.is_dir():
        return
    if folder.is_symlink() and not below(folder.parent, folder):
        return

    def visit(path: str, rel: str) -> None:
        with os.scandir(path) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            name = entry.name
            if skip(name):
                continue
            link = entry.is_symlink()
            if link and not below(folder, entry.path):
                continue
            try:
                folder_entry = entry.is_dir()
            except OSError:  # a link loop: recorded as a file, which the build reports
                folder_entry = False
            if folder_entry:
                if not link:
                    visit(entry.path, f"{rel}{name}/")
                if not name.endswith((".yaml", ".yml")):  # a folder named like a file: the build says so
                    continue
            into.setdefault(f"{prefix}/{rel}{name}", entry.path)

    visit(str(folder), "")


def scan_inputs(project: Project) -> dict[str, str]:
    """Every file a build reads, by key ('content/…', 'templates/…', 'static/…'), with its path."""
    found: dict[str, str] = {}
    _walk(project.content, "content", found, skip=lambda name: name.startswith("."))
    for folder in template_folders(project):
        _walk(folder, "templates", found, skip=lambda name: name in CLUTTER)
    for folder in static_folders(project):
        _walk(folder, "static", found, skip=lambda name: name in CLUTTER)
    return dict(sorted(found.items()))


class Manifest:
    """What one build read and wrote; saved as MANIFEST_NAME in the output folder (its fields, as JSON).

    `inputs`: input key → [size, mtime_ns, hash]. `pages`: page output → fingerprint of everything
    it was rendered from. `outputs`: every file written, output-relative → hash of its bytes.
    `outline`: the digest of the site's outline (see outline.py), '' when there is none.
    """

    def __init__(
        self,
        llmdiff: str = __version__,
        options: dict[str, str | None] | None = None,
        inputs: dict[str, list[int | str]] | None = None,
        pages: dict[str, str] | None = None,
        outputs: dict[str, str] | None = None,
        written_ns: int = 0,
        complete: bool = True,
        format: int = FORMAT,
        outline: str = "",
    ) -> None:
        self.llmdiff = llmdiff
        self.options: dict[str, str | None] = {} if options is None else options
        self.inputs: dict[str, list[int | str]] = {} if inputs is None else inputs
        self.pages: dict[str, str] = {} if pages is None else pages
        self.outputs: dict[str, str] = {} if outputs is None else outputs
        self.written_ns = written_ns
        self.complete = complete
        self.format = format
        self.outline = outline

    def input_hashes(self) -> dict[str, str]:
        """Input key → hash."""
        return {key: str(entry[2]) for key, entry in self.inputs.items()}


def output_digest(data: bytes) -> str:
    """What the manifest records of a written file: its hash and its size (a cheap check for damage)."""
    return f"{hash_bytes(data)}-{len(data)}"


_SEPARATOR_PARTS = ("\n\n", "\n/", "/\n", "//", "\\", "\x00")
_DOT_PARTS = tuple(f"{before}{part}{after}" for part in (".", "..") for before in "\n/" for after in "\n/")
"""With each path on its own line: an empty part (so also a leading or trailing '/'), a backslash,
a NUL, or a '.' or '..' part — a path that could leave the folder."""


def _all_safe(paths: list[str]) -> bool:
    """Every path stays inside the output folder (a few scans over all of them at once; none is safe too)."""
    if not paths:
        return True
    try:
        lines = "\n" + "\n".join(paths) + "\n"
    except TypeError:  # a path that is not a string
        return False
    if lines.count("\n") != len(paths) + 1 or any(part in lines for part in _SEPARATOR_PARTS):
        return False  # a path with a line break in it, or one of the parts above
    # a '.' or '..' part starts with one of these; an ordinary site has none, so two scans decide
    return ("\n." not in lines and "/." not in lines) or not any(part in lines for part in _DOT_PARTS)


_TABLES = ("options", "inputs", "pages", "outputs")


def read_manifest(out: Path) -> Manifest | None:
    """The manifest of the build in `out`, or None when there is none or it cannot be trusted.

    Every path it lists must stay inside `out`: a manifest is a file anyone could have edited,
    and llmdiff deletes what it lists.
    """
    try:
        data = json.loads(read_regular(out / MANIFEST_NAME, 256 * 1024 * 1024))
        if not isinstance(data, dict) or any(not isinstance(data.get(k, {}), dict) for k in _TABLES):
            return None  # a table given as null or a list is a damaged manifest, not an empty one
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError):
        return None
    if manifest.format not in (1, FORMAT) or not _well_typed(manifest):
        return None
    if not _all_safe(list(manifest.outputs)) or not _all_strings(list(manifest.outputs.values())):
        return None
    return manifest


def _well_typed(manifest: Manifest) -> bool:
    """Each field of the kind a build writes (a hand-edited manifest may hold anything)."""
    scalars = (
        (manifest.llmdiff, str),
        (manifest.written_ns, int),
        (manifest.complete, bool),
        (manifest.format, int),
        (manifest.outline, str),
    )
    if any(type(field) is not kind for field, kind in scalars):
        return False
    if not all(value is None or type(value) is str for value in manifest.options.values()):
        return False
    if not all(
        type(entry) is list and len(entry) == 3 and type(entry[0]) is int and type(entry[1]) is int
        for entry in manifest.inputs.values()
    ):
        return False
    return _all_strings(list(manifest.pages.values()))


def _all_strings(values: list[str]) -> bool:
    """Every value is a string (one join over them all: 30,000 `isinstance` calls cost more)."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (a killed build never leaves half of one)."""
    import orjson  # here, not at the top: a no-change build never writes (a build has loaded it already)

    manifest.written_ns = time.time_ns()
    replace_file(folder / MANIFEST_NAME, orjson.dumps(vars(manifest)))  # a sixth of json.dumps's time


def hash_inputs(
    found: dict[str, str], previous: Manifest | None, stats: dict[str, os.stat_result] | None = None
) -> dict[str, list[int | str]]:
    """[size, mtime_ns, hash] per input; unchanged size and time reuse the recorded hash.

    Without a previous build, content files are left unhashed (''): the loader reads them anyway
    and fills their hashes in (see `complete_hashes`). Each stat taken is kept in `stats`, so
    later stages need not take it again.
    """
    known = previous.inputs if previous is not None else {}
    racy_after = (previous.written_ns if previous is not None else 0) - RACY_NS
    out: dict[str, list[int | str]] = {}
    for key, path in found.items():
        try:
            stat = os.stat(path)  # noqa: PTH116 (paths are strings here: see _walk)
        except (OSError, RuntimeError):  # a dangling link or a loop: the build reports it
            out[key] = [0, 0, "unreadable"]
            continue
        if stats is not None:
            stats[key] = stat
        entry = known.get(key)
        if not S_ISREG(stat.st_mode):  # a FIFO or a device: never read here; the build reports it
            out[key] = [0, 0, "not a regular file"]
        elif (
            entry is not None
            and entry[0] == stat.st_size
            and entry[1] == stat.st_mtime_ns
            and stat.st_mtime_ns < racy_after
        ):
            out[key] = [stat.st_size, stat.st_mtime_ns, entry[2]]
        elif previous is None and key.startswith("content/"):
            out[key] = [stat.st_size, stat.st_mtime_ns, ""]
        else:
            try:
                digest = hash_bytes(read_regular(path, MAX_HASHED_BYTES))
            except OSError:
                digest = "unreadable"
            out[key] = [stat.st_size, stat.st_mtime_ns, digest]
    return out


def complete_hashes(state: Freshness, learnt: dict[str, str]) -> None:
    """Fill in the content hashes the loader learnt; hash any file it did not read."""
    for key, entry in state.inputs.items():
        if entry[2] == "":
            digest = learnt.get(key[len("content/") :])
            if not digest:
                try:
                    digest = hash_bytes(read_regular(state.found[key], MAX_HASHED_BYTES))
                except OSError:
                    digest = "unreadable"
            entry[2] = digest


def up_to_date_summary(manifest: Manifest, milliseconds: int, out: Path) -> str:
    """The one line a build with nothing to do prints."""
    return wording.up_to_date(len(manifest.pages), len(manifest.outputs), milliseconds, out)


def damaged_outputs(out: Path, manifest: Manifest) -> set[str]:
    """Outputs deleted or changed in size since they were written (a hand edit), to write again.

    One stat per output, relative to the open output folder (30,000 on a site of 10,000 pages:
    each saved step counts).
    """
    try:
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return set(manifest.outputs)
    damaged: set[str] = set()
    stat = os.stat
    try:
        for rel, digest in manifest.outputs.items():
            try:
                size = stat(rel, dir_fd=folder).st_size
            except OSError:
                damaged.add(rel)
                continue
            if not digest.endswith(f"-{size}"):  # a size that differs (an older digest may have none)
                cut = digest.rfind("-")
                if cut > 0 and digest[cut + 1 :].isdigit():
                    damaged.add(rel)
    finally:
        os.close(folder)
    return damaged


class Freshness:
    """Whether the output is up to date, with what was learnt on the way for an incremental build.

    `owned`: the manifest found in the output folder, valid for this build or not (the folder is
    llmdiff's). `stamp`: that file's size and time when read (another build may write it since).
    `stats`: each input's stat as taken while hashing.
    """

    __slots__ = ("found", "inputs", "manifest", "owned", "stamp", "stats", "targeted", "up_to_date")

    def __init__(
        self,
        manifest: Manifest | None,
        inputs: dict[str, list[int | str]],
        found: dict[str, str],
        up_to_date: bool,
        owned: Manifest | None = None,
        stamp: tuple[int, int] | None = None,
        stats: dict[str, os.stat_result] | None = None,
    ) -> None:
        self.manifest = manifest
        self.inputs = inputs
        self.found = found
        self.up_to_date = up_to_date
        self.owned = owned
        self.stamp = stamp
        self.stats: dict[str, os.stat_result] = {} if stats is None else stats
        self.targeted = True
        """Whether a targeted rebuild is still to be tried (the entry point may have tried it)."""


_handed_over: tuple[dict[str, str | None], Path, Freshness] | None = None
"""A check already made in this process (by the entry point), so the build command need not repeat it."""


def hand_over(project: Project, state: Freshness) -> None:
    """Keep a check for the command that runs next in this process."""
    global _handed_over
    _handed_over = (project.options(), project.out, state)


def freshness(project: Project, *, clean: bool = False) -> Freshness:
    """Compare the inputs with the manifest in the output folder; only hashing, no parsing."""
    global _handed_over
    if _handed_over is not None and not clean:
        options, out, state = _handed_over
        _handed_over = None
        if options == project.options() and out == project.out:
            return state
    stamp = manifest_stamp(project.out)
    found = read_manifest(project.out)
    state = compare_inputs(project, None if clean else found)
    state.owned, state.stamp = found, stamp
    return state


def manifest_stamp(out: Path) -> tuple[int, int] | None:
    """The manifest file's size and modification time, or None when there is none."""
    try:
        stat = (out / MANIFEST_NAME).stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def compare_inputs(project: Project, manifest: Manifest | None) -> Freshness:
    """Scan and hash the inputs against a previous build's manifest (read from disk or kept in memory)."""
    found = scan_inputs(project)
    if manifest is not None and (
        not manifest.complete
        or manifest.format != FORMAT
        or manifest.llmdiff != __version__
        or manifest.options != project.options()
    ):
        manifest = None
    stats: dict[str, os.stat_result] = {}
    inputs = hash_inputs(found, manifest, stats)
    fresh = (
        manifest is not None
        and {k: v[2] for k, v in inputs.items()} == manifest.input_hashes()
        and not damaged_outputs(project.out, manifest)
    )
    return Freshness(manifest, inputs, found, fresh, stats=stats)
