"""The terminal app's garbage-collector policy, in one place (issue 26).

Python's full (generation-2) collections visit every container object the process holds. A
10,000-program catalog and what is computed from it (estimates, facts per specialty) are
~100,000 such objects that live as long as the catalog; without this policy they were visited
again and again, and a full pass landing inside a rebuild of the SmartPick list cost 16-114 ms
(the p95 rebuild was 504 ms at 10,000 programs, 4.6 s / 9.5 s for the core at 50k / 100k).

The policy:
- `start` (cli/tui.py, once the first screen is up; the collector is off until then): collect
  the garbage of start-up, freeze what is left (Textual, the modules, the first tab), collect
  as usual from then on.
- `keep_what_lives`, called on the UI thread once a new catalog (or a new specialty's facts)
  is installed and drawn: collect, then freeze. The catalog and its caches leave the full
  passes; what a rebuild leaves behind stays collectable as before.

Collecting first is what makes a freeze safe: a freeze makes permanent whatever exists at
that moment, garbage included, so it never runs without the collection just before it, nor
from a worker (a worker's freeze, without a collection, once ran on every catalog change).
Frozen objects that later lose their last reference (an old catalog) are freed by their
reference count, but frozen objects that later become *cyclic* garbage are not (a catalog's
search index and its cached rankings point at each other; Textual's caches are rings): so each
keep first unfreezes, collects everything, then freezes again. What died since the last keep is
collected there (a full pass, once per new catalog: ~20 ms at 6,000 programs, ~60 ms at 30,000),
and nothing frozen is kept for good.

Tests and embedders build the app without `start`: then `keep_what_lives` does nothing, and
nothing in the app touches the collector.
"""

from __future__ import annotations

import gc

_policy_on = False


def start() -> None:
    """The first screen is up: collect start-up's garbage, freeze what is left, collect from
    now on (the caller turned the collector off before start-up)."""
    global _policy_on
    gc.collect()
    gc.freeze()
    gc.enable()
    _policy_on = True


def keep_what_lives() -> None:
    """Take what exists now out of the full passes, its garbage collected first (including what
    was frozen before and has died since). Call it on the UI thread, once after something large
    that lives on (a catalog) was installed."""
    if _policy_on:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def policy_on() -> bool:
    return _policy_on


def stop() -> None:
    """Back to Python's defaults (the tests that run `start`, and benchmarks that compare)."""
    global _policy_on
    _policy_on = False
    gc.unfreeze()
    gc.enable()
