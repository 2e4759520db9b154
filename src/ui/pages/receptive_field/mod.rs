//! `/receptive-field` (lecture section 4): "deep layers have larger receptive fields" and
//! "Q: larger stride = larger receptive field?" A stack of 1..8 layers with per-layer kernel,
//! stride, dilation and padding; click a unit to light its field in every layer below; the
//! size-against-depth chart with the recurrence written out; the same stack over an image.

mod image;
mod stack;

use crate::catalog::Lesson;
use crate::lessons::receptive_field::{vgg_design_text, Stack, MAX_INPUT, MAX_LAYERS, RECURRENCE};
use crate::lessons::sparse_pages::state::RF_CAPS;
use crate::lessons::sparse_pages::RfState;
use crate::ui::components::{ErrorNote, IntSlider, KeyFigure, LessonFrame, RevealCard};
use crate::ui::url_state::use_url_state;
use crate::ui::viz::chart::{plot, Fig};
use crate::ui::viz::plot::rf_chart;
use image::RfImage;
use leptos::prelude::*;
use stack::{light, StackDiagram};

/// A ready-made stack (three layers).
#[derive(Clone, Copy)]
struct Preset {
    name: &'static str,
    n: usize,
    k: [usize; 3],
    s: [usize; 3],
    d: [usize; 3],
    p: [usize; 3],
}

const PRESETS: &[Preset] = &[
    Preset {
        name: "Slide: three 3-wide layers",
        n: 16,
        k: [3; 3],
        s: [1; 3],
        d: [1; 3],
        p: [1; 3],
    },
    Preset {
        name: "Stride 2 in layers 1 and 2",
        n: 32,
        k: [3; 3],
        s: [2, 2, 1],
        d: [1; 3],
        p: [1; 3],
    },
    Preset {
        name: "Dilation 1, 2, 4",
        n: 32,
        k: [3; 3],
        s: [1; 3],
        d: [1, 2, 4],
        p: [1, 2, 4],
    },
];

#[component]
pub fn ReceptiveFieldPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<RfState>();
    let stack = Memo::new(move |_| state.get().stack());
    let selected = Signal::derive(move || {
        let s = state.get();
        (s.selected_layer(), s.unit)
    });
    let field = Memo::new(move |_| {
        let (l, q) = selected.get();
        stack.get().ok().and_then(|st| st.field(l, q).ok())
    });
    let lit = Memo::new(move |_| match stack.get() {
        Ok(st) => light(&st, field.get().as_ref()),
        Err(_) => Default::default(),
    });
    let hull = Signal::derive(move || field.get().map(|f| f.per_layer[0].span));
    let on_select =
        Callback::new(move |(l, q): (usize, usize)| state.update(|s| *s = s.clone().select(l, q)));
    let fig = move |f: fn(&crate::lessons::receptive_field::Field) -> Option<usize>| {
        Signal::derive(move || {
            field
                .get()
                .and_then(|x| f(&x))
                .map_or(String::new(), |v| v.to_string())
        })
    };
    let error = move || stack.get().err().map(|e| format!("No drawing: {e}."));
    let chart = plot(
        Fig::new(
            "receptive field against depth",
            "rf-chart",
            Signal::derive(move || chart_label(&stack.get())),
        ),
        330.0,
        move |area, c| match stack.get() {
            Ok(st) => rf_chart(area, c, &st.rf_sizes(), &st.rf_sizes_stride1()),
            Err(_) => rf_chart(area, c, &[], &[]),
        },
    );
    let where_text = move || {
        let f = field.get()?;
        let layer = if f.layer == 0 {
            "the input".to_string()
        } else {
            format!("layer {}", f.layer)
        };
        let range = match (f.start, f.end) {
            (Some(a), Some(b)) => format!("inputs {a} to {b}"),
            _ => "only padding".to_string(),
        };
        let hull = f.per_layer[0].span;
        let pad = (hull.1 - hull.0 + 1) as usize - f.start.zip(f.end).map_or(0, |(a, b)| b - a + 1);
        let pad_text = if pad > 0 {
            format!(", {pad} of its r = {} positions in padding", f.size)
        } else {
            String::new()
        };
        Some(format!(
            "Unit {} of {layer} sees {range}{pad_text}.",
            f.index
        ))
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <div class="lesson-grid rf-grid">
                <div class="sparse-main">
                    <div class="figures">
                        <KeyFigure testid="rf-size" label="receptive field r" value=fig(|f| Some(f.size)) />
                        <KeyFigure testid="rf-start" label="first input" value=fig(|f| f.start) />
                        <KeyFigure testid="rf-end" label="last input" value=fig(|f| f.end) />
                    </div>
                    <p class="selection-note" aria-live="polite" data-testid="selection">{where_text}</p>
                    {move || error().map(|m| view! { <ErrorNote message=m /> })}
                    <div class="figure-box rf-box">
                        <StackDiagram stack=stack lit=lit selected=selected hull=hull on_select=on_select />
                    </div>
                    <p class="caption">
                        "Click any unit (or Tab to the selected one and use the arrow keys: left/right "
                        "in a layer, up/down between layers). Dashed circles are zero padding; a lit one "
                        "is inside the field and counts towards r."
                    </p>
                </div>
                <aside class="controls" aria-label="Stack settings">
                    <StackControls state=state stack=stack />
                </aside>
            </div>
            <div class="rf-growth">
                <figure class="figure-box rf-chart">
                    <figcaption><strong>"Receptive field against depth"</strong></figcaption>
                    {chart}
                </figure>
                <RevealCard question="Q: larger stride = larger receptive field?" beat=1>
                    <p>{move || stride_answer(&stack.get())}</p>
                    <p class="formula">{RECURRENCE}</p>
                    <pre class="formula recurrence" data-testid="recurrence">
                        {move || stack.get().map(|s| s.recurrence_text().join("\n")).unwrap_or_default()}
                    </pre>
                </RevealCard>
            </div>
            <section class="rf-vgg">
                <h2>"Why VGG stacks 3x3 convolutions"</h2>
                <p data-testid="vgg-design">
                    {move || stack.get().map(|s| vgg_design_text(&s)).unwrap_or_default()}
                </p>
            </section>
            <RfImage state=state />
        </LessonFrame>
    }
}

