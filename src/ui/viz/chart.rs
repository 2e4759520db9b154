//! A plotters chart on a canvas: drawn in an effect once the canvas is mounted, again whenever
//! a signal the drawing reads changes or the canvas is resized, at the device's pixel ratio.

use crate::ui::viz::canvas::ChartCanvas;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;

pub type Area = DrawingArea<ChartCanvas, Shift>;
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// What a drawing needs besides its data: the pixel ratio and the page's text colours.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// Device pixel ratio: multiply every size in CSS pixels by it.
    pub s: f64,
    pub fg: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
}

impl Ctx {
    /// A font of `px` CSS pixels in the page's text colour.
    pub fn font(&self, px: f64) -> TextStyle<'static> {
        ("sans-serif", px * self.s).into_font().color(&self.fg)
    }
    pub fn px(&self, px: f64) -> u32 {
        (px * self.s).round() as u32
    }
}

fn dark() -> bool {
    let html_class = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.class_name())
        .unwrap_or_default();
    if html_class.contains("theme-light") {
        return false;
    }
    html_class.contains("theme-dark")
        || web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|m| m.matches())
            .unwrap_or(false)
}

/// A canvas of `height` CSS pixels, full width, drawn by `draw`.
pub fn plot(
    label: String,
    testid: &'static str,
    height: f64,
    draw: impl Fn(&Area, &Ctx) -> DrawResult + 'static,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        resized.update(|n| *n = n.wrapping_add(1));
    });
    on_cleanup(move || handle.remove());
    let failed = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        resized.track();
        let Some(c) = canvas.get() else { return };
        let s = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .clamp(1.0, 3.0);
        let w = f64::from(c.client_width().max(280));
        c.set_width((w * s).round() as u32);
        c.set_height((height * s).round() as u32);
        let ctx = if dark() {
            Ctx {
                s,
                fg: RGBColor(242, 244, 247),
                muted: RGBColor(195, 202, 212),
                grid: RGBColor(58, 66, 78),
            }
        } else {
            Ctx {
                s,
                fg: RGBColor(17, 20, 24),
                muted: RGBColor(61, 68, 80),
                grid: RGBColor(220, 224, 230),
            }
        };
        let Some(backend) = ChartCanvas::with_canvas_object(c.clone()) else {
            return;
        };
        let area = backend.into_drawing_area();
        let result = draw(&area, &ctx).and_then(|_| area.present().map_err(Into::into));
        failed.set(result.err().map(|e| e.to_string()));
    });
    view! {
        <div class="plot-box">
            <canvas
                node_ref=canvas
                class="plot"
                style=format!("height:{height}px")
                role="img"
                aria-label=label
                data-testid=testid
            ></canvas>
            {move || failed.get().map(|e| view! { <p class="error-note">"Chart failed: " {e}</p> })}
        </div>
    }
}
