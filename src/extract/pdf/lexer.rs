//! The tokens of PDF content streams and CMaps (PostScript-like syntax): numbers, names,
//! strings, arrays, dictionaries and operators. Read one at a time from the bytes, so a page of
//! millions of operators is never held as a list of objects (lopdf's `Content::decode` made
//! one, and 117 KB of text operators took 1.8 GB).

/// One token. Strings are decoded (escapes resolved, hex turned into bytes).
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Number(f32),
    Name(Vec<u8>),
    String(Vec<u8>),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    /// An operator or a keyword (`Tj`, `BT`, `beginbfchar`, `true`).
    Keyword(&'a [u8]),
}

pub struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, at: 0 }
    }

    /// The next token, or `None` at the end.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let b = *self.bytes.get(self.at)?;
            if is_space(b) {
                self.at += 1;
                continue;
            }
            if b == b'%' {
                while self.at < self.bytes.len() && !matches!(self.bytes[self.at], b'\n' | b'\r') {
                    self.at += 1;
                }
                continue;
            }
            return Some(match b {
                b'(' => {
                    self.at += 1;
                    Token::String(self.literal_string())
                }
                b'<' if self.bytes.get(self.at + 1) == Some(&b'<') => {
                    self.at += 2;
                    Token::DictStart
                }
                b'<' => {
                    self.at += 1;
                    Token::String(self.hex_string())
                }
                b'>' if self.bytes.get(self.at + 1) == Some(&b'>') => {
                    self.at += 2;
                    Token::DictEnd
                }
                b'[' => {
                    self.at += 1;
                    Token::ArrayStart
                }
                b']' => {
                    self.at += 1;
                    Token::ArrayEnd
                }
                b'/' => {
                    self.at += 1;
                    Token::Name(self.name())
                }
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
                _ if is_regular(b) => {
                    let from = self.at;
                    while self.at < self.bytes.len() && is_regular(self.bytes[self.at]) {
                        self.at += 1;
                    }
                    Token::Keyword(&self.bytes[from..self.at])
                }
                // A stray `)`, `>`, `{` or `}`: skipped.
                _ => {
                    self.at += 1;
                    continue;
                }
            });
        }
    }

    /// After an `ID` operator: skip an inline image's binary data up to its `EI` (preceded by
    /// white space, and followed by white space or the end).
    pub fn skip_inline_image(&mut self) {
        // One white-space byte follows `ID`.
        self.at += 1;
        while self.at + 1 < self.bytes.len() {
            if self.bytes[self.at] == b'E'
                && self.bytes[self.at + 1] == b'I'
                && self.at > 0
                && is_space(self.bytes[self.at - 1])
                && self.bytes.get(self.at + 2).is_none_or(|&b| is_space(b))
            {
                self.at += 2;
                return;
            }
            self.at += 1;
        }
        self.at = self.bytes.len();
    }

    fn number(&mut self) -> Token<'a> {
        let from = self.at;
        while self.at < self.bytes.len()
            && matches!(self.bytes[self.at], b'+' | b'-' | b'.' | b'0'..=b'9')
        {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.bytes[from..self.at]).unwrap_or("0");
        // Malformed numbers (`--5`, `1.2.3`) read as 0, as viewers do.
        let value = text.parse::<f32>().unwrap_or(0.0);
        Token::Number(if value.is_finite() { value } else { 0.0 })
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while self.at < self.bytes.len() && is_regular(self.bytes[self.at]) {
            let b = self.bytes[self.at];
            if b == b'#'
                && let (Some(h), Some(l)) = (
                    self.bytes.get(self.at + 1).and_then(|&c| hex_value(c)),
                    self.bytes.get(self.at + 2).and_then(|&c| hex_value(c)),
                )
            {
                out.push(h * 16 + l);
                self.at += 3;
                continue;
            }
            out.push(b);
            self.at += 1;
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_value(b) {
                match high.take() {
                    None => high = Some(v),
                    Some(h) => out.push(h * 16 + v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h * 16);
        }
        out
    }

    /// A `(...)` string after its opening parenthesis: balanced parentheses and escapes.
    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.bytes.get(self.at) else {
                        break;
                    };
                    self.at += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.bytes.get(self.at) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.at += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        // A backslash before a line end continues the string on the next line.
                        b'\r' => {
                            if self.bytes.get(self.at) == Some(&b'\n') {
                                self.at += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s.as_bytes());
        std::iter::from_fn(|| l.next_token()).collect()
    }

    #[test]
    fn tokens_of_a_content_stream() {
        let t = all("BT /F1 12 Tf [(A\\(b\\)) -250 <0041 42>] TJ % note\n(x\\101\\\ny) Tj ET");
        assert_eq!(
            t,
            vec![
                Token::Keyword(b"BT"),
                Token::Name(b"F1".to_vec()),
                Token::Number(12.0),
                Token::Keyword(b"Tf"),
                Token::ArrayStart,
                Token::String(b"A(b)".to_vec()),
                Token::Number(-250.0),
                Token::String(b"\0AB".to_vec()),
                Token::ArrayEnd,
                Token::Keyword(b"TJ"),
                Token::String(b"xAy".to_vec()),
                Token::Keyword(b"Tj"),
                Token::Keyword(b"ET"),
            ]
        );
    }

    #[test]
    fn inline_images_are_skipped_and_junk_never_stops_the_lexer() {
        let mut l = Lexer::new(b"BI /W 2 ID \x00EI\xffQ EI Q");
        let mut seen = Vec::new();
        while let Some(t) = l.next_token() {
            if t == Token::Keyword(b"ID") {
                l.skip_inline_image();
                continue;
            }
            seen.push(t);
        }
        assert_eq!(seen.last(), Some(&Token::Keyword(b"Q")));
        assert_eq!(all("--5 1.2.3 ) } (unterminated").len(), 3);
    }
}
