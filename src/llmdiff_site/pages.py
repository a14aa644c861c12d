"""Assemble stage: the validated content to the site's pages, each with what it shows and where."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from typing import Any, ClassVar

from llmdiff_site.content import FAMILY_SECTIONS, Comparison, Content
from llmdiff_site.markup import plain_text
from llmdiff_site.records import (
    Benchmark,
    BenchmarkGroup,
    Cell,
    Fact,
    Family,
    FeatureRow,
    Features,
    GuideItem,
    Hero,
    Hub,
    InfoCard,
    LabelObject,
    Quantity,
    Source,
    Synergy,
)
from llmdiff_site.values import replace, value

HUB_FOLDER = "comparisons"
FAMILIES_FOLDER = "families"


@value
class TableRow:
    """One attribute and its cells, in column order."""

    attribute: str
    cells: tuple[Cell, ...]

    @property
    def same(self) -> bool:
        """Every family on the page has the same value here: a row a reader may hide."""
        return len(self.cells) > 1 and len({cell.text.strip() for cell in self.cells}) == 1


@value
class Table:
    """The comparison table: one column per compared family."""

    columns: tuple[Family, ...]
    rows: tuple[TableRow, ...]

    @property
    def has_same(self) -> bool:
        """Some row is the same for every family (and some row is not): hiding them makes sense."""
        same = [row.same for row in self.rows]
        return any(same) and not all(same)


@value
class ChartBar:
    """One family's number on a chart, placed on the chart's scale (0–100)."""

    family: Family
    text: str
    """The fact as the page writes it."""
    start: float
    end: float
    best: bool = False


@value
class Chart:
    """A row or benchmark every family on the page has a number for, drawn as bars."""

    key: str
    title: str
    unit: str
    better: str | None
    log: bool
    bars: tuple[ChartBar, ...]


LOG_SCALE_SPREAD = 100
"""Numbers that span more than this factor are drawn on a log scale."""


def make_chart(key: str, title: str, facts: Sequence[tuple[Family, str, Quantity]]) -> Chart:
    """Bars for the same measure across families; the better one marked when there is a better."""
    spans = [q.span for _, _, q in facts]
    lows, highs = [lo for lo, _ in spans], [hi for _, hi in spans]
    positive = min(lows) > 0
    log = positive and max(highs) / min(lows) > LOG_SCALE_SPREAD
    if log:
        bottom = math.floor(math.log10(min(lows)))
        top = max(math.ceil(math.log10(max(highs))), bottom + 1)

        def place(v: float) -> float:
            return (math.log10(v) - bottom) / (top - bottom) * 100

    else:
        floor = min(0.0, min(lows))
        ceiling = max(highs) if max(highs) > floor else floor + 1

        def place(v: float) -> float:
            return (v - floor) / (ceiling - floor) * 100

    better = next((q.better for _, _, q in facts if q.better), None)
    if better == "higher":
        best_value = max(highs)
        best = [hi == best_value for hi in highs]
    elif better == "lower":
        best_value = min(lows)
        best = [lo == best_value for lo in lows]
    else:
        best = [False] * len(facts)
    if all(best):
        best = [False] * len(facts)  # a tie between all of them: nobody is better
    bars = []
    for (family, text, quantity), is_best in zip(facts, best, strict=True):
        low, high = quantity.span
        start = place(low) if quantity.value is None else 0.0
        end = max(place(high), start + 1.5)
        bars.append(ChartBar(family, text, round(start, 2), round(min(end, 100.0), 2), is_best))
    unit = next((q.unit for _, _, q in facts if q.unit), "")
    return Chart(key, title, unit, better, log, tuple(bars))


def table_charts(table: Table) -> tuple[Chart, ...]:
    """A chart for each table row where every family on the page has a number."""
    charts = []
    for i, row in enumerate(table.rows):
        if all(cell.quantity is not None for cell in row.cells):
            facts = [
                (family, plain_text(cell.text), cell.quantity)
                for family, cell in zip(table.columns, row.cells, strict=True)
                if cell.quantity is not None
            ]
            charts.append(make_chart(f"row-{i}", row.attribute, facts))
    return tuple(charts)


def benchmark_charts(families: Sequence[Family], groups: Sequence[Tinted]) -> tuple[Chart, ...]:
    """A chart for each benchmark name every family on the page has a number for."""
    if len(families) < 2:
        return ()
    found: dict[str, dict[str, Benchmark]] = {}
    order: list[str] = []
    for entry in groups:
        if isinstance(entry.item, BenchmarkGroup):
            for item in entry.item.items:
                if item.quantity is not None:
                    if item.name not in found:
                        order.append(item.name)
                    found.setdefault(item.name, {}).setdefault(entry.item.family, item)
    charts = []
    for i, name in enumerate(order):
        by_family = found[name]
        if all(f.id in by_family for f in families):
            facts = []
            for f in families:
                item = by_family[f.id]
                assert item.quantity is not None
                facts.append((f, item.value, item.quantity))
            charts.append(make_chart(f"benchmark-{i}", name, facts))
    return tuple(charts)


@value
class Tinted:
    """A content item, the family whose accent colours it (if any), and a key stable across processes."""

    key: str
    item: InfoCard | GuideItem | BenchmarkGroup
    family: Family | None


@value
class SectionBlock:
    """A family-filled section as a page shows it: its declaration, title, and entries with their partials."""

    field: str
    anchor: str
    template: str
    place: str
    title: Any
    entries: tuple[tuple[str, Tinted], ...]
    notes: str | None = None


def section_blocks(
    content: Content, owned: dict[str, tuple[Tinted, ...]], added: dict[str, tuple[Tinted, ...]]
) -> tuple[SectionBlock, ...]:
    """The page's family-filled sections that have entries, in declaration order."""
    blocks = []
    for section in FAMILY_SECTIONS:
        shared = getattr(content, section.field)
        entries = tuple((section.partial, e) for e in owned.get(section.field, ())) + tuple(
            (section.page_partial, e) for e in added.get(section.field, ())
        )
        if shared is not None and entries:
            blocks.append(
                SectionBlock(
                    section.field,
                    section.anchor,
                    section.template,
                    section.place,
                    shared.title,
                    entries,
                    section.notes,
                )
            )
    return tuple(blocks)


