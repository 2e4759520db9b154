//! Numbers as the pages show them: `19,632,062,464` in tables, `19.6 G` on key figures (the
//! exact value always stays in `data-value`).

/// Thousands separators: `19632062464` -> `19,632,062,464`.
pub fn grouped(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// One decimal with an SI suffix (k, M, G): `19632062464` -> `19.6 G`; below 10,000 the number
/// itself (`9,216`), so small counts are never rounded.
pub fn si(v: u64) -> String {
    let f = v as f64;
    if f >= 1e9 {
        format!("{:.1} G", f / 1e9)
    } else if f >= 1e6 {
        format!("{:.1} M", f / 1e6)
    } else if f >= 1e4 {
        format!("{:.1} k", f / 1e3)
    } else {
        grouped(v)
    }
}

/// A ratio as `5.4x`.
pub fn times(a: u64, b: u64) -> String {
    if b == 0 {
        return "-".into();
    }
    let r = a as f64 / b as f64;
    if r >= 10.0 {
        format!("{r:.0}x")
    } else {
        format!("{r:.1}x")
    }
}

/// A share as a percentage with no decimals (`0.943` -> `94%`).
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A share as a percentage that never rounds to a value it has not reached: below 100% it never
/// prints as `100%`, above 0 never as `0%` (`0.9976` -> `99.8%`, `0.943` -> `94%`).
pub fn share_percent(share: f64) -> String {
    let pct = share * 100.0;
    for d in 0..4usize {
        let t = format!("{pct:.d$}");
        let v: f64 = t.parse().unwrap_or(pct);
        let over = share < 1.0 && v >= 100.0;
        let under = share > 0.0 && v <= 0.0;
        if !over && !under {
            return format!("{t}%");
        }
    }
    if share < 1.0 && share > 0.5 {
        "under 100%".into()
    } else {
        "over 0%".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(60_000), "60,000");
        assert_eq!(grouped(19_632_062_464), "19,632,062,464");
        assert_eq!(si(19_632_062_464), "19.6 G");
        assert_eq!(si(3_644_493_824), "3.6 G");
        assert_eq!(si(143_667_240), "143.7 M");
        assert_eq!(si(60_000), "60.0 k");
        assert_eq!(si(9_216), "9,216");
        assert_eq!(times(19_632_062_464, 3_644_493_824), "5.4x");
        assert_eq!(times(16_423_720, 615_720), "27x");
        assert_eq!(percent(0.943), "94%");
        assert_eq!(share_percent(0.943), "94%");
        assert_eq!(share_percent(0.9976), "99.8%");
        assert_eq!(share_percent(0.99999), "99.999%");
        assert_eq!(share_percent(1.0), "100%");
        assert_eq!(share_percent(0.001), "0.1%");
        assert_eq!(share_percent(0.0), "0%");
    }
}
