//! The drawn network of `/architectures/:net`, as pure geometry (the page only turns it into
//! SVG): volumes for feature maps and thin bars for fc layers, as in the slides' AlexNet / VGG
//! figures; inception modules as four parallel lanes joined by a concatenation; residual blocks
//! as their body with the shortcut drawn over it into an addition (He et al. 2016, Fig. 3:
//! dashed where a projection or zero padding changes dimensions); GoogLeNet's auxiliary heads
//! hanging under the module they attach to, dashed, because they are not part of the totals.
//!
//! Top-level layers become "units" laid out left to right and wrapped into rows no wider than
//! `max_width` (so a phone gets a tall diagram it can read and a projector a wide one). Every
//! drawn element carries the table key of the row it stands for, and [`Diagram::light`] maps
//! every key (batch norm, dropout and other undrawn rows included) to the element that lights up
//! for it, which is what links the table and the diagram both ways.
//!
//! Keys: `0..layers.len()` are the rows of [`NetReport::layers`]; auxiliary-head rows follow,
//! head after head ([`aux_key`]).

mod blocks;
mod units;

use super::kind::LayerKind;
use super::report::{LayerReport, NetReport};
use serde::Serialize;
use units::Unit;

/// Width of one character of the diagram's 11 px monospace text.
pub const CHAR_W: f64 = 6.6;
/// Width of one character of the 10 px text inside boxes.
pub const BOX_CHAR_W: f64 = 6.0;
const LEFT: f64 = 16.0;
const GAP: f64 = 20.0;
const ROW_GAP: f64 = 22.0;
const TOP: f64 = 8.0;

/// How an element is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeStyle {
    /// A feature-map volume: the front face `w` x `h` (width ~ channels, height ~ spatial
    /// size) and an oblique depth `depth`.
    Volume,
    /// A flat vector (fc layer): a thin tall bar.
    Bar,
    /// A labelled box (a layer inside a module or block).
    Box,
    /// A small tag for a layer without weights that keeps the shape (LRN, dropout, ...).
    Pill,
    /// The addition of a residual block (a circle, `w` = `h` = diameter).
    Add,
    /// The filter concatenation of an inception module (a tall bar).
    Concat,
    /// The input image.
    Input,
}

/// One drawn element.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Table key of the row it stands for (`None` for the input).
    pub key: Option<usize>,
    /// The row's kind ([`LayerKind::Input`] for the input), for colouring.
    pub kind: LayerKind,
    pub style: NodeStyle,
    /// Front face (or box) rectangle.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Oblique depth of a volume (0 otherwise): the back face is offset by (depth, -0.6 depth).
    pub depth: f64,
    /// Text inside the element.
    pub text: String,
    /// Lines under the element (name, operation, shape).
    pub below: Vec<String>,
    /// Part of an auxiliary head (drawn dashed, not in the totals).
    pub aux: bool,
}

/// How a connection is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeStyle {
    Main,
    /// Identity shortcut (solid).
    Shortcut,
    /// Shortcut that changes dimensions (dashed: projection or zero padding).
    Changing,
    /// To an auxiliary head (dashed, other colour).
    Aux,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    pub points: Vec<(f64, f64)>,
    pub style: EdgeStyle,
    pub arrow: bool,
}

/// Free text (module titles, shortcut names).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub strong: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub labels: Vec<Label>,
    /// For every key, the key of the drawn element that lights up for it.
    pub light: Vec<usize>,
    /// Number of rows the units were wrapped into.
    pub rows: usize,
}

/// Key of row `i` of auxiliary head `head`.
pub fn aux_key(r: &NetReport, head: usize, i: usize) -> usize {
    r.layers.len() + r.aux[..head].iter().map(|a| a.layers.len()).sum::<usize>() + i
}

/// Number of keys (main rows + auxiliary rows).
pub fn key_count(r: &NetReport) -> usize {
    r.layers.len() + r.aux.iter().map(|a| a.layers.len()).sum::<usize>()
}

/// The row a key stands for, and the auxiliary head it belongs to.
pub fn row_of(r: &NetReport, key: usize) -> Option<(&LayerReport, Option<usize>)> {
    if let Some(row) = r.layers.get(key) {
        return Some((row, None));
    }
    let mut k = key - r.layers.len();
    for (h, head) in r.aux.iter().enumerate() {
        if k < head.layers.len() {
            return Some((&head.layers[k], Some(h)));
        }
        k -= head.layers.len();
    }
    None
}

/// Short form of a row's description for boxes: `3x3 conv, 128, /2, pad 1` -> `3x3, 128, /2`.
pub fn short_detail(detail: &str) -> String {
    let keep: Vec<String> = detail
        .split(", ")
        .filter(|p| {
            !(p.starts_with("pad ")
                || *p == "same"
                || *p == "valid"
                || *p == "ceil"
                || p.starts_with("trainable")
                || *p == "connection table"
                || p.ends_with(" groups"))
        })
        .map(|p| {
            p.replace(" conv", "")
                .replace(" max pool", " max")
                .replace(" avg pool", " avg")
                .replace(" subsampling", " subsample")
        })
        .collect();
    keep.join(", ")
}

