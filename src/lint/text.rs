//! Reading contract text the way a lawyer does: which lines are headings, which belong to a
//! table of contents, the definitions, the recitals or a page header, and where each sentence
//! starts and ends. Rules only count evidence in operative body text (SPEC §4.1), so this
//! module decides what "body text" is.

use std::collections::HashMap;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// What part of the document a sentence sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Operative text.
    Body,
    /// A heading line ("7. TRIAL PERIOD", "## Fees").
    Heading,
    /// A table-of-contents line.
    Toc,
    /// A definition ("\"Services\" means ...") or the definitions section.
    Definition,
    /// Recitals ("WHEREAS ...") and the background section.
    Recital,
    /// Running headers, footers, page numbers and "CONFIDENTIAL" stamps.
    Furniture,
    /// Drafting notes in HTML comments (not contract text).
    Comment,
}

/// One sentence (or heading line) of the document.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub part: Part,
    /// Index into [`Document::sections`] of the section it belongs to.
    pub section: usize,
}

/// A section: a heading and the sentences under it.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading text (empty for text before the first heading).
    pub heading: String,
    pub start: usize,
}

/// A segmented document.
#[derive(Debug)]
pub struct Document<'a> {
    pub text: &'a str,
    pub sentences: Vec<Sentence>,
    pub sections: Vec<Section>,
}

impl<'a> Document<'a> {
    pub fn sentence_text(&self, s: &Sentence) -> &'a str {
        &self.text[s.start..s.end]
    }
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "no", "nos", "sec", "secs", "art", "para", "e.g", "i.e", "etc",
    "vs", "mr", "mrs", "ms", "dr", "st", "u.s", "u.k", "n.a", "s.a", "l.p", "llc", "plc", "pvt",
    "jr", "sr", "approx", "dept", "fig", "cf", "viz", "incl", "p", "pp", "sch", "ex", "exh", "cl",
    "v", "s.l", "sp", "z.o.o", "o.o", "a.m", "p.m",
];

/// The length of the longest of [`ABBREVIATIONS`]: a longer word is none of them.
const LONGEST_ABBREVIATION: usize = 6;

/// Where the bytes of a normalised text came from: the points where normalised and original
/// offsets stop moving together (a replaced character, a collapsed space). Between two points
/// both advance byte for byte, so a handful of points stand for the whole text.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `(normalised offset, original offset)`, sorted; the first is `(0, 0)`.
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The original offset of normalised offset `i` (at a character boundary; every byte of
    /// a replacement maps to the start of the character it replaced).
    pub fn original(&self, i: usize) -> usize {
        let k = self.points.partition_point(|p| p.0 <= i).saturating_sub(1);
        let (n, o) = self.points[k];
        o + (i - n)
    }
}

