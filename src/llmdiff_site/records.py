"""Validated content as the pipeline reads it: one frozen record per content model.

Generated from model.py by `python -m llmdiff_site.recordgen`; do not edit. Field meanings are
documented on the models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from llmdiff_site.values import Record, _new, _set


class LabelObject(Record):
    """A short text with optional decorative icons before and after it."""

    __slots__ = (
        "icon",
        "icon_end",
        "text",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "text",
        "icon",
        "icon_end",
    )
    _defaults: ClassVar[dict[str, Any]] = {"icon": None, "icon_end": None}

    text: str
    icon: str | None
    icon_end: str | None

    def __init__(self, *, text: str, icon: str | None = None, icon_end: str | None = None) -> None:
        _set(self, "text", text)
        _set(self, "icon", icon)
        _set(self, "icon_end", icon_end)

    @staticmethod
    def _make(text: str, icon: str | None, icon_end: str | None) -> LabelObject:
        """A LabelObject from its field values in order (unpickling: they were checked)."""
        self = _new(LabelObject)
        _set(self, "text", text)
        _set(self, "icon", icon)
        _set(self, "icon_end", icon_end)
        return self


class Source(Record):
    """Where a fact comes from."""

    __slots__ = (
        "title",
        "url",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "url",
        "title",
    )
    _defaults: ClassVar[dict[str, Any]] = {"title": None}

    url: str
    title: str | None

    def __init__(self, *, url: str, title: str | None = None) -> None:
        _set(self, "url", url)
        _set(self, "title", title)

    @staticmethod
    def _make(url: str, title: str | None) -> Source:
        """A Source from its field values in order (unpickling: they were checked)."""
        self = _new(Source)
        _set(self, "url", url)
        _set(self, "title", title)
        return self


class Quantity(Record):
    """A number (or a range) behind a fact's text, so pages can draw it: `value`, or `low` and `high`."""

    __slots__ = (
        "better",
        "high",
        "low",
        "unit",
        "value",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "value",
        "low",
        "high",
        "unit",
        "better",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "value": None,
        "low": None,
        "high": None,
        "unit": "",
        "better": None,
    }

    value: float | None
    low: float | None
    high: float | None
    unit: str
    better: Literal["higher", "lower"] | None

    def __init__(
        self,
        *,
        value: float | None = None,
        low: float | None = None,
        high: float | None = None,
        unit: str = "",
        better: Literal["higher", "lower"] | None = None,
    ) -> None:
        _set(self, "value", value)
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "unit", unit)
        _set(self, "better", better)

    @staticmethod
    def _make(
        value: float | None,
        low: float | None,
        high: float | None,
        unit: str,
        better: Literal["higher", "lower"] | None,
    ) -> Quantity:
        """A Quantity from its field values in order (unpickling: they were checked)."""
        self = _new(Quantity)
        _set(self, "value", value)
        _set(self, "low", low)
        _set(self, "high", high)
        _set(self, "unit", unit)
        _set(self, "better", better)
        return self

    @property
    def span(self) -> tuple[float, float]:
        """(low, high); a single value is a range of one point."""
        if self.value is not None:
            return self.value, self.value
        assert self.low is not None and self.high is not None
        return self.low, self.high


class Fact(Record):
    """A value that may say where it comes from, when it was last checked, and what number it holds."""

    __slots__ = (
        "as_of",
        "quantity",
        "source",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "source",
        "as_of",
        "quantity",
    )
    _defaults: ClassVar[dict[str, Any]] = {"source": None, "as_of": None, "quantity": None}

    source: Source | None
    as_of: dt.date | None
    quantity: Quantity | None

    def __init__(
        self, *, source: Source | None = None, as_of: dt.date | None = None, quantity: Quantity | None = None
    ) -> None:
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)

    @staticmethod
    def _make(source: Source | None, as_of: dt.date | None, quantity: Quantity | None) -> Fact:
        """A Fact from its field values in order (unpickling: they were checked)."""
        self = _new(Fact)
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        return self


