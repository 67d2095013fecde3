//! A vendor's Word document, edited in place: new paragraphs as tracked insertions and Word
//! comments, everything else kept byte for byte. Parts the edit does not touch are copied
//! compressed as they were; the parts it touches (`document.xml`, the comments part, their
//! relationships and content types) are changed by splicing new XML between existing
//! elements, so styles, numbering, headers, footers, footnotes, images, earlier tracked
//! changes and comments all survive. Rejecting every change by `author` gives back the
//! original text.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::package::Package;
use super::xml::{DECLARATION, Look, R, W, escape, run};
use crate::extract::docx::Layout;

/// Where new paragraphs go, named by byte offsets in the document's text (as
/// `crate::extract::docx::read_with_layout` gives it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before the paragraph holding this offset (the next section's heading), or at the end
    /// of the body for `None`.
    Before(Option<usize>),
    /// After the paragraph holding this offset.
    After(usize),
    /// In a section of its own at the end of the document.
    End,
}

/// A paragraph to insert, with the comment that says why.
#[derive(Debug, Clone)]
pub struct Insertion {
    pub place: Place,
    /// A short bold lead-in ("Trial or pilot period."), then the text.
    pub lead: String,
    pub text: String,
    /// The comment's paragraphs.
    pub comment: Vec<String>,
}

/// A comment on existing words (byte span in the text), which are left as they are.
#[derive(Debug, Clone)]
pub struct Remark {
    pub span: (usize, usize),
    pub comment: Vec<String>,
}

/// Everything one redline does.
#[derive(Debug, Clone)]
pub struct Redline<'a> {
    pub text: &'a str,
    pub layout: &'a Layout,
    pub author: &'a str,
    /// `YYYY-MM-DDTHH:MM:SSZ` for every change and comment; none leaves the date out.
    pub date: Option<String>,
    /// The heading of the section [`Place::End`] insertions go in.
    pub end_heading: &'a str,
    pub insertions: &'a [Insertion],
    pub remarks: &'a [Remark],
}