/// A copy of `text` with typographic characters replaced by their ASCII forms (curly quotes,
/// non-breaking and other spaces, dashes, the `fi`/`fl` ligatures PDF extraction leaves) and
/// runs of spaces collapsed, so patterns written in plain ASCII with single spaces match.
/// Returns `None` for the map when nothing changed.
///
/// Plain ASCII is copied in runs; only the characters that change are looked at one by one.
pub fn normalize(text: &str) -> (std::borrow::Cow<'_, str>, Option<OffsetMap>) {
    if text.is_ascii() && !text.contains("  ") && !text.contains('\t') {
        return (std::borrow::Cow::Borrowed(text), None);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut points = vec![(0, 0)];
    // `text[run..i]` is copied verbatim when the next change (or the end) is reached.
    let (mut run, mut i) = (0, 0);
    let mut next = Specials::default();
    while i < bytes.len() {
        if i > run {
            // Inside a run: jump to the next byte that may change.
            i = next.at_or_after(bytes, i);
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let plain = b < 0x80 && b != b'\t' && !(b == b' ' && i > run && bytes[i - 1] == b' ');
        if plain && !(b == b' ' && i == run && out.ends_with(' ')) {
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        // Runs of spaces and tabs (column layouts in filings) read as one space: the rest of
        // the run is skipped at once (one point stands for it: the map reads the last point
        // at or before an offset).
        if matches!(c, ' ' | '\t' | '\u{00A0}') && out.ends_with(' ') {
            i += blank_run(&bytes[i..]);
            run = i;
            points.push((out.len(), i));
            continue;
        }
        let Some(rep) = replacement(c) else {
            // Any other character is kept as it is.
            run = i;
            i += len;
            continue;
        };
        for k in 0..rep.len() {
            points.push((out.len() + k, i));
        }
        out.push_str(rep);
        i += len;
        run = i;
        points.push((out.len(), i));
    }
    out.push_str(&text[run..]);
    (std::borrow::Cow::Owned(out), Some(OffsetMap { points }))
}

/// The ASCII that [`normalize`] puts for a typographic character, if it replaces it.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' => " ",
        '\u{2018}' | '\u{2019}' | '\u{2032}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{2033}' => "\"",
        '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{3000}' => " ",
        '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// The length of the run of spaces, tabs and non-breaking spaces `bytes` starts with.
fn blank_run(bytes: &[u8]) -> usize {
    let mut i = 0;
    loop {
        match bytes[i..] {
            [b' ' | b'\t', ..] => i += 1,
            [0xC2, 0xA0, ..] => i += 2,
            _ => return i,
        }
    }
}

/// The next positions, at or after a point, of the bytes [`normalize`] may change inside a run
/// of copied text: a tab, the second of two spaces, a byte of a non-ASCII character. Each is
/// found with a vectorised search and remembered until the scan passes it, so plain text is
/// skipped many bytes at a time.
#[derive(Default)]
struct Specials {
    /// `(position, searched from)` of each kind; `None` until first searched.
    tab: Option<usize>,
    double_space: Option<usize>,
    non_ascii: Option<usize>,
}

impl Specials {
    /// The first position `>= i` holding any of the bytes (or `bytes.len()`); `i > 0`.
    fn at_or_after(&mut self, bytes: &[u8], i: usize) -> usize {
        let n = bytes.len();
        let tab = *refresh(&mut self.tab, i, || {
            memchr::memchr(b'\t', &bytes[i..]).map_or(n, |k| i + k)
        });
        let double = *refresh(&mut self.double_space, i, || {
            // The second space of a pair; the pair may start just before `i`.
            static PAIR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("  "));
            PAIR.find(&bytes[i - 1..]).map_or(n, |k| i + k)
        });
        let high = *refresh(&mut self.non_ascii, i, || first_non_ascii(bytes, i));
        tab.min(double).min(high)
    }
}

/// `slot` if it is still ahead of `i`, else a new search.
fn refresh(slot: &mut Option<usize>, i: usize, search: impl FnOnce() -> usize) -> &usize {
    match slot {
        Some(p) if *p >= i => {}
        _ => *slot = Some(search()),
    }
    slot.as_ref().expect("just set")
}

/// The first byte at or after `from` that is not ASCII (or `bytes.len()`), checking 32 bytes at
/// a time.
fn first_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 32 <= bytes.len() && bytes[i..i + 32].is_ascii() {
        i += 32;
    }
    bytes[i..]
        .iter()
        .position(|b| !b.is_ascii())
        .map_or(bytes.len(), |k| i + k)
}

/// `s` in lower case; ASCII (most lines, once normalised) without decoding characters.
pub(crate) fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_lowercase(&mut out, s);
    out
}

/// Append `s` in lower case to `out` (reused from line to line, so nothing is allocated).
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// The phrases that open or close a part of the document, searched in lower-cased lines.
struct Markers {
    toc: Finder<'static>,
    now_therefore_comma: Finder<'static>,
    now_therefore: Finder<'static>,
    agree_as_follows: Finder<'static>,
}

static MARKERS: LazyLock<Markers> = LazyLock::new(|| Markers {
    toc: Finder::new("table of contents"),
    now_therefore_comma: Finder::new("now, therefore"),
    now_therefore: Finder::new("now therefore"),
    agree_as_follows: Finder::new("agree as follows"),
});

/// Whether `line` starts with the lower-case ASCII `word`, in any case.
fn starts_with_ignoring_case(line: &str, word: &str) -> bool {
    line.as_bytes()
        .get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
}

