"""The live diagnosis beside the profile form: the article's advice for this profile.

Everything comes from `core.diagnosis.diagnose`; this module only lays it out. Text from the
profile (red flags end up in the notes) is appended as literal Content, never as markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from smartpick_tui.core import rules
from smartpick_tui.core.diagnosis import Diagnosis, LeverageBar, diagnose
from smartpick_tui.core.profile import Profile, ProfileError
from smartpick_tui.core.specialties import specialty_by_id

BAR_CELLS_PER_POINT = 2  # leverage 1-10 -> up to 20 cells; the chart fits in 36 columns
HEAD = "bold $accent"


def leverage_chart(bars: tuple[LeverageBar, ...] | None) -> list[Content]:
    """§1's bar chart: every band, the user's highlighted (all plain when no score yet)."""
    if bars is None:
        bars = tuple(LeverageBar(band.label, band.leverage, False) for band in rules.LEVERAGE_BANDS)
    lines = []
    for bar in bars:
        filled = "█" * (bar.value * BAR_CELLS_PER_POINT)
        style = "bold $accent" if bar.is_user else "$primary"
        lines.append(
            Content.assemble(
                (f"{bar.label:<8}", "bold" if bar.is_user else ""),
                (filled, style),
                (f" {bar.value}", "bold" if bar.is_user else ""),
                (" ◀ you" if bar.is_user else "", HEAD),
            )
        )
    return lines


def _heading(text: str) -> Content:
    return Content.styled(text, HEAD)


def _item(label: str, value: str) -> Content:
    return Content.assemble((f"{label}: ", "bold"), value)


def render_diagnosis(profile: Profile) -> Content:
    """The whole diagnosis block; without a Step 2 CK score, the prompt and the chart."""
    try:
        diagnosis: Diagnosis | None = diagnose(profile)
    except ProfileError:
        diagnosis = None
    specialty = specialty_by_id(profile.specialty)
    lines: list[Content] = []
    if diagnosis is None:
        lines += [
            Content.styled("Enter your Step 2 CK score to see the diagnosis.", "bold $warning"),
            Content(""),
            _heading("Leverage without home support (§1)"),
        ]
        lines += leverage_chart(None)
        return Content("\n").join(lines)

    situation = diagnosis.situation
    lines.append(
        Content.assemble(
            (specialty.name, "bold"),
            f" · Step 2 CK {diagnosis.profile.step2}"
            + (" (COMLEX equivalent, est.)" if profile.step2_from_comlex else "")
            + f" · leverage {diagnosis.leverage}/10",
        )
    )
    lines.append(_item("Match", specialty.match_line))
    lines += [
        Content(""),
        _heading("Situation (§2)"),
        Content(situation.title),
        _item("Step 2 helps", situation.step2_helps),
        _item("Workaround", situation.workaround),
    ]
    lines += [Content(""), _heading("Leverage without home support (§1)")]
    lines += leverage_chart(diagnosis.leverage_bars)
    lines += [Content(""), _heading("Tier to target (§3)"), Content(diagnosis.tier_guidance)]
    away_range = f"{diagnosis.aways}" + (
        f", sometimes {diagnosis.aways_stretch}" if diagnosis.aways_stretch else ""
    )
    score = (
        "yes, once" if diagnosis.mention_score_in_emails else "no"
    ) + f" (from {diagnosis.score_threshold_for_emails})"
    lines += [
        Content(""),
        _heading("Targets"),
        _item(
            "Programs to apply",
            f"{diagnosis.programs_to_apply} (§3, a starting point)"
            + (
                ""
                if diagnosis.programs_to_apply_adjusted is None
                else f"; the app suggests {diagnosis.programs_to_apply_adjusted.value} for the "
                "DO/IMG volume strategy (its own scaling, see notes)"
            ),
        ),
        _item("Aways", f"{away_range} (§4)"),
        _item(
            "Interviews",
            f"{diagnosis.interviews} "
            + (
                "(the app's estimate: FAQ 5 gives no number here)"
                if diagnosis.interviews_extrapolated
                else "(FAQ 5)"
            ),
        ),
        _item("Emails", f"{diagnosis.emails_total} targeted, {diagnosis.emails_radar} radar (§6)"),
        _item("Score in emails", f"{score} (FAQ 1)"),
    ]
    lines += [
        Content(""),
        _heading("Specialty (§8)"),
        _item("Step 2 power", diagnosis.step2_power),
        _item("Home support matters", diagnosis.home_support_importance),
    ]
    lines += [
        Content(""),
        _heading("Mistakes to avoid (§9)"),
        Content(" · ".join(rules.MISTAKES[m][0] for m in diagnosis.mistakes_to_avoid)),
    ]
    if diagnosis.notes:
        title = "Notes (the app's extrapolation)" if diagnosis.extrapolated else "Notes"
        lines += [Content(""), _heading(title)]
        lines += [Content.assemble(("• ", "$accent"), note) for note in diagnosis.notes]
    return Content("\n").join(lines)


class DiagnosisView(Static):
    """Redrawn by the profile pane after every saved change."""

    def show(self, profile: Profile) -> None:
        content = render_diagnosis(profile)
        self.update(content)
        self._scrollbar_from_the_start(content)

    def _scrollbar_from_the_start(self, content: Content) -> None:
        """Before the first layout, a diagnosis with more lines than the window is tall gets
        its scroll's scrollbar now: Textual learns that it overflows from the first layout and
        draws the scrollbar in a later one, so the first screen was drawn again for it (issue
        26). Shorter ones are left to Textual (wrapping may still make them overflow)."""
        scroll = self.parent
        taller = content.plain.count("\n") >= self.app.size.height
        if isinstance(scroll, Widget) and not scroll.size and taller:
            scroll.show_vertical_scrollbar = True
