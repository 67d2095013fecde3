//! A page's content stream, interpreted for its text: the graphics and text state (the
//! current transformation, text matrices, font, spacing) is followed operator by operator, so
//! each glyph is placed where a viewer draws it and is as wide as its font says. Glyphs on one
//! baseline make a line; a gap wider than a word space is a space, a much wider one a table
//! cell boundary. Form XObjects are entered (to a bounded depth); images are skipped.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::Font;
use super::lexer::{Lexer, Token};
use super::paragraphs::Line;
use super::{Budget, Limit, MAX_LINES, resolve};

/// Nesting of forms drawn inside forms, and of saved graphics states, that is followed.
const MAX_FORM_DEPTH: usize = 12;
const MAX_SAVED_STATES: usize = 256;

/// A 2-D affine matrix `[a b c d e f]`, as PDF writes them.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Fonts read once per document, by object.
#[derive(Default)]
pub struct FontCache {
    by_id: HashMap<ObjectId, Rc<Font>>,
}

/// The text of one page.
pub struct PageText {
    pub lines: Vec<Line>,
    /// Glyphs drawn, and those whose text no font table gave.
    pub glyphs: usize,
    pub unmapped: usize,
}

/// The graphics state that matters for text.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Horizontal scaling, as a factor.
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for State {
    fn default() -> Self {
        State {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// An operand of an operator.
#[derive(Debug)]
enum Operand {
    Number(f32),
    Name(Vec<u8>),
    String(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    fn number(&self) -> f32 {
        match self {
            Operand::Number(n) => *n,
            _ => 0.0,
        }
    }
}

/// Read the text of a page.
pub fn page_text(
    doc: &Document,
    dict: &Dictionary,
    resources: Option<&Dictionary>,
    fonts: &mut FontCache,
    budget: &mut Budget,
) -> Result<Result<PageText, String>, Limit> {
    let mut content = Vec::new();
    let streams: Vec<&Object> = match dict.get(b"Contents").ok().map(|o| resolve(doc, o)) {
        Some(Object::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    };
    for s in streams {
        let Ok(stream) = resolve(doc, s).as_stream() else {
            continue;
        };
        match budget.decode(stream) {
            Ok(Some(bytes)) => {
                content.extend_from_slice(&bytes);
                content.push(b'\n');
            }
            Ok(None) => {}
            Err(Limit::Stream(m)) => return Ok(Err(m)),
            Err(limit) => return Err(limit),
        }
    }
    let mut reader = Reader {
        doc,
        fonts,
        budget,
        lines: Lines::default(),
        glyphs: 0,
        unmapped: 0,
    };
    reader.run(&content, resources, State::default(), 0)?;
    let lines = reader.lines.finish();
    Ok(Ok(PageText {
        glyphs: reader.glyphs,
        unmapped: reader.unmapped,
        lines,
    }))
}

struct Reader<'d, 'c> {
    doc: &'d Document,
    fonts: &'c mut FontCache,
    budget: &'c mut Budget,
    lines: Lines,
    glyphs: usize,
    unmapped: usize,
}

impl<'d> Reader<'d, '_> {
    /// Interpret a content stream drawn with `resources`, from `state`.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        mut state: State,
        depth: usize,
    ) -> Result<(), Limit> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::new();
        // Arrays being read (TJ's, mostly), innermost last.
        let mut arrays: Vec<Vec<Operand>> = Vec::new();
        let mut saved: Vec<State> = Vec::new();
        let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
        while let Some(token) = lexer.next_token() {
            let operand = match token {
                Token::Number(n) => Operand::Number(n),
                Token::Name(n) => Operand::Name(n),
                Token::String(s) => Operand::String(s),
                Token::ArrayStart => {
                    if arrays.len() < 32 {
                        arrays.push(Vec::new());
                    }
                    continue;
                }
                Token::ArrayEnd => match arrays.pop() {
                    Some(items) => Operand::Array(items),
                    None => continue,
                },
                Token::DictStart => {
                    // A property list or inline dictionary: skipped whole.
                    let mut depth = 1usize;
                    while depth > 0 {
                        match lexer.next_token() {
                            Some(Token::DictStart) => depth += 1,
                            Some(Token::DictEnd) => depth -= 1,
                            None => break,
                            _ => {}
                        }
                    }
                    Operand::Other
                }
                Token::DictEnd => continue,
                Token::Keyword(b"true" | b"false" | b"null") => Operand::Other,
                Token::Keyword(op) => {
                    arrays.clear();
                    self.budget.operator()?;
                    self.operator(
                        op,
                        &operands,
                        &mut state,
                        &mut saved,
                        (&mut tm, &mut tlm),
                        resources,
                        depth,
                    )?;
                    if op == b"ID" {
                        lexer.skip_inline_image();
                    }
                    operands.clear();
                    continue;
                }
            };
            match arrays.last_mut() {
                Some(items) if items.len() < 100_000 => items.push(operand),
                Some(_) => {}
                None if operands.len() < 64 => operands.push(operand),
                None => {}
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn operator(
        &mut self,
        op: &[u8],
        args: &[Operand],
        state: &mut State,
        saved: &mut Vec<State>,
        (tm, tlm): (&mut Matrix, &mut Matrix),
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), Limit> {
        let n = |i: usize| args.get(i).map_or(0.0, Operand::number);
        let last = |k: usize| args.len().checked_sub(k).and_then(|i| args.get(i));
        match op {
            b"q" if saved.len() < MAX_SAVED_STATES => saved.push(state.clone()),
            b"Q" => {
                if let Some(s) = saved.pop() {
                    *state = s;
                }
            }
            b"cm" if args.len() >= 6 => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                state.ctm = mul(&m, &state.ctm);
            }
            b"BT" => {
                *tm = IDENTITY;
                *tlm = IDENTITY;
            }
            b"Tf" => {
                state.size = args.get(1).map_or(0.0, Operand::number);
                state.font = match args.first() {
                    Some(Operand::Name(name)) => self.font(resources, name)?,
                    _ => None,
                };
            }
            b"Tc" => state.char_spacing = n(0),
            b"Tw" => state.word_spacing = n(0),
            b"Tz" => state.scale = n(0) / 100.0,
            b"TL" => state.leading = n(0),
            b"Ts" => state.rise = n(0),
            b"Td" => {
                *tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], tlm);
                *tm = *tlm;
            }
            b"TD" => {
                state.leading = -n(1);
                *tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], tlm);
                *tm = *tlm;
            }
            b"Tm" if args.len() >= 6 => {
                *tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                *tm = *tlm;
            }
            b"T*" => {
                *tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                *tm = *tlm;
            }
            b"Tj" => {
                if let Some(Operand::String(s)) = last(1) {
                    self.show(s, state, tm)?;
                }
            }
            b"'" | b"\"" => {
                if op == b"\"" && args.len() >= 3 {
                    state.word_spacing = n(0);
                    state.char_spacing = n(1);
                }
                *tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], tlm);
                *tm = *tlm;
                if let Some(Operand::String(s)) = last(1) {
                    self.show(s, state, tm)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = last(1) {
                    for item in items {
                        match item {
                            Operand::String(s) => self.show(s, state, tm)?,
                            Operand::Number(adjust) => {
                                let tx = -adjust / 1000.0 * state.size * state.scale;
                                *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.form(resources, name, state, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The font named `name` in `resources` (read once per document).
    fn font(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, Limit> {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| r.get(b"Font").ok())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|fonts| fonts.get(name).ok())
        else {
            return Ok(None);
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(font) = id.and_then(|id| self.fonts.by_id.get(&id)) {
            return Ok(Some(font.clone()));
        }
        let Ok(dict) = resolve(doc, entry).as_dict() else {
            return Ok(None);
        };
        let font = Rc::new(Font::load(doc, dict, self.budget)?);
        if let Some(id) = id {
            self.fonts.by_id.insert(id, font.clone());
        }
        Ok(Some(font))
    }

    /// Draw the form XObject `name` (images and unknown names are skipped).
    fn form(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        state: &State,
        depth: usize,
    ) -> Result<(), Limit> {
        let doc = self.doc;
        if depth >= MAX_FORM_DEPTH {
            return Ok(());
        }
        let Some(stream) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|x| x.get(name).ok())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_stream().ok())
        else {
            return Ok(());
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok())
            .is_some_and(|s| s == b"Form");
        if !is_form {
            return Ok(());
        }
        let content = match self.budget.decode(stream) {
            Ok(Some(bytes)) => bytes,
            Ok(None) | Err(Limit::Stream(_)) => return Ok(()),
            Err(limit) => return Err(limit),
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .filter(|a| a.len() == 6)
            .map(|a| {
                let v: Vec<f32> = a
                    .iter()
                    .map(|o| match resolve(doc, o) {
                        Object::Integer(i) => *i as f32,
                        Object::Real(r) => *r,
                        _ => 0.0,
                    })
                    .collect();
                [v[0], v[1], v[2], v[3], v[4], v[5]]
            })
            .unwrap_or(IDENTITY);
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut inner = state.clone();
        inner.ctm = mul(&matrix, &state.ctm);
        self.run(&content, own.or(resources), inner, depth + 1)
    }

    /// Show a string: each code's glyph is placed, then the text position moves past it.
    fn show(&mut self, bytes: &[u8], state: &State, tm: &mut Matrix) -> Result<(), Limit> {
        let Some(font) = state.font.clone() else {
            self.glyphs += bytes.len();
            self.unmapped += bytes.len();
            return Ok(());
        };
        let mut result = Ok(());
        font.decode(bytes, |glyph| {
            if result.is_err() {
                return;
            }
            let trm = mul(
                &[
                    state.size * state.scale,
                    0.0,
                    0.0,
                    state.size,
                    0.0,
                    state.rise,
                ],
                &mul(tm, &state.ctm),
            );
            let text = glyph.text.as_deref().unwrap_or("");
            let width = if font.measured {
                glyph.width
            } else {
                text.chars().map(em_width).sum()
            };
            self.glyphs += 1;
            if glyph.text.is_none() {
                self.unmapped += 1;
            }
            let size = trm[2].hypot(trm[3]);
            let rotated = trm[0] <= 0.0 || trm[1].abs() > 0.05 * trm[0].abs();
            result = self.lines.glyph(
                text,
                Placed {
                    x: trm[4],
                    end: trm[4] + width * trm[0],
                    y: trm[5],
                    size,
                    rotated,
                    measured: font.measured,
                },
            );
            let advance = (width * state.size
                + state.char_spacing
                + if glyph.is_space_code {
                    state.word_spacing
                } else {
                    0.0
                })
                * state.scale;
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
        });
        result
    }
}

/// Where a glyph is drawn, in page space.
struct Placed {
    x: f32,
    end: f32,
    y: f32,
    size: f32,
    rotated: bool,
    measured: bool,
}

/// A typical advance of `c` in ems, for fonts that give no widths.
fn em_width(c: char) -> f32 {
    if c.is_uppercase() {
        0.72
    } else if c.is_ascii_digit() {
        0.56
    } else if c.is_whitespace() {
        0.28
    } else if c.is_alphabetic() {
        0.5
    } else {
        0.35
    }
}

/// Lines being built from glyphs in drawing order.
#[derive(Default)]
struct Lines {
    done: Vec<Line>,
    current: Option<Line>,
    /// Where the last glyph of the current line ends.
    end: f32,
    rotated: bool,
}

impl Lines {
    fn glyph(&mut self, text: &str, g: Placed) -> Result<(), Limit> {
        let starts_new = match &self.current {
            None => true,
            Some(line) => {
                g.rotated != self.rotated
                    || !g.rotated && (line.y - g.y).abs() > 0.5 * line.size.max(g.size)
            }
        };
        if starts_new {
            if let Some(line) = self.current.take() {
                self.push(line)?;
            }
            if text.is_empty() {
                return Ok(());
            }
            self.rotated = g.rotated;
            self.end = g.end;
            self.current = Some(Line {
                text: text.to_string(),
                y: g.y,
                size: g.size,
                cells: 1,
                x0: g.x,
                x1: g.end,
            });
            return Ok(());
        }
        let Some(line) = self.current.as_mut() else {
            return Ok(());
        };
        if !g.rotated && !text.is_empty() {
            let gap = g.x - self.end;
            let size = line.size.max(g.size);
            // Without the font's widths the ends are guesses: a cell needs a wider gap.
            let cell = if g.measured { 2.0 } else { 3.0 } * size;
            if gap > cell && !line.text.ends_with(' ') {
                line.text.push_str(" | ");
                line.cells += 1;
            } else if gap > 0.15 * size && needs_space(&line.text, text) {
                line.text.push(' ');
            }
        }
        line.text.push_str(text);
        line.size = line.size.max(g.size);
        line.x1 = line.x1.max(g.end);
        self.end = g.end;
        Ok(())
    }

    fn push(&mut self, line: Line) -> Result<(), Limit> {
        if self.done.len() >= MAX_LINES {
            return Err(Limit::Lines);
        }
        self.done.push(line);
        Ok(())
    }

    /// The page's lines, tidied: white space collapsed, ligatures spelled out, invisible soft
    /// hyphens dropped (one at a line's end marks a hyphenation, kept for joining), table rows
    /// framed with `|`.
    fn finish(mut self) -> Vec<Line> {
        if let Some(line) = self.current.take() {
            self.done.push(line);
        }
        self.done
            .into_iter()
            .filter_map(|mut l| {
                let text = fold_ligatures(&l.text);
                let mut t = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let soft_end = t.ends_with('\u{AD}');
                t.retain(|c| c != '\u{AD}');
                if soft_end && !t.is_empty() {
                    t.push('\u{AD}');
                }
                if t.is_empty() {
                    return None;
                }
                l.text = if l.cells > 1 { format!("| {t} |") } else { t };
                Some(l)
            })
            .collect()
    }
}

/// Ligature characters (which fonts map their ligature glyphs to) as the letters they join.
pub fn fold_ligatures(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether two pieces drawn apart on one line need a space between them.
pub fn needs_space(before: &str, next: &str) -> bool {
    !before.is_empty()
        && !before.ends_with(char::is_whitespace)
        && !before.ends_with(['(', '[', '/', '“', '"'])
        && !next.starts_with(char::is_whitespace)
        && !next.starts_with([',', '.', ';', ':', ')', ']', '”', '%'])
}
