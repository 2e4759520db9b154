//! "Q: why does VGG-19 have so many more FLOPs?" (He et al. 2016, Fig. 3 and Sec. 3.3), split
//! stage by stage into width, resolution and the fc layers, from the calculator's layer rows.

use cnn_lab::lessons::arch::report;
use cnn_lab::lessons::arch::why_flops::{flop_causes, Cause};

fn causes(a: &str) -> cnn_lab::lessons::arch::why_flops::FlopCauses {
    flop_causes(&report(a).unwrap(), &report("resnet34_a").unwrap())
}

/// VGG-19's 56x56 and 28x28 stages cost 6.47 G each, each more than all of ResNet-34 (3.64 G),
/// at 4x the channels (16x per layer); its 224 and 112 stages cost 4.71 G.
#[test]
fn vgg19_stages_against_resnet34() {
    let c = causes("vgg19");
    let at = |side: usize| c.stages.iter().find(|s| s.side == side).unwrap();
    assert_eq!(at(56).a_macs, 6_473_908_224);
    assert_eq!(at(28).a_macs, 6_473_908_224);
    assert!(at(56).a_macs > c.b_total && at(28).a_macs > c.b_total);
    assert_eq!((at(56).a_width, at(56).b_width), (256, 64));
    assert_eq!((at(28).a_width, at(28).b_width), (512, 128));
    assert_eq!(at(56).a_layer_max, 16 * at(56).b_layer_max);
    assert_eq!(at(28).a_layer_max, 16 * at(28).b_layer_max);
    assert_eq!(at(224).cause, Cause::Resolution);
    assert_eq!(at(112).cause, Cause::Resolution);
    assert_eq!(at(224).a_macs + at(112).a_macs, 4_710_924_288);
    assert_eq!(at(0).cause, Cause::Classifier);
    // The stage differences add up to the whole difference.
    let sum: i64 = [Cause::Width, Cause::Resolution, Cause::Classifier]
        .into_iter()
        .map(|k| c.explained(k))
        .sum();
    assert_eq!(sum, c.difference());
}

/// Width explains about 70% of the difference, resolution about 29%, the fc layers about 1%,
/// and the answer says so in that order (it opened with "Resolution" before).
#[test]
fn width_first_then_resolution_then_fc() {
    let c = causes("vgg19");
    assert_eq!(
        c.ranked(),
        vec![Cause::Width, Cause::Resolution, Cause::Classifier]
    );
    assert!(
        (c.share(Cause::Width) - 0.705).abs() < 0.01,
        "{}",
        c.share(Cause::Width)
    );
    assert!((c.share(Cause::Resolution) - 0.287).abs() < 0.01);
    assert!(c.share(Cause::Classifier) < 0.01);
    let a = c.answer();
    assert!(!a[0].starts_with("Resolution"), "{}", a[0]);
    assert!(a[1].starts_with("Mainly width"), "{}", a[1]);
    assert!(
        a[1].contains("256 against 64 channels at 56x56"),
        "{}",
        a[1]
    );
    assert!(
        a[1].contains("512 against 128 channels at 28x28"),
        "{}",
        a[1]
    );
    assert!(
        a[1].contains("each cost more than all of ResNet-34 (3.6 G)"),
        "{}",
        a[1]
    );
    assert!(
        a[1].contains("fewer filters and lower complexity"),
        "{}",
        a[1]
    );
    assert!(a[2].starts_with("Second, resolution"), "{}", a[2]);
    assert!(a[2].contains("4.7 G, 24% of its 19.6 G"), "{}", a[2]);
    assert!(a[3].starts_with("Last, the fc layers"), "{}", a[3]);
}

/// The VGG-16 page asks its question of VGG-16, and answers it with VGG-16's figures.
#[test]
fn vgg16_card_is_about_vgg16() {
    let c = causes("vgg16");
    assert_eq!(
        c.question(),
        "Q: why does VGG-16 have so many more FLOPs than ResNet-34?"
    );
    assert!(c.answer().iter().all(|p| !p.contains("VGG-19")));
    assert!(c.answer()[0].starts_with("VGG-16 needs 15.5 G"));
    assert_eq!(c.ranked()[0], Cause::Width);
}
