//! Every lesson's URL-state parser under the same generated hostile query strings as the browser
//! sweep (`tests/e2e/specs/hostile.spec.js`: same xorshift32 generator, names and values, in the same
//! order).
//! Properties: never panics; the state it settles on re-encodes to a URL that decodes to the same
//! state with no adjustment notes (so every value is within its declared bounds and cross-field
//! rules); decoding is deterministic.

use cnn_lab::lessons::arch::state::{ArchState, InceptionState, ResnetState, ThreeState};
use cnn_lab::lessons::equivariance::EquivarianceParams;
use cnn_lab::lessons::gradients::state::{DegradationState, VanishingState};
use cnn_lab::lessons::pool_pages::{ConvLayerState, PoolingState, SeagullState};
use cnn_lab::lessons::sparse_pages::state::{ConnectivityState, RfState, SharingState};
use cnn_lab::lessons::train::inside::InsideParams;
use cnn_lab::lessons::train::settings::TrainParams;
use cnn_lab::state::tools::BenchState;
use cnn_lab::state::{self, UrlState};

const NAMES: &[&str] = &[
    "n",
    "k",
    "s",
    "p",
    "d",
    "unit",
    "shift",
    "seed",
    "w",
    "mode",
    "values",
    "x",
    "y",
    "image",
    "kernel",
    "pool",
    "net",
    "h",
    "c",
    "b1",
    "b3r",
    "b3",
    "b5r",
    "b5",
    "pp",
    "depth",
    "act",
    "residual",
    "lr",
    "batch",
    "optimizer",
    "dy",
    "gull",
    "pool_stride",
    "model",
    "width",
    "init",
    "depths",
    "embed",
    "present",
    "step",
    "theme",
    "autorun",
    "data",
    "row",
    "zoom",
    "reveal",
    "d1",
    "d2",
    "m",
    "a",
    "b",
    "build",
    "workers",
];

fn values() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "0",
        "1",
        "-1",
        "2",
        "3",
        "7",
        "64",
        "65",
        "1000",
        "-99999",
        "99999999999999999999",
        "1e308",
        "-1e308",
        "1e-320",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "0x10",
        "3.5",
        "1,2,3",
        "3,3,3,3,3,3,3,3,3,3",
        ",,,",
        "max",
        "avg",
        "relu",
        "sigmoid",
        "tanh",
        "adam",
        "sgd",
        "a",
        "b",
        "c",
        "vgg19",
        "🐦",
        "%F0%9F%90%A6",
        "%",
        "%zz",
        "%00",
        "<script>alert(1)</script>",
        "'\"",
        "../../etc",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(3000));
    v.extend(
        [" 5 ", "+5", "true", "on", "fashion", "mnist"]
            .iter()
            .map(|s| s.to_string()),
    );
    v
}

/// xorshift32, bit-identical to the JavaScript one in hostile.spec.js.
struct XorShift32(u32);
impl XorShift32 {
    fn next(&mut self) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        x
    }
}

fn queries(count: usize, seed: u32) -> Vec<String> {
    let vals = values();
    let mut r = XorShift32(if seed == 0 { 1 } else { seed });
    (0..count)
        .map(|_| {
            let n = r.next() % 8;
            let mut parts = Vec::new();
            for _ in 0..n {
                let name = NAMES[(r.next() as usize) % NAMES.len()];
                let value = &vals[(r.next() as usize) % vals.len()];
                let enc = if r.next().is_multiple_of(3) {
                    value.clone()
                } else {
                    state::percent_encode(value)
                };
                if r.next().is_multiple_of(11) {
                    parts.push(name.to_string());
                } else {
                    parts.push(format!("{name}={enc}"));
                }
            }
            if r.next().is_multiple_of(17) {
                parts.push("&&=&".into());
            }
            parts.join("&")
        })
        .collect()
}