fn chart_label(stack: &Result<Stack, crate::lessons::receptive_field::RfError>) -> String {
    match stack {
        Ok(s) => format!(
            "Receptive field size by layer: {:?} with these strides, {:?} with stride 1",
            s.rf_sizes(),
            s.rf_sizes_stride1()
        ),
        Err(_) => "No chart".to_string(),
    }
}

fn stride_answer(stack: &Result<Stack, crate::lessons::receptive_field::RfError>) -> String {
    let Ok(s) = stack else { return String::new() };
    let (now, one) = (s.rf_sizes(), s.rf_sizes_stride1());
    let (a, b) = (now[now.len() - 1], one[one.len() - 1]);
    let verdict = if a > b {
        format!("Here the top layer sees r = {a} inputs; with every stride 1 it would see {b}.")
    } else {
        "With every stride 1, as now, try a stride of 2 in layer 1 and watch the top field grow."
            .to_string()
    };
    format!(
        "Yes. Each layer widens the field by (k - 1) x d steps of its input, and one step of \
         layer l's input spans the product of all earlier strides. A stride early in the stack \
         multiplies the growth of every layer after it. {verdict}"
    )
}

/// n, the number of layers, per-layer k / s / d / p, and the presets.
#[component]
fn StackControls(
    state: RwSignal<RfState>,
    stack: Memo<Result<Stack, crate::lessons::receptive_field::RfError>>,
) -> impl IntoView {
    let n = Signal::derive(move || state.get().n as i64);
    let depth = Signal::derive(move || state.get().depth() as i64);
    let set_n = Callback::new(move |v: i64| state.update(|s| *s = s.clone().with_n(v as usize)));
    let set_depth =
        Callback::new(move |v: i64| state.update(|s| *s = s.clone().with_depth(v as usize)));
    // Rebuilt only when the number of layers changes, so typing keeps its focus.
    let layers = Memo::new(move |_| state.get().depth());
    let rows = move || {
        (1..=layers.get())
            .map(|l| {
                let inputs = RF_CAPS
                    .iter()
                    .map(|&(name, lo, hi)| {
                        let v = move || state.with(|s| s.values(name).get(l - 1).copied().unwrap_or(0));
                        view! {
                            <td>
                                <input type="number" min=lo max=hi step="1" prop:value=v
                                    data-testid=format!("rf-{name}-{l}")
                                    aria-label=format!("layer {l} {}", long_name(name))
                                    on:input=move |e| {
                                        if let Ok(v) = event_target_value(&e).trim().parse::<usize>() {
                                            state.update(|s| *s = s.clone().with_value(l, name, v));
                                        }
                                    } />
                            </td>
                        }
                    })
                    .collect_view();
                let width = move || {
                    stack.with(|st| st.as_ref().ok().and_then(|st| st.widths.get(l).copied()))
                        .map_or("–".to_string(), |w| w.to_string())
                };
                view! { <tr><th scope="row">{l}</th>{inputs}<td class="rf-width">{width}</td></tr> }
            })
            .collect_view()
    };
    let preset = move |p: Preset| {
        state.update(|st| {
            st.n = p.n;
            (st.k, st.s, st.d, st.p) = (p.k.to_vec(), p.s.to_vec(), p.d.to_vec(), p.p.to_vec());
            st.layer = -1;
            st.unit = Stack::from_params(&st.params()).map_or(0, |x| x.widths[x.depth()] / 2);
            (st.ur, st.uc) = (-1, -1);
        })
    };
    view! {
        <IntSlider label="n: input width" name="n" value=n min=2 max=MAX_INPUT as i64 on_change=set_n />
        <IntSlider label="L: layers" name="layers" value=depth min=1 max=MAX_LAYERS as i64 on_change=set_depth />
        <table class="rf-table">
            <thead><tr><th>"layer"</th><th>"k"</th><th>"s"</th><th>"d"</th><th>"p"</th><th>"w"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="caption">"k kernel, s stride, d dilation, p zero padding; w = units in the layer."</p>
        <div class="button-row">
            {PRESETS
                .iter()
                .map(|&p| view! { <button class="small secondary" on:click=move |_| preset(p)>{p.name}</button> })
                .collect_view()}
        </div>
    }
}

fn long_name(name: &str) -> &'static str {
    match name {
        "k" => "kernel size",
        "s" => "stride",
        "d" => "dilation",
        _ => "zero padding",
    }
}
