"""English month names, for the drafts' "July 2026", the checks that read it back and the
invitations' "Jan 11" / "Sept. 3".

Not `calendar.month_name`: it follows the user's locale, while the letters and the emails they
answer are in English.
"""

from __future__ import annotations

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Every spelling an email uses for a month, lower case, to its number: the name, its first three
# letters, and "sept".
MONTH_BY_WORD = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
