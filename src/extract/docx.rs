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
    read_with_layout(bytes).map(|(extracted, _)| extracted)
}

/// Where a body paragraph of the text sits in `word/document.xml`, for editing the document
/// (the redline) at places the text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlParagraph {
    /// Byte offsets in the text where the paragraph's line starts and ends.
    pub text_at: usize,
    pub text_end: usize,
    /// Bytes of the whole `<w:p>...</w:p>` element in `word/document.xml`.
    pub xml: (usize, usize),
    /// A direct child of `<w:body>` (not in a table, text box or content control), where a
    /// new paragraph may be put beside it.
    pub body_level: bool,
}

/// The body paragraphs of the text in `word/document.xml`, in text order.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub paragraphs: Vec<XmlParagraph>,
    /// Where content added at the end of the body goes: before the body's own section
    /// properties, or its closing tag.
    pub body_end: usize,
    /// The document's style for a first-level heading, if it has one.
    pub heading_style: Option<String>,
}

/// [`read`], and where each body paragraph of the text is in the XML.
pub fn read_with_layout(bytes: &[u8]) -> Result<(Extracted, Layout), String> {
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
    // Two entries of one name: which one a reader takes is up to the reader (the last, here;
    // Word refuses the file), so what vendorkit checked could differ from what Word shows.
    let mut lower: Vec<String> = zip
        .file_names()
        .flatten()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    lower.sort();
    let twice = lower
        .windows(2)
        .find(|w| w[0] == w[1])
        .map(|w| w[0].clone());
    if let Some(name) = twice.or_else(|| zip.has_duplicate_names().then(|| "an entry".into())) {
        return Err(format!(
            "has two zip entries named `{name}`; Word refuses such a file and readers disagree on which one counts: save it again from Word"
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
    let note_formats = match part(&mut zip, "word/settings.xml")? {
        Some(xml) => NoteFormats::parse(&xml)?,
        None => NoteFormats::default(),
    };
    let mut out = Writer {
        styles,
        numbering,
        note_formats,
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
    let mut level_one: Vec<&String> = out
        .styles
        .map
        .iter()
        .filter(|(_, (level, _))| *level == Some(1))
        .map(|(id, _)| id)
        .collect();
    level_one.sort_by_key(|id| (id.as_str() != "Heading1", id.as_str()));
    let layout = Layout {
        heading_style: level_one.first().map(|s| s.to_string()),
        paragraphs: std::mem::take(&mut out.layout),
        body_end: out.body_end.unwrap_or(document.len()),
    };
    Ok((
        Extracted {
            text: out.text,
            anchors: out.anchors,
            notes,
        },
        layout,
    ))
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
            // `start` comes from the file: a start near 2^64 must neither wrap nor overflow.
            let n = counters[l].max(1).saturating_add(*start).saturating_sub(1);
            label = label.replace(&format!("%{}", l + 1), &format_number(n, f));
        }
        // A level's text is the file's own too; a label is a few characters in real lists.
        if label.len() > MAX_LABEL_BYTES {
            label.truncate(crate::source::floor_boundary(&label, MAX_LABEL_BYTES));
        }
        Some(label)
    }
}

/// Longest list label kept (real labels are `12.3.4.` or `(iv)`).
const MAX_LABEL_BYTES: usize = 64;

/// A list number in a Word number format. Letters repeat (`aa`, `bbb`) and Roman numerals
/// grow with the number, so a list that starts at a huge number (a 643-byte file started one at
/// 999,999,999,999,999 and asked for letters) is numbered in digits past what a real list
/// reaches, as Word itself does past its limits.
fn format_number(n: usize, fmt: &str) -> String {
    const MAX_LETTERS: usize = 26 * 4;
    const MAX_ROMAN: usize = 3_999;
    match fmt {
        "lowerLetter" if n <= MAX_LETTERS => letters(n).to_lowercase(),
        "upperLetter" if n <= MAX_LETTERS => letters(n),
        "lowerRoman" if n <= MAX_ROMAN => roman(n).to_lowercase(),
        "upperRoman" if n <= MAX_ROMAN => roman(n),
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

/// How notes are numbered: `(format, start)` for footnotes and endnotes. Word's defaults are
/// 1, 2, 3 for footnotes and i, ii, iii for endnotes.
struct NoteFormats {
    footnote: (String, usize),
    endnote: (String, usize),
}

impl Default for NoteFormats {
    fn default() -> Self {
        NoteFormats {
            footnote: ("decimal".into(), 1),
            endnote: ("lowerRoman".into(), 1),
        }
    }
}

impl NoteFormats {
    /// The `w:footnotePr` and `w:endnotePr` of `settings.xml`.
    fn parse(xml: &str) -> Result<NoteFormats, String> {
        let mut reader = Reader::from_str(xml);
        let mut out = NoteFormats::default();
        let mut inside: Option<bool> = None; // Some(true): endnotePr
        loop {
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.buffer_position()))?;
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local(&e);
                    let slot = match inside {
                        Some(true) => &mut out.endnote,
                        Some(false) => &mut out.footnote,
                        None => {
                            if name == "footnotePr" || name == "endnotePr" {
                                inside = Some(name == "endnotePr");
                            }
                            continue;
                        }
                    };
                    match name.as_str() {
                        "numFmt" => {
                            if let Some(v) = attr(&e, "val") {
                                slot.0 = v;
                            }
                        }
                        "numStart" => {
                            slot.1 = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)
                        }
                        _ => {}
                    }
                }
                Event::End(e) if matches!(e.local_name().as_ref(), "footnotePr" | "endnotePr") => {
                    inside = None
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }
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
    /// Where its `<w:p` starts in the part, and whether it is a direct child of the body.
    xml_start: usize,
    body_level: bool,
}

/// Builds the text: one paragraph per line, a blank line between paragraphs.
#[derive(Default)]
struct Writer {
    styles: Styles,
    numbering: Numbering,
    /// How footnotes and endnotes are numbered (`settings.xml`).
    note_formats: NoteFormats,
    /// The number shown for each footnote and endnote, by `(kind, id)`: notes are numbered in
    /// the order the body refers to them, whatever ids Word gave them.
    note_labels: HashMap<(String, String), String>,
    footnotes_seen: usize,
    endnotes_seen: usize,
    text: String,
    anchors: Vec<(usize, String)>,
    paragraphs: usize,
    insertions: usize,
    deletions: usize,
    /// Body paragraphs in the XML, and where the body's content ends.
    layout: Vec<XmlParagraph>,
    body_end: Option<usize>,
}

impl Writer {
    /// The mark shown for a footnote or endnote reference in the body: its number in order of
    /// reference, in the document's number format (`None` when the author typed a custom mark,
    /// which follows as text).
    fn note_reference(&mut self, e: &BytesStart) -> Option<String> {
        let id = attr(e, "id").unwrap_or_default();
        if attr(e, "customMarkFollows").is_some_and(|v| v == "1" || v == "true" || v == "on") {
            return None;
        }
        let endnote = local(e) == "endnoteReference";
        let kind = if endnote { "endnote" } else { "footnote" };
        if let Some(known) = self.note_labels.get(&(kind.to_string(), id.clone())) {
            return Some(known.clone());
        }
        let (seen, (fmt, start)) = if endnote {
            (&mut self.endnotes_seen, &self.note_formats.endnote)
        } else {
            (&mut self.footnotes_seen, &self.note_formats.footnote)
        };
        let n = (*seen).saturating_add(*start);
        *seen += 1;
        let label = format_number(n, fmt);
        self.note_labels
            .insert((kind.to_string(), id), label.clone());
        Some(label)
    }

    /// The paragraphs of a part, in document order; `note` names footnotes/endnotes.
    fn paragraphs(&mut self, xml: &str, note: Option<&str>) -> Result<(), String> {
        let mut reader = Reader::from_str(xml);
        // Paragraphs nest (a text box inside a paragraph): the innermost is written first.
        let mut stack: Vec<Para> = Vec::new();
        let (mut in_text, mut deleted, mut field_code) = (false, 0usize, 0usize);
        let mut note_no: Option<String> = None;
        let mut skip_note = false;
        // Inside `mc:Fallback`: the copy of a text box (or other new content) Word writes for
        // older readers, beside the `mc:Choice` already read. Read once, not twice.
        let mut fallback = 0usize;
        // Element depth: the document is 0, the body 1, the body's own paragraphs 2.
        let mut depth = 0usize;
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader
                .read_event()
                .map_err(|e| xml_error(e, reader.buffer_position()))?;
            if fallback > 0 {
                match &event {
                    Event::Start(e) if e.local_name().as_ref() == "Fallback" => fallback += 1,
                    Event::End(e) if e.local_name().as_ref() == "Fallback" => {
                        fallback -= 1;
                        if fallback == 0 {
                            depth = depth.saturating_sub(1);
                        }
                    }
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    if note.is_none() && depth == 1 && e.local_name().as_ref() == "body" {
                        self.body_end.get_or_insert(before);
                    }
                }
                Event::Empty(e)
                    if note.is_none() && depth == 2 && e.local_name().as_ref() == "sectPr" =>
                {
                    self.body_end.get_or_insert(before);
                }
                _ => {}
            }
            match event {
                Event::Start(e) => match local(&e).as_str() {
                    "Fallback" => fallback = 1,
                    "p" => stack.push(Para {
                        xml_start: before,
                        body_level: depth == 3 && note.is_none(),
                        ..Para::default()
                    }),
                    "sectPr" if note.is_none() && depth == 3 => {
                        self.body_end.get_or_insert(before);
                    }
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
                    "footnoteReference" | "endnoteReference" if deleted == 0 => {
                        let label = self.note_reference(&e);
                        if let Some(label) = label {
                            push(&mut stack, &format!("[{label}]"));
                        }
                    }
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
                            let label = note_no.as_ref().map(|id| {
                                let kind = note.unwrap_or_default();
                                self.note_labels
                                    .get(&(kind.to_string(), id.clone()))
                                    .cloned()
                                    .unwrap_or_else(|| id.clone())
                            });
                            let place = match (note, &label) {
                                (Some(kind), Some(n)) => Place::Note(kind, n),
                                _ => Place::Body,
                            };
                            let end = reader.buffer_position() as usize;
                            self.write(p, place, end)?;
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
    fn write(&mut self, p: Para, place: Place, xml_end: usize) -> Result<(), String> {
        let body = p.text.trim();
        if body.is_empty() {
            return Ok(());
        }
        let in_body = matches!(place, Place::Body);
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
        if in_body {
            self.layout.push(XmlParagraph {
                text_at: self.text.len(),
                text_end: self.text.len(),
                xml: (p.xml_start, xml_end),
                body_level: p.body_level,
            });
        }
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
        if let Some(last) = self.layout.last_mut().filter(|_| in_body) {
            last.text_end = self.text.len();
        }
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
        // Past what a real list reaches, digits (not gigabytes of letters, nor a hang).
        assert_eq!(
            format_number(999_999_999_999_999, "lowerLetter"),
            "999999999999999"
        );
        assert_eq!(
            format_number(usize::MAX, "upperRoman"),
            usize::MAX.to_string()
        );
        assert_eq!(format_number(4_000, "lowerRoman"), "4000");
    }

    /// A Word package of `parts` (name, XML), stored uncompressed.
    fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, xml) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn body(inner: &str) -> String {
        format!(r#"<w:document {W}><w:body>{inner}</w:body></w:document>"#)
    }

    #[test]
    fn a_text_box_is_read_once_not_from_its_fallback_copy_too() {
        let p = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
        let doc = body(&format!(
            "{}<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent>{}</w:txbxContent></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>{}",
            p("Before the box."),
            p("Inside the box."),
            p("Inside the box."),
            p("After the box.")
        ));
        let got = read(&package(&[("word/document.xml", &doc)])).unwrap();
        assert_eq!(
            got.text.matches("Inside the box.").count(),
            1,
            "{}",
            got.text
        );
        assert!(got.text.contains("After the box."));
    }

    #[test]
    fn footnotes_carry_the_number_shown_not_words_internal_id() {
        let doc = body(
            "<w:p><w:r><w:t>First claim.</w:t></w:r><w:r><w:footnoteReference w:id=\"24\"/></w:r><w:r><w:t> Second claim.</w:t></w:r><w:r><w:footnoteReference w:id=\"7\"/></w:r></w:p>",
        );
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="7"><w:p><w:r><w:t>The second note.</w:t></w:r></w:p></w:footnote><w:footnote w:id="24"><w:p><w:r><w:t>The first note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let got = read(&package(&[
            ("word/document.xml", &doc),
            ("word/footnotes.xml", &notes),
        ]))
        .unwrap();
        assert!(
            got.text.contains("First claim.[1] Second claim.[2]"),
            "{}",
            got.text
        );
        assert!(got.text.contains("[1] The first note."), "{}", got.text);
        assert!(got.text.contains("[2] The second note."), "{}", got.text);
        let at = got.text.find("The first note.").unwrap();
        assert_eq!(got.place_at(at), Some("footnote 1"));
    }

    #[test]
    fn a_huge_list_start_is_numbered_in_digits_without_overflow() {
        for start in ["999999999999999", "18446744073709551615"] {
            for fmt in ["lowerLetter", "upperRoman", "decimal"] {
                let numbering = format!(
                    r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
                );
                let doc = body(
                    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>An item.</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>Another.</w:t></w:r></w:p>",
                );
                let got = read(&package(&[
                    ("word/document.xml", &doc),
                    ("word/numbering.xml", &numbering),
                ]))
                .unwrap();
                assert!(
                    got.text.len() < 200,
                    "{fmt} from {start}: {} bytes",
                    got.text.len()
                );
                assert!(got.text.contains("An item."));
            }
        }
    }

    #[test]
    fn two_entries_of_one_name_are_refused() {
        let doc = body("<w:p><w:r><w:t>Text.</w:t></w:r></w:p>");
        for second in ["word/document.xml", "WORD/Document.xml"] {
            // The zip writer refuses exact duplicates, so the second name is patched in.
            let placeholder = "word/documenX.xml";
            let mut bytes = package(&[("word/document.xml", &doc), (placeholder, &doc)]);
            let from = placeholder.as_bytes();
            let mut i = 0;
            while let Some(k) = bytes[i..].windows(from.len()).position(|w| w == from) {
                bytes[i + k..i + k + from.len()].copy_from_slice(second.as_bytes());
                i += k + from.len();
            }
            let err = read(&bytes).unwrap_err();
            assert!(err.contains("two zip entries"), "{second}: {err}");
        }
    }
}
