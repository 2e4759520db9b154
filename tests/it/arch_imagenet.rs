//! The ILSVRC chart data (Russakovsky et al. 2015, IJCV; Szegedy et al. 2015, Table 2; He et
//! al. 2016, Table 5).

use cnn_lab::lessons::arch::imagenet::{winners, ILSVRC_CLASSIFICATION};

#[test]
fn winners_by_year() {
    let w: Vec<(u16, &str, f64, Option<u32>)> = winners()
        .map(|e| (e.year, e.team, e.top5_error, e.layers))
        .collect();
    assert_eq!(
        w,
        [
            (2010, "NEC-UIUC", 28.2, None),
            (2011, "XRCE", 25.8, None),
            (2012, "SuperVision", 16.4, Some(8)),
            (2013, "Clarifai", 11.7, Some(8)),
            (2014, "GoogLeNet", 6.7, Some(22)),
            (2015, "MSRA", 3.57, Some(152)),
        ]
    );
}

/// The slide: "more layers, better performance": every year's winner beats the last, and the
/// 2014 runner-up VGG (19 layers, 7.3%) is there too.
#[test]
fn more_layers_better_performance() {
    let errors: Vec<f64> = winners().map(|e| e.top5_error).collect();
    assert!(errors.windows(2).all(|p| p[1] < p[0]));
    let vgg = ILSVRC_CLASSIFICATION
        .iter()
        .find(|e| e.team == "VGG")
        .unwrap();
    assert_eq!(
        (vgg.year, vgg.place, vgg.top5_error, vgg.layers),
        (2014, 2, 7.3, Some(19))
    );
    assert!(ILSVRC_CLASSIFICATION.iter().all(|e| !e.source.is_empty()));
}
