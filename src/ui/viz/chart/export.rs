//! A chart's downloads: the same drawing as on the page, into plotters' SVG backend (SVG) or onto
//! a canvas at twice the size (PNG), on a white background in the light theme (as slides and
//! printed notes are), under a title naming the lesson, the figure and its settings, over a
//! one-line credit.

use super::backend::{scratch_canvas, Backend};
use super::{Area, Ctx, Draw, DrawResult};
use crate::figure::export::{Caption, CREDIT};
use crate::figure::palette::LIGHT;
use crate::figure::Layout;
use crate::ui::export::{download_text, download_url};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::cell::RefCell;
use std::rc::Rc;

/// What the export control of one chart needs.
pub struct ChartExport {
    pub name: &'static str,
    pub draw: Draw,
    pub canvas: NodeRef<Canvas>,
    pub height: f64,
}

/// Words of `text` in lines no wider than `max` (device px) in `style`.
fn wrap(area: &Area<'_>, text: &str, style: &TextStyle<'_>, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        let candidate = match lines.last() {
            Some(l) => format!("{l} {word}"),
            None => word.to_string(),
        };
        let fits = area
            .estimate_text_size(&candidate, style)
            .is_ok_and(|(w, _)| f64::from(w) <= max);
        match lines.last_mut() {
            Some(l) if fits => *l = candidate,
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Title lines, the chart, the credit: the whole export on `root` (`w` x `h` CSS pixels of
/// chart, at pixel ratio `s`).
fn compose(root: &Area<'_>, ctx: &Ctx, title: &str, h: f64, draw: &Draw) -> DrawResult {
    root.fill(&WHITE)?;
    let pad = f64::from(ctx.px(10.0));
    let head_style = ctx.font(16.0).pos(Pos::new(HPos::Left, VPos::Top));
    let line_h = root
        .estimate_text_size("Ag", &head_style)
        .map_or(20.0, |(_, h)| f64::from(h))
        + f64::from(ctx.px(4.0));
    let width = f64::from(root.dim_in_pixel().0);
    let lines = wrap(root, title, &head_style, width - 2.0 * pad);
    let head = (pad + line_h * lines.len() as f64 + pad / 2.0).ceil() as u32;
    let (top, rest) = root.split_vertically(head);
    for (i, l) in lines.iter().enumerate() {
        top.draw(&Text::new(
            l.clone(),
            (pad as i32, (pad + line_h * i as f64) as i32),
            head_style.clone(),
        ))?;
    }
    let (body, foot) = rest.split_vertically((h * ctx.s).round() as u32);
    draw(&body, ctx)?;
    let credit = ctx
        .font(14.0)
        .color(&ctx.muted)
        .pos(Pos::new(HPos::Left, VPos::Top));
    foot.draw(&Text::new(CREDIT, (pad as i32, ctx.px(6.0) as i32), credit))?;
    Ok(())
}

/// The export's height in CSS pixels for a chart of `h`: title lines + chart + credit.
fn total_height(title_lines: usize, h: f64) -> f64 {
    10.0 + 24.0 * title_lines as f64 + 5.0 + h + 34.0
}

fn title_lines(width: f64, title: &str) -> usize {
    // Measured the same way `compose` wraps, on a scratch canvas at 1x.
    let record = Rc::new(RefCell::new(Layout::default()));
    let mut buf = String::new();
    let Some(b) = Backend::svg(&mut buf, (width as u32, 100), record.clone()) else {
        return 1;
    };
    let area = b.into_drawing_area();
    let ctx = Ctx::new(1.0, 1.0, LIGHT, record);
    wrap(&area, title, &ctx.font(16.0), width - 20.0).len()
}

/// The chart's width on the page, the export's title, and the export's height (CSS pixels).
fn frame(e: &ChartExport, cap: &Caption) -> Result<(f64, String, f64), String> {
    let c = e
        .canvas
        .get_untracked()
        .ok_or("the chart is not on the page")?;
    let w = f64::from(c.client_width().max(280));
    let title = cap.title();
    let h = total_height(title_lines(w, &title), e.height);
    Ok((w, title, h))
}

fn svg(e: &ChartExport, cap: &Caption) -> Result<String, String> {
    let (w, title, h) = frame(e, cap)?;
    let record = Rc::new(RefCell::new(Layout::default()));
    let mut buf = String::new();
    {
        let backend = Backend::svg(&mut buf, (w as u32, h.ceil() as u32), record.clone())
            .ok_or("no canvas to measure text with")?;
        let root = backend.into_drawing_area();
        let ctx = Ctx::new(1.0, 1.0, LIGHT, record);
        compose(&root, &ctx, &title, e.height, &e.draw).map_err(|err| err.to_string())?;
        root.present().map_err(|err| err.to_string())?;
    }
    Ok(buf)
}

fn png(e: &ChartExport, cap: &Caption) -> Result<String, String> {
    const SCALE: f64 = 2.0;
    let (w, title, h) = frame(e, cap)?;
    let target =
        scratch_canvas((w * SCALE) as u32, (h * SCALE).ceil() as u32).ok_or("no canvas")?;
    let record = Rc::new(RefCell::new(Layout::default()));
    let backend = Backend::canvas(target.clone(), record.clone()).ok_or("no 2-D canvas context")?;
    let root = backend.into_drawing_area();
    let ctx = Ctx::new(SCALE, 1.0, LIGHT, record);
    compose(&root, &ctx, &title, e.height, &e.draw).map_err(|err| err.to_string())?;
    root.present().map_err(|err| err.to_string())?;
    target
        .to_data_url()
        .map_err(|_| "the canvas could not be read".to_string())
}

/// The lesson of the current route, and its settings, for an export's title.
pub fn caption(figure: &str, path: &str, search: &str) -> Caption {
    let base = crate::ui::env::base_path();
    let route = crate::catalog::normalise(path.strip_prefix(base.as_str()).unwrap_or(path));
    let lesson = crate::catalog::find(&route).map_or("CNN Lab", |l| l.title);
    Caption {
        lesson: lesson.to_string(),
        figure: figure.to_string(),
        query: search.to_string(),
    }
}

/// The "SVG" and "PNG (2x)" buttons of a chart.
pub fn controls(e: ChartExport) -> impl IntoView {
    let loc = use_location();
    let e = Rc::new(e);
    let failed = RwSignal::new(None::<String>);
    let name = e.name;
    let here = move || {
        caption(
            name,
            &loc.pathname.get_untracked(),
            &loc.search.get_untracked(),
        )
    };
    let e2 = e.clone();
    let on_svg = move |_| {
        let cap = here();
        match svg(&e2, &cap) {
            Ok(text) => {
                download_text(&cap.file_name("svg"), "image/svg+xml", &text);
                failed.set(None);
            }
            Err(err) => failed.set(Some(err)),
        }
    };
    let on_png = move |_| {
        let cap = here();
        match png(&e, &cap) {
            Ok(url) => {
                download_url(&cap.file_name("png"), &url);
                failed.set(None);
            }
            Err(err) => failed.set(Some(err)),
        }
    };
    view! { <ExportButtons on_svg on_png failed /> }
}

/// The export buttons every figure shows (charts and SVG diagrams alike).
#[component]
pub fn ExportButtons(
    on_svg: impl Fn(leptos::ev::MouseEvent) + 'static,
    on_png: impl Fn(leptos::ev::MouseEvent) + 'static,
    failed: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="figure-export" role="group" aria-label="Download this figure">
            <button type="button" class="secondary small" data-testid="export-svg" on:click=on_svg
                title="Download this figure as SVG (vector, for slides)">"SVG"</button>
            <button type="button" class="secondary small" data-testid="export-png" on:click=on_png
                title="Download this figure as PNG at twice the size">"PNG (2x)"</button>
            {move || failed.get().map(|e| view! { <span class="error-note">"Export failed: " {e}</span> })}
        </div>
    }
}
