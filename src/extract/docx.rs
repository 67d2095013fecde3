//! Word (.docx) to text: the body's paragraphs and table cells in reading order, headings (from
//! paragraph styles) as Markdown headings, list and heading numbers rebuilt from the numbering
//! definitions, footnotes and endnotes after the body. Tracked changes are read as if accepted
//! (insertions in, deletions out) and noted; comments, headers and footers are left out
//! (headers and footers repeat on every page and are not contract terms).
//!
//! The zip is read with `zip`, the XML with `quick-xml`, each part under a size limit.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Extracted, MAX_TEXT_BYTES, Note};

/// Largest XML part read, and the largest expansion ratio allowed for it (a zip bomb packs
/// gigabytes into kilobytes; real Word XML compresses about 10:1).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
const MAX_RATIO: u64 = 200;

pub fn read(bytes: &[u8]) -> Result<Extracted, String> {
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Err(
            "is password-protected or an old .doc file (not a .docx package); open it in Word and save an unprotected .docx"
                .into(),
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("is not a Word document (not a readable zip: {e}); save it as .docx from Word")
    })?;
    // Nothing is ever extracted to disk, but a package with escaping entry names was made to
    // attack unzip tools and is refused rather than read.
    if let Some(bad) = zip.file_names().flatten().find(|n| {
        n.starts_with('/') || n.starts_with('\\') || n.split(['/', '\\']).any(|p| p == "..")
    }) {
        return Err(format!(
            "has a zip entry named `{bad}` that points outside the package; it is not a Word document as Word writes them"
        ));
    }
    let document = part(&mut zip, "word/document.xml")?.ok_or(
        "is a zip file but not a Word document (no word/document.xml); save it as .docx from Word",
    )?;
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let mut out = Writer {
        styles,
        numbering,
        ..Writer::default()
    };
    out.body(&document)?;
    for (name, label) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = part(&mut zip, name)? {
            out.notes(&xml, label)?;
        }
    }
    let mut notes = Vec::new();
    if out.insertions + out.deletions > 0 {
        notes.push(Note {
            id: "DOCX-CHANGES",
            message: format!(
                "the draft still has unaccepted tracked changes ({} insertion{}, {} deletion{}); it was read as if they were all accepted",
                out.insertions,
                if out.insertions == 1 { "" } else { "s" },
                out.deletions,
                if out.deletions == 1 { "" } else { "s" },
            ),
        });
    }
    Ok(Extracted {
        text: out.text,
        anchors: out.anchors,
        notes,
    })
}

/// One XML part of the package, or `None` when the package has no such part.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the Word file: {e}")),
    };
    let (size, packed) = (file.size(), file.compressed_size().max(1));
    if size > MAX_PART_BYTES || size / packed > MAX_RATIO {
        return Err(format!(
            "{name} expands to {size} bytes from {packed} (over the {MAX_PART_BYTES} byte or {MAX_RATIO}:1 limit); the file looks like a zip bomb"
        ));
    }
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name} in the Word file: {e}"))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(format!(
            "{name} is over the {MAX_PART_BYTES} byte limit; the file looks like a zip bomb"
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{name} in the Word file is not UTF-8 XML"))
}

/// The local name of an element (`w:p` -> `p`).
fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// The value of attribute `w:<name>` (matched by local name).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

fn xml_error(e: impl std::fmt::Display, pos: u64) -> String {
    format!("the Word XML is malformed near byte {pos}: {e}")
}

/// What a paragraph style gives its paragraphs: a heading level, and numbering (numId, ilvl).
type StyleInfo = (Option<usize>, Option<(String, usize)>);

/// Paragraph styles by style id.
#[derive(Default)]
struct Styles {
    map: HashMap<String, StyleInfo>,
}

