"""Bad data files are refused with the file, the field path and what was expected."""
from __future__ import annotations

import pytest

from sim.errors import DataError
from sim.loader import load_catalog


def _error(data_dir) -> DataError:
    with pytest.raises(DataError) as info:
        load_catalog(data_dir)
    return info.value


def test_example_sixth_program_loads(scratch_data):
    catalog = load_catalog(scratch_data())
    assert list(catalog.programs) == ["example-2023"]


def test_unknown_key_is_named(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["fee_face"].update(valeu=3)))
    assert err.file.endswith("example-2023.yaml")
    assert err.field == "parameters.fee_face.valeu"
    assert "unknown key" in err.expected


def test_unknown_top_level_key(scratch_data):
    err = _error(scratch_data(lambda d: d.update(trakcs=[])))
    assert err.field == "trakcs"


def test_unknown_unit(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"].update(unit="dayz")))
    assert err.field == "parameters.days.unit"
    assert "dayz" in err.expected


def test_wrong_unit_for_a_cost_driver(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["fee_face"].update(unit="yuan/person-hour")))
    assert "tracks[0].cost_lines[0].rate" in err.field
    assert "yuan/person-day" in err.expected


def test_wrong_unit_for_a_model_rate(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["attendance_rate"].update(unit="persons", value=1)))
    assert err.field == "parameters.attendance_rate.unit"
    assert "ratio" in err.expected


def test_wrong_unit_for_a_track_slot(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"].update(unit="hours")))
    assert "face_days" in err.field and "days" in err.expected


def test_negative_count(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["quota"].update(value=-5)))
    assert err.field == "parameters.quota"
    assert "non-negative" in err.expected


def test_fractional_count(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["quota"].update(value=12.5)))
    assert "whole number" in err.expected


def test_rate_outside_unit_interval(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["completion_rate"].update(value=1.2)))
    assert err.field == "parameters.completion_rate"
    assert "[0, 1]" in err.expected


def test_end_before_start(scratch_data):
    err = _error(scratch_data(lambda d: d["milestones"][0].update(start="2023-06-20")))
    assert err.field == "milestones[0]"
    assert "before start" in err.expected


def test_value_without_provenance(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"].pop("source")))
    assert err.field == "parameters.days"
    assert "provenance" in err.expected


def test_assumed_value_needs_a_reason(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["attendance_rate"].pop("reason")))
    assert "reason" in err.expected


def test_quote_not_in_the_source(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["fee_face"]["source"].update(quote="集中研修 350 元/人/天")))
    assert err.field == "parameters.fee_face.source.quote"
    assert "not found in example-notice.txt" in err.expected


def test_missing_source_document(scratch_data):
    err = _error(scratch_data(lambda d: d["document"].update(file="missing.txt")))
    assert "missing.txt" in err.expected


def test_dangling_parameter_reference(scratch_data):
    err = _error(scratch_data(lambda d: d["tracks"][0].update(quota={"param": "qouta"})))
    assert err.field == "tracks[0].quota.param"
    assert "qouta" in err.expected


def test_missing_required_rate(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"].pop("attendance_rate")))
    assert err.field == "parameters.attendance_rate"


def test_unknown_milestone_kind(scratch_data):
    err = _error(scratch_data(lambda d: d["milestones"][0].update(kind="signup")))
    assert err.field == "milestones[0].kind" and "signup" in err.expected


def test_id_must_match_file_name(scratch_data):
    err = _error(scratch_data(lambda d: d.update(id="other")))
    assert err.field == "id"


def test_duplicate_yaml_key(scratch_data):
    text = "id: example-2023\nid: example-2023\n"
    err = _error(scratch_data(text=text))
    assert "duplicate key" in err.expected and "line 2" in err.field


def test_invalid_yaml_is_located(scratch_data):
    err = _error(scratch_data(text="id: [unclosed\nnames: {}\n"))
    assert err.field.startswith("line ")


def test_error_message_is_one_line(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["quota"].update(value=-5)))
    assert "\n" not in str(err)
    assert str(err).startswith(err.file)