class Microcopy(Record):
    """The small strings and marks that sit between content (bullets, separators, labels)."""

    __slots__ = (
        "all_comparisons",
        "best_marker",
        "better_higher",
        "better_lower",
        "charts_title",
        "data_as_of",
        "downloads_label",
        "draft_mark",
        "export_csv",
        "export_json",
        "families_label",
        "label_suffix",
        "list_marker",
        "log_scale",
        "only_differences",
        "range_separator",
        "separator",
        "skip_link",
        "sources_label",
        "tag_prefix",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "families_label",
        "list_marker",
        "separator",
        "label_suffix",
        "tag_prefix",
        "range_separator",
        "sources_label",
        "data_as_of",
        "downloads_label",
        "export_json",
        "export_csv",
        "all_comparisons",
        "charts_title",
        "better_higher",
        "better_lower",
        "best_marker",
        "log_scale",
        "only_differences",
        "skip_link",
        "draft_mark",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "list_marker": "•",
        "separator": " · ",
        "label_suffix": ":",
        "tag_prefix": "#",
        "range_separator": " – ",
        "sources_label": None,
        "data_as_of": None,
        "downloads_label": None,
        "export_json": None,
        "export_csv": None,
        "all_comparisons": None,
        "charts_title": None,
        "better_higher": None,
        "better_lower": None,
        "best_marker": "★",
        "log_scale": None,
        "only_differences": None,
        "skip_link": None,
        "draft_mark": "Draft",
    }

    families_label: str
    list_marker: str
    separator: str
    label_suffix: str
    tag_prefix: str
    range_separator: str
    sources_label: str | None
    data_as_of: str | None
    downloads_label: str | None
    export_json: str | None
    export_csv: str | None
    all_comparisons: str | None
    charts_title: str | None
    better_higher: str | None
    better_lower: str | None
    best_marker: str
    log_scale: str | None
    only_differences: str | None
    skip_link: str | None
    draft_mark: str

    def __init__(
        self,
        *,
        families_label: str,
        list_marker: str = "•",
        separator: str = " · ",
        label_suffix: str = ":",
        tag_prefix: str = "#",
        range_separator: str = " – ",
        sources_label: str | None = None,
        data_as_of: str | None = None,
        downloads_label: str | None = None,
        export_json: str | None = None,
        export_csv: str | None = None,
        all_comparisons: str | None = None,
        charts_title: str | None = None,
        better_higher: str | None = None,
        better_lower: str | None = None,
        best_marker: str = "★",
        log_scale: str | None = None,
        only_differences: str | None = None,
        skip_link: str | None = None,
        draft_mark: str = "Draft",
    ) -> None:
        _set(self, "families_label", families_label)
        _set(self, "list_marker", list_marker)
        _set(self, "separator", separator)
        _set(self, "label_suffix", label_suffix)
        _set(self, "tag_prefix", tag_prefix)
        _set(self, "range_separator", range_separator)
        _set(self, "sources_label", sources_label)
        _set(self, "data_as_of", data_as_of)
        _set(self, "downloads_label", downloads_label)
        _set(self, "export_json", export_json)
        _set(self, "export_csv", export_csv)
        _set(self, "all_comparisons", all_comparisons)
        _set(self, "charts_title", charts_title)
        _set(self, "better_higher", better_higher)
        _set(self, "better_lower", better_lower)
        _set(self, "best_marker", best_marker)
        _set(self, "log_scale", log_scale)
        _set(self, "only_differences", only_differences)
        _set(self, "skip_link", skip_link)
        _set(self, "draft_mark", draft_mark)

    @staticmethod
    def _make(
        families_label: str,
        list_marker: str,
        separator: str,
        label_suffix: str,
        tag_prefix: str,
        range_separator: str,
        sources_label: str | None,
        data_as_of: str | None,
        downloads_label: str | None,
        export_json: str | None,
        export_csv: str | None,
        all_comparisons: str | None,
        charts_title: str | None,
        better_higher: str | None,
        better_lower: str | None,
        best_marker: str,
        log_scale: str | None,
        only_differences: str | None,
        skip_link: str | None,
        draft_mark: str,
    ) -> Microcopy:
        """A Microcopy from its field values in order (unpickling: they were checked)."""
        self = _new(Microcopy)
        _set(self, "families_label", families_label)
        _set(self, "list_marker", list_marker)
        _set(self, "separator", separator)
        _set(self, "label_suffix", label_suffix)
        _set(self, "tag_prefix", tag_prefix)
        _set(self, "range_separator", range_separator)
        _set(self, "sources_label", sources_label)
        _set(self, "data_as_of", data_as_of)
        _set(self, "downloads_label", downloads_label)
        _set(self, "export_json", export_json)
        _set(self, "export_csv", export_csv)
        _set(self, "all_comparisons", all_comparisons)
        _set(self, "charts_title", charts_title)
        _set(self, "better_higher", better_higher)
        _set(self, "better_lower", better_lower)
        _set(self, "best_marker", best_marker)
        _set(self, "log_scale", log_scale)
        _set(self, "only_differences", only_differences)
        _set(self, "skip_link", skip_link)
        _set(self, "draft_mark", draft_mark)
        return self


class PairSettings(Record):
    """Which "A vs B" pages to generate, and their text ({a}, {b}, {a_name}, {b_name} are filled in)."""

    __slots__ = (
        "description",
        "families",
        "max_pages",
        "subtitle",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "families",
        "title",
        "subtitle",
        "description",
        "max_pages",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "families": "all",
        "title": "{a} vs {b}",
        "subtitle": None,
        "description": None,
        "max_pages": 20000,
    }

    families: Literal["all"] | list[list[str]]
    title: str
    subtitle: str | None
    description: str | None
    max_pages: int

    def __init__(
        self,
        *,
        families: Literal["all"] | list[list[str]] = "all",
        title: str = "{a} vs {b}",
        subtitle: str | None = None,
        description: str | None = None,
        max_pages: int = 20000,
    ) -> None:
        _set(self, "families", families)
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "description", description)
        _set(self, "max_pages", max_pages)

    @staticmethod
    def _make(
        families: Literal["all"] | list[list[str]],
        title: str,
        subtitle: str | None,
        description: str | None,
        max_pages: int,
    ) -> PairSettings:
        """A PairSettings from its field values in order (unpickling: they were checked)."""
        self = _new(PairSettings)
        _set(self, "families", families)
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "description", description)
        _set(self, "max_pages", max_pages)
        return self


