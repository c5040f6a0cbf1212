"""The number of interviews a list yields: an exact Poisson-binomial distribution.

Each program on the list is one independent Bernoulli trial (invited or not) with its own
probability, so the count follows a Poisson-binomial law. We compute it exactly with the
textbook dynamic programme (add one trial at a time) rather than a normal approximation,
which is poor at the small counts that decide whether someone matches. Adding a trial is
O(n), so a list of 80 costs 80 x 80 multiplications: fast enough without numpy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import add, mul, sub

Pmf = tuple[float, ...]  # pmf[k] = P(exactly k interviews)

EMPTY: Pmf = (1.0,)


def add_trial(pmf: Sequence[float], p: float) -> Pmf:
    """The distribution after adding one program invited with probability `p`."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability {p!r} is outside [0, 1]")
    q = 1.0 - p
    # out[k] = pmf[k-1] * p + pmf[k] * q (each end has one term), at C speed: the same products
    # and sums, bit for bit, as the loop `out[k] += mass * q; out[k + 1] += mass * p` (issue 26)
    return (pmf[0] * q, *map(add, map(mul, pmf, repeat(p)), map(mul, pmf[1:], repeat(q))), pmf[-1] * p)


def remove_trial(pmf: Sequence[float], p: float) -> Pmf:
    """Undo `add_trial(pmf, p)`: the distribution without that program.

    Deconvolution run forwards when p <= 1/2 and backwards otherwise, which keeps every step
    a division by max(p, 1 - p) >= 1/2 (numerically stable)."""
    n = len(pmf) - 1
    if n < 1:
        raise ValueError("no trial to remove")
    q = 1.0 - p
    out = [0.0] * n
    if p <= 0.5:
        previous = 0.0
        for k in range(n):
            previous = out[k] = (pmf[k] - previous * p) / q
    else:
        following = 0.0
        for k in range(n, 0, -1):
            following = out[k - 1] = (pmf[k] - following * q) / p
    # rounding leaves tiny negative masses: clamped at C speed (a generator here cost as much
    # as the deconvolution itself, issue 26); `max(0.0, mass)` as before, argument order kept
    return tuple(map(max, repeat(0.0), out))


def poisson_binomial(probabilities: Iterable[float]) -> Pmf:
    """P(K = k) for k = 0..n, K the number of successes among independent trials."""
    pmf: Pmf = EMPTY
    for p in probabilities:
        pmf = add_trial(pmf, p)
    return pmf


def expectation(pmf: Sequence[float], values: Sequence[float]) -> float:
    """E[values[K]]: the sum of pmf[k] * values[k], added in order (`values` at least as long
    as `pmf`; its extra entries are ignored). At C speed: a generator over `enumerate(pmf)` cost
    3x as much in the list builder's inner loop (issue 26). `map` stops at the shorter of the
    two, so a short table is refused here rather than summed short."""
    if len(values) < len(pmf):
        raise ValueError(f"{len(values)} values for {len(pmf)} interview counts")
    total: float = sum(map(mul, pmf, values))
    return total


def steps(table: Sequence[float]) -> list[float]:
    """table[k + 1] - table[k]: what one more interview adds at k interviews."""
    return list(map(sub, table[1:], table))


def mean(pmf: Sequence[float]) -> float:
    return sum(k * mass for k, mass in enumerate(pmf))


def quantile(pmf: Sequence[float], q: float) -> int:
    """The smallest k with P(K <= k) >= q."""
    total = 0.0
    for k, mass in enumerate(pmf):
        total += mass
        if total >= q - 1e-12:
            return k
    return len(pmf) - 1


def central_interval(pmf: Sequence[float], coverage: float = 0.8) -> tuple[int, int]:
    """[low, high] holding at least `coverage` of the mass: the 10th and 90th percentiles
    for 80%. Both ends are counts the student could actually get."""
    tail = (1.0 - coverage) / 2.0
    return quantile(pmf, tail), quantile(pmf, 1.0 - tail)


# --- one applicant, many programs: the invitations are not independent ----------------------
# Programs judge the same file: letters, interviews and everything the model does not see move
# all of an applicant's chances together. So the count is a mixture over a shared
# applicant-level factor z ~ N(0, 1) that shifts every program's logit by APPLICANT_SIGMA * z;
# given z the programs are independent (Poisson-binomial). The mixture is integrated with
# 7-point Gauss-Hermite quadrature. Without it, the 80% interval of 40 identical coin flips is
# implausibly narrow for a real person (docs/calibration.md: "not only independent identical coin flips").
APPLICANT_SIGMA = 0.7  # logit SD of what the model does not know about the applicant (fitted)
_GH_NODES = (
    -2.651961356835233,
    -1.673551628767471,
    -0.816287882858965,
    0.0,
    0.816287882858965,
    1.673551628767471,
    2.651961356835233,
)
_GH_WEIGHTS = (
    0.000971781245099519,
    0.054515582819127,
    0.425607252610128,
    0.810264617556807,
    0.425607252610128,
    0.054515582819127,
    0.000971781245099519,
)
_SQRT2, _SQRT_PI = math.sqrt(2.0), math.sqrt(math.pi)
QUADRATURE: tuple[tuple[float, float], ...] = tuple(
    (w / _SQRT_PI, _SQRT2 * x) for x, w in zip(_GH_NODES, _GH_WEIGHTS, strict=True)
)


def shifted(p: float, shift: float) -> float:
    """`p` moved by `shift` on the logit scale."""
    if p <= 0.0 or p >= 1.0:
        return p
    return 1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + shift)))


def mixture(probabilities: Sequence[float], sigma: float = APPLICANT_SIGMA) -> tuple[tuple[float, Pmf], ...]:
    """(weight, pmf given z) per quadrature node: the interview count with a shared factor."""
    return tuple(
        (weight, poisson_binomial(shifted(p, sigma * z) for p in probabilities)) for weight, z in QUADRATURE
    )


def mixed_pmf(components: Sequence[tuple[float, Sequence[float]]]) -> Pmf:
    """The unconditional distribution of the count: the weighted sum of the components."""
    size = max(len(pmf) for _, pmf in components)
    out = [0.0] * size
    for weight, pmf in components:
        for k, mass in enumerate(pmf):
            out[k] += weight * mass
    total = sum(out)
    return tuple(mass / total for mass in out)
