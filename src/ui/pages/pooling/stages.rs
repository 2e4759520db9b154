//! The slide's picture (Deep Learning book, Fig. 9.8) as SVG: a pooling row above a detector row,
//! each pool unit joined to the detector units of its window. Changed values get a thick dark
//! outline and a "Δ" tag (not only a colour); units that entered from outside the view are dashed.

use crate::lessons::pooling::ShiftResult;
use crate::ui::viz::figure::Figure;
use leptos::prelude::*;

const CELL: f64 = 58.0;
const BOX: f64 = 50.0;
const PAD: f64 = 12.0;
const POOL_Y: f64 = 28.0;
const DET_Y: f64 = 150.0;
pub const HEIGHT: f64 = DET_Y + BOX + 34.0;

/// Which half of the result a panel draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Before,
    After,
}

fn fmt(v: f32) -> String {
    format!("{v:.2}")
}

/// One panel: pool row and detector row, before or after the shift. `shift` animates the
/// detector row sliding in (the CSS drops the animation under reduced motion).
#[component]
pub fn StagesSvg(r: ShiftResult, panel: Panel, shift: i64, animate: bool) -> impl IntoView {
    let n = r.before.len();
    let width = n as f64 * CELL + 2.0 * PAD;
    let (det, pooled) = match panel {
        Panel::Before => (&r.before, &r.pooled_before),
        Panel::After => (&r.after, &r.pooled_after),
    };
    let after = panel == Panel::After;
    let det_x = |i: usize| PAD + i as f64 * CELL + (CELL - BOX) / 2.0;
    let pool_x = |j: usize| {
        let win = &r.windows[j];
        let centre = (win.start + win.end - 1) as f64 / 2.0;
        PAD + centre * CELL + (CELL - BOX) / 2.0
    };
    let lines = r
        .windows
        .iter()
        .enumerate()
        .flat_map(|(j, win)| {
            let x1 = pool_x(j) + BOX / 2.0;
            win.clone().map(move |i| (x1, det_x(i) + BOX / 2.0))
        })
        .map(|(x1, x2)| {
            view! {
                <line class="pool-link" x1=x1 y1=POOL_Y + BOX x2=x2 y2=DET_Y></line>
            }
        })
        .collect_view();
    let pool_boxes = pooled
        .iter()
        .enumerate()
        .map(|(j, &v)| {
            let changed = after && r.pool_flags[j];
            unit_box(pool_x(j), POOL_Y, v, changed, false, "pool-unit", j)
        })
        .collect_view();
    let det_boxes = det
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let changed = after && r.detector_flags[i];
            let entered = after && r.entered.contains(&i);
            unit_box(det_x(i), DET_Y, v, changed, entered, "detector-unit", i)
        })
        .collect_view();
    let dx = shift as f64 * CELL;
    let anim_class = if after && animate && shift != 0 {
        "det-row shift-anim"
    } else {
        "det-row"
    };
    let title = if after {
        "After the shift"
    } else {
        "Before the shift"
    };
    view! {
            <Figure name={if after { "pooling, after the shift" } else { "pooling, before the shift" }}>
    <svg
                class="pool-svg"
                viewBox=format!("0 0 {width} {HEIGHT}")
                width=width
                height=HEIGHT
                role="img"
                aria-label=format!("{title}: pooling stage above the detector stage")
                data-testid=if after { "row-after" } else { "row-before" }
            >
                {lines}
                {pool_boxes}
                <g class=anim_class style=format!("--dx: {}px", -dx)>
                    {det_boxes}
                </g>
                <text class="row-label" x=PAD y=POOL_Y - 7.0>
                    "pooling stage"
                </text>
                <text class="row-label" x=PAD y=DET_Y - 10.0>
                    "detector stage"
                </text>
            </svg>
    </Figure>
        }
}

fn unit_box(
    x: f64,
    y: f64,
    v: f32,
    changed: bool,
    entered: bool,
    kind: &'static str,
    index: usize,
) -> impl IntoView {
    let class = format!(
        "unit {kind}{}{}",
        if changed { " changed" } else { "" },
        if entered { " entered" } else { "" }
    );
    view! {
        <g class=class data-index=index data-value=v.to_string() data-changed=changed.to_string()>
            <rect x=x y=y width=BOX height=BOX rx=6></rect>
            <text class="unit-value" x=x + BOX / 2.0 y=y + BOX / 2.0 + 7.0>
                {fmt(v)}
            </text>
            {changed
                .then(|| {
                    view! {
                        <text class="unit-tag" x=x + BOX / 2.0 y=y + BOX + 18.0>
                            "Δ"
                        </text>
                    }
                })}
        </g>
    }
}
