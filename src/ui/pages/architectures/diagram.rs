//! The drawn network: [`crate::lessons::arch::diagram`]'s geometry as SVG, laid out for the
//! width of its box, zoomable (buttons, `+`/`-` keys) and pannable (drag with the mouse, swipe
//! on touch), linked to the table, exportable as SVG and PNG.

use super::link::{node_id, row_id, Link};
use crate::lessons::arch::diagram::{layout, row_of, Diagram, EdgeStyle, Node, NodeStyle};
use crate::lessons::arch::fmt::{grouped, si};
use crate::lessons::arch::NetReport;
use crate::ui::export;
use leptos::html::Div;
use leptos::prelude::*;

/// The diagram's own style, embedded in the SVG so an exported file looks the same. Colours
/// are CSS variables (set for dark mode in `style/lessons-arch.css`) with light defaults.
const SVG_STYLE: &str = "
.dg text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;fill:var(--dg-fg,#111418)}
.dg .lbl-strong{font-weight:700}
.dg .node text{font-size:10px;pointer-events:none}
.dg .face{stroke:var(--dg-stroke,#23303d);stroke-width:1;fill:var(--dg-pill,#eef0f3)}
.dg .kind-conv .face{fill:var(--dg-conv,#9cc7e6)}
.dg .kind-pool .face,.dg .kind-grid_pool .face,.dg .kind-global_avg_pool .face,.dg .kind-subsample .face{fill:var(--dg-pool,#cde8f7)}
.dg .kind-dense .face{fill:var(--dg-dense,#f3cf80)}
.dg .kind-rbf .face{fill:var(--dg-rbf,#e8bcd5)}
.dg .kind-input .face{fill:var(--dg-input,#d9dde3)}
.dg .kind-concat .face,.dg .kind-residual .face{fill:var(--dg-join,#8fd4bd)}
.dg .style-pill .face{fill:var(--dg-pill,#eef0f3)}
.dg .aux .face{stroke:#d55e00;stroke-dasharray:4 2}
.dg .shade{fill:#000;opacity:.12;pointer-events:none}
.dg .shade2{fill:#000;opacity:.22;pointer-events:none}
.dg .edge{fill:none;stroke:var(--dg-edge,#3d4450);stroke-width:1.4}
.dg .edge-shortcut{stroke:#009e73;stroke-width:2}
.dg .edge-changing{stroke:#009e73;stroke-width:2;stroke-dasharray:6 4}
.dg .edge-aux{stroke:#d55e00;stroke-dasharray:5 3}
.dg .arrow{fill:var(--dg-edge,#3d4450)}
.dg .node{cursor:pointer}
.dg .node:focus-visible{outline:3px solid #d55e00;outline-offset:2px}
.dg .node.lit .face,.dg .node:focus-visible .face{stroke:#d55e00;stroke-width:3}
.dg .node.selected .face{stroke:#d55e00;stroke-width:3.5;filter:drop-shadow(0 0 3px #d55e00)}
";

fn points(p: &[(f64, f64)]) -> String {
    p.iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn tooltip(r: &NetReport, key: usize) -> String {
    match row_of(r, key) {
        Some((row, aux)) => format!(
            "{}{}: {}\n{} -> {}\n{} parameters, {} multiply-adds",
            aux.map(|h| format!("{} (auxiliary, not in totals) ", r.aux[h].name))
                .unwrap_or_default(),
            row.path,
            row.detail,
            row.input,
            row.output,
            grouped(row.params + row.fixed_params),
            si(row.macs)
        ),
        None => String::new(),
    }
}

fn shapes(n: &Node) -> AnyView {
    let (x, y, w, h, d) = (n.x, n.y, n.w, n.h, n.depth);
    match n.style {
        NodeStyle::Volume | NodeStyle::Bar | NodeStyle::Input => {
            let dy = 0.6 * d;
            let top = points(&[(x, y), (x + d, y - dy), (x + w + d, y - dy), (x + w, y)]);
            let side = points(&[
                (x + w, y),
                (x + w + d, y - dy),
                (x + w + d, y + h - dy),
                (x + w, y + h),
            ]);
            view! {
                <polygon class="face" points=top.clone()></polygon>
                <polygon class="shade" points=top></polygon>
                <polygon class="face" points=side.clone()></polygon>
                <polygon class="shade2" points=side></polygon>
                <rect class="face" x=x y=y width=w height=h></rect>
            }
            .into_any()
        }
        NodeStyle::Add => view! {
            <circle class="face" cx=x + w / 2.0 cy=y + h / 2.0 r=w / 2.0></circle>
            <text x=x + w / 2.0 y=y + h / 2.0 + 4.0 text-anchor="middle" style="font-size:14px;font-weight:700">"+"</text>
        }
        .into_any(),
        NodeStyle::Concat => {
            view! { <rect class="face" x=x y=y width=w height=h rx=3></rect> }.into_any()
        }
        NodeStyle::Box | NodeStyle::Pill => {
            let rx = if n.style == NodeStyle::Pill { h / 2.0 } else { 4.0 };
            view! {
                <rect class="face" x=x y=y width=w height=h rx=rx></rect>
                <text x=x + w / 2.0 y=y + h / 2.0 + 3.5 text-anchor="middle">{n.text.clone()}</text>
            }
            .into_any()
        }
    }
}

fn node_view(r: &NetReport, n: &Node, link: Link) -> AnyView {
    let cls = format!(
        "node kind-{} style-{:?}{}",
        n.kind,
        n.style,
        if n.aux { " aux" } else { "" }
    )
    .to_lowercase();
    let Some(key) = n.key else {
        return view! { <g class=cls>{shapes(n)}</g> }.into_any();
    };
    let tip = tooltip(r, key);
    let activate = move || {
        link.focus.set(Some(key));
        export::scroll_into_view(&row_id(key));
    };
    view! {
        <g
            class=cls
            id=node_id(key)
            data-key=key
            tabindex="0"
            role="button"
            aria-label=tip.replace('\n', ", ")
            class:lit=move || link.is_lit_node(key)
            class:selected=move || link.is_selected_node(key)
            on:mouseenter=move |_| link.hover.set(Some(key))
            on:mouseleave=move |_| link.hover.set(None)
            on:focus=move |_| link.hover.set(Some(key))
            on:blur=move |_| link.hover.set(None)
            on:click=move |_| activate()
            on:keydown=move |e: web_sys::KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    activate();
                }
            }
        >
            <title>{tip.clone()}</title>
            {shapes(n)}
        </g>
    }
    .into_any()
}

fn svg_view(r: &NetReport, d: &Diagram, link: Link, zoom: f64) -> impl IntoView {
    let edges = d
        .edges
        .iter()
        .map(|e| {
            let cls = match e.style {
                EdgeStyle::Main => "edge",
                EdgeStyle::Shortcut => "edge edge-shortcut",
                EdgeStyle::Changing => "edge edge-changing",
                EdgeStyle::Aux => "edge edge-aux",
            };
            let marker = e.arrow.then_some("url(#dg-arrow)");
            view! { <polyline class=cls points=points(&e.points) marker-end=marker></polyline> }
        })
        .collect_view();
    let labels = d
        .labels
        .iter()
        .map(|l| {
            view! {
                <text x=l.x y=l.y text-anchor=l.anchor class:lbl-strong=l.strong>{l.text.clone()}</text>
            }
        })
        .collect_view();
    let nodes = d.nodes.iter().map(|n| node_view(r, n, link)).collect_view();
    view! {
        <svg
            id="arch-diagram-svg"
            class="dg"
            xmlns="http://www.w3.org/2000/svg"
            width=d.width * zoom
            height=d.height * zoom
            viewBox=format!("0 0 {:.0} {:.0}", d.width, d.height)
            role="group"
            aria-label=format!("Diagram of {}", r.name)
        >
            <style>{SVG_STYLE}</style>
            <defs>
                <marker id="dg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path class="arrow" d="M0,0 L10,5 L0,10 z"></path>
                </marker>
            </defs>
            {edges}
            {labels}
            {nodes}
        </svg>
    }
}

/// The diagram box with its toolbar.
#[component]
pub fn NetDiagram(
    report: StoredValue<NetReport>,
    link: Link,
    zoom: RwSignal<i64>,
) -> impl IntoView {
    let boxed = NodeRef::<Div>::new();
    let initial = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .map_or(1100.0, |w| (w - 60.0).clamp(300.0, 1340.0));
    let width = RwSignal::new(initial);
    let measure = move || {
        if let Some(el) = boxed.get_untracked() {
            let w = f64::from(el.client_width()) - 4.0;
            if w > 200.0 && (w - width.get_untracked()).abs() > 24.0 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if boxed.get().is_some() {
            measure();
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
    // On a projector (presenter mode) everything is drawn 1.5x: laid out for a narrower box,
    // then scaled up to fill it.
    let boost = if crate::ui::present::use_presenter().enabled.get_untracked() {
        1.5
    } else {
        1.0
    };
    let diagram = Memo::new(move |_| report.with_value(|r| layout(r, width.get() / boost)));

    // Drag to pan (mouse and pen; touch scrolls natively).
    let drag = StoredValue::new(None::<(i32, i32, i32, i32, bool)>);
    let down = move |e: web_sys::PointerEvent| {
        if e.pointer_type() == "touch" || e.button() != 0 {
            return;
        }
        if let Some(el) = boxed.get_untracked() {
            drag.set_value(Some((
                e.client_x(),
                e.client_y(),
                el.scroll_left(),
                el.scroll_top(),
                false,
            )));
        }
    };
    let moved = move |e: web_sys::PointerEvent| {
        let Some((x0, y0, l0, t0, active)) = drag.get_value() else {
            return;
        };
        let (dx, dy) = (e.client_x() - x0, e.client_y() - y0);
        if !active && dx.abs() + dy.abs() < 6 {
            return;
        }
        drag.set_value(Some((x0, y0, l0, t0, true)));
        if let Some(el) = boxed.get_untracked() {
            el.set_scroll_left(l0 - dx);
            el.set_scroll_top(t0 - dy);
            let _ = el.class_list().add_1("panning");
        }
    };
    let up = move |_e: web_sys::PointerEvent| {
        drag.set_value(None);
        if let Some(el) = boxed.get_untracked() {
            let _ = el.class_list().remove_1("panning");
        }
    };
    let set_zoom = move |z: i64| zoom.set(z.clamp(50, 300));
    let keys = move |e: web_sys::KeyboardEvent| match e.key().as_str() {
        "+" | "=" => set_zoom(zoom.get_untracked() + 25),
        "-" => set_zoom(zoom.get_untracked() - 25),
        "0" => set_zoom(100),
        _ => {}
    };
    let loc = leptos_router::hooks::use_location();
    let save = move |png: bool| {
        let cap = crate::ui::viz::chart::export::caption(
            "layer diagram",
            &loc.pathname.get_untracked(),
            &loc.search.get_untracked(),
        );
        let svg = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("arch-diagram-svg"));
        if let Some(svg) = svg {
            if let Err(e) = crate::ui::viz::figure::download(&svg, &cap, png) {
                leptos::logging::warn!("diagram export: {e}");
            }
        }
    };
    let save_svg = move |_| save(false);
    let save_png = move |_| save(true);
    view! {
        <div class="dg-toolbar" role="toolbar" aria-label="Diagram tools">
            <button class="small secondary" on:click=move |_| set_zoom(zoom.get_untracked() - 25) aria-label="Zoom out">"−"</button>
            <span class="dg-zoom" data-testid="diagram-zoom">{move || format!("{}%", zoom.get())}</span>
            <button class="small secondary" on:click=move |_| set_zoom(zoom.get_untracked() + 25) aria-label="Zoom in">"+"</button>
            <button class="small secondary" on:click=move |_| set_zoom(100)>"Fit"</button>
            <span class="dg-spacer"></span>
            <button class="small secondary" on:click=save_svg data-testid="export-svg">"SVG"</button>
            <button class="small secondary" on:click=save_png data-testid="export-png">"PNG (2x)"</button>
        </div>
        <div
            class="dg-box"
            node_ref=boxed
            tabindex="0"
            aria-label="Network diagram: drag to pan, + and - to zoom, Tab to the layers, Enter to find a layer in the table"
            data-testid="arch-diagram"
            on:pointerdown=down
            on:pointermove=moved
            on:pointerup=up
            on:pointerleave=up
            on:keydown=keys
        >
            {move || {
                let d = diagram.get();
                // 100% fits the box: a short network (LeNet-5) is drawn up to twice as large.
                let fit = (width.get() / d.width).clamp(boost, 2.0 * boost);
                let z = fit * zoom.get() as f64 / 100.0;
                report.with_value(|r| svg_view(r, &d, link, z))
            }}
        </div>
    }
}
