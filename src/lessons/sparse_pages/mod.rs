//! Page state and drawing geometry of the four sparse-connectivity lessons (lecture sections
//! 3-5): `/connectivity`, `/receptive-field`, `/parameter-sharing`, `/equivariance`.
//!
//! Pure, like the rest of `lessons`: the URL state structs (with their bounds and cross-field
//! rules) and the positions of units in the diagrams, tested natively in
//! `tests/lessons_sparse_pages.rs`. The pages in `ui::pages` only wrap these in signals and draw.

pub mod layout;
pub mod rf_state;
pub mod state;

pub use layout::{output_centre, RfLayout};
pub use state::{ConnectivityState, EquivarianceState, RfState, SharingState};
