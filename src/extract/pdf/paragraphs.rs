//! PDF to text with lopdf: each page's text operators are read in content order and grouped
//! into lines by their baseline (a bold word drawn as its own text object stays on its line);
//! running headers and footers (short lines that repeat at the top or bottom of most pages) and
//! page numbers are dropped; wrapped lines are joined back into paragraphs, across page breaks
//! too, so a page break never splits a sentence. Each page's start is recorded for findings.
//!
//! There is no OCR: a PDF whose pages carry no text (a scan) is an error that says so.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};

use super::{Extracted, MAX_TEXT_BYTES, Note};

/// Most pages read, and most bytes a page's content streams may expand to.
const MAX_PAGES: usize = 5_000;
const MAX_PAGE_CONTENT: usize = 32 * 1024 * 1024;

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    let doc = Document::load_mem(bytes).map_err(|e| {
        let m = e.to_string();
        if m.to_lowercase().contains("crypt") || m.to_lowercase().contains("password") {
            "is encrypted (password-protected); save an unprotected copy and lint that".to_string()
        } else {
            format!("is not a readable PDF ({m}); re-export it from the program that made it")
        }
    })?;
    if doc.is_encrypted() && doc.get_pages().is_empty() {
        return Err(
            "is encrypted (password-protected); save an unprotected copy and lint that".into(),
        );
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(format!(
            "has {} pages, over the {MAX_PAGES} page limit for a contract",
            pages.len()
        ));
    }
    if pages.is_empty() {
        return Err(
            "has no readable pages (its page tree is empty, broken or loops back on itself)".into(),
        );
    }
    let mut lines_by_page = Vec::with_capacity(pages.len());
    let mut unreadable = Vec::new();
    let mut total = 0usize;
    for (&number, &id) in &pages {
        match page_lines(&doc, id) {
            Ok(lines) => {
                total += lines.iter().map(|l| l.text.len()).sum::<usize>();
                if total > MAX_TEXT_BYTES {
                    return Err(format!(
                        "its text is over the {MAX_TEXT_BYTES} byte limit for a contract"
                    ));
                }
                lines_by_page.push((number, lines));
            }
            Err(e) => {
                unreadable.push(format!("{number} ({e})"));
                lines_by_page.push((number, Vec::new()));
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
        return Err(
            "has no text layer (a scanned image?); vendorkit does not do OCR: lint the source document, or run OCR first (e.g. ocrmypdf)"
                .into(),
        );
    }
    strip_furniture(&mut lines_by_page);
    let mut out = join(&lines_by_page);
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
    Ok(out)
}

/// One line of a page: its text, baseline and font size (text space, same units).
#[derive(Debug, Clone, Default)]
struct Line {
    text: String,
    y: f32,
    size: f32,
    /// Pieces placed apart on the line with a gap (table cells): such a line is a row.
    cells: usize,
}

/// The text lines of one page, in content order, grouped by baseline. Pieces of a line drawn
/// apart with a wide gap (table cells) are separated with ` | `.
fn page_lines(doc: &Document, page: lopdf::ObjectId) -> Result<Vec<Line>, String> {
    let fonts = doc.get_page_fonts(page).map_err(|e| e.to_string())?;
    let encodings: HashMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| {
            font.get_font_encoding_with_limit(doc, MAX_PAGE_CONTENT)
                .ok()
                .map(|e| (name, e))
        })
        .collect();
    let content = doc
        .get_page_content_with_limit(page, MAX_PAGE_CONTENT)
        .map_err(|e| e.to_string())?;
    let ops = Content::decode(&content)
        .map_err(|e| e.to_string())?
        .operations;
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    // Text position (x, y), the scale of the text matrix, leading and font size.
    let (mut x, mut y, mut scale, mut leading, mut font_size) =
        (0.0f32, 0.0f32, 1.0f32, 0.0f32, 0.0f32);
    // Where the last piece is estimated to end (from typical glyph widths, see `em_width`).
    let mut end_x: Option<f32> = None;
    let mut moved = false;
    let mut encoding: Option<&Encoding> = None;
    let num = |o: Option<&Object>| o.and_then(|o| o.as_float().ok()).unwrap_or(0.0);
    for op in &ops {
        let args = &op.operands;
        match op.operator.as_str() {
            "BT" => {
                (x, y, scale) = (0.0, 0.0, 1.0);
                moved = true;
            }
            "Tm" => {
                scale = num(args.get(3)).abs().max(f32::EPSILON);
                x = num(args.get(4));
                y = num(args.get(5));
                moved = true;
            }
            "Td" | "TD" => {
                let ty = num(args.get(1));
                if op.operator == "TD" {
                    leading = -ty;
                }
                x += num(args.first()) * scale;
                y += ty * scale;
                moved = true;
            }
            "TL" => leading = num(args.first()),
            "T*" => {
                y -= leading * scale;
                moved = true;
            }
            "Tf" => {
                encoding = args
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| encodings.get(n));
                font_size = num(args.get(1));
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator == "'" || op.operator == "\"" {
                    y -= leading * scale;
                    moved = true;
                }
                let Some(enc) = encoding else { continue };
                let shown = match op.operator.as_str() {
                    "\"" => args.get(2).map(std::slice::from_ref).unwrap_or_default(),
                    _ => args.as_slice(),
                };
                let mut text = String::new();
                decode(enc, shown, &mut text);
                if text.is_empty() {
                    continue;
                }
                let width: f32 = text.chars().map(em_width).sum();
                let size = (font_size * scale).abs().max(f32::EPSILON);
                let same_line = !line.text.is_empty() && (line.y - y).abs() <= 0.3 * size;
                if !line.text.is_empty() && !same_line {
                    lines.push(std::mem::take(&mut line));
                }
                if line.text.is_empty() {
                    (line.y, line.size, line.cells) = (y, size, 1);
                } else if moved {
                    let gap = end_x.map_or(0.0, |e| x - e);
                    if gap > 2.0 * size {
                        line.text.push_str(" | ");
                        line.cells += 1;
                    } else if needs_space(&line.text, &text) {
                        line.text.push(' ');
                    }
                }
                line.size = line.size.max(size);
                line.text.push_str(&text);
                end_x = Some(x + width * size);
                x = end_x.unwrap_or(x);
                moved = false;
            }
            _ => {}
        }
    }
    lines.push(line);
    Ok(lines
        .into_iter()
        .map(|mut l| {
            l.text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if l.cells > 1 {
                l.text = format!("| {} |", l.text);
            }
            l
        })
        .filter(|l| !l.text.is_empty())
        .collect())
}

