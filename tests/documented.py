"""What the tests know about the bundled data without asking the code: where it is, which programs it
holds (a helper module, not a test module)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDS = ["guopei-2021-2025", "henan-2021", "jiangxi-2022", "zhejiang-2021h2", "zhejiang-voc-2020"]
