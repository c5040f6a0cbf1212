"""Import recognises what the catalog already has: NRMP's abbreviations, a hand-written name,
look-alike letters of another script; the CLI and the TUI preview a file in the same words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from catalog_helpers import program

from smartpick_tui.cli import main
from smartpick_tui.core.catalog import plan_lines, plan_merge
from smartpick_tui.core.csv_import import parse_csv_bytes
from smartpick_tui.core.match_keys import match_key
from smartpick_tui.core.programs import shipped_catalog
from smartpick_tui.services.catalog_import import catalog_states
from smartpick_tui.store.imports import imports_path, read_imports, write_imports
from smartpick_tui.tui.import_preview import read_and_plan
from smartpick_tui.tui.screens.import_csv import preview_text

# Line 2 is NRMP's own sponsor name, line 3 the human one, line 4 MGH with a Cyrillic "а" and
# "е" (U+0430, U+0435), line 5 a program the catalog does not have.
CSV = (
    "Program,City,State,Specialty\n"
    "Baylor Coll Med-Houston,Houston,TX,EM\n"
    "Baylor College of Medicine,Houston,TX,Emergency Medicine\n"
    "M\u0430ss\u0430chusetts G\u0435neral Hospital,Boston,MA,Internal Medicine\n"
    "Synthetic Program 00001,Boston,MA,Internal Medicine\n"
)


def test_normalised_names_agree_however_written():
    assert match_key("Brigham & Womens Hosp") == match_key("Brigham and Women’s Hospital")
    assert match_key("M\u0430ss\u0430chusetts Gen Hosp") == match_key("massachusetts general hospital")
    assert match_key("ＳＴ　Ｌｕｋｅｓ Hosp") == match_key("Saint Luke's Hospital")  # NFKC
    assert match_key("Mercy\u200b Hospital") == match_key("Mercy Hospital")  # zero-width space


def test_rows_the_catalog_has_are_previewed_as_such_and_never_added():
    preview = parse_csv_bytes(CSV.encode(), "mine.csv")
    assert len(preview.accepted) == 4
    plan = plan_merge(shipped_catalog(), [], preview.accepted)
    assert (plan.added, plan.already_shipped) == (1, 3)
    found = {row.name: program.name for row, program in plan.matches}
    assert found["Baylor Coll Med-Houston"] == "Emergency Medicine - Baylor Coll Med-Houston"
    assert found["Baylor College of Medicine"] == "Emergency Medicine - Baylor Coll Med-Houston"
    assert found[preview.accepted[2].name] == "Internal Medicine - Massachusetts Gen Hosp"
    lines = plan_lines(plan)
    assert lines[0] == "Importing adds 1, updates 0; 3 already in the catalog."
    assert any(
        line.startswith(
            "  line 2: Baylor Coll Med-Houston: already in the catalog as Baylor College of Medicine"
        )
        for line in lines
    )
    assert any("line 4:" in line and line.endswith("(look-alike letters in the name)") for line in lines)


def test_a_lookalike_of_an_earlier_import_updates_it():
    first = parse_csv_bytes(b"Program,City,State,Specialty\nMercy Synthetic Hosp,Salem,OR,IM\n", "a.csv")
    plan = plan_merge((), [], first.accepted)
    again = parse_csv_bytes(
        "Program,City,State,Specialty\nM\u0435rcy Synthetic Hospital,Salem,OR,IM\n".encode(),
        "b.csv",
    )
    second = plan_merge((), plan.imports, again.accepted)
    assert (second.added, second.updated, len(second.imports)) == (0, 1, 1)


def _dialog_lines(source: Path, db: Path) -> list[str]:
    """What the Programs tab's import dialog shows for `source`: the child process it runs,
    with the states of the catalog the app has (shipped + imports)."""
    result = read_and_plan(source, catalog_states(imports_path(db)), imports_path(db))
    assert not isinstance(result, str), result
    return preview_text(result).plain.splitlines()


def test_cli_and_tui_preview_the_same_file_alike(tmp_path: Path, capsys):
    source = tmp_path / "mine.csv"
    source.write_text(CSV, encoding="utf-8")
    db = tmp_path / "state.json"
    assert main(["--db", str(db), "programs", "import", str(source), "--dry-run"]) == 0
    cli = capsys.readouterr().out.splitlines()
    dialog = _dialog_lines(source, db)
    assert dialog[:-1] == cli[:-1]  # the same lines, then each front end's own last word
    assert dialog[-1] == "ctrl+s to import the accepted rows." and cli[-1] == "Dry run: Nothing stored."
    assert main(["--db", str(db), "programs", "import", str(source)]) == 0
    assert [p.name for p in read_imports(imports_path(db))] == ["Synthetic Program 00001"]


def test_both_place_an_nrmp_row_by_an_institution_only_the_imports_know(tmp_path: Path, capsys):
    """An NRMP table row whose 'Table' names no state is placed by its institution code. The
    CLI looked the code up in the shipped catalog only and the dialog in whatever the tab had
    loaded: the same file imported in one and was rejected in the other."""
    db = tmp_path / "state.json"
    known = replace(program(1, imported=True), nrmp_code="9997100C0", state="OH", city="Cleveland")
    write_imports(imports_path(db), [known])
    source = tmp_path / "nrmp.csv"
    source.write_text(
        "Table,Sponsoring Institution,City,Specialty,Program Code,2024 Quota,2024 Matched\n"
        "Table 7,Synthetic Hospital,Cleveland,Neurology,9997180C0,2,2\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "programs", "import", str(source), "--dry-run"]) == 0
    cli = capsys.readouterr().out.splitlines()
    assert "1 rows: 1 accepted, 0 rejected" in cli
    assert _dialog_lines(source, db)[:-1] == cli[:-1]
