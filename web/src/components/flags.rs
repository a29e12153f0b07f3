//! The 16 header flag bits drawn as a grid, with the arithmetic from hex to fields.

use dnslens::{Field, Kind};
use yew::prelude::*;

use crate::state::{Action, AppContext};

/// Which child of the flags field owns bit `k` (0 = most significant) of the 16-bit word.
pub fn owner_of_bit(flags: &Field, k: usize) -> Option<usize> {
    let byte = flags.span.start + k / 8;
    flags
        .children
        .iter()
        .position(|c| match (c.span.len(), c.mask) {
            (1, Some(m)) => c.span.start == byte && m & (0x80 >> (k % 8)) != 0,
            (2, Some(m)) => m & (0x8000 >> k) != 0,
            _ => false,
        })
}

/// The flag grid of the message on screen.
#[function_component(FlagGrid)]
pub fn flag_grid() -> Html {
    let ctx = use_context::<AppContext>().expect("state context");
    let Some(shown) = ctx.shown.clone() else {
        return html! {};
    };
    let mut at = None;
    shown.tree.walk(&mut |p, f| {
        if at.is_none() && f.kind == Kind::Flags {
            at = Some(p.to_vec());
        }
    });
    let Some(path) = at else { return html! {} };
    let Some(flags) = shown.tree.at(&path) else {
        return html! {};
    };
    let Some(word) = shown
        .bytes
        .get(flags.span.start..flags.span.end)
        .filter(|b| b.len() == 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
    else {
        return html! {};
    };
    // Group consecutive bits by owner: (owner child, first bit, width).
    let mut groups: Vec<(Option<usize>, usize, usize)> = Vec::new();
    for k in 0..16 {
        let o = owner_of_bit(flags, k);
        match groups.last_mut() {
            Some(g) if g.0 == o => g.2 += 1,
            _ => groups.push((o, k, 1)),
        }
    }
    let select = |o: Option<usize>| {
        let d = ctx.dispatcher();
        let mut p = path.clone();
        if let Some(o) = o {
            p.push(o);
        }
        Callback::from(move |_| d.dispatch(Action::Select(Some(p.clone()))))
    };
    let sel_child = ctx
        .selected
        .as_ref()
        .filter(|s| s.len() == path.len() + 1 && s[..path.len()] == path[..])
        .map(|s| s[path.len()]);
    let bits = |first: usize, width: usize| -> String {
        (first..first + width)
            .map(|k| if word & (0x8000 >> k) != 0 { '1' } else { '0' })
            .collect()
    };
    let arithmetic: Vec<String> = groups
        .iter()
        .filter_map(|(o, first, width)| {
            let c = flags.children.get((*o)?)?;
            Some(format!(
                "{}={}{}",
                c.name,
                bits(*first, *width),
                if *width > 1 {
                    // "QUERY (0)" → "QUERY": the bits already show the number.
                    format!(" ({})", c.value.split(" (").next().unwrap_or(""))
                } else {
                    String::new()
                }
            ))
        })
        .collect();
    html! {
        <section class="flaggrid" aria-label="flag bits">
            <table>
                <tr class="bitno">{ for (0..16).map(|k| html! { <td>{ k }</td> }) }</tr>
                <tr class="bitval">{ for (0..16).map(|k| {
                    let o = owner_of_bit(flags, k);
                    let on = word & (0x8000 >> k) != 0;
                    html! { <td class={classes!(on.then_some("on"), (o.is_some() && o == sel_child).then_some("sel"))} onclick={select(o)}>{ if on { "1" } else { "0" } }</td> }
                }) }</tr>
                <tr class="bitname">{ for groups.iter().map(|(o, _, w)| {
                    let name = o.and_then(|o| flags.children.get(o)).map_or("", |c| &*c.name).to_string();
                    html! { <td colspan={w.to_string()} class={classes!((o.is_some() && *o == sel_child).then_some("sel"))} onclick={select(*o)}>{ name }</td> }
                }) }</tr>
            </table>
            <p class="arith">{ format!("0x{word:04x} = {:04b} {:04b} {:04b} {:04b} → {}", word >> 12, (word >> 8) & 0xf, (word >> 4) & 0xf, word & 0xf, arithmetic.join(" · ")) }</p>
        </section>
    }
}
