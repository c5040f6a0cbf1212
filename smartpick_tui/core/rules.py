"""The source article's rules, each stated once, with the section it comes from.

Source: "High Step 2 CK But No Home Support: Using Scores to Break In Elsewhere" (Residency
Advisor, 2026-01-06), `shared/seed/step2ck-no-home-support-article.txt`. Section numbers (§)
and FAQ numbers refer to that article. Anything the article does not say is marked
`extrapolated` where it is used, with the reason.

Longer than the ~450 lines a module aims at on purpose: it is the one place every rule and
number of the article lives (one source of truth), in the article's order; split, a reader
checking the app against the article would have to hunt for the section.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Competitiveness(str, Enum):
    """§3 Step 2 chart categories."""

    VERY_COMPETITIVE = "very competitive"
    COMPETITIVE = "competitive"
    MODERATE = "moderate"
    PRELIM_TY = "prelim/ty"


class Situation(str, Enum):
    """§2 situation types; values are the CLI spellings."""

    NO_HOME_PROGRAM = "no-home-program"
    INDIFFERENT = "indifferent"
    DISCOURAGING = "discouraging"
    DO_IMG = "do-img"


# --- §1 bar chart: Step 2 CK band -> leverage without home support (1-10) ----------------


@dataclass(frozen=True)
class LeverageBand:
    label: str  # as the article's chart writes it

    low: int  # inclusive
    high: int  # inclusive
    leverage: int

    @property
    def key(self) -> str:
        """ASCII form for scripts: "255-264", "<235", "265+"."""
        return "265+" if self.label == "≥265" else self.label


# The Step 2 CK scale (USMLE reports 1-300): one definition for every check and message.
STEP2_MIN, STEP2_MAX = 1, 300
STEP2_SCALE = f"{STEP2_MIN}-{STEP2_MAX}"
# §3's tier guidance starts at 230; below it the app extrapolates (and suggests a backup).
ARTICLE_SCORE_FLOOR = 230

LEVERAGE_BANDS: tuple[LeverageBand, ...] = (
    LeverageBand("<235", STEP2_MIN, 234, 2),
    LeverageBand("235-244", 235, 244, 4),
    LeverageBand("245-254", 245, 254, 6),
    LeverageBand("255-264", 255, 264, 8),
    LeverageBand("≥265", 265, STEP2_MAX, 9),
)
LEVERAGE_SCALE_MAX = 10
LEVERAGE_SOURCE = "§1 chart 'Step 2 CK Score Band vs Application Leverage Without Home Support'"


def leverage_band(step2: int) -> LeverageBand:
    for band in LEVERAGE_BANDS:
        if band.low <= step2 <= band.high:
            return band
    raise ValueError(f"Step 2 CK {step2} is outside {STEP2_SCALE}")


# --- §3 Step 1: score -> tier to target -------------------------------------------------


@dataclass(frozen=True)
class TierGuidance:
    low: int
    high: int
    text: str
    extrapolated: bool = False
    reason: str = ""


TIER_GUIDANCE: tuple[TierGuidance, ...] = (
    TierGuidance(
        STEP2_MIN,
        ARTICLE_SCORE_FLOOR - 1,
        "Below 230 is not covered by the article. Keep to community programs and regions where "
        "you have ties, and plan a backup specialty.",
        extrapolated=True,
        reason="§3 starts its tier guidance at 230; this extends its 230-239 advice downward.",
    ),
    TierGuidance(
        ARTICLE_SCORE_FLOOR,
        239,
        "Focus heavily on community and low-mid academic programs, mostly in regions where you "
        "have any tie you can plausibly claim.",
    ),
    TierGuidance(
        240,
        249,
        "Solid shot at a wide range of academic programs outside the very top tier; still anchor "
        "your list with community programs.",
    ),
    TierGuidance(
        250,
        259,
        "You can realistically take swings at higher academic programs, including regions with "
        "no ties, if your story is consistent.",
    ),
    TierGuidance(
        260,
        STEP2_MAX,
        "You are in 'we at least need to look at this application' territory at nearly any "
        "program, if the rest of your file is not a mess.",
    ),
)
# Source of the table above: §3 Step 1 'Choose the right tier to target'
STABLE_FLOOR_FROM = 250
STABLE_FLOOR_TEXT = (
    "Do not go top-heavy only: pair aspirational programs (reach, mid-high) with a stable floor "
    "(community, lower-mid academic, safety regions)."
)
TIER_ASSUMPTION = "§3 assumes average clinical evaluations and no red flags."


def tier_guidance(step2: int) -> TierGuidance:
    for tier in TIER_GUIDANCE:
        if tier.low <= step2 <= tier.high:
            return tier
    raise ValueError(f"Step 2 CK {step2} is outside {STEP2_SCALE}")


# --- §3 Step 2: number of programs by competitiveness ------------------------------------

PROGRAMS_TO_APPLY: dict[Competitiveness, int] = {
    Competitiveness.VERY_COMPETITIVE: 80,
    Competitiveness.COMPETITIVE: 60,
    Competitiveness.MODERATE: 40,
    Competitiveness.PRELIM_TY: 25,
}
# Source of the table above: §3 Step 2 chart 'Recommended Number of Programs by Competitiveness'
PROGRAMS_NOTE = (
    "Starting points, not commandments; lowballing because Step 2 is great is how people go unmatched."
)


# --- §2 situation types -----------------------------------------------------------------


@dataclass(frozen=True)
class SituationRule:
    title: str
    step2_helps: str
    workaround: str


SITUATIONS: dict[Situation, SituationRule] = {
    Situation.NO_HOME_PROGRAM: SituationRule(
        "No home program at all", "High", "Aways + networking + research"
    ),
    Situation.INDIFFERENT: SituationRule(
        "Home program but indifferent", "Medium-High", "External mentors + aways"
    ),
    Situation.DISCOURAGING: SituationRule(
        "Home program discouraging you", "Medium", "New advocates outside institution"
    ),
    Situation.DO_IMG: SituationRule(
        "DO/IMG with strong Step 2", "Medium", "Volume strategy + targeted emails"
    ),
}
# Source of the table above: §2 grid 'Impact of High Step 2 CK by Situation Type'


# --- §8 specialty groups ---------------------------------------------------------------


@dataclass(frozen=True)
class SpecialtyGroup:
    key: str
    members: str
    step2_power: str
    home_support_importance: str
    translation: str


SPECIALTY_GROUPS: dict[str, SpecialtyGroup] = {
    "super-competitive": SpecialtyGroup(
        "super-competitive",
        "Derm, Ortho, ENT, Plastics",
        "Medium",
        "Very High",
        "Step 2 gets you looked at, but connections and research still rule: hustle for aways and mentors.",
    ),
    "mid-competitive": SpecialtyGroup(
        "mid-competitive",
        "Radiology, Anesthesia, Neuro",
        "High",
        "Medium",
        "A 250+ without home backing can still go far with good letters and smart program selection.",
    ),
    "em-surgery": SpecialtyGroup(
        "em-surgery",
        "EM (post-SLOE era), Gen Surg",
        "Medium-High",
        "High",
        "Step 2 helps, but away-rotation letters (SLOEs in EM) and advocates weigh heavily.",
    ),
    "core": SpecialtyGroup(
        "core",
        "IM, Peds, Psych, FM",
        "High",
        "Medium",
        "A high Step 2 can almost single-handedly drag you into strong academic places, if you "
        "do not torpedo yourself at interviews.",
    ),
}
# Source of the table above: §8 table 'Step 2 CK Influence by Specialty When Lacking Home Support'


# --- §4 away rotations -----------------------------------------------------------------


@dataclass(frozen=True)
class AwayTarget:
    min: int
    max: int
    stretch: int | None  # "sometimes 4"


AWAYS: dict[bool, AwayTarget] = {
    True: AwayTarget(2, 3, 4),  # competitive specialties
    False: AwayTarget(1, 2, None),  # less competitive
}
AWAYS_SOURCE = "§4 'How many aways, realistically?'"
AWAY_CRITERIA: tuple[str, ...] = (
    "Your Step 2 CK will stand out relative to their norms.",
    "They have a history of taking outside students seriously.",
    "They are not saturated with their own medical school's students.",
)
# Source of the table above: §4 'Where to apply for aways'


def away_target(competitiveness: Competitiveness) -> AwayTarget:
    competitive = competitiveness in (Competitiveness.VERY_COMPETITIVE, Competitiveness.COMPETITIVE)
    return AWAYS[competitive]


# --- §5 letters ------------------------------------------------------------------------


class LetterKind(str, Enum):
    """§5 priority list, in order."""

    AWAY_SPECIALTY = "away-specialty"
    HOME_INDIVIDUAL = "home-individual"
    RESEARCH_MENTOR = "research-mentor"
    BACKUP_SUBI = "backup-subi"
    SLOE = "sloe"  # emergency medicine only (see letter_priority)


@dataclass(frozen=True)
class LetterRule:
    priority: int
    kind: LetterKind
    title: str
    why: str


LETTER_PRIORITY: tuple[LetterRule, ...] = (
    LetterRule(
        1,
        LetterKind.AWAY_SPECIALTY,
        "Away rotation letters in your target specialty",
        "Gold, especially from a PD or known faculty at a program that interviews outside rotators.",
    ),
    LetterRule(
        2,
        LetterKind.HOME_INDIVIDUAL,
        "Home letters from individuals",
        "A respected faculty member can endorse you even if the department is cold.",
    ),
    LetterRule(
        3,
        LetterKind.RESEARCH_MENTOR,
        "Research mentor letters",
        "Strong if they speak to work ethic, follow-through and performance matching your score.",
    ),
    LetterRule(
        4,
        LetterKind.BACKUP_SUBI,
        "Backup specialty or medicine sub-I letters",
        "Less weight, but confirm you function well on the wards.",
    ),
)
# Emergency medicine's letters are SLOEs (Standardized Letters of Evaluation): §8 puts EM in its
# "post-SLOE era" group, and an away SLOE is §5's first priority (an away letter in the specialty).
SLOE_RULE = LetterRule(
    1,
    LetterKind.SLOE,
    "SLOEs (Standardized Letters of Evaluation) from EM rotations",
    "EM programs read SLOEs (§8: EM in the post-SLOE era); the SLOE from an away "
    "rotation is §5's first priority, an away letter in your specialty.",
)
SLOE_SPECIALTIES = frozenset({"emergency-medicine"})
LETTERS_TARGET = (2, 3)
LETTERS_SOURCE = "§5 'Priority list for letters' and §10 plan step 2"
LETTERS_AVOID = "Avoid generic letters or letters from outpatient preceptors who barely know you."


def letter_rule(kind: LetterKind) -> LetterRule:
    return next(rule for rule in (*LETTER_PRIORITY, SLOE_RULE) if rule.kind is kind)


def letter_priority(specialty: str) -> tuple[LetterRule, ...]:
    """The letter kinds of a specialty, §5's order: EM's SLOE first, then §5's list."""
    return ((SLOE_RULE,) if specialty in SLOE_SPECIALTIES else ()) + LETTER_PRIORITY