class Hub(Record):
    """The page that lists every comparison."""

    __slots__ = (
        "card_limit",
        "families_title",
        "grid_limit",
        "grid_title",
        "intro",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "intro",
        "grid_title",
        "grid_limit",
        "families_title",
        "card_limit",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "intro": None,
        "grid_title": None,
        "grid_limit": 16,
        "families_title": None,
        "card_limit": 60,
    }

    title: str
    intro: str | None
    grid_title: str | None
    grid_limit: int
    families_title: str | None
    card_limit: int

    def __init__(
        self,
        *,
        title: str,
        intro: str | None = None,
        grid_title: str | None = None,
        grid_limit: int = 16,
        families_title: str | None = None,
        card_limit: int = 60,
    ) -> None:
        _set(self, "title", title)
        _set(self, "intro", intro)
        _set(self, "grid_title", grid_title)
        _set(self, "grid_limit", grid_limit)
        _set(self, "families_title", families_title)
        _set(self, "card_limit", card_limit)

    @staticmethod
    def _make(
        title: str,
        intro: str | None,
        grid_title: str | None,
        grid_limit: int,
        families_title: str | None,
        card_limit: int,
    ) -> Hub:
        """A Hub from its field values in order (unpickling: they were checked)."""
        self = _new(Hub)
        _set(self, "title", title)
        _set(self, "intro", intro)
        _set(self, "grid_title", grid_title)
        _set(self, "grid_limit", grid_limit)
        _set(self, "families_title", families_title)
        _set(self, "card_limit", card_limit)
        return self


class FamilyPages(Record):
    """A page for every family (families/<id>/): its card, facts, entries and comparisons."""

    __slots__ = (
        "comparisons_title",
        "facts_title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "comparisons_title",
        "facts_title",
    )
    _defaults: ClassVar[dict[str, Any]] = {"facts_title": None}

    comparisons_title: str
    facts_title: str | None

    def __init__(self, *, comparisons_title: str, facts_title: str | None = None) -> None:
        _set(self, "comparisons_title", comparisons_title)
        _set(self, "facts_title", facts_title)

    @staticmethod
    def _make(comparisons_title: str, facts_title: str | None) -> FamilyPages:
        """A FamilyPages from its field values in order (unpickling: they were checked)."""
        self = _new(FamilyPages)
        _set(self, "comparisons_title", comparisons_title)
        _set(self, "facts_title", facts_title)
        return self


class NotFound(Record):
    """The 404 page's text."""

    __slots__ = (
        "body",
        "link_text",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "body",
        "link_text",
    )
    _defaults: ClassVar[dict[str, Any]] = {}

    title: str
    body: str
    link_text: str

    def __init__(self, *, title: str, body: str, link_text: str) -> None:
        _set(self, "title", title)
        _set(self, "body", body)
        _set(self, "link_text", link_text)

    @staticmethod
    def _make(title: str, body: str, link_text: str) -> NotFound:
        """A NotFound from its field values in order (unpickling: they were checked)."""
        self = _new(NotFound)
        _set(self, "title", title)
        _set(self, "body", body)
        _set(self, "link_text", link_text)
        return self


class BuildSettings(Record):
    """Where `llmdiff build`, `check` and `serve` read and write; folders relative to the site folder."""

    __slots__ = (
        "output",
        "static",
        "templates",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "output",
        "templates",
        "static",
    )
    _defaults: ClassVar[dict[str, Any]] = {"output": "build", "templates": "templates", "static": "static"}

    output: str
    templates: str
    static: str

    def __init__(
        self, *, output: str = "build", templates: str = "templates", static: str = "static"
    ) -> None:
        _set(self, "output", output)
        _set(self, "templates", templates)
        _set(self, "static", static)

    @staticmethod
    def _make(output: str, templates: str, static: str) -> BuildSettings:
        """A BuildSettings from its field values in order (unpickling: they were checked)."""
        self = _new(BuildSettings)
        _set(self, "output", output)
        _set(self, "templates", templates)
        _set(self, "static", static)
        return self


class ServeSettings(Record):
    """Defaults for `llmdiff serve`."""

    __slots__ = ("port",)
    _fields: ClassVar[tuple[str, ...]] = ("port",)
    _defaults: ClassVar[dict[str, Any]] = {"port": 8000}

    port: int

    def __init__(self, *, port: int = 8000) -> None:
        _set(self, "port", port)

    @staticmethod
    def _make(port: int) -> ServeSettings:
        """A ServeSettings from its field values in order (unpickling: they were checked)."""
        self = _new(ServeSettings)
        _set(self, "port", port)
        return self


class SiteSettings(Record):
    """The part of site.yaml the command line reads before anything else."""

    __slots__ = (
        "build",
        "serve",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "build",
        "serve",
    )
    _defaults: ClassVar[dict[str, Any]] = {"build": None, "serve": None}

    build: BuildSettings | None
    serve: ServeSettings | None

    def __init__(self, *, build: BuildSettings | None = None, serve: ServeSettings | None = None) -> None:
        _set(self, "build", build)
        _set(self, "serve", serve)

    @staticmethod
    def _make(build: BuildSettings | None, serve: ServeSettings | None) -> SiteSettings:
        """A SiteSettings from its field values in order (unpickling: they were checked)."""
        self = _new(SiteSettings)
        _set(self, "build", build)
        _set(self, "serve", serve)
        return self


