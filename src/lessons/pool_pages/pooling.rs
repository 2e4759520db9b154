//! URL state of `/pooling`: the 1-D row and the 2-D digit view, the `values=` row typed by
//! hand, and the 2-D view's count of changed values.

use super::{int, MODES};
use crate::data::dataset::{Dataset, DATA_FIELD};
use crate::lessons::pooling::{
    parse_values, PoolMode, PoolingParams, MAX_SHIFT, MAX_UNITS, TOLERANCE,
};
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

/// Largest MNIST test index the 2-D view offers (the test shard has 10,000 images).
pub const DIGIT_MAX: i64 = 9_999;
/// Largest 2-D shift of the digit, in pixels.
pub const SHIFT_2D_MAX: i64 = 3;

/// `/pooling`: the 1-D row (`n w s shift mode seed`, and `values`: a typed row replacing the
/// seeded one, empty when there is none; it sets `n`) and the 2-D view (`digit`, `dx`, `dy`,
/// and `data` for its data set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolingState {
    pub n: i64,
    pub w: i64,
    pub s: i64,
    pub shift: i64,
    pub mode: PoolMode,
    pub seed: u32,
    pub digit: i64,
    pub dx: i64,
    pub dy: i64,
    pub data: Dataset,
    pub values: String,
}

/// Longest `values=` text read (32 values of a few digits each fit many times over).
pub const VALUES_MAX_CHARS: usize = 1000;

impl UrlState for PoolingState {
    const FIELDS: &'static [Field] = &[
        int("n", 8, 1, MAX_UNITS as i64),
        int("w", 3, 1, MAX_UNITS as i64),
        int("s", 1, 1, MAX_UNITS as i64),
        int("shift", 1, -(MAX_SHIFT as i64), MAX_SHIFT as i64),
        Field::new(
            "mode",
            Kind::Choice {
                default: "max",
                options: MODES,
            },
        ),
        Field::new("seed", Kind::Seed { default: 1 }),
        int("digit", 0, 0, DIGIT_MAX),
        int("dx", 1, -SHIFT_2D_MAX, SHIFT_2D_MAX),
        int("dy", 0, -SHIFT_2D_MAX, SHIFT_2D_MAX),
        DATA_FIELD,
        Field::new(
            "values",
            Kind::Text {
                max_len: VALUES_MAX_CHARS,
            },
        ),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        let text = std::mem::take(&mut self.values);
        notes.extend(self.set_values(&text));
        if self.w > self.n {
            notes.push(Note::new(
                "w",
                format!(
                    "a pool window of {} does not fit {} units; using {}",
                    self.w, self.n, self.n
                ),
            ));
            self.w = self.n;
        }
    }
}

impl PoolingState {
    /// The 2-D view's data set.
    pub fn dataset(&self) -> Dataset {
        self.data
    }

    pub fn pool_mode(&self) -> PoolMode {
        self.mode
    }

    /// Uses the typed row `text` (empty: the seeded row): stored in its canonical form, with
    /// `n` its length (and `w` at most `n`); notes for entries it changed, or for a row it
    /// could not read (then the seeded row is kept).
    pub fn set_values(&mut self, text: &str) -> Vec<Note> {
        let (typed, notes) = read_values(Some(text));
        match typed.and_then(|t| parse_values(&t).ok()) {
            Some(p) => {
                let shown: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
                self.values = shown.join(",");
                self.n = p.values.len() as i64;
                self.w = self.w.min(self.n);
            }
            None => self.values.clear(),
        }
        notes
    }

    /// The seeded row again (`values` cleared).
    pub fn clear_values(&mut self) {
        self.values.clear();
    }

    /// The pure module's parameters.
    pub fn params(&self) -> PoolingParams {
        let values = (!self.values.is_empty()).then(|| self.values.clone());
        PoolingParams {
            n: self.n.max(1) as usize,
            w: self.w.max(1) as usize,
            s: self.s.max(1) as usize,
            shift: self.shift,
            mode: self.pool_mode(),
            seed: u64::from(self.seed),
            values,
        }
    }
}

/// Reads `values=`: `Some(text)` when it parses (with notes for clamped entries), `None` with a
/// note when it does not (the page then uses the seeded row).
pub fn read_values(raw: Option<&str>) -> (Option<String>, Vec<Note>) {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return (None, Vec::new());
    };
    match parse_values(raw) {
        Ok(parsed) => {
            let notes = parsed
                .notes
                .into_iter()
                .map(|m| Note::new("values", m))
                .collect();
            (Some(raw.trim().to_string()), notes)
        }
        Err(e) => (
            None,
            vec![Note::new(
                "values",
                format!("{e}; using the seeded random row instead"),
            )],
        ),
    }
}

