//! The engine and every lesson's math never import UI code ("engine first, UI second,
//! one direction"). This reads the sources, so a stray `use leptos` fails the native suite even
//! though the UI crates are not compiled natively.

use std::fs;
use std::path::Path;

const PURE: &[&str] = &[
    "src/engine",
    "src/lessons",
    "src/state",
    "src/data",
    "src/figure",
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

/// Every line of `text` that names UI code outside a `//` comment, as `file:line: code`.
fn offences(name: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if FORBIDDEN.iter().any(|word| code.contains(word)) {
            out.push(format!("{name}:{}: {}", i + 1, line.trim()));
        }
    }
    out
}

#[test]
fn pure_modules_never_import_ui_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for p in PURE {
        rust_files(&root.join(p), &mut files);
    }
    assert!(files.len() >= 5, "found only {files:?}");
    let mut found = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        found.extend(offences(&f.display().to_string(), &text));
    }
    assert!(
        found.is_empty(),
        "UI imports in pure modules:\n{}",
        found.join("\n")
    );
}

/// The same scan that checks the sources, on samples: an import is caught wherever it stands,
/// a mention in a comment is not.
#[test]
fn the_scan_catches_imports_and_ignores_comments() {
    let src = "use crate::engine::Tensor;\n\
               use leptos::prelude::*;\n\
               // web_sys is only named in this comment\n\
               let c = web_sys::window(); // and here\n\
               fn f() -> plotters::Chart {}\n";
    let found = offences("sample.rs", src);
    assert_eq!(
        found,
        vec![
            "sample.rs:2: use leptos::prelude::*;",
            "sample.rs:4: let c = web_sys::window(); // and here",
            "sample.rs:5: fn f() -> plotters::Chart {}",
        ]
    );
    for word in FORBIDDEN {
        assert_eq!(
            offences("w.rs", &format!("use {word}::x;")).len(),
            1,
            "{word}"
        );
    }
}

/// No page imports another page: a lesson's folder under `src/ui/pages/` names only itself,
/// the shared UI (`ui::components`, `ui::viz`, ...) and the pure code.
#[test]
fn no_page_imports_another_page() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/pages");
    let mut found = Vec::new();
    let mut folders = 0;
    for entry in fs::read_dir(&pages).unwrap().flatten() {
        let dir = entry.path();
        if !dir.is_dir() {
            continue;
        }
        folders += 1;
        let own = entry.file_name().to_string_lossy().to_string();
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        for f in files {
            let text = fs::read_to_string(&f).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let foreign = code
                    .match_indices("ui::pages::")
                    .any(|(at, m)| !code[at + m.len()..].starts_with(&own));
                let mod_rs = f.file_name().is_some_and(|n| n == "mod.rs");
                let escapes = if mod_rs {
                    code.contains("super::")
                } else {
                    code.contains("super::super")
                };
                if foreign || escapes {
                    found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(folders >= 15, "found only {folders} lesson folders");
    assert!(
        found.is_empty(),
        "pages importing other pages:\n{}",
        found.join("\n")
    );
}
