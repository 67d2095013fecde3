//! Fonts as text extraction needs them: what text each character code stands for, and how wide
//! its glyph is. The widths are what tell a word gap from the next letter (wkhtmltopdf draws one
//! glyph per operator; TeX draws spaces as moves), so they come from the font's own tables.

use std::collections::HashMap;
use std::sync::LazyLock;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{CMap, utf16be};
use super::{Budget, Limit, resolve};

/// A font ready for decoding codes.
#[derive(Debug)]
pub struct Font {
    /// Byte lengths of codes, in order of trial (simple fonts: `[1]`).
    code_lengths: Vec<u8>,
    /// The ToUnicode map, when the font has one.
    to_unicode: Option<CMap>,
    /// For simple fonts: the text of each byte from the encoding (base and differences).
    simple: Option<Box<[Option<String>; 256]>>,
    /// Codes are UTF-16 code units themselves (a `Uni...-UCS2` or `-UTF16` CMap).
    ucs2: bool,
    widths: Widths,
    /// Glyph space to text space (1/1000 for all but Type3 fonts).
    scale: f32,
    /// Whether the widths are the font's own (false: estimated per character).
    pub measured: bool,
}

#[derive(Debug, Default)]
struct Widths {
    first: u32,
    list: Vec<f32>,
    /// CID fonts: `(first, last, width)`, sorted.
    ranges: Vec<(u32, u32, f32)>,
    default: f32,
}

/// One decoded code: its text (possibly empty), its width in text space per unit of font size,
/// and whether it is the single-byte code 32 (which word spacing applies to).
pub struct Glyph {
    pub text: Option<String>,
    pub width: f32,
    pub is_space_code: bool,
}

impl Font {
    /// Read a font dictionary. Problems make a font that decodes nothing rather than an
    /// error; only a limit (a CMap too large for the budget) stops the document.
    pub fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Result<Font, Limit> {
        let subtype = name_of(dict.get(b"Subtype").ok());
        let to_unicode = match dict
            .get(b"ToUnicode")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_stream().ok())
        {
            Some(stream) => match budget.decode(stream)? {
                Some(bytes) => CMap::parse(&bytes).map_err(Limit::Other).map(Some)?,
                None => None,
            },
            None => None,
        }
        .filter(|c| !c.is_empty());
        if subtype == b"Type0" {
            return Self::composite(doc, dict, to_unicode, budget);
        }
        let scale = if subtype == b"Type3" {
            dict.get(b"FontMatrix")
                .ok()
                .map(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
                .filter(|v| v.is_finite() && *v != 0.0)
                .unwrap_or(0.001)
                .abs()
        } else {
            0.001
        };
        let first = dict
            .get(b"FirstChar")
            .ok()
            .and_then(|o| number(resolve(doc, o)))
            .unwrap_or(0.0)
            .clamp(0.0, 255.0) as u32;
        let list: Vec<f32> = dict
            .get(b"Widths")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(256)
                    .map(|w| number(resolve(doc, w)).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        let missing = dict
            .get(b"FontDescriptor")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| number(resolve(doc, o)))
            .unwrap_or(0.0);
        let measured = !list.is_empty();
        Ok(Font {
            code_lengths: vec![1],
            simple: Some(simple_table(doc, dict, &subtype)),
            to_unicode,
            ucs2: false,
            widths: Widths {
                first,
                list,
                ranges: Vec::new(),
                default: missing,
            },
            scale,
            measured,
        })
    }