# --- §6 emails and FAQ 1 -------------------------------------------------------------------


class EmailKind(str, Enum):
    AWAY_REQUEST = "away-request"
    RADAR = "radar"
    THANK_YOU = "thank-you"
    PRE_RANK = "pre-rank"


@dataclass(frozen=True)
class EmailRule:
    kind: EmailKind
    title: str
    sentences: tuple[int, int] | None  # inclusive range, None when the article gives paragraphs
    max_paragraphs: int | None
    score_allowed: bool
    source: str
    points: tuple[str, ...]


EMAIL_RULES: dict[EmailKind, EmailRule] = {
    EmailKind.AWAY_REQUEST: EmailRule(
        EmailKind.AWAY_REQUEST,
        "Away rotation request",
        (3, 5),
        1,
        True,
        "§6.1",
        (
            "Who you are (school, year)",
            "Your Step 2 CK, if strong",
            "Why their program/region specifically",
            "Lack of home program or limited exposure",
        ),
    ),
    EmailKind.RADAR: EmailRule(
        EmailKind.RADAR,
        "Pre-ERAS 'on their radar' note",
        None,
        2,
        True,
        "§6.2",
        (
            "One paragraph, two at most",
            "Step 2 score once, not twice",
            "No home program/support -> seeking strong external training -> why their program fits",
            "Not asking for an interview",
        ),
    ),
    EmailKind.THANK_YOU: EmailRule(
        EmailKind.THANK_YOU,
        "Post-interview thank-you",
        None,
        2,
        False,
        "§6.3",
        ("Do not restate Step 2", "Fit and genuine interest"),
    ),
    EmailKind.PRE_RANK: EmailRule(
        EmailKind.PRE_RANK,
        "Pre-rank letter of interest",
        None,
        2,
        False,
        "§6.3",
        ("Do not restate Step 2", "Fit and genuine interest"),
    ),
}
RADAR_EMAILS_TARGET = (5, 15)
TOTAL_EMAILS_TARGET = (10, 20)
EMAILS_SOURCE = "§6.2 (5-15 radar programs) and §10 plan step 5 (10-20 targeted emails)"

