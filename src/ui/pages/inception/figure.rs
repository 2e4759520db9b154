//! The drawings of `/inception`: the module naive and with dimension reduction (Szegedy et al.
//! 2015, Fig. 2) labelled with the live widths, and the animated "a 3x3 filter on d1 x d2 x 3
//! gives (d1-2) x (d2-2); m filters give m channels".

use crate::lessons::arch::inception::InceptionParams;
use crate::ui::viz::figure::Figure;
use leptos::prelude::*;

const BW: f64 = 86.0;
const BH: f64 = 36.0;

fn op_box(cx: f64, cy: f64, class: &'static str, line1: String, line2: String) -> impl IntoView {
    // The concatenation spans the module; the others are one column wide.
    let w = if class == "cc" || class == "cin" {
        150.0
    } else {
        BW
    };
    view! {
        <g>
            <rect class=format!("op {class}") x=cx - w / 2.0 y=cy - BH / 2.0 width=w height=BH rx="5"></rect>
            <text x=cx y=cy - 3.0 text-anchor="middle" style="font-size:11px">{line1}</text>
            <text x=cx y=cy + 12.0 text-anchor="middle" class="t-small">{line2}</text>
        </g>
    }
}

fn wire(x1: f64, y1: f64, x2: f64, y2: f64) -> impl IntoView {
    view! { <line x1=x1 y1=y1 x2=x2 y2=y2></line> }
}

/// One module, bottom (previous layer) to top (filter concatenation), as in the paper.
pub fn module_svg(p: InceptionParams, reduced: bool) -> impl IntoView {
    let xs = [47.0, 139.0, 231.0, 323.0];
    let (y_in, y_low, y_high, y_cat) = (262.0, 188.0, 118.0, 40.0);
    let input = format!("{}x{}x{}", p.h, p.w, p.c);
    let out_c = if reduced {
        p.b1 + p.b3 + p.b5 + p.pp
    } else {
        p.b1 + p.b3 + p.b5 + p.c
    };
    let mut parts: Vec<AnyView> = Vec::new();
    // Wires first, boxes on top; a column without a lower box is one straight wire.
    for (i, &x) in xs.iter().enumerate() {
        let low_box = reduced && i > 0;
        parts.push(wire(185.0, y_in - BH / 2.0, x, y_low + BH / 2.0).into_any());
        parts.push(wire(x, y_high - BH / 2.0, 185.0, y_cat + BH / 2.0).into_any());
        let from = if low_box {
            y_low - BH / 2.0
        } else {
            y_low + BH / 2.0
        };
        parts.push(wire(x, from, x, y_high + BH / 2.0).into_any());
    }
    parts.push(op_box(185.0, y_in, "cin", "previous layer".into(), input).into_any());
    parts.push(
        op_box(
            185.0,
            y_cat,
            "cc",
            "concatenation".into(),
            format!("{}x{}x{}", p.h, p.w, out_c),
        )
        .into_any(),
    );
    let ch = |n: usize| format!("{n} filters");
    if reduced {
        parts.push(op_box(xs[1], y_low, "c1", "1x1 conv".into(), ch(p.b3r)).into_any());
        parts.push(op_box(xs[2], y_low, "c1", "1x1 conv".into(), ch(p.b5r)).into_any());
        parts.push(
            op_box(
                xs[3],
                y_low,
                "cp",
                "3x3 max pool".into(),
                format!("{} ch", p.c),
            )
            .into_any(),
        );
        parts.push(op_box(xs[0], y_high, "c1", "1x1 conv".into(), ch(p.b1)).into_any());
        parts.push(op_box(xs[1], y_high, "c3", "3x3 conv".into(), ch(p.b3)).into_any());
        parts.push(op_box(xs[2], y_high, "c5", "5x5 conv".into(), ch(p.b5)).into_any());
        parts.push(op_box(xs[3], y_high, "c1", "1x1 conv".into(), ch(p.pp)).into_any());
    } else {
        parts.push(op_box(xs[0], y_high, "c1", "1x1 conv".into(), ch(p.b1)).into_any());
        parts.push(op_box(xs[1], y_high, "c3", "3x3 conv".into(), ch(p.b3)).into_any());
        parts.push(op_box(xs[2], y_high, "c5", "5x5 conv".into(), ch(p.b5)).into_any());
        parts.push(
            op_box(
                xs[3],
                y_high,
                "cp",
                "3x3 max pool".into(),
                format!("{} ch", p.c),
            )
            .into_any(),
        );
    }
    let title = if reduced {
        "(b) with dimension reduction"
    } else {
        "(a) naive"
    };
    view! {
            <Figure name={if reduced { "inception module with dimension reduction" } else { "naive inception module" }}>
    <svg class="inc-svg" viewBox="0 0 370 290" role="img" aria-label=format!("Inception module {title}")>
                <text x="185" y="14" text-anchor="middle" style="font-weight:700">{title}</text>
                {parts}
            </svg>
    </Figure>
        }
}

