"""The brief as a Word document (python-docx), A4, with an East Asian font on every style."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sim.text import text

from .brief import Brief, Bullets, Figure, Heading, Headline, Numbered, Paragraph, Table
from .png import fit

# Word shows Chinese in the w:eastAsia font; the template's theme fonts would otherwise win.
EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Calibri"
STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "List Bullet",
    "List Number",
    "Caption",
    "Table Grid",
)
TEXT_WIDTH_CM = 17.0
MAX_FIGURE_HEIGHT_CM = 7.5  # three charts and the text fit on two pages
NOTE_GREY = RGBColor(0x55, 0x55, 0x55)


def set_fonts(rpr_owner) -> None:
    """Latin and East Asian font on a style or run; theme-font attributes removed so they apply."""
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, font in (
        ("w:ascii", LATIN_FONT),
        ("w:hAnsi", LATIN_FONT),
        ("w:eastAsia", EAST_ASIAN_FONT),
        ("w:cs", LATIN_FONT),
    ):
        fonts.set(qn(attr), font)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(1.8)
    for name in STYLES:
        set_fonts(doc.styles[name])
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    doc.styles["Title"].font.size = Pt(20)
    doc.styles["Heading 1"].font.size = Pt(13)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(8)


# Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF):
# python-docx refuses them, so text from data or users that carries one would fail the whole brief.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """``text`` as Word can store it: characters XML cannot hold are dropped."""
    return _NOT_XML.sub("", text)


def _table(doc, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, label in zip(table.rows[0].cells, block.header):
        cell.paragraphs[0].add_run(_x(label)).bold = True
    for row in block.rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = _x(value)
    # Word reads the cell widths, LibreOffice the column grid: set both.
    for column, share in zip(table.columns, block.widths):
        column.width = Cm(TEXT_WIDTH_CM * share)
    for row in table.rows:
        for cell, share in zip(row.cells, block.widths):
            cell.width = Cm(TEXT_WIDTH_CM * share)
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    run.font.size = Pt(8.5)
    # Repeat the header row on every page the table runs over.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _figure(doc, block: Figure) -> None:
    width, _ = fit(block.png, TEXT_WIDTH_CM, MAX_FIGURE_HEIGHT_CM)
    doc.add_picture(io.BytesIO(block.png), width=Cm(width))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays on the chart's page
    caption = doc.add_paragraph(_x(block.caption), style="Caption")
    caption.paragraph_format.space_after = Pt(6)


def _headline(doc, body: str) -> None:
    """The headline on a tinted band with a bar on its left (paragraph shading and border)."""
    p = doc.add_paragraph()
    run = p.add_run(_x(body))
    run.font.size, run.bold = Pt(11.5), True
    p_pr = p._p.get_or_add_pPr()
    shading = OxmlElement("w:shd")
    for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "E4EBF5")):
        shading.set(qn(attr), value)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for attr, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "6"), ("w:color", "1F3864")):
        left.set(qn(attr), value)
    borders.append(left)
    p_pr.append(borders)
    p_pr.append(shading)
    p.paragraph_format.space_after = Pt(6)


def _numbered(doc, body: str, basis: str) -> None:
    """A numbered finding (Word's own numbering), its basis in small grey print on the next line."""
    p = doc.add_paragraph(_x(body), style="List Number")
    if basis:
        p.add_run().add_break()
        note = p.add_run(_x(basis))
        note.font.size, note.font.color.rgb = Pt(8), NOTE_GREY


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the pages out."""
    run = paragraph.add_run()
    for kind, body in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif body == code:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {code} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = body
            run._r.append(t)


def _page_numbers(doc, lang: str) -> None:
    """第1页/共2页 (Page 1 of 2) centred in the footer, from the PAGE and NUMPAGES fields."""
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = 1  # centred
    words = text("page_of", lang, page="\0", pages="\1")
    before, rest = words.split("\0")
    middle, after = rest.split("\1")
    for piece, code in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if piece:
            footer.add_run(piece)
        if code:
            _field(footer, code)
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(8), NOTE_GREY


def render_docx(brief: Brief) -> bytes:
    doc = Document()
    _setup(doc)
    _page_numbers(doc, brief.lang)
    doc.core_properties.title = _x(brief.title)
    doc.core_properties.language = "zh-CN" if brief.lang == "zh" else "en-GB"
    doc.add_paragraph(_x(brief.title), style="Title")
    doc.add_paragraph(_x(brief.subtitle), style="Subtitle")
    for block in brief.blocks:
        if isinstance(block, Heading):
            doc.add_paragraph(_x(block.text), style="Heading 1")
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph()
            run = p.add_run(_x(block.text))
            if block.note:
                run.font.size, run.font.color.rgb = Pt(8.5), NOTE_GREY
                p.paragraph_format.space_after = Pt(0)
            if block.strong:
                run.bold, run.font.size = True, Pt(11)
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Headline):
            _headline(doc, block.text)
        elif isinstance(block, Numbered):
            for item, basis in block.items:
                _numbered(doc, item, basis)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(_x(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)  # two tables in a row stay apart
        elif isinstance(block, Figure):
            _figure(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