const DOCUMENT: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";
const TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// The redlined package.
pub fn apply(bytes: &[u8], r: &Redline) -> Result<Vec<u8>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("is not a readable Word package: {e}"))?;
    let mut document = read_part(&mut zip, DOCUMENT)?
        .ok_or("has no word/document.xml; save it as .docx from Word")?;
    check_prefix(&document, DOCUMENT)?;
    let rels = read_part(&mut zip, RELS)?.unwrap_or_else(|| {
        format!("{DECLARATION}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>")
    });
    // A package without content types (not as Word writes them, but readable) gets the
    // least that names its parts.
    let (types, new_types) = match read_part(&mut zip, TYPES)? {
        Some(t) => (t, false),
        None => (
            format!(
                "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
            ),
            true,
        ),
    };
    let (comments_name, new_comments) = match comments_target(&rels) {
        Some(name) => (name, false),
        None => ("word/comments.xml".to_string(), true),
    };
    let comments = match read_part(&mut zip, &comments_name)? {
        Some(xml) => {
            check_prefix(&xml, &comments_name)?;
            xml
        }
        None => format!("{DECLARATION}<w:comments xmlns:w=\"{W}\" xmlns:r=\"{R}\"></w:comments>"),
    };
    let mut ids = Ids {
        next: highest_id(&mut zip)? + 1,
    };
    let mut added_comments = String::new();
    let stamp = Stamp {
        author: escape(r.author),
        date: r
            .date
            .as_ref()
            .map(|d| format!(" w:date=\"{}\"", escape(d)))
            .unwrap_or_default(),
    };
    let mut edits: Vec<Edit> = Vec::new();
    let mut end_section = false;
    for insertion in r.insertions {
        let at = match insertion.place {
            Place::End => {
                if !end_section {
                    end_section = true;
                    let heading = stamp.paragraph(
                        &mut ids,
                        r.layout.heading_style.as_deref(),
                        &run(
                            r.end_heading,
                            Look {
                                bold: r.layout.heading_style.is_none(),
                                ..Look::default()
                            },
                        ),
                        None,
                    );
                    edits.push(Edit::insert(r.layout.body_end, heading));
                }
                r.layout.body_end
            }
            place => insertion_point(r.layout, place),
        };
        let comment = ids.take();
        added_comments.push_str(&stamp.comment(comment, &insertion.comment));
        let runs = format!(
            "{}{}",
            run(
                &format!("{} ", insertion.lead),
                Look {
                    bold: true,
                    ..Look::default()
                }
            ),
            run(&insertion.text, Look::default())
        );
        edits.push(Edit::insert(
            at,
            stamp.paragraph(&mut ids, None, &runs, Some(comment)),
        ));
    }
    // Comments on existing words: each paragraph is rewritten once with all its marks. Words
    // outside the body's paragraphs (footnotes) are not marked.
    let mut marks: std::collections::BTreeMap<usize, Vec<(usize, usize, u64)>> = Default::default();
    for remark in r.remarks {
        let Some(i) = paragraph_at(r.layout, remark.span.0)
            .filter(|&i| remark.span.0 < r.layout.paragraphs[i].text_end)
        else {
            continue;
        };
        let comment = ids.take();
        added_comments.push_str(&stamp.comment(comment, &remark.comment));
        marks
            .entry(i)
            .or_default()
            .push((remark.span.0, remark.span.1, comment));
    }
    for (i, spans) in marks {
        let p = &r.layout.paragraphs[i];
        let Some(line) = r.text.get(p.text_at..p.text_end) else {
            continue;
        };
        let xml = &document[p.xml.0..p.xml.1];
        let rewritten = mark_paragraph(xml, line, p.text_at, &spans)?;
        edits.push(Edit {
            at: p.xml.0,
            until: p.xml.1,
            text: rewritten,
        });
    }
    if edits.is_empty() {
        return Ok(bytes.to_vec());
    }
    document = splice(&document, edits);
    let comments = insert_before_close(&comments, "comments", &added_comments)?;
    let rels = if new_comments {
        insert_before_close(
            &rels,
            "Relationships",
            &format!(
                "<Relationship Id=\"rIdVendorkitComments\" Type=\"{R}/comments\" Target=\"comments.xml\"/>"
            ),
        )?
    } else {
        rels
    };
    let types = if types.contains("/word/comments.xml\"") || !new_comments {
        types
    } else {
        insert_before_close(
            &types,
            "Types",
            &format!("<Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_TYPE}\"/>"),
        )?
    };
    let mut out = Package::new();
    let mut wrote_rels = false;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("cannot read the Word package: {e}"))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let date = entry.last_modified();
        let replaced = match name.as_str() {
            DOCUMENT => Some(document.as_str()),
            RELS => {
                wrote_rels = true;
                Some(rels.as_str())
            }
            TYPES => Some(types.as_str()),
            n if n == comments_name => Some(comments.as_str()),
            _ => None,
        };
        match replaced {
            Some(xml) => {
                drop(entry);
                out.part_dated(&name, xml.as_bytes(), date)?
            }
            None => out.copy(entry)?,
        }
    }
    if !wrote_rels {
        out.part(RELS, rels.as_bytes())?;
    }
    if new_types {
        out.part(TYPES, types.as_bytes())?;
    }
    if new_comments {
        out.part(&comments_name, comments.as_bytes())?;
    }
    out.finish()
}

/// The document's own last-modified date (`docProps/core.xml`), as Word dates changes.
pub fn document_date(bytes: &[u8]) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let core = read_part(&mut zip, "docProps/core.xml").ok()??;
    let re = regex::Regex::new(
        r"<dcterms:modified[^>]*>\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?Z?\s*<",
    )
    .ok()?;
    re.captures(&core).map(|c| format!("{}Z", &c[1]))
}

/// Annotation ids: one number space for tracked changes and comments, above every id the
/// document already uses.
struct Ids {
    next: u64,
}

