//! Looking inside: conv1's filters and the C1/S2/C3/S4 maps of a chosen test image (refreshed
//! about once a second while training); then the mistakes (`mistakes.rs`).

use super::Store;
use crate::lessons::train::protocol::{MapStack, ToWorker};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// How map values become grey levels.
#[derive(Clone, Copy, PartialEq)]
pub enum Scale {
    /// Each tile from its own min (black) to max (white).
    MinMax,
    /// Zero is mid-grey, ±max|v| of the tile are white/black (signed weights).
    Signed,
}

fn grey(values: &[f32], scale: Scale) -> Vec<u8> {
    match scale {
        Scale::MinMax => {
            let lo = values.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let span = (hi - lo).max(1e-6);
            values
                .iter()
                .map(|&v| (255.0 * (v - lo) / span) as u8)
                .collect()
        }
        Scale::Signed => {
            let m = values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
            values
                .iter()
                .map(|&v| (127.5 + 127.5 * v / m).clamp(0.0, 255.0) as u8)
                .collect()
        }
    }
}

/// Paints tiles of `h x w` grey values in a grid of `cols` columns with 1-pixel gaps, at native
/// resolution (CSS scales the canvas up with `image-rendering: pixelated`).
pub fn paint_tiles(canvas: &HtmlCanvasElement, tiles: &[Vec<u8>], h: usize, w: usize, cols: usize) {
    let cols = cols.max(1).min(tiles.len().max(1));
    let rows = tiles.len().div_ceil(cols).max(1);
    let (cw, ch) = (cols * (w + 1) - 1, rows * (h + 1) - 1);
    canvas.set_width(cw as u32);
    canvas.set_height(ch as u32);
    let mut rgba = vec![0u8; cw * ch * 4];
    for px in rgba.chunks_exact_mut(4) {
        px.copy_from_slice(&[201, 207, 216, 255]);
    }
    for (t, tile) in tiles.iter().enumerate() {
        let (ty, tx) = ((t / cols) * (h + 1), (t % cols) * (w + 1));
        for y in 0..h {
            for x in 0..w {
                let g = tile.get(y * w + x).copied().unwrap_or(0);
                let at = ((ty + y) * cw + tx + x) * 4;
                rgba[at..at + 4].copy_from_slice(&[g, g, g, 255]);
            }
        }
    }
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else {
        return;
    };
    if let Ok(img) =
        ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), cw as u32, ch as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

fn paint_stack(canvas: &HtmlCanvasElement, m: &MapStack, scale: Scale, cols: usize) {
    let tiles: Vec<Vec<u8>> = (0..m.c).map(|k| grey(&m.channel(k), scale)).collect();
    paint_tiles(canvas, &tiles, m.h, m.w, cols);
}

pub(super) fn digit_tile(pixels: &[u8]) -> Vec<u8> {
    pixels.iter().map(|&g| 255 - g).collect()
}

/// A canvas painted by `paint` whenever its inputs change.
#[component]
pub(super) fn Painted(
    paint: Box<dyn Fn(&HtmlCanvasElement) + Send + Sync>,
    class: &'static str,
    #[prop(optional)] testid: &'static str,
    #[prop(optional)] label: String,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = node.get() {
            paint(&c);
        }
    });
    view! { <canvas node_ref=node class=class data-testid=testid role="img" aria-label=label /> }
}

#[component]
pub fn Inspect(store: Store) -> impl IntoView {
    let choose = move |i: usize| {
        store.inspect_index.set(i);
        store.send(&ToWorker::Inspect { index: i });
    };
    let maps = move || {
        let data = store.dataset();
        store.inspection.get().map(|ins| {
            let digit = digit_tile(&ins.pixels);
            let filters = ins.filters.clone();
            view! {
                <div class="train-maps">
                    <figure>
                        <Painted class="train-digit big" testid="inspect-digit"
                            label=format!("test {} {}", data.item(), ins.index)
                            paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&digit), 28, 28, 1)) />
                        <figcaption>{format!("test {} #{}: {}, read as {}", data.item(), ins.index,
                            data.a_class(usize::from(ins.label)), data.a_class(usize::from(ins.predicted)))}</figcaption>
                    </figure>
                    <figure>
                        <Painted class="train-filters" testid="conv1-filters" label="conv1 filters".to_string()
                            paint=Box::new(move |c| paint_stack(c, &filters, Scale::Signed, 6)) />
                        <figcaption>"conv1's six 5x5 filters (grey = 0, white > 0, black < 0)"</figcaption>
                    </figure>
                    {ins.maps.into_iter().map(|m| {
                        let name = format!("{} ({}x{}x{})", m.name, m.h, m.w, m.c);
                        let cols = if m.c > 8 { 8 } else { m.c };
                        view! {
                            <figure>
                                <Painted class="train-fmap" testid="feature-map" label=name.clone()
                                    paint=Box::new(move |c| paint_stack(c, &m, Scale::MinMax, cols)) />
                                <figcaption>{name}</figcaption>
                            </figure>
                        }
                    }).collect_view()}
                </div>
            }
        })
    };
    view! {
        <section class="train-inspect" aria-label="Inside the network">
            <h2>"Inside the network"</h2>
            <div class="train-pick">
                <button on:click=move |_| choose(store.inspect_index.get_untracked().saturating_sub(1))>{move || format!("◀ previous {}", store.dataset().item())}</button>
                <label>
                    {move || format!("test {} #", store.dataset().item())}
                    <input type="number" min="0" max="9999" data-testid="inspect-index"
                        prop:value=move || store.inspect_index.get().to_string()
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                choose(i.min(9999))
                            }
                        } />
                </label>
                <button on:click=move |_| choose((store.inspect_index.get_untracked() + 1).min(9999))>{move || format!("next {} ▶", store.dataset().item())}</button>
            </div>
            {maps}
            <super::mistakes::Mistakes store=store />
        </section>
    }
}
