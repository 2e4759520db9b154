//! `/resnet`, its FLOP part: He et al. 2016's Fig. 3 figures (VGG-19 19.6 G, plain-34 and
//! ResNet-34 3.6 G multiply-adds) from the calculator, the residual block F(x) + x drawn, and a
//! compare view of any two or three networks (default: the slide's three).

mod block;

use crate::catalog::Lesson;
use crate::lessons::arch::flops::compare_by_resolution;
use crate::lessons::arch::fmt::{grouped, si, times};
use crate::lessons::arch::state::{ResnetState, IDS};
use crate::lessons::arch::why_flops::flop_causes;
use crate::lessons::arch::zoo::{NetEntry, OPTION_A_ATTRIBUTION};
use crate::lessons::arch::{report, NetReport};
use crate::ui::components::{DataTable, KeyFigure, LessonFrame, RevealCard};
use crate::ui::env;
use crate::ui::url_state::use_url_state;
use crate::ui::viz::figure::Figure;
use crate::ui::viz::{chart, net_charts};
use leptos::prelude::*;
use plotters::style::RGBColor;

/// The menu's names of the choices outside the network table: variants, and the empty slot.
const OTHER_LABELS: &[(&str, &str)] = &[
    ("resnet34_a", "ResNet-34 (option A, Table 2)"),
    ("alexnet_tv", "AlexNet (one tower)"),
    ("plain18", "18-layer plain"),
    ("resnet18_a", "ResNet-18 (option A)"),
    ("none", "(none)"),
];

/// The menu's name of a choice: a table network's long name, or one of [`OTHER_LABELS`].
fn label(id: &str) -> Option<&'static str> {
    NetEntry::find(id).map(|n| n.long).or_else(|| {
        OTHER_LABELS
            .iter()
            .find(|(other, _)| *other == id)
            .map(|&(_, name)| name)
    })
}

fn macs(id: &str) -> u64 {
    report(id).map_or(0, |r| r.total_macs())
}

/// F(x) + x, drawn as in He et al. 2016, Fig. 2.
fn block_svg() -> impl IntoView {
    view! {
            <figure class="res-block">
                <Figure name="residual block">
    <svg viewBox="60 0 290 300" role="img" aria-label="A residual block: x goes through two weight layers to give F(x); the shortcut carries x around them; the sum F(x) + x goes through ReLU">
                    <defs>
                        <marker id="rb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto">
                            <path d="M0,0 L10,5 L0,10 z" style="fill:currentColor;stroke:none"></path>
                        </marker>
                    </defs>
                    <text x="150" y="22" text-anchor="middle">"x"</text>
                    <line x1="150" y1="28" x2="150" y2="52" marker-end="url(#rb-arrow)"></line>
                    <rect x="80" y="54" width="140" height="36" rx="5"></rect>
                    <text x="150" y="77" text-anchor="middle">"weight layer"</text>
                    <line x1="150" y1="90" x2="150" y2="124" marker-end="url(#rb-arrow)"></line>
                    <text x="160" y="112">"ReLU"</text>
                    <rect x="80" y="126" width="140" height="36" rx="5"></rect>
                    <text x="150" y="149" text-anchor="middle">"weight layer"</text>
                    <line x1="150" y1="162" x2="150" y2="204" marker-end="url(#rb-arrow)"></line>
                    <text x="140" y="188" text-anchor="end">"F(x)"</text>
                    <circle cx="150" cy="218" r="14"></circle>
                    <text x="150" y="223" text-anchor="middle" style="font-weight:700">"+"</text>
                    <line x1="150" y1="232" x2="150" y2="268" marker-end="url(#rb-arrow)"></line>
                    <text x="160" y="256">"ReLU"</text>
                    <text x="150" y="290" text-anchor="middle">"F(x) + x"</text>
                    <path class="short" d="M150,36 H330 V218 H166" marker-end="url(#rb-arrow)"></path>
                    <text x="322" y="130" text-anchor="end">"x"</text>
                    <text x="322" y="148" text-anchor="end" class="t-small">"identity"</text>
                </svg>
    </Figure>
                <figcaption class="caption">
                    "The block learns F(x) = H(x) - x; the addition needs F(x) and x to have the same "
                    "shape, so where a stage halves the map and doubles the channels the shortcut "
                    "pads with zeros (option A) or projects with a 1x1 convolution (option B)."
                </figcaption>
            </figure>
        }
}

fn compare_table(reports: &[NetReport]) -> impl IntoView {
    let min = reports
        .iter()
        .map(|r| r.total_macs())
        .min()
        .unwrap_or(1)
        .max(1);
    let rows = reports
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.name.clone()}</th>
                    <td class="num">{grouped(r.total_params())}</td>
                    <td class="num">{grouped(r.total_macs())}</td>
                    <td class="num">{times(r.total_macs(), min)}</td>
                    <td class="num">{r.weight_layers()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable label="Compared networks" columns=vec!["network".into(), "parameters".into(), "multiply-adds".into(), "vs cheapest".into(), "weight layers".into()]>{rows}</DataTable>
    }
}

