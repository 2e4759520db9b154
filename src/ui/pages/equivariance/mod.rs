//! `/equivariance` (lecture section 5): shift, then convolve = convolve, then shift, computed by
//! the engine's conv ops on a seeded 1-D signal and 2-D image; a dense layer is the contrast.

use crate::catalog::Lesson;
use crate::engine::lesson_api;
use crate::lessons::equivariance::{
    border_sentence, compare_1d, conv_equivariance_1d, conv_equivariance_2d, image_2d, interior,
    signal_1d, Comparison1d, Comparison2d, Dense, EquivarianceError, IMAGE_SIZE, KERNEL_1D,
    KERNEL_2D, SIGNAL_LEN,
};
use crate::lessons::sparse_pages::state::SHIFT_MAX;
use crate::lessons::sparse_pages::EquivarianceState;
use crate::ui::components::{ErrorNote, IntSlider, KeyFigure, LessonFrame, RevealCard};
use crate::ui::url_state::use_url_state;
use crate::ui::viz::heat::{HeatMap, Palette};
use crate::ui::viz::plot::{Series, SignalPlot};
use leptos::prelude::*;
use ndarray::Array2;

/// Everything the page shows for one state.
#[derive(Debug, Clone, PartialEq)]
struct Results {
    x: Vec<f32>,
    conv: Comparison1d,
    dense: Comparison1d,
    image: Array2<f32>,
    conv2d: Comparison2d,
}

fn compute(s: EquivarianceState) -> Result<Results, EquivarianceError> {
    let n = SIGNAL_LEN;
    let x = signal_1d(s.seed, n);
    // The engine's conv (stride 1, padding 1), not a re-implementation.
    let conv = conv_equivariance_1d(&x, 3, 1, s.shift, |v: &[f32]| {
        lesson_api::conv1d(v, &KERNEL_1D, 1, 1)
    })?;
    let dense_layer = Dense::random(s.seed, n, n);
    let dense = compare_1d(&x, s.shift, interior(n, 3, 1, s.shift), |v: &[f32]| {
        dense_layer.apply(v)
    })?;
    let image = image_2d(s.seed, IMAGE_SIZE, IMAGE_SIZE);
    let conv2d = conv_equivariance_2d(&image, 3, 1, s.shift, s.dy, |img: &Array2<f32>| {
        let (h, w) = img.dim();
        let pixels: Vec<f32> = img.iter().copied().collect();
        lesson_api::conv2d_single(&pixels, h, w, &KERNEL_2D, 3, 3, 1, 1).and_then(
            |(out, oh, ow)| {
                Array2::from_shape_vec((oh, ow), out).map_err(|e| {
                    crate::engine::error::EngineError::param("conv2d_single", e.to_string())
                })
            },
        )
    })?;
    Ok(Results {
        x,
        conv,
        dense,
        image,
        conv2d,
    })
}

fn max_abs(vs: &[&[f32]]) -> f32 {
    vs.iter()
        .flat_map(|v| v.iter())
        .fold(0.0f32, |m, v| m.max(v.abs()))
        .max(1e-6)
}

fn flat(a: &Array2<f32>) -> Vec<f32> {
    a.iter().copied().collect()
}

