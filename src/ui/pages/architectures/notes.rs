//! The figures beside the diagram: published totals next to the computed ones, the two ways
//! of counting layers, and what each network has to teach (connections vs parameters,
//! auxiliary classifiers, variants).

use crate::lessons::arch::answers::{alexnet_why_won, how_deep_with_shortcuts};
use crate::lessons::arch::conventions::{counting_explanation, counting_rows};
use crate::lessons::arch::fmt::{grouped, percent, si};
use crate::lessons::arch::why_flops::flop_causes;
use crate::lessons::arch::zoo::{published, Family, NetEntry, Quantity};
use crate::lessons::arch::{report, LayerKind, NetReport};
use crate::ui::components::{DataTable, RevealCard};
use crate::ui::env;
use leptos::prelude::*;

fn computed(r: &NetReport, q: Quantity) -> u64 {
    match q {
        Quantity::Params => r.total_params(),
        Quantity::Macs => r.total_macs(),
        Quantity::Connections => r.totals.connections,
        Quantity::WeightLayers => r.weight_layers() as u64,
    }
}

fn quantity_name(q: Quantity) -> &'static str {
    match q {
        Quantity::Params => "parameters",
        Quantity::Macs => "multiply-adds",
        Quantity::Connections => "connections",
        Quantity::WeightLayers => "weight layers",
    }
}

