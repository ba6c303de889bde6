"""A short fingerprint of the data a result came from, printed on reports.

Two reports with the same fingerprint were computed from byte-identical program files,
so a reader can tell whether a figure changed because the data changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .loader import Catalog

DIGITS = 12


def data_version(catalog: Catalog, program_ids: Iterable[str] | None = None) -> str:
    """First 12 hex digits of a sha256 over the program files (name and bytes), in id order."""
    ids = sorted(program_ids if program_ids is not None else catalog.programs)
    digest = hashlib.sha256()
    for pid in ids:
        catalog.program(pid)  # an unknown id raises the catalog's own KeyError
        path = catalog.data_dir / "programs" / f"{pid}.yaml"
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:DIGITS]
