//! A one-layer network as an SVG: inputs x_1..x_n along the bottom, zero-padding positions as
//! dashed ghost units, outputs s_1..s_m along the top, one arrow per connection.
//!
//! Units are keyboard operable: one tab stop per row (roving tabindex), Enter/Space select,
//! Left/Right/Home/End move the selection along the row. The diagram only reports picks; the
//! page decides what is lit ([`Lit`]).

use crate::ui::viz::figure::Figure;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Distance between neighbouring units, in viewBox units.
pub const UNIT: f64 = 56.0;
const R: f64 = 19.0;
const MARGIN: f64 = 34.0;
const TOP: f64 = 34.0;
const HEIGHT: f64 = 236.0;
const BOTTOM: f64 = HEIGHT - 34.0;

/// What to draw; positions are in input coordinates (x_(i+1) at `i`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetModel {
    pub inputs: Vec<f64>,
    /// Padding positions (drawn dashed, labelled 0).
    pub ghosts: Vec<f64>,
    pub outputs: Vec<f64>,
    pub arrows: Vec<NetArrow>,
    /// Leftmost and rightmost positions.
    pub extent: (f64, f64),
}

/// One connection; `tone` colours it (a weight's colour), `None` is the neutral colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetArrow {
    pub input: usize,
    pub output: usize,
    pub tone: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Input,
    Output,
}

/// A unit of the diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub row: Row,
    pub index: usize,
}

/// What is highlighted. When `active`, everything not lit is dimmed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lit {
    pub active: bool,
    pub inputs: Vec<bool>,
    pub ghosts: Vec<bool>,
    pub outputs: Vec<bool>,
    pub arrows: Vec<bool>,
    pub selected: Option<Pick>,
}

fn flag(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

fn state_class(base: &str, active: bool, lit: bool, selected: bool) -> String {
    let mut c = base.to_string();
    if lit {
        c.push_str(" lit");
    } else if active {
        c.push_str(" dim");
    }
    if selected {
        c.push_str(" sel");
    }
    c
}

/// Focuses unit `key` (e.g. `"x4"`) in the SVG that holds the event's target.
fn focus_unit(e: &web_sys::KeyboardEvent, key: &str) {
    let svg = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("svg").ok().flatten());
    let unit = svg.and_then(|s| {
        s.query_selector(&format!("[data-unit=\"{key}\"]"))
            .ok()
            .flatten()
    });
    if let Some(el) = unit {
        // `focus` lives on HTMLOrSVGElement; called by name to avoid one more web-sys feature.
        if let Ok(f) = js_sys::Reflect::get(&el, &"focus".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&el);
            }
        }
    }
}

/// Keyboard handling shared by every focusable unit: Enter/Space pick (toggle), arrows move.
pub fn unit_keys(
    e: web_sys::KeyboardEvent,
    pick: Pick,
    count: usize,
    prefix: &'static str,
    on_pick: Callback<(Pick, bool)>,
) {
    let to = match e.key().as_str() {
        "Enter" | " " => {
            e.prevent_default();
            e.stop_propagation();
            on_pick.run((pick, true));
            return;
        }
        "ArrowLeft" => pick.index.checked_sub(1),
        "ArrowRight" => (pick.index + 1 < count).then_some(pick.index + 1),
        "Home" => Some(0),
        "End" => count.checked_sub(1),
        _ => return,
    };
    // Keeps presenter mode's arrow-key stepping out of unit navigation.
    e.prevent_default();
    e.stop_propagation();
    if let Some(index) = to {
        on_pick.run((Pick { index, ..pick }, false));
        focus_unit(&e, &format!("{prefix}{}", index + 1));
    }
}

