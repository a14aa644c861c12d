"""The built page in a real Chromium: fidelity to the reference, layout, accessibility."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REFERENCE, SHARED_REFERENCE, run_cli, stylesheet

pytestmark = pytest.mark.browser


def squash(text: str) -> str:
    """Whitespace-normalised text: table cells and list items join without spaces in the reference."""
    return re.sub(r"\s+", "", text)


def reference_lines() -> list[str]:
    """The non-empty lines of the reference page."""
    return [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def open_page(browser: Any, url: str, width: int, height: int = 900) -> tuple[Any, list[str], list[str]]:
    """A page at a viewport size, with its console errors and every URL it requested."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: requests.append(req.url))
    page.goto(url, wait_until="load")
    return page, errors, requests


def test_reference_copy_matches_shared() -> None:
    """The vendored reference is the shared one, where shared/ is present."""
    if not SHARED_REFERENCE.exists():
        pytest.skip("shared/reference is not beside this checkout")
    assert REFERENCE.read_bytes() == SHARED_REFERENCE.read_bytes()


@pytest.fixture(params=["plain", "minified"])
def either_build(request: pytest.FixtureRequest, site: Path) -> Path:
    """The default site built as it is and with --minify: both must pass the same checks."""
    args = ["build", "--minify"] if request.param == "minified" else ["build"]
    result = run_cli(site, *args)
    assert result.exit_code == 0, result.output
    page = (site / "build/index.html").read_text(encoding="utf-8")
    assert ("\n" not in page.strip()) == (request.param == "minified")
    return site / "build"


def test_visible_text_contains_every_reference_line_in_order(
    browser: Any, either_build: Path, serve_folder: Any
) -> None:
    """Every non-empty reference line is in the page's innerText, in order (minified too)."""
    page, _, _ = open_page(browser, serve_folder(either_build), 1440)
    text = squash(page.evaluate("document.body.innerText"))
    position = 0
    for number, line in enumerate(reference_lines(), start=1):
        found = text.find(squash(line), position)
        assert found >= 0, f"reference line {number} missing after offset {position}: {line!r}"
        position = found + len(squash(line))
    assert page.title() == "LLMs vs Diffusion Models • Lush Fixed Viewport"
    page.close()


def test_desktop_layout_cards_side_by_side_and_three_columns(
    browser: Any, either_build: Path, serve_folder: Any
) -> None:
    """At 1440x900 the family cards share a row and the table shows three columns (minified too)."""
    base = serve_folder(either_build)
    page, errors, requests = open_page(browser, base, 1440)
    boxes = [card.bounding_box() for card in page.locator(".family-card").all()]
    assert len(boxes) == 2
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1, "family cards should sit side by side"
    assert boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 1
    headers = page.locator("table thead th")
    assert headers.all_inner_texts() == ["Attribute", "LLMs", "Diffusion Models"]
    for header in headers.all():
        assert header.is_visible()
    assert page.locator("table tbody tr").count() == 7
    wrapper = page.locator(".table-scroll").evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert wrapper[0] <= wrapper[1], "the table should fit its card at desktop width"
    assert errors == []
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), requests
    page.close()


def test_phone_layout_stacks_cards(browser: Any, either_build: Path, serve_folder: Any) -> None:
    """At 390 wide the family cards stack, and each table value is labelled with its family."""
    page, errors, _ = open_page(browser, serve_folder(either_build), 390, 844)
    boxes = [card.bounding_box() for card in page.locator(".family-card").all()]
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"], "family cards should stack"
    assert abs(boxes[0]["x"] - boxes[1]["x"]) < 1
    first_row = page.locator("table tbody tr").first
    assert first_row.locator(".cell-family").all_inner_texts() == ["LLMs", "Diffusion Models"]
    assert errors == []
    page.close()


