//! ToUnicode CMaps (and the code space of embedded encoding CMaps): which text each character
//! code stands for. Ranges are kept as ranges: a 1.2 KB file whose CMap maps
//! `<00000000> <FFFFFFFF>` was expanded code by code by the library reader and took 16 GB.

use std::collections::HashMap;

use super::lexer::{Lexer, Token};

/// Most `bfchar` entries and `bfrange` ranges one CMap may hold (a full Unicode font needs a few
/// thousand).
pub const MAX_ENTRIES: usize = 100_000;

/// A range of codes mapped to consecutive text, or to a list of texts.
#[derive(Debug, Clone)]
struct Range {
    len: u8,
    lo: u32,
    hi: u32,
    target: Target,
}

#[derive(Debug, Clone)]
enum Target {
    /// UTF-16 of the first code's text; each next code adds one to the last unit.
    Base(Vec<u16>),
    /// One text per code, from `lo`.
    List(Vec<String>),
}

/// A parsed CMap.
#[derive(Debug, Default, Clone)]
pub struct CMap {
    chars: HashMap<(u8, u32), String>,
    /// Sorted by `(len, lo)`.
    ranges: Vec<Range>,
    /// `(len, lo, hi)` of each code space range, for reading codes of mixed length.
    pub codespace: Vec<(u8, u32, u32)>,
}

/// UTF-16BE bytes as text (lone surrogates replaced).
pub fn utf16be(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.len() as u8,
        bytes.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b)),
    ))
}

impl CMap {
    /// Parse a CMap; `Err` names the limit when it holds too many entries.
    pub fn parse(bytes: &[u8]) -> Result<CMap, String> {
        let mut map = CMap::default();
        let mut lexer = Lexer::new(bytes);
        // The hex strings (and arrays of them) since the last keyword.
        let mut operands: Vec<Token> = Vec::new();
        let mut section: &[u8] = b"";
        let mut entries = 0usize;
        while let Some(token) = lexer.next_token() {
            match token {
                Token::Keyword(k) => {
                    match k {
                        b"begincodespacerange"
                        | b"beginbfchar"
                        | b"beginbfrange"
                        | b"begincidrange"
                        | b"begincidchar" => section = k,
                        b"endcodespacerange" | b"endbfchar" | b"endbfrange" | b"endcidrange"
                        | b"endcidchar" => section = b"",
                        _ => {}
                    }
                    operands.clear();
                }
                Token::ArrayStart if section == b"beginbfrange" => {
                    let mut items = Vec::new();
                    while let Some(t) = lexer.next_token() {
                        match t {
                            Token::String(s) if items.len() < MAX_ENTRIES => {
                                items.push(utf16be(&s));
                            }
                            Token::ArrayEnd | Token::Keyword(_) => break,
                            _ => {}
                        }
                    }
                    if let [Token::String(lo), Token::String(hi)] = &operands[..] {
                        map.add_range(lo, hi, Target::List(items));
                        entries += 1;
                    }
                    operands.clear();
                }
                Token::String(_) | Token::Number(_) => {
                    operands.push(token);
                    let done = match section {
                        b"begincodespacerange" => {
                            if let [Token::String(lo), Token::String(hi)] = &operands[..]
                                && let (Some((len, lo)), Some((_, hi))) = (code_of(lo), code_of(hi))
                            {
                                map.codespace.push((len, lo, hi));
                            }
                            operands.len() == 2
                        }
                        b"beginbfchar" => {
                            if let [Token::String(src), Token::String(dst)] = &operands[..]
                                && let Some(code) = code_of(src)
                            {
                                map.chars.insert(code, utf16be(dst));
                                entries += 1;
                            }
                            operands.len() == 2
                        }
                        b"beginbfrange" => {
                            if let [Token::String(lo), Token::String(hi), Token::String(dst)] =
                                &operands[..]
                            {
                                let units = utf16be_units(dst);
                                map.add_range(lo, hi, Target::Base(units));
                                entries += 1;
                            }
                            operands.len() == 3
                        }
                        _ => operands.len() > 3,
                    };
                    if done {
                        operands.clear();
                    }
                }
                _ => operands.clear(),
            }
            if entries > MAX_ENTRIES {
                return Err(format!(
                    "a font's Unicode map has more than {MAX_ENTRIES} entries (the limit for one font)"
                ));
            }
        }
        map.ranges.sort_by_key(|r| (r.len, r.lo));
        Ok(map)
    }

