//! One cell of the confusion matrix, opened: the test images of true class `truth` that the
//! network read as `predicted`, the most confident first (for an off-diagonal cell: its most
//! confident mistakes), from the last full evaluation of the current weights.

use super::Session;
use crate::data::mnist::NUM_CLASSES;
use crate::lessons::train::protocol::{CellImages, Misclassified};

/// Images a cell lists at most.
pub const MAX_CELL_IMAGES: usize = 24;

impl Session {
    /// The cell `(truth, predicted)` of the last evaluation's confusion matrix, with up to
    /// [`MAX_CELL_IMAGES`] of its images. An error before any evaluation of these weights, or
    /// for a class outside 0..10.
    pub fn cell_images(&self, truth: usize, predicted: usize) -> Result<CellImages, String> {
        if truth >= NUM_CLASSES || predicted >= NUM_CLASSES {
            return Err(format!(
                "no confusion-matrix cell ({truth}, {predicted}): classes are 0 to 9"
            ));
        }
        let test = self.test.as_ref().ok_or("the test set is not loaded yet")?;
        if self.outcomes.len() != test.len() {
            return Err("the current weights have not been evaluated yet".into());
        }
        let mut hits: Vec<(usize, f32)> = self
            .outcomes
            .iter()
            .enumerate()
            .filter(|(i, (p, _))| {
                usize::from(*p) == predicted && test.label(*i).map(usize::from) == Some(truth)
            })
            .map(|(i, &(_, c))| (i, c))
            .collect();
        let total = hits.len();
        // Most confident first; ties in test-set order (a stable sort keeps it).
        hits.sort_by(|a, b| b.1.total_cmp(&a.1));
        let images = hits
            .into_iter()
            .take(MAX_CELL_IMAGES)
            .map(|(index, confidence)| Misclassified {
                index,
                label: truth as u8,
                predicted: predicted as u8,
                confidence,
                pixels: test.image(index).unwrap_or_default().to_vec(),
            })
            .collect();
        Ok(CellImages {
            truth,
            predicted,
            total,
            images_seen: self.outcomes_seen,
            images,
        })
    }
}
