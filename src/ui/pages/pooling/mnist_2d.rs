//! The 2-D version of `/pooling`: a real test image (an MNIST digit, or a Fashion-MNIST garment
//! with `data=fashion`) shifted by a pixel or two, its ReLU feature map (a Sobel-x detector, run
//! by the engine) and its pooled map (the engine's pooling with the page's w, s and mode), with
//! the fraction of values that changed.

use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::conv_layer::{preset, ConvGeom, EngineOps, PoolSpec, StageOps};
use crate::lessons::pool_pages::{active_changes, PoolingState, DIGIT_MAX, SHIFT_2D_MAX};
use crate::lessons::pooling::{compare_shift_2d, Shift2d};
use crate::ui::components::{DataChoice, DataCredit, ErrorNote, IntSlider, KeyFigure};
use crate::ui::loaders::{cached_shard, use_shards, Loaded};
use crate::ui::viz::maps::{draw_map_marked, Scale};
use leptos::prelude::*;
use ndarray::Array2;

fn digit_image(data: Dataset, index: usize) -> Option<(Array2<f32>, u8)> {
    let shard = cached_shard(data, Split::Test)?;
    let index = index.min(shard.len().saturating_sub(1));
    let px = shard.image(index)?;
    let img = Array2::from_shape_fn((shard.rows, shard.cols), |(r, c)| {
        f32::from(px[r * shard.cols + c]) / 255.0
    });
    Some((img, shard.label(index).unwrap_or(0)))
}

#[derive(Debug, Clone, PartialEq)]
struct View2d {
    image: Array2<f32>,
    label: u8,
    result: Shift2d,
}

fn compute(st: &PoolingState) -> Result<View2d, String> {
    let data = st.dataset();
    let (image, label) = digit_image(data, st.digit as usize)
        .ok_or_else(|| format!("the {} test images are not loaded", data.name()))?;
    let kernel = preset("sobel-x", 1).map_err(|e| e.to_string())?;
    let ops = EngineOps;
    let feature = |x: &Array2<f32>| {
        ops.conv(x, &kernel, ConvGeom { s: 1, p: 0 })
            .map(|m| ops.relu(&m))
    };
    let spec = PoolSpec {
        window: st.w.max(1) as usize,
        stride: st.s.max(1) as usize,
        mode: st.pool_mode(),
    };
    let pool = |m: &Array2<f32>| ops.pool(m, spec);
    let result = compare_shift_2d(&image, st.dx, st.dy, feature, pool).map_err(|e| {
        format!("{e}. The 2-D view pools its 26x26 feature map with the same w and s: try w ≤ 26.")
    })?;
    Ok(View2d {
        image,
        label,
        result,
    })
}

/// Picks what one canvas shows: the map, its change flags (if marked) and the grey scale.
type Pick = fn(&View2d) -> (Array2<f32>, Option<Array2<bool>>, Scale);

fn pct(f: f64) -> String {
    format!("{:.0}%", f * 100.0)
}

