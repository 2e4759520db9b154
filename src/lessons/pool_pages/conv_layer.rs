//! URL state of `/conv-layer`: image, stride, padding, pooling and the `kernel=` parameter (a
//! preset name or typed weights).

use super::{int, MODES};
use crate::lessons::conv_layer::{parse_kernel, ConvLayerParams, Kernel, MAX_PADDING};
use crate::lessons::pooling::PoolMode;
use crate::state::{Field, Kind, Note, UrlState};
use serde::{Deserialize, Serialize};

/// The images shipped for `/conv-layer` (`assets/images/<name>.png`, 128x128 grayscale).
pub const IMAGES: &[&str] = &["camera", "astronaut", "brick"];

/// `/conv-layer`: `image s p pool mode seed`, and `kernel` (a preset name or 9 / 25 values;
/// always stored in its canonical form, the default preset when absent or unreadable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvLayerState {
    pub image: String,
    pub s: i64,
    pub p: i64,
    pub pool: i64,
    pub mode: PoolMode,
    pub seed: u32,
    pub kernel: String,
}

/// Longest `kernel=` text read (25 weights written out fit several times over).
pub const KERNEL_MAX_CHARS: usize = 400;

impl UrlState for ConvLayerState {
    const FIELDS: &'static [Field] = &[
        Field::new(
            "image",
            Kind::Choice {
                default: "camera",
                options: IMAGES,
            },
        ),
        int("s", 1, 1, 4),
        int("p", 0, 0, MAX_PADDING as i64),
        int("pool", 2, 1, 4),
        Field::new(
            "mode",
            Kind::Choice {
                default: "max",
                options: MODES,
            },
        ),
        Field::new("seed", Kind::Seed { default: 1 }),
        Field::new(
            "kernel",
            Kind::Text {
                max_len: KERNEL_MAX_CHARS,
            },
        ),
    ];

    fn constrain(&mut self, notes: &mut Vec<Note>) {
        let (k, kernel_notes) = read_kernel(Some(&self.kernel), self.seed);
        notes.extend(kernel_notes);
        self.kernel = k.to_param();
    }
}

impl ConvLayerState {
    pub fn params(&self) -> ConvLayerParams {
        ConvLayerParams {
            image: self.image.clone(),
            kernel: self.kernel.clone(),
            s: self.s.max(1) as usize,
            p: self.p.max(0) as usize,
            pool: self.pool.max(1) as usize,
            pool_stride: None,
            mode: self.mode,
            seed: u64::from(self.seed),
        }
    }
}

/// The default kernel of `/conv-layer`.
pub const DEFAULT_KERNEL: &str = "sobel-x";

/// Reads `kernel=`: the parsed kernel, or the default with a note.
pub fn read_kernel(raw: Option<&str>, seed: u32) -> (Kernel, Vec<Note>) {
    let fallback = || parse_kernel(DEFAULT_KERNEL, 1).expect("the default preset exists");
    match raw.filter(|r| !r.trim().is_empty()) {
        None => (fallback(), Vec::new()),
        Some(raw) => match parse_kernel(raw, u64::from(seed)) {
            Ok(k) => (k, Vec::new()),
            Err(e) => (
                fallback(),
                vec![Note::new("kernel", format!("{e}; using {DEFAULT_KERNEL}"))],
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::conv_layer::{run_stages, Reference};

    #[test]
    fn conv_layer_defaults_give_126() {
        let (s, notes) = crate::state::decode::<ConvLayerState>("");
        assert!(notes.is_empty());
        assert_eq!(s.kernel, DEFAULT_KERNEL);
        let img = ndarray::Array2::<f32>::zeros((128, 128));
        let st = run_stages(&Reference, &img, &s.params()).unwrap();
        assert_eq!(st.shapes.conv, (126, 126));
        assert_eq!(st.shapes.pool, (63, 63));
        let (k, notes) = read_kernel(Some("1,2,3"), 1);
        assert_eq!((k.name.as_str(), notes.len()), ("sobel-x", 1));
        let (k, _) = read_kernel(Some("blur5"), 1);
        assert_eq!(k.size, 5);
    }
}