class Site(Record):
    """Site-wide text and settings (content/site.yaml)."""

    __slots__ = (
        "banner",
        "base_url",
        "build",
        "comments_endpoint",
        "description",
        "family_pages",
        "home",
        "hub",
        "lang",
        "name",
        "not_found",
        "pairs",
        "ribbon",
        "serve",
        "social_cards",
        "text",
        "theme",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "lang",
        "name",
        "description",
        "theme",
        "ribbon",
        "banner",
        "text",
        "home",
        "pairs",
        "hub",
        "family_pages",
        "not_found",
        "comments_endpoint",
        "base_url",
        "social_cards",
        "build",
        "serve",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "lang": "en",
        "theme": "dark",
        "ribbon": None,
        "banner": None,
        "home": None,
        "pairs": None,
        "hub": None,
        "family_pages": None,
        "not_found": None,
        "comments_endpoint": None,
        "base_url": None,
        "social_cards": True,
        "build": None,
        "serve": None,
    }

    lang: str
    name: str
    description: str
    theme: Literal["dark", "light", "auto"]
    ribbon: str | Literal[False] | None
    banner: LabelObject | Literal[False] | None
    text: Microcopy
    home: str | None
    pairs: PairSettings | None
    hub: Hub | None
    family_pages: FamilyPages | None
    not_found: NotFound | None
    comments_endpoint: str | None
    base_url: str | None
    social_cards: bool
    build: BuildSettings | None
    serve: ServeSettings | None

    def __init__(
        self,
        *,
        lang: str = "en",
        name: str,
        description: str,
        theme: Literal["dark", "light", "auto"] = "dark",
        ribbon: str | Literal[False] | None = None,
        banner: LabelObject | Literal[False] | None = None,
        text: Microcopy,
        home: str | None = None,
        pairs: PairSettings | None = None,
        hub: Hub | None = None,
        family_pages: FamilyPages | None = None,
        not_found: NotFound | None = None,
        comments_endpoint: str | None = None,
        base_url: str | None = None,
        social_cards: bool = True,
        build: BuildSettings | None = None,
        serve: ServeSettings | None = None,
    ) -> None:
        _set(self, "lang", lang)
        _set(self, "name", name)
        _set(self, "description", description)
        _set(self, "theme", theme)
        _set(self, "ribbon", ribbon)
        _set(self, "banner", banner)
        _set(self, "text", text)
        _set(self, "home", home)
        _set(self, "pairs", pairs)
        _set(self, "hub", hub)
        _set(self, "family_pages", family_pages)
        _set(self, "not_found", not_found)
        _set(self, "comments_endpoint", comments_endpoint)
        _set(self, "base_url", base_url)
        _set(self, "social_cards", social_cards)
        _set(self, "build", build)
        _set(self, "serve", serve)

    @staticmethod
    def _make(
        lang: str,
        name: str,
        description: str,
        theme: Literal["dark", "light", "auto"],
        ribbon: str | Literal[False] | None,
        banner: LabelObject | Literal[False] | None,
        text: Microcopy,
        home: str | None,
        pairs: PairSettings | None,
        hub: Hub | None,
        family_pages: FamilyPages | None,
        not_found: NotFound | None,
        comments_endpoint: str | None,
        base_url: str | None,
        social_cards: bool,
        build: BuildSettings | None,
        serve: ServeSettings | None,
    ) -> Site:
        """A Site from its field values in order (unpickling: they were checked)."""
        self = _new(Site)
        _set(self, "lang", lang)
        _set(self, "name", name)
        _set(self, "description", description)
        _set(self, "theme", theme)
        _set(self, "ribbon", ribbon)
        _set(self, "banner", banner)
        _set(self, "text", text)
        _set(self, "home", home)
        _set(self, "pairs", pairs)
        _set(self, "hub", hub)
        _set(self, "family_pages", family_pages)
        _set(self, "not_found", not_found)
        _set(self, "comments_endpoint", comments_endpoint)
        _set(self, "base_url", base_url)
        _set(self, "social_cards", social_cards)
        _set(self, "build", build)
        _set(self, "serve", serve)
        return self


class InfoCard(Record):
    """A titled paragraph; tied to a family when `family` is set."""

    __slots__ = (
        "body",
        "family",
        "icon",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "family",
        "icon",
        "title",
        "body",
    )
    _defaults: ClassVar[dict[str, Any]] = {"family": None, "icon": None}

    family: str | None
    icon: str | None
    title: str
    body: str

    def __init__(self, *, family: str | None = None, icon: str | None = None, title: str, body: str) -> None:
        _set(self, "family", family)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "body", body)

    @staticmethod
    def _make(family: str | None, icon: str | None, title: str, body: str) -> InfoCard:
        """A InfoCard from its field values in order (unpickling: they were checked)."""
        self = _new(InfoCard)
        _set(self, "family", family)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "body", body)
        return self


class FamilyCard(Record):
    """A family's own deep-dive card, kept in its family file."""

    __slots__ = (
        "body",
        "icon",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "icon",
        "title",
        "body",
    )
    _defaults: ClassVar[dict[str, Any]] = {"icon": None}

    icon: str | None
    title: str
    body: str

    def __init__(self, *, icon: str | None = None, title: str, body: str) -> None:
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "body", body)

    @staticmethod
    def _make(icon: str | None, title: str, body: str) -> FamilyCard:
        """A FamilyCard from its field values in order (unpickling: they were checked)."""
        self = _new(FamilyCard)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "body", body)
        return self


