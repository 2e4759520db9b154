//! `/parameter-sharing` (lecture section 5): the conv layer of `/connectivity` with each weight
//! in its own colour; hover a weight to see every arrow that uses it, hover an output for its
//! equation; locally connected vs shared; what the counts become for a 2-D image.

use crate::catalog::Lesson;
use crate::lessons::connectivity::Connectivity;
use crate::lessons::sharing::{counts_2d, equation, Sharing};
use crate::lessons::sparse_pages::SharingState;
use crate::ui::components::{Choice, ErrorNote, IntSlider, LessonFrame, RevealCard};
use crate::ui::url_state::use_url_state;
use crate::ui::viz::layer_views::{conv_model, light, Count, LayerSliders};
use crate::ui::viz::network::{Lit, NetDiagram, Pick, Row};
use crate::ui::viz::{thousands, tone};
use leptos::prelude::*;

/// A weight: its tap t (0-based) and, when not shared, the output it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Weight {
    tap: usize,
    output: Option<usize>,
}

#[component]
pub fn SharingPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<SharingState>();
    let hover_out = RwSignal::new(None::<usize>);
    let hover_w = RwSignal::new(None::<Weight>);
    let layer = Memo::new(move |_| Connectivity::new(state.get().params()));
    let mode = Memo::new(move |_| state.get().mode);
    let model = Memo::new(move |_| {
        let shared = mode.get() == Sharing::Shared;
        layer.with(|l| {
            l.as_ref()
                .map(|c| conv_model(c, |_, a| shared.then_some(a.weight)))
                .unwrap_or_default()
        })
    });
    // The weight in focus (hovered, else pinned) and the output in focus.
    let weight = Memo::new(move |_| {
        hover_w.get().or_else(|| {
            let s = state.get();
            (s.w > 0).then(|| Weight {
                tap: s.w - 1,
                output: (s.mode == Sharing::Local && s.sj > 0).then(|| s.sj - 1),
            })
        })
    });
    let output = Memo::new(move |_| {
        hover_out
            .get()
            .or_else(|| (state.get().sj > 0).then(|| state.get().sj - 1))
    });
    let lit = Signal::derive(move || match weight.get() {
        Some(w) => light_weight(&layer.get(), w, model.with(|m| m.arrows.len())),
        None => model.with(|m| light(m, 0, output.get().map_or(0, |j| j + 1))),
    });
    let on_pick = Callback::new(move |(pick, toggle): (Pick, bool)| {
        if pick.row == Row::Output {
            state.update(|s| {
                let again = s.sj == pick.index + 1;
                s.sj = if again && toggle { 0 } else { pick.index + 1 };
                s.w = 0;
            });
        }
    });
    let on_hover = Callback::new(move |j: Option<usize>| hover_out.set(j));
    let on_hover_arrow = Callback::new(move |a: Option<usize>| {
        let w =
            a.and_then(|a| layer.with(|l| l.as_ref().ok().and_then(|c| c.arrows.get(a).copied())));
        hover_w.set(w.map(|arrow| Weight {
            tap: arrow.weight,
            output: (mode.get_untracked() == Sharing::Local).then_some(arrow.output),
        }));
    });
    let on_move = Callback::new(move |(name, v): (&'static str, usize)| {
        state.update(|s| *s = s.with_slider(name, v))
    });
    let counts = Memo::new(move |_| layer.with(|l| l.as_ref().ok().map(|c| c.counts())));
    let count = move |f: fn(&crate::lessons::connectivity::Counts) -> usize| {
        Signal::derive(move || counts.get().map_or(0, |c| f(&c)) as u64)
    };
    let shared_count = Signal::derive(move || state.get().k as u64);
    let label = Signal::derive(move || {
        let s = state.get();
        let (a, u) = counts
            .get()
            .map_or((0, 0), |c| (c.conv_arrows, c.unshared_weights));
        match s.mode {
            Sharing::Shared => format!(
                "Convolution: {a} arrows, coloured by which of the {} shared weights they use",
                s.k
            ),
            Sharing::Local => format!(
                "Locally connected layer: {a} arrows, each with its own weight ({u} weights)"
            ),
        }
    });
    let error = move || layer.with(|l| l.as_ref().err().map(|e| format!("No drawing: {e}.")));
    let mode_value = Signal::derive(move || match state.get().mode {
        Sharing::Shared => "shared".to_string(),
        Sharing::Local => "local".to_string(),
    });
    let set_mode = Callback::new(move |m: String| {
        state.update(|s| {
            s.mode = if m == "local" {
                Sharing::Local
            } else {
                Sharing::Shared
            };
            s.w = 0;
        })
    });

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid layer-grid">
                <div class="sparse-main">
                    <div class="figures">
                        <Count testid="dense-weights" label="dense" value=count(|c| c.dense_weights) />
                        <Count testid="unshared-weights" label="locally connected"
                            value=count(|c| c.unshared_weights) />
                        <Count testid="shared-weights" label="shared (conv)" value=shared_count />
                    </div>
                    <Choice label="Weights:" name="mode" value=mode_value on_change=set_mode
                        options=&[("local", "locally connected (no sharing)"), ("shared", "convolution (shared)")] />
                    {move || error().map(|m| view! { <ErrorNote message=m /> })}
                    <Show when=move || error().is_none()>
                        <figure class="figure-box">
                            <NetDiagram model=model.into() lit=lit label=label on_pick=on_pick
                                on_hover=on_hover on_hover_arrow=on_hover_arrow name="shared" />
                            <WeightChips state=state layer=layer weight=weight hover_w=hover_w />
                        </figure>
                    </Show>
                    <Equations state=state layer=layer output=output />
                </div>
                <aside class="controls" aria-label="Layer settings">
                    <LayerSliders layer=Signal::derive(move || state.get().layer()) on_move=on_move />
                    <button class="small secondary" on:click=move |_| state.set(crate::state::defaults())>
                        "Slide settings"
                    </button>
                </aside>
            </div>
            <RevealCard question="Q: how many weights does each layer need?" beat=1>
                <p class="formula">{move || weights_formula(&state.get(), counts.get())}</p>
                <p>"Sparse connectivity cuts the arrows; sharing cuts the weights to the kernel's k, "
                   "whatever the input size."</p>
            </RevealCard>
            <Counts2dPanel state=state />
        </LessonFrame>
    }
}

