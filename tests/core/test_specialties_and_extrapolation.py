import pytest

from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.specialties import UnknownSpecialty, all_specialties, find_specialty

REQUIRED = [
    "Internal Medicine",
    "Family Medicine",
    "Pediatrics",
    "Psychiatry",
    "Emergency Medicine",
    "Anesthesiology",
    "Neurology",
    "General Surgery",
    "Obstetrics and Gynecology",
    "Orthopaedic Surgery",
    "Otolaryngology",
    "Dermatology",
    "Plastic Surgery",
    "Neurological Surgery",
    "Diagnostic Radiology",
    "Radiation Oncology",
    "Pathology",
    "Physical Medicine and Rehabilitation",
    "Transitional Year",
    "Preliminary Internal Medicine",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_specialties_present(name):
    assert find_specialty(name)


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("IM", "internal-medicine"),
        ("ENT", "otolaryngology"),
        ("Otolaryngology", "otolaryngology"),
        ("Anesthesia", "anesthesiology"),
        ("Neuro", "neurology"),
        ("ob/gyn", "obstetrics-gynecology"),
        ("  pm&r ", "pmr"),
        ("Ortho", "orthopaedic-surgery"),
    ],
)
def test_aliases(alias, expected):
    assert find_specialty(alias).id == expected


def test_unknown_specialty_lists_what_is_allowed():
    with pytest.raises(UnknownSpecialty, match="give a name or abbreviation: IM, FM, Peds"):
        find_specialty("Astrology")


def test_public_facts_from_spec():
    im = find_specialty("IM")
    assert (im.nrmp_programs_2025, im.nrmp_positions_2025, im.step2_mean_2024) == (758, 10941, 250)
    assert find_specialty("Ortho").step2_mean_2024 == 257
    assert find_specialty("FM").nrmp_positions_2025 == 5357


@pytest.mark.parametrize("name", ["OB/GYN", "Neurosurgery", "Rad Onc", "Pathology", "PM&R"])
def test_specialties_the_article_does_not_place_are_extrapolated(name):
    d = diagnose(Profile(step2=250, specialty=find_specialty(name).id))
    assert d.extrapolated
    assert any(note.startswith("Extrapolated") for note in d.notes)


@pytest.mark.parametrize("name", ["IM", "EM", "Derm", "Anesthesia"])
def test_specialties_the_article_places_are_not_extrapolated(name):
    d = diagnose(Profile(step2=250, specialty=find_specialty(name).id))
    assert not any("Specialty group" in note for note in d.notes)
    # only the app's own numbers (non-core interview targets, the very-competitive email
    # cut-off) make an article-placed specialty's advice extrapolated, and they say so
    assert d.extrapolated == (
        d.interviews_extrapolated or not d.to_json()["score_threshold_for_emails"]["is_article"]
    )
    assert not diagnose(Profile(step2=250, specialty=find_specialty("IM").id)).extrapolated


def test_the_articles_program_count_stays_and_the_volume_strategy_is_labelled():
    """Anesthesiology 266 non-US IMG used to say 133 as the article's number; ENT IMG 178 of
    the 138 programs that exist."""
    anesthesia = diagnose(Profile(step2=266, specialty="anesthesiology", school=SchoolType.NON_US_IMG))
    data = anesthesia.to_json()
    assert data["programs_to_apply"] == 60 and data["extrapolated"]
    assert data["programs_to_apply_adjusted"]["value"] == 133
    assert data["programs_to_apply_adjusted"]["is_article"] is False
    ent = diagnose(Profile(step2=255, specialty="otolaryngology", school=SchoolType.US_IMG)).to_json()
    adjusted = ent["programs_to_apply_adjusted"]
    assert ent["programs_to_apply"] == 80 and adjusted["value"] == adjusted["capped_at"] <= 138
    md = diagnose(Profile(step2=255, specialty="otolaryngology")).to_json()
    assert md["programs_to_apply_adjusted"] is None


def test_one_reading_of_the_score_for_the_diagnosis_and_the_list():
    """252 with one red flag: the Profile showed the 250-259 guidance, SmartPick built 240-249."""
    from smartpick_tui.core import rules
    from smartpick_tui.core.smartpick import run_smartpick

    def list_band(p: Profile) -> int:
        return run_smartpick(p, []).band  # the band the SmartPick list reads the profile in

    profile = Profile(step2=252, red_flags=("a failed rotation",))
    d = diagnose(profile)
    band = rules.tier_guidance(245)
    assert d.tier_guidance.startswith(band.text)
    assert list_band(profile) == rules.TIER_GUIDANCE.index(band)
    assert any("red flags" in note and "240-249" in note for note in d.notes)
    assert d.to_json()["score_reading"] == {
        "band": "240-249",
        "own_band": "250-259",
        "adjustments": ["red flags"],
    }
    do = Profile(step2=252, school=SchoolType.US_DO)
    assert list_band(do) == list_band(Profile(step2=252))  # a DO school is not a band shift


@pytest.mark.parametrize(("name", "match"), [("Ophthalmology", "SF Match"), ("Urology", "AUA Urology Match")])
def test_out_of_main_match_specialties_say_so(name, match):
    d = diagnose(Profile(step2=255, specialty=find_specialty(name).id))
    assert any("does not use the NRMP Main Match" in n and match in n for n in d.notes)


def test_every_specialty_diagnoses():
    for specialty in all_specialties():
        assert diagnose(Profile(step2=240, specialty=specialty.id)).programs_to_apply > 0


def test_red_flags_make_the_answer_an_extrapolation():
    d = diagnose(Profile(step2=255, red_flags=("professionalism report",)))
    assert d.extrapolated and any("red flags" in n for n in d.notes)


@pytest.mark.parametrize(
    ("school", "programs"),
    [
        (SchoolType.US_MD, 40),
        (SchoolType.US_DO, 50),
        (SchoolType.US_IMG, 89),
        (SchoolType.NON_US_IMG, 89),
    ],
)
def test_volume_strategy_for_do_and_img(school, programs):
    d = diagnose(Profile(step2=250, school=school))
    assert d.programs_to_apply == 40  # the article's number, always
    assert d.list_size == programs
    assert (d.programs_to_apply_adjusted is None) == (school is SchoolType.US_MD)


@pytest.mark.parametrize(
    ("name", "match", "date"),
    [
        ("Internal Medicine", "NRMP Main Residency Match", "third Friday of March"),
        ("Ophthalmology", "SF Match", "February 1"),
        ("Urology", "AUA Urology Match", "late January or early February"),
    ],
)
def test_the_diagnosis_json_names_the_match_and_its_calendar(name, match, date):
    specialty = find_specialty(name)
    data = diagnose(Profile(step2=255, specialty=specialty.id)).to_json()["specialty"]
    assert data["match_name"] == match and date in data["match_calendar"]
    assert data["match"] == specialty.match  # the key stays as it was (stable interface)
    assert specialty.match_calendar_text == f"{match} — {data['match_calendar']}."
    assert specialty.match_line.startswith(f"{match} — ") and len(specialty.match_line) < 90


def test_every_specialty_has_a_known_match_with_a_sourced_calendar():
    from smartpick_tui.core.specialties import all_matches

    matches = all_matches()
    assert set(matches) == {"NRMP", "SF Match", "AUA Match"}
    for specialty in all_specialties():
        info = specialty.match_info
        assert info is matches[specialty.match] and info.summary and info.calendar and info.basis
    outside = {s.id for s in all_specialties() if not s.in_main_match}
    assert outside == {"ophthalmology", "urology"}
