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

/// 2013's winner (Clarifai, ZFNet-style, 8 layers) was no deeper than 2012's AlexNet, so the
/// page must not say "each was deeper than the last"; it says which year was not.
#[test]
fn depth_did_not_grow_in_2013() {
    use cnn_lab::lessons::arch::imagenet::depth_story;
    let s = depth_story();
    assert!(!s.contains("each was deeper than the last"), "{s}");
    assert!(
        s.contains("8 in 2012, 8 again in 2013 (not deeper), 22 in 2014 and 152 in 2015"),
        "{s}"
    );
    assert!(s.contains("won in 2010 and 2011"), "{s}");
    assert!(
        s.contains("the 2013 winner was as deep as the year before"),
        "{s}"
    );
}

/// Only the network entries are ensembles; 2010 and 2011 were not networks at all.
#[test]
fn only_network_entries_are_ensembles() {
    use cnn_lab::lessons::arch::imagenet::ensemble_story;
    for e in ILSVRC_CLASSIFICATION {
        assert_eq!(e.ensemble, e.layers.is_some(), "{}", e.year);
    }
    let s = ensemble_story();
    assert!(!s.contains("All entries are ensembles"), "{s}");
    assert!(
        s.contains("(2012, 2013, 2014 and 2015) are ensembles"),
        "{s}"
    );
    assert!(
        s.contains("the 2010 and 2011 entries are not networks at all"),
        "{s}"
    );
}

/// No stray backslash or line break in any note (the VGG note printed "competition \ (").
#[test]
fn notes_are_clean_text() {
    for e in ILSVRC_CLASSIFICATION {
        for t in [e.note, e.source, e.model, e.team] {
            assert!(
                !t.contains('\\') && !t.contains('\n') && !t.contains("  "),
                "{t:?}"
            );
        }
    }
}

/// The human reference line: about 5.1% top-5 error (Russakovsky et al. 2015, Sec. 6.4).
#[test]
fn human_reference() {
    use cnn_lab::lessons::arch::imagenet::HUMAN_TOP5;
    assert_eq!(HUMAN_TOP5.top5_error, 5.1);
    assert!(HUMAN_TOP5.source.contains("Russakovsky et al. 2015"));
    assert!(HUMAN_TOP5.source.contains("Sec. 6.4"));
}

#[test]
fn every_linked_entry_names_a_network_of_the_table() {
    use cnn_lab::lessons::arch::zoo::NetEntry;
    let linked: Vec<_> = ILSVRC_CLASSIFICATION.iter().filter_map(|e| e.net).collect();
    assert_eq!(linked, ["alexnet", "googlenet", "vgg19", "resnet152"]);
    for id in linked {
        assert!(NetEntry::find(id).is_some(), "{id}");
    }
}
