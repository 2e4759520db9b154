//! Looking inside: conv1's filters and the C1/S2/C3/S4 maps of a chosen test image (refreshed
//! about once a second while training); then the mistakes (`mistakes.rs`).

use super::tiles::{digit_tile, paint_stack, paint_tiles, Painted, Scale};
use super::Store;
use crate::lessons::train::protocol::ToWorker;
use leptos::prelude::*;

#[component]
pub fn Inspect(store: Store) -> impl IntoView {
    let choose = move |i: usize| {
        store.inspect_index.set(i);
        store.send(&ToWorker::Inspect { index: i });
    };
    let maps = move || {
        let data = store.dataset();
        store.inspection.get().map(|ins| {
            let digit = digit_tile(&ins.pixels);
            let filters = ins.filters.clone();
            view! {
                <div class="train-maps">
                    <figure>
                        <Painted class="train-digit big" testid="inspect-digit"
                            label=format!("test {} {}", data.item(), ins.index)
                            paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&digit), 28, 28, 1)) />
                        <figcaption>{format!("test {} #{}: {}, read as {}", data.item(), ins.index,
                            data.a_class(usize::from(ins.label)), data.a_class(usize::from(ins.predicted)))}</figcaption>
                    </figure>
                    <figure>
                        <Painted class="train-filters" testid="conv1-filters" label="conv1 filters".to_string()
                            paint=Box::new(move |c| paint_stack(c, &filters, Scale::Signed, 6)) />
                        <figcaption>"conv1's six 5x5 filters (grey = 0, white > 0, black < 0)"</figcaption>
                    </figure>
                    {ins.maps.into_iter().map(|m| {
                        let name = format!("{} ({}x{}x{})", m.name, m.h, m.w, m.c);
                        let cols = if m.c > 8 { 8 } else { m.c };
                        view! {
                            <figure>
                                <Painted class="train-fmap" testid="feature-map" label=name.clone()
                                    paint=Box::new(move |c| paint_stack(c, &m, Scale::MinMax, cols)) />
                                <figcaption>{name}</figcaption>
                            </figure>
                        }
                    }).collect_view()}
                </div>
            }
        })
    };
    view! {
        <section class="train-inspect" aria-label="Inside the network">
            <h2>"Inside the network"</h2>
            <div class="train-pick">
                <button on:click=move |_| choose(store.inspect_index.get_untracked().saturating_sub(1))>{move || format!("◀ previous {}", store.dataset().item())}</button>
                <label>
                    {move || format!("test {} #", store.dataset().item())}
                    <input type="number" min="0" max="9999" data-testid="inspect-index"
                        prop:value=move || store.inspect_index.get().to_string()
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                choose(i.min(9999))
                            }
                        } />
                </label>
                <button on:click=move |_| choose((store.inspect_index.get_untracked() + 1).min(9999))>{move || format!("next {} ▶", store.dataset().item())}</button>
            </div>
            {maps}
            <super::mistakes::Mistakes store=store />
        </section>
    }
}
