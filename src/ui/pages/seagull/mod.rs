//! `/seagull`: "Seagull = ?" A conv detector (the matched filter of `lessons::seagull`, run by
//! the engine) gives a feature map that moves with the gull; global max pooling gives one
//! "seagull present" score that stays when the gull moves and drops when it is removed.
//! The gull is dragged with the mouse or a finger, or moved with the arrow keys when focused.

use crate::catalog::Lesson;
use crate::lessons::conv_layer::{EngineOps, Map};
use crate::lessons::pool_pages::SeagullState;
use crate::lessons::seagull::{
    self, Detection, EXPLANATION, MAP_OFFSET, SCENE_H, SCENE_W, THRESHOLD,
};
use crate::ui::components::{ErrorNote, KeyFigure, LessonFrame, RevealCard};
use crate::ui::present::use_presenter;
use crate::ui::url_state::use_url_state;
use crate::ui::viz::maps::context;
use leptos::prelude::*;
use wasm_bindgen::{Clamped, JsCast};

/// Scene brightness to a sky/sea tint (blue-ish grey); the gull is simply darker.
fn scene_rgba(scene: &Map) -> Vec<u8> {
    let mut out = Vec::with_capacity(scene.len() * 4);
    for &v in scene.iter() {
        let v = v.clamp(0.0, 1.0);
        out.extend_from_slice(&[(v * 200.0) as u8, (v * 230.0) as u8, (v * 255.0) as u8, 255]);
    }
    out
}

/// Feature values on a fixed 0..1 scale (a whole gull gives 1), black -> purple -> orange ->
/// yellow, so an empty scene stays dark instead of being stretched to look busy.
fn heat_rgba(map: &Map) -> Vec<u8> {
    const STOPS: [(f32, [f32; 3]); 4] = [
        (0.0, [0.0, 0.0, 0.0]),
        (0.35, [120.0, 28.0, 109.0]),
        (0.7, [237.0, 105.0, 37.0]),
        (1.0, [252.0, 255.0, 164.0]),
    ];
    let mut out = Vec::with_capacity(map.len() * 4);
    for &v in map.iter() {
        let t = v.clamp(0.0, 1.0);
        let i = STOPS
            .iter()
            .rposition(|s| s.0 <= t)
            .unwrap_or(0)
            .min(STOPS.len() - 2);
        let (a, b) = (STOPS[i], STOPS[i + 1]);
        let f = (t - a.0) / (b.0 - a.0);
        for ch in 0..3 {
            out.push((a.1[ch] + f * (b.1[ch] - a.1[ch])) as u8);
        }
        out.push(255);
    }
    out
}

fn put(canvas: &web_sys::HtmlCanvasElement, (h, w): (usize, usize), rgba: &[u8]) {
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let Some(ctx) = context(canvas) else { return };
    if let Ok(img) =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}

fn pct(v: f64, n: usize) -> f64 {
    v / n as f64 * 100.0
}

/// Which of the (up to) two gulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gull {
    One,
    Two,
}

impl Gull {
    fn pos(self, s: &SeagullState) -> (i64, i64) {
        match self {
            Gull::One => (s.x, s.y),
            Gull::Two => (s.x2, s.y2),
        }
    }
    fn present(self, s: &SeagullState) -> bool {
        match self {
            Gull::One => s.gull,
            Gull::Two => s.gull2,
        }
    }
    fn set_present(self, s: &mut SeagullState, on: bool) {
        match self {
            Gull::One => s.gull = on,
            Gull::Two => s.gull2 = on,
        }
    }
    /// Moves the gull to `(x, y)` (clamped to the scene) and puts it in the scene.
    fn place(self, s: &mut SeagullState, x: i64, y: i64) {
        let (x, y) = (
            x.clamp(0, SCENE_W as i64 - 1),
            y.clamp(0, SCENE_H as i64 - 1),
        );
        match self {
            Gull::One => (s.x, s.y) = (x, y),
            Gull::Two => (s.x2, s.y2) = (x, y),
        }
        self.set_present(s, true);
    }
    fn id(self) -> &'static str {
        match self {
            Gull::One => "seagull-handle",
            Gull::Two => "seagull-handle-2",
        }
    }
    fn testid(self) -> &'static str {
        match self {
            Gull::One => "seagull",
            Gull::Two => "seagull-2",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Gull::One => "Seagull",
            Gull::Two => "Second seagull",
        }
    }
}

/// The gull a press at `(x, y)` grabs: the nearest one in the scene, else the first.
fn nearest(s: &SeagullState, x: i64, y: i64) -> Gull {
    let d = |g: Gull| {
        let (gx, gy) = g.pos(s);
        (gx - x).pow(2) + (gy - y).pow(2)
    };
    match (s.gull, s.gull2) {
        (true, true) if d(Gull::Two) < d(Gull::One) => Gull::Two,
        (false, true) => Gull::Two,
        _ => Gull::One,
    }
}

