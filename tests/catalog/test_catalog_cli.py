"""`smartpick programs` and `smartpick programs import` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.trackers import ProgramClass, ProgramMark
from smartpick_tui.store import open_state
from smartpick_tui.store.imports import imports_path, read_imports

CSV = (
    "Program,Sponsoring Institution,City,State,Specialty,Setting\n"
    "Synthetic Program 00001,Synthetic Medical Center,Sacramento,CA,Internal Medicine,community\n"
    "Synthetic [bold]Program[/] 00002,Synthetic Medical Center,Denver,CO,IM,university\n"
    "Synthetic Program 00003,Synthetic Medical Center,Nowhere,ZZ,IM,community\n"
)
KEYS = {
    "id",
    "name",
    "display_name",
    "short_name",
    "subtitle",
    "institution",
    "city",
    "state",
    "region",
    "specialty",
    "track",
    "setting",
    "class",
    "reason",
    "estimates",
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


@pytest.fixture
def imported_db(db: Path, tmp_path: Path, capsys) -> Path:
    source = tmp_path / "mine.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "programs", "import", str(source))
    assert code == 0, out
    return db


def test_import_previews_rejects_with_line_numbers_and_stores(db, tmp_path, capsys):
    source = tmp_path / "mine.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "programs", "import", str(source), "--dry-run")
    assert code == 0
    assert "3 rows: 2 accepted, 1 rejected" in out
    assert "rejected line 4: unknown state 'ZZ'" in out
    assert "Nothing stored" in out and not imports_path(db).exists()
    code, out, _ = run(capsys, "--db", str(db), "programs", "import", str(source))
    assert code == 0 and "Imported: 2 added" in out
    assert len(read_imports(imports_path(db))) == 2
    code, out, _ = run(capsys, "--db", str(db), "programs", "import", str(source))
    assert "0 added, 2 updated" in out
    assert len(read_imports(imports_path(db))) == 2  # never duplicated


def test_import_of_a_broken_file_is_one_line_exit_2(db, tmp_path, capsys):
    source = tmp_path / "book.xlsx"
    source.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    code, _out, err = run(capsys, "--db", str(db), "programs", "import", str(source))
    assert code == 2 and "Excel workbook" in err and err.count("\n") == 1
    assert not imports_path(db).exists()


def test_json_list_has_the_issue_keys_and_estimates(imported_db, capsys):
    code, out, _ = run(
        capsys,
        "--db",
        str(imported_db),
        "programs",
        "--query",
        "synthetic",
        "--step2",
        "255",
        "--ties",
        "CA",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    assert {r["name"] for r in rows} == {
        "Synthetic Program 00001",
        "Synthetic [bold]Program[/] 00002",
    }
    for row in rows:
        assert set(row) >= KEYS
        assert row["class"] in {"reach", "target", "safety"}
        assert row["reason"].startswith("your 255 vs est.")
        assert "typical_step2" in row["estimates"] and "note" in row["estimates"]
    ca = next(r for r in rows if r["state"] == "CA")
    assert "tie to CA" in ca["reason"] and ca["region"] == "West"


def test_filters_apply_to_every_row(imported_db, capsys):
    code, out, _ = run(
        capsys, "--db", str(imported_db), "programs", "--state", "CA", "--specialty", "IM", "--json"
    )
    rows = json.loads(out)
    assert rows and all(r["state"] == "CA" and r["specialty"] == "internal-medicine" for r in rows)
    code, out, _ = run(capsys, "--db", str(imported_db), "programs", "--region", "Mountain", "--json")
    assert code == 0
    assert all(r["division"] == "Mountain" for r in json.loads(out))
    for klass in ProgramClass:
        _code, out, _ = run(
            capsys,
            "--db",
            str(imported_db),
            "programs",
            "--step2",
            "245",
            "--class",
            klass.value,
            "--limit",
            "50",
            "--json",
        )
        assert all(r["class"] == klass.value for r in json.loads(out))


def test_specialty_alone_keeps_the_stored_profile_and_marks_override_the_class(imported_db, capsys):
    with open_state(imported_db) as state:
        state.set_profile(state.profile().with_changes(step2=262))
        program_id = read_imports(imports_path(imported_db))[0].id
        state.set_mark(ProgramMark(program_id, class_override=ProgramClass.REACH))
    _code, out, _ = run(
        capsys,
        "--db",
        str(imported_db),
        "programs",
        "--specialty",
        "IM",
        "--query",
        "synthetic program 00001",
        "--json",
    )
    (row,) = json.loads(out)
    assert row["reason"].startswith("your 262 vs est.")
    assert row["class"] == "reach" and row["class_is_override"] is True


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--state", "ZZ"], "--state"),
        (["--region", "Atlantis"], "--region"),
        (["--state", "CA", "--region", "West"], "not both"),
        (["--specialty", "Basket Weaving"], "--specialty"),
    ],
)
def test_bad_flags_are_one_line_errors(db, capsys, argv, message):
    code, _, err = run(capsys, "--db", str(db), "programs", *argv)
    assert code == 2 and message in err


def test_text_output_lists_classes_and_says_they_are_estimates(imported_db, capsys):
    code, out, _ = run(capsys, "--db", str(imported_db), "programs", "--query", "synthetic", "--step2", "250")
    assert code == 0
    assert "estimates" in out.splitlines()[0]
    assert "Synthetic [bold]Program[/] 00002" in out


def test_clear_imports(imported_db, capsys):
    code, out, _ = run(capsys, "--db", str(imported_db), "programs", "clear-imports")
    assert code == 0 and "Removed 2" in out
    assert read_imports(imports_path(imported_db)) == ()


def test_programs_list_speaks_display_names_and_json_keeps_nrmp_name(db, capsys):
    code, out, _ = run(
        capsys,
        "--db",
        str(db),
        "programs",
        "--specialty",
        "IM",
        "--query",
        "Massachusetts General",
        "--json",
    )
    assert code == 0
    mgh = next(p for p in json.loads(out) if p["id"] == "1261140C0")
    assert mgh["name"] == "Internal Medicine - Massachusetts Gen Hosp"
    assert mgh["display_name"] == "Massachusetts General Hospital"
    assert mgh["short_name"] == "Mass General"
    code, out, _ = run(capsys, "--db", str(db), "programs", "--specialty", "IM", "--query", "MGH")
    assert "Massachusetts General Hospital — Boston, MA" in out and "Gen Hosp" not in out


def test_a_csv_file_name_with_control_and_bidi_characters_is_stored_clean(db, tmp_path, capsys):
    source = tmp_path / "my\x1b[31mlist\u202etxt.csv"
    source.write_text(CSV, encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "programs", "import", str(source))
    assert code == 0, out
    raw = imports_path(db).read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\\u001b" not in raw and "\u202e" not in raw and "\\u202e" not in raw
    sources = {p.source for p in read_imports(imports_path(db))}
    assert sources and all(s.startswith("imported from my") and "list" in s for s in sources)
