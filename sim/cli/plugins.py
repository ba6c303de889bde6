"""Commands that the faces above the library add to ``python -m sim``.

The library never imports its presentation layers (the layer contract forbids it), so a face that
brings a command, such as ``reports`` with ``report``, is named here by module and registers its
own subparser: each module has ``register(subparsers, lang)``, its help in ``lang``. One that is not importable is left out.
"""

from __future__ import annotations

import argparse
import importlib

PROVIDERS = ("reports.cli",)


def add_plugin_commands(sub: argparse._SubParsersAction, lang: str) -> None:
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name.split(".")[0]:
                raise  # the face is there but broken: say so
            continue
        module.register(sub, lang)
