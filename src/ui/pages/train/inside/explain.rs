//! Why this answer: the saliency map (the class score's gradient with respect to each input
//! pixel, from the engine's backward pass, its largest entries checked against finite
//! differences) and the occlusion map (the class probability's drop with a grey square over each
//! place), both over the image, for the predicted class or any other.

use super::Store;
use crate::figure::palette::diverging;
use crate::lessons::train::inside::IMAGE_SIDE;
use crate::lessons::train::protocol::Explanation;
use crate::ui::pages::train::tiles::{paint_rgb, Painted};
use leptos::prelude::*;

/// The image as faint grey under a diverging map of `values` (scaled by their largest size).
fn overlay(pixels: &[u8], values: &[f32]) -> Vec<[u8; 3]> {
    let m = values.iter().fold(1e-9f32, |m, v| m.max(v.abs()));
    values
        .iter()
        .zip(pixels)
        .map(|(&v, &g)| {
            let c = diverging(v / m);
            let shade = 1.0 - 0.35 * f32::from(g) / 255.0;
            c.map(|x| (f32::from(x) * shade) as u8)
        })
        .collect()
}

/// A probability as a percentage, readable when tiny.
fn pct(p: f32) -> String {
    if p >= 0.001 {
        format!("{:.1} %", 100.0 * p)
    } else {
        "under 0.1 %".into()
    }
}

fn checks_text(e: &Explanation) -> String {
    let Some(worst) = e
        .checks
        .iter()
        .map(|c| (c.grad - c.finite_difference).abs())
        .reduce(f32::max)
    else {
        return "No pixel among the 64 largest gradients is smooth enough to check by finite differences.".into();
    };
    let largest = e.saliency.iter().fold(0f32, |m, g| m.max(g.abs()));
    format!(
        "Checked: at the {} largest gradients where the score is smooth, a central finite difference \
         (±0.01) agrees with the backward pass to {worst:.1e} (largest gradient {largest:.3}).",
        e.checks.len()
    )
}

#[component]
pub fn Explain(store: Store) -> impl IntoView {
    let set = move |f: Box<dyn Fn(&mut crate::lessons::train::inside::InsideParams)>| {
        store.inside.update(|p| f(p));
        store.request_explain();
    };
    let class_options = move || {
        let data = store.dataset();
        let current = store.inside.with(|p| p.class);
        let mut v = vec![
            view! { <option value="-1" selected=current == -1>"the predicted class"</option> }
                .into_any(),
        ];
        v.extend((0..10).map(|k| {
            view! { <option value=k.to_string() selected=current == k as i64>{data.class_name(k)}</option> }.into_any()
        }));
        v
    };
    let maps = move || {
        let e = store.explained.get()?;
        let ins_pixels = store.inspection.with(|i| {
            i.as_ref()
                .filter(|i| i.index == e.index)
                .map(|i| i.pixels.clone())
        });
        let pixels = ins_pixels.unwrap_or_else(|| vec![0; IMAGE_SIDE * IMAGE_SIDE]);
        let data = store.dataset();
        let sal = overlay(&pixels, &e.saliency);
        let occ = overlay(&pixels, &e.occlusion.drop_map);
        let checks = serde_json::to_string(
            &e.checks
                .iter()
                .map(|c| (c.pixel, c.grad, c.finite_difference))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        let probs = serde_json::to_string(&e.occlusion.probs).unwrap_or_default();
        let lowest = e
            .occlusion
            .probs
            .iter()
            .copied()
            .fold(f32::INFINITY, f32::min);
        let highest = e
            .occlusion
            .probs
            .iter()
            .copied()
            .fold(f32::NEG_INFINITY, f32::max);
        let class = data.a_class(e.class);
        let head = format!(
            "Test {} #{}: the network gives {class} {}{}",
            data.item(),
            e.index,
            pct(e.probability),
            if e.class == e.predicted {
                " (its answer)".to_string()
            } else {
                format!("; its answer is {}", data.a_class(e.predicted))
            }
        );
        let (patch, stride) = (e.occlusion.patch, e.occlusion.stride);
        Some(view! {
            <p class="caption" data-testid="explain-head">{head}</p>
            <div class="train-maps">
                <figure>
                    <Painted class="train-digit big" testid="saliency" label="saliency map".to_string()
                        paint=Box::new(move |c| paint_rgb(c, IMAGE_SIDE, IMAGE_SIDE, &sal)) />
                    <span hidden data-testid="saliency-checks" data-value=checks></span>
                    <figcaption>{format!("Saliency: how {class}'s score changes as each pixel brightens \
                        (vermillion: up, blue: down), the gradient from the backward pass.")}</figcaption>
                </figure>
                <figure>
                    <Painted class="train-digit big" testid="occlusion" label="occlusion map".to_string()
                        paint=Box::new(move |c| paint_rgb(c, IMAGE_SIDE, IMAGE_SIDE, &occ)) />
                    <span hidden data-testid="occlusion-probs" data-value=probs data-base=e.probability.to_string()></span>
                    <figcaption>{format!("Occlusion: how much {class}'s probability drops with a grey {patch}x{patch} \
                        square over each place (moved {stride} pixels at a time; vermillion: drops, blue: rises). \
                        With the square anywhere, it ranges from {} to {}.", pct(lowest), pct(highest))}</figcaption>
                </figure>
            </div>
            <p class="caption" data-testid="saliency-check-text">{checks_text(&e)}</p>
        })
    };
    view! {
        <div class="train-explain" data-testid="explain">
            <h3>"Why this answer?"</h3>
            <div class="train-pick">
                <label>"Explain "
                    <select data-testid="explain-class" on:change=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse::<i64>() {
                            set(Box::new(move |p| p.class = k.clamp(-1, 9)));
                        }
                    }>{class_options}</select>
                </label>
                <label>"grey square "
                    <input type="number" min="2" max="14" data-testid="occ-size"
                        prop:value=move || store.inside.with(|p| p.occ.to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<i64>() {
                                set(Box::new(move |p| { p.occ = v.clamp(2, 14); p.occ_stride = p.occ_stride.min(p.occ); }));
                            }
                        } />
                    " px, moved "
                    <input type="number" min="1" max="14" data-testid="occ-stride"
                        prop:value=move || store.inside.with(|p| p.occ_stride.to_string())
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<i64>() {
                                set(Box::new(move |p| p.occ_stride = v.clamp(1, p.occ)));
                            }
                        } />
                    " px at a time"
                </label>
            </div>
            {maps}
        </div>
    }
}
