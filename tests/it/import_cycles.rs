//! No file-level import cycle inside the library (`src/`, without the binaries): if file A uses
//! something of file B, B never uses (directly or through other files) anything of A. A use of an
//! enclosing module (a child naming what its parent `mod.rs` declares) is its namespace, not an
//! edge. The scan reads `crate::`, `super::` and `self::` paths in code, outside comments.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Module = Vec<String>;

fn collect(dir: &Path, prefix: &Module, out: &mut BTreeMap<Module, String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if prefix.is_empty() && name == "bin" {
                continue;
            }
            let mut m = prefix.clone();
            m.push(name);
            collect(&path, &m, out);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if prefix.is_empty() && stem == "main" {
                continue;
            }
            let mut m = prefix.clone();
            if !matches!(stem, "mod" | "lib") {
                m.push(stem.to_string());
            }
            out.insert(m, fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

/// Code without `//` comments (doc comments included).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every path `text` names from `crate::`, `super::` or `self::`, resolved to absolute module
/// paths (one level of `{a, b::c}` groups expanded).
fn paths_in(text: &str, here: &Module) -> Vec<Module> {
    let code = code_of(text);
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .find(|p| starts_at(&bytes, i, p))
            .copied();
        let boundary = i == 0 || !is_ident(bytes[i - 1]);
        let Some(prefix) = starts.filter(|_| boundary) else {
            i += 1;
            continue;
        };
        // The module the path starts from.
        let mut base: Module = match prefix {
            "crate::" => Vec::new(),
            _ => {
                // `self` is the file's own module; `super` its parent.
                let mut b = here.clone();
                if prefix == "super::" {
                    b.pop();
                }
                b
            }
        };
        i += prefix.len();
        // More `super::`.
        while starts_at(&bytes, i, "super::") {
            base.pop();
            i += "super::".len();
        }
        let (segments, end) = read_path(&bytes, i);
        i = end;
        if bytes.get(i) == Some(&'{') {
            let close = bytes[i..]
                .iter()
                .position(|&c| c == '}')
                .map_or(bytes.len(), |p| i + p);
            let inner: String = bytes[i + 1..close].iter().collect();
            for item in inner.split(',') {
                let item: Vec<char> = item.trim().chars().collect();
                let (more, _) = read_path(&item, 0);
                let mut m = base.clone();
                m.extend(segments.iter().cloned());
                m.extend(more);
                out.push(m);
            }
            i = close;
        } else {
            let mut m = base.clone();
            m.extend(segments);
            out.push(m);
        }
    }
    out
}

fn starts_at(bytes: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, c)| bytes.get(i + k) == Some(&c))
}

/// `a::b::c` from `bytes[i..]`: the identifiers and where the path ends.
fn read_path(bytes: &[char], mut i: usize) -> (Vec<String>, usize) {
    let mut segs = Vec::new();
    loop {
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if i == start {
            break;
        }
        segs.push(bytes[start..i].iter().collect());
        if bytes.get(i) == Some(&':') && bytes.get(i + 1) == Some(&':') {
            i += 2;
        } else {
            break;
        }
    }
    (segs, i)
}

/// The file a path lands in: its longest prefix that is a module file.
fn resolve(path: &Module, files: &BTreeMap<Module, String>) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| files.contains_key(m))
}

fn edges(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, text) in files {
        let targets = graph.entry(m.clone()).or_default();
        for p in paths_in(text, m) {
            if let Some(t) = resolve(&p, files) {
                // Itself, or an enclosing module (its namespace): not an edge.
                if !m.starts_with(&t) {
                    targets.insert(t);
                }
            }
        }
    }
    graph
}

/// One cycle of `graph`, if it has any.
fn find_cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        n: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        state: &mut BTreeMap<Module, u8>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for t in graph.get(n).into_iter().flatten() {
            match state.get(t).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| s == t).unwrap_or(0);
                    let mut c = stack[from..].to_vec();
                    c.push(t.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(t, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

fn show(c: &[Module]) -> String {
    c.iter()
        .map(|m| format!("crate::{}", m.join("::")))
        .collect::<Vec<_>>()
        .join(" -> ")
}

#[test]
fn no_file_level_import_cycle_in_src() {
    // IMPORT_CYCLES_SRC=<dir> scans another checkout's `src/` (to count an older tree's cycles).
    let root = std::env::var_os("IMPORT_CYCLES_SRC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut files = BTreeMap::new();
    collect(&root, &Vec::new(), &mut files);
    assert!(files.len() > 50, "found only {} files", files.len());
    let mut graph = edges(&files);
    // Every cycle, one at a time: report one, cut its first edge, look again.
    let mut cycles = Vec::new();
    while let Some(c) = find_cycle(&graph) {
        cycles.push(show(&c));
        if let Some(targets) = graph.get_mut(&c[0]) {
            targets.remove(&c[1]);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// The scan on a made-up crate: a sibling cycle is found; a child using its parent is not one.
#[test]
fn the_scan_finds_a_cycle_and_ignores_parents() {
    let m = |s: &str| -> Module {
        s.split('/')
            .filter(|x| !x.is_empty())
            .map(String::from)
            .collect()
    };
    let mut files = BTreeMap::new();
    files.insert(m(""), "mod a; mod b;".to_string());
    files.insert(m("a"), "pub struct A; mod c; use c::C;".to_string());
    files.insert(
        m("a/c"),
        "use super::A; // uses crate::b only in a comment".to_string(),
    );
    files.insert(m("b"), "use crate::a::{A, c::C};".to_string());
    assert_eq!(find_cycle(&edges(&files)), None);
    files.insert(
        m("a/c"),
        "use super::A; pub fn f() { crate::b::g() }".to_string(),
    );
    files.insert(m("b"), "use crate::a::{A, c::C}; pub fn g() {}".to_string());
    let cycle = find_cycle(&edges(&files)).expect("a -> ... cycle");
    assert_eq!(show(&cycle), "crate::a::c -> crate::b -> crate::a::c");
}
