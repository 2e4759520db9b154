//! `scripts/mnist/convert.mjs` on small synthetic IDX files (and corrupt ones), decoded by the Rust
//! side; plus the committed fixtures in `tests/fixtures/data/`, which need no Node.
//!
//! Regenerate the fixtures with `CNNL_UPDATE_FIXTURES=1 cargo test --test it data_convert`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cnn_lab::data::mnist::{Manifest, MnistShard, Split};

const TRAIN_N: usize = 25;
const TEST_N: usize = 7;

/// Synthetic split: label (3i + s) % 10, pixel (31i + 7p + 101s) % 256, with s = 0 train, 1 test.
fn synthetic(split: Split, n: usize) -> MnistShard {
    let s = usize::from(split == Split::Test);
    MnistShard {
        labels: (0..n).map(|i| ((3 * i + s) % 10) as u8).collect(),
        pixels: (0..n * 784)
            .map(|k| ((31 * (k / 784) + 7 * (k % 784) + 101 * s) % 256) as u8)
            .collect(),
        rows: 28,
        cols: 28,
    }
}

fn idx_images(magic: u32, n: u32, rows: u32, cols: u32, pixels: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = [magic, n, rows, cols]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    v.extend_from_slice(pixels);
    v
}

fn idx_labels(magic: u32, n: u32, labels: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = [magic, n].iter().flat_map(|x| x.to_be_bytes()).collect();
    v.extend_from_slice(labels);
    v
}

/// The four IDX files of a synthetic set, by name, each open to tampering.
fn idx_set(train_n: usize, test_n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let (tr, te) = (
        synthetic(Split::Train, train_n),
        synthetic(Split::Test, test_n),
    );
    vec![
        (
            "train-images-idx3-ubyte",
            idx_images(2051, train_n as u32, 28, 28, &tr.pixels),
        ),
        (
            "train-labels-idx1-ubyte",
            idx_labels(2049, train_n as u32, &tr.labels),
        ),
        (
            "t10k-images-idx3-ubyte",
            idx_images(2051, test_n as u32, 28, 28, &te.pixels),
        ),
        (
            "t10k-labels-idx1-ubyte",
            idx_labels(2049, test_n as u32, &te.labels),
        ),
    ]
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cnnl-data-convert-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    dir
}

fn write_set(dir: &Path, files: &[(&str, Vec<u8>)]) {
    for (name, bytes) in files {
        std::fs::write(dir.join("src").join(name), bytes).unwrap();
    }
}

/// Runs the converter; `None` when Node is not installed. Returns (success, stdout + stderr).
fn convert(dir: &Path, extra: &[&str]) -> Option<(bool, String)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/mnist/convert.mjs");
    let mut cmd = Command::new("node");
    cmd.arg(script)
        .arg("--src")
        .arg(dir.join("src"))
        .arg("--out")
        .arg(dir.join("out"));
    let out = cmd.args(extra).output();
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `node` not found; converter tests skipped (set-up needs Node 20)");
            None
        }
        Err(e) => panic!("running node: {e}"),
        Ok(o) => {
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            Some((o.status.success(), text))
        }
    }
}

