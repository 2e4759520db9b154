//! What the worker reports to the page: training progress, test-set evaluations, a confusion
//! matrix cell's images, the feature maps of one image, and a divergence.

use serde::{Deserialize, Serialize};

/// Training progress since the previous report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ProgressReport {
    pub running: bool,
    pub batches: u64,
    pub images_seen: u64,
    /// `images_seen / training-set size` (60,000 for MNIST).
    pub epoch: f64,
    /// Images per second over the training time of the reporting window (evaluation excluded).
    pub images_per_sec: f64,
    /// Images per second over all training time since the model was made (the steadier figure).
    pub mean_images_per_sec: f64,
    /// Mean training loss and accuracy over the window's batches (None if none ran).
    pub train_loss: Option<f32>,
    pub train_accuracy: Option<f32>,
    pub train_images_loaded: usize,
    /// The worker's wasm linear memory in bytes (pages x 64 KiB), filled in by the worker; 0 from
    /// a native session. Memory only grows, so a soak run (`make soak`) reads leaks from it.
    #[serde(default)]
    pub wasm_memory_bytes: u64,
}

/// One full test-set evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TestReport {
    /// Training images seen when it was taken.
    pub images_seen: u64,
    pub epoch: f64,
    /// Correct / evaluated, over all `evaluated` test images (10,000 for MNIST).
    pub accuracy: f64,
    pub correct: usize,
    pub evaluated: usize,
    pub loss: f64,
    /// `confusion[true][predicted]`.
    pub confusion: Vec<Vec<usize>>,
    /// The first misclassified test digits (in test-set order).
    pub misclassified: Vec<Misclassified>,
}

/// The test images of true class `truth` read as `predicted` (all `total` of them counted, the
/// most confident first listed), from the evaluation after `images_seen` training images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellImages {
    pub truth: usize,
    pub predicted: usize,
    pub total: usize,
    pub images_seen: u64,
    pub images: Vec<Misclassified>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Misclassified {
    pub index: usize,
    pub label: u8,
    pub predicted: u8,
    /// The network's probability for the class it predicted (softmax).
    pub confidence: f32,
    /// The 28x28 grey levels (0 = background).
    pub pixels: Vec<u8>,
}

/// A stack of maps of one image: `data` is `h x w x c` (channels last, as the engine stores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapStack {
    pub name: String,
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub data: Vec<f32>,
}

impl MapStack {
    /// Map `k` as `h x w` row-major values.
    pub fn channel(&self, k: usize) -> Vec<f32> {
        self.data
            .iter()
            .skip(k)
            .step_by(self.c.max(1))
            .copied()
            .collect()
    }
}

/// The look inside: conv1's filters and C1/S2/C3/S4 of one test digit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inspection {
    pub index: usize,
    pub label: u8,
    pub predicted: u8,
    pub pixels: Vec<u8>,
    /// conv1 weights as `kh x kw x out` (one input channel).
    pub filters: MapStack,
    pub maps: Vec<MapStack>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Divergence {
    pub batch: u64,
    pub images_seen: u64,
    pub loss: f32,
    pub lr: f32,
}
