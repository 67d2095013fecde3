//! Markdown (what the templates render) to the few block kinds the layout knows.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::fonts::Style;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    Bullet(Vec<Span>),
    /// A highlighted box (Markdown block quote): used for the core-activity warning.
    Boxed(Vec<Span>),
    /// Rows of cells; the first row is the header, repeated on every page.
    Table(Vec<Vec<Vec<Span>>>),
}

/// The blocks of a document, and whether it asks for landscape pages
/// (`<!-- layout: landscape -->`).
pub fn parse(markdown: &str) -> (Vec<Block>, bool) {
    let mut blocks = Vec::new();
    let mut landscape = false;
    let mut spans: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut rows: Vec<Vec<Vec<Span>>> = Vec::new();
    let mut row: Vec<Vec<Span>> = Vec::new();
    let mut in_quote = false;
    let mut heading: Option<u8> = None;
    let push_text = |spans: &mut Vec<Span>, text: &str, bold: u32, italic: u32| {
        let style = if bold > 0 {
            Style::Bold
        } else if italic > 0 {
            Style::Italic
        } else {
            Style::Regular
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => spans.push(Span {
                text: text.to_string(),
                style,
            }),
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    _ => 3,
                })
            }
            Event::End(TagEnd::Heading(_)) => blocks.push(Block::Heading {
                level: heading.take().unwrap_or(3),
                spans: std::mem::take(&mut spans),
            }),
            Event::Start(Tag::BlockQuote(_)) => in_quote = true,
            Event::End(TagEnd::BlockQuote(_)) => in_quote = false,
            Event::End(TagEnd::Paragraph) => {
                let s = std::mem::take(&mut spans);
                if !s.is_empty() {
                    blocks.push(if in_quote {
                        Block::Boxed(s)
                    } else {
                        Block::Paragraph(s)
                    });
                }
            }
            Event::End(TagEnd::Item) => {
                let s = std::mem::take(&mut spans);
                if !s.is_empty() {
                    blocks.push(Block::Bullet(s));
                }
            }
            Event::Start(Tag::Item) | Event::Start(Tag::List(_)) => {
                // A list item's text is not wrapped in a paragraph in tight lists.
                let s = std::mem::take(&mut spans);
                if !s.is_empty() {
                    blocks.push(Block::Bullet(s));
                }
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut spans)),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                rows.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) => blocks.push(Block::Table(std::mem::take(&mut rows))),
            Event::Text(t) | Event::Code(t) => push_text(&mut spans, &t, bold, italic),
            Event::SoftBreak | Event::HardBreak => push_text(&mut spans, " ", bold, italic),
            Event::Html(h) | Event::InlineHtml(h) if h.contains("layout: landscape") => {
                landscape = true;
            }
            _ => {}
        }
    }
    (blocks, landscape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_a_small_document() {
        let (b, landscape) = parse(
            "# T\n\nSome **bold** text.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> warn\n<!-- layout: landscape -->\n",
        );
        assert!(landscape);
        assert!(matches!(&b[0], Block::Heading { level: 1, .. }));
        assert_eq!(
            b[1],
            Block::Paragraph(vec![
                Span {
                    text: "Some ".into(),
                    style: Style::Regular
                },
                Span {
                    text: "bold".into(),
                    style: Style::Bold
                },
                Span {
                    text: " text.".into(),
                    style: Style::Regular
                },
            ])
        );
        assert!(matches!(&b[2], Block::Bullet(_)) && matches!(&b[3], Block::Bullet(_)));
        assert!(matches!(&b[4], Block::Table(rows) if rows.len() == 2 && rows[0].len() == 2));
        assert!(matches!(&b[5], Block::Boxed(_)));
    }
}
