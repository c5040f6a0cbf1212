"""The article's rules for the list, on the shipped catalog and on hand-made programs."""

from __future__ import annotations

from dataclasses import replace
from statistics import mean

import pytest
from sp_helpers import catalog, program

from smartpick_tui.core.diagnosis import diagnose
from smartpick_tui.core.estimates import estimate
from smartpick_tui.core.profile import Profile, ProfileError, SchoolType
from smartpick_tui.core.programs import Setting, Tier, shipped_catalog
from smartpick_tui.core.smartpick import run_smartpick
from smartpick_tui.core.smartpick.builder import Group, negligible_below
from smartpick_tui.core.trackers import Away, ProgramClass, ProgramMark, VsloStatus


def tiers(result) -> list[Tier]:  # type: ignore[no-untyped-def]
    return [estimate(pick.program).tier for pick in result.picks]


@pytest.mark.parametrize("step2", [250, 255, 262, 275])
@pytest.mark.parametrize("specialty", ["internal-medicine", "emergency-medicine", "anesthesiology"])
def test_a_high_score_list_is_not_top_heavy(step2: int, specialty: str) -> None:
    """§3: at >= 250, aspirational programs AND a stable floor, never top-heavy only."""
    result = run_smartpick(Profile(step2=step2, specialty=specialty), shipped_catalog())
    listed = tiers(result)
    top_share = listed.count(Tier.TOP) / len(listed)
    floor_share = sum(t in (Tier.LOW_MID, Tier.COMMUNITY) for t in listed) / len(listed)
    assert top_share <= 0.2
    assert floor_share >= 0.4
    assert any(t in (Tier.TOP, Tier.MID_HIGH) for t in listed), "aspiration is kept too"


def test_below_250_the_list_is_anchored_on_community_and_low_mid() -> None:
    result = run_smartpick(Profile(step2=235), shipped_catalog())
    listed = tiers(result)
    assert Tier.TOP not in listed
    assert sum(t in (Tier.LOW_MID, Tier.COMMUNITY) for t in listed) / len(listed) >= 0.7


@pytest.mark.parametrize("school", [SchoolType.US_DO, SchoolType.US_IMG, SchoolType.NON_US_IMG])
def test_do_and_img_lists_weight_open_programs(school: SchoolType) -> None:
    md = run_smartpick(Profile(step2=248, specialty="internal-medicine"), shipped_catalog(), n=40)
    other = run_smartpick(
        Profile(step2=248, specialty="internal-medicine", school=school), shipped_catalog(), n=40
    )
    field = "do_friendly" if school is SchoolType.US_DO else "img_friendly"
    openness = lambda r: mean(getattr(estimate(p.program), field) for p in r.picks)  # noqa: E731
    # DO seniors match almost like MD seniors (NRMP 2025: 92.6% vs 93.5%): their list may be
    # the same; an IMG's must lean to programs more open to IMGs
    assert openness(other) >= openness(md) if school is SchoolType.US_DO else openness(other) > openness(md)
    default = run_smartpick(
        Profile(step2=248, specialty="internal-medicine", school=school), shipped_catalog()
    )
    assert len(default.picks) > len(md.picks)  # §2 volume strategy (the app's suggestion)


def test_pinned_programs_are_always_on_the_list_and_excluded_never() -> None:
    programs = catalog(120)
    profile = Profile(step2=250)
    first = run_smartpick(profile, programs)
    on_list = first.picks[0].program.id
    off_list = next(p.id for p in programs if p.id not in {x.program.id for x in first.picks})
    marks = {
        on_list: ProgramMark(on_list, exclude=True),
        off_list: ProgramMark(off_list, pinned=True),
    }
    result = run_smartpick(profile, programs, marks=marks)
    ids = [p.program.id for p in result.picks]
    assert off_list in ids and on_list not in ids
    assert next(p for p in result.picks if p.program.id == off_list).pinned
    assert len(ids) == len(first.picks)
    assert on_list not in {a.program.id for a in result.aways}


def test_more_pins_than_the_list_size_grow_the_list() -> None:
    programs = catalog(60)
    marks = {p.id: ProgramMark(p.id, pinned=True) for p in programs[:12]}
    result = run_smartpick(Profile(step2=250), programs, marks=marks, n=5)
    assert len(result.picks) == 12 and result.n == 12


