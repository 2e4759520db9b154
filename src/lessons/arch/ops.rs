//! Per-op arithmetic for leaf layers: output shape, parameters, multiply-adds, connections.

use super::error::ArchError;
use super::geometry::{grid_bin, window_out, zero};
use super::layer::{Conv, Layer, Op, PadMode, Padding, PoolMode, Shape};

/// What one leaf op does to the cursor, and what it costs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LeafCost {
    pub out: Option<Shape>,
    pub params: u64,
    pub fixed_params: u64,
    pub macs: u64,
    pub connections: u64,
    /// Receptive-field kernel and stride; `global` spans the whole grid.
    pub k: usize,
    pub s: usize,
    pub global: bool,
    pub weight: bool,
}

/// Cost of a leaf op on `input` (containers are handled by the walker).
pub(crate) fn leaf(path: &str, op: &Op, input: Shape) -> Result<LeafCost, ArchError> {
    let none = LeafCost::default();
    match op {
        Op::Conv(c) => conv(path, c, input),
        Op::Pool(p) => {
            let (h, w) = window_out(path, input, p.window, p.stride, p.padding, p.ceil_mode)?;
            Ok(LeafCost {
                out: Some(Shape::new(input.c, h.out, w.out)),
                k: p.window,
                s: p.stride,
                ..none
            })
        }
        Op::GridPool(g) => {
            if g.out_h == 0 || g.out_w == 0 {
                return Err(zero(path, "grid size"));
            }
            if g.out_h > input.h || g.out_w > input.w {
                return Err(ArchError::GridTooLarge {
                    layer: path.into(),
                    out_h: g.out_h,
                    out_w: g.out_w,
                    input,
                });
            }
            // Receptive field: the largest bin, and the mean bin step rounded down.
            Ok(LeafCost {
                out: Some(Shape::new(input.c, g.out_h, g.out_w)),
                k: grid_bin(input.h, g.out_h),
                s: (input.h / g.out_h).max(1),
                ..none
            })
        }
        Op::GlobalAvgPool => Ok(LeafCost {
            out: Some(Shape::new(input.c, 1, 1)),
            global: true,
            ..none
        }),
        Op::Subsample(s) => {
            let (h, w) = window_out(path, input, s.window, s.stride, Padding::Px(0), false)?;
            let out = Shape::new(input.c, h.out, w.out);
            let area = (s.window * s.window) as u64;
            // Each output: coefficient x (sum of the window) + bias; the paper's connections
            // count the window and the bias (S2: 14*14*6*(4+1) = 5,880).
            Ok(LeafCost {
                out: Some(out),
                params: 2 * input.c as u64,
                macs: out.elems() * area,
                connections: out.elems() * (area + 1),
                k: s.window,
                s: s.stride,
                ..none
            })
        }
        Op::Dense(d) => {
            flat(path, input)?;
            if d.units == 0 {
                return Err(zero(path, "units"));
            }
            let weights = input.c as u64 * d.units as u64;
            let params = weights + if d.bias { d.units as u64 } else { 0 };
            Ok(LeafCost {
                out: Some(Shape::new(d.units, 1, 1)),
                params,
                macs: weights,
                connections: params,
                global: true,
                weight: true,
                ..none
            })
        }
        Op::Rbf(r) => {
            flat(path, input)?;
            if r.units == 0 {
                return Err(zero(path, "units"));
            }
            let weights = input.c as u64 * r.units as u64;
            Ok(LeafCost {
                out: Some(Shape::new(r.units, 1, 1)),
                params: if r.trainable { weights } else { 0 },
                fixed_params: if r.trainable { 0 } else { weights },
                macs: weights,
                connections: weights,
                global: true,
                weight: true,
                ..none
            })
        }
        Op::BatchNorm => Ok(LeafCost {
            params: 2 * input.c as u64,
            ..none
        }),
        Op::Lrn(l) if l.size == 0 => Err(zero(path, "LRN size")),
        Op::Dropout(d) if !(0.0..1.0).contains(&d.rate) => Err(ArchError::Rate {
            layer: path.into(),
            rate: d.rate,
        }),
        Op::Flatten => Ok(LeafCost {
            out: Some(Shape::new(input.c * input.h * input.w, 1, 1)),
            ..none
        }),
        Op::Lrn(_) | Op::Dropout(_) | Op::Softmax => Ok(none),
        Op::Concat(_) | Op::Residual(_) => unreachable!("containers are walked, not costed"),
    }
}

