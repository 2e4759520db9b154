//! The border effect, exactly: the interior where conv and shift commute to the last bit, the
//! outputs that do change, and the answer's sentence about them.

use std::ops::Range;

/// The interior for `n` inputs, kernel `k`, padding `p`, shift `t` (see the `equivariance`
/// module docs). Empty (`start == end`) when no window escapes the fill.
pub fn interior(n: usize, k: usize, p: usize, t: i64) -> Range<usize> {
    let lo = (p as i64).saturating_add(t.max(0));
    let hi = (n as i64)
        .saturating_add(t.min(0))
        .saturating_sub(k as i64)
        .saturating_add(p as i64 + 1);
    let lo = lo.clamp(0, i64::from(u32::MAX)) as usize;
    lo..(hi.max(lo as i64) as usize)
}

/// Which outputs of conv(shift(x)) and shift(conv(x)) differ, exactly, for a kernel whose
/// weights are all non-zero and a signal without zeros: output `j` differs when one of its `k`
/// products reads moved data on one side and a zero (shift fill or padding) on the other.
/// Both sides read `x[j - p + tau - t]` or 0, so this is decided term by term, without numbers.
pub fn changed_outputs(n: usize, k: usize, p: usize, t: i64) -> Vec<usize> {
    let m = (n + 2 * p + 1).saturating_sub(k);
    let (n, p) = (n as i64, p as i64);
    let inside = |i: i64| (0..n).contains(&i);
    (0..m)
        .filter(|&j| {
            let j = j as i64;
            (0..k as i64).any(|tau| {
                let i = j - p + tau;
                // conv(shift(x)): shifted position i holds x[i - t] if both are in the frame.
                let a = inside(i) && inside(i - t);
                // shift(conv(x)): output j - t of conv(x) (fill if outside), which reads x[i - t].
                let b = (0..m as i64).contains(&(j - t)) && inside(i - t);
                a != b
            })
        })
        .collect()
}

/// Consecutive runs of sorted indices, as inclusive `(first, last)` pairs.
pub fn runs(v: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in v {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == i => *last = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// The answer's sentence on which outputs change, for the page's kernel, padding and shift
/// (computed by [`changed_outputs`]), and the general rule.
pub fn border_sentence(n: usize, k: usize, p: usize, t: i64) -> String {
    let m = (n + 2 * p + 1).saturating_sub(k);
    let changed = changed_outputs(n, k, p, t);
    let list: Vec<String> = runs(&changed)
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                format!("{a}")
            } else {
                format!("{a} to {b}")
            }
        })
        .collect();
    let here = if changed.is_empty() {
        format!("With k = {k}, p = {p} and a shift of {t}, none of the {m} outputs changes.")
    } else {
        format!(
            "With k = {k}, p = {p} and a shift of {t}, {} of the {m} outputs (numbered 0 to {}) \
             differ: {}; all others agree exactly.",
            changed.len(),
            m.saturating_sub(1),
            list.join(" and ")
        )
    };
    format!(
        "{here} The band depends on the shift and the padding: for a shift t > 0 (right), the \
         outputs that differ are the min(t, k - 1 - p) just before position t, whose window \
         already reaches moved data while shift(conv(x)) is still zero fill, and the last p, \
         where the padding stands in for data that moved out of the frame; a shift to the left is \
         the mirror image (the first p, and min(|t|, k - 1 - p) at the right end)."
    )
}
