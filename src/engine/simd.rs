//! A four-lane `f32` vector abstraction, so each fast kernel is written once and compiled
//! twice: with `core::arch::wasm32` SIMD128 intrinsics on wasm32+simd128 (the product) and with a
//! portable `[f32; 4]` elsewhere (native tests exercise the same blocking and tail logic, and
//! LLVM auto-vectorises it). [`Fast`] is the type the ops use.

/// Four f32 lanes. Masks are vectors whose lanes are all-ones or all-zeros bit patterns.
pub trait V4: Copy {
    fn zero() -> Self;
    fn splat(x: f32) -> Self;
    /// # Safety
    /// `p..p+4` must be readable.
    unsafe fn load(p: *const f32) -> Self;
    /// # Safety
    /// `p` must be readable.
    unsafe fn load_splat(p: *const f32) -> Self;
    /// # Safety
    /// `p..p+4` must be writable.
    unsafe fn store(self, p: *mut f32);
    fn add(self, o: Self) -> Self;
    fn sub(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
    /// Lane-wise `if self < o { o } else { self }` (wasm `f32x4.pmax`: one `maxps` on x86,
    /// where the IEEE `f32x4.max` costs a NaN-fixing sequence).
    fn pmax(self, o: Self) -> Self;
    fn eq_mask(self, o: Self) -> Self;
    fn gt_mask(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    /// `self & !o`
    fn andnot(self, o: Self) -> Self;
    fn or(self, o: Self) -> Self;
}

/// Portable vector: plain arrays, auto-vectorised by LLVM on native targets.
#[derive(Clone, Copy, Debug)]
pub struct P4([f32; 4]);

#[inline(always)]
fn map2(a: P4, b: P4, f: impl Fn(f32, f32) -> f32) -> P4 {
    P4([
        f(a.0[0], b.0[0]),
        f(a.0[1], b.0[1]),
        f(a.0[2], b.0[2]),
        f(a.0[3], b.0[3]),
    ])
}
#[inline(always)]
fn bits2(a: P4, b: P4, f: impl Fn(u32, u32) -> u32) -> P4 {
    map2(a, b, |x, y| f32::from_bits(f(x.to_bits(), y.to_bits())))
}
#[inline(always)]
fn mask(c: bool) -> f32 {
    f32::from_bits(if c { u32::MAX } else { 0 })
}

impl V4 for P4 {
    #[inline(always)]
    fn zero() -> Self {
        P4([0.0; 4])
    }
    #[inline(always)]
    fn splat(x: f32) -> Self {
        P4([x; 4])
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        P4(unsafe { p.cast::<[f32; 4]>().read_unaligned() })
    }
    #[inline(always)]
    unsafe fn load_splat(p: *const f32) -> Self {
        P4([unsafe { *p }; 4])
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        unsafe { p.cast::<[f32; 4]>().write_unaligned(self.0) }
    }
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        map2(self, o, |a, b| a + b)
    }
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        map2(self, o, |a, b| a - b)
    }
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        map2(self, o, |a, b| a * b)
    }
    #[inline(always)]
    fn pmax(self, o: Self) -> Self {
        map2(self, o, |a, b| if a < b { b } else { a })
    }
    #[inline(always)]
    fn eq_mask(self, o: Self) -> Self {
        map2(self, o, |a, b| mask(a == b))
    }
    #[inline(always)]
    fn gt_mask(self, o: Self) -> Self {
        map2(self, o, |a, b| mask(a > b))
    }
    #[inline(always)]
    fn and(self, o: Self) -> Self {
        bits2(self, o, |a, b| a & b)
    }
    #[inline(always)]
    fn andnot(self, o: Self) -> Self {
        bits2(self, o, |a, b| a & !b)
    }
    #[inline(always)]
    fn or(self, o: Self) -> Self {
        bits2(self, o, |a, b| a | b)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm {
    use super::V4;
    use core::arch::wasm32::*;

    /// SIMD128 vector.
    #[derive(Clone, Copy, Debug)]
    pub struct W4(v128);

    impl V4 for W4 {
        #[inline(always)]
        fn zero() -> Self {
            W4(f32x4_splat(0.0))
        }
        #[inline(always)]
        fn splat(x: f32) -> Self {
            W4(f32x4_splat(x))
        }
        #[inline(always)]
        unsafe fn load(p: *const f32) -> Self {
            W4(unsafe { v128_load(p.cast()) })
        }
        #[inline(always)]
        unsafe fn load_splat(p: *const f32) -> Self {
            W4(unsafe { v128_load32_splat(p.cast()) })
        }
        #[inline(always)]
        unsafe fn store(self, p: *mut f32) {
            unsafe { v128_store(p.cast(), self.0) }
        }
        #[inline(always)]
        fn add(self, o: Self) -> Self {
            W4(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        fn sub(self, o: Self) -> Self {
            W4(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        fn mul(self, o: Self) -> Self {
            W4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        fn pmax(self, o: Self) -> Self {
            W4(f32x4_pmax(self.0, o.0))
        }
        #[inline(always)]
        fn eq_mask(self, o: Self) -> Self {
            W4(f32x4_eq(self.0, o.0))
        }
        #[inline(always)]
        fn gt_mask(self, o: Self) -> Self {
            W4(f32x4_gt(self.0, o.0))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            W4(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn andnot(self, o: Self) -> Self {
            W4(v128_andnot(self.0, o.0))
        }
        #[inline(always)]
        fn or(self, o: Self) -> Self {
            W4(v128_or(self.0, o.0))
        }
    }
}

/// The vector type the fast kernels are instantiated with.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub type Fast = wasm::W4;
/// The vector type the fast kernels are instantiated with.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub type Fast = P4;

/// True iff the SIMD128 kernels are compiled in (wasm32 with `+simd128`). A guard test asserts
/// this in the browser: a `RUSTFLAGS` variable silently replaces `.cargo/config.toml`'s flags.
pub const fn simd_enabled() -> bool {
    cfg!(all(target_arch = "wasm32", target_feature = "simd128"))
}
