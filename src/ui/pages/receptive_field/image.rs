//! The receptive-field page's 2-D view: the same stack run over a 28x28 test image, an MNIST
//! digit or a Fashion-MNIST garment (a seeded synthetic image until the test set has downloaded,
//! or if it cannot), and the field of the
//! selected unit drawn as a square on it. Click the image or use the arrow keys to move the unit.

use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::equivariance::image_2d;
use crate::lessons::receptive_field::Stack;
use crate::lessons::sparse_pages::state::RF_IMAGE_SIDE;
use crate::lessons::sparse_pages::{RfLayout, RfState};
use crate::ui::components::{DataChoice, DataCredit, ErrorNote, KeyFigure};
use crate::ui::loaders::{cached_shard, use_shards, Loaded};
use crate::ui::viz::figure::Figure;
use crate::ui::viz::heat::{cells, Palette};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const CELL: f64 = 10.0;
/// Room around the image for the part of a field that lies in padding.
const MARGIN: f64 = 30.0;
const SIDE: usize = RF_IMAGE_SIDE;

/// Pixels 0..1 and, for a real image, the label.
fn image(data: Dataset, img: usize, loaded: bool) -> (Vec<f32>, Option<u8>) {
    if loaded {
        if let Some(shard) = cached_shard(data, Split::Test) {
            if let Some(px) = shard.image(img % shard.len().max(1)) {
                let label = shard.label(img % shard.len().max(1));
                return (px.iter().map(|&b| f32::from(b) / 255.0).collect(), label);
            }
        }
    }
    (
        image_2d(img as u64 + 1, SIDE, SIDE)
            .into_raw_vec_and_offset()
            .0,
        None,
    )
}

/// `(row, col)` of the selected 2-D unit in `layer` (`-1`: the centre).
fn unit_of(s: &RfState, stack: &Stack) -> (usize, usize) {
    let w = stack.widths[s.selected_layer()];
    let pick = |v: i64| usize::try_from(v).ok().filter(|&v| v < w).unwrap_or(w / 2);
    (pick(s.ur), pick(s.uc))
}