/// The animated convolution: `d1` x `d2` x 3 input, 3x3 window, `m` filters.
#[component]
pub fn ConvAnimation(d1: Signal<i64>, d2: Signal<i64>, m: Signal<i64>) -> impl IntoView {
    // Under prefers-reduced-motion it starts paused, on the finished picture.
    let playing = RwSignal::new(!crate::ui::viz::reduced_motion());
    let t = RwSignal::new(0usize);
    let total = move || {
        let (a, b, m) = (d1.get() - 2, d2.get() - 2, m.get());
        (a.max(0) * b.max(0) * m.max(1)) as usize
    };
    // Restart when the sizes change.
    Effect::new(move |_| {
        let _ = (d1.get(), d2.get(), m.get());
        t.set(if playing.get_untracked() { 0 } else { total() });
    });
    crate::ui::owned::every(std::time::Duration::from_millis(260), move || {
        if playing.get_untracked() {
            let n = total().max(1);
            t.update(|x| *x = if *x >= n { 0 } else { *x + 1 });
        }
    });
    let cell = 16.0;
    let draw = move || {
        let (a, b, mm) = (d1.get() as usize, d2.get() as usize, m.get() as usize);
        let (oa, ob) = (a.saturating_sub(2), b.saturating_sub(2));
        let per = (oa * ob).max(1);
        let step = t.get();
        let (f, pos) = ((step / per).min(mm.saturating_sub(1)), step % per);
        let done_all = step >= per * mm;
        let (wr, wc) = if done_all {
            (usize::MAX, usize::MAX)
        } else {
            (pos / ob.max(1), pos % ob.max(1))
        };
        let mut cells: Vec<AnyView> = Vec::new();
        let x0 = 20.0;
        let y0 = 40.0;
        // Input: three stacked channel planes.
        for ch in (0..3).rev() {
            let off = ch as f64 * 6.0;
            for r in 0..a {
                for c in 0..b {
                    let inwin = ch == 0 && r >= wr && r < wr + 3 && c >= wc && c < wc + 3;
                    let cls = if inwin { "cell win" } else { "cell in" };
                    cells.push(view! {
                        <rect class=cls x=x0 + c as f64 * cell + off y=y0 + r as f64 * cell - off width=cell height=cell></rect>
                    }.into_any());
                }
            }
        }
        // Output maps, one per filter, side by side (three to a row).
        let ox = x0 + b as f64 * cell + 40.0;
        let (mw, mh) = (ob as f64 * cell + 14.0, oa as f64 * cell + 22.0);
        for k in 0..mm {
            let (mx, my) = (ox + (k % 3) as f64 * mw, y0 + (k / 3) as f64 * mh);
            cells.push(view! { <text x=mx y=my - 4.0 class="t-small">{format!("filter {}", k + 1)}</text> }.into_any());
            for r in 0..oa {
                for c in 0..ob {
                    let idx = r * ob + c;
                    let filled = done_all || k < f || (k == f && idx < pos);
                    let cur = !done_all && k == f && idx == pos;
                    let cls = if cur {
                        "cell cur"
                    } else if filled {
                        "cell out"
                    } else {
                        "cell"
                    };
                    cells.push(view! {
                        <rect class=cls x=mx + c as f64 * cell y=my + r as f64 * cell width=cell height=cell></rect>
                    }.into_any());
                }
            }
        }
        let w = ox + mw * mm.min(3) as f64 + 10.0;
        let h = (y0 + a as f64 * cell + 16.0).max(y0 + mh * mm.div_ceil(3) as f64) + 30.0;
        let caption_in = format!("input {a} x {b} x 3");
        let caption_out = format!("output {oa} x {ob} x {mm}");
        let now = if done_all {
            format!("{mm} filters done: {mm} channels")
        } else {
            format!(
                "filter {} of {mm}, position ({}, {})",
                f + 1,
                wr + 1,
                wc + 1
            )
        };
        view! {
                    <Figure name="a 3x3 filter on a 3-channel input">
        <svg viewBox=format!("0 0 {w:.0} {h:.0}") role="img" aria-label=format!("A 3x3 filter on a {a} x {b} x 3 input gives {oa} x {ob}; {mm} filters give {mm} channels")>
                        <text x=x0 y="18">{caption_in}</text>
                        <text x=ox y="18">{caption_out}</text>
                        {cells}
                        <text x=x0 y=h - 12.0>{now}</text>
                    </svg>
        </Figure>
                }
    };
    view! {
        <div class="conv-anim" data-testid="conv-animation">
            {draw}
            <button class="small secondary" on:click=move |_| playing.update(|p| *p = !*p)>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
        </div>
    }
}
