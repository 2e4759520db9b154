//! URL state of the two pages: `/vanishing-gradients` has `depth`,
//! `act`, `residual`, `seed` (contract) plus `width`, `init` and the heat map's `lr`;
//! `/degradation` has `seed` and the two depths `shallow` and `deep`. Both have `data`, the data
//! set their networks learn (MNIST or Fashion-MNIST).

use super::{Act, NetSpec};
use crate::data::dataset::{Dataset, DATA_FIELD};
use crate::engine::nn::Init;
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

/// `/vanishing-gradients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VanishingState {
    pub depth: i64,
    pub act: Act,
    pub residual: bool,
    pub seed: u32,
    pub width: GradWidth,
    pub init: GradInit,
    pub lr: GradLr,
    pub data: Dataset,
}

crate::choice_enum! {
    /// Widths offered for the measured net.
    pub enum GradWidth { W16 = "16", W32 = "32", W64 = "64", W128 = "128" }
}

crate::choice_enum! {
    /// Learning rates of the heat-map training (100 diverges on purpose).
    pub enum GradLr { Lr001 = "0.01", Lr01 = "0.1", Lr1 = "1", Lr100 = "100" }
}

crate::choice_enum! {
    /// The hidden layers' initialiser; `auto` picks by activation (see [`VanishingState::init_for`]).
    pub enum GradInit { Auto = "auto", Xavier = "xavier", Lecun = "lecun", He = "he" }
}

/// Widths offered for the measured net (the field's options).
pub const WIDTHS: &[&str] = GradWidth::IDS;
/// Learning rates of the heat-map training (the field's options).
pub const LRS: &[&str] = GradLr::IDS;
/// Depth bounds: the chain takes 1..50; so does the net (depth 1 has ratio 1 by definition).
pub const MAX_DEPTH: i64 = 50;

impl UrlState for VanishingState {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "depth",
            Kind::Int {
                default: 10,
                min: 1,
                max: MAX_DEPTH,
            },
        ),
        Field::new(
            "act",
            Kind::Choice {
                default: "sigmoid",
                options: Act::IDS,
            },
        ),
        Field::new("residual", Kind::Bool { default: false }),
        Field::new("seed", Kind::Seed { default: 1 }),
        Field::new(
            "width",
            Kind::Choice {
                default: "32",
                options: WIDTHS,
            },
        ),
        Field::new(
            "init",
            Kind::Choice {
                default: "auto",
                options: GradInit::IDS,
            },
        ),
        Field::new(
            "lr",
            Kind::Choice {
                default: "0.1",
                options: LRS,
            },
        ),
        DATA_FIELD,
    ];

    fn constrain(&mut self, _notes: &mut Vec<Note>) {}
}

impl VanishingState {
    pub fn act(&self) -> Act {
        self.act
    }
    pub fn width(&self) -> usize {
        match self.width {
            GradWidth::W16 => 16,
            GradWidth::W32 => 32,
            GradWidth::W64 => 64,
            GradWidth::W128 => 128,
        }
    }
    pub fn depth(&self) -> usize {
        self.depth.clamp(1, MAX_DEPTH) as usize
    }
    pub fn lr(&self) -> f32 {
        match self.lr {
            GradLr::Lr001 => 0.01,
            GradLr::Lr01 => 0.1,
            GradLr::Lr1 => 1.0,
            GradLr::Lr100 => 100.0,
        }
    }
    /// `auto` = He for ReLU (He et al. 2015), Xavier for sigmoid and tanh (Glorot & Bengio 2010).
    pub fn init_for(&self, act: Act) -> Init {
        match self.init {
            GradInit::Xavier => Init::Xavier,
            GradInit::Lecun => Init::Lecun,
            GradInit::He => Init::He,
            GradInit::Auto if act == Act::Relu => Init::He,
            GradInit::Auto => Init::Xavier,
        }
    }
}

/// `/degradation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DegradationState {
    pub seed: u32,
    pub shallow: i64,
    pub deep: i64,
    pub data: Dataset,
}

impl DegradationState {
    pub fn dataset(&self) -> Dataset {
        self.data
    }
}

impl VanishingState {
    /// The measured net for this state with `act` and `residual` overridden.
    pub fn spec(&self, act: Act, residual: bool) -> NetSpec {
        NetSpec {
            depth: self.depth(),
            width: self.width(),
            act,
            init: self.init_for(act),
            residual,
        }
    }

    pub fn dataset(&self) -> Dataset {
        self.data
    }
}

impl UrlState for DegradationState {
    const FIELDS: &'static [Field] = &[
        Field::new("seed", Kind::Seed { default: 1 }),
        Field::new(
            "shallow",
            Kind::Int {
                default: 3,
                min: 1,
                max: 10,
            },
        ),
        Field::new(
            "deep",
            Kind::Int {
                default: 20,
                min: 2,
                max: 40,
            },
        ),
        DATA_FIELD,
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        if self.deep <= self.shallow {
            let d = (self.shallow + 1).max(2);
            notes.push(Note::new(
                "deep",
                format!(
                    "{} is not deeper than shallow={}; using {d}",
                    self.deep, self.shallow
                ),
            ));
            self.deep = d;
        }
    }
}
