//! A PDF's lines into paragraphs: running headers and footers (short lines that repeat at the
//! top or bottom of most pages) and page numbers are dropped; footnotes (small type at the
//! foot of a page) are kept apart from the sentence they interrupt; wrapped lines are joined
//! back into paragraphs, across page breaks too, and words hyphenated at a line's end are
//! joined whole. Each page's start is recorded for findings.

use std::collections::HashMap;

use super::content::needs_space;
use crate::extract::Extracted;

/// One line of a page: its text, baseline, font size and horizontal extent (page space).
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub text: String,
    pub y: f32,
    pub size: f32,
    /// Pieces placed apart on the line with a gap (table cells): such a line is a row.
    pub cells: usize,
    pub x0: f32,
    pub x1: f32,
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
pub fn strip_furniture(pages: &mut [(u32, Vec<Line>)]) {
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
        let numbers: Vec<bool> = lines
            .iter()
            .map(|l| is_page_number(&shape(&l.text)))
            .collect();
        let mut drop: Vec<usize> = edge(lines)
            .into_iter()
            .filter(|&i| {
                numbers[i]
                    || lines[i].text.chars().count() <= 120
                        && counts
                            .get(&shape(&lines[i].text))
                            .is_some_and(|&c| c >= 2 && c * 2 >= total)
            })
            .collect();
        // A line that repeats is a header only beside text of the page's own: a document of
        // pages that each hold the same one line is that line, not empty pages.
        if drop.len() == lines.len() {
            drop.retain(|&i| numbers[i]);
        }
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
/// ran to the margin without ending a sentence. Table rows and list items always start anew. A
/// word hyphenated at a line's end is joined whole ("Ac-" + "counting").
///
/// Footnotes (the lines at the foot of a page set smaller than the body text) are held back
/// until the paragraph they interrupt is over, so a sentence that runs on to the next page is
/// not cut by them.
pub fn join(pages: &[(u32, Vec<Line>)]) -> Extracted {
    let mut lengths: Vec<usize> = pages
        .iter()
        .flat_map(|(_, l)| l.iter().map(|s| s.text.chars().count()))
        .collect();
    lengths.sort_unstable();
    let p90 = lengths
        .get(lengths.len().saturating_sub(1) * 9 / 10)
        .copied()
        .unwrap_or(0);
    let body_size = body_size(pages);
    let long = |s: &str| s.chars().count() * 10 >= p90 * 7;
    // The right edge of each page's text (table rows aside).
    let rights: Vec<f32> = pages
        .iter()
        .map(|(_, lines)| {
            lines
                .iter()
                .filter(|l| l.cells < 2)
                .map(|l| l.x1)
                .fold(0.0, f32::max)
        })
        .collect();
    let mut prev_right = 0.0f32;
    let continues = |s: &str| s.starts_with(|c: char| c.is_lowercase() || ",.;:)".contains(c));
    let mut out = Extracted::default();
    let mut prev: Option<&Line> = None;
    // Footnotes waiting for the end of the paragraph, with their page.
    let mut notes: Vec<(u32, &Line)> = Vec::new();
    let mut page_now = 0u32;
    for ((number, lines), &right) in pages.iter().zip(&rights) {
        let body = lines.len() - footnote_lines(lines, body_size);
        for (k, line) in lines[..body].iter().enumerate() {
            let joined = prev.is_some_and(|p| {
                let marker_only = starts_item(&p.text) && p.text.split_whitespace().count() == 1;
                let rows = p.cells > 1 || line.cells > 1;
                let full = long(&p.text) || ran_to_margin(p, line, prev_right);
                // A wrapped line can start with a number ("by business day / 5. A ..."): it
                // starts an item only after a line that ended a sentence or stopped short.
                let ran_on = full && !p.text.ends_with(['.', ':', ';', '!', '?']);
                let bullet = line.text.starts_with(['•', '·', '▪', '◦', '–', '—', '*']);
                let item = starts_item(&line.text) && (bullet || !ran_on);
                if rows || item && !marker_only {
                    false
                } else if hyphenated(&p.text) && continues(&line.text) {
                    true
                } else if k == 0 {
                    full && (!p.text.ends_with(['.', ':', '!', '?']) || continues(&line.text))
                } else {
                    // Paragraphs are set further apart than lines (a line raised by a note
                    // mark a little further too): a lower-case start may be further below.
                    let dy = (p.y - line.y).abs() / p.size.max(line.size);
                    dy <= 1.6 && (marker_only || full && !p.text.ends_with(':'))
                        || dy <= 2.2 && continues(&line.text)
                }
            });
            if joined {
                if hyphenated(&out.text) && continues(&line.text) {
                    let cut = out.text.trim_end().len();
                    let hyphen = out.text[..cut]
                        .chars()
                        .next_back()
                        .map_or(0, char::len_utf8);
                    out.text.truncate(cut - hyphen);
                } else if needs_space(&out.text, &line.text) {
                    out.text.push(' ');
                }
                if k == 0 {
                    out.anchors.push((out.text.len(), format!("page {number}")));
                }
            } else {
                flush_notes(&mut out, &mut notes, page_now);
                if !out.text.is_empty() {
                    out.text.push_str("\n\n");
                }
                if k == 0
                    || out
                        .anchors
                        .last()
                        .is_none_or(|a| a.1 != format!("page {number}"))
                {
                    out.anchors.push((out.text.len(), format!("page {number}")));
                }
            }
            page_now = *number;
            out.text.push_str(line.text.trim_end_matches('\u{AD}'));
            if line.text.ends_with('\u{AD}') {
                // A soft hyphen at the line's end: kept until the next line decides.
                out.text.push('\u{AD}');
            }
            prev = Some(line);
            prev_right = right;
        }
        notes.extend(lines[body..].iter().map(|l| (*number, l)));
    }
    flush_notes(&mut out, &mut notes, page_now);
    out.text.retain(|c| c != '\u{AD}');
    out
}

/// Whether a line ends in a hyphen that splits a word (a letter before it).
fn hyphenated(text: &str) -> bool {
    let mut end = text.trim_end().chars().rev();
    matches!(end.next(), Some('-' | '\u{2010}' | '\u{AD}'))
        && end.next().is_some_and(char::is_alphabetic)
}

/// The size of body text: the font size that sets the most characters.
fn body_size(pages: &[(u32, Vec<Line>)]) -> f32 {
    let mut by_size: HashMap<u32, usize> = HashMap::new();
    for (_, lines) in pages {
        for l in lines {
            *by_size.entry((l.size * 10.0).round() as u32).or_default() += l.text.len();
        }
    }
    by_size
        .into_iter()
        .max_by_key(|&(size, chars)| (chars, size))
        .map_or(0.0, |(size, _)| size as f32 / 10.0)
}

/// How many lines at the foot of a page are footnotes, below at least one body line: those set
/// clearly smaller than the body, or else a short block in body-size type that starts with a
/// note mark ("1 ", "*") after a gap of more than three lines (the space above a footnote
/// separator).
fn footnote_lines(lines: &[Line], body_size: f32) -> usize {
    let small = |l: &Line| l.size > 0.0 && l.size < 0.85 * body_size && l.cells < 2;
    let n = lines.iter().rev().take_while(|l| small(l)).count();
    if n > 0 {
        return if n == lines.len() { 0 } else { n };
    }
    let from = lines.len().saturating_sub((lines.len() / 3).max(1)).max(1);
    (from..lines.len())
        .find(|&i| {
            let (above, line) = (&lines[i - 1], &lines[i]);
            (above.y - line.y).abs() > 3.0 * above.size.max(line.size)
                && starts_note(&line.text)
                && lines[i..]
                    .iter()
                    .all(|l| l.cells < 2 && l.size <= 1.05 * body_size)
        })
        .map_or(0, |i| lines.len() - i)
}

/// Whether a line starts with a note mark: a number that is not a clause number (`3.`, `3)`),
/// an asterisk or a dagger.
fn starts_note(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        return digits <= 3 && !text[digits..].starts_with(['.', ')', ',', ':']);
    }
    text.starts_with(['*', '†', '‡']) || text.starts_with(|c: char| c.is_numeric())
}