UNCOVERED_CELLS = """() => {
  // Every row header and cell, scrolled into view: its whole box inside the viewport and inside
  // every clipping ancestor, and the topmost element along its edges is the cell itself.
  const problems = [];
  for (const cell of document.querySelectorAll("table.compare tbody th, table.compare tbody td")) {
    cell.scrollIntoView({block: "center", inline: "nearest"});
    const box = cell.getBoundingClientRect();
    const label = cell.closest("tr").querySelector("th").innerText + " / " + cell.innerText;
    if (box.left < 0 || box.right > document.documentElement.clientWidth + 0.5) {
      problems.push("outside the viewport: " + label);
      continue;
    }
    for (let el = cell.parentElement; el; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX !== "visible") {
        const clip = el.getBoundingClientRect();
        if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5) {
          problems.push("clipped by a scrolling box: " + label);
        }
      }
    }
    const midX = (box.left + box.right) / 2, midY = (box.top + box.bottom) / 2;
    for (const [x, y] of [[box.left + 3, midY], [box.right - 3, midY], [midX, box.top + 3],
                          [midX, box.bottom - 3], [midX, midY]]) {  // edges' middles: corners may be rounded
      const top = document.elementFromPoint(x, y);
      if (!top || !cell.contains(top)) {
        problems.push("covered at " + Math.round(x) + "," + Math.round(y) + ": " + label);
        break;
      }
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("width", [320, 360, 390])
def test_phone_table_shows_every_cell_whole(
    browser: Any, catalogue_built: Path, serve_folder: Any, width: int
) -> None:
    """On phones every row header and value is whole and uncovered; the page never scrolls sideways."""
    base = serve_folder(catalogue_built)
    for path in ("llm-vs-diffusion/index.html", "gan-vs-vae/index.html"):
        page, errors, _ = open_page(browser, base + path, width, 740)
        assert page.evaluate(UNCOVERED_CELLS) == []
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}"
        assert errors == []
        page.close()


def test_pages_take_their_colours_from_their_own_families(
    browser: Any, catalogue_built: Path, serve_folder: Any
) -> None:
    """A GAN-vs-VAE page has neither the LLM nor the diffusion accent: in HTML, CSS or computed styles."""
    page_html = (catalogue_built / "gan-vs-vae/index.html").read_text(encoding="utf-8").lower()
    css = stylesheet(catalogue_built).read_text(encoding="utf-8").lower()
    foreign = {"#7aa2ff": "rgb(122, 162, 255)", "#ff8a6b": "rgb(255, 138, 107)"}
    for hex_colour in foreign:
        assert hex_colour not in page_html and hex_colour not in css
    page, _, _ = open_page(browser, serve_folder(catalogue_built) + "gan-vs-vae/index.html", 1440)
    styles = page.evaluate(
        """() => Array.from(document.querySelectorAll("*"), el => {
          const s = getComputedStyle(el);
          return [s.color, s.backgroundColor, s.backgroundImage, s.borderLeftColor, s.borderImageSource,
                  s.boxShadow].join(" ");
        }).join("\\n")"""
    )
    for rgb in foreign.values():
        assert rgb not in styles
    icon = page.locator("link[rel=icon]").get_attribute("href") or ""
    assert "7aa2ff" not in icon.lower() and "ff8a6b" not in icon.lower()
    page.close()


def test_three_or_four_families_share_one_row_on_desktop(
    browser: Any, catalogue: Path, serve_folder: Any
) -> None:
    """The family grid fits the family count: one row for three or four at 1440; four make 2 by 2 at 1024."""
    from tests.conftest import run_cli

    (catalogue / "content/pages").mkdir(exist_ok=True)
    for slug, families in (
        ("three", ["llm", "diffusion", "gan"]),
        ("four", ["llm", "diffusion", "gan", "vae"]),
    ):
        (catalogue / f"content/pages/{slug}.yaml").write_text(
            f"title: {slug}\ndescription: {slug}\nhero:\n  title: {slug}\nfamilies: {families}\n",
            encoding="utf-8",
        )
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    base = serve_folder(catalogue / "build")
    for slug, rows, width in (("three", [3], 1440), ("four", [4], 1440), ("four", [2, 2], 1024)):
        page, _, _ = open_page(browser, f"{base}{slug}/index.html", width)
        tops = [round(card.bounding_box()["y"]) for card in page.locator(".family-card").all()]
        counts = [tops.count(top) for top in sorted(set(tops))]
        assert counts == rows, f"{slug}: cards per row {counts}"
        names = [round(n.bounding_box()["y"]) for n in page.locator(".family-card .family-name").all()]
        assert len(set(names[: rows[0]])) == 1, "names in one row should line up"
        page.close()


def test_only_differences_hides_identical_rows_without_javascript(
    browser: Any, catalogue: Path, serve_folder: Any
) -> None:
    """A row with the same value for every family is marked, and the switch hides it with scripts off."""
    from tests.conftest import edit_yaml, run_cli

    def same_sampling(data: Any) -> None:
        for row in data["rows"]:
            if row["attribute"] == "Sampling":
                row["values"]["gan"] = row["values"]["vae"]

    edit_yaml(catalogue / "content/features.yaml", same_sampling)
    result = run_cli(catalogue, "build")
    assert result.exit_code == 0, result.output
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(serve_folder(catalogue / "build") + "gan-vs-vae/index.html")
    rows = page.locator("table tbody tr")
    assert page.locator("tr.is-same").count() == 1
    visible_before = sum(row.is_visible() for row in rows.all())
    page.get_by_label("Only differences").check()
    visible_after = sum(row.is_visible() for row in rows.all())
    assert visible_after == visible_before - 1
    assert not page.locator("tr.is-same").is_visible()
    context.close()


@pytest.mark.parametrize("width", [360, 390])
def test_no_horizontal_page_overflow(browser: Any, built: Path, serve_folder: Any, width: int) -> None:
    """The document never scrolls sideways on small phones."""
    page, _, _ = open_page(browser, serve_folder(built), width, 740)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width
    page.close()


def test_opened_from_disk_requests_nothing_outside_its_folder(browser: Any, built: Path) -> None:
    """Opened as a file, the page asks for nothing but files in its own folder."""
    page, errors, requests = open_page(browser, (built / "index.html").as_uri(), 1440)
    folder = built.as_uri() + "/"
    assert requests, "the page should at least load itself"
    assert all(url.startswith(folder) or url.startswith("data:") for url in requests), requests
    assert page.locator("link[rel=stylesheet]").evaluate("el => el.sheet !== null")
    assert errors == []
    page.close()


def test_background_layer_stays_fixed_while_content_scrolls(
    browser: Any, built: Path, serve_folder: Any
) -> None:
    """The gradient layer is fixed to the viewport; the cards move over it."""
    page, _, _ = open_page(browser, serve_folder(built), 1440)
    before = page.locator(".backdrop").bounding_box()
    card_before = page.locator(".family-card").first.bounding_box()
    page.evaluate("window.scrollTo(0, 1200)")
    after = page.locator(".backdrop").bounding_box()
    card_after = page.locator(".family-card").first.bounding_box()
    assert before == after
    assert card_after["y"] < card_before["y"] - 1000
    page.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_axe_reports_no_violations(browser: Any, either_build: Path, serve_folder: Any, width: int) -> None:
    """axe-core finds no accessibility violations at desktop and phone widths (minified too)."""
    from axe_playwright_python.sync_playwright import Axe

    page, _, _ = open_page(browser, serve_folder(either_build), width)
    results = Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], results.generate_report()
    page.close()


def test_reduced_motion_stops_the_glow(browser: Any, built: Path, serve_folder: Any) -> None:
    """With prefers-reduced-motion the background does not animate."""
    page = browser.new_page(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    page.goto(serve_folder(built))
    names = page.locator(".glow").evaluate_all("els => els.map(e => getComputedStyle(e).animationName)")
    assert names and all(name == "none" for name in names)
    page.close()


def test_print_drops_the_background_layer(browser: Any, built: Path, serve_folder: Any) -> None:
    """Printing hides the fixed layer and prints dark text on white."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(serve_folder(built))
    page.emulate_media(media="print")
    assert page.locator(".backdrop").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.close()


