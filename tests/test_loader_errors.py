"""Bad data files are refused with the file, the field path and what was expected."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sim.base import DataError
from sim.catalog import load_catalog
from sim.text import error_in


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


def test_impossible_date(scratch_data):
    path = scratch_data()
    text = (path / "programs" / "example-2023.yaml").read_text(encoding="utf-8").replace("2023-06-10", "2023-02-30")
    err = _error(scratch_data(text=text))
    assert "not valid YAML" in err.expected


@pytest.mark.parametrize("value,expected", [(float("inf"), "finite"), (float("nan"), "finite"), (True, "number")])
def test_non_numbers_are_refused(scratch_data, value, expected):
    err = _error(scratch_data(lambda d: d["parameters"]["quota"].update(value=value)))
    assert err.field.startswith("parameters.quota") and expected in err.expected


def test_values_beyond_any_programme_are_refused(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"].update(value=9000)))
    assert "at most 3650 days" in err.expected


def test_blank_quote(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"]["source"].update(quote="   ")))
    assert err.field == "parameters.days.source.quote"


def test_source_file_must_be_a_name_in_the_sources_folder(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["days"]["source"].update(file="../programs/example-2023.yaml")))
    assert err.field == "parameters.days.source.file"


def test_quote_must_show_the_value(scratch_data):
    err = _error(scratch_data(lambda d: d["parameters"]["fee_face"].update(value=350)))
    assert err.field == "parameters.fee_face.source" and "'350'" in err.expected

    # ... unless a derivation says how the value follows from the wording
    def derived(d):
        d["parameters"]["fee_face"].update(value=350)
        d["parameters"]["fee_face"]["source"]["derivation"] = "test"

    assert load_catalog(scratch_data(derived)).program("example-2023").parameters["fee_face"].value == 350


def test_milestone_quote_must_show_its_dates(scratch_data):
    err = _error(scratch_data(lambda d: d["milestones"][1].update(end="2023-08-21")))
    assert err.field == "milestones[1].source" and "8月21日" in err.expected


def test_every_track_needs_a_delivery_window(scratch_data):
    err = _error(scratch_data(lambda d: d["milestones"].pop(1)))
    assert err.field == "tracks[0]" and "delivery" in err.expected


def test_class_size_of_zero(scratch_data):
    def mutate(d):
        d["parameters"]["class_size"] = {
            "value": 0,
            "unit": "persons",
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }
        d["tracks"][0]["class_size"] = {"param": "class_size"}

    err = _error(scratch_data(mutate))
    assert err.field == "tracks[0].class_size" and "at least 1" in err.expected


def test_check_stating_an_allocation(scratch_data):
    def mutate(d):
        d["tracks"][0]["allocation"] = {
            "by": "city",
            "values": {"甲": 120},
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }
        d["checks"] = [
            {"id": "c", "names": {"zh": "c", "en": "c"}, "op": "count", "stated": "core.allocation", "parts": ["quota"]}
        ]

    err = _error(scratch_data(mutate))
    assert err.field == "checks[0].stated" and "one number" in err.expected


def test_check_adding_a_date(scratch_data):
    def mutate(d):
        d["parameters"]["opening"] = {
            "value": dt.date(2023, 6, 1),
            "unit": "date",
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }
        d["checks"] = [
            {"id": "c", "names": {"zh": "c", "en": "c"}, "op": "sum", "stated": "quota", "parts": ["opening"]}
        ]

    err = _error(scratch_data(mutate))
    assert err.field == "checks[0].parts[0]" and "date" in err.expected


def test_table_column_that_no_row_has(scratch_data):
    def mutate(d):
        d["tracks"][0]["allocation"] = {
            "by": "city",
            "values": {"甲": 120},
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }
        d["tables"] = [
            {
                "id": "t",
                "names": {"zh": "t", "en": "t"},
                "tracks": ["core"],
                "column_totals": {"乙": 1},
                "grand_total": 120,
                "assumed": True,
                "reason": {"zh": "测试", "en": "t"},
            }
        ]

    err = _error(scratch_data(mutate))
    assert err.field == "tables[0].column_totals.乙"


def test_an_allocated_city_needs_an_english_name(scratch_data):
    def mutate(d):
        d["tracks"][0]["allocation"] = {
            "by": "city",
            "values": {"甲": 120},
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }

    err = _error(scratch_data(mutate))
    assert err.field == "tracks[0].allocation.values.甲" and "names_en" in err.expected


def test_an_english_name_nothing_uses(scratch_data):
    err = _error(scratch_data(lambda d: d["names_en"].update({"乙": "Yi"})))
    assert err.field == "names_en.乙" and "not a name the program uses" in err.expected


def test_group_quota_must_count_persons(scratch_data):
    def mutate(d):
        d["groups"] = [
            {
                "id": "g",
                "names": {"zh": "g", "en": "g"},
                "quota": {"value": 3, "unit": "days", "assumed": True, "reason": {"zh": "测试", "en": "t"}},
            }
        ]

    err = _error(scratch_data(mutate))
    assert err.field == "groups[0].quota.unit"


def test_source_that_is_not_utf8(scratch_data):
    path = scratch_data()
    (path / "sources" / "example-notice.txt").write_bytes("示例".encode("gb18030") + b"\xff\xfe")
    err = _error(path)
    assert "UTF-8" in err.expected


# English words of a Chinese message, once the file path and the field path (identifiers) are taken out.
_LATIN = re.compile(r"[A-Za-z]+")


def _chinese_words(err: DataError) -> str:
    shown = error_in(err, "zh")
    assert shown.startswith(f"{err.file}：")
    return shown.removeprefix(f"{err.file}：").replace(err.field, "")


@pytest.mark.parametrize(
    "mutate,field",
    [
        (lambda d: d["parameters"]["quota"].update(value=-5), "parameters.quota"),
        (lambda d: d["milestones"].pop(1), "tracks[0]"),
        (lambda d: d["parameters"]["fee_face"].update(valeu=3), "parameters.fee_face.valeu"),
        (lambda d: d["parameters"]["days"].pop("source"), "parameters.days"),
        (lambda d: d["milestones"][0].update(start="2023-06-20"), "milestones[0]"),
        (lambda d: d.update(id="other"), "id"),
    ],
)
def test_a_data_error_in_chinese_names_the_place_and_has_no_english(scratch_data, mutate, field):
    err = _error(scratch_data(mutate))
    assert err.field == field
    words = _chinese_words(err)
    # `code` spans (keys, units, patterns) and the data's own ids are identifiers, not English prose
    prose = re.sub(r"`[^`]*`|“[^”]*”", "", words)
    assert not _LATIN.findall(prose), words
    assert error_in(err, "en") == str(err)  # the English wording is the same from the catalog and from the code


def test_a_line_of_the_file_is_worded_in_chinese(scratch_data):
    err = _error(scratch_data(text="id: example-2023\nid: example-2023\n"))
    assert error_in(err, "zh").startswith(f"{err.file}：第 2 行：不是有效的 YAML：")
    assert error_in(err, "en").startswith(f"{err.file}: line 2: not valid YAML: ")


def test_every_loader_error_carries_a_message_key(scratch_data):
    """A located error without a key would show English in the Chinese dashboard and command line."""
    cases = [
        lambda d: d["tracks"][0].update(quota={"param": "qouta"}),
        lambda d: d["parameters"]["fee_face"]["source"].update(quote="集中研修 350 元/人/天"),
        lambda d: d["parameters"]["fee_face"].update(value=350),
        lambda d: d["names_en"].update({"乙": "Yi"}),
        lambda d: d["parameters"].pop("attendance_rate"),
    ]
    for mutate in cases:
        err = _error(scratch_data(mutate))
        assert err.code == "error_data_at" and err.params["expected"].code, err
