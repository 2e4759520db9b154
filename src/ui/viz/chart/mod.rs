//! The one chart component: a plotters drawing on a canvas, redrawn whenever a signal the
//! drawing reads changes, the canvas is resized or presenter mode toggles, at the device's pixel
//! ratio; with an export control (SVG through plotters' SVG backend, PNG at 2x, both from the same
//! drawing, titled and credited). Every text drawn is recorded; the page publishes the record as
//! the canvas's `data-layout` for the layout tests.
//!
//! - [`backend`]: the canvas / SVG backend that records text boxes.
//! - [`axes`]: axes in the data's units, label areas sized from measured text.
//! - [`series`]: series styles, drawing a series, and the legend above the plot.
//! - [`export`]: the SVG and PNG downloads.

pub mod axes;
pub mod backend;
pub mod export;
pub mod series;

use crate::figure::palette::{Theme, DARK, LIGHT};
use crate::figure::Layout;
use backend::Backend;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

pub type Area<'a> = DrawingArea<Backend<'a>, Shift>;
pub type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// The smallest chart text, in CSS pixels (a lecture hall's back row at 1280 wide).
pub const MIN_TEXT_PX: f64 = 14.0;
/// How much larger chart text is in presenter mode, at least (it follows the page's own text,
/// 24 px against 16 px in presenter mode, so 1.5).
pub const PRESENT_SCALE: f64 = 1.3;

/// The text scale of presenter mode: the page's root font size over 16 px, at least
/// [`PRESENT_SCALE`].
fn present_scale() -> f64 {
    let root = web_sys::window()
        .and_then(|w| {
            let el = w.document()?.document_element()?;
            w.get_computed_style(&el).ok().flatten()
        })
        .and_then(|cs| cs.get_property_value("font-size").ok())
        .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(16.0);
    (root / 16.0).clamp(PRESENT_SCALE, 2.0)
}

pub const fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

/// What a drawing needs besides its data: the pixel ratio, the text scale, the theme's colours,
/// and the record of what it drew.
#[derive(Clone)]
pub struct Ctx {
    /// Device pixel ratio: multiply every size in CSS pixels by it.
    pub s: f64,
    /// Text scale: 1, or [`PRESENT_SCALE`] in presenter mode.
    pub k: f64,
    pub fg: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub bg: RGBColor,
    pub record: Rc<RefCell<Layout>>,
}

impl Ctx {
    pub fn new(s: f64, k: f64, theme: Theme, record: Rc<RefCell<Layout>>) -> Self {
        Self {
            s,
            k,
            fg: rgb(theme.text),
            muted: rgb(theme.muted),
            grid: rgb(theme.grid),
            bg: rgb(theme.background),
            record,
        }
    }
    /// A font of `px` CSS pixels (never under [`MIN_TEXT_PX`]) in the text colour, scaled for
    /// presenter mode and the pixel ratio.
    pub fn font(&self, px: f64) -> TextStyle<'static> {
        ("sans-serif", self.text_px(px)).into_font().color(&self.fg)
    }
    /// The device-pixel size of a `px` CSS-pixel text.
    pub fn text_px(&self, px: f64) -> f64 {
        px.max(MIN_TEXT_PX) * self.k * self.s
    }
    /// `px` CSS pixels in device pixels.
    pub fn px(&self, px: f64) -> u32 {
        (px * self.s).round() as u32
    }
    /// Records data points drawn at these backend coordinates (for the legend check).
    pub fn mark(&self, points: impl IntoIterator<Item = (i32, i32)>) {
        let mut r = self.record.borrow_mut();
        r.points.extend(
            points
                .into_iter()
                .map(|(x, y)| (f64::from(x), f64::from(y))),
        );
    }
    /// Records a legend box at these backend coordinates.
    pub fn mark_legend(&self, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
        self.record
            .borrow_mut()
            .legends
            .push(crate::figure::Rect::new(
                f64::from(x0),
                f64::from(y0),
                f64::from(x1 - x0),
                f64::from(y1 - y0),
            ));
    }
}

/// The page's theme (the presenter's choice, else the system's).
pub fn page_theme() -> Theme {
    let html_class = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .map(|e| e.class_name())
        .unwrap_or_default();
    if html_class.contains("theme-light") {
        return LIGHT;
    }
    let dark = html_class.contains("theme-dark")
        || web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|m| m.matches())
            .unwrap_or(false);
    if dark {
        DARK
    } else {
        LIGHT
    }
}

/// A figure's identity: its name in export titles, its `data-testid`, and its text alternative.
pub struct Fig {
    /// Short, lower case: "receptive field against depth".
    pub name: &'static str,
    pub testid: &'static str,
    /// What the chart shows, for screen readers (may follow the data).
    pub alt: Signal<String>,
}

impl Fig {
    pub fn new(name: &'static str, testid: &'static str, alt: impl Into<Signal<String>>) -> Self {
        Self {
            name,
            testid,
            alt: alt.into(),
        }
    }
}

/// The drawing of a chart: called with the area and the context, for the page and the exports.
pub type Draw = Rc<dyn Fn(&Area<'_>, &Ctx) -> DrawResult>;

/// A canvas of `height` CSS pixels, full width, drawn by `draw`, with its export control.
pub fn plot(
    fig: Fig,
    height: f64,
    draw: impl Fn(&Area<'_>, &Ctx) -> DrawResult + 'static,
) -> impl IntoView {
    let draw: Draw = Rc::new(draw);
    let canvas = NodeRef::<Canvas>::new();
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        resized.update(|n| *n = n.wrapping_add(1));
    });
    on_cleanup(move || handle.remove());
    let presenting = crate::ui::present::use_presenter().enabled;
    // The address changes with the presenter's theme (`theme=`): redraw in its colours.
    let search = leptos_router::hooks::use_location().search;
    let failed = RwSignal::new(None::<String>);
    let record = Rc::new(RefCell::new(Layout::default()));
    let draw_page = draw.clone();
    Effect::new(move |_| {
        resized.track();
        search.track();
        let k = if presenting.get() {
            present_scale()
        } else {
            1.0
        };
        let Some(c) = canvas.get() else { return };
        let s = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .clamp(1.0, 3.0);
        let w = f64::from(c.client_width().max(280));
        c.set_width((w * s).round() as u32);
        let h = if presenting.get_untracked() {
            height * 1.35
        } else {
            height
        };
        c.set_height((h * s).round() as u32);
        let ctx = Ctx::new(s, k, page_theme(), record.clone());
        let Some(backend) = Backend::canvas(c.clone(), record.clone()) else {
            return;
        };
        let area = backend.into_drawing_area();
        let result = draw_page(&area, &ctx).and_then(|_| area.present().map_err(Into::into));
        failed.set(result.err().map(|e| e.to_string()));
        if let Ok(json) = serde_json::to_string(&*record.borrow()) {
            let _ = c.set_attribute("data-layout", &json);
        }
    });
    let exports = export::ChartExport {
        name: fig.name,
        draw,
        canvas,
        height,
    };
    let alt = fig.alt;
    view! {
        <div class="plot-box figure">
            <canvas
                node_ref=canvas
                class="plot"
                // Taller in presenter mode, where its text is larger.
                style=move || {
                    let h = if presenting.get() { height * 1.35 } else { height };
                    format!("height:{h}px")
                }
                role="img"
                aria-label=move || alt.get()
                data-testid=fig.testid
                data-figure=fig.name
            ></canvas>
            {move || failed.get().map(|e| view! { <p class="error-note">"Chart failed: " {e}</p> })}
            {export::controls(exports)}
        </div>
    }
}