impl Ids {
    fn take(&mut self) -> u64 {
        self.next += 1;
        self.next - 1
    }
}

/// Who made the changes, and when.
struct Stamp {
    author: String,
    /// ` w:date="..."`, or empty.
    date: String,
}

impl Stamp {
    /// A new paragraph, tracked as inserted (its text and its paragraph mark), with
    /// `comment` anchored on its text.
    fn paragraph(
        &self,
        ids: &mut Ids,
        style: Option<&str>,
        runs: &str,
        comment: Option<u64>,
    ) -> String {
        let (author, date) = (&self.author, &self.date);
        let style = style
            .map(|s| format!("<w:pStyle w:val=\"{}\"/>", escape(s)))
            .unwrap_or_default();
        let mark = ids.take();
        let body = ids.take();
        let (start, end) = match comment {
            Some(c) => {
                let reference = ids.take();
                (
                    format!("<w:commentRangeStart w:id=\"{c}\"/>"),
                    format!(
                        "<w:commentRangeEnd w:id=\"{c}\"/><w:ins w:id=\"{reference}\" w:author=\"{author}\"{date}><w:r><w:commentReference w:id=\"{c}\"/></w:r></w:ins>"
                    ),
                )
            }
            None => (String::new(), String::new()),
        };
        format!(
            "<w:p><w:pPr>{style}<w:rPr><w:ins w:id=\"{mark}\" w:author=\"{author}\"{date}/></w:rPr></w:pPr>{start}<w:ins w:id=\"{body}\" w:author=\"{author}\"{date}>{runs}</w:ins>{end}</w:p>"
        )
    }

    fn comment(&self, id: u64, paragraphs: &[String]) -> String {
        let mut xml = format!(
            "<w:comment w:id=\"{id}\" w:author=\"{}\"{} w:initials=\"vk\">",
            self.author, self.date
        );
        for (i, p) in paragraphs.iter().enumerate() {
            let anchor = if i == 0 {
                "<w:r><w:annotationRef/></w:r>"
            } else {
                ""
            };
            let look = Look {
                bold: i == 0,
                ..Look::default()
            };
            xml.push_str(&format!("<w:p>{anchor}{}</w:p>", run(p, look)));
        }
        xml.push_str("</w:comment>");
        xml
    }
}

/// New XML at `at`, or replacing `at..until`.
struct Edit {
    at: usize,
    until: usize,
    text: String,
}

impl Edit {
    fn insert(at: usize, text: String) -> Edit {
        Edit {
            at,
            until: at,
            text,
        }
    }
}

/// Apply edits that never overlap (insertions sit between elements, rewrites replace whole
/// paragraphs); insertions at one place keep their order, before a rewrite there.
fn splice(xml: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.at, e.until > e.at));
    let mut out =
        String::with_capacity(xml.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut cursor = 0;
    for e in edits {
        if e.at < cursor {
            continue;
        }
        out.push_str(&xml[cursor..e.at]);
        out.push_str(&e.text);
        cursor = e.until;
    }
    out.push_str(&xml[cursor..]);
    out
}

/// The paragraph (index into the layout) whose text holds byte `offset`.
fn paragraph_at(layout: &Layout, offset: usize) -> Option<usize> {
    layout
        .paragraphs
        .partition_point(|p| p.text_at <= offset)
        .checked_sub(1)
}

/// The XML offset where a new paragraph for `place` goes: always between two elements of the
/// body, never inside a table or another paragraph (a place inside one moves to the next
/// paragraph of the body).
fn insertion_point(layout: &Layout, place: Place) -> usize {
    let ps = &layout.paragraphs;
    let next_body = |from: usize| {
        ps.iter()
            .skip(from)
            .find(|p| p.body_level)
            .map_or(layout.body_end, |p| p.xml.0)
    };
    match place {
        Place::End | Place::Before(None) => layout.body_end,
        Place::Before(Some(offset)) => match paragraph_at(layout, offset) {
            None => next_body(0),
            Some(i) => next_body(i),
        },
        Place::After(offset) => match paragraph_at(layout, offset) {
            None => layout.body_end,
            Some(i) if ps[i].body_level => ps[i].xml.1,
            Some(i) => next_body(i + 1),
        },
    }
}

