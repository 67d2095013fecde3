//! A piece of a pattern whose matches are a short list of strings, such as
//! `\b(?:provider|vendor|supplier)\b`, `\bservices?\b`, `\bterminat\w*\b` or
//! `\b\d{1,2}[.:]\d{2}\b`: most pieces of the built-in policies are. Such a piece is matched at
//! a keyword's place by comparing its strings there, in the order the regular expression
//! prefers them, instead of running its automaton. The answer is the same: a backtracking
//! matcher, whose answer leftmost-first matching is defined to give, tries exactly those
//! strings in that order. A comparison of a few bytes costs a fraction of starting an
//! automaton search, whose state (one per piece) is seldom in the processor's cache.

use regex_syntax::hir::{Hir, HirKind};

use super::byteset::{
    ByteSet, contains, is_boundary, is_word, is_word_boundary, of_byte, of_class, parts,
};

/// The most strings a piece may stand for; a piece with more keeps its automaton.
const MAX_STRINGS: usize = 64;
/// The longest string.
const MAX_LEN: usize = 64;

/// A finite piece, between optional ASCII word boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literals {
    boundary_before: bool,
    boundary_after: bool,
    /// The byte sets the strings' positions accept, each once.
    sets: Vec<ByteSet>,
    /// The strings, in the order the regular expression prefers them.
    strings: Vec<Str>,
}

/// One string of a piece: a byte set per position (an index into [`Literals::sets`]), and
/// whether a run of word bytes (`\w*`, greedy) ends it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Str {
    sets: Vec<u8>,
    word_run: bool,
    /// How many of its first positions it shares with the string before it: where that one
    /// failed within them, this one fails too, untried (strings in order of preference come
    /// in runs that share a prefix, such as the sixteen spellings of a time of day).
    shared: usize,
}

impl Literals {
    /// The strings of `hir` (a case-folded piece), when it is `\b`, then an expression with no
    /// other assertion whose matches are at most [`MAX_STRINGS`] non-empty strings (each
    /// perhaps ending in `\w*`), then `\b`; each `\b` optional.
    pub fn of(hir: &Hir) -> Option<Literals> {
        let mut parts = parts(hir);
        let boundary_before = parts.first().is_some_and(is_word_boundary);
        if boundary_before {
            parts = &parts[1..];
        }
        let boundary_after = parts.last().is_some_and(is_word_boundary);
        if boundary_after {
            parts = &parts[..parts.len() - 1];
        }
        let mut sets = Vec::new();
        let mut strings = expand_concat(parts, &mut sets)?;
        if strings.iter().any(|s| s.sets.is_empty()) {
            return None;
        }
        for i in 1..strings.len() {
            let (before, this) = (&strings[i - 1].sets, &strings[i].sets);
            strings[i].shared = before.iter().zip(this).take_while(|(a, b)| a == b).count();
        }
        Some(Literals {
            boundary_before,
            boundary_after,
            sets,
            strings,
        })
    }

    /// The end of the match that starts at `at`, if there is one: the first string, in order
    /// of preference, found at `at` with the boundaries holding.
    pub fn end_at(&self, text: &[u8], at: usize) -> Option<usize> {
        if self.boundary_before && !is_boundary(text, at) {
            return None;
        }
        let rest = text.get(at..)?;
        // Where the string before failed to compare (past the text's end: the text ran out);
        // `usize::MAX` when it compared whole.
        let mut failed_at = usize::MAX;
        self.strings.iter().find_map(|s| {
            if s.shared > failed_at {
                return None;
            }
            failed_at = s
                .sets
                .iter()
                .zip(rest)
                .position(|(&id, &b)| !contains(&self.sets[usize::from(id)], b))
                .unwrap_or(if s.sets.len() > rest.len() {
                    rest.len()
                } else {
                    usize::MAX
                });
            if failed_at != usize::MAX {
                return None;
            }
            let mut end = at + s.sets.len();
            if s.word_run {
                end += text[end..].iter().take_while(|&&b| is_word(b)).count();
            }
            (!self.boundary_after || is_boundary(text, end)).then_some(end)
        })
    }
}

