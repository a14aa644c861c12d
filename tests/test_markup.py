"""The inline Markdown filter: formatting passes, script and unsafe links never do."""

from __future__ import annotations

import pytest

from llmdiff_site.markup import find_links, is_safe_url, render_inline


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
