"""Assemble stage: the validated content to the site's pages, each with what it shows and where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from llmdiff_site.model import (
    Benchmark,
    BenchmarkGroup,
    Cell,
    Comparison,
    Content,
    Fact,
    Family,
    FeatureRow,
    GuideItem,
    Hero,
    InfoCard,
    Source,
)

HUB_FOLDER = "comparisons"


@dataclass(frozen=True)
class TableRow:
    """One attribute and its cells, in column order."""

    attribute: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """The comparison table: one column per compared family."""

    columns: tuple[Family, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Tinted:
    """A content item with the family whose accent colours it (if any)."""

    item: InfoCard | GuideItem | BenchmarkGroup
    family: Family | None


@dataclass(frozen=True)
class Note:
    """One numbered source under a section."""

    number: int
    anchor: str
    source: Source
    as_of: dt.date | None


@dataclass(frozen=True)
class Notes:
    """A section's footnotes, and the newest date its facts were checked."""

    items: tuple[Note, ...] = ()
    latest: dt.date | None = None
    by_fact: dict[int, Note] = field(default_factory=dict, hash=False, compare=False)

    def ref(self, fact: Fact) -> Note | None:
        """The footnote that a fact points to, if it has a source."""
        return self.by_fact.get(id(fact))


def collect_notes(section: str, facts: Iterable[Fact]) -> Notes:
    """Number the sourced facts of a section in reading order; a repeated source keeps its number."""
    items: list[Note] = []
    by_fact: dict[int, Note] = {}
    by_source: dict[tuple[str, dt.date | None], Note] = {}
    dates: list[dt.date] = []
    for fact in facts:
        if fact.as_of is not None:
            dates.append(fact.as_of)
        if fact.source is None:
            continue
        key = (fact.source.url, fact.as_of)
        note = by_source.get(key)
        if note is None:
            number = len(items) + 1
            note = Note(number, f"fn-{section}-{number}", fact.source, fact.as_of)
            items.append(note)
            by_source[key] = note
        by_fact[id(fact)] = note
    return Notes(tuple(items), max(dates) if dates else None, by_fact)


@dataclass(frozen=True)
class Page:
    """One HTML output file: where it goes, which template draws it, and what it shows."""

    output: str
    template: str
    context: dict[str, Any] = field(hash=False)
    url_path: str = ""

    @property
    def root(self) -> str:
        """The relative path from this page back to the site root ('' or '../…')."""
        return "../" * self.output.count("/")


@dataclass(frozen=True)
class Placed:
    """A comparison and the folder it is published in ('' for the site root)."""

    comparison: Comparison
    folder: str

    @property
    def output(self) -> str:
        """The HTML file's path in the output."""
        return f"{self.folder}/index.html" if self.folder else "index.html"


@dataclass(frozen=True)
class Layout:
    """Where everything goes: each comparison's folder, and the hub's (None when there is no hub)."""

    placed: tuple[Placed, ...]
    hub_folder: str | None

    def link(self, from_folder: str, to_folder: str) -> str:
        """A relative link between two folders' index pages that also works from disk."""
        up = "../" * (from_folder.count("/") + 1) if from_folder else ""
        return f"{up}{to_folder}/index.html" if to_folder else f"{up}index.html"


def plan_layout(content: Content) -> Layout:
    """Home is the comparison when there is one, the hub when there are several, unless `home` says."""
    comparisons = content.comparisons
    home = content.site.home
    if home is not None:
        placed = tuple(Placed(c, "" if c.slug == home else c.slug) for c in comparisons)
        return Layout(placed, HUB_FOLDER)
    if len(comparisons) == 1:
        return Layout((Placed(comparisons[0], ""),), None)
    return Layout(tuple(Placed(c, c.slug) for c in comparisons), "")


def plan_pages(content: Content) -> list[Page]:
    """Every HTML page of the site, in a stable order."""
    layout = plan_layout(content)
    pages = [
        Page(p.output, "comparison.html", comparison_context(content, layout, p), p.folder)
        for p in layout.placed
    ]
    if layout.hub_folder is not None:
        output = f"{layout.hub_folder}/index.html" if layout.hub_folder else "index.html"
        pages.append(Page(output, "hub.html", hub_context(content, layout), layout.hub_folder))
    if content.site.not_found is not None:
        pages.append(Page("404.html", "404.html", not_found_context(content), "404.html"))
    return sorted(pages, key=lambda p: p.output)


def fill(template: str, families: tuple[Family, ...]) -> str:
    """Put a pair's names into `{a}`, `{b}`, `{a_name}`, `{b_name}`."""
    a, b = families[0], families[1]
    return (
        template.replace("{a_name}", a.name)
        .replace("{b_name}", b.name)
        .replace("{a}", a.short_name)
        .replace("{b}", b.short_name)
    )


