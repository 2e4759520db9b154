//! The `/three-networks` builder ("try to build these three networks"): add, remove, move and
//! edit layers; every shape and count updates, and a layer that no longer fits is named with
//! the calculator's error. The network travels in the URL as `build=` ([`builder::encode`]).

use crate::lessons::arch::builder::{self, Block, FIG911_INPUT, KINDS, MAX_LAYERS, MAX_NUMBER};
use crate::lessons::arch::fmt::{grouped, si};
use crate::lessons::arch::state::{Fig911Net, ThreeState};
use crate::lessons::arch::Shape;
use crate::ui::components::ErrorNote;
use leptos::prelude::*;

fn parse_num(v: &str) -> Option<usize> {
    v.trim().parse::<usize>().ok().map(|n| n.min(MAX_NUMBER))
}

#[component]
pub fn Builder(state: RwSignal<ThreeState>) -> impl IntoView {
    let (input0, blocks0) = state.with_untracked(ThreeState::network);
    let input = RwSignal::new(input0);
    let blocks = RwSignal::new(blocks0);
    let analysis = Memo::new(move |_| {
        let (rows, err) = blocks.with(|b| builder::analyze_prefix(input.get(), b));
        (rows, err.map(|(i, e)| (i, e.to_string())))
    });
    // The URL keeps the builder only when it differs from the selected network.
    Effect::new(move |_| {
        let (i, b) = (input.get(), blocks.get());
        let mut next = state.get_untracked();
        next.set_build(i, &b);
        if next != state.get_untracked() {
            state.set(next);
        }
    });
    let load = move |net: Fig911Net| {
        input.set(FIG911_INPUT);
        blocks.set(builder::preset(net.letter()));
    };
    let edit = move |i: usize, f: &dyn Fn(&mut Block)| {
        blocks.update(|b| {
            if let Some(x) = b.get_mut(i) {
                f(x)
            }
        })
    };
    let move_row = move |i: usize, up: bool| {
        blocks.update(|b| {
            let j = if up { i.checked_sub(1) } else { Some(i + 1) };
            if let Some(j) = j.filter(|j| *j < b.len()) {
                b.swap(i, j);
            }
        })
    };
    let add_kind = RwSignal::new("conv".to_string());
    let add = move |_| {
        if let Some(b) = Block::of_kind(&add_kind.get_untracked()) {
            blocks.update(|v| {
                if v.len() < MAX_LAYERS {
                    let at = v
                        .iter()
                        .rposition(|x| *x == Block::Softmax)
                        .unwrap_or(v.len());
                    v.insert(at, b);
                }
            });
        }
    };
    let set_input = move |which: usize, v: String| {
        if let Some(n) = parse_num(&v) {
            input.update(|s| match which {
                0 => s.h = n.min(1024),
                1 => s.w = n.min(1024),
                _ => s.c = n.min(64),
            })
        }
    };
    let row = move |i: usize| {
        let block = move || blocks.with(|b| b.get(i).copied());
        let kind = move || block().map_or("conv", |b| b.token());
        let shape = move || {
            analysis.with(|(rows, err)| match (rows.get(i), err) {
                (Some(r), _) => r.output.to_string(),
                (None, Some((at, _))) if *at == i => "does not fit".into(),
                _ => "-".into(),
            })
        };
        let params = move || {
            analysis.with(|(rows, _)| {
                rows.get(i)
                    .map(|r| format!("{} params", grouped(r.params)))
                    .unwrap_or_default()
            })
        };
        let bad = move || analysis.with(|(_, e)| e.as_ref().is_some_and(|(at, _)| *at == i));
        let dead = move || analysis.with(|(_, e)| e.as_ref().is_some_and(|(at, _)| *at < i));
        let numbers = move || {
            let Some(b) = block() else { return Vec::new() };
            let mut v: Vec<AnyView> = b
                .numbers()
                .into_iter()
                .enumerate()
                .map(|(j, (name, value))| {
                    view! {
                        <label>
                            {name}
                            <input
                                type="number"
                                min="0"
                                max=MAX_NUMBER.to_string()
                                prop:value=value.to_string()
                                data-testid=format!("b-{i}-{name}")
                                on:change=move |e| {
                                    if let Some(n) = parse_num(&event_target_value(&e)) {
                                        edit(i, &|x: &mut Block| x.set_number(j, n));
                                    }
                                }
                            />
                        </label>
                    }
                    .into_any()
                })
                .collect();
            if let Block::Conv { pad, .. } = b {
                let text = pad.map_or("same".to_string(), |p| p.to_string());
                v.push(
                    view! {
                        <label title="zero padding per side: a number, or same">
                            "pad"
                            <input
                                class="pad"
                                type="text"
                                inputmode="numeric"
                                prop:value=text
                                data-testid=format!("b-{i}-pad")
                                on:change=move |e| {
                                    let t = event_target_value(&e);
                                    let p = if t.trim() == "same" { None } else { parse_num(&t).map(|n| n.min(64)) };
                                    edit(i, &|x: &mut Block| {
                                        if let Block::Conv { pad, .. } = x {
                                            *pad = p;
                                        }
                                    });
                                }
                            />
                        </label>
                    }
                    .into_any(),
                );
            }
            v
        };
        view! {
            <div class="b-row" class:bad=bad class:dead=dead data-testid="builder-row">
                <span class="b-index">{i + 1}</span>
                <select
                    aria-label=format!("Layer {} kind", i + 1)
                    data-testid=format!("b-{i}-kind")
                    on:change=move |e| {
                        if let Some(b) = Block::of_kind(&event_target_value(&e)) {
                            edit(i, &|x: &mut Block| *x = b);
                        }
                    }
                >
                    {KINDS
                        .iter()
                        .map(|(t, _)| view! {
                            <option value=*t selected=move || kind() == *t>
                                {move || blocks.with(|b| builder::option_label(b, i, t))}
                            </option>
                        })
                        .collect_view()}
                </select>
                {numbers}
                <span class="b-out" data-testid="builder-shape">{shape}</span>
                <span class="b-params">{params}</span>
                <span class="b-actions">
                    <button class="small secondary" aria-label=format!("Move layer {} up", i + 1) on:click=move |_| move_row(i, true)>"↑"</button>
                    <button class="small secondary" aria-label=format!("Move layer {} down", i + 1) on:click=move |_| move_row(i, false)>"↓"</button>
                    <button class="small secondary" aria-label=format!("Remove layer {}", i + 1) data-testid=format!("b-{i}-remove")
                        on:click=move |_| blocks.update(|b| { if i < b.len() { b.remove(i); } })>"✕"</button>
                </span>
            </div>
        }
    };
    let total = move || {
        analysis.with(|(rows, e)| {
            e.is_none()
                .then(|| rows.iter().map(|r| r.params).sum::<u64>())
        })
    };
    let total_macs = move || {
        analysis.with(|(rows, e)| {
            e.is_none()
                .then(|| rows.iter().map(|r| r.macs).sum::<u64>())
        })
    };
    let out = move || {
        analysis.with(|(rows, e)| {
            if e.is_some() {
                None
            } else {
                rows.last().map(|r| r.output)
            }
        })
    };
    let error = move || {
        analysis.with(|(_, e)| {
            e.as_ref().map(|(at, msg)| {
                format!(
                    "Layer {} does not fit: {msg}. Change it, or a layer before it.",
                    at + 1
                )
            })
        })
    };
    let shape_in = move |f: fn(Shape) -> usize| move || f(input.get()).to_string();
    view! {
        <section class="arch-section" data-testid="builder">
            <h2>"Build them yourself"</h2>
            <p>
                "\"Try to understand how we can design the architecture and build these three "
                "networks.\" Start from one of them, then add, remove, move or edit layers: every "
                "shape and count below is recomputed, and a layer that no longer fits is named."
            </p>
            <div class="tn-controls">
                <span>"Start from:"</span>
                <button class="small secondary" on:click=move |_| load(Fig911Net::A) data-testid="load-a">"(a)"</button>
                <button class="small secondary" on:click=move |_| load(Fig911Net::B) data-testid="load-b">"(b)"</button>
                <button class="small secondary" on:click=move |_| load(Fig911Net::C) data-testid="load-c">"(c)"</button>
                <button class="small secondary" on:click=move |_| blocks.set(Vec::new())>"empty"</button>
            </div>
            <div class="b-row">
                <span class="b-index">"0"</span>
                <strong>"input"</strong>
                <label>"height"<input type="number" min="1" max="1024" prop:value=shape_in(|s| s.h) on:change=move |e| set_input(0, event_target_value(&e)) /></label>
                <label>"width"<input type="number" min="1" max="1024" prop:value=shape_in(|s| s.w) on:change=move |e| set_input(1, event_target_value(&e)) /></label>
                <label>"channels"<input type="number" min="1" max="64" prop:value=shape_in(|s| s.c) on:change=move |e| set_input(2, event_target_value(&e)) /></label>
                <span class="b-out">{move || input.get().to_string()}</span>
            </div>
            <div class="builder">
                <For each=move || 0..blocks.with(|b| b.len()) key=|i| *i let:i>
                    {row(i)}
                </For>
            </div>
            {move || error().map(|m| view! { <ErrorNote message=m /> })}
            <div class="b-add">
                <select aria-label="Kind of layer to add" on:change=move |e| add_kind.set(event_target_value(&e)) data-testid="b-add-kind">
                    {KINDS.iter().map(|(t, label)| view! { <option value=*t>{*label}</option> }).collect_view()}
                </select>
                <button class="small" on:click=add data-testid="b-add">"Add layer"</button>
            </div>
            <p class="exact">
                "Output: " <strong data-testid="builder-output">{move || out().map_or("-".to_string(), |s| s.to_string())}</strong>
                "; parameters: " <strong data-testid="builder-params" data-value=move || total().map(|t| t.to_string()).unwrap_or_default()>
                    {move || total().map_or("-".to_string(), grouped)}
                </strong>
                "; multiply-adds: " <strong>{move || total_macs().map_or("-".to_string(), si)}</strong>
            </p>
        </section>
    }
}
