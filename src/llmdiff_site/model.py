"""The typed content model: what each kind of content file may hold."""

import datetime as dt
import functools
import types
import typing
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from llmdiff_site import records
from llmdiff_site.content import FAMILY_ID, FILE_KINDS, HEX_COLOR, PAIR_PLACEHOLDERS, SLUG
from llmdiff_site.loader import Scalar
from llmdiff_site.safefs import WINDOWS_RESERVED
from llmdiff_site.urls import url_problem
from llmdiff_site.values import Record


class InlineMarkdown:
    """Marks a text field that accepts inline Markdown (bold, links, code)."""


Text = Annotated[str, Field(min_length=1)]
Inline = Annotated[str, Field(min_length=1), InlineMarkdown()]
FamilyId = Annotated[str, Field(pattern=FAMILY_ID)]
Color = Annotated[str, Field(pattern=HEX_COLOR)]


class Strict(BaseModel):
    """Base for every content object: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _plain_scalars(cls, data: Any) -> Any:
        """Text fields take a plain scalar's text as written; other fields take its value."""
        if not isinstance(data, dict) or not any(isinstance(v, Scalar) for v in data.values()):
            return data
        kinds = _field_kinds(cls)
        out = dict(data)
        for key, value in data.items():
            if isinstance(value, Scalar):
                kind = kinds.get(key, "typed")
                if kind == "typed" or (kind == "optional" and value.value is None):
                    out[key] = value.value
        return out


_TEXTUAL: tuple[type, ...] = (str,)
"""Types a plain scalar is text for; models with a text shorthand (labels, cells) join below."""


@functools.cache
def _field_kinds(model: type[BaseModel]) -> dict[str, str]:
    """Per field: 'text', 'optional' (text or nothing), 'container' or 'typed'."""
    kinds: dict[str, str] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1
        base = args[0] if optional else annotation
        if typing.get_origin(base) is typing.Annotated:
            base = typing.get_args(base)[0]
        if isinstance(base, type) and issubclass(base, _TEXTUAL):
            kinds[name] = "optional" if optional else "text"
        elif typing.get_origin(base) in (list, dict):
            kinds[name] = "container"
        else:
            kinds[name] = "typed"
    return kinds


def _label_shorthand(value: Any) -> Any:
    """Let `title: Plain text` stand for `title: {text: Plain text}`."""
    return {"text": value} if isinstance(value, str) else value


class LabelObject(Strict):
    """A short text with optional decorative icons before and after it."""

    text: Text
    """The text."""
    icon: str | None = None
    """An emoji before it."""
    icon_end: str | None = None
    """An emoji after it."""


Label = Annotated[LabelObject, BeforeValidator(_label_shorthand, json_schema_input_type=str | LabelObject)]


class Source(Strict):
    """Where a fact comes from."""

    url: str
    """The source's address."""
    title: str | None = None
    """The source's title, as listed."""


def _calendar_day(value: Any) -> Any:
    """A date is written as a date: a number (0 would be 1970-01-01) or a time of day is refused."""
    if isinstance(value, bool | int | float):
        raise ValueError(f"expected a date like 2026-01-31, got a number ({value})")
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time of day, like 2026-01-31")
    return value


Day = Annotated[dt.date, BeforeValidator(_calendar_day)]


class Quantity(Strict):
    """A number (or a range) behind a fact's text, so pages can draw it: `value`, or `low` and `high`."""

    value: float | None = None
    """The number."""
    low: float | None = None
    """The low end of a range."""
    high: float | None = None
    """The high end of a range."""
    unit: str = ""
    """Its unit, shown after it (`B`, `tokens/s`)."""
    better: Literal["higher", "lower"] | None = None
    """Which way is better; unset when neither is (a scale, not a score)."""

    @model_validator(mode="after")
    def _one_shape(self) -> "Quantity":
        """Either one value, or a range with low ≤ high."""
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValueError("give either 'value' or 'low' and 'high', not both")
        if self.value is None:
            if self.low is None or self.high is None:
                raise ValueError("give 'value', or both 'low' and 'high'")
            if self.low > self.high:
                raise ValueError(f"low ({self.low:g}) is above high ({self.high:g})")
        return self

    @property
    def span(self) -> tuple[float, float]:
        """(low, high); a single value is a range of one point."""
        if self.value is not None:
            return self.value, self.value
        assert self.low is not None and self.high is not None
        return self.low, self.high


