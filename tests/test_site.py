"""A comparison site: pair pages, the hub, links that resolve anywhere, exports, sources and SEO."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from tests.conftest import PAGE, REPO, edit_yaml, run_cli, stylesheet

PAIRS = [
    "llm-vs-diffusion",
    "llm-vs-ssm",
    "llm-vs-gan",
    "llm-vs-vae",
    "diffusion-vs-ssm",
    "diffusion-vs-gan",
    "diffusion-vs-vae",
    "ssm-vs-gan",
    "ssm-vs-vae",
    "gan-vs-vae",
]


class Links(HTMLParser):
    """Collects every link and asset reference, and every id, of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.cells: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_table = False
        self._in_note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record references, ids, and start table cells."""
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append(str(values[name]))
        if tag == "table":
            self._in_table = True
        if self._in_table and tag == "tr":
            self.cells.append([])
        if self._in_table and tag in ("td", "th"):
            self._cell = []
        if tag == "sup" and values.get("class") == "fn-ref":
            self._in_note = True
        if tag == "span" and values.get("class") == "cell-family":
            self._in_note = True  # the family label phones show beside a value: not the value

    def handle_endtag(self, tag: str) -> None:
        """Close table cells."""
        if tag in ("td", "th") and self._cell is not None:
            self.cells[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "table":
            self._in_table = False
        if tag in ("sup", "span"):
            self._in_note = False

    def handle_data(self, data: str) -> None:
        """Collect cell text, leaving out footnote markers and family labels (the exports hold facts)."""
        if self._cell is not None and not self._in_note:
            self._cell.append(data)


def parse(path: Path) -> Links:
    """The links, ids and table cells of a built page."""
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(build: Path) -> list[str]:
    """Every internal reference in every page that does not resolve to a file (or an id) in build/."""
    problems = []
    for page in sorted(build.rglob("*.html")):
        links = parse(page)
        for ref in links.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue
            if parts.path.startswith("/"):  # root-relative: the host serves build/ at its root
                target = build / parts.path.lstrip("/")
            else:
                target = page if not parts.path else (page.parent / parts.path)
            if target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_file() or not target.resolve().is_relative_to(build.resolve()):
                problems.append(f"{page.relative_to(build)}: {ref}")
            elif parts.fragment and parts.fragment not in parse(target).ids:
                problems.append(f"{page.relative_to(build)}: {ref} (no such id)")
    return problems


def test_five_families_make_ten_pairs_and_a_hub(catalogue: Path) -> None:
    """`pairs: all` over five families: ten pair pages, the hub at index.html, all linked from it."""
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    build = catalogue / "build"
    pairs = sorted(p.parent.name for p in build.glob("*/index.html"))
    assert pairs == sorted(PAIRS)
    hub = (build / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="hero-title">Model Atlas</h1>' in hub
    assert re.findall(r'class="hub-link-title" href="([^"]+)"', hub) == [
        f"{slug}/index.html" for slug in PAIRS
    ]
    page = (build / "ssm-vs-gan/index.html").read_text(encoding="utf-8")
    assert '<h1 class="hero-title">SSMs vs GANs</h1>' in page
    assert "State Space Models and Generative Adversarial Networks, compared feature by feature" in page
    assert [c[1:] for c in parse(build / "ssm-vs-gan/index.html").cells[:1]] == [["SSMs", "GANs"]]
    assert 'href="../index.html">All comparisons</a>' in page
    assert "Built 17 pages" in result.output  # ten pairs, five family pages, the hub and the 404 page


def test_family_without_table_values_skips_its_pairs_with_a_warning(catalogue: Path) -> None:
    """A family with no table values has no pair pages; the warning names what is missing."""
    edit_yaml(catalogue / "content/features.yaml", lambda d: [r["values"].pop("vae") for r in d["rows"]])
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    pairs = sorted(p.parent.name for p in (catalogue / "build").glob("*/index.html"))
    assert pairs == sorted(p for p in PAIRS if "vae" not in p)
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line and "skipped" in line]
    assert len(warnings) == 4
    assert warnings[0].startswith("content/features.yaml:")
    assert (
        "pair 'llm-vs-vae' skipped: missing rows[0].values.vae, rows[1].values.vae, rows[2].values.vae"
        in (result.stderr)
    )


def test_explicit_page_wins_over_the_generated_pair(catalogue: Path) -> None:
    """A page file for the same two families replaces the generated page."""
    pages = catalogue / "content/pages"
    pages.mkdir()
    (pages / "llms-and-gans.yaml").write_text(
        "families: [gan, llm]\ntitle: Hand-written\ndescription: D\nhero:\n  title: GANs meet LLMs\n",
        encoding="utf-8",
    )
    assert run_cli(catalogue, "build").exit_code == 0
    build = catalogue / "build"
    assert not (build / "llm-vs-gan").exists()
    assert "GANs meet LLMs" in (build / "llms-and-gans/index.html").read_text(encoding="utf-8")
    assert parse(build / "llms-and-gans/index.html").cells[0][1:] == ["GANs", "LLMs"]


def test_home_setting_moves_the_hub(catalogue: Path) -> None:
    """With `home:` the named comparison is index.html and the hub lives at /comparisons/."""
    edit_yaml(catalogue / "content/site.yaml", lambda d: d.update(home="llm-vs-ssm"))
    assert run_cli(catalogue, "build").exit_code == 0
    build = catalogue / "build"
    assert '<h1 class="hero-title">LLMs vs SSMs</h1>' in (build / "index.html").read_text(encoding="utf-8")
    assert not (build / "llm-vs-ssm").exists()
    assert (build / "comparisons/index.html").is_file()
    assert 'href="comparisons/index.html"' in (build / "index.html").read_text(encoding="utf-8")
    assert broken_links(build) == []


def test_every_internal_link_resolves_on_disk(catalogue: Path, built: Path) -> None:
    """Each href and src in every page of both sites points at a file in build/ (and an id that exists)."""
    assert run_cli(catalogue, "build").exit_code == 0
    assert broken_links(catalogue / "build") == []
    assert broken_links(built) == []


def test_every_link_resolves_when_served_under_a_subpath(catalogue: Path, serve_folder: Any) -> None:
    """Crawled over HTTP from /llmdiff/, as a project site on a shared host, every link answers 200."""
    assert run_cli(catalogue, "build").exit_code == 0
    start = serve_folder(catalogue / "build", "/llmdiff/")
    seen: set[str] = set()
    queue = [start]
    failures = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            failures.append(f"{url}: {exc.code}")
            continue
        if "html" not in kind:
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for ref in parser.refs:
            target = urljoin(url, ref).split("#")[0]
            if target.startswith(start):
                queue.append(target)
    assert failures == []
    assert len([u for u in seen if u.endswith("index.html") or u == start]) >= 11
    assert any(u.endswith("features.csv") for u in seen) and any(u.endswith("data.json") for u in seen)


def test_exports_match_the_rendered_table(catalogue: Path, built: Path) -> None:
    """features.csv and data.json parse, and hold exactly the cells the page shows."""
    assert run_cli(catalogue, "build").exit_code == 0
    for folder in (built, catalogue / "build/llm-vs-diffusion", catalogue / "build/gan-vs-vae"):
        shown = parse(folder / "index.html").cells
        rows = list(csv.reader(io.StringIO((folder / "features.csv").read_text(encoding="utf-8"))))
        width = len(shown[0])  # numbers behind facts follow as extra columns (checked where they are set)
        assert [row[:width] for row in rows] == shown
        data = json.loads((folder / "data.json").read_text(encoding="utf-8"))
        columns = data["table"]["columns"]
        for row, csv_row in zip(data["table"]["rows"], rows[1:], strict=True):
            assert [row["attribute"], *(row["values"][c]["text"] for c in columns)] == csv_row[:width]
    index = json.loads((catalogue / "build/comparisons.json").read_text(encoding="utf-8"))
    assert sorted(c["slug"] for c in index["comparisons"]) == sorted(PAIRS)
    for entry in index["comparisons"]:
        assert (catalogue / "build" / entry["page"]).is_file()
        assert (catalogue / "build" / entry["data"]).is_file()
    sourced = json.loads((catalogue / "build/llm-vs-gan/data.json").read_text(encoding="utf-8"))
    cell = sourced["table"]["rows"][0]["values"]["llm"]
    assert cell == {
        "text": "Text and code",
        "source": {"url": "https://example.org/llm-modalities", "title": "LLM modalities"},
        "as_of": "2025-01-15",
    }


def test_sourced_fact_renders_a_numbered_footnote(catalogue: Path) -> None:
    """A fact with a source links to a numbered note under its section, with its date."""
    assert run_cli(catalogue, "build").exit_code == 0
    page = catalogue / "build/llm-vs-diffusion/index.html"
    text = page.read_text(encoding="utf-8")
    assert 'Text and <strong>code</strong><sup class="fn-ref"><a href="#fn-table-1">1</a></sup>' in text
    assert (
        '<li id="fn-table-1"><a href="https://example.org/llm-modalities" rel="noopener noreferrer">'
        "LLM modalities</a>" in text
    )
    assert '<a href="#fn-table-2">2</a>' in text
    assert (
        '<p class="data-as-of">Data as of <time datetime="2025-01-15">2025-01-15</time> – '
        '<time datetime="2026-09-30">2026-09-30</time></p>'
    ) in text, "the table's facts were checked between the oldest and the newest date"
    assert 'href="#fn-metrics-1"' in text and 'href="#fn-families-1"' in text
    unsourced = (catalogue / "build/ssm-vs-gan/index.html").read_text(encoding="utf-8")
    assert "fn-ref" not in unsourced and 'class="footnotes"' not in unsourced


def test_stale_flags_old_facts_only(catalogue: Path) -> None:
    """--stale warns about facts older than the cut-off from a fixed today; --strict makes them errors."""
    result = run_cli(catalogue, "check", "--stale", "180d", "--today", "2026-11-26")
    assert result.exit_code == 0
    stale = [line for line in result.stderr.splitlines() if "fact last checked" in line]
    assert stale == [
        "content/features.yaml:11:14: warning: rows[0].values.llm.as_of: "
        "fact last checked 2025-01-15, before 2026-05-30"
    ]
    strict = run_cli(catalogue, "check", "--stale", "180d", "--today", "2026-11-26", "--strict")
    assert strict.exit_code == 1
    fresh = run_cli(catalogue, "check", "--stale", "720d", "--today", "2026-11-26")
    assert "fact last checked" not in fresh.stderr
    later = run_cli(catalogue, "check", "--stale", "30d", "--today", "2026-11-26", "--format", "json")
    dates = sorted(d["message"].split()[3].rstrip(",") for d in json.loads(later.stdout))
    assert dates == ["2025-01-15", "2026-09-30", "2026-10-01"]


def test_seo_tags_sitemap_and_robots(catalogue: Path) -> None:
    """Title, description, canonical, Open Graph, Twitter, JSON-LD, sitemap and robots.txt."""
    result = run_cli(catalogue, "build", "--base-url", "https://example.org/atlas")
    assert result.exit_code == 0, result.output
    build = catalogue / "build"
    page = (build / "llm-vs-ssm/index.html").read_text(encoding="utf-8")
    assert "<title>LLMs vs SSMs</title>" in page
    assert '<link rel="canonical" href="https://example.org/atlas/llm-vs-ssm/">' in page
    assert '<meta property="og:url" content="https://example.org/atlas/llm-vs-ssm/">' in page
    assert '<meta property="og:title" content="LLMs vs SSMs">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    description = (
        "Large Language Models versus State Space Models: modality, sampling, stability and benchmarks."
    )
    assert f'<meta name="description" content="{description}">' in page
    ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(html.unescape(ld))
    assert data["@type"] == "WebPage" and data["url"] == "https://example.org/atlas/llm-vs-ssm/"
    assert [a["name"] for a in data["about"]] == ["Large Language Models", "State Space Models"]
    urls = [loc.text for loc in ET.parse(build / "sitemap.xml").getroot().iter() if loc.tag.endswith("loc")]
    assert len(urls) == 16 and "https://example.org/atlas/" in urls  # hub, ten pairs, five families
    assert "https://example.org/atlas/families/gan/" in urls
    assert "https://example.org/atlas/404.html" not in urls
    assert (build / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/atlas/sitemap.xml\n"
    )
    not_found = (build / "404.html").read_text(encoding="utf-8")
    css = stylesheet(build).relative_to(build).as_posix()
    assert f'href="https://example.org/atlas/{css}"' in not_found
    assert 'href="https://example.org/atlas/">Home</a>' in not_found


def test_without_base_url_there_is_no_canonical_or_sitemap(built: Path) -> None:
    """base_url is only for absolute addresses; without it nothing absolute is invented."""
    page = (built / "index.html").read_text(encoding="utf-8")
    assert "canonical" not in page and "og:url" not in page
    assert not (built / "sitemap.xml").exists()
    assert (built / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert 'rel="icon" href="data:image/svg+xml' in page


def test_the_tab_icon_is_drawn_in_the_page_families_colours(built: Path) -> None:
    """The favicon is an SVG data address with one disc in each compared family's accent."""
    import urllib.parse

    import yaml

    page = (built / "index.html").read_text(encoding="utf-8")
    address = re.search(r'rel="icon" href="data:image/svg\+xml,([^"]+)"', page)
    assert address is not None
    svg = urllib.parse.unquote(html.unescape(address.group(1)))
    fills = re.findall(r"<circle [^>]*fill='(#[0-9a-fA-F]{3,8})'", svg)
    families = built.parent / "content/families"
    accents = [yaml.safe_load((families / f"{f}.yaml").read_text())["accent"] for f in ("llm", "diffusion")]
    assert fills == accents