@value
class Note:
    """One numbered source under a section."""

    number: int
    anchor: str
    source: Source
    as_of: dt.date | None


def note_key(fact: Fact) -> str | None:
    """A fact's footnote identity: its source and date, so equal sources share a number on a page."""
    if fact.source is None:
        return None
    raw = f"{fact.source.url}\x1f{fact.as_of.isoformat() if fact.as_of else ''}"
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


@value
class Notes:
    """A section's footnotes, and the newest date its facts were checked."""

    items: tuple[Note, ...] = ()
    oldest: dt.date | None = None
    """The oldest date the section's facts were checked: what "data as of" promises."""
    newest: dt.date | None = None
    keys: tuple[str, ...] = ()

    def by_key(self, key: str) -> Note | None:
        """The footnote for a note key (see `note_key`)."""
        for note, own in zip(self.items, self.keys, strict=True):
            if own == key:
                return note
        return None


def collect_notes(section: str, facts: Iterable[Fact]) -> Notes:
    """Number the sourced facts of a section in reading order; a repeated source keeps its number."""
    items: list[Note] = []
    keys: list[str] = []
    dates: list[dt.date] = []
    for fact in facts:
        if fact.as_of is not None:
            dates.append(fact.as_of)
        key = note_key(fact)
        if key is None or fact.source is None or key in keys:
            continue
        number = len(items) + 1
        items.append(Note(number, f"fn-{section}-{number}", fact.source, fact.as_of))
        keys.append(key)
    return Notes(tuple(items), min(dates, default=None), max(dates, default=None), tuple(keys))


@value
class PageNotes:
    """The footnotes of a comparison's three sourced sections."""

    families: Notes = Notes()
    table: Notes = Notes()
    metrics: Notes = Notes()

    def section(self, name: str) -> Notes:
        """One section's notes by name, as footnote marks name them.

        Templates call this with a name they choose: only the three lists are answered, never
        another attribute (`section('__class__')` would hand a template the unchecked class).
        """
        if name not in NOTE_SECTIONS:
            raise ValueError(f"no footnote list '{name}': the lists are {', '.join(NOTE_SECTIONS)}")
        notes: Notes = getattr(self, name)
        return notes


