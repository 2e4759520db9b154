//! The engine and every lesson's math never import UI code (STYLE.md: "engine first, UI second,
//! one direction"). This reads the sources, so a stray `use leptos` fails the native suite even
//! though the UI crates are not compiled natively.

use std::fs;
use std::path::Path;

const PURE: &[&str] = &[
    "src/engine",
    "src/lessons",
    "src/state",
    "src/data",
    "src/catalog.rs",
];
const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "wasm_bindgen",
    "js_sys",
    "plotters",
    "crate::ui",
    "gloo",
];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return;
    }
    if let Ok(entries) = fs::read_dir(path) {
        for e in entries.flatten() {
            rust_files(&e.path(), out);
        }
    }
}

#[test]
fn pure_modules_never_import_ui_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for p in PURE {
        rust_files(&root.join(p), &mut files);
    }
    assert!(files.len() >= 5, "found only {files:?}");
    let mut offences = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                if code.contains(word) {
                    offences.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "UI imports in pure modules:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_check_itself_catches_an_import() {
    let sample = "use leptos::prelude::*;";
    assert!(FORBIDDEN.iter().any(|w| sample.contains(w)));
}
