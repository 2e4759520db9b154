//! The calculator: walks a [`Network`] and gives every layer's output shape, parameters,
//! multiply-adds, connections and receptive field (conventions in [`super::report`]).

use super::count::count_layers;
use super::error::ArchError;
use super::geometry::zero;
use super::kind::LayerKind;
use super::layer::{Layer, Network, Op, Shape, Shortcut};
use super::ops::{describe, leaf};
use super::report::{AuxReport, LayerReport, NetReport, Totals};
use std::collections::HashSet;

/// The state between two layers: the volume and the receptive-field bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub shape: Shape,
    pub rf: usize,
    pub jump: usize,
    /// Height of the spatial grid the units still lie on (the shape's height, except after a
    /// flatten, which keeps it until a dense layer spans it).
    pub grid: usize,
}

/// Analyse a whole network: rows for the main path, totals, counts, auxiliary heads apart.
pub fn analyze(net: &Network) -> Result<NetReport, ArchError> {
    if net.layers.is_empty() {
        return Err(ArchError::Empty);
    }
    if net.input.elems() == 0 {
        return Err(ArchError::ZeroInput { input: net.input });
    }
    let start = Cursor {
        shape: net.input,
        rf: 1,
        jump: 1,
        grid: net.input.h,
    };
    let mut main = Walker::default();
    let mut cur = start;
    let mut after = Vec::with_capacity(net.layers.len());
    for layer in &net.layers {
        cur = main.layer(layer, cur, "", None, None, 0)?;
        after.push((layer.name.as_str(), cur));
    }
    let mut aux = Vec::with_capacity(net.aux.len());
    for head in &net.aux {
        let (_, at) = after
            .iter()
            .find(|(n, _)| *n == head.attach_after)
            .ok_or_else(|| ArchError::UnknownAttach {
                head: head.name.clone(),
                attach_after: head.attach_after.clone(),
            })?;
        let mut w = Walker::default();
        let end = w.seq(&head.layers, *at, &head.name, None, None, 0)?;
        aux.push(AuxReport {
            name: head.name.clone(),
            attach_after: head.attach_after.clone(),
            totals: Totals::of(&w.rows),
            layers: w.rows,
            output: end.shape,
        });
    }
    Ok(NetReport {
        id: net.id.clone(),
        name: net.name.clone(),
        source: net.source.clone(),
        input: net.input,
        output: cur.shape,
        totals: Totals::of(&main.rows),
        layers: main.rows,
        aux,
        counts: count_layers(&net.layers),
    })
}

/// Analyse a bare list of layers on an input (the builder page, before it has a name).
pub fn analyze_layers(input: Shape, layers: &[Layer]) -> Result<NetReport, ArchError> {
    analyze(&Network {
        id: String::new(),
        name: String::new(),
        source: String::new(),
        input,
        layers: layers.to_vec(),
        aux: Vec::new(),
    })
}

#[derive(Default)]
struct Walker {
    rows: Vec<LayerReport>,
    paths: HashSet<String>,
}

impl Walker {
    fn seq(
        &mut self,
        layers: &[Layer],
        mut cur: Cursor,
        prefix: &str,
        parent: Option<usize>,
        branch: Option<&str>,
        nest: usize,
    ) -> Result<Cursor, ArchError> {
        for layer in layers {
            cur = self.layer(layer, cur, prefix, parent, branch, nest)?;
        }
        Ok(cur)
    }

    fn layer(
        &mut self,
        layer: &Layer,
        cur: Cursor,
        prefix: &str,
        parent: Option<usize>,
        branch: Option<&str>,
        nest: usize,
    ) -> Result<Cursor, ArchError> {
        let path = if prefix.is_empty() {
            layer.name.clone()
        } else {
            format!("{prefix}/{}", layer.name)
        };
        if layer.name.is_empty() {
            return Err(zero(&path, "name length"));
        }
        if !self.paths.insert(path.clone()) {
            return Err(ArchError::DuplicateName { layer: path });
        }
        let index = self.rows.len();
        self.rows.push(LayerReport {
            index,
            name: layer.name.clone(),
            path: path.clone(),
            kind: LayerKind::of(&layer.op),
            detail: describe(layer),
            parent,
            branch: branch.map(str::to_string),
            nest,
            input: cur.shape,
            output: cur.shape,
            params: 0,
            fixed_params: 0,
            macs: 0,
            connections: 0,
            rf: cur.rf,
            jump: cur.jump,
            weight_layer: false,
            group: false,
        });
        let next = match &layer.op {
            Op::Concat(c) => self.concat(&c.branches, cur, &path, index, nest)?,
            Op::Residual(r) => self.residual(&r.body, &r.shortcut, cur, &path, index, nest)?,
            op => {
                let cost = leaf(&path, op, cur.shape)?;
                let out = cost.out.unwrap_or(cur.shape);
                let (rf, jump, grid) = if cost.global {
                    (cur.rf + (cur.grid - 1) * cur.jump, cur.jump, 1)
                } else if cost.k > 0 {
                    (cur.rf + (cost.k - 1) * cur.jump, cur.jump * cost.s, out.h)
                } else if matches!(op, Op::Flatten) {
                    (cur.rf, cur.jump, cur.grid)
                } else {
                    (cur.rf, cur.jump, out.h)
                };
                let row = &mut self.rows[index];
                row.params = cost.params;
                row.fixed_params = cost.fixed_params;
                row.macs = cost.macs;
                row.connections = cost.connections;
                row.weight_layer = cost.weight;
                Cursor {
                    shape: out,
                    rf,
                    jump,
                    grid,
                }
            }
        };
        let row = &mut self.rows[index];
        row.output = next.shape;
        row.rf = next.rf;
        row.jump = next.jump;
        Ok(next)
    }