impl Styles {
    fn parse(xml: &str) -> Result<Styles, String> {
        let mut reader = Reader::from_str(xml);
        let mut styles = Styles::default();
        let mut current: Option<String> = None;
        let (mut level, mut num_id, mut ilvl) = (None, None, 0usize);
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.buffer_position()))?;
            match event {
                Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                    "style" => {
                        current = attr(&e, "styleId");
                        (level, num_id, ilvl) = (None, None, 0);
                    }
                    "name" if current.is_some() => {
                        let name = attr(&e, "val").unwrap_or_default().to_lowercase();
                        if name == "title" {
                            level = Some(1);
                        } else if let Some(n) = name.strip_prefix("heading ") {
                            level = n.trim().parse().ok();
                        }
                    }
                    "outlineLvl" if current.is_some() => {
                        level = level.or_else(|| {
                            attr(&e, "val")
                                .and_then(|v| v.parse::<usize>().ok())
                                .filter(|&l| l < 9)
                                .map(|l| l + 1)
                        });
                    }
                    "numId" if current.is_some() => num_id = attr(&e, "val"),
                    "ilvl" if current.is_some() => {
                        ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "style" => {
                    if let Some(id) = current.take() {
                        styles
                            .map
                            .insert(id, (level, num_id.take().map(|n| (n, ilvl))));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(styles)
    }
}

/// List definitions: numId -> per level (format, text pattern such as `%1.%2.`, start).
#[derive(Default)]
struct Numbering {
    levels: HashMap<String, Vec<(String, String, usize)>>,
    /// Counters per numId and level, advanced as numbered paragraphs are met.
    counters: HashMap<String, [usize; 9]>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, String> {
        let mut reader = Reader::from_str(xml);
        let mut abstracts: HashMap<String, Vec<(String, String, usize)>> = HashMap::new();
        let mut nums: Vec<(String, String)> = Vec::new();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut lvl: Option<usize> = None;
        let (mut fmt, mut text, mut start) = (String::new(), String::new(), 1usize);
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.buffer_position()))?;
            match event {
                Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                    "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                    "lvl" => {
                        lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                        (fmt, text, start) = ("decimal".into(), String::new(), 1);
                    }
                    "numFmt" if lvl.is_some() => fmt = attr(&e, "val").unwrap_or_default(),
                    "lvlText" if lvl.is_some() => text = attr(&e, "val").unwrap_or_default(),
                    "start" if lvl.is_some() => {
                        start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)
                    }
                    "num" => num_id = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(a)) = (num_id.clone(), attr(&e, "val")) {
                            nums.push((n, a));
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some(l)) = (&abstract_id, lvl.take())
                            && l < 9
                        {
                            let levels = abstracts.entry(a.clone()).or_default();
                            if levels.len() <= l {
                                levels.resize(l + 1, ("decimal".into(), String::new(), 1));
                            }
                            levels[l] = (fmt.clone(), text.clone(), start);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        let levels = nums
            .into_iter()
            .filter_map(|(n, a)| abstracts.get(&a).map(|l| (n, l.clone())))
            .collect();
        Ok(Numbering {
            levels,
            counters: HashMap::new(),
        })
    }

    /// The label of the next paragraph numbered `(num_id, ilvl)`, e.g. `2.1.` or `(a)`.
    fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let levels = self.levels.get(num_id)?;
        let ilvl = ilvl.min(8);
        let counters = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        counters[ilvl] += 1;
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = 0;
        }
        let (fmt, pattern, _) = levels.get(ilvl)?;
        if fmt == "bullet" {
            return Some("•".into());
        }
        if fmt == "none" || pattern.is_empty() {
            return None;
        }
        let mut label = pattern.clone();
        for (l, (f, _, start)) in levels.iter().enumerate().take(ilvl + 1).rev() {
            let n = counters[l].max(1) + start - 1;
            label = label.replace(&format!("%{}", l + 1), &format_number(n, f));
        }
        Some(label)
    }
}

