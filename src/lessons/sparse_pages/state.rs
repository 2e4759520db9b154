//! URL state of the four pages (public URL contract: parameter names and slide defaults), the sliders'
//! cross-field rules, and what a link that breaks them is changed into (with a [`Note`]).

use crate::lessons::connectivity::{output_count, ConnectivityParams};
use crate::lessons::equivariance::EquivarianceParams;
use crate::lessons::sharing::{Counts2dParams, Sharing};
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

pub use super::rf_state::{RfState, RF_CAPS, RF_IMAGE_SIDE};

/// Input width of the connectivity and sharing pages: 2..32 (the slide layer's sliders).
pub const N_MIN: usize = 2;
pub const N_MAX: usize = 32;
/// Padding cap: `p <= k - 1` alone would let k and p ratchet each other up without end.
pub const P_MAX: usize = 16;
/// Kernel cap: the widest padded input, `N_MAX + 2 P_MAX`.
pub const K_MAX: usize = N_MAX + 2 * P_MAX;

const fn int(name: &'static str, default: i64, min: i64, max: i64) -> Field {
    Field::int(name, default, min, max)
}

/// The slider ranges for one layer: k in 1..=n+2p, s in 1..=k+2, p in 0..=k-1.
/// Returns `(k_max, s_max, p_max)` for the current values (capped by `k_cap`, `p_cap`).
pub fn layer_ranges(n: usize, k: usize, p: usize, k_cap: usize, p_cap: usize) -> [usize; 3] {
    let k_max = (n + 2 * p).clamp(1, k_cap);
    [k_max, k.max(1) + 2, k.saturating_sub(1).min(p_cap)]
}

/// Moves one slider of a layer (`"n"`, `"k"`, `"s"` or `"p"`) and pulls the others back into
/// their ranges. The kernel is not pulled down when n or p shrink: the page then explains why
/// the layer has no outputs, which is the point of that combination.
pub fn move_layer_slider(
    (n, k, s, p): (usize, usize, usize, usize),
    name: &str,
    value: usize,
    (n_min, n_max, k_cap, p_cap): (usize, usize, usize, usize),
) -> (usize, usize, usize, usize) {
    let (mut n, mut k, mut s, mut p) = (n, k, s, p);
    let [k_max, s_max, p_max] = layer_ranges(n, k, p, k_cap, p_cap);
    match name {
        "n" => n = value.clamp(n_min, n_max),
        "k" => k = value.clamp(1, k_max),
        "s" => s = value.clamp(1, s_max),
        "p" => p = value.min(p_max),
        _ => {}
    }
    let [_, s_max, p_max] = layer_ranges(n, k, p, k_cap, p_cap);
    s = s.clamp(1, s_max);
    p = p.min(p_max);
    (n, k, s, p)
}

fn fix_layer_in_url(prefix: &str, k: usize, s: &mut usize, p: &mut usize, notes: &mut Vec<Note>) {
    if *p > k.saturating_sub(1) {
        let fixed = k.saturating_sub(1);
        let msg = format!("padding {p} is more than k - 1 = {fixed}; using {fixed}");
        notes.push(Note::new(&format!("p{prefix}"), msg));
        *p = fixed;
    }
    if *s > k + 2 {
        let msg = format!("stride {s} is more than k + 2 = {}; using {}", k + 2, k + 2);
        notes.push(Note::new(&format!("s{prefix}"), msg));
        *s = k + 2;
    }
}

// ---------------------------------------------------------------------------------------------

/// `/connectivity`: the layer and the selected unit (`xi` = input x_i, `sj` = output s_j,
/// 1-based as on the slide; 0 = nothing selected; at most one of them is set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectivityState {
    pub n: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
    pub xi: usize,
    pub sj: usize,
}

impl ConnectivityState {
    pub fn params(&self) -> ConnectivityParams {
        let (n, k, s, p) = (self.n, self.k, self.s, self.p);
        ConnectivityParams { n, k, s, p }
    }

    /// Current slider maxima `(k, s, p)`.
    pub fn ranges(&self) -> [usize; 3] {
        layer_ranges(self.n, self.k, self.p, K_MAX, P_MAX)
    }

    /// The state after moving slider `name` to `value`; a selection that no longer exists is
    /// dropped.
    pub fn with_slider(mut self, name: &str, value: usize) -> Self {
        let caps = (N_MIN, N_MAX, K_MAX, P_MAX);
        (self.n, self.k, self.s, self.p) =
            move_layer_slider((self.n, self.k, self.s, self.p), name, value, caps);
        self.drop_stale_selection(&mut Vec::new());
        self
    }

    /// Selects input `i` (0-based), or clears it when it is already selected.
    pub fn toggle_input(mut self, i: usize) -> Self {
        self.xi = if self.xi == i + 1 { 0 } else { i + 1 };
        self.sj = 0;
        self
    }

    /// Selects output `j` (0-based), or clears it when it is already selected.
    pub fn toggle_output(mut self, j: usize) -> Self {
        self.sj = if self.sj == j + 1 { 0 } else { j + 1 };
        self.xi = 0;
        self
    }

