//! A policy pattern's shape: its regular expression parsed (regex-syntax) for what says how
//! it can be matched fast. This module knows only the pattern language; the build script
//! reads it too, to work out the shapes of the built-in policies' patterns ahead of time
//! (`build.rs`), so it uses nothing else of the crate.
//!
//! - **Pieces and gaps.** A pattern that is a sequence of parts joined by sentence-internal
//!   gaps (a repetition of "any byte but a period" with a bounded count, however it is
//!   spelled: `[^.]{0,80}`, `[^\.]{0,80}`, `(?:[^.]){0,80}`) is cut at its top-level gaps.
//!   Each gapless piece is a small automaton; the gaps are checked between them, so bounded
//!   repetitions never reach an automaton (where they multiply states).
//! - **Keywords.** The literals every match of a piece starts with are words a sentence must
//!   contain for the pattern to match it; the fast path screens sentences with them.
//!
//! Rules of thumb for policy authors (none is required; each only makes a pattern faster):
//! write gaps as a bounded count of non-periods (`[^.]{0,60}`) between words rather than
//! `.*`; start pieces with a word of three letters or more; keep top-level alternatives
//! (`a|b`) inside a group, so the pattern can still be cut at its gaps.

use super::bytes::{number, put, take};
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

/// How patterns are read: case-insensitive, over bytes with ASCII semantics (`\b`, `\w`, case
/// folding). Contracts' keywords are ASCII, and this keeps every pattern inside the fast DFA
/// engines.
pub fn matching_syntax() -> syntax::Config {
    syntax::Config::new()
        .case_insensitive(true)
        .unicode(false)
        .utf8(false)
}

/// What a pattern's parse says about matching it: where it is cut into pieces, and the
/// keywords of each piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The longest gap after each piece but the last.
    pub gaps: Vec<usize>,
    /// The keyword groups of its pieces ([`Groups`]).
    pub groups: Groups,
}

/// Parse `source` as written (case-sensitive: a case-folded literal has too many spellings to
/// extract keywords from); the error is the parser's message.
pub fn shape(source: &str) -> Result<Shape, String> {
    let written = syntax::parse_with(source, &matching_syntax().case_insensitive(false))
        .map_err(|e| e.to_string())?;
    let (pieces, gaps) = split(written);
    Ok(Shape {
        groups: keyword_groups(&pieces),
        gaps,
    })
}

/// The pieces a pattern is matched as, case-folded, and the gaps between them: cut where its
/// [`Shape`] (`shape_gaps`) says. Case folding never moves a gap; should it, the pattern is
/// matched whole.
pub fn matching(source: &str, shape_gaps: &[usize]) -> Result<(Vec<Hir>, Vec<usize>), String> {
    let parse = || syntax::parse_with(source, &matching_syntax()).map_err(|e| e.to_string());
    let (pieces, gaps) = split(parse()?);
    let pieces = if gaps == shape_gaps {
        pieces
    } else {
        vec![parse()?]
    };
    let gaps = if pieces.len() == 1 { Vec::new() } else { gaps };
    Ok((pieces, gaps))
}

