import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.profile import (
    ClinicalEvals,
    Profile,
    ProfileError,
    SchoolType,
    Step1Result,
    parse_field,
    parse_profile,
    profile_warnings,
)
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.specialties import all_specialties


@pytest.mark.parametrize("raw", ["0", "301", "400", "-5", "abc", "25.5", "2 50", "²⁵⁰", True])
def test_invalid_step2_has_a_message(raw):
    value, error = parse_field("step2", raw)
    assert value is None and error


@pytest.mark.parametrize(("raw", "value"), [("1", 1), (" 258 ", 258), ("300", 300), (250, 250), ("", None)])
def test_valid_step2(raw, value):
    assert parse_field("step2", raw) == (value, None)


def test_below_passing_is_accepted_with_a_warning():
    profile, errors = parse_profile({"step2": "210"})
    assert errors == {} and profile.step2 == 210
    assert any("218" in w and "214" in w for w in profile_warnings(profile))
    assert profile_warnings(Profile(step2=218)) == []


def test_ties_normalise_states_and_regions():
    assert parse_field("ties", "ca, OR ,midwest,CA") == (("CA", "OR", "Midwest"), None)
    assert "not a US state" in parse_field("ties", "XX")[1]


def test_unknown_field_is_an_error_not_ignored():
    _, errors = parse_profile({"stpe2": "250"})
    assert "stpe2" in errors


def test_round_trip_through_dict():
    profile = Profile(
        step2=261,
        school=SchoolType.US_DO,
        step1=Step1Result.FAIL_THEN_PASS,
        specialty="neurology",
        backup_specialty="internal-medicine",
        situation=Situation.DISCOURAGING,
        ties=("TX", "South"),
        research=3,
        red_flags=("leave of absence",),
        clinical_evals=ClinicalEvals.STRONG,
        name="Ana",
        school_name="X College",
    )
    assert Profile.from_dict(profile.to_dict()) == profile


def test_from_dict_names_the_bad_field():
    with pytest.raises(ProfileError, match="research"):
        Profile.from_dict({"research": "many"})


def test_text_fields_lose_control_characters():
    value, _ = parse_field("name", "Ana\x1b]0;PWNED\x07 Lee")
    assert "\x1b" not in value and "\x07" not in value and value.startswith("Ana")


specialty_ids = st.sampled_from([s.id for s in all_specialties()])
valid_raw = st.fixed_dictionaries(
    {
        "step2": st.integers(1, 300).map(str),
        "specialty": specialty_ids,
        "school": st.sampled_from([s.value for s in SchoolType]),
        "step1": st.sampled_from(["pass", "fail"]),
        "situation": st.sampled_from([s.value for s in Situation]),
        "ties": st.lists(st.sampled_from(["CA", "NY", "TX", "West", "Pacific", "PR"]), max_size=4).map(
            ",".join
        ),
        "research": st.integers(0, 500).map(str),
        "red_flags": st.lists(st.text(max_size=30), max_size=3).map(";".join),
        "clinical_evals": st.sampled_from(["strong", "average", "weak"]),
        "name": st.text(max_size=50),
    }
)


@settings(max_examples=300, deadline=None)
@given(valid_raw)
def test_engine_never_raises_on_any_valid_profile(raw):
    profile, errors = parse_profile(raw)
    assert errors == {}
    d = diagnose(profile)
    data = d.to_json()
    assert 1 <= data["leverage"] <= 10
    assert data["programs_to_apply"] >= 25
    assert data["aways"]["min"] <= data["aways"]["max"]
    assert data["interviews"]["min"] <= data["interviews"]["max"]


invalid_step2 = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=301),
    st.text().filter(lambda t: t.strip() and not (t.strip().isascii() and t.strip().isdigit())),
    st.floats(allow_nan=True).map(repr).filter(lambda t: not t.isdigit()),
)


@settings(max_examples=300, deadline=None)
@given(invalid_step2)
def test_every_invalid_step2_is_rejected_with_a_message(raw):
    _, errors = parse_profile({"step2": raw})
    assert errors.get("step2")


# What a school type may be typed as (the values, MD / DO, and the ambiguous IMG, which has
# its own message), letters only: a generated text with these letters is not "invalid".
SCHOOL_SPELLINGS = {s.value.replace("-", "") for s in SchoolType} | {"md", "do", "img"}


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=20).filter(
        lambda t: t.strip() and re.sub(r"[^a-z]", "", t.lower()) not in SCHOOL_SPELLINGS
    )
)
def test_every_invalid_school_is_rejected_with_a_message(raw):
    _, errors = parse_profile({"school": raw})
    assert "not one of" in errors["school"]
