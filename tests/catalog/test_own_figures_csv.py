"""Importing and exporting your own figures as CSV (core/own_figures_csv.py): programs resolved
by id, NRMP code or name; a file with a bad row imports nothing and says why per line; the
export reads back and never runs as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from catalog_helpers import program

from smartpick_tui.core.catalog import Catalog
from smartpick_tui.core.catalog_search import CatalogIndex
from smartpick_tui.core.csv_import import CsvImportError
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.own_figures import OwnFigure, Visa
from smartpick_tui.core.own_figures_csv import (
    ProgramResolver,
    figures_csv,
    parse_figures_bytes,
    parse_figures_file,
    preview_lines,
)
from smartpick_tui.core.profile import SchoolType


@pytest.fixture(scope="module")
def resolver() -> ProgramResolver:
    programs = [
        program(1, nrmp_code="1111140C0"),
        program(2, name="Synthetic Lakeside Medicine", institution="Lakeside Synthetic Hospital"),
        program(3, name="Synthetic Twin Hospital", city="Boston", state="MA"),
        program(4, name="Synthetic Twin Hospital", city="Houston", state="TX"),
        program(5, specialty="family-medicine", name="Synthetic Lakeside Family"),
        # three tracks of one program: a name means its main categorical track (C0)
        program(6, name="Synthetic Tracks Hospital", nrmp_code="2222140C0"),
        program(7, name="Synthetic Tracks Hospital", nrmp_code="2222140C2"),
        program(8, name="Synthetic Tracks Hospital", nrmp_code="2222140M0"),
    ]
    catalog = Catalog.of(programs)
    return ProgramResolver(
        catalog, CatalogIndex(catalog.programs, estimate_all(catalog.programs)), "internal-medicine"
    )


def test_programs_resolve_by_id_code_and_name(resolver: ProgramResolver) -> None:
    data = (
        b"program,interview_rate,step2_min,visa,takes_img,state,note\n"
        b"syn-00001,12,,J1,yes,,\n"
        b"Synthetic Lakeside Medicine,,240,,,,coordinator said 240\n"
        b"Synthetic Twin Hospital,3.5,,,,TX,\n"
        b"Synthetic Tracks Hospital,20,,,,,\n"
        b"2222140M0,8,,,,,\n"
    )
    preview = parse_figures_bytes(data, resolver, "mine.csv")
    assert preview.ok, preview.errors
    got = {row.program.id: row.figure for row in preview.rows}
    assert set(got) == {"syn-00001", "syn-00002", "syn-00004", "syn-00006", "syn-00008"}
    assert got["syn-00001"] == OwnFigure("syn-00001", interview_rate=12.0, visa=Visa.J1, takes_img=True)
    assert got["syn-00002"].step2_min == 240 and got["syn-00002"].note == "coordinator said 240"
    assert got["syn-00004"].interview_rate == 3.5
    assert "line 3: syn-00002 " in "\n".join(preview_lines(preview))


def test_a_bad_row_rejects_the_file_with_one_line_per_row(resolver: ProgramResolver, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text(
        "program,interview_rate,step2_min,visa,rate_for,takes_do\n"
        "syn-00001,12,,,,\n"  # good
        "No Such Place,5,,,,\n"  # 3: not in the catalog
        "syn-00002,140,,,,\n"  # 4: not a percent
        "Synthetic Twin Hospital,5,,,,\n"  # 5: two programs by that name
        "syn-00001,,230,,,\n"  # 6: the same program twice
        "syn-00003,,,L-1,,\n"  # 7: unknown visa
        "syn-00003,,,,img,\n"  # 8: ambiguous applicant type
        "syn-00003,,,,,\n"  # 9: nothing to store
        "1111140C0,,,,,perhaps\n",  # 10: not yes/no (and the same program as line 2)
        encoding="utf-8",
    )
    preview = parse_figures_file(path, resolver)
    assert not preview.ok
    by_line = {error.line: error.reason for error in preview.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "no program in internal-medicine matches 'No Such Place'" in by_line[3]
    assert "interview_rate: 140 is not a percent" in by_line[4]
    assert "matches 2 programs" in by_line[5] and "add a state column" in by_line[5]
    assert "the same program as line 2" in by_line[6]
    assert "'L-1' is not a visa policy" in by_line[7]
    assert "could be us-img" in by_line[8]
    assert by_line[9] == "no figures in this row"
    assert "takes_do: 'perhaps' is not yes or no" in by_line[10]
    lines = preview_lines(preview)
    assert lines[0] == "figures.csv: 8 bad rows; nothing was imported. Fix them and import again:"
    assert all("\n" not in line and "Traceback" not in line for line in lines)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"PK\x03\x04rest", "zip/Excel workbook"),
        (b"name\x00\x01", "binary file"),
        (b"\xff\xfep\x00", "UTF-16"),
        (b"notes,rate\nx,1\n", "no 'program' column"),
        (b"program,city\nsyn-00001,Boston\n", "no figure columns"),
        (b"program,interview_rate\n", "no programs"),
        (b"program,interview_rate\n" + b"x" * 70_000 + b"\n", "longer than 64 KB"),
        (b"program,interview_rate\n\xe9t\xe9,1\n", "not UTF-8"),
    ],
)
def test_file_level_problems_are_one_clear_error(
    resolver: ProgramResolver, data: bytes, message: str
) -> None:
    with pytest.raises(CsvImportError, match=message):
        parse_figures_bytes(data, resolver, "f.csv")


def test_export_reads_back_and_neutralises_formulas(resolver: ProgramResolver) -> None:
    figures = [
        OwnFigure(
            "syn-00001", interview_rate=0.5, rate_for=SchoolType.NON_US_IMG, visa=Visa.BOTH, takes_img=True
        ),
        OwnFigure("syn-00002", step2_min=245, note='=HYPERLINK("http://evil","x")', source="@advisor"),
    ]
    text = figures_csv(figures, resolver.catalog.by_id)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1]["note"].startswith("'=") and rows[1]["source"] == "'@advisor"
    assert rows[0]["display_name"] and rows[0]["visa"] == "both" and rows[0]["takes_img"] == "yes"
    back = parse_figures_bytes(text.encode(), resolver)
    assert back.ok and back.ignored_columns == ()
    got = {row.program.id: row.figure for row in back.rows}
    assert got["syn-00001"] == figures[0]
    # the note keeps the neutralising quote: what a spreadsheet showed is what comes back
    assert got["syn-00002"].note == "'" + figures[1].note
