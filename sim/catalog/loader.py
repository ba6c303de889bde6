"""Load and validate program files into a :class:`Catalog`.

Everything that can be wrong in a data file is reported as a
:class:`~sim.base.DataError` naming the file, the field path and what was
expected, before any simulation runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from sim.base import MAX_BYTES, N_, DataError, UnknownProgram, Worded, at_line, read_text, shown

from .audit import Unresolved, resolve_reference
from .capacity import check_capacity
from .parameters import MODEL_PARAMETERS
from .ranges import check_ranges, value_words
from .schema import DRIVER_UNIT, SLOT_UNIT, SUPPLIER_SLOTS, Program, Ref, Track
from .units import check_slot, check_unit

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Drop all whitespace: seed texts were extracted from PDFs with line breaks mid-phrase."""
    return _WHITESPACE.sub("", text)


# Parsing the program files with pure-Python PyYAML was a fifth of a CLI run; libyaml's parser, when
# PyYAML was built with it, is ten times faster. Both build values with PyYAML's SafeConstructor, so
# the data and the duplicate-key check are the same; libyaml only words some syntax errors otherwise
# (same line). mypy checks the libyaml branch.
if TYPE_CHECKING or yaml.__with_libyaml__:
    _SafeLoader = yaml.CSafeLoader
else:
    _SafeLoader = yaml.SafeLoader