class Fact(Strict):
    """A value that may say where it comes from, when it was last checked, and what number it holds."""

    source: Source | None = None
    """Where the fact comes from: a link and its title, listed under the section as a numbered note."""
    as_of: Day | None = None
    """When the fact was last checked (YYYY-MM-DD); `check --stale` lists old ones."""
    quantity: Quantity | None = None
    """The number behind the text, so a page can chart it when every family has one."""


# --- site.yaml ---------------------------------------------------------------


class Microcopy(Strict):
    """The small strings and marks that sit between content (bullets, separators, labels)."""

    families_label: Text
    """The accessible name of the family cards' region."""
    list_marker: str = "•"
    """The bullet before a highlight without an icon."""
    separator: str = " · "
    """Between items in one line."""
    label_suffix: str = ":"
    """After a highlight's label."""
    tag_prefix: str = "#"
    """Before each tag."""
    range_separator: str = " – "
    """Between the ends of a range (10 – 20)."""
    sources_label: Text | None = None
    """The heading of a section's source notes."""
    data_as_of: Text | None = None
    """Before the date a fact was checked."""
    downloads_label: Text | None = None
    """Before the download links."""
    export_json: Text | None = None
    """The data.json link's text."""
    export_csv: Text | None = None
    """The features.csv link's text."""
    all_comparisons: Text | None = None
    """The link back to the hub."""
    charts_title: Text | None = None
    """Heading of the charts drawn from numbers every family on a page has (no charts when unset)."""
    better_higher: Text | None = None
    """Said of a chart where a higher number is better (its accessible description, and a caption)."""
    better_lower: Text | None = None
    """Under a chart where lower is better."""
    best_marker: str = "★"
    """Marks the best value in a chart."""
    log_scale: Text | None = None
    """Said of a chart drawn on a log scale (its numbers span more than 100×)."""
    only_differences: Text | None = None
    """The switch that hides table rows whose values are the same for every family on the page."""
    skip_link: Text | None = None
    """The skip link for keyboard users (unset: none)."""
    draft_mark: Text = "Draft"
    """The mark on draft pages in `serve` and `build --drafts`."""
    """The first link on every page, for keyboard users: it jumps past the header to the content."""


def _pairs_shorthand(value: Any) -> Any:
    """Let `pairs: all` stand for `pairs: {families: all}`."""
    return {"families": value} if isinstance(value, str) else value


class PairSettings(Strict):
    """Which "A vs B" pages to generate, and their text ({a}, {b}, {a_name}, {b_name} are filled in)."""

    families: Literal["all"] | list[Annotated[list[FamilyId], Field(min_length=2)]] = "all"
    """`all`, or groups of family ids whose every two make a page."""
    title: Text = "{a} vs {b}"
    """Each page's title; {a}, {b}, {a_name}, {b_name} are filled in."""
    subtitle: Inline | None = None
    """Each page's subtitle, with the same placeholders."""
    description: Text | None = None
    """Each page's description, with the same placeholders."""
    max_pages: Annotated[int, Field(ge=1)] = 20_000
    """A guard: generating more pair pages than this is an error (raise it on purpose)."""

    @field_validator("title", "subtitle", "description")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        """Only the four pair placeholders may appear in braces."""
        if value is None:
            return value
        rest = value
        for placeholder in PAIR_PLACEHOLDERS:
            rest = rest.replace(placeholder, "")
        if "{" in rest or "}" in rest:
            raise ValueError(f"only {', '.join(PAIR_PLACEHOLDERS)} may appear in braces")
        return value


