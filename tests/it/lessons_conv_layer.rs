//! `lessons::conv_layer`: shapes, kernel presets and parsing, windows and arithmetic, and the
//! three stages with the reference loops and with the engine's kernels.

use cnn_lab::lessons::conv_layer::{
    conv_arithmetic, conv_shape, conv_window, parse_kernel, pool_arithmetic, pool_shape,
    pool_window, preset, run_stages, shape_string, shapes, ConvGeom, ConvLayerError,
    ConvLayerParams, EngineOps, PoolSpec, Reference, StageOps, Window, PRESETS,
};
use cnn_lab::lessons::equivariance::image_2d;
use cnn_lab::lessons::pooling::PoolMode;
use ndarray::Array2;

#[test]
fn shapes_and_strings() {
    let prm = ConvLayerParams::default();
    let s = shapes((128, 128), 3, &prm).unwrap();
    assert_eq!(shape_string(s.conv), "126x126");
    assert_eq!(shape_string(s.detector), "126x126");
    assert_eq!(shape_string(s.pool), "63x63");
    assert_eq!(conv_shape((28, 28), 5, 1, 2), Ok((28, 28)));
    assert_eq!(conv_shape((32, 32), 5, 1, 0), Ok((28, 28))); // LeNet-5 C1
    assert_eq!(pool_shape((28, 28), 2, 2), Ok((14, 14))); // LeNet-5 S2
    assert_eq!(conv_shape((224, 224), 3, 2, 1), Ok((112, 112)));
    assert_eq!(pool_shape((126, 100), 3, 2), Ok((62, 49)));
    // Brute force over small sizes: count window positions that fit.
    for h in 1..=9usize {
        for k in [3usize, 5] {
            for st in 1..=3usize {
                for p in 0..=2usize {
                    let fits = (0..).take_while(|i| i * st + k <= h + 2 * p).count();
                    match conv_shape((h, h + 1), k, st, p) {
                        Ok((oh, _)) => assert_eq!(oh, fits),
                        Err(e) => {
                            assert_eq!(fits, 0, "{e}");
                            assert!(matches!(e, ConvLayerError::KernelTooLarge { .. }));
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn shape_errors() {
    assert_eq!(
        conv_shape((3, 3), 5, 1, 0).unwrap_err().to_string(),
        "the 5x5 kernel does not fit the padded 3x3 image (padding 0): no output"
    );
    assert_eq!(conv_shape((8, 8), 3, 0, 0), Err(ConvLayerError::ZeroStride));
    assert!(matches!(
        conv_shape((8, 8), 3, 1, 99),
        Err(ConvLayerError::Padding { .. })
    ));
    assert_eq!(
        pool_shape((2, 2), 3, 3).unwrap_err().to_string(),
        "the 3x3 pool window is larger than the 2x2 detector map"
    );
    assert!(matches!(
        pool_shape((8, 8), 0, 2),
        Err(ConvLayerError::ZeroPool { .. })
    ));
    let prm = ConvLayerParams {
        pool: 3,
        pool_stride: Some(1),
        ..Default::default()
    };
    assert_eq!(shapes((10, 10), 3, &prm).unwrap().pool, (6, 6));
}

#[test]
fn presets_and_parsing() {
    for name in PRESETS {
        let k = preset(name, 7).unwrap();
        assert_eq!(k.values.len(), k.size * k.size);
        assert!(k.size == 3 || k.size == 5);
        assert_eq!(parse_kernel(&k.to_param(), 7).unwrap(), k);
        assert!(!k.explanation().is_empty());
    }
    // Blur kernels sum to 1 (brightness kept); edge kernels to 0 (flat regions give 0).
    for (name, sum) in [
        ("blur", 1.0),
        ("blur5", 1.0),
        ("sharpen", 1.0),
        ("identity", 1.0),
    ] {
        assert!((preset(name, 0).unwrap().values.iter().sum::<f32>() - sum).abs() < 1e-6);
    }
    for name in ["edge-x", "edge-y", "sobel-x", "sobel-y"] {
        assert_eq!(preset(name, 0).unwrap().values.iter().sum::<f32>(), 0.0);
    }
    assert_eq!(preset("random", 3), preset("random", 3));
    assert_ne!(preset("random", 3), preset("random", 4));
    assert_eq!(parse_kernel(" Sobel-X ", 0).unwrap().name, "sobel-x");
    let custom = parse_kernel("1,2,3, 4,5,6, 7,8,9", 0).unwrap();
    assert_eq!((custom.name.as_str(), custom.size), ("custom", 3));
    assert_eq!(custom.as_array()[(1, 2)], 6.0);
    let round = parse_kernel(&custom.to_param(), 0).unwrap();
    assert_eq!(round, custom);
    assert_eq!(parse_kernel(&["0.5"; 25].join(","), 0).unwrap().size, 5);
    assert_eq!(
        parse_kernel("1,2,3", 0).unwrap_err().to_string(),
        "a kernel needs 9 (3x3) or 25 (5x5) values, got 3"
    );
    assert_eq!(
        parse_kernel("1,2,x,4,5,6,7,8,9", 0)
            .unwrap_err()
            .to_string(),
        "kernel: entry 3 ('x') is not a number"
    );
    assert!(parse_kernel("1,2,3,4,5,6,7,8,inf", 0).is_err());
    let e = parse_kernel("gauss", 0).unwrap_err().to_string();
    assert!(
        e.starts_with("unknown kernel 'gauss': use one of identity, edge-x"),
        "{e}"
    );
}

fn pool(window: usize, stride: usize, mode: PoolMode) -> PoolSpec {
    PoolSpec {
        window,
        stride,
        mode,
    }
}

#[test]
fn windows_and_arithmetic() {
    assert_eq!(
        conv_window((0, 2), 3, ConvGeom { s: 1, p: 1 }),
        Window {
            rows: (-1, 1),
            cols: (1, 3)
        }
    );
    assert_eq!(
        conv_window((1, 1), 5, ConvGeom { s: 2, p: 0 }),
        Window {
            rows: (2, 6),
            cols: (2, 6)
        }
    );
    assert_eq!(
        pool_window((1, 2), pool(2, 2, PoolMode::Max)),
        Window {
            rows: (2, 3),
            cols: (4, 5)
        }
    );
    let img = Array2::from_shape_fn((3, 3), |(r, c)| (r * 3 + c) as f32 / 10.0);
    let k = preset("edge-x", 0).unwrap();
    let text = conv_arithmetic(&img, &k, ConvGeom { s: 1, p: 1 }, (0, 0));
    assert!(
        text.starts_with("0.00 x 0 (pad) + 0.00 x 0 (pad)"),
        "{text}"
    );
    assert!(text.ends_with("= 0.10"), "{text}");
    let map = Array2::from_shape_vec((2, 2), vec![0.1, 0.5, 0.2, 0.0]).unwrap();
    assert_eq!(
        pool_arithmetic(&map, pool(2, 2, PoolMode::Max), (0, 0)),
        "max(0.10, 0.50, 0.20, 0.00) = 0.50"
    );
    assert_eq!(
        pool_arithmetic(&map, pool(2, 2, PoolMode::Avg), (0, 0)),
        "mean(0.10, 0.50, 0.20, 0.00) = 0.20"
    );
}

/// The reference loops and the engine agree; every arithmetic string matches its output.
#[test]
fn stages_reference_vs_engine() {
    let img = image_2d(3, 20, 17);
    for kernel in ["sobel-x", "blur5", "random", "sharpen"] {
        for (s, p) in [(1, 0), (1, 1), (2, 2), (3, 1)] {
            for (pool, mode) in [(2, PoolMode::Max), (3, PoolMode::Avg), (1, PoolMode::Max)] {
                let prm = ConvLayerParams {
                    kernel: kernel.into(),
                    s,
                    p,
                    pool,
                    mode,
                    ..Default::default()
                };
                let a = run_stages(&Reference, &img, &prm).unwrap();
                let b = run_stages(&EngineOps, &img, &prm).unwrap();
                assert_eq!(a.conv.dim(), a.shapes.conv);
                assert_eq!(a.pooled.dim(), a.shapes.pool);
                assert_eq!(b.shapes, a.shapes);
                for (x, y) in a.conv.iter().zip(&b.conv) {
                    assert!((x - y).abs() < 1e-5);
                }
                for (x, y) in a.pooled.iter().zip(&b.pooled) {
                    assert!((x - y).abs() < 1e-5);
                }
                assert!(a.detector.iter().all(|&v| v >= 0.0));
                let (r, c) = (a.shapes.conv.0 / 2, a.shapes.conv.1 - 1);
                let text = conv_arithmetic(&img, &a.kernel, prm.conv_geom(), (r, c));
                assert!(
                    text.ends_with(&format!("= {:.2}", a.conv[(r, c)])),
                    "{text}"
                );
            }
        }
    }
    let bad = ConvLayerParams {
        pool: 40,
        ..Default::default()
    };
    assert!(matches!(
        run_stages(&Reference, &img, &bad),
        Err(ConvLayerError::PoolTooLarge { .. })
    ));
    let relu = Reference.relu(&Array2::from_elem((2, 2), -1.0));
    assert_eq!(relu, EngineOps.relu(&Array2::from_elem((2, 2), -1.0)));
}

#[test]
fn params_serde() {
    let p: ConvLayerParams = serde_json::from_str(r#"{"kernel": "blur", "mode": "avg"}"#).unwrap();
    assert_eq!(p.kernel, "blur");
    assert_eq!(p.mode, PoolMode::Avg);
    assert_eq!(p.pool, 2);
    let d: ConvLayerParams = serde_json::from_str("{}").unwrap();
    assert_eq!(d, ConvLayerParams::default());
}