SCORE_IN_EMAIL_MIN = 245
SCORE_IN_EMAIL_MIN_VERY_COMPETITIVE = 255
SCORE_IN_EMAIL_SOURCE = "FAQ 1: roughly ≥245 in most fields, higher in very competitive ones; once"
SCORE_IN_EMAIL_VC_REASON = (
    "The article says 'higher' for very competitive fields without a number; 255 is the app's "
    "choice, about the mean of matched US MD seniors in those fields (NRMP 2024, secondary)."
)


def score_threshold_for_emails(competitiveness: Competitiveness) -> int:
    if competitiveness is Competitiveness.VERY_COMPETITIVE:
        return SCORE_IN_EMAIL_MIN_VERY_COMPETITIVE
    return SCORE_IN_EMAIL_MIN


# --- FAQ 5 interviews -------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewTarget:
    min: int
    max: int
    extrapolated: bool
    reason: str


INTERVIEW_TARGETS: dict[Competitiveness, InterviewTarget] = {
    Competitiveness.MODERATE: InterviewTarget(
        12, 15, False, "FAQ 5: 12-15 interviews is a fairly safe zone for core specialties."
    ),
    Competitiveness.PRELIM_TY: InterviewTarget(
        10,
        12,
        True,
        "The article gives no number for prelim/TY; the app uses slightly below the core 12-15 "
        "because the list is smaller (25 programs).",
    ),
    Competitiveness.COMPETITIVE: InterviewTarget(
        14,
        17,
        True,
        "FAQ 5 says competitive specialties need more than 12-15 without a number; the app adds "
        "a margin above the core range.",
    ),
    Competitiveness.VERY_COMPETITIVE: InterviewTarget(
        15,
        20,
        True,
        "FAQ 5 gives no number; matched orthopaedic applicants ranked 12.3 contiguous programs "
        "(NRMP 2016-22, Sudah et al.), and without home advocacy you should slightly overshoot.",
    ),
}
INTERVIEWS_SOURCE = "FAQ 5 'How many interviews do I need to feel safe'"
INTERVIEWS_NOTE = "Without home advocacy, aim slightly above the average for your specialty."


