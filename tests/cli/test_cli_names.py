"""Names and numbers as a new user types them on the command line , through the
real entry point on a real state file and the shipped catalog: specialty names with aliases
and "did you mean", state names, school types in any case, a range message for Step 2 CK, ids
in the `programs` text output, and the stored specialty listed by default.

The core parsers behind them (one per kind of name) are tested first, without the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run

from smartpick_tui.core.geography import normalise_state, normalise_tie
from smartpick_tui.core.profile import Profile, SchoolType, parse_field
from smartpick_tui.core.specialties import UnknownSpecialty, find_specialty, resolve_specialty
from smartpick_tui.store import open_state

# --- core: one parser per kind of name -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("emergency", "emergency-medicine"),
        ("Emergency Medicine", "emergency-medicine"),
        ("EM", "emergency-medicine"),
        ("family", "family-medicine"),
        ("pediatric", "pediatrics"),
        ("Internal", "internal-medicine"),
        ("orthopedic", "orthopaedic-surgery"),
    ],
)
def test_specialty_names_aliases_and_unique_starts(typed: str, expected: str) -> None:
    assert resolve_specialty(typed).id == expected


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Emergancy Medicine", "Emergency Medicine"),
        ("Dermatolgy", "Dermatology"),
        ("Neurosurgry", "Neurological Surgery"),
        ("Emergancy", "Emergency Medicine"),
    ],
)
def test_a_typo_is_told_the_closest_name_not_every_name(typed: str, suggested: str) -> None:
    with pytest.raises(UnknownSpecialty) as caught:
        resolve_specialty(typed)
    message = str(caught.value)
    assert f"did you mean {suggested}?" in message
    assert "Family Medicine" not in message  # not the list of all 25


def test_an_ambiguous_start_names_the_candidates() -> None:
    with pytest.raises(UnknownSpecialty, match="could be Diagnostic Radiology or Radiation Oncology"):
        resolve_specialty("rad")


def test_data_files_stay_exact() -> None:
    """CSV cells are not guessed: a start of a name is refused there."""
    with pytest.raises(UnknownSpecialty):
        find_specialty("emergency")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Texas", "TX"),
        ("tx", "TX"),
        ("new york", "NY"),
        ("New-York", "NY"),
        ("D.C.", "DC"),
    ],
)
def test_state_codes_and_names(typed: str, code: str) -> None:
    assert normalise_state(typed) == code
    assert normalise_tie(typed) == code  # ties and preferences read states the same way


def test_state_typo_is_told_the_closest_state() -> None:
    with pytest.raises(ValueError, match=r"did you mean Texas\?"):
        normalise_state("Texsa")
    with pytest.raises(ValueError, match="not a US state code or name"):
        normalise_state("Atlantis")


@pytest.mark.parametrize(
    ("typed", "school"),
    [
        ("DO", SchoolType.US_DO),
        ("do", SchoolType.US_DO),
        ("MD", SchoolType.US_MD),
        ("US MD", SchoolType.US_MD),
        ("Non-US IMG", SchoolType.NON_US_IMG),
        ("non_us_img", SchoolType.NON_US_IMG),
        ("US-IMG", SchoolType.US_IMG),
    ],
)
def test_school_types_in_any_case(typed: str, school: SchoolType) -> None:
    assert parse_field("school", typed) == (school, None)


def test_bare_img_is_ambiguous() -> None:
    value, error = parse_field("school", "IMG")
    assert value is None and error is not None and "us-img" in error and "non-us-img" in error


@pytest.mark.parametrize("typed", ["-5", "0", "301", "+999"])
def test_step2_out_of_range_says_the_range(typed: str) -> None:
    value, error = parse_field("step2", typed)
    assert value is None and error is not None
    assert "outside the Step 2 CK scale" in error and "1 to 300" in error
    assert "not a whole number" not in error


def test_step2_still_refuses_what_is_not_a_whole_number() -> None:
    assert "not a whole number" in (parse_field("step2", "250.5")[1] or "")


# --- the CLI, every subcommand that takes these ---------------------------------------------------


@pytest.fixture
def em_db(tmp_path: Path) -> Path:
    db = tmp_path / "state.json"
    with open_state(db) as state:
        state.set_profile(
            Profile(
                step2=250,
                specialty="emergency-medicine",
                name="Ana Lee",
                school_name="Valley College of Medicine",
            )
        )
    return db


def test_programs_lists_the_stored_specialty_by_default(em_db: Path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(em_db), "programs", "--limit", "20")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("20 programs in Emergency Medicine")
    rows = [line for line in lines[2:] if line.strip()]
    assert len(rows) == 20 and all("[emergency-medicine" in line for line in rows)
    code, out, _ = run(capsys, "--db", str(em_db), "programs", "--all-specialties", "--limit", "400")
    assert "in every specialty" in out.splitlines()[0]
    assert any("[family-medicine" in line for line in out.splitlines())


def test_programs_text_output_starts_with_the_id_draft_takes(em_db: Path, capsys) -> None:
    code, out, _ = run(capsys, "--db", str(em_db), "programs", "--state", "Texas", "--limit", "3")
    assert code == 0
    header, *rows = out.splitlines()[1:]
    assert header.startswith("id ") and "draft --program" in header
    assert len(rows) == 3 and all(", TX [" in row or "— TX [" in row for row in rows)
    program_id = rows[0].split()[0]
    code, draft, err = run(capsys, "--db", str(em_db), "draft", "radar", "--program", program_id)
    assert code == 0, err
    assert "Ana Lee" in draft


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["programs", "--specialty", "Emergancy Medicine"], "did you mean Emergency Medicine?"),
        (
            ["advise", "--step2", "250", "--specialty", "Emergancy Medicine"],
            "did you mean Emergency Medicine?",
        ),
        (["pick", "--step2", "250", "--specialty", "Dermatolgy"], "did you mean Dermatology?"),
        (["profile", "set", "--specialty", "Emergancy"], "did you mean Emergency Medicine?"),
        (["programs", "--state", "Texsa"], "did you mean Texas?"),
        (
            ["advise", "--step2", "-5"],
            "--step2: -5 is outside the Step 2 CK scale: enter a score from 1 to 300",
        ),
        (["profile", "set", "--step2", "-5"], "-5 is outside the Step 2 CK scale"),
        (["advise", "--step2", "250", "--school", "IMG"], "could be us-img"),
        (["programs", "--specialty", "EM", "--all-specialties"], "not both"),
    ],
)
def test_bad_names_are_one_line_errors_that_help(em_db: Path, capsys, argv: list[str], said: str) -> None:
    code, _out, err = run(capsys, "--db", str(em_db), *argv)
    assert code == 2 and said in err and err.count("\n") == 1
    assert "Family Medicine" not in err  # no dump of every specialty


def test_everyday_spellings_are_accepted_by_every_subcommand(em_db: Path, capsys) -> None:
    code, out, err = run(
        capsys,
        "--db",
        str(em_db),
        "advise",
        "--step2",
        "250",
        "--specialty",
        "emergency",
        "--school",
        "DO",
        "--ties",
        "Texas",
    )
    assert code == 0, err
    assert "Emergency Medicine" in out and "US DO" in out
    code, _, err = run(
        capsys,
        "--db",
        str(em_db),
        "profile",
        "set",
        "--school",
        "do",
        "--ties",
        "Texas, new york",
        "--specialty",
        "family",
    )
    assert code == 0, err
    with open_state(em_db, readonly=True) as state:
        profile = state.profile()
    assert (profile.school, profile.ties, profile.specialty) == (
        SchoolType.US_DO,
        ("TX", "NY"),
        "family-medicine",
    )
    code, out, err = run(
        capsys,
        "--db",
        str(em_db),
        "pick",
        "--step2",
        "250",
        "--specialty",
        "emergency",
        "--school",
        "MD",
        "--n",
        "5",
    )
    assert code == 0, err
    assert "Emergency Medicine" in out