/// A `<w:t>` element of a paragraph: where it is, and its text.
struct Segment {
    /// The whole element, `<w:t ...>` to `</w:t>`, in the paragraph's XML.
    range: (usize, usize),
    text: String,
    /// Where its text starts in the paragraph's visible text, in chars.
    at: usize,
    /// The run's properties, copied to the run that a split opens.
    rpr: String,
}

/// The paragraph's XML with comment ranges around each span (`spans`: byte offsets in the
/// text, whose paragraph line `line` starts at `line_at`). The words are found in the XML's
/// visible text; a span that cannot be found comments the whole paragraph.
fn mark_paragraph(
    xml: &str,
    line: &str,
    line_at: usize,
    spans: &[(usize, usize, u64)],
) -> Result<String, String> {
    let (segments, visible) = segments(xml)?;
    if segments.is_empty() {
        return Ok(xml.to_string());
    }
    let total = visible.len();
    // (char position, is_end, comment id)
    let mut marks: Vec<(usize, bool, u64)> = Vec::new();
    for &(s, e, id) in spans {
        let s = s.saturating_sub(line_at).min(line.len());
        let e = e.saturating_sub(line_at).min(line.len()).max(s);
        let needle = line.get(s..e).unwrap_or_default();
        let (from, to) = find_loose(&visible, needle).unwrap_or((0, total));
        marks.push((from, false, id));
        marks.push((to, true, id));
    }
    marks.sort();
    let mut out = String::with_capacity(xml.len() + 200 * marks.len());
    let mut cursor = 0;
    let mut remaining = marks.as_slice();
    for (k, seg) in segments.iter().enumerate() {
        let last = k + 1 == segments.len();
        let end = seg.at + seg.text.chars().count();
        // Marks inside this segment (an end mark at its very end belongs here; a start mark
        // there belongs to the next one, unless this is the last).
        let count = remaining
            .iter()
            .take_while(|(p, is_end, _)| *p < end || (*p == end && (*is_end || last)))
            .count();
        if count == 0 {
            continue;
        }
        let (here, rest) = remaining.split_at(count);
        remaining = rest;
        out.push_str(&xml[cursor..seg.range.0]);
        let chars: Vec<char> = seg.text.chars().collect();
        let mut from = 0;
        out.push_str("<w:t xml:space=\"preserve\">");
        for &(p, is_end, id) in here {
            let cut = p.saturating_sub(seg.at).min(chars.len()).max(from);
            out.push_str(&escape(&chars[from..cut].iter().collect::<String>()));
            out.push_str("</w:t></w:r>");
            if is_end {
                out.push_str(&format!("<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:commentReference w:id=\"{id}\"/></w:r>"));
            } else {
                out.push_str(&format!("<w:commentRangeStart w:id=\"{id}\"/>"));
            }
            out.push_str(&format!("<w:r>{}<w:t xml:space=\"preserve\">", seg.rpr));
            from = cut;
        }
        out.push_str(&escape(&chars[from..].iter().collect::<String>()));
        out.push_str("</w:t>");
        cursor = seg.range.1;
    }
    out.push_str(&xml[cursor..]);
    Ok(out)
}