NOTE_SECTIONS = ("families", "table", "metrics")
"""The footnote lists of a comparison page (PageNotes' fields)."""


@value
class Exports:
    """File names of a comparison's data files, relative to its page."""

    json: str = "data.json"
    csv: str = "features.csv"
    card: str = "card.png"
    """The social card (og:image), when the site draws them."""


@value
class PagePlan:
    """One HTML output file: where it goes and what it shows. Frozen and picklable."""

    template: ClassVar[str] = ""
    output: str
    url_path: str
    root: str
    page_title: str
    description: str
    noindex: bool = False
    """Search engines should not index the page (the 404 page)."""
    ribbon: str | None = None
    banner: LabelObject | None = None
    doc_title: bool = False
    """Show the document title above the hero (where it says more than the hero title)."""
    draft: bool = False
    """A draft, built because drafts were asked for: the page carries a draft mark."""

    def context(self) -> dict[str, Any]:
        """The template's names: this plan's fields, one level deep."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@value
class ComparisonPlan(PagePlan):
    """A comparison page: families, table, cards, guide, with every reference resolved."""

    template: ClassVar[str] = "comparison.html"
    slug: str = ""
    generated: bool = False
    hero: Hero | None = None
    families: tuple[Family, ...] = ()
    features: Features | None = None
    table: Table | None = None
    synergy: Synergy | None = None
    notes: PageNotes = PageNotes()
    hub_link: str | None = None
    exports: Exports = Exports()
    family_hrefs: tuple[str, ...] = ()
    """Each family's own page, relative to this one, in family order (empty without family pages)."""
    charts: tuple[Chart, ...] = ()
    sections: tuple[SectionBlock, ...] = ()
    """The family-filled sections (deep dive, benchmarks, guide …), as FAMILY_SECTIONS declares them."""


@value
class Badge:
    """What a card for another page shows of a family: its id, name, short name and colours.

    No more, so that the fingerprints of the pages that list others (the hub, family pages), which
    cover exactly these, keep them up to date whatever their templates show of it.
    """

    id: str
    name: str
    short_name: str
    accent: str
    accent_2: str | None = None


def badge(family: Family) -> Badge:
    """A family's badge."""
    return Badge(family.id, family.name, family.short_name, family.accent, family.accent_2)


@value
class HubCard:
    """One comparison as the hub lists it."""

    slug: str
    title: str
    description: str
    href: str
    families: tuple[Badge, ...]


@value
class FamilyLink:
    """A family as other pages link to it."""

    family: Badge
    href: str
    comparisons: int = 0


@value
class GridCell:
    """One cell of the hub's family × family grid: the pair's page, or nothing where it is skipped."""

    title: str
    href: str | None


@value
class GridRow:
    """One family's row of the grid."""

    family: Badge
    cells: tuple[GridCell, ...]


@value
class HubPlan(PagePlan):
    """The page that lists every comparison (or, past `card_limit`, every family)."""

    template: ClassVar[str] = "hub.html"
    hub: Hub | None = None
    cards: tuple[HubCard, ...] = ()
    grid: tuple[GridRow, ...] = ()
    family_links: tuple[FamilyLink, ...] = ()


@value
class FamilyPlan(PagePlan):
    """A family's own page: its card, facts, entries, and every comparison that includes it."""

    template: ClassVar[str] = "family.html"
    family: Family | None = None
    families: tuple[Family, ...] = ()
    hero: Hero | None = None
    features: Features | None = None
    facts_title: str | None = None
    table: Table | None = None
    notes: PageNotes = PageNotes()
    sections: tuple[SectionBlock, ...] = ()
    comparisons_title: str = ""
    comparisons: tuple[HubCard, ...] = ()
    hub_link: str | None = None


@value
class NotFoundPlan(PagePlan):
    """The 404 page; with a base URL its links are absolute, since it is served at any depth."""

    template: ClassVar[str] = "404.html"
    home_href: str = "index.html"


@value
class Placed:
    """A comparison and the folder it is published in ('' for the site root)."""

    comparison: Comparison
    folder: str

    @property
    def output(self) -> str:
        """The HTML file's path in the output."""
        return f"{self.folder}/index.html" if self.folder else "index.html"


