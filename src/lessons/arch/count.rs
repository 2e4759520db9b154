//! Counting layers the way the papers do (weight layers on the deepest path) and the way the
//! lecture slide does (conv + hidden fc). See [`LayerCount`].

use super::layer::{Layer, Op, Shortcut};
use super::report::LayerCount;

#[derive(Clone, Copy, Default)]
struct Path {
    conv: usize,
    fc: usize,
}

impl Path {
    fn depth(self) -> usize {
        self.conv + self.fc
    }
    fn then(self, o: Path) -> Path {
        Path {
            conv: self.conv + o.conv,
            fc: self.fc + o.fc,
        }
    }
    fn deeper(self, o: Path) -> Path {
        if o.depth() > self.depth() {
            o
        } else {
            self
        }
    }
}

fn deepest(layers: &[Layer]) -> Path {
    layers.iter().fold(Path::default(), |acc, l| {
        acc.then(match &l.op {
            Op::Conv(_) => Path { conv: 1, fc: 0 },
            Op::Dense(_) | Op::Rbf(_) => Path { conv: 0, fc: 1 },
            Op::Concat(c) => c
                .branches
                .iter()
                .fold(Path::default(), |m, b| m.deeper(deepest(&b.layers))),
            Op::Residual(r) => {
                let short = match &r.shortcut {
                    Shortcut::Projection { layers } => deepest(layers),
                    _ => Path::default(),
                };
                deepest(&r.body).deeper(short)
            }
            _ => Path::default(),
        })
    })
}

fn all_convs(layers: &[Layer]) -> usize {
    layers
        .iter()
        .map(|l| match &l.op {
            Op::Conv(_) => 1,
            Op::Concat(c) => c.branches.iter().map(|b| all_convs(&b.layers)).sum(),
            Op::Residual(r) => {
                all_convs(&r.body)
                    + match &r.shortcut {
                        Shortcut::Projection { layers } => all_convs(layers),
                        _ => 0,
                    }
            }
            _ => 0,
        })
        .sum()
}

/// Is the last weight layer (the classifier) a dense or RBF layer?
fn ends_with_fc(layers: &[Layer]) -> bool {
    for l in layers.iter().rev() {
        match &l.op {
            Op::Dense(_) | Op::Rbf(_) => return true,
            Op::Conv(_) | Op::Concat(_) | Op::Residual(_) => return false,
            _ => {}
        }
    }
    false
}

/// Conv/fc counts of a layer list (main path of a network).
pub fn count_layers(layers: &[Layer]) -> LayerCount {
    let p = deepest(layers);
    LayerCount {
        conv: p.conv,
        conv_total: all_convs(layers),
        fc: p.fc,
        fc_hidden: p.fc - usize::from(p.fc > 0 && ends_with_fc(layers)),
        weight_layers: p.depth(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::arch::build::SAME;

    #[test]
    fn deepest_branch_and_projection_not_counted_twice() {
        let layers = vec![
            Layer::conv("stem", 8, 3, 1, SAME),
            Layer::concat(
                "m",
                vec![
                    ("short", vec![Layer::conv("a", 4, 1, 1, 0)]),
                    (
                        "long",
                        vec![
                            Layer::conv("a", 4, 1, 1, 0),
                            Layer::conv("b", 4, 3, 1, SAME),
                        ],
                    ),
                ],
            ),
            Layer::residual(
                "r",
                vec![Layer::conv("a", 16, 3, 2, 1), Layer::conv("b", 16, 3, 1, 1)],
                Shortcut::Projection {
                    layers: vec![Layer::conv("p", 16, 1, 2, 0)],
                },
            ),
            Layer::global_avg_pool("gap"),
            Layer::dense("fc1", 10),
            Layer::dense("fc2", 10),
        ];
        let c = count_layers(&layers);
        assert_eq!((c.conv, c.conv_total, c.fc, c.fc_hidden), (5, 7, 2, 1));
        assert_eq!(c.weight_layers, 7);
        assert_eq!(
            c.describe(),
            "5 conv + 2 fc = 7 weight layers (1 hidden fc + output)"
        );
    }

    #[test]
    fn all_conv_network_has_no_hidden_fc() {
        let c = count_layers(&[Layer::conv("a", 1, 1, 1, 0), Layer::softmax("s")]);
        assert_eq!((c.fc, c.fc_hidden, c.weight_layers), (0, 0, 1));
        assert_eq!(c.describe(), "1 conv + 0 fc = 1 weight layers");
    }
}
