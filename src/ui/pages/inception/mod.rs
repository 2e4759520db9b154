//! `/inception`: the inception module naive and with 1x1 dimension reduction (Szegedy et al.
//! 2015, Fig. 2), its cost live for any input and branch widths (defaults: inception (3a) of
//! Table 1 on 28x28x192), the arithmetic per branch, the animated 3x3-filter figure of the
//! slide, and the auxiliary classifiers.

mod figure;

use crate::catalog::Lesson;
use crate::lessons::arch::fmt::{grouped, si, times};
use crate::lessons::arch::inception::{inception_cost, ConvCost, InceptionParams};
use crate::lessons::arch::state::InceptionState;
use crate::state::{Kind, UrlState};
use crate::ui::components::why_lower_card;
use crate::ui::components::{ErrorNote, IntSlider, KeyFigure, LessonFrame, RevealCard};
use crate::ui::env;
use crate::ui::url_state::use_url_state;
use figure::{module_svg, ConvAnimation};
use leptos::prelude::*;

const MODULES: &[&str] = &["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"];

fn cost_rows(p: InceptionParams, convs: &[ConvCost]) -> impl IntoView {
    convs
        .iter()
        .map(|c| {
            let macs = format!(
                "{} x {} x {}x{} x {} x {} = {}",
                p.h,
                p.w,
                c.kernel,
                c.kernel,
                c.in_c,
                c.out_c,
                grouped(c.macs)
            );
            let params = format!(
                "{}x{}x{}x{} + {} = {}",
                c.kernel,
                c.kernel,
                c.in_c,
                c.out_c,
                c.out_c,
                grouped(c.weights + c.biases)
            );
            view! {
                <tr>
                    <th scope="row">{c.name}</th>
                    <td class="num">{macs}</td>
                    <td class="num">{params}</td>
                </tr>
            }
        })
        .collect_view()
}

