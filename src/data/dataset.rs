//! The two real data sets the app trains on and shows: MNIST (handwritten digits) and
//! Fashion-MNIST (Zalando's 28x28 grey images of clothing). Same format, same sizes (60,000 +
//! 10,000 images, 10 classes), same shard files (`assets/mnist/`, `assets/fashion-mnist/`, made at
//! set-up by `scripts/mnist/convert.mjs`); what differs is here: names, class names, credits,
//! input statistics and the shipped pretrained weights.

use serde::{Deserialize, Serialize};

use super::mnist::Normalization;
use crate::state::{Field, Kind};

/// One of the app's real data sets. `data=mnist` / `data=fashion` in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    #[default]
    Mnist,
    Fashion,
}

/// The URL values, in the order the pages offer them.
pub const DATASET_IDS: &[&str] = &["mnist", "fashion"];

/// The `data=` URL field of every page that trains on or shows real images (MNIST by default).
pub const DATA_FIELD: Field = Field::new(
    "data",
    Kind::Choice {
        default: "mnist",
        options: DATASET_IDS,
    },
);

/// Attribution shown wherever Fashion-MNIST images appear (MIT licence).
pub const FASHION_CREDIT: &str = "Fashion-MNIST by Han Xiao, Kashif Rasul and Roland Vollgraf \
     (Zalando Research, 2017), MIT licence";

/// Fashion-MNIST's ten classes, by label (Xiao, Rasul, Vollgraf 2017, Table 1).
pub const FASHION_CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

impl Dataset {
    pub const ALL: [Dataset; 2] = [Dataset::Mnist, Dataset::Fashion];

    /// The URL value (`data=`).
    pub fn id(self) -> &'static str {
        match self {
            Dataset::Mnist => "mnist",
            Dataset::Fashion => "fashion",
        }
    }

    /// The data set of a URL value; `None` for anything else.
    pub fn from_id(id: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.id() == id)
    }

    /// The data set's own name.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Mnist => "MNIST",
            Dataset::Fashion => "Fashion-MNIST",
        }
    }

    /// The folder under `assets/` holding its manifest and shards.
    pub fn asset_dir(self) -> &'static str {
        match self {
            Dataset::Mnist => "mnist",
            Dataset::Fashion => "fashion-mnist",
        }
    }

    /// The credit line its licence asks for wherever its images appear.
    pub fn credit(self) -> &'static str {
        match self {
            Dataset::Mnist => super::mnist::MNIST_CREDIT,
            Dataset::Fashion => FASHION_CREDIT,
        }
    }

    /// The class names by label: digits for MNIST, garments for Fashion-MNIST.
    pub fn classes(self) -> &'static [&'static str; 10] {
        match self {
            Dataset::Mnist => &DIGITS,
            Dataset::Fashion => &FASHION_CLASSES,
        }
    }

    /// The name of class `label` ("7", "Sneaker"); `"?"` outside 0..10.
    pub fn class_name(self, label: usize) -> &'static str {
        self.classes().get(label).copied().unwrap_or("?")
    }

    /// One image, in words: "digit" or "image".
    pub fn item(self) -> &'static str {
        match self {
            Dataset::Mnist => "digit",
            Dataset::Fashion => "image",
        }
    }

    /// "a 7" / "a Sneaker" / "an Ankle boot": the class as the object of a sentence.
    pub fn a_class(self, label: usize) -> String {
        let name = self.class_name(label);
        // "an 8", "an ankle boot": the article follows the sound.
        let article = if name.starts_with(['A', 'E', 'I', 'O', 'U', '8']) {
            "an"
        } else {
            "a"
        };
        match self {
            Dataset::Mnist => format!("{article} {name}"),
            Dataset::Fashion => format!("{article} {}", name.to_lowercase()),
        }
    }

    /// How its grey levels become network inputs: standardised with the training set's own
    /// pixel mean and standard deviation.
    pub fn normalization(self) -> Normalization {
        match self {
            Dataset::Mnist => Normalization::MeanStd,
            Dataset::Fashion => Normalization::FashionMeanStd,
        }
    }

    /// Whether a drawing on the page is a fair input. MNIST digits are centred strokes, which a
    /// pen draws; Fashion-MNIST images are filled, shaded photographs of garments, which a
    /// few strokes do not resemble, so the page offers its test images instead.
    pub fn can_draw(self) -> bool {
        self == Dataset::Mnist
    }

    /// The pretrained weights the app ships for `/train`'s default network (modern LeNet-5),
    /// relative to `assets/`.
    pub fn pretrained_file(self) -> &'static str {
        match self {
            Dataset::Mnist => "pretrained/lenet5-modern.json",
            Dataset::Fashion => "pretrained/lenet5-modern-fashion.json",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_names() {
        for d in Dataset::ALL {
            assert_eq!(Dataset::from_id(d.id()), Some(d));
        }
        assert_eq!(
            DATASET_IDS,
            Dataset::ALL.map(|d| d.id()).as_slice(),
            "the URL choices list every data set"
        );
        assert_eq!(Dataset::from_id("cifar"), None);
        assert_eq!(Dataset::Fashion.class_name(9), "Ankle boot");
        assert_eq!(Dataset::Mnist.class_name(7), "7");
        assert_eq!(Dataset::Fashion.class_name(10), "?");
        assert_eq!(Dataset::Fashion.a_class(9), "an ankle boot");
        assert_eq!(Dataset::Fashion.a_class(0), "a t-shirt/top");
        assert_eq!(Dataset::Mnist.a_class(8), "an 8");
        assert_eq!(Dataset::Mnist.a_class(3), "a 3");
        assert_ne!(Dataset::Mnist.asset_dir(), Dataset::Fashion.asset_dir());
        assert!(Dataset::Mnist.can_draw() && !Dataset::Fashion.can_draw());
    }

    #[test]
    fn serde_uses_the_url_ids() {
        for d in Dataset::ALL {
            let j = serde_json::to_string(&d).unwrap();
            assert_eq!(j, format!("\"{}\"", d.id()));
            assert_eq!(serde_json::from_str::<Dataset>(&j).unwrap(), d);
        }
    }
}