/// Decodes a converter output directory and checks it holds exactly the synthetic set.
fn check_output(out: &Path) -> Manifest {
    let manifest = Manifest::parse(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
        .expect("manifest");
    for (split, n) in [(Split::Train, TRAIN_N), (Split::Test, TEST_N)] {
        let mut all = MnistShard::default();
        for info in manifest.shards_of(split) {
            let bytes = std::fs::read(out.join(&info.file)).unwrap();
            all.append(&manifest.decode_shard(info, &bytes).unwrap())
                .unwrap();
        }
        assert_eq!(all, synthetic(split, n), "{split:?}");
    }
    let counts: Vec<u32> = manifest.shards_of(Split::Train).map(|s| s.count).collect();
    assert_eq!(counts, [10, 10, 5]);
    assert!(std::fs::read_to_string(out.join("CREDITS.txt"))
        .unwrap()
        .contains("CC BY-SA 3.0"));
    manifest
}

#[test]
fn committed_fixtures_decode() {
    if std::env::var_os("CNNL_UPDATE_FIXTURES").is_some() {
        return; // being rewritten concurrently by the test below
    }
    check_output(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data"));
}

#[test]
fn converts_synthetic_idx_and_is_idempotent() {
    let dir = scratch("ok");
    write_set(&dir, &idx_set(TRAIN_N, TEST_N));
    let args = ["--synthetic", "--shard-size", "10"];
    let Some((ok, log)) = convert(&dir, &args) else {
        return;
    };
    assert!(ok, "{log}");
    let out = dir.join("out");
    check_output(&out);
    if std::env::var_os("CNNL_UPDATE_FIXTURES").is_some() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data");
        std::fs::create_dir_all(&fixtures).unwrap();
        for e in std::fs::read_dir(&out).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), fixtures.join(e.file_name())).unwrap();
        }
    }

    // A second run finds everything current and touches nothing.
    let stamp = |f: &str| std::fs::metadata(out.join(f)).unwrap().modified().unwrap();
    let before = stamp("train-0.shard");
    let (ok, log) = convert(&dir, &args).unwrap();
    assert!(ok && log.contains("up to date"), "{log}");
    assert_eq!(stamp("train-0.shard"), before);

    // A damaged output is noticed and rebuilt.
    let mut bytes = std::fs::read(out.join("test-0.shard")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(out.join("test-0.shard"), bytes).unwrap();
    let (ok, log) = convert(&dir, &args).unwrap();
    assert!(ok && !log.contains("up to date"), "{log}");
    check_output(&out);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_corrupt_idx_loudly() {
    type Tamper = fn(&mut Vec<(&'static str, Vec<u8>)>);
    let cases: [(&str, Tamper, &str); 8] = [
        (
            "image-magic",
            |s| s[0].1[3] = 0x04,
            "magic 2052, expected 2051",
        ),
        (
            "label-magic",
            |s| s[1].1[3] = 0x03,
            "magic 2051, expected 2049",
        ),
        ("truncated", |s| _ = s[2].1.pop(), "header implies"),
        ("long", |s| s[3].1.push(0), "header implies"),
        ("label-10", |s| s[1].1[8 + 4] = 10, "label 10 at index 4"),
        ("dims", |s| s[0].1[11] = 27, "expected 28x28"),
        ("counts", |s| s[3].1[7] = 6, "7 images but 6 labels"),
        ("missing", |s| drop(s.remove(2)), "missing"),
    ];
    for (name, tamper, message) in cases {
        let dir = scratch(name);
        let mut set = idx_set(TRAIN_N, TEST_N);
        tamper(&mut set);
        write_set(&dir, &set);
        let Some((ok, log)) = convert(&dir, &["--synthetic", "--shard-size", "10"]) else {
            return;
        };
        assert!(!ok, "{name}: accepted\n{log}");
        assert!(
            log.contains("FAILED") && log.contains(message),
            "{name}: {log}"
        );
        assert!(
            !dir.join("out/manifest.json").exists(),
            "{name}: left a manifest"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn real_mode_pins_counts_and_md5() {
    // Without --synthetic, a small set fails on its counts...
    let dir = scratch("real-counts");
    write_set(&dir, &idx_set(TRAIN_N, TEST_N));
    let Some((ok, log)) = convert(&dir, &[]) else {
        return;
    };
    assert!(!ok && log.contains("expected 60000"), "{log}");
    std::fs::remove_dir_all(&dir).unwrap();

    // ...and a well-formed full-size set that is not MNIST fails on its MD5.
    let dir = scratch("real-md5");
    write_set(&dir, &idx_set(60_000, 10_000));
    let (ok, log) = convert(&dir, &[]).unwrap();
    assert!(
        !ok && log.contains("official is 6bbc9ace898e44ae57da46a324031adb"),
        "{log}"
    );
    assert!(!dir.join("out/manifest.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();

    // Bad arguments are refused too.
    let dir = scratch("args");
    for args in [
        &["--shard-size", "5"][..],
        &["--synthetic", "--shard-size", "0"],
        &["--bogus"],
    ] {
        let (ok, log) = convert(&dir, args).unwrap();
        assert!(!ok && log.contains("FAILED"), "{args:?}: {log}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
