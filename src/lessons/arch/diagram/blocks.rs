//! The container units: inception modules (with the auxiliary heads that hang off them) and
//! residual blocks.

use super::units::{boxed, chain_edges, lane, line, node, text_w, Unit, ARC, BOX_H, LANE, LINE};
use super::{EdgeStyle, Label, NodeStyle, CHAR_W};
use crate::lessons::arch::kind::LayerKind;
use crate::lessons::arch::report::{LayerReport, NetReport};

/// An inception module: four lanes, fanned out from the input and joined by the concatenation;
/// auxiliary heads attached to it hang underneath.
pub(super) fn inception(
    r: &NetReport,
    row: &LayerReport,
    children: &[&LayerReport],
    heads: &[usize],
    light: &mut [Option<usize>],
) -> Unit {
    let mut branches: Vec<&str> = Vec::new();
    for c in children {
        let b = c.branch.as_deref().unwrap_or("");
        if !branches.contains(&b) {
            branches.push(b);
        }
    }
    let k = branches.len().max(1) as f64;
    let lane_y = |i: usize| (i as f64 - (k - 1.0) / 2.0) * LANE;
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    let mut ends = Vec::new();
    let x0 = 26.0;
    for (i, b) in branches.iter().enumerate() {
        let rows: Vec<&LayerReport> = children
            .iter()
            .copied()
            .filter(|c| c.branch.as_deref() == Some(*b))
            .collect();
        let (lane_nodes, end) = lane(&rows, |r| r.index, x0, lane_y(i), light);
        if let Some(first) = lane_nodes.first() {
            edges.push(line(
                vec![(6.0, 0.0), (14.0, lane_y(i)), (first.x, lane_y(i))],
                EdgeStyle::Main,
                false,
            ));
        }
        edges.extend(chain_edges(&lane_nodes, lane_y(i)));
        ends.push((end, lane_y(i)));
        nodes.extend(lane_nodes);
    }
    let cx = ends.iter().map(|e| e.0).fold(x0, f64::max) + 14.0;
    for (end, y) in ends {
        edges.push(line(vec![(end, y), (cx, y)], EdgeStyle::Main, false));
    }
    let half = k * LANE / 2.0;
    let mut concat = node(Some(row.index), LayerKind::Concat, NodeStyle::Concat);
    concat.x = cx;
    concat.y = -half + 4.0;
    concat.w = 10.0;
    concat.h = 2.0 * half - 8.0;
    nodes.push(concat);
    let w = cx + 10.0 + 8.0;
    let title = vec![row.name.clone(), row.output.to_string()];
    let mut labels: Vec<Label> = title
        .iter()
        .enumerate()
        .map(|(i, t)| Label {
            x: w / 2.0,
            y: -half - 6.0 - LINE * (1 - i) as f64,
            text: t.clone(),
            anchor: "middle",
            strong: i == 0,
        })
        .collect();
    let mut unit = Unit {
        w: w.max(text_w(&title) + 8.0),
        above: half + 2.0 * LINE + 8.0,
        below: half + 4.0,
        in_x: 6.0,
        out_x: cx + 10.0,
        nodes,
        edges,
        labels: Vec::new(),
    };
    for &h in heads {
        aux_head(r, h, &mut unit, &mut labels, light);
    }
    unit.labels = labels;
    unit
}

