"""Inline Markdown for text fields, sanitised so content can never inject markup or script."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset({"a", "strong", "em", "b", "i", "code", "br", "sub", "sup", "s", "kbd", "mark"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


def is_safe_url(url: str) -> bool:
    """http, https, mailto and relative addresses pass; javascript:, data: and the rest do not."""
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    scheme = urlsplit(cleaned).scheme.lower()
    return not scheme or scheme in SAFE_SCHEMES


_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE
"""Raw HTML is kept here and removed by nh3 afterwards, so the link check sees every address."""


def _markdown_html(text: str) -> str:
    """cmark's HTML for one text field (linear time, unlike regex parsers), without the wrapping paragraph."""
    html = cmarkgfm.markdown_to_html(text, options=_CMARK_OPTIONS).strip()
    match = _PARAGRAPH.match(html)
    return match.group(1) if match and "<p>" not in match.group(1) else html


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(SAFE_SCHEMES),
    link_rel="noopener noreferrer",
)
"""nh3's sanitiser, configured once: `nh3.clean` builds its configuration again on every call."""


_PLAIN = re.compile(
    r"[^\W\d_][^\\`*_\[\]!<>&\x00-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufff0-\uffff]*(?<!\s)"
)
"""Text Markdown leaves as it is: it starts with a letter (no list, heading or quote), and has no
character that starts inline syntax, an entity or a tag (`\\ ` * _ [ ] ! < > &), no control
character, no line break, no no-break space and no space at its end. Its HTML is the text itself."""

_NO_TAGS_OR_LINKS = re.compile(r"[^<\[\\&\x00-\x1f\x7f-\xa0\u2028\u2029\ud800-\udfff\ufeff\ufff0-\uffff]+")
"""Text that cannot make raw HTML, a link, an image or an entity: no `<`, `[`, `\\ ` or `&`, and
none of the characters the HTML parser treats specially (controls, no-break space, BOM)."""
_EMPHASIS_ONLY = re.compile(r"(?:[^<]|</?(?:em|strong|code)>)*")
"""cmark's HTML with no tag but emphasis, strong emphasis and code."""


@lru_cache(maxsize=65536)
def render_inline(text: str) -> Markup:
    """Markdown to HTML, then through nh3 so only harmless inline tags and safe links survive.

    Most texts need less, with the same result (tests compare both ways on many thousands of
    strings): plain text is its own HTML, and cmark's emphasis and code, from text that cannot
    make a tag, link or entity, have nothing for nh3 to remove; it would only write `&quot;` as `"`.
    """
    if _PLAIN.fullmatch(text):
        return Markup(text)
    html = _markdown_html(text)
    if _NO_TAGS_OR_LINKS.fullmatch(text) and _EMPHASIS_ONLY.fullmatch(html):
        return Markup(html.replace("&quot;", '"'))
    return Markup(_CLEANER.clean(html))


def converted(text: str) -> str:
    """What cmark and nh3 make of a text, always through both."""
    return _CLEANER.clean(_markdown_html(text))


def find_links(text: str) -> list[str]:
    """Every address a text field's Markdown (or raw HTML) would link to."""
    if "[" not in text and "<" not in text:
        return []
    from llmdiff_site.links import LinkCollector  # html.parser only when links are checked

    collector = LinkCollector()
    collector.feed(_markdown_html(text))
    collector.close()
    return collector.links


_TAG = re.compile(r"<[^>]*>")


@lru_cache(maxsize=65536)
def plain_text(text: str) -> str:
    """What a reader sees of a text field, without markup (for CSV and JSON exports)."""
    shown = _TAG.sub("", str(render_inline(text)))
    if "&" in shown:  # an entity to decode (html loads its 2,000-entry table: only when needed)
        import html

        shown = html.unescape(shown)
    return shown.strip()
