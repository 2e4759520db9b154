//! ILSVRC image-classification results, 2010-2015: the winner's top-5 error on the test set and
//! its depth (the lecture's "more layers, better performance" chart).
//!
//! Sources:
//! - Russakovsky et al., "ImageNet Large Scale Visual Recognition Challenge", IJCV 115(3), 2015,
//!   Sec. 6 (winners by year; errors to 5 decimals: 0.28191, 0.25770, 0.16422, 0.11743, 0.06656;
//!   VGG 0.07325).
//! - Szegedy et al., "Going deeper with convolutions", CVPR 2015, Table 2 (SuperVision 2012
//!   16.4%, 15.3% with external data; Clarifai 2013 11.7%, 11.2% with external data; VGG 2014
//!   7.32%; GoogLeNet 2014 6.67%).
//! - Krizhevsky et al. 2012, Table 2 (5 CNNs: 16.4% test top-5; pre-trained on the Fall 2011
//!   release: 15.3%). Simonyan & Zisserman 2015, Table 7 (VGG 7.3% in the competition, 6.8%
//!   after it).
//! - He et al. 2016, Table 5 (ResNet ensemble 3.57%, the ILSVRC 2015 winner; 152 layers).
//!
//! Depths are weight layers as the papers count them; `None` = "shallow" (hand-designed
//! features + linear classifiers: SIFT/LBP with sparse coding, Fisher vectors).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IlsvrcEntry {
    pub year: u16,
    /// 1 = winner, 2 = runner-up.
    pub place: u8,
    pub team: &'static str,
    pub model: &'static str,
    /// Top-5 classification error on the test set, percent.
    pub top5_error: f64,
    /// Weight layers; `None` for the shallow (pre-CNN) entries.
    pub layers: Option<u32>,
    pub source: &'static str,
    pub note: &'static str,
    /// The entry averaged several networks (all CNN winners did; 2010/2011 were not networks).
    pub ensemble: bool,
    /// The network of the architecture table that stands for this entry (its own, or its
    /// deepest published one), when there is one.
    pub net: Option<&'static str>,
}

const RUSS: &str = "Russakovsky et al. 2015, IJCV, Sec. 6";

/// The chart's bars in year order (winner first within a year).
pub const ILSVRC_CLASSIFICATION: &[IlsvrcEntry] = &[
    IlsvrcEntry {
        year: 2010,
        place: 1,
        team: "NEC-UIUC",
        model: "SIFT + LBP, sparse coding, linear SVMs (Lin et al. 2011)",
        top5_error: 28.2,
        layers: None,
        source: RUSS,
        note: "0.28191",
        net: None,
        ensemble: false,
    },
    IlsvrcEntry {
        year: 2011,
        place: 1,
        team: "XRCE",
        model: "Fisher vectors, linear SVMs (Perronnin, Sanchez et al.)",
        top5_error: 25.8,
        layers: None,
        source: RUSS,
        note: "0.25770",
        net: None,
        ensemble: false,
    },
    IlsvrcEntry {
        year: 2012,
        place: 1,
        team: "SuperVision",
        model: "AlexNet (Krizhevsky, Sutskever & Hinton)",
        top5_error: 16.4,
        layers: Some(8),
        source: "Krizhevsky et al. 2012, Table 2; Szegedy et al. 2015, Table 2",
        note: "5 CNNs, no extra data: 16.4% (0.16422); with pre-training on ImageNet Fall 2011 \
               the winning entry scored 15.3%",
        net: Some("alexnet"),
        ensemble: true,
    },
    IlsvrcEntry {
        year: 2013,
        place: 1,
        team: "Clarifai",
        model: "ZFNet-style CNN ensemble (Zeiler & Fergus 2014)",
        top5_error: 11.7,
        layers: Some(8),
        source: "Russakovsky et al. 2015; Szegedy et al. 2015, Table 2",
        note: "0.11743; 11.2% with outside training data; 8 layers like AlexNet, retuned \
               (Zeiler & Fergus 2014: 7x7 first-layer filters with stride 2 instead of 11x11 \
               with stride 4)",
        net: None,
        ensemble: true,
    },
    IlsvrcEntry {
        year: 2014,
        place: 1,
        team: "GoogLeNet",
        model: "GoogLeNet / Inception v1 (Szegedy et al.)",
        top5_error: 6.7,
        layers: Some(22),
        source: "Russakovsky et al. 2015; Szegedy et al. 2015, Table 2 (6.67%)",
        note: "0.06656; ensemble of 7 networks, 144 crops",
        net: Some("googlenet"),
        ensemble: true,
    },
    IlsvrcEntry {
        year: 2014,
        place: 2,
        team: "VGG",
        model: "VGG (Simonyan & Zisserman)",
        top5_error: 7.3,
        layers: Some(19),
        source: "Russakovsky et al. 2015; Szegedy et al. 2015, Table 2 (7.32%)",
        note: "0.07325; ensemble of 16- and 19-layer nets; 6.8% after the competition \
               (Simonyan & Zisserman 2015, Table 7)",
        net: Some("vgg19"),
        ensemble: true,
    },
    IlsvrcEntry {
        year: 2015,
        place: 1,
        team: "MSRA",
        model: "ResNet (He et al.)",
        top5_error: 3.57,
        layers: Some(152),
        source: "He et al. 2016, CVPR, Table 5",
        note: "ensemble; a single ResNet-152: 4.49% on the validation set (Table 4)",
        net: Some("resnet152"),
        ensemble: true,
    },
];

