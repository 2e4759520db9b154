//! One unit per top-level layer, in local coordinates: x from 0 to `w`, y = 0 on the main line
//! (the "port"), from `-above` to `below`.

use super::{short_detail, Edge, EdgeStyle, Label, Node, NodeStyle, BOX_CHAR_W, CHAR_W};
use crate::lessons::arch::kind::LayerKind;
use crate::lessons::arch::layer::Shape;
use crate::lessons::arch::report::LayerReport;

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

pub(super) const BOX_H: f64 = 22.0;
pub(super) const LINE: f64 = 13.0;
pub(super) const LANE: f64 = 30.0;
pub(super) const ARC: f64 = 30.0;

pub(super) fn text_w(lines: &[String]) -> f64 {
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

pub(super) fn node(key: Option<usize>, kind: LayerKind, style: NodeStyle) -> Node {
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
        node(None, LayerKind::Input, NodeStyle::Input),
        s,
        vec!["input".into(), s.to_string()],
    )
}

/// The text of a shape-keeping layer drawn as a pill; `None` for the other kinds.
fn pill_text(kind: LayerKind) -> Option<&'static str> {
    match kind {
        LayerKind::Lrn => Some("LRN"),
        LayerKind::Dropout => Some("drop"),
        LayerKind::Flatten => Some("flat"),
        LayerKind::Softmax => Some("softmax"),
        _ => None,
    }
}

/// A top-level leaf layer; `None` for rows that are not drawn (batch norm).
pub(super) fn leaf(row: &LayerReport) -> Option<Unit> {
    if row.kind == LayerKind::BatchNorm {
        return None;
    }
    match pill_text(row.kind) {
        Some(text) => {
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
        None => Some(volume_unit(
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
pub(super) fn boxed(row: &LayerReport, key: usize, x: f64, cy: f64) -> Node {
    let text = short_detail(&row.detail);
    let mut n = node(Some(key), row.kind, NodeStyle::Box);
    n.w = box_w(&text);
    n.h = BOX_H;
    n.x = x;
    n.y = cy - BOX_H / 2.0;
    n.text = text;
    n
}

pub(super) fn line(points: Vec<(f64, f64)>, style: EdgeStyle, arrow: bool) -> Edge {
    Edge {
        points,
        style,
        arrow,
    }
}

/// Lays a branch's layers out in a row from `x`; rows without a box (batch norm, flatten,
/// dropout) light the box before them. Returns the boxes and the end x.
pub(super) fn lane(
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
        if matches!(
            r.kind,
            LayerKind::BatchNorm | LayerKind::Flatten | LayerKind::Dropout
        ) {
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

pub(super) fn chain_edges(nodes: &[Node], cy: f64) -> Vec<Edge> {
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
