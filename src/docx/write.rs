//! A new Word document, block by block: headings in Word's heading styles, paragraphs,
//! bullets, boxed notes and tables whose header row repeats on every page, on A4 portrait or
//! landscape, with a footer ("Page X of Y") and an optional mark at the top of every page.

use super::package::Package;
use super::parts;
use super::xml::{DECLARATION, Look, R, W, escape, run};

/// A4 in twentieths of a point, and a 2 cm margin.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: u32 = 1134;

/// What File > Properties shows.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    pub author: String,
    /// `YYYY-MM-DD`, written as the creation and modification date (never the wall clock).
    pub date: Option<String>,
}

/// What every page carries.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    pub landscape: bool,
    /// The footer's first line, with "Page X of Y" at its right.
    pub footer: String,
    /// The footer's second line, in italics.
    pub note: String,
    /// A bold mark at the top of every page ("DRAFT: not ready to sign").
    pub mark: Option<String>,
}

/// A table cell: its runs (from [`super::xml`]) and its plain text, which sizes the column.
pub struct Cell {
    pub runs: String,
    pub text: String,
}

pub struct Builder {
    body: String,
    landscape: bool,
}

impl Builder {
    pub fn new(landscape: bool) -> Builder {
        Builder {
            body: String::new(),
            landscape,
        }
    }

    fn width(&self) -> u32 {
        let (w, h) = A4;
        (if self.landscape { h } else { w }) - 2 * MARGIN
    }

    fn paragraph_styled(&mut self, style: &str, runs: &str) {
        self.body.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{runs}</w:p>"
        ));
    }

    /// A heading, level 1 to 3, in Word's `Heading N` style.
    pub fn heading(&mut self, level: u8, runs: &str) {
        self.paragraph_styled(&format!("Heading{}", level.clamp(1, 3)), runs);
    }

    pub fn paragraph(&mut self, runs: &str) {
        self.body.push_str(&format!("<w:p>{runs}</w:p>"));
    }

    pub fn bullet(&mut self, runs: &str) {
        self.paragraph_styled("ListBullet", runs);
    }

    /// A paragraph in a shaded box (the SOW's warnings).
    pub fn boxed(&mut self, runs: &str) {
        self.paragraph_styled("Note", runs);
    }

    /// A table; the first row is the header, on grey and repeated on every page. Columns
    /// are as wide as their longest text asks, within limits, and never narrower than their
    /// longest word, filling the text width.
    pub fn table(&mut self, rows: &[Vec<Cell>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let widths = column_widths(rows, columns, self.width());
        let mut xml = String::from(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for w in &widths {
            xml.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        xml.push_str("</w:tblGrid>");
        for (i, row) in rows.iter().enumerate() {
            let header = i == 0;
            xml.push_str(if header {
                "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            } else {
                "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            });
            for (c, w) in widths.iter().enumerate() {
                let shade = if header {
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E6E6E6\"/>"
                } else {
                    ""
                };
                let runs = row.get(c).map_or("", |cell| cell.runs.as_str());
                xml.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shade}</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>{runs}</w:p></w:tc>"
                ));
            }
            xml.push_str("</w:tr>");
        }
        xml.push_str("</w:tbl>");
        self.body.push_str(&xml);
        // Word needs a paragraph between two tables, and one after a table ends the body.
        self.body
            .push_str("<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>");
    }

    /// The finished package.
    pub fn finish(self, properties: &Properties, pages: &Pages) -> Result<Vec<u8>, String> {
        self.finish_into(Package::new(), properties, pages)
    }

    fn finish_into(
        self,
        mut package: Package,
        properties: &Properties,
        pages: &Pages,
    ) -> Result<Vec<u8>, String> {
        let (w, h) = if self.landscape { (A4.1, A4.0) } else { A4 };
        let orient = if self.landscape {
            " w:orient=\"landscape\""
        } else {
            ""
        };
        let header_ref = if pages.mark.is_some() {
            "<w:headerReference w:type=\"default\" r:id=\"rId6\"/>"
        } else {
            ""
        };
        let document = format!(
            "{DECLARATION}<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{}<w:sectPr>{header_ref}<w:footerReference w:type=\"default\" r:id=\"rId5\"/><w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
            self.body
        );
        let field = |instr: &str| {
            format!("<w:fldSimple w:instr=\" {instr} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>")
        };
        let footer = format!(
            "{DECLARATION}<w:ftr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"808080\"/></w:pBdr><w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>{}<w:r><w:tab/><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>{}</w:p></w:ftr>",
            self.width(),
            run(&pages.footer, Look::default()),
            field("PAGE"),
            field("NUMPAGES"),
            run(
                &pages.note,
                Look {
                    italic: true,
                    ..Look::default()
                }
            ),
        );
        let header = pages.mark.as_ref().map(|mark| {
            format!(
                "{DECLARATION}<w:hdr xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p></w:hdr>",
                escape(mark)
            )
        });
        package.part(
            "[Content_Types].xml",
            parts::content_types(header.is_some()).as_bytes(),
        )?;
        package.part("_rels/.rels", parts::package_rels().as_bytes())?;
        package.part(
            "docProps/core.xml",
            parts::core(
                &properties.title,
                &properties.subject,
                &properties.author,
                properties.date.as_deref(),
            )
            .as_bytes(),
        )?;
        package.part("docProps/app.xml", parts::app().as_bytes())?;
        package.part("word/document.xml", document.as_bytes())?;
        package.part(
            "word/_rels/document.xml.rels",
            parts::document_rels(header.is_some()).as_bytes(),
        )?;
        package.part("word/styles.xml", parts::styles().as_bytes())?;
        package.part("word/settings.xml", parts::settings().as_bytes())?;
        package.part("word/numbering.xml", parts::numbering().as_bytes())?;
        package.part("word/fontTable.xml", parts::font_table().as_bytes())?;
        package.part("word/footer1.xml", footer.as_bytes())?;
        if let Some(header) = header {
            package.part("word/header1.xml", header.as_bytes())?;
        }
        package.finish()
    }
}

/// A plain document of a contract's text (as `lint` reads it): paragraphs split at blank
/// lines, a line starting with `#` a heading, line breaks kept. Made so a draft that came as
/// text or PDF can be redlined like a Word one (stored uncompressed: it is read straight back).
pub fn from_text(text: &str, properties: &Properties, pages: &Pages) -> Result<Vec<u8>, String> {
    let mut b = Builder::new(pages.landscape);
    for block in text.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.trim().is_empty() {
            continue;
        }
        let hashes = block.chars().take_while(|&c| c == '#').count();
        match block[hashes..].strip_prefix(' ') {
            Some(title) if (1..=6).contains(&hashes) && !title.contains('\n') => {
                b.heading(hashes as u8, &run(title, Look::default()))
            }
            _ => b.paragraph(&run(block, Look::default())),
        }
    }
    b.finish_into(Package::stored(), properties, pages)
}

