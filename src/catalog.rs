//! The lecture's outline and the app's route table, as data (pure, tested natively).
//!
//! The router renders every route from this table, the home page lists it in slide order, the
//! Playwright suite visits every concrete route it yields, and the static-host build writes one
//! `index.html` copy per route. A lesson becomes reachable by flipping `built` to `true` and
//! giving it a page in `ui::pages::view_for`.

use crate::lessons::arch::zoo::{Family, NetEntry, NETS};

/// One lesson page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// Route path without parameters, e.g. `/connectivity`; `:net` marks a parameter.
    pub path: &'static str,
    pub title: &'static str,
    pub teaser: &'static str,
    /// The slide question the lesson answers (the slides' "Q:"), or the slide's claim.
    pub question: &'static str,
    /// Section number in the lecture outline.
    pub section: u8,
    /// Whether the page exists. Unbuilt lessons are listed but not linked.
    pub built: bool,
}

/// A section of the lecture, in slide order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub number: u8,
    pub title: &'static str,
    pub summary: &'static str,
}

pub const SECTIONS: &[Section] = &[
    Section { number: 1, title: "LeNet-5", summary: "LeCun et al. 1998, Fig. 1: a network that reads handwritten digits; every plane is a feature map of shared weights." },
    Section { number: 2, title: "ConvNet vs MLP: three ideas", summary: "Sparse connectivity, parameter sharing, equivariant representations." },
    Section { number: 3, title: "Sparse connectivity", summary: "Each output sees only a few inputs: 13 arrows instead of 25." },
    Section { number: 4, title: "Receptive fields grow with depth", summary: "Units in deep layers indirectly see all or most of the input." },
    Section { number: 5, title: "Parameter sharing and equivariance", summary: "One filter slides over the input: 3 weights instead of 13 or 25, and a shifted input gives a shifted output." },
    Section { number: 6, title: "Pooling", summary: "Max pooling makes the output invariant to small translations." },
    Section { number: 7, title: "A typical convolutional layer", summary: "Convolution stage, detector stage, pooling stage." },
    Section { number: 8, title: "Three classification networks", summary: "Deep Learning book Fig. 9.11: three ways from 256x256x3 to 1,000 classes." },
    Section { number: 9, title: "AlexNet, VGG and ImageNet", summary: "More layers, better ImageNet results, 2010 to 2014." },
    Section { number: 10, title: "Inception (GoogLeNet)", summary: "1x1 convolutions make a wide module affordable." },
    Section { number: 11, title: "Why not more layers?", summary: "Vanishing gradients and the degradation problem." },
    Section { number: 12, title: "Shortcuts and ResNet", summary: "F(x) + x: the gradient gets a path that skips the long product." },
];

/// The networks of `/architectures/:net`, in the order the lecture meets them (the zoo's
/// table: id, names, family, constructor).
pub const ARCH_NETS: &[NetEntry] = NETS;