class _UniqueKeyLoader(_SafeLoader):
    """Safe YAML loader that refuses duplicate keys (a silent overwrite hides typos)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # `<<: *anchor` keys may be overridden by explicit ones
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("Quantity", "Ref") or "[" in str(part) or "function-" in str(part):
            continue  # pydantic's union-branch labels are noise to a data author
        else:
            out += ("." if out else "") + str(part)
    return out


# pydantic's own error types a data author meets, by message key; other types keep pydantic's English.
_PYDANTIC_WORDS = {
    "int_parsing": N_("error_expected_number"),
    "int_type": N_("error_expected_number"),
    "float_parsing": N_("error_expected_number"),
    "float_type": N_("error_expected_number"),
    "string_type": N_("error_expected_text"),
    "date_parsing": N_("error_expected_date"),
    "date_from_datetime_parsing": N_("error_expected_date"),
    "date_type": N_("error_expected_date"),
    "dict_type": N_("error_expected_mapping"),
    "model_type": N_("error_expected_mapping"),
    "list_type": N_("error_expected_list"),
}


def _problem(first: ErrorDetails, keys_doc: str) -> Worded:
    """One pydantic problem as English words with a message key (the schema's own checks carry theirs)."""
    kind, ctx = first["type"], first.get("ctx", {})
    if kind == "extra_forbidden":
        return Worded(
            f"unknown key (check the spelling; see {keys_doc} for the allowed keys)",
            N_("error_unknown_field"),
            doc=keys_doc,
        )
    if kind == "missing":
        return Worded("required key is missing", N_("error_required_key"))
    msg = first["msg"].removeprefix("Value error, ")
    got = shown(first["input"])
    if kind == "literal_error":
        return Worded(f"got {got}; {msg}", N_("error_not_allowed"), got=got, allowed=ctx.get("expected", ""))
    if kind.startswith("error_"):  # a schema check's PydanticCustomError: its type is the message key
        return Worded(msg, kind, **ctx)
    return Worded(msg, _PYDANTIC_WORDS.get(kind), got=got)


def pydantic_error(file: str, err: ValidationError, keys_doc: str = "data/README.md") -> DataError:
    """The first (deepest) validation problem as a located DataError; ``keys_doc`` lists the allowed keys."""
    errors = err.errors(include_url=False)
    # A union failure repeats once per branch; the branch that got furthest is the helpful one.
    first = max(errors, key=lambda e: len(e["loc"]))
    problem = _problem(first, keys_doc)
    more = len({e["loc"] for e in errors}) - 1
    if more > 0:
        return DataError(
            file, _field_path(first["loc"]), f"{problem} (+{more} more)", N_("error_and_more"), what=problem, more=more
        )
    return DataError(file, _field_path(first["loc"]), str(problem), problem.code, **problem.params)


@dataclass
class Catalog:
    """All programs of a data directory, with their source texts."""

    data_dir: Path
    programs: dict[str, Program]
    files: dict[str, Path] = field(default_factory=dict)  # program id -> its YAML file

    def program(self, program_id: str) -> Program:
        try:
            return self.programs[program_id]
        except KeyError:
            known = ", ".join(self.programs)
            raise UnknownProgram(
                f"unknown program {program_id!r}; known: {known}",
                N_("error_unknown_program"),
                program=shown(program_id),
                known=known,
            ) from None


def _check_track(file: str, program: Program, i: int, track: Track) -> None:
    base = f"tracks[{i}]"
    for slot, unit in SLOT_UNIT.items():
        if slot in SUPPLIER_SLOTS:
            continue
        check_slot(file, program, f"{base}.{slot}", getattr(track, slot), unit)
    for slot in ("class_size", "classes_per_project"):
        v = getattr(track, slot)
        q = program.resolve(v)
        if q is not None and q.value < 1:
            raise DataError(
                file, f"{base}.{slot}", f"expected at least 1, got {q.value}", N_("error_at_least_one"), got=q.value
            )
        if q is not None and q.range is not None and q.range.low < 1:  # a draw must be a class of someone
            raise DataError(
                file,
                f"parameters.{v.param}.range.low" if isinstance(v, Ref) else f"{base}.{slot}.range.low",
                f"expected at least 1, got {q.range.low:g}",
                N_("error_at_least_one"),
                got=f"{q.range.low:g}",
            )
    for j, s in enumerate(track.suppliers or []):
        for slot in SUPPLIER_SLOTS:
            check_slot(file, program, f"{base}.suppliers[{j}].{slot}", getattr(s, slot), SLOT_UNIT[slot])
    for j, line in enumerate(track.cost_lines):
        check_slot(file, program, f"{base}.cost_lines[{j}].rate", line.rate, DRIVER_UNIT[line.driver])
    if track.group is not None and track.group not in {g.id for g in program.groups}:
        raise DataError(file, f"{base}.group", f"no group {track.group!r}", N_("error_no_group"), group=track.group)


def _check_unique(file: str, kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            raise DataError(file, f"{kind}[{i}].id", f"duplicate id {x!r}", N_("error_duplicate_id"), id=x)
        seen.add(x)


def _iter_sources(program: Program):
    """Yield (field path, Source, values the quote must show) for every sourced item in the program."""
    doc = program.document
    for name in ("number", "title", "issuer"):
        v = getattr(doc, name)
        if v is not None and v.source:
            yield f"document.{name}", v.source, []
    for where, q in program.quantities():
        if q.source:
            yield where, q.source, [q.value]
    for i, m in enumerate(program.milestones):
        if m.source:
            yield f"milestones[{i}]", m.source, [d for d in (m.start, m.end) if d is not None]
    for i, t in enumerate(program.tracks):
        if t.allocation and t.allocation.source:
            yield f"tracks[{i}].allocation", t.allocation.source, list(t.allocation.values.values())
    for i, r in enumerate(program.rules):
        if r.source:
            yield f"rules[{i}]", r.source, []
    for i, tab in enumerate(program.tables):
        if tab.source:
            yield f"tables[{i}]", tab.source, [tab.grand_total, *tab.column_totals.values()]


def _check_quotes(file: str, program: Program, sources_dir: Path, texts: dict[str, str]) -> None:
    for where, src, values in _iter_sources(program):
        name = src.file or program.document.file
        if name not in texts:
            path = sources_dir / name
            if not path.is_file():
                raise DataError(
                    file,
                    f"{where}.source.file",
                    f"source document {name!r} not found in {sources_dir}",
                    N_("error_no_source_document"),
                    name=name,
                    folder=str(sources_dir),
                )
            try:
                texts[name] = squash(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                raise DataError(str(path), "", "expected UTF-8 text", N_("error_not_utf8")) from None
        quote = squash(src.quote)
        if quote not in texts[name]:
            raise DataError(
                file,
                f"{where}.source.quote",
                f"quoted wording not found in {name}: {src.quote[:40]!r}",
                N_("error_quote_not_found"),
                name=name,
                quote=src.quote[:40],
            )
        if src.derivation is None:
            for word in (w for v in values for w in value_words(v)):
                if word not in quote:
                    raise DataError(
                        file,
                        f"{where}.source",
                        f"the quote does not contain the value {word!r}; quote the wording that "
                        "gives it, or add a `derivation` saying how it follows",
                        N_("error_quote_lacks_value"),
                        value=word,
                    )


def _check_names_en(file: str, program: Program) -> None:
    used = program.proper_names()
    for name, where in used.items():
        if not program.names_en.get(name, "").strip():
            raise DataError(
                file,
                where,
                f"{name!r} has no English name; add `{name}: <English>` to `names_en`",
                N_("error_no_english_name"),
                name=name,
            )
    for name in program.names_en:
        if name not in used:
            raise DataError(
                file,
                f"names_en.{name}",
                "not a name the program uses (its issuer, a provider or an allocation key)",
                N_("error_unused_english_name"),
            )


def _check_references(file: str, program: Program) -> None:
    _check_unique(file, "tracks", [t.id for t in program.tracks] + [g.id for g in program.groups])
    _check_unique(file, "milestones", [m.id for m in program.milestones])
    _check_unique(file, "rules", [r.id for r in program.rules])
    track_ids = {t.id for t in program.tracks}
    targets = track_ids | {g.id for g in program.groups}
    for pid, meta in MODEL_PARAMETERS.items():
        q = program.parameters.get(pid)
        if q is None:
            if meta.required:
                raise DataError(
                    file, f"parameters.{pid}", "required model parameter is missing", N_("error_required_parameter")
                )
            continue
        check_unit(file, f"parameters.{pid}.unit", q, meta.unit)
    for i, t in enumerate(program.tracks):
        for pid, q in t.parameters.items():
            track_meta = MODEL_PARAMETERS.get(pid)
            if track_meta is None:
                known = ", ".join(MODEL_PARAMETERS)
                raise DataError(
                    file,
                    f"tracks[{i}].parameters.{pid}",
                    f"not a model parameter; expected one of {known}",
                    N_("error_not_a_model_parameter"),
                    known=known,
                )
            check_unit(file, f"tracks[{i}].parameters.{pid}.unit", q, track_meta.unit)
    for i, t in enumerate(program.tracks):
        _check_track(file, program, i, t)
    for i, m in enumerate(program.milestones):
        for target in m.tracks or []:
            if target not in targets:
                raise DataError(
                    file,
                    f"milestones[{i}].tracks",
                    f"no track or group {target!r}",
                    N_("error_no_track_or_group"),
                    target=target,
                )
    lines: dict[str, tuple] = {}
    for i, t in enumerate(program.tracks):
        for j, line in enumerate(t.cost_lines):
            meaning = (line.names, line.driver, line.payer)
            if lines.setdefault(line.id, meaning) != meaning:
                raise DataError(
                    file,
                    f"tracks[{i}].cost_lines[{j}].id",
                    f"cost line {line.id!r} is used elsewhere with other names, driver or payer; "
                    "give different costs different ids (totals add lines by id)",
                    N_("error_cost_line_reused"),
                    line=line.id,
                )
    for i, t in enumerate(program.tracks):
        if not any(
            m.kind == "delivery" and (m.tracks is None or t.id in m.tracks or t.group in m.tracks)
            for m in program.milestones
        ):
            raise DataError(
                file,
                f"tracks[{i}]",
                f"track {t.id!r} needs a `delivery` milestone (when it runs)",
                N_("error_no_delivery"),
                track=t.id,
            )
    for i, g in enumerate(program.groups):
        if g.quota is not None:
            check_unit(file, f"groups[{i}].quota.unit", g.quota, "persons")
    for i, r in enumerate(program.rules):
        if r.param is not None and r.param not in program.parameters:
            raise DataError(
                file, f"rules[{i}].param", f"no parameter {r.param!r}", N_("error_no_parameter"), param=r.param
            )
    tracks = {t.id: t for t in program.tracks}
    for i, tab in enumerate(program.tables):
        for row in tab.tracks + tab.excluded_from_columns:
            if row not in track_ids:
                raise DataError(file, f"tables[{i}].tracks", f"no track {row!r}", N_("error_no_track"), track=row)
            if tracks[row].quota is None:
                raise DataError(
                    file,
                    f"tables[{i}].tracks",
                    f"row {row!r} needs a stated `quota` (its row total)",
                    N_("error_row_needs_quota"),
                    track=row,
                )
        allocations = [tracks[row].allocation for row in tab.tracks]
        columns = {k for a in allocations if a is not None for k in a.values}
        for col, total in tab.column_totals.items():
            if col not in columns:
                known = ", ".join(sorted(columns))
                raise DataError(
                    file,
                    f"tables[{i}].column_totals.{col}",
                    f"no row allocates to {col!r}; columns are {known}",
                    N_("error_no_column"),
                    column=col,
                    known=known,
                )
            if total < 0:
                raise DataError(
                    file,
                    f"tables[{i}].column_totals.{col}",
                    f"expected a non-negative count, got {total}",
                    N_("error_negative_count"),
                    got=total,
                )
    for i, c in enumerate(program.checks):
        for j, ref in enumerate([c.stated, *c.parts]):
            where = f"checks[{i}].stated" if j == 0 else f"checks[{i}].parts[{j - 1}]"
            try:
                value = resolve_reference(program, ref)
            except Unresolved as e:
                raise DataError(file, where, str(e), e.code, **e.params) from None
            if j == 0 and isinstance(value, list):
                raise DataError(
                    file, where, "the stated value must be one number, not an allocation", N_("error_stated_allocation")
                )


def read_yaml(path: Path, max_bytes: int = MAX_BYTES):
    """The parsed file (duplicate keys refused); a DataError with the line on bad syntax or an unreadable file."""
    file = str(path)
    text = read_text(path, max_bytes)  # a regular file of sane size, depth and characters, before any parsing
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = at_line(mark.line + 1) if mark else ""
        problem = e.problem or e.context
        raise DataError(file, where, f"not valid YAML: {problem}", N_("error_not_yaml"), problem=problem) from None
    except (ValueError, OverflowError) as e:  # e.g. an impossible date such as 2021-02-30, or year 0
        raise DataError(file, "", f"not valid YAML: {e}", N_("error_not_yaml"), problem=str(e)) from None


def load_program(path: Path, sources_dir: Path, texts: dict[str, str] | None = None) -> Program:
    file = str(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise DataError(
            file, "", "expected a mapping of program fields at the top level", N_("error_program_not_mapping")
        )
    try:
        program = Program.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e) from None
    if program.id != path.stem:
        raise DataError(
            file,
            "id",
            f"expected the file name's stem {path.stem!r}, got {program.id!r}",
            N_("error_id_not_file_name"),
            stem=path.stem,
            got=program.id,
        )
    _check_references(file, program)
    check_capacity(file, program)
    _check_names_en(file, program)
    check_ranges(file, program)
    _check_quotes(file, program, sources_dir, texts if texts is not None else {})
    return program


def load_catalog(data_dir: Path | str | None = None) -> Catalog:
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    programs_dir = data_dir / "programs"
    if not programs_dir.is_dir():
        raise DataError(
            str(programs_dir), "", "expected a folder of program files (*.yaml)", N_("error_no_programs_folder")
        )
    files = sorted(programs_dir.glob("*.yaml"))
    if not files:
        raise DataError(str(programs_dir), "", "no program files (*.yaml) found", N_("error_no_program_files"))
    texts: dict[str, str] = {}
    programs, paths = {}, {}
    for path in files:
        program = load_program(path, data_dir / "sources", texts)
        programs[program.id] = program
        paths[program.id] = path
    return Catalog(data_dir=data_dir, programs=programs, files=paths)
