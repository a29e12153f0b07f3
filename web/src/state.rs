//! The page's state: one `Reducible` value, changed only through [`Action`]s, shared with every
//! component through a context (see [`AppContext`]).

use std::collections::BTreeSet;
use std::rc::Rc;

use dnslens::dissect::layers::Start;
use dnslens::Flavor;
use yew::prelude::*;

use crate::decode::{Shown, Source, StartChoice};
use crate::listing::{Capture, Status};
use crate::permalink::{Fragment, Link, Origin};

/// How a change should appear in the browser's history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Nav {
    /// A new decoded state: a new history entry.
    Push,
    /// A refinement (typing, selecting): update the current entry.
    Replace,
    /// Came from the history or a link, or nothing happened yet: leave the address bar alone.
    #[default]
    Keep,
}

/// Everything the page shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// The paste box's text.
    pub text: String,
    /// Where pasted bytes start (None: detect).
    pub start: StartChoice,
    /// Dialect override (None: from the port, else DNS).
    pub dialect: Option<Flavor>,
    /// The capture being listed or listed, when one is open.
    pub capture: Option<Capture>,
    /// How far its listing has got (rows, bytes read, finished), so that progress re-renders.
    pub progress: (usize, usize, bool),
    /// The chosen row.
    pub row: Option<usize>,
    /// Packet-list filter text.
    pub filter: String,
    /// Show only rows with problems.
    pub errors_only: bool,
    /// The message on screen.
    pub shown: Option<Rc<Shown>>,
    /// Where it came from, for links: a capture message (file, frame) or pasted bytes.
    pub from_capture: Option<(String, usize)>,
    /// The selected field's path in `shown.tree`.
    pub selected: Option<Vec<usize>>,
    /// Tree nodes the user opened or closed (each flips the default).
    pub toggled: Rc<BTreeSet<Vec<usize>>>,
    /// The field under the mouse.
    pub hover: Option<Vec<usize>>,
    /// An input error (bad hex, not a capture, a damaged link...).
    pub error: Option<String>,
    /// Why the last command posted by an embedding page could not be carried out.
    pub api_error: Option<String>,
    /// A note about where the view came from (a link).
    pub notice: Option<String>,
    /// Dark theme forced on/off (None: follow the system).
    pub dark: Option<bool>,
    /// Name of the loaded file, if any.
    pub file: Option<String>,
    /// The compact, read-only embed view.
    pub embed: bool,
    /// How the last change goes into the history.
    pub nav: Nav,
    /// The guided tour's step on screen (None: no tour).
    pub tour: Option<usize>,
}

/// What can happen.
pub enum Action {
    /// The paste box changed; `true` when it was a paste (a new state for the history).
    Text(String, bool),
    /// The layer override changed.
    Start(StartChoice),
    /// The dialect override changed.
    Dialect(Option<Flavor>),
    /// A capture file's first slice was listed (more may follow).
    Loading(Capture),
    /// A capture's listing went further, finished or was stopped.
    Progress(Capture),
    /// A file could not be read.
    FileError(String),
    /// A posted command could not be carried out (reported back, not shown).
    ApiError(String),
    /// A packet-list row was chosen.
    Row(usize),
    /// Filter text / errors-only changed.
    Filter(String, bool),
    /// A field was selected (or the selection cleared).
    Select(Option<Vec<usize>>),
    /// Open or close a tree node.
    Toggle(Vec<usize>),
    /// Make sure a node (and its ancestors) is open.
    Expand(Vec<usize>),
    /// The mouse is over a field.
    Hover(Option<Vec<usize>>),
    /// The theme button: the next of follow-the-system, dark, light.
    Theme,
    /// Open a permalink (from the address bar or the history).
    Open(Fragment, Nav),
    /// A fragment could not be opened (and whether it asked for the embed view).
    BadLink(String, bool),
    /// Back to the empty page (the history reached the start).
    Reset,
    /// An empty embed view, waiting for a `dnslens:load` message (`#embed`).
    EmptyEmbed,
    /// Go to a step of the guided tour (past the last: the last), or end it.
    Tour(Option<usize>),
}

/// Index of a start layer in [`STARTS`] (the link's encoding).
pub fn start_code(s: StartChoice) -> u8 {
    STARTS.iter().position(|x| x.1 == s).unwrap_or(0) as u8
}