/// The `<w:t>` elements of a paragraph that a reader sees (not deleted text, not field
/// codes), and the visible text as chars (tabs and breaks as spaces).
fn segments(xml: &str) -> Result<(Vec<Segment>, Vec<char>), String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut visible: Vec<char> = Vec::new();
    let (mut deleted, mut field) = (0usize, 0usize);
    // Text of a paragraph nested in this one (a text box) is another paragraph's, as the
    // reader has it; the copy of new content Word keeps for old readers is skipped too.
    let (mut paragraphs, mut fallback) = (0usize, 0usize);
    let mut rpr = String::new();
    let mut rpr_start: Option<usize> = None;
    let mut open: Option<(usize, String)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml is not well-formed XML: {e}"))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => paragraphs += 1,
                "Fallback" => fallback += 1,
                "r" => rpr.clear(),
                "rPr" => rpr_start = Some(before),
                "t" if deleted == 0 && field == 0 && paragraphs == 1 && fallback == 0 => {
                    open = Some((before, String::new()))
                }
                "del" | "moveFrom" => deleted += 1,
                "instrText" => field += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "rPr" => rpr = xml[before..after].to_string(),
                "tab" | "br" | "cr" if deleted == 0 && paragraphs == 1 && fallback == 0 => {
                    visible.push(' ')
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, text)) = &mut open {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some((_, text)) = &mut open {
                    let c = match g.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => {
                            quick_xml::escape::resolve_xml_entity(&g).and_then(|s| s.chars().next())
                        }
                    };
                    if let Some(c) = c {
                        text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "rPr" => {
                    if let Some(s) = rpr_start.take() {
                        rpr = xml[s..after].to_string();
                    }
                }
                "t" => {
                    if let Some((start, text)) = open.take() {
                        let at = visible.len();
                        visible.extend(text.chars());
                        out.push(Segment {
                            range: (start, after),
                            text,
                            at,
                            rpr: rpr.clone(),
                        });
                    }
                }
                "del" | "moveFrom" => deleted = deleted.saturating_sub(1),
                "instrText" => field = field.saturating_sub(1),
                "p" => paragraphs = paragraphs.saturating_sub(1),
                "Fallback" => fallback = fallback.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((out, visible))
}

/// Where `needle` is in `hay` (char positions), comparing with runs of whitespace as one
/// space and typographic quotes as plain ones, as the text reader may have normalised them.
fn find_loose(hay: &[char], needle: &str) -> Option<(usize, usize)> {
    let fold = |c: char| match c {
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        c if c.is_whitespace() => ' ',
        c => c,
    };
    // The folded haystack, with the original position of each kept char.
    let mut folded: Vec<(char, usize)> = Vec::with_capacity(hay.len());
    for (i, &c) in hay.iter().enumerate() {
        let c = fold(c);
        if c == ' ' && folded.last().is_some_and(|(l, _)| *l == ' ') {
            continue;
        }
        folded.push((c, i));
    }
    let mut want: Vec<char> = Vec::new();
    for c in needle.trim().chars().map(fold) {
        if c == ' ' && want.last() == Some(&' ') {
            continue;
        }
        want.push(c);
    }
    if want.is_empty() || want.len() > folded.len() {
        return None;
    }
    (0..=folded.len() - want.len())
        .find(|&i| {
            folded[i..i + want.len()]
                .iter()
                .map(|(c, _)| *c)
                .eq(want.iter().copied())
        })
        .map(|i| (folded[i].1, folded[i + want.len() - 1].1 + 1))
}

fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    /// The largest part read (the reader holds the parts it lints to the same bound).
    const LIMIT: u64 = 64 * 1024 * 1024;
    let Ok(f) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    f.take(LIMIT + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("{name} cannot be read as UTF-8 XML: {e}"))?;
    if text.len() as u64 > LIMIT {
        return Err(format!("{name} is over {LIMIT} bytes unpacked"));
    }
    Ok(Some(text))
}

/// The edit writes `w:` elements: the part must bind that prefix to WordprocessingML, as
/// Word always does.
fn check_prefix(xml: &str, name: &str) -> Result<(), String> {
    if xml.contains(&format!("xmlns:w=\"{W}\"")) {
        Ok(())
    } else {
        Err(format!(
            "{name} does not use Word's usual `w:` prefix; open the file in Word and save it again, then redline that"
        ))
    }
}

