//! The receptive-field page's stack diagram: the input row at the bottom, one row per layer
//! above it, padding as dashed ghosts, every connection drawn; the selected unit's field lit in
//! every layer below it. One tab stop: arrows move the selection (left/right in a layer,
//! up/down between layers), so the whole stack is keyboard operable.

use crate::lessons::receptive_field::{Field, Stack};
use crate::lessons::sparse_pages::RfLayout;
use crate::ui::viz::figure::Figure;
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

const DX: f64 = 30.0;
const R: f64 = 9.5;
const ROW: f64 = 74.0;
const GUTTER: f64 = 84.0;
const PAD: f64 = 26.0;

/// What the selection lights: real units per layer, padding positions per layer, and the
/// connections (as two SVG paths, lit and unlit, so thousands of edges cost two elements).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StackLit {
    pub units: Vec<Vec<bool>>,
    pub ghosts: Vec<BTreeSet<i64>>,
    pub lit_path: String,
    pub dim_path: String,
}

struct Geo {
    layout: RfLayout,
    lo: f64,
    depth: usize,
}

impl Geo {
    fn new(stack: &Stack) -> Self {
        let layout = RfLayout::new(stack);
        let (lo, _) = layout.extent(stack);
        Self {
            layout,
            lo,
            depth: stack.depth(),
        }
    }
    fn x(&self, layer: usize, q: i64) -> f64 {
        GUTTER + PAD + (self.layout.centre(layer, q) - self.lo) * DX
    }
    fn y(&self, layer: usize) -> f64 {
        PAD + (self.depth - layer) as f64 * ROW
    }
}

/// Lights `field` (of a unit in layer `field.layer`) in `stack`.
pub fn light(stack: &Stack, field: Option<&Field>) -> StackLit {
    let geo = Geo::new(stack);
    let mut units: Vec<Vec<bool>> = stack.widths.iter().map(|&w| vec![false; w]).collect();
    let mut ghosts = vec![BTreeSet::new(); stack.widths.len()];
    if let Some(f) = field {
        for lf in &f.per_layer {
            for &i in &lf.exact {
                units[lf.layer][i] = true;
            }
        }
    }
    let (mut lit_path, mut dim_path) = (String::new(), String::new());
    for l in 1..=stack.depth() {
        let layer = stack.layers[l - 1];
        let below = stack.widths[l - 1] as i64;
        for (q, &unit_lit) in units[l].iter().enumerate() {
            let on = unit_lit && field.is_some_and(|f| l <= f.layer);
            for t in 0..layer.k {
                let pos = (q * layer.s + t * layer.d) as i64 - layer.p as i64;
                let seg = format!(
                    "M{:.1},{:.1}L{:.1},{:.1}",
                    geo.x(l, q as i64),
                    geo.y(l) + R,
                    geo.x(l - 1, pos),
                    geo.y(l - 1) - R
                );
                if on {
                    lit_path.push_str(&seg);
                    if !(0..below).contains(&pos) {
                        ghosts[l - 1].insert(pos);
                    }
                } else {
                    dim_path.push_str(&seg);
                }
            }
        }
    }
    StackLit {
        units,
        ghosts,
        lit_path,
        dim_path,
    }
}

/// Where the keyboard moves the selection `(layer, unit)` for `key`.
fn step(
    stack: &Stack,
    layout: &RfLayout,
    (l, q): (usize, usize),
    key: &str,
) -> Option<(usize, usize)> {
    let last = |l: usize| stack.widths[l] - 1;
    let nearest = |to: usize| {
        let x = layout.centre(l, q as i64);
        let j = ((x - layout.offsets[to]) / layout.jumps[to]).round();
        (to, j.clamp(0.0, last(to) as f64) as usize)
    };
    match key {
        "ArrowLeft" => q.checked_sub(1).map(|q| (l, q)),
        "ArrowRight" => (q < last(l)).then(|| (l, q + 1)),
        "Home" => Some((l, 0)),
        "End" => Some((l, last(l))),
        "ArrowUp" => (l < stack.depth()).then(|| nearest(l + 1)),
        "ArrowDown" => l.checked_sub(1).map(nearest),
        _ => None,
    }
}