/// Dialect → link code.
pub fn dialect_code(d: Option<Flavor>) -> u8 {
    match d {
        None => 0,
        Some(Flavor::Dns) => 1,
        Some(Flavor::Mdns) => 2,
        Some(Flavor::Llmnr) => 3,
    }
}

fn dialect_of(code: u8) -> Option<Flavor> {
    match code {
        1 => Some(Flavor::Dns),
        2 => Some(Flavor::Mdns),
        3 => Some(Flavor::Llmnr),
        _ => None,
    }
}

/// Bytes as hex, two bytes per group, 16 per line (what a link puts back in the paste box).
pub fn hex_text(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 3);
    for (i, chunk) in b.chunks(2).enumerate() {
        if i > 0 {
            s.push(if i % 8 == 0 { '\n' } else { ' ' });
        }
        for x in chunk {
            s.push_str(&format!("{x:02x}"));
        }
    }
    s
}

impl State {
    fn redecode(&mut self) {
        self.capture = None;
        self.row = None;
        self.file = None;
        self.from_capture = None;
        self.selected = None;
        self.hover = None;
        self.toggled = Rc::new(BTreeSet::new());
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

    /// Take in how far the capture's listing has got; the first rows put the first message on
    /// screen (a new history entry), later ones leave the address bar alone.
    fn progress(&mut self) {
        let Some(c) = self.capture.clone() else {
            return;
        };
        let l = c.0.borrow();
        if let Status::Failed(e) = &l.status {
            self.error = Some(e.clone());
            self.capture = None;
            self.file = None;
            return;
        }
        self.progress = (l.rows().len(), l.loaded(), l.status != Status::Reading);
        self.nav = Nav::Keep;
        if self.row.is_none() {
            if let (Some(src), Some(r)) = (l.source(0), l.rows().first()) {
                self.shown = Some(Rc::new(src.show()));
                self.from_capture = Some((l.name.clone(), r.frame as usize));
                self.row = Some(0);
                self.nav = Nav::Push;
            }
        }
    }

    /// The permalink of what is on screen (None when nothing is).
    pub fn link(&self) -> Option<Link> {
        let shown = self.shown.as_ref()?;
        let origin = match &self.from_capture {
            Some((file, frame)) => Origin::Message {
                file: file.clone(),
                frame: *frame as u32,
                linktype: shown.linktype,
                dns: (shown.dns.start as u32, shown.dns.end as u32),
                dialect: dialect_code(Some(shown.message.flavor)),
            },
            None => Origin::Paste {
                start: start_code(self.start),
                dialect: dialect_code(self.dialect),
            },
        };
        let path = |p: &Vec<usize>| p.iter().map(|&i| i as u32).collect::<Vec<u32>>();
        Some(Link {
            origin,
            bytes: shown.bytes.to_vec(),
            selected: self.selected.as_ref().map(path),
            toggled: self.toggled.iter().map(path).collect(),
        })
    }

    fn open(&mut self, f: Fragment) {
        let link = f.link;
        self.embed = f.embed;
        self.error = None;
        match link.origin {
            Origin::Paste { start, dialect } => {
                self.start = STARTS.get(start as usize).and_then(|s| s.1);
                self.dialect = dialect_of(dialect);
                self.text = hex_text(&link.bytes);
                self.redecode();
                self.notice = Some(
                    "Opened from a link: the bytes and the view are exactly as they were shared."
                        .into(),
                );
            }
            Origin::Message {
                file,
                frame,
                linktype,
                dns,
                dialect,
            } => {
                let n = link.bytes.len();
                let source = Source {
                    bytes: Rc::new(link.bytes),
                    data: dnslens::Span::new(0, n),
                    linktype,
                    dns: dnslens::Span::new(dns.0 as usize, dns.1 as usize),
                    flavor: dialect_of(dialect).unwrap_or(Flavor::Dns),
                    note: format!("Frame {frame} of {file}."),
                };
                self.capture = None;
                self.row = None;
                self.text.clear();
                self.file = None;
                self.shown = Some(Rc::new(source.show()));
                self.from_capture = Some((file.clone(), frame as usize));
                self.notice = Some(format!(
                    "This link carries one message — frame {frame} of {file}, with its lower layers — not the whole capture."
                ));
            }
        }
        self.restore_view(link.selected, link.toggled);
    }

    /// Open a node and every node above it.
    fn expand(&mut self, p: &[usize]) {
        if let Some(shown) = self.shown.clone() {
            let mut t = (*self.toggled).clone();
            for n in 0..=p.len() {
                if !crate::view::is_open(&shown.tree, &p[..n], &t) {
                    let key = p[..n].to_vec();
                    if !t.remove(&key) {
                        t.insert(key);
                    }
                }
            }
            self.toggled = Rc::new(t);
        }
    }

    /// Show step `step` of the tour (the last one if past it) with its field selected, or end
    /// the tour.
    fn go_tour(&mut self, step: Option<usize>) {
        let steps = self
            .shown
            .as_deref()
            .map(crate::tour::steps)
            .unwrap_or_default();
        self.tour = step.and_then(|i| steps.len().checked_sub(1).map(|last| i.min(last)));
        if let Some(st) = self.tour.and_then(|i| steps.get(i)) {
            let parent = &st.path[..st.path.len().saturating_sub(1)];
            self.expand(parent);
            self.selected = Some(st.path.clone());
            self.hover = None;
        }
    }

    /// A link's selection (when it names a field of the tree on screen) and opened nodes.
    fn restore_view(&mut self, selected: Option<Vec<u32>>, toggled: Vec<Vec<u32>>) {
        let path = |p: Vec<u32>| p.into_iter().map(|i| i as usize).collect::<Vec<usize>>();
        self.selected = selected
            .map(path)
            .filter(|p| self.shown.as_ref().is_some_and(|s| s.tree.at(p).is_some()));
        // Inserted one by one: collecting into a set would sort, and a sort costs the page
        // 2.3 KB of its size budget (gzipped) for a handful of paths.
        let mut t = BTreeSet::new();
        for p in toggled {
            t.insert(path(p));
        }
        self.toggled = Rc::new(t);
    }
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.nav = Nav::Replace;
        let opened = matches!(action, Action::Open(..));
        // A posted command's error is reported with the state it left, then forgotten.
        s.api_error = None;
        match action {
            Action::Text(t, pasted) => {
                s.text = t;
                s.notice = None;
                s.redecode();
                if pasted {
                    s.nav = Nav::Push;
                }
            }
            Action::Start(st) => {
                s.start = st;
                s.redecode();
                s.nav = Nav::Push;
            }
            Action::Dialect(d) => {
                s.dialect = d;
                s.redecode();
            }
            Action::Loading(c) => {
                s.selected = None;
                s.hover = None;
                s.notice = None;
                s.error = None;
                s.toggled = Rc::new(BTreeSet::new());
                s.shown = None;
                s.row = None;
                s.from_capture = None;
                s.file = Some(c.0.borrow().name.clone());
                s.capture = Some(c);
                s.progress();
            }
            Action::Progress(c) => {
                if s.capture.as_ref() != Some(&c) {
                    return self; // a file replaced since
                }
                s.progress();
            }
            Action::FileError(e) => s.error = Some(e),
            Action::ApiError(e) => s.api_error = Some(e),
            Action::Row(i) => {
                let picked = s.capture.as_ref().and_then(|c| {
                    let l = c.0.borrow();
                    Some((l.source(i)?, l.rows().get(i)?.frame as usize))
                });
                if let Some((source, frame)) = picked {
                    s.shown = Some(Rc::new(source.show()));
                    s.from_capture = Some((s.file.clone().unwrap_or_default(), frame));
                    s.row = Some(i);
                    s.selected = None;
                    s.hover = None;
                    s.toggled = Rc::new(BTreeSet::new());
                    s.nav = Nav::Push;
                }
            }
            Action::Filter(f, e) => {
                s.filter = f;
                s.errors_only = e;
            }
            Action::Select(p) => s.selected = p,
            Action::Toggle(p) => {
                let mut t = (*s.toggled).clone();
                if !t.remove(&p) {
                    t.insert(p);
                }
                s.toggled = Rc::new(t);
            }
            Action::Expand(p) => s.expand(&p),
            Action::Tour(step) => s.go_tour(step),
            Action::Hover(p) => {
                if s.hover == p {
                    return self;
                }
                s.hover = p;
                s.nav = Nav::Keep;
            }
            Action::Theme => s.dark = crate::theme::cycle(s.dark),
            Action::Open(f, nav) => {
                // Back/forward to a message of the capture already open: just pick its row.
                let same_file = match (&f.link.origin, &s.file, &s.capture) {
                    (Origin::Message { file, frame, .. }, Some(open), Some(c)) if file == open => {
                        let l = c.0.borrow();
                        l.find_frame(*frame as usize)
                            .and_then(|i| Some((i, l.source(i)?)))
                    }
                    _ => None,
                };
                match same_file {
                    Some((i, source)) if !f.embed => {
                        let frame = s
                            .capture
                            .as_ref()
                            .and_then(|c| Some(c.0.borrow().rows().get(i)?.frame));
                        s.shown = Some(Rc::new(source.show()));
                        s.row = Some(i);
                        s.from_capture =
                            frame.map(|fr| (s.file.clone().unwrap_or_default(), fr as usize));
                        s.restore_view(f.link.selected, f.link.toggled);
                    }
                    _ => s.open(f.clone()),
                }
                s.go_tour(f.step);
                s.nav = nav;
            }
            Action::EmptyEmbed => {
                s = State {
                    dark: s.dark,
                    embed: true,
                    nav: Nav::Keep,
                    ..State::default()
                };
            }
            Action::Reset => {
                s = State {
                    dark: s.dark,
                    embed: s.embed,
                    nav: Nav::Keep,
                    ..State::default()
                };
            }
            Action::BadLink(e, embed) => {
                // A damaged link leaves an empty page ready for input, and says why.
                s = State {
                    dark: s.dark,
                    embed,
                    ..State::default()
                };
                s.error = Some(format!(
                    "This link could not be opened: {e}. Paste bytes or open a file to start."
                ));
                s.nav = Nav::Keep;
            }
        }
        // Another message on screen ends the tour of the last one.
        let same = match (&s.shown, &self.shown) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same && !opened {
            s.tour = None;
        }
        Rc::new(s)
    }
}