/// A parsed pattern written as bytes, for the build script to embed the built-in patterns'
/// pieces: a node's tag, then its fields, then its children (every number a little-endian
/// `u32`). [`decode`] rebuilds it with the same constructors the parser uses, skipping the
/// parse and the case folding (most of compiling a pattern). `None` when a number does not
/// fit.
pub fn encode(hir: &Hir, out: &mut Vec<u8>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => out.push(0),
        HirKind::Literal(lit) => {
            out.push(1);
            put(out, lit.0.len())?;
            out.extend_from_slice(&lit.0);
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(2);
            put(out, class.ranges().len())?;
            for r in class.ranges() {
                out.extend_from_slice(&[r.start(), r.end()]);
            }
        }
        // The parser's own simplifications make one of an alternation of letters.
        HirKind::Class(Class::Unicode(class)) => {
            out.push(8);
            put(out, class.ranges().len())?;
            for r in class.ranges() {
                put(out, r.start() as usize)?;
                put(out, r.end() as usize)?;
            }
        }
        HirKind::Look(look) => {
            out.push(3);
            put(out, look.as_repr() as usize)?;
        }
        HirKind::Repetition(rep) => {
            out.push(4);
            put(out, rep.min as usize)?;
            put(out, rep.max.map_or(u32::MAX as usize, |m| m as usize))?;
            out.push(u8::from(rep.greedy));
            encode(&rep.sub, out)?;
        }
        HirKind::Capture(cap) => {
            out.push(5);
            put(out, cap.index as usize)?;
            match &cap.name {
                Some(name) => {
                    put(out, name.len())?;
                    out.extend_from_slice(name.as_bytes());
                }
                None => put(out, u32::MAX as usize)?,
            }
            encode(&cap.sub, out)?;
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            out.push(if matches!(hir.kind(), HirKind::Concat(_)) {
                6
            } else {
                7
            });
            put(out, subs.len())?;
            for sub in subs {
                encode(sub, out)?;
            }
        }
    }
    Some(())
}

