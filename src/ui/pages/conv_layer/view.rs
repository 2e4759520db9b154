//! The figures of `/conv-layer`: the two terminologies, the kernel cells, and the four panels
//! (input, convolution, detector, pooling). Hovering or tapping a pixel of a stage outlines the
//! window of the stage below that produced it and prints the arithmetic.

use crate::lessons::conv_layer::{
    conv_arithmetic, conv_window, pool_arithmetic, pool_window, shape_string, ConvGeom, Kernel,
    Map, PoolSpec, Stages, Window,
};
use crate::ui::viz::maps::{draw_map, MapCanvas, Scale};
use leptos::prelude::*;

/// Everything the panels draw: the input photograph, the stage outputs and the geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerView {
    pub input: Map,
    pub stages: Stages,
    pub geom: ConvGeom,
    pub pool: PoolSpec,
}

/// "Complex layer" and "simple layer" terminology: the same figure labelled two ways
/// (Goodfellow et al., *Deep Learning*, Fig. 9.7).
#[component]
pub fn Terminology() -> impl IntoView {
    view! {
        <div class="terminology" data-testid="terminology">
            <div class="term-row">
                <span class="term-name">"Complex layer terminology"</span>
                <div class="term-flow">
                    <span class="term-box io">"Input"</span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-group">
                        <span class="term-group-label">"Convolutional layer"</span>
                        <span class="term-box">"Convolution stage (affine)"</span>
                        <span class="term-box">"Detector stage (ReLU)"</span>
                        <span class="term-box">"Pooling stage"</span>
                    </span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-box io">"Next layer"</span>
                </div>
            </div>
            <div class="term-row">
                <span class="term-name">"Simple layer terminology"</span>
                <div class="term-flow">
                    <span class="term-box io">"Input"</span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-box layer">"Convolution layer"</span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-box layer">"Detector layer"</span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-box layer">"Pooling layer"</span>
                    <span class="term-arrow" aria-hidden="true">"→"</span>
                    <span class="term-box io">"Next layer"</span>
                </div>
            </div>
        </div>
    }
}

/// The kernel's cells as number inputs; a committed edit (Enter or leaving the cell) turns the
/// kernel into a custom one and reports its URL form (comma-separated values).
#[component]
pub fn KernelGrid(kernel: Kernel, on_change: Callback<String>) -> impl IntoView {
    let size = kernel.size;
    let values = StoredValue::new(kernel.values.clone());
    let cells = kernel
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let commit = move |e: leptos::ev::Event| {
                let Ok(x) = event_target_value(&e).trim().parse::<f32>() else {
                    return;
                };
                if !x.is_finite() {
                    return;
                }
                values.update_value(|vals| vals[i] = x);
                let text: Vec<String> = values.get_value().iter().map(f32::to_string).collect();
                on_change.run(text.join(","));
            };
            view! {
                <input
                    type="number"
                    step="0.1"
                    class="kernel-cell"
                    data-testid="kernel-cell"
                    aria-label=format!("kernel row {} column {}", i / size + 1, i % size + 1)
                    value=format!("{}", (v * 1000.0).round() / 1000.0)
                    on:change=commit
                />
            }
        })
        .collect_view();
    view! {
        <div class="kernel-grid" style=format!("--k: {size}") data-testid="kernel-grid">
            {cells}
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Input,
    Conv,
    Detector,
    Pool,
}

const STAGES: [Stage; 4] = [Stage::Input, Stage::Conv, Stage::Detector, Stage::Pool];

impl Stage {
    fn title(self) -> &'static str {
        match self {
            Stage::Input => "Input photograph",
            Stage::Conv => "Convolution stage (affine)",
            Stage::Detector => "Detector stage (ReLU)",
            Stage::Pool => "Pooling stage",
        }
    }
    fn testid(self) -> &'static str {
        match self {
            Stage::Input => "stage-input",
            Stage::Conv => "stage-conv",
            Stage::Detector => "stage-detector",
            Stage::Pool => "stage-pool",
        }
    }
    fn map(self, v: &LayerView) -> &Map {
        match self {
            Stage::Input => &v.input,
            Stage::Conv => &v.stages.conv,
            Stage::Detector => &v.stages.detector,
            Stage::Pool => &v.stages.pooled,
        }
    }
    fn scale(self) -> Scale {
        match self {
            Stage::Input => Scale::Unit,
            Stage::Conv => Scale::Signed,
            _ => Scale::ToMax,
        }
    }
    fn note(self) -> &'static str {
        match self {
            Stage::Input => "brightness 0 (black) to 1 (white)",
            Stage::Conv => "grey = 0, white = positive, black = negative",
            Stage::Detector => "negatives set to 0; black = 0",
            Stage::Pool => "one value per pool window",
        }
    }
}

/// A hovered pixel: its stage and position.
type Hover = Option<(Stage, usize, usize)>;

/// The windows to outline on panel `panel` for the hovered pixel: the pixel itself and, on the
/// stage below it, the window that produced it.
fn outlines(v: &LayerView, hover: Hover, panel: Stage) -> Vec<(Window, &'static str)> {
    let Some((stage, r, c)) = hover else {
        return Vec::new();
    };
    let one = |r: usize, c: usize| Window {
        rows: (r as i64, r as i64),
        cols: (c as i64, c as i64),
    };
    let mut out = Vec::new();
    if panel == stage {
        out.push((one(r, c), "hl-pixel"));
    }
    let source = match stage {
        Stage::Input => None,
        Stage::Conv => Some((
            Stage::Input,
            conv_window((r, c), v.stages.kernel.size, v.geom),
        )),
        Stage::Detector => Some((Stage::Conv, one(r, c))),
        Stage::Pool => Some((Stage::Detector, pool_window((r, c), v.pool))),
    };
    if let Some((s, w)) = source {
        if s == panel {
            out.push((w, "hl-window"));
        }
    }
    out
}