/// Winners only (one per year), in year order.
pub fn winners() -> impl Iterator<Item = &'static IlsvrcEntry> {
    ILSVRC_CLASSIFICATION.iter().filter(|e| e.place == 1)
}

/// A reference line on the chart that is not a competition entry.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub label: &'static str,
    pub top5_error: f64,
    pub source: &'static str,
    pub note: &'static str,
}

/// Human top-5 error: one trained annotator labelling 1,500 test images.
pub const HUMAN_TOP5: Reference = Reference {
    label: "human (trained annotator)",
    top5_error: 5.1,
    source: "Russakovsky et al. 2015, IJCV, Sec. 6.4",
    note: "one trained annotator on 1,500 of the test images",
};

fn years(v: &[u16]) -> String {
    match v {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} and {last}",
            rest.iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What the winners' depths did year by year, from the table (2013 was no deeper than 2012).
pub fn depth_story() -> String {
    let shallow: Vec<u16> = winners()
        .filter(|e| e.layers.is_none())
        .map(|e| e.year)
        .collect();
    let mut prev: Option<u32> = None;
    let mut steps = Vec::new();
    for e in winners() {
        let Some(l) = e.layers else { continue };
        let same = prev == Some(l);
        steps.push(if same {
            format!("{l} again in {} (not deeper)", e.year)
        } else {
            format!("{l} in {}", e.year)
        });
        prev = Some(l);
    }
    let flat: Vec<u16> = winners()
        .zip(winners().skip(1))
        .filter(|(a, b)| a.layers.is_some() && a.layers == b.layers)
        .map(|(_, b)| b.year)
        .collect();
    let flat_note = if flat.is_empty() {
        String::new()
    } else {
        format!(
            " Depth did not grow every year: the {} winner was as deep as the year before and \
             won by tuning it.",
            years(&flat)
        )
    };
    format!(
        "Shallow models (hand-designed features and linear classifiers, not networks) won in {}. \
         From then on every winner was a convolutional network; their weight layers: {}. More \
         layers, better performance, overall.{flat_note}",
        years(&shallow),
        {
            let n = steps.len();
            match n {
                0 => String::new(),
                1 => steps[0].clone(),
                _ => format!("{} and {}", steps[..n - 1].join(", "), steps[n - 1]),
            }
        }
    )
}

/// Which entries are ensembles, from the table.
pub fn ensemble_story() -> String {
    let ens: Vec<u16> = ILSVRC_CLASSIFICATION
        .iter()
        .filter(|e| e.ensemble)
        .map(|e| e.year)
        .collect();
    let mut ens_years = ens.clone();
    ens_years.dedup();
    let not_nets: Vec<u16> = ILSVRC_CLASSIFICATION
        .iter()
        .filter(|e| e.layers.is_none())
        .map(|e| e.year)
        .collect();
    format!(
        "The network entries ({}) are ensembles of several networks, the table says how many; \
         the {} entries are not networks at all.",
        years(&ens_years),
        years(&not_nets)
    )
}