fn light_weight(
    layer: &Result<Connectivity, crate::lessons::connectivity::ConnectivityError>,
    w: Weight,
    arrows: usize,
) -> Lit {
    let Ok(c) = layer else { return Lit::default() };
    let mut lit = Lit {
        active: true,
        inputs: vec![false; c.params.n],
        ghosts: vec![false; 2 * c.params.p],
        outputs: vec![false; c.outputs],
        arrows: vec![false; arrows],
        selected: None,
    };
    for (i, a) in c.arrows.iter().enumerate() {
        if a.weight == w.tap && w.output.is_none_or(|o| o == a.output) {
            for (v, j) in [
                (&mut lit.arrows, i),
                (&mut lit.inputs, a.input),
                (&mut lit.outputs, a.output),
            ] {
                if let Some(b) = v.get_mut(j) {
                    *b = true;
                }
            }
        }
    }
    lit
}

fn weights_formula(s: &SharingState, c: Option<crate::lessons::connectivity::Counts>) -> String {
    let (m, a) = c.map_or((0, 0), |c| (c.outputs, c.conv_arrows));
    format!(
        "dense: n x m = {} x {m} = {}\nlocally connected: one per arrow = {a}\nshared: k = {}",
        s.n,
        s.n * m,
        s.k
    )
}

