//! Published totals, with their sources, that the calculator reproduces (each is a test in
//! `tests/arch_*.rs`; the notes say under which convention it matches).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Params,
    Macs,
    Connections,
    WeightLayers,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Published {
    pub quantity: Quantity,
    pub value: f64,
    /// As printed in the source.
    pub printed: &'static str,
    pub source: &'static str,
    /// How the calculator's figure relates to it.
    pub note: &'static str,
}

const fn p(
    quantity: Quantity,
    value: f64,
    printed: &'static str,
    source: &'static str,
    note: &'static str,
) -> Published {
    Published {
        quantity,
        value,
        printed,
        source,
        note,
    }
}

use Quantity::{Connections, Macs, Params, WeightLayers};

const HE: &str = "He et al. 2016, CVPR, Table 1";
const HE_FIG3: &str = "He et al. 2016, CVPR, Fig. 3";
const TV: &str = "torchvision model (sum of parameters().numel())";
const ROUND: &str = "paper gives one decimal; computed value rounds or truncates to it";

/// The published figures for a network id (empty for unknown ids).
pub fn published(id: &str) -> &'static [Published] {
    match id {
        "lenet5" => {
            const {
                &[
            p(Params, 60_000.0, "60,000 trainable free parameters", "LeCun et al. 1998, Sec. II-B",
              "exact: C1..F6; the output RBF's 840 hand-set parameters are fixed, not trained"),
            p(Connections, 340_908.0, "340,908 connections", "LeCun et al. 1998, Sec. II-B",
              "exact, output layer's 840 included"),
            p(WeightLayers, 5.0, "LeNet-5: 3 conv + 2 fc", "lecture slide (section 11)",
              "C1, C3, C5 + F6, output"),
        ]
            }
        }
        "alexnet" => {
            const {
                &[
                    p(
                        Params,
                        60e6,
                        "60 million parameters",
                        "Krizhevsky et al. 2012, Sec. 4",
                        "computed 60,965,224 (two towers)",
                    ),
                    p(
                        WeightLayers,
                        8.0,
                        "eight learned layers: five convolutional and three fully-connected",
                        "Krizhevsky et al. 2012, Sec. 3",
                        "exact",
                    ),
                ]
            }
        }
        "alexnet_tv" => const { &[p(Params, 61_100_840.0, "61,100,840", TV, "exact")] },
        "vgg16" => {
            const {
                &[
                    p(
                        Params,
                        138_357_544.0,
                        "138,357,544 (Table 2: 138 million)",
                        TV,
                        "exact",
                    ),
                    p(
                        Macs,
                        15.47e9,
                        "15.5 G multiply-adds",
                        "common citation (e.g. Canziani et al. 2016)",
                        "computed 15,470,264,320",
                    ),
                    p(
                        WeightLayers,
                        16.0,
                        "16 weight layers",
                        "Simonyan & Zisserman 2015, Table 1",
                        "exact",
                    ),
                ]
            }
        }
        "vgg19" => {
            const {
                &[
                    p(
                        Params,
                        143_667_240.0,
                        "143,667,240 (Table 2: 144 million)",
                        TV,
                        "exact",
                    ),
                    p(
                        Macs,
                        19.6e9,
                        "19.6 billion FLOPs (multiply-adds)",
                        HE_FIG3,
                        "computed 19,632,062,464 (conv + fc, no biases)",
                    ),
                    p(
                        WeightLayers,
                        19.0,
                        "19 weight layers",
                        "Simonyan & Zisserman 2015, Table 1",
                        "exact",
                    ),
                ]
            }
        }
        "googlenet" => {
            const {
                &[
            p(Macs, 1.5e9, "1.5 billion multiply-adds", "Szegedy et al. 2015, Sec. 1 and Table 1",
              "Table 1's ops column sums to 1,502 M; computed 1,582,671,872: the table's conv1 row \
               (34 M) is inconsistent with 7x7x3x64 at 112x112 (118 M)"),
            p(WeightLayers, 22.0, "22 layers deep when counting only layers with parameters",
              "Szegedy et al. 2015, Sec. 5", "exact (deepest path)"),
        ]
            }
        }
        "plain34" => {
            const {
                &[
                    p(
                        Macs,
                        3.6e9,
                        "3.6 billion FLOPs",
                        HE_FIG3,
                        "computed 3,644,493,824",
                    ),
                    p(WeightLayers, 34.0, "34 parameter layers", HE_FIG3, "exact"),
                ]
            }
        }
        "resnet18" => {
            const {
                &[
                    p(Params, 11_689_512.0, "11,689,512", TV, "exact"),
                    p(Macs, 1.8e9, "1.8 x 10^9 FLOPs", HE, ROUND),
                ]
            }
        }
        "resnet34" => {
            const {
                &[
                    p(Params, 21_797_672.0, "21,797,672", TV, "exact"),
                    p(Macs, 3.6e9, "3.6 x 10^9 FLOPs", HE, ROUND),
                    p(WeightLayers, 34.0, "34 layers", HE, "exact"),
                ]
            }
        }
        "resnet34_a" => {
            const {
                &[p(
                    Macs,
                    3.6e9,
                    "3.6 billion FLOPs",
                    HE_FIG3,
                    "option A adds no MACs: equals plain-34, 3,644,493,824",
                )]
            }
        }
        "resnet50" => {
            const {
                &[
                    p(Params, 25_557_032.0, "25,557,032", TV, "exact"),
                    p(Macs, 3.8e9, "3.8 x 10^9 FLOPs", HE, ROUND),
                ]
            }
        }
        "resnet101" => {
            const {
                &[
                    p(Params, 44_549_160.0, "44,549,160", TV, "exact"),
                    p(Macs, 7.6e9, "7.6 x 10^9 FLOPs", HE, ROUND),
                ]
            }
        }
        "resnet152" => {
            const {
                &[
                    p(Params, 60_192_808.0, "60,192,808", TV, "exact"),
                    p(Macs, 11.3e9, "11.3 x 10^9 FLOPs", HE, ROUND),
                    p(WeightLayers, 152.0, "152 layers", HE, "exact"),
                ]
            }
        }
        _ => &[],
    }
}
