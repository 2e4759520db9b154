//! The one plotters backend of every chart: draws on a `<canvas>` (the page) or into plotters'
//! SVG backend (the export), and records the box of every text it draws into a shared
//! [`Layout`], which the page publishes for the layout tests and the export compares with.
//!
//! Text is measured by a canvas's own `measureText` on both targets, so the page and its export
//! lay out alike. (`plotters-canvas` leaves measuring to plotters' web font code, which appends a
//! `<span>` and reads `offsetHeight`: a layout of the whole document per label, 5 % of /train's
//! main thread when its charts redrew several times a second.)

use crate::figure::layout::{text_box, HAlign, TextBox, VAlign};
use crate::figure::Layout;
use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A drawing error of either target, as text.
#[derive(Debug)]
pub struct BackendError(String);

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for BackendError {}

type Res<T> = Result<T, DrawingErrorKind<BackendError>>;

fn cast<E: std::error::Error + Send + Sync>(
    e: DrawingErrorKind<E>,
) -> DrawingErrorKind<BackendError> {
    match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(BackendError(e.to_string()))
        }
        DrawingErrorKind::FontError(f) => DrawingErrorKind::FontError(f),
    }
}

enum Target<'a> {
    Canvas(CanvasBackend),
    Svg(SVGBackend<'a>),
}

/// A plotters backend on a canvas or into an SVG string.
pub struct Backend<'a> {
    target: Target<'a>,
    /// The 2-D context text is measured with (the page's canvas, or a scratch one for SVG).
    measure: CanvasRenderingContext2d,
    record: Rc<RefCell<Layout>>,
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// A detached canvas's 2-D context (for measuring text, or drawing a PNG export).
pub fn scratch_canvas(w: u32, h: u32) -> Option<HtmlCanvasElement> {
    let c: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    c.set_width(w);
    c.set_height(h);
    Some(c)
}

impl<'a> Backend<'a> {
    /// Draws on `canvas`; `None` when it has no 2-D context.
    pub fn canvas(
        canvas: HtmlCanvasElement,
        record: Rc<RefCell<Layout>>,
    ) -> Option<Backend<'static>> {
        let measure = context(&canvas)?;
        {
            let mut r = record.borrow_mut();
            *r = Layout {
                width: f64::from(canvas.width()),
                height: f64::from(canvas.height()),
                ..Layout::default()
            };
        }
        Some(Backend {
            target: Target::Canvas(CanvasBackend::with_canvas_object(canvas)?),
            measure,
            record,
        })
    }

    /// Writes SVG into `buf` (complete when the backend is dropped).
    pub fn svg(buf: &'a mut String, size: (u32, u32), record: Rc<RefCell<Layout>>) -> Option<Self> {
        let measure = context(&scratch_canvas(1, 1)?)?;
        *record.borrow_mut() = Layout {
            width: f64::from(size.0),
            height: f64::from(size.1),
            ..Layout::default()
        };
        Some(Self {
            target: Target::Svg(SVGBackend::with_string(buf, size)),
            measure,
            record,
        })
    }

    fn measured(&self, text: &str, style: &impl BackendTextStyle) -> Option<(u32, u32)> {
        self.measure.set_font(&font_string(style));
        let m = self.measure.measure_text(text).ok()?;
        let h = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
        let h = if h.is_finite() && h > 0.0 {
            h
        } else {
            style.size() * 1.2
        };
        Some((m.width().ceil().max(0.0) as u32, h.ceil() as u32))
    }
}

fn font_string(style: &impl BackendTextStyle) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

/// plotters' SVG backend writes `font-size` as the style's size / 1.24; this style asks for 1.24
/// times as much, so the exported text is as large as the canvas's.
struct SvgSized<'s, S>(&'s S);

impl<S: BackendTextStyle> BackendTextStyle for SvgSized<'_, S> {
    type FontError = S::FontError;
    fn color(&self) -> BackendColor {
        self.0.color()
    }
    fn size(&self) -> f64 {
        self.0.size() * 1.24
    }
    fn transform(&self) -> FontTransform {
        self.0.transform()
    }
    fn style(&self) -> FontStyle {
        self.0.style()
    }
    fn anchor(&self) -> Pos {
        self.0.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        self.0.family()
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.0.layout_box(text)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.0.draw(text, pos, draw)
    }
}

macro_rules! both {
    ($self:ident, $b:ident => $call:expr) => {
        match &mut $self.target {
            Target::Canvas($b) => $call.map_err(cast),
            Target::Svg($b) => $call.map_err(cast),
        }
    };
}

impl DrawingBackend for Backend<'_> {
    type ErrorType = BackendError;

    fn get_size(&self) -> (u32, u32) {
        match &self.target {
            Target::Canvas(b) => b.get_size(),
            Target::Svg(b) => b.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Res<()> {
        both!(self, b => b.ensure_prepared())
    }
    fn present(&mut self) -> Res<()> {
        both!(self, b => b.present())
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Res<()> {
        both!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res<()> {
        both!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Res<()> {
        both!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res<()> {
        both!(self, b => b.draw_path(path, style))
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Res<()> {
        both!(self, b => b.draw_circle(center, radius, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res<()> {
        both!(self, b => b.fill_polygon(vert, style))
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Res<()> {
        if style.color().alpha > 0.0 && !text.trim().is_empty() {
            let (w, h) = self.estimate_text_size(text, style)?;
            let a = style.anchor();
            let ha = match a.h_pos {
                HPos::Left => HAlign::Left,
                HPos::Center => HAlign::Center,
                HPos::Right => HAlign::Right,
            };
            let va = match a.v_pos {
                VPos::Top => VAlign::Top,
                VPos::Center => VAlign::Center,
                VPos::Bottom => VAlign::Bottom,
            };
            let turns = match style.transform() {
                FontTransform::None => 0,
                FontTransform::Rotate90 => 1,
                FontTransform::Rotate180 => 2,
                FontTransform::Rotate270 => 3,
            };
            let r = text_box(
                (f64::from(pos.0), f64::from(pos.1)),
                (f64::from(w), f64::from(h)),
                ha,
                va,
                turns,
            );
            self.record.borrow_mut().texts.push(TextBox {
                text: text.to_string(),
                rect: r,
                px: style.size(),
            });
        }
        match &mut self.target {
            Target::Canvas(b) => b.draw_text(text, style, pos).map_err(cast),
            Target::Svg(b) => b.draw_text(text, &SvgSized(style), pos).map_err(cast),
        }
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Res<(u32, u32)> {
        match self.measured(text, style) {
            Some(size) => Ok(size),
            // No measurement: a rough estimate (never reached with a 2-D context).
            None => Ok((
                (style.size() * 0.6 * text.chars().count() as f64).ceil() as u32,
                (style.size() * 1.2).ceil() as u32,
            )),
        }
    }
}