pub const LESSONS: &[Lesson] = &[
    Lesson { path: "/architectures/lenet5", title: "LeNet-5, layer by layer", teaser: "Every feature map of the 1998 network with its shape, parameters and connections.", question: "Where do LeNet-5's 60,000 parameters live?", section: 1, built: true },
    Lesson { path: "/train", title: "Train LeNet-5 live", teaser: "Watch LeNet-5 learn the real MNIST digits in this tab, then draw one for it.", question: "How fast can a CNN learn to read digits?", section: 1, built: true },
    Lesson { path: "/connectivity", title: "Sparse connectivity", teaser: "Count the arrows of a dense and a convolutional layer as you change n, kernel, stride and padding.", question: "Q: how many arrows?", section: 3, built: true },
    Lesson { path: "/receptive-field", title: "Receptive fields", teaser: "Stack layers, click a unit, and see how much of the input it sees.", question: "Q: larger stride = larger receptive field?", section: 4, built: true },
    Lesson { path: "/parameter-sharing", title: "Parameter sharing", teaser: "The same weights at every position: dense 25, unshared 13, shared 3.", question: "How many weights does a convolution need?", section: 5, built: true },
    Lesson { path: "/equivariance", title: "Equivariance to translation", teaser: "Shift then convolve equals convolve then shift; a dense layer does not.", question: "What happens to the output when the input moves?", section: 5, built: true },
    Lesson { path: "/pooling", title: "Pooling and small translations", teaser: "Shift the input: every detector value changes, few pooled values do.", question: "Q: max or average pooling?", section: 6, built: true },
    Lesson { path: "/seagull", title: "Is there a seagull?", teaser: "Drag the gull: the feature map moves, the presence score stays.", question: "Seagull = ?", section: 6, built: true },
    Lesson { path: "/conv-layer", title: "A typical convolutional layer", teaser: "Convolution, ReLU and pooling on a real photograph, with your own kernel.", question: "What does each stage of a conv layer do to an image?", section: 7, built: true },
    Lesson { path: "/three-networks", title: "Three classification networks", teaser: "Three ways from a 256x256x3 image to 1,000 class scores, shape by shape.", question: "How can we design and build these three networks?", section: 8, built: true },
    Lesson { path: "/architectures/alexnet", title: "AlexNet", teaser: "Five conv layers with max pooling, then 4096, 4096, 1000.", question: "Why did 8 layers win ImageNet 2012?", section: 9, built: true },
    Lesson { path: "/architectures/vgg16", title: "VGG-16 and VGG-19", teaser: "3x3 convolutions all the way: 224x224x64 down to 7x7x512.", question: "Where do VGG's parameters and FLOPs go?", section: 9, built: true },
    Lesson { path: "/imagenet", title: "The ImageNet competition", teaser: "ILSVRC winners 2010 to 2015: more layers, lower error.", question: "Does depth pay off?", section: 9, built: true },
    Lesson { path: "/inception", title: "The Inception module", teaser: "Naive versus dimension-reduced: the cost of a module, live.", question: "Q: difference between those two variants?", section: 10, built: true },
    Lesson { path: "/architectures/googlenet", title: "GoogLeNet", teaser: "Nine inception modules and two auxiliary classifiers.", question: "Q: why output prediction from lower layers?", section: 10, built: true },
    Lesson { path: "/vanishing-gradients", title: "Vanishing gradients", teaser: "Multiply sigmoid derivatives layer by layer and watch the gradient vanish, measured by backprop.", question: "Remember gradient vanishing?", section: 11, built: true },
    Lesson { path: "/degradation", title: "The degradation problem", teaser: "A deeper plain net trains worse than a shallow one; shortcuts fix it, live.", question: "Why does a 56-layer plain net have higher training error than a 20-layer one?", section: 11, built: true },
    Lesson { path: "/resnet", title: "ResNet shortcuts", teaser: "F(x) + x: the residual block, its gradient, and its FLOPs against VGG-19.", question: "Q: why does VGG-19 have so many more FLOPs?", section: 12, built: true },
    Lesson { path: "/architectures/resnet34", title: "ResNet-34 and friends", teaser: "Residual networks from 18 to 152 layers, with projection shortcuts.", question: "How deep can we go with shortcuts?", section: 12, built: true },
];

/// Tools that are not lessons but are routes (listed after the lessons).
pub const TOOLS: &[Lesson] = &[
    Lesson {
        path: "/embed",
        title: "Embed in your course",
        teaser: "Every lesson as an iframe snippet, with the height messages and hosting notes.",
        question: "How do I put a lesson in my course page?",
        section: 0,
        built: true,
    },
    Lesson {
        path: "/bench",
        title: "Engine benchmark",
        teaser: "The tensor engine's speed on the LeNet-5, conv and pooling workloads.",
        question: "How fast is the engine in this browser?",
        section: 0,
        built: true,
    },
];

/// Lessons of one section, in slide order.
pub fn lessons_of(section: u8) -> impl Iterator<Item = &'static Lesson> {
    LESSONS.iter().filter(move |l| l.section == section)
}

