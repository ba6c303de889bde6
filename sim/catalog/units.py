"""That a quantity a program file uses is in the unit its place needs: the value itself, or the
parameter a ``{param: id}`` reference points at, which must exist."""

from __future__ import annotations

from sim.base import N_, DataError

from .schema import Program, Quantity, Ref


def check_unit(file: str, where: str, q: Quantity, unit: str) -> None:
    """``q`` (found at ``where``) is in ``unit``."""
    if q.unit != unit:
        raise DataError(
            file, where, f"expected unit `{unit}`, got `{q.unit}`", N_("error_wrong_unit"), unit=unit, got=q.unit
        )


def check_slot(file: str, program: Program, where: str, value: Quantity | Ref | None, unit: str) -> None:
    """A slot's value (``where``), or the parameter it refers to, is in ``unit``; None passes."""
    if value is None:
        return
    if isinstance(value, Ref):
        if value.param not in program.parameters:
            known = ", ".join(program.parameters)
            raise DataError(
                file,
                f"{where}.param",
                f"no parameter {value.param!r}; known: {known}",
                N_("error_no_parameter_known"),
                param=value.param,
                known=known,
            )
        check_unit(file, f"{where} -> parameters.{value.param}.unit", program.parameters[value.param], unit)
    else:
        check_unit(file, f"{where}.unit", value, unit)
