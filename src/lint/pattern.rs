//! A policy pattern, understood rather than scanned: its [`shape`](super::shape) says where
//! it is cut into pieces and which keywords screen them, and the pieces are compiled, on first
//! use, into small automata matched within their gaps ([`Matcher`]).

use std::sync::OnceLock;

use regex_automata::hybrid;
use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::Hir;

use super::backtrack::{Backtrack, GaveUp};
use super::byteset::{ByteSet, contains, is_boundary, is_word_boundary, of_byte, parts, union};
use super::literals::Literals;
use super::meaning::Role;
use super::policy::Policy;
use super::shape::{Groups, Shape, first_bytes, matching_syntax};

/// A pattern, parsed: where it is cut into pieces, and the keywords of each piece.
pub struct Pattern {
    source: String,
    shape: Shape,
}

impl Pattern {
    /// Parse `source` for its [`Shape`]; the error is the parser's message. Its pieces for
    /// matching are made only when first used ([`Pattern::matcher`]): most patterns never
    /// meet their keywords in a run.
    pub fn parse(source: &str) -> Result<Pattern, String> {
        match Pattern::built_in(source) {
            Some(pattern) => Ok(pattern),
            None => Ok(Pattern {
                source: source.to_string(),
                shape: super::shape::shape(source)?,
            }),
        }
    }

    /// A pattern of a built-in policy, whose shape the build script worked out already
    /// ([`super::precomputed`]).
    fn built_in(source: &str) -> Option<Pattern> {
        Some(Pattern {
            source: source.to_string(),
            shape: super::precomputed::shape(source)?,
        })
    }

    /// Compile the pieces for matching: a built-in pattern's from their stored parse, any
    /// other's parsed again, case-folded.
    pub fn matcher(&self) -> Result<Matcher, String> {
        let (pieces, gaps) = match super::precomputed::matching(&self.source) {
            Some(built) => built,
            None => super::shape::matching(&self.source, &self.shape.gaps)?,
        };
        Ok(Matcher {
            pieces: pieces
                .into_iter()
                .map(Piece::new)
                .collect::<Result<_, _>>()?,
            gaps,
        })
    }

    /// The keyword groups of its pieces.
    pub fn groups(&self) -> &Groups {
        &self.shape.groups
    }
}

/// Compile one piece's whole regex lean ([`Piece`]): no prefilters (the keywords already
/// chose the sentence), no capture groups, only the lazy DFA (a full DFA per piece cost more
/// to build than it saved on the short sentences pieces read).
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
    pieces: Vec<Piece>,
    gaps: Vec<usize>,
}

/// The closure a piece's pool of lazy DFA caches makes a cache with (the marker traits
/// spelled out, as regex-automata's own pools do).
type CacheFn = Box<
    dyn Fn() -> hybrid::dfa::Cache
        + Send
        + Sync
        + std::panic::UnwindSafe
        + std::panic::RefUnwindSafe,
>;

/// One gapless piece of a pattern. Most searches for a piece start at one of its keywords'
/// places, anchored, and need only where the match ends. A piece that stands for a short list
/// of strings answers them by comparing the strings there ([`Literals`]), most others by
/// backtracking ([`Backtrack`]), the rest with a forward lazy DFA: an automaton's state, one
/// per piece, is seldom in the processor's cache when a place asks for it, and fetching it
/// cost more than the search. Only that is compiled up front (the whole regex, with the reverse
/// automaton a search from the left needs to find a match's start, was half of compiling a
/// pattern and more than half of a one-contract run). The whole regex is compiled for the
/// piece only when such a search first comes.
struct Piece {
    anchored: AnchoredSearch,
    /// The few bytes a match can start with, when there are few ([`MAX_FIRST_BYTES`]).
    first: Option<ByteSet>,
    /// Whether the piece starts with a word boundary: a place without one is passed over
    /// before any matcher is asked (most keyword places of a number are inside it).
    boundary_first: bool,
    hir: Hir,
    whole: OnceLock<Regex>,
}

/// How a piece finds the end of its match at a given place.
enum AnchoredSearch {
    Literals(Literals),
    Backtrack(Backtrack),
    Dfa(Box<Forward>),
}

/// A piece's forward lazy DFA.
struct Forward {
    dfa: hybrid::dfa::DFA,
    /// A lazy DFA's cache for each thread searching at once.
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

impl Piece {
    fn new(hir: Hir) -> Result<Piece, String> {
        // Each way tried only when the one before cannot take the piece.
        let anchored = if let Some(literals) = Literals::of(&hir) {
            AnchoredSearch::Literals(literals)
        } else if let Some(backtrack) = Backtrack::of(&hir) {
            AnchoredSearch::Backtrack(backtrack)
        } else {
            Piece::dfa(&hir)?
        };
        let first = first_bytes(&hir, MAX_FIRST_BYTES).map(|bytes| {
            bytes
                .iter()
                .fold([0; 4], |set, &b| union(&set, &of_byte(b)))
        });
        Ok(Piece {
            first,
            boundary_first: parts(&hir).first().is_some_and(is_word_boundary),
            anchored,
            hir,
            whole: OnceLock::new(),
        })
    }