def test_json_ld_cannot_break_out_of_its_script(site: Path) -> None:
    """A title with </script> stays inside the structured data."""
    edit_yaml(site / PAGE, lambda d: d.update(title="</script><script>alert(1)</script>"))
    assert run_cli(site, "build").exit_code == 0
    page = (site / "build/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert page.count("</script>") == 1


def test_default_site_stays_one_page_at_the_root(built: Path) -> None:
    """The default content is one comparison, published as index.html with its exports beside it."""
    assert sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()) == [
        ".llmdiff-manifest.json",
        "404.html",
        "card.png",
        "comparisons.json",
        stylesheet(built).relative_to(built).as_posix(),
        "css/style.css",
        "data.json",
        "features.csv",
        "index.html",
        "robots.txt",
    ]


def hrefs(page: str) -> list[str]:
    """Every link of a page to another page, in order."""
    links = Links()
    links.feed(page)
    return [ref for ref in links.refs if ref.endswith(".html")]


def test_family_pages_list_their_facts_and_comparisons(catalogue: Path) -> None:
    """Each family gets a page with its card, facts and every comparison that includes it; all linked."""
    assert run_cli(catalogue, "build").exit_code == 0
    build = catalogue / "build"
    for family in ("llm", "diffusion", "ssm", "gan", "vae"):
        page = build / "families" / family / "index.html"
        assert page.is_file()
        html = page.read_text(encoding="utf-8")
        assert f'id="family-{family}"' in html
        comparisons = [ref for ref in hrefs(html) if "-vs-" in ref]
        assert len(comparisons) == 4, comparisons
        assert all(family in ref for ref in comparisons)
    gan = (build / "families/gan/index.html").read_text(encoding="utf-8")
    assert "Fragile (mode collapse)" in gan and "Score:" in gan
    hub = (build / "index.html").read_text(encoding="utf-8")
    assert sorted(ref for ref in hrefs(hub) if ref.startswith("families/")) == sorted(
        f"families/{f}/index.html" for f in ("llm", "diffusion", "ssm", "gan", "vae")
    )
    grid = hub[hub.index('class="pair-grid"') : hub.index("</table>")]
    assert grid.count('class="pair-link"') == 20, "every ordered pair of different families"
    pair = (build / "gan-vs-vae/index.html").read_text(encoding="utf-8")
    assert '<a href="../families/gan/index.html">GANs</a>' in pair
    index = json.loads((build / "comparisons.json").read_text(encoding="utf-8"))
    assert {f["page"] for f in index["families"]} == {
        f"families/{f}/index.html" for f in ("llm", "diffusion", "ssm", "gan", "vae")
    }
    assert broken_links(build) == []


