//! plotters' `<canvas>` backend, with text measured by the canvas itself.
//!
//! `plotters-canvas` leaves `estimate_text_size` to plotters' web font code. That code appends a
//! `<span>` to the page and reads its `offsetHeight`, which forces a layout of the whole
//! document for every axis label and caption. On /train, a long page that redraws its charts
//! several times a second while the worker trains, this took about 5 % of the main thread in
//! tasks of up to 140 ms, and animation frames dropped (p95 33 ms). `measureText` on the chart's
//! own 2-D context gives the same box without touching layout. Everything else is delegated.

use plotters::prelude::DrawingBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A plotters backend drawing on an `HtmlCanvasElement`.
pub struct ChartCanvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
}

impl ChartCanvas {
    /// `None` when the canvas has no 2-D context.
    pub fn with_canvas_object(canvas: HtmlCanvasElement) -> Option<Self> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()?
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some(Self {
            inner: CanvasBackend::with_canvas_object(canvas)?,
            ctx,
        })
    }
}

type Res<T> = Result<T, DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl DrawingBackend for ChartCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Res<()> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Res<()> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res<()> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res<()> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res<()> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res<()> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Res<()> {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Res<(u32, u32)> {
        // The font string `draw_text` sets, so the measured box is the drawn one.
        self.ctx.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        ));
        match self.ctx.measure_text(text) {
            Ok(m) => {
                let h = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
                let h = if h.is_finite() && h > 0.0 {
                    h
                } else {
                    style.size() * 1.2
                };
                Ok((m.width().ceil().max(0.0) as u32, h.ceil() as u32))
            }
            // No measurement: plotters' own estimate (slow, but right).
            Err(_) => self.inner.estimate_text_size(text, style),
        }
    }
}
