//! The gradient pages' explanations, with their numbers computed: the derivative captions, the
//! answer to "why not more layers?" and the answer to "why does the deep plain net train worse?".
//!
//! Sources: Krizhevsky et al. 2012, Sec. 3.1 (ReLU); Simonyan & Zisserman 2015, Sec. 3.1 (VGG's
//! initialisation: net A first); He et al. 2016, Sec. 4.1 (degradation is "unlikely to be caused
//! by vanishing gradients": batch normalisation, healthy gradients, an optimisation difficulty).

use super::{chain, short, Act, CHAIN_X0};

/// `dx_n/dx_0` of the slide's chain (unit weights) at depth `n`.
pub fn chain_product(act: Act, n: usize) -> f64 {
    chain(act, n, CHAIN_X0, false)
        .last()
        .map(|l| l.product)
        .unwrap_or(1.0)
}

/// The derivatives, as the activation chart's caption states them.
pub const DERIVATIVES: &str = "σ'(x) = σ(x)(1 − σ(x)) is at most 1/4 (at x = 0). \
tanh'(x) = 1 − tanh²(x) is at most 1 (at x = 0). ReLU' is exactly 1 for every positive input \
and 0 for every negative one.";

/// What the chain chart shows for one activation.
pub fn chain_caption(act: Act) -> &'static str {
    match act {
        Act::Sigmoid => "Every sigmoid factor is at most 1/4, so the product falls at least 4x per layer.",
        Act::Tanh => "tanh'(x) = 1 − tanh²(x) < 1 away from 0: the product shrinks slowly here; with weights it can shrink or grow.",
        Act::Relu => "ReLU' is exactly 1 for a positive input, so the plain product stays 1; with f' + 1 = 2 the shortcut product doubles.",
    }
}

/// "Q: why did they not develop architectures with more layers?": the slide's sigmoid chain at
/// depth `n`, then what the sigmoid argument leaves out (AlexNet and VGG used ReLU; VGG's own
/// obstacle was initialisation).
pub fn why_not_deeper(n: usize) -> [String; 3] {
    let n = n.max(1);
    [
        format!(
            "Gradient vanishing, the slide's reason. Every sigmoid layer multiplies the gradient \
             by σ' ≤ 1/4, so through n = {n} layers the slide's chain gives dx_n/dx_0 = {}, and \
             doubling the depth to {} layers makes it {}.",
            short(chain_product(Act::Sigmoid, n)),
            2 * n,
            short(chain_product(Act::Sigmoid, 2 * n))
        ),
        format!(
            "But AlexNet and VGG did not use sigmoids: they used ReLU, whose derivative is 1 for \
             every positive input (the same chain through {n} ReLU layers gives {}). Krizhevsky \
             et al. (2012, Sec. 3.1) chose ReLU because deep networks with it train several times \
             faster than with saturating units such as tanh. With ReLU the gradient no longer \
             shrinks by a fixed factor per layer; it still depends on the weights, which the \
             measured network below shows.",
            short(chain_product(Act::Relu, n))
        ),
        "VGG's own obstacle was initialisation. Simonyan & Zisserman (2015, Sec. 3.1): bad \
         initialisation \"can stall learning due to the instability of gradient in deep nets\", so \
         they first trained their shallowest net (A, 11 weight layers) from random weights and \
         started the deeper ones from its first four conv layers and its three fc layers. Later \
         initialisations (Glorot & Bengio 2010, which they note works without the pre-training; \
         He et al. 2015's for ReLU, \"Delving deep into rectifiers\") and batch normalisation \
         removed that obstacle; what then stopped plain nets from getting deeper was the \
         degradation problem."
            .to_string(),
    ]
}

/// "Why does the deep plain net train worse?" (He et al. 2016, Sec. 4.1), and how this page's
/// experiment differs from the paper's (`shallow`/`deep`: the page's depths).
pub fn why_deep_trains_worse(shallow: usize, deep: usize) -> [String; 3] {
    [
        "It is not overfitting: the deep plain net's training error is higher too. He et al. \
         (2016, Sec. 4.1, on their 18- and 34-layer plain nets) argue it is \"unlikely to be \
         caused by vanishing gradients\": their plain nets use batch normalisation, which keeps the forward signals at non-zero variance, and they checked \
         that the backward gradients have healthy norms. The deeper plain net is harder to \
         optimise: its solver finds a worse solution, although a deeper net could copy the \
         shallow one and set its extra layers to the identity. Plain layers find the identity \
         hard to learn; a shortcut gives every block the identity for free (F(x) + x with F = 0), \
         so the deep residual net trains at least as well as the shallow one."
            .to_string(),
        format!(
            "This page's experiment differs from the paper's: its nets are small fully connected \
             networks, not convolutional ones; they have no batch normalisation; and its depths \
             are {shallow} and {deep} hidden layers, where the paper's Fig. 1 compares 20 and 56 \
             layers on CIFAR-10: the paper's shallow net is as deep as this page's deep one."
        ),
        format!(
            "Without batch normalisation the gradient of a deep plain net can also shrink, so \
             here part of the {deep}-layer net's trouble may be vanishing gradients: the measured \
             gradient norms on /vanishing-gradients show how much. In the paper, with batch \
             normalisation, the gradients were healthy and the deep net still trained worse."
        ),
    ]
}
