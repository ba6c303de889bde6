"""The audit recomputes stated totals and reports each disagreement, leaving the data as stated."""

from __future__ import annotations

from sim.catalog import audit_program, load_catalog, run_audit

CITIES_EN = {"甲": "Jia", "乙": "Yi"}  # the allocation's cities need English names


def _table_program(scratch_data, grand_total=120, column_totals=None):
    """The example program with its quota allocated over two cities and a stated table."""

    def mutate(d):
        track = d["tracks"][0]
        track["allocation"] = {
            "by": "city",
            "values": {"甲": 70, "乙": 50},
            "assumed": True,
            "reason": {"zh": "测试", "en": "test"},
        }
        d["names_en"].update(CITIES_EN)
        d["tables"] = [
            {
                "id": "t",
                "names": {"zh": "表", "en": "table"},
                "tracks": ["core"],
                "column_totals": column_totals or {"甲": 70, "乙": 50},
                "grand_total": grand_total,
                "assumed": True,
                "reason": {"zh": "测试", "en": "synthetic"},
            }
        ]

    return load_catalog(scratch_data(mutate)).program("example-2023")


def test_consistent_table_has_no_findings(scratch_data):
    assert [f for f in audit_program(_table_program(scratch_data)) if not f.ok] == []


def test_planted_column_mismatch_is_reported(scratch_data):
    program = _table_program(scratch_data, column_totals={"甲": 71, "乙": 50})
    bad = [f for f in audit_program(program) if not f.ok]
    column = next(f for f in bad if f.item == "column 甲")
    assert (column.stated, column.computed) == (71, 70)
    assert column.program == "example-2023" and column.table == "t"
    # the stated column totals (121) also disagree with the grand total (120)
    assert any(f.item == "sum of column totals" and f.stated == 120 and f.computed == 121 for f in bad)


def test_planted_grand_total_mismatch_is_reported(scratch_data):
    bad = [f for f in audit_program(_table_program(scratch_data, grand_total=125)) if not f.ok]
    assert any(f.item == "grand total" and f.stated == 125 and f.computed == 120 for f in bad)


def test_row_total_mismatch(scratch_data):
    def mutate(d):
        d["tracks"][0]["allocation"] = {
            "by": "city",
            "values": {"甲": 70, "乙": 40},
            "assumed": True,
            "reason": {"zh": "测试", "en": "t"},
        }
        d["names_en"].update(CITIES_EN)

    program = load_catalog(scratch_data(mutate)).program("example-2023")
    d = program.model_copy(update={"tables": []})
    assert not [f for f in audit_program(d) if not f.ok]  # rows are checked as part of a stated table
    from sim.catalog import Names, StatedTable

    table = StatedTable(
        id="t",
        names=Names(zh="表", en="t"),
        tracks=["core"],
        column_totals={},
        grand_total=120,
        assumed=True,
        reason=Names(zh="测试", en="t"),
    )
    bad = [f for f in audit_program(program.model_copy(update={"tables": [table]})) if not f.ok]
    assert any(f.item == "row core" and f.stated == 120 and f.computed == 110 for f in bad)


def test_sum_and_product_checks(scratch_data):
    def mutate(d):
        d["checks"] = [
            {
                "id": "s",
                "names": {"zh": "和", "en": "sum"},
                "op": "sum",
                "stated": "quota",
                "parts": ["days", "fee_face"],
            },
            {
                "id": "p",
                "names": {"zh": "积", "en": "product"},
                "op": "product",
                "stated": "fee_face",
                "parts": ["days", "quota"],
            },
        ]

    findings = {f.table: f for f in audit_program(load_catalog(scratch_data(mutate)).program("example-2023"))}
    assert findings["check s"].computed == 305 and not findings["check s"].ok
    assert findings["check p"].computed == 600 and not findings["check p"].ok


def test_bundled_documents_findings(catalog):
    """Zhejiang-voc Annex 2: the city totals row is one short in ten cities, and sums to 580, not 590."""
    findings = run_audit(catalog.programs.values())
    assert {f.program for f in findings} == {"zhejiang-voc-2020"}
    columns = {f.item: (f.stated, f.computed) for f in findings if f.item.startswith("column ")}
    assert columns["column 杭州"] == (85, 86)
    assert columns["column 丽水"] == (32, 33)
    assert "column 舟山" not in columns
    assert len(columns) == 10
    totals = next(f for f in findings if f.item == "sum of column totals")
    assert (totals.stated, totals.computed) == (590, 580)
    # the documents' numbers are kept as stated
    table = catalog.program("zhejiang-voc-2020").tables[0]
    assert table.column_totals["杭州"] == 85 and table.grand_total == 650


def test_bundled_headline_counts_agree(catalog):
    ok = [f for f in run_audit(catalog.programs.values(), include_ok=True) if f.ok]
    items = {(f.program, f.table) for f in ok}
    assert ("zhejiang-voc-2020", "group sec-lead") in items  # 180 = 40+40+30+30+40
    assert ("henan-2021", "check counties") in items  # 13 counties named
    assert ("jiangxi-2022", "check credits") in items  # 60 h = 3 x 20 h


def test_a_finding_carries_a_code_and_numbers_and_is_worded_in_either_language(scratch_data):
    from sim.text import finding_text

    program = _table_program(scratch_data, column_totals={"甲": 71, "乙": 50})
    column = next(f for f in audit_program(program) if f.item == "column 甲")
    assert (column.code, column.params) == ("column_vs_rows", {"column": "甲"})
    assert not hasattr(column, "message") and not hasattr(column, "message_zh")
    assert finding_text(column, "zh") == "甲：合计行与该列各行之和：文件所列 71，分项合计 70（相差 -1）"
    assert finding_text(column, "en") == "甲: column total vs its rows: stated 71, parts give 70 (differs by -1)"