#[component]
pub fn EquivariancePage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<EquivarianceState>();
    let results = Memo::new(move |_| compute(state.get()).map_err(|e| e.to_string()));
    let ok = move || results.get().ok();
    let error_value = Signal::derive(move || {
        ok().map_or(String::new(), |r| {
            r.conv
                .max_abs_interior
                .max(r.conv2d.max_abs_interior)
                .to_string()
        })
    });
    let dense_value = Signal::derive(move || {
        ok().map_or(String::new(), |r| r.dense.max_abs_interior.to_string())
    });
    let dense_text = Signal::derive(move || {
        ok().map_or(String::new(), |r| {
            format!("{:.3}", r.dense.max_abs_interior)
        })
    });
    let int = move |f: fn(&EquivarianceState) -> i64| Signal::derive(move || f(&state.get()));
    let set_shift = Callback::new(move |v: i64| state.update(|s| s.shift = v));
    let set_dy = Callback::new(move |v: i64| state.update(|s| s.dy = v));

    let plots_1d = move || {
        let r = ok()?;
        let t = state.get().shift;
        let top = max_abs(&[&r.x, &r.conv.shifted_input]);
        let mid = max_abs(&[&r.conv.op_of_shifted, &r.conv.shifted_op]);
        let dmax = max_abs(&[&r.dense.op_of_shifted, &r.dense.shifted_op]);
        let interior = r.conv.interior.clone();
        Some(view! {
            <figure class="figure-box">
                <figcaption><strong>{format!("Input x (grey) and shift(x) by {t} (blue)")}</strong></figcaption>
                <SignalPlot y_max=top label=format!("A 1-D signal of {} values and the same signal shifted by {t}", r.x.len())
                    series=vec![Series { values: r.x.clone(), class: "c-input" }, Series { values: r.conv.shifted_input.clone(), class: "c-a" }] />
            </figure>
            <figure class="figure-box">
                <figcaption>
                    <strong>"Convolution (kernel [-1, 0, 1])"</strong>
                    <span class="legend">
                        <span><span class="swatch" style="background:var(--accent)"></span>"conv(shift(x))"</span>
                        <span><span class="swatch" style="background:var(--accent-2)"></span>"shift(conv(x)), dashed"</span>
                    </span>
                </figcaption>
                <SignalPlot y_max=mid shade=interior.clone() title="conv(shift(x)) and shift(conv(x))" label="conv of the shifted signal and the shifted conv output: the two curves coincide away from the borders".to_string()
                    series=vec![Series { values: r.conv.op_of_shifted.clone(), class: "c-a" }, Series { values: r.conv.shifted_op.clone(), class: "c-b" }] />
                <SignalPlot y_max=mid shade=interior title="difference" label=format!("Their difference: {} away from the borders", r.conv.max_abs_interior)
                    series=vec![Series { values: r.conv.difference.clone(), class: "c-diff" }] />
                <p class="caption">{format!(
                    "Green: the difference, on the same scale. Shaded: positions {}..{} whose windows never reach the zeros the shift or the padding brings in; there it is exactly {}.",
                    r.conv.interior.start, r.conv.interior.end.saturating_sub(1), r.conv.max_abs_interior
                )}</p>
            </figure>
            <figure class="figure-box">
                <figcaption>
                    <strong>"Dense layer (seeded random 32 x 32 weights)"</strong>
                    <span class="legend">
                        <span><span class="swatch" style="background:var(--accent)"></span>"dense(shift(x))"</span>
                        <span><span class="swatch" style="background:var(--accent-2)"></span>"shift(dense(x))"</span>
                    </span>
                </figcaption>
                <SignalPlot y_max=dmax shade=r.dense.interior.clone() title="dense(shift(x)) and shift(dense(x))" label="dense layer of the shifted signal and the shifted dense output: they differ everywhere".to_string()
                    series=vec![Series { values: r.dense.op_of_shifted.clone(), class: "c-a" }, Series { values: r.dense.shifted_op.clone(), class: "c-b" }] />
                <SignalPlot y_max=dmax shade=r.dense.interior.clone() title="difference" label="their difference".to_string()
                    series=vec![Series { values: r.dense.difference.clone(), class: "c-diff" }] />
                <p class="caption">{format!(
                    "Same shaded positions: the difference reaches {:.3}. Every output mixes every input with its own weights, so moving the input does not move the output.",
                    r.dense.max_abs_interior
                )}</p>
            </figure>
        })
    };
    let maps_2d = move || {
        let r = ok()?;
        let c = &r.conv2d;
        let s = state.get();
        let m = max_abs(&[
            c.op_of_shifted.as_slice().unwrap_or(&[]),
            c.shifted_op.as_slice().unwrap_or(&[]),
        ]);
        let (rows, cols) = c.interior.clone();
        let outline = ((rows.start, rows.end), (cols.start, cols.end));
        let tile = move |title: String,
                         data: Vec<f32>,
                         palette: Palette,
                         outline: Option<((usize, usize), (usize, usize))>| {
            let label = title.clone();
            view! {
                <figure class="heat-tile">
                    {match outline {
                        Some(o) => view! { <HeatMap data=data h=IMAGE_SIZE w=IMAGE_SIZE palette=palette label=label outline=o /> }.into_any(),
                        None => view! { <HeatMap data=data h=IMAGE_SIZE w=IMAGE_SIZE palette=palette label=label /> }.into_any(),
                    }}
                    <figcaption>{title}</figcaption>
                </figure>
            }
        };
        Some(view! {
            <div class="heat-row">
                {tile("image x".into(), flat(&r.image), Palette::Ink, None)}
                {tile(format!("shift(x) by ({}, {})", s.shift, s.dy), flat(&c.shifted_input), Palette::Ink, None)}
                {tile("conv(shift(x))".into(), flat(&c.op_of_shifted), Palette::Signed { max: m }, None)}
                {tile("shift(conv(x))".into(), flat(&c.shifted_op), Palette::Signed { max: m }, None)}
                {tile(format!("difference: max {} inside the dashed box", c.max_abs_interior), flat(&c.difference), Palette::Signed { max: m }, Some(outline))}
            </div>
        })
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid">
                <div class="sparse-main">
                    <div class="figures wide">
                        <KeyFigure testid="equivariance-error" label="conv: max |diff|" value=error_value />
                        <KeyFigure testid="dense-equivariance-error" label="dense: max |diff|" value=dense_value text=dense_text />
                    </div>
                    {move || results.get().err().map(|e| view! { <ErrorNote message=e /> })}
                    <h2>"A 1-D signal"</h2>
                    {plots_1d}
                </div>
                <aside class="controls" aria-label="Shift and seed">
                    <IntSlider label="shift (1-D, and columns in 2-D)" name="shift" value=int(|s| s.shift)
                        min=-SHIFT_MAX max=SHIFT_MAX on_change=set_shift />
                    <IntSlider label="dy: rows (2-D)" name="dy" value=int(|s| s.dy) min=-6 max=6 on_change=set_dy />
                    <label class="slider">
                        <span class="slider-label">"seed"</span>
                        <input type="number" min="0" step="1" data-testid="seed"
                            prop:value=move || state.get().seed.to_string()
                            on:change=move |e| {
                                if let Ok(v) = event_target_value(&e).trim().parse::<u32>() {
                                    state.update(|s| s.seed = u64::from(v));
                                }
                            } />
                    </label>
                    <button class="small secondary" on:click=move |_| {
                        state.update(|s| s.seed = (s.seed + 1) % (u64::from(u32::MAX) + 1))
                    }>"New signal and image"</button>
                </aside>
            </div>
            <RevealCard question="Q: what happens to the output when the input moves?" beat=1>
                <p>"It moves by the same amount: conv(shift(x)) = shift(conv(x)). The same weights "
                   "are applied at every position, so a pattern gives the same response wherever it "
                   "is."</p>
                <p data-testid="border-band">{move || border_sentence(SIGNAL_LEN, KERNEL_1D.len(), 1, state.get().shift)}</p>
                <p>"A dense layer has a different weight for every input-output pair: it is not "
                   "equivariant."</p>
            </RevealCard>
            <section>
                <h2>"A 2-D image"</h2>
                <p class="caption">"Kernel [[0, -1, 0], [-1, 4, -1], [0, -1, 0]], padding 1, computed by the engine's conv2d. Blue below zero, orange above."</p>
                {maps_2d}
            </section>
        </LessonFrame>
    }
}
