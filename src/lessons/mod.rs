//! Pure math for each lesson page. Never imports UI code.
pub mod arch;
pub mod connectivity;
pub mod conv_layer;
pub mod equivariance;
pub mod gradients;
pub mod pool_pages;
pub mod pooling;
pub mod receptive_field;
pub mod seagull;
pub mod sharing;
pub mod sparse_pages;
pub mod train;
