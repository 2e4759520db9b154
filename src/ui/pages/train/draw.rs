//! Draw a digit (mouse, pen or touch through pointer events): preprocessed like MNIST (bounding
//! box, 20x20 fit, centre of mass at the centre of 28x28, `crate::data::mnist::draw`), shown next
//! to the canvas, and classified by the network being trained; updated as you draw.

use super::probs::ProbBars;
use super::tiles::paint_tiles;
use super::Store;
use crate::data::mnist::preprocess_drawn_digit;
use crate::lessons::train::protocol::ToWorker;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

const SIDE: u32 = 280;
/// Pen width on the 280-pixel canvas: a digit ~200 px tall becomes 20 px, so the stroke becomes
/// ~2 px, MNIST's typical stroke width.
const PEN: f64 = 20.0;
/// Minimum time between classifications while the pen moves (ms).
const PREDICT_EVERY_MS: f64 = 60.0;

fn ctx(c: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d").ok()??.dyn_into().ok()
}

fn pos(c: &HtmlCanvasElement, ev: &PointerEvent) -> (f64, f64) {
    let r = c.get_bounding_client_rect();
    let sx = f64::from(SIDE) / r.width().max(1.0);
    let sy = f64::from(SIDE) / r.height().max(1.0);
    (
        (f64::from(ev.client_x()) - r.left()) * sx,
        (f64::from(ev.client_y()) - r.top()) * sy,
    )
}

#[component]
pub fn DrawDigit(store: Store) -> impl IntoView {
    let pad = NodeRef::<Canvas>::new();
    let seen = NodeRef::<Canvas>::new();
    let drawing = StoredValue::new(false);
    let last = StoredValue::new((0.0f64, 0.0f64));
    let last_predict = StoredValue::new(0.0f64);
    let has_ink = RwSignal::new(false);

    let classify = move || {
        let (Some(c), Some(out)) = (pad.get_untracked(), seen.get_untracked()) else {
            return;
        };
        let Some(g) = ctx(&c) else { return };
        let Ok(img) = g.get_image_data(0.0, 0.0, f64::from(SIDE), f64::from(SIDE)) else {
            return;
        };
        // Ink is the alpha channel (strokes are drawn on a transparent canvas).
        let grey: Vec<f32> = img
            .data()
            .chunks_exact(4)
            .map(|p| f32::from(p[3]) / 255.0)
            .collect();
        match preprocess_drawn_digit(&grey, SIDE as usize, SIDE as usize) {
            Ok(d) => {
                let tile: Vec<u8> = d
                    .pixels
                    .iter()
                    .map(|&v| (255.0 * (1.0 - v)) as u8)
                    .collect();
                paint_tiles(&out, &[tile], 28, 28, 1);
                store.drawn.set_value(Some(d.pixels.clone()));
                store.send(&ToWorker::Predict { pixels: d.pixels });
                last_predict.set_value(crate::ui::owned::now_ms());
            }
            Err(_) => {
                store.drawn.set_value(None);
                store.probs.set(None);
            }
        }
    };

    let down = move |ev: PointerEvent| {
        let Some(c) = pad.get_untracked() else { return };
        ev.prevent_default();
        let _ = c.set_pointer_capture(ev.pointer_id());
        drawing.set_value(true);
        let p = pos(&c, &ev);
        last.set_value(p);
        if let Some(g) = ctx(&c) {
            g.begin_path();
            g.arc(p.0, p.1, PEN / 2.0, 0.0, std::f64::consts::TAU).ok();
            g.fill();
        }
        has_ink.set(true);
    };
    let mv = move |ev: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let Some(c) = pad.get_untracked() else { return };
        let p = pos(&c, &ev);
        let (x0, y0) = last.get_value();
        if let Some(g) = ctx(&c) {
            g.begin_path();
            g.move_to(x0, y0);
            g.line_to(p.0, p.1);
            g.stroke();
        }
        last.set_value(p);
        if crate::ui::owned::now_ms() - last_predict.get_value() > PREDICT_EVERY_MS {
            classify();
        }
    };
    let up = move |_ev: PointerEvent| {
        if drawing.get_value() {
            drawing.set_value(false);
            classify();
        }
    };
    let clear = move |_| {
        if let Some(c) = pad.get_untracked() {
            if let Some(g) = ctx(&c) {
                g.clear_rect(0.0, 0.0, f64::from(SIDE), f64::from(SIDE));
            }
        }
        if let Some(c) = seen.get_untracked() {
            paint_tiles(&c, &[vec![255; 784]], 28, 28, 1);
        }
        has_ink.set(false);
        store.drawn.set_value(None);
        store.probs.set(None);
    };
    Effect::new(move |_| {
        if let Some(c) = pad.get() {
            if let Some(g) = ctx(&c) {
                g.set_line_width(PEN);
                g.set_line_cap("round");
                g.set_line_join("round");
                g.set_stroke_style_str("#111");
                g.set_fill_style_str("#111");
            }
        }
        if let Some(c) = seen.get() {
            paint_tiles(&c, &[vec![255; 784]], 28, 28, 1);
        }
    });

    view! {
        <section class="train-draw" aria-label="Draw a digit">
            <h2>"Draw a digit for it"</h2>
            <p class="caption">
                "Draw one digit with the mouse, a pen or a finger. It is cropped to its bounding box, "
                "scaled to fit 20x20 and placed by its centre of mass in 28x28, as the MNIST digits "
                "were; the network being trained reads that and gives the ten probabilities."
            </p>
            <div class="train-draw-row">
                <canvas node_ref=pad class="train-pad" data-testid="draw-pad" width=SIDE height=SIDE
                    on:pointerdown=down on:pointermove=mv on:pointerup=up on:pointercancel=up
                    aria-label="drawing area" />
                <figure>
                    <canvas node_ref=seen class="train-digit big" data-testid="draw-seen" />
                    <figcaption>"what the network sees (28x28)"</figcaption>
                </figure>
                <ProbBars store=store />
            </div>
            <button data-testid="draw-clear" on:click=clear disabled=move || !has_ink.get()>"Clear"</button>
        </section>
    }
}