    fn concat(
        &mut self,
        branches: &[super::layer::Branch],
        cur: Cursor,
        path: &str,
        index: usize,
        nest: usize,
    ) -> Result<Cursor, ArchError> {
        let Some(first) = branches.first() else {
            return Err(ArchError::NoBranches { layer: path.into() });
        };
        let mut out: Option<Cursor> = None;
        for b in branches {
            let prefix = format!("{path}/{}", b.name);
            let end = self.seq(
                &b.layers,
                cur,
                &prefix,
                Some(index),
                Some(&b.name),
                nest + 1,
            )?;
            out = Some(match out {
                None => end,
                Some(acc) => {
                    if (end.shape.h, end.shape.w) != (acc.shape.h, acc.shape.w) {
                        return Err(ArchError::BranchMismatch {
                            layer: path.into(),
                            first: first.name.clone(),
                            branch: b.name.clone(),
                            expected: acc.shape,
                            got: end.shape,
                        });
                    }
                    Cursor {
                        shape: Shape::new(acc.shape.c + end.shape.c, acc.shape.h, acc.shape.w),
                        rf: acc.rf.max(end.rf),
                        jump: acc.jump.max(end.jump),
                        grid: acc.grid,
                    }
                }
            });
        }
        self.close_group(index);
        Ok(out.unwrap_or(cur))
    }

    fn residual(
        &mut self,
        body: &[Layer],
        shortcut: &Shortcut,
        cur: Cursor,
        path: &str,
        index: usize,
        nest: usize,
    ) -> Result<Cursor, ArchError> {
        let end = self.seq(body, cur, path, Some(index), Some("body"), nest + 1)?;
        let short = match shortcut {
            Shortcut::Identity => cur,
            Shortcut::ZeroPad => {
                let (i, b) = (cur.shape, end.shape);
                let s = i.h.div_ceil(b.h.max(1)).max(1);
                let fits =
                    b.h > 0 && b.c >= i.c && i.h.div_ceil(s) == b.h && i.w.div_ceil(s) == b.w;
                if !fits {
                    return Err(ArchError::ZeroPad {
                        layer: path.into(),
                        input: i,
                        body: b,
                    });
                }
                Cursor {
                    shape: b,
                    jump: cur.jump * s,
                    grid: b.h,
                    ..cur
                }
            }
            Shortcut::Projection { layers } => {
                let prefix = format!("{path}/shortcut");
                self.seq(
                    layers,
                    cur,
                    &prefix,
                    Some(index),
                    Some("shortcut"),
                    nest + 1,
                )?
            }
        };
        if short.shape != end.shape {
            return Err(ArchError::ResidualMismatch {
                layer: path.into(),
                body: end.shape,
                shortcut: short.shape,
            });
        }
        self.close_group(index);
        Ok(Cursor {
            rf: end.rf.max(short.rf),
            ..end
        })
    }

    /// Mark `index` as a container and sum its descendants' (leaf) figures into it.
    fn close_group(&mut self, index: usize) {
        let mut sum = Totals::default();
        let mut stack = vec![index];
        while let Some(p) = stack.pop() {
            for r in self.rows[p + 1..].iter().filter(|r| r.parent == Some(p)) {
                if r.group {
                    stack.push(r.index);
                } else {
                    sum.params += r.params;
                    sum.fixed_params += r.fixed_params;
                    sum.macs += r.macs;
                    sum.connections += r.connections;
                }
            }
        }
        let row = &mut self.rows[index];
        row.group = true;
        row.params = sum.params;
        row.fixed_params = sum.fixed_params;
        row.macs = sum.macs;
        row.connections = sum.connections;
    }
}

/// The `kind` tag as in the JSON form.
pub fn kind_name(op: &Op) -> &'static str {
    LayerKind::of(op).as_str()
}
