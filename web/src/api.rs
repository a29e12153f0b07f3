//! The embed's `postMessage` API: a lesson page drives the view step by step and hears back
//! what it shows.
//!
//! Commands (objects with a `type`):
//! - `{type: "dnslens:load", text: "..."}` — decode these bytes (any format the paste box takes)
//! - `{type: "dnslens:select", field: "RCODE"}`, `{..., path: [2,0,1,9]}` or `{..., offset: 31}`
//! - `{type: "dnslens:expand", section: "Answer"}` — open a node by name
//! - `{type: "dnslens:step", step: 3}` or `{..., to: "next" | "back" | "end"}` — the guided tour
//! - `{type: "dnslens:get"}`
//!
//! After every change the page posts `{type: "dnslens:state", summary, selected, diagnostics,
//! tour, height}` to its parent (`tour`: `{step, steps, title, text}` while one runs), and `{type: "dnslens:height", height}` so the frame can be sized.

use dnslens::Field;
#[cfg(test)]
use serde::Deserialize;
use serde::Serialize;

use crate::state::{Action, State};

/// A command from the parent page.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// Decode bytes (hex, a dump, base64...).
    Load {
        /// The text.
        text: String,
    },
    /// Select a field by tree path (child indexes from the root), by name (`RCODE`, the first
    /// match in tree order) or by byte offset in the bytes shown.
    Select {
        /// Tree path.
        path: Option<Vec<usize>>,
        /// Field name.
        field: Option<String>,
        /// Byte offset.
        offset: Option<usize>,
    },
    /// Open a node by name (`Answer`, `Authority 1`, `Header`...).
    Expand {
        /// The node's name.
        section: String,
    },
    /// Go to a step of the guided tour (starting it), or the next or previous one, or end it.
    Step {
        /// Step number, from 0.
        step: Option<usize>,
        /// `next`, `back` or `end`.
        to: Option<String>,
    },
    /// Just report the state.
    Get,
}

/// A command as posted: one flat object, read member by member and then checked into a
/// [`Command`]. (In the page it is read with `js_sys::Reflect`, not a serde deserializer, whose
/// error paths alone bring float formatting into the wasm; the tests read JSON with serde.)
#[derive(Debug, Default)]
#[cfg_attr(test, derive(Deserialize), serde(default))]
pub struct Posted {
    #[cfg_attr(test, serde(rename = "type"))]
    kind: String,
    text: Option<String>,
    path: Option<Vec<usize>>,
    field: Option<String>,
    offset: Option<usize>,
    section: Option<String>,
    step: Option<usize>,
    to: Option<String>,
}

impl Posted {
    /// The members of a posted object; whatever is missing or of the wrong kind is left out.
    pub fn from_js(v: &wasm_bindgen::JsValue) -> Posted {
        use wasm_bindgen::{JsCast, JsValue};
        let get = |k: &str| {
            js_sys::Reflect::get(v, &JsValue::from_str(k))
                .ok()
                .filter(|x| !x.is_undefined() && !x.is_null())
        };
        let string = |k: &str| get(k).and_then(|x| x.as_string());
        // A non-negative whole number that fits (JSON numbers arrive as f64).
        let index = |x: &JsValue| {
            x.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
                .map(|f| f as usize)
        };
        Posted {
            kind: string("type").unwrap_or_default(),
            text: string("text"),
            path: get("path").and_then(|x| {
                let a = x.dyn_into::<js_sys::Array>().ok()?;
                a.iter().map(|e| index(&e)).collect()
            }),
            field: string("field"),
            offset: get("offset").and_then(|x| index(&x)),
            section: string("section"),
            step: get("step").and_then(|x| index(&x)),
            to: string("to"),
        }
    }

    /// The command it names, if it is one with what that command needs.
    pub fn command(self) -> Option<Command> {
        Some(match self.kind.as_str() {
            "dnslens:load" => Command::Load { text: self.text? },
            "dnslens:select" => Command::Select {
                path: self.path,
                field: self.field,
                offset: self.offset,
            },
            "dnslens:expand" => Command::Expand {
                section: self.section?,
            },
            "dnslens:step" => Command::Step {
                step: self.step,
                to: self.to,
            },
            "dnslens:get" => Command::Get,
            _ => return None,
        })
    }
}

/// The first field called `name` (any case), looked for in the DNS message first (the last
/// child of the packet), then in the layers under it: `Flags` is the DNS header's, not IPv4's.
pub fn find(root: &Field, name: &str) -> Option<Vec<usize>> {
    let first = |f: &Field| {
        let mut hit = None;
        f.walk(&mut |p, f| {
            if hit.is_none() && f.name.eq_ignore_ascii_case(name) {
                hit = Some(p.to_vec());
            }
        });
        hit
    };
    let dns = crate::view::dns_child(root);
    dns.and_then(|i| {
        first(&root.children[i]).map(|mut p| {
            p.insert(0, i);
            p
        })
    })
    .or_else(|| first(root))
}

