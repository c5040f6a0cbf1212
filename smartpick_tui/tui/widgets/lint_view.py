"""Counters against the article's targets and the §9 warnings, as one block of plain text."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from smartpick_tui.core.lint import Counter, Finding


def counter_line(counter: Counter) -> Content:
    style = "bold $warning" if counter.below else ("bold $success" if not counter.above else "bold $accent")
    return Content.assemble((counter.text, style), (f" ({counter.source})", "$text-muted"))


def finding_line(finding: Finding) -> Content:
    if finding.warning:
        head = f"⚠ {finding.title}: " if finding.title else "⚠ "
        return Content.assemble((head, "bold $warning"), finding.text)
    return Content.assemble(("• ", "$accent"), (finding.text, "$text-muted"))


class LintView(Static):
    """Redrawn by its pane from `core.lint.lint(...)`; all text is literal (Content)."""

    def show(
        self,
        counters: Sequence[Counter],
        findings: Sequence[Finding],
        extra: Sequence[Content] = (),
    ) -> None:
        lines = [Content("  ·  ").join(counter_line(counter) for counter in counters)] if counters else []
        lines += [finding_line(finding) for finding in findings]
        lines += list(extra)
        self.update(Content("\n").join(lines))
