//! YAML reading with source positions.
//!
//! serde_yaml (archived upstream) drops positions once a value is parsed, and stops at the first
//! error. We read the file with yaml-rust2's event parser instead, build a `serde_json::Value`
//! (YAML 1.2 core schema: `no` stays a string, dates stay strings) and, beside it, a map from
//! every JSON pointer to the byte span of its value and of its key. Validation then works on
//! the value and reports each problem at the exact place it sits in the file. This module is the
//! only one that knows the YAML library.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Nodes a document may expand to, aliases included: a guard against alias ("billion laughs")
/// bombs. Real engagement files have a few hundred nodes.
pub const MAX_NODES: usize = 200_000;
/// Nesting depth allowed; real files are under 8 deep.
pub const MAX_DEPTH: usize = 64;

/// Byte spans of one value and, for a mapping entry, of its key.
#[derive(Debug, Clone, Copy, Default)]
pub struct Spans {
    pub value: (usize, usize),
    pub key: Option<(usize, usize)>,
    /// True for a mapping or a list (whose span runs over many lines).
    pub container: bool,
}

/// JSON pointer (RFC 6901) -> spans in the source.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    spans: HashMap<String, Spans>,
    /// Where the document itself is shown: its first key (the root mapping's own start marker
    /// sits after the first key, which reads badly).
    root: (usize, usize),
}

impl SourceMap {
    pub fn get(&self, pointer: &str) -> Option<Spans> {
        self.spans.get(pointer).copied()
    }

    /// The span that best shows `pointer`: its value, or the nearest ancestor that exists.
    pub fn value_span(&self, pointer: &str) -> (usize, usize) {
        if pointer.is_empty() {
            return self.root;
        }
        let mut p = pointer;
        loop {
            if let Some(s) = self.spans.get(p) {
                return s.value;
            }
            match p.rfind('/') {
                Some(0) | None => return self.root,
                Some(i) => p = &p[..i],
            }
        }
    }

    /// The span a finding about `pointer` is best shown at: a scalar's own text; for a mapping
    /// or list, its key, or else its first line (a whole block would flood the snippet).
    pub fn finding_span(&self, text: &str, pointer: &str) -> (usize, usize) {
        match self.spans.get(pointer) {
            Some(Spans {
                key: Some(k),
                container: true,
                ..
            }) => *k,
            Some(Spans {
                value: (s, e),
                container: true,
                ..
            }) => {
                let line_end = text[*s..].find('\n').map_or(text.len(), |i| s + i);
                (*s, (*e).min(line_end))
            }
            _ => self.value_span(pointer),
        }
    }

    /// The span of the key that introduces `pointer` (falls back to its value).
    pub fn key_span(&self, pointer: &str) -> (usize, usize) {
        match self.spans.get(pointer) {
            Some(Spans { key: Some(k), .. }) => *k,
            _ => self.value_span(pointer),
        }
    }
}

/// A problem found while reading the YAML text itself.
#[derive(Debug, Clone)]
pub struct YamlProblem {
    pub span: (usize, usize),
    pub message: String,
    pub kind: YamlProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlProblemKind {
    Syntax,
    DuplicateKey,
    Limit,
}

/// The parsed document: `None` when the text is not YAML at all.
pub struct Parsed {
    pub value: Option<Value>,
    pub map: SourceMap,
    pub problems: Vec<YamlProblem>,
}

/// Escape one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Parse `text` into a JSON value with positions. Never panics on any input.
///
/// The events are pulled one at a time rather than through yaml-rust2's `Parser::load`, which
/// recurses once per nesting level: a block list nested a few thousand deep (`- - - - x`, ten
/// kilobytes) overflowed the stack before the depth limit below was ever checked. Pulling
/// them keeps the depth on our own stack of frames, which stops at [`MAX_DEPTH`]. A byte-order
/// mark (Windows editors write one) is skipped, with positions still counted in the file.
pub fn parse(text: &str) -> Parsed {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut builder = Builder::new(text, bom);
    let mut parser = Parser::new_from_str(&text[bom..]);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => {
                builder.on_event(event, mark);
                if builder.aborted {
                    break;
                }
            }
            Err(e) => {
                let at = builder.byte(e.marker());
                builder.problems.push(YamlProblem {
                    span: (at, next_char_end(text, at)),
                    message: format!("YAML syntax error: {}", e.info()),
                    kind: YamlProblemKind::Syntax,
                });
                return Parsed {
                    value: None,
                    map: builder.map,
                    problems: builder.problems,
                };
            }
        }
    }
    if builder.aborted {
        return Parsed {
            value: None,
            map: builder.map,
            problems: builder.problems,
        };
    }
    Parsed {
        value: builder.root.take(),
        map: builder.map,
        problems: builder.problems,
    }
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8())
}

