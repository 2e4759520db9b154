//! The inception module (Szegedy et al., "Going deeper with convolutions", CVPR 2015, Fig. 2
//! and Table 1): naive vs with dimension reduction, as a cost calculator and as layers.
//!
//! Naive (Fig. 2a): on an h x w x c input, 1x1 (b1), 3x3 (b3) and 5x5 (b5) convolutions all
//! see the c input channels, and a 3x3/1 max pool passes the c channels through: output
//! b1 + b3 + b5 + c channels. With reduction (Fig. 2b): 1x1 convolutions to b3r and b5r
//! channels before the 3x3 and 5x5, and a 1x1 projection to pp after the pool: output
//! b1 + b3 + b5 + pp. MACs of a k x k conv from m to n channels on h x w: h w k^2 m n.
//! Parameters: k^2 m n weights + n biases per conv (Table 1's params column lists weights only).

use super::build::SAME;
use super::error::ArchError;
use super::layer::{Layer, PoolMode};
use serde::{Deserialize, Serialize};

/// Input size and branch widths; `Default` is inception (3a): 28x28x192, 64, 96, 128, 16, 32,
/// 32 (Table 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InceptionParams {
    pub h: usize,
    pub w: usize,
    pub c: usize,
    pub b1: usize,
    pub b3r: usize,
    pub b3: usize,
    pub b5r: usize,
    pub b5: usize,
    pub pp: usize,
}

impl Default for InceptionParams {
    fn default() -> Self {
        InceptionParams::table1("3a").expect("3a is in Table 1")
    }
}

impl InceptionParams {
    /// A module of Table 1 by name (`3a` .. `5b`), with its input size.
    pub fn table1(module: &str) -> Option<Self> {
        let (s, c, b1, b3r, b3, b5r, b5, pp) = match module {
            "3a" => (28, 192, 64, 96, 128, 16, 32, 32),
            "3b" => (28, 256, 128, 128, 192, 32, 96, 64),
            "4a" => (14, 480, 192, 96, 208, 16, 48, 64),
            "4b" => (14, 512, 160, 112, 224, 24, 64, 64),
            "4c" => (14, 512, 128, 128, 256, 24, 64, 64),
            "4d" => (14, 512, 112, 144, 288, 32, 64, 64),
            "4e" => (14, 528, 256, 160, 320, 32, 128, 128),
            "5a" => (7, 832, 256, 160, 320, 32, 128, 128),
            "5b" => (7, 832, 384, 192, 384, 48, 128, 128),
            _ => return None,
        };
        Some(InceptionParams {
            h: s,
            w: s,
            c,
            b1,
            b3r,
            b3,
            b5r,
            b5,
            pp,
        })
    }

    fn check(&self) -> Result<(), ArchError> {
        let fields = [
            ("h", self.h),
            ("w", self.w),
            ("c", self.c),
            ("b1", self.b1),
            ("b3r", self.b3r),
            ("b3", self.b3),
            ("b5r", self.b5r),
            ("b5", self.b5),
            ("pp", self.pp),
        ];
        match fields.iter().find(|(_, v)| *v == 0) {
            Some(&(what, value)) => Err(ArchError::BadParam { what, value }),
            None => Ok(()),
        }
    }
}

/// One convolution of a module: k x k from `in_c` to `out_c` channels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConvCost {
    /// `1x1`, `3x3 reduce`, `3x3`, `5x5 reduce`, `5x5`, `pool proj`.
    pub name: &'static str,
    pub kernel: usize,
    pub in_c: usize,
    pub out_c: usize,
    pub macs: u64,
    pub weights: u64,
    pub biases: u64,
}

/// Both variants' costs, per conv and in total (the `/inception` page's figures).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InceptionCost {
    pub naive: Vec<ConvCost>,
    pub reduced: Vec<ConvCost>,
    pub naive_macs: u64,
    pub reduced_macs: u64,
    /// Weights + biases.
    pub naive_params: u64,
    pub reduced_params: u64,
    pub naive_out_channels: usize,
    pub reduced_out_channels: usize,
}

fn cost(p: &InceptionParams, name: &'static str, k: usize, in_c: usize, out_c: usize) -> ConvCost {
    let weights = (k * k * in_c * out_c) as u64;
    ConvCost {
        name,
        kernel: k,
        in_c,
        out_c,
        macs: (p.h * p.w) as u64 * weights,
        weights,
        biases: out_c as u64,
    }
}

/// Costs of the naive and the reduced module on the same input.
pub fn inception_cost(p: &InceptionParams) -> Result<InceptionCost, ArchError> {
    p.check()?;
    let naive = vec![
        cost(p, "1x1", 1, p.c, p.b1),
        cost(p, "3x3", 3, p.c, p.b3),
        cost(p, "5x5", 5, p.c, p.b5),
    ];
    let reduced = vec![
        cost(p, "1x1", 1, p.c, p.b1),
        cost(p, "3x3 reduce", 1, p.c, p.b3r),
        cost(p, "3x3", 3, p.b3r, p.b3),
        cost(p, "5x5 reduce", 1, p.c, p.b5r),
        cost(p, "5x5", 5, p.b5r, p.b5),
        cost(p, "pool proj", 1, p.c, p.pp),
    ];
    let macs = |v: &[ConvCost]| v.iter().map(|c| c.macs).sum();
    let params = |v: &[ConvCost]| v.iter().map(|c| c.weights + c.biases).sum();
    Ok(InceptionCost {
        naive_macs: macs(&naive),
        reduced_macs: macs(&reduced),
        naive_params: params(&naive),
        reduced_params: params(&reduced),
        naive_out_channels: p.b1 + p.b3 + p.b5 + p.c,
        reduced_out_channels: p.b1 + p.b3 + p.b5 + p.pp,
        naive,
        reduced,
    })
}

/// The module with dimension reduction as a concat layer (branches `1x1`, `3x3`, `5x5`,
/// `pool`; every conv followed by ReLU, as in GoogLeNet). Input size comes from the network.
pub fn reduced_module(name: impl Into<String>, p: &InceptionParams) -> Layer {
    Layer::concat(
        name,
        vec![
            ("1x1", vec![Layer::conv("conv", p.b1, 1, 1, 0).relu()]),
            (
                "3x3",
                vec![
                    Layer::conv("reduce", p.b3r, 1, 1, 0).relu(),
                    Layer::conv("conv", p.b3, 3, 1, SAME).relu(),
                ],
            ),
            (
                "5x5",
                vec![
                    Layer::conv("reduce", p.b5r, 1, 1, 0).relu(),
                    Layer::conv("conv", p.b5, 5, 1, SAME).relu(),
                ],
            ),
            (
                "pool",
                vec![
                    Layer::pool("pool", PoolMode::Max, 3, 1, SAME),
                    Layer::conv("proj", p.pp, 1, 1, 0).relu(),
                ],
            ),
        ],
    )
}

/// The naive module as a concat layer (the pool branch passes all input channels).
pub fn naive_module(name: impl Into<String>, p: &InceptionParams) -> Layer {
    Layer::concat(
        name,
        vec![
            ("1x1", vec![Layer::conv("conv", p.b1, 1, 1, 0).relu()]),
            ("3x3", vec![Layer::conv("conv", p.b3, 3, 1, SAME).relu()]),
            ("5x5", vec![Layer::conv("conv", p.b5, 5, 1, SAME).relu()]),
            ("pool", vec![Layer::pool("pool", PoolMode::Max, 3, 1, SAME)]),
        ],
    )
}
