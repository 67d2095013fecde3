//! A policy pattern, understood rather than scanned: its regular expression is parsed once
//! (regex-syntax), and the parse says how it can be matched fast.
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

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::meaning::Role;
use super::policy::Policy;

/// How patterns are read: case-insensitive, over bytes with ASCII semantics (`\b`, `\w`, case
/// folding). Contracts' keywords are ASCII, and this keeps every pattern inside the fast DFA
/// engines.
fn matching_syntax() -> syntax::Config {
    syntax::Config::new()
        .case_insensitive(true)
        .unicode(false)
        .utf8(false)
}

/// A pattern, parsed: where it is cut into pieces, and the keywords of each piece.
pub struct Pattern {
    source: String,
    /// The longest gap after each piece but the last.
    gaps: Vec<usize>,
    /// The keyword groups of its pieces ([`keyword_groups`]).
    groups: Groups,
}

impl Pattern {
    /// Parse `source` as written (case-sensitive: a case-folded literal has too many
    /// spellings to extract keywords from); the error is the parser's message. It is parsed
    /// again for matching, case-folded, only when first used: most patterns never meet their
    /// keywords in a run, and folding them all up front slowed every single-contract run.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        let written = syntax::parse_with(source, &matching_syntax().case_insensitive(false))
            .map_err(|e| e.to_string())?;
        let (pieces, gaps) = split(written);
        Ok(Pattern {
            source: source.to_string(),
            groups: keyword_groups(&pieces),
            gaps,
        })
    }

    /// Compile the pieces for matching.
    pub fn matcher(&self) -> Result<Matcher, String> {
        let matched =
            syntax::parse_with(&self.source, &matching_syntax()).map_err(|e| e.to_string())?;
        let (pieces, gaps) = split(matched);
        // Case folding never moves a gap; should it, the pattern is matched whole.
        let pieces = if gaps == self.gaps {
            pieces
        } else {
            vec![syntax::parse_with(&self.source, &matching_syntax()).map_err(|e| e.to_string())?]
        };
        let gaps = if pieces.len() == 1 { Vec::new() } else { gaps };
        Ok(Matcher {
            pieces: pieces
                .iter()
                .map(build)
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?,
            gaps,
        })
    }

    /// The keyword groups of its pieces.
    pub fn groups(&self) -> &Groups {
        &self.groups
    }
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
fn split(hir: Hir) -> (Vec<Hir>, Vec<usize>) {
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

/// Compile one piece lean: no prefilters (the keywords already chose the sentence), no
/// capture groups, only the lazy DFA (a full DFA per piece cost more to build than it saved
/// on the short sentences pieces read).
fn build(hir: &Hir) -> Result<Regex, Box<meta::BuildError>> {
    Regex::builder()
        .configure(
            Regex::config()
                .match_kind(MatchKind::LeftmostFirst)
                .auto_prefilter(false)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
                .onepass(false)
                .backtrack(false)
                .dfa(false)
                .nfa_size_limit(Some(1 << 22)),
        )
        .build_from_hir(hir)
        .map_err(Box::new)
}

/// A regular expression of the lean kind [`build`] makes, from its source (the negation cue).
pub fn lean(source: &str) -> Result<Regex, String> {
    let hir = syntax::parse_with(source, &matching_syntax()).map_err(|e| e.to_string())?;
    build(&hir).map_err(|e| e.to_string())
}

/// A pattern compiled as gapless pieces joined by bounded, sentence-internal gaps.
///
/// A match is the leftmost place where the first piece matches and each next piece starts
/// within its gap after the one before (and before the next period); its end is where the
/// last piece ends, taking for each piece the earliest start that lets the rest match.
pub struct Matcher {
    pieces: Vec<Regex>,
    gaps: Vec<usize>,
}

/// For a piece of a pattern, every place in the sentence it can start (packed occurrences,
/// ascending), when the sentence's keywords tell.
pub type Places<'p> = dyn Fn(usize) -> Option<&'p [u64]> + 'p;

/// The start of a packed keyword occurrence.
pub fn place(packed: u64) -> usize {
    (packed & 0xFFFF_FFFF) as usize
}

impl Matcher {
    /// A matcher that never matches (for a pattern that failed to compile on first use; every
    /// pattern is checked when its policy loads).
    pub fn never() -> Matcher {
        Matcher {
            pieces: vec![lean("$^").expect("valid")],
            gaps: Vec::new(),
        }
    }

    pub fn is_match(&self, text: &[u8]) -> bool {
        self.find_at(text, 0, &|_| None).is_some()
    }

    /// Non-overlapping matches, left to right.
    pub fn find_iter<'t>(&'t self, text: &'t [u8]) -> impl Iterator<Item = (usize, usize)> + 't {
        self.find_iter_at(text, &|_| None)
    }

    /// [`Matcher::find_iter`], given for some pieces every place they can start.
    pub fn find_iter_at<'a>(
        &'a self,
        text: &'a [u8],
        starts: &'a Places<'_>,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (s, e) = self.find_at(text, from, starts)?;
            from = if e > s { e } else { s + 1 };
            Some((s, e))
        })
    }

    /// The first match starting at or after `from`. `starts(k)`, when it knows them, gives
    /// every place piece `k` can start (ascending): that piece is then tried only there, with
    /// anchored searches that read a few bytes each, instead of searching the sentence from
    /// the left. The matches are the same; the reading is a fraction.
    pub fn find_at(
        &self,
        text: &[u8],
        mut from: usize,
        starts: &Places<'_>,
    ) -> Option<(usize, usize)> {
        if let Some(places) = starts(0) {
            return self.try_places(text, 0, places, from, text.len(), starts);
        }
        while from <= text.len() {
            let m = self.pieces[0].find(Input::new(text).range(from..))?;
            if let Some(end) = self.rest(text, 1, m.end(), starts) {
                return Some((m.start(), end));
            }
            from = m.start() + 1;
        }
        None
    }

    /// The end of a match of pieces `k..`, with piece `k` starting within its gap after `at`.
    fn rest(&self, text: &[u8], k: usize, at: usize, starts: &Places<'_>) -> Option<usize> {
        if k == self.pieces.len() {
            return Some(at);
        }
        let limit = self.limit(text, k, at);
        if let Some(places) = starts(k) {
            return self
                .try_places(text, k, places, at, limit, starts)
                .map(|(_, end)| end);
        }
        let mut from = at;
        while let Some(m) = self.pieces[k].find(Input::new(text).range(from..)) {
            if m.start() > limit {
                break;
            }
            if let Some(end) = self.rest(text, k + 1, m.end(), starts) {
                return Some(end);
            }
            from = m.start() + 1;
        }
        None
    }

    /// Piece `k` anchored at each of `places` in `from..=limit`, then the pieces after it:
    /// the start of piece `k` and the end of the whole match.
    fn try_places(
        &self,
        text: &[u8],
        k: usize,
        places: &[u64],
        from: usize,
        limit: usize,
        starts: &Places<'_>,
    ) -> Option<(usize, usize)> {
        let mut last = usize::MAX;
        for &packed in places {
            let p = place(packed);
            if p == last || p < from {
                continue;
            }
            if p > limit {
                break;
            }
            last = p;
            let input = Input::new(text).range(p..).anchored(Anchored::Yes);
            if let Some(m) = self.pieces[k].find(input)
                && let Some(end) = self.rest(text, k + 1, m.end(), starts)
            {
                return Some((p, end));
            }
        }
        None
    }

    /// The last place piece `k` may start when the piece before it ended at `at`: within its
    /// gap, and before the next period. Only the gap is searched for a period: searching to
    /// the sentence's end for every try made a long sentence quadratic.
    fn limit(&self, text: &[u8], k: usize, at: usize) -> usize {
        let gap_end = at + self.gaps[k - 1];
        memchr::memchr(b'.', &text[at..gap_end.min(text.len())]).map_or(gap_end, |i| at + i)
    }
}

