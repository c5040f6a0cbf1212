"""What a good draft looks like, per the article (§6 emails, §7 personal statement, §9, FAQ 1-3),
and the checks that hold a draft to it.

Pure functions over plain text: they run on a freshly rendered template and on whatever the
user typed over it (TUI editor, `smartpick draft check FILE`). Every number comes from
`core.rules`; each finding names its rule and the article section it enforces.

Longer than the ~450 lines a module aims at: it is the article's whole checklist for drafts
(the kinds, what each may say, and the check per rule), read top to bottom against §6-§9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from smartpick_tui.core import rules
from smartpick_tui.core.months import MONTH_NAMES
from smartpick_tui.core.profile import Profile, ProfileError, Step1Result
from smartpick_tui.core.rules import EMAIL_RULES, PS_MOVES, EmailKind
from smartpick_tui.core.sanitize import clean_line, clean_text


class DraftKind(str, Enum):
    """Every kind of draft; the email values are the `EmailKind` values (outreach log)."""

    AWAY_REQUEST = EmailKind.AWAY_REQUEST.value
    RADAR = EmailKind.RADAR.value
    THANK_YOU = EmailKind.THANK_YOU.value
    PRE_RANK = EmailKind.PRE_RANK.value
    PS_ACKNOWLEDGE = "ps-acknowledge"
    PS_STEP2 = "ps-step2"
    PS_INITIATIVE = "ps-initiative"
    NO_HOME_LINE = "no-home-line"
    STEP1_TRAJECTORY = "step1-trajectory"


@dataclass(frozen=True)
class DraftSpec:
    """The rules one kind of draft is checked against."""

    kind: DraftKind
    name: str  # what the TUI calls it (selector, help, palette, toasts): never the slug
    title: str
    source: str  # article section
    email: EmailKind | None  # None for personal-statement snippets (not sent, not logged)
    sentences: tuple[int, int] | None
    max_paragraphs: int | None
    score_allowed: bool  # may state the Step 2 CK score (at most once)
    points: tuple[str, ...]
    step1_fail_only: bool = False

    @property
    def is_email(self) -> bool:
        return self.email is not None


NO_HOME_LINE_POINT = (
    "Neutral, factual language; do not call out specific people or complain about politics (FAQ 2)"
)
SNIPPET_POINT = "One paragraph to paste into the PS, an ERAS experience or an interview answer"


# The one table of human names for the kinds (the slugs stay the CLI's and the templates'
# folder names). At most 20 characters: the kind selector is 24 columns wide at 80x24.
DRAFT_NAMES: dict[DraftKind, str] = {
    DraftKind.AWAY_REQUEST: "Away request",
    DraftKind.RADAR: "Radar note",
    DraftKind.THANK_YOU: "Thank-you email",
    DraftKind.PRE_RANK: "Pre-rank letter",
    DraftKind.PS_ACKNOWLEDGE: "PS: acknowledge",
    DraftKind.PS_STEP2: "PS: Step 2 CK",
    DraftKind.PS_INITIATIVE: "PS: initiative",
    DraftKind.NO_HOME_LINE: "No home program line",
    DraftKind.STEP1_TRAJECTORY: "Step 1 trajectory",
}


def _email_spec(kind: DraftKind) -> DraftSpec:
    rule = EMAIL_RULES[EmailKind(kind.value)]
    return DraftSpec(
        kind,
        DRAFT_NAMES[kind],
        rule.title,
        rule.source,
        rule.kind,
        rule.sentences,
        rule.max_paragraphs,
        rule.score_allowed,
        rule.points,
    )


def _snippet_spec(
    kind: DraftKind, title: str, source: str, point: str, step1_fail_only: bool = False
) -> DraftSpec:
    # A snippet is one paragraph (the app's format, not an article number); the score may
    # appear at most once — §7 connects Step 2 CK to clinical work rather than quoting it.
    return DraftSpec(
        kind,
        DRAFT_NAMES[kind],
        title,
        source,
        None,
        None,
        1,
        True,
        (point, SNIPPET_POINT),
        step1_fail_only,
    )


DRAFT_SPECS: dict[DraftKind, DraftSpec] = {
    **{
        kind: _email_spec(kind)
        for kind in (
            DraftKind.AWAY_REQUEST,
            DraftKind.RADAR,
            DraftKind.THANK_YOU,
            DraftKind.PRE_RANK,
        )
    },
    DraftKind.PS_ACKNOWLEDGE: _snippet_spec(
        DraftKind.PS_ACKNOWLEDGE, f"PS: {PS_MOVES[0][0]}", "§7 move 1", PS_MOVES[0][1]
    ),
    DraftKind.PS_STEP2: _snippet_spec(
        DraftKind.PS_STEP2, f"PS: {PS_MOVES[1][0]}", "§7 move 2", PS_MOVES[1][1]
    ),
    DraftKind.PS_INITIATIVE: _snippet_spec(
        DraftKind.PS_INITIATIVE, f"PS: {PS_MOVES[2][0]}", "§7 move 3", PS_MOVES[2][1]
    ),
    DraftKind.NO_HOME_LINE: _snippet_spec(
        DraftKind.NO_HOME_LINE, "Neutral 'no home program' line", "FAQ 2", NO_HOME_LINE_POINT
    ),
    DraftKind.STEP1_TRAJECTORY: _snippet_spec(
        DraftKind.STEP1_TRAJECTORY,
        "Step 1 fail: upward trajectory",
        "FAQ 3",
        rules.STEP1_FAIL_NOTE,
        step1_fail_only=True,
    ),
}


def draft_spec(kind: DraftKind | str) -> DraftSpec:
    return DRAFT_SPECS[DraftKind(kind)]


def draft_name(kind: DraftKind | str) -> str:
    """ "Away request" for `away-request`: the name every screen shows."""
    return DRAFT_NAMES[DraftKind(kind)]


def kind_applies(spec: DraftSpec, profile: Profile) -> bool:
    """The Step 1 trajectory framing is offered only to a profile with a Step 1 fail (FAQ 3)."""
    return not spec.step1_fail_only or profile.step1 is Step1Result.FAIL_THEN_PASS


# --- what the engine says about this profile ------------------------------------------------


@dataclass(frozen=True)
class CheckFacts:
    """The profile facts the checks need: the score, and whether FAQ 1 calls it an asset."""

    step2: int | None = None
    mention_score: bool = False
    threshold: int | None = None
    today: date | None = None  # a month named in the draft is checked against it


def facts_for(profile: Profile, today: date | None = None) -> CheckFacts:
    from smartpick_tui.core.diagnosis import diagnose

    try:
        diagnosis = diagnose(profile)
    except ProfileError:
        return CheckFacts(profile.step2, False, None, today)
    return CheckFacts(
        profile.step2, diagnosis.mention_score_in_emails, diagnosis.score_threshold_for_emails, today
    )


# --- reading a draft ----------------------------------------------------------------------


@dataclass(frozen=True)
class DraftParts:
    subject: str | None
    greeting: str | None
    paragraphs: tuple[str, ...]  # the body, without greeting and sign-off
    signoff: str | None


_SUBJECT = re.compile(r"^\s*subject\s*:\s*(.*)$", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
GREETING_MAX_WORDS = 8
SIGNOFF_MAX_WORDS = 5


def split_draft(text: str, email: bool) -> DraftParts:
    """Subject line, greeting ("Dear Dr. Lee,"), body paragraphs and sign-off ("Best regards,
    / name") of an email; for a snippet, just its paragraphs."""
    text = clean_text(text).replace("\r\n", "\n").strip()
    subject = None
    lines = text.split("\n")
    if lines and (match := _SUBJECT.match(lines[0])):
        subject = match.group(1).strip()
        text = "\n".join(lines[1:]).strip()
    paragraphs = [p.strip() for p in _BLANK_LINE.split(text) if p.strip()]
    greeting = signoff = None
    if email and paragraphs:
        first = paragraphs[0]
        if "\n" not in first and first.endswith((",", ":")) and len(first.split()) <= GREETING_MAX_WORDS:
            greeting = paragraphs.pop(0)
        elif "\n" in first:
            head, rest = first.split("\n", 1)
            if head.strip().endswith((",", ":")) and len(head.split()) <= GREETING_MAX_WORDS:
                greeting, paragraphs[0] = head.strip(), rest.strip()
    if email and paragraphs:
        last = paragraphs[-1]
        head = last.split("\n", 1)[0].strip()
        if head.endswith(",") and len(head.split()) <= SIGNOFF_MAX_WORDS:
            signoff = paragraphs.pop()
    return DraftParts(subject, greeting, tuple(paragraphs), signoff)


# Words before a full stop that do not end a sentence ("Dr. Lee", "St. Louis", "e.g.").
_ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "no",
        "dept",
        "univ",
        "inc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping "Dr. Lee", "U.S.", "J. Smith" and "D.O. student" whole."""
    text = " ".join(text.split())
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].split()
        # the word before the stop, after any "Med/" or "Kaiser-" glued to it ("Med/St.")
        token = re.split(r"[/(\"'“‘–—-]", before[-1].lower())[-1] if before else ""
        following = text[match.end() :].lstrip()
        if match.group()[0] == "." and (token in _ABBREVIATIONS or _INITIALS.fullmatch(token)):
            continue
        if following and following[0].islower():
            continue
        found.append(text[start : match.end()].strip())
        start = match.end()
    if text[start:].strip():
        found.append(text[start:].strip())
    return found


