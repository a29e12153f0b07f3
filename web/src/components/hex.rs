//! The hex view: every byte coloured by its field; clicking a byte selects that field.

use std::rc::Rc;

use dnslens::Field;
use yew::prelude::*;

use crate::view::{kind_class, leaf_at, leaves, rows, within};

/// Props.
#[derive(Properties, PartialEq)]
pub struct HexProps {
    /// The bytes.
    pub bytes: Rc<Vec<u8>>,
    /// The tree over them.
    pub root: Field,
    /// Selected path.
    pub selected: Option<Vec<usize>>,
    /// Select a path.
    pub on_select: Callback<Vec<usize>>,
}

/// The hex view.
#[function_component(Hex)]
pub fn hex(p: &HexProps) -> Html {
    let ls = leaves(&p.root);
    let sel_span = p
        .selected
        .as_ref()
        .and_then(|s| p.root.at(s))
        .map(|f| f.span);
    let target = p
        .selected
        .as_ref()
        .and_then(|s| p.root.at(s))
        .and_then(|f| f.target);
    // Targets move with their spans (Field::shift), so they index the bytes on screen.
    let target_span = target.and_then(|t| leaf_at(&ls, t).map(|l| l.span));
    let body: Html = rows(p.bytes.len()).map(|(off, r)| {
        let cells: Html = r.clone().map(|i| {
            let leaf = leaf_at(&ls, i);
            let class = leaf.map_or("k-none", |l| kind_class(l.kind));
            let in_sel = sel_span.is_some_and(|s| s.start <= i && i < s.end);
            let in_target = target_span.is_some_and(|s| s.start <= i && i < s.end);
            let path = leaf.map(|l| l.path.clone());
            let cb = p.on_select.clone();
            let onclick = Callback::from(move |_| if let Some(pp) = &path { cb.emit(pp.clone()) });
            let sel_here = p.selected.as_ref().zip(leaf).is_some_and(|(s, l)| within(&l.path, s));
            html! {
                <span class={classes!("b", class, (in_sel || sel_here).then_some("hl"), in_target.then_some("target"))}
                    data-off={i.to_string()} {onclick}
                    title={leaf.and_then(|l| p.root.at(&l.path)).map(|f| format!("{}: {}", f.name, f.value)).unwrap_or_else(|| "not covered by any field".into())}>
                    { format!("{:02x}", p.bytes[i]) }
                </span>
            }
        }).collect();
        let ascii: String = p.bytes[r].iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }).collect();
        html! { <div class="hexrow"><span class="off">{ format!("{off:04x}") }</span><span class="bytes">{ cells }</span><span class="ascii">{ ascii }</span></div> }
    }).collect();
    html! { <div class="hex" aria-label="hex view">{ body }</div> }
}
