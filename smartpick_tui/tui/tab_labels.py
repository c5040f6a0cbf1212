"""Tab labels that fit the window: every digit (the key) always shown, the active tab's whole
title, the others shortened as far as the width needs (`tab_labels`). Pure: a function of the
active pane and the width, so it is tested without an app (tests/tui/test_window_sizes.py)."""

from __future__ import annotations

from smartpick_tui.tui.panes import PANES

# Tab labels when "N Title" for all nine does not fit the width (91 columns):
# the active tab keeps its title, the others shorten to these words, then to their digit.
SHORT_TITLES = {
    "profile": "Prof",
    "programs": "Progs",
    "smartpick": "Pick",
    "plan": "Plan",
    "aways": "Aways",
    "letters": "Ltrs",
    "outreach": "Email",
    "drafts": "Drafts",
    "interviews": "Intvw",
}
TAB_GAP = 1  # `#tabs Tabs Tab { padding: 0 0 0 1 }` in app.tcss


def tab_labels(active: str, width: int) -> dict[str, str]:
    """Each pane's tab label for a window `width` columns wide, always with every digit (the
    key) and the active tab's whole title: "N Title" for all when they fit, else the others
    as "N Short" (`SHORT_TITLES`) nearest the active tab first, as far as they fit, the rest
    as their digit."""
    full = {pane.PANE_ID: f"{pane.KEY} {pane.TITLE}" for pane in PANES}

    def fits(labels: dict[str, str]) -> bool:
        return sum(len(label) + TAB_GAP for label in labels.values()) <= width

    if fits(full):
        return full
    labels = {pane.PANE_ID: full[pane.PANE_ID] if active == pane.PANE_ID else pane.KEY for pane in PANES}
    order = [pane.PANE_ID for pane in PANES]
    at = order.index(active) if active in order else 0
    for pane_id in sorted(order, key=lambda pane_id: abs(order.index(pane_id) - at)):
        if pane_id != active:
            key = labels[pane_id]
            wider = {**labels, pane_id: f"{key} {SHORT_TITLES.get(pane_id, pane_id)}"}
            if fits(wider):
                labels = wider
    return labels
