"""The badge drawn from a program's data: an SVG (text, accessible) and a PNG of the same design.

Two designs share one layout: the achievement's badge (the program's short name large, its full
name and the certifying body) and the issuer's (the certifying body's initials large and its
name). Both are drawn here from plain data, so the same program always gives the same bytes (the
ETag is their digest). The PNG is drawn with Pillow's bundled font, so no system font or
package is needed and every machine draws the same picture.
"""

import io
import textwrap
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 512  # square, as badge displays and link previews expect
BRAND = "#1d4e89"  # the site's brand blue: white text on it is 8.6:1
RING = "#143a66"
PAPER = "#ffffff"
# An SVG's <title> and <desc> are what a screen reader announces for it.
SVG_NS = "http://www.w3.org/2000/svg"
OB_NS = "https://purl.imsglobal.org/ob/v3p0"  # the baking namespace of Open Badges 3.0


@dataclass(frozen=True)
class BadgeArt:
    """What a badge shows: `mark` large in the middle, `lines` of the name below it, `footer` at
    the bottom; `title` and `description` are its text alternative."""

    mark: str
    lines: tuple[str, ...]
    footer: tuple[str, ...]
    title: str
    description: str


def _wrap(text: str, width: int, most: int) -> tuple[str, ...]:
    lines = textwrap.wrap(text, width=width) or [""]
    if len(lines) > most:
        lines = [
            *lines[: most - 1],
            textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder="…"),
        ]
    return tuple(lines)


def initials(name: str) -> str:
    """`ALA-Allied Professional Association` → `AAPA`: the capitals of its words, at most 5."""
    words = name.replace("-", " ").split()
    letters = "".join(
        w[0] for w in words if w[:1].isalpha() and (w[0].isupper() or len(words) == 1)
    )
    return (letters or name[:3]).upper()[:5]


def achievement_art(*, short_name: str, name: str, certifying_body: str) -> BadgeArt:
    mark = short_name or initials(name)
    return BadgeArt(
        mark=mark[:8],
        lines=_wrap(name, 24, 3),
        footer=_wrap(certifying_body, 28, 2),
        title=f"{name} badge",
        description=f"Badge of the {name} ({short_name}), certified by {certifying_body}.",
    )


def issuer_art(*, certifying_body: str) -> BadgeArt:
    return BadgeArt(
        mark=initials(certifying_body),
        lines=_wrap(certifying_body, 24, 3),
        footer=("Certifying body",),
        title=f"{certifying_body} emblem",
        description=f"Emblem of {certifying_body}, the certifying body.",
    )


# --- Layout, shared by both formats --------------------------------------------------------------

MARK_Y, MARK_SIZE = 230, 104
LINE_Y, LINE_SIZE, LINE_GAP = 300, 26, 32
FOOTER_Y, FOOTER_SIZE, FOOTER_GAP = 428, 18, 24


def _mark_size(mark: str) -> int:
    return MARK_SIZE if len(mark) <= 5 else MARK_SIZE * 5 // len(mark)


def _footer(art: BadgeArt) -> list[tuple[int, str]]:
    """The footer's lines with their baselines, the last one at FOOTER_Y."""
    first = FOOTER_Y - (len(art.footer) - 1) * FOOTER_GAP
    return [(first + i * FOOTER_GAP, line) for i, line in enumerate(art.footer)]


def svg(art: BadgeArt, *, baked: str | None = None) -> str:
    """The badge as SVG. `baked`: a credential's JSON to embed as Open Badges 3.0 says (an
    `openbadges:credential` element right after the `svg` start tag, its JSON in CDATA)."""
    ns = f' xmlns:openbadges="{OB_NS}"' if baked is not None else ""
    credential = ""
    if baked is not None:
        # "]]>" can only occur inside a JSON string, where "\u003e" is the same character.
        cdata = baked.replace("]]>", "]]\\u003e")
        credential = f"<openbadges:credential><![CDATA[{cdata}]]></openbadges:credential>"
    lines = [(LINE_Y + i * LINE_GAP, LINE_SIZE, line) for i, line in enumerate(art.lines)]
    lines += [(y, FOOTER_SIZE, line) for y, line in _footer(art)]
    text = "".join(
        f'<text x="256" y="{y}" font-size="{size}">{escape(line)}</text>' for y, size, line in lines
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="{SVG_NS}"{ns} viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        'role="img" aria-labelledby="badge-title badge-desc">'
        f"{credential}"
        f'<title id="badge-title">{escape(art.title)}</title>'
        f'<desc id="badge-desc">{escape(art.description)}</desc>'
        f'<circle cx="256" cy="256" r="248" fill="{RING}"/>'
        f'<circle cx="256" cy="256" r="226" fill="{BRAND}" stroke="{PAPER}" stroke-width="6"/>'
        f'<g fill="{PAPER}" text-anchor="middle" font-family="DejaVu Sans, Verdana, sans-serif">'
        f'<text x="256" y="{MARK_Y}" font-size="{_mark_size(art.mark)}" font-weight="700">'
        f"{escape(art.mark)}</text>{text}</g></svg>\n"
    )


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def png(art: BadgeArt) -> bytes:
    """The same badge as a PNG (512 by 512 pixels, RGBA, transparent around the circle)."""
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=RING)
    draw.ellipse((30, 30, SIZE - 30, SIZE - 30), fill=BRAND, outline=PAPER, width=6)
    # SVG's `y` is the baseline: anchor "ms" (middle, baseline) draws the same.
    draw.text((256, MARK_Y), art.mark, font=_font(_mark_size(art.mark)), fill=PAPER, anchor="ms")
    for i, line in enumerate(art.lines):
        draw.text(
            (256, LINE_Y + i * LINE_GAP), line, font=_font(LINE_SIZE), fill=PAPER, anchor="ms"
        )
    for y, line in _footer(art):
        draw.text((256, y), line, font=_font(FOOTER_SIZE), fill=PAPER, anchor="ms")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
