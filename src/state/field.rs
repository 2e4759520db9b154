//! One URL parameter's declaration (type, default, bounds) and its tolerant parsing.

use serde_json::Value;

/// What a page changed while reading its URL: shown to the reader as a small note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub param: String,
    pub message: String,
}

impl Note {
    pub fn new(param: &str, message: impl Into<String>) -> Self {
        Self {
            param: param.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

/// The kind, default and bounds of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// An integer in `min..=max`.
    Int { default: i64, min: i64, max: i64 },
    /// A finite float in `min..=max`.
    Float { default: f64, min: f64, max: f64 },
    /// `0`/`1` (also `true`/`false`, `on`/`off`, `yes`/`no`).
    Bool { default: bool },
    /// One of a fixed set of names.
    Choice {
        default: &'static str,
        options: &'static [&'static str],
    },
    /// A comma list of integers in `min..=max`, `min_len..=max_len` entries.
    IntList {
        default: &'static [i64],
        min: i64,
        max: i64,
        min_len: usize,
        max_len: usize,
    },
    /// A random seed: any unsigned 32-bit integer.
    Seed { default: u32 },
    /// Text the lesson reads itself (a typed row of values, a kernel, a network), with notes of
    /// its own; empty means absent from the URL. Longer than `max_len` characters: dropped.
    Text { max_len: usize },
}

/// A parameter declaration: the query-string key and its kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

impl Field {
    pub const fn new(name: &'static str, kind: Kind) -> Self {
        Self { name, kind }
    }

    /// An integer field in `min..=max`.
    pub const fn int(name: &'static str, default: i64, min: i64, max: i64) -> Self {
        Self::new(name, Kind::Int { default, min, max })
    }

    /// The default value as JSON.
    pub fn default_value(&self) -> Value {
        match self.kind {
            Kind::Int { default, .. } => Value::from(default),
            Kind::Float { default, .. } => Value::from(default),
            Kind::Bool { default } => Value::from(default),
            Kind::Choice { default, .. } => Value::from(default),
            Kind::IntList { default, .. } => Value::from(default.to_vec()),
            Kind::Seed { default } => Value::from(default),
            Kind::Text { .. } => Value::from(""),
        }
    }

    /// Parses `raw`, clamping or defaulting with a note when it is out of bounds or malformed.
    pub fn parse(&self, raw: &str, notes: &mut Vec<Note>) -> Value {
        let raw_t = raw.trim();
        let shown = shorten(raw);
        match self.kind {
            Kind::Int { default, min, max } => match parse_int(raw_t) {
                Some(v) => Value::from(clamp_note(self.name, v, min, max, &shown, notes)),
                None => {
                    notes.push(Note::new(
                        self.name,
                        format!("\"{shown}\" is not a whole number; using {default}"),
                    ));
                    Value::from(default)
                }
            },
            Kind::Float { default, min, max } => match raw_t.parse::<f64>() {
                Ok(v) if v.is_finite() => {
                    let c = v.clamp(min, max);
                    if c != v {
                        notes.push(Note::new(
                            self.name,
                            format!("{shown} is outside {min}..{max}; using {c}"),
                        ));
                    }
                    Value::from(c)
                }
                _ => {
                    notes.push(Note::new(
                        self.name,
                        format!("\"{shown}\" is not a finite number; using {default}"),
                    ));
                    Value::from(default)
                }
            },
            Kind::Bool { default } => match raw_t.to_ascii_lowercase().as_str() {
                "1" | "true" | "on" | "yes" => Value::from(true),
                "0" | "false" | "off" | "no" => Value::from(false),
                _ => {
                    notes.push(Note::new(
                        self.name,
                        format!("\"{shown}\" is not 0 or 1; using {}", default as u8),
                    ));
                    Value::from(default)
                }
            },
            Kind::Choice { default, options } => {
                let lower = raw_t.to_ascii_lowercase();
                match options.iter().find(|o| **o == lower) {
                    Some(o) => Value::from(*o),
                    None => {
                        notes.push(Note::new(
                            self.name,
                            format!(
                                "\"{shown}\" is not one of {}; using {default}",
                                options.join(", ")
                            ),
                        ));
                        Value::from(default)
                    }
                }
            }
            Kind::IntList {
                default,
                min,
                max,
                min_len,
                max_len,
            } => {
                let parts: Vec<&str> = raw_t.split(',').map(str::trim).collect();
                let parsed: Option<Vec<i64>> = parts.iter().map(|p| parse_int(p)).collect();
                match parsed {
                    Some(mut list) if list.len() >= min_len => {
                        if list.len() > max_len {
                            notes.push(Note::new(
                                self.name,
                                format!("at most {max_len} entries; kept the first {max_len}"),
                            ));
                            list.truncate(max_len);
                        }
                        let list: Vec<i64> = list
                            .into_iter()
                            .map(|v| clamp_note(self.name, v, min, max, &v.to_string(), notes))
                            .collect();
                        Value::from(list)
                    }
                    _ => {
                        notes.push(Note::new(
                            self.name,
                            format!(
                                "\"{shown}\" is not a list of {min_len}..{max_len} whole numbers; \
                                 using {}",
                                join(default)
                            ),
                        ));
                        Value::from(default.to_vec())
                    }
                }
            }
            Kind::Text { max_len } => {
                if raw.chars().count() > max_len {
                    notes.push(Note::new(
                        self.name,
                        format!("longer than {max_len} characters; ignored"),
                    ));
                    Value::from("")
                } else {
                    Value::from(raw)
                }
            }
            Kind::Seed { default } => match parse_int(raw_t) {
                Some(v) if (0..=u32::MAX as i64).contains(&v) => Value::from(v),
                _ => {
                    notes.push(Note::new(
                        self.name,
                        format!(
                            "\"{shown}\" is not a seed (0..{}); using {default}",
                            u32::MAX
                        ),
                    ));
                    Value::from(default)
                }
            },
        }
    }
}

/// Integers, also written as `3.0` or `1e2`; huge values saturate (then get clamped).
fn parse_int(s: &str) -> Option<i64> {
    if let Ok(v) = s.parse::<i64>() {
        return Some(v);
    }
    let f = s.parse::<f64>().ok()?;
    if !f.is_finite() {
        return if f.is_nan() {
            None
        } else if f > 0.0 {
            Some(i64::MAX)
        } else {
            Some(i64::MIN)
        };
    }
    if f.fract() != 0.0 {
        return None;
    }
    // `as` saturates for out-of-range floats.
    Some(f as i64)
}

fn clamp_note(name: &str, v: i64, min: i64, max: i64, shown: &str, notes: &mut Vec<Note>) -> i64 {
    let c = v.clamp(min, max);
    if c != v {
        notes.push(Note::new(
            name,
            format!("{shown} is outside {min}..{max}; using {c}"),
        ));
    }
    c
}

fn join(list: &[i64]) -> String {
    list.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Keeps notes short and printable whatever was pasted into the URL.
fn shorten(raw: &str) -> String {
    let clean: String = raw.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 24 {
        format!("{}…", clean.chars().take(24).collect::<String>())
    } else {
        clean
    }
}
