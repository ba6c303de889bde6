"""The bundled CJK font (OFL Noto Sans SC, from the pylopdf-fonts-zh-cn wheel).

Chart images, PDFs and headless-browser screenshots must not depend on the
machine's fonts, so everything that renders Chinese points at this file.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from pylopdf_fonts_zh_cn import sans_path


def cjk_font() -> Path:
    return sans_path()


def fontconfig_file(folder: Path) -> Path:
    """Write a fontconfig file that knows only the bundled font; use it as FONTCONFIG_FILE."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{cjk_font().parent}</dir>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n"
        "  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>\n"
        "  <alias><family>serif</family><prefer><family>Noto Sans SC</family></prefer></alias>\n"
        "  <alias><family>monospace</family><prefer><family>Noto Sans SC</family></prefer></alias>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def truetype_subset(chars: str) -> bytes:
    """The bundled font cut down to ``chars`` and converted from CFF to TrueType outlines.

    fpdf2 embeds a CFF (.otf) font with a custom code-to-CID map that some text extractors
    (pypdf, and with it search and copy in several viewers) cannot read, while a TrueType font
    goes in as Identity-H with /FontFile2, which every reader understands. Converting only the
    glyphs a document uses keeps this to a few tenths of a second.
    """
    font = TTFont(str(cjk_font()))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []  # plain horizontal text: no shaping features needed
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(None)
        # Cubic CFF curves to TrueType's quadratic ones, within 1 font unit; TrueType runs the other way round.
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000  # the TrueType flavour of maxp carries these fields
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