# --- §7 personal statement ---------------------------------------------------------------

PS_MOVES: tuple[tuple[str, str], ...] = (
    (
        "Acknowledge, don't complain",
        "A short, neutral line: your institution has no residency in the specialty, so you sought "
        "exposure and mentorship elsewhere.",
    ),
    (
        "Connect your Step 2 CK to clinical performance",
        "Not 'I'm smart': the same attention to detail and disciplined preparation you bring to "
        "patient care.",
    ),
    (
        "Show initiative",
        "The reader should think: this person created opportunities in a system that did not offer "
        "them by default.",
    ),
)
# §7's story arc, which the personal-statement templates follow: limited or unsupportive
# environment -> performed at a high level (Step 2, clinicals) -> proactively built external
# experiences; PS, experiences and letters tell it alike.
# Source of the table above: §7 'Turn No Home Support Into a Coherent Narrative'


# --- §9 common mistakes --------------------------------------------------------------------


class Mistake(str, Enum):
    PRESTIGE = "overweighting-prestige"
    UNDERUSING_AWAYS = "underusing-aways"
    RADIO_SILENCE = "radio-silence"
    DISORGANIZED_NARRATIVE = "disorganized-narrative"
    ARROGANCE = "arrogance"


MISTAKES: dict[Mistake, tuple[str, str]] = {
    Mistake.PRESTIGE: (
        "Overweighting prestige",
        "Applying to mostly top-20 programs while ignoring strong mid-tier and community programs.",
    ),
    Mistake.UNDERUSING_AWAYS: (
        "Underusing aways",
        "Assuming the score speaks for itself and skipping away rotations.",
    ),
    Mistake.RADIO_SILENCE: (
        "Radio silence",
        "Never reaching out to programs you are genuinely interested in.",
    ),
    Mistake.DISORGANIZED_NARRATIVE: (
        "Disorganized narrative",
        "PS, experiences and letters tell different stories; letters are generic.",
    ),
    Mistake.ARROGANCE: (
        "Arrogance vibes",
        "Bragging about the score, dismissing lower-resourced programs, "
        "acting like any program would be lucky.",
    ),
}
MISTAKES_SOURCE = "§9 'Common Mistakes High-Scorers With No Home Support Make'"


