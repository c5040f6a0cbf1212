"""One reading of the score: which §3 band a profile's advice is read in, and why.

The article's tier guidance (§3 Step 1) "assume[s] average clinical evals, no red flags", and
§1 says the score "doesn't erase bad clinical evals or failed rotations". So with red flags or
weak evaluations the guidance is read one band lower. A DO/IMG school is *not* a band shift:
§2's "Medium" help for DO/IMG applicants is modelled per program (each program's openness to
the school type, `core.estimates`) and by the volume strategy (`diagnosis`), so the same
profile reads the same band whatever the school. The Profile diagnosis, the SmartPick mix,
the regional-tie weights and the explanation all call `read_band`; nothing else decides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartpick_tui.core import rules
from smartpick_tui.core.profile import ClinicalEvals, Profile, ProfileError
from smartpick_tui.core.rules import TierGuidance


@dataclass(frozen=True)
class ScoreReading:
    step2: int
    band: TierGuidance  # the §3 band the advice is read in
    own_band: TierGuidance  # the band of the score itself
    reasons: tuple[str, ...]  # why it differs (empty when it does not)

    @property
    def shifted(self) -> bool:
        return self.band is not self.own_band

    @property
    def index(self) -> int:
        """Position of the read band in `rules.TIER_GUIDANCE` (0 = below `rules.ARTICLE_SCORE_FLOOR`)."""
        return rules.TIER_GUIDANCE.index(self.band)

    def describe(self) -> str:
        label = band_label(self.band)
        if not self.shifted:
            return f"read in the {label} band"
        return (
            f"read in the {label} band, one below your score's {band_label(self.own_band)}, "
            f"because of {' and '.join(self.reasons)} (§3 assumes average evaluations and no "
            "red flags; §1: the score does not erase them)"
        )


def band_label(band: TierGuidance) -> str:
    if band is rules.TIER_GUIDANCE[0]:
        return f"below {band.high + 1}"
    if band.high >= 300:
        return f"{band.low}+"
    return f"{band.low}-{band.high}"


def read_band(profile: Profile) -> ScoreReading:
    """The band the §3 guidance is read in; ProfileError when Step 2 CK is missing."""
    if profile.step2 is None:
        raise ProfileError("step2", f"enter your Step 2 CK score ({rules.STEP2_SCALE}) to get a diagnosis")
    own = rules.tier_guidance(profile.step2)
    reasons = []
    if profile.red_flags:
        reasons.append("red flags")
    if profile.clinical_evals is ClinicalEvals.WEAK:
        reasons.append("weak clinical evaluations")
    band = own
    if reasons:
        band = rules.TIER_GUIDANCE[max(0, rules.TIER_GUIDANCE.index(own) - 1)]
    return ScoreReading(profile.step2, band, own, tuple(reasons))