LIGHTER_THAN_BODY = """() => {
  // Every visible element that holds text: its ink must be at least as dark as the body text's.
  const luminance = colour => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const body = luminance(getComputedStyle(document.body).color);
  const lighter = [];
  for (const el of document.querySelectorAll("body *")) {
    const text = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.data).join("").trim();
    if (!text || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.closest("[aria-hidden=true], .visually-hidden")) continue;
    const fill = style.webkitTextFillColor || style.color;
    if (luminance(fill) > body + 1 || luminance(style.color) > body + 1) {
      lighter.push(el.tagName + "." + el.className + ": " + text.slice(0, 40) + " " + style.color);
    }
  }
  return lighter;
}"""


def test_print_has_no_text_lighter_than_the_body(browser: Any, built: Path, serve_folder: Any) -> None:
    """Printed, labels, titles and headers are as dark as the body text, and the PDF renders."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(serve_folder(built))
    page.emulate_media(media="print")
    assert page.evaluate(LIGHTER_THAN_BODY) == []
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    page.close()


@pytest.mark.parametrize(("width", "theme"), [(1440, "dark"), (390, "dark"), (1440, "light"), (390, "light")])
def test_hub_and_pair_pages_are_accessible_and_fit(
    browser: Any, tmp_path: Path, serve_folder: Any, width: int, theme: str
) -> None:
    """Hub, pair page, family page and 404: no axe violations in either theme, no sideways scroll."""
    import shutil

    from axe_playwright_python.sync_playwright import Axe

    from tests.conftest import REPO, SITES, copy_site, edit_yaml, run_cli

    site = copy_site(SITES / "catalogue", tmp_path / "catalogue")
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    edit_yaml(site / "content/site.yaml", lambda data: data.update(theme=theme))
    assert run_cli(site, "build").exit_code == 0
    base = serve_folder(site / "build")
    for path in ("index.html", "llm-vs-diffusion/index.html", "families/gan/index.html", "404.html"):
        page, errors, requests = open_page(browser, base + path, width)
        results = Axe().run(page)
        assert results.response["violations"] == [], results.generate_report()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        assert errors == []
        assert all(url.startswith(base) or url.startswith("data:") for url in requests)
        page.close()


@pytest.mark.browser
def test_not_found_page_is_styled_and_home_works_at_any_depth(browser: Any, site: Path) -> None:
    """A missing /a/b/c/ gets the site's 404 page, styled, with a Home link that reaches the home page."""
    from llmdiff_site.project import Project
    from llmdiff_site.serve import Preview

    preview = Preview(Project.at(site), "127.0.0.1", 0)
    preview.start()
    try:
        page, errors, _ = open_page(browser, preview.url + "a/b/c/", 1440)
        assert page.locator("h1").inner_text() == "Page not found"
        styled = page.evaluate("getComputedStyle(document.querySelector('.backdrop')).position")
        assert styled == "fixed", "the stylesheet loaded from the site root"
        assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        assert page.locator('link[rel="canonical"]').count() == 0
        page.locator("a.button-link").click()
        page.wait_for_load_state("load")
        assert page.url == preview.url
        assert page.locator("h1").inner_text() == "LLMs vs Diffusion Models"
        assert len(errors) <= 1, f"only the page's own 404 status may be logged: {errors}"
        page.close()
    finally:
        preview.stop()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_light_theme_on_the_default_page_and_auto_follows_the_system(
    browser: Any, site: Path, serve_folder: Any, scheme: str
) -> None:
    """`theme: light` passes axe on the default page; `theme: auto` follows prefers-color-scheme."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.conftest import edit_yaml, run_cli

    edit_yaml(site / "content/site.yaml", lambda data: data.update(theme="light"))
    assert run_cli(site, "build").exit_code == 0
    base = serve_folder(site / "build")
    if scheme == "light":
        page, _, _ = open_page(browser, base, 1440)
        results = Axe().run(page)
        assert results.response["violations"] == [], results.generate_report()
        page.close()
    edit_yaml(site / "content/site.yaml", lambda data: data.update(theme="auto"))
    assert run_cli(site, "build").exit_code == 0
    page = browser.new_page(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    page.goto(base)
    ink = page.evaluate("getComputedStyle(document.body).color")
    assert ink == ("rgb(23, 18, 58)" if scheme == "light" else "rgb(244, 243, 255)")
    page.close()


CONTRAST_AGAINST_BACKDROP = """async ([shot, rects]) => {
  // The text's colour against the rendered pixels behind it (screenshot taken with text hidden):
  // the contrast (as WCAG defines it) that 95% of each text box's pixels reach.
  const image = new Image();
  image.src = "data:image/png;base64," + shot;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const channel = c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const lum = (r, g, b) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const failures = [];
  for (const rect of rects) {
    const x = Math.max(0, Math.floor(rect.x)), y = Math.max(0, Math.floor(rect.y));
    const w = Math.min(image.width, Math.ceil(rect.x + rect.w)) - x;
    const h = Math.min(image.height, Math.ceil(rect.y + rect.h)) - y;  // only the part on screen
    if (w <= 0 || h <= 0) continue;
    const data = context.getImageData(x, y, w, h).data;
    const text = lum(...rect.rgb);
    const ratios = [];
    for (let i = 0; i < data.length; i += 4 * 3) {
      const back = lum(data[i], data[i + 1], data[i + 2]);
      ratios.push((Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05));
    }
    ratios.sort((a, b) => a - b);
    const worst = ratios[Math.floor(ratios.length * 0.05)];  // a stray border pixel is not the backdrop
    if (worst < rect.need) failures.push(rect.label + ": " + worst.toFixed(2) + " < " + rect.need);
  }
  return failures;
}"""

TEXT_BOXES = """() => {
  // Each visible run of text in the viewport: its box, its colour, and the contrast it needs.
  const channels = colour => {  // rgb(…) / rgba(…), or color(srgb 0–1 …) as color-mix() computes
    const numbers = colour.replace(/^color\\(srgb/, "").match(/[\\d.]+/g).map(Number);
    return colour.startsWith("color(") ? numbers.map((n, i) => (i < 3 ? n * 255 : n)) : numbers;
  };
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || el.closest("[aria-hidden=true], .visually-hidden, .icon, script, style")) {
      continue;
    }
    if (el.closest("fieldset:disabled, :disabled")) continue;  // WCAG: inactive controls are exempt
    // a rotated box's bounds take in what is beside it (the corner ribbon): checked by axe instead
    let turned = false;
    for (let a = el; a; a = a.parentElement) {
      const t = getComputedStyle(a).transform;
      if (t !== "none" && !t.startsWith("matrix(1, 0, 0, 1,")) turned = true;
    }
    if (turned) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || parseFloat(style.opacity) === 0) continue;
    const fill = style.webkitTextFillColor && style.webkitTextFillColor !== "rgba(0, 0, 0, 0)"
      ? style.webkitTextFillColor : style.color;
    const rgba = channels(fill);
    if (rgba.length === 4 && rgba[3] < 0.01) continue;  // gradient-filled text (the hero): checked apart
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.bottom < 0 || r.top > innerHeight || r.width < 1) continue;
      boxes.push({x: r.x, y: r.y, w: r.width, h: r.height, rgb: rgba.slice(0, 3), need,
                  label: el.tagName + "." + el.className + " '" + node.data.trim().slice(0, 30) + "'"});
    }
  }
  return boxes;
}"""

HIDE_TEXT = """
*, *::before, *::after {
  color: transparent !important; -webkit-text-fill-color: transparent !important;
  text-shadow: none !important; caret-color: transparent !important;
  text-decoration-color: transparent !important;
}
.hero-title { background: none !important; }
"""


def contrast_failures(page: Any) -> list[str]:
    """Scroll through the page a screen at a time; every text run's worst contrast over its backdrop."""
    import base64

    failures: list[str] = []
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"]
    for top in range(0, height, step):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(50)
        boxes = page.evaluate(TEXT_BOXES)
        hider = page.add_style_tag(content=HIDE_TEXT)
        shot = base64.b64encode(page.screenshot()).decode("ascii")
        hider.evaluate("el => el.remove()")
        failures += page.evaluate(CONTRAST_AGAINST_BACKDROP, [shot, boxes])
    return sorted(set(failures))


