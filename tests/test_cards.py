"""Social cards: a 1200×630 PNG per comparison, named by og:image and twitter:image, drawn once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from llmdiff_site import cards
from tests.conftest import PAGE, edit_yaml, run_cli


def og_image(page: Path) -> str:
    """The page's og:image address."""
    found = re.search(r'<meta property="og:image" content="([^"]+)">', page.read_text(encoding="utf-8"))
    assert found, page
    twitter = re.search(r'<meta name="twitter:image" content="([^"]+)">', page.read_text(encoding="utf-8"))
    assert twitter and twitter.group(1) == found.group(1)
    return found.group(1)


def test_every_comparison_has_its_card(catalogue_built: Path) -> None:
    """Each comparison page names a card beside it that is a 1200×630 PNG; other pages name none."""
    comparisons = [p for p in catalogue_built.rglob("index.html") if (p.parent / "data.json").exists()]
    assert len(comparisons) == 10
    for page in comparisons:
        address = og_image(page)
        assert address == "card.png"
        with Image.open(page.parent / address) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
    hub = (catalogue_built / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in hub and 'content="summary"' in hub


def test_card_address_is_absolute_with_a_base_url(site: Path) -> None:
    """With base_url the card's address is absolute, as link previews need."""
    assert run_cli(site, "build", "--base-url", "https://example.org/models/").exit_code == 0
    assert og_image(site / "build/index.html") == "https://example.org/models/card.png"


def test_card_changes_with_the_title_and_is_not_drawn_again_when_unchanged(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new title draws a new card; a clean build of an unchanged page takes its card from the cache."""
    assert run_cli(site, "build").exit_code == 0
    first = (site / "build/card.png").read_bytes()
    edit_yaml(site / PAGE, lambda d: d["hero"].update(title="Transformers vs Denoisers"))
    assert run_cli(site, "build").exit_code == 0
    second = (site / "build/card.png").read_bytes()
    assert second != first

    def refuse(face: cards.CardFace) -> bytes:
        raise AssertionError(f"card drawn again: {face.title}")

    monkeypatch.setattr(cards, "draw_card", refuse)
    rebuilt = run_cli(site, "build", "--clean")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (site / "build/card.png").read_bytes() == second


def test_cards_can_be_turned_off(site: Path) -> None:
    """`social_cards: false` draws none and names none."""
    edit_yaml(site / "content/site.yaml", lambda d: d.update(social_cards=False))
    assert run_cli(site, "build").exit_code == 0
    assert not (site / "build/card.png").exists()
    assert "og:image" not in (site / "build/index.html").read_text(encoding="utf-8")


def test_card_text_the_font_cannot_draw_is_left_out() -> None:
    """Emoji and symbols are dropped rather than drawn as empty boxes; words stay."""
    assert cards._printable("🚀 LLMs  vs ✦ Diffusion") == "LLMs vs Diffusion"


def test_text_without_glyphs_in_the_font_is_left_out_not_boxed() -> None:
    """Characters Inter lacks (CJK, Arabic) are dropped rather than drawn as empty boxes."""
    font = cards._font("Bold", 88)
    assert cards._drawable("日本語 Models مرحبا", font, 100) == "Models"
    assert cards._drawable("Ünïcödé Ελληνικά Кириллица", font, 100) == "Ünïcödé Ελληνικά Кириллица"


def test_a_card_with_an_endless_word_is_drawn_quickly() -> None:
    """A 32,000-letter title (within the file size cap) still draws its card in well under a minute."""
    import time

    started = time.perf_counter()
    png = cards.draw_card(cards.CardFace("s", "W" * 32000, "x" * 16000, (("A", "#7aa2ff"),)))
    assert png.startswith(b"\x89PNG")
    assert time.perf_counter() - started < 20  # generous: a hang guard, not a speed target