PairsField = Annotated[
    PairSettings, BeforeValidator(_pairs_shorthand, json_schema_input_type=Literal["all"] | PairSettings)
]


class Hub(Strict):
    """The page that lists every comparison."""

    title: Text
    """The hub page's headline."""
    intro: Inline | None = None
    """A line under it."""
    grid_title: Text | None = None
    """Heading of the family × family grid (shown for 3 to `grid_limit` families when set)."""
    grid_limit: Annotated[int, Field(strict=True, ge=3, le=24)] = 16
    """The most families the family × family grid shows."""
    families_title: Text | None = None
    """Heading of the list of family pages (needs `family_pages`)."""
    card_limit: Annotated[int, Field(strict=True, ge=1)] = 60
    """Past this many comparisons, and with family pages, the hub lists families instead of
    every comparison: each family page lists its own, so every page stays two clicks away."""


class FamilyPages(Strict):
    """A page for every family (families/<id>/): its card, facts, entries and comparisons."""

    comparisons_title: Text
    """Heading of the list of comparisons that include the family."""
    facts_title: Text | None = None
    """Heading of the family's table values; the table's own title when not set."""


class NotFound(Strict):
    """The 404 page's text."""

    title: Text
    """The 404 page's headline."""
    body: Inline
    """Its paragraph (inline Markdown)."""
    link_text: Text
    """The link back home."""


Slug = Annotated[str, Field(pattern=SLUG)]


def _inside_site(value: str) -> str:
    """A folder named in site.yaml stays inside the site: a cloned site never writes elsewhere."""
    if value != value.strip() or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        raise ValueError("must be a plain folder name: no invisible, control or surrounding space characters")
    plain = unicodedata.normalize("NFKC", value).casefold()  # ＣＯＮＴＥＮＴ and CONTENT are content/ too
    parts = [part for part in plain.replace("\\", "/").split("/") if part not in ("", ".")]
    if value.startswith(("/", "\\", "~")) or (len(value) > 1 and value[1] == ":") or ".." in parts:
        raise ValueError("must be a folder inside the site, written relative to it (no '..', '/' or '~')")
    if any(part.startswith(".") or part != part.rstrip(". ") for part in parts):
        raise ValueError("must not be a hidden folder (.git, .cache …) or end in a dot or space")
    if any(part.split(".", 1)[0] in WINDOWS_RESERVED for part in parts):
        raise ValueError("must not be a name Windows reserves (con, nul, com1 …)")
    if not parts or parts[0] == "content":
        raise ValueError("must be a folder of its own, not the site folder or content/")
    return value


SiteFolder = Annotated[str, Field(min_length=1, pattern=r"^[^\x00-\x1f]+$"), AfterValidator(_inside_site)]


class BuildSettings(Strict):
    """Where `llmdiff build`, `check` and `serve` read and write; folders relative to the site folder."""

    output: SiteFolder = "build"
    """The folder `llmdiff build` writes (`--out` overrides it)."""
    templates: SiteFolder = "templates"
    """Templates folder; files here override the packaged ones one by one."""
    static: SiteFolder = "static"
    """Static files folder, copied to the output as they are."""


class ServeSettings(Strict):
    """Defaults for `llmdiff serve`."""

    port: Annotated[int, Field(strict=True, ge=1, le=65535)] = 8000
    """The port tried first; when it is taken the next free one is used (`-p` overrides it)."""


class SiteSettings(Strict):
    """The part of site.yaml the command line reads before anything else."""

    build: BuildSettings | None = None
    """See Site.build."""
    serve: ServeSettings | None = None
    """See Site.serve."""


