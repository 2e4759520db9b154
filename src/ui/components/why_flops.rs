//! "Q: why does VGG have so many more FLOPs than ResNet-34?": the computed answer (width,
//! resolution, fc layers, largest first) and the stage-by-stage table it is read from.

use crate::lessons::arch::fmt::{grouped, si};
use crate::lessons::arch::why_flops::{FlopCauses, StageCost};
use crate::ui::components::DataTable;
use leptos::prelude::*;

fn signed(v: i64) -> String {
    if v < 0 {
        format!("-{}", si(v.unsigned_abs()))
    } else {
        format!("+{}", si(v as u64))
    }
}

fn stage_row(s: &StageCost) -> impl IntoView {
    let width = |w: usize, n: usize| {
        if n == 0 {
            "-".to_string()
        } else {
            format!("{n} x {w}")
        }
    };
    view! {
        <tr>
            <th scope="row">{s.label()}</th>
            <td class="num" data-value=s.a_macs.to_string()>{si(s.a_macs)}</td>
            <td>{width(s.a_width, s.a_layers)}</td>
            <td class="num" data-value=s.b_macs.to_string()>{si(s.b_macs)}</td>
            <td>{width(s.b_width, s.b_layers)}</td>
            <td class="num">{signed(s.excess())}</td>
            <td>{s.cause.label()}</td>
        </tr>
    }
}

/// The answer paragraphs and the stage table.
pub fn flops_answer(c: &FlopCauses) -> impl IntoView {
    let paragraphs = c
        .answer()
        .into_iter()
        .enumerate()
        .map(|(i, p)| view! { <p data-testid=format!("why-flops-{i}")>{p}</p> })
        .collect_view();
    let rows = c.stages.iter().map(stage_row).collect_view();
    let label = format!("{} and {} stage by stage", c.a_name, c.b_name);
    view! {
        {paragraphs}
        <DataTable label=label testid="why-flops-stages" columns=vec!["output side".into(), format!("{}: multiply-adds", c.a_name), "layers x widest".into(), format!("{}: multiply-adds", c.b_name), "layers x widest".into(), "difference".into(), "cause".into()]>{rows}</DataTable>
        <p class="caption">
            "Weight layers grouped by the side of their output; \"layers x widest\" is the number "
            "of conv or fc layers and the most output channels among them. Totals, computed: "
            {grouped(c.a_total)} " and " {grouped(c.b_total)} " multiply-adds. He et al. (2016, "
            "Fig. 3) print 19.6 billion FLOPs (multiply-adds) for VGG-19 and 3.6 billion for "
            "their 34-layer nets."
        </p>
    }
}
