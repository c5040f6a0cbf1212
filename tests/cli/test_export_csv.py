"""`smartpick export --csv DIR`: the trackers as spreadsheet files, on a real state file, every
cell read back with the csv module and checked to be formula-safe."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smartpick_tui.cli import main
from smartpick_tui.core.export import FORMULA_STARTS
from smartpick_tui.core.interviews import Interview
from smartpick_tui.core.rules import EmailKind, LetterKind
from smartpick_tui.core.trackers import Away, Letter, OutreachEntry
from smartpick_tui.store import open_state

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\tTab", "[bold]Yale[/"]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    path = tmp_path / "state.json"
    with open_state(path) as state:
        for i, name in enumerate(HOSTILE):
            state.upsert_away(Away(name, notes=name))
            state.upsert_letter(Letter(f"Dr {i}", LetterKind.AWAY_SPECIALTY, institution=name))
            state.upsert_outreach(OutreachEntry(name, EmailKind.RADAR, "2026-08-01", notes=name))
            state.upsert_interview(Interview(name, impressions=name))
    return path


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_every_tracker_is_written_and_no_cell_would_run(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sheets"
    assert main(["export", "--db", str(db), "--csv", str(out)]) == 0
    said = capsys.readouterr().out
    assert "6 aways, 6 letters, 6 outreach, 6 interviews" in said
    for name in ("aways", "letters", "outreach", "interviews", "rank"):
        rows = read(out / f"{name}.csv")
        assert rows[0], name  # a header
        if name != "rank":
            assert len(rows) == 1 + len(HOSTILE), name
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), (name, cell)
    aways = read(out / "aways.csv")
    assert aways[0][:2] == ["program_name", "id"]
    assert {row[0] for row in aways[1:]} >= {'\'=HYPERLINK("http://x","y")', "[bold]Yale[/"}


def test_nothing_is_replaced_without_force_and_one_of_file_or_csv(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "sheets"
    out.mkdir()
    (out / "letters.csv").write_text("mine\n", encoding="utf-8")
    assert main(["export", "--db", str(db), "--csv", str(out)]) == 2
    assert "letters.csv exist" in capsys.readouterr().err
    assert (out / "letters.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (out / "aways.csv").exists()  # nothing written when one file would be replaced
    assert main(["export", "--db", str(db), "--csv", str(out), "--force"]) == 0
    assert read(out / "letters.csv")[0][0] == "writer"
    assert main(["export", "--db", str(db)]) == 2
    assert "one of them" in capsys.readouterr().err
