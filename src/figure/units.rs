//! Tick labels in the data's own units: integers where the data is integral, SI suffixes for
//! large counts, percent for rates, powers of ten on a log axis.

/// How the values of an axis read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// Counts: `0`, `200`, `12,000`.
    Int,
    /// Plain numbers with as many decimals as the tick step needs: `0.25`, `1.5`.
    Real,
    /// Large counts with a suffix: `800`, `1.5 k`, `12 M`, `3 G`.
    Si,
    /// A rate in 0..1 shown in percent: `0.25` -> `25%`.
    Percent,
    /// The value is a base-10 exponent (a log axis drawn linearly): `-3` -> `10⁻³`, `0` -> `1`.
    Pow10,
}

/// Decimals needed so that multiples of `step` print exactly (at most 6).
pub fn decimals(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// `1234567` -> `"1,234,567"` (negative numbers keep their sign).
pub fn grouped(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn fixed(v: f64, d: usize) -> String {
    let s = format!("{v:.d$}");
    // "-0", "-0.0": a zero has no sign.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

fn superscript(n: i64) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for ch in n.unsigned_abs().to_string().chars() {
        out.push(DIGITS[ch.to_digit(10).unwrap_or(0) as usize]);
    }
    out
}

/// The label of tick value `v` on an axis whose ticks are `step` apart.
pub fn label(v: f64, units: Units, step: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    match units {
        Units::Int => {
            if decimals(step) == 0 {
                grouped(v.round() as i64)
            } else {
                fixed(v, decimals(step))
            }
        }
        Units::Real => fixed(v, decimals(step)),
        Units::Si => {
            let a = v.abs().max(step.abs());
            let (scale, suffix) = if a >= 1e9 {
                (1e9, " G")
            } else if a >= 1e6 {
                (1e6, " M")
            } else if a >= 1e4 {
                (1e3, " k")
            } else {
                (1.0, "")
            };
            if scale == 1.0 {
                return label(v, Units::Int, step);
            }
            format!("{}{suffix}", fixed(v / scale, decimals(step / scale)))
        }
        Units::Percent => format!("{}%", fixed(v * 100.0, decimals(step * 100.0))),
        Units::Pow10 => {
            let r = v.round();
            if (v - r).abs() > 1e-9 {
                let x = 10f64.powf(v);
                return fixed(x, decimals(x / 10.0).min(6));
            }
            match r as i64 {
                0 => "1".into(),
                1 => "10".into(),
                k => format!("10{}", superscript(k)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_ticks_print_as_integers() {
        assert_eq!(label(200.0, Units::Int, 200.0), "200");
        assert_eq!(label(12000.0, Units::Int, 2000.0), "12,000");
        assert_eq!(label(-0.0, Units::Int, 1.0), "0");
        assert_eq!(label(400.0, Units::Real, 200.0), "400");
    }

    #[test]
    fn real_ticks_carry_the_decimals_of_their_step() {
        assert_eq!(label(0.5, Units::Real, 0.5), "0.5");
        assert_eq!(label(0.25, Units::Real, 0.25), "0.25");
        assert_eq!(label(1.0, Units::Real, 0.25), "1.00");
        assert_eq!(label(-0.0001, Units::Real, 0.5), "0.0");
        assert_eq!(decimals(0.2), 1);
        assert_eq!(decimals(5.0), 0);
        assert_eq!(decimals(0.05), 2);
    }

    #[test]
    fn large_counts_take_si_suffixes() {
        assert_eq!(label(1_500_000.0, Units::Si, 500_000.0), "1.5 M");
        assert_eq!(label(2_000_000_000.0, Units::Si, 1e9), "2 G");
        assert_eq!(label(800.0, Units::Si, 200.0), "800");
        assert_eq!(label(20_000.0, Units::Si, 10_000.0), "20 k");
        // A zero tick on a mega axis reads 0 M, like its neighbours.
        assert_eq!(label(0.0, Units::Si, 2e6), "0 M");
    }

    #[test]
    fn rates_print_in_percent() {
        assert_eq!(label(0.25, Units::Percent, 0.05), "25%");
        assert_eq!(label(0.985, Units::Percent, 0.005), "98.5%");
        assert_eq!(label(1.0, Units::Percent, 0.1), "100%");
    }

    #[test]
    fn exponents_print_as_powers_of_ten() {
        assert_eq!(label(-3.0, Units::Pow10, 1.0), "10⁻³");
        assert_eq!(label(0.0, Units::Pow10, 1.0), "1");
        assert_eq!(label(1.0, Units::Pow10, 1.0), "10");
        assert_eq!(label(12.0, Units::Pow10, 2.0), "10¹²");
    }

    #[test]
    fn non_finite_values_have_no_label() {
        assert_eq!(label(f64::NAN, Units::Real, 1.0), "");
        assert_eq!(label(f64::INFINITY, Units::Percent, 0.1), "");
    }
}
