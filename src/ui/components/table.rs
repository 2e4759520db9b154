//! The data tables of the lessons: a scrolling, keyboard-focusable box (`.table-box.short`)
//! named for screen readers, one header row, and the rows the caller renders.

use leptos::prelude::*;

#[component]
pub fn DataTable(
    /// What the table holds (the region's accessible name).
    #[prop(into)]
    label: String,
    /// The column headings, left to right.
    columns: Vec<String>,
    /// The table element's class (styles per table).
    #[prop(optional)]
    class: &'static str,
    /// `data-testid` of the table element.
    #[prop(optional)]
    testid: &'static str,
    /// The rows (`<tr>`s).
    children: Children,
) -> impl IntoView {
    let heads = columns
        .into_iter()
        .map(|c| view! { <th scope="col">{c}</th> })
        .collect_view();
    view! {
        <div class="table-box short" tabindex="0" role="region" aria-label=label>
            <table class=(!class.is_empty()).then_some(class)
                data-testid=(!testid.is_empty()).then_some(testid)>
                <thead>
                    <tr>{heads}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
