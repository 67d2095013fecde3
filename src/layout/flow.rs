//! Line breaking and pagination.

use super::blocks::{Block, Span, parse};
use super::fonts::{Fonts, Style};
use super::{Footer, Item, Laid, Page, Pt};

const MARGIN: Pt = 50.0;
const FOOTER_SPACE: Pt = 36.0;

/// One placed word (or word piece) on a line.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    style: Style,
    width: Pt,
    /// Width of the space before it (0 at a line start or inside a run).
    space_before: Pt,
    /// Part of a NOT DEFINED marker: drawn inside a box.
    flagged: bool,
}

type Line = Vec<Word>;

struct Cursor<'f> {
    fonts: &'f Fonts,
    width: Pt,
    height: Pt,
    y: Pt,
    pages: Vec<Page>,
}

impl<'f> Cursor<'f> {
    fn top(&self) -> Pt {
        self.height - MARGIN
    }
    fn bottom(&self) -> Pt {
        MARGIN + FOOTER_SPACE
    }
    fn left(&self) -> Pt {
        MARGIN
    }
    fn text_width(&self) -> Pt {
        self.width - 2.0 * MARGIN
    }
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page exists")
    }
    fn new_page(&mut self) {
        self.pages.push(Page {
            width: self.width,
            height: self.height,
            items: Vec::new(),
        });
        self.y = self.top();
    }
    fn room(&self) -> Pt {
        self.y - self.bottom()
    }
}

/// Split spans into measured words. Words keep their style; the NOT DEFINED markers are
/// flagged so they can be boxed.
fn words(fonts: &Fonts, spans: &[Span], size: Pt) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut pending_space = false;
    let mut in_marker = false;
    for span in spans {
        let mut rest = span.text.as_str();
        while !rest.is_empty() {
            if rest.starts_with(char::is_whitespace) {
                pending_space = true;
                rest = rest.trim_start();
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let piece = &rest[..end];
            rest = &rest[end..];
            if piece.starts_with("[NOT") {
                in_marker = true;
            }
            let flagged = in_marker;
            if piece.ends_with(']') {
                in_marker = false;
            }
            let space = if pending_space || out.is_empty() {
                fonts.width(" ", span.style, size)
            } else {
                0.0
            };
            let glued = !pending_space && !out.is_empty();
            pending_space = false;
            let width = fonts.width(piece, span.style, size);
            if glued {
                // A style change inside a word ("**BK-01** name" has none; "a**b**" does).
                out.push(Word {
                    text: piece.to_string(),
                    style: span.style,
                    width,
                    space_before: 0.0,
                    flagged,
                });
            } else {
                out.push(Word {
                    text: piece.to_string(),
                    style: span.style,
                    width,
                    space_before: if out.is_empty() { 0.0 } else { space },
                    flagged,
                });
            }
        }
    }
    out
}