enum Frame {
    Seq {
        items: Vec<Value>,
        pointer: String,
        start: usize,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        pointer: String,
        start: usize,
        anchor: usize,
        key: Option<(String, (usize, usize))>,
    },
}

struct Builder<'a> {
    text: &'a str,
    /// yaml-rust2 counts chars, not bytes. After each character of more than one byte: the
    /// char index and the byte offset of the next character (empty for ASCII text). A char
    /// index then maps to bytes from the last entry at or before it; a table of every char's
    /// offset was 8 bytes a character, 423 KB for the built-in outsourcing policy.
    wide_chars: Vec<(usize, usize)>,
    /// Bytes before the parsed text (a byte-order mark): added to every position.
    base: usize,
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, Value>,
    map: SourceMap,
    problems: Vec<YamlProblem>,
    nodes: usize,
    aborted: bool,
    docs: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let wide_chars = text[base..]
            .char_indices()
            .enumerate()
            .filter(|(_, (_, c))| !c.is_ascii())
            .map(|(n, (at, c))| (n + 1, at + c.len_utf8()))
            .collect();
        Builder {
            text,
            wide_chars,
            base,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            map: SourceMap::default(),
            problems: Vec::new(),
            nodes: 0,
            aborted: false,
            docs: 0,
        }
    }

    fn byte(&self, m: &Marker) -> usize {
        let chars = m.index();
        let after = self.wide_chars.partition_point(|&(n, _)| n <= chars);
        let bytes = match after.checked_sub(1) {
            None => chars,
            Some(k) => self.wide_chars[k].1 + (chars - self.wide_chars[k].0),
        };
        (self.base + bytes).min(self.text.len())
    }

    /// The pointer a new node gets, and whether it is a mapping key (not a value).
    fn next_pointer(&self) -> (String, bool) {
        match self.stack.last() {
            None => (String::new(), false),
            Some(Frame::Seq { items, pointer, .. }) => {
                (format!("{pointer}/{}", items.len()), false)
            }
            Some(Frame::Map { pointer, key, .. }) => match key {
                None => (String::new(), true),
                Some((k, _)) => (format!("{pointer}/{}", escape(k)), false),
            },
        }
    }

    fn limit(&mut self, at: usize, message: String) {
        if !self.aborted {
            self.problems.push(YamlProblem {
                span: (at, next_char_end(self.text, at)),
                message,
                kind: YamlProblemKind::Limit,
            });
        }
        self.aborted = true;
    }

    /// Attach a finished node to its parent (or make it the root).
    fn attach(&mut self, value: Value, pointer: String, span: (usize, usize), anchor: usize) {
        if self.aborted {
            return;
        }
        self.nodes += count_nodes(&value, MAX_NODES);
        if self.nodes > MAX_NODES {
            self.limit(
                span.0,
                format!("document expands to more than {MAX_NODES} values (YAML aliases nested too deep?)"),
            );
            return;
        }
        if anchor > 0 {
            self.anchors.insert(anchor, value.clone());
        }
        let key_span = match self.stack.last() {
            Some(Frame::Map {
                key: Some((_, ks)), ..
            }) => Some(*ks),
            _ => None,
        };
        // The first occurrence of a duplicated key wins, for its value and its spans alike.
        let container = value.is_object() || value.is_array();
        self.map.spans.entry(pointer).or_insert(Spans {
            value: span,
            key: key_span,
            container,
        });
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some((k, _)) = key.take() {
                    map.entry(k).or_insert(value);
                }
            }
        }
    }

    /// Record a mapping key, reporting duplicates.
    fn take_key(&mut self, key: String, span: (usize, usize)) {
        if self.stack.len() == 1 && self.map.root == (0, 0) {
            self.map.root = span;
        }
        if let Some(Frame::Map {
            map,
            key: slot,
            pointer,
            ..
        }) = self.stack.last_mut()
        {
            if map.contains_key(&key) {
                let first = self
                    .map
                    .spans
                    .get(&format!("{pointer}/{}", escape(&key)))
                    .and_then(|s| s.key)
                    .map(|k| k.0);
                let first_line = first.map(|b| self.text[..b].matches('\n').count() + 1);
                self.problems.push(YamlProblem {
                    span,
                    message: match first_line {
                        Some(l) => format!("duplicate key `{key}` (first given on line {l}); the later value would silently win"),
                        None => format!("duplicate key `{key}`"),
                    },
                    kind: YamlProblemKind::DuplicateKey,
                });
            }
            *slot = Some((key, span));
        }
    }

    /// End of a scalar that starts at `start`: the source text it occupies.
    fn scalar_end(&self, start: usize, value: &str, style: TScalarStyle) -> usize {
        let rest = &self.text[start.min(self.text.len())..];
        match style {
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => {
                let quote = if style == TScalarStyle::SingleQuoted {
                    '\''
                } else {
                    '"'
                };
                let mut chars = rest.char_indices().skip(1);
                while let Some((i, c)) = chars.next() {
                    if c == '\\' && quote == '"' {
                        chars.next();
                    } else if c == quote {
                        if quote == '\'' && rest[i + 1..].starts_with('\'') {
                            chars.next();
                            continue;
                        }
                        return start + i + 1;
                    }
                }
                start + rest.len()
            }
            TScalarStyle::Plain if !value.contains('\n') && rest.starts_with(value) => {
                start + value.len()
            }
            _ => start + rest.find('\n').unwrap_or(rest.len()),
        }
    }
}

