//! The network's mistakes on the whole test set: the confusion matrix (a click on a cell lists
//! that cell's test images, the most confident first) and the first misclassified test images.

use super::tiles::{digit_tile, paint_tiles, Painted};
use super::Store;
use crate::data::Dataset;
use crate::lessons::train::protocol::{Misclassified, ToWorker};
use leptos::prelude::*;

/// Test images as tiles, each with "true → predicted" and the network's probability.
#[component]
fn Gallery(
    items: Vec<Misclassified>,
    data: Dataset,
    testid: &'static str,
    #[prop(optional)] item_testid: &'static str,
    empty: String,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="caption">{empty}</p> }.into_any();
    }
    let name = move |k: u8| data.class_name(usize::from(k));
    view! {
        <ul class="train-gallery" data-testid=testid>
            {items.into_iter().map(|m| {
                let tile = digit_tile(&m.pixels);
                let label = format!("test {} {}: {} read as {}", data.item(), m.index,
                    data.a_class(usize::from(m.label)), data.a_class(usize::from(m.predicted)));
                view! {
                    <li data-testid=item_testid data-value=m.index.to_string()>
                        <Painted class="train-digit" label=label
                            paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&tile), 28, 28, 1)) />
                        <span>{format!("{} → {}", name(m.label), name(m.predicted))}</span>
                        <span class="caption">{format!("{:.0} %", m.confidence * 100.0)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The confusion matrix; a click (or Enter) on a cell opens it.
#[component]
fn Confusion(confusion: Vec<Vec<usize>>, data: Dataset, store: Store) -> impl IntoView {
    let open = move |truth: usize, predicted: usize| {
        store.cell.set(Some((truth, predicted)));
        store.cell_images.set(None);
        store.send(&ToWorker::Cell { truth, predicted });
    };
    let max_off = confusion
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.iter()
                .enumerate()
                .filter(move |(j, _)| *j != i)
                .map(|(_, v)| *v)
        })
        .max()
        .unwrap_or(0)
        .max(1);
    view! {
        <div class="train-confusion-wrap" tabindex="0" role="region" aria-label="Confusion matrix">
        <table class="train-confusion" data-testid="confusion">
            <caption>{match data {
                Dataset::Mnist => "Confusion matrix: rows = true digit, columns = predicted".to_string(),
                _ => format!("Confusion matrix: rows = true class, columns = predicted ({})",
                    (0..10).map(|k| format!("{k} {}", data.class_name(k))).collect::<Vec<_>>().join(", ")),
            }}</caption>
            <thead><tr><td></td>{(0..10).map(|j| view! {
                <th scope="col" title=data.class_name(j)>{j}</th>
            }).collect_view()}</tr></thead>
            <tbody>
                {confusion.into_iter().enumerate().map(|(i, row)| view! {
                    <tr>
                        <th scope="row">{match data {
                            Dataset::Mnist => i.to_string(),
                            _ => format!("{i} {}", data.class_name(i)),
                        }}</th>
                        {row.into_iter().enumerate().map(|(j, v)| {
                            // Opaque tints blended with white, with dark text, so the cells
                            // read the same in light and dark mode.
                            let tint = |(r, g, b): (f64, f64, f64), a: f64| {
                                let mix = |c: f64| (255.0 - a * (255.0 - c)).round();
                                format!("background: rgb({}, {}, {}); color: #111", mix(r), mix(g), mix(b))
                            };
                            let style = if i == j {
                                tint((0.0, 158.0, 115.0), 0.3)
                            } else if v > 0 {
                                tint((213.0, 94.0, 0.0), 0.1 + 0.6 * v as f64 / max_off as f64)
                            } else {
                                String::new()
                            };
                            let selected = move || store.cell.get() == Some((i, j));
                            view! {
                                <td style=style data-testid=format!("confusion-{i}-{j}")
                                    data-value=v.to_string() tabindex="0" role="button"
                                    class:cell-open=selected
                                    aria-pressed=move || selected().to_string()
                                    aria-label=format!("{v} test {}s of class {} read as {}: show them",
                                        data.item(), data.class_name(i), data.class_name(j))
                                    on:click=move |_| open(i, j)
                                    on:keydown=move |e: leptos::ev::KeyboardEvent| {
                                        if e.key() == "Enter" || e.key() == " " {
                                            e.prevent_default();
                                            open(i, j);
                                        }
                                    }>{v}</td>
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The opened cell: its images, or why there are none.
#[component]
fn CellView(store: Store, data: Dataset) -> impl IntoView {
    move || {
        let (truth, predicted) = store.cell.get()?;
        let (t, p) = (data.class_name(truth), data.class_name(predicted));
        let title = if truth == predicted {
            format!("{t} read as {t}: correct")
        } else {
            format!("{t} read as {p}")
        };
        let body = match store.cell_images.get() {
            None => view! { <p class="caption" role="status">"Listing the images…"</p> }.into_any(),
            Some(c) => {
                let shown = c.images.len();
                let when = if c.images_seen > 0 {
                    format!(
                        " (evaluated after {} training images)",
                        crate::ui::viz::thousands(c.images_seen)
                    )
                } else {
                    String::new()
                };
                let order = if shown < c.total {
                    format!("; the {shown} the network was most sure of")
                } else if shown > 1 {
                    ", the ones the network was most sure of first".to_string()
                } else {
                    String::new()
                };
                let note = format!("{} test {}s{when}{order}", c.total, data.item());
                view! {
                    <p class="caption">{note}</p>
                    <Gallery items=c.images data=data testid="cell-images" item_testid="cell-image"
                        empty=format!("No test {}s in this cell.", data.item()) />
                }
                .into_any()
            }
        };
        Some(view! {
            <section class="train-cell" aria-live="polite" data-testid="cell">
                <h3>{title}
                    <button class="small secondary" data-testid="cell-close"
                        on:click=move |_| { store.cell.set(None); store.cell_images.set(None); }>"Close"</button>
                </h3>
                {body}
            </section>
        })
    }
}

#[component]
pub fn Mistakes(store: Store) -> impl IntoView {
    move || {
        let data = store.dataset();
        store.test.get().map(|t| {
            view! {
                <div class="train-eval">
                    <div>
                        <Confusion confusion=t.confusion.clone() data=data store=store />
                        <p class="caption">"Click a cell to see its test images."</p>
                    </div>
                    <div>
                        <CellView store=store data=data />
                        <h3>{format!("Misclassified test {}s ({} of 10,000; the first {} shown)",
                            data.item(), t.evaluated - t.correct, t.misclassified.len())}</h3>
                        <Gallery items=t.misclassified.clone() data=data testid="misclassified"
                            empty=format!("No misclassified test {}s.", data.item()) />
                    </div>
                </div>
            }
        })
    }
}
