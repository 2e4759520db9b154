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
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! { <Choice label="Data set" options=DATA value=value on_change=on_change name="data" /> }
}

/// The chosen data set's credit (`data-testid="data-credit"`).
#[component]
pub fn DataCredit(#[prop(into)] data: Signal<Dataset>) -> impl IntoView {
    view! { <p class="caption credit" data-testid="data-credit">{move || data.get().credit()}</p> }
}
