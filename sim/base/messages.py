"""Marking message keys in layers that carry codes, not words."""


def N_(key: str) -> str:
    """A message key for ``sim.text`` to word later; the mark lets ``pybabel extract`` find it."""
    return key
