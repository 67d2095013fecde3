//! An anchored matcher for the pieces [`Literals`](super::literals::Literals) cannot take:
//! pieces with runs of a byte class (`\w*`, `X+`, `[^\]]*`, `[^.]{0,60}`) or word boundaries
//! inside, such as `\[(?:TBD|TODO|INSERT[^\]]*|X+)\]`. It tries the piece's parts in the
//! order the regular expression prefers them, backtracking, which is how leftmost-first
//! matching is defined, so its answer is the automaton's. It exists for speed: a piece's
//! automaton state is seldom in the processor's cache when a keyword place asks for it, and a
//! few comparisons cost less than those memory reads.
//!
//! Every repetition it takes consumes one byte per count (a class repeated) or is short and
//! bounded (unrolled), so there is no empty loop to guard against. A search that takes too
//! many steps gives up, and the piece's whole regex answers that one place instead.

use regex_syntax::hir::{Hir, HirKind, Look};

use super::byteset::{ByteSet, contains, is_boundary, of_byte, of_class};

/// Most steps one search takes before it gives up.
const BUDGET: usize = 2_000;

/// A piece, compiled for backtracking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backtrack {
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// One byte of the set.
    Byte(ByteSet),
    /// `min..=max` bytes of the set (`max` `None`: no bound), greedy or lazy.
    Run {
        set: ByteSet,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    /// An ASCII word boundary.
    Boundary,
    /// The first alternative, in order, with which the rest matches.
    Either(Vec<Vec<Item>>),
}

/// Why a search stopped without an answer.
pub struct GaveUp;

impl Backtrack {
    /// `hir` compiled, when every part of it is one this matcher takes: literals, classes,
    /// ASCII word boundaries, groups, alternations, repetitions of a class, and short bounded
    /// repetitions of anything else.
    ///
    /// A piece whose search may try many combinations of run lengths (gaps inside it, one
    /// after another) keeps its automaton: [`MAX_TRIES`].
    pub fn of(hir: &Hir) -> Option<Backtrack> {
        let mut items = Vec::new();
        compile(hir, &mut items)?;
        (tries(&items) <= MAX_TRIES && depth(&items) <= MAX_DEPTH).then_some(Backtrack { items })
    }

    /// The end of the match that starts at `at`, or [`GaveUp`] when finding it took too long.
    /// An empty match is left to the automaton too (which reports one only where it does not
    /// split a character).
    pub fn end_at(&self, text: &[u8], at: usize) -> Result<Option<usize>, GaveUp> {
        let mut steps = 0;
        let mut rest = Stack {
            slices: [&[]; MAX_DEPTH + 1],
            len: 0,
        };
        rest.push(self.items.as_slice());
        match go(text, at, &mut rest, &mut steps)? {
            Some(end) if end == at => Err(GaveUp),
            found => Ok(found),
        }
    }
}

/// Match the items on `rest` (the last slice first, then the ones below it) from `at`.
fn go(
    text: &[u8],
    at: usize,
    rest: &mut Stack<'_>,
    steps: &mut usize,
) -> Result<Option<usize>, GaveUp> {
    *steps += 1;
    if *steps > BUDGET {
        return Err(GaveUp);
    }
    let Some(top) = rest.pop() else {
        return Ok(Some(at));
    };
    let Some((item, after)) = top.split_first() else {
        let found = go(text, at, rest, steps);
        rest.push(top);
        return found;
    };
    rest.push(after);
    let found = match item {
        Item::Byte(set) => match text.get(at) {
            Some(&b) if contains(set, b) => go(text, at + 1, rest, steps),
            _ => Ok(None),
        },
        Item::Boundary => {
            if is_boundary(text, at) {
                go(text, at, rest, steps)
            } else {
                Ok(None)
            }
        }
        Item::Run {
            set,
            min,
            max,
            greedy,
        } => {
            let limit = max.map_or(usize::MAX, |m| m as usize);
            let most = text[at.min(text.len())..]
                .iter()
                .take(limit)
                .take_while(|&&b| contains(set, b))
                .count();
            let least = *min as usize;
            let mut found = Ok(None);
            if most >= least {
                // Greedy: the most bytes first; lazy: the fewest.
                let mut n = if *greedy { most } else { least };
                loop {
                    found = go(text, at + n, rest, steps);
                    if !matches!(found, Ok(None)) {
                        break;
                    }
                    if *greedy && n > least {
                        n -= 1;
                    } else if !*greedy && n < most {
                        n += 1;
                    } else {
                        break;
                    }
                }
            }
            found
        }
        Item::Either(alternatives) => {
            let mut found = Ok(None);
            for alternative in alternatives {
                rest.push(alternative);
                found = go(text, at, rest, steps);
                rest.pop();
                if !matches!(found, Ok(None)) {
                    break;
                }
            }
            found
        }
    };
    rest.pop();
    rest.push(top);
    found
}