/// An auxiliary classifier under its module: a dashed line down from the concatenation, then
/// its layers top to bottom.
fn aux_head(
    r: &NetReport,
    h: usize,
    unit: &mut Unit,
    labels: &mut Vec<Label>,
    light: &mut [Option<usize>],
) {
    let head = &r.aux[h];
    let cx = unit.out_x - 5.0;
    let mut y = unit.below + 30.0;
    labels.push(Label {
        x: cx - 8.0,
        y: unit.below + 16.0,
        text: format!("{} (not in totals)", head.name),
        anchor: "end",
        strong: true,
    });
    let mut prev_bottom = unit.below - 4.0;
    let mut last: Option<usize> = None;
    for (i, row) in head.layers.iter().enumerate() {
        let key = super::aux_key(r, h, i);
        if matches!(
            row.kind,
            LayerKind::Flatten | LayerKind::Dropout | LayerKind::BatchNorm
        ) {
            light[key] = last;
            continue;
        }
        let mut n = boxed(row, key, 0.0, y);
        n.x = cx - n.w / 2.0;
        n.aux = true;
        unit.edges.push(line(
            vec![(cx, prev_bottom), (cx, n.y)],
            EdgeStyle::Aux,
            true,
        ));
        prev_bottom = n.y + n.h;
        unit.w = unit.w.max(cx + n.w / 2.0 + 4.0);
        light[key] = Some(key);
        last = Some(key);
        unit.nodes.push(n);
        y += BOX_H + 12.0;
    }
    unit.below = y - BOX_H / 2.0 + 4.0;
}

/// A residual block: the body in a row, the shortcut over it into the addition.
pub(super) fn residual(
    row: &LayerReport,
    children: &[&LayerReport],
    light: &mut [Option<usize>],
) -> Unit {
    let of = |b: &str| -> Vec<&LayerReport> {
        children
            .iter()
            .copied()
            .filter(|c| c.branch.as_deref() == Some(b))
            .collect()
    };
    let (body, short) = (of("body"), of("shortcut"));
    let (mut nodes, end) = lane(&body, |r| r.index, 16.0, 0.0, light);
    let mut edges = chain_edges(&nodes, 0.0);
    if let Some(first) = nodes.first() {
        edges.push(line(
            vec![(6.0, 0.0), (first.x, 0.0)],
            EdgeStyle::Main,
            false,
        ));
    }
    let r_add = 9.0;
    let ax = end + 12.0 + r_add;
    edges.push(line(
        vec![(end, 0.0), (ax - r_add, 0.0)],
        EdgeStyle::Main,
        true,
    ));
    let mut add = node(Some(row.index), LayerKind::Residual, NodeStyle::Add);
    add.x = ax - r_add;
    add.y = -r_add;
    add.w = 2.0 * r_add;
    add.h = 2.0 * r_add;
    add.text = "+".into();
    nodes.push(add);
    let changing = !short.is_empty() || row.detail.contains("zero-pad");
    let style = if changing {
        EdgeStyle::Changing
    } else {
        EdgeStyle::Shortcut
    };
    let mut labels = Vec::new();
    let mid = (6.0 + ax) / 2.0;
    let mut above = ARC + 4.0;
    if short.is_empty() {
        let text = if changing { "zero-pad x" } else { "identity x" };
        labels.push(Label {
            x: mid,
            y: -ARC - 4.0,
            text: text.into(),
            anchor: "middle",
            strong: false,
        });
        above += LINE;
        edges.push(line(
            vec![(6.0, 0.0), (6.0, -ARC), (ax, -ARC), (ax, -r_add)],
            style,
            true,
        ));
    } else {
        let (mut pn, pend) = lane(&short, |r| r.index, 0.0, -ARC, light);
        let pw = pend;
        let shift = mid - pw / 2.0;
        for n in &mut pn {
            n.x += shift;
        }
        let (px0, px1) = (shift, shift + pw);
        edges.push(line(
            vec![(6.0, 0.0), (6.0, -ARC), (px0, -ARC)],
            style,
            false,
        ));
        edges.push(line(
            vec![(px1, -ARC), (ax, -ARC), (ax, -r_add)],
            style,
            true,
        ));
        above += BOX_H / 2.0;
        nodes.extend(pn);
    }
    let title = format!("{} {}", row.name, row.output);
    labels.push(Label {
        x: mid,
        y: BOX_H / 2.0 + LINE,
        text: title.clone(),
        anchor: "middle",
        strong: true,
    });
    let w = (ax + r_add + 8.0).max(title.len() as f64 * CHAR_W + 8.0);
    Unit {
        w,
        above,
        below: BOX_H / 2.0 + LINE + 4.0,
        in_x: 6.0,
        out_x: ax + r_add,
        nodes,
        edges,
        labels,
    }
}
