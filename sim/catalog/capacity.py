"""Capacity in a program file: that every pool and review board names tracks that exist, each class
draws on one pool at most, and each capacity is a parameter in the unit it counts."""

from __future__ import annotations

from sim.base import N_, DataError

from .schema import Program
from .units import check_slot


def pool_key(track: str, supplier: str | None) -> str:
    """How a pool's ``serves`` names the classes of a track, or of one of its supplier categories."""
    return f"{track}/{supplier}" if supplier else track


def served_keys(program: Program, target: str) -> list[str]:
    """The class keys a pool's ``serves`` entry stands for: one supplier category, every category of
    a supplier track, or a track's own classes."""
    track_id, _, supplier = target.partition("/")
    if supplier:
        return [target]
    track = next(t for t in program.tracks if t.id == track_id)
    return [pool_key(track_id, s.id) for s in track.suppliers or []] or [track_id]


def _check_target(file: str, program: Program, where: str, target: str, counted: bool) -> None:
    """A ``serves`` entry names an existing track (and supplier category), and the pool can count
    its institutions (``counted``: the pool gives them itself)."""
    tracks = {t.id: t for t in program.tracks}
    track_id, _, supplier = target.partition("/")
    t = tracks.get(track_id)
    if t is None:
        known = ", ".join(tracks)
        raise DataError(
            file,
            f"{where}.serves",
            f"no track {track_id!r}; known: {known}",
            N_("error_no_track_known"),
            track=track_id,
            known=known,
        )
    suppliers = ", ".join(s.id for s in t.suppliers or [])
    if supplier and supplier not in [s.id for s in t.suppliers or []]:
        raise DataError(
            file,
            f"{where}.serves",
            f"track {track_id!r} has no supplier {supplier!r}; known: {suppliers}",
            N_("error_no_supplier"),
            track=track_id,
            supplier=supplier,
            known=suppliers,
        )
    if not counted and not supplier:
        raise DataError(
            file,
            f"{where}.institutions",
            f"needed: {target!r} is not one supplier category, whose institutions the pool could count",
            N_("error_pool_needs_institutions"),
            target=target,
        )


def check_capacity(file: str, program: Program) -> None:
    served: dict[str, str] = {}
    for i, pool in enumerate(program.capacity.delivery):
        where = f"capacity.delivery[{i}]"
        check_slot(file, program, f"{where}.classes_each", pool.classes_each, "classes")
        if pool.institutions is not None:
            check_slot(file, program, f"{where}.institutions", pool.institutions, "institutions")
        for target in pool.serves:
            _check_target(file, program, where, target, pool.institutions is not None)
            for key in served_keys(program, target):
                if key in served:
                    raise DataError(
                        file,
                        f"{where}.serves",
                        f"{key!r} already draws on pool {served[key]!r}",
                        N_("error_served_twice"),
                        key=key,
                        pool=served[key],
                    )
                served[key] = pool.id
    declared = {t.id for t in program.tracks if t.suppliers is not None}
    for i, board in enumerate(program.capacity.review):
        where = f"capacity.review[{i}]"
        check_slot(file, program, f"{where}.projects_per_day", board.projects_per_day, "projects/day")
        for target in board.serves:
            if target not in declared:
                raise DataError(
                    file,
                    f"{where}.serves",
                    f"no track {target!r} whose projects are declared",
                    N_("error_no_declared_track"),
                    track=target,
                )
