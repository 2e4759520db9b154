//! The engine's typed errors. Every shape problem names the op and the shapes involved, so a
//! lesson page can show the message as-is (a slider can produce "kernel larger than input").

/// Result alias used across the engine.
pub type Result<T> = std::result::Result<T, EngineError>;

/// Everything that can go wrong in the engine. Never a panic on user-controlled shapes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// Operand shapes do not fit the op.
    #[error("{op}: {msg} (shapes: {shapes})")]
    Shape {
        op: &'static str,
        msg: String,
        shapes: String,
    },
    /// A hyper-parameter is out of range (stride 0, window 0, ...).
    #[error("{op}: invalid parameter: {msg}")]
    Param { op: &'static str, msg: String },
    /// A model configuration is inconsistent (e.g. a dense layer fed a 4-D tensor it cannot take).
    #[error("model config: {0}")]
    Config(String),
    /// A weights file cannot be parsed or has an unknown format/version.
    #[error("weights file: {0}")]
    Format(String),
    /// A weights file was written for another architecture or another parameter shape.
    #[error("weights do not match this model: {0}")]
    Mismatch(String),
}

impl EngineError {
    pub(crate) fn shape(
        op: &'static str,
        msg: impl Into<String>,
        shapes: impl Into<String>,
    ) -> Self {
        EngineError::Shape {
            op,
            msg: msg.into(),
            shapes: shapes.into(),
        }
    }
    pub(crate) fn param(op: &'static str, msg: impl Into<String>) -> Self {
        EngineError::Param {
            op,
            msg: msg.into(),
        }
    }
}