/// Segment `text` into sections and sentences.
pub fn segment(text: &str) -> Document<'_> {
    let mut sentences = Vec::new();
    let mut sections = vec![Section {
        heading: String::new(),
        start: 0,
    }];
    let furniture = repeated_short_lines(text);
    let mut in_toc = false;
    let mut in_definitions = false;
    let mut in_recitals = false;
    let mut in_comment = false;
    let mut offset = 0;
    let markers = &*MARKERS;
    let mut lower = String::new();
    // A paragraph's sentences (reused from paragraph to paragraph, like `lower`).
    let mut spans = Vec::new();
    for raw in lines_inclusive(text) {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let (start, end) = (line_start + lead, line_start + lead + trimmed.len());
        // HTML comments: drafting notes and suppression markers, never contract text.
        if in_comment || trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            push(&mut sentences, (start, end), Part::Comment, sections.len());
            continue;
        }
        // Markers (WHEREAS, NOW THEREFORE, "agree as follows", page furniture) sit at the start
        // or end of a paragraph; lower-casing whole paragraphs would cost more than the rules.
        lower.clear();
        if trimmed.len() <= 300 {
            push_lowercase(&mut lower, trimmed);
        } else {
            let head = &trimmed[..crate::source::floor_boundary(trimmed, 200)];
            let tail = &trimmed[crate::source::floor_boundary(trimmed, trimmed.len() - 100)..];
            push_lowercase(&mut lower, head);
            lower.push(' ');
            push_lowercase(&mut lower, tail);
        }
        let lower = lower.as_str();
        // Only short lines are counted as running headers (no need to hash paragraphs).
        if trimmed.len() <= 60 && furniture.contains_key(trimmed) || is_page_furniture(lower) {
            push(
                &mut sentences,
                (start, end),
                Part::Furniture,
                sections.len(),
            );
            continue;
        }
        if markers.toc.find(lower.as_bytes()).is_some() || lower == "contents" || lower == "index" {
            in_toc = true;
        }
        // Running text (a long line, or a sentence) means the table of contents is over.
        if in_toc
            && (trimmed.len() > 120
                || trimmed.ends_with('.') && trimmed.split_whitespace().count() > 5)
        {
            in_toc = false;
        }
        if in_toc && is_toc_line(trimmed) {
            push(&mut sentences, (start, end), Part::Toc, sections.len());
            continue;
        }
        if is_dotted_leader(trimmed) || is_dense_toc(trimmed) {
            push(&mut sentences, (start, end), Part::Toc, sections.len());
            continue;
        }
        if is_heading(trimmed) {
            let heading = clean_heading(trimmed);
            let hl = heading.to_lowercase();
            in_definitions = hl.contains("definition") || hl.contains("interpretation");
            in_recitals = hl.contains("recital") || hl == "background" || hl.starts_with("whereas");
            if !in_toc {
                sections.push(Section { heading, start });
            }
            push(&mut sentences, (start, end), Part::Heading, sections.len());
            continue;
        }
        // A recital is a WHEREAS paragraph, or a paragraph under a Recitals/Background
        // heading; the next heading or an operative "agree" ends the recitals.
        // (Only looked for in the recitals: elsewhere there is nothing for them to end.)
        let l = lower.as_bytes();
        if in_recitals
            && (markers.now_therefore_comma.find(l).is_some()
                || markers.now_therefore.find(l).is_some()
                || markers.agree_as_follows.find(l).is_some())
        {
            in_recitals = false;
        }
        let recital = in_recitals || lower.starts_with("whereas");
        split_sentences(text, start, end, &mut spans);
        for (k, &(s, e)) in spans.iter().enumerate() {
            let body = &text[s..e];
            // "7.2 Non-Solicitation. The Provider shall..." - the run-in heading is not evidence.
            if k == 0
                && e < end
                && body.split_whitespace().nth(6).is_none()
                && is_heading(body.trim_end_matches('.'))
            {
                sentences.push(Sentence {
                    start: s,
                    end: e,
                    part: Part::Heading,
                    section: sections.len() - 1,
                });
                continue;
            }
            let part = if recital {
                Part::Recital
            } else if in_definitions || is_definition(body) {
                Part::Definition
            } else {
                Part::Body
            };
            sentences.push(Sentence {
                start: s,
                end: e,
                part,
                section: sections.len() - 1,
            });
        }
    }
    Document {
        text,
        sentences,
        sections,
    }
}

