//! The look inside a trained network: top patches against a plain loop, saliency against finite
//! differences, occlusion maps, and each unit's weights.

use super::{files, loaded};
use crate::data::mnist::{fill_batch, LENET_SIDE};
use crate::engine::tensor;
use crate::lessons::train::inside::TOP_PATCHES;
use crate::lessons::train::session::explain::occlusion_offsets;
use crate::lessons::train::session::inside::{padded_patch, strongest};
use crate::lessons::train::{Session, TrainSettings};

fn trained(paper: bool) -> Session {
    let f = files(&[200], 150);
    let settings = TrainSettings {
        batch: 10,
        lr: 0.003,
        paper,
        ..TrainSettings::default()
    };
    let mut s = loaded(&f, settings);
    for _ in 0..6 {
        s.step().unwrap();
    }
    s
}

/// Every test image on its own (batch of one): its strongest response in map `unit`.
fn plain_loop(s: &mut Session, position: usize, unit: usize) -> Vec<(f32, usize)> {
    let layer = s.net_field().unwrap().layers[position].clone();
    let (_, w, c) = layer.shape;
    let test = s.test.clone().unwrap();
    let mut all = Vec::new();
    for i in 0..test.len() {
        let (mut x, mut l) = (Vec::new(), Vec::new());
        fill_batch(&test, &[i], s.norm(), &mut x, &mut l).unwrap();
        let x = tensor::from_vec(&[1, LENET_SIDE, LENET_SIDE, 1], x).unwrap();
        s.model.forward(&x).unwrap();
        let a = tensor::data(s.model.activation(layer.shown_at).unwrap()).into_owned();
        let mut best = f32::NEG_INFINITY;
        for (p, v) in a.iter().enumerate() {
            if p % c == unit && *v > best {
                best = *v;
            }
        }
        all.push((best, i));
        let _ = w;
    }
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    all.truncate(TOP_PATCHES);
    all
}

#[test]
fn top_patches_are_the_argmax_over_the_test_set() {
    let mut s = trained(false);
    let net = s.net_field().unwrap();
    for (position, unit) in [(0, 2), (1, 5), (2, 7), (3, 0), (4, 11), (6, 3)] {
        let layer = net.layers[position].clone();
        let top = s.top_patches(&net, &layer, unit).unwrap();
        let want = plain_loop(&mut s, position, unit);
        assert_eq!(top.len(), TOP_PATCHES);
        for (t, (v, i)) in top.iter().zip(&want) {
            assert!(
                (t.value - v).abs() <= 1e-4 * v.abs().max(1.0),
                "{}: {} vs {v}",
                layer.name,
                t.value
            );
            if (t.value - v).abs() > 1e-6 {
                continue;
            }
            // Equal values may come from different images only on an exact tie.
            assert!(t.index == *i || top.iter().filter(|o| o.value == t.value).count() > 1);
        }
        for t in &top {
            let f = net.unit_field(&layer, t.row, t.col).unwrap();
            assert_eq!(t.field, f);
            let (h, w) = (f.rows.1 + 1 - f.rows.0, f.cols.1 + 1 - f.cols.0);
            assert_eq!(t.pixels.len(), h * w);
            // The patch is the field's part of the padded image.
            let image = s.test.as_ref().unwrap().image(t.index).unwrap();
            assert_eq!(t.pixels, padded_patch(image, f.rows, f.cols));
        }
    }
}

#[test]
fn strongest_response_and_patches() {
    // Two channels, a 2x3 map: channel 1 peaks at (1, 0), first of two equal maxima.
    let map = [0.0, 1.0, 0.0, 2.0, 0.0, 0.5, 0.0, 5.0, 0.0, 0.0, 0.0, 5.0];
    assert_eq!(strongest(&map, 2, 1, 3), (5.0, 1, 0));
    assert_eq!(strongest(&map, 2, 0, 3), (0.0, 0, 0));
    let mut image = vec![0u8; 784];
    image[0] = 9;
    // Row 2, column 2 of the padded input is the image's first pixel; around it, padding.
    assert_eq!(padded_patch(&image, (1, 2), (2, 3)), [0, 0, 9, 0]);
}

