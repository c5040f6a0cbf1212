"""Drafts claim only the aways the tracker says happened (§4, §9): every shipped template, every
situation, each away status. A completed away may be claimed ("rotated at", "served me well
during my rotations", "I have sought … through away rotations"); an accepted one is booked,
planned / applied / offered ones are being arranged, none is not mentioned."""

from __future__ import annotations

import re

import pytest
from drafts_helpers import UTAH, make_profile

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.core.profile import Step1Result
from smartpick_tui.core.rules import Situation
from smartpick_tui.core.trackers import Away, VsloStatus
from smartpick_tui.drafts.catalog import load_templates
from smartpick_tui.drafts.render import Draft, DraftRequest, Renderer

OTHER = "Hennepin Healthcare Internal Medicine"  # an away elsewhere than the program written to
# Wording that says an away happened: the report's phrases and their siblings in the templates.
CLAIMS = re.compile(
    "|".join(
        (
            r"\brotated at\b",
            r"served me well during",
            r"\bI have sought\b",
            r"\bI sought\b",
            r"through (an )?away rotations?",
            r"Those experiences",
            r"That experience",
            r"Training in unfamiliar hospitals",
            r"carried through my",
            r"\bcompleted (an )?away",
            r"\bI built my own path",
            r"have built my training",
            r"rotations I arranged",
        )
    )
)
BOOKED = re.compile(r"have arranged|secured|starting with|will bring|still to come")
ARRANGING = re.compile(r"am arranging|I am arranging|arranging away rotations")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(load_templates(include_user=False))


def all_drafts(renderer: Renderer, aways: list[Away]) -> list[tuple[str, str]]:
    """(where, text) of every kind × variant × situation, written to UTAH with `aways` logged."""
    drafts = []
    for situation in Situation:
        profile = make_profile(situation=situation, step1=Step1Result.FAIL_THEN_PASS)
        for kind in DraftKind:
            for ref in renderer.templates.variants(kind):
                draft = renderer.render(DraftRequest(kind, profile, UTAH, aways, (), ref.number))
                assert isinstance(draft, Draft), f"{ref.name}: {draft}"
                drafts.append((f"{ref.name} {situation.value}", draft.text))
    return drafts


def away(status: VsloStatus) -> Away:
    return Away(OTHER, status=status, start="2026-10-05").validated()


@pytest.mark.parametrize(
    "status",
    [
        None,
        VsloStatus.PLANNED,
        VsloStatus.APPLIED,
        VsloStatus.OFFERED,
        VsloStatus.DECLINED,
        VsloStatus.ACCEPTED,
    ],
    ids=["none", "planned", "applied", "offered", "declined", "accepted"],
)
def test_no_draft_claims_an_away_that_has_not_happened(renderer, status):
    drafts = all_drafts(renderer, [] if status is None else [away(status)])
    claims = [(where, match.group(0)) for where, text in drafts if (match := CLAIMS.search(text))]
    assert claims == []
    named = [where for where, text in drafts if OTHER in text]
    if status is VsloStatus.ACCEPTED:  # named, as booked
        assert named and all(BOOKED.search(text) for where, text in drafts if OTHER in text)
    else:  # a planned, applied, offered or declined away is never named
        assert named == []
    arranging = [where for where, text in drafts if ARRANGING.search(text)]
    if status in (VsloStatus.PLANNED, VsloStatus.APPLIED, VsloStatus.OFFERED):
        assert arranging  # the intention is said ...
    else:
        assert arranging == []  # ... and not invented without one


def test_a_completed_away_is_claimed_by_name(renderer):
    drafts = all_drafts(renderer, [away(VsloStatus.COMPLETED)])
    texts = dict(drafts)
    for name in ("ps-step2/2.txt.j2", "ps-initiative/2.txt.j2", "no-home-line/1.txt.j2"):
        text = texts[f"{name} no-home-program"]
        assert OTHER in text and CLAIMS.search(text), text
    assert "served me well during my away rotation at " + OTHER in texts["ps-step2/2.txt.j2 indifferent"]
    assert "completed an away rotation at " + OTHER in texts["ps-initiative/2.txt.j2 discouraging"]
    assert not any(BOOKED.search(text) for _, text in drafts)


def test_completed_and_booked_together_say_each_in_its_tense(renderer):
    both = [
        away(VsloStatus.COMPLETED),
        Away("Mayo Clinic Internal Medicine", status=VsloStatus.ACCEPTED).validated(),
    ]
    texts = dict(all_drafts(renderer, both))
    line = texts["no-home-line/1.txt.j2 no-home-program"]
    assert line == (
        "Our school does not have an Internal Medicine residency, so I have sought clinical "
        f"exposure and mentorship through an away rotation at {OTHER}, with an away rotation "
        "at Mayo Clinic Internal Medicine still to come.\n"
    )


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Urology", "a Urology"),
        ("osteopathic", "an osteopathic"),
        ("fourth-year", "a fourth-year"),
        ("Emergency Medicine", "an Emergency Medicine"),
        ("US senior", "a US senior"),
        ("Internal Medicine", "an Internal Medicine"),
        ("", "a "),
    ],
)
def test_the_indefinite_article_follows_the_sound(word: str, expected: str) -> None:
    from smartpick_tui.drafts.environment import indefinite

    assert indefinite(word) == expected
