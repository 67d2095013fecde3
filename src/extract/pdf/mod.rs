//! PDF to text. lopdf reads the file's objects; the rest is ours, so that every step is bounded
//! and the text is what a reader sees:
//!
//! - [`pages`]: the page tree, walked without recursion, with inherited resources;
//! - [`content`]: each page's content interpreted for its text, glyphs placed by the font's
//!   own widths ([`fonts`], [`cmap`]) and grouped into lines by baseline;
//! - [`paragraphs`]: running headers, footers and page numbers dropped, footnotes kept apart,
//!   wrapped and hyphenated lines joined back into paragraphs, across page breaks too.
//!
//! There is no OCR: a PDF whose pages carry no text (a scan) is an error that says so.

mod cmap;
mod content;
mod fonts;
mod lexer;
mod pages;
mod paragraphs;

use lopdf::{Document, Object};

use super::{Extracted, MAX_TEXT_BYTES, Note};

/// Most pages read.
pub const MAX_PAGES: usize = 5_000;
/// Deepest page tree followed (real ones are a few levels).
pub const MAX_TREE_DEPTH: usize = 256;
/// Most bytes one content stream (or font map) may expand to.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// Most bytes of page content decoded for one document, counting a stream each time a page or
/// form draws it: 2,000 pages sharing one 28 MB stream were 56 GB of drawing.
pub const MAX_CONTENT_BYTES: usize = 256 * 1024 * 1024;
/// Most content operators interpreted for one document.
pub const MAX_OPERATORS: usize = 20_000_000;
/// Most lines of text in one document.
pub const MAX_LINES: usize = 2_000_000;

/// A limit crossed while reading: the document is refused, with the limit named.
#[derive(Debug)]
pub enum Limit {
    /// One stream expands past [`MAX_STREAM_BYTES`] (or cannot be decoded): only its page is
    /// lost.
    Stream(String),
    Content,
    Operators,
    Lines,
    Other(String),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Stream(m) | Limit::Other(m) => f.write_str(m),
            Limit::Content => write!(
                f,
                "its pages expand to more than {} of drawing instructions (the limit for one PDF)",
                crate::limits::show(MAX_CONTENT_BYTES as u64)
            ),
            Limit::Operators => write!(
                f,
                "its pages hold more than {MAX_OPERATORS} drawing operators (the limit for one PDF)"
            ),
            Limit::Lines => write!(
                f,
                "its pages hold more than {MAX_LINES} lines of text (the limit for one PDF)"
            ),
        }
    }
}

/// What one document may still use.
pub struct Budget {
    content: usize,
    operators: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            content: MAX_CONTENT_BYTES,
            operators: MAX_OPERATORS,
        }
    }
}

impl Budget {
    /// The decoded bytes of a stream, counted against the document's budget. `Ok(None)` for a
    /// stream that cannot be decoded; `Err(Limit::Stream)` for one over the per-stream limit.
    pub fn decode(&mut self, stream: &lopdf::Stream) -> Result<Option<Vec<u8>>, Limit> {
        let cap = MAX_STREAM_BYTES.min(self.content);
        match stream.get_plain_content_with_limit(cap) {
            Ok(bytes) => {
                self.content -= bytes.len().min(self.content);
                Ok(Some(bytes))
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                if cap < MAX_STREAM_BYTES {
                    Err(Limit::Content)
                } else {
                    Err(Limit::Stream(format!(
                        "a content stream expands past the {} limit for one stream",
                        crate::limits::show(MAX_STREAM_BYTES as u64)
                    )))
                }
            }
            Err(_) => Ok(None),
        }
    }

    /// Count one operator.
    pub fn operator(&mut self) -> Result<(), Limit> {
        self.operators = self.operators.checked_sub(1).ok_or(Limit::Operators)?;
        Ok(())
    }
}

/// `o`, or what it refers to (following a few references at most).
pub fn resolve<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => o = next,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| {
        let m = e.to_string();
        if m.to_lowercase().contains("crypt") || m.to_lowercase().contains("password") {
            "is encrypted (password-protected); save an unprotected copy and lint that".to_string()
        } else {
            format!("is not a readable PDF ({m}); re-export it from the program that made it")
        }
    })?;
    let pages = pages::walk(&doc)?;
    if doc.is_encrypted() && pages.is_empty() {
        return Err(
            "is encrypted (password-protected); save an unprotected copy and lint that".into(),
        );
    }
    if pages.is_empty() {
        return Err(
            "has no readable pages (its page tree is empty, broken or loops back on itself)".into(),
        );
    }
    let mut budget = Budget::default();
    let mut fonts = content::FontCache::default();
    let mut lines_by_page = Vec::with_capacity(pages.len());
    let mut unreadable = Vec::new();
    let (mut total, mut glyphs, mut unmapped) = (0usize, 0usize, 0usize);
    for page in &pages {
        let read = content::page_text(&doc, page.dict, page.resources, &mut fonts, &mut budget)
            .map_err(|limit| limit.to_string())?;
        match read {
            Ok(text) => {
                total += text.lines.iter().map(|l| l.text.len()).sum::<usize>();
                if total > MAX_TEXT_BYTES {
                    return Err(format!(
                        "its text is over the {} limit for a contract",
                        crate::limits::show(MAX_TEXT_BYTES as u64)
                    ));
                }
                glyphs += text.glyphs;
                unmapped += text.unmapped;
                lines_by_page.push((page.number, text.lines));
            }
            Err(e) => {
                unreadable.push(format!("{} ({e})", page.number));
                lines_by_page.push((page.number, Vec::new()));
            }
        }
    }
    let blank: Vec<u32> = lines_by_page
        .iter()
        .filter(|(_, l)| l.is_empty())
        .map(|(n, _)| *n)
        .collect();
    if blank.len() == lines_by_page.len() && !unreadable.is_empty() {
        return Err(format!(
            "no page could be read: page {}",
            unreadable.join("; page ")
        ));
    }
    if blank.len() == lines_by_page.len() {
        if glyphs > 0 {
            return Err(format!(
                "draws {glyphs} characters but its fonts give no text for them (no Unicode map); export the PDF again from its source, or lint the source document"
            ));
        }
        return Err(
            "has no text layer (a scanned image?); vendorkit does not do OCR: lint the source document, or run OCR first (e.g. ocrmypdf)"
                .into(),
        );
    }
    paragraphs::strip_furniture(&mut lines_by_page);
    let mut out = paragraphs::join(&lines_by_page);
    if !blank.is_empty() {
        out.notes.push(Note {
            id: "PDF-NO-TEXT",
            message: format!(
                "page{} {} of the PDF carr{} no text (scanned?) and could not be checked",
                if blank.len() == 1 { "" } else { "s" },
                blank
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                if blank.len() == 1 { "ies" } else { "y" },
            ),
        });
    }
    if !unreadable.is_empty() {
        out.notes.push(Note {
            id: "PDF-UNREADABLE-PAGE",
            message: format!("some pages could not be read: {}", unreadable.join("; ")),
        });
    }
    // A tenth of the characters without text: words are missing, and findings of absent
    // clauses may be wrong.
    if unmapped * 10 > glyphs && glyphs > 0 {
        out.notes.push(Note {
            id: "PDF-UNREADABLE-PAGE",
            message: format!(
                "{unmapped} of its {glyphs} characters have no text in their fonts (no Unicode map) and were left out; clauses may be reported missing that are there"
            ),
        });
    }
    Ok(out)
}