/// A typical advance of `c` in ems (sans-serif text faces): enough to tell a table's column
/// gap from the next word, without reading each font's width tables.
fn em_width(c: char) -> f32 {
    if c.is_uppercase() {
        0.72
    } else if c.is_ascii_digit() {
        0.64
    } else if c.is_whitespace() {
        0.32
    } else if c.is_alphabetic() {
        0.56
    } else {
        0.4
    }
}

/// Text of show-text operands; a large gap in a TJ array stands for a space.
fn decode(enc: &Encoding, operands: &[Object], out: &mut String) {
    for o in operands {
        match o {
            Object::String(bytes, _) => {
                if let Ok(s) = Document::decode_text(enc, bytes) {
                    out.push_str(&s);
                }
            }
            Object::Array(items) => decode(enc, items, out),
            Object::Integer(i) if *i < -180 => out.push(' '),
            Object::Real(r) if *r < -180.0 => out.push(' '),
            _ => {}
        }
    }
}

/// Whether two pieces drawn apart on one line need a space between them.
fn needs_space(before: &str, next: &str) -> bool {
    !before.is_empty()
        && !before.ends_with(char::is_whitespace)
        && !before.ends_with(['(', '[', '/', '“', '"'])
        && !next.starts_with(char::is_whitespace)
        && !next.starts_with([',', '.', ';', ':', ')', ']', '”', '%'])
}

