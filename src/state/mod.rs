//! URL query-string state shared by every lesson page.
//!
//! A lesson declares its state as a serde struct plus a table of [`Field`]s (name, default,
//! bounds). [`decode`] restores the struct from a query string, clamping or defaulting every bad
//! value with a [`Note`] the page shows; [`encode`] writes it back. Unknown keys are ignored;
//! repeated keys use the first value (with a note). Pure: tested natively.

mod choice;
mod field;
mod query;
pub mod tools;

pub use field::{Field, Kind, Note};
pub use query::{decode as percent_decode, encode as percent_encode, Query};

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

/// Keys the app shell owns on every page; lesson fields must not use them.
pub const SHELL_KEYS: &[&str] = &["embed", "present", "step", "theme"];

/// A lesson page's state: a serde struct whose fields are named by [`UrlState::FIELDS`].
pub trait UrlState: Serialize + DeserializeOwned + Clone + PartialEq {
    /// Every field of the struct, with its default and bounds.
    const FIELDS: &'static [Field];

    /// Cross-field rules (e.g. kernel <= padded input): fix `self` and explain in `notes`.
    fn constrain(&mut self, _notes: &mut Vec<Note>) {}
}

/// The state with every field at its default (the slide's values).
pub fn defaults<T: UrlState>() -> T {
    let map: Map<String, Value> = T::FIELDS
        .iter()
        .map(|f| (f.name.to_string(), f.default_value()))
        .collect();
    serde_json::from_value(Value::Object(map))
        .unwrap_or_else(|e| panic!("state defaults do not match the struct: {e}"))
}

/// Restores a state from a query string; never fails.
pub fn decode<T: UrlState>(raw: &str) -> (T, Vec<Note>) {
    decode_query(&Query::parse(raw))
}

/// Restores a state from parsed query pairs; never fails.
pub fn decode_query<T: UrlState>(q: &Query) -> (T, Vec<Note>) {
    let mut notes = Vec::new();
    let mut map = Map::new();
    for f in T::FIELDS {
        let values = q.all(f.name);
        let v = match values.first() {
            None => f.default_value(),
            Some(raw) => {
                if values.len() > 1 {
                    notes.push(Note::new(
                        f.name,
                        format!("given {} times; using the first", values.len()),
                    ));
                }
                f.parse(raw, &mut notes)
            }
        };
        map.insert(f.name.to_string(), v);
    }
    let mut state: T = match serde_json::from_value(Value::Object(map)) {
        Ok(s) => s,
        Err(e) => {
            notes.push(Note::new(
                "url",
                format!("could not be read ({e}); using defaults"),
            ));
            defaults()
        }
    };
    state.constrain(&mut notes);
    (state, notes)
}

/// Writes `state` into `q`, replacing the lesson's keys and keeping every other key.
pub fn encode_into<T: UrlState>(state: &T, q: &mut Query) {
    let value = serde_json::to_value(state).unwrap_or(Value::Null);
    for f in T::FIELDS {
        let text = match value.get(f.name) {
            Some(v) => value_text(v),
            None => continue,
        };
        if matches!(f.kind, Kind::Text { .. }) && text.is_empty() {
            q.remove(f.name);
        } else {
            q.set(f.name, &text);
        }
    }
}

/// The lesson's keys only, as `a=1&b=2`.
pub fn encode<T: UrlState>(state: &T) -> String {
    let mut q = Query::default();
    encode_into(state, &mut q);
    q.to_query_string()
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
