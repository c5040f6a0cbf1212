"""One test per row of the article's tables (SPEC §3), through the public engine."""

import pytest

from smartpick_tui.core import rules
from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.profile import Profile, SchoolType
from smartpick_tui.core.rules import Competitiveness, Situation
from smartpick_tui.core.specialties import find_specialty


def dx(step2: int, specialty: str = "internal-medicine", **kw):
    return diagnose(Profile(step2=step2, specialty=find_specialty(specialty).id, **kw))


@pytest.mark.parametrize(
    ("score", "leverage", "band"),
    [
        (1, 2, "<235"),
        (234, 2, "<235"),
        (235, 4, "235-244"),
        (244, 4, "235-244"),
        (245, 6, "245-254"),
        (254, 6, "245-254"),
        (255, 8, "255-264"),
        (264, 8, "255-264"),
        (265, 9, "265+"),
        (300, 9, "265+"),
    ],
)
def test_leverage_band_edges(score, leverage, band):
    d = dx(score)
    assert (d.leverage, d.score_band) == (leverage, band)
    assert [bar.is_user for bar in d.leverage_bars].count(True) == 1


@pytest.mark.parametrize(
    ("score", "phrase", "extrapolated"),
    [
        (229, "not covered by the article", True),
        (230, "community and low-mid academic", False),
        (239, "community and low-mid academic", False),
        (240, "outside the very top tier", False),
        (249, "outside the very top tier", False),
        (250, "swings at higher academic", False),
        (259, "swings at higher academic", False),
        (260, "nearly any", False),
    ],
)
def test_tier_guidance_by_score(score, phrase, extrapolated):
    d = dx(score)
    assert phrase in d.tier_guidance
    assert d.extrapolated is extrapolated


@pytest.mark.parametrize("score", [250, 262, 280])
def test_stable_floor_from_250(score):
    assert "stable floor" in dx(score).tier_guidance


def test_no_stable_floor_text_below_250():
    assert "stable floor" not in dx(249).tier_guidance


def test_below_230_raises_backup_specialty():
    d = dx(225)
    assert any("backup specialty" in note for note in d.notes)


@pytest.mark.parametrize(
    ("specialty", "group", "programs"),
    [
        ("Dermatology", Competitiveness.VERY_COMPETITIVE, 80),
        ("Ortho", Competitiveness.VERY_COMPETITIVE, 80),
        ("ENT", Competitiveness.VERY_COMPETITIVE, 80),
        ("EM", Competitiveness.COMPETITIVE, 60),
        ("Anesthesia", Competitiveness.COMPETITIVE, 60),
        ("Neuro", Competitiveness.COMPETITIVE, 60),
        ("IM", Competitiveness.MODERATE, 40),
        ("Peds", Competitiveness.MODERATE, 40),
        ("FM", Competitiveness.MODERATE, 40),
        ("Psych", Competitiveness.MODERATE, 40),
        ("TY", Competitiveness.PRELIM_TY, 25),
    ],
)
def test_programs_to_apply_by_competitiveness(specialty, group, programs):
    d = dx(250, specialty)
    assert d.competitiveness is group
    assert d.programs_to_apply == programs
    assert not any("Volume strategy" in n for n in d.notes)


@pytest.mark.parametrize(
    ("situation", "helps", "workaround"),
    [
        (Situation.NO_HOME_PROGRAM, "High", "Aways + networking + research"),
        (Situation.INDIFFERENT, "Medium-High", "External mentors + aways"),
        (Situation.DISCOURAGING, "Medium", "New advocates outside institution"),
        (Situation.DO_IMG, "Medium", "Volume strategy + targeted emails"),
    ],
)
def test_situation_types(situation, helps, workaround):
    school = SchoolType.US_DO if situation is Situation.DO_IMG else SchoolType.US_MD
    d = dx(255, situation=situation, school=school)
    assert (d.situation.step2_helps, d.situation.workaround) == (helps, workaround)
    assert d.to_json()["situation"]["type"] == situation.value