class Site(Strict):
    """Site-wide text and settings (content/site.yaml)."""

    lang: Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    """The pages' language (BCP 47: en, de, pt-BR)."""
    name: Text
    """The site's name, in titles and the hub."""
    description: Text
    """The site's summary, for search engines."""
    theme: Literal["dark", "light", "auto"] = "dark"
    """The look: the lush dark one, a light one, or whichever the reader's system prefers."""
    ribbon: Text | Literal[False] | None = None
    """The corner ribbon on hand-written pages; `false` or unset shows none."""
    banner: Label | Literal[False] | None = None
    """The banner under the title line on hand-written pages; `false` or unset shows none."""
    text: Microcopy
    """The small words every page uses (labels, links, markers)."""
    home: Slug | None = None
    """The page published at the site's root (default: the first page, or the hub)."""
    pairs: PairsField | None = None
    """Make an "A vs B" page for every two families (`all`), or within groups."""
    hub: Hub | None = None
    """The page listing every comparison (needed with more than one page)."""
    family_pages: FamilyPages | None = None
    """Give each family a page of its own, at /families/<id>/."""
    not_found: NotFound | None = None
    """The text of the 404 page."""
    comments_endpoint: str | None = None
    """Where the reply form posts (a form service's address)."""
    base_url: str | None = None
    """The published site's address: canonical links, sitemap, social cards."""
    social_cards: bool = True
    """Draw a 1200×630 link-preview image per comparison (og:image, twitter:image)."""
    build: BuildSettings | None = None
    """Folders for build, check and serve, relative to the site folder."""
    serve: ServeSettings | None = None
    """Defaults for `llmdiff serve`."""

    @field_validator("comments_endpoint")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """Only addresses a browser may post to safely: http(s) with a host, or a path on this site."""
        if value is not None and (problem := url_problem(value, paths=True)):
            raise ValueError(problem)
        return value

    @field_validator("base_url")
    @classmethod
    def _absolute(cls, value: str | None) -> str | None:
        """Canonical URLs, robots.txt and the sitemap need one absolute, single-line address."""
        if value is not None and (problem := url_problem(value, base=True)):
            raise ValueError(problem)
        return value


# --- deep-dive.yaml, benchmarks.yaml ----------------------------------------------


class InfoCard(Strict):
    """A titled paragraph; tied to a family when `family` is set."""

    family: FamilyId | None = None
    """The family the card belongs to (unset: shared by all)."""
    icon: str | None = None
    """An emoji before the title."""
    title: Text
    """The card's title."""
    body: Inline
    """The card's paragraph (inline Markdown)."""


class FamilyCard(Strict):
    """A family's own deep-dive card, kept in its family file."""

    icon: str | None = None
    """An emoji before the title."""
    title: Text
    """The card's title."""
    body: Inline
    """The card's paragraph (inline Markdown)."""


class DeepDive(Strict):
    """The deep-dive section's title and each family's architecture card (content/deep-dive.yaml)."""

    title: Label
    """The section's heading."""
    cards: list[InfoCard] = []
    """Architecture cards, each tied to a family or shared."""


class Benchmark(Fact):
    """One measured result: `name: value`, or a phrase when `display: phrase`."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True)

    name: Text
    """The benchmark's name (MMLU, FID …)."""
    value: Text
    """Its result as shown, e.g. `86.4%`."""
    qualifier: str | None = None
    """A few words after the value, e.g. `(5-shot)`."""
    note: str | None = None
    """A remark shown under the line."""
    display: Literal["label", "phrase"] = "label"
    """`label` shows `name: value`; `phrase` shows the value alone, as a sentence."""


class BenchmarkGroup(Strict):
    """One family's benchmark card."""

    family: FamilyId
    """The family this card belongs to."""
    icon: str | None = None
    """An emoji before the title."""
    title: Text
    """The card's title."""
    end: str = ""
    """Text after the list, e.g. a footnote."""
    items: list[Benchmark] = Field(min_length=1)
    """The benchmark lines."""


