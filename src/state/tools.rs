//! The URL state of the tool pages: `/bench`'s `autorun=1` (start at once; `make bench` opens it
//! so). `/embed` has none.

use super::{Field, Kind, UrlState};
use serde::{Deserialize, Serialize};

/// `/bench`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchState {
    pub autorun: bool,
}

impl UrlState for BenchState {
    const FIELDS: &'static [Field] = &[Field::new("autorun", Kind::Bool { default: false })];
}