#[component]
pub fn ResnetPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<ResnetState>();
    let (v, p, r) = (macs("vgg19"), macs("plain34"), macs("resnet34_a"));
    let option_b = macs("resnet34");
    let causes = match (report("vgg19"), report("resnet34_a")) {
        (Ok(a), Ok(b)) => Some(flop_causes(&a, &b)),
        _ => None,
    };
    let card = causes.map(|c| {
        view! {
            <RevealCard question=c.question()>
                {crate::ui::components::flops_answer(&c)}
            </RevealCard>
        }
    });
    let picks = move || {
        let s = state.get();
        [s.a, s.b, s.c]
            .into_iter()
            .filter(|id| id != "none")
            .filter_map(|id| report(&id).ok())
            .collect::<Vec<_>>()
    };
    let reports = Memo::new(move |_| picks());
    let chart = chart::plot(
        chart::Fig::new(
            "multiply-adds by output resolution",
            "flops-chart",
            "Grouped bar chart of multiply-adds at each output resolution for the compared networks"
                .to_string(),
        ),
        420.0,
        move |area, c| {
            reports.with(|rs| {
                let refs: Vec<&NetReport> = rs.iter().collect();
                net_charts::by_resolution(area, c, rs.len(), &compare_by_resolution(&refs))
            })
        },
    );
    let select = move |slot: usize| {
        let get = move || {
            state.with(|s| match slot {
                0 => s.a.clone(),
                1 => s.b.clone(),
                _ => s.c.clone(),
            })
        };
        let set = move |v: String| {
            state.update(|s| match slot {
                0 => s.a = v,
                1 => s.b = v,
                _ => s.c = v,
            })
        };
        view! {
            <label>
                {format!("network {}", slot + 1)}
                <select data-testid=format!("compare-{}", slot + 1) on:change=move |e| set(event_target_value(&e))>
                    {IDS
                        .iter()
                        .filter_map(|&id| Some((id, label(id)?)))
                        .map(|(id, name)| view! { <option value=id selected=move || get() == id>{name}</option> })
                        .collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <h2>"He et al. 2016, Fig. 3: three networks, their FLOPs"</h2>
            <p>
                "f_n(...f_1(x)) + x: a shortcut adds a block's input to its output, so the gradient "
                "has a path that skips the long product of the layers' derivatives. He et al. "
                "(2016, Fig. 3) compare three networks on 224x224 images:"
            </p>
            <div class="figures arch-figures">
                <KeyFigure testid="vgg19-macs" label="VGG-19: FLOPs" value=v.to_string() text=si(v) />
                <KeyFigure testid="plain34-macs" label="34-layer plain: FLOPs" value=p.to_string() text=si(p) />
                <KeyFigure testid="resnet34-macs" label="34-layer residual: FLOPs" value=r.to_string() text=si(r) />
            </div>
            <p class="caption">
                "FLOPs here are multiply-adds, the paper's convention. " {OPTION_A_ATTRIBUTION}
                ", so it costs exactly what the plain one costs: " {grouped(r)} ". With 1x1 "
                "projection shortcuts where dimensions change (option B, torchvision's resnet34) "
                "it costs "
                <span data-testid="resnet34-b-macs" data-value=option_b.to_string()>{grouped(option_b)}</span>
                " (" {si(option_b)} "), so Fig. 3's 3.6 billion fits option A. VGG-19: " {grouped(v)} ", " {times(v, r)}
                " as much."
            </p>
            {card}
            <section class="arch-section">
                <h2>"The residual block"</h2>
                {block_svg()}
                <p>
                    "See every block of a real network: "
                    <a href=env::href("/architectures/resnet34")>"ResNet-34"</a> ", "
                    <a href=env::href("/architectures/resnet50")>"ResNet-50 (bottleneck blocks)"</a>
                    ", and the " <a href=env::href("/architectures/plain34")>"34-layer plain"</a>
                    " network without shortcuts."
                </p>
            </section>
            // The gradient part (its own component, measured by the engine).
            <block::ResidualBlockGradients />
            <section class="arch-section" id="compare">
                <h2>"Compare networks"</h2>
                <div class="compare-pick">{select(0)}{select(1)}{select(2)}</div>
                {move || compare_table(&reports.get())}
                {chart}
                <ul class="legend" aria-label="Legend">
                    {move || {
                        reports
                            .get()
                            .iter()
                            .enumerate()
                            .map(|(j, r)| {
                                let RGBColor(red, g, b) = net_charts::SERIES[j % net_charts::SERIES.len()];
                                let style = format!("background:rgb({red},{g},{b})");
                                view! { <li><span class="swatch" style=style></span>{r.name.clone()}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
            </section>
        </LessonFrame>
    }
}