fn flat(path: &str, input: Shape) -> Result<(), ArchError> {
    if input.h != 1 || input.w != 1 {
        return Err(ArchError::NeedsFlat {
            layer: path.into(),
            input,
        });
    }
    Ok(())
}

fn conv(path: &str, c: &Conv, input: Shape) -> Result<LeafCost, ArchError> {
    if c.out == 0 {
        return Err(zero(path, "output channels"));
    }
    if c.groups == 0 {
        return Err(zero(path, "groups"));
    }
    let (h, w) = window_out(path, input, c.kernel, c.stride, c.padding, false)?;
    let area = (c.kernel * c.kernel) as u64;
    // Input channels seen, summed over output maps.
    let fan_in_maps: u64 = match &c.table {
        Some(table) => check_table(path, c, input.c, table)?,
        None => {
            if !input.c.is_multiple_of(c.groups) || !c.out.is_multiple_of(c.groups) {
                return Err(ArchError::Groups {
                    layer: path.into(),
                    groups: c.groups,
                    in_channels: input.c,
                    out_channels: c.out,
                });
            }
            (c.out * (input.c / c.groups)) as u64
        }
    };
    let weights = fan_in_maps * area;
    let bias = if c.bias { c.out as u64 } else { 0 };
    let positions = (h.out * w.out) as u64;
    Ok(LeafCost {
        out: Some(Shape::new(c.out, h.out, w.out)),
        params: weights + bias,
        fixed_params: 0,
        macs: positions * weights,
        connections: positions * (weights + bias),
        k: c.kernel,
        s: c.stride,
        global: false,
        weight: true,
    })
}

/// Validate a connection table; returns the number of (output map, input map) pairs.
fn check_table(path: &str, c: &Conv, in_c: usize, table: &[Vec<usize>]) -> Result<u64, ArchError> {
    let bad = |problem: String| ArchError::Table {
        layer: path.into(),
        problem,
    };
    if c.groups != 1 {
        return Err(bad("cannot be combined with groups".into()));
    }
    if table.len() != c.out {
        return Err(bad(format!(
            "{} rows for {} output maps",
            table.len(),
            c.out
        )));
    }
    for (j, row) in table.iter().enumerate() {
        if row.is_empty() {
            return Err(bad(format!("output map {j} sees no input map")));
        }
        if let Some(&i) = row.iter().find(|&&i| i >= in_c) {
            return Err(bad(format!("output map {j} lists input map {i} of {in_c}")));
        }
        let mut seen = row.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != row.len() {
            return Err(bad(format!("output map {j} lists an input map twice")));
        }
    }
    Ok(table.iter().map(|r| r.len() as u64).sum())
}

