//! The networks of `/architectures/:net`, one row each: the id (the public URL contract), the
//! names the pages show, the family and the constructor. The catalog's routes, [`network`],
//! the page's picker and the compare view of `/resnet` all read this table.
//!
//! [`network`]: super::network

use super::resnet::{resnet_of, Depth, Shortcuts, Stride};
use super::{alexnet, googlenet, lenet5, vgg};
use crate::lessons::arch::layer::Network;

/// The paper a network comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    LeNet,
    AlexNet,
    Vgg,
    GoogLeNet,
    /// He et al.'s plain networks: a ResNet without its shortcuts.
    Plain,
    ResNet,
}

/// One network of the table.
#[derive(Clone, Copy, Debug)]
pub struct NetEntry {
    /// The `/architectures/:net` id.
    pub id: &'static str,
    /// The picker's name: `VGG-16`, `plain-34`.
    pub short: &'static str,
    /// The name that says which variant this is, as the compare view lists it: `AlexNet (two
    /// towers)`, `ResNet-34 (option B, torchvision)`.
    pub long: &'static str,
    pub family: Family,
    /// Builds the network.
    pub build: fn() -> Network,
}

impl NetEntry {
    /// The entry with this id.
    pub fn find(id: &str) -> Option<&'static NetEntry> {
        NETS.iter().find(|n| n.id == id)
    }

    /// The network itself.
    pub fn network(&self) -> Network {
        (self.build)()
    }
}

/// ResNet-`depth` as in the paper: option B shortcuts, the stride in a bottleneck's first 1x1.
fn paper_resnet(depth: Depth) -> Network {
    resnet_of(depth, Shortcuts::Projection, Stride::First1x1)
}

/// Every network of `/architectures/:net`, in the order the lecture meets them.
pub const NETS: &[NetEntry] = &[
    NetEntry {
        id: "lenet5",
        short: "LeNet-5",
        long: "LeNet-5",
        family: Family::LeNet,
        build: lenet5,
    },
    NetEntry {
        id: "alexnet",
        short: "AlexNet",
        long: "AlexNet (two towers)",
        family: Family::AlexNet,
        build: alexnet,
    },
    NetEntry {
        id: "vgg16",
        short: "VGG-16",
        long: "VGG-16",
        family: Family::Vgg,
        build: || vgg(16),
    },
    NetEntry {
        id: "vgg19",
        short: "VGG-19",
        long: "VGG-19",
        family: Family::Vgg,
        build: || vgg(19),
    },
    NetEntry {
        id: "googlenet",
        short: "GoogLeNet",
        long: "GoogLeNet",
        family: Family::GoogLeNet,
        build: googlenet,
    },
    NetEntry {
        id: "plain34",
        short: "plain-34",
        long: "34-layer plain",
        family: Family::Plain,
        build: || resnet_of(Depth::D34, Shortcuts::None, Stride::First1x1),
    },
    NetEntry {
        id: "resnet18",
        short: "ResNet-18",
        long: "ResNet-18",
        family: Family::ResNet,
        build: || paper_resnet(Depth::D18),
    },
    NetEntry {
        id: "resnet34",
        short: "ResNet-34",
        long: "ResNet-34 (option B, torchvision)",
        family: Family::ResNet,
        build: || paper_resnet(Depth::D34),
    },
    NetEntry {
        id: "resnet50",
        short: "ResNet-50",
        long: "ResNet-50",
        family: Family::ResNet,
        build: || paper_resnet(Depth::D50),
    },
    NetEntry {
        id: "resnet101",
        short: "ResNet-101",
        long: "ResNet-101",
        family: Family::ResNet,
        build: || paper_resnet(Depth::D101),
    },
    NetEntry {
        id: "resnet152",
        short: "ResNet-152",
        long: "ResNet-152",
        family: Family::ResNet,
        build: || paper_resnet(Depth::D152),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_the_lecture_order() {
        let ids: Vec<&str> = NETS.iter().map(|n| n.id).collect();
        assert_eq!(
            ids,
            [
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
                "resnet152"
            ]
        );
    }

    #[test]
    fn ids_and_names_are_unique_and_every_entry_builds_its_own_id() {
        for (i, a) in NETS.iter().enumerate() {
            for b in &NETS[i + 1..] {
                assert_ne!(a.id, b.id);
                assert_ne!(a.short, b.short);
                assert_ne!(a.long, b.long);
            }
            assert_eq!(a.network().id, a.id);
            assert_eq!(NetEntry::find(a.id).map(|n| n.id), Some(a.id));
        }
        assert!(NetEntry::find("resnet34_a").is_none());
        assert!(NetEntry::find("?").is_none());
    }

    #[test]
    fn network_ids_are_the_table_then_fig_9_11() {
        let ids = crate::lessons::arch::zoo::NETWORK_IDS;
        assert_eq!(ids.len(), NETS.len() + 3);
        assert!(ids.iter().zip(NETS).all(|(id, n)| *id == n.id));
        assert_eq!(ids[NETS.len()..], ["fig911a", "fig911b", "fig911c"]);
    }

    #[test]
    fn families() {
        let of = |id: &str| NetEntry::find(id).map(|n| n.family);
        assert_eq!(of("vgg19"), Some(Family::Vgg));
        assert_eq!(of("plain34"), Some(Family::Plain));
        assert_eq!(of("resnet152"), Some(Family::ResNet));
        assert_eq!(of("googlenet"), Some(Family::GoogLeNet));
    }
}
