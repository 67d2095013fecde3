//! Contract inputs as the linter reads them. Plain text and Markdown are read as they are; Word
//! (`.docx`) and PDF files are turned into plain text first, with a record of where each
//! paragraph or page starts, so a finding at a line of the extracted text can also say
//! "paragraph 12" or "page 3": places a person can find in the original.

pub mod docx;
mod pdf;

use std::borrow::Cow;
use std::path::Path;

use crate::report::Severity;

/// Largest contract file read, in bytes (a contract is rarely over 1 MB; a Word file with
/// images or a PDF with scans can be larger, hence the headroom).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Largest contract text, read or extracted (a 300-page agreement is about 1 MB; this also
/// bounds what a small compressed file can expand to).
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;

/// Word-processor formats `lint` cannot read: a file of one is refused with what to do, also
/// when a folder walk meets it (rather than skipped, which would leave a contract unchecked
/// without a word).
pub const UNREADABLE: &[(&str, &str)] = &[
    ("rtf", "an RTF document"),
    ("doc", "an old Word document (.doc)"),
    ("odt", "an OpenDocument text"),
    ("pages", "an Apple Pages document"),
    ("wpd", "a WordPerfect document"),
    ("wps", "a Microsoft Works document"),
];

/// The extensions `lint` picks up in folders: those it reads, and those it refuses by name.
pub const EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "text", "docx", "docm", "pdf", "rtf", "doc", "odt", "pages", "wpd",
    "wps",
];

/// `(id, severity, title, what to do)` of what reading a contract can report besides clause
/// findings (for the catalogue): the inputs that cannot be used are errors, what was read
/// with a caveat is information.
pub const NOTE_RULES: &[(&str, Severity, &str, &str)] = &[
    (
        "LINT-INPUT",
        Severity::Error,
        "The contract file cannot be read (it names why and what to do)",
        "The message says why (encrypted, a scan without text, over a size limit, not UTF-8, ...) and what to do: export the draft again from the program that made it, save it as .docx or text-based PDF, or raise --max-file-size.",
    ),
    (
        "INPUT-UNREADABLE",
        Severity::Error,
        "An entry of an input folder cannot be read",
        "A file or folder in the batch could not be opened (permissions, a broken link); fix its permissions or leave it out.",
    ),
    (
        "DOCX-CHANGES",
        Severity::Info,
        "The Word draft still has unaccepted tracked changes (read as accepted)",
        "The draft was checked as if every tracked change were accepted; accept or reject them in Word so that the text checked is the text signed.",
    ),
    (
        "PDF-NO-TEXT",
        Severity::Info,
        "Some PDF pages carry no text (scanned?) and were not checked",
        "Those pages are images; vendorkit does no OCR. Lint the source document, or run OCR first (e.g. ocrmypdf) and lint the result.",
    ),
    (
        "PDF-UNREADABLE-PAGE",
        Severity::Info,
        "Some PDF pages could not be read",
        "Pages whose drawing could not be decoded, or whose fonts give no text, were left out; clauses on them may be reported missing. Export the PDF again from its source.",
    ),
];

/// A contract as text.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub text: String,
    /// `(byte offset in text, place)`, sorted by offset: where each paragraph ("paragraph 12",
    /// "footnote 2") or page ("page 3") starts. Empty for plain text, whose lines are the places.
    pub anchors: Vec<(usize, String)>,
    /// What a reader should know about how the text was read (e.g. unaccepted tracked
    /// changes), one sentence each.
    pub notes: Vec<Note>,
}

/// Something about a document that is not a clause finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: &'static str,
    pub message: String,
}

impl Extracted {
    /// The place (paragraph or page) holding byte `offset` of the text.
    pub fn place_at(&self, offset: usize) -> Option<&str> {
        let i = self.anchors.partition_point(|(at, _)| *at <= offset);
        i.checked_sub(1).map(|i| self.anchors[i].1.as_str())
    }
}