/// The weights as chips: k coloured chips when shared, one chip per arrow when not.
#[component]
fn WeightChips(
    state: RwSignal<SharingState>,
    layer: Memo<Result<Connectivity, crate::lessons::connectivity::ConnectivityError>>,
    weight: Memo<Option<Weight>>,
    hover_w: RwSignal<Option<Weight>>,
) -> impl IntoView {
    let chip = move |w: Weight, text: String, colour: Option<&'static str>| {
        let pressed = move || weight.get() == Some(w);
        let style = colour.map(|c| format!("--chip:{c}"));
        let testid = format!("chip-{text}");
        view! {
            <button class="chip" class:toned=colour.is_some() style=style
                aria-pressed=move || pressed().to_string()
                data-testid=testid
                on:mouseenter=move |_| hover_w.set(Some(w))
                on:mouseleave=move |_| hover_w.set(None)
                on:focus=move |_| hover_w.set(Some(w))
                on:blur=move |_| hover_w.set(None)
                on:click=move |_| state.update(|s| {
                    let same = s.w == w.tap + 1 && w.output.is_none_or(|o| s.sj == o + 1);
                    s.w = if same { 0 } else { w.tap + 1 };
                    if let Some(o) = w.output { s.sj = o + 1; }
                })>
                {text}
            </button>
        }
    };
    move || {
        let s = state.get();
        let Ok(c) = layer.get() else {
            return ().into_any();
        };
        match s.mode {
            Sharing::Shared => view! {
                <div class="chips" aria-label="The shared weights; hover or focus one">
                    {(0..s.k).map(|t| chip(Weight { tap: t, output: None }, format!("w{}", t + 1), Some(tone(t)))).collect_view()}
                </div>
            }
            .into_any(),
            Sharing::Local => view! {
                <div class="chips local" aria-label="One weight per arrow; hover or focus one">
                    {(0..c.outputs).map(|j| {
                        let taps: Vec<usize> = c.arrows.iter().filter(|a| a.output == j).map(|a| a.weight).collect();
                        view! {
                            <span class="chip-group">
                                {taps.into_iter().map(|t| chip(Weight { tap: t, output: Some(j) }, format!("w{},{}", j + 1, t + 1), None)).collect_view()}
                            </span>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any(),
        }
    }
}

/// The equation of the output in focus, its terms in their weights' colours, and every output's
/// compact equation as on the slide.
#[component]
fn Equations(
    state: RwSignal<SharingState>,
    layer: Memo<Result<Connectivity, crate::lessons::connectivity::ConnectivityError>>,
    output: Memo<Option<usize>>,
) -> impl IntoView {
    move || {
        let Ok(c) = layer.get() else {
            return ().into_any();
        };
        let mode = state.get().mode;
        let focus = output.get().filter(|&j| j < c.outputs);
        let main = focus.and_then(|j| equation(&c, j, mode).ok()).map(|eq| {
            let (lhs, rhs) = eq.expanded.split_once(" = ").unwrap_or(("", &eq.expanded));
            let terms = rhs
                .split(" + ")
                .enumerate()
                .map(|(t, term)| {
                    let style = (mode == Sharing::Shared).then(|| format!("color:{}", tone(t)));
                    view! { <span class="term" style=style>{term.replacen(' ', "·", 1)}</span> }
                })
                .collect::<Vec<_>>();
            let joined: Vec<AnyView> = terms
                .into_iter()
                .enumerate()
                .flat_map(|(i, v)| {
                    let plus = (i > 0).then(|| view! { <span>" + "</span> }.into_any());
                    plus.into_iter().chain(std::iter::once(v.into_any()))
                })
                .collect();
            view! {
                <p class="formula equation" data-testid="equation">{eq.compact.clone()}</p>
                <p class="formula equation">{format!("{lhs} = ")}{joined}</p>
            }
        });
        let all = (0..c.outputs.min(12))
            .filter_map(|j| equation(&c, j, mode).ok())
            .map(|eq| view! { <li><code>{eq.compact}</code></li> })
            .collect_view();
        let more = (c.outputs > 12).then(|| view! { <li>"…"</li> });
        view! {
            <section class="equations" aria-live="polite">
                <h2>"Each output is a dot product"</h2>
                {main.map(|m| m.into_any()).unwrap_or_else(|| view! {
                    <p class="caption">"Hover or focus an output s_j for its equation."</p>
                }.into_any())}
                <ul class="eq-list">{all}{more}</ul>
            </section>
        }
        .into_any()
    }
}

/// Dense vs locally connected vs shared for a square image.
#[component]
fn Counts2dPanel(state: RwSignal<SharingState>) -> impl IntoView {
    let counts = Memo::new(move |_| counts_2d(state.get().counts_2d_params()));
    let fig = move |f: fn(&crate::lessons::sharing::Counts2d) -> u64| {
        Signal::derive(move || counts.get().map_or(0, |c| f(&c)))
    };
    let value = move |f: fn(&SharingState) -> usize| Signal::derive(move || f(&state.get()) as i64);
    let max = move |i: usize| Signal::derive(move || state.get().ranges_2d()[i] as i64);
    let set = move |name: &'static str| {
        Callback::new(move |v: i64| state.update(|s| *s = s.with_slider(name, v as usize)))
    };
    let summary = move || match counts.get() {
        Ok(c) => {
            let s = state.get();
            let [d, l, sh] = c.formulae(&s.counts_2d_params());
            let (h, w) = c.output;
            format!(
                "{side}x{side} -> {h}x{w} with a {k}x{k} kernel.\ndense: {d}\nlocally connected: {l}\nshared: {sh}",
                side = s.side,
                k = s.k2
            )
        }
        Err(e) => format!("No outputs: {e}."),
    };
    view! {
        <section class="counts-2d">
            <h2>"And for an image?"</h2>
            <div class="lesson-grid">
                <div>
                    <div class="figures">
                        <Count testid="dense-weights-2d" label="dense" value=fig(|c| c.dense) />
                        <Count testid="unshared-weights-2d" label="locally connected" value=fig(|c| c.locally_connected) />
                        <Count testid="shared-weights-2d" label="shared" value=fig(|c| c.shared) />
                    </div>
                    <p class="formula">{summary}</p>
                    <p class="caption">{move || counts.get().ok().map(|c| format!(
                        "Per output pixel the kernel has {} taps; {} of the locally connected layer's {} taps fall on padding.",
                        state.get().k2 * state.get().k2,
                        thousands(c.locally_connected_all_taps - c.locally_connected),
                        thousands(c.locally_connected_all_taps)
                    ))}</p>
                </div>
                <div class="controls">
                    <IntSlider label="image side" name="side" value=value(|s| s.side) min=3 max=256 on_change=set("side") />
                    <IntSlider label="kernel k x k" name="k2" value=value(|s| s.k2) min=1 max=max(0) on_change=set("k2") />
                    <IntSlider label="stride" name="s2" value=value(|s| s.s2) min=1 max=max(1) on_change=set("s2") />
                    <IntSlider label="padding" name="p2" value=value(|s| s.p2) min=0 max=max(2) on_change=set("p2") />
                </div>
            </div>
        </section>
    }
}
