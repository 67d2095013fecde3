//! A rendered packet document (Markdown) as Word: the blocks the PDF layout draws, in Word's
//! own styles, so the two read the same and the Word copy stays editable.

use crate::docx::xml::{Look, runs_marking_gaps};
use crate::docx::{Builder, Cell, Pages, Properties};
use crate::layout::Footer;
use crate::layout::Style;
use crate::layout::blocks::{self, Block, Span};

pub fn write(markdown: &str, properties: &Properties, footer: &Footer) -> Result<Vec<u8>, String> {
    let (blocks, landscape) = blocks::parse(markdown);
    let mut b = Builder::new(landscape);
    for block in &blocks {
        match block {
            Block::Heading { level, spans } => b.heading(*level, &runs(spans, false)),
            Block::Paragraph(spans) => b.paragraph(&runs(spans, false)),
            Block::Bullet(spans) => b.bullet(&runs(spans, false)),
            Block::Boxed(spans) => b.boxed(&runs(spans, false)),
            Block::Table(rows) => {
                let cells: Vec<Vec<Cell>> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| {
                        row.iter()
                            .map(|spans| Cell {
                                runs: runs(spans, i == 0),
                                text: spans.iter().map(|s| s.text.as_str()).collect(),
                            })
                            .collect()
                    })
                    .collect();
                b.table(&cells);
            }
        }
    }
    let pages = Pages {
        landscape,
        footer: footer.left.clone(),
        note: footer.note.clone(),
        mark: footer.mark.clone(),
    };
    b.finish(properties, &pages)
}

/// Word runs for styled spans (`bold`: a table's header row), gaps highlighted.
fn runs(spans: &[Span], bold: bool) -> String {
    spans
        .iter()
        .map(|s| {
            let look = Look {
                bold: bold || s.style == Style::Bold,
                italic: s.style == Style::Italic,
                highlight: false,
            };
            runs_marking_gaps(&s.text, look)
        })
        .collect()
}