/// A pattern [`encode`] wrote, from `bytes[*at..]`; `None` when the bytes are not one.
pub fn decode(bytes: &[u8], at: &mut usize) -> Option<Hir> {
    let tag = *bytes.get(*at)?;
    *at += 1;
    Some(match tag {
        0 => Hir::empty(),
        1 => {
            let n = number(bytes, at)?;
            Hir::literal(take(bytes, at, n)?)
        }
        2 => {
            let n = number(bytes, at)?;
            let pairs = take(bytes, at, n.checked_mul(2)?)?;
            let ranges = pairs
                .chunks_exact(2)
                .map(|p| ClassBytesRange::new(p[0], p[1]));
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        8 => {
            let n = number(bytes, at)?;
            let mut ranges = Vec::new();
            for _ in 0..n {
                let start = char::from_u32(number(bytes, at)? as u32)?;
                let end = char::from_u32(number(bytes, at)? as u32)?;
                ranges.push(ClassUnicodeRange::new(start, end));
            }
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        3 => Hir::look(Look::from_repr(number(bytes, at)? as u32)?),
        4 => {
            let min = number(bytes, at)? as u32;
            let max = Some(number(bytes, at)? as u32).filter(|&m| m != u32::MAX);
            let greedy = *take(bytes, at, 1)?.first()? == 1;
            let sub = Box::new(decode(bytes, at)?);
            Hir::repetition(Repetition {
                min,
                max,
                greedy,
                sub,
            })
        }
        5 => {
            let index = number(bytes, at)? as u32;
            let name = match number(bytes, at)? {
                n if n == u32::MAX as usize => None,
                n => Some(std::str::from_utf8(take(bytes, at, n)?).ok()?.into()),
            };
            let sub = Box::new(decode(bytes, at)?);
            Hir::capture(Capture { index, name, sub })
        }
        6 | 7 => {
            let n = number(bytes, at)?;
            let subs = (0..n)
                .map(|_| decode(bytes, at))
                .collect::<Option<Vec<_>>>()?;
            if tag == 6 {
                Hir::concat(subs)
            } else {
                Hir::alternation(subs)
            }
        }
        _ => return None,
    })
}

impl Shape {
    /// The shape as bytes, for the build script ([`Shape::from_bytes`] reads it back): the
    /// gaps, the groups (each a list of words) and each piece's group (255: none), every
    /// list's length first, every number a little-endian `u32`.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        put(&mut out, self.gaps.len())?;
        for &g in &self.gaps {
            put(&mut out, g)?;
        }
        put(&mut out, self.groups.0.len())?;
        for group in &self.groups.0 {
            put(&mut out, group.len())?;
            for word in group {
                put(&mut out, word.len())?;
                out.extend_from_slice(word);
            }
        }
        put(&mut out, self.groups.1.len())?;
        out.extend(self.groups.1.iter().map(|g| g.unwrap_or(u8::MAX)));
        Some(out)
    }

    /// What [`Shape::to_bytes`] wrote; `None` when the bytes are not that.
    pub fn from_bytes(bytes: &[u8]) -> Option<Shape> {
        let mut at = 0usize;
        let at = &mut at;
        let gaps = (0..number(bytes, at)?)
            .map(|_| number(bytes, at))
            .collect::<Option<Vec<_>>>()?;
        let mut groups = Vec::new();
        for _ in 0..number(bytes, at)? {
            let mut group = Vec::new();
            for _ in 0..number(bytes, at)? {
                let n = number(bytes, at)?;
                group.push(take(bytes, at, n)?.to_vec());
            }
            groups.push(group);
        }
        let n = number(bytes, at)?;
        let pieces = take(bytes, at, n)?
            .iter()
            .map(|&g| (g != u8::MAX).then_some(g))
            .collect();
        Some(Shape {
            gaps,
            groups: (groups, pieces),
        })
    }
}

/// A pattern's [`matching`] pieces and gaps as bytes: the gaps (their count first), then
/// each piece ([`encode`]).
pub fn encode_matching(pieces: &[Hir], gaps: &[usize]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for n in std::iter::once(gaps.len()).chain(gaps.iter().copied()) {
        put(&mut out, n)?;
    }
    for piece in pieces {
        encode(piece, &mut out)?;
    }
    Some(out)
}

/// What [`encode_matching`] wrote; `None` when the bytes are not that.
pub fn decode_matching(bytes: &[u8]) -> Option<(Vec<Hir>, Vec<usize>)> {
    let mut at = 0;
    let n = number(bytes, &mut at)?;
    let gaps = (0..n)
        .map(|_| number(bytes, &mut at))
        .collect::<Option<Vec<_>>>()?;
    let mut pieces = Vec::with_capacity(n + 1);
    while at < bytes.len() {
        pieces.push(decode(bytes, &mut at)?);
    }
    let whole = pieces.len() == 1 && gaps.is_empty();
    (whole || pieces.len() == gaps.len() + 1).then_some((pieces, gaps))
}

/// The top-level gap of a sequence: a bounded repetition, from zero, of every byte but a
/// period. Its longest count.
fn gap(hir: &Hir) -> Option<usize> {
    let HirKind::Repetition(rep) = hir.kind() else {
        return None;
    };
    let max = rep.max?;
    if rep.min != 0 {
        return None;
    }
    let HirKind::Class(Class::Bytes(class)) = rep.sub.kind() else {
        return None;
    };
    let ranges = class.ranges();
    let all_but_period = ranges.len() == 2
        && (ranges[0].start(), ranges[0].end()) == (0, b'.' - 1)
        && (ranges[1].start(), ranges[1].end()) == (b'.' + 1, 0xFF);
    all_but_period.then_some(max as usize)
}

/// A pattern's pieces and the gaps between them: cut at top-level gaps of a sequence. A
/// pattern that is not a sequence, or has a gap at either end, stays whole.
pub fn split(hir: Hir) -> (Vec<Hir>, Vec<usize>) {
    let cuts = match hir.kind() {
        HirKind::Concat(items) => {
            let cuts: Vec<(usize, usize)> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| gap(item).map(|n| (i, n)))
                .collect();
            let gap_at_end = cuts.iter().any(|&(i, _)| {
                i == 0 || i + 1 == items.len() || cuts.iter().any(|&(j, _)| j == i + 1)
            });
            if gap_at_end { Vec::new() } else { cuts }
        }
        _ => Vec::new(),
    };
    if cuts.is_empty() {
        return (vec![hir], Vec::new());
    }
    let HirKind::Concat(items) = hir.into_kind() else {
        unreachable!("cuts are only found in a sequence")
    };
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut current = Vec::new();
    let mut next_cut = cuts.iter().map(|&(i, _)| i).peekable();
    for (i, item) in items.into_iter().enumerate() {
        if next_cut.peek() == Some(&i) {
            next_cut.next();
            pieces.push(Hir::concat(std::mem::take(&mut current)));
        } else {
            current.push(item);
        }
    }
    pieces.push(Hir::concat(current));
    (pieces, cuts.into_iter().map(|(_, n)| n).collect())
}

