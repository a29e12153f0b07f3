//! A progress bar on stderr while a big capture is read — only when stderr is a terminal, so
//! pipes and logs stay clean. Drawn by indicatif, a well-kept crate that redraws at a bounded
//! rate, so calling [`Bar::at`] often costs little.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Files smaller than this finish before a bar would be worth drawing.
const MIN_BYTES: usize = 8 << 20;

/// A bar, or nothing.
pub struct Bar(Option<ProgressBar>);

impl Bar {
    /// A bar over `len` bytes when stderr is a terminal and the file is big enough.
    pub fn for_file(len: usize) -> Bar {
        if len < MIN_BYTES || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let b = ProgressBar::new(len as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        ) {
            b.set_style(style);
        }
        Bar(Some(b))
    }

    /// `at` bytes of the file are read.
    pub fn at(&self, at: usize) {
        if let Some(b) = &self.0 {
            b.set_position(at as u64);
        }
    }

    /// Reading is over: the bar goes away.
    pub fn done(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