class DeepDive(Record):
    """The deep-dive section's title and each family's architecture card (content/deep-dive.yaml)."""

    __slots__ = (
        "cards",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "cards",
    )
    _defaults: ClassVar[dict[str, Any]] = {"cards": []}

    title: LabelObject
    cards: list[InfoCard]

    def __init__(self, *, title: LabelObject, cards: list[InfoCard] | None = None) -> None:
        _set(self, "title", title)
        _set(self, "cards", [] if cards is None else cards)

    @staticmethod
    def _make(title: LabelObject, cards: list[InfoCard]) -> DeepDive:
        """A DeepDive from its field values in order (unpickling: they were checked)."""
        self = _new(DeepDive)
        _set(self, "title", title)
        _set(self, "cards", cards)
        return self


class Benchmark(Fact):
    """One measured result: `name: value`, or a phrase when `display: phrase`."""

    __slots__ = (
        "display",
        "name",
        "note",
        "qualifier",
        "value",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "source",
        "as_of",
        "quantity",
        "name",
        "value",
        "qualifier",
        "note",
        "display",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "source": None,
        "as_of": None,
        "quantity": None,
        "qualifier": None,
        "note": None,
        "display": "label",
    }

    name: str
    value: str
    qualifier: str | None
    note: str | None
    display: Literal["label", "phrase"]

    def __init__(
        self,
        *,
        source: Source | None = None,
        as_of: dt.date | None = None,
        quantity: Quantity | None = None,
        name: str,
        value: str,
        qualifier: str | None = None,
        note: str | None = None,
        display: Literal["label", "phrase"] = "label",
    ) -> None:
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "name", name)
        _set(self, "value", value)
        _set(self, "qualifier", qualifier)
        _set(self, "note", note)
        _set(self, "display", display)

    @staticmethod
    def _make(  # type: ignore[override]
        source: Source | None,
        as_of: dt.date | None,
        quantity: Quantity | None,
        name: str,
        value: str,
        qualifier: str | None,
        note: str | None,
        display: Literal["label", "phrase"],
    ) -> Benchmark:
        """A Benchmark from its field values in order (unpickling: they were checked)."""
        self = _new(Benchmark)
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "name", name)
        _set(self, "value", value)
        _set(self, "qualifier", qualifier)
        _set(self, "note", note)
        _set(self, "display", display)
        return self


class BenchmarkGroup(Record):
    """One family's benchmark card."""

    __slots__ = (
        "end",
        "family",
        "icon",
        "items",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "family",
        "icon",
        "title",
        "end",
        "items",
    )
    _defaults: ClassVar[dict[str, Any]] = {"icon": None, "end": ""}

    family: str
    icon: str | None
    title: str
    end: str
    items: list[Benchmark]

    def __init__(
        self, *, family: str, icon: str | None = None, title: str, end: str = "", items: list[Benchmark]
    ) -> None:
        _set(self, "family", family)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "end", end)
        _set(self, "items", items)

    @staticmethod
    def _make(family: str, icon: str | None, title: str, end: str, items: list[Benchmark]) -> BenchmarkGroup:
        """A BenchmarkGroup from its field values in order (unpickling: they were checked)."""
        self = _new(BenchmarkGroup)
        _set(self, "family", family)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "end", end)
        _set(self, "items", items)
        return self


class FamilyBenchmarks(Record):
    """A family's own benchmark card, kept in its family file."""

    __slots__ = (
        "end",
        "icon",
        "items",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "icon",
        "title",
        "end",
        "items",
    )
    _defaults: ClassVar[dict[str, Any]] = {"icon": None, "end": ""}

    icon: str | None
    title: str
    end: str
    items: list[Benchmark]

    def __init__(self, *, icon: str | None = None, title: str, end: str = "", items: list[Benchmark]) -> None:
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "end", end)
        _set(self, "items", items)

    @staticmethod
    def _make(icon: str | None, title: str, end: str, items: list[Benchmark]) -> FamilyBenchmarks:
        """A FamilyBenchmarks from its field values in order (unpickling: they were checked)."""
        self = _new(FamilyBenchmarks)
        _set(self, "icon", icon)
        _set(self, "title", title)
        _set(self, "end", end)
        _set(self, "items", items)
        return self


class Benchmarks(Record):
    """The metrics section's title and each family's benchmark card (content/benchmarks.yaml)."""

    __slots__ = (
        "groups",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "groups",
    )
    _defaults: ClassVar[dict[str, Any]] = {"groups": []}

    title: LabelObject
    groups: list[BenchmarkGroup]

    def __init__(self, *, title: LabelObject, groups: list[BenchmarkGroup] | None = None) -> None:
        _set(self, "title", title)
        _set(self, "groups", [] if groups is None else groups)

    @staticmethod
    def _make(title: LabelObject, groups: list[BenchmarkGroup]) -> Benchmarks:
        """A Benchmarks from its field values in order (unpickling: they were checked)."""
        self = _new(Benchmarks)
        _set(self, "title", title)
        _set(self, "groups", groups)
        return self


