//! Kernels for the conv-layer page: presets (3x3 unless the name ends in 5) and parsing of a
//! preset name or 9 / 25 comma-separated values from the URL.

use super::ConvLayerError;
use crate::lessons::equivariance::SplitMix64;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Preset names accepted by [`parse_kernel`] (3x3 unless the name ends in 5).
pub const PRESETS: [&str; 10] = [
    "identity", "edge-x", "edge-y", "sobel-x", "sobel-y", "blur", "sharpen", "random", "blur5",
    "random5",
];

/// A square kernel, row-major.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kernel {
    /// A preset name, or `"custom"`.
    pub name: String,
    pub size: usize,
    pub values: Vec<f32>,
}

impl Kernel {
    /// The value for the URL: the preset name, or the comma-separated values.
    pub fn to_param(&self) -> String {
        if self.name == "custom" {
            self.values
                .iter()
                .map(f32::to_string)
                .collect::<Vec<_>>()
                .join(",")
        } else {
            self.name.clone()
        }
    }

    pub fn as_array(&self) -> Array2<f32> {
        Array2::from_shape_fn((self.size, self.size), |(r, c)| {
            self.values[r * self.size + c]
        })
    }

    /// One sentence on what the kernel detects.
    pub fn explanation(&self) -> &'static str {
        match self.name.as_str() {
            "identity" => "Copies the pixel under the centre: the output is the input.",
            "edge-x" => "Right neighbour minus left neighbour: responds to vertical edges.",
            "edge-y" => "Lower neighbour minus upper neighbour: responds to horizontal edges.",
            "sobel-x" => "A smoothed horizontal gradient (Sobel): vertical edges, less noise.",
            "sobel-y" => "A smoothed vertical gradient (Sobel): horizontal edges, less noise.",
            "blur" | "blur5" => "A weighted average of the neighbourhood (binomial): blurs.",
            "sharpen" => "The pixel minus its neighbours' excess: boosts fine detail.",
            "random" | "random5" => {
                "Random weights in [-1, 1] (seeded): what training starts from."
            }
            _ => "Your own weights.",
        }
    }
}

/// A preset by name; `seed` is used by `random` / `random5` (values in hundredths, so the URL
/// form round-trips exactly).
pub fn preset(name: &str, seed: u64) -> Result<Kernel, ConvLayerError> {
    let b3 = [1.0, 2.0, 1.0];
    let b5 = [1.0, 4.0, 6.0, 4.0, 1.0];
    let outer = |v: &[f32], norm: f32| -> Vec<f32> {
        v.iter()
            .flat_map(|a| v.iter().map(move |b| a * b / norm))
            .collect()
    };
    let random = |n: usize| {
        let mut rng = SplitMix64::new(seed);
        (0..n * n)
            .map(|_| (rng.uniform_range(-1.0, 1.0) * 100.0).round() / 100.0)
            .collect()
    };
    let values: Vec<f32> = match name {
        "identity" => vec![0., 0., 0., 0., 1., 0., 0., 0., 0.],
        "edge-x" => vec![0., 0., 0., -1., 0., 1., 0., 0., 0.],
        "edge-y" => vec![0., -1., 0., 0., 0., 0., 0., 1., 0.],
        "sobel-x" => vec![-1., 0., 1., -2., 0., 2., -1., 0., 1.],
        "sobel-y" => vec![-1., -2., -1., 0., 0., 0., 1., 2., 1.],
        "blur" => outer(&b3, 16.0),
        "sharpen" => vec![0., -1., 0., -1., 5., -1., 0., -1., 0.],
        "random" => random(3),
        "blur5" => outer(&b5, 256.0),
        "random5" => random(5),
        _ => return Err(ConvLayerError::UnknownPreset { name: name.into() }),
    };
    let size = if values.len() == 25 { 5 } else { 3 };
    Ok(Kernel {
        name: name.into(),
        size,
        values,
    })
}

/// A preset name or 9 / 25 comma-separated numbers.
pub fn parse_kernel(text: &str, seed: u64) -> Result<Kernel, ConvLayerError> {
    let text = text.trim();
    if !text.contains(',') {
        return preset(&text.to_ascii_lowercase(), seed);
    }
    let values = text
        .split(',')
        .enumerate()
        .map(|(i, tok)| {
            let tok = tok.trim();
            tok.parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| ConvLayerError::Parse {
                    entry: i + 1,
                    token: tok.into(),
                })
        })
        .collect::<Result<Vec<f32>, _>>()?;
    let size = match values.len() {
        9 => 3,
        25 => 5,
        got => return Err(ConvLayerError::KernelLength { got }),
    };
    Ok(Kernel {
        name: "custom".into(),
        size,
        values,
    })
}
