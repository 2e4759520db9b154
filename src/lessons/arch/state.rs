//! The URL state of the architecture lessons: `/architectures/:net`, `/inception` and
//! `/three-networks` and `/resnet`'s compare view (each field with its default and bounds; see `crate::state`).

use super::builder::{self, Block, FIG911_INPUT};
use super::inception::InceptionParams;
use super::Shape;
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

/// `row`: the clicked layer (1-based table row, 0 = none); `zoom`: diagram zoom in percent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArchState {
    pub row: i64,
    pub zoom: i64,
}

impl UrlState for ArchState {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "row",
            Kind::Int {
                default: 0,
                min: 0,
                max: 9999,
            },
        ),
        Field::new(
            "zoom",
            Kind::Int {
                default: 100,
                min: 50,
                max: 300,
            },
        ),
    ];
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InceptionState {
    pub h: i64,
    pub w: i64,
    pub c: i64,
    pub b1: i64,
    pub b3r: i64,
    pub b3: i64,
    pub b5r: i64,
    pub b5: i64,
    pub pp: i64,
    /// The animated figure: input d1 x d2 x 3, m filters.
    pub d1: i64,
    pub d2: i64,
    pub m: i64,
}

const fn int(name: &'static str, default: i64, min: i64, max: i64) -> Field {
    Field::int(name, default, min, max)
}

impl UrlState for InceptionState {
    // Defaults: inception (3a), Table 1 of Szegedy et al. 2015 (`InceptionParams::default`).
    const FIELDS: &'static [Field] = &[
        int("h", 28, 1, 112),
        int("w", 28, 1, 112),
        int("c", 192, 1, 1024),
        int("b1", 64, 1, 512),
        int("b3r", 96, 1, 512),
        int("b3", 128, 1, 512),
        int("b5r", 16, 1, 512),
        int("b5", 32, 1, 512),
        int("pp", 32, 1, 512),
        int("d1", 6, 3, 10),
        int("d2", 7, 3, 10),
        int("m", 3, 1, 5),
    ];
}

impl InceptionState {
    pub fn params(&self) -> InceptionParams {
        let u = |v: i64| v.max(0) as usize;
        InceptionParams {
            h: u(self.h),
            w: u(self.w),
            c: u(self.c),
            b1: u(self.b1),
            b3r: u(self.b3r),
            b3: u(self.b3),
            b5r: u(self.b5r),
            b5: u(self.b5),
            pp: u(self.pp),
        }
    }
    pub fn set(&mut self, p: InceptionParams) {
        let i = |v: usize| v as i64;
        (self.h, self.w, self.c) = (i(p.h), i(p.w), i(p.c));
        (self.b1, self.b3r, self.b3) = (i(p.b1), i(p.b3r), i(p.b3));
        (self.b5r, self.b5, self.pp) = (i(p.b5r), i(p.b5), i(p.pp));
    }
}

/// `net`: which of the three; `reveal`: how many layers' shapes are shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreeState {
    pub net: Fig911Net,
    pub reveal: i64,
    /// The builder's network as URL text ([`builder::encode`]); empty while it is the selected
    /// network's own.
    pub build: String,
}

crate::choice_enum! {
    /// The three networks of Deep Learning book Fig. 9.11.
    pub enum Fig911Net { A = "a", B = "b", C = "c" }
}

impl Fig911Net {
    /// Its letter in the figure.
    pub fn letter(self) -> char {
        match self {
            Fig911Net::A => 'a',
            Fig911Net::B => 'b',
            Fig911Net::C => 'c',
        }
    }
}

/// The most layers `/three-networks` reveals one by one.
pub const MAX_REVEAL: i64 = 12;

/// Longest `build=` text read (a long network of many layers fits).
pub const BUILD_MAX_CHARS: usize = 2000;

impl UrlState for ThreeState {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "net",
            Kind::Choice {
                default: "a",
                options: Fig911Net::IDS,
            },
        ),
        Field::new(
            "reveal",
            Kind::Int {
                default: 0,
                min: 0,
                max: MAX_REVEAL,
            },
        ),
        Field::new(
            "build",
            Kind::Text {
                max_len: BUILD_MAX_CHARS,
            },
        ),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        if self.build.is_empty() {
            return;
        }
        let (input, blocks, messages) = builder::decode(&self.build);
        notes.extend(messages.into_iter().map(|m| Note::new("build", m)));
        self.set_build(input, &blocks);
    }
}

impl ThreeState {
    /// The selected network's own layers (Fig. 9.11 (a), (b) or (c)).
    pub fn preset(&self) -> Vec<Block> {
        builder::preset(self.net.letter())
    }

    /// The builder's network: the typed one, or the selected network's.
    pub fn network(&self) -> (Shape, Vec<Block>) {
        if self.build.is_empty() {
            (FIG911_INPUT, self.preset())
        } else {
            let (input, blocks, _) = builder::decode(&self.build);
            (input, blocks)
        }
    }

    /// Keeps `input` and `blocks` as the builder's network (empty text when they are the
    /// selected network's own).
    pub fn set_build(&mut self, input: Shape, blocks: &[Block]) {
        let text = builder::encode(input, blocks);
        let plain = builder::encode(FIG911_INPUT, &self.preset());
        self.build = if text == plain { String::new() } else { text };
    }
}

/// Networks the compare view offers (`none` leaves a slot empty).
pub const IDS: &[&str] = &[
    "vgg19",
    "plain34",
    "resnet34_a",
    "resnet34",
    "lenet5",
    "alexnet",
    "alexnet_tv",
    "vgg16",
    "googlenet",
    "plain18",
    "resnet18",
    "resnet18_a",
    "resnet50",
    "resnet101",
    "resnet152",
    "none",
];

/// The three networks of the compare view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResnetState {
    pub a: String,
    pub b: String,
    pub c: String,
}

impl UrlState for ResnetState {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "a",
            Kind::Choice {
                default: "vgg19",
                options: IDS,
            },
        ),
        Field::new(
            "b",
            Kind::Choice {
                default: "plain34",
                options: IDS,
            },
        ),
        Field::new(
            "c",
            Kind::Choice {
                default: "resnet34_a",
                options: IDS,
            },
        ),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compare_choice_but_none_is_a_network() {
        for id in IDS.iter().filter(|id| **id != "none") {
            assert!(super::super::report(id).is_ok(), "{id}");
        }
        assert!(IDS.contains(&"none"));
    }
}