@value
class Layout:
    """Where everything goes: each comparison's folder, and the hub's (None when there is no hub)."""

    placed: tuple[Placed, ...]
    hub_folder: str | None

    def family_folder(self, family: Family) -> str:
        """Where a family's own page goes."""
        return f"{FAMILIES_FOLDER}/{family.id}"

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


def _root(output: str) -> str:
    """The relative path from a page back to the site root ('' or '../…')."""
    return "../" * output.count("/")


def folder_prefix(url_path: str) -> str:
    """'slug/' for a page published in a folder, '' for one at the site root."""
    return f"{url_path}/" if url_path else ""


@value
class PageEntry:
    """A page as the build first knows it: where it goes and what it reads; planned in full when rendered."""

    template: str
    output: str
    url_path: str
    page_title: str
    description: str
    sources: tuple[str, ...]
    """Content files (relative to content/) it reads besides the site-wide ones."""
    key: str
    """What else decides its bytes: its links to other pages, or for the hub what its cards show."""
    placed: Placed | None = None
    family: Family | None = None
    """The family a family page shows."""

    @property
    def draft(self) -> bool:
        """A draft built for review: kept out of the sitemap and from search engines."""
        if self.placed is not None:
            return self.placed.comparison.draft
        return self.family is not None and self.family.draft

    @property
    def comparison(self) -> Comparison | None:
        """The comparison it shows, for comparison pages."""
        return self.placed.comparison if self.placed is not None else None

    def outputs(self, content: Content) -> tuple[str, ...]:
        """The files this page writes: its HTML and, for a comparison, its data files and social card."""
        if self.placed is None:
            return (self.output,)
        prefix = folder_prefix(self.url_path)
        table = (prefix + Exports.csv,) if content.features is not None else ()
        card = (prefix + Exports.card,) if content.site.social_cards else ()
        return (self.output, prefix + Exports.json, *table, *card)


class SitePlan:
    """Every page of a site: a cheap entry for each, and a full plan for the ones being rendered."""

    def __init__(self, content: Content, layout: Layout | None = None) -> None:
        """`layout`: where the pages go, when the content is part of a site (a targeted rebuild)."""
        self.content = content
        self.layout = layout if layout is not None else plan_layout(content)
        self.entries = tuple(sorted(self._entries(), key=lambda e: e.output))
        self._index: ItemIndex | None = None
        self.heading = table_heading(content.features)

    def _entries(self) -> Iterator[PageEntry]:
        """One entry per page."""
        content, layout = self.content, self.layout
        cards: list[str] = []
        for placed in layout.placed:
            comparison = placed.comparison
            title, description, _ = page_text(content, comparison)
            sources = tuple(content.sources.get(f"family:{f.id}", "") for f in comparison.families)
            if comparison.spec is not None:
                sources += (content.sources.get(f"page:{comparison.slug}", ""),)
            hub_link = (
                layout.link(placed.folder, layout.hub_folder) if layout.hub_folder is not None else None
            )
            yield PageEntry(
                ComparisonPlan.template,
                placed.output,
                placed.folder,
                title,
                description,
                sources,
                str(hub_link),
                placed,
            )
            shown = ",".join(f"{f.short_name}:{f.accent}:{f.accent_2}" for f in comparison.families)
            cards.append(f"{comparison.slug}\x1f{title}\x1f{description}\x1f{placed.folder}\x1f{shown}")
        if content.site.family_pages is not None:
            yield from self._family_entries()
        hub = content.site.hub
        if layout.hub_folder is not None and hub is not None:
            folder = layout.hub_folder
            cards.extend(
                f"{f.id}\x1f{f.name}\x1f{f.short_name}\x1f{f.accent}\x1f{f.accent_2}"
                for f in content.families
            )
            digest = hashlib.blake2b("\x1e".join(cards).encode("utf-8"), digest_size=16).hexdigest()
            output = f"{folder}/index.html" if folder else "index.html"
            yield PageEntry(HubPlan.template, output, folder, hub.title, content.site.description, (), digest)
        if content.site.not_found is not None:
            yield PageEntry(
                NotFoundPlan.template, "404.html", "404.html", content.site.not_found.title, "", (), ""
            )

    def _family_entries(self) -> Iterator[PageEntry]:
        """One entry per family page; its key is what its list of comparisons shows."""
        content, layout = self.content, self.layout
        shows: dict[str, list[str]] = {f.id: [] for f in content.families}
        for placed in layout.placed:
            title, description, hero = page_text(content, placed.comparison)
            line = f"{placed.folder}\x1f{card_title(placed.comparison, title, hero)}\x1f{description}"
            line += "\x1f" + ",".join(  # each card's badges
                f"{f.id}:{f.name}:{f.short_name}:{f.accent}:{f.accent_2}" for f in placed.comparison.families
            )
            for f in placed.comparison.families:
                shows[f.id].append(line)
        for family in content.families:
            folder = layout.family_folder(family)
            key = hashlib.blake2b("\x1e".join(shows[family.id]).encode("utf-8"), digest_size=16).hexdigest()
            yield PageEntry(
                FamilyPlan.template,
                f"{folder}/index.html",
                folder,
                family.name,
                plain_text(family.tagline),
                (content.sources.get(f"family:{family.id}", ""),),
                f"{key}|{layout.hub_folder}",
                family=family,
            )

    def plan(self, entry: PageEntry) -> PagePlan:
        """The full plan of one page."""
        if entry.placed is not None:
            return plan_comparison(self.content, self.layout, entry.placed, self.index(), self.heading)
        if entry.family is not None:
            return plan_family(self.content, self.layout, entry.family, self.index(), self.heading)
        if entry.template == HubPlan.template:
            return plan_hub(self.content, self.layout)
        return plan_not_found(self.content)

    def index(self) -> ItemIndex:
        """Each family's items by section, built once."""
        if self._index is None:
            self._index = index_items(self.content)
        return self._index

    def prepare(self) -> None:
        """Build what every plan shares now, so that worker processes inherit it."""
        self.index()