/// In the 2-D view, how many of the *active* values changed: those non-zero before or after the
/// shift (the black background is 0 in every map and never changes, so counting it would only
/// dilute both fractions, and the pooled map, wider than the ReLU map, would be diluted less).
/// Returns `(changed, active)`.
pub fn active_changes(
    before: &ndarray::Array2<f32>,
    after: &ndarray::Array2<f32>,
    flags: &ndarray::Array2<bool>,
) -> (usize, usize) {
    let mut counts = (0, 0);
    for ((b, a), &f) in before.iter().zip(after.iter()).zip(flags.iter()) {
        if *b > TOLERANCE || *a > TOLERANCE {
            counts.1 += 1;
            counts.0 += usize::from(f);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::pooling;
    use crate::state::{decode, defaults, encode};

    #[test]
    fn pooling_defaults_are_the_slide() {
        let s: PoolingState = defaults();
        let r = pooling::run(&s.params()).unwrap();
        assert_eq!((r.detector_changed, r.detector_count), (8, 8));
        assert_eq!(r.pool_count, 6);
        assert_eq!(
            encode(&s),
            "n=8&w=3&s=1&shift=1&mode=max&seed=1&digit=0&dx=1&dy=0&data=mnist"
        );
    }

    /// The page pools with the engine (`lesson_api::pool1d`); its counts must be the pure ones.
    #[test]
    fn engine_pooling_gives_the_pure_counts() {
        use crate::engine::lesson_api;
        let mut cases = 0;
        for n in [1, 2, 5, 8, 13, 32] {
            for w in 1..=n.min(6) {
                for s in 1..=4 {
                    for shift in -3..=3 {
                        for (mode, em) in [
                            ("max", lesson_api::PoolMode::Max),
                            ("avg", lesson_api::PoolMode::Avg),
                        ] {
                            let st = PoolingState {
                                n,
                                w,
                                s,
                                shift,
                                mode: PoolMode::from_id(mode).unwrap(),
                                seed: (n * 31 + w) as u32,
                                ..defaults()
                            };
                            let r = pooling::run(&st.params()).unwrap();
                            let (w, s) = (w as usize, s as usize);
                            let b = lesson_api::pool1d(&r.before, w, s, em).unwrap();
                            let a = lesson_api::pool1d(&r.after, w, s, em).unwrap();
                            for (x, y) in b.iter().zip(&r.pooled_before) {
                                assert!((x - y).abs() < 1e-6, "n{n} w{w} s{s} {mode}");
                            }
                            let changed = pooling::changed(&b, &a).iter().filter(|&&f| f).count();
                            assert_eq!(changed, r.pool_changed, "n{n} w{w} s{s} t{shift} {mode}");
                            assert_eq!(b.len(), r.pool_count);
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert!(cases > 500);
    }

    #[test]
    fn pooling_bad_links_are_fixed_with_notes() {
        let (s, notes) = decode::<PoolingState>("n=4&w=9&mode=median&shift=7");
        assert_eq!((s.n, s.w, s.shift, s.mode), (4, 4, 3, PoolMode::Max));
        let params: Vec<&str> = notes.iter().map(|n| n.param.as_str()).collect();
        assert_eq!(params, ["shift", "mode", "w"]);
        assert!(pooling::run(&s.params()).is_ok());
    }

    #[test]
    fn values_are_read_or_refused() {
        assert_eq!(read_values(None), (None, vec![]));
        let (v, notes) = read_values(Some("0.1,-2,0.5"));
        assert_eq!(v.as_deref(), Some("0.1,-2,0.5"));
        assert_eq!(notes.len(), 1);
        let (v, notes) = read_values(Some("0.1,abc"));
        assert_eq!(v, None);
        assert!(notes[0].message.contains("abc"));
    }

    #[test]
    fn active_changes_ignore_the_background() {
        let b = ndarray::arr2(&[[0.0, 1.0, 0.0, 0.0]]);
        let a = ndarray::arr2(&[[0.0, 0.0, 1.0, 0.0]]);
        let flags = b
            .iter()
            .zip(a.iter())
            .map(|(x, y)| x != y)
            .collect::<Vec<_>>();
        let flags = ndarray::Array2::from_shape_vec((1, 4), flags).unwrap();
        assert_eq!(active_changes(&b, &a, &flags), (2, 2));
        assert_eq!(active_changes(&b, &b, &flags.mapv(|_| false)), (0, 1));
    }
}
