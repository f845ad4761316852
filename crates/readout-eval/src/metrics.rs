//! Precision, recall, F1 and span matching.

use serde::Serialize;

/// Counts and precision / recall / F1 of one comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched pairs (one gold item matches at most one predicted item and vice versa).
    pub tp: usize,
    pub gold: usize,
    pub predicted: usize,
    /// `tp / predicted`, 0 when nothing was predicted.
    pub precision: f64,
    /// `tp / gold`, 0 when there is no gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    pub fn new(tp: usize, gold: usize, predicted: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            tp,
            gold,
            predicted,
            precision,
            recall,
            f1,
        }
    }

    /// Sum of the counts, with the ratios recomputed (micro-averaging).
    pub fn plus(self, other: Prf) -> Prf {
        Prf::new(
            self.tp + other.tp,
            self.gold + other.gold,
            self.predicted + other.predicted,
        )
    }
}

/// Number of code points two half-open spans share.
pub(crate) fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one matching of overlapping spans, largest overlaps first (ties: earlier gold,
/// then earlier prediction). Returns `(gold index, predicted index)` pairs.
pub(crate) fn match_overlapping(
    gold: &[(usize, usize)],
    pred: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut cands = vec![];
    for (g, &gs) in gold.iter().enumerate() {
        for (p, &ps) in pred.iter().enumerate() {
            let o = overlap(gs, ps);
            if o > 0 {
                cands.push((std::cmp::Reverse(o), g, p));
            }
        }
    }
    cands.sort();
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    let mut out = vec![];
    for (_, g, p) in cands {
        if !gold_used[g] && !pred_used[p] {
            gold_used[g] = true;
            pred_used[p] = true;
            out.push((g, p));
        }
    }
    out
}

/// Number of spans present in both (each list free of duplicates).
pub(crate) fn count_exact(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> usize {
    gold.iter().filter(|g| pred.contains(g)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf() {
        let p = Prf::new(3, 4, 6);
        assert_eq!(p.precision, 0.5);
        assert_eq!(p.recall, 0.75);
        assert!((p.f1 - 0.6).abs() < 1e-12);
        assert_eq!(Prf::new(0, 0, 0).f1, 0.0);
    }

    #[test]
    fn overlap_matching_is_one_to_one() {
        // One long prediction over two gold spans matches only the larger overlap.
        let m = match_overlapping(&[(0, 5), (6, 20)], &[(3, 20)]);
        assert_eq!(m, vec![(1, 0)]);
        let m = match_overlapping(&[(0, 5), (6, 10)], &[(0, 5), (7, 8), (30, 31)]);
        assert_eq!(m, vec![(0, 0), (1, 1)]);
    }
}
