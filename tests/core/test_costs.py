"""Costs: ERAS fee bands and VSLO fees from data/fees.json, in advise and pick (text and JSON)."""

from __future__ import annotations

import json

import pytest

from smartpick_tui.cli import main
from smartpick_tui.core.costs import fees


@pytest.mark.parametrize("programs, usd", [(0, 0), (1, 11), (30, 330), (31, 360), (40, 630), (80, 1830)])
def test_eras_fee_bands(programs: int, usd: int) -> None:
    assert fees().eras(programs) == usd  # 2026: $11 each for 1-30, $30 each from 31


def test_advise_and_pick_carry_the_fees_with_their_year(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SMARTPICK_DB", raising=False)
    db = str(tmp_path / "s.json")
    flags = ["--db", db, "--specialty", "EM", "--step2", "250"]
    assert main(["advise", *flags, "--json"]) == 0
    advice = json.loads(capsys.readouterr().out)
    costs = advice["costs"]["programs_to_apply"]
    assert costs["programs"] == advice["programs_to_apply"]
    em = "emergency-medicine"  # ResidencyCAS since 2025-26: its fees, not ERAS's
    assert costs["service"] == "ResidencyCAS" and costs["fee_year"] == 2026
    assert costs["application_fees_usd"] == fees().application(em, advice["programs_to_apply"])
    assert advice["costs"]["aways"]["each_usd"] == 15
    assert main(["advise", *flags]) == 0
    assert f"ResidencyCAS fees for {advice['programs_to_apply']} programs: $" in capsys.readouterr().out
    assert main(["pick", *flags, "--json"]) == 0
    pick = json.loads(capsys.readouterr().out)
    assert pick["costs"]["application_fees_usd"] == fees().application(em, pick["n"])
    assert all(w["application_fees_usd"] == fees().application(em, w["n"]) for w in pick["what_if"])
    assert main(["pick", *flags]) == 0
    text = capsys.readouterr().out
    bigger = max(pick["what_if"], key=lambda w: w["n"])
    extra = (fees().application(em, bigger["n"]) or 0) - (fees().application(em, pick["n"]) or 0)
    assert f"+{bigger['n'] - pick['n']} programs:" in text and f"for ${extra:,}" in text
