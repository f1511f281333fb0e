"""95 % intervals for the headline figures.

A metric whose every value is 0 or 1 (hit@5, abstention, verbatim) is a proportion: its interval
is Wilson's score interval, which stays honest at 0/n and n/n. Any other mean (MRR, key-fact
coverage) gets a percentile bootstrap over the questions, seeded so a report is reproducible.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Z95 = 1.959963984540054
RESAMPLES = 2000


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for ``successes`` out of ``n``."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap(
    values: Sequence[float], resamples: int = RESAMPLES, seed: int = 0
) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of the mean over ``resamples`` resamples."""
    if not values:
        return (0.0, 1.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(rng.choices(values, k=n)) / n for _ in range(resamples))
    return (means[int(0.025 * (resamples - 1))], means[int(0.975 * (resamples - 1))])


def interval(values: Sequence[float]) -> tuple[float, float]:
    """The 95 % interval of the mean of ``values``, rounded to 3 places."""
    if all(v in (0.0, 1.0) for v in values):
        low, high = wilson(sum(values), len(values))
    else:
        low, high = bootstrap(values)
    return (round(low, 3), round(high, 3))