    /// The forward lazy DFA, built as the whole regex's own forward automaton is
    /// ([`build`]), without the capture states a search for an end does not use.
    fn dfa(hir: &Hir) -> Result<AnchoredSearch, String> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(true)
                    .nfa_size_limit(Some(1 << 22))
                    .shrink(false)
                    .which_captures(thompson::WhichCaptures::None),
            )
            .build_from_hir(hir)
            .map_err(|e| e.to_string())?;
        let forward = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .starts_for_each_pattern(false),
            )
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let dfa = forward.clone();
        let create: CacheFn = Box::new(move || dfa.create_cache());
        Ok(AnchoredSearch::Dfa(Box::new(Forward {
            dfa: forward,
            caches: Pool::new(create),
        })))
    }

    /// The end of the piece's match that starts at `at`, if there is one.
    fn end_at(&self, text: &[u8], at: usize) -> Option<usize> {
        if self.boundary_first && !is_boundary(text, at) {
            return None;
        }
        let input = || Input::new(text).range(at..).anchored(Anchored::Yes);
        let forward = match &self.anchored {
            AnchoredSearch::Literals(literals) => return literals.end_at(text, at),
            AnchoredSearch::Backtrack(backtrack) => {
                // One that takes too long, or ends empty, is left to the whole regex.
                return match backtrack.end_at(text, at) {
                    Ok(end) => end,
                    Err(GaveUp) => self.whole().find(input()).map(|m| m.end()),
                };
            }
            AnchoredSearch::Dfa(forward) => forward,
        };
        match forward
            .dfa
            .try_search_fwd(&mut forward.caches.get(), &input())
        {
            Ok(end) => end.map(|m| m.offset()),
            // The lazy DFA gives up only on a haystack it cannot read; the whole regex can.
            Err(_) => self.whole().find(input()).map(|m| m.end()),
        }
    }

    /// The first match, in order of start, that starts in `from..=last` and that `accept`
    /// (given the match's start and end) takes: `accept`'s answer. A piece that is not
    /// matched by an automaton and can start with only a few bytes is tried anchored at each
    /// place holding one of them; that is a few comparisons at each, where a search starts
    /// up both automata of the whole regex, whose states are seldom in cache. Any other is
    /// searched for.
    fn find_each<T>(
        &self,
        text: &[u8],
        mut from: usize,
        last: usize,
        mut accept: impl FnMut(usize, usize) -> Option<T>,
    ) -> Option<T> {
        if let (Some(first), false) = (&self.first, self.needs_automaton()) {
            // A match starting at the text's end is empty, and `first` says none is.
            let end = text.len().min(last.saturating_add(1));
            return (from.min(end)..end)
                .filter(|&p| contains(first, text[p]))
                .find_map(|p| accept(p, self.end_at(text, p)?));
        }
        while from <= text.len() {
            let m = self.whole().find(Input::new(text).range(from..))?;
            if m.start() > last {
                break;
            }
            if let Some(found) = accept(m.start(), m.end()) {
                return Some(found);
            }
            from = m.start() + 1;
        }
        None
    }

    /// Whether the piece's anchored searches use an automaton (not compared strings or a
    /// backtracker).
    fn needs_automaton(&self) -> bool {
        matches!(self.anchored, AnchoredSearch::Dfa(_))
    }

    fn whole(&self) -> &Regex {
        self.whole
            .get_or_init(|| build(&self.hir).unwrap_or_else(|_| lean("$^").expect("valid")))
    }
}