#[component]
pub fn RfImage(state: RwSignal<RfState>) -> impl IntoView {
    let data = Memo::new(move |_| state.with(|s| s.dataset()));
    let load = use_shards(data, &[Split::Test]);
    let loaded = Signal::derive(move || load.get() == Loaded::Ready);
    let status = Signal::derive(move || match load.get() {
        Loaded::Failed(e) => Some(format!("{e}; showing a synthetic image instead")),
        _ => None,
    });
    let stack = Memo::new(move |_| state.get().stack_2d());
    let img = Memo::new(move |_| image(data.get(), state.get().img, loaded.get()));
    let field = Memo::new(move |_| {
        let s = state.get();
        let st = stack.get().ok()?;
        let (r, c) = unit_of(&s, &st);
        let l = s.selected_layer();
        let fr = st.field(l, r).ok()?;
        let fc = st.field(l, c).ok()?;
        Some((st, l, (r, c), fr, fc))
    });
    let select = move |r: usize, c: usize| {
        state.update(|s| {
            s.ur = r as i64;
            s.uc = c as i64;
        })
    };
    let on_click = move |e: web_sys::MouseEvent| {
        let Some((st, l, ..)) = field.get_untracked() else {
            return;
        };
        let Some(svg) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        let scale = (SIDE as f64 * CELL + 2.0 * MARGIN) / rect.width().max(1.0);
        let px = ((f64::from(e.client_x()) - rect.left()) * scale - MARGIN) / CELL - 0.5;
        let py = ((f64::from(e.client_y()) - rect.top()) * scale - MARGIN) / CELL - 0.5;
        let layout = RfLayout::new(&st);
        let w = st.widths[l] as f64 - 1.0;
        let q = |p: f64| {
            ((p - layout.offsets[l]) / layout.jumps[l])
                .round()
                .clamp(0.0, w) as usize
        };
        select(q(py), q(px));
    };
    let on_key = move |e: web_sys::KeyboardEvent| {
        let Some((st, l, (r, c), ..)) = field.get_untracked() else {
            return;
        };
        let last = st.widths[l] - 1;
        let (r, c) = match e.key().as_str() {
            "ArrowLeft" => (r, c.saturating_sub(1)),
            "ArrowRight" => (r, (c + 1).min(last)),
            "ArrowUp" => (r.saturating_sub(1), c),
            "ArrowDown" => ((r + 1).min(last), c),
            _ => return,
        };
        e.prevent_default();
        e.stop_propagation();
        select(r, c);
    };
    let size = Signal::derive(move || field.get().map_or(String::new(), |f| f.3.size.to_string()));
    let overlay = move || {
        let (st, l, (r, c), fr, fc) = field.get()?;
        let (rows, cols) = (fr.per_layer[0].clone(), fc.per_layer[0].clone());
        let layout = RfLayout::new(&st);
        let full = view! {
            <rect class="rf2d-span" x=at(cols.span.0) y=at(rows.span.0)
                width=(cols.span.1 - cols.span.0 + 1) as f64 * CELL
                height=(rows.span.1 - rows.span.0 + 1) as f64 * CELL />
        };
        let clipped = rows.clipped.zip(cols.clipped).map(|((r0, r1), (c0, c1))| {
            view! {
                <rect class="rf2d-field" x=c0 as f64 * CELL y=r0 as f64 * CELL
                    width=(c1 - c0 + 1) as f64 * CELL height=(r1 - r0 + 1) as f64 * CELL />
            }
        });
        // With dilation the field has holes: mark exactly the pixels reached.
        let gaps = rows
            .clipped
            .is_some_and(|(a, b)| rows.exact.len() < b - a + 1)
            || cols
                .clipped
                .is_some_and(|(a, b)| cols.exact.len() < b - a + 1);
        let dots = gaps.then(|| {
            rows.exact
                .iter()
                .flat_map(|&i| cols.exact.iter().map(move |&j| (i, j)))
                .map(|(i, j)| {
                    view! { <circle class="rf2d-dot" cx=(j as f64 + 0.5) * CELL cy=(i as f64 + 0.5) * CELL r="1.8" /> }
                })
                .collect_view()
        });
        let centre = (layout.centre(l, c as i64), layout.centre(l, r as i64));
        Some(view! {
            {full}
            {clipped}
            {dots}
            <circle class="rf2d-unit" cx=(centre.0 + 0.5) * CELL cy=(centre.1 + 0.5) * CELL r="3.5" />
        })
    };
    let caption = move || {
        let s = state.get();
        let (_, label) = img.get();
        let d = data.get();
        let what = match label {
            Some(k) => format!(
                "{} test image {} ({}).",
                d.name(),
                s.img,
                d.a_class(usize::from(k))
            ),
            None => format!("Synthetic image {} ({} not loaded).", s.img, d.name()),
        };
        let unit = field.get().map(|(_, l, (r, c), ..)| {
            let layer = if l == 0 {
                "the input".to_string()
            } else {
                format!("layer {l}")
            };
            format!(" Selected: unit ({r}, {c}) of {layer}.")
        });
        format!("{what}{}", unit.unwrap_or_default())
    };
    let label = move || {
        field.get().map_or("Image".to_string(), |(_, l, (r, c), fr, fc)| {
            let span = |f: &crate::lessons::receptive_field::Field| match (f.start, f.end) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => "padding only".to_string(),
            };
            format!(
                "28 by 28 image; unit ({r}, {c}) of layer {l} sees a {0} by {0} square: rows {1}, columns {2}",
                fr.size,
                span(&fr),
                span(&fc)
            )
        })
    };
    let step_img =
        move |d: i64| state.update(|s| s.img = (s.img as i64 + d).rem_euclid(10_000) as usize);
    view! {
            <section class="rf-2d">
                <h2>"The same stack over an image"</h2>
                {move || stack.get().err().map(|e| view! { <ErrorNote message=format!("No 2-D view for a 28x28 image: {e}.") /> })}
                <div class="rf2d-grid">
                    <div class="rf2d-image" tabindex="0" role="group" aria-label=label on:keydown=on_key>
                        <Figure name="receptive field on an image">
    <svg class="heat" viewBox=format!("{0} {0} {1} {1}", -MARGIN, SIDE as f64 * CELL + 2.0 * MARGIN) on:click=on_click
                            role="img" aria-label=label>
                            {move || {
                                let (px, _) = img.get();
                                cells(&px, SIDE, SIDE, CELL, Palette::Ink)
                            }}
                            <rect class="heat-frame" x="0" y="0" width=SIDE as f64 * CELL height=SIDE as f64 * CELL />
                            {overlay}
                        </svg>
    </Figure>
                    </div>
                    <div>
                        <KeyFigure testid="rf2d-size" label="field on the image (side, px)" value=size />
                        <p class="caption" aria-live="polite">{caption}</p>
                        <div class="button-row">
                            <button class="small secondary" on:click=move |_| step_img(-1)>"Previous image"</button>
                            <button class="small secondary" on:click=move |_| step_img(1)>"Next image"</button>
                        </div>
                        <p class="caption">
                            "Click the image (or focus it and use the arrow keys) to pick the unit of the "
                            "selected layer above that point. Dashed: the whole field, padding included."
                        </p>
                        {move || status.get().map(|s| view! { <p class="caption">{s}</p> })}
                        <DataChoice value=Signal::derive(move || state.with(|s| s.data))
                            on_change=Callback::new(move |d: Dataset| state.update(|s| s.data = d)) />
                        <DataCredit data=data />
                    </div>
                </div>
            </section>
        }
}

fn at(v: i64) -> f64 {
    v as f64 * CELL
}