/// A list number in a Word number format.
fn format_number(n: usize, fmt: &str) -> String {
    match fmt {
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn letters(n: usize) -> String {
    let c = char::from(b'A' + ((n.max(1) - 1) % 26) as u8);
    c.to_string().repeat((n.max(1) - 1) / 26 + 1)
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Where a paragraph sits: the body (counted), or a footnote/endnote with its number.
enum Place<'a> {
    Body,
    Note(&'a str, &'a str),
}

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num: Option<(String, usize)>,
}

/// Builds the text: one paragraph per line, a blank line between paragraphs.
#[derive(Default)]
struct Writer {
    styles: Styles,
    numbering: Numbering,
    text: String,
    anchors: Vec<(usize, String)>,
    paragraphs: usize,
    insertions: usize,
    deletions: usize,
}

impl Writer {
    /// The paragraphs of a part, in document order; `note` names footnotes/endnotes.
    fn paragraphs(&mut self, xml: &str, note: Option<&str>) -> Result<(), String> {
        let mut reader = Reader::from_str(xml);
        // Paragraphs nest (a text box inside a paragraph): the innermost is written first.
        let mut stack: Vec<Para> = Vec::new();
        let (mut in_text, mut deleted, mut field_code) = (false, 0usize, 0usize);
        let mut note_no: Option<String> = None;
        let mut skip_note = false;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.buffer_position()))?;
            match event {
                Event::Start(e) => match local(&e).as_str() {
                    "p" => stack.push(Para::default()),
                    "t" => in_text = true,
                    "ins" | "moveTo" => self.insertions += 1,
                    "del" | "moveFrom" => {
                        self.deletions += 1;
                        deleted += 1;
                    }
                    "instrText" => field_code += 1,
                    "footnote" | "endnote" => {
                        let kind = attr(&e, "type").unwrap_or_default();
                        skip_note = kind.contains("eparator") || kind == "continuationNotice";
                        note_no = attr(&e, "id");
                    }
                    _ => self.property(&e, &mut stack),
                },
                Event::Empty(e) => match local(&e).as_str() {
                    "tab" if !stack.is_empty() && deleted == 0 => push(&mut stack, "\t"),
                    "br" | "cr" if deleted == 0 => push(&mut stack, "\n"),
                    "noBreakHyphen" if deleted == 0 => push(&mut stack, "-"),
                    "footnoteReference" | "endnoteReference" if deleted == 0 => push(
                        &mut stack,
                        &format!("[{}]", attr(&e, "id").unwrap_or_default()),
                    ),
                    _ => self.property(&e, &mut stack),
                },
                Event::Text(t) if in_text && deleted == 0 && field_code == 0 => {
                    push(&mut stack, &t.xml10_content());
                }
                Event::GeneralRef(r) if in_text && deleted == 0 && field_code == 0 => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(c) = c {
                        push(&mut stack, c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                    "instrText" => field_code = field_code.saturating_sub(1),
                    "p" => {
                        if let Some(p) = stack.pop()
                            && !skip_note
                        {
                            let place = match (note, &note_no) {
                                (Some(kind), Some(n)) => Place::Note(kind, n),
                                _ => Place::Body,
                            };
                            self.write(p, place)?;
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Paragraph properties: style and direct numbering.
    fn property(&self, e: &BytesStart, stack: &mut [Para]) {
        let Some(p) = stack.last_mut() else { return };
        match local(e).as_str() {
            "pStyle" => p.style = attr(e, "val"),
            "numId" => {
                let id = attr(e, "val").unwrap_or_default();
                let ilvl = p.num.as_ref().map_or(0, |n| n.1);
                p.num = Some((id, ilvl));
            }
            "ilvl" => {
                let l = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                match &mut p.num {
                    Some(n) => n.1 = l,
                    None => p.num = Some((String::new(), l)),
                }
            }
            _ => {}
        }
    }

    /// Write one finished paragraph (empty ones are skipped and not counted).
    fn write(&mut self, p: Para, place: Place) -> Result<(), String> {
        let body = p.text.trim();
        if body.is_empty() {
            return Ok(());
        }
        let (place, note) = match place {
            Place::Body => {
                self.paragraphs += 1;
                (format!("paragraph {}", self.paragraphs), None)
            }
            Place::Note(kind, n) => (format!("{kind} {n}"), Some(n)),
        };
        let (level, style_num) = p
            .style
            .as_ref()
            .and_then(|s| self.styles.map.get(s))
            .cloned()
            .unwrap_or_default();
        let num = match p.num {
            // numId 0 switches numbering off, even a style's.
            Some((id, _)) if id == "0" => None,
            Some((id, l)) if !id.is_empty() => Some((id, l)),
            Some((_, l)) => style_num.map(|(id, _)| (id, l)),
            None => style_num,
        };
        let label = num.and_then(|(id, l)| self.numbering.next(&id, l));
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.anchors.push((self.text.len(), place));
        if let Some(level) = level {
            self.text.push_str(&"#".repeat(level.clamp(1, 6)));
            self.text.push(' ');
        }
        if let Some(n) = note {
            self.text.push_str(&format!("[{n}] "));
        }
        if let Some(label) = label {
            self.text.push_str(&label);
            self.text.push(' ');
        }
        self.text.push_str(body);
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(format!(
                "its text is over the {MAX_TEXT_BYTES} byte limit for a contract"
            ));
        }
        Ok(())
    }

    fn body(&mut self, xml: &str) -> Result<(), String> {
        self.paragraphs(xml, None)
    }

    fn notes(&mut self, xml: &str, kind: &str) -> Result<(), String> {
        let before = self.text.len();
        let heading = if kind == "footnote" {
            "Footnotes"
        } else {
            "Endnotes"
        };
        self.text.push_str(&format!("\n\n## {heading}"));
        let mark = self.text.len();
        self.paragraphs(xml, Some(kind))?;
        if self.text.len() == mark {
            self.text.truncate(before);
        }
        Ok(())
    }
}

fn push(stack: &mut [Para], s: &str) {
    if let Some(p) = stack.last_mut() {
        p.text.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(7, "decimal"), "7");
    }
}
