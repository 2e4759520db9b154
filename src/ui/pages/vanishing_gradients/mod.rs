//! `/vanishing-gradients` (lecture sections 11-12): "remember gradient vanishing?" The sigmoid
//! and its derivative (max 1/4); the chain `f_n(...f_1(x))` whose derivative is a product of
//! per-layer factors; then a real deep MLP on real MNIST digits, backpropagated once by the
//! engine, with the gradient norm of every layer (`grad-ratio`), shortcuts on and off, and a
//! layers x steps heat map while it trains (`vanishing_heat.rs`).

mod chain;
mod heat;

use crate::catalog::Lesson;
use crate::data::mnist::Split;
use crate::data::Dataset;
use crate::lessons::arch::conventions::counting_explanation;
use crate::lessons::gradients::state::{GradInit, GradLr, GradWidth, MAX_DEPTH};
use crate::lessons::gradients::{
    measure, short, Act, Digits, Measured, VanishingState, GRAD_BATCH,
};
use crate::ui::components::grad_cards::{WhyNotDeeper, WhyShortcutHelps};
use crate::ui::components::{
    Choice, DataChoice, DataCredit, ErrorNote, IntSlider, KeyFigure, LessonFrame,
};
use crate::ui::env;
use crate::ui::loaders::{cached_shard, use_shards, Loaded};
use crate::ui::url_state::use_url_state;
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::grad_charts::{log_layers, Line};
use crate::ui::viz::palette::{BLUE, GREEN};
use chain::ChainSections;
use heat::GradHeat;
use leptos::prelude::*;
use std::sync::Arc;