/// Greedy line breaking to `max` points; a word wider than a line is cut by characters.
fn break_lines(fonts: &Fonts, words: Vec<Word>, max: Pt, size: Pt) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut line: Line = Vec::new();
    let mut used = 0.0;
    for mut w in words {
        if w.width > max {
            // Hard-break an over-long word.
            let mut piece = String::new();
            for c in w.text.chars() {
                let mut candidate = piece.clone();
                candidate.push(c);
                if fonts.width(&candidate, w.style, size) > max && !piece.is_empty() {
                    let width = fonts.width(&piece, w.style, size);
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    lines.push(vec![Word {
                        text: std::mem::take(&mut piece),
                        style: w.style,
                        width,
                        space_before: 0.0,
                        flagged: w.flagged,
                    }]);
                    used = 0.0;
                    piece.push(c);
                } else {
                    piece = candidate;
                }
            }
            w.width = fonts.width(&piece, w.style, size);
            w.text = piece;
            w.space_before = 0.0;
        }
        let needed = if line.is_empty() {
            w.width
        } else {
            w.space_before + w.width
        };
        if !line.is_empty() && used + needed > max {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
            w.space_before = 0.0;
        }
        if line.is_empty() {
            w.space_before = 0.0;
        }
        used += w.space_before + w.width;
        line.push(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draw one line at (x, y) baseline. Words in one style are drawn as one run (a space has
/// the advance the measuring used); NOT DEFINED markers get a box.
fn draw_line(line: &Line, x: Pt, y: Pt, size: Pt, out: &mut Vec<Item>) {
    let mut cx = x;
    let mut run: Option<(Pt, Style, String)> = None;
    let mut flagged_from: Option<Pt> = None;
    let flush = |run: &mut Option<(Pt, Style, String)>, out: &mut Vec<Item>| {
        if let Some((rx, style, text)) = run.take() {
            out.push(Item::Text {
                x: rx,
                y,
                size,
                style,
                text,
            });
        }
    };
    for w in line {
        let same_run = run.as_ref().is_some_and(|(_, s, _)| *s == w.style);
        if same_run {
            if let Some((_, _, text)) = run.as_mut() {
                if w.space_before > 0.0 {
                    text.push(' ');
                }
                text.push_str(&w.text);
            }
        } else {
            flush(&mut run, out);
            run = Some((cx + w.space_before, w.style, w.text.clone()));
        }
        cx += w.space_before;
        if w.flagged && flagged_from.is_none() {
            flagged_from = Some(cx);
        }
        cx += w.width;
        if (!w.flagged || w.text.ends_with(']')) && flagged_from.is_some() {
            let fx = flagged_from.take().unwrap_or(cx);
            out.push(marker_box(fx, cx, y, size));
        }
    }
    flush(&mut run, out);
    if let Some(fx) = flagged_from {
        out.push(marker_box(fx, cx, y, size));
    }
}

/// The box around a NOT DEFINED marker that runs from `from` to `to` on a line.
fn marker_box(from: Pt, to: Pt, baseline: Pt, size: Pt) -> Item {
    Item::Rect {
        x: from - 2.0,
        y: baseline - size * 0.3,
        w: to - from + 4.0,
        h: size * 1.3,
        fill: None,
    }
}

fn line_height(size: Pt) -> Pt {
    size * 1.35
}

/// Lay out `markdown` on A4 (portrait, or landscape when the document asks for it).
pub fn layout(markdown: &str, fonts: &Fonts, footer: &Footer) -> Laid {
    let (blocks, landscape) = parse(markdown);
    let (width, height) = if landscape {
        (841.89, 595.28)
    } else {
        (595.28, 841.89)
    };
    let mut c = Cursor {
        fonts,
        width,
        height,
        y: 0.0,
        pages: Vec::new(),
    };
    c.new_page();
    let mut outline = Vec::new();
    let body: Pt = 9.5;
    let mut i = 0;
    while i < blocks.len() {
        match &blocks[i] {
            Block::Heading { level, spans } => {
                let size = match level {
                    1 => 16.0,
                    2 => 12.5,
                    _ => 10.5,
                };
                let ws: Vec<Word> = words(fonts, &restyle(spans, Style::Bold), size);
                let lines = break_lines(fonts, ws, c.text_width(), size);
                let gap_before = if *level == 1 { 0.0 } else { size * 0.9 };
                let need =
                    gap_before + lines.len() as Pt * line_height(size) + 3.0 * line_height(body);
                // Keep with next: a heading never ends a page.
                if c.room() < need && c.y < c.top() {
                    c.new_page();
                } else if c.y < c.top() {
                    c.y -= gap_before;
                }
                if *level <= 2 {
                    let title: String = spans.iter().map(|s| s.text.as_str()).collect();
                    outline.push((title, c.pages.len() - 1));
                }
                for l in &lines {
                    c.y -= line_height(size);
                    let (x, y) = (c.left(), c.y);
                    draw_line(l, x, y, size, &mut c.page().items);
                }
                c.y -= size * 0.4;
            }
            Block::Paragraph(spans) | Block::Bullet(spans) | Block::Boxed(spans) => {
                let bullet = matches!(blocks[i], Block::Bullet(_));
                let boxed = matches!(blocks[i], Block::Boxed(_));
                let indent = if bullet {
                    12.0
                } else if boxed {
                    8.0
                } else {
                    0.0
                };
                let avail = c.text_width() - indent * if boxed { 2.0 } else { 1.0 };
                let lines = break_lines(fonts, words(fonts, spans, body), avail, body);
                let lh = line_height(body);
                let mut k = 0;
                let start_page = c.pages.len();
                let top_y = c.y;
                while k < lines.len() {
                    let fit = (c.room() / lh).floor().max(0.0) as usize;
                    let left = lines.len() - k;
                    let mut take = fit.min(left);
                    // Orphans and widows: never one line alone at a page end or start.
                    if take < left {
                        if take < 2 {
                            take = 0;
                        } else if left - take == 1 {
                            take -= 1;
                        }
                    }
                    if take == 0 {
                        c.new_page();
                        continue;
                    }
                    for l in &lines[k..k + take] {
                        c.y -= lh;
                        let (x, y) = (c.left() + indent, c.y);
                        if bullet && l.as_ptr() == lines[0].as_ptr() {
                            let bx = c.left() + 2.0;
                            c.page().items.push(Item::Text {
                                x: bx,
                                y,
                                size: body,
                                style: Style::Regular,
                                text: "•".into(),
                            });
                        }
                        draw_line(l, x, y, body, &mut c.page().items);
                    }
                    k += take;
                }
                if boxed && c.pages.len() == start_page {
                    let (x, w) = (c.left(), c.text_width());
                    let h = top_y - c.y + 6.0;
                    let y = c.y - 4.0;
                    c.page().items.push(Item::Rect {
                        x,
                        y,
                        w,
                        h,
                        fill: None,
                    });
                    c.y -= 6.0;
                }
                c.y -= if bullet { 1.5 } else { body * 0.6 };
            }
            Block::Table(rows) => table(&mut c, rows, if landscape { 7.5 } else { 8.5 }),
        }
        i += 1;
    }
    // Second pass: "Page X of Y" footers now that Y is known.
    let total = c.pages.len();
    for (n, page) in c.pages.iter_mut().enumerate() {
        let size = 7.5;
        let right = format!("Page {} of {total}", n + 1);
        let rw = fonts.width(&right, Style::Regular, size);
        page.items.push(Item::Line {
            x1: MARGIN,
            y1: MARGIN + 22.0,
            x2: page.width - MARGIN,
            y2: MARGIN + 22.0,
        });
        page.items.push(Item::Text {
            x: MARGIN,
            y: MARGIN + 12.0,
            size,
            style: Style::Regular,
            text: footer.left.clone(),
        });
        page.items.push(Item::Text {
            x: page.width - MARGIN - rw,
            y: MARGIN + 12.0,
            size,
            style: Style::Regular,
            text: right,
        });
        page.items.push(Item::Text {
            x: MARGIN,
            y: MARGIN + 2.0,
            size,
            style: Style::Italic,
            text: footer.note.clone(),
        });
        if let Some(mark) = &footer.mark {
            // Above the text area, on the right, where a reader looks first.
            let size = 9.0;
            let w = fonts.width(mark, Style::Bold, size);
            page.items.push(Item::Text {
                x: page.width - MARGIN - w,
                y: page.height - MARGIN + 14.0,
                size,
                style: Style::Bold,
                text: mark.clone(),
            });
        }
    }
    Laid {
        pages: c.pages,
        outline,
    }
}

fn restyle(spans: &[Span], style: Style) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            text: s.text.clone(),
            style,
        })
        .collect()
}

