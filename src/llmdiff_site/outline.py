"""A site's outline: which pages each family file feeds and where they go, kept for targeted rebuilds.

A build that reads every file writes it (in the user's cache folder, beside the parse cache) and
names it in the manifest by its digest. A later build that finds only family files changed, in
ways no other page can see, reads it instead of the whole site (see `targeted.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from llmdiff_site.cache import make_private_folder, model_stamp, read_kept, site_key, write_kept
from llmdiff_site.pages import Layout, PageEntry
from llmdiff_site.records import Family

FORMAT = 2


@dataclass(frozen=True)
class PlacedNote:
    """A comparison page as the outline keeps it: enough to place it again without the whole site."""

    position: int
    """Its place among the site's comparisons (family pages list them in this order)."""
    slug: str
    folder: str
    families: tuple[str, ...]
    page_file: str | None
    """Its page file under content/, when it has one."""


@dataclass(frozen=True)
class Outline:
    """What a targeted rebuild needs to know of the pages it does not render."""

    hub_folder: str | None
    assets: tuple[tuple[str, str], ...]
    """Each fingerprinted static file and its published name."""
    families: dict[str, tuple[str, Summary]]
    """Family file under content/ → (family id, its summary: what other pages and checks read of it)."""
    parts: dict[str, bytes]
    """Family file under content/ → the pages it feeds, pickled apart: (output, its PlacedNote's fields
    for a comparison, else None) each. A rebuild unpickles only the edited files' parts, not the
    places of all 10,000 pages."""

    def pages_of(self, rel: str) -> dict[str, PlacedNote | None]:
        """The pages a family file feeds, each with where it goes when it is a comparison."""
        part = self.parts.get(rel)
        if part is None:
            return {}
        places = pickle.loads(part)
        return {output: None if fields is None else PlacedNote(*fields) for output, fields in places}

    def sealed(self) -> tuple[str, bytes]:
        """The outline as kept, and a name for it that changes when anything in it, or llmdiff's code, does.

        (Equal outlines may pickle to other bytes, and so get another name: that only writes it again.)
        """
        payload = pickle.dumps({"format": FORMAT, "stamp": model_stamp(), "outline": self}, protocol=5)
        return hashlib.blake2b(payload, digest_size=16).hexdigest(), payload


Summary = tuple[str, int, str, str, str, str | None, bool, tuple[str, ...], bool, bool, bool]


def family_summary(family: Family) -> Summary:
    """A digest of what pages other than a family's own, and checks across files, read of it.

    Its name and colours (titles, cards, the hub), its order and draft state (which pairs exist
    and where), which table rows it has values for and which sections it fills (which pairs are
    made, what sections they show, coverage warnings). Its tagline, highlights, icons, tags, the
    values themselves and its section entries show only on the pages that compare it.
    """
    return (
        family.id,
        family.order,
        family.name,
        family.short_name,
        family.accent,
        family.accent_2,
        family.draft,
        tuple(family.table),
        family.deep_dive is None,
        family.benchmarks is None,
        family.guide is None,
    )


def outline_of(
    families: Iterable[Family],
    sources: dict[str, str],
    layout: Layout,
    entries: Iterable[PageEntry],
    assets: dict[str, str],
) -> Outline:
    """The outline of a site just planned in full."""
    family_files = {sources[f"family:{f.id}"]: f for f in families if f"family:{f.id}" in sources}
    feeds: dict[str, list[str]] = {}
    for entry in entries:
        for source in entry.sources:
            if source in family_files:
                feeds.setdefault(source, []).append(entry.output)
    comparisons = {
        placed.output: (
            i,
            placed.comparison.slug,
            placed.folder,
            tuple(f.id for f in placed.comparison.families),
            None if placed.comparison.generated else sources.get(f"page:{placed.comparison.slug}"),
        )
        for i, placed in enumerate(layout.placed)
    }
    return Outline(
        layout.hub_folder,
        tuple(sorted(assets.items())),
        {rel: (f.id, family_summary(f)) for rel, f in family_files.items()},
        {
            rel: pickle.dumps(tuple((output, comparisons.get(output)) for output in outputs), protocol=5)
            for rel, outputs in feeds.items()
        },
    )


def outline_path(cache: Path, content: Path, out: Path) -> Path:
    """Where the outline of one content folder built into one output folder is kept."""
    return cache / "outline" / f"{site_key(content)}-{site_key(out)}.pickle"


def save_outline(path: Path, digest: str, payload: bytes) -> None:
    """Keep a sealed outline (atomically; failing to only costs speed: the next build reads everything)."""
    with contextlib.suppress(OSError):
        make_private_folder(path.parent)
        write_kept(path, digest.encode("ascii") + b"\n" + payload)


def _kept(path: Path, digest: str) -> bytes | None:
    """The pickled outline kept at `path`, when it is whole and the one named `digest`."""
    try:
        name, _, payload = read_kept(path).partition(b"\n")
    except (OSError, ValueError):
        return None
    return payload if name == digest.encode("ascii") else None


def outline_kept(path: Path, digest: str) -> bool:
    """Whether the outline named `digest` is kept whole (a damaged or missing one is written again)."""
    return _kept(path, digest) is not None


def load_outline(path: Path, digest: str) -> Outline | None:
    """The kept outline, when it is the one the manifest names; None when missing, damaged or another."""
    payload = _kept(path, digest)
    if payload is None:
        return None
    try:
        stored = pickle.loads(payload)
    except Exception:  # a file of an older llmdiff: unpickling can raise almost anything
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("stamp") != model_stamp():
        return None
    outline = stored.get("outline")
    return outline if isinstance(outline, Outline) else None
