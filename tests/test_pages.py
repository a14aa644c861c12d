"""Families drive cards and columns: a new family file plus its values needs no template change."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PAGE, edit_yaml, run_cli, snapshot

SSM = """\
name: State Space Models
short_name: SSMs
icons: ["🐍"]
tagline: Linear-time sequence models · Selective state spaces
accent: "#4fd1a5"
highlights:
  - label: Core competency
    text: Very long sequences at linear cost
tags: [Mamba, S4]
"""


def add_third_family(site: Path) -> None:
    """A family file plus its table values, nothing else."""
    (site / "content/families/ssm.yaml").write_text(SSM, encoding="utf-8")
    edit_yaml(
        site / "content/features.yaml",
        lambda d: [row["values"].update(ssm=f"SSM {row['attribute']}") for row in d["rows"]],
    )


def test_third_family_adds_a_card_and_a_column(site: Path) -> None:
    """The third family shows as a card and a table column, in its own accent."""
    templates_before = snapshot(site / "templates")
    add_third_family(site)
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    html = (site / "build/index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<article class="card family-card"', html)) == 3
    assert '<h2 class="family-name">State Space Models</h2>' in html
    header = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL)
    assert header is not None
    assert re.findall(r"<th [^>]*>([^<]*)</th>", header.group(1)) == [
        "Attribute",
        "LLMs",
        "Diffusion Models",
        "SSMs",
    ]
    assert 'style="--accent: #4fd1a5; --accent-2: #4fd1a5">SSMs</th>' in header.group(1)
    assert (
        html.count('<span class="cell-family" aria-hidden="true">SSMs</span><span class="cell-value">SSM ')
        == 7
    )
    assert snapshot(site / "templates") == templates_before


def test_page_families_choose_and_order_columns(site: Path) -> None:
    """`families:` in a page file picks which families the page shows, in that order."""
    add_third_family(site)
    edit_yaml(site / PAGE, lambda d: d.update(families=["ssm", "llm"]))
    assert run_cli(site, "build").exit_code == 0
    html = (site / "build/index.html").read_text(encoding="utf-8")
    header = re.search(r"<thead>(.*?)</thead>", html, re.DOTALL)
    assert header is not None
    assert re.findall(r"<th [^>]*>([^<]*)</th>", header.group(1)) == ["Attribute", "SSMs", "LLMs"]
    assert "Diffusion Models</h2>" not in html
    assert "Choose Diffusion Models for:" not in html, "a guide line for a family not shown is left out"


@pytest.mark.browser
def test_third_family_in_the_browser(site: Path, browser: Any, serve_folder: Any) -> None:
    """At 1440 three cards share one row, and the table has four visible columns."""
    add_third_family(site)
    assert run_cli(site, "build").exit_code == 0
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(serve_folder(site / "build"))
    boxes = [card.bounding_box() for card in page.locator(".family-card").all()]
    assert len(boxes) == 3
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 1 and abs(boxes[2]["y"] - boxes[0]["y"]) < 1
    assert page.locator("table thead th").all_inner_texts()[-1] == "SSMs"
    colour = page.locator("table thead th").last.evaluate("el => getComputedStyle(el).borderBottomColor")
    assert colour == "rgb(79, 209, 165)"
    page.close()


def test_reply_form_posts_to_the_endpoint_when_set(site: Path) -> None:
    """With comments_endpoint set the form posts there; without it the form is disabled and says why."""
    assert run_cli(site, "build").exit_code == 0
    closed = (site / "build/index.html").read_text(encoding="utf-8")
    assert "<fieldset disabled" in closed and 'class="reply-closed"' in closed
    assert "action=" not in closed
    edit_yaml(
        site / "content/site.yaml", lambda d: d.update(comments_endpoint="https://comments.example.org/post")
    )
    assert run_cli(site, "build").exit_code == 0
    open_form = (site / "build/index.html").read_text(encoding="utf-8")
    assert '<form class="reply-form" method="post" action="https://comments.example.org/post">' in open_form
    assert "disabled" not in open_form and 'class="reply-closed"' not in open_form
    assert '<input id="reply-email" name="email" type="email" autocomplete="email" required>' in open_form