class FamilyBenchmarks(Strict):
    """A family's own benchmark card, kept in its family file."""

    icon: str | None = None
    """An emoji before the title."""
    title: Text
    """The card's title."""
    end: str = ""
    """Text after the list."""
    items: list[Benchmark] = Field(min_length=1)
    """The benchmark lines."""


class Benchmarks(Strict):
    """The metrics section's title and each family's benchmark card (content/benchmarks.yaml)."""

    title: Label
    """The section's heading."""
    groups: list[BenchmarkGroup] = []
    """One benchmark card per family."""


class Cell(Fact):
    """One table cell."""

    text: Inline
    """What the cell says (inline Markdown)."""


Cellish = Annotated[Cell, BeforeValidator(_label_shorthand, json_schema_input_type=str | Cell)]
_TEXTUAL = (str, LabelObject, Cell)


# --- families/<id>.yaml ---------------------------------------------------------


class Highlight(Fact):
    """One labelled line on a family card."""

    icon: str | None = None
    """An emoji before the label (default: `text.list_marker`)."""
    label: Text
    """The line's label, in bold."""
    text: Inline
    """The line's text (inline Markdown)."""


class Family(Strict):
    """One model family (content/families/<id>.yaml)."""

    id: FamilyId
    """The family's id, the same as its file name; pages and tables refer to it."""
    order: Annotated[int, Field(strict=True)] = 100
    """Where the family comes among the others (lower first)."""
    name: Text
    """The family's full name, on its card."""
    short_name: Text
    """The short name for table headers and page titles."""
    icons: list[str] = []
    """Emoji shown on its card."""
    tagline: Inline
    """One line under its name."""
    accent: Color
    """Its colour (#rrggbb): card edge, table column, charts."""
    accent_2: Color | None = None
    """A second colour for its gradients (unset: `accent` alone)."""
    highlights: list[Highlight] = []
    """Labelled lines on its card."""
    tags: list[Text] = []
    """Short tags under its card, shown with `text.tag_prefix`."""
    table: dict[str, Cellish] = {}
    """This family's table values by row attribute, merged into features.yaml's rows."""
    deep_dive: FamilyCard | None = None
    """This family's deep-dive card, as an entry of deep-dive.yaml would give it."""
    benchmarks: FamilyBenchmarks | None = None
    """This family's benchmark card, as an entry of benchmarks.yaml would give it."""
    guide: Inline | None = None
    """This family's line in the decision guide, as an entry of guide.yaml would give it."""
    draft: bool = False
    """Left out of `llmdiff build` (with every page that compares it) unless `--drafts`."""


# --- page parts ---------------------------------------------------------------------


class Hero(Strict):
    """A page's opening: its one h1, subtitle and pills."""

    title: Text
    """The page's headline (H1)."""
    subtitle: Inline | None = None
    """One line under it."""
    pills: list[Label] = []
    """Small labels under the subtitle."""


class Synergy(Strict):
    """The banner paragraph on how the families work together."""

    title: Label
    """The card's heading."""
    body: Inline
    """The card's paragraph (inline Markdown)."""


# --- features.yaml ------------------------------------------------------------


class FeatureRow(Strict):
    """One attribute with a value per family id."""

    attribute: Text
    """The row's name, in the first column."""
    values: dict[FamilyId, Cellish] = {}
    """Each family's value, by family id (or in the family's own file under `table:`)."""


class Features(Strict):
    """The comparison table (content/features.yaml)."""

    title: Label
    """The table's heading."""
    attribute_header: Text
    """The first column's header."""
    rows: list[FeatureRow] = Field(min_length=1)
    """The table's rows, in order."""


# --- guide.yaml, reply.yaml ----------------------------------------------------------


class GuideItem(Strict):
    """One piece of advice, tied to a family when `family` is set."""

    family: FamilyId | None = None
    """The family the line is about (unset: about all of them)."""
    text: Inline
    """The line (inline Markdown)."""