/// The diagram. `name` keeps marker ids apart when a page draws several.
#[component]
pub fn NetDiagram(
    model: Signal<NetModel>,
    lit: Signal<Lit>,
    /// Accessible description (the counts).
    #[prop(into)]
    label: Signal<String>,
    /// Click / Enter on a unit: `(pick, true)`; arrow-key move: `(pick, false)`.
    on_pick: Callback<(Pick, bool)>,
    /// Pointer or focus entering (`Some`) and leaving (`None`) an output unit.
    #[prop(optional)]
    on_hover: Option<Callback<Option<usize>>>,
    /// Pointer entering (`Some(arrow index)`) and leaving an arrow.
    #[prop(optional)]
    on_hover_arrow: Option<Callback<Option<usize>>>,
    name: &'static str,
) -> impl IntoView {
    move || {
        let m = model.get();
        let (lo, hi) = m.extent;
        let x = move |pos: f64| MARGIN + (pos - lo) * UNIT;
        let width = 2.0 * MARGIN + (hi - lo) * UNIT;
        let units = (hi - lo + 1.0).max(1.0);
        let (n, outs) = (m.inputs.len(), m.outputs.len());
        let head = move |tone: Option<usize>, lit: bool| match (tone, lit) {
            (Some(t), _) => format!("url(#{name}-h{})", t % super::TONES.len()),
            (None, true) => format!("url(#{name}-hl)"),
            (None, false) => format!("url(#{name}-hn)"),
        };
        // Many arrows meet at each dense output: smaller heads keep it readable.
        let head_size = if name == "dense" { 9.0 } else { 13.0 };
        let markers = (0..super::TONES.len())
            .map(|t| (format!("{name}-h{t}"), super::tone(t).to_string()))
            .chain([
                (format!("{name}-hn"), "var(--muted)".to_string()),
                (format!("{name}-hl"), "var(--accent)".to_string()),
            ])
            .map(|(id, fill)| {
                view! {
                    <marker id=id viewBox="0 0 10 10" refX="9" refY="5" markerWidth=head_size
                        markerHeight=head_size markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" style=format!("fill:{fill}") />
                    </marker>
                }
            })
            .collect_view();
        let arrows = m
            .arrows
            .iter()
            .enumerate()
            .map(|(a, arrow)| {
                let (x1, x2) = (x(m.inputs[arrow.input]), x(m.outputs[arrow.output]));
                let (y1, y2) = (BOTTOM - R - 2.0, TOP + R + 4.0);
                let tone = arrow.tone;
                let is_lit = move || lit.with(|l| flag(&l.arrows, a));
                let class = move || {
                    let base = if tone.is_some() {
                        "arrow toned"
                    } else {
                        "arrow"
                    };
                    lit.with(|l| state_class(base, l.active, flag(&l.arrows, a), false))
                };
                let style = tone.map(|t| format!("stroke:{}", super::tone(t)));
                let hit = on_hover_arrow.map(|cb| {
                    view! {
                        <line class="arrow-hit" x1=x1 y1=y1 x2=x2 y2=y2
                            on:mouseenter=move |_| cb.run(Some(a))
                            on:mouseleave=move |_| cb.run(None) />
                    }
                });
                view! {
                    <line class=class style=style x1=x1 y1=y1 x2=x2 y2=y2
                        marker-end=move || head(tone, is_lit()) />
                    {hit}
                }
            })
            .collect_view();
        let ghosts = m
            .ghosts
            .iter()
            .enumerate()
            .map(|(g, &pos)| {
                let class =
                    move || lit.with(|l| state_class("ghost", false, flag(&l.ghosts, g), false));
                view! {
                    <g class=class aria-hidden="true">
                        <circle cx=x(pos) cy=BOTTOM r=R />
                        <text x=x(pos) y=BOTTOM + 6.0>"0"</text>
                    </g>
                }
            })
            .collect_view();
        let unit_row = move |row: Row, positions: Vec<f64>| {
            let (prefix, y, count) = match row {
                Row::Input => ("x", BOTTOM, n),
                Row::Output => ("s", TOP, outs),
            };
            positions
                .into_iter()
                .enumerate()
                .map(|(i, pos)| {
                    let pick = Pick { row, index: i };
                    let lit_here = move |l: &Lit| match row {
                        Row::Input => flag(&l.inputs, i),
                        Row::Output => flag(&l.outputs, i),
                    };
                    let selected = move || lit.with(|l| l.selected == Some(pick));
                    let class = move || {
                        lit.with(|l| {
                            state_class("unit", l.active, lit_here(l), l.selected == Some(pick))
                        })
                    };
                    let tabindex = move || {
                        let first = lit.with(|l| match l.selected {
                            Some(p) if p.row == row => p.index == i,
                            _ => i == 0,
                        });
                        if first {
                            "0"
                        } else {
                            "-1"
                        }
                    };
                    let hover = move |v: Option<usize>| {
                        if let (Some(cb), Row::Output) = (on_hover, row) {
                            cb.run(v);
                        }
                    };
                    view! {
                        <g class=class role="button" tabindex=tabindex
                            data-unit=format!("{prefix}{}", i + 1)
                            aria-label=format!("{prefix}{}", i + 1)
                            aria-pressed=move || selected().to_string()
                            on:click=move |_| on_pick.run((pick, true))
                            on:keydown=move |e: web_sys::KeyboardEvent| {
                                unit_keys(e, pick, count, prefix, on_pick)
                            }
                            on:mouseenter=move |_| hover(Some(i))
                            on:mouseleave=move |_| hover(None)
                            on:focus=move |_| hover(Some(i))
                            on:blur=move |_| hover(None)>
                            <circle cx=x(pos) cy=y r=R />
                            <text x=x(pos) y=y + 6.0>
                                {prefix}
                                <tspan dy="5" class="sub">{(i + 1).to_string()}</tspan>
                            </text>
                        </g>
                    }
                })
                .collect_view()
        };
        let inputs = unit_row(Row::Input, m.inputs.clone());
        let outputs = unit_row(Row::Output, m.outputs.clone());
        view! {
                    <Figure name=format!("{name} layer, unit by unit")>
        <svg class="net" data-diagram=name role="group" aria-label=move || label.get()
                        viewBox=format!("0 0 {width:.0} {HEIGHT:.0}")
                        style=format!("min-width:{:.0}px;max-width:{:.0}px", units * 24.0, units * 96.0)>
                        <defs>{markers}</defs>
                        <g class="arrows">{arrows}</g>
                        <g class="ghosts">{ghosts}</g>
                        <g class="units inputs">{inputs}</g>
                        <g class="units outputs">{outputs}</g>
                    </svg>
        </Figure>
                }
    }
}
