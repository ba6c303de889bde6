"""Regenerate the saved back-test CSVs: ``python -m tests.backtests.generate``.

Only when a change moves numbers on purpose; commit the CSVs alone, saying which rule moved them.
"""

from __future__ import annotations

from sim import load_catalog

from .runs import program_table
from .table import write


def main() -> None:
    for program in load_catalog().programs.values():
        write(program.id, program_table(program))
        print(program.id)


if __name__ == "__main__":
    main()