    /// A Type0 (CID-keyed) font: two-byte codes for the Identity encodings, else the code
    /// space of its encoding CMap; widths from the descendant font's `W` and `DW`.
    fn composite(
        doc: &Document,
        dict: &Dictionary,
        to_unicode: Option<CMap>,
        budget: &mut Budget,
    ) -> Result<Font, Limit> {
        let encoding = dict.get(b"Encoding").ok().map(|o| resolve(doc, o));
        let mut code_lengths = vec![2];
        let mut ucs2 = false;
        match encoding {
            Some(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n);
                ucs2 = n.contains("UCS2") || n.contains("UTF16");
            }
            Some(Object::Stream(s)) => {
                if let Some(bytes) = budget.decode(s)?
                    && let Ok(cmap) = CMap::parse(&bytes)
                    && !cmap.code_lengths().is_empty()
                {
                    code_lengths = cmap.code_lengths();
                }
            }
            _ => {}
        }
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_dict().ok());
        let default = descendant
            .and_then(|d| d.get(b"DW").ok())
            .and_then(|o| number(resolve(doc, o)))
            .unwrap_or(1000.0);
        let mut ranges = Vec::new();
        let w = descendant
            .and_then(|d| d.get(b"W").ok())
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_array().ok());
        if let Some(items) = w {
            let mut i = 0;
            while i < items.len() && ranges.len() < super::cmap::MAX_ENTRIES {
                let Some(first) = number(resolve(doc, &items[i])) else {
                    break;
                };
                let first = first.max(0.0) as u32;
                match items.get(i + 1).map(|o| resolve(doc, o)) {
                    Some(Object::Array(list)) => {
                        for (k, w) in list.iter().take(65_536).enumerate() {
                            let cid = first.saturating_add(k as u32);
                            ranges.push((cid, cid, number(resolve(doc, w)).unwrap_or(default)));
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let last = number(last).unwrap_or(0.0).max(0.0) as u32;
                        let width = items
                            .get(i + 2)
                            .and_then(|o| number(resolve(doc, o)))
                            .unwrap_or(default);
                        ranges.push((first, last.max(first), width));
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        ranges.sort_by_key(|r| (r.0, r.1));
        Ok(Font {
            code_lengths,
            to_unicode,
            simple: None,
            ucs2,
            widths: Widths {
                first: 0,
                list: Vec::new(),
                ranges,
                default,
            },
            scale: 0.001,
            measured: true,
        })
    }

    /// Split a shown string into its codes and decode each.
    pub fn decode(&self, bytes: &[u8], mut each: impl FnMut(Glyph)) {
        let mut i = 0;
        while i < bytes.len() {
            let len = self.code_length(&bytes[i..]);
            let code_bytes = &bytes[i..(i + len).min(bytes.len())];
            let code = code_bytes
                .iter()
                .fold(0u32, |v, &b| (v << 8) | u32::from(b));
            i += len;
            let text = self
                .to_unicode
                .as_ref()
                .and_then(|m| m.get(code_bytes.len() as u8, code))
                .or_else(|| {
                    if let Some(table) = &self.simple {
                        table[(code & 0xFF) as usize].clone()
                    } else if self.ucs2 {
                        Some(utf16be(code_bytes))
                    } else {
                        None
                    }
                });
            each(Glyph {
                width: self.width(code) * self.scale,
                text,
                is_space_code: len == 1 && code == 32,
            });
        }
    }

    fn code_length(&self, rest: &[u8]) -> usize {
        match self.code_lengths.as_slice() {
            [one] => usize::from(*one).max(1),
            lens => {
                // Mixed lengths: the shortest that is inside a code space range.
                if let Some(cmap) = &self.to_unicode
                    && !cmap.codespace.is_empty()
                {
                    for &(len, lo, hi) in &cmap.codespace {
                        let l = usize::from(len);
                        if l <= rest.len() {
                            let c = rest[..l].iter().fold(0u32, |v, &b| (v << 8) | u32::from(b));
                            if (lo..=hi).contains(&c) {
                                return l;
                            }
                        }
                    }
                }
                usize::from(lens.first().copied().unwrap_or(1)).max(1)
            }
        }
    }

    fn width(&self, code: u32) -> f32 {
        let w = &self.widths;
        if !w.ranges.is_empty() {
            let at = w.ranges.partition_point(|r| r.0 <= code);
            return w.ranges[..at]
                .iter()
                .rev()
                .take(8)
                .find(|r| r.1 >= code)
                .map_or(w.default, |r| r.2);
        }
        code.checked_sub(w.first)
            .and_then(|i| w.list.get(i as usize))
            .copied()
            .unwrap_or(w.default)
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn name_of(o: Option<&Object>) -> Vec<u8> {
    o.and_then(|o| o.as_name().ok())
        .unwrap_or_default()
        .to_vec()
}

/// The text of each byte of a simple font: its base encoding with the `Differences` applied.
fn simple_table(doc: &Document, dict: &Dictionary, subtype: &[u8]) -> Box<[Option<String>; 256]> {
    let encoding = dict.get(b"Encoding").ok().map(|o| resolve(doc, o));
    let (base, differences) = match encoding {
        Some(Object::Name(n)) => (Some(n.as_slice()), None),
        Some(Object::Dictionary(d)) => (
            d.get(b"BaseEncoding").ok().and_then(|o| o.as_name().ok()),
            d.get(b"Differences")
                .ok()
                .map(|o| resolve(doc, o))
                .and_then(|o| o.as_array().ok()),
        ),
        _ => (None, None),
    };
    let symbolic = {
        let base_font = name_of(dict.get(b"BaseFont").ok());
        base_font.ends_with(b"Symbol") || base_font.ends_with(b"Dingbats")
    };
    let base = match base {
        Some(b"WinAnsiEncoding") => &BASES.win_ansi,
        Some(b"MacRomanEncoding") => &BASES.mac_roman,
        Some(b"StandardEncoding") => &BASES.standard,
        // TrueType fonts without an encoding are drawn with their own cmap; WinAnsi is what
        // the programs that make them use.
        None if subtype == b"TrueType" => &BASES.win_ansi,
        _ => &BASES.standard,
    };
    let mut table: Box<[Option<String>; 256]> = Box::new(std::array::from_fn(|i| {
        if symbolic {
            None
        } else {
            base[i].map(String::from)
        }
    }));
    if let Some(items) = differences {
        let mut code = 0usize;
        for item in items.iter().take(4096) {
            match resolve(doc, item) {
                Object::Integer(c) => code = (*c).clamp(0, 255) as usize,
                Object::Name(name) => {
                    if code < 256 {
                        table[code] = glyph_text(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}

/// The four base encodings, each byte's character.
struct Bases {
    standard: [Option<char>; 256],
    win_ansi: [Option<char>; 256],
    mac_roman: [Option<char>; 256],
}

/// The tables come from lopdf's (a font dictionary with the encoding, read back byte by byte),
/// so they are written once, there.
static BASES: LazyLock<Bases> = LazyLock::new(|| {
    let table = |name: &str| -> [Option<char>; 256] {
        let doc = Document::new();
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Font".to_vec()));
        dict.set("Encoding", Object::Name(name.as_bytes().to_vec()));
        let Ok(enc) = dict.get_font_encoding(&doc) else {
            return [None; 256];
        };
        std::array::from_fn(|b| {
            enc.bytes_to_string(&[b as u8])
                .ok()
                .and_then(|s| s.chars().next())
        })
    };
    Bases {
        standard: table("StandardEncoding"),
        win_ansi: table("WinAnsiEncoding"),
        mac_roman: table("MacRomanEncoding"),
    }
});

/// The text of a glyph name: the Adobe Glyph List (through lopdf), `uniXXXX` and `uXXXX`
/// names, ligatures written `f_f_i`, and variants (`a.sc`) as their base.
pub fn glyph_text(name: &[u8]) -> Option<String> {
    static CACHE: LazyLock<std::sync::Mutex<HashMap<Vec<u8>, Option<String>>>> =
        LazyLock::new(Default::default);
    if let Some(known) = CACHE.lock().ok().and_then(|c| c.get(name).cloned()) {
        return known;
    }
    let text = glyph_text_uncached(name);
    if let Ok(mut c) = CACHE.lock()
        && c.len() < 10_000
    {
        c.insert(name.to_vec(), text.clone());
    }
    text
}

fn glyph_text_uncached(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(|p| glyph_text(p.as_bytes())).collect();
        return parts;
    }
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = (0..hex.len() / 4)
            .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
            .collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    // A dictionary whose Differences name the glyph, read through lopdf's glyph list.
    let doc = Document::new();
    let mut enc = Dictionary::new();
    enc.set("Type", Object::Name(b"Encoding".to_vec()));
    enc.set(
        "Differences",
        Object::Array(vec![
            Object::Integer(0),
            Object::Name(base.as_bytes().to_vec()),
        ]),
    );
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(enc));
    match font.get_font_encoding(&doc) {
        Ok(e @ lopdf::Encoding::Differences(_)) => {
            e.bytes_to_string(&[0]).ok().filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_become_text() {
        assert_eq!(glyph_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_text(b"fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(glyph_text(b"quoteright").as_deref(), Some("\u{2019}"));
        assert_eq!(glyph_text(b"uni00E9").as_deref(), Some("é"));
        assert_eq!(glyph_text(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_text(b"f_f_i").as_deref(), Some("ffi"));
        assert_eq!(glyph_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text(b"g123"), None);
    }

    #[test]
    fn base_encodings_are_read_from_the_library() {
        assert_eq!(BASES.win_ansi[0x93], Some('\u{201C}'));
        assert_eq!(BASES.standard[b'A' as usize], Some('A'));
        assert_eq!(BASES.mac_roman[0x8E], Some('é'));
    }
}
