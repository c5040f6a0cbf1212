"""Drafts know today's date and the student's records (issue 24 item 4). On 2026-12-07 the away
request asked for "a rotation in July 2026" (that away logged as accepted for July) and said
"so I have arranged an away rotation" inside the request for it; the radar note opened "As
applications open" in December; the pre-rank letter to a program where the student rotated
never mentioned the away. Real templates, real renderer, real checks."""

from __future__ import annotations

from datetime import date

import pytest
from drafts_helpers import HENNEPIN, UTAH, make_profile

from smartpick_tui.core.draft_checks import DraftKind, check_any, check_draft, facts_for
from smartpick_tui.core.trackers import Away, VsloStatus
from smartpick_tui.drafts.render import Draft, DraftRequest, Renderer

DECEMBER = date(2026, 12, 7)
JUNE = date(2026, 6, 10)
JULY_AWAY = Away(
    HENNEPIN.name, status=VsloStatus.ACCEPTED, start="2026-07-06", end="2026-08-02", program_id=HENNEPIN.id
).validated()
VARIANTS = (1, 2, 3)


def render(kind: DraftKind, program, today: date, variant: int, aways=(JULY_AWAY,)) -> Draft:  # type: ignore[no-untyped-def]
    draft = Renderer().render(DraftRequest(kind, make_profile(), program, aways, (), variant, today))
    assert isinstance(draft, Draft), draft
    return draft


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_away_request_asks_for_no_month_gone_by_and_claims_no_away_it_asks_for(variant: int) -> None:
    draft = render(DraftKind.AWAY_REQUEST, HENNEPIN, DECEMBER, variant)
    assert "July 2026" not in draft.text
    assert "arranged" not in draft.text and "starting with" not in draft.text
    assert not [f for f in draft.findings if f.rule == "past-month"]
    # in June the July rotation is still to come: the request names it
    assert "July 2026" in render(DraftKind.AWAY_REQUEST, HENNEPIN, JUNE, variant).text


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_radar_note_says_applications_open_only_while_they_do(variant: int) -> None:
    december = render(DraftKind.RADAR, UTAH, DECEMBER, variant).text.lower()
    assert "as applications open" not in december
    if variant != 2:  # the second variant never said it
        assert "as applications open" in render(DraftKind.RADAR, UTAH, JUNE, variant).text.lower()


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pre_rank_letter_mentions_an_away_done_there(variant: int) -> None:
    """Accepted for July, still "accepted" in the tracker in December: the student rotated."""
    assert "away rotation" in render(DraftKind.PRE_RANK, HENNEPIN, DECEMBER, variant).text
    assert "away rotation" not in render(DraftKind.PRE_RANK, HENNEPIN, JUNE, variant).text


def test_the_checks_flag_a_month_in_the_past() -> None:
    text = "Subject: Elective\n\nIf there is a possibility for a rotation in July 2026, I would be grateful."
    facts = facts_for(make_profile(), DECEMBER)
    found = [f for f in check_draft(DraftKind.AWAY_REQUEST, text, facts) if f.rule == "past-month"]
    assert len(found) == 1 and "July 2026" in found[0].message and "2026-12-07" in found[0].message
    assert [f.rule for f in check_any(text, facts)].count("past-month") == 1
    assert not [
        f
        for f in check_draft(DraftKind.AWAY_REQUEST, text, facts_for(make_profile(), JUNE))
        if f.rule == "past-month"
    ]
    assert not [f for f in check_any("a rotation in January 2027", facts) if f.rule == "past-month"]