class Cell(Fact):
    """One table cell."""

    __slots__ = ("text",)
    _fields: ClassVar[tuple[str, ...]] = (
        "source",
        "as_of",
        "quantity",
        "text",
    )
    _defaults: ClassVar[dict[str, Any]] = {"source": None, "as_of": None, "quantity": None}

    text: str

    def __init__(
        self,
        *,
        source: Source | None = None,
        as_of: dt.date | None = None,
        quantity: Quantity | None = None,
        text: str,
    ) -> None:
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "text", text)

    @staticmethod
    def _make(  # type: ignore[override]
        source: Source | None, as_of: dt.date | None, quantity: Quantity | None, text: str
    ) -> Cell:
        """A Cell from its field values in order (unpickling: they were checked)."""
        self = _new(Cell)
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "text", text)
        return self


class Highlight(Fact):
    """One labelled line on a family card."""

    __slots__ = (
        "icon",
        "label",
        "text",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "source",
        "as_of",
        "quantity",
        "icon",
        "label",
        "text",
    )
    _defaults: ClassVar[dict[str, Any]] = {"source": None, "as_of": None, "quantity": None, "icon": None}

    icon: str | None
    label: str
    text: str

    def __init__(
        self,
        *,
        source: Source | None = None,
        as_of: dt.date | None = None,
        quantity: Quantity | None = None,
        icon: str | None = None,
        label: str,
        text: str,
    ) -> None:
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "icon", icon)
        _set(self, "label", label)
        _set(self, "text", text)

    @staticmethod
    def _make(  # type: ignore[override]
        source: Source | None,
        as_of: dt.date | None,
        quantity: Quantity | None,
        icon: str | None,
        label: str,
        text: str,
    ) -> Highlight:
        """A Highlight from its field values in order (unpickling: they were checked)."""
        self = _new(Highlight)
        _set(self, "source", source)
        _set(self, "as_of", as_of)
        _set(self, "quantity", quantity)
        _set(self, "icon", icon)
        _set(self, "label", label)
        _set(self, "text", text)
        return self


class Family(Record):
    """One model family (content/families/<id>.yaml)."""

    __slots__ = (
        "accent",
        "accent_2",
        "benchmarks",
        "deep_dive",
        "draft",
        "guide",
        "highlights",
        "icons",
        "id",
        "name",
        "order",
        "short_name",
        "table",
        "tagline",
        "tags",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "id",
        "order",
        "name",
        "short_name",
        "icons",
        "tagline",
        "accent",
        "accent_2",
        "highlights",
        "tags",
        "table",
        "deep_dive",
        "benchmarks",
        "guide",
        "draft",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "order": 100,
        "icons": [],
        "accent_2": None,
        "highlights": [],
        "tags": [],
        "table": {},
        "deep_dive": None,
        "benchmarks": None,
        "guide": None,
        "draft": False,
    }

    id: str
    order: int
    name: str
    short_name: str
    icons: list[str]
    tagline: str
    accent: str
    accent_2: str | None
    highlights: list[Highlight]
    tags: list[str]
    table: dict[str, Cell]
    deep_dive: FamilyCard | None
    benchmarks: FamilyBenchmarks | None
    guide: str | None
    draft: bool

    def __init__(
        self,
        *,
        id: str,
        order: int = 100,
        name: str,
        short_name: str,
        icons: list[str] | None = None,
        tagline: str,
        accent: str,
        accent_2: str | None = None,
        highlights: list[Highlight] | None = None,
        tags: list[str] | None = None,
        table: dict[str, Cell] | None = None,
        deep_dive: FamilyCard | None = None,
        benchmarks: FamilyBenchmarks | None = None,
        guide: str | None = None,
        draft: bool = False,
    ) -> None:
        _set(self, "id", id)
        _set(self, "order", order)
        _set(self, "name", name)
        _set(self, "short_name", short_name)
        _set(self, "icons", [] if icons is None else icons)
        _set(self, "tagline", tagline)
        _set(self, "accent", accent)
        _set(self, "accent_2", accent_2)
        _set(self, "highlights", [] if highlights is None else highlights)
        _set(self, "tags", [] if tags is None else tags)
        _set(self, "table", {} if table is None else table)
        _set(self, "deep_dive", deep_dive)
        _set(self, "benchmarks", benchmarks)
        _set(self, "guide", guide)
        _set(self, "draft", draft)

    @staticmethod
    def _make(
        id: str,
        order: int,
        name: str,
        short_name: str,
        icons: list[str],
        tagline: str,
        accent: str,
        accent_2: str | None,
        highlights: list[Highlight],
        tags: list[str],
        table: dict[str, Cell],
        deep_dive: FamilyCard | None,
        benchmarks: FamilyBenchmarks | None,
        guide: str | None,
        draft: bool,
    ) -> Family:
        """A Family from its field values in order (unpickling: they were checked)."""
        self = _new(Family)
        _set(self, "id", id)
        _set(self, "order", order)
        _set(self, "name", name)
        _set(self, "short_name", short_name)
        _set(self, "icons", icons)
        _set(self, "tagline", tagline)
        _set(self, "accent", accent)
        _set(self, "accent_2", accent_2)
        _set(self, "highlights", highlights)
        _set(self, "tags", tags)
        _set(self, "table", table)
        _set(self, "deep_dive", deep_dive)
        _set(self, "benchmarks", benchmarks)
        _set(self, "guide", guide)
        _set(self, "draft", draft)
        return self