#[component]
pub fn InceptionPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<InceptionState>();
    let params = Memo::new(move |_| state.with(|s| s.params()));
    let cost = Memo::new(move |_| inception_cost(&params.get()).map_err(|e| e.to_string()));
    let fig = move |f: fn(&crate::lessons::arch::inception::InceptionCost) -> u64| {
        Signal::derive(move || cost.with(|c| c.as_ref().map(f).unwrap_or(0)))
    };
    let (nm, rm) = (fig(|c| c.naive_macs), fig(|c| c.reduced_macs));
    let (np, rp) = (fig(|c| c.naive_params), fig(|c| c.reduced_params));
    let slider = move |label: &'static str,
                       name: &'static str,
                       get: fn(&InceptionState) -> i64,
                       set: fn(&mut InceptionState, i64)| {
        let field = InceptionState::FIELDS
            .iter()
            .find(|f| f.name == name)
            .copied();
        let (min, max) = match field.map(|f| f.kind) {
            Some(Kind::Int { min, max, .. }) => (min, max),
            _ => (1, 512),
        };
        view! {
            <IntSlider
                label=label
                name=name
                value=Signal::derive(move || state.with(get))
                min=min
                max=max
                on_change=Callback::new(move |v: i64| state.update(|s| set(s, v)))
            />
        }
    };
    let presets = MODULES
        .iter()
        .map(|m| {
            let p = InceptionParams::table1(m).unwrap_or_default();
            let active = move || params.get() == p;
            view! {
                <button
                    class="small choice-option"
                    aria-pressed=move || active().to_string()
                    on:click=move |_| state.update(|s| s.set(p))
                >
                    {*m}
                </button>
            }
        })
        .collect_view();
    let arithmetic = move || {
        let p = params.get();
        cost.get().map(|c| {
            view! {
                <div class="table-box short" tabindex="0" role="region" aria-label="Cost per convolution">
                    <table class="cost-table">
                        <thead>
                            <tr><th scope="col">"convolution"</th><th scope="col" class="num">"multiply-adds: H x W x k x k x in x out"</th><th scope="col" class="num">"parameters: weights + biases"</th></tr>
                        </thead>
                        <tbody>
                            <tr class="aux-heading"><th colspan="3">"(a) naive"</th></tr>
                            {cost_rows(p, &c.naive)}
                            <tr class="totals"><th scope="row">"total"</th><td class="num">{grouped(c.naive_macs)}</td><td class="num">{grouped(c.naive_params)}</td></tr>
                            <tr class="aux-heading"><th colspan="3">"(b) with dimension reduction"</th></tr>
                            {cost_rows(p, &c.reduced)}
                            <tr class="totals"><th scope="row">"total"</th><td class="num">{grouped(c.reduced_macs)}</td><td class="num">{grouped(c.reduced_params)}</td></tr>
                        </tbody>
                    </table>
                </div>
                <p>
                    "Output channels: naive " {c.naive_out_channels} " (the pool passes all " {p.c}
                    " input channels through, so they pile up module after module); reduced "
                    {c.reduced_out_channels} "."
                </p>
            }
        })
    };
    let answer = move || {
        cost.with(|c| {
            c.as_ref().ok().map(|c| {
                format!(
                    "The naive module runs its 3x3 and 5x5 convolutions on all {} input channels: \
                     {} multiply-adds per image. With 1x1 convolutions first (to {} and {} \
                     channels) the same output widths cost {}, {} less, with {} instead of {} \
                     parameters. 1x1 convolutions reduce the number of channels before the \
                     expensive filters, and the pool projection keeps the output from growing.",
                    params.get().c,
                    si(c.naive_macs),
                    params.get().b3r,
                    params.get().b5r,
                    si(c.reduced_macs),
                    times(c.naive_macs, c.reduced_macs),
                    grouped(c.reduced_params),
                    grouped(c.naive_params)
                )
            })
        })
    };
    let anim = move |get: fn(&InceptionState) -> i64| Signal::derive(move || state.with(get));
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <h2>"Naive, or with dimension reduction?"</h2>
            <p>
                "An inception module runs 1x1, 3x3 and 5x5 convolutions and a 3x3 max pool side "
                "by side on the same input and concatenates their outputs along the channels. "
                "Set the input and the branch widths (or pick a module of the paper's Table 1) "
                "and compare the two versions."
            </p>
            <RevealCard question="Q: difference between those two variants?">
                <p>{answer}</p>
            </RevealCard>
            <div class="inc-grid">
                <div>
                    <div class="figures arch-figures">
                        <KeyFigure testid="naive-macs" label="naive: multiply-adds" value=Signal::derive(move || nm.get().to_string()) text=Signal::derive(move || si(nm.get())) />
                        <KeyFigure testid="reduced-macs" label="reduced: multiply-adds" value=Signal::derive(move || rm.get().to_string()) text=Signal::derive(move || si(rm.get())) />
                        <KeyFigure testid="naive-params" label="naive: parameters" value=Signal::derive(move || np.get().to_string()) text=Signal::derive(move || si(np.get())) />
                        <KeyFigure testid="reduced-params" label="reduced: parameters" value=Signal::derive(move || rp.get().to_string()) text=Signal::derive(move || si(rp.get())) />
                    </div>
                    {move || cost.get().err().map(|e| view! { <ErrorNote message=e /> })}
                    <div class="inc-modules">
                        <figure>{move || module_svg(params.get(), false)}</figure>
                        <figure>{move || module_svg(params.get(), true)}</figure>
                    </div>
                    <h2>"The arithmetic, branch by branch"</h2>
                    {arithmetic}
                </div>
                <div class="controls">
                    <div>
                        <span class="slider-label">"Table 1 module"</span>
                        <div class="inc-presets" role="group" aria-label="Modules of Table 1">{presets}</div>
                    </div>
                    {slider("input height", "h", |s| s.h, |s, v| s.h = v)}
                    {slider("input width", "w", |s| s.w, |s, v| s.w = v)}
                    {slider("input channels", "c", |s| s.c, |s, v| s.c = v)}
                    {slider("#1x1", "b1", |s| s.b1, |s, v| s.b1 = v)}
                    {slider("#3x3 reduce", "b3r", |s| s.b3r, |s, v| s.b3r = v)}
                    {slider("#3x3", "b3", |s| s.b3, |s, v| s.b3 = v)}
                    {slider("#5x5 reduce", "b5r", |s| s.b5r, |s, v| s.b5r = v)}
                    {slider("#5x5", "b5", |s| s.b5, |s, v| s.b5 = v)}
                    {slider("pool proj", "pp", |s| s.pp, |s, v| s.pp = v)}
                </div>
            </div>
            <section class="arch-section">
                <h2>"What one filter does to the shape"</h2>
                <p>
                    "A 3x3 filter on a d1 x d2 x 3 input (no padding, stride 1) gives a (d1-2) x "
                    "(d2-2) matrix: it spans all 3 input channels at every position. m filters give "
                    "m such matrices: m channels. A 1x1 filter keeps d1 x d2 and only mixes "
                    "channels, which is why it can shrink 192 channels to 16 so cheaply."
                </p>
                <div class="inc-grid">
                    <ConvAnimation d1=anim(|s| s.d1) d2=anim(|s| s.d2) m=anim(|s| s.m) />
                    <div class="controls">
                        {slider("d1", "d1", |s| s.d1, |s, v| s.d1 = v)}
                        {slider("d2", "d2", |s| s.d2, |s, v| s.d2 = v)}
                        {slider("m filters", "m", |s| s.m, |s, v| s.m = v)}
                    </div>
                </div>
            </section>
            <section class="arch-section">
                <h2>"Auxiliary classifiers"</h2>
                <p>
                    "GoogLeNet stacks nine such modules. After (4a) and (4d) it branches off two "
                    "small classifiers (average pooling 5x5/3, 1x1 convolution with 128 filters, fc "
                    "1024, dropout, fc 1000, softmax) whose losses are added to the main loss with "
                    "weight 0.3 during training. "
                    <a href=env::href("/architectures/googlenet")>"See them in the network"</a> "."
                </p>
                {why_lower_card(2)}
            </section>
        </LessonFrame>
    }
}