@pytest.mark.parametrize(("width", "theme"), [(1440, "dark"), (390, "dark"), (1440, "light"), (390, "light")])
def test_text_contrast_against_the_rendered_backdrop(
    browser: Any, catalogue: Path, site: Path, serve_folder: Any, width: int, theme: str
) -> None:
    """Every text run reaches 4.5:1 (3:1 when large) against the pixels actually behind it.

    Default page, hub, pair page, family page and 404. The hero title is filled with a gradient
    (its text colour is transparent), so it is left to the gradient's stops, all near white.
    """
    from tests.conftest import edit_yaml, run_cli

    urls = []
    for folder, paths in (
        (site, ("index.html",)),
        (catalogue, ("index.html", "llm-vs-diffusion/index.html", "families/gan/index.html", "404.html")),
    ):
        edit_yaml(folder / "content/site.yaml", lambda data: data.update(theme=theme))
        assert run_cli(folder, "build").exit_code == 0
        base = serve_folder(folder / "build")
        urls += [base + path for path in paths]
    for url in urls:
        page = browser.new_page(viewport={"width": width, "height": 900}, reduced_motion="reduce")
        page.goto(url)
        assert contrast_failures(page) == [], url
        page.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_blank_starter_passes_the_page_checks(
    browser: Any, tmp_path: Path, serve_folder: Any, width: int
) -> None:
    """`init --blank` then `build`: no axe violations, nothing sideways, its page text all shown."""
    from axe_playwright_python.sync_playwright import Axe

    assert run_cli(tmp_path, "init", "blank", "--blank").exit_code == 0
    assert run_cli(tmp_path / "blank", "build").exit_code == 0
    page, errors, _ = open_page(browser, serve_folder(tmp_path / "blank/build"), width)
    results = Axe().run(page)
    assert results.response["violations"] == [], results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    text = page.evaluate("document.body.innerText")
    for shown in (
        "Alpha vs Beta",
        "What Alpha is, in one line",
        "How much Beta costs to run",
        "Feature by feature",
    ):
        assert shown in text
    assert errors == []
    page.close()