_SCORE_CONTEXT = re.compile(
    r"\b(?:step\s*2(?:\s*ck)?|ck|usmle|scored?|scoring|board)\b[^.!?\n]{0,40}?\b([12]\d\d|300)\b",
    re.IGNORECASE,
)
_STEP2_WORDS = re.compile(r"\b(?:step\s*2(?:\s*ck)?|usmle|board scores?)\b", re.IGNORECASE)


def score_mentions(text: str, step2: int | None) -> list[int]:
    """Offsets of every statement of a Step 2 CK score: the profile's own number anywhere, and
    any 100-300 number written after "Step 2", "CK", "scored"... (a typo'd score counts too)."""
    offsets: set[int] = set()
    if step2 is not None:
        offsets.update(m.start() for m in re.finditer(rf"(?<![\d.]){step2}(?!\d)", text))
    offsets.update(m.start(1) for m in _SCORE_CONTEXT.finditer(text))
    return sorted(offsets)


# --- findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    rule: str  # short id: "sentences", "score-once", "complaint"...
    message: str
    source: str  # the article section the rule comes from

    def __str__(self) -> str:
        return f"{self.rule} ({self.source}): {self.message}"


# §7 "acknowledge, don't complain"; FAQ 2 "do not ... complain about politics".
COMPLAINT_PATTERNS: tuple[str, ...] = (
    r"unsupportive",
    r"not supportive",
    r"refus(?:e|ed|es|ing|al)",
    r"politic(?:s|al)",
    r"gatekeep\w*",
    r"discourag(?:ed|ing|es|e)",
    r"indifferent",
    r"toxic",
    r"unfair(?:ly)?",
    r"useless",
    r"hostile",
    r"dismissive",
    r"sabotag\w*",
    r"(?:did|do|does|would|will|could)(?: not|n't) (?:support|help|back|care)",
    r"won't (?:support|help|back)",
    r"(?:no one|nobody) (?:at|in) my (?:school|home|program|institution)",
    r"(?:abandoned|ignored|blocked) (?:me|us|students)",
)
_COMPLAINT = re.compile(r"\b(?:" + "|".join(COMPLAINT_PATTERNS) + r")\b", re.IGNORECASE)