/// The field a byte belongs to: the deepest one, except that a byte holding several bit fields
/// (the flags' second byte: RA, Z, AD, CD and RCODE) belongs to their parent, not to whichever
/// bit comes first.
fn at_byte(root: &Field, offset: usize) -> Option<Vec<usize>> {
    let mut p = root.deepest_at(offset)?;
    if root.at(&p).is_some_and(|f| f.mask.is_some()) && p.len() > 1 {
        let parent = root.at(&p[..p.len() - 1])?;
        let sharing = parent
            .children
            .iter()
            .filter(|c| c.mask.is_some() && c.span.start <= offset && offset < c.span.end)
            .count();
        if sharing > 1 {
            p.pop();
        }
    }
    Some(p)
}

/// The actions a command asks for (none when it cannot apply).
pub fn actions(cmd: Command, state: &State) -> Vec<Action> {
    let root = state.shown.as_ref().map(|s| &s.tree);
    match cmd {
        Command::Load { text } => vec![Action::Text(text, true)],
        Command::Select {
            path,
            field,
            offset,
        } => {
            let what = match (&path, &field, offset) {
                (Some(p), _, _) => format!("no field at path {p:?}"),
                (None, Some(f), _) => format!("no field called {f:?}"),
                (None, None, Some(o)) => format!("no field covers byte {o}"),
                _ => String::from("dnslens:select needs a path, a field or an offset"),
            };
            let p = match (path, field, offset) {
                (Some(p), _, _) => root.and_then(|r| r.at(&p).map(|_| p)),
                (None, Some(f), _) => root.and_then(|r| find(r, &f)),
                (None, None, Some(o)) => root.and_then(|r| at_byte(r, o)),
                _ => None,
            };
            match p {
                Some(p) => vec![Action::Select(Some(p))],
                None => vec![Action::ApiError(what)],
            }
        }
        Command::Expand { section } => root
            .and_then(|r| find(r, &section))
            .map(|p| vec![Action::Expand(p)])
            .unwrap_or_default(),
        Command::Step { step, to } => {
            let at = state.tour;
            let target = match (step, to.as_deref()) {
                (Some(n), _) => Ok(Some(n)),
                (None, Some("next")) => Ok(Some(at.map_or(0, |i| i + 1))),
                (None, Some("back")) => Ok(Some(at.map_or(0, |i| i.saturating_sub(1)))),
                (None, Some("end")) => Ok(None),
                _ => Err("dnslens:step needs a step number or to: \"next\", \"back\" or \"end\""),
            };
            match (target, root) {
                (Err(e), _) => vec![Action::ApiError(e.into())],
                (Ok(Some(_)), None) => vec![Action::ApiError("no message to tour".into())],
                (Ok(t), _) => vec![Action::Tour(t)],
            }
        }
        Command::Get => Vec::new(),
    }
}

/// What the page reports back.
#[derive(Debug, Serialize, PartialEq)]
pub struct Report {
    #[serde(rename = "type")]
    kind: &'static str,
    summary: Option<String>,
    selected: Option<Selected>,
    diagnostics: Vec<String>,
    error: Option<String>,
    tour: Option<TourStep>,
    height: f64,
}

#[derive(Debug, Serialize, PartialEq)]
struct TourStep {
    step: usize,
    steps: usize,
    title: String,
    text: String,
}

#[derive(Debug, Serialize, PartialEq)]
struct Selected {
    path: Vec<usize>,
    name: String,
    value: String,
    explain: String,
    span: [usize; 2],
}

