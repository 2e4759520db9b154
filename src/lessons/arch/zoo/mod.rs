//! The networks of the lecture, as data, with the published figures each one reproduces.

mod alexnet;
mod googlenet;
mod lenet5;
mod published;
mod resnet;
mod three_networks;
mod vgg;

pub use alexnet::{alexnet, alexnet_tv};
pub use googlenet::{googlenet, MODULES as GOOGLENET_MODULES};
pub use lenet5::{c3_table, lenet5};
pub use published::{published, Published, Quantity};
pub use resnet::{plain, resnet, resnet_variant, stages, Shortcuts, Stride, OPTION_A_ATTRIBUTION};
pub use three_networks::fig911;
pub use vgg::vgg;

use super::calc::analyze;
use super::error::ArchError;
use super::layer::Network;
use super::report::NetReport;

/// The `/architectures/:net` ids (public URL contract) and the three networks of Fig. 9.11.
pub const NETWORK_IDS: &[&str] = &[
    "lenet5",
    "alexnet",
    "vgg16",
    "vgg19",
    "googlenet",
    "plain34",
    "resnet18",
    "resnet34",
    "resnet50",
    "resnet101",
    "resnet152",
    "fig911a",
    "fig911b",
    "fig911c",
];

/// Other variants the notes compare against: single-tower AlexNet, ResNet-34 with option-A
/// shortcuts (the Table 2 / Fig. 4 model, He et al. Sec. 4.1), torchvision's v1.5 bottlenecks, and plain-18.
pub const VARIANT_IDS: &[&str] = &[
    "alexnet_tv",
    "plain18",
    "resnet18_a",
    "resnet34_a",
    "resnet50_v1_5",
    "resnet101_v1_5",
    "resnet152_v1_5",
];

/// A network by id (any of [`NETWORK_IDS`] or [`VARIANT_IDS`]).
pub fn network(id: &str) -> Result<Network, ArchError> {
    let unknown = || ArchError::UnknownNetwork { id: id.to_string() };
    let depth = |s: &str| s.parse::<usize>().ok().filter(|d| stages(*d).is_some());
    let net = match id {
        "lenet5" => Some(lenet5()),
        "alexnet" => Some(alexnet()),
        "alexnet_tv" => Some(alexnet_tv()),
        "vgg16" => Some(vgg(16)),
        "vgg19" => Some(vgg(19)),
        "googlenet" => Some(googlenet()),
        "fig911a" => Some(fig911('a')),
        "fig911b" => Some(fig911('b')),
        "fig911c" => Some(fig911('c')),
        _ => {
            if let Some(d) = id.strip_prefix("plain").and_then(depth) {
                plain(d)
            } else if let Some(rest) = id.strip_prefix("resnet") {
                let (d, variant) = match rest.split_once('_') {
                    Some((d, v)) => (d, v),
                    None => (rest, ""),
                };
                let d = depth(d).ok_or_else(unknown)?;
                match variant {
                    "" => resnet(d),
                    "a" => resnet_variant(d, Shortcuts::ZeroPad, Stride::First1x1),
                    "v1_5" if d >= 50 => {
                        resnet_variant(d, Shortcuts::Projection, Stride::Middle3x3)
                    }
                    _ => None,
                }
            } else {
                None
            }
        }
    };
    net.ok_or_else(unknown)
}

/// [`network`] then [`analyze`].
pub fn report(id: &str) -> Result<NetReport, ArchError> {
    analyze(&network(id)?)
}
