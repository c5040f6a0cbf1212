"""The student's own figures against the model (core/own_figures.py): each combination rule of
the module docstring, through `fit_all` (the one place every chance is computed)."""

from __future__ import annotations

import math

import pytest

from smartpick_tui.core.catalog import load_catalog
from smartpick_tui.core.estimates import estimate_all
from smartpick_tui.core.fit import classify, fit_all
from smartpick_tui.core.own_figures import (
    BELOW_MINIMUM,
    OWN_LABEL,
    OwnFigure,
    Visa,
    moved_by_own,
    parse_visa,
    profile_visa_need,
)
from smartpick_tui.core.profile import Profile, SchoolType, VisaNeed
from smartpick_tui.core.programs import Program
from smartpick_tui.core.trackers import ProgramClass


@pytest.fixture(scope="module")
def im() -> list[Program]:
    """Real shipped IM programs of different selectivity (the model gives them different chances)."""
    programs = [p for p in load_catalog(None).programs if p.specialty == "internal-medicine"]
    return programs[:40]


def fit(profile: Profile, program: Program, figure: OwnFigure | None = None):  # type: ignore[no-untyped-def]
    own = {program.id: figure} if figure is not None else None
    return fit_all(profile, [program], own_figures=own)[0]


def typical(program: Program) -> int:
    return estimate_all([program])[0].typical_step2


def test_interview_rate_replaces_the_base_chance_and_step2_moves_it(im: list[Program]) -> None:
    program = im[0]
    at_typical = Profile(step2=typical(program), school=SchoolType.US_IMG)
    figure = OwnFigure(program.id, interview_rate=12.0)
    # at the program's typical score, the chance is the stated rate itself
    assert fit(at_typical, program, figure).p_interview == pytest.approx(0.12, abs=1e-9)
    model = fit(at_typical, program)
    assert model.p_interview != pytest.approx(0.12, abs=0.01)  # the figure did something
    # Step 2 CK moves it the model's usual way: the same logit shift as the model's own
    higher = at_typical.with_changes(step2=typical(program) + 10)
    mine = fit(higher, program, figure)
    model_shift = math.log(fit(higher, program).p_interview / (1 - fit(higher, program).p_interview)) - (
        math.log(model.p_interview / (1 - model.p_interview))
    )
    assert math.log(mine.p_interview / (1 - mine.p_interview)) - math.log(0.12 / 0.88) == pytest.approx(
        model_shift, abs=1e-9
    )
    assert (
        mine.p_interview
        > 0.12
        > fit(at_typical.with_changes(step2=typical(program) - 10), program, figure).p_interview
    )
    assert moved_by_own(mine) and mine.reason.startswith(OWN_LABEL)
    assert mine.factors[0].startswith(f"{OWN_LABEL}: interview rate 12%")
    assert any(line.startswith("model est. before your figures") for line in mine.factors)
    assert mine.klass is classify(mine.p_interview)


def test_a_stated_typical_score_is_the_reference_for_the_rate(im: list[Program]) -> None:
    program = im[1]
    profile = Profile(step2=240, school=SchoolType.US_MD)
    figure = OwnFigure(program.id, interview_rate=30.0, step2_typical=240)
    assert fit(profile, program, figure).p_interview == pytest.approx(0.30, abs=1e-9)
    assert fit(profile, program, figure).score_gap == 0


def test_typical_score_alone_moves_the_model_chance(im: list[Program]) -> None:
    program = im[2]
    profile = Profile(step2=245)
    model = fit(profile, program)
    easier = fit(profile, program, OwnFigure(program.id, step2_typical=typical(program) - 15))
    harder = fit(profile, program, OwnFigure(program.id, step2_typical=typical(program) + 15))
    assert harder.p_interview < model.p_interview < easier.p_interview
    assert easier.score_gap == 245 - (typical(program) - 15)


def test_a_rate_for_another_applicant_type_is_not_used(im: list[Program]) -> None:
    program = im[3]
    profile = Profile(step2=250, school=SchoolType.US_DO)
    result = fit(profile, program, OwnFigure(program.id, interview_rate=60.0, rate_for=SchoolType.US_MD))
    assert result.p_interview == fit(profile, program).p_interview
    assert not moved_by_own(result)
    assert any("is for US MD applicants" in line and "not used" in line for line in result.factors)


def test_invites_like_me_is_the_chance_itself(im: list[Program]) -> None:
    program = im[4]
    figure = OwnFigure(program.id, invites_like_me=47.0, interview_rate=5.0)
    for step2 in (225, 250, 270):
        result = fit(Profile(step2=step2), program, figure)
        assert result.p_interview == pytest.approx(0.47)
        assert result.klass is ProgramClass.SAFETY


def test_zero_rate_stays_zero(im: list[Program]) -> None:
    program = im[5]
    result = fit(
        Profile(step2=280, school=SchoolType.NON_US_IMG), program, OwnFigure(program.id, interview_rate=0)
    )
    assert result.p_interview == 0.0 and result.klass is ProgramClass.REACH


