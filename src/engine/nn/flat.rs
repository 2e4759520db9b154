//! A model's gradients as one flat vector, for data-parallel training: each worker backpropagates
//! its part of a mini-batch, the parts' vectors are averaged, and every worker applies the same
//! averaged gradient with its own optimiser, so the replicas' weights stay identical.

use super::{Model, Optimizer};
use crate::engine::error::{EngineError, Result};
use crate::engine::tensor;

impl Model {
    /// Every parameter's gradient, concatenated in parameter order, written into `out`.
    pub fn grads_flat(&self, out: &mut Vec<f32>) {
        out.clear();
        for p in self.params() {
            out.extend(tensor::data(&p.grad).iter());
        }
    }

    /// Replaces every parameter's gradient with the matching slice of `flat` (the layout of
    /// [`Model::grads_flat`]); a vector of another length is refused and nothing changes.
    pub fn set_grads_flat(&mut self, flat: &[f32]) -> Result<()> {
        let total: usize = self.params().iter().map(|p| p.len()).sum();
        if flat.len() != total {
            return Err(EngineError::shape(
                "model gradients",
                format!("{total} values"),
                format!("{} values", flat.len()),
            ));
        }
        let mut at = 0;
        for p in self.params_mut() {
            let n = p.len();
            tensor::data_mut(&mut p.grad).copy_from_slice(&flat[at..at + n]);
            at += n;
        }
        Ok(())
    }

    /// One optimiser update with the gradients already in place.
    pub fn apply_gradients(&mut self, opt: &mut Optimizer) {
        opt.step(&mut self.params_mut());
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::nn::{lenet5_modern, Model, Optimizer, OptimizerConfig};
    use crate::engine::tensor;

    #[test]
    fn flat_gradients_round_trip_and_step_like_train_step() {
        let x = tensor::from_vec(
            &[2, 32, 32, 1],
            (0..2048).map(|i| ((i * 37 % 101) as f32) / 101.0).collect(),
        )
        .unwrap();
        let labels = [3, 7];
        let mut a = Model::from_config(lenet5_modern(), 5).unwrap();
        let mut b = a.clone();
        let mut oa = Optimizer::new(OptimizerConfig::adam(0.001));
        let mut ob = oa.clone();
        a.train_step(&x, &labels, &mut oa).unwrap();
        b.loss_and_grads(&x, &labels, false).unwrap();
        let mut g = Vec::new();
        b.grads_flat(&mut g);
        assert_eq!(g.len(), b.params().iter().map(|p| p.len()).sum::<usize>());
        b.set_grads_flat(&g).unwrap();
        b.apply_gradients(&mut ob);
        for (pa, pb) in a.params().iter().zip(b.params()) {
            assert_eq!(tensor::data(pa.value()), tensor::data(pb.value()));
        }
        assert!(b.set_grads_flat(&g[1..]).is_err());
    }
}
