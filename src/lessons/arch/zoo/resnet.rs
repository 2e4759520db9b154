//! ResNets and the 34-layer plain network: He, Zhang, Ren & Sun, "Deep residual learning for
//! image recognition", CVPR 2016, Table 1, Fig. 3, Sec. 3.3-3.4.
//!
//! Stem: 7x7/2 conv 64 (pad 3) -> 112x112, 3x3/2 max pool (pad 1) -> 56x56; four stages
//! conv2_x..conv5_x at 56, 28, 14, 7 with widths 64, 128, 256, 512 (bottleneck output x4);
//! global average pool, fc 1000. Batch norm after every conv (Sec. 3.4), convs without bias
//! (torchvision, whose parameter counts are the ones cited).
//!
//! Variants the published figures need:
//! - [`Shortcuts::Projection`] (option B, the default: projection only where dimensions
//!   change) vs [`Shortcuts::ZeroPad`] (option A: the ResNet-34 of Table 2 and Fig. 4
//!   right, Sec. 4.1: "no extra parameter compared to the plain counterparts"; Fig. 3 itself
//!   does not say which option its dotted shortcuts use).
//! - [`Stride::First1x1`] (the paper's released Caffe models: the stride-2 conv of a bottleneck
//!   is its first 1x1) vs [`Stride::Middle3x3`] (torchvision's "ResNet v1.5"). Parameters are
//!   identical; the v1.5 MACs are higher (ResNet-50: 4.09 G vs 3.86 G).

use crate::lessons::arch::layer::{Layer, Network, Shape, Shortcut};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcuts {
    /// No shortcuts: the plain network.
    None,
    /// Option A: identity, zero-padded where dimensions increase.
    ZeroPad,
    /// Option B: identity, 1x1 projection where dimensions change.
    Projection,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stride {
    First1x1,
    Middle3x3,
}

/// The depths of Table 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Depth {
    D18,
    D34,
    D50,
    D101,
    D152,
}

impl Depth {
    pub const ALL: [Depth; 5] = [Depth::D18, Depth::D34, Depth::D50, Depth::D101, Depth::D152];

    /// The number of weight layers: 18, 34, 50, 101, 152.
    pub fn layers(self) -> usize {
        match self {
            Depth::D18 => 18,
            Depth::D34 => 34,
            Depth::D50 => 50,
            Depth::D101 => 101,
            Depth::D152 => 152,
        }
    }

    /// The depth with this many weight layers.
    pub fn of(layers: usize) -> Option<Depth> {
        Depth::ALL.into_iter().find(|d| d.layers() == layers)
    }

    /// Blocks per stage and whether blocks are bottlenecks (Table 1).
    pub fn stages(self) -> ([usize; 4], bool) {
        match self {
            Depth::D18 => ([2, 2, 2, 2], false),
            Depth::D34 => ([3, 4, 6, 3], false),
            Depth::D50 => ([3, 4, 6, 3], true),
            Depth::D101 => ([3, 4, 23, 3], true),
            Depth::D152 => ([3, 8, 36, 3], true),
        }
    }
}

/// Blocks per stage and whether blocks are bottlenecks (Table 1); `None` for other depths.
pub fn stages(depth: usize) -> Option<([usize; 4], bool)> {
    Depth::of(depth).map(Depth::stages)
}

fn conv_bn(v: &mut Vec<Layer>, tag: &str, out: usize, k: usize, s: usize, relu: bool) {
    v.push(Layer::conv(format!("conv{tag}"), out, k, s, k / 2).no_bias());
    let bn = Layer::batch_norm(format!("bn{tag}"));
    v.push(if relu { bn.relu() } else { bn });
}

/// The layers of one block (before the addition), the stride-2 conv placed per `stride`.
fn block_body(width: usize, s: usize, bottleneck: bool, stride: Stride) -> Vec<Layer> {
    let mut v = Vec::new();
    if bottleneck {
        let (s1, s3) = match stride {
            Stride::First1x1 => (s, 1),
            Stride::Middle3x3 => (1, s),
        };
        conv_bn(&mut v, "1", width, 1, s1, true);
        conv_bn(&mut v, "2", width, 3, s3, true);
        conv_bn(&mut v, "3", 4 * width, 1, 1, false);
    } else {
        conv_bn(&mut v, "1", width, 3, s, true);
        conv_bn(&mut v, "2", width, 3, 1, false);
    }
    v
}

