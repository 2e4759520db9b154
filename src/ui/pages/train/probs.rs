//! The ten class probabilities the network gives the drawn digit or the picked test image, as
//! bars named by the data set's classes.

use super::Store;
use leptos::prelude::*;

#[component]
pub fn ProbBars(store: Store) -> impl IntoView {
    move || {
        let data = store.dataset();
        let probs = store.probs.get();
        let best = probs.as_ref().map(|p| {
            p.iter()
                .enumerate()
                .fold(0, |b, (j, &v)| if v > p[b] { j } else { b })
        });
        let value = probs
            .as_ref()
            .map(|p| serde_json::to_string(p).unwrap_or_default())
            .unwrap_or_default();
        view! {
            <ol class="train-probs" data-testid="draw-probs" data-value=value start="0"
                data-classes=data.id()>
                {(0..10).map(|k| {
                    let p = probs.as_ref().and_then(|p| p.get(k).copied()).unwrap_or(0.0);
                    let cls = if Some(k) == best { "best" } else { "" };
                    view! {
                        <li class=cls data-testid=format!("prob-{k}") data-value=p.to_string()>
                            <span class="digit">{data.class_name(k)}</span>
                            <span class="bar"><span style=format!("width: {:.1}%", p * 100.0)></span></span>
                            <span class="pct">{format!("{:.1}%", p * 100.0)}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    }
}