def plan_pages(content: Content) -> list[PagePlan]:
    """Every HTML page of the site, planned in full, in a stable order."""
    site = SitePlan(content)
    return [site.plan(entry) for entry in site.entries]


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


ItemIndex = dict[str, dict[str, list[tuple[int, Any]]]]
"""Section → family id → (position in its file, item), built once so planning a page is not O(catalogue)."""


def index_items(content: Content) -> ItemIndex:
    """Each family's deep-dive cards, benchmark groups and guide lines, in file order."""
    index: ItemIndex = {}
    for section in FAMILY_SECTIONS:
        kind, items = section.field, section.entries(getattr(content, section.field))
        by_family: dict[str, list[tuple[int, Any]]] = {}
        for i, item in enumerate(items):
            if item.family is not None:
                by_family.setdefault(item.family, []).append((i, item))
        index[kind] = by_family
    return index


def table_heading(features: Features | None) -> Features | None:
    """What a page's templates get of the table file: its title and header, without its rows.

    A page's rows, with the values of its own families, are its `table`. No page sees other
    families' values: a page is not rendered again when they change, and a targeted rebuild
    does not even read them.
    """
    return replace(features, rows=[]) if features is not None else None


def plan_comparison(
    content: Content,
    layout: Layout,
    placed: Placed,
    index: ItemIndex | None = None,
    heading: Features | None = None,
) -> ComparisonPlan:
    """What a comparison page shows, with every family reference resolved (`heading`: table_heading's,
    made once for all pages)."""
    index = index if index is not None else index_items(content)
    comparison = placed.comparison
    families = comparison.families
    by_id = {f.id: f for f in families}
    spec = comparison.spec

    def per_family(kind: str) -> tuple[Tinted, ...]:
        """Items for the families on this page, in family order; all of them or none on generated pages."""
        mine = [pair for fid in by_id for pair in index[kind].get(fid, ())]
        if spec is None and any(fid not in index[kind] for fid in by_id):
            return ()
        return tuple(Tinted(f"{kind}:{i}", item, by_id[item.family]) for i, item in mine)

    def own(kind: str, items: Sequence[Any]) -> tuple[Tinted, ...]:
        """The page's own items, tinted when they name a family."""
        return tuple(
            Tinted(
                f"page:{comparison.slug}:{kind}:{i}", item, by_id.get(item.family) if item.family else None
            )
            for i, item in enumerate(items)
        )

    title, description, hero = page_text(content, comparison)
    table = None
    if content.features is not None:
        table = Table(families, tuple(_table_row(row, families) for row in content.features.rows))
    owned = {section.field: per_family(section.field) for section in FAMILY_SECTIONS}
    added = {
        section.field: own(section.page_field, getattr(spec, section.page_field) if spec else [])
        for section in FAMILY_SECTIONS
    }
    groups = owned["benchmarks"]
    benchmarks: list[Benchmark] = [
        b for g in groups if isinstance(g.item, BenchmarkGroup) for b in g.item.items
    ]
    notes = PageNotes(
        families=collect_notes("families", (h for f in families for h in f.highlights)),
        table=collect_notes("table", (c for r in (table.rows if table else ()) for c in r.cells)),
        metrics=collect_notes("metrics", benchmarks),
    )
    hub_link = layout.link(placed.folder, layout.hub_folder) if layout.hub_folder is not None else None
    ribbon, banner = _ribbon_and_banner(content, comparison)
    return ComparisonPlan(
        output=placed.output,
        url_path=placed.folder,
        root=_root(placed.output),
        page_title=title,
        description=description,
        ribbon=ribbon,
        banner=banner,
        doc_title=title != hero.title,
        draft=comparison.draft,
        noindex=comparison.draft,
        slug=comparison.slug,
        generated=comparison.generated,
        hero=hero,
        families=families,
        features=heading if heading is not None else table_heading(content.features),
        table=table,
        synergy=spec.synergy if spec else None,
        notes=notes,
        hub_link=hub_link,
        sections=section_blocks(content, owned, added),
        charts=(table_charts(table) if table else ()) + benchmark_charts(families, groups),
        family_hrefs=tuple(layout.link(placed.folder, layout.family_folder(f)) for f in families)
        if content.site.family_pages is not None
        else (),
    )