/// The most bytes a piece may start with for [`Piece::find_each`] to try each place that
/// holds one (a letter, either case, counts two).
const MAX_FIRST_BYTES: usize = 24;

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
            pieces: vec![Piece::new(Hir::fail()).expect("valid")],
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
    pub fn find_at(&self, text: &[u8], from: usize, starts: &Places<'_>) -> Option<(usize, usize)> {
        if let Some(places) = starts(0) {
            return self.try_places(text, 0, places, from, text.len(), starts);
        }
        self.pieces[0].find_each(text, from, text.len(), |start, end| {
            Some((start, self.rest(text, 1, end, starts)?))
        })
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
        self.pieces[k].find_each(text, at, limit, |_, end| {
            self.rest(text, k + 1, end, starts)
        })
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
            if let Some(end) = self.pieces[k].end_at(text, p)
                && let Some(end) = self.rest(text, k + 1, end, starts)
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
        // A built-in pattern's shape is looked up; the others are parsed, which is most of
        // compiling a policy, and each parses alone: on all cores, in order (a one-contract
        // run waits for it).
        let mut parsed: Vec<Option<Pattern>> = sources
            .iter()
            .map(|(_, source)| Pattern::built_in(source))
            .collect();
        let misses: Vec<usize> = (0..sources.len())
            .filter(|&i| parsed[i].is_none())
            .collect();
        let fresh = super::parallel::map(&misses, |&i| {
            let (rule, source) = sources[i];
            Pattern::parse(source).map_err(|e| {
                format!(
                    "policy `{}`, rule {}: bad pattern `{source}`: {e}",
                    policy.name, rule.id
                )
            })
        });
        for (i, pattern) in misses.into_iter().zip(fresh) {
            parsed[i] = Some(pattern?);
        }
        let parsed: Vec<Pattern> = parsed.into_iter().flatten().collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(pattern.shape.gaps, vec![40], "{p}");
            assert_eq!(pattern.shape.groups.1.len(), 2, "{p}");
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
            assert!(Pattern::parse(p).unwrap().shape.gaps.is_empty(), "{p}");
        }
    }

    /// Every pattern of the built-in policies, compiled.
    fn built_in_matchers() -> Vec<Matcher> {
        let mut matchers = Vec::new();
        for name in ["outsourcing", "nda"] {
            let policy = crate::lint::policy::load(name).unwrap();
            let table = Table::new(&policy).unwrap();
            matchers.extend((0..table.len()).map(|i| table.pattern(i).matcher().unwrap()));
        }
        matchers
    }

    /// Every piece of the built-in policies ends where its automaton does, matched as a run
    /// matches it (a place without the word boundary it starts with passed over), and so
    /// does every one matched without its automaton (by comparing its strings, or
    /// backtracking) when asked directly, at every place
    /// of a sample contract and of sentences written to hold the policies' words in other
    /// cases, spellings and numbers.
    #[test]
    fn pieces_matched_without_automata_end_where_their_automata_do() {
        let sample = include_str!("../../samples/contracts/bookkeeping-sow-good.md");
        let text = format!(
            "{}\nTERMINATION. Either Party may terminate this Agreement on 30 days' notice; \
             terminations_ take effect at 5:00 p.m. or 17.30, 9 AM, 10:30am. The Supplier's \
             fees (GBP 1,200.00 / USD 40) are invoiced monthly-in-arrears. Services, service \
             levels and SLAs: 99.9% uptime, 24x7, 4 hours. Personal data, PII, SSNs.\n",
            &sample[..sample.len().min(2_500)]
        );
        let text = text.as_bytes();
        let mut checked = 0;
        for matcher in built_in_matchers() {
            for piece in &matcher.pieces {
                let Ok(AnchoredSearch::Dfa(forward)) = Piece::dfa(&piece.hir) else {
                    panic!("{}: no automaton", piece.hir);
                };
                let mut cache = forward.caches.get();
                for at in 0..=text.len() {
                    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                    let end = forward.dfa.try_search_fwd(&mut cache, &input).unwrap();
                    let end = end.map(|m| m.offset());
                    // Also where a piece starting with a word boundary is passed over.
                    assert_eq!(piece.end_at(text, at), end, "{} at {at}", piece.hir);
                    let fast = match &piece.anchored {
                        AnchoredSearch::Literals(literals) => Some(literals.end_at(text, at)),
                        AnchoredSearch::Backtrack(backtrack) => backtrack.end_at(text, at).ok(),
                        AnchoredSearch::Dfa(_) => None,
                    };
                    if let Some(found) = fast {
                        assert_eq!(found, end, "{} at {at}", piece.hir);
                    }
                }
                checked += !piece.needs_automaton() as usize;
            }
        }
        assert!(checked > 500, "{checked} pieces matched without automata");
    }

    /// A piece looked for within a window by trying each place its first bytes are finds the
    /// leftmost match there, as the whole regex's search does: every built-in piece, from
    /// every few places of a sample, within a gap's width and to the end.
    #[test]
    fn pieces_found_place_by_place_are_the_leftmost_matches() {
        let sample = include_str!("../../samples/contracts/it-support-msa-weak.txt");
        let text = format!(
            "{}\nNo party shall hire its staff. Fees rise 5% within 10 days; 99.5 percent \
             uptime, at 9:30 a.m. UK time.\n",
            &sample[..sample.len().min(3_000)]
        );
        let text = text.as_bytes();
        let mut scanned = 0;
        for matcher in built_in_matchers() {
            for piece in &matcher.pieces {
                if piece.first.is_none() || piece.needs_automaton() {
                    continue;
                }
                for from in (0..=text.len()).step_by(5) {
                    for last in [from + 40, text.len()] {
                        let leftmost = piece
                            .whole()
                            .find(Input::new(text).range(from..))
                            .filter(|m| m.start() <= last)
                            .map(|m| (m.start(), m.end()));
                        let found = piece.find_each(text, from, last, |s, e| Some((s, e)));
                        assert_eq!(found, leftmost, "{} from {from} to {last}", piece.hir);
                    }
                }
                scanned += 1;
            }
        }
        assert!(scanned > 600, "{scanned} pieces found place by place");
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
        assert!(!Matcher::never().is_match(b"Fees are due within 30 days."));
        assert_eq!(Matcher::never().find_iter(b"").next(), None);
    }
}
