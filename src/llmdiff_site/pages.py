"""Assemble stage: the validated content to the list of pages, each with what it shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llmdiff_site.model import (
    Benchmark,
    BenchmarkGroup,
    Cell,
    Content,
    Family,
    FeatureRow,
    GuideItem,
    InfoCard,
)


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
class Page:
    """One output file: where it goes, which template draws it, and what it shows."""

    output: str
    template: str
    context: dict[str, Any] = field(hash=False)

    @property
    def root(self) -> str:
        """The relative path from this page back to the site root ('' or '../…')."""
        depth = self.output.count("/")
        return "../" * depth


def plan_pages(content: Content) -> list[Page]:
    """Every page of the site, in a stable order."""
    return [Page("index.html", "comparison.html", comparison_context(content))]


def comparison_context(content: Content) -> dict[str, Any]:
    """What the comparison page shows, with family references resolved to families."""
    families = content.compared()
    by_id = {f.id: f for f in content.families}
    shown = {f.id for f in families}

    def tint(items: list[Any]) -> list[Tinted]:
        """Items on this page, each with its family; items for families not shown are left out."""
        return [
            Tinted(item, by_id.get(item.family) if item.family else None)
            for item in items
            if item.family is None or item.family in shown
        ]

    table = None
    if content.features is not None:
        table = Table(families, tuple(_table_row(row, families) for row in content.features.rows))
    return {
        "site": content.site,
        "text": content.site.text,
        "hero": content.hero,
        "families": families,
        "deep_dive": content.deep_dive,
        "deep_dive_cards": tint(content.deep_dive.cards) if content.deep_dive else [],
        "features": content.features,
        "table": table,
        "synergy": content.synergy,
        "benchmarks": content.benchmarks,
        "benchmark_groups": tint(content.benchmarks.groups) if content.benchmarks else [],
        "benchmark_cards": tint(content.benchmarks.cards) if content.benchmarks else [],
        "guide": content.guide,
        "guide_items": tint(content.guide.items) if content.guide else [],
        "reply": content.reply,
    }


def _table_row(row: FeatureRow, families: tuple[Family, ...]) -> TableRow:
    """A row's cells in column order (validation guarantees each family has one)."""
    return TableRow(row.attribute, tuple(row.values[f.id] for f in families))


def benchmark_parts(item: Benchmark, suffix: str) -> tuple[str, str, str, str]:
    """The four pieces a benchmark reads as: name+suffix, qualifier, value, note."""
    label = item.name + (suffix if item.display == "label" else "")
    return label, item.qualifier or "", item.value, item.note or ""
