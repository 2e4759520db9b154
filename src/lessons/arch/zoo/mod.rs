//! The networks of the lecture, as data, with the published figures each one reproduces.

mod alexnet;
mod googlenet;
mod lenet5;
mod published;
mod resnet;
mod table;
mod three_networks;
mod vgg;

pub use alexnet::{alexnet, alexnet_tv};
pub use googlenet::{googlenet, MODULES as GOOGLENET_MODULES};
pub use lenet5::{c3_table, lenet5};
pub use published::{published, Published, Quantity};
pub use resnet::{
    plain, resnet, resnet_of, resnet_variant, stages, Depth, Shortcuts, Stride,
    OPTION_A_ATTRIBUTION,
};
pub use table::{Family, NetEntry, NETS};
pub use three_networks::fig911;
pub use vgg::vgg;

use super::calc::analyze;
use super::error::ArchError;
use super::layer::Network;
use super::report::NetReport;

/// The three networks of Deep Learning book Fig. 9.11: id and [`fig911`]'s variant.
const FIG911: [(&str, char); 3] = [("fig911a", 'a'), ("fig911b", 'b'), ("fig911c", 'c')];

/// The `/architectures/:net` ids ([`NETS`], public URL contract) and the three networks of
/// Fig. 9.11.
pub const NETWORK_IDS: &[&str] = &network_ids();

const fn network_ids() -> [&'static str; NETS.len() + FIG911.len()] {
    let mut out = [""; NETS.len() + FIG911.len()];
    let mut i = 0;
    while i < NETS.len() {
        out[i] = NETS[i].id;
        i += 1;
    }
    let mut j = 0;
    while j < FIG911.len() {
        out[NETS.len() + j] = FIG911[j].0;
        j += 1;
    }
    out
}

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
    NetEntry::find(id)
        .map(NetEntry::network)
        .or_else(|| outside_the_table(id))
        .ok_or_else(|| ArchError::UnknownNetwork { id: id.to_string() })
}

/// Fig. 9.11's networks and the variants: `alexnet_tv`, `plain<depth>`, `resnet<depth>_a`
/// (option A shortcuts) and `resnet<depth>_v1_5` (bottlenecks only), any depth of Table 1.
fn outside_the_table(id: &str) -> Option<Network> {
    let depth = |s: &str| s.parse::<usize>().ok().and_then(Depth::of);
    if id == "alexnet_tv" {
        return Some(alexnet_tv());
    }
    if let Some(&(_, v)) = FIG911.iter().find(|f| f.0 == id) {
        return Some(fig911(v));
    }
    if let Some(d) = id.strip_prefix("plain").and_then(depth) {
        return Some(resnet_of(d, Shortcuts::None, Stride::First1x1));
    }
    let (d, variant) = id.strip_prefix("resnet")?.split_once('_')?;
    let d = depth(d)?;
    match variant {
        "a" => Some(resnet_of(d, Shortcuts::ZeroPad, Stride::First1x1)),
        "v1_5" if d.layers() >= 50 => Some(resnet_of(d, Shortcuts::Projection, Stride::Middle3x3)),
        _ => None,
    }
}

/// [`network`] then [`analyze`].
pub fn report(id: &str) -> Result<NetReport, ArchError> {
    analyze(&network(id)?)
}
