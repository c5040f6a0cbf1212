"""Interviews and the rank order list, pure: validation, the FAQ 5 check, ordering, the §10
step 8 safety net and the CSV export (read back with the csv module)."""

from __future__ import annotations

import csv
import io

import pytest

from smartpick_tui.core.interviews import (
    Criteria,
    Interview,
    InterviewStatus,
    by_score,
    interview_check,
    moved,
    ranked,
    weighted_score,
)
from smartpick_tui.core.profile import Profile
from smartpick_tui.core.rank import NRMP_RULE, rank_csv, safety_net
from smartpick_tui.core.smartpick import distribution, match_curve
from smartpick_tui.core.smartpick.match_curve import ORTHO_MATCHED_RANKS, ORTHO_UNMATCHED_RANKS
from smartpick_tui.core.specialties import specialty_by_id
from smartpick_tui.core.trackers import ProgramClass

ORTHO = Profile(step2=255, specialty="orthopaedic-surgery")
IM = Profile(step2=250, specialty="internal-medicine")


def done(name: str, **fields: object) -> Interview:
    return Interview(
        name, id=name.lower().replace(" ", "-"), status=InterviewStatus.COMPLETED, **fields
    ).validated()  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["0", "6", "x", "4.5", True])
def test_a_rating_outside_1_to_5_names_its_field(bad: object) -> None:
    with pytest.raises(ValueError, match="rating_2: rate 1-5"):
        Interview("Yale", rating_2=bad).validated()  # type: ignore[arg-type]


def test_dates_are_checked_and_text_is_cleaned() -> None:
    with pytest.raises(ValueError, match="scheduled_for: the interview is before the invitation"):
        Interview("Yale", invited_on="2026-10-02", scheduled_for="2026-10-01").validated()
    with pytest.raises(ValueError, match="program_name"):
        Interview("  \x1b ").validated()
    made = Interview("Ya\x1b]0;T\x07le", impressions="ok\u202e", rating_1=" 4 ").validated()
    assert made.program_name == "Ya]0;Tle" and made.rating_1 == 4 and "\u202e" not in made.impressions


def test_weighted_score_leaves_out_unrated_and_zero_weight_criteria() -> None:
    criteria = Criteria(weight_1=3, weight_2=1, weight_3=0).validated()
    assert weighted_score(done("A", rating_1=5, rating_2=1, rating_3=1), criteria) == pytest.approx(4.0)
    assert weighted_score(done("B", rating_3=5), criteria) is None  # only a weight-0 rating
    with pytest.raises(ValueError, match="weight_4"):
        Criteria(weight_4=9).validated()


def test_counter_counts_invited_scheduled_completed_only() -> None:
    interviews = [done(f"P{i}") for i in range(9)] + [
        Interview("Q", status=InterviewStatus.DECLINED).validated(),
        Interview("R", status=InterviewStatus.CANCELLED).validated(),
        Interview("S", status=InterviewStatus.WAITLISTED).validated(),
    ]
    check = interview_check(IM, interviews)
    assert check.counter.text == "9 of 12-15 interviews (9 completed, 1 waitlisted)"
    [below, *thanks] = check.findings
    assert "below the safe zone: widen the list" in below.text and "consider a backup specialty" in below.text
    assert len(thanks) == 9 and all("thank-you not sent yet" in f.text for f in thanks)
    backed = interview_check(
        Profile(step2=250, specialty="orthopaedic-surgery", backup_specialty="general-surgery"), []
    )
    assert "keep your backup specialty (General Surgery) warm" in backed.findings[0].text
    assert "app's estimate, not the article's" in backed.target_note


def test_ranked_keeps_the_stored_order_and_appends_new_completed_ones() -> None:
    a, b, c = done("Alpha"), done("Beta"), done("Gamma")
    pending = Interview("Delta", id="delta", status=InterviewStatus.SCHEDULED).validated()
    assert [i.id for i in ranked([a, b, c, pending], ["gamma", "gone", "alpha"])] == [
        "gamma",
        "alpha",
        "beta",
    ]
    assert moved(["a", "b", "c"], "c", -1) == ["a", "c", "b"]
    assert moved(["a", "b", "c"], "a", -5) == ["a", "b", "c"]  # clamped at the top
    assert moved(["a", "b", "c"], "a", 9) == ["b", "c", "a"]