/// The stack, drawn. `selected` is `(layer, unit)`; `on_select` gets clicks and key moves.
#[component]
pub fn StackDiagram(
    stack: Memo<Result<Stack, crate::lessons::receptive_field::RfError>>,
    lit: Memo<StackLit>,
    selected: Signal<(usize, usize)>,
    hull: Signal<Option<(i64, i64)>>,
    on_select: Callback<(usize, usize)>,
) -> impl IntoView {
    move || {
        let Ok(st) = stack.get() else {
            return ().into_any();
        };
        let geo = Geo::new(&st);
        let (lo, hi) = geo.layout.extent(&st);
        let width = GUTTER + 2.0 * PAD + (hi - lo) * DX;
        let height = 2.0 * PAD + st.depth() as f64 * ROW + 22.0;
        let rows = (0..=st.depth())
            .map(|l| {
                let y = geo.y(l);
                let name = match l {
                    0 => "input".to_string(),
                    _ => format!("layer {l}"),
                };
                let pad = st.layers.get(l).map_or(0, |x| x.p) as i64;
                let w = st.widths[l] as i64;
                let ghosts = (-pad..0)
                    .chain(w..w + pad)
                    .map(|g| {
                        // A closure of the previous drawing may run once against the new
                        // stack's light before it is replaced: index defensively.
                        let class = move || {
                            if lit.with(|x| x.ghosts.get(l).is_some_and(|s| s.contains(&g))) {
                                "ghost lit"
                            } else {
                                "ghost"
                            }
                        };
                        view! { <circle class=class cx=geo.x(l, g) cy=y r=R - 2.0 /> }
                    })
                    .collect_view();
                let units = (0..st.widths[l])
                    .map(|q| {
                        let is_sel = move || selected.get() == (l, q);
                        let class = move || {
                            let on = lit
                                .with(|x| x.units.get(l).and_then(|u| u.get(q)).copied())
                                .unwrap_or(false);
                            match (is_sel(), on) {
                                (true, _) => "rf-unit sel",
                                (false, true) => "rf-unit lit",
                                _ => "rf-unit",
                            }
                        };
                        // The whole cell around a unit takes the tap (a circle is ~11 px on a
                        // phone); the circle keeps the role, label and focus.
                        let cx = geo.x(l, q as i64);
                        view! {
                            <rect class="rf-hit" x=cx - DX / 2.0 y=y - 18.0 width=DX height="36"
                                aria-hidden="true" on:click=move |_| on_select.run((l, q)) />
                            <circle class=class cx=cx cy=y r=R
                                data-unit=format!("{l}-{q}")
                                role="button"
                                aria-label=format!("{name}, unit {q}")
                                aria-pressed=move || is_sel().to_string()
                                tabindex=move || if is_sel() { "0" } else { "-1" }
                                on:click=move |_| on_select.run((l, q)) />
                        }
                    })
                    .collect_view();
                let detail = match st.layers.get(l.wrapping_sub(1)) {
                    Some(x) if l > 0 => format!("k{} s{} d{} p{}", x.k, x.s, x.d, x.p),
                    _ => format!("n = {}", st.widths[0]),
                };
                view! {
                    <text class="rf-row-label" x="4" y=y - 3.0>{name.clone()}</text>
                    <text class="rf-row-detail" x="4" y=y + 14.0>{detail}</text>
                    <g class="rf-ghosts">{ghosts}</g>
                    <g class="rf-units">{units}</g>
                }
            })
            .collect_view();
        let geo_hull = Geo::new(&st);
        let bracket = move || {
            hull.get().map(|(a, b)| {
                let (x0, x1) = (geo_hull.x(0, a) - R, geo_hull.x(0, b) + R);
                let y = geo_hull.y(0) + R + 8.0;
                view! {
                    <path class="rf-hull" d=format!("M{x0:.1},{:.1}V{y:.1}H{x1:.1}V{:.1}", y - 6.0, y - 6.0) />
                    <text class="rf-hull-label" x=(x0 + x1) / 2.0 y=y + 16.0>
                        {format!("r = {}", b - a + 1)}
                    </text>
                }
            })
        };
        let st_keys = st.clone();
        let keys = move |e: web_sys::KeyboardEvent| {
            let layout = RfLayout::new(&st_keys);
            let Some((l, q)) = step(&st_keys, &layout, selected.get_untracked(), &e.key()) else {
                return;
            };
            e.prevent_default();
            e.stop_propagation();
            on_select.run((l, q));
            let target = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            if let Some(el) = target.and_then(|svg| {
                svg.query_selector(&format!("[data-unit=\"{l}-{q}\"]"))
                    .ok()
                    .flatten()
            }) {
                if let Ok(f) = js_sys::Reflect::get(&el, &"focus".into()) {
                    if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                        let _ = f.call0(&el);
                    }
                }
            }
        };
        let label = format!(
            "Stack of {} layers over {} inputs; arrow keys move the selected unit",
            st.depth(),
            st.widths[0]
        );
        view! {
                    <Figure name="the layer stack, unrolled">
        <svg class="rf-stack" role="group" aria-label=label on:keydown=keys
                        viewBox=format!("0 0 {width:.0} {height:.0}")
                        style=format!("min-width:{:.0}px", (hi - lo + 1.0) * 19.0 + 80.0)>
                        <path class="rf-edges" d=move || lit.with(|x| x.dim_path.clone()) />
                        <path class="rf-edges lit" d=move || lit.with(|x| x.lit_path.clone()) />
                        {rows}
                        {bracket}
                    </svg>
        </Figure>
                }
        .into_any()
    }
}
