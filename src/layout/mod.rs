//! A small page-layout layer: Markdown blocks in, positioned text, rules and boxes out. It
//! breaks lines with the fonts' real advance widths, sizes table columns from their content,
//! repeats table header rows on each page, keeps headings with what follows, avoids single
//! orphan and widow lines, and numbers pages "X of Y" in a second pass. It knows nothing of
//! the PDF library: `crate::pdf` draws what it produces.

pub mod blocks;
mod flow;
pub mod fonts;

pub use flow::layout;
pub use fonts::{Fonts, Style};

/// Points (1/72 inch), origin at the bottom-left of the page as in PDF.
pub type Pt = f32;

/// Something to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: Pt,
        y: Pt,
        size: Pt,
        style: Style,
        text: String,
    },
    /// A rectangle, stroked (`fill: None`) or filled with a grey level (0 black .. 1 white).
    Rect {
        x: Pt,
        y: Pt,
        w: Pt,
        h: Pt,
        fill: Option<f32>,
    },
    Line {
        x1: Pt,
        y1: Pt,
        x2: Pt,
        y2: Pt,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: Pt,
    pub height: Pt,
    pub items: Vec<Item>,
}

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    pub pages: Vec<Page>,
    /// Section titles and the page (0-based) each starts on, for the PDF outline.
    pub outline: Vec<(String, usize)>,
}

/// What the footer of every page says.
#[derive(Debug, Clone)]
pub struct Footer {
    /// Left: e.g. "HVC-BK-2025-01 · Statement of Work · version 1.0".
    pub left: String,
    /// Second line: e.g. "Prepared with vendorkit. Not legal advice."
    pub note: String,
    /// A mark at the top of every page ("DRAFT: not ready to sign"), if any.
    pub mark: Option<String>,
}