/// Count the values in `v`, stopping early past `cap`.
fn count_nodes(v: &Value, cap: usize) -> usize {
    let mut n = 0;
    let mut todo = vec![v];
    while let Some(v) = todo.pop() {
        n += 1;
        if n > cap {
            break;
        }
        match v {
            Value::Array(a) => todo.extend(a.iter()),
            Value::Object(o) => todo.extend(o.values()),
            _ => {}
        }
    }
    n
}

impl Builder<'_> {
    /// Take one parser event: build the value and record where it sits.
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.aborted {
            return;
        }
        let at = self.byte(&mark);
        match ev {
            Event::DocumentStart => {
                self.docs += 1;
                if self.docs > 1 {
                    self.problems.push(YamlProblem {
                        span: (at, next_char_end(self.text, at)),
                        message: "a second YAML document (`---`) in the same file; keep one engagement per file".into(),
                        kind: YamlProblemKind::Syntax,
                    });
                    self.aborted = true;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let (pointer, is_key) = self.next_pointer();
                // An empty value (`title:`) has no text of its own: its marker is already on the
                // next token, so show it at its key instead.
                let (at, end) = match self.stack.last() {
                    Some(Frame::Map {
                        key: Some((_, ks)), ..
                    }) if text.is_empty() && style == TScalarStyle::Plain => *ks,
                    _ => (at, self.scalar_end(at, &text, style)),
                };
                if is_key {
                    self.take_key(text, (at, end));
                    return;
                }
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == TScalarStyle::Plain && !forced_string {
                    resolve_plain(&text)
                } else {
                    Value::String(text)
                };
                self.attach(value, pointer, (at, end), anchor);
            }
            Event::Alias(id) => {
                let (pointer, is_key) = self.next_pointer();
                let value = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
                let end = next_char_end(self.text, at);
                if is_key {
                    let key = match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    self.take_key(key, (at, end));
                } else {
                    self.attach(value, pointer, (at, end), 0);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let (pointer, is_key) = self.next_pointer();
                if is_key {
                    self.problems.push(YamlProblem {
                        span: (at, next_char_end(self.text, at)),
                        message:
                            "a list or mapping used as a mapping key; keys must be plain names"
                                .into(),
                        kind: YamlProblemKind::Syntax,
                    });
                    self.aborted = true;
                    return;
                }
                if self.stack.len() >= MAX_DEPTH {
                    self.limit(at, format!("nesting deeper than {MAX_DEPTH} levels"));
                    return;
                }
                let is_seq = matches!(ev, Event::SequenceStart(..));
                self.stack.push(if is_seq {
                    Frame::Seq {
                        items: Vec::new(),
                        pointer,
                        start: at,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        pointer,
                        start: at,
                        anchor,
                        key: None,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return;
                };
                let (value, pointer, start, anchor) = match frame {
                    Frame::Seq {
                        items,
                        pointer,
                        start,
                        anchor,
                    } => (Value::Array(items), pointer, start, anchor),
                    Frame::Map {
                        map,
                        pointer,
                        start,
                        anchor,
                        ..
                    } => (Value::Object(map), pointer, start, anchor),
                };
                let end = at.max(start);
                self.attach(value, pointer, (start, end), anchor);
            }
            _ => {}
        }
    }
}

/// YAML 1.2 core schema resolution of a plain scalar.
fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            return Value::String(s.to_string());
        }
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = s.parse::<i64>()
    {
        return Value::Number(i.into());
    }
    if let Some(hex) = s.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Value::Number(i.into());
    }
    if let Some(oct) = s.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Value::Number(i.into());
    }
    let looks_float = digits
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float && let Some(n) = s.parse::<f64>().ok().and_then(Number::from_f64) {
        return Value::Number(n);
    }
    Value::String(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_values_and_keys() {
        let text = "a:\n  b: 12\n  c: [x, \"y z\"]\n";
        let p = parse(text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let v = p.value.unwrap();
        assert_eq!(v["a"]["b"], 12);
        let s = p.map.get("/a/c/1").unwrap();
        assert_eq!(&text[s.value.0..s.value.1], "\"y z\"");
        let b = p.map.get("/a/b").unwrap();
        assert_eq!(&text[b.key.unwrap().0..b.key.unwrap().1], "b");
    }

    #[test]
    fn core_schema_keeps_dates_and_no_as_strings() {
        let v = parse("d: 2025-02-03\nc: NO\nt: 09:00\nf: 1.5\nn: ~\n")
            .value
            .unwrap();
        assert_eq!(v["d"], "2025-02-03");
        assert_eq!(v["c"], "NO");
        assert_eq!(v["t"], "09:00");
        assert_eq!(v["f"], 1.5);
        assert!(v["n"].is_null());
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "name: Łódź Café\nx: 1\nwide: \"€ 5 — 𝄞\"\ny: \"ü\"\n";
        let p = parse(text);
        let s = p.map.get("/x").unwrap();
        assert_eq!(&text[s.value.0..s.value.1], "1");
        let w = p.map.get("/wide").unwrap();
        assert_eq!(&text[w.value.0..w.value.1], "\"€ 5 — 𝄞\"");
        assert_eq!(&text[w.key.unwrap().0..w.key.unwrap().1], "wide");
        let y = p.map.get("/y").unwrap();
        assert_eq!(&text[y.value.0..y.value.1], "\"ü\"");
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_are_reported() {
        let p = parse("a: 1\na: 2\n");
        assert_eq!(p.problems[0].kind, YamlProblemKind::DuplicateKey);
        assert_eq!(p.value.unwrap()["a"], 1);
        let p = parse("a: [1, 2\n");
        assert_eq!(p.problems[0].kind, YamlProblemKind::Syntax);
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let p = parse(&text);
        assert!(p.value.is_none());
        assert_eq!(p.problems[0].kind, YamlProblemKind::Limit);
    }

    #[test]
    fn block_nesting_stops_at_the_limit_without_recursing() {
        // yaml-rust2's own loader recursed once per level and overflowed the stack here.
        let text = format!("engagement:\n{}x\n", "- ".repeat(50_000));
        let p = parse(&text);
        assert!(p.value.is_none());
        assert_eq!(p.problems[0].kind, YamlProblemKind::Limit);
        assert!(p.problems[0].message.contains("nesting deeper than 64"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_positions_stay_in_the_file() {
        let text = "\u{FEFF}schema_version: 1\nname: x\n";
        let p = parse(text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let v = p.value.unwrap();
        assert_eq!(v["schema_version"], 1);
        let s = p.map.get("/name").unwrap();
        assert_eq!(&text[s.value.0..s.value.1], "x");
        let k = p.map.get("/schema_version").unwrap().key.unwrap();
        assert_eq!(&text[k.0..k.1], "schema_version");
    }

    #[test]
    fn a_second_document_is_reported() {
        let p = parse("a: 1\n---\nb: 2\n");
        assert!(p.value.is_none());
        assert!(
            p.problems[0].message.contains("second YAML document"),
            "{:?}",
            p.problems
        );
    }
}
