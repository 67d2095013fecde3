//! PDF output: the only module that knows printpdf. It draws what `crate::layout` placed,
//! embeds the fonts under fixed ids, and makes the bytes reproducible (fixed dates, a
//! content-derived trailer /ID), as the prototype notes in PDF-NOTES.md advise.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use printpdf::{
    Color, FontId, Line, LinePoint, OffsetDateTime, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use crate::layout::{Fonts, Item, Laid, Style};

/// Document information written into the PDF.
#[derive(Debug, Clone)]
pub struct Meta {
    pub title: String,
    pub subject: String,
    pub author: String,
    /// Seconds since the epoch for the creation date (never the wall clock).
    pub date_epoch: i64,
}

/// Fixed six-capital font ids (subset tags): random ids would change the bytes every run.
const FONT_IDS: [&str; 3] = ["VKREGU", "VKBOLD", "VKITAL"];

fn grey(level: f32) -> Color {
    Color::Rgb(Rgb {
        r: level,
        g: level,
        b: level,
        icc_profile: None,
    })
}

/// Render a laid-out document to PDF bytes.
pub fn write(laid: &Laid, meta: &Meta, fonts: &Fonts) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut embedded = Vec::with_capacity(3);
    for (k, style) in [Style::Regular, Style::Bold, Style::Italic]
        .into_iter()
        .enumerate()
    {
        let font = prepared(fonts, style)
            .ok_or_else(|| format!("the {style:?} font cannot be embedded"))?;
        doc.resources.fonts.map.insert(
            FontId(FONT_IDS[k].into()),
            printpdf::PdfFont::new(font.parsed.clone()),
        );
        embedded.push(font);
    }
    let when = OffsetDateTime::from_unix_timestamp(meta.date_epoch).map_err(|e| e.to_string())?;
    let info = &mut doc.metadata.info;
    info.subject = meta.subject.clone();
    info.author = meta.author.clone();
    info.creator = format!("vendorkit {}", env!("CARGO_PKG_VERSION"));
    info.producer = "vendorkit (printpdf)".into();
    info.creation_date = when;
    info.modification_date = when;
    info.metadata_date = when;
    let pages = laid
        .pages
        .iter()
        .map(|p| {
            PdfPage::new(
                printpdf::Mm::from(Pt(p.width)),
                printpdf::Mm::from(Pt(p.height)),
                ops(p),
            )
        })
        .collect();
    doc.with_pages(pages);
    for (title, page) in &laid.outline {
        doc.add_bookmark(title, page + 1);
    }
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    // The font programs are deflated once per run (see `prepared`); the page streams are
    // small and deflated here at the fast level: much cheaper than `best`, for files a few
    // hundred bytes larger.
    for object in lo.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if let Some(font) = embedded.iter().find(|f| f.raw == stream.content) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(font.deflated.clone());
        } else if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
            let packed =
                deflate(&stream.content, flate2::Compression::fast()).map_err(|e| e.to_string())?;
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| e.to_string())?;
    Ok(stable_id(bytes))
}

/// Zlib-compress bytes (the PDF FlateDecode filter).
fn deflate(bytes: &[u8], level: flate2::Compression) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), level);
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// A font ready to embed: parsed once, and its program deflated once, per run.
struct Prepared {
    parsed: ParsedFont,
    raw: Vec<u8>,
    deflated: Vec<u8>,
}

/// The prepared form of a font, made on first use and shared by every document and worker
/// after that: parsing and deflating the fonts was half the cost of a packet.
fn prepared(fonts: &Fonts, style: Style) -> Option<Arc<Prepared>> {
    type Cache = Mutex<HashMap<(u64, Style), Arc<Prepared>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (fonts.id(), style);
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = cache.lock().ok()?.get(&key) {
        return Some(p.clone());
    }
    let bytes = fonts.face(style).bytes;
    let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())?;
    let p = Arc::new(Prepared {
        parsed,
        raw: bytes.to_vec(),
        deflated: deflate(bytes, flate2::Compression::best()).ok()?,
    });
    cache.lock().ok()?.insert(key, p.clone());
    Some(p)
}

fn font_handle(style: Style) -> PdfFontHandle {
    PdfFontHandle::External(FontId(FONT_IDS[style as usize].into()))
}

fn ops(page: &crate::layout::Page) -> Vec<Op> {
    let mut ops = Vec::new();
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    ops.push(Op::SetOutlineColor { col: grey(0.35) });
    // Fills first, so text and rules sit on top of shaded header rows.
    for item in &page.items {
        if let Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(level),
        } = item
        {
            ops.push(Op::SetFillColor { col: grey(*level) });
            ops.push(Op::DrawRectangle {
                rectangle: rect(*x, *y, *w, *h, PaintMode::Fill),
            });
        }
    }
    for item in &page.items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                fill: None,
            } => {
                ops.push(Op::DrawRectangle {
                    rectangle: rect(*x, *y, *w, *h, PaintMode::Stroke),
                });
            }
            Item::Line { x1, y1, x2, y2 } => ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(*x1),
                                y: Pt(*y1),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(*x2),
                                y: Pt(*y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            }),
            _ => {}
        }
    }
    ops.push(Op::SetFillColor { col: grey(0.0) });
    for item in &page.items {
        if let Item::Text {
            x,
            y,
            size,
            style,
            text,
        } = item
        {
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: font_handle(*style),
                size: Pt(*size),
            });
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(*x), Pt(*y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
            ops.push(Op::EndTextSection);
        }
    }
    ops
}

fn rect(x: f32, y: f32, w: f32, h: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(y),
        width: Pt(w),
        height: Pt(h),
        mode: Some(mode),
        winding_order: None,
    }
}

/// Replace the two random trailer /ID strings with ones derived from the content (same
/// length, after the cross-reference table, so no offset moves).
fn stable_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = find_last(&bytes, b"/ID") else {
        return bytes;
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes[..at].hash(&mut h);
    let digest = format!("{:016x}{:016x}", h.finish(), h.finish().rotate_left(17));
    let mut i = at;
    for _ in 0..2 {
        let Some(open) = bytes[i..].iter().position(|&b| b == b'(').map(|p| p + i) else {
            break;
        };
        let Some(close) = bytes[open..]
            .iter()
            .position(|&b| b == b')')
            .map(|p| p + open)
        else {
            break;
        };
        let len = close - open - 1;
        let fill = digest
            .as_bytes()
            .iter()
            .cycle()
            .take(len)
            .copied()
            .collect::<Vec<u8>>();
        bytes[open + 1..close].copy_from_slice(&fill);
        i = close + 1;
    }
    bytes
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Parse a PDF back and return the text of each page (for checks and tests: a document we
/// cannot read back is a broken document).
pub fn read_text(bytes: &[u8]) -> Result<Vec<String>, String> {
    let doc = PdfDocument::parse(
        bytes,
        &printpdf::PdfParseOptions::default(),
        &mut Vec::new(),
    )?;
    Ok(doc
        .extract_text()
        .into_iter()
        .map(|page| page.join("\n"))
        .collect())
}