/// The comments part the document's relationships name, as a path in the package.
fn comments_target(rels: &str) -> Option<String> {
    let re = regex::Regex::new(r#"<Relationship\b[^>]*>"#).ok()?;
    re.find_iter(rels).map(|m| m.as_str()).find_map(|tag| {
        let attr = |name: &str| {
            let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
            tag[at..].split('"').next().map(str::to_string)
        };
        let kind = attr("Type")?;
        if !kind.ends_with("/comments") {
            return None;
        }
        let target = attr("Target")?;
        Some(match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("word/{target}"),
        })
    })
}

/// The highest numeric `w:id` in any XML part (ids of comments, tracked changes and
/// bookmarks must not repeat).
fn highest_id<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Result<u64, String> {
    let re = regex::Regex::new(r#"w:id="(\d{1,18})""#).map_err(|e| e.to_string())?;
    let names: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    let mut highest = 0;
    for name in names {
        if let Some(xml) = read_part(zip, &name)? {
            for c in re.captures_iter(&xml) {
                highest = highest.max(c[1].parse::<u64>().unwrap_or(0));
            }
        }
    }
    Ok(highest)
}

/// `xml` with `content` put just before its closing `</...root>` tag (any prefix).
fn insert_before_close(xml: &str, root: &str, content: &str) -> Result<String, String> {
    let close = xml
        .rfind(&format!(":{root}>"))
        .and_then(|i| xml[..i].rfind("</"))
        .or_else(|| xml.rfind(&format!("</{root}>")));
    match close {
        Some(at) => Ok(format!("{}{content}{}", &xml[..at], &xml[at..])),
        None => match xml.rfind("/>") {
            // An empty root element (`<w:comments .../>`).
            Some(at) if xml[..at].contains(root) => Ok(format!(
                "{}>{content}</{}>",
                &xml[..at],
                xml[xml
                    .find(&format!(":{root}"))
                    .map_or(0, |i| xml[..i].rfind('<').unwrap_or(0) + 1)..]
                    .split([' ', '/', '>'])
                    .next()
                    .unwrap_or(root)
            )),
            _ => Err(format!(
                "its {root} part has no closing tag; save it again from Word"
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_find_ignores_spacing_and_quotes() {
        let hay: Vec<char> = "The  Provider\u{2019}s other duties as assigned."
            .chars()
            .collect();
        let (s, e) = find_loose(&hay, "Provider's other\nduties").unwrap();
        assert_eq!(
            hay[s..e].iter().collect::<String>(),
            "Provider\u{2019}s other duties"
        );
    }

    #[test]
    fn comment_marks_split_runs_at_the_words() {
        let xml = r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Do such other duties as assigned.</w:t></w:r></w:p>"#;
        let line = "Do such other duties as assigned.";
        let out = mark_paragraph(xml, line, 100, &[(103, 132, 7)]).unwrap();
        assert!(out.contains(r#"<w:t xml:space="preserve">Do </w:t></w:r><w:commentRangeStart w:id="7"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">such other duties as assigned</w:t></w:r><w:commentRangeEnd w:id="7"/>"#), "{out}");
        assert!(
            out.ends_with(
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">.</w:t></w:r></w:p>"#
            ),
            "{out}"
        );
    }

    #[test]
    fn text_boxes_are_not_the_paragraphs_words() {
        let xml = r#"<w:p><w:r><w:t>Outer </w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>text.</w:t></w:r></w:p>"#;
        let (segments, visible) = segments(xml).unwrap();
        assert_eq!(visible.iter().collect::<String>(), "Outer text.");
        assert_eq!(segments.len(), 2);
    }

    #[test]
    fn closing_tags_take_any_prefix() {
        assert_eq!(
            insert_before_close("<a:Types x=\"1\"></a:Types>", "Types", "<b/>").unwrap(),
            "<a:Types x=\"1\"><b/></a:Types>"
        );
        assert_eq!(
            insert_before_close("<Types></Types>", "Types", "<b/>").unwrap(),
            "<Types><b/></Types>"
        );
    }
}
