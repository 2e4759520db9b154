//! `/bench`: the engine's speed on the peer benchmark's six workloads (LeNet-5 training,
//! inference, conv, pool, ResNet-8-mini training), in this browser.
//! `?autorun=1` starts at once (used by `make bench`). The work runs on the main thread between
//! yields, so the page pauses for a few seconds per workload and says so.

use crate::catalog::Lesson;
use crate::engine::{self, bench};
use crate::state::tools::BenchState;
use crate::ui::components::{KeyFigure, LessonFrame};
use crate::ui::owned::{now_ms, sleep_ms, spawn_owned};
use crate::ui::url_state::use_url_state;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Results {
    train_ips: Option<f64>,
    train_ips_5_batch_warmup: Option<f64>,
    warmup_5_ms: Option<f64>,
    infer_b1_ms: Option<f64>,
    infer_b64_ips: Option<f64>,
    conv_gflops: Option<f64>,
    conv_direct_gflops: Option<f64>,
    pool_gbps: Option<f64>,
    resnet_train_ips: Option<f64>,
    resnet_images: Option<usize>,
}

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "–".into())
}

fn exact(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

#[component]
pub fn BenchPage(lesson: &'static Lesson) -> impl IntoView {
    let (state, notes) = use_url_state::<BenchState>();
    let results = RwSignal::new(Results::default());
    let status = RwSignal::new(String::from("Not run yet."));
    let running = RwSignal::new(false);
    let done = RwSignal::new(false);

    let run = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        done.set(false);
        results.set(Results::default());
        spawn_owned(async move {
            let clock = now_ms;
            status.set("Training LeNet-5 (batch 32, 2,048 images)…".into());
            sleep_ms(50).await;
            let t = bench::run_train(&clock);
            results.update(|r| {
                r.train_ips = Some(t.ips);
                r.train_ips_5_batch_warmup = Some(t.ips_5_batch_warmup);
                r.warmup_5_ms = Some(t.warmup_5_ms);
            });
            status.set("Inference, batch 1 and batch 64…".into());
            sleep_ms(50).await;
            let (b1, b64) = bench::run_infer(&clock);
            results.update(|r| {
                r.infer_b1_ms = Some(b1);
                r.infer_b64_ips = Some(b64)
            });
            status.set("conv2d 64x64x16 -> 32, 3x3…".into());
            sleep_ms(50).await;
            let c = bench::run_conv(&clock);
            results.update(|r| r.conv_gflops = Some(c));
            sleep_ms(50).await;
            let c = bench::run_conv_direct(&clock);
            results.update(|r| r.conv_direct_gflops = Some(c));
            status.set("max pool 2x2/2 on 128x128x32…".into());
            sleep_ms(50).await;
            let p = bench::run_pool(&clock);
            results.update(|r| r.pool_gbps = Some(p));
            status.set("Training ResNet-8-mini (batch 32, 512 images)…".into());
            sleep_ms(50).await;
            let t = bench::run_resnet_train(&clock);
            results.update(|r| {
                r.resnet_train_ips = Some(t.ips);
                r.resnet_images = Some(t.images);
            });
            status.set("Done.".into());
            running.set(false);
            done.set(true);
        });
    };

    if state.get_untracked().autorun {
        run();
    }

    let result_line = move || {
        let r = results.get();
        let ua = web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default();
        let version = ua
            .split("Chrome/")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .unwrap_or("")
            .to_string();
        let line = serde_json::json!({
            "system": "cnn-lab",
            "env": "chromium",
            "envVersion": version,
            "simd128": engine::simd_enabled(),
            "metrics": {
                "train_ips": r.train_ips,
                "infer_b1_ms": r.infer_b1_ms,
                "infer_b64_ips": r.infer_b64_ips,
                "conv_gflops": r.conv_gflops,
                "pool_gbps": r.pool_gbps,
                "resnet_train_ips": r.resnet_train_ips,
            },
            "info": {
                "train_ips_5_batch_warmup": r.train_ips_5_batch_warmup,
                "conv_gflops_direct_gemm": r.conv_direct_gflops,
                "resnet_train_images": r.resnet_images,
            },
        });
        format!("RESULT {line}")
    };

    view! {
        <LessonFrame lesson=lesson notes=notes>
            <p>
                "The six workloads of the peer benchmark (TF.js-WASM, ONNX Runtime Web, ConvNetJS), "
                "run here on this engine with the same shapes, seeds and timing rules. SIMD128 kernels: "
                <strong data-testid="simd-enabled" data-value=engine::simd_enabled().to_string()>
                    {if engine::simd_enabled() { "on" } else { "off" }}
                </strong> "."
            </p>
            <div class="controls bench-controls">
                <button data-testid="bench-run" on:click=move |_| run() disabled=move || running.get()>
                    {move || if running.get() { "Running…" } else { "Run the benchmark" }}
                </button>
                <p role="status" aria-live="polite">
                    {move || status.get()}
                    " The page pauses while each workload runs (about 5 s each)."
                </p>
            </div>
            <div class="figures">
                <KeyFigure testid="train_ips" label="LeNet-5 training, images/s (batch 32)"
                    value=Signal::derive(move || exact(results.get().train_ips))
                    text=Signal::derive(move || fmt(results.get().train_ips, 0)) />
                <KeyFigure testid="infer_b1_ms" label="Inference latency, batch 1 (ms)"
                    value=Signal::derive(move || exact(results.get().infer_b1_ms))
                    text=Signal::derive(move || fmt(results.get().infer_b1_ms, 3)) />
                <KeyFigure testid="infer_b64_ips" label="Inference, batch 64 (images/s)"
                    value=Signal::derive(move || exact(results.get().infer_b64_ips))
                    text=Signal::derive(move || fmt(results.get().infer_b64_ips, 0)) />
                <KeyFigure testid="conv_gflops" label="conv2d 64x64x16 to 32, 3x3 (GFLOP/s)"
                    value=Signal::derive(move || exact(results.get().conv_gflops))
                    text=Signal::derive(move || fmt(results.get().conv_gflops, 1)) />
                <KeyFigure testid="pool_gbps" label="max pool 2x2/2, 128x128x32 (GB/s)"
                    value=Signal::derive(move || exact(results.get().pool_gbps))
                    text=Signal::derive(move || fmt(results.get().pool_gbps, 1)) />
                <KeyFigure testid="resnet_train_ips" label="ResNet-8-mini training, images/s (batch 32)"
                    value=Signal::derive(move || exact(results.get().resnet_train_ips))
                    text=Signal::derive(move || fmt(results.get().resnet_train_ips, 0)) />
            </div>
            <Show when=move || done.get()>
                <pre class="formula" data-testid="bench-result" data-done="1" tabindex="0">{result_line}</pre>
            </Show>
            <p class="caption" data-testid="train-cold" data-value=move || exact(results.get().train_ips_5_batch_warmup)>
                "Training is timed after the warm-up rule of the other workloads (at least 5 batches "
                "and 300 ms, so the browser has finished optimising the kernels). Timed after exactly "
                "5 warm-up batches instead (they took "
                {move || fmt(results.get().warmup_5_ms, 0)} " ms here), it was "
                {move || fmt(results.get().train_ips_5_batch_warmup, 0)} " images/s."
            </p>
            <p class="caption" data-testid="conv-direct" data-value=move || exact(results.get().conv_direct_gflops)>
                "The conv workload is a 3x3 stride-1 convolution, which this engine runs as Winograd "
                "F(4x4, 3x3): 36 multiplies per 4x4 output tile and channel pair instead of 144. "
                "Its GFLOP/s counts the direct convolution's FLOPs, like the peers' figures, so it "
                "can exceed the SIMD peak. On the indirect GEMM that every other shape uses, the same "
                "workload ran at " {move || fmt(results.get().conv_direct_gflops, 1)} " GFLOP/s."
            </p>
            <p class="caption">
                "FLOPs per LeNet-5 image: forward 833,040, forward and backward 2,263,920; conv "
                "workload 37,748,736 FLOP per call; pool workload 2,621,440 bytes per call. "
                "ResNet-8-mini (28x28x1, three residual stages of 16, 32 and 64 channels with batch "
                "norm, global average pooling): 77,754 parameters, forward 18,691,840 FLOP and "
                "forward and backward 55,849,728 FLOP per image. "
                "Compare figures measured in the same run on the same machine only."
            </p>
        </LessonFrame>
    }
}
