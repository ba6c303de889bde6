"""The command line: ``python -m sim ...``."""

from .commands import main

__all__ = ["main"]