/// The lines of `text` with their line ends, as `str::split_inclusive('\n')` gives them, found
/// with a vectorised search.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        if from >= text.len() {
            return None;
        }
        let end = ends.next().map_or(text.len(), |i| i + 1);
        let line = &text[from..end];
        from = end;
        Some(line)
    })
}

/// Record a whole line as one sentence of `part`, in the current (last) section.
fn push(sentences: &mut Vec<Sentence>, (start, end): (usize, usize), part: Part, sections: usize) {
    sentences.push(Sentence {
        start,
        end,
        part,
        section: sections - 1,
    });
}

/// Short lines that repeat three or more times: running headers and footers.
fn repeated_short_lines(text: &str) -> HashMap<&str, usize, rustc_hash::FxBuildHasher> {
    let mut counts: HashMap<&str, usize, rustc_hash::FxBuildHasher> = HashMap::default();
    for line in lines_inclusive(text) {
        let t = line.trim();
        if !t.is_empty() && t.len() <= 60 && !t.starts_with('|') && !t.starts_with('-') {
            *counts.entry(t).or_default() += 1;
        }
    }
    counts.retain(|k, v| *v >= 3 && k.chars().any(char::is_alphabetic) && !k.ends_with(':'));
    counts
}

fn is_page_furniture(lower: &str) -> bool {
    let t = lower.trim_matches(|c: char| c == '-' || c.is_whitespace());
    t.starts_with("page ") && t.len() < 20 && t.chars().any(|c| c.is_ascii_digit())
        || t.chars().all(|c| c.is_ascii_digit())
        || t == "confidential"
        || t == "strictly confidential"
        || t == "[***]"
}

fn is_dotted_leader(line: &str) -> bool {
    // The cheap end test first: most lines do not end in a digit.
    static DOTS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("...."));
    line.trim_end().ends_with(|c: char| c.is_ascii_digit()) && DOTS.find(line.as_bytes()).is_some()
}

/// A whole table of contents run into one line ("ARTICLE 1 DEFINITIONS 1 ARTICLE 2 TERM 3 ..."):
/// many bare page and section numbers among few words.
fn is_dense_toc(line: &str) -> bool {
    // Most lines are turned away by two counts the compiler vectorises, before any word is
    // split out: at least six numbers, and a fifth of the words, are needed.
    let (numbers_at_most, words_at_least) = dense_toc_bounds(line.as_bytes());
    if numbers_at_most < 6 || numbers_at_most * 5 < words_at_least {
        return false;
    }
    let (numbers, words) = dense_toc_counts(line);
    numbers >= 6 && numbers * 5 >= words
}

/// The bare numbers and the words of `line`, split out and counted.
fn dense_toc_counts(line: &str) -> (usize, usize) {
    // Words, and bare numbers among them ("12", "3.1", "4.").
    let (mut words, mut numbers) = (0, 0);
    let mut count = |w: &[u8]| {
        if !w.is_empty() {
            words += 1;
            if w.len() <= 4 && w.iter().all(|&b| b.is_ascii_digit() || b == b'.') {
                numbers += 1;
            }
        }
    };
    if line.is_ascii() {
        line.as_bytes()
            .split(|&b| is_ascii_space(b))
            .for_each(&mut count);
    } else {
        line.split(char::is_whitespace)
            .for_each(|w| count(w.as_bytes()));
    }
    (numbers, words)
}

