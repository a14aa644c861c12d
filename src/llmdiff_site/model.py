"""The typed content model: what each kind of content file may hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, field_validator

FAMILY_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
HEX_COLOR = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"


class InlineMarkdown:
    """Marks a text field that accepts inline Markdown (bold, links, code)."""


Text = Annotated[str, Field(min_length=1)]
Inline = Annotated[str, Field(min_length=1), InlineMarkdown()]
FamilyId = Annotated[str, Field(pattern=FAMILY_ID)]
Color = Annotated[str, Field(pattern=HEX_COLOR)]


class Strict(BaseModel):
    """Base for every content object: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _label_shorthand(value: Any) -> Any:
    """Let `title: Plain text` stand for `title: {text: Plain text}`."""
    return {"text": value} if isinstance(value, str) else value


class LabelObject(Strict):
    """A short text with optional decorative icons before and after it."""

    text: Text
    icon: str | None = None
    icon_end: str | None = None


Label = Annotated[LabelObject, BeforeValidator(_label_shorthand, json_schema_input_type=str | LabelObject)]


class Source(Strict):
    """Where a fact comes from."""

    url: str
    title: str | None = None


class Fact(Strict):
    """A value that may say where it comes from and when it was last checked."""

    source: Source | None = None
    as_of: dt.date | None = None


# --- site.yaml ---------------------------------------------------------------


class Microcopy(Strict):
    """The small strings and marks that sit between content (bullets, separators)."""

    families_label: Text
    list_marker: str = "•"
    separator: str = " · "
    label_suffix: str = ":"
    tag_prefix: str = "#"


class Site(Strict):
    """Site-wide text and settings (content/site.yaml)."""

    lang: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    title: Text
    description: Text
    ribbon: Text | None = None
    banner: Label | None = None
    text: Microcopy
    compare: list[FamilyId] | None = None
    comments_endpoint: str | None = None
    base_url: str | None = None

    @field_validator("comments_endpoint", "base_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """Only addresses a browser may post to or link to safely."""
        if value is not None and not value.startswith(("https://", "http://", "/")):
            raise ValueError("must start with https://, http:// or /")
        return value


# --- families/<id>.yaml ---------------------------------------------------------


class Highlight(Fact):
    """One labelled line on a family card."""

    icon: str | None = None
    label: Text
    text: Inline


class Family(Strict):
    """One model family (content/families/<id>.yaml)."""

    id: FamilyId
    order: StrictInt = 100
    name: Text
    short_name: Text
    icons: list[str] = []
    tagline: Inline
    accent: Color
    accent_2: Color | None = None
    highlights: list[Highlight] = []
    tags: list[Text] = []


# --- hero.yaml, synergy.yaml ---------------------------------------------------------


class Hero(Strict):
    """The page's opening: its one h1, subtitle and pills (content/hero.yaml)."""

    title: Text
    subtitle: Inline | None = None
    pills: list[Label] = []


class Synergy(Strict):
    """The banner paragraph on how the families work together (content/synergy.yaml)."""

    title: Label
    body: Inline


# --- deep-dive.yaml, benchmarks.yaml ----------------------------------------------


class InfoCard(Strict):
    """A titled paragraph; tied to a family when `family` is set."""

    family: FamilyId | None = None
    icon: str | None = None
    title: Text
    body: Inline


class DeepDive(Strict):
    """Architectural cards (content/deep-dive.yaml)."""

    title: Label
    cards: list[InfoCard] = Field(min_length=1)


class Benchmark(Fact):
    """One measured result: `name: value`, or a phrase when `display: phrase`."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Text
    value: Text
    qualifier: str | None = None
    note: str | None = None
    display: Literal["label", "phrase"] = "label"


class BenchmarkGroup(Strict):
    """One family's benchmark card."""

    family: FamilyId
    icon: str | None = None
    title: Text
    end: str = ""
    items: list[Benchmark] = Field(min_length=1)


class Benchmarks(Strict):
    """The metrics section (content/benchmarks.yaml)."""

    title: Label
    groups: list[BenchmarkGroup] = []
    cards: list[InfoCard] = []


# --- features.yaml ------------------------------------------------------------


class Cell(Fact):
    """One table cell."""

    text: Inline


Cellish = Annotated[Cell, BeforeValidator(_label_shorthand, json_schema_input_type=str | Cell)]


class FeatureRow(Strict):
    """One attribute with a value per family id."""

    attribute: Text
    values: dict[FamilyId, Cellish]


class Features(Strict):
    """The comparison table (content/features.yaml)."""

    title: Label
    attribute_header: Text
    rows: list[FeatureRow] = Field(min_length=1)


# --- guide.yaml, reply.yaml ----------------------------------------------------------


class GuideItem(Strict):
    """One piece of advice, tied to a family when `family` is set."""

    family: FamilyId | None = None
    text: Inline


class Guide(Strict):
    """The decision guide (content/guide.yaml)."""

    title: Label
    items: list[GuideItem] = Field(min_length=1)


class FormField(Strict):
    """One input of the reply form."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    label: Text
    type: Literal["text", "email", "url", "textarea"] = "text"
    required: bool = False
    autocomplete: str | None = None


class Reply(Strict):
    """The comment form (content/reply.yaml)."""

    title: Text
    note: Inline
    required_note: Text
    required_marker: Text = "*"
    fields: list[FormField] = Field(min_length=1)
    submit: Text
    closed_note: Inline


# --- the whole ---------------------------------------------------------------


FILE_KINDS: dict[str, type[Strict]] = {
    "site.yaml": Site,
    "hero.yaml": Hero,
    "deep-dive.yaml": DeepDive,
    "features.yaml": Features,
    "synergy.yaml": Synergy,
    "benchmarks.yaml": Benchmarks,
    "guide.yaml": Guide,
    "reply.yaml": Reply,
}
"""Single files under content/, by name; families live one per file in content/families/."""


@dataclass(frozen=True)
class Content:
    """Everything read from content/, validated and cross-checked."""

    site: Site
    families: tuple[Family, ...]
    hero: Hero | None = None
    deep_dive: DeepDive | None = None
    features: Features | None = None
    synergy: Synergy | None = None
    benchmarks: Benchmarks | None = None
    guide: Guide | None = None
    reply: Reply | None = None

    def compared(self) -> tuple[Family, ...]:
        """The families the page compares, in page order."""
        if self.site.compare is None:
            return self.families
        by_id = {f.id: f for f in self.families}
        return tuple(by_id[i] for i in self.site.compare if i in by_id)
