//! Exact Gini gain. For a node of `n` rows with class counts `c` split into `nL`/`nR` rows with
//! counts `cL`/`cR`, writing `S = Σc²`, `SL = ΣcL²`, `SR = ΣcR²`:
//!
//! ```text
//! gain = G(node) − nL/n·G(L) − nR/n·G(R),  G(X) = 1 − ΣcX²/nX²
//!      = (n·(SL·nR + SR·nL) − S·nL·nR) / (n²·nL·nR)
//! ```
//!
//! Within one node `n` and `S` are fixed, so candidates are ranked by `(SL·nR + SR·nL) / (nL·nR)`
//! alone ([`Score`]). Every quantity fits u128 for `n < 2^32` (numerators ≤ n⁴/4); comparisons
//! cross-multiply into 256 bits, so no float and no rounding ever decides a split.

use core::cmp::Ordering;

/// `(a × b)` as a 256-bit number `(high, low)`.
pub fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & LOW);
    let (b1, b0) = (b >> 64, b & LOW);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
    let low = (p00 & LOW) | (mid << 64);
    let high = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (high, low)
}

/// Compares `a × b` with `c × d` exactly.
#[inline]
pub fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    // Fast path: all four below 2^64, so each product fits u128 (the usual case below ~2M rows,
    // and the inner loop's only multiplication).
    if (a | b | c | d) >> 64 == 0 {
        return (a * b).cmp(&(c * d));
    }
    mul_wide(a, b).cmp(&mul_wide(c, d))
}

/// A candidate's rank within its node: `p / q` with `p = SL·nR + SR·nL`, `q = nL·nR` (both sides
/// non-empty, so `q > 0`). Larger is better.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    pub p: u128,
    pub q: u128,
}

impl Score {
    /// Score of a split with `nl`/`nr` rows and squared-count sums `sl`/`sr`.
    #[inline]
    pub fn new(sl: u64, sr: u64, nl: u64, nr: u64) -> Self {
        Self {
            p: u128::from(sl) * u128::from(nr) + u128::from(sr) * u128::from(nl),
            q: u128::from(nl) * u128::from(nr),
        }
    }

    /// True iff `self` ranks strictly above `other` (ties are not better: the first one stays).
    #[inline]
    pub fn beats(&self, other: &Score) -> bool {
        cmp_products(self.p, other.q, other.p, self.q) == Ordering::Greater
    }

    /// The split's Gini gain in a node of `n` rows with `S = s`.
    pub fn gain(&self, n: u64, s: u64) -> Gain {
        let n = u128::from(n);
        // n·p ≥ S·q because Gini impurity is concave: a split never loses purity.
        Gain { num: n * self.p - u128::from(s) * self.q, den: n * n * self.q }
    }
}

/// A Gini gain as the exact fraction `num / den` (`den > 0`).
#[derive(Debug, Clone, Copy)]
pub struct Gain {
    pub num: u128,
    pub den: u128,
}

impl Gain {
    /// `gain > ppm / 10^6`.
    pub fn exceeds_ppm(&self, ppm: u32) -> bool {
        cmp_products(self.num, 1_000_000, u128::from(ppm), self.den) == Ordering::Greater
    }

    /// The same rational number (ml-cart's `gain !== parentGain`, decided exactly).
    pub fn same_as(&self, other: &Gain) -> bool {
        cmp_products(self.num, other.den, other.num, self.den) == Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_products_match_small_ones_and_carry() {
        assert_eq!(mul_wide(7, 9), (0, 63));
        assert_eq!(mul_wide(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        assert_eq!(mul_wide(1 << 64, 1 << 64), (1, 0));
        assert_eq!(mul_wide(u128::MAX, 2), (1, u128::MAX - 1));
    }

    #[test]
    fn products_compare_exactly_on_both_paths() {
        let big = 1u128 << 64;
        assert_eq!(cmp_products(3, 4, 2, 6), Ordering::Equal);
        assert_eq!(
            cmp_products(u64::MAX as u128, u64::MAX as u128, u64::MAX as u128 - 1, u64::MAX as u128),
            Ordering::Greater
        );
        assert_eq!(cmp_products(big, 3, 3, big), Ordering::Equal);
        assert_eq!(cmp_products(big + 1, big, big, big), Ordering::Greater);
        assert_eq!(cmp_products(u128::MAX, u128::MAX, u128::MAX, u128::MAX - 1), Ordering::Greater);
    }

    #[test]
    fn gain_of_a_perfect_two_class_split_is_one_half() {
        // 2 + 2 rows, classes [2, 2] → [2, 0] | [0, 2]: G = 0.5 → 0.
        let score = Score::new(4, 4, 2, 2);
        let gain = score.gain(4, 8);
        assert!(gain.same_as(&Gain { num: 1, den: 2 }));
        assert!(gain.exceeds_ppm(499_999));
        assert!(!gain.exceeds_ppm(500_000));
    }
}