# FAQ 2 "do not call out specific people": a named person in the same sentence as a
# negative verb ("Dr. Smith told me I was not competitive").
_PERSON = re.compile(r"\b(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+[A-Z][\w'-]+")
_NEGATIVE = re.compile(
    r"\b(?:told me|said (?:i|that i)|discourag\w*|refus\w*|would(?: not|n't)|"
    r"did(?: not|n't)|blocked|denied|ignored|advised me against|not (?:a )?"
    r"(?:competitive|good fit))\b",
    re.IGNORECASE,
)

# §9 mistake 5 "arrogance vibes", §9 mistake 2 "my score speaks for itself", §7 "don't say I'm smart".
ARROGANCE_PATTERNS: tuple[str, ...] = (
    r"lucky to have me",
    r"(?:any|every) program would be lucky",
    r"would be lucky",
    r"speaks? for itself",
    r"i(?:'m| am) (?:very |really |so )?(?:smart|brilliant|a genius)",
    r"overqualified",
    r"beneath me",
    r"(?:the )?best candidate you",
    r"i deserve",
    r"(?:just|only) a (?:safety|backup)",
    r"settle for",
    r"(?:second|lower)[- ]rate",
    r"you (?:need|want) me",
)
_ARROGANCE = re.compile(r"\b(?:" + "|".join(ARROGANCE_PATTERNS) + r")(?!\w)", re.IGNORECASE)

# §6.2 "You're not asking for an interview."
_INTERVIEW_ASK = re.compile(
    r"\b(?:grant|offer|give|send|extend)(?: me)? an interview|"
    r"\b(?:request|ask for|asking for|hope to receive|would like) an interview",
    re.IGNORECASE,
)

# The §6.1 skeleton's brackets ("[School]", "[Specialty]") left in by hand.
_PLACEHOLDER = re.compile(r"\[[A-Z][\w /]*\]|\bX/Y\b|_{3,}|\bTODO\b|\bTBD\b")


def _quote(text: str, limit: int = 60) -> str:
    text = clean_line(text)
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def check_draft(kind: DraftKind | str, text: str, facts: CheckFacts) -> list[Finding]:
    """Every finding for `text` as a draft of `kind`; an empty list means it passes."""
    spec = draft_spec(kind)
    parts = split_draft(text, spec.is_email)
    body = "\n\n".join(parts.paragraphs)
    if not body.strip():
        return [Finding("empty", "the draft has no text", spec.source)]
    findings: list[Finding] = []
    if spec.is_email and not parts.subject:
        findings.append(Finding("subject", "start with a 'Subject: ...' line", spec.source))
    findings += _length_findings(spec, parts)
    findings += _score_findings(spec, body, facts)
    findings += check_tone(body)
    findings += past_months(text, facts.today)
    if spec.kind is DraftKind.RADAR:
        for match in _INTERVIEW_ASK.finditer(body):
            findings.append(
                Finding(
                    "asks-for-interview",
                    f"{_quote(match.group())}: a radar note posts a flag; it does not ask for an interview",
                    "§6.2",
                )
            )
    for match in _PLACEHOLDER.finditer(text):
        findings.append(
            Finding(
                "placeholder",
                f"{_quote(match.group())} is a placeholder; fill it in",
                "§6.1 skeleton",
            )
        )
    return findings


