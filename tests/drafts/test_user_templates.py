"""User templates override or add variants, and a broken or hostile one is contained: an error
with its template and line, never an exception or a runaway process. How soon (within a second;
a runaway stopped at its time limit) is checked by the `perf` tests at the end (`-m perf`)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from drafts_helpers import UTAH, make_profile

from smartpick_tui.core.draft_checks import DraftKind
from smartpick_tui.drafts.catalog import load_templates
from smartpick_tui.drafts.render import Draft, DraftError, DraftRequest, Renderer

CONTAINED_WITHIN_S = 1.0  # the attacks above: refused before any work is done


def write(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(kind: DraftKind, variant: int | None = None) -> Draft | DraftError:
    return Renderer(load_templates()).render(DraftRequest(kind, make_profile(), UTAH, variant=variant))


def test_a_user_template_overrides_a_shipped_variant_and_can_use_the_partials(isolated_config):
    write(
        isolated_config,
        "radar/2.txt.j2",
        '{% from "_partials/phrases.txt.j2" import who, signoff %}Subject: Hello from {{ me.name }}\n\n'
        "Dear Program Coordinator,\n\nI am {{ who(me) }}. I admire {{ program.name }}. "
        "I look forward to applying.\n\n{{ signoff(me) }}\n",
    )
    draft = render(DraftKind.RADAR, 2)
    assert isinstance(draft, Draft) and draft.template.user
    assert draft.subject == "Hello from Jane Doe"
    assert "I am Jane Doe, a fourth-year osteopathic medical student at Rocky Vista University." in draft.text
    assert draft.findings == ()


def test_a_user_template_adds_a_variant_and_its_findings_are_reported(isolated_config):
    write(
        isolated_config,
        "thank-you/4.txt.j2",
        "Subject: Thanks\n\nDear Program Director,\n\nAs my {{ me.step2 }} shows, any program would "
        "be lucky to have me.\n\nBest,\n{{ me.name }}\n",
    )
    templates = load_templates()
    assert [ref.label for ref in templates.variants(DraftKind.THANK_YOU)] == [
        "1",
        "2",
        "3",
        "4 (yours)",
    ]
    draft = render(DraftKind.THANK_YOU, 4)
    assert isinstance(draft, Draft)
    assert {f.rule for f in draft.findings} == {"no-score-after-interview", "arrogance"}


def test_folders_and_files_that_do_nothing_are_listed(isolated_config):
    write(isolated_config, "welcome/1.txt.j2", "x")
    write(isolated_config, "radar/extra.txt", "x")
    ignored = load_templates().ignored
    assert any("welcome" in line and "not a kind" in line for line in ignored)
    assert any("extra.txt" in line for line in ignored)


HOSTILE = {
    "syntax error": ("Subject: x\n\nHello {{ me.name }}\n{% if %}\n", "syntax error", 4),
    "mro escape": ("Subject: x\n\n{{ ''.__class__.__mro__ }}\n", "unsafe", 3),
    "os via cycler": ("Subject: x\n\n{{ cycler.__init__.__globals__.os }}\n", "unsafe", 3),
    "string bomb": ("Subject: x\n\n{{ 'x' * 500000000 }}\n", "'*' operator is disabled", 3),
    "power bomb": ("Subject: x\n\n{{ 10 ** 10 ** 10 }}\n", "operator is disabled", 3),
    "huge range": ("Subject: x\n\n{% for i in range(1000000000) %}x{% endfor %}\n", "range()", 3),
    "nested loops": (
        "{% for i in range(900) %}{% for j in range(900) %}{% endfor %}{% endfor %}",
        "range()",
        1,
    ),
    "typo": ("Subject: x\n\n{{ me.nmae }}\n", "me.nmae: the profile has no such field", 3),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_or_broken_user_templates_are_contained(isolated_config, name):
    text, expected, line = HOSTILE[name]
    path = write(isolated_config, "away-request/1.txt.j2", text)
    result = render(DraftKind.AWAY_REQUEST, 1)
    assert isinstance(result, DraftError), result
    assert expected in str(result)
    assert str(result).startswith(str(path))
    if line is not None:
        assert result.line == line


# Not refused up front: these build real memory until the child's address-space limit stops them.
MEMORY_BOMBS = {
    "filter bomb": "Subject: x\n\n{{ 'x'|center(900000000) }}\n",
    "doubling macro": (
        "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ f('xxxxxxxx', 40) }}"
    ),
}


@pytest.mark.parametrize("name", list(MEMORY_BOMBS))
def test_memory_bombs_hit_the_child_limit(isolated_config, name, monkeypatch):
    from smartpick_tui.drafts import worker

    write(isolated_config, "away-request/1.txt.j2", MEMORY_BOMBS[name])
    monkeypatch.setattr(worker, "TIMEOUT_S", 600.0)  # so only the memory limit can stop it
    result = render(DraftKind.AWAY_REQUEST, 1)
    assert isinstance(result, DraftError) and "memory" in str(result)


def test_a_runaway_loop_is_stopped_by_the_time_limit(isolated_config, monkeypatch):
    # 999 x (a string method over 20k characters) stays inside every per-call limit but burns CPU.
    from smartpick_tui.drafts import worker

    monkeypatch.setattr(worker, "TIMEOUT_S", 0.5)
    write(
        isolated_config,
        "ps-step2/1.txt.j2",
        "{% set s = 'ab' ~ 'cd' %}{% for i in range(999) %}{% for c in 'x'|center(20000) %}"
        "{{ '' if s.count('a') > 5 }}{% endfor %}{% endfor %}",
    )
    result = render(DraftKind.PS_STEP2, 1)
    assert isinstance(result, DraftError) and "took longer than 0.5 s" in str(result)


def test_output_is_capped(isolated_config):
    write(
        isolated_config,
        "ps-step2/1.txt.j2",
        "{% for i in range(999) %}{{ 'x'|center(40) }}{% endfor %}",
    )
    result = render(DraftKind.PS_STEP2, 1)
    assert isinstance(result, DraftError) and "output passed" in str(result)


# --- speed budgets (`-m perf`, on a quiet machine) ------------------------------------------
@pytest.mark.perf
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_templates_are_refused_within_a_second(isolated_config, name):
    write(isolated_config, "away-request/1.txt.j2", HOSTILE[name][0])
    started = time.perf_counter()
    assert isinstance(render(DraftKind.AWAY_REQUEST, 1), DraftError)
    elapsed = time.perf_counter() - started
    assert elapsed < CONTAINED_WITHIN_S, f"{name} took {elapsed:.2f} s"


@pytest.mark.perf
@pytest.mark.parametrize("name", list(MEMORY_BOMBS))
def test_memory_bombs_stop_within_the_time_limit(isolated_config, name):
    from smartpick_tui.drafts import worker

    write(isolated_config, "away-request/1.txt.j2", MEMORY_BOMBS[name])
    started = time.perf_counter()
    assert isinstance(render(DraftKind.AWAY_REQUEST, 1), DraftError)
    assert time.perf_counter() - started < worker.TIMEOUT_S + 0.5
