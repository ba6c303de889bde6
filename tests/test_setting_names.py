"""A setting's name does not read as a result's: the sidebar's settings and the figures they move stay apart."""

from __future__ import annotations

from sim.text import text


def _reads_as(label: str, name: str) -> bool:
    """Whether ``name`` is ``label`` with words put in between ("名额注册完成率" reads as "名额完成率")."""
    rest = iter(name)
    return all(ch in rest for ch in label)


def test_no_setting_is_named_like_the_fill_rate(catalog):
    # The fill rate is only ever a result (enrolled / quota); Henan's participation setting was once
    # "名额注册完成率", which a reader takes for it.
    fill = text("fill_rate", "zh")
    assert _reads_as(fill, "名额注册完成率")
    named = {
        (pid, key): q.names.zh
        for pid in catalog.programs
        for key, q in catalog.program(pid).parameters.items()
        if getattr(q, "names", None) is not None
    }
    assert not [k for k, zh in named.items() if _reads_as(fill, zh)]
