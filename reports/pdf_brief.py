"""The brief as a PDF (fpdf2), A4, with the bundled CJK font embedded (subset)."""

from __future__ import annotations

import io
import re
import string
import tempfile
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from sim.text import text

from .brief import Brief, Bullets, Figure, Heading, Headline, Numbered, Paragraph, Table, all_text
from .fonts import truetype_subset
from .png import fit

FONT = "cjk"
MARGIN_MM = 18
MAX_FIGURE_HEIGHT_MM = 75  # three charts and the text fit on two pages
HEADER_FILL = (228, 235, 245)
ACCENT = (31, 56, 100)
GREY = (85, 85, 85)
CELL_PADDING_MM = 1
HEADING_KEEP_MM = 30
# A line may break before any Chinese character, or at a space; never inside a number or a Latin word.
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+|\\s+")
_NO_LINE_START = set("，。；：、）》」』！？,.;:)%")
_NO_LINE_END = set("（《「『(")


class _BriefPDF(FPDF):
    def __init__(self, lang: str, font: Path):
        super().__init__(format="A4", unit="mm")
        self.brief_lang = lang  # not `lang`: FPDF.set_lang keeps the document language (zh-CN) there
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.add_font(FONT, fname=str(font))  # one face: headings differ by size, not weight
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*GREY)
        self.cell(0, 5, text("page_of", self.brief_lang, page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0, 0, 0)


def wrap(pdf: FPDF, body: str, width: float) -> str:
    """``body`` with line breaks so each line fits ``width`` mm in the current font.

    fpdf2 breaks lines only at spaces (or anywhere, splitting numbers); Chinese needs breaks
    between characters, and closing punctuation stays on the line it closes.
    """
    lines = []
    for paragraph in body.split("\n"):
        line: list[str] = []
        for token in _TOKENS.findall(paragraph):
            if line and pdf.get_string_width("".join(line) + token) > width:
                # Closing punctuation may not start a line: the character before it moves down too;
                # an opening bracket may not end one: it moves down to what it opens.
                carry = [line.pop()] if token[0] in _NO_LINE_START and len(line) > 1 else []
                if len(line) > 1 and line[-1] in _NO_LINE_END:
                    carry.insert(0, line.pop())
                lines.append("".join(line).rstrip())
                line = carry if carry else ([] if token.isspace() else [token])
                if carry:
                    line.append(token)
            else:
                line.append(token)
        lines.append("".join(line).rstrip())
    return "\n".join(lines)


def _write(pdf: _BriefPDF, size: float, body: str, height: float, grey: bool = False, indent: float = 0) -> None:
    pdf.set_font(FONT, size=size)
    pdf.set_text_color(*(GREY if grey else (0, 0, 0)))
    pdf.set_x(pdf.l_margin + indent)
    width = pdf.epw - indent
    pdf.multi_cell(
        width, height, wrap(pdf, body, width - 2 * pdf.c_margin - 0.2), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)


def _headline(pdf: _BriefPDF, body: str) -> None:
    """The headline on a tinted band with a bar on its left: the sentence a reader takes away."""
    pdf.set_font(FONT, size=11.5)
    lines = wrap(pdf, body, pdf.epw - 8).split("\n")
    height = 6 * len(lines) + 3
    top = pdf.get_y()
    pdf.set_fill_color(*HEADER_FILL)
    pdf.rect(pdf.l_margin, top, pdf.epw, height, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(pdf.l_margin, top, 1.2, height, style="F")
    pdf.set_xy(pdf.l_margin + 4, top + 1.5)
    pdf.multi_cell(pdf.epw - 6, 6, "\n".join(lines), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(255, 255, 255)  # tables fill their cells with the current colour
    pdf.set_y(top + height + 2)


def _numbered(pdf: _BriefPDF, i: int, body: str, basis: str) -> None:
    """A numbered finding, its basis in small grey print beneath it, both indented past the number."""
    indent = 6
    if pdf.will_page_break(12):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font(FONT, size=10)
    pdf.set_xy(pdf.l_margin, top)
    pdf.cell(indent, 5, f"{i}.")
    pdf.set_y(top)
    _write(pdf, 10, body, 5, indent=indent)
    if basis:
        _write(pdf, 7.5, basis, 3.8, grey=True, indent=indent)
    pdf.ln(1.5)


def _table(pdf: _BriefPDF, block: Table) -> None:
    pdf.set_font(FONT, size=8)
    widths = [pdf.epw * share - 2 * CELL_PADDING_MM - 1 for share in block.widths]
    with pdf.table(
        col_widths=block.widths,
        line_height=4.2,
        text_align="LEFT",
        padding=CELL_PADDING_MM,
        first_row_as_headings=True,
        repeat_headings=1,
        headings_style=FontFace(emphasis=None, fill_color=HEADER_FILL),
    ) as table:
        for row in (block.header, *block.rows):
            cells = table.row()
            for value, width in zip(row, widths):
                cells.cell(wrap(pdf, value, width))
    pdf.ln(2)


def _figure(pdf: _BriefPDF, block: Figure) -> None:
    width, height = fit(block.png, pdf.epw, MAX_FIGURE_HEIGHT_MM)
    if pdf.will_page_break(height + 6):
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin, w=width, h=height)
    _write(pdf, 8, block.caption, 4, grey=True)
    pdf.ln(2)


def render_pdf(brief: Brief) -> bytes:
    chars = all_text(brief) + text("page_of", brief.lang, page=0, pages=0) + string.printable + "•"
    with tempfile.TemporaryDirectory() as folder:  # fpdf2 reads fonts from a path, until output
        font = Path(folder) / "cjk.ttf"
        font.write_bytes(truetype_subset(chars))
        return _render(brief, font)


def _render(brief: Brief, font: Path) -> bytes:
    pdf = _BriefPDF(brief.lang, font)
    pdf.set_title(brief.title)
    pdf.set_lang("zh-CN" if brief.lang == "zh" else "en")
    pdf.add_page()
    _write(pdf, 18, brief.title, 9)
    _write(pdf, 11, brief.subtitle, 6, grey=True)
    pdf.ln(2)
    for block in brief.blocks:
        if isinstance(block, Heading):
            if pdf.will_page_break(HEADING_KEEP_MM):  # a heading never ends a page without what it heads
                pdf.add_page()
            pdf.ln(2)
            _write(pdf, 12.5, block.text, 7)
        elif isinstance(block, Paragraph):
            if block.strong:
                pdf.ln(1)
            size = 8 if block.note else 11 if block.strong else 10
            _write(pdf, size, block.text, 4 if block.note else 5.5 if block.strong else 5, grey=block.note)
        elif isinstance(block, Headline):
            _headline(pdf, block.text)
        elif isinstance(block, Numbered):
            for i, (item, basis) in enumerate(block.items, start=1):
                _numbered(pdf, i, item, basis)
        elif isinstance(block, Bullets):
            for item in block.items:
                _write(pdf, 9.5, f"•  {item}", 5, indent=2)
                pdf.ln(1)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)
    return bytes(pdf.output())
