//! The architecture pages' header questions, answered from the papers, with the calculator's
//! numbers where it has them.
//!
//! - AlexNet, "Why did 8 layers win ImageNet 2012?": Krizhevsky, Sutskever & Hinton, "ImageNet
//!   classification with deep convolutional neural networks", NIPS 2012, Sec. 3.1-3.4 (ReLU,
//!   two GPUs, local response normalisation, overlapping pooling), Sec. 4.1-4.2 (data
//!   augmentation, dropout), Sec. 6 (results) and Sec. 7 (depth matters).
//! - ResNet, "How deep can we go with shortcuts?": He, Zhang, Ren & Sun, "Deep residual learning
//!   for image recognition", CVPR 2016, Table 3-5 (152 layers on ImageNet) and Sec. 4.2, Table 6
//!   (110 and 1202 layers on CIFAR-10).

use super::fmt::{grouped, si};
use super::zoo::report;

/// AlexNet's answer, one paragraph per reason, with its size from the calculator.
pub fn alexnet_why_won() -> Vec<String> {
    let r = report("alexnet").ok();
    let (params, macs) = r
        .as_ref()
        .map_or((0, 0), |r| (r.total_params(), r.total_macs()));
    vec![
        format!(
            "Depth alone did not do it: the 8 layers ({} parameters, {} multiply-adds per image, \
             computed above) had to be trained on 1.2 million images without overfitting and in \
             days, not months. Krizhevsky et al. (2012) list what made it work; their figures:",
            si(params),
            si(macs)
        ),
        "ReLU (Sec. 3.1): a four-layer CNN with ReLUs reached 25% training error on CIFAR-10 six \
         times faster than the same network with tanh units (Fig. 1). Non-saturating units made \
         training a network this large feasible."
            .into(),
        "Two GPUs (Sec. 3.2): the network did not fit on one 3 GB GTX 580, so each GPU holds half \
         the kernels (the two towers) and they talk only in certain layers. Against a net with \
         half as many kernels on one GPU, it cut top-1 and top-5 error by 1.7% and 1.2%. It \
         trained for five to six days on the two GPUs (Sec. 1)."
            .into(),
        "Local response normalisation (Sec. 3.3): top-1 and top-5 error down 1.4% and 1.2%. \
         Overlapping pooling (Sec. 3.4, 3x3 windows with stride 2 instead of 2x2 with stride 2): \
         down 0.4% and 0.3%."
            .into(),
        "Data augmentation (Sec. 4.1): random 224x224 crops of the 256x256 images and their \
         horizontal reflections (2048 times as many training images, though highly dependent), \
         and PCA colour jitter, which cut top-1 error by over 1%. Dropout (Sec. 4.2): each unit of \
         the first two fc layers is dropped with probability 0.5; without it the network \
         overfitted substantially, and with it training took about twice the iterations."
            .into(),
        "The result (Sec. 6): 15.3% top-5 test error in ILSVRC-2012 against 26.2% for the second \
         best entry. And the depth did matter (Sec. 7): removing any one middle conv layer cost \
         about 2% top-1 accuracy."
            .into(),
    ]
}

/// Parameters of He et al.'s CIFAR-10 ResNet with `6n + 2` weight layers (Sec. 4.2): a 3x3
/// conv with 16 filters, three stages of 2n 3x3 convs with 16, 32 and 64 filters (option A
/// identity shortcuts, no parameters), batch norm (2 per channel) after every conv, global
/// average pooling and a 10-way fc layer. n = 18: 110 layers, 1.7 M; n = 200: 1202, 19.4 M.
pub fn cifar_resnet_params(n: u64) -> u64 {
    let conv = |cin: u64, cout: u64| 9 * cin * cout + 2 * cout;
    let mut p = conv(3, 16);
    let mut cin = 16;
    for width in [16u64, 32, 64] {
        for _ in 0..2 * n {
            p += conv(cin, width);
            cin = width;
        }
    }
    p + 64 * 10 + 10
}

/// ResNet's answer: 152 layers on ImageNet, 1202 on CIFAR-10, and why 1202 did worse than 110.
pub fn how_deep_with_shortcuts() -> Vec<String> {
    let macs = |id: &str| report(id).map_or(0, |r| r.total_macs());
    let (r152, vgg) = (macs("resnet152"), macs("vgg19"));
    let (p110, p1202) = (cifar_resnet_params(18), cifar_resnet_params(200));
    vec![
        format!(
            "On ImageNet, 152 layers (He et al. 2016, Table 3 and 4): ResNet-152 has the lowest \
             error of their single models, 4.49% top-5 on the validation set, and an ensemble \
             with it won ILSVRC 2015 with 3.57% (Table 5). With bottleneck blocks it still costs \
             fewer multiply-adds than VGG-19: {} against {} (computed by this page's calculator).",
            si(r152),
            si(vgg)
        ),
        format!(
            "On CIFAR-10 they went to 1202 layers (Sec. 4.2, Table 6). Optimisation was no \
             obstacle: the 1202-layer net reached a training error below 0.1% (Fig. 6, right). But its test error was worse, 7.93% against 6.43%. He et al. put it down to \
             overfitting: the 1202-layer net has {} parameters ({}) against the 110-layer one's {} \
             ({}), far more than a 50,000-image training set needs, and they used no strong \
             regularisation such as maxout or dropout.",
            grouped(p1202),
            si(p1202),
            grouped(p110),
            si(p110)
        ),
        "So shortcuts remove the optimisation limit on depth (the degradation problem); what \
         limits depth then is the data and the cost, as for any model."
            .into(),
    ]
}
