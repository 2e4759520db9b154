//! Fashion-MNIST's stand-in for drawing: pick a test image and see the ten probabilities. A few
//! pen strokes are a fair MNIST digit (MNIST's digits are centred strokes), but nothing like a
//! Fashion-MNIST image (a filled, shaded photograph of a garment), so the network would be
//! judged on inputs unlike anything in its data. The picked image is the one "Inside the
//! network" shows, so its feature maps are right there.

use super::probs::ProbBars;
use super::tiles::paint_tiles;
use super::Store;
use crate::data::mnist::shuffle::SplitMix64;
use crate::lessons::train::protocol::ToWorker;
use leptos::html::Canvas;
use leptos::prelude::*;

/// Test images in the set (the index range of the picker).
const TEST_IMAGES: usize = crate::lessons::train::inside::TEST_IMAGES as usize;

#[component]
pub fn PickImage(store: Store) -> impl IntoView {
    let seen = NodeRef::<Canvas>::new();
    // A seeded sequence, so "another image" walks the same images for everyone (reproducible
    // in a lecture), starting from the page's seed.
    let rng = StoredValue::new(SplitMix64::new(
        u64::from(store.params.get_untracked().seed) ^ 0xfa5e,
    ));
    let choose = move |i: usize| store.open_image(i);
    let another = move |_| {
        let mut r = rng.get_value();
        let i = r.below_unbiased(TEST_IMAGES as u64) as usize;
        rng.set_value(r);
        choose(i);
    };
    // Every new inspection (a picked image, or the same one with newer weights) is classified.
    Effect::new(move |_| {
        let Some(ins) = store.inspection.get() else {
            return;
        };
        if let Some(c) = seen.get() {
            let tile: Vec<u8> = ins.pixels.iter().map(|&g| 255 - g).collect();
            paint_tiles(&c, &[tile], 28, 28, 1);
        }
        let pixels: Vec<f32> = ins.pixels.iter().map(|&g| f32::from(g) / 255.0).collect();
        store.drawn.set_value(Some(pixels.clone()));
        store.send(&ToWorker::Predict { pixels });
    });
    let caption = move || {
        let data = store.dataset();
        store
            .inspection
            .get()
            .map(|ins| {
                format!(
                    "test image #{}: {}",
                    ins.index,
                    data.a_class(usize::from(ins.label))
                )
            })
            .unwrap_or_else(|| "waiting for the test images…".into())
    };
    view! {
        <section class="train-draw" aria-label="Pick a test image">
            <h2>"Pick a test image for it"</h2>
            <p class="caption">
                "Fashion-MNIST's images are photographs of garments, filled and shaded, which a few "
                "pen strokes do not resemble, so instead of drawing, pick any of the 10,000 test "
                "images (the network never trains on them) and read the ten probabilities the "
                "network being trained gives it. It is the image \"Inside the network\" shows above, feature maps and all."
            </p>
            <div class="train-draw-row">
                <figure>
                    <canvas node_ref=seen class="train-digit big" data-testid="pick-seen" />
                    <figcaption data-testid="pick-caption">{caption}</figcaption>
                </figure>
                <ProbBars store=store />
            </div>
            <div class="train-pick">
                <button data-testid="pick-another" on:click=another
                    disabled=move || store.phase.get() != super::Phase::Ready>"Another test image"</button>
                <label>
                    "test image #"
                    <input type="number" min="0" max="9999" data-testid="pick-index"
                        prop:value=move || store.inside.with(|p| p.image.to_string())
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                choose(i.min(TEST_IMAGES - 1))
                            }
                        } />
                </label>
            </div>
        </section>
    }
}
