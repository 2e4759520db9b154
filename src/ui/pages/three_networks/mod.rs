//! `/three-networks`: Deep Learning book Fig. 9.11, three ways from a 256x256x3 image to 1,000
//! class scores, revealed one layer at a time (predict the shape, then press Next), with their
//! parameter counts side by side, and a builder to make them (or break them) yourself.

mod builder;

use crate::catalog::Lesson;
use crate::lessons::arch::fig911::{any_size_answer, op_words, why_answer};
use crate::lessons::arch::fmt::{grouped, si, times};
use crate::lessons::arch::state::{Fig911Net, ThreeState, MAX_REVEAL};
use crate::lessons::arch::zoo::fig911;
use crate::lessons::arch::{report, LayerKind, NetReport, Shape};
use crate::ui::components::{Choice, DataTable, KeyFigure, LessonFrame, RevealCard};
use crate::ui::present::use_presenter;
use crate::ui::url_state::use_url_state;
use builder::Builder;
use leptos::prelude::*;

const NETS: &[(&str, &str)] = &[
    ("a", "(a) reshape + fc"),
    ("b", "(b) pool to a 3x3 grid"),
    ("c", "(c) all convolutional"),
];

/// `16,384 units` for a vector, `16x16x1000` for a volume.
fn shape_text(s: Shape) -> String {
    if s.h == 1 && s.w == 1 {
        format!("{} units", grouped(s.c as u64))
    } else {
        s.to_string()
    }
}

fn fig(v: &str) -> Option<NetReport> {
    report(&format!("fig911{v}")).ok()
}