def test_hub_stays_small_and_every_comparison_is_two_clicks_away(tmp_path: Path) -> None:
    """142 families (10,011 comparisons): the hub is under 100 KB and links, through family pages, to all."""
    import posixpath
    import sys

    from llmdiff_site.pages import SitePlan
    from llmdiff_site.render import Renderer, make_environment
    from llmdiff_site.validate import load_content

    sys.path.insert(0, str(REPO / "benchmarks"))
    import workloads

    site = workloads.pairs_all_site(tmp_path / "atlas", 142)

    def family_pages(data: Any) -> None:
        data["family_pages"] = {"comparisons_title": "Compared with"}
        data["hub"].update(families_title="Families", grid_title="Every pair")

    edit_yaml(site / "content/site.yaml", family_pages)
    content, diagnostics = load_content(site / "content", site)
    assert content is not None, diagnostics
    plan = SitePlan(content)
    renderer = Renderer(make_environment([site / "templates"]), content)
    pages = {entry.output: entry for entry in plan.entries}
    hub = renderer.page_html(plan.plan(pages["index.html"]))
    assert len(hub.encode("utf-8")) < 100_000
    reached: set[str] = set()
    for first in hrefs(hub):
        entry = pages[posixpath.normpath(first)]
        reached.add(entry.output)
        html = renderer.page_html(plan.plan(entry))
        reached.update(posixpath.normpath(posixpath.join(entry.url_path, ref)) for ref in hrefs(html))
    comparisons = {entry.output for entry in plan.entries if entry.comparison is not None}
    assert len(comparisons) == 10011
    assert comparisons <= reached


