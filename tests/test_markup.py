"""The inline Markdown filter: formatting passes, script and unsafe links never do."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmdiff_site.markup import (
    _EMPHASIS_ONLY,
    _NO_TAGS_OR_LINKS,
    _PLAIN,
    _markdown_html,
    converted,
    find_links,
    is_safe_url,
    render_inline,
)


def test_bold_code_and_links_render() -> None:
    """The inline formatting editors use comes out as HTML."""
    html = str(render_inline("**Choose** `code` [docs](https://example.org/a?b=1&c=2)"))
    assert "<strong>Choose</strong>" in html
    assert "<code>code</code>" in html
    assert 'href="https://example.org/a?b=1&amp;c=2"' in html
    assert 'rel="noopener noreferrer"' in html
    assert not html.startswith("<p>")


def test_script_tag_never_reaches_output() -> None:
    """Raw <script> in content is dropped with its body."""
    html = str(render_inline("before <script>alert(1)</script> after"))
    assert "<script" not in html.lower()
    assert "alert(1)" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<img src=x onerror=alert(1)>",
    ],
)
def test_dangerous_links_and_handlers_are_stripped(text: str) -> None:
    """No javascript:, data: or event handler survives sanitising."""
    html = str(render_inline(text)).lower()
    assert "javascript" not in html
    assert "data:" not in html
    assert "onerror" not in html


def test_template_syntax_is_just_text() -> None:
    """Content is data: Jinja syntax in a text field stays as characters."""
    assert str(render_inline("{{ 7*7 }}")) == "{{ 7*7 }}"


def test_html_special_characters_are_escaped() -> None:
    """Comparisons like <2.1 and >92% display as typed."""
    assert str(render_inline("FID <2.1 · MMLU >92% & more")) == "FID &lt;2.1 · MMLU &gt;92% &amp; more"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org", True),
        ("http://example.org", True),
        ("mailto:team@example.org", True),
        ("../other/page.html", True),
        ("#section", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_url(url: str, safe: bool) -> None:
    """Only http, https, mailto and relative addresses are safe."""
    assert is_safe_url(url) is safe


def test_find_links_sees_markdown_and_raw_html() -> None:
    """Link checking sees every address, however it was written."""
    links = find_links('[a](https://a.example) <https://b.example> <a href="c.html">c</a>')
    assert links == ["https://a.example", "https://b.example", "c.html"]


_WORDS = [
    "*", "**", "_", "__", "`", "``", "***", "*a*", "**b**", "_c_", "`d`", '"', "'", ">", "1.", "1)", "#",
    "-", "+", "=", "~", "|", "http://x.y", "a@b.c", " ", "  ", "    ", "word", "Ünï", "!", "* ", "- ", "> ",
    "# ", "```", "~~~", "---", "___", "<", "<b>", "]", "[x](y)", "&", "&amp;", "&nbsp;", "&#0;", "\\", "\n",
    "\u00a0", "\ufeff", "\u00ad", "\u200b", "·", "—", "é",
]  # fmt: skip
_CHARACTERS = [chr(c) for c in [*range(0x20, 0x300), *range(0x2000, 0x2070), 0xFEFF, 0xFFFD, 0xFFFE, 0x1F600]]


def _shortcuts_taken(text: str) -> tuple[bool, bool]:
    """Which of render_inline's shortcuts a text takes: (no conversion at all, no sanitising)."""
    plain = bool(_PLAIN.fullmatch(text))
    light = (
        not plain
        and bool(_NO_TAGS_OR_LINKS.fullmatch(text))
        and bool(_EMPHASIS_ONLY.fullmatch(_markdown_html(text)))
    )
    return plain, light


def test_shortcuts_give_exactly_what_cmark_and_nh3_give() -> None:
    """render_inline skips cmark, or nh3, for most texts; on 60,000 seeded random texts built from
    Markdown's and HTML's special characters, its HTML is the full conversion's, byte for byte."""
    rng = random.Random(8)
    taken = [0, 0]
    for _ in range(60000):
        pieces = [
            rng.choice(_WORDS)
            if rng.random() < 0.6
            else "".join(rng.choices(_CHARACTERS, k=rng.randint(1, 3)))
            for _ in range(rng.randint(1, 8))
        ]
        text = rng.choice(["", "A", "b", "ü"]) + "".join(pieces)
        plain, light = _shortcuts_taken(text)
        taken[0] += plain
        taken[1] += light
        assert str(render_inline.__wrapped__(text)) == converted(text), repr(text)
    assert min(taken) > 2000, taken  # both shortcuts were really tried


@settings(max_examples=2000, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_text_renders_as_the_full_conversion_does(text: str) -> None:
    """Whatever the text (hypothesis's strings reach far corners of Unicode), the result is the same."""
    try:
        expected = converted(text)
    except UnicodeEncodeError:  # a lone surrogate: YAML cannot give one, and cmark cannot take one
        return
    assert str(render_inline.__wrapped__(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["1. first", "# Title", "- item", "> quote", "Tom &amp; Jerry", "line\nbreak",
     "    indented code", "2026) year", "a\u00a0b", "**[link](https://x.org)**", "*<b>x</b>*"],
)  # fmt: skip
def test_texts_with_other_syntax_go_through_both(text: str) -> None:
    """Lists, headings, quotes, entities, breaks, links and raw HTML take no shortcut."""
    assert _shortcuts_taken(text) == (False, False)
    assert str(render_inline(text)) == converted(text)


def test_common_texts_take_a_shortcut() -> None:
    """The shortcuts are for everyday cells and highlights; these must keep taking them."""
    assert _shortcuts_taken("Reasoning, code and planning") == (True, False)
    assert _shortcuts_taken("Up to **1M tokens** of `context`") == (False, True)
    assert str(render_inline('Say "hi" *now*')) == 'Say "hi" <em>now</em>'
