//! Seeded shuffling for reproducible epochs: the same seed gives the same image order on every
//! machine and in the browser, so a shared link reproduces a training run's data order.

/// The engine's SplitMix64 generator (one generator for the whole app).
pub use crate::engine::Rng as SplitMix64;

/// Fisher-Yates (Durstenfeld) shuffle in place.
pub fn shuffle<T>(items: &mut [T], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = rng.below_unbiased(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// `0..n` in the order given by `seed`.
pub fn shuffled_indices(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    shuffle(&mut v, &mut SplitMix64::new(seed));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_is_a_seeded_permutation() {
        let a = shuffled_indices(1000, 42);
        assert_eq!(a, shuffled_indices(1000, 42));
        assert_ne!(a, shuffled_indices(1000, 43));
        assert_ne!(a, (0..1000).collect::<Vec<_>>());
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..1000).collect::<Vec<_>>());
        assert!(shuffled_indices(0, 1).is_empty());
        assert_eq!(shuffled_indices(1, 1), [0]);
    }
}