/// The most alternatives nested one in another a piece may have: what is left to match is a
/// stack of one slice of items per level, kept on the call stack ([`Stack`]) rather than the
/// heap (a search is a few comparisons, and an allocation cost as much).
const MAX_DEPTH: usize = 15;

/// What is left to match, innermost last: a slice of items per level of alternatives.
struct Stack<'a> {
    slices: [&'a [Item]; MAX_DEPTH + 1],
    len: usize,
}

impl<'a> Stack<'a> {
    /// Never past the end: a level holds at most one slice, and [`Backtrack::of`] takes no
    /// piece nested deeper than [`MAX_DEPTH`].
    fn push(&mut self, slice: &'a [Item]) {
        self.slices[self.len] = slice;
        self.len += 1;
    }

    fn pop(&mut self) -> Option<&'a [Item]> {
        self.len = self.len.checked_sub(1)?;
        Some(self.slices[self.len])
    }
}

/// How deep the alternatives of `items` nest.
fn depth(items: &[Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Item::Either(alternatives) => {
                1 + alternatives.iter().map(|a| depth(a)).max().unwrap_or(0)
            }
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// The most ways of matching, roughly, a piece may have to take this matcher: each bounded
/// run's lengths multiplied along a sequence, added up over alternatives. A run without a
/// bound counts two: it runs to the end of what it matches (a word, for `\w*`), and what
/// follows it seldom lets it give back more than a byte or two; a gap (`[^.]{0,60}`) can
/// give back sixty.
const MAX_TRIES: u64 = 256;

/// The ways of matching `items`, counted as [`MAX_TRIES`] says.
fn tries(items: &[Item]) -> u64 {
    items
        .iter()
        .map(|item| match item {
            Item::Byte(_) | Item::Boundary => 1,
            Item::Run { min, max, .. } => {
                max.map_or(2, |max| u64::from(max.saturating_sub(*min)) + 1)
            }
            Item::Either(alternatives) => alternatives.iter().map(|a| tries(a)).sum(),
        })
        .fold(1u64, |product, n| product.saturating_mul(n))
}

/// Append the items of `hir` to `items`.
fn compile(hir: &Hir, items: &mut Vec<Item>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(lit) => items.extend(lit.0.iter().map(|&b| Item::Byte(of_byte(b)))),
        HirKind::Class(class) => items.push(Item::Byte(of_class(class)?)),
        HirKind::Look(Look::WordAscii) => items.push(Item::Boundary),
        HirKind::Look(_) => return None,
        HirKind::Capture(cap) => compile(&cap.sub, items)?,
        HirKind::Concat(parts) => {
            for part in parts {
                compile(part, items)?;
            }
        }
        HirKind::Alternation(alternatives) => {
            let mut compiled = Vec::with_capacity(alternatives.len());
            for alternative in alternatives {
                let mut one = Vec::new();
                compile(alternative, &mut one)?;
                compiled.push(one);
            }
            items.push(Item::Either(compiled));
        }
        HirKind::Repetition(rep) => match rep.sub.kind() {
            HirKind::Class(class) => items.push(Item::Run {
                set: of_class(class)?,
                min: rep.min,
                max: rep.max,
                greedy: rep.greedy,
            }),
            HirKind::Literal(lit) if lit.0.len() == 1 => items.push(Item::Run {
                set: of_byte(lit.0[0]),
                min: rep.min,
                max: rep.max,
                greedy: rep.greedy,
            }),
            // Anything else repeated a few times: unrolled, each count after the first
            // optional, nested the way a backtracker tries them.
            _ => {
                let max = rep.max.filter(|&m| m <= 4)?;
                let mut sub = Vec::new();
                compile(&rep.sub, &mut sub)?;
                items.extend(unroll(&sub, rep.min, max, rep.greedy));
            }
        },
    }
    Some(())
}

/// `sub` repeated `min..=max` times: `min` copies, then the optional ones, each nested in the
/// one before (greedy: another count before stopping; lazy: stopping first).
fn unroll(sub: &[Item], min: u32, max: u32, greedy: bool) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for _ in 0..min {
        items.extend_from_slice(sub);
    }
    let mut optional: Vec<Item> = Vec::new();
    for _ in min..max {
        let mut more = sub.to_vec();
        more.extend(optional);
        let stop = Vec::new();
        optional = vec![Item::Either(if greedy {
            vec![more, stop]
        } else {
            vec![stop, more]
        })];
    }
    items.extend(optional);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::shape::matching_syntax;
    use regex_automata::{Anchored, Input, meta::Regex};

    /// Every string of up to five bytes from a small alphabet, at every place: the ends are
    /// the regex's (or the search leaves the place to it), for runs greedy and lazy, bounded
    /// and not, boundaries inside a piece, nested alternatives and short repetitions of
    /// groups.
    #[test]
    fn the_backtracker_ends_where_the_regex_does() {
        let patterns = [
            r"\[(?:ab|a[^\]]*|x+)\]",
            r"a\w*\b b?",
            r"(?:a|ab)\w*?b",
            r"a[^.]{0,3}b",
            r"a[^.]{1,3}?b\b",
            r"\b(?:a\b|ab)(?: x)?",
            r"(?:ab|a){1,3}b",
            r"(?:ab|a){0,2}?x",
            r"x(?:a|b\s?){0,3}",
            r"\bx\b|y\b",
        ];
        let alphabet = [b'a', b'b', b'x', b' ', b'[', b']', b'.'];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = vec![Vec::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t: &Vec<u8>| {
                    alphabet.iter().map(move |&c| {
                        let mut t = t.clone();
                        t.push(c);
                        t
                    })
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        for pattern in patterns {
            let hir =
                regex_automata::util::syntax::parse_with(pattern, &matching_syntax()).unwrap();
            let backtrack = Backtrack::of(&hir).unwrap_or_else(|| panic!("{pattern}: not taken"));
            let regex = Regex::builder()
                .syntax(matching_syntax())
                .build(pattern)
                .unwrap();
            let mut answered = 0;
            for text in &texts {
                for at in 0..=text.len() {
                    let Ok(end) = backtrack.end_at(text, at) else {
                        continue;
                    };
                    answered += 1;
                    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                    assert_eq!(
                        end,
                        regex.find(input).map(|m| m.end()),
                        "{pattern} in {:?} at {at}",
                        String::from_utf8_lossy(text)
                    );
                }
            }
            assert!(answered > 10_000, "{pattern}: {answered} answered");
        }
    }

    /// Pieces with anchors, unbounded repeated groups or gaps one after another keep their
    /// automaton.
    #[test]
    fn other_pieces_keep_their_automaton() {
        for pattern in [r"^\|\s*services", r"(?:ab)+", r"a[^.]{0,60}b[^.]{0,40}c"] {
            let hir =
                regex_automata::util::syntax::parse_with(pattern, &matching_syntax()).unwrap();
            assert_eq!(Backtrack::of(&hir), None, "{pattern}");
        }
    }
}
