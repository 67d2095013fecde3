//! A text file held in memory with a line index, so byte offsets can be turned into the
//! `line:column` people read (1-based; columns count characters, as editors and rustc do).

use std::sync::Arc;

/// A span in a source file: byte offsets (end exclusive) plus the 1-based line and column of
/// its start and end, so a report can be written without holding the text. Fields are in
/// alphabetical order: the JSON report lists keys sorted (and writes them itself, held to
/// serde's derive by a test).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub byte_end: usize,
    pub byte_start: usize,
    pub column: usize,
    pub end_column: usize,
    pub end_line: usize,
    pub line: usize,
}

/// The text of one input with the byte offset of every line start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The location of `start..end`, clamped into the text and onto character boundaries.
    pub fn location(&self, start: usize, end: usize) -> Location {
        let start = floor_boundary(&self.text, start.min(self.text.len()));
        let end = floor_boundary(&self.text, end.clamp(start, self.text.len()));
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        Location {
            line,
            column,
            byte_start: start,
            byte_end: end,
            end_line,
            end_column,
        }
    }

    /// 1-based line and character column of a byte offset on a character boundary.
    fn line_column(&self, at: usize) -> (usize, usize) {
        let line_idx = self.line_starts.partition_point(|&s| s <= at) - 1;
        let line_start = self.line_starts[line_idx];
        (line_idx + 1, self.text[line_start..at].chars().count() + 1)
    }

    /// Byte offset of the start of 1-based `line`.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// The largest char boundary at or below `i`.
pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let f = SourceFile::new("x", "ab\nçd: e\n");
        let loc = f.location(8, 9);
        assert_eq!((loc.line, loc.column), (2, 5));
        assert_eq!(f.location(0, 1).line, 1);
        assert_eq!(f.location(100, 200).byte_start, f.text.len());
    }
}