/// The index of `set` in `sets`, added if new; `None` past 256 sets.
fn intern(set: ByteSet, sets: &mut Vec<ByteSet>) -> Option<u8> {
    let id = match sets.iter().position(|known| known.iter().eq(&set)) {
        Some(id) => id,
        None => {
            sets.push(set);
            sets.len() - 1
        }
    };
    u8::try_from(id).ok()
}

/// Whether `hir` is `\w*`, greedy.
fn is_word_run(hir: &Hir) -> bool {
    let HirKind::Repetition(rep) = hir.kind() else {
        return false;
    };
    let HirKind::Class(class) = rep.sub.kind() else {
        return false;
    };
    rep.min == 0
        && rep.max.is_none()
        && rep.greedy
        && of_class(class).is_some_and(|set| (0..=255).all(|b| contains(&set, b) == is_word(b)))
}

/// Every string `hir` matches, in order of preference; `None` when it has an assertion, is
/// not finite (but for a `\w*` at the end of a string), or has too many or too long strings.
fn expand(hir: &Hir, sets: &mut Vec<ByteSet>) -> Option<Vec<Str>> {
    match hir.kind() {
        HirKind::Empty => Some(vec![Str::default()]),
        HirKind::Literal(lit) => {
            let ids = lit.0.iter().map(|&b| intern(of_byte(b), sets));
            Some(vec![Str {
                sets: ids.collect::<Option<_>>()?,
                word_run: false,
                shared: 0,
            }])
        }
        HirKind::Class(class) => Some(vec![Str {
            sets: vec![intern(of_class(class)?, sets)?],
            word_run: false,
            shared: 0,
        }]),
        HirKind::Look(_) => None,
        HirKind::Capture(cap) => expand(&cap.sub, sets),
        HirKind::Concat(parts) => expand_concat(parts, sets),
        HirKind::Alternation(alternatives) => {
            let mut strings = Vec::new();
            for alternative in alternatives {
                strings.extend(expand(alternative, sets)?);
                if strings.len() > MAX_STRINGS {
                    return None;
                }
            }
            Some(strings)
        }
        HirKind::Repetition(_) if is_word_run(hir) => Some(vec![Str {
            sets: Vec::new(),
            word_run: true,
            shared: 0,
        }]),
        HirKind::Repetition(rep) => {
            let max = rep.max?;
            if max > 8 {
                return None;
            }
            repeat(&expand(&rep.sub, sets)?, rep.min, max, rep.greedy)
        }
    }
}

/// The strings of a sequence of parts, in order of preference.
fn expand_concat(parts: &[Hir], sets: &mut Vec<ByteSet>) -> Option<Vec<Str>> {
    let mut strings = vec![Str::default()];
    for part in parts {
        let right = expand(part, sets)?;
        match &right[..] {
            // One string (a letter, most often): appended in place.
            [one] if strings.iter().all(|s| !s.word_run) => {
                for s in &mut strings {
                    s.sets.extend_from_slice(&one.sets);
                    s.word_run = one.word_run;
                    if s.sets.len() > MAX_LEN {
                        return None;
                    }
                }
            }
            _ => strings = concat(&strings, &right)?,
        }
    }
    Some(strings)
}

/// The strings of `sub` repeated `min..=max` times, in order of preference. A backtracking
/// matcher decides one repetition at a time: greedy, it tries each string of `sub` followed
/// by the rest of the repetitions before it tries stopping; lazy, stopping first.
fn repeat(sub: &[Str], min: u32, max: u32, greedy: bool) -> Option<Vec<Str>> {
    if max == 0 {
        return Some(vec![Str::default()]);
    }
    let more = concat(sub, &repeat(sub, min.saturating_sub(1), max - 1, greedy)?)?;
    if min > 0 {
        return Some(more);
    }
    let stop = vec![Str::default()];
    let strings = if greedy { [more, stop] } else { [stop, more] }.concat();
    (strings.len() <= MAX_STRINGS).then_some(strings)
}

