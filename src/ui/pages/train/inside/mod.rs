//! Inside the trained network: every layer's maps for one test image, a unit opened (its
//! receptive field on the input, the weights that feed it, the test patches that excite it
//! most), why the network gave the image its answer (saliency and occlusion), then the mistakes.
//! What to show is the URL's state ([`InsideParams`]); the figures come from the worker, the
//! geometry from `crate::lessons::train::inside`.

mod explain;
mod maps;
mod unit;

use crate::lessons::train::inside::{clamp_unit, inside_layers, LayerId, NetField, TEST_IMAGES};
use crate::lessons::train::protocol::ToWorker;
use crate::ui::pages::train::Store;
use leptos::prelude::*;

/// The layers the presenter's beats open, in order (C1, C3, S4, F5).
const BEAT_LAYERS: [usize; 4] = [0, 2, 3, 4];

impl Store {
    /// The trained network's layers and receptive-field geometry (from the page's settings).
    pub fn net_field(&self) -> Option<NetField> {
        inside_layers(&self.params.with(|p| p.settings()).model_config()).ok()
    }

    /// The opened unit as `(layer position, unit, row, col)`, fitted to the network.
    pub fn opened_unit(&self) -> Option<(usize, usize, usize, usize)> {
        let net = self.net_field()?;
        let p = self.inside.get();
        let pos = p.layer.position().min(net.layers.len() - 1);
        let ((unit, row, col), _) = clamp_unit(&net.layers[pos], p.unit, p.row, p.col);
        Some((pos, unit, row, col))
    }

    /// Shows test image `index` everywhere (maps, prediction, saliency, occlusion).
    pub fn open_image(&self, index: usize) {
        let index = index.min(TEST_IMAGES as usize - 1);
        self.inside.update(|p| p.image = index as i64);
        self.send(&ToWorker::Inspect { index });
        self.request_explain();
        if self.unit.with_untracked(|u| u.is_none()) {
            self.request_unit();
        }
    }

    /// Opens unit `(unit, row, col)` of the layer at `position`.
    pub fn open_unit(&self, position: usize, unit: usize, row: usize, col: usize) {
        let Some(net) = self.net_field() else { return };
        let Some(layer) = net.layers.get(position) else {
            return;
        };
        let id = LayerId::of_name(&layer.name).unwrap_or(LayerId::C1);
        self.inside.update(|p| {
            p.layer = id;
            (p.unit, p.row, p.col) = (unit as i64, row as i64, col as i64);
        });
        self.request_unit();
    }

    pub fn request_unit(&self) {
        if let Some((layer, unit, row, col)) = self.opened_unit() {
            self.send(&ToWorker::Unit {
                layer,
                unit,
                row,
                col,
            });
        }
    }

    pub fn request_explain(&self) {
        let p = self.inside.get_untracked();
        self.send(&ToWorker::Explain {
            index: p.image.max(0) as usize,
            class: usize::try_from(p.class).ok(),
            patch: p.occ.max(1) as usize,
            stride: p.occ_stride.max(1) as usize,
        });
    }

    /// New weights: everything the look inside shows is asked for again.
    pub fn refresh_inside(&self) {
        if self.phase.get_untracked() == crate::ui::pages::train::Phase::Ready {
            self.request_unit();
            self.request_explain();
        }
    }
}

#[component]
pub fn Inside(store: Store) -> impl IntoView {
    // A unit the layer does not have (a hand-edited URL) is fitted to it, and the URL follows.
    Effect::new(move |_| {
        let Some(net) = store.net_field() else { return };
        let p = store.inside.get();
        let pos = p.layer.position().min(net.layers.len() - 1);
        let ((unit, row, col), changed) = clamp_unit(&net.layers[pos], p.unit, p.row, p.col);
        if changed {
            store
                .inside
                .update(|p| (p.unit, p.row, p.col) = (unit as i64, row as i64, col as i64));
        }
    });
    // Presenter beats: the receptive field grows layer by layer, in the trained network itself:
    // the centre unit of C1, then of C3, of S4, and a unit of F5 (the whole input).
    let presenter = crate::ui::present::use_presenter();
    presenter.register_beat(BEAT_LAYERS.len() as u32);
    Effect::new(move |_| {
        let step = presenter.step.get() as usize;
        if !presenter.enabled.get() || step == 0 {
            return;
        }
        untrack(|| {
            let Some(net) = store.net_field() else { return };
            let pos = BEAT_LAYERS[(step - 1).min(BEAT_LAYERS.len() - 1)];
            if let Some(l) = net.layers.get(pos) {
                store.open_unit(pos, 0, l.shape.0 / 2, l.shape.1 / 2);
            }
        });
    });
    view! {
        <section class="train-inspect" aria-label="Inside the network">
            <h2>"Inside the network"</h2>
            <p class="caption">
                "Every layer's output for one test image, computed from the current weights (refreshed about once a second while it trains). "
                "Click any unit in any map to open it: its receptive field on the input, the weights that feed it, "
                "and the test images that excite it most."
            </p>
            <maps::Picker store=store />
            <maps::Maps store=store />
            <unit::UnitPanel store=store />
            <explain::Explain store=store />
            <crate::ui::pages::train::mistakes::Mistakes store=store />
        </section>
    }
}