    fn add_range(&mut self, lo: &[u8], hi: &[u8], target: Target) {
        if let (Some((len, lo)), Some((hlen, hi))) = (code_of(lo), code_of(hi))
            && len == hlen
            && lo <= hi
        {
            self.ranges.push(Range {
                len,
                lo,
                hi,
                target,
            });
        }
    }

    /// The text of code `code` of `len` bytes, if the CMap maps it.
    pub fn get(&self, len: u8, code: u32) -> Option<String> {
        if let Some(s) = self.chars.get(&(len, code)) {
            return Some(s.clone());
        }
        // The last range starting at or before the code; earlier ones may overlap it too.
        let end = self
            .ranges
            .partition_point(|r| (r.len, r.lo) <= (len, code));
        self.ranges[..end]
            .iter()
            .rev()
            .take_while(|r| r.len == len)
            .find(|r| r.hi >= code)
            .and_then(|r| {
                let offset = code - r.lo;
                match &r.target {
                    Target::List(items) => items.get(offset as usize).cloned(),
                    Target::Base(units) => {
                        let mut units = units.clone();
                        let last = units.last_mut()?;
                        *last = last.wrapping_add(offset as u16);
                        Some(String::from_utf16_lossy(&units))
                    }
                }
            })
    }

    /// Whether the CMap maps anything.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }

    /// The byte lengths its codes may have (from the code space, else from its entries).
    pub fn code_lengths(&self) -> Vec<u8> {
        let mut lens: Vec<u8> = self.codespace.iter().map(|c| c.0).collect();
        if lens.is_empty() {
            lens.extend(self.chars.keys().map(|k| k.0));
            lens.extend(self.ranges.iter().map(|r| r.len));
        }
        lens.sort_unstable();
        lens.dedup();
        lens
    }
}

fn utf16be_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_ranges_and_lists_map_codes_to_text() {
        let cmap = CMap::parse(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0012> <00660069> endbfchar\n\
              2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0078> <0079>] endbfrange",
        )
        .unwrap();
        assert_eq!(cmap.get(2, 3).as_deref(), Some(" "));
        assert_eq!(cmap.get(2, 0x12).as_deref(), Some("fi"));
        assert_eq!(cmap.get(2, 0x25).as_deref(), Some("B"));
        assert_eq!(cmap.get(2, 0x31).as_deref(), Some("y"));
        assert_eq!(cmap.get(2, 0x27), None);
        assert_eq!(cmap.get(1, 0x25), None);
        assert_eq!(cmap.code_lengths(), vec![2]);
    }

    #[test]
    fn a_range_over_every_code_is_kept_as_one_range() {
        // The library reader expanded this code by code (16 GB).
        let cmap = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange").unwrap();
        assert_eq!(cmap.get(4, 0).as_deref(), Some("A"));
        assert_eq!(cmap.get(4, 1).as_deref(), Some("B"));
        assert!(cmap.get(4, 0xFFFF_FFFF).is_some());
    }

    #[test]
    fn too_many_entries_is_a_limit_not_a_memory_blow_up() {
        let mut text = b"1 beginbfchar ".to_vec();
        for i in 0..=MAX_ENTRIES as u32 {
            text.extend(format!("<{i:08X}> <0041>\n").as_bytes());
        }
        assert!(CMap::parse(&text).unwrap_err().contains("entries"));
    }
}