/// Each of `left` followed by each of `right`, in order of preference (the left string
/// decides first, as a backtracking matcher tries them). `None` when a `\w*` would be
/// followed by more of the piece: only a final one is matched here.
fn concat(left: &[Str], right: &[Str]) -> Option<Vec<Str>> {
    if left.len() * right.len() > MAX_STRINGS {
        return None;
    }
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            if l.word_run && (r.word_run || !r.sets.is_empty()) {
                return None;
            }
            if l.sets.len() + r.sets.len() > MAX_LEN {
                return None;
            }
            let mut sets = l.sets.clone();
            sets.extend_from_slice(&r.sets);
            out.push(Str {
                sets,
                word_run: l.word_run || r.word_run,
                shared: 0,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::shape::matching_syntax;
    use regex_automata::{Anchored, Input, meta::Regex};

    /// `pattern`'s strings, and the reference it is held to: the same pattern, compiled by
    /// regex-automata, searched anchored.
    fn both(pattern: &str) -> (Literals, Regex) {
        let hir = regex_automata::util::syntax::parse_with(pattern, &matching_syntax()).unwrap();
        let literals = Literals::of(&hir).unwrap_or_else(|| panic!("{pattern}: no strings"));
        let regex = Regex::builder()
            .syntax(matching_syntax())
            .build(pattern)
            .unwrap();
        (literals, regex)
    }

    fn reference(regex: &Regex, text: &[u8], at: usize) -> Option<usize> {
        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
        regex.find(input).map(|m| m.end())
    }

    /// Every string of up to five letters from a small alphabet, at every place: the ends are
    /// the regex's, for alternatives that share prefixes, optional and lazy parts, counted
    /// repetitions of alternatives, word runs and boundaries.
    #[test]
    fn the_strings_end_where_the_regex_does() {
        let patterns = [
            r"\b(?:a|ab)\b",
            r"(?:a|ab)(?:b|)",
            r"\b(?:ab|a)b?",
            r"x(?:a|ab){0,2}",
            r"(?:a|ab){0,2}b",
            r"(?:a|ab){1,3}?",
            r"(?:b|ab)??a",
            r"\bx\w*\b",
            r"\b(?:xy|x)\w*",
            r"\b(?:a|b\w*)\b",
            r"\b[0-9]{1,2}(?:[.:][0-9]{2})?\s?[ab]\.?y\b",
            r"\bA ?B\b",
            r"1[ab]|x",
        ];
        let alphabet = [b'a', b'b', b'x', b'y', b' ', b'1', b'.', b'A'];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..5 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                .flat_map(|t| {
                    alphabet.iter().map(move |&c| {
                        let mut t = t.clone();
                        t.push(c);
                        t
                    })
                })
                .collect();
            texts.extend(longer);
        }
        for pattern in patterns {
            let (literals, regex) = both(pattern);
            for text in &texts {
                for at in 0..=text.len() {
                    assert_eq!(
                        literals.end_at(text, at),
                        reference(&regex, text, at),
                        "{pattern} in {:?} at {at}",
                        String::from_utf8_lossy(text)
                    );
                }
            }
        }
    }

    /// Pieces that are not a short list of strings keep their automaton.
    #[test]
    fn other_pieces_are_not_strings() {
        for pattern in [
            r"\bfees?\b[^.]{0,40}\bdays\b",
            r"\w+ days",
            r"\bx\w*y",
            r"a*",
            r"(?:the )?",
            r"^\|\s*services",
            r"\b(?:ab|cd|ef|gh)(?:ab|cd|ef|gh)(?:ab|cd|ef|gh)(?:ab|cd|ef|gh)",
        ] {
            let hir =
                regex_automata::util::syntax::parse_with(pattern, &matching_syntax()).unwrap();
            assert_eq!(Literals::of(&hir), None, "{pattern}");
        }
    }
}
