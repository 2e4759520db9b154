//! Versioned weights files (JSON). A file embeds the model config; `params` lists the trained
//! parameters, then the batch-norm running statistics (none in models without batch norm, so
//! older files load unchanged). Loading refuses a file whose
//! architecture or any parameter shape differs from the model's, with a message saying where.
//!
//! ```json
//! {"format": "cnn-lab-weights", "version": 1, "config": {...},
//!  "params": [{"name": "0.weight", "shape": [5, 5, 1, 6], "data": [...]}, ...]}
//! ```

use super::config::ModelConfig;
use super::model::Model;
use crate::engine::error::{EngineError, Result};
use crate::engine::tensor;
use serde::{Deserialize, Serialize};

/// The `format` tag of a weights file.
pub const FORMAT: &str = "cnn-lab-weights";
/// The current (and only) format version.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ParamRecord {
    name: String,
    shape: Vec<usize>,
    data: Vec<f32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct WeightsFile {
    format: String,
    version: u32,
    config: ModelConfig,
    params: Vec<ParamRecord>,
}

impl Model {
    /// Serialises the config and every parameter.
    pub fn save_weights(&self) -> String {
        let params = self
            .params()
            .into_iter()
            .chain(self.buffers())
            .map(|p| ParamRecord {
                name: p.name.clone(),
                shape: p.value().shape().to_vec(),
                data: tensor::data(p.value()).into_owned(),
            })
            .collect();
        let f = WeightsFile {
            format: FORMAT.into(),
            version: VERSION,
            config: self.config.clone(),
            params,
        };
        serde_json::to_string(&f).expect("weights serialise")
    }

    /// Loads weights saved by [`Model::save_weights`]; all-or-nothing: on any error the model is
    /// unchanged.
    pub fn load_weights(&mut self, json: &str) -> Result<()> {
        let f: WeightsFile =
            serde_json::from_str(json).map_err(|e| EngineError::Format(e.to_string()))?;
        if f.format != FORMAT {
            return Err(EngineError::Format(format!(
                "format \"{}\", expected \"{FORMAT}\"",
                f.format
            )));
        }
        if f.version != VERSION {
            return Err(EngineError::Format(format!(
                "version {} not supported (this build reads {VERSION})",
                f.version
            )));
        }
        if f.config.input != self.config.input {
            return Err(EngineError::Mismatch(format!(
                "input {:?} in the file, {:?} in the model",
                f.config.input, self.config.input
            )));
        }
        if f.config.layers.len() != self.config.layers.len() {
            return Err(EngineError::Mismatch(format!(
                "{} layers in the file, {} in the model",
                f.config.layers.len(),
                self.config.layers.len()
            )));
        }
        for (i, (a, b)) in f.config.layers.iter().zip(&self.config.layers).enumerate() {
            if a != b {
                return Err(EngineError::Mismatch(format!(
                    "layer {i} is {} in the file, {} in the model",
                    a.label(),
                    b.label()
                )));
            }
        }
        let mine: Vec<_> = self.params().into_iter().chain(self.buffers()).collect();
        if mine.len() != f.params.len() {
            return Err(EngineError::Mismatch(format!(
                "{} parameter tensors in the file, {} in the model",
                f.params.len(),
                mine.len()
            )));
        }
        for (r, p) in f.params.iter().zip(&mine) {
            if r.name != p.name || r.shape != p.value().shape() || r.data.len() != p.len() {
                return Err(EngineError::Mismatch(format!(
                    "parameter {} {:?} ({} values) in the file, {} {:?} in the model",
                    r.name,
                    r.shape,
                    r.data.len(),
                    p.name,
                    p.value().shape()
                )));
            }
        }
        let np = self.params().len();
        let mut recs = f.params.into_iter();
        for (r, p) in recs.by_ref().take(np).zip(self.params_mut()) {
            tensor::data_mut(p.value_mut()).copy_from_slice(&r.data);
        }
        for (r, p) in recs.zip(self.buffers_mut()) {
            tensor::data_mut(p.value_mut()).copy_from_slice(&r.data);
        }
        Ok(())
    }
}