/// A line's shape with digits hidden ("Page 3 of 9" -> "page # of #").
fn shape(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for c in line.trim().chars() {
        if c.is_ascii_digit() {
            if !s.ends_with('#') {
                s.push('#');
            }
        } else {
            s.extend(c.to_lowercase());
        }
    }
    s
}

/// A page number on its own: `3`, `- 3 -`, `Page 3`, `Page 3 of 9`, `3/9`.
fn is_page_number(shape: &str) -> bool {
    let t = shape.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.strip_prefix("page").map_or(t, str::trim);
    matches!(t, "#" | "# of #" | "#/#" | "# / #")
}

/// Drop running headers and footers (a short line among the first or last two of a page that
/// repeats on at least half the pages) and bare page numbers.
fn strip_furniture(pages: &mut [(u32, Vec<Line>)]) {
    let edge = |lines: &[Line]| -> Vec<usize> {
        let n = lines.len();
        // The first two and last two lines, each once (they overlap on short pages).
        let mut v: Vec<usize> = (0..n.min(2)).chain(n.saturating_sub(2)..n).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, lines) in pages.iter() {
        let mut seen: Vec<String> = edge(lines).iter().map(|&i| shape(&lines[i].text)).collect();
        seen.sort();
        seen.dedup();
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    let total = pages.len();
    for (_, lines) in pages.iter_mut() {
        let drop: Vec<usize> = edge(lines)
            .into_iter()
            .filter(|&i| {
                let s = shape(&lines[i].text);
                is_page_number(&s)
                    || lines[i].text.chars().count() <= 120
                        && counts.get(&s).is_some_and(|&c| c >= 2 && c * 2 >= total)
            })
            .collect();
        for i in drop.into_iter().rev() {
            lines.remove(i);
        }
    }
}

/// A line that starts a list item or a numbered clause: a bullet, `1.`, `2.1`, `(a)`, `iv)`.
fn starts_item(line: &str) -> bool {
    let Some(first) = line.split_whitespace().next() else {
        return false;
    };
    if first.starts_with(['•', '·', '▪', '◦', '–', '—', '*']) {
        return true;
    }
    let numeric = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let stripped = first.trim_end_matches('.');
    if numeric(stripped) && (first.ends_with('.') || stripped.contains('.')) {
        return true;
    }
    let inner = first.strip_prefix('(').unwrap_or(first);
    inner.strip_suffix(')').is_some_and(|label| {
        !label.is_empty() && label.len() <= 4 && label.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Join wrapped lines into paragraphs (a blank line between paragraphs), recording where each
/// page's text starts. On a page, a line continues the paragraph above when it sits at most one
/// and a half font sizes below it (paragraphs are spaced further apart) and the line above ran
/// to the margin or this one reads as a continuation; across a page break, when the last line
/// ran to the margin without ending a sentence. Table rows and list items always start anew.
fn join(pages: &[(u32, Vec<Line>)]) -> Extracted {
    let mut lengths: Vec<usize> = pages
        .iter()
        .flat_map(|(_, l)| l.iter().map(|s| s.text.chars().count()))
        .collect();
    lengths.sort_unstable();
    let p90 = lengths
        .get(lengths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0);
    let long = |s: &str| s.chars().count() * 10 >= p90 * 7;
    let continues = |s: &str| s.starts_with(|c: char| c.is_lowercase() || ",.;:)".contains(c));
    let mut out = Extracted::default();
    let mut prev: Option<&Line> = None;
    for (number, lines) in pages {
        for (k, line) in lines.iter().enumerate() {
            let joined = prev.is_some_and(|p| {
                let marker_only = starts_item(&p.text) && p.text.split_whitespace().count() == 1;
                let rows = p.cells > 1 || line.cells > 1;
                // A wrapped line can start with a number ("by business day / 5. A ..."): it
                // starts an item only after a line that ended a sentence or stopped short.
                let ran_on = long(&p.text) && !p.text.ends_with(['.', ':', ';', '!', '?']);
                let bullet = line.text.starts_with(['•', '·', '▪', '◦', '–', '—', '*']);
                let item = starts_item(&line.text) && (bullet || !ran_on);
                if rows || item && !marker_only {
                    false
                } else if k == 0 {
                    long(&p.text)
                        && (!p.text.ends_with(['.', ':', '!', '?']) || continues(&line.text))
                } else {
                    let dy = (p.y - line.y).abs();
                    dy <= 1.5 * p.size.max(line.size)
                        && (marker_only
                            || continues(&line.text)
                            || long(&p.text) && !p.text.ends_with(':'))
                }
            });
            if joined {
                if needs_space(&out.text, &line.text) {
                    out.text.push(' ');
                }
            } else if !out.text.is_empty() {
                out.text.push_str("\n\n");
            }
            if k == 0 {
                out.anchors.push((out.text.len(), format!("page {number}")));
            }
            out.text.push_str(&line.text);
            prev = Some(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_recognised() {
        for s in ["3", "- 3 -", "Page 3", "Page 3 of 9", "3/9"] {
            assert!(is_page_number(&shape(s)), "{s}");
        }
        for s in ["3. Term", "Page three", "Section 3"] {
            assert!(!is_page_number(&shape(s)), "{s}");
        }
    }

    #[test]
    fn running_headers_go_and_sentences_join_across_pages() {
        let long = "The Provider shall keep all Client Data confidential and shall use it only";
        let page = |lines: &[&str]| -> Vec<Line> {
            lines
                .iter()
                .enumerate()
                .map(|(i, t)| Line {
                    text: t.to_string(),
                    // Paragraphs 20 pt apart (10 pt type).
                    y: 800.0 - 20.0 * i as f32,
                    size: 10.0,
                    cells: 1,
                })
                .collect()
        };
        let mut pages = vec![
            (
                1,
                page(&[
                    "ACME Services Agreement",
                    "1. Confidentiality",
                    long,
                    "Page 1 of 2",
                ]),
            ),
            (
                2,
                page(&[
                    "ACME Services Agreement",
                    "to perform the Services.",
                    "2. Term",
                    "Page 2 of 2",
                ]),
            ),
        ];
        strip_furniture(&mut pages);
        let e = join(&pages);
        assert_eq!(
            e.text,
            format!("1. Confidentiality\n\n{long} to perform the Services.\n\n2. Term")
        );
        assert_eq!(
            e.place_at(e.text.find("to perform").unwrap()),
            Some("page 2")
        );
        assert_eq!(e.place_at(0), Some("page 1"));
    }

    #[test]
    fn short_pages_lose_each_furniture_line_once() {
        // Found by fuzzing: on a two-line page the first two and last two lines are the same
        // two, and removing them twice panicked.
        let line = |t: &str, y: f32| Line {
            text: t.into(),
            y,
            size: 10.0,
            cells: 1,
        };
        let mut pages = vec![
            (1, vec![line("Page 1", 800.0), line("2", 780.0)]),
            (
                2,
                vec![line("Page 2", 800.0), line("Body text here.", 780.0)],
            ),
        ];
        strip_furniture(&mut pages);
        assert!(pages[0].1.is_empty());
        assert_eq!(pages[1].1.len(), 1);
    }

    #[test]
    fn list_items_start_new_paragraphs() {
        assert!(starts_item("1. Term"));
        assert!(starts_item("2.1 Fees"));
        assert!(starts_item("(a) the Services"));
        assert!(starts_item("• item"));
        assert!(!starts_item("The Provider"));
        assert!(!starts_item("a contract"));
    }
}