/// Lays the network out in rows at most `max_width` wide (a unit wider than that gets a row
/// of its own).
pub fn layout(r: &NetReport, max_width: f64) -> Diagram {
    let n = key_count(r);
    let mut light: Vec<Option<usize>> = vec![None; n];
    let mut units: Vec<Unit> = vec![units::input(r.input)];
    let mut last_drawn: Option<usize> = None;
    for row in r.layers.iter().filter(|l| l.nest == 0) {
        if row.group {
            let children: Vec<&LayerReport> = r
                .layers
                .iter()
                .filter(|l| l.parent == Some(row.index))
                .collect();
            let unit = if row.kind == LayerKind::Concat {
                let heads: Vec<usize> = (0..r.aux.len())
                    .filter(|&h| r.aux[h].attach_after == row.name)
                    .collect();
                blocks::inception(r, row, &children, &heads, &mut light)
            } else {
                blocks::residual(row, &children, &mut light)
            };
            units.push(unit);
            light[row.index] = Some(row.index);
            last_drawn = Some(row.index);
        } else if let Some(unit) = units::leaf(row) {
            units.push(unit);
            light[row.index] = Some(row.index);
            last_drawn = Some(row.index);
        } else {
            // Not drawn (batch norm): lights the layer it normalises.
            light[row.index] = last_drawn;
        }
    }
    let (width, height, rows, nodes, edges, labels) = wrap(units, max_width);
    // Anything still unmapped lights its parent, or the first drawn element.
    let first = nodes.iter().find_map(|n| n.key).unwrap_or(0);
    let light = (0..n)
        .map(|k| {
            light[k]
                .or_else(|| r.layers.get(k).and_then(|l| l.parent))
                .unwrap_or(first)
        })
        .collect();
    Diagram {
        width,
        height,
        nodes,
        edges,
        labels,
        light,
        rows,
    }
}

type Wrapped = (f64, f64, usize, Vec<Node>, Vec<Edge>, Vec<Label>);

/// Places the units in rows, aligned on their ports, and connects them (a row's end runs down
/// and back to the next row's start, like wrapped text).
fn wrap(units: Vec<Unit>, max_width: f64) -> Wrapped {
    let mut rows: Vec<Vec<Unit>> = vec![Vec::new()];
    let mut x = LEFT;
    for u in units {
        let row = rows.last_mut().expect("one row");
        if !row.is_empty() && x + u.w > max_width - 8.0 {
            rows.push(Vec::new());
            x = LEFT;
        }
        x += u.w + GAP;
        rows.last_mut().expect("one row").push(u);
    }
    let (mut nodes, mut edges, mut labels) = (Vec::new(), Vec::new(), Vec::new());
    let mut top = TOP;
    let mut width: f64 = 0.0;
    let mut prev_end: Option<(f64, f64, f64)> = None; // (x, port y, row bottom)
    let n_rows = rows.len();
    for row in rows {
        let above = row.iter().map(|u| u.above).fold(0.0, f64::max);
        let below = row.iter().map(|u| u.below).fold(0.0, f64::max);
        let port = top + above;
        let mut x = LEFT;
        for (i, u) in row.into_iter().enumerate() {
            let (in_x, out_x) = (x + u.in_x, x + u.out_x);
            if i == 0 {
                if let Some((ex, ey, bottom)) = prev_end {
                    let mid = bottom + ROW_GAP / 2.0;
                    edges.push(Edge {
                        points: vec![
                            (ex, ey),
                            (ex + 8.0, ey),
                            (ex + 8.0, mid),
                            (4.0, mid),
                            (4.0, port),
                            (in_x, port),
                        ],
                        style: EdgeStyle::Main,
                        arrow: true,
                    });
                }
            } else if let Some((ex, ey, _)) = prev_end {
                edges.push(Edge {
                    points: vec![(ex, ey), (in_x, port)],
                    style: EdgeStyle::Main,
                    arrow: true,
                });
            }
            nodes.extend(u.nodes.into_iter().map(|mut n| {
                n.x += x;
                n.y += port;
                n
            }));
            edges.extend(u.edges.into_iter().map(|mut e| {
                for p in &mut e.points {
                    p.0 += x;
                    p.1 += port;
                }
                e
            }));
            labels.extend(u.labels.into_iter().map(|mut l| {
                l.x += x;
                l.y += port;
                l
            }));
            width = width.max(x + u.w);
            x += u.w + GAP;
            prev_end = Some((out_x, port, port + below));
        }
        top = port + below + ROW_GAP;
    }
    (
        width + LEFT,
        top - ROW_GAP + TOP,
        n_rows,
        nodes,
        edges,
        labels,
    )
}

#[cfg(test)]
mod tests;