/// Bounds on the counts [`dense_toc_counts`] makes, from adjacent pairs of bytes:
/// - at most as many bare numbers as places where a digit or a period follows a byte that is
///   neither (or starts the line): each number starts at such a place;
/// - at least as many words as places where a printable ASCII character other than a space
///   follows a space: each such place starts a word.
///
/// Counted a block of pairs at a time into byte-wide sums per position, which the compiler
/// turns into vector instructions.
fn dense_toc_bounds(bytes: &[u8]) -> (usize, usize) {
    const BLOCK: usize = 32;
    let numeric = |b: u8| (b.wrapping_sub(b'0') < 10) | (b == b'.');
    let number_starts = |x: u8, y: u8| u8::from(numeric(y) & !numeric(x));
    let word_starts = |x: u8, y: u8| u8::from((x == b' ') & (y > b' ') & (y < 0x7F));
    let mut numbers = usize::from(bytes.first().is_some_and(|&b| numeric(b)));
    let mut words = 0;
    let pairs = bytes.len().saturating_sub(1);
    let mut firsts = bytes[..pairs].chunks_exact(BLOCK);
    let mut seconds = bytes.get(1..).unwrap_or_default().chunks_exact(BLOCK);
    let (mut n, mut w) = ([0u8; BLOCK], [0u8; BLOCK]);
    let mut fold = |n: &mut [u8; BLOCK], w: &mut [u8; BLOCK]| {
        numbers += n.iter().map(|&c| usize::from(c)).sum::<usize>();
        words += w.iter().map(|&c| usize::from(c)).sum::<usize>();
        (*n, *w) = ([0; BLOCK], [0; BLOCK]);
    };
    for (k, (a, b)) in (&mut firsts).zip(&mut seconds).enumerate() {
        for i in 0..BLOCK {
            n[i] += number_starts(a[i], b[i]);
            w[i] += word_starts(a[i], b[i]);
        }
        // A byte-wide sum holds 255 blocks.
        if k % 255 == 254 {
            fold(&mut n, &mut w);
        }
    }
    fold(&mut n, &mut w);
    for (&x, &y) in firsts.remainder().iter().zip(seconds.remainder()) {
        numbers += usize::from(number_starts(x, y));
        words += usize::from(word_starts(x, y));
    }
    (numbers, words)
}

fn is_toc_line(line: &str) -> bool {
    line.len() < 100
        && (is_dotted_leader(line)
            || line
                .split_whitespace()
                .last()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())))
        || line.len() < 60 && !line.ends_with('.')
}

/// A line that reads as a heading: markdown `#`, or short with no sentence end, numbered or in
/// capitals.
pub fn is_heading(line: &str) -> bool {
    if line.starts_with('#') {
        return true;
    }
    // A table row (Markdown, or a PDF's cells) is content, however short.
    if line.starts_with('|') {
        return false;
    }
    if line.len() > 90 {
        return false;
    }
    let words = word_count(line);
    if words == 0 || words > 12 {
        return false;
    }
    let colon_space = memchr::memchr_iter(b':', line.as_bytes())
        .any(|i| line.as_bytes().get(i + 1) == Some(&b' '));
    if line.ends_with([',', ';']) || colon_space && !line.starts_with(char::is_numeric) {
        return false;
    }
    let (mut letters, mut upper) = (0, 0);
    if line.is_ascii() {
        for b in line.bytes().filter(u8::is_ascii_alphabetic) {
            letters += 1;
            upper += usize::from(b.is_ascii_uppercase());
        }
    } else {
        for c in line.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper += usize::from(c.is_uppercase());
        }
    }
    if letters == 0 {
        return false;
    }
    let all_caps = upper * 10 >= letters * 9;
    let numbered = line.split_whitespace().next().is_some_and(|w| {
        w.trim_end_matches('.')
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    }) || ["article ", "section ", "schedule ", "annex ", "exhibit "]
        .iter()
        .any(|w| starts_with_ignoring_case(line, w));
    let ends_sentence = line.ends_with('.') && words > 5;
    (all_caps || numbered || title_case(line, words)) && !ends_sentence
}

/// `line.split_whitespace().count()`, counted in bytes when the line is ASCII (as most are,
/// once normalised): a word starts at each byte that is not white space and follows white
/// space or starts the line.
fn word_count(line: &str) -> usize {
    if !line.is_ascii() {
        return line.split_whitespace().count();
    }
    let bytes = line.as_bytes();
    let first = usize::from(bytes.first().is_some_and(|&b| !is_ascii_space(b)));
    first
        + bytes
            .windows(2)
            .filter(|w| is_ascii_space(w[0]) && !is_ascii_space(w[1]))
            .count()
}

