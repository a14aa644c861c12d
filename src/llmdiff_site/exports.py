"""Data files beside the pages: data.json and features.csv per comparison, the site index, sitemap, robots."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson

from llmdiff_site.content import Content
from llmdiff_site.markup import plain_text
from llmdiff_site.pages import ComparisonPlan, Exports, HubPlan, PageEntry, PagePlan, Table, folder_prefix
from llmdiff_site.records import Fact, Family, Site
from llmdiff_site.values import Record

T = TypeVar("T")


def canonical_url(base_url: str | None, url_path: str) -> str | None:
    """The absolute address of a page, when the site has a base URL."""
    if base_url is None:
        return None
    base = base_url.rstrip("/") + "/"
    if "." in url_path.rsplit("/", 1)[-1]:
        return base + url_path
    return base + (f"{url_path}/" if url_path else "")


def _xml_text(text: str) -> str:
    """Text escaped for an XML element (xml.sax.saxutils would import urllib and http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _compact(data: Any) -> bytes:
    """Compact UTF-8 JSON, by orjson (a tenth of the standard library's time on a page's data).

    orjson refuses integers beyond 64 bits, which JSON itself allows; the standard library
    writes those. A float that is not a number (YAML's `.nan`) is written as null: JSON has no NaN.
    """
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json(data: Any) -> bytes:
    """A data file: compact JSON and a final newline."""
    return _compact(data) + b"\n"


def as_data(value: Any) -> Any:
    """A content value as JSON data, leaving out unset and default fields.

    The same result as pydantic's `model_dump(mode="json", exclude_none=True,
    exclude_defaults=True)` for content models, without building a serializer: a build whose
    content comes from the cache never builds a pydantic schema.
    """
    if isinstance(value, Record):
        out: dict[str, Any] = {}
        defaults = value._defaults
        for name in value._fields:
            item = getattr(value, name)
            if item is not None and (name not in defaults or item != defaults[name]):
                out[name] = as_data(item)
        return out
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Memo:
    """Exported data of the values many pages show (a family, its section entries), made once a build.

    Keyed by identity and holding each value, so an id is never reused while its entry lives;
    the data is only ever read (encoded), never changed.
    """

    __slots__ = ("_made",)

    def __init__(self) -> None:
        self._made: dict[int, tuple[object, Any]] = {}

    def data(self, value: T, make: Callable[[T], Any]) -> Any:
        """`make(value)`, from the memo when this very value was exported before."""
        hit = self._made.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        made = make(value)
        self._made[id(value)] = (value, made)
        return made


def _fact(fact: Fact) -> dict[str, Any]:
    """A fact's source and date, for exports."""
    out: dict[str, Any] = {}
    if fact.source is not None:
        out["source"] = {"url": fact.source.url, "title": fact.source.title}
    if fact.as_of is not None:
        out["as_of"] = fact.as_of.isoformat()
    if fact.quantity is not None:
        out["quantity"] = as_data(fact.quantity)
    return out


def _family(family: Family) -> dict[str, Any]:
    """A family as exported."""
    return {
        "id": family.id,
        "name": family.name,
        "short_name": family.short_name,
        "accent": family.accent,
        "tagline": plain_text(family.tagline),
        "highlights": [{"label": h.label, "text": plain_text(h.text), **_fact(h)} for h in family.highlights],
        "tags": list(family.tags),
    }


def table_rows(content: Content, table: Table) -> list[list[str]]:
    """The table as plain-text rows, header first: exactly what a reader sees in each cell."""
    assert content.features is not None
    header = [content.features.attribute_header, *(f.short_name for f in table.columns)]
    return [header, *([row.attribute, *(plain_text(c.text) for c in row.cells)] for row in table.rows)]


def _number(value: float) -> str:
    """A number as a spreadsheet reads it: 1000000000, 0.33."""
    return str(int(value)) if value.is_integer() else repr(value)


def with_numbers(rows: list[list[str]], table: Table) -> list[list[str]]:
    """The table's rows with, when any cell holds a number, a number column per family and a unit."""
    if not any(cell.quantity is not None for row in table.rows for cell in row.cells):
        return rows
    header = [*rows[0], *(f"{f.short_name} (number)" for f in table.columns), "unit"]
    out = [header]
    for shown, row in zip(rows[1:], table.rows, strict=True):
        numbers = []
        for cell in row.cells:
            q = cell.quantity
            if q is None:
                numbers.append("")
            elif q.value is not None:
                numbers.append(_number(q.value))
            else:
                low, high = q.span
                numbers.append(f"{_number(low)}..{_number(high)}")
        unit = next((c.quantity.unit for c in row.cells if c.quantity is not None and c.quantity.unit), "")
        out.append([*shown, *numbers, unit])
    return out


def comparison_data(content: Content, plan: ComparisonPlan, memo: Memo | None = None) -> dict[str, Any]:
    """The resolved comparison behind a page, as data."""
    memo = memo if memo is not None else Memo()
    table = plan.table
    data: dict[str, Any] = {
        "slug": plan.slug,
        "title": plan.page_title,
        "description": plan.description,
        "families": [memo.data(f, _family) for f in plan.families],
    }
    if table is not None and content.features is not None:
        data["table"] = {
            "attribute_header": content.features.attribute_header,
            "columns": [f.id for f in table.columns],
            "rows": [
                {
                    "attribute": row.attribute,
                    "values": {
                        f.id: {"text": plain_text(cell.text), **_fact(cell)}
                        for f, cell in zip(table.columns, row.cells, strict=True)
                    },
                }
                for row in table.rows
            ],
        }
    for block in plan.sections:  # every family-filled section, as FAMILY_SECTIONS declares it
        data[block.field] = [memo.data(entry.item, as_data) for _, entry in block.entries]
    return data


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ tab or CR gets a ' (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def features_csv(rows: list[list[str]]) -> bytes:
    """The table as CSV (UTF-8, header row first), every cell safe to open in a spreadsheet."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[spreadsheet_safe(c) for c in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def comparison_files(
    content: Content, plan: ComparisonPlan, memo: Memo | None = None
) -> list[tuple[str, bytes]]:
    """A comparison's data.json and (with a table) features.csv, beside its page."""
    prefix = folder_prefix(plan.url_path)
    files = [(f"{prefix}{plan.exports.json}", _json(comparison_data(content, plan, memo)))]
    if plan.table is not None:
        rows = with_numbers(table_rows(content, plan.table), plan.table)
        files.append((f"{prefix}{plan.exports.csv}", features_csv(rows)))
    return files


def site_files(content: Content, entries: Sequence[PageEntry]) -> dict[str, bytes]:
    """The site-wide data files: the comparisons index, the sitemap and robots.txt."""
    files: dict[str, bytes] = {}
    index = []
    has_table = content.features is not None
    for entry in entries:
        comparison = entry.comparison
        if comparison is None:
            continue
        prefix = folder_prefix(entry.url_path)
        index.append(
            {
                "slug": comparison.slug,
                "title": entry.page_title,
                "families": [f.id for f in comparison.families],
                "page": entry.output,
                "data": f"{prefix}{Exports.json}",
                "csv": f"{prefix}{Exports.csv}" if has_table else None,
                "generated": comparison.generated,
            }
        )
    families = [
        {"id": entry.family.id, "name": entry.family.name, "page": entry.output}
        for entry in entries
        if entry.family is not None
    ]
    listing: dict[str, Any] = {"site": content.site.name, "comparisons": index}
    if families:
        listing["families"] = families
    files["comparisons.json"] = _json(listing)
    base = content.site.base_url
    robots = "User-agent: *\nAllow: /\n"
    if base is not None:
        urls = [canonical_url(base, e.url_path) for e in entries if e.output != "404.html" and not e.draft]
        entries_xml = "".join(f"  <url><loc>{_xml_text(u)}</loc></url>\n" for u in urls if u)
        files["sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries_xml}</urlset>\n"
        ).encode()
        robots += f"Sitemap: {canonical_url(base, 'sitemap.xml')}\n"
    files["robots.txt"] = robots.encode()
    return files


def json_ld(site: Site, plan: PagePlan) -> str:
    """Structured data for search engines, safe to place inside a script element."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage" if isinstance(plan, HubPlan) else "WebPage",
        "name": plan.page_title,
        "description": plan.description,
        "isPartOf": {"@type": "WebSite", "name": site.name},
    }
    url = canonical_url(site.base_url, plan.url_path)
    if url:
        data["url"] = url
    if isinstance(plan, ComparisonPlan):
        data["about"] = [{"@type": "Thing", "name": f.name} for f in plan.families]
    text = _compact(data).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
