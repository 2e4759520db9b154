//! Native run of the benchmark workloads (`cargo run --release --bin engine_bench`).
//! The figure that counts is the browser one (`make bench`); this is for quick profiling.
//! `--profile-resnet` prints the per-phase time of one ResNet-8-mini training step; `--resnet`
//! runs only the ResNet-8-mini workload. `--layout` also times maxpool 2x2/2 on 128x128x32 in NHWC (the engine) vs a plain NCHW loop.

use cnn_lab::engine::bench;
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let clock = move || t0.elapsed().as_secs_f64() * 1000.0;
    if std::env::args().any(|a| a == "--layout") {
        layout(&clock);
    }
    if std::env::args().any(|a| a == "--profile") {
        for (name, ms) in bench::profile_train(&clock) {
            println!("{name:<22} {ms:8.3} ms");
        }
    }
    if std::env::args().any(|a| a == "--profile-resnet") {
        let rows = bench::profile_resnet(&clock);
        let whole = rows
            .iter()
            .find(|r| r.0 == "whole train step")
            .map_or(1.0, |r| r.1);
        for (name, ms) in rows {
            println!("{name:<28} {ms:8.3} ms  {:5.1} %", 100.0 * ms / whole);
        }
        println!("=> {:.0} img/s", 32.0 / (whole / 1000.0));
    }
    if std::env::args().any(|a| a == "--resnet") {
        let r = bench::run_resnet_train(&clock);
        println!("resnet_train {r:?}");
        return;
    }
    let m = bench::run_all(&clock);
    println!(
        "RESULT {}",
        serde_json::json!({"system": "cnn-lab", "env": "native", "metrics": m})
    );
}

fn layout(clock: &dyn Fn() -> f64) {
    let x = bench::rand_array(128 * 128 * 32, 500, -1.0, 1.0);
    let mut y = vec![0.0f32; 64 * 64 * 32];
    // NCHW: each channel plane 128x128, windows along rows.
    let ms = bench::time_loop(clock, 3, 1000.0, &mut || {
        for c in 0..32 {
            let p = &x[c * 16384..(c + 1) * 16384];
            for oy in 0..64 {
                for ox in 0..64 {
                    let i = 2 * oy * 128 + 2 * ox;
                    y[c * 4096 + oy * 64 + ox] = p[i].max(p[i + 1]).max(p[i + 128].max(p[i + 129]));
                }
            }
        }
        std::hint::black_box(&y);
    });
    println!(
        "maxpool NCHW plain loop: {:.1} GB/s",
        bench::POOL_BYTES / (ms * 1e6)
    );
    println!(
        "maxpool NHWC engine:     {:.1} GB/s",
        bench::run_pool(clock)
    );
}