/// Finds the page for a concrete path (`/architectures/vgg19` matches `/architectures/:net`).
pub fn find(path: &str) -> Option<&'static Lesson> {
    let path = normalise(path);
    if let Some(net) = path.strip_prefix("/architectures/") {
        return NetEntry::find(net).and_then(card_of);
    }
    LESSONS.iter().chain(TOOLS).find(|l| l.path == path)
}

/// The lesson card that teaches a network: its family's (the plain net is taught with the
/// ResNets).
fn card_of(net: &NetEntry) -> Option<&'static Lesson> {
    let taught_with = |f: Family| {
        if f == Family::Plain {
            Family::ResNet
        } else {
            f
        }
    };
    let family = taught_with(net.family);
    LESSONS.iter().find(|l| {
        l.path
            .strip_prefix("/architectures/")
            .and_then(NetEntry::find)
            .is_some_and(|n| taught_with(n.family) == family)
    })
}

/// Every concrete route the app serves (home, every built lesson, every architecture net).
pub fn routes() -> Vec<String> {
    let mut out = vec!["/".to_string()];
    for l in LESSONS.iter().chain(TOOLS).filter(|l| l.built) {
        if l.path.starts_with("/architectures/") {
            continue;
        }
        out.push(l.path.to_string());
    }
    if LESSONS
        .iter()
        .any(|l| l.built && l.path.starts_with("/architectures/"))
    {
        out.extend(ARCH_NETS.iter().map(|n| format!("/architectures/{}", n.id)));
    }
    out
}

/// `/a/b/` -> `/a/b`; empty -> `/`.
pub fn normalise(path: &str) -> String {
    let p = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_belongs_to_a_section_in_order() {
        let mut last = 0;
        for l in LESSONS {
            assert!(SECTIONS.iter().any(|s| s.number == l.section), "{}", l.path);
            assert!(l.section >= last, "{} is out of slide order", l.path);
            last = l.section;
        }
    }

    #[test]
    fn paths_are_unique_and_findable() {
        for (i, a) in LESSONS.iter().enumerate() {
            for b in &LESSONS[i + 1..] {
                assert_ne!(a.path, b.path);
            }
            assert_eq!(find(a.path).map(|l| l.path), Some(a.path));
        }
        assert_eq!(
            find("/connectivity/").map(|l| l.path),
            Some("/connectivity")
        );
        assert_eq!(find("/architectures/vgg19").map(|l| l.section), Some(9));
        assert_eq!(
            find("/architectures/resnet152").map(|l| l.section),
            Some(12)
        );
        assert!(find("/architectures/nope").is_none());
        assert!(find("/nope").is_none());
    }

    #[test]
    fn every_network_is_taught_by_its_family_card() {
        let cards = [
            ("lenet5", "lenet5"),
            ("alexnet", "alexnet"),
            ("vgg16", "vgg16"),
            ("vgg19", "vgg16"),
            ("googlenet", "googlenet"),
            ("plain34", "resnet34"),
            ("resnet18", "resnet34"),
            ("resnet34", "resnet34"),
            ("resnet50", "resnet34"),
            ("resnet101", "resnet34"),
            ("resnet152", "resnet34"),
        ];
        assert_eq!(cards.len(), ARCH_NETS.len());
        for (net, (id, card)) in ARCH_NETS.iter().zip(cards) {
            assert_eq!(net.id, id);
            assert_eq!(
                find(&format!("/architectures/{id}")).map(|l| l.path),
                Some(format!("/architectures/{card}").as_str())
            );
        }
        assert!(find("/architectures/resnet34_a").is_none());
    }

    #[test]
    fn routes_start_with_home_and_are_unique() {
        let r = routes();
        assert_eq!(r[0], "/");
        let mut sorted = r.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), r.len());
    }

    #[test]
    fn normalise_paths() {
        assert_eq!(normalise(""), "/");
        assert_eq!(normalise("/"), "/");
        assert_eq!(normalise("/a/?x=1"), "/a");
        assert_eq!(normalise("a"), "/a");
    }
}
