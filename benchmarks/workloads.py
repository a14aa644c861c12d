"""Deterministic benchmark workloads: llmdiff sites and the equivalent Hugo sites, generated from scratch.

Every workload page shows two families (card with four highlights, tags), a 7-row table, each
family's benchmark card, deep-dive card and guide line: the shape of the default page. Like
llmdiff, the Hugo twin writes each page's HTML, its data as JSON and its table as CSV.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROWS = (
    "Primary modality",
    "Generation style",
    "Training objective",
    "Inference speed",
    "Parameter scale",
    "Controllability",
    "Typical use",
)


def _dump(data: object) -> str:
    """YAML text without depending on a YAML writer: JSON is valid YAML."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def family_ids(count: int) -> list[str]:
    """Stable family ids."""
    return [f"f{i:04}" for i in range(count)]


def _family(i: int, fid: str) -> dict[str, object]:
    """One family's file, with its table values kept in the family file."""
    return {
        "id": fid,
        "order": i,
        "name": f"Family {i} models",
        "short_name": f"F{i}",
        "icons": ["🧠"],
        "tagline": f"Tagline of family {i} · *iterative* or **autoregressive**",
        "accent": f"#{(i * 2654435761) % 0xFFFFFF:06x}",
        "highlights": [
            {"label": "Core competency", "text": f"Reasoning number **{i}**, `code` and planning"},
            {"label": "Architecture", "text": f"Attention variant {i}, [paper](https://example.org/{fid})"},
            {"label": "Training", "text": f"Objective {i} with *curated* data"},
            {"label": "Key models", "text": f"Model-{i}-A, Model-{i}-B, Model-{i}-C"},
        ],
        "tags": [f"Tag{i}", "Generative", "Workload"],
        "table": {row: f"{row} of family {i}, **value** {i % 7}" for row in ROWS},
        "deep_dive": {"title": f"How {fid} works", "body": f"Family {fid} uses *layer* stacks."},
        "benchmarks": {
            "title": f"{fid} benchmarks",
            "items": [
                {"name": "Score A", "value": f"{i % 97}%"},
                {"name": "Score B", "value": f"<{i % 13}.1"},
                {"name": "Elo", "qualifier": "near", "value": str(1000 + i % 400)},
            ],
        },
        "guide": f"Choose **{fid}** when you need it.",
    }


def _site_yaml(title: str, pairs: bool) -> dict[str, object]:
    """site.yaml for a catalogue workload."""
    site: dict[str, object] = {
        "name": title,
        "description": "A generated catalogue for benchmarks.",
        "text": {
            "families_label": "Families compared",
            "sources_label": "Sources",
            "data_as_of": "Data as of",
            "all_comparisons": "All comparisons",
        },
        "hub": {"title": title, "intro": "Every comparison."},
        "not_found": {"title": "Not here", "body": "That page does not exist.", "link_text": "Home"},
        # The Hugo twin draws no images: the same work on both sides (cards are measured apart).
        "social_cards": False,
    }
    if pairs:
        site["pairs"] = {
            "families": "all",
            "title": "{a} vs {b}",
            "subtitle": "{a_name} and {b_name}, compared",
            "description": "{a_name} versus {b_name}.",
        }
    return site


def _shared_files(content: Path) -> None:
    """The shared files hold only the section titles and the table's rows; families hold the rest."""
    features = {
        "title": "Feature-by-Feature Comparison",
        "attribute_header": "Attribute",
        "rows": [{"attribute": row} for row in ROWS],
    }
    (content / "features.yaml").write_text(_dump(features), encoding="utf-8")
    (content / "deep-dive.yaml").write_text(
        _dump({"title": "Core Architectural Deep Dive"}), encoding="utf-8"
    )
    (content / "benchmarks.yaml").write_text(_dump({"title": "Key Metrics"}), encoding="utf-8")
    (content / "guide.yaml").write_text(_dump({"title": "Quick Decision Guide"}), encoding="utf-8")


def _copy_theme(root: Path) -> None:
    """The project's own templates and static files."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")


def default_site(root: Path) -> Path:
    """The repository's default site."""
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    return root


def page_pairs(pages: int, count: int) -> list[tuple[int, int]]:
    """`pages` distinct pairs of family indexes, spread over all families."""
    pairs: list[tuple[int, int]] = []
    step = 1
    while len(pairs) < pages:
        for i in range(count):
            if len(pairs) == pages:
                break
            pairs.append((i, (i + step) % count))
        step += 1
    return pairs


def page_per_file_site(root: Path, pages: int, count: int) -> Path:
    """`pages` comparison pages, one YAML file each, over `count` families."""
    _copy_theme(root)
    content = root / "content"
    (content / "families").mkdir(parents=True)
    (content / "pages").mkdir()
    ids = family_ids(count)
    (content / "site.yaml").write_text(_dump(_site_yaml("Catalogue", pairs=False)), encoding="utf-8")
    for i, fid in enumerate(ids):
        (content / f"families/{fid}.yaml").write_text(_dump(_family(i, fid)), encoding="utf-8")
    _shared_files(content)
    for n, (a, b) in enumerate(page_pairs(pages, count)):
        page = {
            "families": [ids[a], ids[b]],
            "title": f"Family {a} vs Family {b}",
            "description": f"Family {a} and family {b}, compared feature by feature.",
            "hero": {"title": f"F{a} vs F{b}", "subtitle": f"Family {a} and **family {b}**, compared"},
        }
        (content / f"pages/p{n:05}.yaml").write_text(_dump(page), encoding="utf-8")
    return root


