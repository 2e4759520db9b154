//! How many layers? The slide and the papers count differently; this is the one explanation
//! both `/architectures/*` and `/vanishing-gradients` show, with every count recomputed from
//! the calculator's layer rows.
//!
//! - The slide (section 11): "LeNet-5: 3 conv + 2 fc; AlexNet: 5 conv + 2 fc; VGG-16: 13 conv +
//!   2 fc". It counts conv and fc layers, not pooling or subsampling. Its "2 fc" are F6 and the
//!   output layer for LeNet-5, but the two hidden 4096-unit layers for AlexNet and VGG-16 (their
//!   1000-way output layer would be a third fc).
//! - LeCun et al. 1998, Sec. II-B: "LeNet-5 comprises 7 layers, not counting the input, all of
//!   which contain trainable parameters (weights)": the subsampling layers S2 and S4 count, each
//!   with a trainable coefficient and bias per map (12 and 32 parameters, part of the 60,000).
//! - Krizhevsky et al. 2012, Sec. 3: "eight learned layers", 5 conv + 3 fc; Simonyan & Zisserman
//!   2015, Table 1: 16 weight layers, 13 conv + 3 fc. Max pooling has no weights and is not
//!   counted.

use super::report::NetReport;
use super::zoo::{report, Family, NetEntry};

/// One network: the slide's count, the paper's, and both recomputed.
#[derive(Clone, Debug, PartialEq)]
pub struct CountRow {
    pub id: &'static str,
    /// The network's short name (as the picker shows it).
    pub name: &'static str,
    /// As printed on the slide.
    pub slide: &'static str,
    /// The paper's count, quoted, with its source.
    pub paper: &'static str,
    /// Conv layers (the slide's first number).
    pub conv: usize,
    /// The fc layers the slide counts: F6 + output for LeNet-5, the hidden fc layers otherwise.
    pub slide_fc: usize,
    /// Which fc layers those are.
    pub slide_fc_are: String,
    /// Layers with parameters of any kind (LeCun et al.'s way: subsampling layers included).
    pub with_parameters: usize,
    /// Conv + fc, the output layer included (Krizhevsky's and Simonyan's way).
    pub weight_layers: usize,
    /// The paper's number, computed the paper's way.
    pub paper_count: usize,
}

/// Layers with trainable or fixed parameters (leaf rows): C1, S2, C3, S4, C5, F6, output.
pub fn layers_with_parameters(r: &NetReport) -> Vec<&str> {
    r.layers
        .iter()
        .filter(|l| !l.group && l.params + l.fixed_params > 0)
        .map(|l| l.name.as_str())
        .collect()
}

fn dense_names(r: &NetReport) -> Vec<String> {
    r.layers
        .iter()
        .filter(|l| !l.group && l.kind.is_fc())
        .map(|l| l.name.clone())
        .collect()
}

/// The slide's networks: id, the slide's count, the paper's.
const SLIDE: [(&str, &str, &str); 3] = [
    (
        "lenet5",
        "3 conv + 2 fc",
        "\"7 layers, not counting the input, all of which contain trainable parameters\" \
         (LeCun et al. 1998, Sec. II-B)",
    ),
    (
        "alexnet",
        "5 conv + 2 fc",
        "\"eight learned layers\": 5 conv + 3 fc (Krizhevsky et al. 2012, Sec. 3)",
    ),
    (
        "vgg16",
        "13 conv + 2 fc",
        "16 weight layers: 13 conv + 3 fc (Simonyan & Zisserman 2015, Table 1)",
    ),
];

/// The three networks of the slide, recounted.
pub fn counting_rows() -> Vec<CountRow> {
    SLIDE
        .iter()
        .filter_map(|&(id, slide, paper)| {
            let net = NetEntry::find(id)?;
            let r = report(id).ok()?;
            let c = r.counts;
            let dense = dense_names(&r);
            let lenet = net.family == Family::LeNet;
            // LeNet-5: the slide's 2 fc are F6 and the output layer; the others: the hidden ones.
            let slide_fc_are: Vec<String> = if lenet {
                dense.clone()
            } else {
                dense[..c.fc_hidden.min(dense.len())].to_vec()
            };
            let with_parameters = layers_with_parameters(&r).len();
            Some(CountRow {
                id: net.id,
                name: net.short,
                slide,
                paper,
                conv: c.conv,
                slide_fc: slide_fc_are.len(),
                slide_fc_are: slide_fc_are.join(" and "),
                with_parameters,
                weight_layers: c.weight_layers,
                paper_count: if lenet {
                    with_parameters
                } else {
                    c.weight_layers
                },
            })
        })
        .collect()
}

/// The one explanation, in words, with the counts and S2/S4's parameters computed.
pub fn counting_explanation() -> String {
    let rows = counting_rows();
    let row = |id: &str| rows.iter().find(|r| r.id == id);
    let (Some(le), Some(al), Some(vg)) = (row("lenet5"), row("alexnet"), row("vgg16")) else {
        return String::new();
    };
    let lenet = report("lenet5").ok();
    let params = |n: &str| {
        lenet
            .as_ref()
            .and_then(|r| r.row(n))
            .map_or(0, |l| l.params)
    };
    format!(
        "The slide counts conv and fc layers and leaves out pooling: LeNet-5 {} + {}, AlexNet {} \
         + {}, VGG-16 {} + {}. Its fc count is not the same thing for all three: for LeNet-5 \
         the 2 fc are {} (the output layer included); for AlexNet and VGG-16 they are the two \
         hidden 4096-unit layers (AlexNet's {}, VGG-16's {}) and the 1000-way output layer is \
         left out. The \
         papers count differently again. LeCun et al. (1998, Sec. II-B) count every layer with \
         trainable parameters: LeNet-5 has {} (C1, S2, C3, S4, C5, F6 and the output), because \
         its subsampling layers S2 and S4 learn a coefficient and a bias per map ({} and {} \
         parameters, part of the 60,000); the slide's convention gives {}. Krizhevsky et al. \
         (2012, Sec. 3) and Simonyan & Zisserman (2015, Table 1) count weight layers, conv and \
         fc with the output layer: AlexNet {}, VGG-16 {}. Their max pooling has no weights, so \
         no one counts it.",
        le.conv,
        le.slide_fc,
        al.conv,
        al.slide_fc,
        vg.conv,
        vg.slide_fc,
        le.slide_fc_are,
        al.slide_fc_are,
        vg.slide_fc_are,
        le.paper_count,
        params("S2"),
        params("S4"),
        le.conv + le.slide_fc,
        al.paper_count,
        vg.paper_count,
    )
}