    fn drop_stale_selection(&mut self, notes: &mut Vec<Note>) {
        let outputs = output_count(self.params()).unwrap_or(0);
        if self.xi > self.n {
            notes.push(Note::new(
                "xi",
                format!("there is no x_{}; nothing selected", self.xi),
            ));
            self.xi = 0;
        }
        if self.sj > outputs {
            notes.push(Note::new(
                "sj",
                format!("there is no s_{}; nothing selected", self.sj),
            ));
            self.sj = 0;
        }
        if self.xi > 0 && self.sj > 0 {
            notes.push(Note::new(
                "sj",
                "one selection at a time; keeping the input xi",
            ));
            self.sj = 0;
        }
    }
}

impl UrlState for ConnectivityState {
    const FIELDS: &'static [Field] = &[
        int("n", 5, N_MIN as i64, N_MAX as i64),
        int("k", 3, 1, K_MAX as i64),
        int("s", 1, 1, K_MAX as i64 + 2),
        int("p", 1, 0, P_MAX as i64),
        int("xi", 0, 0, N_MAX as i64),
        int("sj", 0, 0, K_MAX as i64),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        fix_layer_in_url("", self.k, &mut self.s, &mut self.p, notes);
        self.drop_stale_selection(notes);
    }
}

// ---------------------------------------------------------------------------------------------

/// `/parameter-sharing`: the layer of `/connectivity`, shared or locally connected weights, the
/// pinned output `sj` and weight tap `w` (1-based, 0 = none), and the 2-D example (an image of
/// `side x side`, kernel `k2 x k2`, stride `s2`, padding `p2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharingState {
    pub n: usize,
    pub k: usize,
    pub s: usize,
    pub p: usize,
    pub mode: Sharing,
    pub sj: usize,
    pub w: usize,
    pub side: usize,
    pub k2: usize,
    pub s2: usize,
    pub p2: usize,
}

/// Image side and 2-D kernel caps of the sharing page.
pub const SIDE_MAX: usize = 256;
pub const K2_MAX: usize = 15;
pub const P2_MAX: usize = 7;

impl SharingState {
    pub fn layer(&self) -> ConnectivityState {
        let (n, k, s, p) = (self.n, self.k, self.s, self.p);
        ConnectivityState {
            n,
            k,
            s,
            p,
            xi: 0,
            sj: self.sj,
        }
    }

    pub fn params(&self) -> ConnectivityParams {
        self.layer().params()
    }

    pub fn counts_2d_params(&self) -> Counts2dParams {
        let (h, w, k, s, p) = (self.side, self.side, self.k2, self.s2, self.p2);
        Counts2dParams { h, w, k, s, p }
    }

    /// Slider maxima `(k2, s2, p2)` of the 2-D example.
    pub fn ranges_2d(&self) -> [usize; 3] {
        layer_ranges(self.side, self.k2, self.p2, K2_MAX, P2_MAX)
    }

    /// Moves a slider of the 1-D layer (`n k s p`) or of the 2-D example (`side k2 s2 p2`).
    pub fn with_slider(mut self, name: &str, value: usize) -> Self {
        let short = match name {
            "side" => Some("n"),
            "k2" => Some("k"),
            "s2" => Some("s"),
            "p2" => Some("p"),
            _ => None,
        };
        if let Some(short) = short {
            let caps = (3, SIDE_MAX, K2_MAX, P2_MAX);
            let now = (self.side, self.k2, self.s2, self.p2);
            (self.side, self.k2, self.s2, self.p2) = move_layer_slider(now, short, value, caps);
        } else {
            let l = self.layer().with_slider(name, value);
            (self.n, self.k, self.s, self.p, self.sj) = (l.n, l.k, l.s, l.p, l.sj);
            if self.w > self.k {
                self.w = 0;
            }
        }
        self
    }
}

impl UrlState for SharingState {
    const FIELDS: &'static [Field] = &[
        int("n", 5, N_MIN as i64, N_MAX as i64),
        int("k", 3, 1, K_MAX as i64),
        int("s", 1, 1, K_MAX as i64 + 2),
        int("p", 1, 0, P_MAX as i64),
        Field::new(
            "mode",
            Kind::Choice {
                default: "shared",
                options: &["shared", "local"],
            },
        ),
        int("sj", 0, 0, K_MAX as i64),
        int("w", 0, 0, K_MAX as i64),
        int("side", 28, 3, SIDE_MAX as i64),
        int("k2", 5, 1, K2_MAX as i64),
        int("s2", 1, 1, K2_MAX as i64 + 2),
        int("p2", 2, 0, P2_MAX as i64),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        let mut l = self.layer();
        l.constrain(notes);
        (self.s, self.p, self.sj) = (l.s, l.p, l.sj);
        if self.w > self.k {
            let msg = format!("the kernel has weights w_1 to w_{}; none pinned", self.k);
            notes.push(Note::new("w", msg));
            self.w = 0;
        }
        fix_layer_in_url("2", self.k2, &mut self.s2, &mut self.p2, notes);
    }
}

// ---------------------------------------------------------------------------------------------

/// `/equivariance`: `shift` (1-D, and columns in 2-D), `dy` (rows in 2-D), `seed`.
pub type EquivarianceState = EquivarianceParams;

/// Largest shift the page offers (a quarter of the 32-long signal).
pub const SHIFT_MAX: i64 = 8;

impl UrlState for EquivarianceParams {
    const FIELDS: &'static [Field] = &[
        int("shift", 2, -SHIFT_MAX, SHIFT_MAX),
        int("dy", 1, -6, 6),
        Field::new("seed", Kind::Seed { default: 10 }),
    ];
}
