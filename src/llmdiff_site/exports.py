"""Data files beside the pages: data.json and features.csv per comparison, the site index, sitemap, robots."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape

from llmdiff_site.markup import plain_text
from llmdiff_site.model import Content, Fact, Family
from llmdiff_site.pages import Page, Table


def canonical_url(base_url: str | None, url_path: str) -> str | None:
    """The absolute address of a page, when the site has a base URL."""
    if base_url is None:
        return None
    base = base_url.rstrip("/") + "/"
    if "." in url_path.rsplit("/", 1)[-1]:
        return base + url_path
    return base + (f"{url_path}/" if url_path else "")


def _json(data: Any) -> bytes:
    """Stable, readable JSON bytes."""
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def _fact(fact: Fact) -> dict[str, Any]:
    """A fact's source and date, for exports."""
    out: dict[str, Any] = {}
    if fact.source is not None:
        out["source"] = {"url": fact.source.url, "title": fact.source.title}
    if fact.as_of is not None:
        out["as_of"] = fact.as_of.isoformat()
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


def comparison_data(content: Content, page: Page) -> dict[str, Any]:
    """The resolved comparison behind a page, as data."""
    context = page.context
    table: Table | None = context["table"]
    data: dict[str, Any] = {
        "slug": context["comparison"].slug,
        "title": context["page_title"],
        "description": context["description"],
        "families": [_family(f) for f in context["families"]],
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
    data["benchmarks"] = [
        {
            "family": entry.item.family,
            "title": entry.item.title,
            "items": [
                {
                    "name": b.name,
                    "value": b.value,
                    **({"qualifier": b.qualifier} if b.qualifier else {}),
                    **({"note": b.note} if b.note else {}),
                    **_fact(b),
                }
                for b in entry.item.items
            ],
        }
        for entry in context["benchmark_groups"]
    ]
    return data


def features_csv(rows: list[list[str]]) -> bytes:
    """The table as CSV (UTF-8, header row first)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def plan_data_files(content: Content, pages: list[Page]) -> dict[str, bytes]:
    """Every non-HTML output: per-comparison exports, the index, the sitemap and robots.txt."""
    files: dict[str, bytes] = {}
    index = []
    for page in pages:
        if page.template != "comparison.html":
            continue
        folder = page.url_path
        prefix = f"{folder}/" if folder else ""
        files[f"{prefix}data.json"] = _json(comparison_data(content, page))
        table = page.context["table"]
        if table is not None:
            files[f"{prefix}features.csv"] = features_csv(table_rows(content, table))
        index.append(
            {
                "slug": page.context["comparison"].slug,
                "title": page.context["page_title"],
                "families": [f.id for f in page.context["families"]],
                "page": page.output,
                "data": f"{prefix}data.json",
                "csv": f"{prefix}features.csv" if table is not None else None,
                "generated": page.context["comparison"].generated,
            }
        )
    files["comparisons.json"] = _json({"site": content.site.name, "comparisons": index})
    base = content.site.base_url
    robots = "User-agent: *\nAllow: /\n"
    if base is not None:
        urls = [canonical_url(base, p.url_path) for p in pages if p.output != "404.html"]
        entries = "".join(f"  <url><loc>{escape(u)}</loc></url>\n" for u in urls if u)
        files["sitemap.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n"
        ).encode()
        robots += f"Sitemap: {canonical_url(base, 'sitemap.xml')}\n"
    files["robots.txt"] = robots.encode()
    return files


def json_ld(content: Content, page: Page) -> str:
    """Structured data for search engines, safe to place inside a script element."""
    context = page.context
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage" if page.template == "hub.html" else "WebPage",
        "name": context["page_title"],
        "description": context["description"],
        "isPartOf": {"@type": "WebSite", "name": content.site.name},
    }
    url = canonical_url(content.site.base_url, page.url_path)
    if url:
        data["url"] = url
    if page.template == "comparison.html":
        data["about"] = [{"@type": "Thing", "name": f.name} for f in context["families"]]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