@pytest.mark.parametrize(
    ("specialty", "power", "home"),
    [
        ("Derm", "Medium", "Very High"),
        ("Ortho", "Medium", "Very High"),
        ("ENT", "Medium", "Very High"),
        ("Plastics", "Medium", "Very High"),
        ("Radiology", "High", "Medium"),
        ("Anesthesia", "High", "Medium"),
        ("Neuro", "High", "Medium"),
        ("EM", "Medium-High", "High"),
        ("Gen Surg", "Medium-High", "High"),
        ("IM", "High", "Medium"),
        ("Peds", "High", "Medium"),
        ("Psych", "High", "Medium"),
        ("FM", "High", "Medium"),
    ],
)
def test_specialty_groups(specialty, power, home):
    d = dx(250, specialty)
    assert (d.step2_power, d.home_support_importance) == (power, home)


@pytest.mark.parametrize(
    ("specialty", "low", "high", "stretch"),
    [
        ("Ortho", 2, 3, 4),
        ("EM", 2, 3, 4),
        ("IM", 1, 2, None),
        ("FM", 1, 2, None),
    ],
)
def test_aways_by_competitiveness(specialty, low, high, stretch):
    d = dx(255, specialty)
    assert (d.aways.min, d.aways.max, d.aways_stretch) == (low, high, stretch)


def test_letters_in_article_priority_order():
    d = dx(255)
    assert [rule.kind for rule in d.letters] == [
        rules.LetterKind.AWAY_SPECIALTY,
        rules.LetterKind.HOME_INDIVIDUAL,
        rules.LetterKind.RESEARCH_MENTOR,
        rules.LetterKind.BACKUP_SUBI,
    ]
    assert rules.LETTERS_TARGET == (2, 3)


def test_email_targets():
    d = dx(255)
    assert (d.emails_total.min, d.emails_total.max) == (10, 20)
    assert (d.emails_radar.min, d.emails_radar.max) == (5, 15)
    assert rules.EMAIL_RULES[rules.EmailKind.AWAY_REQUEST].sentences == (3, 5)
    assert not rules.EMAIL_RULES[rules.EmailKind.THANK_YOU].score_allowed
    assert not rules.EMAIL_RULES[rules.EmailKind.PRE_RANK].score_allowed


@pytest.mark.parametrize(
    ("score", "specialty", "mention"),
    [
        (244, "IM", False),
        (245, "IM", True),
        (250, "EM", True),
        (250, "Derm", False),
        (254, "Ortho", False),
        (255, "ENT", True),
    ],
)
def test_score_in_emails_threshold(score, specialty, mention):
    assert dx(score, specialty).mention_score_in_emails is mention


def test_core_interviews_are_the_articles_safe_zone():
    d = dx(250, "Psych")
    assert (d.interviews.min, d.interviews.max) == (12, 15)
    assert not any("Interview target" in n for n in d.notes)


@pytest.mark.parametrize("specialty", ["EM", "Ortho"])
def test_competitive_interviews_are_more_and_flagged_as_estimate(specialty):
    d = dx(250, specialty)
    assert d.interviews.min > 12
    assert any("Interview target" in n for n in d.notes)


def test_mistakes_are_the_five_of_section_9():
    titles = dx(255).to_json()["mistakes_to_avoid"]
    assert titles == [
        "Overweighting prestige",
        "Underusing aways",
        "Radio silence",
        "Disorganized narrative",
        "Arrogance vibes",
    ]


def test_action_flow_has_nine_steps_and_six_step_plan():
    assert len(rules.ACTION_FLOW) == 9
    assert rules.ACTION_FLOW[-1].title == "Home program?"
    assert len(rules.SIX_STEP_PLAN) == 6
    ids = [s.id for s in (*rules.ACTION_FLOW, *rules.SIX_STEP_PLAN)]
    assert len(ids) == len(set(ids))


def test_ps_moves_are_the_three_of_section_7():
    assert [title for title, _ in rules.PS_MOVES] == [
        "Acknowledge, don't complain",
        "Connect your Step 2 CK to clinical performance",
        "Show initiative",
    ]
