//! Grey tiles on a canvas: feature maps, filters and digits, at native resolution.

use crate::lessons::train::protocol::MapStack;
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

/// Grey levels of `values` on one `scale` (shared by every tile painter).
pub(super) fn grey(values: &[f32], scale: Scale) -> Vec<u8> {
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

/// Paints `w x h` colours at native resolution.
pub fn paint_rgb(canvas: &HtmlCanvasElement, w: usize, h: usize, colours: &[[u8; 3]]) {
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let mut rgba = vec![255u8; w * h * 4];
    for (px, c) in rgba.chunks_exact_mut(4).zip(colours) {
        px[..3].copy_from_slice(c);
    }
    let Ok(Some(ctx)) = canvas.get_context("2d") else {
        return;
    };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else {
        return;
    };
    if let Ok(img) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

pub(super) fn paint_stack(canvas: &HtmlCanvasElement, m: &MapStack, scale: Scale, cols: usize) {
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