#[component]
pub fn Mnist2d(state: RwSignal<PoolingState>) -> impl IntoView {
    let data = Memo::new(move |_| state.with(|s| s.dataset()));
    let load = use_shards(data, &[Split::Test]);
    let view2d = Memo::new(move |_| {
        let st = state.get();
        (load.get() == Loaded::Ready).then(|| compute(&st))
    });
    let ok = move || view2d.get().and_then(|r| r.ok());
    let counts = move |pooled: bool| {
        move || {
            ok().map(|v| {
                let r = &v.result;
                if pooled {
                    active_changes(&r.pooled_before, &r.pooled_after, &r.pool_flags)
                } else {
                    active_changes(&r.map_before, &r.map_after, &r.map_flags)
                }
            })
        }
    };
    let frac = move |pooled: bool| {
        let c = counts(pooled);
        Signal::derive(move || {
            c().map(|(k, n)| (k as f64 / n.max(1) as f64).to_string())
                .unwrap_or_default()
        })
    };
    let frac_text = move |pooled: bool| {
        let c = counts(pooled);
        Signal::derive(move || {
            c().map(|(k, n)| pct(k as f64 / n.max(1) as f64))
                .unwrap_or_else(|| "–".into())
        })
    };
    let count_text = move || {
        let (m, p) = (counts(false)(), counts(true)());
        match (m, p) {
            (Some((mk, mn)), Some((pk, pn))) => format!(
                "ReLU map: {mk} of its {mn} active values changed; pooled map: {pk} of {pn}. \
                 (Active = non-zero before or after the shift; the black background never changes.)"
            ),
            _ => String::new(),
        }
    };
    let set =
        move |f: fn(&mut PoolingState, i64)| Callback::new(move |v: i64| state.update(|s| f(s, v)));
    let canvas = move |testid: &'static str, label: String, pick: Pick| {
        view! {
            <figure class="map-cell">
                <crate::ui::viz::maps::MapCanvas
                    testid=testid
                    label=label.clone()
                    class="map-small"
                    draw=move |c| {
                        if let Some(v) = ok() {
                            let (m, flags, scale) = pick(&v);
                            let cell = (224.0 / m.dim().1.max(1) as f64).floor().max(2.0);
                            draw_map_marked(c, &m, scale, flags.as_ref(), cell);
                        }
                    }
                />
                <figcaption class="caption">{label}</figcaption>
            </figure>
        }
    };
    view! {
        <section class="pool-2d" aria-labelledby="pool-2d-title">
            <h2 id="pool-2d-title">"The same in 2-D, on a real image"</h2>
            <p>
                {move || format!("{} goes through a detector (a 3x3 Sobel-x kernel, then ReLU) and the pooling \
                    above (same w, s and mode). Move it by a pixel or two: dots mark the values that changed.",
                    match data.get() { Dataset::Mnist => "An MNIST test digit", Dataset::Fashion => "A Fashion-MNIST test image" })}
            </p>
            <DataChoice value=Signal::derive(move || state.with(|s| s.data))
                on_change=Callback::new(move |d: Dataset| state.update(|s| s.data = d)) />
            {move || match load.get() {
                Loaded::Loading => view! { <p class="loading" role="status">{format!("Loading the {} test images…", data.get().name())}</p> }.into_any(),
                Loaded::Failed(e) => view! {
                    <ErrorNote message=format!("The {} test images could not be loaded, so the 2-D view is unavailable: {e}", data.get_untracked().name()) />
                }.into_any(),
                Loaded::Ready => ().into_any(),
            }}
            {move || view2d.get().and_then(|r| r.err()).map(|e| view! { <ErrorNote message=e /> })}
            <div class="map-grid">
                {canvas("digit-before", "Image".into(), |v| (v.image.clone(), None, Scale::Unit))}
                {canvas("map-before", "ReLU map".into(), |v| (v.result.map_before.clone(), None, Scale::ToMax))}
                {canvas("pooled-before", "Pooled map".into(), |v| (v.result.pooled_before.clone(), None, Scale::ToMax))}
                {canvas("digit-after", "Image, shifted".into(), |v| (v.result.shifted_image.clone(), None, Scale::Unit))}
                {canvas("map-after", "ReLU map after (dots: changed)".into(), |v| (v.result.map_after.clone(), Some(v.result.map_flags.clone()), Scale::ToMax))}
                {canvas("pooled-after", "Pooled map after (dots: changed)".into(), |v| (v.result.pooled_after.clone(), Some(v.result.pool_flags.clone()), Scale::ToMax))}
            </div>
            <div class="figures">
                <KeyFigure testid="map-changed-fraction" label="Active ReLU values changed" value=frac(false)
                    text=frac_text(false) />
                <KeyFigure testid="pooled-changed-fraction" label="Active pooled values changed" value=frac(true)
                    text=frac_text(true) />
            </div>
            <p class="caption" data-testid="changed-counts">{count_text}</p>
            <div class="controls controls-inline">
                <IntSlider label="Move right (− left)" name="dx" value=Signal::derive(move || state.get().dx)
                    min=-SHIFT_2D_MAX max=SHIFT_2D_MAX on_change=set(|s, v| s.dx = v) />
                <IntSlider label="Move down (− up)" name="dy" value=Signal::derive(move || state.get().dy)
                    min=-SHIFT_2D_MAX max=SHIFT_2D_MAX on_change=set(|s, v| s.dy = v) />
                <div>
                    <button class="small" data-testid="next-digit"
                        on:click=move |_| state.update(|s| s.digit = (s.digit + 1) % (DIGIT_MAX + 1))>
                        "Next image"
                    </button>
                    <span class="caption">
                        " test image #" <span data-testid="digit">{move || state.get().digit}</span>
                        {move || ok().map(|v| format!(", {}", data.get().a_class(usize::from(v.label))))}
                    </span>
                </div>
            </div>
            <DataCredit data=data />
        </section>
    }
}
