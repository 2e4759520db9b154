//! `/conv-layer`: a typical convolutional layer on a real photograph. Convolution stage
//! (affine), detector stage (ReLU) and pooling stage, each run by the engine's kernels
//! (`lessons::conv_layer::EngineOps`); the panels and the hover arithmetic are in
//! `conv_layer_view`.

mod view;

use crate::catalog::Lesson;
use crate::lessons::conv_layer::{parse_kernel, run_stages, shape_string, EngineOps, Stages};
use crate::lessons::pool_pages::ConvLayerState;
use crate::lessons::pooling::PoolMode;
use crate::ui::components::{Choice, ErrorNote, IntSlider, KeyFigure, LessonFrame, RevealCard};
use crate::ui::loaders::{gray_image, gray_image_cached};
use crate::ui::owned::spawn_owned;
use crate::ui::url_state::use_url_state;
use leptos::prelude::*;
use view::{KernelGrid, LayerView, StagePanels, Terminology};

const IMAGE_CHOICES: &[(&str, &str)] = &[
    ("camera", "Camera"),
    ("astronaut", "Astronaut"),
    ("brick", "Bricks"),
];
const MODES: &[(&str, &str)] = &[("max", "Max"), ("avg", "Average")];
const PRESET_CHOICES: &[(&str, &str)] = &[
    ("identity", "Identity"),
    ("edge-x", "Edge x"),
    ("edge-y", "Edge y"),
    ("sobel-x", "Sobel x"),
    ("sobel-y", "Sobel y"),
    ("blur", "Blur"),
    ("sharpen", "Sharpen"),
    ("random", "Random 3x3"),
    ("blur5", "Blur 5x5"),
    ("random5", "Random 5x5"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Loading(String),
    Ready(String),
    Failed(String, String),
}

#[component]
pub fn ConvLayerPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<ConvLayerState>();
    // The kernel's URL form: a preset name or the comma-separated values.
    let kernel_param = Memo::new(move |_| state.with(|s| s.kernel.clone()));
    let set_kernel = move |k: String| state.update(|s| s.kernel = k);

    let load = RwSignal::new(Load::Loading(String::new()));
    Effect::new(move |_| {
        let name = state.with(|s| s.image.clone());
        if gray_image_cached(&name).is_some() {
            load.set(Load::Ready(name));
            return;
        }
        load.set(Load::Loading(name.clone()));
        spawn_owned(async move {
            match gray_image(&name).await {
                Ok(_) => load.set(Load::Ready(name)),
                Err(e) => load.set(Load::Failed(name, e)),
            }
        });
    });

    let stages = Memo::new(move |_| -> Option<Result<LayerView, String>> {
        let Load::Ready(name) = load.get() else {
            return None;
        };
        let img = gray_image_cached(&name)?;
        let params = state.get().params();
        Some(
            run_stages(&EngineOps, &img, &params)
                .map(|stages| LayerView {
                    input: (*img).clone(),
                    stages,
                    geom: params.conv_geom(),
                    pool: params.pool_spec(),
                })
                .map_err(|e| e.to_string()),
        )
    });
    let ok = move || stages.get().and_then(|r| r.ok());
    let shape = move |f: fn(&Stages) -> (usize, usize)| {
        Signal::derive(move || ok().map(|v| shape_string(f(&v.stages))).unwrap_or_default())
    };

    let set = move |f: fn(&mut ConvLayerState, i64)| {
        Callback::new(move |v: i64| state.update(|s| f(s, v)))
    };
    let preset_value = Signal::derive(move || {
        let k = kernel_param.get();
        if k.contains(',') {
            "custom".to_string()
        } else {
            k
        }
    });
    let on_preset = Callback::new(set_kernel);
    let new_random = move |_| {
        let seed = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        state.update(|s| {
            s.seed = seed;
            if !s.kernel.starts_with("random") {
                s.kernel = "random".into();
            }
        });
    };
    let kernel =
        Memo::new(move |_| parse_kernel(&kernel_param.get(), u64::from(state.get().seed)).ok());

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <Terminology />
            <div class="lesson-grid">
                <div class="cl-main">
                    {move || match load.get() {
                        Load::Loading(name) => view! {
                            <p class="loading" role="status">{format!("Loading the photograph “{name}”…")}</p>
                        }.into_any(),
                        Load::Failed(name, e) => view! {
                            <ErrorNote message=format!("The photograph “{name}” could not be loaded: {e}") />
                        }.into_any(),
                        Load::Ready(_) => ().into_any(),
                    }}
                    {move || stages.get().and_then(|r| r.err()).map(|e| view! { <ErrorNote message=e /> })}
                    <StagePanels stages=stages />
                    <div class="figures cl-figures">
                        <KeyFigure testid="input-shape" label="Input" value=shape(|s| s.shapes.input) />
                        <KeyFigure testid="output-shape" label="Convolution output" value=shape(|s| s.shapes.conv) />
                        <KeyFigure testid="detector-shape" label="Detector output" value=shape(|s| s.shapes.detector) />
                        <KeyFigure testid="pool-shape" label="Pooling output" value=shape(|s| s.shapes.pool) />
                    </div>
                    <RevealCard question="What does each stage do to the image?" beat=1>
                        <p>
                            <strong>"Convolution stage:"</strong> " an affine map, the same weighted sum of a small window at every "
                            "position (Sobel x: bright where brightness grows to the right, dark where it falls). "
                            <strong>"Detector stage:"</strong> " the nonlinearity (ReLU) keeps the positive responses and sets the rest "
                            "to 0. " <strong>"Pooling stage:"</strong> " one summary (max or mean) per window: a smaller map that "
                            "barely changes when the image moves a little. Together, one " <em>"complex"</em> " layer, or three "
                            <em>"simple"</em> " layers: the same computation, two names."
                        </p>
                    </RevealCard>
                    <p class="formula">
                        "H_conv = ⌊(H + 2p − k) / s⌋ + 1 · H_pool = ⌊(H_conv − pool) / pool⌋ + 1"
                    </p>
                </div>
                <aside class="controls" aria-label="Settings">
                    <Choice label="Photograph" options=IMAGE_CHOICES value=Signal::derive(move || state.get().image)
                        on_change=Callback::new(move |v: String| state.update(|s| s.image = v)) name="image" />
                    <label class="select-field">
                        <span class="slider-label">"Kernel"</span>
                        <select data-testid="kernel-preset"
                            on:change=move |e| on_preset.run(event_target_value(&e))
                            prop:value=move || preset_value.get()>
                            {PRESET_CHOICES.iter().map(|(k, t)| view! { <option value=*k>{*t}</option> }).collect_view()}
                            <option value="custom" disabled=true>"Your own (edit the cells)"</option>
                        </select>
                    </label>
                    {move || kernel.get().map(|k| view! {
                        <p class="caption">{k.explanation()}</p>
                        <KernelGrid kernel=k on_change=Callback::new(set_kernel) />
                    })}
                    <button class="small" data-testid="new-random-kernel" on:click=new_random>"New random kernel"</button>
                    <IntSlider label="Stride s" name="s" value=Signal::derive(move || state.get().s) min=1 max=4 on_change=set(|s, v| s.s = v) />
                    <IntSlider label="Zero padding p" name="p" value=Signal::derive(move || state.get().p) min=0 max=8 on_change=set(|s, v| s.p = v) />
                    <IntSlider label="Pool size (and stride)" name="pool" value=Signal::derive(move || state.get().pool) min=1 max=4 on_change=set(|s, v| s.pool = v) />
                    <Choice label="Pooling" options=MODES value=Signal::derive(move || state.get().mode.id().to_string())
                        on_change=Callback::new(move |v: String| {
                            if let Some(m) = PoolMode::from_id(&v) {
                                state.update(|s| s.mode = m)
                            }
                        }) name="mode" />
                </aside>
            </div>
            <p class="caption credit">
                "Photographs: scikit-image sample data (camera: CC0, Lav Varshney; astronaut: NASA, public domain; "
                "bricks: CC0Textures, CC0), downscaled to 128x128 grayscale. See assets/CREDITS.md."
            </p>
        </LessonFrame>
    }
}