class Hero(Record):
    """A page's opening: its one h1, subtitle and pills."""

    __slots__ = (
        "pills",
        "subtitle",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "subtitle",
        "pills",
    )
    _defaults: ClassVar[dict[str, Any]] = {"subtitle": None, "pills": []}

    title: str
    subtitle: str | None
    pills: list[LabelObject]

    def __init__(
        self, *, title: str, subtitle: str | None = None, pills: list[LabelObject] | None = None
    ) -> None:
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "pills", [] if pills is None else pills)

    @staticmethod
    def _make(title: str, subtitle: str | None, pills: list[LabelObject]) -> Hero:
        """A Hero from its field values in order (unpickling: they were checked)."""
        self = _new(Hero)
        _set(self, "title", title)
        _set(self, "subtitle", subtitle)
        _set(self, "pills", pills)
        return self


class Synergy(Record):
    """The banner paragraph on how the families work together."""

    __slots__ = (
        "body",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "body",
    )
    _defaults: ClassVar[dict[str, Any]] = {}

    title: LabelObject
    body: str

    def __init__(self, *, title: LabelObject, body: str) -> None:
        _set(self, "title", title)
        _set(self, "body", body)

    @staticmethod
    def _make(title: LabelObject, body: str) -> Synergy:
        """A Synergy from its field values in order (unpickling: they were checked)."""
        self = _new(Synergy)
        _set(self, "title", title)
        _set(self, "body", body)
        return self


class FeatureRow(Record):
    """One attribute with a value per family id."""

    __slots__ = (
        "attribute",
        "values",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "attribute",
        "values",
    )
    _defaults: ClassVar[dict[str, Any]] = {"values": {}}

    attribute: str
    values: dict[str, Cell]

    def __init__(self, *, attribute: str, values: dict[str, Cell] | None = None) -> None:
        _set(self, "attribute", attribute)
        _set(self, "values", {} if values is None else values)

    @staticmethod
    def _make(attribute: str, values: dict[str, Cell]) -> FeatureRow:
        """A FeatureRow from its field values in order (unpickling: they were checked)."""
        self = _new(FeatureRow)
        _set(self, "attribute", attribute)
        _set(self, "values", values)
        return self


class Features(Record):
    """The comparison table (content/features.yaml)."""

    __slots__ = (
        "attribute_header",
        "rows",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "attribute_header",
        "rows",
    )
    _defaults: ClassVar[dict[str, Any]] = {}

    title: LabelObject
    attribute_header: str
    rows: list[FeatureRow]

    def __init__(self, *, title: LabelObject, attribute_header: str, rows: list[FeatureRow]) -> None:
        _set(self, "title", title)
        _set(self, "attribute_header", attribute_header)
        _set(self, "rows", rows)

    @staticmethod
    def _make(title: LabelObject, attribute_header: str, rows: list[FeatureRow]) -> Features:
        """A Features from its field values in order (unpickling: they were checked)."""
        self = _new(Features)
        _set(self, "title", title)
        _set(self, "attribute_header", attribute_header)
        _set(self, "rows", rows)
        return self


class GuideItem(Record):
    """One piece of advice, tied to a family when `family` is set."""

    __slots__ = (
        "family",
        "text",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "family",
        "text",
    )
    _defaults: ClassVar[dict[str, Any]] = {"family": None}

    family: str | None
    text: str

    def __init__(self, *, family: str | None = None, text: str) -> None:
        _set(self, "family", family)
        _set(self, "text", text)

    @staticmethod
    def _make(family: str | None, text: str) -> GuideItem:
        """A GuideItem from its field values in order (unpickling: they were checked)."""
        self = _new(GuideItem)
        _set(self, "family", family)
        _set(self, "text", text)
        return self


class Guide(Record):
    """The decision guide's title and each family's advice (content/guide.yaml)."""

    __slots__ = (
        "items",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "items",
    )
    _defaults: ClassVar[dict[str, Any]] = {"items": []}

    title: LabelObject
    items: list[GuideItem]

    def __init__(self, *, title: LabelObject, items: list[GuideItem] | None = None) -> None:
        _set(self, "title", title)
        _set(self, "items", [] if items is None else items)

    @staticmethod
    def _make(title: LabelObject, items: list[GuideItem]) -> Guide:
        """A Guide from its field values in order (unpickling: they were checked)."""
        self = _new(Guide)
        _set(self, "title", title)
        _set(self, "items", items)
        return self


class FormField(Record):
    """One input of the reply form."""

    __slots__ = (
        "autocomplete",
        "label",
        "name",
        "required",
        "type",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "name",
        "label",
        "type",
        "required",
        "autocomplete",
    )
    _defaults: ClassVar[dict[str, Any]] = {"type": "text", "required": False, "autocomplete": None}

    name: str
    label: str
    type: Literal["text", "email", "url", "textarea"]
    required: bool
    autocomplete: str | None

    def __init__(
        self,
        *,
        name: str,
        label: str,
        type: Literal["text", "email", "url", "textarea"] = "text",
        required: bool = False,
        autocomplete: str | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "label", label)
        _set(self, "type", type)
        _set(self, "required", required)
        _set(self, "autocomplete", autocomplete)

    @staticmethod
    def _make(
        name: str,
        label: str,
        type: Literal["text", "email", "url", "textarea"],
        required: bool,
        autocomplete: str | None,
    ) -> FormField:
        """A FormField from its field values in order (unpickling: they were checked)."""
        self = _new(FormField)
        _set(self, "name", name)
        _set(self, "label", label)
        _set(self, "type", type)
        _set(self, "required", required)
        _set(self, "autocomplete", autocomplete)
        return self


