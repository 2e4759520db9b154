//! One unit opened: its value on the image, its receptive field in numbers, the weights that
//! feed it, and the nine test patches that excite its map most (a click shows that image).

use super::Store;
use crate::lessons::train::inside::LayerKind;
use crate::ui::components::KeyFigure;
use crate::ui::pages::train::tiles::{digit_tile, grey, paint_stack, paint_tiles, Painted, Scale};
use leptos::prelude::*;

#[component]
pub fn UnitPanel(store: Store) -> impl IntoView {
    let heading = move || {
        let net = store.net_field()?;
        let (pos, unit, row, col) = store.opened_unit()?;
        let layer = net.layers[pos].clone();
        let field = net.unit_field(&layer, row, col).ok()?;
        let what = match layer.kind {
            LayerKind::Dense => format!("{} unit {unit}", layer.name),
            _ => format!("{} map {unit}, row {row}, column {col}", layer.name),
        };
        let value = store.inspection.with(|i| {
            let m = i.as_ref()?.maps.get(pos)?;
            m.data.get((row * m.w + col) * m.c + unit).copied()
        });
        let reach = if field.size > field.rows.1 + 1 - field.rows.0 {
            format!("{0}x{0} counting the padding it reaches", field.size)
        } else {
            format!("{0}x{0}", field.size)
        };
        let field_text = format!(
            "Its receptive field: rows {}–{}, columns {}–{} of the 32x32 input ({reach}), outlined on the input above. \
             The receptive-field lesson's recurrence on this network's stack of convolutions and poolings gives it; \
             {}",
            field.rows.0, field.rows.1, field.cols.0, field.cols.1,
            if layer.kind == LayerKind::Dense {
                "a fully connected unit reads every unit below it, so it sees the whole input.".to_string()
            } else {
                format!("every map of {} sees the same window.", layer.name)
            }
        );
        Some(view! {
            <h3 data-testid="unit-name">{what}</h3>
            <div class="figures">
                <KeyFigure testid="unit-value" label="Its value on this image"
                    value=Signal::derive(move || value.map(|v| v.to_string()).unwrap_or_default())
                    text=Signal::derive(move || value.map(|v| format!("{v:.3}")).unwrap_or_else(|| "–".into())) />
                <KeyFigure testid="unit-field" label="Receptive field (pixels)"
                    value=Signal::derive(move || field.size.to_string()) />
            </div>
            <p class="caption" data-testid="unit-field-text">{field_text}</p>
        })
    };
    let weights = move || {
        let u = store.unit.get()?;
        let w = u.weights?;
        let bias = u.bias.map(|b| format!(", bias {b:.3}")).unwrap_or_default();
        let text = if w.h == 1 && w.w == 1 {
            format!(
                "the {} weights from the layer below{bias} (grey = 0, white > 0, black < 0)",
                w.c
            )
        } else {
            format!("its {}x{} kernel on each of the {} maps below it{bias} (grey = 0, white > 0, black < 0)", w.h, w.w, w.c)
        };
        let cols = if w.h == 1 { 20 } else { 8 };
        let shown = if w.h == 1 {
            // One tile of all inputs, on one signed scale.
            let tile = grey(&w.data, Scale::Signed);
            let rows = w.c.div_ceil(cols);
            let mut padded = tile;
            padded.resize(rows * cols, 127);
            view! {
                <Painted class="train-weights" testid="unit-weights" label="weights".to_string()
                    paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&padded), rows, cols, 1)) />
            }.into_any()
        } else {
            view! {
                <Painted class="train-weights" testid="unit-weights" label="weights".to_string()
                    paint=Box::new(move |c| paint_stack(c, &w, Scale::Signed, cols)) />
            }
            .into_any()
        };
        Some(
            view! { <figure>{shown}<figcaption>{format!("Weights feeding it: {text}.")}</figcaption></figure> },
        )
    };
    let patches = move || {
        let u = store.unit.get()?;
        let data = store.dataset();
        let pooled = if u.weights.is_none() {
            " (a pooling unit has no weights)"
        } else {
            ""
        };
        // A map's unit shares its filter with the whole map, so its patches come from anywhere in
        // it; a fully connected unit has one place, the whole input.
        let dense = store.net_field().is_some_and(|n| {
            n.layers
                .iter()
                .any(|l| l.name == u.layer && l.kind == LayerKind::Dense)
        });
        let (what_excites, where_) = if dense {
            (format!("{} unit {}", u.layer, u.unit), String::new())
        } else {
            (
                format!("{} map {}", u.layer, u.unit),
                ", anywhere in the map (at most one place an image), each cut to that place's receptive field".to_string(),
            )
        };
        let tiles = u.top.into_iter().map(|t| {
            let (h, w) = (t.field.rows.1 + 1 - t.field.rows.0, t.field.cols.1 + 1 - t.field.cols.0);
            let tile = digit_tile(&t.pixels);
            let label = format!("test {} #{} ({}): {:.3}", data.item(), t.index, data.a_class(usize::from(t.label)), t.value);
            let (index, title) = (t.index, label.clone());
            view! {
                <button class="train-patch" data-testid="top-patch" data-index=t.index data-value=t.value.to_string()
                    data-rows=format!("{},{}", t.field.rows.0, t.field.rows.1) data-cols=format!("{},{}", t.field.cols.0, t.field.cols.1)
                    title=title on:click=move |_| store.open_image(index)>
                    <Painted class="train-patch-img" label=label paint=Box::new(move |c| paint_tiles(c, std::slice::from_ref(&tile), h, w, 1)) />
                    <span>{format!("#{} {:.2}", t.index, t.value)}</span>
                </button>
            }
        }).collect_view();
        Some(view! {
            <p class="caption">{format!(
                "What excites it: the nine test {}s where {} responds most{}, strongest first{pooled}. \
                 Computed over all 10,000 test {}s with the current weights; click one to look at it.",
                data.item(), what_excites, where_, data.item())}</p>
            <div class="train-patches">{tiles}</div>
        })
    };
    view! {
        <div class="train-unit-panel" data-testid="unit-panel">
            {heading}
            {weights}
            {patches}
        </div>
    }
}