/// Twips a character of table text takes, on average, and a cell's side margins.
const CHAR: u32 = 96;
const PADDING: u32 = 200;

/// Column widths that fill `width`: every column gets room for its longest word (words are
/// not broken), and what is left goes to the columns whose text wants more, in proportion.
fn column_widths(rows: &[Vec<Cell>], columns: usize, width: u32) -> Vec<u32> {
    let (mut least, mut wanted) = (Vec::new(), Vec::new());
    for c in 0..columns {
        let cells = || rows.iter().filter_map(|r| r.get(c));
        let word = cells()
            .flat_map(|cell| cell.text.split_whitespace())
            .map(|w| w.chars().count() as u32)
            .max()
            .unwrap_or(1);
        let longest = cells()
            .map(|cell| cell.text.chars().count() as u32)
            .max()
            .unwrap_or(1);
        least.push(word.min(24) * CHAR + PADDING);
        wanted.push(longest.clamp(word.min(24), 40) * CHAR + PADDING);
    }
    let (sum_least, sum_wanted) = (least.iter().sum::<u32>(), wanted.iter().sum::<u32>());
    if sum_wanted <= width || sum_least >= width {
        // Everything fits (or nothing does): scale what is wanted to the width.
        let base = if sum_least >= width { &least } else { &wanted };
        let sum = base.iter().sum::<u32>().max(1);
        return base.iter().map(|w| w * width / sum).collect();
    }
    let spare = width - sum_least;
    let more = sum_wanted - sum_least;
    least
        .iter()
        .zip(&wanted)
        .map(|(l, w)| l + (w - l) * spare / more.max(1))
        .collect()
}
