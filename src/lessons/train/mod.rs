//! The `/train` lesson's pure half: URL state and model recipe ([`settings`]), the typed messages
//! between the page and its training Web Worker ([`protocol`]), and the training session the
//! worker drives ([`session`]: batch scheduling over streamed shards, divergence detection,
//! full test-set evaluation, confusion matrix, misclassified digits, feature maps, prediction).
//! No UI imports: everything here is tested natively; `src/bin/worker/` is only message glue.

pub mod inside;
pub mod pool;
pub mod protocol;
pub mod session;
pub mod settings;

pub use protocol::{FromWorker, ToWorker};
pub use session::Session;
pub use settings::{TrainParams, TrainSettings};
