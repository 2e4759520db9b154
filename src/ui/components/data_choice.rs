//! The data-set choice (`data=` in the URL) of every page that trains on or shows real images,
//! and the credit line the chosen data set's licence asks for.

use super::Choice;
use crate::data::Dataset;
use leptos::prelude::*;

const DATA: &[(&str, &str)] = &[
    ("mnist", "MNIST digits"),
    ("fashion", "Fashion-MNIST clothing"),
];

/// Two buttons, MNIST and Fashion-MNIST (`data-testid="choice-data"`).
#[component]
pub fn DataChoice(
    #[prop(into)] value: Signal<Dataset>,
    on_change: Callback<Dataset>,
) -> impl IntoView {
    let id = Signal::derive(move || value.get().id().to_string());
    let pick = Callback::new(move |v: String| {
        if let Some(d) = Dataset::from_id(&v) {
            on_change.run(d);
        }
    });
    view! { <Choice label="Data set" options=DATA value=id on_change=pick name="data" /> }
}

/// The chosen data set's credit (`data-testid="data-credit"`).
#[component]
pub fn DataCredit(#[prop(into)] data: Signal<Dataset>) -> impl IntoView {
    view! { <p class="caption credit" data-testid="data-credit">{move || data.get().credit()}</p> }
}