/// The ASCII white space of `char::is_whitespace` (tab to carriage return, and space), read
/// without decoding characters. Not `u8::is_ascii_whitespace`, which leaves out the vertical
/// tab.
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Every word over three letters capitalised, in a line of `words` words.
fn title_case(line: &str, words: usize) -> bool {
    words <= 6
        && !line.ends_with('.')
        && line.split_whitespace().filter(|w| w.len() > 3).all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
}

fn clean_heading(line: &str) -> String {
    line.trim_start_matches('#')
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == '(')
        .trim()
        .trim_end_matches(['.', ':'])
        .to_string()
}

/// A sentence that defines a term: `"Services" means ...`.
fn is_definition(s: &str) -> bool {
    // Only a quote, a parenthesis or a number opens one; most sentences stop here.
    if !s.starts_with(['"', '“', '(']) && !s.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let end = s.char_indices().nth(120).map_or(s.len(), |(i, _)| i);
    // Every cue has "mean" in it: one search turns most sentences away, before a lower-cased
    // copy is made (only ASCII letters lower-case to m, e, a and n).
    let raw = &s.as_bytes()[..end];
    let mean = |i: usize| {
        raw[i..]
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"mean"))
    };
    if !memchr::memchr2_iter(b'm', b'M', raw).any(mean) {
        return false;
    }
    let head = lowercase(&s[..end]);
    [
        "\" means",
        "” means",
        "\" shall mean",
        "” shall mean",
        "\" has the meaning",
        "” has the meaning",
    ]
    .iter()
    .any(|cue| head.contains(cue))
}

/// Split `text[start..end]` (one paragraph) into sentences: their byte ranges, in `out`
/// (cleared first).
fn split_sentences(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let para = &text[start..end];
    let bytes = para.as_bytes();
    out.clear();
    let mut from = 0;
    for i in memchr::memchr3_iter(b'.', b'?', b'!', bytes) {
        if i + 1 >= bytes.len() || bytes[i + 1] != b' ' {
            continue;
        }
        let next = para[i + 1..].trim_start();
        let next_ok = next.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || c == '(' || c == '"' || c == '“'
        });
        if !next_ok {
            continue;
        }
        let word = para[from..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        if bytes[i] != b'.' || !is_abbreviation(word, i - from) {
            push_trimmed(para, start, from, i + 1, out);
            from = i + 1;
        }
    }
    push_trimmed(para, start, from, bytes.len(), out);
}

/// Whether the period after `word` (which ends `len` bytes into its sentence) belongs to it:
/// a known abbreviation, a single letter, or a short section number ("1.2.").
fn is_abbreviation(word: &str, len: usize) -> bool {
    let numbered =
        |w: &str| w.bytes().all(|b| b.is_ascii_digit() || b == b'.') && !w.is_empty() && len < 12;
    if word.is_ascii() {
        // Compared in place: no lower-cased copy per period.
        return word.len() <= LONGEST_ABBREVIATION
            && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
            || word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic()
            || numbered(word);
    }
    let w = lowercase(word);
    ABBREVIATIONS.contains(&w.as_str())
        || (w.chars().count() == 1 && w.chars().all(char::is_alphabetic))
        || numbered(&w)
}

/// Longest sentence read as one, in bytes. The longest in real contracts are a few thousand
/// bytes (a run-on definition, a whole clause without a period); text with no sentence ends
/// at all (a dump of words, a column of placeholders) is cut into pieces of this size at a
/// space, so the work per sentence, and so the whole run, stays linear in the input.
pub const MAX_SENTENCE_BYTES: usize = 16 * 1024;

