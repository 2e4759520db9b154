use super::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Demo {
    n: i64,
    k: i64,
    lr: f64,
    act: String,
    residual: bool,
    ks: Vec<i64>,
    seed: u32,
}

impl UrlState for Demo {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "n",
            Kind::Int {
                default: 5,
                min: 2,
                max: 32,
            },
        ),
        Field::new(
            "k",
            Kind::Int {
                default: 3,
                min: 1,
                max: 34,
            },
        ),
        Field::new(
            "lr",
            Kind::Float {
                default: 0.01,
                min: 1e-5,
                max: 10.0,
            },
        ),
        Field::new(
            "act",
            Kind::Choice {
                default: "relu",
                options: &["relu", "tanh", "sigmoid"],
            },
        ),
        Field::new("residual", Kind::Bool { default: false }),
        Field::new(
            "ks",
            Kind::IntList {
                default: &[3, 3, 3],
                min: 1,
                max: 9,
                min_len: 1,
                max_len: 8,
            },
        ),
        Field::new("seed", Kind::Seed { default: 42 }),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        if self.k > self.n {
            notes.push(Note::new(
                "k",
                format!("kernel larger than n; using {}", self.n),
            ));
            self.k = self.n;
        }
    }
}

fn d(raw: &str) -> (Demo, Vec<Note>) {
    decode::<Demo>(raw)
}

#[test]
fn empty_query_gives_defaults_without_notes() {
    let (s, notes) = d("");
    assert_eq!(s, defaults::<Demo>());
    assert!(notes.is_empty());
    assert_eq!(s.n, 5);
    assert_eq!(s.ks, vec![3, 3, 3]);
}

#[test]
fn valid_values_round_trip_exactly() {
    let (s, notes) = d("n=9&k=4&lr=0.003&act=tanh&residual=1&ks=5,3,1&seed=7");
    assert!(notes.is_empty(), "{notes:?}");
    let text = encode(&s);
    assert_eq!(text, "n=9&k=4&lr=0.003&act=tanh&residual=1&ks=5,3,1&seed=7");
    assert_eq!(decode::<Demo>(&text).0, s);
}

#[test]
fn out_of_range_is_clamped_with_a_note() {
    let (s, notes) = d("n=1000&lr=-3&ks=0,99");
    assert_eq!(s.n, 32);
    assert_eq!(s.lr, 1e-5);
    assert_eq!(s.ks, vec![1, 9]);
    assert_eq!(notes.len(), 4, "{notes:?}");
}

#[test]
fn garbage_nan_huge_negative_are_defaulted_or_clamped() {
    let cases = [
        ("n=abc", 5),
        ("n=NaN", 5),
        ("n=", 5),
        ("n=1e400", 32),
        ("n=-1e400", 2),
        ("n=99999999999999999999999", 32),
        ("n=-7", 2),
        ("n=3.5", 5),
        ("n=4.0", 4),
        ("n=%F0%9F%90%A6", 5),
        ("n=0x10", 5),
    ];
    for (raw, want) in cases {
        let (s, notes) = d(raw);
        assert_eq!(s.n, want, "{raw}");
        if want != 4 {
            assert!(!notes.is_empty(), "{raw} should leave a note");
        }
    }
    let (s, notes) = d("lr=NaN&act=RELU&residual=maybe&seed=-1");
    assert_eq!(s.lr, 0.01);
    assert_eq!(s.act, "relu");
    assert!(!s.residual);
    assert_eq!(s.seed, 42);
    assert_eq!(notes.len(), 3, "{notes:?}");
    let (s, _) = d("lr=inf");
    assert_eq!(s.lr, 0.01);
}

#[test]
fn repeated_keys_use_the_first_with_a_note() {
    let (s, notes) = d("n=7&n=9&n=11");
    assert_eq!(s.n, 7);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].message.contains("3 times"));
}

#[test]
fn lists_are_validated() {
    let (s, notes) = d("ks=1,2,3,4,5,6,7,8,9,9");
    assert_eq!(s.ks.len(), 8);
    assert_eq!(notes.len(), 1);
    let (s, notes) = d("ks=,,");
    assert_eq!(s.ks, vec![3, 3, 3]);
    assert_eq!(notes.len(), 1);
    let (s, _) = d("ks=%205%20,%203");
    assert_eq!(s.ks, vec![5, 3]);
}

#[test]
fn cross_field_rules_apply() {
    let (s, notes) = d("n=4&k=9");
    assert_eq!((s.n, s.k), (4, 4));
    assert_eq!(notes.len(), 1);
}

#[test]
fn unknown_and_shell_keys_are_kept_when_writing_back() {
    let mut q = Query::parse("embed=1&n=3&zzz=%E2%82%AC&present=1");
    let (mut s, _) = decode_query::<Demo>(&q);
    s.n = 12;
    encode_into(&s, &mut q);
    let text = q.to_query_string();
    assert!(
        text.starts_with("embed=1&n=12&zzz=%E2%82%AC&present=1&k=3"),
        "{text}"
    );
}

#[test]
fn fuzzed_queries_never_panic_and_always_land_in_bounds() {
    // Seeded generator: the same 5,000 query strings every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let atoms = [
        "n",
        "k",
        "lr",
        "act",
        "ks",
        "seed",
        "residual",
        "=",
        "&",
        "%",
        "%2",
        "%zz",
        "-",
        "1e9",
        "NaN",
        "inf",
        ",",
        "0",
        "1",
        "33",
        "relu",
        "🐦",
        "+",
        "?",
        "9999999999999999999999",
    ];
    for _ in 0..5000 {
        let len = (next() % 12) as usize;
        let raw: String = (0..len)
            .map(|_| atoms[(next() % atoms.len() as u64) as usize])
            .collect();
        let (s, _) = d(&raw);
        assert!((2..=32).contains(&s.n), "{raw}");
        assert!((1..=s.n).contains(&s.k), "{raw}");
        assert!(s.lr.is_finite() && (1e-5..=10.0).contains(&s.lr), "{raw}");
        assert!(!s.ks.is_empty() && s.ks.len() <= 8, "{raw}");
        assert_eq!(decode::<Demo>(&encode(&s)).0, s, "round trip of {raw}");
    }
}
