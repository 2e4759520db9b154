//! He et al. (2016), "Deep Residual Learning for Image Recognition", Fig. 1 at browser scale: a
//! shallow plain net, a deep plain net and the same deep net with identity shortcuts, trained
//! side by side from one seed on the same mini-batches, with training and test error measured as
//! they train.
//!
//! The scheduler is pure and deterministic from the seed; the page calls [`Degradation::step`]
//! with a few batches per animation frame (time-sliced), so nothing here knows about time.

use super::measure::{build, NetSpec};
use super::{Act, Digits, DIGIT_INPUTS};
use crate::engine::nn::{Init, Model, Optimizer, OptimizerConfig};
use crate::engine::{tensor, Rng};

/// Training digits the page (and the native test) use: the first of the MNIST training set.
pub const TRAIN_DIGITS: usize = 10_000;
/// Digits the errors are measured on: the first training digits and the first test digits.
pub const EVAL_DIGITS: usize = 1_000;

/// What to train. Defaults: [`DegradationConfig::lesson`].
#[derive(Debug, Clone, PartialEq)]
pub struct DegradationConfig {
    pub seed: u64,
    /// Hidden layers of the shallow plain net.
    pub shallow: usize,
    /// Hidden layers of the deep plain net and of the residual net.
    pub deep: usize,
    pub width: usize,
    pub act: Act,
    pub init: Init,
    /// SGD with momentum 0.9 at this learning rate.
    pub lr: f32,
    pub batch: usize,
    /// Training steps (mini-batches) per run.
    pub steps: usize,
    /// Errors are measured every `eval_every` steps (and at the end).
    pub eval_every: usize,
}

impl DegradationConfig {
    /// The page's configuration (chosen so the ordering reproduces across seeds; see the tests).
    pub fn lesson(seed: u64, shallow: usize, deep: usize) -> Self {
        DegradationConfig {
            seed,
            shallow,
            deep,
            width: 32,
            act: Act::Relu,
            init: Init::He,
            lr: 0.005,
            batch: 32,
            steps: 1500,
            eval_every: 50,
        }
    }
}

/// One measurement of one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunPoint {
    pub step: usize,
    /// Error (1 - accuracy) on the fixed training sample.
    pub train_error: f64,
    /// Error on the held-out test sample.
    pub test_error: f64,
}

/// One run's identity and curve.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCurve {
    /// `shallow`, `deep` or `residual` (the key figures are `final-train-error-<name>`).
    pub name: &'static str,
    pub depth: usize,
    pub residual: bool,
    pub points: Vec<RunPoint>,
    /// A non-finite loss appeared; the run stopped there.
    pub diverged: bool,
}

#[derive(Debug, Clone)]
struct Run {
    curve: RunCurve,
    model: Model,
    opt: Optimizer,
}

/// The three runs and their shared data order.
#[derive(Debug, Clone)]
pub struct Degradation {
    pub config: DegradationConfig,
    runs: Vec<Run>,
    train: Digits,
    eval_train: Digits,
    eval_test: Digits,
    order: Vec<usize>,
    pos: usize,
    step: usize,
    rng: Rng,
}

fn error_rate(model: &mut Model, d: &Digits) -> Option<f64> {
    let x = tensor::from_vec(&[d.len(), DIGIT_INPUTS], d.x.clone()).ok()?;
    let ev = model.evaluate(&x, &d.labels, 250).ok()?;
    ev.loss.is_finite().then_some(1.0 - f64::from(ev.accuracy))
}

impl Degradation {
    /// `train` is what the nets learn from; `eval_train` (a sample of it) and `eval_test` are
    /// what the curves measure.
    pub fn new(
        config: DegradationConfig,
        train: Digits,
        eval_train: Digits,
        eval_test: Digits,
    ) -> Result<Self, String> {
        if config.shallow == 0 || config.deep <= config.shallow {
            return Err(format!(
                "the deep net ({} layers) must be deeper than the shallow one ({})",
                config.deep, config.shallow
            ));
        }
        if train.len() < config.batch || config.batch == 0 {
            return Err(format!("need at least {} training digits", config.batch));
        }
        if eval_train.is_empty() || eval_test.is_empty() {
            return Err("no digits to measure the error on".into());
        }
        let plans = [
            ("shallow", config.shallow, false),
            ("deep", config.deep, false),
            ("residual", config.deep, true),
        ];
        let mut runs = Vec::new();
        for (name, depth, residual) in plans {
            let spec = NetSpec {
                depth,
                width: config.width,
                act: config.act,
                init: config.init,
                residual,
            };
            runs.push(Run {
                curve: RunCurve {
                    name,
                    depth,
                    residual,
                    points: Vec::new(),
                    diverged: false,
                },
                model: build(&spec, config.seed).map_err(|e| e.to_string())?,
                opt: Optimizer::new(OptimizerConfig::Sgd {
                    lr: config.lr,
                    momentum: 0.9,
                    weight_decay: 0.0,
                }),
            });
        }
        let mut rng = Rng::new(config.seed ^ 0x9E37_79B9_7F4A_7C15);
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        let mut d = Degradation {
            config,
            runs,
            train,
            eval_train,
            eval_test,
            order,
            pos: 0,
            step: 0,
            rng,
        };
        d.evaluate();
        Ok(d)
    }

    fn evaluate(&mut self) {
        let step = self.step;
        for r in self.runs.iter_mut().filter(|r| !r.curve.diverged) {
            match (
                error_rate(&mut r.model, &self.eval_train),
                error_rate(&mut r.model, &self.eval_test),
            ) {
                (Some(train_error), Some(test_error)) => r.curve.points.push(RunPoint {
                    step,
                    train_error,
                    test_error,
                }),
                _ => r.curve.diverged = true,
            }
        }
    }

    /// Trains every run on up to `n_batches` more mini-batches (the same ones for all runs);
    /// returns how many were taken (0 when finished).
    pub fn step(&mut self, n_batches: usize) -> usize {
        let mut done = 0;
        while done < n_batches && !self.finished() {
            let b = self.config.batch;
            if self.pos + b > self.order.len() {
                self.rng.shuffle(&mut self.order);
                self.pos = 0;
            }
            let idx = &self.order[self.pos..self.pos + b];
            self.pos += b;
            let (x, labels) = self.train.batch(idx);
            if let Ok(xt) = tensor::from_vec(&[b, DIGIT_INPUTS], x) {
                for r in self.runs.iter_mut().filter(|r| !r.curve.diverged) {
                    match r.model.train_step(&xt, &labels, &mut r.opt) {
                        Ok(out) if out.loss.is_finite() => {}
                        _ => r.curve.diverged = true,
                    }
                }
            }
            self.step += 1;
            done += 1;
            if self.step.is_multiple_of(self.config.eval_every.max(1)) || self.finished() {
                self.evaluate();
            }
        }
        done
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.step
    }
    pub fn finished(&self) -> bool {
        self.step >= self.config.steps
    }
    /// The three curves: shallow, deep, residual.
    pub fn curves(&self) -> Vec<&RunCurve> {
        self.runs.iter().map(|r| &r.curve).collect()
    }
    /// The last measured training error of run `name`.
    pub fn final_train_error(&self, name: &str) -> Option<f64> {
        self.runs
            .iter()
            .find(|r| r.curve.name == name)
            .and_then(|r| r.curve.points.last())
            .map(|p| p.train_error)
    }
}
