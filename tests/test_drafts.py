"""Drafts: left out of `build` unless --drafts; `serve` shows them with a visible mark."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from llmdiff_site.project import Project
from llmdiff_site.serve import Preview
from tests.conftest import run_cli

DRAFT_PAGE = """families: [alpha, beta]
slug: second-look
draft: true
title: A second look
description: Alpha and Beta again.
hero: {title: A second look}
"""


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """A blank site with a draft page and a draft family compared on a page of its own."""
    assert run_cli(tmp_path, "init", "s", "--blank").exit_code == 0
    site = tmp_path / "s"
    (site / "content/pages/second-look.yaml").write_text(DRAFT_PAGE, encoding="utf-8")
    gamma = (site / "content/families/beta.yaml").read_text(encoding="utf-8")
    gamma = gamma.replace("id: beta", "id: gamma").replace("Beta", "Gamma") + "draft: true\n"
    (site / "content/families/gamma.yaml").write_text(gamma, encoding="utf-8")
    (site / "content/pages/alpha-vs-gamma.yaml").write_text(
        DRAFT_PAGE.replace("beta", "gamma")
        .replace("second-look", "alpha-vs-gamma")
        .replace("draft: true\n", ""),
        encoding="utf-8",
    )
    return site


def test_drafts_are_left_out_of_build_and_in_with_drafts(drafted: Path) -> None:
    """A draft page and every page comparing a draft family are absent; --drafts builds them, marked."""
    result = run_cli(drafted, "build")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 2 pages,")  # the comparison and 404
    built = {p.relative_to(drafted / "build").as_posix() for p in (drafted / "build").rglob("*.html")}
    assert built == {"index.html", "404.html"}
    assert "draft-mark" not in (drafted / "build/index.html").read_text(encoding="utf-8")
    assert "Gamma" not in (drafted / "build/comparisons.json").read_text(encoding="utf-8")
    with_drafts = run_cli(drafted, "build", "--drafts")
    assert with_drafts.exit_code == 0, with_drafts.output
    for slug in ("second-look", "alpha-vs-gamma"):
        page = (drafted / f"build/{slug}/index.html").read_text(encoding="utf-8")
        assert '<p class="draft-mark" role="note">Draft</p>' in page
        assert '<meta name="robots" content="noindex">' in page
    assert "draft-mark" not in (drafted / "build/alpha-vs-beta/index.html").read_text(encoding="utf-8")
    listed = run_cli(drafted, "build", "--drafts", "--base-url", "https://example.org/")
    assert listed.exit_code == 0
    sitemap = (drafted / "build/sitemap.xml").read_text(encoding="utf-8")
    assert "alpha-vs-beta" in sitemap and "second-look" not in sitemap and "alpha-vs-gamma" not in sitemap
    again = run_cli(drafted, "build")
    assert again.exit_code == 0
    assert not (drafted / "build/second-look").exists()


def test_serve_shows_drafts_with_their_mark(drafted: Path) -> None:
    """The preview builds drafts, and each carries the site's draft mark."""
    preview = Preview(Project.at(drafted), "127.0.0.1", 0)
    preview.start()
    try:
        with urllib.request.urlopen(preview.url + "second-look/", timeout=30) as response:
            page = response.read().decode()
    finally:
        preview.stop()
    assert '<p class="draft-mark" role="note">Draft</p>' in page
