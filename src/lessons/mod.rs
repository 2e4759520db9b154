//! Pure math for each lesson page. Never imports UI code.
pub mod connectivity;
pub mod receptive_field;
pub mod sharing;
pub mod arch;
pub mod equivariance;
pub mod pooling;
pub mod conv_layer;
pub mod seagull;