fn compare_table() -> impl IntoView {
    let nets: Vec<(char, NetReport)> = ['a', 'b', 'c']
        .into_iter()
        .filter_map(|v| fig(&v.to_string()).map(|r| (v, r)))
        .collect();
    let min = nets
        .iter()
        .map(|(_, r)| r.total_params())
        .min()
        .unwrap_or(1);
    let rows = nets
        .iter()
        .map(|(v, r)| {
            let last = r
                .layers
                .iter()
                .rev()
                .find(|l| matches!(l.kind, LayerKind::Flatten | LayerKind::Conv))
                .map(|l| shape_text(l.output))
                .unwrap_or_default();
            let big = r
                .layers
                .iter()
                .max_by_key(|l| l.params)
                .map(|l| format!("{} ({})", l.name, grouped(l.params)))
                .unwrap_or_default();
            view! {
                <tr>
                    <th scope="row">{format!("({v})")}</th>
                    <td>{last}</td>
                    <td class="num">{grouped(r.total_params())}</td>
                    <td class="num">{times(r.total_params(), min)}</td>
                    <td>{big}</td>
                    <td class="num">{si(r.total_macs())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable label="The three networks compared" class="tn-compare" columns=vec!["net".into(), "before the classifier".into(), "parameters".into(), "vs fewest".into(), "largest layer".into(), "multiply-adds".into()]>{rows}</DataTable>
    }
}

#[component]
pub fn ThreeNetworksPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<ThreeState>();
    let presenter = use_presenter();
    if presenter.enabled.get_untracked() {
        // The clicker steps through the layers (8 at most, network (b)), then reveals the answer.
        presenter.register_beat(8);
        Effect::new(move |_| {
            let s = i64::from(presenter.step.get()).min(MAX_REVEAL);
            if state.get_untracked().reveal != s {
                state.update(|st| st.reveal = s);
            }
        });
    }
    let net = Signal::derive(move || state.with(|s| s.net.id().to_string()));
    let rep = Memo::new(move |_| fig(&net.get()));
    let book = Memo::new(move |_| fig911(state.with(|s| s.net.letter())));
    let n_layers = move || rep.with(|r| r.as_ref().map_or(0, |r| r.layers.len()) as i64);
    let reveal = move || state.with(|s| s.reveal).min(n_layers());
    let set_reveal = move |v: i64| state.update(|s| s.reveal = v.clamp(0, MAX_REVEAL));
    let params = move || rep.with(|r| r.as_ref().map_or(0, |r| r.total_params()));
    let macs = move || rep.with(|r| r.as_ref().map_or(0, |r| r.total_macs()));
    let steps = move || {
        let shown = reveal();
        rep.with(|r| {
            let Some(r) = r else { return Vec::new() };
            r.layers
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let open = (i as i64) < shown;
                    let next = i as i64 == shown;
                    let shape = if open {
                        shape_text(l.output)
                    } else {
                        "?".to_string()
                    };
                    let p = if open {
                        match l.params {
                            0 => "no parameters".to_string(),
                            p => format!("{} parameters", grouped(p)),
                        }
                    } else {
                        String::new()
                    };
                    view! {
                        <li class="tn-step" class:revealed=open class:next=next>
                            <span class="tn-op">{format!("{}. {}", i + 1, book.with(|b| op_words(b, l)))}</span>
                            <span
                                class="tn-shape"
                                data-testid="layer-shape"
                                data-layer=l.name.clone()
                                data-value=l.output.to_string()
                                data-units=l.output.elems().to_string()
                            >
                                {shape}
                            </span>
                            <span class="tn-params">{p}</span>
                        </li>
                    }
                    .into_any()
                })
                .collect::<Vec<_>>()
        })
    };
    let answer = why_answer();
    let any_size = any_size_answer();
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p>
                "All three start from a 256x256 RGB image: convolution + ReLU to 256x256x64, "
                "pooling with stride 4 to 64x64x64, convolution + ReLU, pooling with stride 4 to "
                "16x16x64. They differ in how they get from there to 1,000 class scores; (c)'s "
                "last convolution has no ReLU (the book: \"output of convolution\"). Predict "
                "each layer's output shape, then press " <em>"Next layer"</em> "."
            </p>
            <p class="caption">
                "The book gives shapes, not kernels: here every convolution is 3x3 with \"same\" "
                "padding and each pooling is 4x4 max pooling with stride 4."
            </p>
            <Choice
                label="Network"
                options=NETS
                value=net
                on_change=Callback::new(move |v: String| {
                    if let Some(n) = Fig911Net::from_id(&v) {
                        state.update(|s| s.net = n)
                    }
                })
                name="net"
            />
            <div class="figures arch-figures">
                <KeyFigure
                    testid="total-params"
                    label="parameters"
                    value=Signal::derive(move || params().to_string())
                    text=Signal::derive(move || grouped(params()))
                />
                <KeyFigure
                    testid="total-macs"
                    label="multiply-adds"
                    value=Signal::derive(move || macs().to_string())
                    text=Signal::derive(move || si(macs()))
                />
            </div>
            <div class="tn-controls">
                <button on:click=move |_| set_reveal(reveal() + 1) data-testid="reveal-next" disabled=move || { reveal() >= n_layers() }>
                    "Next layer"
                </button>
                <button class="secondary" on:click=move |_| set_reveal(n_layers()) data-testid="reveal-all">"Show all"</button>
                <button class="secondary" on:click=move |_| set_reveal(0)>"Hide all"</button>
            </div>
            <ol class="tn-steps" data-testid="three-steps">
                <li class="tn-step revealed">
                    <span class="tn-op">"input image"</span>
                    <span class="tn-shape">"256x256x3"</span>
                    <span class="tn-params"></span>
                </li>
                {steps}
            </ol>
            <h2>"The three side by side"</h2>
            {compare_table()}
            <RevealCard question="Q: why does (a) need so many more parameters than (b) and (c)?" beat=9>
                <p data-testid="why-a-params">{answer.clone()}</p>
            </RevealCard>
            <RevealCard question="Q: which of the three can take an image of any size, and why?" beat=9>
                <p data-testid="any-size">{any_size.clone()}</p>
            </RevealCard>
            <Builder state=state />
        </LessonFrame>
    }
}