/// The state handle every component reads and dispatches to.
pub type AppContext = UseReducerHandle<State>;

/// The layers a user can force the input to start at (the index is the link's start code).
pub const STARTS: &[(&str, Option<Start>)] = &[
    ("auto-detect", None),
    ("Ethernet", Some(Start::Ethernet)),
    ("IPv4", Some(Start::Ipv4)),
    ("IPv6", Some(Start::Ipv6)),
    ("UDP", Some(Start::Udp)),
    ("TCP (length-prefixed DNS)", Some(Start::Tcp)),
    ("DNS header", Some(Start::Dns)),
];

#[cfg(test)]
mod test {
    use super::*;

    /// `s`'s link, encoded, decoded and opened on an empty page, which must show the same tree.
    fn through_link(s: &State) -> (Link, Rc<State>) {
        let link = s.link().unwrap();
        let frag = crate::permalink::decode(&crate::permalink::encode(&link, false))
            .unwrap()
            .unwrap();
        let t = Rc::new(State::default()).reduce(Action::Open(frag, Nav::Keep));
        assert_eq!(
            t.shown.as_ref().unwrap().tree,
            s.shown.as_ref().unwrap().tree
        );
        (link, t)
    }

    #[test]
    fn a_link_reopens_the_same_view() {
        let s = Rc::new(State::default());
        let s = s.reduce(Action::Text(crate::examples::NXDOMAIN.into(), true));
        let s = s.reduce(Action::Select(Some(vec![2, 0, 1, 9])));
        let s = s.reduce(Action::Toggle(vec![2, 1, 0, 0, 4]));
        let (link, t) = through_link(&s);
        assert_eq!(
            (t.selected.clone(), t.toggled.clone()),
            (s.selected.clone(), s.toggled.clone())
        );
        assert_eq!(t.link(), Some(link));
    }

    #[test]
    fn a_capture_message_link_carries_only_that_message() {
        let file = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/corpus/captures/tcpdump__dns_tcp.pcap"
        ))
        .unwrap();
        let listing = crate::listing::Listing::whole("dns_tcp.pcap", &file);
        let c = Capture(Rc::new(std::cell::RefCell::new(listing)));
        let s = Rc::new(State::default()).reduce(Action::Loading(c));
        assert_eq!(s.row, Some(0));
        assert_eq!(s.nav, Nav::Push);
        let s = s.reduce(Action::Row(1));
        let (link, t) = through_link(&s);
        assert!(
            matches!(
                link.origin,
                Origin::Message {
                    frame: 6,
                    linktype: None,
                    ..
                }
            ),
            "{:?}",
            link.origin
        );
        assert!(t.notice.as_ref().unwrap().contains("not the whole capture"));
    }
}