/// Published figures with their sources, beside the calculator's.
pub fn published_table(r: &NetReport) -> impl IntoView {
    let rows = published(&r.id)
        .iter()
        .map(|p| {
            let c = computed(r, p.quantity);
            let exact = (c as f64 - p.value).abs() < 0.5;
            view! {
                <tr>
                    <th scope="row">{quantity_name(p.quantity)}</th>
                    <td>{p.printed}</td>
                    <td class="num" data-testid=format!("computed-{}", quantity_name(p.quantity).replace(' ', "-")) data-value=c.to_string()>
                        {grouped(c)}
                    </td>
                    <td>{if exact { "exact".to_string() } else { p.note.to_string() }}</td>
                    <td class="source">{p.source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable label="Published and computed figures" class="published" columns=vec!["quantity".into(), "published".into(), "computed here".into(), "how they compare".into(), "source".into()]>{rows}</DataTable>
    }
}

/// The slide's layer counts next to the papers', all recounted by the calculator (the same
/// explanation `/vanishing-gradients` shows).
pub fn counting_note() -> impl IntoView {
    let rows = counting_rows()
        .into_iter()
        .map(|r| {
            let counted = format!(
                "{} conv + {} fc ({}); {} with parameters; {} weight layers",
                r.conv, r.slide_fc, r.slide_fc_are, r.with_parameters, r.weight_layers
            );
            view! {
                <tr data-testid=format!("count-{}", r.id) data-paper=r.paper_count.to_string()>
                    <th scope="row"><a href=env::href(&format!("/architectures/{}", r.id))>{r.name}</a></th>
                    <td>{r.slide}</td>
                    <td>{r.paper}</td>
                    <td>{counted}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p data-testid="counting-explanation">{counting_explanation()}</p>
        <DataTable label="Layer counts" class="counting" columns=vec!["network".into(), "the slide".into(), "the paper".into(), "counted by the calculator".into()]>{rows}</DataTable>
    }
}

/// LeNet-5: connections are not parameters.
pub fn lenet_note(r: &NetReport) -> impl IntoView {
    let row = |name: &str| r.row(name).cloned();
    let (c1, c3) = (row("C1"), row("C3"));
    let c1_text = c1
        .map(|c| {
            format!(
                "C1 has {} trainable parameters (6 filters of 5x5 + 6 biases) but {} connections: \
                 each of its 28x28x6 = {} units has 25 inputs and a bias, and all units of a \
                 feature map share the same 26 numbers.",
                grouped(c.params),
                grouped(c.connections),
                grouped(c.output.elems())
            )
        })
        .unwrap_or_default();
    let c3_text = c3
        .map(|c| {
            format!(
                "C3 connects each of its 16 maps to only some of S2's 6 maps (the paper's Table I), \
                 to break symmetry and save weights: {} parameters, {} connections.",
                grouped(c.params),
                grouped(c.connections)
            )
        })
        .unwrap_or_default();
    view! {
        <h2>"Connections are not parameters"</h2>
        <p>
            "LeCun et al. (1998, Sec. II-B) give LeNet-5 340,908 connections but only 60,000 "
            "trainable parameters, because of weight sharing. "
            {c1_text}
        </p>
        <p>{c3_text}</p>
        <p>
            "The output layer's 10 x 84 = 840 RBF parameters are set by hand (stylised 7x12 "
            "bitmaps of the digits) and not trained: they are counted apart, which is how the "
            "paper's 60,000 comes out exactly."
        </p>
    }
}

/// GoogLeNet: the auxiliary classifiers and the slide's question.
pub fn googlenet_note(r: &NetReport) -> impl IntoView {
    let heads = r
        .aux
        .iter()
        .map(|a| {
            format!(
                "{} on {} ({} parameters, {} multiply-adds)",
                a.name,
                a.attach_after,
                grouped(a.totals.params),
                si(a.totals.macs)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let aux_params: u64 = r.aux.iter().map(|a| a.totals.params).sum();
    let share = aux_params as f64 / r.total_params().max(1) as f64;
    view! {
        <h2>"Auxiliary classifiers"</h2>
        <p>
            "Two small classifiers hang off the middle of the network (drawn dashed): average "
            "pooling 5x5/3, a 1x1 convolution with 128 filters, fc 1024, dropout 70%, fc 1000, "
            "softmax. " {heads} ". Together they would add " {percent(share)}
            " to the network's parameters, but they are used only while training and thrown "
            "away at inference, so the totals above leave them out (as the paper's 22 layers do)."
        </p>
        {crate::ui::components::why_lower_card(1)}
    }
}

const OPTION_A: &str =
    "option A: zero-padded identity shortcuts, no projections (the ResNet-34 of He et al.'s Table 2 and Fig. 4, Sec. 4.1)";

/// Variants whose figures the papers and torchvision differ on, computed the same way.
pub fn variants_note(r: &NetReport) -> impl IntoView {
    let other = match r.id.as_str() {
        "alexnet" => Some((
            "alexnet_tv",
            "single-tower AlexNet (torchvision; 64-192-384-256-256 filters, no groups)",
        )),
        "resnet18" => Some(("resnet18_a", OPTION_A)),
        "resnet34" => Some(("resnet34_a", OPTION_A)),
        "resnet50" => Some((
            "resnet50_v1_5",
            "v1.5 (torchvision): the stride in the 3x3 conv instead of the first 1x1",
        )),
        "resnet101" => Some((
            "resnet101_v1_5",
            "v1.5 (torchvision): the stride in the 3x3 conv",
        )),
        "resnet152" => Some((
            "resnet152_v1_5",
            "v1.5 (torchvision): the stride in the 3x3 conv",
        )),
        _ => None,
    };
    other.and_then(|(id, what)| {
        let v = report(id).ok()?;
        Some(view! {
            <h2>"Which variant?"</h2>
            <p>
                "This page shows " {r.name.clone()} ": " {grouped(r.total_params())} " parameters, "
                {grouped(r.total_macs())} " multiply-adds. The " {what} " has "
                {grouped(v.total_params())} " parameters and " {grouped(v.total_macs())}
                " multiply-adds (" <span data-testid="variant-macs" data-value=v.total_macs().to_string()>{si(v.total_macs())}</span> ")."
            </p>
        })
    })
}

/// VGG: "Q: why does VGG have so many more FLOPs?" answered from this page's numbers, with
/// the page's own network in the question.
pub fn vgg_flops_card(r: &NetReport) -> Option<impl IntoView> {
    let res = report("resnet34_a").ok()?;
    let causes = flop_causes(r, &res);
    let fc = crate::lessons::arch::fig911::dense_params(r);
    let first_fc = r.layers.iter().find(|l| l.kind == LayerKind::Dense);
    let p2 = format!(
        "Its parameters are elsewhere: the three fc layers hold {} of its {} ({}); {} alone \
         has {} inputs per unit ({} parameters). ",
        si(fc),
        si(r.total_params()),
        percent(fc as f64 / r.total_params() as f64),
        first_fc.map_or("", |l| l.name.as_str()),
        first_fc.map_or(String::new(), |l| grouped(l.input.elems())),
        first_fc.map_or(String::new(), |l| si(l.params)),
    );
    Some(view! {
        <RevealCard question=causes.question()>
            {crate::ui::components::flops_answer(&causes)}
            <p>
                {p2.clone()}
                <a href=env::href("/resnet")>"VGG-19, plain-34 and ResNet-34 side by side"</a>
            </p>
        </RevealCard>
    })
}

/// The header questions of AlexNet's and the ResNets' pages, answered from the papers.
pub fn header_answer(r: &NetReport, question: &'static str) -> Option<impl IntoView> {
    let paragraphs = match NetEntry::find(&r.id)?.family {
        Family::AlexNet => alexnet_why_won(),
        Family::ResNet | Family::Plain => how_deep_with_shortcuts(),
        _ => return None,
    };
    Some(view! {
        <RevealCard question=question>
            {paragraphs
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, p)| view! { <p data-testid=format!("header-answer-{i}")>{p}</p> })
                .collect_view()}
        </RevealCard>
    })
}
