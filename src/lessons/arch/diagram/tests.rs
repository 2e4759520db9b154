use super::*;
use crate::lessons::arch::zoo::{report, NETWORK_IDS};

fn overlaps(a: &Node, b: &Node) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[test]
fn every_key_lights_a_drawn_element_of_its_own_layer_or_block() {
    for id in NETWORK_IDS {
        let r = report(id).unwrap();
        let d = layout(&r, 1200.0);
        assert_eq!(d.light.len(), key_count(&r), "{id}");
        let drawn: Vec<usize> = d.nodes.iter().filter_map(|n| n.key).collect();
        for (k, &to) in d.light.iter().enumerate() {
            assert!(drawn.contains(&to), "{id}: key {k} lights {to}, not drawn");
            let (row, _) = row_of(&r, k).unwrap();
            let (target, _) = row_of(&r, to).unwrap();
            // Same block (or the block itself), never a layer somewhere else.
            let block = |x: &LayerReport| x.parent.unwrap_or(x.index);
            if k < r.layers.len() {
                assert!(
                    block(row) == block(target)
                        || row.index == to
                        || row.kind == LayerKind::BatchNorm,
                    "{id}: {} lights {}",
                    row.path,
                    target.path
                );
            }
        }
        // Every weight layer is drawn itself.
        for row in r.layers.iter().filter(|l| l.weight_layer) {
            assert_eq!(d.light[row.index], row.index, "{id}: {}", row.path);
        }
    }
}

#[test]
fn nodes_stay_inside_and_do_not_overlap() {
    for id in NETWORK_IDS {
        for width in [340.0, 800.0, 1400.0] {
            let r = report(id).unwrap();
            let d = layout(&r, width);
            for n in &d.nodes {
                assert!(
                    n.x >= 0.0 && n.x + n.w + n.depth <= d.width + 0.5,
                    "{id} {width}: {n:?}"
                );
                assert!(
                    n.y - 0.6 * n.depth >= 0.0 && n.y + n.h <= d.height,
                    "{id} {width}: {n:?}"
                );
            }
            for (i, a) in d.nodes.iter().enumerate() {
                for b in &d.nodes[i + 1..] {
                    assert!(!overlaps(a, b), "{id} {width}: {a:?} overlaps {b:?}");
                }
            }
        }
    }
}

#[test]
fn wraps_to_the_width_and_narrower_means_more_rows() {
    let r = report("resnet152").unwrap();
    let wide = layout(&r, 1400.0);
    let narrow = layout(&r, 340.0);
    assert!(narrow.rows > wide.rows);
    assert!(wide.width <= 1400.0 + 16.0, "{}", wide.width);
    // A bottleneck block fits a phone.
    assert!(narrow.width <= 340.0 + 16.0, "{}", narrow.width);
}

#[test]
fn shortcuts_and_aux_heads_are_drawn() {
    let r = report("resnet34").unwrap();
    let d = layout(&r, 1200.0);
    let adds = d.nodes.iter().filter(|n| n.style == NodeStyle::Add).count();
    assert_eq!(adds, 16);
    let changing = d
        .edges
        .iter()
        .filter(|e| e.style == EdgeStyle::Changing)
        .count();
    assert_eq!(
        changing,
        3 * 2,
        "3 projection shortcuts, drawn in two pieces"
    );

    let g = report("googlenet").unwrap();
    let d = layout(&g, 1200.0);
    assert_eq!(
        d.nodes
            .iter()
            .filter(|n| n.style == NodeStyle::Concat)
            .count(),
        9
    );
    let aux: Vec<&Node> = d.nodes.iter().filter(|n| n.aux).collect();
    // pool, conv, fc1, fc2, softmax per head.
    assert_eq!(aux.len(), 10);
    assert!(d.labels.iter().any(|l| l.text == "aux1 (not in totals)"));
}

#[test]
fn short_details() {
    assert_eq!(short_detail("3x3 conv, 128, /2, pad 1"), "3x3, 128, /2");
    assert_eq!(short_detail("3x3 max pool, same"), "3x3 max");
    assert_eq!(short_detail("5x5 conv, 256, pad 2, 2 groups"), "5x5, 256");
    assert_eq!(short_detail("fc 4096"), "fc 4096");
}
