"""A synthetic, clearly fake sponsor for the SmartPick tests: institution code 9001, a reviewed
principal teaching hospital of the most NIH-funded school, so hand-made programs can be
'top' without borrowing a real hospital's identity."""

from __future__ import annotations

import pytest

from smartpick_tui.core import sponsors
from smartpick_tui.core.sponsors import Relation, SponsorFacts

TOP_CODE = "9001"
TOP_SPONSOR = SponsorFacts(
    code=TOP_CODE,
    institution="Test Research Hospital",
    relation=Relation.PRINCIPAL,
    school="Test School of Medicine",
    nih_rank=1,
    nih_funding=10**9,
    nih_ranked=139,
    faculty=3000,
    programs=23,
    specialties=23,
    basis="synthetic test sponsor",
    reviewed=True,
)


@pytest.fixture(autouse=True)
def _test_sponsor(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {**sponsors.sponsor_table(), TOP_CODE: TOP_SPONSOR}
    monkeypatch.setattr(sponsors, "sponsor_table", lambda: table)