fn focus_handle(which: Gull) {
    if let Some(g) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(which.id()))
        .and_then(|g| g.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = g.focus();
    }
}

#[component]
pub fn SeagullPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<SeagullState>();
    let presenter = use_presenter();
    // Beats: 1 reveals the answer, 2 moves the gull near the edge, 3 removes it.
    presenter.register_beat(3);
    Effect::new(move |prev: Option<u32>| {
        let step = presenter.step.get();
        if presenter.enabled.get() && prev.is_some_and(|p| p != step) {
            match step {
                2 => state.update(|s| {
                    s.gull = true;
                    s.x = 16;
                    s.y = 10;
                }),
                3 => state.update(|s| s.gull = false),
                _ => {}
            }
        }
        step
    });

    let result = Memo::new(move |_| -> Result<(Map, Detection), String> {
        let st = state.get();
        let scene = seagull::compose(u64::from(st.seed), &st.gulls());
        seagull::detect(&EngineOps, &scene)
            .map(|d| (scene, d))
            .map_err(|e| e.to_string())
    });
    let ok = move || result.get().ok();
    let score = Signal::derive(move || {
        ok().map(|(_, d)| d.present_score.to_string())
            .unwrap_or_default()
    });
    let score_text = Signal::derive(move || {
        ok().map(|(_, d)| {
            let verdict = if d.present {
                "seagull present"
            } else {
                "no seagull"
            };
            format!("{:.2} ({verdict})", d.present_score)
        })
        .unwrap_or_else(|| "–".into())
    });
    let peak = move || ok().map(|(_, d)| d.peak);

    let scene_ref = NodeRef::<leptos::html::Canvas>::new();
    let heat_ref = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        if let (Some(c), Some((scene, _))) = (scene_ref.get(), ok()) {
            put(&c, scene.dim(), &scene_rgba(&scene));
        }
    });
    Effect::new(move |_| {
        if let (Some(c), Some((_, d))) = (heat_ref.get(), ok()) {
            put(&c, d.feature_map.dim(), &heat_rgba(&d.feature_map));
        }
    });

    // Dragging: pointer capture on the scene; the gull nearest the press follows the pointer.
    let dragging = RwSignal::new(None::<Gull>);
    let scene_wrap = NodeRef::<leptos::html::Div>::new();
    let cell_at = move |e: &web_sys::PointerEvent| -> Option<(i64, i64)> {
        let rect = scene_wrap.get_untracked()?.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let fx = (f64::from(e.client_x()) - rect.left()) / rect.width();
        let fy = (f64::from(e.client_y()) - rect.top()) / rect.height();
        let x = ((fx * SCENE_W as f64).floor() as i64).clamp(0, SCENE_W as i64 - 1);
        let y = ((fy * SCENE_H as f64).floor() as i64).clamp(0, SCENE_H as i64 - 1);
        Some((x, y))
    };
    let on_down = move |e: web_sys::PointerEvent| {
        let Some((x, y)) = cell_at(&e) else { return };
        e.prevent_default();
        // Leptos delegates pointer events (`current_target` is not the scene): use the ref.
        if let Some(t) = scene_wrap.get_untracked() {
            let _ = t.set_pointer_capture(e.pointer_id());
        }
        let which = nearest(&state.get_untracked(), x, y);
        dragging.set(Some(which));
        state.update(|s| which.place(s, x, y));
        focus_handle(which);
    };
    let on_move = move |e: web_sys::PointerEvent| {
        if let (Some(which), Some((x, y))) = (dragging.get_untracked(), cell_at(&e)) {
            state.update(|s| which.place(s, x, y));
        }
    };
    let on_up = move |_e: web_sys::PointerEvent| dragging.set(None);
    let handle = move |which: Gull| {
        let on_key = move |e: leptos::ev::KeyboardEvent| {
            let step = if e.shift_key() { 4 } else { 1 };
            let (dx, dy) = match e.key().as_str() {
                "ArrowLeft" => (-step, 0),
                "ArrowRight" => (step, 0),
                "ArrowUp" => (0, -step),
                "ArrowDown" => (0, step),
                "Delete" | "Backspace" => {
                    state.update(|s| which.set_present(s, false));
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            state.update(|s| {
                let (x, y) = which.pos(s);
                which.place(s, x + dx, y + dy);
            });
        };
        let style = move || {
            let (x, y) = which.pos(&state.get());
            format!(
                "left: {:.3}%; top: {:.3}%",
                pct(x as f64 + 0.5, SCENE_W),
                pct(y as f64 + 0.5, SCENE_H)
            )
        };
        view! {
            <Show when=move || which.present(&state.get())>
                <div
                    id=which.id()
                    class="gull-handle"
                    tabindex="0"
                    role="slider"
                    data-testid=which.testid()
                    style=style
                    on:keydown=on_key
                    aria-label=format!("{}: arrow keys move it, Delete removes it", which.name())
                    aria-valuetext=move || {
                        let (x, y) = which.pos(&state.get());
                        format!("column {x}, row {y}")
                    }
                ></div>
            </Show>
        }
    };
    let (map_h, map_w) = (SCENE_H - 2 * MAP_OFFSET.0, SCENE_W - 2 * MAP_OFFSET.1);
    let peak_style = move || {
        peak().map(|(r, c)| {
            format!(
                "left: {:.3}%; top: {:.3}%",
                pct((c - MAP_OFFSET.1) as f64 + 0.5, map_w),
                pct((r - MAP_OFFSET.0) as f64 + 0.5, map_h)
            )
        })
    };
    let where_text = move || match ok() {
        Some((_, d)) if d.present => format!(
            "Strongest response at column {}, row {}: it moves with the gull.",
            d.peak.1, d.peak.0
        ),
        Some(_) => "No strong response anywhere: the map is dark.".to_string(),
        None => String::new(),
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p>
                "Drag the seagull (mouse or finger; a tap anywhere in the scene puts it there), or focus it and use the arrow keys (Shift: 4 at a time). "
                "The scene is drawn by this page (sky, sea and a little seeded noise), not a photograph."
            </p>
            {move || result.get().err().map(|e| view! { <ErrorNote message=e /> })}
            <div class="gull-grid">
                <figure class="gull-panel">
                    <figcaption><strong>"The scene"</strong> " (" {SCENE_W} "x" {SCENE_H} " pixels)"</figcaption>
                    <div class="gull-scene" node_ref=scene_wrap on:pointerdown=on_down on:pointermove=on_move
                        on:pointerup=on_up on:pointercancel=on_up data-testid="gull-scene">
                        <canvas node_ref=scene_ref class="gull-canvas" role="img"
                            aria-label="Sky above a sea, with the seagull if present"></canvas>
                        {handle(Gull::One)}
                        {handle(Gull::Two)}
                    </div>
                    <div class="gull-buttons">
                        <button data-testid="toggle-gull" on:click=move |_| state.update(|s| s.gull = !s.gull)>
                            {move || if state.get().gull { "Remove the seagull" } else { "Put the seagull back" }}
                        </button>
                        <button class="small" data-testid="toggle-gull-2" on:click=move |_| state.update(|s| s.gull2 = !s.gull2)>
                            {move || if state.get().gull2 { "Remove the second gull" } else { "Add a second gull" }}
                        </button>
                        <button class="small" data-testid="centre-gull" on:click=move |_| state.update(|s| {
                            s.x = SCENE_W as i64 / 2; s.y = 14; s.gull = true;
                        })>"Back to the centre"</button>
                        <button class="small" data-testid="new-sky" on:click=move |_| state.update(|s| {
                            s.seed = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
                        })>"New noise (seed)"</button>
                    </div>
                </figure>
                <figure class="gull-panel">
                    <figcaption><strong>"Feature map"</strong> ": ReLU(detector ⋆ scene), " {map_w} "x" {map_h}</figcaption>
                    <div class="gull-heat">
                        <canvas node_ref=heat_ref class="gull-canvas" role="img" data-testid="feature-map"
                            aria-label="Heat map of the detector's output"></canvas>
                        {move || peak_style().filter(|_| ok().is_some_and(|(_, d)| d.present))
                            .map(|s| view! { <div class="peak-ring" style=s data-testid="peak"></div> })}
                    </div>
                    <p class="caption">"Black = 0, yellow = 1 (a whole gull). The ring marks the maximum."</p>
                </figure>
            </div>
            <div class="gull-statements">
                <div class="statement">
                    <h3>"Where is it? The feature map knows"</h3>
                    <p data-testid="where">{where_text}</p>
                </div>
                <div class="statement">
                    <h3>"Is there one? Global max pooling says"</h3>
                    <KeyFigure testid="present-score" label="Seagull present score (max of the map)" value=score text=score_text />
                    <p class="caption">{format!("Above {THRESHOLD} counts as present. Move the gull: the score stays. Remove it: the score drops.")}</p>
                </div>
            </div>
            <RevealCard question="Seagull = ?" beat=1>
                <p>
                    "A CNN with pooling can tell " <strong>"whether"</strong> " seagulls are present, not " <strong>"where"</strong>
                    ": a gull in the centre and a gull near the edge give the same answer. The convolution is equivariant "
                    "(the map moves with the gull), the global pooling makes the answer invariant to where it is."
                </p>
            </RevealCard>
            <details class="gull-detector">
                <summary>"How the detector works"</summary>
                <p>{EXPLANATION}</p>
            </details>
        </LessonFrame>
    }
}
