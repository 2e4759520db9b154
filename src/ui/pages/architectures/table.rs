//! The layer table: one row per layer (modules and blocks as bold rows holding the sums of
//! their indented children), auxiliary heads below it, totals at the bottom. Hovering or
//! focusing a row lights its element in the diagram; Enter or a click scrolls the diagram to it.

use super::link::{node_id, row_id, Link};
use crate::lessons::arch::diagram::aux_key;
use crate::lessons::arch::fmt::grouped;
use crate::lessons::arch::{LayerReport, NetReport, Totals};
use crate::ui::export;
use leptos::prelude::*;

fn row_view(row: &LayerReport, key: usize, link: Link, aux: bool) -> impl IntoView {
    let activate = move || {
        link.focus.set(Some(key));
        export::scroll_into_view(&node_id(link.drawn(key)));
    };
    let indent = format!("padding-left:{}em", 0.4 + 1.2 * row.nest as f64);
    let params = if row.fixed_params > 0 {
        format!(
            "{} (+{} fixed)",
            grouped(row.params),
            grouped(row.fixed_params)
        )
    } else {
        grouped(row.params)
    };
    view! {
        <tr
            id=row_id(key)
            data-key=key
            data-path=row.path.clone()
            tabindex="0"
            class:group=row.group
            class:aux=aux
            class:lit=move || link.is_lit_row(key)
            class:selected=move || link.is_selected_row(key)
            on:mouseenter=move |_| link.hover.set(Some(key))
            on:mouseleave=move |_| link.hover.set(None)
            on:focus=move |_| link.hover.set(Some(key))
            on:blur=move |_| link.hover.set(None)
            on:click=move |_| activate()
            on:keydown=move |e: web_sys::KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    activate();
                }
            }
        >
            <td class="num">{row.index + 1}</td>
            <th scope="row" style=indent>{row.path.rsplit('/').next().unwrap_or("").to_string()}</th>
            <td>{row.detail.clone()}</td>
            <td class="shape">{row.input.to_string()}</td>
            <td class="shape">{row.output.to_string()}</td>
            <td class="num">{params}</td>
            <td class="num">{grouped(row.macs)}</td>
            <td class="num">{format!("{} / {}", row.rf, row.jump)}</td>
        </tr>
    }
}

fn totals_row(label: String, t: Totals) -> impl IntoView {
    view! {
        <tr class="totals">
            <td></td>
            <th scope="row" colspan="4">{label}</th>
            <td class="num">{grouped(t.params)}</td>
            <td class="num">{grouped(t.macs)}</td>
            <td></td>
        </tr>
    }
}

#[component]
pub fn LayerTable(report: StoredValue<NetReport>, link: Link) -> impl IntoView {
    let body = report.with_value(|r| {
        let main = r
            .layers
            .iter()
            .map(|row| row_view(row, row.index, link, false))
            .collect_view();
        let aux = r
            .aux
            .iter()
            .enumerate()
            .map(|(h, head)| {
                let heading = format!(
                    "Auxiliary classifier {} (on the output of {}): used in training only, counted \
                     apart from the totals",
                    head.name, head.attach_after
                );
                let rows = head
                    .layers
                    .iter()
                    .enumerate()
                    .map(|(i, row)| row_view(row, aux_key(r, h, i), link, true))
                    .collect_view();
                view! {
                    <tr class="aux-heading"><th colspan="8" scope="rowgroup">{heading}</th></tr>
                    {rows}
                    {totals_row(format!("{}: not in the totals", head.name), head.totals)}
                }
            })
            .collect_view();
        let fixed = if r.totals.fixed_params > 0 {
            format!(" (+{} fixed, not trained)", grouped(r.totals.fixed_params))
        } else {
            String::new()
        };
        let total = totals_row(format!("Total, main path{fixed}"), r.totals);
        view! {
            <tbody>{main}</tbody>
            <tfoot>{total}</tfoot>
            <tbody class="aux-body">{aux}</tbody>
        }
    });
    let csv_name = report.with_value(|r| format!("{}-layers.csv", r.id));
    let save_csv = move |_| {
        let csv = report.with_value(|r| r.to_csv());
        export::download_text(&csv_name, "text/csv", &csv);
    };
    view! {
        <div class="table-tools">
            <p class="caption">
                "Hover or focus a row to light its block in the diagram; click it or press Enter "
                "to find it there. Bold rows are modules and blocks: their figures are the sums "
                "of the indented rows under them."
            </p>
            <button class="small secondary" on:click=save_csv data-testid="export-csv">"Download CSV"</button>
        </div>
        <div class="table-box" data-testid="layer-table" role="region" aria-label="Layer table">
            <table class="layers">
                <thead>
                    <tr>
                        <th scope="col">"#"</th>
                        <th scope="col">"layer"</th>
                        <th scope="col">"operation"</th>
                        <th scope="col">"input"</th>
                        <th scope="col">"output"</th>
                        <th scope="col">"parameters"</th>
                        <th scope="col">"multiply-adds"</th>
                        <th scope="col" title="receptive field / distance between units, in input pixels">"RF / jump"</th>
                    </tr>
                </thead>
                {body}
            </table>
        </div>
    }
}