def test_by_score_puts_unrated_last_in_their_order() -> None:
    criteria = Criteria()
    interviews = [
        done("Unrated one"),
        done("Low", rating_1=2),
        done("Unrated two"),
        done("High", rating_1=5),
    ]
    assert by_score(interviews, criteria) == ["high", "low", "unrated-one", "unrated-two"]


def test_orthopaedics_compares_with_the_nrmp_matched_and_unmatched_means() -> None:
    six = [done(f"P{i}") for i in range(6)]
    net = safety_net(ORTHO, six, {i.id: ProgramClass.REACH for i in six})
    text = "\n".join(net.lines + net.warnings)
    assert (
        f"matched applicants ranked {ORTHO_MATCHED_RANKS}" in text
        and f"unmatched {ORTHO_UNMATCHED_RANKS}" in text
    )
    assert "at or below the unmatched mean (6.5, NRMP)" in text
    assert "No safety-class program is ranked" in text
    assert "never one you would not attend" in NRMP_RULE and "true order of preference" in NRMP_RULE
    assert "How the chance is estimated: very competitive" in text

    thirteen = [done(f"P{i}") for i in range(13)]
    classes = {i.id: ProgramClass.TARGET for i in thirteen} | {"p12": ProgramClass.SAFETY}
    safe = safety_net(ORTHO, thirteen, classes)
    assert safe.warnings == ()
    assert any("1 safety-class program ranked" in line for line in safe.lines)
    assert safe.p_match > net.p_match  # more contiguous ranks, a higher estimate


def test_other_specialties_say_the_comparison_is_the_apps_estimate() -> None:
    net = safety_net(IM, [done("A")], None, pending=2)
    text = "\n".join(net.lines + net.warnings)
    assert "the curve SmartPick uses gives an even chance at 0.9 ranks" in text
    assert "1 rank is below the app's 90% point (7.2, an estimate)" in text
    assert "Safety class: not known yet" in text and "2 interviews still to come" in text


def test_the_safety_net_and_smartpick_read_one_curve() -> None:
    """Four contiguous IM ranks: the rank screen's chance is SmartPick's for four certain
    interviews (it read 33% there while SmartPick said 93%), and NRMP's figure (83%)."""
    four = [done(f"P{i}") for i in range(4)]
    net = safety_net(IM, four, None)
    curve = match_curve.curve_for(specialty_by_id("internal-medicine"))
    smartpick = match_curve.match_estimate(distribution.poisson_binomial([1.0] * 4), curve)
    assert net.p_match == pytest.approx(smartpick)
    assert net.p_match == pytest.approx(0.83, abs=0.02)


def test_rank_csv_reads_back_with_formula_cells_neutralised() -> None:
    criteria = Criteria(name_1="=cmd|' /C calc'!A0", weight_1=2).validated()
    rows = [
        done('=HYPERLINK("http://evil")', rating_1=4, impressions="+1 great\r\nteam"),
        done("Yale", rating_2=3, program_id="1234140C0"),
    ]
    text = rank_csv(rows, criteria, {"yale": ProgramClass.SAFETY})
    table = list(csv.reader(io.StringIO(text)))
    header, first, second = table
    assert header[0] == "rank"
    assert header[7] == "rating: =cmd|' /C calc'!A0 (weight 2)"  # starts with "r": not a formula
    assert first[:2] == ["1", '\'=HYPERLINK("http://evil")'] and first[-1] == "'+1 great\nteam"
    assert first[6] == "4.00" and first[5] == ""
    assert second[:3] == ["2", "Yale", "1234140C0"] and second[5] == "safety" and second[-2] == "no"
