//! The page's state: one `Reducible` value changed only through [`Action`]s.

use std::rc::Rc;

use yew::Reducible;

use crate::decode::{Row, Shown};

/// Everything the page shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The paste box's text.
    pub text: String,
    /// Packet-list rows when a capture is loaded.
    pub rows: Rc<Vec<Row>>,
    /// The message on screen.
    pub shown: Option<Rc<Shown>>,
    /// The selected field's path in `shown.tree`.
    pub selected: Option<Vec<usize>>,
    /// An input error (bad hex, not a capture...).
    pub error: Option<String>,
    /// Dark theme forced on/off (None: follow the system).
    pub dark: Option<bool>,
}

/// What can happen.
pub enum Action {
    /// The paste box changed.
    Text(String),
    /// A file was read.
    File(String, Vec<u8>),
    /// A packet-list row was chosen.
    Row(usize),
    /// A field was selected.
    Select(Option<Vec<usize>>),
    /// Theme toggle.
    Theme,
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Text(t) => {
                s.rows = Rc::new(Vec::new());
                s.selected = None;
                if t.trim().is_empty() {
                    s.shown = None;
                    s.error = None;
                } else {
                    match crate::decode::from_text(&t) {
                        Ok(m) => {
                            s.shown = Some(Rc::new(m));
                            s.error = None;
                        }
                        Err(e) => {
                            s.shown = None;
                            s.error = Some(e);
                        }
                    }
                }
                s.text = t;
            }
            Action::File(name, data) => {
                s.selected = None;
                match crate::decode::from_file(&name, data) {
                    Ok(rows) => {
                        s.shown = rows.first().map(|r| r.shown.clone());
                        s.rows = Rc::new(rows);
                        s.error = None;
                    }
                    Err(e) => s.error = Some(e),
                }
            }
            Action::Row(i) => {
                s.shown = s.rows.get(i).map(|r| r.shown.clone());
                s.selected = None;
            }
            Action::Select(p) => s.selected = p,
            Action::Theme => s.dark = Some(!s.dark.unwrap_or(false)),
        }
        Rc::new(s)
    }
}
