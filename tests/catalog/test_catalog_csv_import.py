"""The CSV importer against hand-written files in every layout the issue names, and broken ones."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from smartpick_tui.core.csv_import import (
    MAX_ROWS,
    NRMP_LAYOUT,
    SHEET_LAYOUT,
    CsvImportError,
    parse_csv_bytes,
    parse_csv_file,
)
from smartpick_tui.core.programs import Setting, Track

SHEET = (
    "Program Name,Sponsoring Institution,City,State,Specialty,Setting,Positions\n"
    "Synthetic Program 00001,Synthetic Medical Center,Boston,MA,Internal Medicine,university,12\n"
    "Synthetic Program 00002,Synthetic Community Hospital,Houston,Texas,EM,community,8\n"
)


def test_plain_spreadsheet():
    preview = parse_csv_bytes(SHEET.encode(), "sheet.csv")
    assert preview.layout == SHEET_LAYOUT and preview.delimiter == ","
    assert [p.name for p in preview.accepted] == [
        "Synthetic Program 00001",
        "Synthetic Program 00002",
    ]
    first, second = preview.accepted
    assert (first.city, first.state, first.specialty, first.setting, first.positions) == (
        "Boston",
        "MA",
        "internal-medicine",
        Setting.UNIVERSITY,
        12,
    )
    assert second.state == "TX" and second.specialty == "emergency-medicine"
    assert first.imported and "sheet.csv, line 2" in first.source
    assert preview.rejected == ()


def test_semicolons_bom_crlf_quotes_and_header_synonyms():
    data = (
        "\ufeffPROGRAM ;  city ;ST;Speciality;Type;ACGME ID\r\n"
        '"Synthetic Program; with semicolon";Denver;co;Psych;University-affiliated;1234567890\r\n'
        '"Synthetic ""Quoted"" Program";Seattle;WA;Pediatrics;Community;\r\n'
        '"Synthetic Program\r\nOn Two Lines";Boston;MA;FM;community;\r\n'
    ).encode("utf-8")
    preview = parse_csv_bytes(data, "excel.csv")
    assert preview.delimiter == ";"
    names = [p.name for p in preview.accepted]
    assert names == [
        "Synthetic Program; with semicolon",
        'Synthetic "Quoted" Program',
        "Synthetic Program On Two Lines",
    ]
    assert preview.accepted[0].setting is Setting.AFFILIATED
    assert preview.accepted[0].state == "CO"
    assert "ACGME ID 1234567890" in preview.accepted[0].source
    assert preview.accepted[2].source.endswith("line 4")


def test_tab_separated():
    data = "Program\tCity\tState\tSpecialty\nSynthetic Program 00003\tCleveland\tOH\tNeurology\n"
    preview = parse_csv_bytes(data.encode(), "tabs.tsv")
    assert preview.delimiter == "\t" and preview.accepted[0].specialty == "neurology"


NRMP = (
    "Table,Sponsoring Institution,City,Specialty,Program Code,2023 Quota,2023 Matched,"
    "2024 Quota,2024 Matched\n"
    "FLORIDA,Synthetic Health System,Tampa,Emergency Medicine/Tampa,9999110C0,10,10,12,12\n"
    "FLORIDA,Synthetic Health System,Orlando,Emergency Medicine/Orlando,9999110C1,8,8,8,8\n"
    "OHIO,Synthetic University Hospitals,Cleveland,Internal Medicine/Preliminary,9998140P0,6,6,6,5\n"
    "OHIO,Synthetic University Hospitals,Cleveland,Surgery-Preliminary,9998440P0,4,4,4,4\n"
    "OHIO,Synthetic University Hospitals,Cleveland,Anesthesiology,9998040A0,4,4,4,4\n"
    "OHIO,Synthetic University Hospitals,Cleveland,Internal Medicine/Pediatrics,9998700C0,4,4,4,4\n"
    "Table 7,Synthetic Hospital,Cleveland,Neurology,9997180C0,2,2,2,2\n"
)


def test_nrmp_program_results_layout():
    preview = parse_csv_bytes(NRMP.encode(), "nrmp.csv")
    assert preview.layout == NRMP_LAYOUT
    tampa, orlando, prelim_im, prelim_surg, anes = preview.accepted
    assert tampa.name == "Synthetic Health System (Tampa)" and tampa.state == "FL"
    assert tampa.specialty == "emergency-medicine" and tampa.track is Track.CATEGORICAL
    assert (tampa.positions, tampa.positions_year) == (12, 2024)  # the latest quota column
    assert orlando.name == "Synthetic Health System (Orlando)"
    assert prelim_im.specialty == "preliminary-medicine" and prelim_im.track is Track.PRELIMINARY
    assert prelim_surg.specialty == "preliminary-surgery"
    assert anes.track is Track.ADVANCED  # from the code's track letter
    assert prelim_im.setting is Setting.UNIVERSITY and "guessed" in prelim_im.source
    reasons = {row.line: row.reason for row in preview.rejected}
    assert "combined" in reasons[7]
    assert "names no US state" in reasons[8]
    assert any("no program name" in note for note in preview.notes)


def test_nrmp_state_from_the_institution_code_when_the_table_names_none():
    preview = parse_csv_bytes(NRMP.encode(), "nrmp.csv", institution_states={"9997": "OH"})
    assert any(p.nrmp_code == "9997180C0" and p.state == "OH" for p in preview.accepted)


@pytest.mark.parametrize(
    "row, reason",
    [
        ("Synthetic Program 9,Boston,ZZ,IM,,", "unknown state 'ZZ'"),
        ("Synthetic Program 9,Boston,MA,Basket Weaving,,", "unknown specialty"),
        ("Synthetic Program 9,,MA,IM,,", "no city"),
        (",Boston,MA,IM,,", "no program name"),
        ("Synthetic Program 9,Boston,MA,IM,12x,", "positions '12x'"),
        ("Synthetic Program 9,Boston,MA,IM,,ABC", "not a 9-character NRMP code"),
        ("Synthetic Program 9,Boston,MA,,,", "no specialty"),
        ("Synthetic Program 9,Boston,MA,IM,,,,extra", None),  # extra cells are ignored
    ],
)
def test_row_rejections_name_line_and_reason(row, reason):
    data = f"Program,City,State,Specialty,Positions,Program Code\nSynthetic Program 1,Boston,MA,IM,,\n{row}\n"
    preview = parse_csv_bytes(data.encode(), "rows.csv")
    if reason is None:
        assert len(preview.accepted) == 2
        return
    assert len(preview.accepted) == 1
    (rejected,) = preview.rejected
    assert rejected.line == 3 and reason in rejected.reason


def test_duplicate_rows_in_one_file_are_rejected():
    data = (
        "Program,City,State,Specialty,Program Code\n"
        "Synthetic Program 1,Boston,MA,IM,9999140C0\n"
        "synthetic program 1,BOSTON,MA,Internal Medicine,\n"
        "Another name,Boston,MA,IM,9999140c0\n"
    )
    preview = parse_csv_bytes(data.encode(), "dups.csv")
    assert len(preview.accepted) == 1
    assert [r.line for r in preview.rejected] == [3, 4]
    assert all("duplicate of line 2" in r.reason for r in preview.rejected)


def test_cells_are_cleaned_and_markup_kept_literally():
    data = (
        b"Program,City,State,Specialty\n"
        b'"Synthetic [bold]Program[/] \x1b]0;TITLE\x1b\\\\ \x07done",Boston,MA,IM\n'
    )
    (p,) = parse_csv_bytes(data, "hostile.csv").accepted
    assert "\x1b" not in p.name and "\x07" not in p.name
    assert "[bold]Program[/]" in p.name


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf\r\n\r\n", "is empty"),
        (b"Program,City,State,Specialty\r\n", "no programs"),
        (b"Name,City\nSynthetic,Boston\n", "missing column(s) Specialty, State"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\xff\xfeP\x00r\x00", "UTF-16"),
        (
            "Program,City,State,Specialty\nSynthetic Caf\u00e9,Boston,MA,IM\n".encode("latin-1"),
            "line 2: not UTF-8",
        ),
        (b"Program,City,State,Specialty\rSynthetic,Boston,MA,IM\r", "CR only"),
        (b"Program,City,State,Specialty\n" + b"x" * 70_000 + b"\n", "longer than 64 KB"),
    ],
)
def test_file_level_problems_are_one_clear_error(data, message):
    with pytest.raises(CsvImportError, match=None) as caught:
        parse_csv_bytes(data, "bad.csv")
    assert message in str(caught.value)


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(CsvImportError, match="does not exist"):
        parse_csv_file(tmp_path / "nope.csv")
    with pytest.raises(CsvImportError, match="folder"):
        parse_csv_file(tmp_path)


@pytest.mark.parametrize(
    ("rows", "max_rows"),
    [
        pytest.param(20_000, 5_000, id="20000-rows"),
        pytest.param(100_000, MAX_ROWS, id="100000-rows", marks=pytest.mark.slow),
    ],
)
def test_a_100000_row_file_is_refused_clearly_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, max_rows: int
):
    """The real cap and 100,000 rows under `-m slow`; by default a cap of 5,000 and 20,000 rows
    (the same code path, a fifth of the work): memory in proportion to the cap (120 MB at
    50,000 rows kept), never to the file."""
    monkeypatch.setattr("smartpick_tui.core.csv_import.MAX_ROWS", max_rows)
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Program,City,State,Specialty\n")
        for i in range(rows):
            handle.write(f"Synthetic Program {i:06d},Boston,MA,IM\n")
    tracemalloc.start()
    try:
        with pytest.raises(CsvImportError) as caught:
            parse_csv_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"more than {max_rows:,} program rows" in str(caught.value)
    assert peak < 120 * 1024 * 1024 * max_rows / MAX_ROWS, f"peak {peak / 1e6:.0f} MB"


def test_rejected_rows_are_counted_beyond_those_kept():
    rows = "".join(f"Synthetic Program {i},Boston,ZZ,IM\n" for i in range(600))
    preview = parse_csv_bytes(("Program,City,State,Specialty\n" + rows).encode(), "many.csv")
    assert preview.rejected_total == 600 and len(preview.rejected) == 500
    assert preview.rows == 600