/// The papers' notation: `3x3 conv, 64, /2, pad 1`, `3x3 max pool, /2`, `fc 4096`.
pub(crate) fn describe(layer: &Layer) -> String {
    let pad = |p: Padding| match p {
        Padding::Px(0) | Padding::Mode(PadMode::Valid) => String::new(),
        Padding::Px(n) => format!(", pad {n}"),
        Padding::Mode(PadMode::Same) => ", same".into(),
    };
    let stride = |s: usize| {
        if s == 1 {
            String::new()
        } else {
            format!(", /{s}")
        }
    };
    let mode = |m: PoolMode| match m {
        PoolMode::Max => "max",
        PoolMode::Avg => "avg",
    };
    match &layer.op {
        Op::Conv(c) => {
            let mut d = format!(
                "{0}x{0} conv, {1}{2}{3}",
                c.kernel,
                c.out,
                stride(c.stride),
                pad(c.padding)
            );
            if c.groups > 1 {
                d += &format!(", {} groups", c.groups);
            }
            if c.table.is_some() {
                d += ", connection table";
            }
            d
        }
        Op::Pool(p) => format!(
            "{0}x{0} {1} pool{2}{3}{4}",
            p.window,
            mode(p.mode),
            stride(p.stride),
            pad(p.padding),
            if p.ceil_mode { ", ceil" } else { "" }
        ),
        Op::GridPool(g) => format!("{} pool to {}x{} grid", mode(g.mode), g.out_h, g.out_w),
        Op::GlobalAvgPool => "global avg pool".into(),
        Op::Subsample(s) => format!(
            "{0}x{0} subsampling{1}, trainable coefficient + bias",
            s.window,
            stride(s.stride)
        ),
        Op::Dense(d) => format!("fc {}", d.units),
        Op::Rbf(r) => format!(
            "RBF {}{}",
            r.units,
            if r.trainable { "" } else { ", fixed" }
        ),
        Op::BatchNorm => "batch norm".into(),
        Op::Lrn(l) => format!("LRN, size {}", l.size),
        Op::Dropout(d) => format!("dropout {}%", (d.rate * 100.0).round()),
        Op::Flatten => "flatten".into(),
        Op::Softmax => "softmax".into(),
        Op::Concat(c) => format!("concat of {} branches", c.branches.len()),
        Op::Residual(r) => match r.shortcut {
            super::layer::Shortcut::Identity => "residual, identity shortcut".into(),
            super::layer::Shortcut::ZeroPad => "residual, zero-pad shortcut (A)".into(),
            super::layer::Shortcut::Projection { .. } => "residual, projection shortcut (B)".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::arch::build::SAME;

    fn cost(layer: &Layer, input: Shape) -> LeafCost {
        leaf(&layer.name, &layer.op, input).unwrap()
    }

    #[test]
    fn conv_groups_and_table_count_what_each_filter_sees() {
        let x = Shape::new(4, 6, 6);
        let full = cost(&Layer::conv("c", 8, 3, 1, SAME), x);
        let grouped = cost(&Layer::conv("c", 8, 3, 1, SAME).groups(2), x);
        assert_eq!(
            (full.params, grouped.params),
            (8 * 4 * 9 + 8, 8 * 2 * 9 + 8)
        );
        assert_eq!(full.macs, 36 * 8 * 4 * 9);
        let table = cost(
            &Layer::conv("c", 2, 3, 1, 0).table(vec![vec![0], vec![1, 2, 3]]),
            x,
        );
        assert_eq!(table.params, 4 * 9 + 2);
        assert_eq!(table.connections, 16 * (4 * 9 + 2));
    }

    #[test]
    fn parameter_free_layers() {
        let x = Shape::new(3, 4, 4);
        for l in [
            Layer::max_pool("p", 2, 2),
            Layer::lrn("n", 5),
            Layer::dropout("d", 0.5),
            Layer::flatten("f"),
            Layer::softmax("s"),
            Layer::global_avg_pool("g"),
        ] {
            let c = cost(&l, x);
            assert_eq!((c.params, c.macs, c.connections), (0, 0, 0), "{}", l.name);
        }
        assert_eq!(cost(&Layer::batch_norm("bn"), x).params, 6);
        assert_eq!(
            cost(&Layer::flatten("f"), x).out,
            Some(Shape::new(48, 1, 1))
        );
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            describe(&Layer::conv("c", 64, 3, 2, 1)),
            "3x3 conv, 64, /2, pad 1"
        );
        assert_eq!(
            describe(&Layer::max_pool("p", 3, 2).ceil_mode()),
            "3x3 max pool, /2, ceil"
        );
        assert_eq!(describe(&Layer::dense("fc", 4096)), "fc 4096");
    }
}
