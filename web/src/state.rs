//! The page's state: one `Reducible` value, changed only through [`Action`]s, shared with every
//! component through a context (see [`AppContext`]).

use std::rc::Rc;

use dnslens::layers::Start;
use dnslens::Flavor;
use yew::prelude::*;

use crate::decode::{Row, Shown, StartChoice};

/// Everything the page shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The paste box's text.
    pub text: String,
    /// Where pasted bytes start (None: detect).
    pub start: StartChoice,
    /// Dialect override (None: from the port, else DNS).
    pub dialect: Option<Flavor>,
    /// Packet-list rows when a capture is loaded.
    pub rows: Rc<Vec<Row>>,
    /// The chosen row.
    pub row: Option<usize>,
    /// Packet-list filter text.
    pub filter: String,
    /// Show only rows with problems.
    pub errors_only: bool,
    /// The message on screen.
    pub shown: Option<Rc<Shown>>,
    /// The selected field's path in `shown.tree`.
    pub selected: Option<Vec<usize>>,
    /// The field under the mouse.
    pub hover: Option<Vec<usize>>,
    /// An input error (bad hex, not a capture...).
    pub error: Option<String>,
    /// Dark theme forced on/off (None: follow the system).
    pub dark: Option<bool>,
    /// Name of the loaded file, if any.
    pub file: Option<String>,
}

/// What can happen.
pub enum Action {
    /// The paste box changed.
    Text(String),
    /// The layer override changed.
    Start(StartChoice),
    /// The dialect override changed.
    Dialect(Option<Flavor>),
    /// A file was read.
    File(String, Vec<u8>),
    /// A file could not be read.
    FileError(String),
    /// A packet-list row was chosen.
    Row(usize),
    /// Filter text / errors-only changed.
    Filter(String, bool),
    /// A field was selected (or the selection cleared).
    Select(Option<Vec<usize>>),
    /// The mouse is over a field.
    Hover(Option<Vec<usize>>),
    /// Theme toggle.
    Theme,
}

impl State {
    fn redecode(&mut self) {
        self.rows = Rc::new(Vec::new());
        self.row = None;
        self.file = None;
        self.selected = None;
        self.hover = None;
        if self.text.trim().is_empty() {
            self.shown = None;
            self.error = None;
            return;
        }
        match crate::decode::from_text(&self.text, self.start, self.dialect) {
            Ok(m) => {
                self.shown = Some(Rc::new(m));
                self.error = None;
            }
            Err(e) => {
                self.shown = None;
                self.error = Some(e);
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Text(t) => {
                s.text = t;
                s.redecode();
            }
            Action::Start(st) => {
                s.start = st;
                s.redecode();
            }
            Action::Dialect(d) => {
                s.dialect = d;
                s.redecode();
            }
            Action::File(name, data) => {
                s.selected = None;
                s.hover = None;
                match crate::decode::from_file(&name, data) {
                    Ok(rows) => {
                        s.shown = rows.first().map(|r| Rc::new(r.show()));
                        s.row = Some(0);
                        s.rows = Rc::new(rows);
                        s.error = None;
                        s.file = Some(name);
                    }
                    Err(e) => s.error = Some(e),
                }
            }
            Action::FileError(e) => s.error = Some(e),
            Action::Row(i) => {
                if let Some(r) = s.rows.get(i) {
                    s.shown = Some(Rc::new(r.show()));
                    s.row = Some(i);
                    s.selected = None;
                    s.hover = None;
                }
            }
            Action::Filter(f, e) => {
                s.filter = f;
                s.errors_only = e;
            }
            Action::Select(p) => s.selected = p,
            Action::Hover(p) => {
                if s.hover == p {
                    return self;
                }
                s.hover = p;
            }
            Action::Theme => s.dark = Some(!s.dark.unwrap_or(false)),
        }
        Rc::new(s)
    }
}

/// The state handle every component reads and dispatches to.
pub type AppContext = UseReducerHandle<State>;

/// The layers a user can force the input to start at.
pub const STARTS: &[(&str, Option<Start>)] = &[
    ("auto-detect", None),
    ("Ethernet", Some(Start::Ethernet)),
    ("IPv4", Some(Start::Ipv4)),
    ("IPv6", Some(Start::Ipv6)),
    ("UDP", Some(Start::Udp)),
    ("TCP (length-prefixed DNS)", Some(Start::Tcp)),
    ("DNS header", Some(Start::Dns)),
];
