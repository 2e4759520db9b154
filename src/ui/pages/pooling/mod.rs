//! `/pooling`: "Q: max or average pooling?" A detector row and its pooling row, shifted by 1..3
//! positions; every changed value is marked and counted. The pooled values come from the
//! engine's pooling kernel (`engine::lesson_api::pool1d`); the 2-D view is in `pooling_2d`.

mod mnist_2d;
mod stages;

use crate::catalog::Lesson;
use crate::engine::lesson_api;
use crate::lessons::pool_pages::{read_values, PoolingState};
use crate::lessons::pooling::{self, changed, PoolMode, ShiftResult, MAX_SHIFT, MAX_UNITS};
use crate::ui::components::{Choice, ErrorNote, IntSlider, KeyFigure, LessonFrame, RevealCard};
use crate::ui::present::use_presenter;
use crate::ui::url_state::use_url_state;
use leptos::prelude::*;
use mnist_2d::Mnist2d;
use stages::{Panel, StagesSvg};

const MODES: &[(&str, &str)] = &[("max", "Max pooling"), ("avg", "Average pooling")];

/// The pure run, with the pooled rows recomputed by the engine's kernel (what the page shows).
fn compute(st: &PoolingState) -> Result<ShiftResult, String> {
    let params = st.params();
    let mut r = pooling::run(&params).map_err(|e| e.to_string())?;
    let mode = match params.mode {
        PoolMode::Max => lesson_api::PoolMode::Max,
        PoolMode::Avg => lesson_api::PoolMode::Avg,
    };
    let engine = |x: &[f32]| lesson_api::pool1d(x, params.w, params.s, mode);
    r.pooled_before = engine(&r.before).map_err(|e| e.to_string())?;
    r.pooled_after = engine(&r.after).map_err(|e| e.to_string())?;
    r.pool_flags = changed(&r.pooled_before, &r.pooled_after);
    r.pool_changed = r.pool_flags.iter().filter(|&&f| f).count();
    r.pool_count = r.pooled_before.len();
    Ok(r)
}

fn new_seed() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

