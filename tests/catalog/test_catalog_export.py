"""`smartpick programs export FILE.csv`: the list or the marked programs in a spreadsheet file,
read back with the csv module, every cell checked for formula starts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smartpick_tui.cli import main
from smartpick_tui.core.export import COLUMNS, FORMULA_STARTS, safe_cell
from smartpick_tui.core.trackers import ProgramClass, ProgramMark
from smartpick_tui.store import open_state

# An imported program whose name and city a spreadsheet would run, and a note that would too.
HOSTILE_CSV = (
    "Program,City,State,Specialty\n"
    '"=HYPERLINK(""http://evil"",""x"")",@Boston,MA,Internal Medicine\n'
    "+Synthetic Program 00001,-Salem,OR,IM\n"
)
MGH = "1261140C0"


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "state.json"
    source = tmp_path / "mine.csv"
    source.write_text(HOSTILE_CSV, encoding="utf-8")
    assert main(["--db", str(path), "programs", "import", str(source)]) == 0
    with open_state(path) as state:
        state.set_mark(
            ProgramMark(MGH, apply=True, notes="=1+1\tcall\n@coordinator", class_override=ProgramClass.SAFETY)
        )
        state.set_mark(ProgramMark("1716110C0", email_target=True, notes="\tTab first"))
    capsys.readouterr()
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [header for header, _ in COLUMNS]
    for row in rows:
        assert len(row) == len(COLUMNS)
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_safe_cell_neutralises_every_formula_start():
    for start in FORMULA_STARTS:
        assert safe_cell(f"{start}x").startswith(("'", "x"))  # CR is a control: dropped
    assert safe_cell("\tx") == "'\tx" and safe_cell(-3) == "'-3" and safe_cell("\rx") == "x"
    assert (safe_cell(None), safe_cell(True), safe_cell("Boston")) == ("", "yes", "Boston")


def test_marked_list_with_marks_notes_class_and_estimates(db, tmp_path, capsys):
    out = tmp_path / "marked.csv"
    assert main(["--db", str(db), "programs", "export", str(out), "--marked"]) == 0
    assert "Wrote 2 marked programs" in capsys.readouterr().out
    rows = {row["id"]: row for row in read(out)}
    assert set(rows) == {MGH, "1716110C0"}
    mgh = rows[MGH]
    assert mgh["display_name"] == "Massachusetts General Hospital"
    assert mgh["nrmp_name"] == "Internal Medicine - Massachusetts Gen Hosp"
    assert (mgh["apply"], mgh["email_target"], mgh["class (est.)"], mgh["class_is_yours"]) == (
        "yes",
        "no",
        "safety",  # the user's own class: the model's, for this profile, is reach
        "yes",
    )
    assert mgh["notes"] == "'=1+1\tcall\n@coordinator"
    assert mgh["tier (est.)"] and mgh["typical_step2 (est.)"].isdigit()
    assert rows["1716110C0"]["notes"] == "'\tTab first"


def test_filtered_list_with_hostile_imports_and_overwrite_rules(db, tmp_path, capsys):
    out = tmp_path / "list.csv"
    # flags before or after the word "export" mean the same
    assert (
        main(
            [
                "--db",
                str(db),
                "programs",
                "--state",
                "MA",
                "export",
                str(out),
                "--query",
                "hyperlink",
            ]
        )
        == 0
    )
    rows = read(out)
    assert [row["nrmp_name"] for row in rows] == ['\'=HYPERLINK("http://evil","x")']
    assert rows[0]["city"] == "'@Boston"
    capsys.readouterr()
    assert main(["--db", str(db), "programs", "export", str(out), "--specialty", "IM", "--state", "OR"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists; pass --force" in err
    assert len(read(out)) == 1  # untouched
    assert (
        main(
            [
                "--db",
                str(db),
                "programs",
                "export",
                str(out),
                "--force",
                "--specialty",
                "IM",
                "--state",
                "OR",
                "--query",
                "synthetic",
            ]
        )
        == 0
    )
    (row,) = read(out)
    assert (row["nrmp_name"], row["city"]) == ("'+Synthetic Program 00001", "'-Salem")
