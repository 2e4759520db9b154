//! A stack of small kernels against one large kernel with the same field: VGG's design reason
//! (Simonyan & Zisserman 2015, Sec. 2.3), in weights and in words.

use super::Stack;
use serde::{Deserialize, Serialize};

/// A stack of the first `layers` layers against one convolution with the same field (VGG's
/// design reason, Simonyan & Zisserman 2015, Sec. 2.3). Weights are per C^2 (C channels in and
/// out, biases left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackVsOne {
    pub layers: usize,
    /// The receptive field of the stack's top unit (= the single kernel's size).
    pub field: usize,
    /// Sum of k_i^2 over the stack.
    pub stack_weights: usize,
    /// field^2.
    pub single_weights: usize,
}

impl Stack {
    /// For every depth l >= 2 whose layers below all have stride 1 (so the field is one
    /// kernel's), the stack's weights against one kernel of the same field.
    pub fn stack_vs_one(&self) -> Vec<StackVsOne> {
        let r = self.rf_sizes();
        let mut out = Vec::new();
        let mut weights = 0;
        for (i, l) in self.layers.iter().enumerate() {
            weights += l.k * l.k;
            if i >= 1 {
                out.push(StackVsOne {
                    layers: i + 1,
                    field: r[i + 1],
                    stack_weights: weights,
                    single_weights: r[i + 1] * r[i + 1],
                });
            }
            if l.s != 1 {
                break;
            }
        }
        out
    }
}

/// VGG's reason for stacks of 3x3 convolutions, computed from `stack`.
pub fn vgg_design_text(stack: &Stack) -> String {
    let rows = stack.stack_vs_one();
    if rows.is_empty() {
        return "Add a second layer (stride 1 below it) to compare a stack with one large \
                convolution."
            .into();
    }
    let parts: Vec<String> = rows
        .iter()
        .map(|v| {
            format!(
                "{} layers see {f}x{f} with {} C² weights, one {f}x{f} layer needs {} C² (the \
                 stack has {:.0}% fewer)",
                v.layers,
                v.stack_weights,
                v.single_weights,
                100.0 - 100.0 * v.stack_weights as f64 / v.single_weights.max(1) as f64,
                f = v.field
            )
        })
        .collect();
    let n = rows.last().map_or(1, |v| v.layers);
    format!(
        "A stack of small kernels has the field of one large kernel with fewer weights \
         (Simonyan & Zisserman 2015, Sec. 2.3). In this page's stack (C \
         channels in and out, stride 1): {}. And each layer has its own ReLU, so {n} layers \
         apply {n} non-linearities where one large layer applies 1, which makes the decision \
         function more discriminative. VGG's stacks are the default one here: 3x3 kernels, \
         stride 1, padding 1.",
        parts.join("; ")
    )
}
