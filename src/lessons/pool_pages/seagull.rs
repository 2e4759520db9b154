//! URL state of `/seagull`: where the gull is (and an optional second one) and the background
//! seed.

use super::int;
use crate::lessons::seagull::{SeagullParams, SCENE_H, SCENE_W};
use crate::state::{Field, Kind, UrlState};
use serde::{Deserialize, Serialize};

/// `/seagull`: gull centre `x` (column), `y` (row), background `seed`, `gull` on/off; an
/// optional second gull at `x2`, `y2` when `gull2` is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeagullState {
    pub x: i64,
    pub y: i64,
    pub seed: u32,
    pub gull: bool,
    pub x2: i64,
    pub y2: i64,
    pub gull2: bool,
}

impl UrlState for SeagullState {
    const FIELDS: &'static [Field] = &[
        int("x", SCENE_W as i64 / 2, 0, SCENE_W as i64 - 1),
        int("y", 14, 0, SCENE_H as i64 - 1),
        Field::new("seed", Kind::Seed { default: 1 }),
        Field::new("gull", Kind::Bool { default: true }),
        int("x2", 62, 0, SCENE_W as i64 - 1),
        int("y2", 22, 0, SCENE_H as i64 - 1),
        Field::new("gull2", Kind::Bool { default: false }),
    ];
}

impl SeagullState {
    /// Centres `(x, y)` of the gulls in the scene.
    pub fn gulls(&self) -> Vec<(i64, i64)> {
        let mut g = Vec::new();
        if self.gull {
            g.push((self.x, self.y));
        }
        if self.gull2 {
            g.push((self.x2, self.y2));
        }
        g
    }

    pub fn params(&self) -> SeagullParams {
        SeagullParams {
            x: self.x,
            y: self.y,
            seed: u64::from(self.seed),
            gull: self.gull,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::conv_layer::Reference;
    use crate::lessons::seagull;
    use crate::state::{decode, defaults};

    #[test]
    fn seagull_state_round_trips() {
        let (s, notes) = decode::<SeagullState>("x=500&y=-3&gull=0");
        assert_eq!((s.x, s.y, s.gull), (SCENE_W as i64 - 1, 0, false));
        assert_eq!(notes.len(), 2);
        let d: SeagullState = defaults();
        let a = seagull::run(&Reference, &d.params())
            .unwrap()
            .1
            .present_score;
        let moved = SeagullState {
            x: 20,
            y: 10,
            ..d.clone()
        };
        let b = seagull::run(&Reference, &moved.params())
            .unwrap()
            .1
            .present_score;
        let gone = SeagullState {
            gull: false,
            ..d.clone()
        };
        let c = seagull::run(&Reference, &gone.params())
            .unwrap()
            .1
            .present_score;
        assert!((a - b).abs() < 0.15 && a > seagull::THRESHOLD && c < seagull::THRESHOLD);
        // Two gulls: still one answer, "present", about as strong as one gull.
        let two = SeagullState {
            gull2: true,
            ..d.clone()
        };
        assert_eq!(two.gulls(), vec![(d.x, d.y), (62, 22)]);
        let scene = seagull::compose(u64::from(two.seed), &two.gulls());
        let e = seagull::detect(&Reference, &scene).unwrap().present_score;
        assert!((e - a).abs() < 0.15, "{e} vs {a}");
        let only_second = SeagullState { gull: false, ..two };
        let scene = seagull::compose(1, &only_second.gulls());
        let f = seagull::detect(&Reference, &scene).unwrap().present_score;
        assert!((f - a).abs() < 0.15, "{f} vs {a}");
    }
}