/// Read a contract by its extension: `.docx`, `.pdf`, or text. Every problem is a message that
/// names the file and says what to do.
pub fn read(path: &Path) -> Result<Extracted, String> {
    use crate::batch::inputs;
    let shown = inputs::shown(path);
    let limit = crate::limits::max_file_bytes(MAX_INPUT_BYTES);
    let bytes = if inputs::is_stdin(path) {
        inputs::read_stdin(limit, "a contract")?
    } else {
        crate::limits::read_file(path, limit, "a contract file")?
    };
    // Standard input is read as its --stdin-filename says (plain text without one).
    let ext = inputs::stand_in(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    from_bytes(&shown, ext.as_deref(), bytes)
}

/// [`read`] for bytes already in memory; `ext` (lower case) picks the reader and `shown`
/// names the input in messages. Plain text given as a `Vec` becomes the text without a copy.
pub fn from_bytes<'b>(
    shown: &str,
    ext: Option<&str>,
    bytes: impl Into<Cow<'b, [u8]>>,
) -> Result<Extracted, String> {
    let bytes = bytes.into();
    if bytes.is_empty() {
        return Err(format!("{shown} is empty"));
    }
    if let Some((_, what)) = UNREADABLE.iter().find(|(e, _)| Some(*e) == ext) {
        return Err(format!(
            "{shown} is {what}, which vendorkit does not read; save it as .docx (Word) or PDF from the program that made it, and lint that"
        ));
    }
    let extracted = match ext {
        Some("docx" | "docm") => docx::read(&bytes).map_err(|e| format!("{shown}: {e}"))?,
        Some("pdf") => pdf::read(&bytes).map_err(|e| format!("{shown}: {e}"))?,
        _ if bytes.len() > MAX_TEXT_BYTES => {
            return Err(format!(
                "{shown} is {} bytes, over the {MAX_TEXT_BYTES} byte limit for contract text",
                bytes.len()
            ));
        }
        _ => Extracted {
            text: text(bytes).map_err(|e| format!("{shown} {e}"))?,
            ..Extracted::default()
        },
    };
    with_text(shown, extracted)
}

/// A Word document's text, with where each body paragraph is in its XML (for editing it in
/// place), read with the checks and messages of [`from_bytes`].
pub fn word_with_layout(shown: &str, bytes: &[u8]) -> Result<(Extracted, docx::Layout), String> {
    let (extracted, layout) = docx::read_with_layout(bytes).map_err(|e| format!("{shown}: {e}"))?;
    Ok((with_text(shown, extracted)?, layout))
}

/// `extracted`, unless it has no text to check.
fn with_text(shown: &str, extracted: Extracted) -> Result<Extracted, String> {
    if extracted.text.trim().is_empty() {
        return Err(format!("{shown} has no text"));
    }
    Ok(extracted)
}

/// Bytes as UTF-8 contract text, refusing binary files and other encodings.
fn text(bytes: Cow<'_, [u8]>) -> Result<String, String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err("is a zip file (a Word document?); give it the .docx extension".into());
    }
    if bytes.starts_with(b"%PDF-") {
        return Err("is a PDF; give it the .pdf extension".into());
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(
            "is an RTF document, which vendorkit does not read; save it as .docx (Word) or PDF and lint that"
                .into(),
        );
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err("is UTF-16 text, not UTF-8; save it as UTF-8".into());
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("is a binary file, not contract text (.txt, .md, .docx or .pdf)".into());
    }
    String::from_utf8(bytes.into_owned()).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_by_offset() {
        let e = Extracted {
            text: "a\n\nb\n\nc".into(),
            anchors: vec![(0, "paragraph 1".into()), (3, "paragraph 2".into())],
            notes: Vec::new(),
        };
        assert_eq!(e.place_at(0), Some("paragraph 1"));
        assert_eq!(e.place_at(2), Some("paragraph 1"));
        assert_eq!(e.place_at(3), Some("paragraph 2"));
        assert_eq!(e.place_at(99), Some("paragraph 2"));
        assert_eq!(Extracted::default().place_at(5), None);
    }
}
