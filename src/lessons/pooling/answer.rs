//! The page's sentences about a shift: what changed, and the answer read from the figure.
use super::{changed, reduce, PoolMode, ShiftResult, TOLERANCE};

/// The slide's point with the current counts, e.g. "Shifting the input 1 position to the right
/// changed 8 of 8 detector values but only 3 of 6 max-pooled values."
pub fn sentence(r: &ShiftResult, shift: i64, mode: PoolMode) -> String {
    if shift == 0 {
        return "Shift the input to see which values change.".to_string();
    }
    let dir = if shift > 0 { "right" } else { "left" };
    let t = shift.unsigned_abs();
    let pos = if t == 1 { "position" } else { "positions" };
    let (dc, dn, pc, pn) = (
        r.detector_changed,
        r.detector_count,
        r.pool_changed,
        r.pool_count,
    );
    let m = mode.word();
    let tail = if pc == 0 {
        format!("but none of the {pn} {m}-pooled values")
    } else if pc == pn {
        format!("and all {pc} of {pn} {m}-pooled values")
    } else if pc * dn < dc * pn {
        // Fractions, not counts: the two rows have different lengths.
        format!("but only {pc} of {pn} {m}-pooled values")
    } else {
        format!("and {pc} of {pn} {m}-pooled values")
    };
    format!(
        "Shifting the input {t} {pos} to the {dir} changed {dc} of {dn} detector values {tail}."
    )
}

/// "Q: max or average pooling?" answered by reading the figure (Deep Learning book Fig. 9.8:
/// each top value is the max of three detector values): which windows keep their maximum after
/// the shift, with one worked window, from the page's own rows.
pub fn read_the_figure(r: &ShiftResult, shift: i64) -> String {
    let fmt = |v: f32| format!("{v:.2}");
    let w = r.windows.first().map_or(0, |x| x.len());
    let maxes = |x: &[f32]| -> Vec<f32> {
        r.windows
            .iter()
            .map(|win| reduce(&x[win.clone()], PoolMode::Max))
            .collect()
    };
    let (mb, ma) = (maxes(&r.before), maxes(&r.after));
    let m = r.windows.len();
    let lead = format!(
        "Max pooling. Read the figure: each value of the top row is the max of the {w} detector \
         values under it."
    );
    if shift == 0 {
        return format!("{lead} Shift the input, then read it again.");
    }
    let kept: Vec<usize> = (0..m)
        .filter(|&j| (mb[j] - ma[j]).abs() <= TOLERANCE)
        .collect();
    let moved: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|&j| {
            changed(
                &r.before[r.windows[j].clone()],
                &r.after[r.windows[j].clone()],
            )
            .contains(&true)
        })
        .collect();
    let lost: Vec<String> = (0..m)
        .filter(|j| !kept.contains(j))
        .map(|j| (j + 1).to_string())
        .collect();
    let example = moved.first().map_or(String::new(), |&j| {
        let win = r.windows[j].clone();
        let list = |x: &[f32]| {
            x[win.clone()]
                .iter()
                .map(|&v| fmt(v))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            " Top value {}: max({}) = {} before the shift, max({}) = {} after: different \
             detector values, the same maximum, now at another place in the window.",
            j + 1,
            list(&r.before),
            fmt(mb[j]),
            list(&r.after),
            fmt(ma[j])
        )
    });
    let lost_text = if lost.is_empty() {
        "No window lost its maximum or gained a larger one, so no top value changed.".to_string()
    } else {
        format!(
            "Top value{} {} changed: there the maximum slid out of the window or a larger value \
             slid in.",
            if lost.len() == 1 { "" } else { "s" },
            lost.join(", ")
        )
    };
    format!(
        "{lead} After the shift {} of the {} detector values differ, yet {} of the {m} windows \
         still hold their old maximum, so their top values stay.{example} {lost_text} An average \
         uses all {w} values, so it changes as soon as any one of them does.",
        r.detector_changed,
        r.detector_count,
        kept.len(),
    )
}
