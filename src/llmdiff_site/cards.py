"""Social cards: a 1200×630 PNG per comparison, for link previews (og:image, twitter:image).

Drawn with Pillow in the Inter font that ships with llmdiff (SIL Open Font License, fonts/OFL.txt):
the page's title, its subtitle and its families in their accent colours, over the site's backdrop.
A card depends only on what it shows, so it is kept in the user's cache by a hash of that and an
unchanged card is never drawn twice, not even by a clean build.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from llmdiff_site.cache import make_private_folder, read_kept, write_kept
from llmdiff_site.values import value

if TYPE_CHECKING:
    from PIL import ImageFont

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
CARD_FORMAT = "2"
"""Raise when the drawing changes, so cached cards are drawn again."""


@value
class CardFace:
    """Everything a card shows; equal faces make equal cards."""

    site: str
    title: str
    subtitle: str
    families: tuple[tuple[str, str], ...]
    """(short name, accent colour) per family, in page order."""
    dark: bool = True

    def key(self) -> str:
        """The cache key: this face, the drawing's version and the font files."""
        text = "\x1f".join(
            [CARD_FORMAT, self.site, self.title, self.subtitle, str(self.dark)]
            + [f"{name}\x1e{colour}" for name, colour in self.families]
        )
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _printable(text: str) -> str:
    """Text the font can draw: emoji, symbols and invisible marks dropped, spaces collapsed."""
    kept = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co", "Cn", "Mn", "Cf") or ch in "·•–—"
    )
    return " ".join(kept.split())


def _rgb(colour: str) -> tuple[int, int, int]:
    """#abc or #aabbcc as an RGB triple."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """Inter at a size (Bold or Regular)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / f"Inter-{weight}.otf"), size)


def _drawable(text: str, font: ImageFont.FreeTypeFont, limit: int) -> str:
    """The first `limit` characters of `text` that the font has glyphs for (others would be empty boxes)."""
    missing = _missing_glyph(font)
    kept = [ch for ch in _printable(text)[: limit * 2] if ch == " " or _glyph(font, ch) != missing]
    return " ".join("".join(kept).split())[:limit]


_GLYPHS: dict[tuple[ImageFont.FreeTypeFont, str], bytes] = {}
"""Glyph masks by font and character; the key holds the font itself, so its id is never reused."""


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    """A character's rendered mask, as bytes (kept: a card draws few distinct characters)."""
    key = (font, ch)
    if key not in _GLYPHS:
        mask = font.getmask(ch)
        _GLYPHS[key] = bytes(mask.size[0].to_bytes(2, "big") + bytes(mask))
    return _GLYPHS[key]


def _missing_glyph(font: ImageFont.FreeTypeFont) -> bytes:
    """What the font draws for a character it does not have (a private-use one: never in Inter)."""
    return _glyph(font, "\U000f0000")


def _fit(word: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """The longest start of a word that fits `width` with an ellipsis (found by halving, not one by one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(word[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return word[:low] + "…"


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Words into at most `lines` lines no wider than `width`; the last one ends in … if cut."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        if font.getlength(line) > width:  # one word wider than the card
            line = _fit(line, font, width)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words and out:
        last = out[-1]
        while font.getlength(last + " …") > width and " " in last:
            last = last.rsplit(" ", 1)[0]
        out[-1] = last + " …"
    return out


def draw_card(face: CardFace) -> bytes:
    """The card as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFilter

    base = (10, 11, 36) if face.dark else (246, 243, 255)
    ink = (244, 243, 255) if face.dark else (23, 18, 58)
    soft = (195, 198, 232) if face.dark else (67, 61, 112)
    colours = [_rgb(c) for _, c in face.families] or [(255, 216, 138), (255, 159, 107)]

    small = (WIDTH // 8, HEIGHT // 8)
    glow = Image.new("RGB", small, base)
    paint = ImageDraw.Draw(glow)
    spots = [(0.12, 0.2), (0.88, 0.85), (0.5, 1.1), (0.95, 0.1)]
    for i, colour in enumerate(colours[:4]):
        x, y = spots[i]
        r = small[0] * 0.32
        mixed = tuple(
            int(b + (c - b) * (0.55 if face.dark else 0.35)) for b, c in zip(base, colour, strict=True)
        )
        paint.ellipse((x * small[0] - r, y * small[1] - r, x * small[0] + r, y * small[1] + r), fill=mixed)
    card = glow.filter(ImageFilter.GaussianBlur(18)).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(card)

    margin = 80
    draw.rounded_rectangle(
        (margin - 24, 56, WIDTH - margin + 24, HEIGHT - 56), radius=36, outline=(*soft, 90), width=2
    )
    site_font = _font("Bold", 30)
    site = _drawable(face.site, site_font, 60)
    draw.text((margin, 92), site, font=site_font, fill=soft)

    title = _drawable(face.title, _font("Bold", 88), 160) or site
    size = 88
    while True:
        font = _font("Bold", size)
        lines = _wrap(title, font, WIDTH - 2 * margin, 3)
        if len(lines) <= 2 or size <= 56:
            break
        size -= 8
    y = 168
    for line in lines:
        draw.text((margin, y), line, font=font, fill=ink)
        y += int(size * 1.12)
    sub_font = _font("Regular", 32)
    subtitle = _drawable(face.subtitle, sub_font, 240)
    if subtitle and y < 420:
        for line in _wrap(subtitle, sub_font, WIDTH - 2 * margin, 2 if y < 360 else 1):
            draw.text((margin, y + 12), line, font=sub_font, fill=soft)
            y += 42

    pill_font = _font("Bold", 30)
    x, top = margin, HEIGHT - 56 - 40 - 58
    for (name, _), colour in zip(face.families, colours, strict=False):
        label = _drawable(name, pill_font, 40)
        if not label:
            continue
        width = int(pill_font.getlength(label)) + 56
        if x + width > WIDTH - margin:
            break
        draw.rounded_rectangle((x, top, x + width, top + 58), radius=29, fill=colour)
        dark_text = sum(c * w for c, w in zip(colour, (0.299, 0.587, 0.114), strict=True)) > 140
        draw.text(
            (x + 28, top + 12), label, font=pill_font, fill=(20, 14, 40) if dark_text else (255, 255, 255)
        )
        x += width + 18

    out = io.BytesIO()
    card.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def whole_png(data: bytes) -> bool:
    """A PNG with every chunk's checksum right and nothing after its end: a damaged one is drawn again."""
    import zlib

    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    at = 8
    while at + 12 <= len(data):
        end = at + 12 + int.from_bytes(data[at : at + 4])
        if end > len(data) or zlib.crc32(data[at + 4 : end - 4]) != int.from_bytes(data[end - 4 : end]):
            return False
        if data[at + 4 : at + 8] == b"IEND":
            return end == len(data)
        at = end
    return False


def card_png(face: CardFace, cache: Path | None) -> bytes:
    """The card, from the cache when it was drawn before; drawn (and kept) otherwise."""
    path = cache / "cards" / f"{face.key()}.png" if cache is not None else None
    if path is not None:
        try:
            data = read_kept(path)  # a file only this user could have written
            if whole_png(data):
                return data
        except (OSError, ValueError):
            pass
    data = draw_card(face)
    if path is not None:
        try:
            make_private_folder(path.parent)
            write_kept(path, data)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return data
