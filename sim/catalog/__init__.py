"""The programs as validated data: schema, loader and quote checks, the consistency audit, views with provenance."""

from .audit import Finding, audit_program, run_audit
from .loader import Catalog, load_catalog, pydantic_error, read_yaml, squash
from .parameters import MODEL_PARAMETERS
from .schema import (
    DATE_MAX,
    DATE_MIN,
    DIMENSION_MAX,
    SLOT_UNIT,
    SUPPLIER_SLOTS,
    UNIT_DIMENSION,
    UNIT_MAX,
    Milestone,
    Names,
    Program,
    Quantity,
    Range,
    Ref,
    StatedTable,
    Supplier,
    Track,
    check_value,
)
from .version import data_version
from .views import parameter_rows, program_dict, provenance, range_fields

__all__ = [
    "Catalog",
    "DATE_MAX",
    "DATE_MIN",
    "DIMENSION_MAX",
    "Finding",
    "MODEL_PARAMETERS",
    "Milestone",
    "Names",
    "Program",
    "Quantity",
    "Range",
    "Ref",
    "SLOT_UNIT",
    "SUPPLIER_SLOTS",
    "StatedTable",
    "Supplier",
    "Track",
    "UNIT_DIMENSION",
    "UNIT_MAX",
    "audit_program",
    "check_value",
    "data_version",
    "load_catalog",
    "parameter_rows",
    "program_dict",
    "provenance",
    "range_fields",
    "pydantic_error",
    "read_yaml",
    "run_audit",
    "squash",
]
