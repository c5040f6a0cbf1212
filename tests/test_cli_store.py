"""`smartpick profile | export | import | backup | locate` on real files, as a user runs them."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.trackers import ProgramMark
from smartpick_tui.store import open_state

STORE_COMMANDS = (
    ["profile", "show"],
    ["profile", "set", "--step2", "240"],
    ["export", "-"],
    ["backup", "list"],
    ["locate"],
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    return tmp_path / "home" / "state.json"


def tree(directory: Path) -> dict[str, bytes | None]:
    return {str(p): (None if p.is_dir() else p.read_bytes()) for p in sorted(directory.rglob("*"))}


def test_profile_set_changes_only_the_flags_given(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "profile", "set", "--db", str(db), "--step2", "245", "--specialty", "ENT")
    assert code == 0 and "--step2        245" in out
    code, _, _ = run(capsys, "profile", "set", "--db", str(db), "--ties", "CA,Midwest")
    assert code == 0
    code, out, _ = run(capsys, "profile", "show", "--json", "--db", str(db))
    shown = json.loads(out)
    assert (shown["step2"], shown["specialty"], shown["ties"]) == (
        245,
        "otolaryngology",
        ["CA", "Midwest"],
    )
    assert open_state(db, readonly=True).profile().step2 == 245


def test_profile_set_bad_flag_changes_nothing(db: Path, capsys) -> None:
    run(capsys, "profile", "set", "--db", str(db), "--step2", "245")
    before = db.read_bytes()
    code, out, err = run(capsys, "profile", "set", "--db", str(db), "--step2", "2450", "--research", "3")
    assert code == 2 and out == "" and err.startswith("smartpick: error: --step2:") and err.count("\n") == 1
    assert db.read_bytes() == before
    code, _, err = run(capsys, "profile", "set", "--db", str(db))
    assert code == 2 and "at least one profile flag" in err


def test_profile_set_clear_empties_the_fields_named_and_keeps_the_rest(db: Path, capsys) -> None:
    run(capsys, "profile", "set", "--db", str(db), "--step2", "245", "--home-city", "houston texas")
    code, out, _ = run(capsys, "profile", "set", "--db", str(db), "--clear", "home-city", "--research", "2")
    assert code == 0 and "--home-city    (not set)" in out
    profile = open_state(db, readonly=True).profile()
    assert (profile.home_city, profile.step2, profile.research) == ("", 245, 2)
    before = db.read_bytes()
    code, out, err = run(capsys, "profile", "set", "--db", str(db), "--clear", "school-nam")
    assert code == 2 and out == "" and "did you mean school-name" in err and err.count("\n") == 1
    code, _, err = run(capsys, "profile", "set", "--db", str(db), "--clear", "specialty")
    assert code == 2 and err.startswith("smartpick: error: --clear specialty:")
    assert db.read_bytes() == before


def test_reading_commands_create_nothing(db: Path, capsys) -> None:
    for argv in (["profile", "show"], ["backup", "list"], ["locate"], ["export", "-"]):
        code, _, err = run(capsys, *argv, "--db", str(db))
        assert code == 0, (argv, err)
    run(capsys, "advise", "--db", str(db))  # reads the stored profile (none: it says so)
    assert not db.parent.exists()


def test_locate_prints_every_path(db: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SMARTPICK_DB", str(db))  # the environment variable, no --db
    code, out, _ = run(capsys, "locate", "--json")
    paths = json.loads(out)
    assert code == 0 and paths["state_file"] == str(db)
    assert paths["lock_file"] == f"{db}.lock" and paths["backup_dir"] == f"{db}.backups"
    assert paths["imports_file"] == str(db.parent / "imports.json") and paths["config_dir"]
    code, out, _ = run(capsys, "locate")
    assert f"state file    {db}  (not created yet)" in out


def test_export_and_import(db: Path, tmp_path: Path, capsys) -> None:
    run(capsys, "profile", "set", "--db", str(db), "--step2", "251", "--name", "Ana")
    exported = tmp_path / "backup.json"
    code, out, _ = run(capsys, "export", str(exported), "--db", str(db))
    assert code == 0 and "Exported profile" in out
    assert (
        exported.stat().st_mode & 0o777 == 0o600
        and json.loads(exported.read_text())["profile"]["name"] == "Ana"
    )
    code, _, err = run(capsys, "export", str(exported), "--db", str(db))
    assert code == 2 and "--force" in err
    assert run(capsys, "export", str(exported), "--force", "--db", str(db))[0] == 0

    other = tmp_path / "elsewhere" / "state.json"
    code, out, _ = run(capsys, "import", str(exported), "--db", str(other))
    assert code == 0 and open_state(other, readonly=True).profile().name == "Ana"

    with open_state(db) as state:
        state.set_mark(ProgramMark("later", apply=True))
    code, out, _ = run(capsys, "import", str(exported), "--db", str(db))
    assert code == 0 and "backup restore 1" in out
    assert "later" not in open_state(db, readonly=True).marks()
    assert run(capsys, "backup", "restore", "1", "--db", str(db))[0] == 0
    assert "later" in open_state(db, readonly=True).marks()


def test_import_of_a_bad_file_names_the_entry(db: Path, tmp_path: Path, capsys) -> None:
    run(capsys, "profile", "set", "--db", str(db), "--step2", "251")
    document = json.loads(open_state(db, readonly=True).export_text())
    document["checklist"] = [{"step_id": "a", "done": True}, {"step_id": "b", "done_on": "June"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    before = tree(db.parent)
    code, out, err = run(capsys, "import", str(bad), "--db", str(db))
    assert code == 2 and out == ""
    assert f"{bad}: checklist[1] (step_id 'b'): " in err and "nothing was imported" in err
    assert tree(db.parent) == before


def test_backup_list_and_restore(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "backup", "list", "--db", str(db))
    assert code == 0 and "No backups" in out
    run(capsys, "profile", "set", "--db", str(db), "--step2", "230")
    open_state(db).close()  # an app start
    run(capsys, "profile", "set", "--db", str(db), "--step2", "260")
    code, out, _ = run(capsys, "backup", "list", "--json", "--db", str(db))
    (only,) = json.loads(out)["backups"]
    assert only["number"] == 1 and only["problem"] is None and only["holds"].startswith("profile")
    code, out, _ = run(capsys, "backup", "restore", "1", "--db", str(db))
    assert code == 0 and open_state(db, readonly=True).profile().step2 == 230
    code, _, err = run(capsys, "backup", "restore", "7", "--db", str(db))
    assert code == 2 and "no backup 7" in err


def test_corrupt_state_on_the_command_line(db: Path, capsys) -> None:
    run(capsys, "profile", "set", "--db", str(db), "--step2", "230")
    open_state(db).close()  # an app start: a backup
    db.write_text('{"profile": {"1": {"step2": 2')
    before = tree(db.parent)
    code, out, err = run(capsys, "profile", "show", "--db", str(db))
    assert code == 2 and "not valid JSON" in err and "Nothing was changed" in err
    assert tree(db.parent) == before

    code, out, err = run(capsys, "profile", "set", "--step2", "250", "--db", str(db))
    assert code == 3 and out == ""
    (moved,) = db.parent.glob("state.json.*.corrupt")
    assert str(moved) in err and "restored" in err
    assert moved.read_text() == '{"profile": {"1": {"step2": 2'
    assert open_state(db, readonly=True).profile().step2 == 230  # the command itself did not run


@pytest.mark.parametrize("make", ["directory", "symlink", "file parent"])
def test_unusable_paths_are_one_line(tmp_path: Path, capsys, make: str) -> None:
    if make == "directory":
        target = tmp_path
    elif make == "symlink":
        (tmp_path / "real.json").write_text("")
        target = tmp_path / "link.json"
        target.symlink_to(tmp_path / "real.json")
    else:
        (tmp_path / "plain").write_text("x")
        target = tmp_path / "plain" / "state.json"
    code, out, err = run(capsys, "profile", "set", "--step2", "240", "--db", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1 and str(target) in err


def test_missing_home(tmp_path: Path, capsys, monkeypatch) -> None:
    """No HOME and no passwd entry: `~` cannot be expanded. Say so; create no `~` directory."""
    for name in ("HOME", "SMARTPICK_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(_uid: int) -> None:
        raise KeyError("uid not in passwd")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    for argv in (["profile", "set", "--step2", "240"], ["profile", "show"], ["locate"]):
        code, _out, err = run(capsys, *argv)
        assert code == 2 and "home directory" in err and "SMARTPICK_DB" in err, (argv, err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", STORE_COMMANDS)
def test_db_flag_on_every_command(argv: list[str], tmp_path: Path, capsys) -> None:
    db = tmp_path / "flagged.json"
    code, _, err = run(capsys, *argv, "--db", str(db))
    assert code == 0, err
    code, _, err = run(capsys, "--db", str(db), *argv)  # before the command works too
    assert code == 0, err


def test_installed_entry_point(tmp_path: Path) -> None:
    """The real `smartpick` script, configured only through SMARTPICK_DB."""
    env = {**os.environ, "SMARTPICK_DB": str(tmp_path / "s" / "state.json")}
    script = Path(sys.executable).with_name("smartpick")
    done = subprocess.run(
        [str(script), "profile", "set", "--step2", "252"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    shown = subprocess.run(
        [str(script), "profile", "show", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(shown.stdout)["step2"] == 252
    assert (tmp_path / "s").stat().st_mode & 0o777 == 0o700