def pairs_all_site(root: Path, count: int) -> Path:
    """`count` families with `pairs: all`: count*(count-1)/2 generated pages."""
    _copy_theme(root)
    content = root / "content"
    (content / "families").mkdir(parents=True)
    ids = family_ids(count)
    (content / "site.yaml").write_text(_dump(_site_yaml("Atlas", pairs=True)), encoding="utf-8")
    for i, fid in enumerate(ids):
        (content / f"families/{fid}.yaml").write_text(_dump(_family(i, fid)), encoding="utf-8")
    _shared_files(content)
    return root


# --- Hugo ------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Catalogue"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
[markup.goldmark.renderer]
unsafe = false
[outputFormats.DATA]
mediaType = "application/json"
baseName = "data"
isPlainText = true
notAlternative = true
[outputFormats.TABLE]
mediaType = "text/csv"
baseName = "features"
isPlainText = true
notAlternative = true
[outputs]
page = ["HTML", "DATA", "TABLE"]
"""

HUGO_DATA = """{{ $fams := slice }}{{ range .Params.families }}{{ $fams = $fams | append (index site.Data.families .) }}{{ end }}{{ dict "title" .Title "description" .Params.description "families" $fams | jsonify }}
"""

HUGO_TABLE = """{{ $fams := slice }}{{ range .Params.families }}{{ $fams = $fams | append (index site.Data.families .) }}{{ end }}Attribute{{ range $fams }},{{ .short_name }}{{ end }}
{{ range site.Data.rows.rows }}{{ $row := . }}{{ $row }}{{ range $fams }},"{{ index .table $row | markdownify | plainify }}"{{ end }}
{{ end }}"""

HUGO_SINGLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Params.description }}">
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}"></head>
<body><header class="masthead"><div class="hero container"><h1 class="hero-title">{{ .Params.hero }}</h1>
<p class="hero-subtitle">{{ .Params.subtitle | markdownify }}</p></div></header>
<main class="container">
{{ $fams := slice }}{{ range .Params.families }}{{ $fams = $fams | append (index site.Data.families .) }}{{ end }}
<section class="section"><div class="family-grid grid">
{{ range $fams }}<article class="card family-card" id="family-{{ .id }}" style="--accent: {{ .accent }}">
<p class="family-icons" aria-hidden="true">{{ delimit .icons "" }}</p>
<h2 class="family-name">{{ .name }}</h2><p class="family-tagline">{{ .tagline | markdownify }}</p>
<ul class="highlights">{{ range .highlights }}<li><strong>{{ .label }}:</strong> {{ .text | markdownify }}</li>{{ end }}</ul>
<ul class="chips">{{ range .tags }}<li class="chip">#{{ . }}</li>{{ end }}</ul></article>{{ end }}
</div></section>
<section class="section"><h2>Core Architectural Deep Dive</h2><div class="grid">
{{ range $fams }}{{ with .deep_dive }}<article class="card info-card"><h3>{{ .title }}</h3><p>{{ .body | markdownify }}</p></article>{{ end }}{{ end }}
</div></section>
<section class="section card table-card"><table class="compare"><caption>Feature-by-Feature Comparison</caption>
<thead><tr><th scope="col">Attribute</th>{{ range $fams }}<th scope="col">{{ .short_name }}</th>{{ end }}</tr></thead><tbody>
{{ range site.Data.rows.rows }}{{ $row := . }}<tr><th scope="row">{{ $row }}</th>{{ range $fams }}<td>{{ index .table $row | markdownify }}</td>{{ end }}</tr>{{ end }}
</tbody></table></section>
<section class="section"><h2>Key Metrics</h2><div class="grid">
{{ range $fams }}{{ with .benchmarks }}<article class="card metric-card"><h3>{{ .title }}</h3><ul class="metrics">{{ range .items }}<li>{{ .name }}: {{ with .qualifier }}{{ . }} {{ end }}<strong>{{ .value }}</strong></li>{{ end }}</ul></article>{{ end }}{{ end }}
</div></section>
<section class="section card guide"><h2>Quick Decision Guide</h2><ul>
{{ range $fams }}<li>{{ .guide | markdownify }}</li>{{ end }}
</ul></section>
</main></body></html>
"""

HUGO_HOME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><main><ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Params.description }}</p></li>{{ end }}</ul></main></body></html>
"""


def hugo_site(root: Path, pages: int, count: int) -> Path:
    """The Hugo equivalent of `page_per_file_site`: data files per family, a content file per page."""
    (root / "layouts/_default").mkdir(parents=True)
    (root / "data/families").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "static/css").mkdir(parents=True)
    shutil.copy(REPO / "static/css/style.css", root / "static/css/style.css")
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts/_default/single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (root / "layouts/_default/single.data.json").write_text(HUGO_DATA, encoding="utf-8")
    (root / "layouts/_default/single.table.csv").write_text(HUGO_TABLE, encoding="utf-8")
    (root / "layouts/index.html").write_text(HUGO_HOME, encoding="utf-8")
    (root / "layouts/_default/list.html").write_text(HUGO_HOME, encoding="utf-8")
    ids = family_ids(count)
    for i, fid in enumerate(ids):
        (root / f"data/families/{fid}.yaml").write_text(_dump(_family(i, fid)), encoding="utf-8")
    (root / "data/rows.yaml").write_text(_dump({"rows": list(ROWS)}), encoding="utf-8")
    for n, (a, b) in enumerate(page_pairs(pages, count)):
        front = {
            "title": f"Family {a} vs Family {b}",
            "description": f"Family {a} and family {b}, compared feature by feature.",
            "hero": f"F{a} vs F{b}",
            "subtitle": f"Family {a} and **family {b}**, compared",
            "families": [ids[a], ids[b]],
        }
        (root / f"content/p{n:05}.md").write_text(json.dumps(front) + "\n", encoding="utf-8")
    return root