def test_below_the_stated_minimum_is_near_zero_and_says_why(im: list[Program]) -> None:
    program = im[6]
    figure = OwnFigure(program.id, invites_like_me=50.0, step2_min=245)
    below = fit(Profile(step2=240), program, figure)
    assert below.p_interview == BELOW_MINIMUM and below.klass is ProgramClass.REACH
    assert any("below its stated minimum 245" in line for line in below.factors)
    meets = fit(Profile(step2=245), program, figure)
    assert meets.p_interview == pytest.approx(0.5)
    assert any("meets its stated minimum 245" in line for line in meets.factors)
    # a minimum alone never raises the model's chance, and without a score it is only noted
    only_min = OwnFigure(program.id, step2_min=200)
    assert (
        fit(Profile(step2=250), program, only_min).p_interview == fit(Profile(step2=250), program).p_interview
    )
    unscored = fit(Profile(), program, OwnFigure(program.id, step2_min=245))
    assert any("enter your score to check it" in line for line in unscored.factors)


def test_does_not_take_your_school_type_is_zero(im: list[Program]) -> None:
    program = im[7]
    closed = OwnFigure(program.id, takes_img=False, takes_do=False)
    for school in (SchoolType.US_DO, SchoolType.US_IMG, SchoolType.NON_US_IMG):
        result = fit(Profile(step2=260, school=school), program, closed)
        assert result.p_interview == 0.0 and moved_by_own(result)
        assert f"does not take {school.label} applicants" in result.factors[0]
    md = Profile(step2=260)
    assert fit(md, program, closed).p_interview == fit(md, program).p_interview


def test_visa_policy_applies_only_when_the_profile_says_what_you_need(im: list[Program]) -> None:
    program = im[8]
    h1b_only = OwnFigure(program.id, visa=Visa.H1B)
    plain = Profile(step2=250, school=SchoolType.NON_US_IMG)  # the profile's default: no visa needed
    assert profile_visa_need(plain) is Visa.NONE
    result = fit(plain, program, h1b_only)
    assert result.p_interview == fit(plain, program).p_interview
    assert not any("sponsors" in line for line in result.factors)

    needs_j1 = Profile(step2=250, school=SchoolType.NON_US_IMG, visa=VisaNeed.J1)
    assert profile_visa_need(needs_j1) is Visa.J1
    refused = fit(needs_j1, program, h1b_only)
    assert refused.p_interview == 0.0 and "not the J-1 you need" in refused.factors[0]
    assert fit(needs_j1, program, OwnFigure(program.id, visa="both")).p_interview == pytest.approx(
        fit(needs_j1, program).p_interview
    )
    none_needed = Profile(step2=250, visa=VisaNeed.NONE)
    assert fit(none_needed, program, OwnFigure(program.id, visa="none")).p_interview == pytest.approx(
        fit(none_needed, program).p_interview
    )


def test_only_programs_with_figures_change(im: list[Program]) -> None:
    profile = Profile(step2=250)
    before = fit_all(profile, im)
    after = fit_all(profile, im, own_figures={im[10].id: OwnFigure(im[10].id, invites_like_me=90)})
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [10]
    assert after[10].klass is ProgramClass.SAFETY


def test_a_note_only_changes_nothing_but_is_kept() -> None:
    figure = OwnFigure("x", note="asked the coordinator")
    assert not figure.is_empty and figure.summary() == "a note only"
    assert OwnFigure("x").is_empty


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("interview_rate", "140", "interview_rate: 140 is not a percent"),
        ("interview_rate", "=1+1", "interview_rate: '=1+1' is not a percent"),
        ("step2_min", "400", "step2_min: 400 is outside"),
        ("visa", "L-1", "'L-1' is not a visa policy"),
        ("takes_do", "maybe", "takes_do: 'maybe' is not yes or no"),
    ],
)
def test_bad_figures_name_their_field(field: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("+", r"\+")):
        OwnFigure("x", **{field: value}).validated()  # type: ignore[arg-type]


def test_percents_are_percents_and_text_is_cleaned() -> None:
    figure = OwnFigure(
        "x", interview_rate="0.5", invites_like_me="12%", note="a\x1b]0;T\x07b\u202e"
    ).validated()  # type: ignore[arg-type]
    assert figure.interview_rate == 0.5 and figure.invites_like_me == 12.0
    assert "\x1b" not in figure.note and "\u202e" not in figure.note
    assert parse_visa("J1") is Visa.J1 and parse_visa("H-1B") is Visa.H1B and parse_visa("") is None
    assert OwnFigure.from_dict(figure.to_dict()) == figure


def test_smartpick_takes_certain_and_impossible_figures(im: list[Program]) -> None:
    """0% and 100% are legal figures: the list, its interview distribution and the signals
    (all on the logit scale somewhere) still build, and a 0% program is never a pick."""
    from smartpick_tui.core.smartpick import run_smartpick
    from smartpick_tui.core.smartpick.signals import load_signals

    figures = {
        im[0].id: OwnFigure(im[0].id, invites_like_me=100),
        im[1].id: OwnFigure(im[1].id, takes_img=False),
    }
    profile = Profile(step2=240, school=SchoolType.US_IMG, specialty="internal-medicine")
    result = run_smartpick(profile, im, n=20, own_figures=figures, signal_table=load_signals())
    chances = {pick.program.id: pick.p_interview for pick in result.picks}
    assert chances.get(im[0].id) == 1.0 and im[1].id not in chances
    assert 0 < result.match_estimate <= 1 and result.expected_interviews >= 1