/// At most this many pieces of a pattern are screened by keywords (a bit each).
pub const MAX_GROUPS: usize = 16;

/// The keywords a sentence must contain for a pattern to match, as groups: one group per
/// gapless piece whose matches all start with a selective literal (three letters or more, or
/// a punctuation mark), holding those literals lower-cased. A sentence can only match when it
/// holds a keyword of every group. No group: the pattern is tested on every sentence. A piece
/// whose literals are all digits or all two-letter words, or a piece after the first with a
/// [`COMMON`] word among its literals, has a group only when no other piece has one; a literal
/// another of the piece's begins is left out.
///
/// Also returns, for each piece, the index of its group (`None` for a piece without one): the
/// places a piece can start are then exactly the places its group's keywords start.
pub type Groups = (Vec<Vec<Vec<u8>>>, Vec<Option<u8>>);

fn keyword_groups(written: &[Hir]) -> Groups {
    // Each piece's keywords, if it has any.
    let mut pieces = Vec::new();
    for hir in written {
        let seq = Extractor::new()
            .kind(ExtractKind::Prefix)
            .limit_total(64)
            .extract(hir);
        // Words need three letters to be selective; a punctuation mark (`[`, `{`, `$`) is
        // selective on its own.
        let selective = |l: &[u8]| l.len() >= 3 || !l.is_empty() && !l[0].is_ascii_alphanumeric();
        let words: Option<Vec<Vec<u8>>> = match seq.literals() {
            Some(lits) if !lits.is_empty() && lits.iter().all(|l| selective(l.as_bytes())) => Some(
                lits.iter()
                    .map(|l| l.as_bytes().to_ascii_lowercase())
                    .collect(),
            ),
            // Too many literals, or too short (a number: `\d{1,2}[:.]\d{2}`): the bytes a
            // match can start with are keywords too, when none is a letter. Most sentences
            // hold no digit, and a number pattern would otherwise read every sentence.
            _ => first_bytes(hir, 64)
                .filter(|bytes| !bytes.iter().any(u8::is_ascii_alphabetic))
                .map(|bytes| bytes.into_iter().map(|b| vec![b]).collect()),
        };
        pieces.push(words.map(shortest_prefixes));
    }
    // A group of digits (a number piece, `\d+\s?%`) or of two-letter words ("in ", "of ",
    // "to ") is in most sentences, and so is one holding a common word ("the", "for"): a
    // group is as frequent as its most frequent word. Such a group is kept only when the
    // pattern has no other group; the piece is then searched plainly, in the few sentences
    // the pattern's other groups let through. A first piece keeps a group of common words:
    // searched plainly, it would be searched for from the sentence's start, where a later
    // piece is searched for only within its gap.
    let weak = |piece: usize, words: &Vec<Vec<u8>>| {
        let short = words.iter().all(|w| match w.as_slice() {
            [d] => d.is_ascii_digit(),
            [_, _, b' '] => true,
            _ => false,
        });
        short || piece > 0 && words.iter().any(|w| is_common(w))
    };
    let any_strong = pieces
        .iter()
        .enumerate()
        .any(|(i, w)| w.as_ref().is_some_and(|w| !weak(i, w)));
    let mut groups: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut piece_groups = Vec::new();
    for (i, words) in pieces.into_iter().enumerate() {
        let index = match words.filter(|w| !(any_strong && weak(i, w))) {
            None => None,
            Some(words) => match groups.iter().position(|g| *g == words) {
                Some(i) => Some(i),
                None if groups.len() < MAX_GROUPS => {
                    groups.push(words);
                    Some(groups.len() - 1)
                }
                None => None,
            },
        };
        piece_groups.push(index.map(|i| i as u8));
    }
    (groups, piece_groups)
}

