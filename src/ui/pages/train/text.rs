//! The page's sentences that depend on its state: the opening paragraph for the data set, the
//! workers line, and percentages.

use crate::data::Dataset;

/// The page's opening paragraph for the chosen data set.
pub fn intro(data: Dataset) -> String {
    let what = match data {
        Dataset::Mnist => "A LeNet-5 learns to read handwritten digits from the 60,000 training \
                           images of MNIST"
            .to_string(),
        Dataset::Fashion => format!(
            "A LeNet-5 learns to tell ten kinds of clothing apart ({}) from the 60,000 training \
             images of Fashion-MNIST, a drop-in replacement for MNIST that is harder: where \
             every network of the lecture ends near 99 % on digits, here the differences show",
            data.classes().join(", ")
        ),
    };
    format!(
        "{what}, right here in this tab: the network runs in a background worker on this app's \
         own engine, and every number below is measured live. The test accuracy is counted on all \
         10,000 test {}s, which the network never trains on.",
        data.item()
    )
}

/// "Each worker's own compute: worker 1 2,310 images/s, worker 2 2,295 images/s."
pub fn worker_speeds(speeds: &[f64]) -> String {
    if speeds.len() < 2 {
        return "One worker trains (add workers=2 to the address, or choose below, to split \
                every batch across two)."
            .into();
    }
    let each: Vec<String> = speeds
        .iter()
        .enumerate()
        .map(|(k, v)| {
            format!(
                "worker {} {} images/s",
                k + 1,
                crate::ui::viz::thousands(*v as u64)
            )
        })
        .collect();
    format!(
        "{} workers split every batch and average their gradients. Each one's own compute: {}.",
        speeds.len(),
        each.join(", ")
    )
}

pub fn percent(v: f64) -> String {
    format!("{:.2}%", v * 100.0)
}