def test_numbers_behind_facts_become_charts(catalogue: Path) -> None:
    """Rows and benchmarks every family has a number for are drawn; the better value is marked."""
    scores = {"llm": 80, "diffusion": 81, "ssm": 82, "gan": 83, "vae": 84}
    steps = {"llm": 1, "diffusion": 50, "ssm": 1, "gan": 1, "vae": 1}

    def number_the_scores(data: Any) -> None:
        for group in data["groups"]:
            for item in group["items"]:
                if item["name"] == "Score":
                    item["quantity"] = {"value": scores[group["family"]], "better": "higher"}

    def number_the_steps(data: Any) -> None:
        row = next(r for r in data["rows"] if r["attribute"] == "Sampling")
        for fid, value in list(row["values"].items()):
            text = value if isinstance(value, str) else value["text"]
            row["values"][fid] = {
                "text": text,
                "quantity": {"value": steps[fid], "unit": "steps", "better": "lower"},
            }

    def chart_text(data: Any) -> None:
        data["text"].update(
            charts_title="In numbers", better_higher="higher is better", log_scale="log scale"
        )

    edit_yaml(catalogue / "content/benchmarks.yaml", number_the_scores)
    edit_yaml(catalogue / "content/features.yaml", number_the_steps)
    edit_yaml(catalogue / "content/site.yaml", chart_text)
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    page = (catalogue / "build/gan-vs-vae/index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="chart[^"]*">.*?</figure>', page, re.DOTALL)
    assert len(figures) == 2, "one chart for the numbered row, one for the numbered benchmark"
    steps_chart, score_chart = figures
    assert "<title" in steps_chart and "<desc" in steps_chart
    assert re.search(r'<desc id="[^"]+">GANs: One forward pass · VAEs: One decoder pass</desc>', steps_chart)
    assert "is-best" not in steps_chart, "1 step against 1 step: a tie marks neither"
    assert re.search(r'<desc id="[^"]+">GANs: 83 · VAEs: 84 ★ · higher is better</desc>', score_chart)
    best = re.findall(
        r'<g class="chart-row is-best"[^>]*>\s*<text class="chart-name"[^>]*>([^<]+)</text>', score_chart
    )
    assert best == ["VAEs ★"]
    assert "higher is better" in score_chart
    assert "log scale" not in page, "80 against 84, and 1 against 1, are drawn on a linear scale"
    data = json.loads((catalogue / "build/gan-vs-vae/data.json").read_text(encoding="utf-8"))
    gan_score = next(
        i for g in data["benchmarks"] if g["family"] == "gan" for i in g["items"] if i["name"] == "Score"
    )
    assert gan_score["quantity"] == {"value": 83.0, "better": "higher"}
    sampling = next(r for r in data["table"]["rows"] if r["attribute"] == "Sampling")
    assert sampling["values"]["vae"]["quantity"] == {"value": 1.0, "unit": "steps", "better": "lower"}
    rows = list(
        csv.reader(io.StringIO((catalogue / "build/gan-vs-vae/features.csv").read_text(encoding="utf-8")))
    )
    assert rows[0][-3:] == ["GANs (number)", "VAEs (number)", "unit"]
    assert next(r for r in rows if r[0] == "Sampling")[-3:] == ["1", "1", "steps"]


def test_a_log_scale_past_a_hundredfold_spread() -> None:
    """Numbers 1 and 1,000 are placed by their logarithms; 1 and 50 on a linear scale from zero."""
    from llmdiff_site.model import Family, Quantity
    from llmdiff_site.pages import make_chart

    a = Family(id="a", name="A", short_name="A", tagline="t", accent="#123456")
    b = Family(id="b", name="B", short_name="B", tagline="t", accent="#654321")
    wide = make_chart("k", "T", [(a, "1", Quantity(value=1)), (b, "1000", Quantity(value=1000))])
    assert wide.log and [bar.end for bar in wide.bars] == [1.5, 100.0]
    ranged = make_chart("k", "T", [(a, "x", Quantity(low=10, high=1000)), (b, "y", Quantity(value=1))])
    assert ranged.log and (ranged.bars[0].start, ranged.bars[0].end) == (33.33, 100.0)
    assert (ranged.bars[1].start, ranged.bars[1].end) == (0.0, 1.5)
    narrow = make_chart(
        "k", "T", [(a, "1", Quantity(value=1, better="lower")), (b, "50", Quantity(value=50))]
    )
    assert not narrow.log and [bar.end for bar in narrow.bars] == [2.0, 100.0]
    assert [bar.best for bar in narrow.bars] == [True, False]


def test_family_pages_number_their_sources_and_the_hub_never_comes_up_empty(catalogue: Path) -> None:
    """Footnote marks on family pages; past card_limit without a family list the hub still lists all."""

    def few_cards(data: Any) -> None:
        data["hub"].update(card_limit=3)
        data["hub"].pop("families_title")
        data["ribbon"] = False

    edit_yaml(catalogue / "content/site.yaml", few_cards)
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    llm = (catalogue / "build/families/llm/index.html").read_text(encoding="utf-8")
    assert '<sup class="fn-ref"><a href="#fn-families-1">1</a></sup>' in llm
    hub = (catalogue / "build/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'class="hub-link-title"', hub)) == len(PAIRS)
    assert 'class="ribbon"' not in hub, "ribbon: false shows no ribbon (not one reading 'False')"