/// English words so frequent in any prose, contracts' included, that a sentence holding one
/// says nothing about what it states (a keyword is a prefix: "any" also stands for
/// "company" and "many"). A keyword is one of them when it is the word, whatever follows.
const COMMON: &[&str] = &[
    "a", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "do",
    "each", "for", "from", "has", "have", "if", "in", "into", "is", "it", "its", "may", "must",
    "no", "not", "of", "on", "or", "other", "per", "shall", "should", "such", "that", "the",
    "their", "these", "they", "this", "those", "to", "under", "upon", "was", "were", "which",
    "will", "with", "would",
];

/// Whether keyword `word` is a [`COMMON`] word (with or without the space after it).
fn is_common(word: &[u8]) -> bool {
    let word = word.strip_suffix(b" ").unwrap_or(word);
    COMMON.iter().any(|c| c.as_bytes() == word)
}

/// The keywords that screen a check pattern (an exclusion, veto or quantity), from its
/// `groups`: the group whose shortest literal is longest, as the likeliest to be rare, each
/// literal cut to a few bytes (a match still starts with the cut literal, and long phrases
/// would only add states to the keyword automaton). One group is enough: a check is only
/// tested in sentences that already hold evidence.
pub fn check_screen(groups: Vec<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    const LONGEST: usize = 10;
    let shortest = |g: &Vec<Vec<u8>>| g.iter().map(Vec::len).min().unwrap_or(0);
    let group = groups.into_iter().max_by_key(shortest)?;
    Some(shortest_prefixes(
        group
            .into_iter()
            .map(|mut k| {
                k.truncate(LONGEST);
                k
            })
            .collect(),
    ))
}

/// The literals every match of `source` starts with, lower-cased, without those another of
/// them begins (read as written, like [`shape`]): the keywords that say where the pattern can
/// match, however short. `None` when there is no such finite list, or a match can start with
/// nothing in particular.
pub fn prefixes(source: &str) -> Option<Vec<Vec<u8>>> {
    let written = syntax::parse_with(source, &matching_syntax().case_insensitive(false)).ok()?;
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(64)
        .extract(&written);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(shortest_prefixes(
        literals
            .iter()
            .map(|l| l.as_bytes().to_ascii_lowercase())
            .collect(),
    ))
}

/// A piece's literals without those another of them begins ("of the " goes, "of " stays):
/// wherever the longer one starts the shorter one starts too, so it neither lets through
/// another sentence nor gives another place. Sorted, so a literal's prefixes come before it.
fn shortest_prefixes(mut words: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    words.sort();
    words.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(words.len());
    for w in words {
        if !kept.iter().any(|k| w.starts_with(k)) {
            kept.push(w);
        }
    }
    kept
}