/// Every pattern of a policy, in one list: each rule's patterns role by role (in the order of
/// [`Role::ALL`]), parsed when the policy loads (a bad pattern fails the load) and compiled on
/// first use (most patterns never meet their keywords in a run, and compiling hundreds up
/// front would cost more than linting a contract).
pub struct Table {
    parsed: Vec<Pattern>,
    compiled: Vec<std::sync::OnceLock<Matcher>>,
    /// `(rule, role)` of each pattern.
    pub owner: Vec<(usize, Role)>,
    /// Per rule and role, the indices of its patterns.
    by_rule: Vec<[Vec<usize>; 7]>,
}

impl Table {
    pub fn new(policy: &Policy) -> Result<Table, String> {
        let mut sources = Vec::new();
        let mut owner = Vec::new();
        let mut by_rule = Vec::with_capacity(policy.rules.len());
        for (ri, rule) in policy.rules.iter().enumerate() {
            let mut roles: [Vec<usize>; 7] = Default::default();
            for role in Role::ALL {
                for source in role.patterns(rule) {
                    roles[role.index()].push(sources.len());
                    sources.push((rule, source));
                    owner.push((ri, role));
                }
            }
            by_rule.push(roles);
        }
        // Parsing is most of compiling a policy, and each pattern parses alone: on all cores,
        // in order (a one-contract run waits for it).
        let parsed = super::parallel::map(&sources, |(rule, source)| {
            Pattern::parse(source).map_err(|e| {
                format!(
                    "policy `{}`, rule {}: bad pattern `{source}`: {e}",
                    policy.name, rule.id
                )
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
        Ok(Table {
            compiled: parsed.iter().map(|_| std::sync::OnceLock::new()).collect(),
            parsed,
            owner,
            by_rule,
        })
    }

    /// How many patterns the policy has.
    pub fn len(&self) -> usize {
        self.parsed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parsed.is_empty()
    }

    /// Pattern `i`, parsed.
    pub fn pattern(&self, i: usize) -> &Pattern {
        &self.parsed[i]
    }

    /// The indices of rule `rule`'s patterns of `role`, in policy order.
    pub fn of(&self, rule: usize, role: Role) -> &[usize] {
        &self.by_rule[rule][role.index()]
    }

    /// Whether pattern `i` is compiled already.
    pub fn is_compiled(&self, i: usize) -> bool {
        self.compiled[i].get().is_some()
    }

    /// Pattern `i`, compiled (on first use).
    pub fn matcher(&self, i: usize) -> &Matcher {
        self.compiled[i].get_or_init(|| {
            self.parsed[i]
                .matcher()
                .unwrap_or_else(|_| Matcher::never())
        })
    }
}

/// At most this many pieces of a pattern are screened by keywords (a bit each).
pub const MAX_GROUPS: usize = 16;

/// The keywords a sentence must contain for a pattern to match, as groups: one group per
/// gapless piece whose matches all start with a selective literal (three letters or more, or
/// a punctuation mark), holding those literals lower-cased. A sentence can only match when it
/// holds a keyword of every group. No group: the pattern is tested on every sentence. A piece
/// whose literals are all digits or all two-letter words has a group only when no other piece
/// has one; a literal another of the piece's begins is left out.
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
            _ => first_bytes(hir).map(|bytes| bytes.into_iter().map(|b| vec![b]).collect()),
        };
        pieces.push(words.map(shortest_prefixes));
    }
    // A group of digits (a number piece, `\d+\s?%`) or of two-letter words ("in ", "of ",
    // "to ") is in most sentences. Such a group is kept only when the pattern has no other
    // group; the piece is then searched plainly, in the few sentences the pattern's other
    // groups let through.
    let weak = |words: &Vec<Vec<u8>>| {
        words.iter().all(|w| match w.as_slice() {
            [d] => d.is_ascii_digit(),
            [_, _, b' '] => true,
            _ => false,
        })
    };
    let any_strong = pieces.iter().flatten().any(|w| !weak(w));
    let mut groups: Vec<Vec<Vec<u8>>> = Vec::new();
    let mut piece_groups = Vec::new();
    for words in pieces {
        let index = match words.filter(|w| !(any_strong && weak(w))) {
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

/// The bytes every match of `hir` can start with, when there are few and none is a letter.
fn first_bytes(hir: &Hir) -> Option<Vec<u8>> {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_literal_len(1)
        .limit_total(64)
        .extract(hir);
    let lits = seq.literals()?;
    let mut bytes = Vec::new();
    for l in lits {
        match *l.as_bytes() {
            [b] if !b.is_ascii_alphabetic() => bytes.push(b),
            _ => return None,
        }
    }
    bytes.sort_unstable();
    bytes.dedup();
    (!bytes.is_empty()).then_some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(p: &str) -> Groups {
        Pattern::parse(p).unwrap().groups
    }

    /// Any spelling of a gap cuts the pattern at the same place.
    #[test]
    fn gaps_are_found_however_they_are_spelled() {
        for p in [
            r"\bfee\b[^.]{0,40}\bdays\b",
            r"\bfee\b[^\.]{0,40}\bdays\b",
            r"\bfee\b(?:[^.]){0,40}\bdays\b",
            r"\bfee\b[\x00-\x2D\x2F-\xFF]{0,40}\bdays\b",
        ] {
            let pattern = Pattern::parse(p).unwrap();
            assert_eq!(pattern.gaps, vec![40], "{p}");
            assert_eq!(pattern.groups.1.len(), 2, "{p}");
            assert_eq!(pattern.matcher().unwrap().pieces.len(), 2, "{p}");
        }
        // Not gaps: a period allowed, no bound, a minimum, a gap at an end, an alternation.
        for p in [
            r"\bfee\b.{0,40}\bdays\b",
            r"\bfee\b[^.]*\bdays\b",
            r"\bfee\b[^.]{2,40}\bdays\b",
            r"[^.]{0,40}\bdays\b",
            r"\bfee\b[^.]{0,40}\bdays\b|\brate\b",
        ] {
            assert!(Pattern::parse(p).unwrap().gaps.is_empty(), "{p}");
        }
    }

    #[test]
    fn a_matcher_finds_pieces_within_their_gaps_and_sentences() {
        let m = Pattern::parse(r"\bfees?\b[^.]{0,20}\bwithin\b")
            .unwrap()
            .matcher()
            .unwrap();
        assert_eq!(
            m.find_iter(b"Fees are due within 30 days.").next(),
            Some((0, 19))
        );
        assert!(!m.is_match(b"Fees are due. Payment within 30 days."));
        assert!(!m.is_match(b"Fees are due to be invoiced monthly and paid within 30 days"));
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
