//! Where a section of the draft ends, read from its text: a clause that belongs under a
//! heading goes at the end of that heading's section, before the next heading of the same
//! or a higher rank. Word headings come as Markdown `#` lines (their level is the rank);
//! headings typed by hand ("4. CONFIDENTIALITY", "Article 7") rank by how deep their number
//! is ("4." above "4.2").

use crate::lint::text::is_heading;

/// A heading's rank: its `#` level (0 when typed by hand) and its number's depth (0 when
/// unnumbered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rank {
    hashes: usize,
    depth: usize,
}

fn rank(line: &str) -> Rank {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = line[hashes..].trim_start();
    let rest = ["article ", "section ", "clause "]
        .iter()
        .find_map(|w| {
            rest.get(..w.len())
                .filter(|p| p.eq_ignore_ascii_case(w))
                .map(|_| &rest[w.len()..])
        })
        .unwrap_or(rest);
    let first = rest.split_whitespace().next().unwrap_or_default();
    let parts: Vec<&str> = first.trim_end_matches(['.', ')']).split('.').collect();
    let numbered = parts.iter().all(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() && p.len() == 1)
    });
    Rank {
        hashes,
        depth: if numbered && !first.is_empty() {
            parts.len()
        } else {
            0
        },
    }
}

/// Whether heading `next` closes the section that heading `open` starts.
fn closes(open: Rank, next: Rank) -> bool {
    match (open.hashes, next.hashes) {
        (0, 0) => {
            next.depth == 0 && open.depth == 0 || next.depth > 0 && next.depth <= open.depth.max(1)
        }
        (0, _) => true,
        (_, 0) => false,
        (o, n) => n <= o,
    }
}

/// The byte offset of the line that ends the section whose heading is on the line holding
/// `heading_at`, or `None` when the section runs to the end of the text.
pub fn end_of_section(text: &str, heading_at: usize) -> Option<usize> {
    let start = text[..heading_at.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next()?;
    let open = rank(first.trim());
    let mut at = start + first.len();
    for line in lines {
        let trimmed = line.trim();
        if !trimmed.is_empty() && is_heading(trimmed) && closes(open, rank(trimmed)) {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Text whose headings each stand in a paragraph of their own (a blank line after a heading
/// line that runs straight into its text), so a draft given as plain text becomes Word
/// paragraphs with the headings apart.
pub fn headings_apart(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let next_has_text = lines.peek().is_some_and(|n| !n.trim().is_empty());
        if next_has_text && is_heading(line.trim()) && !line.trim().is_empty() {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_section_ends_at_the_next_number_as_high() {
        let text = "1. SERVICES\n\n1.1 The vendor provides support as described in its proposal.\n\n1.2 Definitions\n\nMore text.\n\n2. FEES\n\nPay.";
        let end = end_of_section(text, 0).unwrap();
        assert!(text[end..].starts_with("2. FEES"));
        let sub = text.find("1.2").unwrap();
        assert!(text[end_of_section(text, sub).unwrap()..].starts_with("2. FEES"));
    }

    #[test]
    fn word_headings_rank_by_level() {
        let text = "# Agreement\n\n## 3 Security\n\nText.\n\n### 3.1 Access\n\nText.\n\n## 4 Term\n\nText.";
        let at = text.find("## 3").unwrap();
        assert!(text[end_of_section(text, at).unwrap()..].starts_with("## 4 Term"));
        assert_eq!(end_of_section(text, text.find("## 4").unwrap()), None);
    }

    #[test]
    fn headings_get_their_own_paragraph() {
        assert_eq!(
            headings_apart("5. TERM\nThis agreement runs for a year.\n"),
            "5. TERM\n\nThis agreement runs for a year.\n"
        );
    }
}
