"""`smartpick figures` end to end on a real state file and the shipped catalog: import, list,
set, remove, export; `programs` and `pick` (text and --json) use and label your figures."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.fit import classify
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.store import open_state

MGH, CAYUGA = "1261140C0", "2207140M0"  # real shipped IM programs (NRMP codes)
GOOD = (
    "program,interview_rate,step2_min,visa,note,source\n"
    'MGH,40,,both,"=HYPERLINK(""http://x"")",my Residency Explorer view\n'
    f"{CAYUGA},,255,,,advisor sheet\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "state.json"
    with open_state(path) as state:
        state.set_profile(Profile(step2=250, school=SchoolType.US_IMG, specialty="internal-medicine"))
    return path


def test_import_then_every_command_uses_and_labels_them(db: Path, tmp_path: Path, capsys) -> None:
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text(GOOD, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "figures", "import", str(csv_path))
    assert code == 0, err
    assert f"line 2: {MGH} Massachusetts General Hospital: interview rate 40%" in out
    assert "Stored your figures for 2 programs" in out

    code, out, _ = run(capsys, "--db", str(db), "figures", "list", "--json")
    listed = {entry["program_id"]: entry for entry in json.loads(out)}
    assert listed[MGH]["chance_from"] == "your figures"
    assert listed[MGH]["class"] == classify(listed[MGH]["p_interview"]).value
    assert listed[MGH]["p_interview_model"] < 0.05 < listed[MGH]["p_interview"]
    assert listed[CAYUGA]["p_interview"] == 0.01 and listed[CAYUGA]["figures"]["step2_min"] == 255

    code, out, _ = run(capsys, "--db", str(db), "programs", "--query", "Massachusetts General", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[MGH]["chance_from"] == "your figures" and rows[MGH]["p_interview"] == round(
        listed[MGH]["p_interview"], 3
    )
    assert rows[MGH]["your_figures"]["interview_rate"] == 40.0
    # the profile needs no visa (its default): the figure's visa leaves the chance alone, unsaid
    assert not any("sponsors" in line for line in rows[MGH]["factors"])
    # the Step 2 shift is the model's own (its slope may change): its form, and its direction
    assert re.fullmatch(
        r"your figure: interview rate 40% for US IMG applicants, moved by your Step 2 CK -\d+ vs "
        r"est\. typical \d+: -\d\.\d\d",
        rows[MGH]["factors"][0],
    )
    others = [row for row_id, row in rows.items() if row_id != MGH]
    assert others and all(r["chance_from"] == "estimate" and r["your_figures"] is None for r in others)

    code, out, _ = run(capsys, "--db", str(db), "programs", "--query", "Massachusetts General")
    assert "1 of these use your own figures" in out and "your figures used]" in out

    code, out, _ = run(capsys, "--db", str(db), "pick", "--json")
    data = json.loads(out)
    mine = [pick for pick in data["picks"] if pick["id"] == MGH]
    assert mine and mine[0]["factors"][0].startswith("your figure:")
    assert re.match(r"your figures → \d+% → (reach|target|safety) \(model est\. ", mine[0]["reason"])
    assert any("use your own figures" in note for note in data["notes"])
    code, out, _ = run(capsys, "--db", str(db), "pick")
    assert re.search(r"your figures → \d+% → (reach|target|safety) \(model est\.", out)


def test_a_bad_file_imports_nothing_and_says_why(db: Path, tmp_path: Path, capsys) -> None:
    before = db.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "Nowhere General Hospital,5,,,,\nMGH,150,,,,\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "figures", "import", str(bad))
    assert code == 1 and "Traceback" not in out + err
    assert "bad.csv: 2 bad rows; nothing was imported" in out
    assert "line 4: no program in internal-medicine matches 'Nowhere General Hospital'" in out
    assert "line 5: interview_rate: 150 is not a percent" in out
    assert db.read_bytes() == before
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    code, out, err = run(capsys, "--db", str(db), "figures", "import", str(folder))
    assert code == 2 and err.count("\n") == 1 and "is a folder" in err and "nothing was imported" in err
    assert db.read_bytes() == before


def test_set_export_and_remove(db: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(
        capsys, "--db", str(db), "figures", "set", MGH, "--invites-like-me", "35", "--note", "@me"
    )
    assert code == 0, err
    assert out.strip() == f"{MGH}: invites 35% of applicants like you"
    code, _out, err = run(capsys, "--db", str(db), "figures", "set", MGH, "--visa", "L-1")
    assert code == 2 and "not a visa policy" in err
    code, _out, err = run(capsys, "--db", str(db), "figures", "set", "nope", "--step2-min", "240")
    assert code == 2 and "not a program id or NRMP code" in err
    code, out, _ = run(capsys, "--db", str(db), "figures", "export", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [
        {
            "program": MGH,
            "display_name": "Massachusetts General Hospital",
            "interview_rate": "",
            "invites_like_me": "35.0",
            "rate_for": "",
            "step2_min": "",
            "step2_typical": "",
            "visa": "",
            "takes_do": "",
            "takes_img": "",
            "note": "'@me",
            "source": "",
        }
    ]
    code, out, _ = run(capsys, "--db", str(db), "figures", "remove", "--all")
    assert code == 0 and "Removed your figures for 1 program." in out
    with open_state(db, readonly=True) as state:
        assert state.own_figures() == {}
    code, out, _ = run(capsys, "--db", str(db), "figures")
    assert "No figures of your own yet" in out
