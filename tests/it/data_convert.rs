//! `scripts/mnist/convert.mjs` on small synthetic IDX files (and corrupt ones), decoded by the Rust
//! side, for MNIST (plain IDX files) and Fashion-MNIST (gzipped ones); plus the committed fixtures
//! in `tests/fixtures/data/`, which need no Node.
//!
//! Regenerate the fixtures with `CNNL_UPDATE_FIXTURES=1 cargo test --test it data_convert`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cnn_lab::data::mnist::crc32::crc32;
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

/// A gzip file (RFC 1952) holding `bytes`, the way Fashion-MNIST's IDX files are shipped.
fn gzip(bytes: &[u8], level: u8) -> Vec<u8> {
    let mut v = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    v.extend(miniz_oxide::deflate::compress_to_vec(bytes, level));
    v.extend(crc32(bytes).to_le_bytes());
    v.extend((bytes.len() as u32).to_le_bytes());
    v
}

/// Writes a set as `NAME.gz` files.
fn write_set_gz(dir: &Path, files: &[(&str, Vec<u8>)], level: u8) {
    for (name, bytes) in files {
        std::fs::write(
            dir.join("src").join(format!("{name}.gz")),
            gzip(bytes, level),
        )
        .unwrap();
    }
}

/// Runs the converter; `None` when Node is not installed. Returns (success, stdout + stderr).
fn convert(dir: &Path, extra: &[&str]) -> Option<(bool, String)> {
    convert_code(dir, extra).map(|(code, log)| (code == Some(0), log))
}

/// Like [`convert`], with the exit code (`None` if killed by a signal).
fn convert_code(dir: &Path, extra: &[&str]) -> Option<(Option<i32>, String)> {
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
            Some((o.status.code(), text))
        }
    }
}

/// Decodes a converter output directory and checks it holds exactly the synthetic set, with the
/// MNIST credits.
fn check_output(out: &Path) -> Manifest {
    check_output_of(out, "CC BY-SA 3.0")
}

/// [`check_output`] for any data set: its CREDITS.txt must contain `credit`.
fn check_output_of(out: &Path, credit: &str) -> Manifest {
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
        .contains(credit));
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

/// The converter's attribution line for Fashion-MNIST.
const FASHION_ATTRIBUTION: &str = "Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf \
                                   (Zalando Research, 2017), MIT licence";
const FASHION_ARGS: [&str; 5] = ["--dataset", "fashion", "--synthetic", "--shard-size", "10"];

