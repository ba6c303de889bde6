"""The bundled CJK font (OFL Noto Sans SC, from the pylopdf-fonts-zh-cn wheel).

Chart images, PDFs and headless-browser screenshots must not depend on the
machine's fonts, so everything that renders Chinese points at this file.
"""
from __future__ import annotations

from pathlib import Path

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