def plan_family(
    content: Content, layout: Layout, family: Family, index: ItemIndex, heading: Features | None = None
) -> FamilyPlan:
    """A family's own page: everything the site says about it, and each comparison that shows it."""
    settings = content.site.family_pages
    assert settings is not None
    folder = layout.family_folder(family)
    output = f"{folder}/index.html"

    def mine(kind: str) -> tuple[Tinted, ...]:
        return tuple(Tinted(f"{kind}:{i}", item, family) for i, item in index[kind].get(family.id, ()))

    table = None
    if content.features is not None:
        rows = (row for row in content.features.rows if family.id in row.values)
        table = Table((family,), tuple(_table_row(row, (family,)) for row in rows))
    owned = {section.field: mine(section.field) for section in FAMILY_SECTIONS}
    groups = owned["benchmarks"]
    benchmarks = [b for g in groups if isinstance(g.item, BenchmarkGroup) for b in g.item.items]
    notes = PageNotes(
        families=collect_notes("families", family.highlights),
        table=collect_notes("table", (row.cells[0] for row in (table.rows if table else ()))),
        metrics=collect_notes("metrics", benchmarks),
    )
    comparisons = tuple(
        _hub_card(content, layout, placed, folder)
        for placed in layout.placed
        if any(f.id == family.id for f in placed.comparison.families)
    )
    return FamilyPlan(
        output=output,
        url_path=folder,
        root=_root(output),
        page_title=family.name,
        description=plain_text(family.tagline),
        draft=family.draft,
        noindex=family.draft,
        family=family,
        families=(family,),
        hero=Hero(title=family.name),
        features=heading if heading is not None else table_heading(content.features),
        facts_title=settings.facts_title,
        table=table,
        notes=notes,
        sections=section_blocks(content, owned, {}),
        comparisons_title=settings.comparisons_title,
        comparisons=comparisons,
        hub_link=layout.link(folder, layout.hub_folder) if layout.hub_folder is not None else None,
    )


def _hub_card(
    content: Content, layout: Layout, placed: Placed, from_folder: str, badges: dict[str, Badge] | None = None
) -> HubCard:
    """A comparison as a card on another page (`badges`: each family's, made once for many cards)."""
    title, description, hero = page_text(content, placed.comparison)
    families = placed.comparison.families
    return HubCard(
        placed.comparison.slug,
        card_title(placed.comparison, title, hero),
        description,
        layout.link(from_folder, placed.folder),
        tuple(badges[f.id] for f in families) if badges is not None else tuple(map(badge, families)),
    )