#[test]
fn fashion_converts_gzipped_synthetic_idx() {
    let dir = scratch("fashion-ok");
    write_set_gz(&dir, &idx_set(TRAIN_N, TEST_N), 6);
    let Some((ok, log)) = convert(&dir, &FASHION_ARGS) else {
        return;
    };
    assert!(ok && log.contains("fashion-mnist: train-0.shard"), "{log}");
    let out = dir.join("out");
    let manifest = check_output_of(&out, "arXiv:1708.07747");
    assert_eq!(manifest.attribution, FASHION_ATTRIBUTION);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(json["dataset"], "fashion");
    let credits = std::fs::read_to_string(out.join("CREDITS.txt")).unwrap();
    for needle in [
        "Han Xiao, Kashif Rasul, Roland Vollgraf",
        "Novel Image Dataset for Benchmarking Machine Learning Algorithms",
        "MIT",
        "0 T-shirt/top",
        "9 Ankle boot",
        "dataset-fashion-mnist",
        "MD5",
    ] {
        assert!(credits.contains(needle), "CREDITS.txt lacks {needle:?}");
    }

    // A second run finds everything current.
    let (ok, log) = convert(&dir, &FASHION_ARGS).unwrap();
    assert!(
        ok && log.contains("fashion-mnist:") && log.contains("up to date"),
        "{log}"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    // Plain IDX files stand in for absent .gz ones, file by file.
    let dir = scratch("fashion-plain");
    let set = idx_set(TRAIN_N, TEST_N);
    write_set_gz(&dir, &set[..2], 6);
    write_set(&dir, &set[2..]);
    let (ok, log) = convert(&dir, &FASHION_ARGS).unwrap();
    assert!(ok, "{log}");
    check_output_of(&dir.join("out"), "arXiv:1708.07747");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fashion_refuses_bad_gzip_loudly() {
    type Tamper = fn(&mut Vec<u8>);
    let cases: [(&str, Tamper, &str); 4] = [
        (
            "fashion-corrupt",
            |gz| *gz = b"this is not gzip at all, just text".to_vec(),
            "not a valid gzip file",
        ),
        (
            "fashion-truncated",
            |gz| gz.truncate(gz.len() / 2),
            "truncated gzip file",
        ),
        (
            "fashion-no-trailer",
            |gz| gz.truncate(gz.len() - 8),
            "truncated gzip file",
        ),
        (
            "fashion-bad-data",
            |gz| {
                let crc = gz.len() - 8; // the CRC-32 of the decompressed bytes
                gz[crc] ^= 0xff;
            },
            "not a valid gzip file",
        ),
    ];
    for (name, tamper, message) in cases {
        let dir = scratch(name);
        write_set_gz(&dir, &idx_set(TRAIN_N, TEST_N), 6);
        let victim = dir.join("src/t10k-images-idx3-ubyte.gz");
        let mut gz = std::fs::read(&victim).unwrap();
        tamper(&mut gz);
        std::fs::write(&victim, gz).unwrap();
        let Some((code, log)) = convert_code(&dir, &FASHION_ARGS) else {
            return;
        };
        assert_eq!(code, Some(1), "{name}: {log}");
        assert!(
            log.contains("fashion-mnist convert: FAILED")
                && log.contains("t10k-images-idx3-ubyte.gz")
                && log.contains(message),
            "{name}: {log}"
        );
        assert!(
            !dir.join("out/manifest.json").exists(),
            "{name}: left a manifest"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // A missing file names itself and the Debian package that provides it.
    let dir = scratch("fashion-missing");
    let mut set = idx_set(TRAIN_N, TEST_N);
    set.remove(1);
    write_set_gz(&dir, &set, 6);
    let (code, log) = convert_code(&dir, &FASHION_ARGS).unwrap();
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("missing")
            && log.contains("train-labels-idx1-ubyte.gz")
            && log.contains("apt-get install dataset-fashion-mnist"),
        "{log}"
    );
    assert!(!dir.join("out/manifest.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fashion_real_mode_pins_counts_classes_and_md5() {
    let args = ["--dataset", "fashion"];
    // A small set fails on its counts...
    let dir = scratch("fashion-real-counts");
    write_set_gz(&dir, &idx_set(TRAIN_N, TEST_N), 6);
    let Some((ok, log)) = convert(&dir, &args) else {
        return;
    };
    assert!(!ok && log.contains("expected 60000"), "{log}");
    std::fs::remove_dir_all(&dir).unwrap();

    // ...a full-size one whose classes are not 6,000 each on its per-class counts...
    let dir = scratch("fashion-real-classes");
    let mut set = idx_set(60_000, 10_000);
    set[1].1[8] = 1; // label 0 of class 0 becomes a 1
    write_set_gz(&dir, &set, 1);
    let (ok, log) = convert(&dir, &args).unwrap();
    assert!(
        !ok && log.contains("class 0 has 5999 images, expected 6000"),
        "{log}"
    );
    assert!(!dir.join("out/manifest.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();

    // ...and a well-formed, balanced full-size set that is not Fashion-MNIST on the MD5 of the
    // decompressed images.
    let dir = scratch("fashion-real-md5");
    write_set_gz(&dir, &idx_set(60_000, 10_000), 1);
    let (ok, log) = convert(&dir, &args).unwrap();
    assert!(
        !ok && log.contains("fashion-mnist convert: FAILED")
            && log.contains("official is f4a8712d7a061bf5bd6d2ca38dc4d50a"),
        "{log}"
    );
    assert!(!dir.join("out/manifest.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();

    // An unknown data set is refused.
    let dir = scratch("fashion-args");
    for args in [&["--dataset", "cifar"][..], &["--dataset"]] {
        let (ok, log) = convert(&dir, args).unwrap();
        assert!(!ok && log.contains("--dataset"), "{args:?}: {log}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
