//! The test image chooser and every layer's maps: the input as the network reads it (32x32, the
//! opened unit's receptive field drawn on it), conv1's filters, and C1 to the output, each
//! clickable to open a unit.

use super::Store;
use crate::data::mnist::LENET_SIDE;
use crate::lessons::train::inside::TileGrid;
use crate::lessons::train::protocol::MapStack;
use crate::lessons::train::session::inside::padded_patch;
use crate::ui::pages::train::tiles::{digit_tile, grey, paint_stack, paint_tiles, Painted, Scale};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Picker(store: Store) -> impl IntoView {
    let image = move || store.inside.with(|p| p.image.max(0) as usize);
    view! {
        <div class="train-pick">
            <button on:click=move |_| store.open_image(image().saturating_sub(1))>{move || format!("◀ previous {}", store.dataset().item())}</button>
            <label>
                {move || format!("test {} #", store.dataset().item())}
                <input type="number" min="0" max="9999" data-testid="inspect-index"
                    prop:value=move || image().to_string()
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            store.open_image(i)
                        }
                    } />
            </label>
            <button on:click=move |_| store.open_image(image() + 1)>{move || format!("next {} ▶", store.dataset().item())}</button>
        </div>
    }
}

/// Grey tiles of a layer: spatial maps each on its own range; a fully connected layer's units
/// on the layer's common range (one tile per unit).
fn paint_layer(c: &web_sys::HtmlCanvasElement, m: &MapStack) {
    let grid = TileGrid::for_shape((m.h, m.w, m.c));
    if m.h == 1 && m.w == 1 {
        let tiles: Vec<Vec<u8>> = grey(&m.data, Scale::MinMax)
            .into_iter()
            .map(|g| vec![g])
            .collect();
        paint_tiles(c, &tiles, 1, 1, grid.cols);
    } else {
        paint_stack(c, m, Scale::MinMax, grid.cols);
    }
}

/// The canvas pixel under a click on `ev`'s current target, for a canvas `size` wide and high.
fn canvas_pixel(ev: &web_sys::MouseEvent, size: (usize, usize)) -> Option<(usize, usize)> {
    let el: web_sys::Element = ev.current_target()?.dyn_into().ok()?;
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - r.left()) / r.width() * size.0 as f64;
    let y = (f64::from(ev.client_y()) - r.top()) / r.height() * size.1 as f64;
    (x >= 0.0 && y >= 0.0).then_some((x as usize, y as usize))
}

#[component]
pub fn Maps(store: Store) -> impl IntoView {
    let side = LENET_SIDE;
    let input = move || {
        let ins = store.inspection.get()?;
        let padded = digit_tile(&padded_patch(&ins.pixels, (0, side - 1), (0, side - 1)));
        let net = store.net_field()?;
        let (pos, _, row, col) = store.opened_unit()?;
        let layer = net.layers[pos].clone();
        let field = net.unit_field(&layer, row, col).ok();
        let data = store.dataset();
        let (label, predicted) = (usize::from(ins.label), usize::from(ins.predicted));
        Some(view! {
            <figure>
                <div class="train-hit">
                    <Painted class="train-digit big" testid="inspect-digit"
                        label=format!("test {} {}", data.item(), ins.index)
                        paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&padded), side, side, 1)) />
                    <svg class="train-overlay" viewBox=format!("0 0 {side} {side}") preserveAspectRatio="none" aria-hidden="true">
                        <rect class="train-input-border" x="2" y="2" width="28" height="28" />
                        {field.map(|f| view! {
                            <rect class="train-rf" data-testid="unit-rf"
                                data-layer=layer.name.clone() data-row=row data-col=col
                                data-rows=format!("{},{}", f.rows.0, f.rows.1)
                                data-cols=format!("{},{}", f.cols.0, f.cols.1) data-size=f.size
                                x=f.cols.0 y=f.rows.0 width=f.cols.1 + 1 - f.cols.0 height=f.rows.1 + 1 - f.rows.0 />
                        })}
                    </svg>
                </div>
                <figcaption>{format!("input: test {} #{}, {}; read as {} (32x32 as the network reads it: the 28x28 image inside a 2-pixel border)",
                    data.item(), ins.index, data.a_class(label), data.a_class(predicted))}</figcaption>
            </figure>
        })
    };
    let filters = move || {
        store.inspection.get().map(|ins| {
            let filters = ins.filters.clone();
            view! {
                <figure>
                    <Painted class="train-filters" testid="conv1-filters" label="conv1 filters".to_string()
                        paint=Box::new(move |c| paint_stack(c, &filters, Scale::Signed, 6)) />
                    <figcaption>"conv1's six 5x5 filters (grey = 0, white > 0, black < 0)"</figcaption>
                </figure>
            }
        })
    };
    let layers = move || {
        let ins = store.inspection.get()?;
        let opened = store.opened_unit();
        Some(ins.maps.into_iter().enumerate().map(|(pos, m)| {
            let grid = TileGrid::for_shape((m.h, m.w, m.c));
            let size = grid.size();
            let name = if m.h == 1 && m.w == 1 {
                format!("{} ({} units)", m.name, m.c)
            } else {
                format!("{} ({}x{}x{})", m.name, m.h, m.w, m.c)
            };
            let mark = opened.filter(|o| o.0 == pos).map(|(_, u, r, c)| {
                let (x, y) = grid.origin(u);
                view! { <rect class="train-unit" x=x + c y=y + r width="1" height="1" /> }
            });
            let click = move |ev: web_sys::MouseEvent| {
                if let Some((u, r, c)) = canvas_pixel(&ev, size).and_then(|(x, y)| grid.locate(x, y)) {
                    store.open_unit(pos, u, r, c);
                }
            };
            let label = name.clone();
            let (layer_name, dense) = (m.name.clone(), m.h == 1 && m.w == 1);
            view! {
                <figure>
                    <div class="train-hit" class:dense=dense data-testid="layer-map" data-layer=layer_name
                        data-grid=format!("{},{},{},{}", grid.h, grid.w, grid.tiles, grid.cols) on:click=click>
                        <Painted class="train-fmap" testid="feature-map" label=label
                            paint=Box::new(move |c| paint_layer(c, &m)) />
                        <svg class="train-overlay" viewBox=format!("0 0 {} {}", size.0, size.1) preserveAspectRatio="none" aria-hidden="true">
                            {mark}
                        </svg>
                    </div>
                    <figcaption>{name}</figcaption>
                </figure>
            }
        }).collect_view())
    };
    view! {
        <div class="train-maps">
            {input}
            {filters}
            {layers}
        </div>
    }
}