class Guide(Strict):
    """The decision guide's title and each family's advice (content/guide.yaml)."""

    title: Label
    """The section's heading."""
    items: list[GuideItem] = []
    """The guide's lines, each tied to a family or shared."""


class FormField(Strict):
    """One input of the reply form."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    """The form field's name, as the form service receives it."""
    label: Text
    """The label shown beside it."""
    type: Literal["text", "email", "url", "textarea"] = "text"
    """The kind of input."""
    required: bool = False
    """Whether it must be filled in."""
    autocomplete: str | None = None
    """A browser autocomplete hint (`name`, `email` …)."""


class Reply(Strict):
    """The comment form (content/reply.yaml)."""

    title: Text
    """The form's heading."""
    note: Inline
    """A line above the form."""
    required_note: Text
    """Explains the required marker."""
    required_marker: Text = "*"
    """Marks required fields."""
    fields: list[FormField] = Field(min_length=1)
    """The form's fields."""
    submit: Text
    """The send button's text."""
    closed_note: Inline
    """Shown instead of the form when no `comments_endpoint` is set."""


# --- pages/<slug>.yaml ------------------------------------------------------------------


class PageSpec(Strict):
    """One comparison page (content/pages/<slug>.yaml): its families and its own text."""

    slug: Slug | None = None
    """The page's address, /slug/ (default: the file name)."""
    families: Annotated[list[FamilyId], Field(min_length=2)] | None = None
    """The families compared, in order (default: every family)."""
    title: Text
    """The browser tab's title and search result title."""
    description: Text
    """The summary for search engines and link previews."""
    draft: bool = False
    """Left out of `llmdiff build` unless `--drafts`; `serve` shows it with a draft mark."""
    card_title: Text | None = None
    """The page's name where other pages list it (the hub); its hero title when not set."""
    hero: Hero
    """The headline and subtitle at the top."""
    ribbon: Text | Literal[False] | None = None
    """This page's corner ribbon: unset takes the site's, `false` shows none."""
    banner: Label | Literal[False] | None = None
    """This page's banner under the title line: unset takes the site's, `false` shows none."""
    deep_dive: list[InfoCard] = []
    """Cards shared by the families, after each family's own."""
    synergy: Synergy | None = None
    """A highlighted card on using the families together."""
    metrics: list[InfoCard] = []
    """Cards after the benchmarks."""
    guide: list[GuideItem] = []
    """Lines of advice after each family's own."""


# --- records -------------------------------------------------------------------------------


def _models() -> list[type[Strict]]:
    """Every content model."""
    found: list[type[Strict]] = []
    queue = list(Strict.__subclasses__())
    while queue:
        kind = queue.pop(0)
        found.append(kind)
        queue.extend(kind.__subclasses__())
    return found


MODELS: dict[type[Record], type[Strict]] = {getattr(records, kind.__name__): kind for kind in _models()}
"""Each record class's model: what validates the data a record is made from."""
_RECORD_OF: dict[type[Strict], type[Record]] = {kind: record for record, kind in MODELS.items()}

FILE_MODELS: dict[str, type[Strict]] = {name: MODELS[kind] for name, kind in FILE_KINDS.items()}
"""Single files under content/ by name, as models."""


def to_record(value: Any) -> Any:
    """A validated value with every model in it turned into its record (lists and dicts copied)."""
    record = _RECORD_OF.get(type(value))
    if record is not None:
        fields = value.__dict__
        return record._make(*[to_record(fields[name]) for name in record._fields])
    if type(value) is list:
        return [to_record(item) for item in value]
    if type(value) is dict:
        return {key: to_record(item) for key, item in value.items()}
    return value


def validate(kind: type[Record], data: Any) -> Any:
    """Validate data against a record's model (pydantic.ValidationError when it fails) into a record."""
    return to_record(MODELS[kind].model_validate(data))