# --- §10 action flow and the 4-6 month plan ----------------------------------------------


@dataclass(frozen=True)
class FlowStep:
    id: str
    title: str
    section: str


ACTION_FLOW: tuple[FlowStep, ...] = (
    FlowStep("flow-1", "High Step 2 CK score in hand", "§10 flowchart step 1"),
    FlowStep("flow-2", "Target aways at mid-high academic programs", "§10 flowchart step 2, §4"),
    FlowStep("flow-3", "Find individual mentors", "§10 flowchart step 3"),
    FlowStep("flow-4", "Secure 2-3 strong letters", "§10 flowchart step 4, §5"),
    FlowStep("flow-5", "Build a realistic program list", "§10 flowchart step 5, §3"),
    FlowStep("flow-6", "Send targeted emails to key programs", "§10 flowchart step 6, §6"),
    FlowStep("flow-7", "Interview prep and practice", "§10 flowchart step 7"),
    FlowStep("flow-8", "Rank list with a solid safety net", "§10 flowchart step 8"),
    FlowStep("flow-9", "Home program?", "§10 flowchart step 9"),
)
HOME_BRANCH: dict[bool, str] = {
    False: "No home program: aways are your proxy home program (§4); build advocates there.",
    True: "Home program exists but does not back you: ask individual faculty for letters (§5, "
    "priority 2) and find advocates outside the institution (§2).",
}
SIX_STEP_PLAN: tuple[FlowStep, ...] = (
    FlowStep(
        "plan-1",
        "Lock in aways where your Step 2 stands out and rotators get interviews",
        "§10 plan 1",
    ),
    FlowStep("plan-2", "Identify 2-3 letter writers who truly know you", "§10 plan 2"),
    FlowStep("plan-3", "Draft a focused personal statement, no complaining", "§10 plan 3"),
    FlowStep("plan-4", "Build a tiered list: some reach, many realistic, some safe", "§10 plan 4"),
    FlowStep("plan-5", "Send 10-20 targeted emails; score once if it helps", "§10 plan 5"),
    FlowStep("plan-6", "Prep hard for interviews: prove you're not just a test taker", "§10 plan 6"),
)
# Source of the table above: §10 'Concrete Action Plan: Next 4-6 Months'


# --- FAQ 3 ---------------------------------------------------------------------------------

STEP1_FAIL_NOTE = (
    "Step 1 fail: a strong Step 2 still helps a lot. Frame an early stumble, then a clear upward "
    "trajectory; clerkship grades, letters and a mature explanation matter even more (FAQ 3)."
)