/// The struct's fields and its table's names are the same set: a field missing from the table
/// (or a table entry the struct lacks) fails here, never as a silent "using defaults".
fn fields_match_table<T: UrlState>(label: &str) {
    let value = serde_json::to_value(state::defaults::<T>()).expect("serialisable state");
    let mut fields: Vec<&str> = value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut table: Vec<&str> = T::FIELDS.iter().map(|f| f.name).collect();
    fields.sort_unstable();
    table.sort_unstable();
    assert_eq!(
        fields, table,
        "{label}: struct fields and FIELDS table differ"
    );
    for name in &table {
        assert!(
            !state::SHELL_KEYS.contains(name),
            "{label}: {name} is a key of the app shell"
        );
    }
}

fn sweep<T: UrlState + std::fmt::Debug>(label: &str, seed: u32) -> usize {
    fields_match_table::<T>(label);
    let mut adjusted = 0;
    for q in queries(2000, seed) {
        let (s, notes) = state::decode::<T>(&q);
        if !notes.is_empty() {
            adjusted += 1;
        }
        let canonical = state::encode(&s);
        let (again, notes2) = state::decode::<T>(&canonical);
        assert_eq!(again, s, "{label}: {q} -> {canonical} does not round-trip");
        assert!(
            notes2.is_empty(),
            "{label}: the settled state of {q} re-decodes with notes {notes2:?}"
        );
        assert_eq!(state::decode::<T>(&q).0, s, "{label}: not deterministic");
    }
    adjusted
}

#[test]
fn every_lesson_state_settles_on_a_valid_state() {
    let mut report = Vec::new();
    report.push((
        "connectivity",
        sweep::<ConnectivityState>("connectivity", 1),
    ));
    report.push(("parameter-sharing", sweep::<SharingState>("sharing", 2)));
    report.push(("receptive-field", sweep::<RfState>("receptive-field", 3)));
    report.push((
        "equivariance",
        sweep::<EquivarianceParams>("equivariance", 4),
    ));
    report.push(("pooling", sweep::<PoolingState>("pooling", 5)));
    report.push(("conv-layer", sweep::<ConvLayerState>("conv-layer", 6)));
    report.push(("seagull", sweep::<SeagullState>("seagull", 7)));
    report.push(("train", sweep::<TrainParams>("train", 8)));
    report.push(("train (inside)", sweep::<InsideParams>("train-inside", 16)));
    report.push((
        "vanishing-gradients",
        sweep::<VanishingState>("vanishing-gradients", 9),
    ));
    report.push(("degradation", sweep::<DegradationState>("degradation", 10)));
    report.push(("architectures", sweep::<ArchState>("architectures", 11)));
    report.push(("inception", sweep::<InceptionState>("inception", 12)));
    report.push(("three-networks", sweep::<ThreeState>("three-networks", 13)));
    report.push(("resnet", sweep::<ResnetState>("resnet", 14)));
    report.push(("bench", sweep::<BenchState>("bench", 15)));
    for (name, adjusted) in &report {
        println!("state sweep {name}: 2000 generated queries, {adjusted} adjusted with a note");
    }
}

#[test]
fn the_generator_matches_the_browser_one() {
    // First values of the JS xorshift32 with seed 1 (node -e in hostile.spec.js's function).
    let mut r = XorShift32(1);
    assert_eq!(
        [r.next(), r.next(), r.next()],
        [270369, 67634689, 2647435461]
    );
    assert_eq!(queries(3, 1000).len(), 3);
}

/// Every state of the app is in the sweep above: each `impl UrlState for X` in `src/` names an
/// `X` this file sweeps.
#[test]
fn the_sweep_covers_every_state_of_the_app() {
    fn scan(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                scan(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for part in text.split("impl UrlState for ").skip(1) {
                    let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
                    if !p.ends_with("state/tests.rs") {
                        out.push(name);
                    }
                }
            }
        }
    }
    let mut states = Vec::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut states,
    );
    assert!(states.len() >= 15, "{states:?}");
    let this = include_str!("state_sweep.rs");
    for s in &states {
        assert!(this.contains(&format!("sweep::<{s}>")), "{s} is not swept");
    }
}
