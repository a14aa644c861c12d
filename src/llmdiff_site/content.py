"""The validated content as every stage after validation reads it: records, sections, the whole.

Nothing here needs pydantic: a build whose content all comes from the cache reads only this.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from llmdiff_site.records import (
    BenchmarkGroup,
    Benchmarks,
    DeepDive,
    Family,
    Features,
    Guide,
    GuideItem,
    InfoCard,
    PageSpec,
    Reply,
    Site,
)
from llmdiff_site.values import Record, fields_of, value

FAMILY_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
HEX_COLOR = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,99}$"
PAIR_PLACEHOLDERS = ("{a}", "{b}", "{a_name}", "{b_name}")
RESERVED_SLUGS = frozenset({"comparisons", "families", "index", "css", "static", "404"})


@value
class FamilySection:
    """A section whose entries belong to families: declared once, read by every stage.

    Its shared file holds a title and a list of entries (each may name a `family:`); a family file
    may hold its own entry under `field`; a page file may add entries under `page_field`.
    """

    field: str
    """Its name in Content, in a family file, and for the page plan."""
    file: str
    kind: type[Record]
    items: str
    """The list of entries in its file."""
    page_field: str
    label: str
    """What one entry is called in messages."""
    entry: Any
    """Builds a list entry from a family's id and the value in its family file."""
    anchor: str
    """The section's id on a page (`<anchor>-title` is its heading)."""
    template: str
    """The partial that lays the section out (it gets `block`, a pages.SectionBlock)."""
    partial: str
    """The partial for one entry; rendered once per build for each entry a family owns."""
    page_partial: str
    """The partial for an entry a page file adds."""
    notes: str | None = None
    """The page's footnote list the section's facts are numbered in, if its entries carry sources."""
    place: Literal["before-table", "after-table"] = "after-table"
    """Where on a comparison page the section goes."""

    def entries(self, section: Any) -> list[Any]:
        """The entries of the section's file (none when there is no file)."""
        return list(getattr(section, self.items)) if section is not None else []


FAMILY_SECTIONS = (
    FamilySection(
        "deep_dive",
        "deep-dive.yaml",
        DeepDive,
        "cards",
        "deep_dive",
        "deep-dive card",
        lambda fid, own: InfoCard(family=fid, **fields_of(own)),
        anchor="deep-dive",
        template="partials/section_grid.html",
        partial="partials/info_card.html",
        page_partial="partials/info_card.html",
        place="before-table",
    ),
    FamilySection(
        "benchmarks",
        "benchmarks.yaml",
        Benchmarks,
        "groups",
        "metrics",
        "benchmark card",
        lambda fid, own: BenchmarkGroup(family=fid, **fields_of(own)),
        anchor="metrics",
        template="partials/section_grid.html",
        partial="partials/metric_card.html",
        page_partial="partials/info_card.html",
        notes="metrics",
    ),
    FamilySection(
        "guide",
        "guide.yaml",
        Guide,
        "items",
        "guide",
        "guide line",
        lambda fid, own: GuideItem(family=fid, text=own),
        anchor="guide",
        template="partials/guide.html",
        partial="partials/guide_item.html",
        page_partial="partials/guide_item.html",
    ),
)
"""The sections families fill. A new one is one entry here, its models and its partial: files,
merging, checks, planning, page context, placement and rendering all read this."""


FILE_KINDS: dict[str, type[Record]] = {
    "site.yaml": Site,
    "features.yaml": Features,
    "reply.yaml": Reply,
    **{section.file: section.kind for section in FAMILY_SECTIONS},
}
"""Single files under content/, by name; families and pages live one per file in their folders."""


@value
class Comparison:
    """One comparison the site publishes: its slug, families, and its own text when declared."""

    slug: str
    families: tuple[Family, ...]
    spec: PageSpec | None = None

    @property
    def generated(self) -> bool:
        """True for pages made from `pairs:` rather than a page file."""
        return self.spec is None

    @property
    def draft(self) -> bool:
        """A draft page, or one that compares a draft family."""
        return (self.spec is not None and self.spec.draft) or any(f.draft for f in self.families)


@dataclass(frozen=True)
class Content:
    """Everything read from content/, validated and cross-checked."""

    site: Site
    families: tuple[Family, ...]
    comparisons: tuple[Comparison, ...] = ()
    deep_dive: DeepDive | None = None
    features: Features | None = None
    benchmarks: Benchmarks | None = None
    guide: Guide | None = None
    reply: Reply | None = None
    sources: dict[str, str] = dataclass_field(default_factory=dict, compare=False)
    """Where families and pages were read from: 'family:<id>' or 'page:<slug>' → path under content/."""
