"""Statistics from published counts, with a well-kept library (scipy).

Both methods reproduce MBRRACE-UK's published figures (see tests/test_stats.py):
- exact Poisson 95% CI of a rate: 191 deaths / 2,173,810 maternities -> 8.79 (7.58 to 10.12);
- exact conditional rate ratio CI: 2018-20 vs 2017-19 -> 1.24 (1.02 to 1.51).
"""

from __future__ import annotations

from dataclasses import dataclass

# scipy is imported inside the functions: it takes about 1 s to import and a server
# started on a validated cache never calls them (cold start budget, see docs/benchmarks.md).

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    value: float
    lower: float
    upper: float
    p_value: float | None = None  # two-sided, for a test of no difference (rate ratios only)


def poisson_rate(count: int, denominator: int, multiplier: float) -> Estimate:
    """Rate per `multiplier` with the exact (Garwood) Poisson 95% interval."""
    if count < 0 or denominator <= 0:
        raise ValueError("count must be >= 0 and denominator > 0")
    from scipy.stats import chi2

    # Garwood's interval: the chi-squared quantiles of 2k and 2k + 2 degrees of freedom, halved.
    tail = (1 - CONFIDENCE) / 2
    low = float(chi2.ppf(tail, 2 * count)) / 2 if count else 0.0
    high = float(chi2.ppf(1 - tail, 2 * count + 2)) / 2
    return Estimate(count / denominator * multiplier, low / denominator * multiplier, high / denominator * multiplier)


def rate_ratio(count: int, denominator: int, ref_count: int, ref_denominator: int) -> Estimate:
    """Ratio of two Poisson rates with the exact 95% interval conditional on the total count."""
    if min(denominator, ref_denominator) <= 0 or count < 0 or ref_count < 0 or count + ref_count == 0:
        raise ValueError("need positive denominators and at least one event")
    from scipy.stats import binomtest

    # Conditional on the total, the first count is binomial with p = d1 / (d1 + d2) when the rates are equal.
    test = binomtest(count, count + ref_count, p=denominator / (denominator + ref_denominator))
    ci = binomtest(count, count + ref_count).proportion_ci(CONFIDENCE, method="exact")
    scale = ref_denominator / denominator

    def to_ratio(p: float) -> float:
        return float("inf") if p >= 1 else p / (1 - p) * scale

    value = (count / denominator) / (ref_count / ref_denominator) if ref_count else float("inf")
    return Estimate(value, to_ratio(ci.low), to_ratio(ci.high), float(test.pvalue))
