"""Each check catches a hand-written bad draft, and lets a good one through."""

from __future__ import annotations

import pytest
from drafts_helpers import make_profile

from smartpick_tui.core.draft_checks import (
    DRAFT_SPECS,
    CheckFacts,
    DraftKind,
    check_any,
    check_draft,
    facts_for,
    score_mentions,
    sentences,
    split_draft,
)
from smartpick_tui.core.rules import EMAIL_RULES, EmailKind

ASSET = CheckFacts(step2=258, mention_score=True, threshold=245)
NOT_ASSET = CheckFacts(step2=240, mention_score=False, threshold=245)

GOOD_AWAY = """Subject: Visiting rotation in Internal Medicine — Jane Doe

Dear Visiting Student Coordinator,

I am Jane Doe, a fourth-year student at Rocky Vista University. I scored 258 on Step 2 CK. \
Our school does not have an Internal Medicine residency, so I have sought exposure through away \
rotations. I am drawn to your program's academic training in Salt Lake City. If there is a \
possibility for a rotation in July, I would be grateful for your consideration.

Sincerely,
Jane Doe
Rocky Vista University
"""


def rules_of(findings):
    return [f.rule for f in findings]


def test_a_good_away_request_passes():
    assert check_draft(DraftKind.AWAY_REQUEST, GOOD_AWAY, ASSET) == []


def test_too_few_and_too_many_sentences():
    low, high = EMAIL_RULES[EmailKind.AWAY_REQUEST].sentences
    short = GOOD_AWAY.replace(GOOD_AWAY.split("\n\n")[2], "I am Jane Doe. I would like a rotation.")
    long = GOOD_AWAY.replace(
        "I would be grateful for your consideration.",
        "I would be grateful. I can start any week. I have my own housing.",
    )
    assert len(sentences(split_draft(short, True).paragraphs[0])) < low
    assert len(sentences(split_draft(long, True).paragraphs[0])) > high
    for text in (short, long):
        [finding] = [f for f in check_draft(DraftKind.AWAY_REQUEST, text, ASSET) if f.rule == "sentences"]
        assert finding.source == "§6.1"


def test_sentence_splitter_keeps_titles_and_initials_whole():
    text = "I worked with Dr. A. Lee at St. Luke's in the U.S. for a month. She is a D.O. physician."
    assert sentences(text) == [
        "I worked with Dr. A. Lee at St. Luke's in the U.S. for a month.",
        "She is a D.O. physician.",
    ]


def test_score_twice_is_caught():
    text = GOOD_AWAY.replace("Salt Lake City.", "Salt Lake City, where my 258 would stand out.")
    findings = check_draft(DraftKind.AWAY_REQUEST, text, ASSET)
    assert rules_of(findings) == ["score-once"]
    assert "FAQ 1" in findings[0].source


def test_score_when_not_an_asset_is_caught():
    text = GOOD_AWAY.replace("258", "240")
    assert rules_of(check_draft(DraftKind.AWAY_REQUEST, text, NOT_ASSET)) == ["score-not-asset"]
    without = text.replace(" I scored 240 on Step 2 CK.", "")
    assert "score-not-asset" not in rules_of(check_draft(DraftKind.AWAY_REQUEST, without, NOT_ASSET))


def test_a_typed_score_that_differs_from_the_profile_still_counts():
    assert len(score_mentions("My Step 2 CK score was 261.", 258)) == 1
    assert score_mentions("We met in 2026 on ward 5.", 258) == []


@pytest.mark.parametrize("kind", [DraftKind.THANK_YOU, DraftKind.PRE_RANK])
@pytest.mark.parametrize("restated", ["I scored 258 on Step 2 CK", "my Step 2 CK performance"])
def test_no_score_after_the_interview(kind, restated):
    text = (
        "Subject: Thank you\n\nDear Program Director,\n\nThank you for the interview. "
        f"I hope {restated} shows my readiness.\n\nSincerely,\nJane Doe\n"
    )
    findings = check_draft(kind, text, ASSET)
    assert rules_of(findings) == ["no-score-after-interview"]
    assert findings[0].source == "§6.3"
    clean = text.replace(f"I hope {restated} shows my readiness.", "I enjoyed meeting the residents.")
    assert check_draft(kind, clean, ASSET) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "My home program was unsupportive.",
        "The department refused to write letters.",
        "Internal politics kept me out.",
        "My school did not support me.",
        "The faculty were dismissive and discouraged everyone.",
    ],
)
def test_complaints_are_caught(phrase):
    findings = check_any(f"I am applying in Internal Medicine. {phrase}", ASSET)
    assert "complaint" in rules_of(findings)
    assert all("FAQ 2" in f.source for f in findings if f.rule == "complaint")


def test_calling_out_a_person_is_caught():
    text = "Dr. Smith told me I was not competitive, so I looked elsewhere."
    assert "calls-out-person" in rules_of(check_any(text, ASSET))
    assert check_any("Dr. Smith taught me to present clearly.", ASSET) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "Any program would be lucky to have me.",
        "My score speaks for itself.",
        "Honestly, I'm smart.",
    ],
)
def test_arrogance_is_caught(phrase):
    findings = check_any(phrase, ASSET)
    assert rules_of(findings) == ["arrogance"]
    assert "§9" in findings[0].source


def test_radar_note_limits_paragraphs_and_does_not_ask_for_an_interview():
    body = "\n\n".join(["I am Jane Doe, applying in Internal Medicine."] * 3)
    text = f"Subject: Hello\n\nDear Program Coordinator,\n\n{body}\n\nBest regards,\nJane Doe\n"
    assert rules_of(check_draft(DraftKind.RADAR, text, ASSET)) == ["paragraphs"]
    ask = text.replace(body, "I am Jane Doe. I hope you will grant me an interview.")
    assert rules_of(check_draft(DraftKind.RADAR, ask, ASSET)) == ["asks-for-interview"]


def test_missing_subject_and_leftover_placeholder():
    text = GOOD_AWAY.split("\n", 2)[2].replace("Rocky Vista University.", "[School].", 1)
    assert rules_of(check_draft(DraftKind.AWAY_REQUEST, text, ASSET)) == ["subject", "placeholder"]


def test_snippets_are_one_paragraph_with_the_score_at_most_once():
    two = "My Step 2 CK of 258 reflects my preparation.\n\nI scored 258."
    assert set(rules_of(check_draft(DraftKind.PS_STEP2, two, ASSET))) == {
        "paragraphs",
        "score-once",
    }


def test_every_finding_names_an_article_section():
    assert all(spec.source for spec in DRAFT_SPECS.values())
    bad = (
        "Subject: x\n\nDear Program Director,\n\nMy 258 speaks for itself and my unsupportive "
        "school refused me; I scored 258.\n\nBest,\nJo\n"
    )
    for kind in DraftKind:
        for finding in check_draft(kind, bad, NOT_ASSET):
            assert finding.source.startswith(("§", "FAQ")), finding


def test_facts_follow_the_engine():
    assert facts_for(make_profile(step2=258)).mention_score is True
    assert facts_for(make_profile(step2=238)).mention_score is False
    assert facts_for(make_profile(step2=None)) == CheckFacts(None, False, None)


def test_an_abbreviation_glued_to_a_word_does_not_end_the_sentence():
    assert len(sentences("I rotated at Internal Med/St. Bernardine - UC Riverside SOM. Then I left.")) == 2