const ACTS: &[(&str, &str)] = &[("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "ReLU")];
const SHORTCUT: &[(&str, &str)] = &[("0", "plain f(x)"), ("1", "shortcut f(x) + x")];
const INITS: &[(&str, &str)] = &[
    ("auto", "auto"),
    ("xavier", "Xavier"),
    ("lecun", "LeCun"),
    ("he", "He"),
];

const WIDTH_OPTS: &[(&str, &str)] = &[("16", "16"), ("32", "32"), ("64", "64"), ("128", "128")];
const LR_OPTS: &[(&str, &str)] = &[("0.01", "0.01"), ("0.1", "0.1"), ("1", "1"), ("100", "100")];

type Data = Option<Result<Arc<Digits>, String>>;

#[component]
pub fn VanishingPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<VanishingState>();
    let dataset = Memo::new(move |_| state.with(|s| s.dataset()));
    let load = use_shards(dataset, &[Split::Test]);
    let data: Memo<Data> = Memo::new(move |_| {
        let d = dataset.get();
        match load.get() {
            Loaded::Loading => None,
            Loaded::Failed(e) => Some(Err(e)),
            Loaded::Ready => Some(
                cached_shard(d, Split::Test)
                    .ok_or_else(|| "the test images are not loaded".to_string())
                    .and_then(|s| Digits::first(d, &s, GRAD_BATCH))
                    .map(Arc::new),
            ),
        }
    });

    let act = Signal::derive(move || state.get().act());
    let depth = Signal::derive(move || state.get().depth() as i64);
    let set = move |f: fn(&mut VanishingState, String)| {
        Callback::new(move |v: String| state.update(|s| f(s, v)))
    };

    // Measurements: the current activation with and without shortcuts, and the other two.
    let measured = Memo::new(move |_| {
        let s = state.get();
        let d = match data.get() {
            None => return None,
            Some(Err(e)) => {
                return Some(Err(format!(
                    "The {} images could not be loaded: {e}",
                    dataset.get_untracked().name()
                )))
            }
            Some(Ok(d)) => d,
        };
        let seed = u64::from(s.seed);
        let run = |act, res| measure(&s.spec(act, res), seed, &d);
        let mut all = Vec::new();
        for a in [Act::Sigmoid, Act::Tanh, Act::Relu] {
            all.push((a, false, run(a, false)));
            all.push((a, true, run(a, true)));
        }
        Some(Ok(all))
    });
    let current = Memo::new(move |_| -> Option<Result<Measured, String>> {
        let s = state.get();
        let all = measured.get()?;
        Some(all.and_then(|all| {
            all.into_iter()
                .find(|m| m.0 == s.act() && m.1 == s.residual)
                .map(|m| m.2)
                .unwrap_or_else(|| Err("no measurement".into()))
        }))
    });
    let sigmoid_ratio = Signal::derive(move || {
        let all = measured.get()?.ok()?;
        let m = all.into_iter().find(|m| m.0 == Act::Sigmoid && !m.1)?;
        m.2.ok().map(|m| m.ratio)
    });
    let ratio_value = Signal::derive(move || match current.get() {
        Some(Ok(m)) => m.ratio.to_string(),
        _ => String::new(),
    });
    let ratio_text = Signal::derive(move || match current.get() {
        Some(Ok(m)) => short(m.ratio),
        Some(Err(_)) => "—".into(),
        None => "measuring…".into(),
    });

    let net_chart = plot(
        Fig::new(
            "measured gradient norm per layer",
            "measured-chart",
            "Measured gradient norm at every layer, log scale, plain and with shortcuts"
                .to_string(),
        ),
        360.0,
        move |area, c| {
            let s = state.get();
            let all = match measured.get() {
                Some(Ok(all)) => all,
                _ => Vec::new(),
            };
            let pts = |m: &Measured| {
                m.norms
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| ((i + 1) as f64, v))
                    .collect::<Vec<_>>()
            };
            let mut lines = Vec::new();
            for (a, res, m) in &all {
                if *a != s.act() {
                    continue;
                }
                if let Ok(m) = m {
                    lines.push(Line {
                        label: format!(
                            "{}{}",
                            a.name(),
                            if *res { " + shortcut" } else { " plain" }
                        ),
                        color: if *res { GREEN } else { BLUE },
                        dashed: *res != s.residual,
                        points: pts(m),
                    });
                }
            }
            log_layers(area, c, s.depth(), &lines, "hidden layer", "‖∂L/∂W‖")
        },
    );

    let compare = move || {
        let s = state.get();
        let Some(Ok(all)) = measured.get() else {
            return None;
        };
        let cell = |a: Act, res: bool| {
            let m = all.iter().find(|m| m.0 == a && m.1 == res)?;
            Some(match &m.2 {
                Ok(m) => short(m.ratio),
                Err(_) => "—".to_string(),
            })
        };
        let rows = [Act::Sigmoid, Act::Tanh, Act::Relu]
            .into_iter()
            .map(|a| {
                let here = a == s.act();
                view! {
                    <tr class:current=here>
                        <th scope="row">{a.name()}</th>
                        <td data-testid=format!("ratio-{}-plain", a.name())>{cell(a, false)}</td>
                        <td data-testid=format!("ratio-{}-residual", a.name())>{cell(a, true)}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <table class="grad-table">
                <caption>{format!("grad-ratio at depth {}, width {}, seed {}", s.depth(), s.width(), s.seed)}</caption>
                <thead><tr><th></th><th>"plain"</th><th>"shortcut"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })
    };
    let measure_error = move || match current.get() {
        Some(Err(e)) => Some(view! { <ErrorNote message=e /> }),
        _ => None,
    };
    let loss_text = move || match current.get() {
        Some(Ok(m)) => format!(
            "Batch of {GRAD_BATCH} {} test {}s, loss {:.3}. First layer {}, last layer {}.",
            dataset.get().name(),
            dataset.get().item(),
            m.loss,
            short(m.norms[0]),
            short(*m.norms.last().unwrap_or(&0.0))
        ),
        _ => String::new(),
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p class="grad-intro">
                "More layers did better on ImageNet (AlexNet 8 weight layers, VGG 19, GoogLeNet 22)."
            </p>
            <p class="grad-intro" data-testid="counting-explanation">
                {counting_explanation()} " "
                <a href=env::href("/architectures/lenet5")>"The table, recounted layer by layer"</a>
                "."
            </p>
            <p class="grad-intro">"So why not 50 or 100 layers?"</p>
            <WhyNotDeeper depth=depth sigmoid_ratio=sigmoid_ratio />
            <div class="lesson-grid grad-grid">
                <div>
                    <ChainSections act=act depth=depth />
                    <section class="grad-section">
                        <h2>"3. Measured: a real deep network on real images"</h2>
                        <div class="figures">
                            <KeyFigure testid="grad-ratio" label="grad-ratio: first layer / last layer"
                                value=ratio_value text=ratio_text />
                        </div>
                        {measure_error}
                        {net_chart}
                        <p class="caption">{loss_text}</p>
                        <p class="caption">
                            {move || format!("An MLP on 14x14 {} {}s: ", dataset.get().name(), dataset.get().item())}
                            "depth hidden layers of the chosen width and "
                            "activation, then 10 outputs. The engine backpropagates the cross-entropy "
                            "once; each point is ‖∂L/∂W‖ of one hidden layer (weights and bias). Solid: "
                            "the setting you chose; dashed: the same net with shortcuts toggled."
                        </p>
                        {compare}
                        <DataCredit data=dataset />
                    </section>
                    <WhyShortcutHelps />
                    <GradHeat state=state />
                </div>
                <aside class="controls" aria-label="Settings">
                    <DataChoice value=Signal::derive(move || state.with(|s| s.data))
                        on_change=Callback::new(move |d: Dataset| state.update(|s| s.data = d)) />
                    <Choice label="Activation" options=ACTS value=Signal::derive(move || state.get().act.id().to_string())
                        on_change=set(|s, v| s.act = Act::from_id(&v).unwrap_or(s.act)) name="act" />
                    <IntSlider label="Depth n (layers)" name="depth" value=depth min=1 max=MAX_DEPTH
                        on_change=Callback::new(move |v| state.update(|s| s.depth = v)) />
                    <Choice label="Layers" options=SHORTCUT
                        value=Signal::derive(move || if state.get().residual { "1".to_string() } else { "0".to_string() })
                        on_change=Callback::new(move |v: String| state.update(|s| s.residual = v == "1")) name="residual" />
                    <Choice label="Width" options=WIDTH_OPTS value=Signal::derive(move || state.get().width.id().to_string())
                        on_change=set(|s, v| s.width = GradWidth::from_id(&v).unwrap_or(s.width)) name="width" />
                    <Choice label="Initialiser" options=INITS value=Signal::derive(move || state.get().init.id().to_string())
                        on_change=set(|s, v| s.init = GradInit::from_id(&v).unwrap_or(s.init)) name="init" />
                    <Choice label="Heat-map learning rate" options=LR_OPTS value=Signal::derive(move || state.get().lr.id().to_string())
                        on_change=set(|s, v| s.lr = GradLr::from_id(&v).unwrap_or(s.lr)) name="lr" />
                    <div class="seed-row">
                        <span class="slider-label">"Seed "<span data-testid="seed">{move || state.get().seed}</span></span>
                        <button data-testid="new-seed" on:click=move |_| state.update(|s| s.seed = s.seed.wrapping_mul(747_796_405).wrapping_add(2_891_336_453) % 100_000)>
                            "New weights"
                        </button>
                    </div>
                    <p class="caption">
                        "auto = He init for ReLU, Xavier for sigmoid and tanh. Shortcut blocks start "
                        "with their weights scaled by 1/√depth (there is no batch norm here)."
                    </p>
                </aside>
            </div>
        </LessonFrame>
    }
}
