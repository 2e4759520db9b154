//! `/imagenet`: the ILSVRC classification winners 2010-2015, top-5 error and depth by year, from
//! the cited published values in `lessons::arch::imagenet`.

use crate::catalog::Lesson;
use crate::lessons::arch::imagenet::{
    depth_story, ensemble_story, winners, HUMAN_TOP5, ILSVRC_CLASSIFICATION,
};
use crate::lessons::arch::zoo::NetEntry;
use crate::state::Note;
use crate::ui::components::{DataTable, LessonFrame};
use crate::ui::env;
use crate::ui::viz::{chart, net_charts};
use leptos::prelude::*;

#[component]
pub fn ImagenetPage(lesson: &'static Lesson) -> impl IntoView {
    let notes = RwSignal::new(Vec::<Note>::new());
    let entries = ILSVRC_CLASSIFICATION;
    let (first, last) = (winners().next(), winners().last());
    let alt = format!(
        "Bar chart: ILSVRC top-5 error of the winning entry by year, falling from {}% in {} to \
         {}% in {}, with a dashed line at the human annotator's {}%; below, the depth of each \
         network in weight layers",
        first.map_or(0.0, |e| e.top5_error),
        first.map_or(0, |e| e.year),
        last.map_or(0.0, |e| e.top5_error),
        last.map_or(0, |e| e.year),
        HUMAN_TOP5.top5_error
    );
    let chart = chart::plot(
        chart::Fig::new("ILSVRC winners by year", "imagenet-chart", alt),
        520.0,
        move |area, c| net_charts::imagenet(area, c, entries, &HUMAN_TOP5),
    );
    let rows = entries
        .iter()
        .map(|e| {
            let depth = e.layers.map_or("shallow".to_string(), |l| l.to_string());
            let link = e.net.and_then(NetEntry::find).map(|n| {
                let href = env::href(&format!("/architectures/{}", n.id));
                view! { " " <a href=href>{format!("({} layer by layer)", n.short)}</a> }
            });
            view! {
                <tr data-testid="ilsvrc-row" data-year=e.year data-top5=e.top5_error.to_string()>
                    <td>{e.year}</td>
                    <td>{if e.place == 1 { "winner" } else { "2nd" }}</td>
                    <td>{e.team}</td>
                    <td class="source">{e.model}{link}</td>
                    <td class="num">{format!("{}%", e.top5_error)}</td>
                    <td class="num">{depth}</td>
                    <td class="source">{e.source}" ("{e.note}")"</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p>
                "The ImageNet Large Scale Visual Recognition Challenge: 1,000 classes, 1.2 million "
                "training images; a guess counts as right if the true class is among the model's 5 "
                "best (top-5 error). "
            </p>
            <p data-testid="imagenet-depth-story">{depth_story()}</p>
            {chart}
            <p class="caption">
                "Blue: the year's winner; light blue: 2014's runner-up VGG, the network of this "
                "lecture. Dashed: the human reference, " {HUMAN_TOP5.label} ", "
                <span data-testid="human-top5" data-value=HUMAN_TOP5.top5_error.to_string()>
                    {format!("{}%", HUMAN_TOP5.top5_error)}
                </span>
                " top-5 error (" {HUMAN_TOP5.source} "; " {HUMAN_TOP5.note} "). Below: the depth "
                "of each entry in weight layers. " {ensemble_story()}
            </p>
            <DataTable label="ILSVRC results" columns=vec!["year".into(), "place".into(), "team".into(), "model".into(), "top-5 error".into(), "weight layers".into(), "source".into()]>{rows}</DataTable>
            <p>
                "Why not simply keep adding layers? Plain networks get harder to train as they "
                "get deeper: with saturating units such as the sigmoid "
                <a href=env::href("/vanishing-gradients")>"the gradient vanishes"</a>
                ", and even with ReLU and batch normalisation "
                <a href=env::href("/degradation")>"a deeper plain net can train worse"</a>
                " (He et al. 2016, Sec. 4.1). The 2015 winner's 152 layers needed "
                <a href=env::href("/resnet")>"shortcuts"</a> "."
            </p>
        </LessonFrame>
    }
}
