//! Sets of bytes and ASCII word boundaries, as the piece matchers that stand in for an
//! automaton at a keyword's place read them ([`super::literals`], [`super::backtrack`]), and
//! the bytes a piece can start with ([`super::pattern`]).

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A set of bytes, one bit each.
pub type ByteSet = [u64; 4];

pub fn contains(set: &ByteSet, b: u8) -> bool {
    set[usize::from(b >> 6)] >> (b & 63) & 1 == 1
}

/// The set of one byte.
pub fn of_byte(b: u8) -> ByteSet {
    of_range(b, b)
}

/// The set of the bytes `start..=end`.
fn of_range(start: u8, end: u8) -> ByteSet {
    (start..=end).fold([0u64; 4], |mut set, b| {
        set[usize::from(b >> 6)] |= 1 << (b & 63);
        set
    })
}

/// The bytes of either set.
pub fn union(a: &ByteSet, b: &ByteSet) -> ByteSet {
    std::array::from_fn(|i| a[i] | b[i])
}

/// The bytes a class matches; `None` for a class of characters beyond ASCII (a class read
/// as bytes is always a set of bytes).
pub fn of_class(class: &Class) -> Option<ByteSet> {
    let mut set = [0u64; 4];
    let mut add = |start: u8, end: u8| set = union(&set, &of_range(start, end));
    match class {
        Class::Bytes(c) => c.ranges().iter().for_each(|r| add(r.start(), r.end())),
        Class::Unicode(c) => {
            for r in c.ranges() {
                if !r.end().is_ascii() {
                    return None;
                }
                add(r.start() as u8, r.end() as u8);
            }
        }
    }
    Some(set)
}

/// Whether `b` is a word byte of `\w` read over bytes.
pub fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether an ASCII word boundary (`\b` read over bytes) is at `i`.
pub fn is_boundary(text: &[u8], i: usize) -> bool {
    let word = |j: Option<usize>| j.and_then(|j| text.get(j)).is_some_and(|&b| is_word(b));
    word(i.checked_sub(1)) != word(Some(i))
}

/// Whether `hir` is an ASCII word boundary assertion (`\b` read over bytes).
pub fn is_word_boundary(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Look(Look::WordAscii))
}

/// The parts of `hir` in sequence: a concatenation's, or `hir` alone.
pub fn parts(hir: &Hir) -> &[Hir] {
    match hir.kind() {
        HirKind::Concat(parts) => parts,
        _ => std::slice::from_ref(hir),
    }
}
