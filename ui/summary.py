"""A one-page summary of the current scenario, as HTML that prints on one A4 page (``@media print``).

The dashboard shows it and offers it for download in one click; the browser's print makes the PDF.
Every piece of text is escaped: names and values come from users and links.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

STYLE = """
.tt-summary { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #111;
  max-width: 180mm; margin: 0 auto; font-size: 10.5pt; line-height: 1.45; }
.tt-summary h1 { font-size: 16pt; margin: 0 0 2mm; }
.tt-summary h2 { font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #999; }
.tt-summary .sub { color: #444; margin: 0 0 3mm; }
.tt-summary table { border-collapse: collapse; width: 100%; }
.tt-summary th, .tt-summary td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
.tt-summary td.n { text-align: right; white-space: nowrap; }
.tt-summary th { background: #eef2f7; }
.tt-summary ul.notes { margin: 2mm 0 0; padding-left: 5mm; font-size: 9.5pt; }
.tt-summary footer { margin-top: 5mm; color: #555; font-size: 8.5pt; }
@media print {
  @page { size: A4; margin: 15mm; }
  .tt-summary { max-width: none; font-size: 10pt; }
  .tt-summary tr, .tt-summary li { break-inside: avoid; }
}
"""


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escape(c)}</td>' if i >= numeric_from else f"<td>{escape(c)}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(
    *,
    lang: str,
    title: str,
    subtitle: str,
    changes_title: str,
    changes_head: Sequence[str],
    changes: Sequence[Sequence[str]],
    no_changes: str,
    figures_title: str,
    figures_head: Sequence[str],
    figures: Sequence[Sequence[str]],
    risks_title: str,
    risks: Sequence[str],
    footer: str,
    code: str = "",
    notes: Sequence[str] = (),
) -> str:
    """The whole page: title, what the scenario changes, baseline against scenario (and what their
    ranges mean, ``notes``), deadlines at risk.

    ``code`` (the data version) is set as code where the footer names it: a fingerprint, not words."""
    changed = _table(changes_head, changes, numeric_from=1) if changes else f"<p>{escape(no_changes)}</p>"
    risky = "".join(f"<li>{escape(r)}</li>" for r in risks)
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(subtitle)}</p>',
        f"<h2>{escape(changes_title)}</h2>",
        changed,
        f"<h2>{escape(figures_title)}</h2>",
        _table(figures_head, figures, numeric_from=1),
        f'<ul class="notes">{"".join(f"<li>{escape(n)}</li>" for n in notes)}</ul>' if notes else "",
        f"<h2>{escape(risks_title)}</h2><ul>{risky}</ul>" if risks else "",
        f"<footer>{escape(footer).replace(escape(code), f'<code>{escape(code)}</code>') if code else escape(footer)}</footer>",
    ]
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<style>{STYLE}</style></head><body><div class="tt-summary">{"".join(parts)}</div></body></html>'
    )