/// Column widths from content: each column gets at least its longest word and a share of
/// the rest in proportion to how much text it holds.
fn column_widths(fonts: &Fonts, rows: &[Vec<Vec<Span>>], avail: Pt, size: Pt, pad: Pt) -> Vec<Pt> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut min = vec![0.0f32; n];
    let mut natural = vec![0.0f32; n];
    for row in rows {
        for (j, cell) in row.iter().enumerate() {
            let ws = words(fonts, cell, size);
            let longest = ws.iter().map(|w| w.width).fold(0.0, f32::max);
            let total: Pt = ws.iter().map(|w| w.width + w.space_before).sum();
            min[j] = min[j].max(longest + 2.0 * pad);
            natural[j] = natural[j].max(total.min(avail) + 2.0 * pad);
        }
    }
    let sum_min: Pt = min.iter().sum();
    let sum_nat: Pt = natural.iter().sum();
    if sum_nat <= avail {
        let scale = avail / sum_nat.max(1.0);
        return natural.iter().map(|w| w * scale).collect();
    }
    if sum_min >= avail {
        let scale = avail / sum_min.max(1.0);
        return min.iter().map(|w| w * scale).collect();
    }
    let extra = avail - sum_min;
    let want: Pt = natural
        .iter()
        .zip(&min)
        .map(|(n, m)| n - m)
        .sum::<Pt>()
        .max(1.0);
    natural
        .iter()
        .zip(&min)
        .map(|(n, m)| m + extra * (n - m) / want)
        .collect()
}

