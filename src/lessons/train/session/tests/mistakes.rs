//! The confusion matrix's cells, opened.

use super::{files, loaded};
use crate::lessons::train::session::mistakes;
use crate::lessons::train::TrainSettings;

/// A confusion-matrix cell lists exactly its images (true class and prediction as counted), the
/// most confident first, and is refused before an evaluation and for classes outside 0..10.
#[test]
fn confusion_cells_list_their_images() {
    let f = files(&[200], 120);
    let settings = TrainSettings {
        batch: 10,
        lr: 0.003,
        ..TrainSettings::default()
    };
    let mut s = loaded(&f, settings);
    assert!(s.cell_images(0, 1).is_err(), "no evaluation yet");
    for _ in 0..4 {
        s.step().unwrap();
    }
    let r = s.evaluate().unwrap();
    assert!(s.cell_images(10, 0).is_err());
    let mut listed = 0;
    for t in 0..10 {
        for p in 0..10 {
            let c = s.cell_images(t, p).unwrap();
            assert_eq!(c.total, r.confusion[t][p], "cell ({t}, {p})");
            assert_eq!(c.images.len(), c.total.min(mistakes::MAX_CELL_IMAGES));
            assert_eq!(c.images_seen, r.images_seen);
            assert!(c
                .images
                .windows(2)
                .all(|w| w[0].confidence >= w[1].confidence));
            for m in &c.images {
                assert_eq!((usize::from(m.label), usize::from(m.predicted)), (t, p));
                assert_eq!(m.pixels.len(), 784);
                assert!(m.confidence > 0.0 && m.confidence <= 1.0);
            }
            listed += c.total;
        }
    }
    assert_eq!(listed, 120);
    // A new model forgets the old weights' outcomes.
    s.reset(settings).unwrap();
    assert!(s.cell_images(0, 0).is_err());
}