def _ribbon_and_banner(content: Content, comparison: Comparison) -> tuple[str | None, LabelObject | None]:
    """A page's own ribbon and banner, or the site's; generated pair pages show neither."""
    spec = comparison.spec
    if spec is None:
        return None, None
    ribbon = (content.site.ribbon or None) if spec.ribbon is None else spec.ribbon or None
    banner = (content.site.banner or None) if spec.banner is None else spec.banner or None
    return ribbon, banner


def card_title(comparison: Comparison, title: str, hero: Hero) -> str:
    """The short name other pages list a comparison by: its card title, else its hero title."""
    if comparison.spec is not None and comparison.spec.card_title:
        return comparison.spec.card_title
    return hero.title or title


def plan_hub(content: Content, layout: Layout) -> HubPlan:
    """The hub: one card per comparison, linking to it."""
    folder = layout.hub_folder or ""
    output = f"{folder}/index.html" if folder else "index.html"
    hub = content.site.hub
    assert hub is not None
    family_pages = content.site.family_pages is not None
    badges = {f.id: badge(f) for f in content.families}
    family_links: tuple[FamilyLink, ...] = ()
    if family_pages and hub.families_title:
        counts: dict[str, int] = {}
        for placed in layout.placed:
            for f in placed.comparison.families:
                counts[f.id] = counts.get(f.id, 0) + 1
        family_links = tuple(
            FamilyLink(badges[f.id], layout.link(folder, layout.family_folder(f)), counts.get(f.id, 0))
            for f in content.families
        )
    cards: list[HubCard] = []
    if not family_links or len(layout.placed) <= hub.card_limit:  # without family links, list them all
        cards = [_hub_card(content, layout, placed, folder, badges) for placed in layout.placed]
    return HubPlan(
        output=output,
        url_path=folder,
        root=_root(output),
        page_title=hub.title,
        description=content.site.description,
        ribbon=content.site.ribbon or None,
        hub=hub,
        cards=tuple(cards),
        grid=_pair_grid(content, layout, folder, hub, badges),
        family_links=family_links,
    )


def _pair_grid(
    content: Content, layout: Layout, folder: str, hub: Hub, badges: dict[str, Badge]
) -> tuple[GridRow, ...]:
    """Family × family: each cell links to that pair's page (either order), empty where there is none."""
    families = content.families
    if not hub.grid_title or not 3 <= len(families) <= hub.grid_limit:
        return ()
    pairs: dict[frozenset[str], Placed] = {}
    for each in layout.placed:
        ids = frozenset(f.id for f in each.comparison.families)
        if len(ids) == 2:
            pairs.setdefault(ids, each)
    rows = []
    for a in families:
        cells = []
        for b in families:
            placed = pairs.get(frozenset((a.id, b.id))) if a.id != b.id else None
            if placed is None:
                cells.append(GridCell("", None))
                continue
            title, _, hero = page_text(content, placed.comparison)
            cells.append(
                GridCell(card_title(placed.comparison, title, hero), layout.link(folder, placed.folder))
            )
        rows.append(GridRow(badges[a.id], tuple(cells)))
    return tuple(rows)


def plan_not_found(content: Content) -> NotFoundPlan:
    """The 404 page, served at any depth: its links start at the base URL, or at the host's root."""
    base = content.site.base_url
    root = base.rstrip("/") + "/" if base is not None else "/"
    return NotFoundPlan(
        output="404.html",
        url_path="404.html",
        root=root,
        page_title=content.site.not_found.title if content.site.not_found else "",
        description=content.site.description,
        noindex=True,
        home_href=root,
    )


def _table_row(row: FeatureRow, families: tuple[Family, ...]) -> TableRow:
    """A row's cells in column order (validation guarantees each family has one)."""
    return TableRow(row.attribute, tuple(row.values[f.id] for f in families))


def benchmark_parts(item: Benchmark, suffix: str) -> tuple[str, str, str, str]:
    """The four pieces a benchmark reads as: name+suffix, qualifier, value, note."""
    label = item.name + (suffix if item.display == "label" else "")
    return label, item.qualifier or "", item.value, item.note or ""