class Reply(Record):
    """The comment form (content/reply.yaml)."""

    __slots__ = (
        "closed_note",
        "fields",
        "note",
        "required_marker",
        "required_note",
        "submit",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "title",
        "note",
        "required_note",
        "required_marker",
        "fields",
        "submit",
        "closed_note",
    )
    _defaults: ClassVar[dict[str, Any]] = {"required_marker": "*"}

    title: str
    note: str
    required_note: str
    required_marker: str
    fields: list[FormField]
    submit: str
    closed_note: str

    def __init__(
        self,
        *,
        title: str,
        note: str,
        required_note: str,
        required_marker: str = "*",
        fields: list[FormField],
        submit: str,
        closed_note: str,
    ) -> None:
        _set(self, "title", title)
        _set(self, "note", note)
        _set(self, "required_note", required_note)
        _set(self, "required_marker", required_marker)
        _set(self, "fields", fields)
        _set(self, "submit", submit)
        _set(self, "closed_note", closed_note)

    @staticmethod
    def _make(
        title: str,
        note: str,
        required_note: str,
        required_marker: str,
        fields: list[FormField],
        submit: str,
        closed_note: str,
    ) -> Reply:
        """A Reply from its field values in order (unpickling: they were checked)."""
        self = _new(Reply)
        _set(self, "title", title)
        _set(self, "note", note)
        _set(self, "required_note", required_note)
        _set(self, "required_marker", required_marker)
        _set(self, "fields", fields)
        _set(self, "submit", submit)
        _set(self, "closed_note", closed_note)
        return self


class PageSpec(Record):
    """One comparison page (content/pages/<slug>.yaml): its families and its own text."""

    __slots__ = (
        "banner",
        "card_title",
        "deep_dive",
        "description",
        "draft",
        "families",
        "guide",
        "hero",
        "metrics",
        "ribbon",
        "slug",
        "synergy",
        "title",
    )
    _fields: ClassVar[tuple[str, ...]] = (
        "slug",
        "families",
        "title",
        "description",
        "draft",
        "card_title",
        "hero",
        "ribbon",
        "banner",
        "deep_dive",
        "synergy",
        "metrics",
        "guide",
    )
    _defaults: ClassVar[dict[str, Any]] = {
        "slug": None,
        "families": None,
        "draft": False,
        "card_title": None,
        "ribbon": None,
        "banner": None,
        "deep_dive": [],
        "synergy": None,
        "metrics": [],
        "guide": [],
    }

    slug: str | None
    families: list[str] | None
    title: str
    description: str
    draft: bool
    card_title: str | None
    hero: Hero
    ribbon: str | Literal[False] | None
    banner: LabelObject | Literal[False] | None
    deep_dive: list[InfoCard]
    synergy: Synergy | None
    metrics: list[InfoCard]
    guide: list[GuideItem]

    def __init__(
        self,
        *,
        slug: str | None = None,
        families: list[str] | None = None,
        title: str,
        description: str,
        draft: bool = False,
        card_title: str | None = None,
        hero: Hero,
        ribbon: str | Literal[False] | None = None,
        banner: LabelObject | Literal[False] | None = None,
        deep_dive: list[InfoCard] | None = None,
        synergy: Synergy | None = None,
        metrics: list[InfoCard] | None = None,
        guide: list[GuideItem] | None = None,
    ) -> None:
        _set(self, "slug", slug)
        _set(self, "families", families)
        _set(self, "title", title)
        _set(self, "description", description)
        _set(self, "draft", draft)
        _set(self, "card_title", card_title)
        _set(self, "hero", hero)
        _set(self, "ribbon", ribbon)
        _set(self, "banner", banner)
        _set(self, "deep_dive", [] if deep_dive is None else deep_dive)
        _set(self, "synergy", synergy)
        _set(self, "metrics", [] if metrics is None else metrics)
        _set(self, "guide", [] if guide is None else guide)

    @staticmethod
    def _make(
        slug: str | None,
        families: list[str] | None,
        title: str,
        description: str,
        draft: bool,
        card_title: str | None,
        hero: Hero,
        ribbon: str | Literal[False] | None,
        banner: LabelObject | Literal[False] | None,
        deep_dive: list[InfoCard],
        synergy: Synergy | None,
        metrics: list[InfoCard],
        guide: list[GuideItem],
    ) -> PageSpec:
        """A PageSpec from its field values in order (unpickling: they were checked)."""
        self = _new(PageSpec)
        _set(self, "slug", slug)
        _set(self, "families", families)
        _set(self, "title", title)
        _set(self, "description", description)
        _set(self, "draft", draft)
        _set(self, "card_title", card_title)
        _set(self, "hero", hero)
        _set(self, "ribbon", ribbon)
        _set(self, "banner", banner)
        _set(self, "deep_dive", deep_dive)
        _set(self, "synergy", synergy)
        _set(self, "metrics", metrics)
        _set(self, "guide", guide)
        return self
