//! The link between the layer table and the diagram: which key is hovered (or has keyboard
//! focus) and which was clicked, and which drawn element and rows light up for it.

use crate::lessons::arch::diagram::{key_count, layout};
use crate::lessons::arch::NetReport;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Link {
    pub hover: RwSignal<Option<usize>>,
    /// The clicked key (also in the URL as `row`, 1-based).
    pub focus: RwSignal<Option<usize>>,
    /// Key -> key of the drawn element that stands for it.
    light: StoredValue<Vec<usize>>,
    /// Key -> key of its container row (inception module, residual block).
    parent: StoredValue<Vec<Option<usize>>>,
}

impl Link {
    pub fn new(r: &NetReport) -> Self {
        let light = layout(r, 1200.0).light;
        let mut parent: Vec<Option<usize>> = r.layers.iter().map(|l| l.parent).collect();
        parent.resize(key_count(r), None);
        Link {
            hover: RwSignal::new(None),
            focus: RwSignal::new(None),
            light: StoredValue::new(light),
            parent: StoredValue::new(parent),
        }
    }

    /// The drawn element that stands for `key`.
    pub fn drawn(&self, key: usize) -> usize {
        self.light
            .with_value(|l| l.get(key).copied())
            .unwrap_or(key)
    }

    fn parent(&self, key: usize) -> Option<usize> {
        self.parent.with_value(|p| p.get(key).copied().flatten())
    }

    /// Does the drawn element `node` light up for key `k`?
    pub fn node_lit(&self, node: usize, k: usize) -> bool {
        node == k || self.drawn(k) == node || self.parent(node) == Some(k)
    }

    /// Does table row `row` light up for key `k` (hovered in the table or in the diagram)?
    pub fn row_lit(&self, row: usize, k: usize) -> bool {
        row == k || self.drawn(row) == k || self.parent(row) == Some(k)
    }

    pub fn is_lit_node(&self, node: usize) -> bool {
        self.hover.get().is_some_and(|k| self.node_lit(node, k))
    }
    pub fn is_selected_node(&self, node: usize) -> bool {
        self.focus.get().is_some_and(|k| self.node_lit(node, k))
    }
    pub fn is_lit_row(&self, row: usize) -> bool {
        self.hover.get().is_some_and(|k| self.row_lit(row, k))
    }
    pub fn is_selected_row(&self, row: usize) -> bool {
        self.focus.get() == Some(row)
    }
}

/// DOM ids of a table row and a drawn element.
pub fn row_id(key: usize) -> String {
    format!("arch-row-{key}")
}
pub fn node_id(key: usize) -> String {
    format!("arch-node-{key}")
}