fn table(c: &mut Cursor, rows: &[Vec<Vec<Span>>], size: Pt) {
    if rows.is_empty() {
        return;
    }
    let pad = 3.0;
    let fonts = c.fonts;
    // Measure with the header row in bold, as it is drawn.
    let measured: Vec<Vec<Vec<Span>>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            if r == 0 {
                row.iter().map(|cell| restyle(cell, Style::Bold)).collect()
            } else {
                row.clone()
            }
        })
        .collect();
    let widths = column_widths(fonts, &measured, c.text_width(), size, pad);
    let lh = line_height(size);
    let laid: Vec<Vec<Vec<Line>>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            widths
                .iter()
                .enumerate()
                .map(|(j, w)| {
                    let cell = row.get(j).cloned().unwrap_or_default();
                    let cell = if r == 0 {
                        restyle(&cell, Style::Bold)
                    } else {
                        cell
                    };
                    break_lines(fonts, words(fonts, &cell, size), w - 2.0 * pad, size)
                })
                .collect()
        })
        .collect();
    let row_height = |cells: &Vec<Vec<Line>>| {
        cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as Pt * lh + 2.0 * pad
    };
    let draw_row = |c: &mut Cursor, cells: &Vec<Vec<Line>>, header: bool| {
        let h = row_height(cells);
        let top = c.y;
        let mut x = c.left();
        if header {
            let w = c.text_width();
            c.page().items.push(Item::Rect {
                x,
                y: top - h,
                w,
                h,
                fill: Some(0.9),
            });
        }
        for (j, lines) in cells.iter().enumerate() {
            let mut y = top - pad;
            for l in lines {
                y -= lh;
                draw_line(l, x + pad, y + size * 0.3, size, &mut c.page().items);
            }
            c.page().items.push(Item::Rect {
                x,
                y: top - h,
                w: widths[j],
                h,
                fill: None,
            });
            x += widths[j];
        }
        c.y -= h;
    };
    c.y -= 4.0;
    let header_h = row_height(&laid[0]);
    if c.room() < header_h + row_height(laid.get(1).unwrap_or(&laid[0])) {
        c.new_page();
    }
    draw_row(c, &laid[0], true);
    for cells in &laid[1..] {
        if c.room() < row_height(cells) {
            c.new_page();
            draw_row(c, &laid[0], true);
        }
        draw_row(c, cells, false);
    }
    c.y -= 8.0;
}