/// Whether a line `p` stopped only because the next line's first word would not fit after it:
/// its end is nearer the right edge of the text (`right`) than that word is wide.
fn ran_to_margin(p: &Line, next: &Line, right: f32) -> bool {
    let chars = next.text.chars().count().max(1) as f32;
    let per_char = (next.x1 - next.x0).max(0.0) / chars;
    let word = next
        .text
        .split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count()) as f32;
    p.x1 > p.x0 && right - p.x1 < (word + 1.5) * per_char
}

/// Write the held-back footnotes as paragraphs of their own (a note's wrapped lines joined),
/// placed on their page, then return to `page_now`.
fn flush_notes(out: &mut Extracted, notes: &mut Vec<(u32, &Line)>, page_now: u32) {
    if notes.is_empty() {
        return;
    }
    let mut page = 0;
    for (i, (number, line)) in notes.iter().enumerate() {
        let starts_note = i == 0 || starts_note(&line.text);
        if starts_note {
            if !out.text.is_empty() {
                out.text.push_str("\n\n");
            }
            if *number != page {
                out.anchors.push((out.text.len(), format!("page {number}")));
                page = *number;
            }
        } else if needs_space(&out.text, &line.text) {
            out.text.push(' ');
        }
        out.text.push_str(&line.text);
    }
    notes.clear();
    if page != page_now && page_now > 0 {
        out.anchors
            .push((out.text.len(), format!("page {page_now}")));
    }
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
                    ..Line::default()
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
            ..Line::default()
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

    /// A line at `y` on a 10 pt body, spanning `x0..x1`.
    fn at(text: &str, y: f32, size: f32, x1: f32) -> Line {
        Line {
            text: text.into(),
            y,
            size,
            cells: 1,
            x0: 72.0,
            x1,
        }
    }

    #[test]
    fn words_hyphenated_at_a_line_end_are_joined_whole() {
        let pages = vec![(
            1,
            vec![
                at("The Provider keeps the Client's ac-", 800.0, 10.0, 500.0),
                at("counts and the in\u{2010}", 788.0, 10.0, 500.0),
                at(
                    "surance certificates up to date, and medi\u{AD}",
                    776.0,
                    10.0,
                    500.0,
                ),
                at("ation comes first.", 764.0, 10.0, 200.0),
                at("Self-", 740.0, 10.0, 100.0),
                at("Assessment stays.", 728.0, 10.0, 200.0),
            ],
        )];
        let e = join(&pages);
        assert_eq!(
            e.text,
            "The Provider keeps the Client's accounts and the insurance certificates up to date, and mediation comes first.\n\nSelf-\n\nAssessment stays."
        );
    }

    #[test]
    fn a_footnote_does_not_split_a_sentence_that_runs_on_to_the_next_page() {
        let pages = vec![
            (
                1,
                vec![
                    at("1. Services", 800.0, 12.0, 200.0),
                    at(
                        "The Provider shall perform the Services described in Annex A",
                        780.0,
                        10.0,
                        500.0,
                    ),
                    at(
                        "1 Annex A is attached as a separate file.",
                        80.0,
                        8.0,
                        300.0,
                    ),
                ],
            ),
            (
                2,
                vec![
                    at("with reasonable skill and care.", 800.0, 10.0, 260.0),
                    at("2. Fees", 770.0, 12.0, 200.0),
                ],
            ),
        ];
        let e = join(&pages);
        assert_eq!(
            e.text,
            "1. Services\n\nThe Provider shall perform the Services described in Annex A with reasonable skill and care.\n\n1 Annex A is attached as a separate file.\n\n2. Fees"
        );
        let note = e.text.find("1 Annex").unwrap();
        assert_eq!(e.place_at(note), Some("page 1"));
        assert_eq!(e.place_at(e.text.find("2. Fees").unwrap()), Some("page 2"));
        assert_eq!(
            e.place_at(e.text.find("with reasonable").unwrap()),
            Some("page 2")
        );
    }

    #[test]
    fn a_footnote_in_body_size_type_is_found_by_the_gap_above_it() {
        let mut lines: Vec<Line> = (0..8)
            .map(|i| {
                at(
                    "A full line of body text that runs to the margin",
                    800.0 - 14.0 * i as f32,
                    12.0,
                    500.0,
                )
            })
            .collect();
        lines.push(at("2 The note, after the separator.", 90.0, 12.0, 300.0));
        assert_eq!(footnote_lines(&lines, 12.0), 1);
        // A numbered clause after a heading's space is not a note.
        lines.pop();
        lines.push(at("3. Term", 600.0, 12.0, 200.0));
        assert_eq!(footnote_lines(&lines, 12.0), 0);
    }

    #[test]
    fn pages_of_one_repeated_line_keep_it() {
        let mut pages: Vec<(u32, Vec<Line>)> = (1..=3)
            .map(|n| {
                (
                    n,
                    vec![at("The Provider shall keep records.", 800.0, 10.0, 300.0)],
                )
            })
            .collect();
        pages.push((4, vec![at("4", 800.0, 10.0, 80.0)]));
        strip_furniture(&mut pages);
        assert!(pages[..3].iter().all(|(_, l)| l.len() == 1), "{pages:?}");
        assert!(pages[3].1.is_empty(), "a bare page number still goes");
    }
}