/// The bytes every match of `hir` can start with (sorted, each once), when the prefix
/// extractor finds at most `most` of them and no match is empty. The keyword groups take them
/// when none is a letter; a pattern piece is tried at each place holding one
/// (`pattern::Piece::find_each`).
pub fn first_bytes(hir: &Hir, most: usize) -> Option<Vec<u8>> {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(1)
        .limit_total(most)
        .extract(hir);
    let lits = seq.literals()?;
    let mut bytes = Vec::new();
    for l in lits {
        match *l.as_bytes() {
            [b] => bytes.push(b),
            _ => return None,
        }
    }
    bytes.sort_unstable();
    bytes.dedup();
    (!bytes.is_empty() && lits.len() <= most).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(p: &str) -> Groups {
        shape(p).unwrap().groups
    }

    /// A number piece, or a piece of two-letter words, is screened by them only when the
    /// pattern has nothing better; a literal that begins with another of its piece's is
    /// dropped.
    #[test]
    fn digits_screen_only_patterns_without_words() {
        let digits: Vec<Vec<u8>> = (b'0'..=b'9').map(|b| vec![b]).collect();
        let (g, pieces) = groups(r"\b\d+\s?%[^.]{0,40}\bwithin\b");
        assert_eq!(g, vec![vec![b"within".to_vec()]]);
        assert_eq!(pieces, vec![None, Some(0)]);
        let (g, pieces) = groups(r"\b\d{1,2}[:.]\d{2}\b[^.]{0,40}\b(?:UK|time)\b");
        assert_eq!(g, vec![digits]);
        assert_eq!(pieces, vec![Some(0), None]);
        let (g, pieces) = groups(r"\bchanges?\b[^.]{0,60}\b(?:in|to) (?:the )?\w+ plan\b");
        assert_eq!(g, vec![vec![b"change".to_vec()]]);
        assert_eq!(pieces, vec![Some(0), None]);
        let (g, _) = groups(r"\b(?:in|to) (?:the )?\w+ plan\b");
        assert_eq!(g, vec![vec![b"in ".to_vec(), b"to ".to_vec()]]);
        let (g, _) = groups(r"\b(?:terminat\w*|termination for)\b");
        assert_eq!(g, vec![vec![b"terminat".to_vec()]]);
    }

    /// A later piece of common words has no group when another piece has one; a first piece
    /// keeps its group.
    #[test]
    fn common_words_screen_only_first_pieces() {
        let words =
            |ws: &[&str]| -> Vec<Vec<u8>> { ws.iter().map(|w| w.as_bytes().to_vec()).collect() };
        let (g, pieces) =
            groups(r"\blaws? of\b[^.]{0,80}\b(?:governs?|applies)\b[^.]{0,40}\b(?:this|the|any)\b");
        assert_eq!(
            g,
            vec![words(&["law of", "laws of"]), words(&["applies", "govern"])]
        );
        assert_eq!(pieces, vec![Some(0), Some(1), None]);
        let (g, pieces) = groups(r"\bonly use\b[^.]{0,40}\b(?:for|in connection with)\b");
        assert_eq!(g, vec![words(&["only use"])]);
        assert_eq!(pieces, vec![Some(0), None]);
        let (g, pieces) = groups(r"\b(?:with|upon)\b[^.]{0,40}\bnotice\b");
        assert_eq!(g, vec![words(&["upon", "with"]), words(&["notice"])]);
        assert_eq!(pieces, vec![Some(0), Some(1)]);
        let (g, pieces) = groups(r"\bshall\b[^.]{0,40}\b(?:the|any)\b");
        assert_eq!(g, vec![words(&["shall"])]);
        assert_eq!(pieces, vec![Some(0), None]);
        // "the recipient" is a phrase, not the common word.
        let (g, _) = groups(r"\bnotify\b[^.]{0,40}\bthe recipient\b");
        assert_eq!(g, vec![words(&["notify"]), words(&["the recipient"])]);
    }

    /// A check is screened by its most selective group, cut to ten bytes.
    #[test]
    fn a_check_is_screened_by_its_rarest_group() {
        let screen = |p: &str| check_screen(groups(p).0);
        assert_eq!(
            screen(r"\bsecurity (?:deposit|interest)\b"),
            Some(vec![b"security d".to_vec(), b"security i".to_vec()])
        );
        assert_eq!(
            screen(r"\b(?:fees|price)\b[^.]{0,60}\bat the end of\b"),
            Some(vec![b"at the end".to_vec()])
        );
        assert_eq!(screen(r"\b(?:if|when)\b"), None);
    }
}