def page_text(content: Content, comparison: Comparison) -> tuple[str, str, Hero]:
    """A comparison's document title, description and hero: its own, or filled in from `pairs`."""
    if comparison.spec is not None:
        return comparison.spec.title, comparison.spec.description, comparison.spec.hero
    settings = content.site.pairs
    assert settings is not None
    title = fill(settings.title, comparison.families)
    subtitle = fill(settings.subtitle, comparison.families) if settings.subtitle else None
    description = (
        fill(settings.description, comparison.families) if settings.description else content.site.description
    )
    return title, description, Hero(title=title, subtitle=subtitle)


def comparison_context(content: Content, layout: Layout, placed: Placed) -> dict[str, Any]:
    """What a comparison page shows, with every family reference resolved."""
    comparison = placed.comparison
    families = comparison.families
    by_id = {f.id: f for f in families}
    shown = set(by_id)
    position = {fid: i for i, fid in enumerate(by_id)}
    spec = comparison.spec

    def per_family(items: Iterable[Any]) -> list[Tinted]:
        """Items for the families on this page, in family order; all of them or none on generated pages."""
        mine = sorted((i for i in items if i.family in shown), key=lambda i: position[i.family])
        covered = {i.family for i in mine}
        if spec is None and covered != shown:
            return []
        return [Tinted(i, by_id[i.family]) for i in mine]

    def own(items: Iterable[Any]) -> list[Tinted]:
        """The page's own items, tinted when they name a family."""
        return [Tinted(i, by_id.get(i.family) if i.family else None) for i in items]

    title, description, hero = page_text(content, comparison)
    table = None
    if content.features is not None:
        table = Table(families, tuple(_table_row(row, families) for row in content.features.rows))
    deep_dive = per_family(content.deep_dive.cards if content.deep_dive else []) + own(
        spec.deep_dive if spec else []
    )
    groups = per_family(content.benchmarks.groups if content.benchmarks else [])
    metric_cards = own(spec.metrics if spec else [])
    guide = per_family(content.guide.items if content.guide else []) + own(spec.guide if spec else [])
    benchmarks: list[Benchmark] = [
        b for g in groups if isinstance(g.item, BenchmarkGroup) for b in g.item.items
    ]
    notes = {
        "families": collect_notes("families", (h for f in families for h in f.highlights)),
        "table": collect_notes("table", (c for r in (table.rows if table else ()) for c in r.cells)),
        "metrics": collect_notes("metrics", benchmarks),
    }
    hub_link = layout.link(placed.folder, layout.hub_folder) if layout.hub_folder is not None else None
    return {
        "site": content.site,
        "text": content.site.text,
        "comparison": comparison,
        "page_title": title,
        "description": description,
        "hero": hero,
        "families": families,
        "deep_dive": content.deep_dive if deep_dive else None,
        "deep_dive_cards": deep_dive,
        "features": content.features,
        "table": table,
        "synergy": spec.synergy if spec else None,
        "benchmarks": content.benchmarks if groups or metric_cards else None,
        "benchmark_groups": groups,
        "benchmark_cards": metric_cards,
        "guide": content.guide if guide else None,
        "guide_items": guide,
        "reply": content.reply,
        "notes": notes,
        "hub_link": hub_link,
        "exports": {"json": "data.json", "csv": "features.csv"},
    }


def hub_context(content: Content, layout: Layout) -> dict[str, Any]:
    """The hub: one card per comparison, linking to it."""
    folder = layout.hub_folder or ""
    cards = []
    for placed in layout.placed:
        title, description, _ = page_text(content, placed.comparison)
        cards.append(
            {
                "comparison": placed.comparison,
                "title": title,
                "description": description,
                "href": layout.link(folder, placed.folder),
            }
        )
    hub = content.site.hub
    assert hub is not None
    return {
        "site": content.site,
        "text": content.site.text,
        "hub": hub,
        "page_title": hub.title,
        "description": content.site.description,
        "cards": cards,
    }


def not_found_context(content: Content) -> dict[str, Any]:
    """The 404 page; with a base URL its links are absolute, since it is served at any depth."""
    base = content.site.base_url
    context: dict[str, Any] = {
        "site": content.site,
        "text": content.site.text,
        "page_title": content.site.not_found.title if content.site.not_found else "",
        "description": content.site.description,
        "home_href": "index.html",
    }
    if base is not None:
        context["root"] = base.rstrip("/") + "/"
        context["home_href"] = context["root"]
    return context


def _table_row(row: FeatureRow, families: tuple[Family, ...]) -> TableRow:
    """A row's cells in column order (validation guarantees each family has one)."""
    return TableRow(row.attribute, tuple(row.values[f.id] for f in families))


def benchmark_parts(item: Benchmark, suffix: str) -> tuple[str, str, str, str]:
    """The four pieces a benchmark reads as: name+suffix, qualifier, value, note."""
    label = item.name + (suffix if item.display == "label" else "")
    return label, item.qualifier or "", item.value, item.note or ""
