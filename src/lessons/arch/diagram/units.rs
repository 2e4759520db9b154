//! One unit per top-level layer, in local coordinates: x from 0 to `w`, y = 0 on the main line
//! (the "port"), from `-above` to `below`.

use super::{short_detail, Edge, EdgeStyle, Label, Node, NodeStyle, BOX_CHAR_W, CHAR_W};
use crate::lessons::arch::layer::Shape;
use crate::lessons::arch::report::{LayerReport, NetReport};

pub(super) struct Unit {
    pub w: f64,
    pub above: f64,
    pub below: f64,
    /// Where the main line enters and leaves.
    pub in_x: f64,
    pub out_x: f64,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub labels: Vec<Label>,
}

const BOX_H: f64 = 22.0;
const LINE: f64 = 13.0;
const LANE: f64 = 30.0;
const ARC: f64 = 30.0;

fn text_w(lines: &[String]) -> f64 {
    lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR_W
}

fn box_w(text: &str) -> f64 {
    (text.chars().count() as f64 * BOX_CHAR_W + 12.0).max(52.0)
}

/// Front-face size of a volume: height grows with the spatial size, width with the channels
/// (both logarithmically, so 224x224x64 and 7x7x512 both stay visible).
fn volume_size(s: Shape) -> (f64, f64, f64) {
    let side = s.h.max(s.w).max(1) as f64;
    let h = (16.0 + 9.0 * side.log2()).min(100.0);
    let w = 5.0 + 3.2 * (s.c.max(1) as f64).log2();
    (w, h, (h * 0.32).round())
}

fn bar_size(c: usize) -> (f64, f64) {
    (10.0, (14.0 + 8.0 * (c.max(2) as f64).log2()).min(110.0))
}

fn node(key: Option<usize>, kind: &'static str, style: NodeStyle) -> Node {
    Node {
        key,
        kind,
        style,
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
        depth: 0.0,
        text: String::new(),
        below: Vec::new(),
        aux: false,
    }
}

/// A volume (or bar) with its name, operation and shape under it.
fn volume_unit(mut n: Node, s: Shape, below: Vec<String>) -> Unit {
    let flat = s.h == 1 && s.w == 1;
    let (w, h, depth) = if flat {
        let (w, h) = bar_size(s.c);
        (w, h, 4.0)
    } else {
        volume_size(s)
    };
    let body = w + depth;
    let uw = body.max(text_w(&below)) + 10.0;
    n.style = if flat && n.style == NodeStyle::Volume {
        NodeStyle::Bar
    } else {
        n.style
    };
    n.x = (uw - body) / 2.0;
    n.y = -h / 2.0;
    n.w = w;
    n.h = h;
    n.depth = depth;
    let mut labels = Vec::new();
    for (i, t) in below.iter().enumerate() {
        labels.push(Label {
            x: uw / 2.0,
            y: h / 2.0 + LINE * (i as f64 + 1.0),
            text: t.clone(),
            anchor: "middle",
            strong: i == 0,
        });
    }
    let (in_x, out_x) = (n.x, n.x + w);
    Unit {
        w: uw,
        above: h / 2.0 + depth * 0.6 + 2.0,
        below: h / 2.0 + LINE * below.len() as f64 + 4.0,
        in_x,
        out_x,
        nodes: vec![n],
        edges: Vec::new(),
        labels,
    }
}

pub(super) fn input(s: Shape) -> Unit {
    volume_unit(
        node(None, "input", NodeStyle::Input),
        s,
        vec!["input".into(), s.to_string()],
    )
}

fn pill_text(kind: &str) -> &'static str {
    match kind {
        "lrn" => "LRN",
        "dropout" => "drop",
        "flatten" => "flat",
        "softmax" => "softmax",
        _ => "op",
    }
}

/// A top-level leaf layer; `None` for rows that are not drawn (batch norm).
pub(super) fn leaf(row: &LayerReport) -> Option<Unit> {
    match row.kind {
        "batch_norm" => None,
        "lrn" | "dropout" | "flatten" | "softmax" => {
            let text = pill_text(row.kind);
            let mut n = node(Some(row.index), row.kind, NodeStyle::Pill);
            n.w = box_w(text) - 2.0;
            n.h = 18.0;
            n.x = 4.0;
            n.y = -9.0;
            n.text = text.into();
            Some(Unit {
                w: n.w + 8.0,
                above: 10.0,
                below: 10.0,
                in_x: 4.0,
                out_x: 4.0 + n.w,
                nodes: vec![n],
                edges: Vec::new(),
                labels: Vec::new(),
            })
        }
        _ => Some(volume_unit(
            node(Some(row.index), row.kind, NodeStyle::Volume),
            row.output,
            vec![
                row.name.clone(),
                short_detail(&row.detail),
                row.output.to_string(),
            ],
        )),
    }
}

/// A box for a layer inside a module, block or head.
fn boxed(row: &LayerReport, key: usize, x: f64, cy: f64) -> Node {
    let text = short_detail(&row.detail);
    let mut n = node(Some(key), row.kind, NodeStyle::Box);
    n.w = box_w(&text);
    n.h = BOX_H;
    n.x = x;
    n.y = cy - BOX_H / 2.0;
    n.text = text;
    n
}

fn line(points: Vec<(f64, f64)>, style: EdgeStyle, arrow: bool) -> Edge {
    Edge {
        points,
        style,
        arrow,
    }
}

/// Lays a branch's layers out in a row from `x`; rows without a box (batch norm, flatten,
/// dropout) light the box before them. Returns the boxes and the end x.
fn lane(
    rows: &[&LayerReport],
    key: impl Fn(&LayerReport) -> usize,
    x0: f64,
    cy: f64,
    light: &mut [Option<usize>],
) -> (Vec<Node>, f64) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut x = x0;
    for r in rows {
        let k = key(r);
        if matches!(r.kind, "batch_norm" | "flatten" | "dropout") {
            light[k] = nodes.last().and_then(|n| n.key);
            continue;
        }
        if !nodes.is_empty() {
            x += 10.0;
        }
        let n = boxed(r, k, x, cy);
        x += n.w;
        light[k] = Some(k);
        nodes.push(n);
    }
    (nodes, x)
}

fn chain_edges(nodes: &[Node], cy: f64) -> Vec<Edge> {
    nodes
        .windows(2)
        .map(|p| {
            line(
                vec![(p[0].x + p[0].w, cy), (p[1].x, cy)],
                EdgeStyle::Main,
                false,
            )
        })
        .collect()
}

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
    let mut concat = node(Some(row.index), "concat", NodeStyle::Concat);
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
        if matches!(row.kind, "flatten" | "dropout" | "batch_norm") {
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
    let mut add = node(Some(row.index), "residual", NodeStyle::Add);
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