fn push_trimmed(para: &str, base: usize, from: usize, to: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &para[from..to];
    let lead = piece.len() - piece.trim_start().len();
    let t = piece.trim();
    if t.is_empty() {
        return;
    }
    let mut start = base + from + lead;
    let mut rest = t;
    while rest.len() > MAX_SENTENCE_BYTES {
        let cut = crate::source::floor_boundary(rest, MAX_SENTENCE_BYTES);
        // At the last space before the limit, or at the limit in a word that long.
        let at = rest[..cut]
            .rfind(char::is_whitespace)
            .filter(|&i| i > 0)
            .unwrap_or(cut.max(1));
        let head = rest[..at].trim_end();
        out.push((start, start + head.len()));
        let skipped = rest[at..].len() - rest[at..].trim_start().len();
        start += at + skipped;
        rest = rest[at..].trim_start();
    }
    if !rest.is_empty() {
        out.push((start, start + rest.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_periods_but_not_abbreviations() {
        let t = "The Provider Inc. shall report monthly. Section 1.2 applies. See e.g. Annex A.";
        let d = segment(t);
        let s: Vec<&str> = d.sentences.iter().map(|s| d.sentence_text(s)).collect();
        assert_eq!(
            s,
            [
                "The Provider Inc. shall report monthly.",
                "Section 1.2 applies.",
                "See e.g. Annex A."
            ]
        );
    }

    /// The plain, character-by-character statement of what [`normalize`] does (with the same
    /// [`replacement`]s), with a point of the offset map at every character that changes.
    fn normalize_slowly(text: &str) -> (String, OffsetMap) {
        let mut out = String::new();
        let mut points = vec![(0, 0)];
        for (i, c) in text.char_indices() {
            let after = i + c.len_utf8();
            if matches!(c, ' ' | '\t' | '\u{00A0}') && out.ends_with(' ') {
                points.push((out.len(), after));
                continue;
            }
            let Some(rep) = replacement(c) else {
                out.push(c);
                continue;
            };
            for k in 0..rep.len() {
                points.push((out.len() + k, i));
            }
            out.push_str(rep);
            points.push((out.len(), after));
        }
        (out, OffsetMap { points })
    }

    /// The fast path skips plain text by the block and runs of spaces at once; every mix of
    /// spaces, tabs, replaced and kept characters around long plain runs gives the text and
    /// the offsets the slow statement gives.
    #[test]
    fn normalize_skips_only_what_does_not_change() {
        let long = "plain words of a clause ".repeat(3);
        let pieces = [
            "a", " ", "  ", "\t", "\u{00A0}", "\u{2002}", "\u{201C}", "\u{2019}", "\u{FB01}",
            "\u{2026}", "\u{00E9}", "\n", ".", &long,
        ];
        for mix in crate::lint::random_mixes(3000, 24, &pieces) {
            let text = mix.concat();
            let (fast, map) = normalize(&text);
            let (slow, slow_map) = normalize_slowly(&text);
            assert_eq!(fast, slow, "{text:?}");
            let map = map.unwrap_or(OffsetMap {
                points: vec![(0, 0)],
            });
            for i in (0..=fast.len()).filter(|&i| fast.is_char_boundary(i)) {
                assert_eq!(map.original(i), slow_map.original(i), "{i} in {text:?}");
            }
        }
    }

    /// The quick bounds that turn most lines away hold for every line: never fewer numbers or
    /// more words than the bounds say, so no table of contents is missed for them.
    #[test]
    fn dense_toc_bounds_hold() {
        let pieces = [
            "1", "12", "3.1", "4.", "....", "12345", " ", "  ", "\t", "\r", "\u{2028}", "\u{00A0}",
            "ARTICLE", "term", "é", ".", "-", "\u{7f}",
        ];
        for mix in crate::lint::random_mixes(5000, 40, &pieces) {
            let line = mix.concat();
            let (numbers, words) = dense_toc_counts(&line);
            let (numbers_at_most, words_at_least) = dense_toc_bounds(line.as_bytes());
            assert!(numbers <= numbers_at_most, "{line:?}");
            assert!(words >= words_at_least, "{line:?}");
        }
        // Longer than 255 blocks of pairs: the byte-wide sums are folded before they overflow.
        let long = "1 ".repeat(10_000);
        assert_eq!(dense_toc_bounds(long.as_bytes()), (10_000, 9_999));
        let toc = "ARTICLE 1 DEFINITIONS 1 ARTICLE 2 TERM 3 ARTICLE 3 FEES 4 ARTICLE 4 LAW 5";
        assert!(is_dense_toc(toc));
        assert!(!is_dense_toc(
            "The fee of 1,250,000 is due on 12.05.2026 at 10.30 each year."
        ));
    }

    /// Words counted in bytes are the words `split_whitespace` finds, in any white space.
    #[test]
    fn word_count_is_split_whitespace() {
        let pieces = [
            "1", "Term", " ", "  ", "\t", "\r", "\n", "\u{b}", "\u{c}", "\u{1c}", "\u{2028}",
            "\u{00A0}", "é", ".", "\u{7f}",
        ];
        for mix in crate::lint::random_mixes(5000, 20, &pieces) {
            let line = mix.concat();
            assert_eq!(
                word_count(&line),
                line.split_whitespace().count(),
                "{line:?}"
            );
        }
    }

    #[test]
    fn no_abbreviation_is_longer_than_the_longest() {
        assert_eq!(
            ABBREVIATIONS.iter().map(|a| a.len()).max(),
            Some(LONGEST_ABBREVIATION)
        );
    }

    #[test]
    fn normalised_offsets_map_back_to_the_original() {
        let original = "The \u{201C}Fee\u{201D}  is\tdue\u{2026} in\u{00A0}30 days.";
        let (normal, map) = normalize(original);
        assert_eq!(normal, "The \"Fee\" is due... in 30 days.");
        let map = map.expect("changed");
        // Every word of the copy starts where the same word starts in the original.
        for word in ["The", "Fee", "is", "due", "in", "30", "days."] {
            let n = normal.find(word).expect("in the copy");
            assert_eq!(&original[map.original(n)..][..word.len()], word);
        }
        // Each byte of a replacement maps to the character it replaced; the end to the end.
        let dots = normal.find("...").expect("ellipsis");
        for k in 0..3 {
            assert_eq!(&original[map.original(dots + k)..][..3], "\u{2026}");
        }
        assert_eq!(map.original(normal.len()), original.len());
        assert!(normalize("plain ascii text").1.is_none());
    }

    #[test]
    fn parts_are_recognised() {
        let t = "TABLE OF CONTENTS\n1. Definitions ........ 2\n2. Services ........ 3\n\nWHEREAS the Client wants help.\nNOW, THEREFORE the parties agree as follows:\n\n1. DEFINITIONS\n\"Trial Period\" means the first 3 months.\n\n2. SERVICES\nThe Provider shall perform the Services.\nPage 2 of 9\n";
        let d = segment(t);
        let part = |needle: &str| {
            d.sentences
                .iter()
                .find(|s| d.sentence_text(s).contains(needle))
                .unwrap()
                .part
        };
        assert_eq!(part("Services ...."), Part::Toc);
        assert_eq!(part("WHEREAS"), Part::Recital);
        assert_eq!(part("\"Trial Period\" means"), Part::Definition);
        assert_eq!(part("2. SERVICES"), Part::Heading);
        assert_eq!(part("shall perform"), Part::Body);
        assert_eq!(part("Page 2 of 9"), Part::Furniture);
        assert_eq!(
            d.sections[d
                .sentences
                .iter()
                .find(|s| d.sentence_text(s).contains("shall perform"))
                .unwrap()
                .section]
                .heading,
            "SERVICES"
        );
    }

    #[test]
    fn text_without_sentence_ends_is_cut_into_bounded_pieces() {
        let words = "shall provide the services within days ".repeat(2_000);
        let d = segment(&words);
        assert!(d.sentences.len() > 4, "{}", d.sentences.len());
        let mut covered = 0;
        for s in &d.sentences {
            let t = d.sentence_text(s);
            assert!(t.len() <= MAX_SENTENCE_BYTES);
            assert_eq!(t, t.trim());
            covered += t.len();
        }
        // Only the spaces at the cuts are left out.
        assert!(covered + d.sentences.len() >= words.trim().len());
        // A word longer than the limit is cut inside it, never looped on.
        let long = "x".repeat(3 * MAX_SENTENCE_BYTES + 5);
        assert_eq!(segment(&long).sentences.len(), 4);
    }
}