def test_a_class_override_is_shown_as_the_class() -> None:
    programs = catalog(60)
    first = run_smartpick(Profile(step2=250), programs)
    pick = first.picks[-1]
    marks = {pick.program.id: ProgramMark(pick.program.id, pinned=True, class_override=ProgramClass.REACH)}
    result = run_smartpick(Profile(step2=250), programs, marks=marks)
    assert next(p for p in result.picks if p.program.id == pick.program.id).klass is ProgramClass.REACH


def test_one_pick_per_institution() -> None:
    twins = [replace(program(i, setting=Setting.COMMUNITY), institution="Same Hospital") for i in range(3)]
    others = catalog(30)[3:]
    result = run_smartpick(Profile(step2=260), [*twins, *others], n=len(others) + 1)
    assert sum(p.program.institution == "Same Hospital" for p in result.picks) == 1


@pytest.mark.parametrize(
    ("specialty", "school"),
    [
        ("internal-medicine", SchoolType.US_MD),  # core (§8), moderate (§3): 40
        ("internal-medicine", SchoolType.US_DO),  # volume strategy: scaled
        ("anesthesiology", SchoolType.US_MD),  # mid-competitive, competitive: 60
        ("emergency-medicine", SchoolType.US_MD),  # EM / surgery group, competitive: 60
        ("dermatology", SchoolType.US_MD),  # super-competitive, very competitive: 80
        ("transitional-year", SchoolType.US_MD),  # prelim/TY: 25
    ],
)
def test_list_size_per_specialty_group_matches_the_engine(specialty: str, school: SchoolType) -> None:
    profile = Profile(step2=250, specialty=specialty, school=school)
    expected = diagnose(profile).list_size  # the volume strategy for DO/IMG, capped
    result = run_smartpick(profile, catalog(300, specialty))
    assert result.n == expected == len(result.picks)
    assert result.diagnosis.list_size == expected


def test_an_out_of_reach_field_gets_no_padding_and_says_what_would_change_it() -> None:
    """A non-US IMG in dermatology: few programs reach even the floor for a pool of such low
    chances (`negligible_below`: 1% at least), so the list does not pad itself with the rest;
    the notes say so and what would change it."""
    profile = Profile(
        step2=250, specialty="dermatology", school=SchoolType.NON_US_IMG, backup_specialty="internal-medicine"
    )
    result = run_smartpick(profile, [*catalog(300, "dermatology"), *catalog(200)])
    floor = negligible_below([c.p for c in result.considered])
    assert 0.01 <= floor <= 0.03 and all(pick.p_interview >= floor for pick in result.picks)
    assert len(result.picks) < diagnose(profile).list_size
    text = " ".join(result.notes)
    assert "out of reach" in text and "Away rotations" in text
    assert "Your backup, Internal Medicine" in text


def test_the_user_can_change_the_list_size_and_see_the_what_if() -> None:
    result = run_smartpick(Profile(step2=245), catalog(200), n=30)
    assert len(result.picks) == 30
    assert [w.n for w in result.what_if] == [20, 40]
    smaller, larger = result.what_if
    assert smaller.match_estimate <= result.match_estimate <= larger.match_estimate


def test_too_few_programs_is_said_plainly() -> None:
    result = run_smartpick(Profile(step2=250), catalog(10), n=40)
    assert len(result.picks) == 10
    assert any(note.startswith("Only 10 ") for note in result.notes)


def test_no_score_no_list() -> None:
    with pytest.raises(ProfileError):
        run_smartpick(Profile(), catalog(10))


def test_a_completed_away_raises_the_chance_there() -> None:
    programs = catalog(60)
    target = programs[1]
    base = run_smartpick(Profile(step2=245), programs, n=60)
    away = Away(program_name=target.name, program_id=target.id, status=VsloStatus.COMPLETED).validated()
    after = run_smartpick(Profile(step2=245), programs, aways=[away], n=60)
    p = lambda r: next(x.p_interview for x in r.picks if x.program.id == target.id)  # noqa: E731
    assert p(after) > p(base)
    assert target.id not in {a.program.id for a in after.aways}, "already rotated there"


def test_every_pick_has_a_reason_and_groups_follow_tiers() -> None:
    result = run_smartpick(Profile(step2=258, ties=("OH",), preferred=("West",)), catalog(200))
    assert all(pick.reason for pick in result.picks)
    assert any("preferred" in pick.reason for pick in result.picks)
    assert {pick.group for pick in result.picks} == set(Group)
    classes = [pick.klass for pick in result.picks]
    assert classes == sorted(classes, key=list(ProgramClass).index)  # grouped reach/target/safety