#[component]
pub fn PoolingPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<PoolingState>();
    let presenter = use_presenter();
    // Beats: 1 shows the shifted input, 2 reveals the answer (the RevealCard's).
    presenter.register_beat(2);
    // Bumped by "Play the shift" to replay the animation.
    let replay = RwSignal::new(0u32);

    let result = Memo::new(move |_| state.with(compute));
    let ok = move || result.get().ok();
    let fig = move |f: fn(&ShiftResult) -> usize| {
        Signal::derive(move || ok().map(|r| f(&r).to_string()).unwrap_or_default())
    };
    let show_after = move || !presenter.enabled.get() || presenter.step.get() >= 1;

    let set =
        move |f: fn(&mut PoolingState, i64)| Callback::new(move |v: i64| state.update(|s| f(s, v)));
    let on_n = Callback::new(move |v: i64| {
        state.update(|s| {
            s.clear_values();
            s.n = v;
            s.w = s.w.min(v);
        })
    });
    let on_mode = Callback::new(move |m: String| {
        if let Some(m) = PoolMode::from_id(&m) {
            state.update(|s| s.mode = m)
        }
    });
    let new_input = move |_| {
        state.update(|s| {
            s.clear_values();
            s.seed = new_seed();
        });
    };
    let step_shift = move |d: i64| {
        state.update(|s| s.shift = (s.shift + d).clamp(-(MAX_SHIFT as i64), MAX_SHIFT as i64));
        replay.update(|r| *r += 1);
    };

    // Typing values.
    let draft = RwSignal::new(String::new());
    let draft_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(r) = ok() {
            let text: Vec<String> = r.before.iter().map(|v| format!("{v}")).collect();
            draft.set(text.join(", "));
        }
    });
    let apply_values = move || {
        let text = draft.get_untracked();
        let (parsed, msgs) = read_values(Some(&text));
        if parsed.is_some() {
            state.update(|s| {
                s.set_values(&text);
            });
        }
        draft_error.set(msgs.first().map(|n| n.message.clone()));
    };

    let run_notes = move || ok().map(|r| r.notes).unwrap_or_default();
    let sentence = move || {
        let st = state.get();
        ok().map(|r| pooling::sentence(&r, st.shift, st.pool_mode()))
            .unwrap_or_default()
    };
    // The answer measured on the page's own input: both modes on the same row and shift.
    let read_figure = move || {
        let st = state.get();
        let mut max = st.clone();
        max.mode = PoolMode::Max;
        compute(&max)
            .map(|r| pooling::read_the_figure(&r, st.shift))
            .unwrap_or_default()
    };
    let both_modes = move || {
        let st = state.get();
        if st.shift == 0 {
            return "Shift the input (→) to compare the two modes on it.".to_string();
        }
        let run = |mode: PoolMode| {
            let mut s = st.clone();
            s.mode = mode;
            compute(&s).ok()
        };
        match (run(PoolMode::Max), run(PoolMode::Avg)) {
            (Some(m), Some(a)) => format!(
                "On this input, shifted by {}: {} of {} detector values change; max pooling \
                 changes {} of its {} outputs, average pooling {} of {}.",
                st.shift.abs(),
                m.detector_changed,
                m.detector_count,
                m.pool_changed,
                m.pool_count,
                a.pool_changed,
                a.pool_count
            ),
            _ => String::new(),
        }
    };
    let shift_words = move || {
        let t = state.get().shift;
        match t {
            0 => "not shifted".to_string(),
            t if t > 0 => format!("shifted {t} to the right"),
            t => format!("shifted {} to the left", -t),
        }
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid">
                <div class="pool-main">
                    <p>
                        "The detector stage holds values after the nonlinearity. Each pooling unit reports the "
                        <strong>"max"</strong> " (or the mean) of the " <em>"w"</em> " detector units below it. "
                        "Translate the input and compare the two pictures: marked boxes (thick outline and "
                        <strong>"Δ"</strong> ") changed."
                    </p>
                    {move || match result.get() {
                        Err(e) => view! { <ErrorNote message=e /> }.into_any(),
                        Ok(r) => {
                            let shift = state.get().shift;
                            let _ = replay.get();
                            let animate = !crate::ui::viz::reduced_motion();
                            view! {
                                <figure class="figure-box pool-figure">
                                    <figcaption class="caption">"Before the shift"</figcaption>
                                    <StagesSvg r=r.clone() panel=Panel::Before shift=shift animate=false />
                                </figure>
                                <Show when=show_after fallback=|| view! {
                                    <p class="caption">"Press → to translate the input."</p>
                                }>
                                    <figure class="figure-box pool-figure">
                                        <figcaption class="caption">
                                            "After: the input " {shift_words} " (dashed boxes received values from outside the view)"
                                        </figcaption>
                                        <StagesSvg r=r.clone() panel=Panel::After shift=shift animate=animate />
                                    </figure>
                                </Show>
                            }
                            .into_any()
                        }
                    }}
                    <p class="pool-sentence" data-testid="pool-sentence">{sentence}</p>
                    <div class="figures">
                        <KeyFigure testid="detector-changed" label="Detector values changed" value=fig(|r| r.detector_changed) />
                        <KeyFigure testid="detector-count" label="Detector units" value=fig(|r| r.detector_count) />
                        <KeyFigure testid="pool-changed" label="Pooled values changed" value=fig(|r| r.pool_changed) />
                        <KeyFigure testid="pool-count" label="Pooling units" value=fig(|r| r.pool_count) />
                    </div>
                    <Show when=move || !run_notes().is_empty()>
                        <ul class="run-notes" data-testid="run-notes">
                            {move || run_notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
                    </Show>
                    <RevealCard question="Q: max or average pooling?" beat=2>
                        <p data-testid="pool-read-figure">{read_figure}</p>
                        <p>"Switch the mode and compare the counts."</p>
                        <p data-testid="pool-both-modes">{both_modes}</p>
                    </RevealCard>
                </div>
                <aside class="controls" aria-label="Settings">
                    <div class="shift-buttons" role="group" aria-label="Translate the input">
                        <button data-testid="shift-left" on:click=move |_| step_shift(-1)>"◀ Left"</button>
                        <button data-testid="shift-right" on:click=move |_| step_shift(1)>"Right ▶"</button>
                        <button class="small" data-testid="replay" on:click=move |_| replay.update(|r| *r += 1)>"Play the shift"</button>
                    </div>
                    <IntSlider label="Translate by (− left, + right)" name="shift" value=Signal::derive(move || state.get().shift)
                        min=-(MAX_SHIFT as i64) max=MAX_SHIFT as i64 on_change=set(|s, v| s.shift = v) />
                    <Choice label="Pooling" options=MODES value=Signal::derive(move || state.get().mode.id().to_string()) on_change=on_mode name="mode" />
                    <IntSlider label="Detector units n" name="n" value=Signal::derive(move || state.get().n)
                        min=1 max=MAX_UNITS as i64 on_change=on_n />
                    <IntSlider label="Pool width w" name="w" value=Signal::derive(move || state.get().w)
                        min=1 max=Signal::derive(move || state.get().n) on_change=set(|s, v| s.w = v) />
                    <IntSlider label="Pool stride s" name="s" value=Signal::derive(move || state.get().s)
                        min=1 max=Signal::derive(move || state.get().n.max(1)) on_change=set(|s, v| s.s = v) />
                    <button data-testid="new-input" on:click=new_input>"New random input"</button>
                    <p class="caption">"Seed " <code data-testid="seed">{move || state.get().seed}</code></p>
                    <label class="values-editor">
                        <span class="slider-label">"Type the detector values (≥ 0, comma-separated)"</span>
                        <input type="text" data-testid="values-input" inputmode="decimal"
                            prop:value=move || draft.get()
                            on:input=move |e| draft.set(event_target_value(&e))
                            on:keydown=move |e: leptos::ev::KeyboardEvent| if e.key() == "Enter" { apply_values() } />
                    </label>
                    <button class="small" data-testid="values-apply" on:click=move |_| apply_values()>"Use these values"</button>
                    {move || draft_error.get().map(|m| view! { <p class="caption field-error" role="alert">{m}</p> })}
                </aside>
            </div>
            <Mnist2d state=state />
        </LessonFrame>
    }
}