/// Any depth of Table 1 (18, 34, 50, 101, 152) with the given shortcuts and stride placement;
/// `None` for other depths. `Shortcuts::None` gives the plain network of the same depth.
pub fn resnet_variant(depth: usize, shortcuts: Shortcuts, stride: Stride) -> Option<Network> {
    Depth::of(depth).map(|d| resnet_of(d, shortcuts, stride))
}

/// [`resnet_variant`] for a depth of Table 1.
pub fn resnet_of(depth: Depth, shortcuts: Shortcuts, stride: Stride) -> Network {
    let (blocks, bottleneck) = depth.stages();
    let depth = depth.layers();
    let mut layers = vec![
        Layer::conv("conv1", 64, 7, 2, 3).no_bias(),
        Layer::batch_norm("bn1").relu(),
        Layer::pool("pool1", crate::lessons::arch::PoolMode::Max, 3, 2, 1),
    ];
    let mut in_c = 64;
    for (stage, (&n, width)) in blocks.iter().zip([64, 128, 256, 512]).enumerate() {
        let out_c = if bottleneck { 4 * width } else { width };
        for b in 0..n {
            let s = if stage > 0 && b == 0 { 2 } else { 1 };
            let name = format!("conv{}_{}", stage + 2, b + 1);
            let body = block_body(width, s, bottleneck, stride);
            let changes = s != 1 || in_c != out_c;
            let shortcut = match shortcuts {
                Shortcuts::ZeroPad if changes => Shortcut::ZeroPad,
                Shortcuts::Projection if changes => Shortcut::Projection {
                    layers: vec![
                        Layer::conv("proj", out_c, 1, s, 0).no_bias(),
                        Layer::batch_norm("proj_bn"),
                    ],
                },
                _ => Shortcut::Identity,
            };
            if shortcuts == Shortcuts::None {
                // Plain: the block's layers in sequence, ReLU after the last BN too.
                let last = body.len() - 1;
                for (i, mut l) in body.into_iter().enumerate() {
                    l.name = format!("{name}_{}", l.name);
                    layers.push(if i == last { l.relu() } else { l });
                }
            } else {
                layers.push(Layer::residual(name, body, shortcut).relu());
            }
            in_c = out_c;
        }
    }
    layers.extend([
        Layer::global_avg_pool("pool5"),
        Layer::flatten("flatten"),
        Layer::dense("fc", 1000),
        Layer::softmax("prob"),
    ]);
    let (id, name) = match (shortcuts, stride) {
        (Shortcuts::None, _) => (format!("plain{depth}"), format!("{depth}-layer plain")),
        (Shortcuts::ZeroPad, _) => (
            format!("resnet{depth}_a"),
            format!("ResNet-{depth} (option A)"),
        ),
        (Shortcuts::Projection, Stride::Middle3x3) if bottleneck => (
            format!("resnet{depth}_v1_5"),
            format!("ResNet-{depth} (v1.5, torchvision)"),
        ),
        _ => (format!("resnet{depth}"), format!("ResNet-{depth}")),
    };
    Network {
        id,
        name,
        source: "He et al. 2016, CVPR, Table 1 and Fig. 3; parameter counts as torchvision".into(),
        input: Shape::new(3, 224, 224),
        layers,
        aux: Vec::new(),
    }
}

/// ResNet-`depth` as in the paper: projection shortcuts where dimensions change (option B),
/// stride in the first 1x1 of a bottleneck.
pub fn resnet(depth: usize) -> Option<Network> {
    resnet_variant(depth, Shortcuts::Projection, Stride::First1x1)
}

/// The plain counterpart (no shortcuts) of a depth in Table 1, e.g. 34.
pub fn plain(depth: usize) -> Option<Network> {
    resnet_variant(depth, Shortcuts::None, Stride::First1x1)
}

/// Where the paper says which shortcut its 34-layer residual net uses: Fig. 3 draws dotted
/// shortcuts and gives 3.6 billion FLOPs without naming an option (option A's 3.64 G fits it,
/// option B's 3.66 G would round to 3.7); Sec. 4.1 says the ResNets of Table 2 and Fig. 4 (right) use option A.
pub const OPTION_A_ATTRIBUTION: &str = "He et al. (2016, Sec. 3.3) offer two shortcuts where a \
stage doubles its channels: option A pads the identity with zeros (no parameters), option B \
projects with a 1x1 convolution. Fig. 3 draws these shortcuts dotted without saying which \
option it uses; the ResNet-34 compared with the plain net in Table 2 and Fig. 4 (right) uses \
option A (Sec. 4.1: \"no extra parameter compared to the plain counterparts\")";