fn arithmetic(v: &LayerView, hover: Hover) -> String {
    let Some((stage, r, c)) = hover else {
        return "Hover over (or tap) a pixel of a stage to see how it was computed.".into();
    };
    let at = (r, c);
    match stage {
        Stage::Input => format!("Input pixel ({r}, {c}) = {:.2}", v.input[at]),
        Stage::Conv => format!(
            "Convolution output ({r}, {c}) = {}",
            conv_arithmetic(&v.input, &v.stages.kernel, v.geom, at)
        ),
        Stage::Detector => format!(
            "Detector output ({r}, {c}) = max(0, {:.2}) = {:.2}",
            v.stages.conv[at], v.stages.detector[at]
        ),
        Stage::Pool => format!(
            "Pooling output ({r}, {c}) = {}",
            pool_arithmetic(&v.stages.detector, v.pool, at)
        ),
    }
}

/// The four panels with their shapes, the outlines and the arithmetic.
#[component]
pub fn StagePanels(stages: Memo<Option<Result<LayerView, String>>>) -> impl IntoView {
    let ok = move || stages.get().and_then(|r| r.ok());
    let hover = RwSignal::new(None::<(Stage, usize, usize)>);
    // A new image or new settings move the maps: drop a stale hover.
    Effect::new(move |_| {
        let _ = stages.get();
        hover.set(None);
    });
    let panel = move |stage: Stage| {
        // Leptos delegates pointer events, so `current_target` is not this element: use a ref.
        let wrap = NodeRef::<leptos::html::Div>::new();
        let on_point = move |e: web_sys::PointerEvent| {
            let Some(v) = ok() else { return };
            let (h, w) = stage.map(&v).dim();
            let Some(el) = wrap.get() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.width() <= 0.0 || rect.height() <= 0.0 {
                return;
            }
            let fx = (f64::from(e.client_x()) - rect.left()) / rect.width();
            let fy = (f64::from(e.client_y()) - rect.top()) / rect.height();
            let c = ((fx * w as f64).floor().max(0.0) as usize).min(w.saturating_sub(1));
            let r = ((fy * h as f64).floor().max(0.0) as usize).min(h.saturating_sub(1));
            hover.set(Some((stage, r, c)));
        };
        // Keyboard: arrow keys move the picked pixel within this stage.
        let on_key = move |e: leptos::ev::KeyboardEvent| {
            let Some(v) = ok() else { return };
            let (h, w) = stage.map(&v).dim();
            let (dr, dc) = match e.key().as_str() {
                "ArrowUp" => (-1, 0),
                "ArrowDown" => (1, 0),
                "ArrowLeft" => (0, -1),
                "ArrowRight" => (0, 1),
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            let (r, c) = match hover.get_untracked() {
                Some((s, r, c)) if s == stage => (r as i64 + dr, c as i64 + dc),
                _ => (h as i64 / 2, w as i64 / 2),
            };
            let r = r.clamp(0, h as i64 - 1) as usize;
            let c = c.clamp(0, w as i64 - 1) as usize;
            hover.set(Some((stage, r, c)));
        };
        let boxes = move || {
            let Some(v) = ok() else {
                return Vec::new();
            };
            let (h, w) = stage.map(&v).dim();
            outlines(&v, hover.get(), stage)
                .into_iter()
                .map(|(win, class)| {
                    let pct = |a: i64, n: usize| a as f64 / n.max(1) as f64 * 100.0;
                    let style = format!(
                        "left: {:.3}%; top: {:.3}%; width: {:.3}%; height: {:.3}%",
                        pct(win.cols.0, w),
                        pct(win.rows.0, h),
                        pct(win.cols.1 - win.cols.0 + 1, w),
                        pct(win.rows.1 - win.rows.0 + 1, h)
                    );
                    view! { <div class=format!("hl {class}") style=style></div> }
                })
                .collect::<Vec<_>>()
        };
        let shape = move || {
            ok().map(|v| shape_string(stage.map(&v).dim()))
                .unwrap_or_default()
        };
        view! {
            <figure class="stage-panel">
                <figcaption>
                    <strong>{stage.title()}</strong>
                    " "
                    <span class="stage-shape" data-testid=format!("{}-shape", stage.testid())>{shape}</span>
                </figcaption>
                <div
                    class="stage-canvas-wrap"
                    node_ref=wrap
                    tabindex="0"
                    aria-label=format!("{}: arrow keys pick a pixel", stage.title())
                    on:pointermove=on_point
                    on:pointerdown=on_point
                    on:keydown=on_key
                >
                    <MapCanvas
                        testid=stage.testid()
                        label=Signal::derive(move || format!("{}: {}", stage.title(), shape()))
                        draw=move |c| {
                            if let Some(v) = ok() {
                                draw_map(c, stage.map(&v), stage.scale());
                            }
                        }
                    />
                    {boxes}
                </div>
                <p class="caption">{stage.note()}</p>
            </figure>
        }
    };
    view! {
        <div class="stage-grid">{STAGES.iter().map(|&s| panel(s)).collect_view()}</div>
        <p class="arithmetic" data-testid="arithmetic" aria-live="polite">
            {move || ok().map(|v| arithmetic(&v, hover.get())).unwrap_or_default()}
        </p>
    }
}