/// The report for the current state.
pub fn report(state: &State, height: f64) -> Report {
    let shown = state.shown.as_ref();
    let selected = shown.zip(state.selected.as_ref()).and_then(|(s, p)| {
        s.tree.at(p).map(|f| Selected {
            path: p.clone(),
            name: f.name.to_string(),
            value: f.value.to_string(),
            explain: f.explain.to_string(),
            span: [f.span.start, f.span.end],
        })
    });
    Report {
        kind: "dnslens:state",
        summary: shown.map(|s| s.info.clone()),
        selected,
        diagnostics: shown
            .map(|s| {
                s.diagnostics
                    .iter()
                    .map(|d| format!("byte {}: {}", d.span.start, d.message))
                    .collect()
            })
            .unwrap_or_default(),
        error: state.error.clone().or_else(|| state.api_error.clone()),
        tour: shown.zip(state.tour).and_then(|(s, i)| {
            let steps = crate::tour::steps(s);
            let st = steps.get(i)?;
            Some(TourStep {
                step: i,
                steps: steps.len(),
                title: st.title.clone(),
                text: st.text.clone(),
            })
        }),
        height,
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use std::rc::Rc;
    use yew::Reducible;

    fn parse(json: &str) -> Option<Command> {
        serde_json::from_str::<Posted>(json).ok()?.command()
    }

    #[test]
    fn fields_resolve_in_dns_first_and_unknown_ones_are_reported() {
        let mut s = Rc::new(State::default());
        let load = format!(
            r#"{{"type":"dnslens:load","text":{}}}"#,
            serde_json::to_string(crate::examples::NXDOMAIN).unwrap()
        );
        for a in actions(parse(&load).unwrap(), &s) {
            s = s.reduce(a);
        }
        // The seed dump starts at IPv4, which has its own Flags: the DNS header's is meant.
        for a in actions(
            parse(r#"{"type":"dnslens:select","field":"Flags"}"#).unwrap(),
            &s,
        ) {
            s = s.reduce(a);
        }
        let r = report(&s, 0.0);
        assert_eq!(
            r.selected.as_ref().unwrap().span,
            [30, 32],
            "the DNS flags (bytes 30–31)"
        );
        // Byte 31 holds RA, Z, AD, CD and RCODE: the flags, not RA alone.
        for a in actions(
            parse(r#"{"type":"dnslens:select","offset":31}"#).unwrap(),
            &s,
        ) {
            s = s.reduce(a);
        }
        assert_eq!(report(&s, 0.0).selected.unwrap().name, "Flags");
        for a in actions(
            parse(r#"{"type":"dnslens:select","field":"Nope"}"#).unwrap(),
            &s,
        ) {
            s = s.reduce(a);
        }
        let r = report(&s, 0.0);
        assert_eq!(r.error.as_deref(), Some("no field called \"Nope\""));
        assert_eq!(r.selected.unwrap().name, "Flags", "the selection stays");
    }

    #[test]
    fn commands_drive_the_state() {
        let mut s = Rc::new(State::default());
        let cmd = parse(&format!(
            r#"{{"type":"dnslens:load","text":{}}}"#,
            serde_json::to_string(crate::examples::NXDOMAIN).unwrap()
        ))
        .unwrap();
        for a in actions(cmd, &s) {
            s = s.reduce(a);
        }
        let cmd = parse(r#"{"type":"dnslens:select","field":"rcode"}"#).unwrap();
        for a in actions(cmd, &s) {
            s = s.reduce(a);
        }
        let r = report(&s, 100.0);
        let sel = r.selected.unwrap();
        assert_eq!((sel.name.as_str(), sel.span), ("RCODE", [31, 32]));
        let cmd = parse(r#"{"type":"dnslens:expand","section":"Authority 1"}"#).unwrap();
        assert_eq!(actions(cmd, &s).len(), 1);
        let cmd = parse(r#"{"type":"dnslens:select","offset":53}"#).unwrap();
        for a in actions(cmd, &s) {
            s = s.reduce(a);
        }
        assert_eq!(report(&s, 0.0).selected.unwrap().span, [53, 54]);
        // The tour: start, step on, jump, end; each step selects its field.
        for cmd in [
            r#"{"type":"dnslens:step","to":"next"}"#,
            r#"{"type":"dnslens:step","to":"next"}"#,
        ] {
            for a in actions(parse(cmd).unwrap(), &s) {
                s = s.reduce(a);
            }
        }
        let r = report(&s, 0.0);
        let t = r.tour.as_ref().unwrap();
        assert_eq!((t.step, t.title.as_str()), (1, "Header"));
        assert_eq!(r.selected.unwrap().name, "Header");
        for a in actions(parse(r#"{"type":"dnslens:step","step":9999}"#).unwrap(), &s) {
            s = s.reduce(a);
        }
        let t = report(&s, 0.0).tour.unwrap();
        assert_eq!(t.step + 1, t.steps, "past the end: the last step");
        assert!(t.title.starts_with("Problem at byte"), "{}", t.title);
        for a in actions(parse(r#"{"type":"dnslens:step","to":"end"}"#).unwrap(), &s) {
            s = s.reduce(a);
        }
        assert_eq!(report(&s, 0.0).tour, None);
        let bad = actions(parse(r#"{"type":"dnslens:step"}"#).unwrap(), &s);
        assert!(matches!(&bad[..], [Action::ApiError(_)]));
        assert_eq!(parse(r#"{"type":"other"}"#), None);
        assert_eq!(parse(r#"{"type":"dnslens:load"}"#), None);
        assert_eq!(
            parse(r#"{"type":"dnslens:get","extra":1}"#),
            Some(Command::Get)
        );
    }
}