_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r")\s+(20\d\d)\b")


def past_months(text: str, today: date | None) -> list[Finding]:
    """A month named with its year that is already over ("a rotation in July 2026" written in
    December 2026): a request or plan for it reads as a mistake the reader spots at once."""
    if today is None:
        return []
    findings = []
    for match in _MONTH_YEAR.finditer(text):
        month, year = MONTH_NAMES.index(match.group(1)) + 1, int(match.group(2))
        if (year, month) < (today.year, today.month):
            findings.append(
                Finding(
                    "past-month",
                    f"{_quote(match.group())} is in the past (today is {today.isoformat()}): "
                    "name a month still to come, or none",
                    "§6",
                )
            )
    return findings


def check_any(text: str, facts: CheckFacts) -> list[Finding]:
    """The checks that hold for every draft whatever its kind (when the kind is unknown)."""
    findings = list(check_tone(text))
    findings += past_months(text, facts.today)
    mentions = score_mentions(text, facts.step2)
    if len(mentions) > 1:
        findings.append(_score_once(len(mentions)))
    if mentions and not facts.mention_score:
        findings.append(_score_not_asset(facts))
    return findings


def _length_findings(spec: DraftSpec, parts: DraftParts) -> list[Finding]:
    findings = []
    if spec.max_paragraphs is not None and len(parts.paragraphs) > spec.max_paragraphs:
        limit = "one paragraph" if spec.max_paragraphs == 1 else f"{spec.max_paragraphs} paragraphs at most"
        findings.append(
            Finding(
                "paragraphs",
                f"{len(parts.paragraphs)} paragraphs; {spec.title.lower()} is {limit}",
                spec.source,
            )
        )
    if spec.sentences is not None:
        low, high = spec.sentences
        count = sum(len(sentences(p)) for p in parts.paragraphs)
        if not low <= count <= high:
            findings.append(Finding("sentences", f"{count} sentences; keep it to {low}-{high}", spec.source))
    return findings


def _score_once(count: int) -> Finding:
    return Finding(
        "score-once", f"the Step 2 CK score is stated {count} times; once is enough", "§6.2, FAQ 1"
    )


def _score_not_asset(facts: CheckFacts) -> Finding:
    if facts.step2 is None:
        reason = "no Step 2 CK score is set in the profile, so the app cannot say it is an asset"
    else:
        reason = (
            f"{facts.step2} is below {facts.threshold}, where FAQ 1 calls the score an asset "
            "for this specialty; leave it to ERAS"
        )
    return Finding("score-not-asset", f"the score is stated, but {reason}", "FAQ 1")


def _score_findings(spec: DraftSpec, body: str, facts: CheckFacts) -> list[Finding]:
    mentions = score_mentions(body, facts.step2)
    if not spec.score_allowed:
        step2_words = _STEP2_WORDS.findall(body)
        if mentions or step2_words:
            what = _quote(step2_words[0]) if step2_words else "the score"
            return [
                Finding(
                    "no-score-after-interview",
                    f"{what} is restated; after the interview "
                    "Step 2 has done its filter work — write about fit and interest",
                    "§6.3",
                )
            ]
        return []
    findings = []
    if len(mentions) > 1:
        findings.append(_score_once(len(mentions)))
    if mentions and spec.is_email and not facts.mention_score:
        findings.append(_score_not_asset(facts))
    return findings


def check_tone(text: str) -> list[Finding]:
    """Complaints about the home institution, people called out, arrogance markers."""
    findings = []
    for match in _COMPLAINT.finditer(text):
        findings.append(
            Finding(
                "complaint",
                f"{_quote(match.group())} reads as a complaint about the "
                "home institution; acknowledge, don't complain",
                "§7, FAQ 2",
            )
        )
    for sentence in sentences(text):
        person = _PERSON.search(sentence)
        if person and _NEGATIVE.search(sentence):
            findings.append(
                Finding(
                    "calls-out-person",
                    f"{_quote(sentence)} calls out a specific person; programs smell drama",
                    "FAQ 2",
                )
            )
    for match in _ARROGANCE.finditer(text):
        findings.append(
            Finding("arrogance", f"{_quote(match.group())} reads as arrogance", "§9 mistake 5, §7")
        )
    return findings
