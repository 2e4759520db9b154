//! `/architectures/:net`: a network drawn, tabled and counted by the calculator, with the
//! papers' figures beside the computed ones.

mod diagram;
mod link;
mod notes;
mod table;

use crate::catalog::{Lesson, ARCH_NETS};
use crate::lessons::arch::fmt::{grouped, si};
use crate::lessons::arch::state::ArchState;
use crate::lessons::arch::{report, LayerReport, NetReport};
use crate::state::Note;
use crate::ui::components::{ErrorNote, KeyFigure, LessonFrame};
use crate::ui::env;
use crate::ui::url_state::use_url_state;
use crate::ui::viz::{chart, net_charts};
use leptos::prelude::*;

pub use notes::counting_note;

/// Every network of [`ARCH_NETS`] by its short name, the current one marked.
fn picker(current: &str) -> impl IntoView {
    let links = ARCH_NETS
        .iter()
        .map(|net| {
            let here = net.id == current;
            view! {
                <a
                    class="net-chip"
                    href=env::href(&format!("/architectures/{}", net.id))
                    aria-current=here.then_some("page")
                >
                    {net.short}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="net-picker" aria-label="Networks">{links}</nav> }
}

fn figures(r: &NetReport) -> impl IntoView {
    let (p, m, w) = (r.total_params(), r.total_macs(), r.weight_layers());
    let lenet = (r.id == "lenet5").then(|| {
        let c = r.totals.connections;
        view! {
            <KeyFigure testid="total-connections" label="connections" value=c.to_string() text=grouped(c) />
        }
    });
    let input = r.input;
    view! {
        <div class="figures arch-figures">
            <KeyFigure testid="total-params" label="parameters" value=p.to_string() text=si(p) />
            <KeyFigure testid="total-macs" label="multiply-adds (one image)" value=m.to_string() text=si(m) />
            <KeyFigure testid="weight-layers" label="weight layers" value=w.to_string() />
            {lenet}
        </div>
        <p class="exact">
            "Exactly " <strong>{grouped(p)}</strong> " trainable parameters"
            {(r.totals.fixed_params > 0)
                .then(|| format!(" (+{} fixed)", grouped(r.totals.fixed_params)))}
            " and " <strong>{grouped(m)}</strong> " multiply-adds for one " {input.to_string()}
            " image: " {r.counts.describe()} "."
        </p>
    }
}

fn weight_rows(r: &NetReport) -> Vec<LayerReport> {
    r.layers
        .iter()
        .filter(|l| !l.group && l.weight_layer)
        .cloned()
        .collect()
}

/// The page for one network id of [`ARCH_NETS`].
pub fn page(lesson: &'static Lesson, net: &str) -> AnyView {
    let (state, notes) = use_url_state::<ArchState>();
    let r = match report(net) {
        Ok(r) => r,
        Err(e) => {
            return view! {
                <LessonFrame lesson=lesson notes=notes>
                    <ErrorNote message=e.to_string() />
                </LessonFrame>
            }
            .into_any()
        }
    };
    let link = link::Link::new(&r);
    let keys = crate::lessons::arch::diagram::key_count(&r) as i64;
    let row = state.get_untracked().row;
    if row > keys {
        notes.update(|n| {
            n.push(Note::new(
                "row",
                format!("{row} is past the last layer ({keys}); no layer selected"),
            ))
        });
        state.update(|s| s.row = 0);
    }
    link.focus
        .set((state.get_untracked().row > 0).then(|| state.get_untracked().row as usize - 1));
    Effect::new(move |_| {
        let f = link.focus.get().map_or(0, |k| k as i64 + 1);
        if state.get_untracked().row != f {
            state.update(|s| s.row = f);
        }
    });
    let zoom = RwSignal::new(state.get_untracked().zoom);
    Effect::new(move |_| {
        let z = zoom.get();
        if state.get_untracked().zoom != z {
            state.update(|s| s.zoom = z);
        }
    });

    let weights = weight_rows(&r);
    let n_weights = weights.len();
    let chart = chart::plot(
        chart::Fig::new(
            "multiply-adds and parameters per weight layer",
            "per-layer-chart",
            format!("Bar charts of multiply-adds and parameters for each of the {n_weights} weight layers of {}", r.name),
        ),
        560.0,
        move |area, c| net_charts::per_layer(area, c, &weights),
    );
    let vgg = r.id.starts_with("vgg").then(|| notes::vgg_flops_card(&r));
    let header = notes::header_answer(&r, lesson.question);
    let lenet = (r.id == "lenet5").then(|| notes::lenet_note(&r));
    let googlenet = (r.id == "googlenet").then(|| notes::googlenet_note(&r));
    let resnet_link = (r.id.starts_with("resnet") || r.id == "plain34").then(|| {
        let m = |id: &str| report(id).map_or(0, |r| r.total_macs());
        let ratio = crate::lessons::arch::fmt::times(m("vgg19"), m("plain34"));
        view! {
            <p>
                {format!(
                    "Shortcuts, and why VGG-19 costs {ratio} the multiply-adds of a 34-layer network: "
                )}
                <a href=env::href("/resnet")>"ResNet: F(x) + x"</a> "."
            </p>
        }
    });
    let compare = view! {
        <p>
            <a href=env::href(&format!("/resnet?a={}#compare", r.id))>
                {format!("Compare {} with other networks side by side", r.name)}
            </a>
        </p>
    };
    let published = notes::published_table(&r);
    let variants = notes::variants_note(&r);
    let (name, source) = (r.name.clone(), r.source.clone());
    let pick = picker(net);
    let stored = StoredValue::new(r);
    view! {
        <LessonFrame lesson=lesson notes=notes>
            {pick}
            <h2 class="net-name" data-testid="net-name">{name}</h2>
            <p class="caption">{source}</p>
            {figures(&stored.read_value())}
            {header}
            <section class="arch-section">
                <h2>"The network"</h2>
                <p class="caption">
                    "Volumes are feature maps (height grows with the map's size, width with its "
                    "channels), thin bars are fc layers; inception modules run four branches side by "
                    "side into a concatenation; residual blocks add their input through the green "
                    "shortcut (dashed where a projection or zero padding changes its shape)."
                </p>
                <div class="figure" data-figure="layer diagram">
                    <diagram::NetDiagram report=stored link=link zoom=zoom />
                </div>
            </section>
            <section class="arch-section">
                <h2>"Layer by layer"</h2>
                <table::LayerTable report=stored link=link />
            </section>
            <section class="arch-section">
                <h2>"Where the multiply-adds and the parameters go"</h2>
                {chart}
                <p class="caption">
                    "Blue: convolutions; green: projection shortcuts; orange: fc layers; purple: "
                    "LeNet-5's fixed RBF outputs. The largest bar of each chart is named."
                </p>
                {vgg}
            </section>
            <section class="arch-section">
                <h2>"The papers' figures"</h2>
                {published}
                {variants}
                {resnet_link}
                {compare}
            </section>
            {lenet}
            {googlenet}
            <section class="arch-section">
                <h2>"How many layers? The slide and the papers count differently"</h2>
                {counting_note()}
            </section>
        </LessonFrame>
    }
    .into_any()
}