#[test]
fn saliency_matches_finite_differences() {
    for paper in [false, true] {
        let mut s = trained(paper);
        for index in [0, 7, 42] {
            let e = s.explain(index, None, 6, 2).unwrap();
            assert_eq!(e.saliency.len(), 784);
            assert_eq!(e.class, e.predicted);
            assert!(!e.checks.is_empty());
            let scale = e.saliency.iter().fold(0f32, |m, g| m.max(g.abs()));
            assert!(scale > 0.0, "a trained net's score depends on its input");
            for c in &e.checks {
                let tol = 0.03 * scale + 1e-3;
                assert!(
                    (c.grad - c.finite_difference).abs() <= tol,
                    "paper {paper} image {index} pixel {}: {} vs {}",
                    c.pixel,
                    c.grad,
                    c.finite_difference
                );
            }
            // Another class has another gradient.
            let other = s
                .explain(index, Some((e.predicted + 1) % 10), 6, 2)
                .unwrap();
            assert_ne!(other.saliency, e.saliency);
        }
    }
}

#[test]
fn occlusion_maps() {
    assert_eq!(occlusion_offsets(28, 6, 2).len(), 12);
    assert_eq!(occlusion_offsets(28, 6, 4), [0, 4, 8, 12, 16, 20, 22]);
    assert_eq!(occlusion_offsets(28, 28, 3), [0]);
    let mut s = trained(false);
    let e = s.explain(3, None, 6, 4).unwrap();
    let o = &e.occlusion;
    assert_eq!(o.offsets, [0, 4, 8, 12, 16, 20, 22]);
    assert_eq!(o.probs.len(), 49);
    assert!(o.probs.iter().all(|p| (0.0..=1.0).contains(p)));
    assert_eq!(o.drop_map.len(), 784);
    // Each pixel's drop is the mean of the drops of the patches over it: at most the largest.
    let max_drop = o
        .probs
        .iter()
        .map(|p| e.probability - p)
        .fold(f32::MIN, f32::max);
    assert!(o.drop_map.iter().all(|d| *d <= max_drop + 1e-6));
    // The top-left pixel is covered by the first patch only.
    assert!((o.drop_map[0] - (e.probability - o.probs[0])).abs() < 1e-6);
    assert!(s.explain(3, Some(10), 6, 2).is_err());
    assert!(s.explain(3, None, 0, 2).is_err());
    assert!(s.explain(10_000, None, 6, 2).is_err());
}

#[test]
fn unit_weights_and_refusals() {
    let mut s = trained(false);
    let c3 = s.unit_report(2, 4, 3, 3).unwrap();
    let w = c3.weights.unwrap();
    assert_eq!((w.h, w.w, w.c), (5, 5, 6));
    let conv = s.model.net.layers[3].params()[0].value().clone();
    // Kernel [5, 5, 6, 16]: element (1, 2, 3) of map 4.
    assert_eq!(
        w.data[(5 + 2) * 6 + 3],
        tensor::data(&conv)[((5 + 2) * 6 + 3) * 16 + 4]
    );
    assert!(c3.bias.is_some());
    assert_eq!(c3.top.len(), TOP_PATCHES);
    let s2 = s.unit_report(1, 0, 0, 0).unwrap();
    assert!(s2.weights.is_none() && s2.bias.is_none());
    let f5 = s.unit_report(4, 7, 0, 0).unwrap().weights.unwrap();
    assert_eq!((f5.h, f5.w, f5.c, f5.data.len()), (1, 1, 400, 400));
    assert!(s.unit_report(2, 16, 0, 0).is_err(), "C3 has 16 maps");
    assert!(s.unit_report(2, 0, 10, 0).is_err(), "C3 is 10x10");
    assert!(s.unit_report(7, 0, 0, 0).is_err(), "seven layers");
}
