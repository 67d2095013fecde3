//! The policy engine. Every pattern of a policy contributes keywords (the literals each of its
//! pieces must start with) to one automaton ([`super::keywords`]), which reads each sentence
//! of the operative text once, whatever the number of rules. Only the sentences holding a
//! keyword of every piece of a pattern are tested with that pattern, and each piece is tried
//! only where its keywords start; only the matching sentences are looked at again, to place
//! spans, apply the rules' traps (each only where one of its keywords is) and detect negation.

use std::sync::OnceLock;

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::keywords::{Found, Keywords};
use super::policy::{Kind, Policy, Rule, Scope};
use super::sections::Sections;
use super::text::{Document, Part, Sentence};

/// A clause's status in a document (SPEC §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Absent,
    Negated,
    Weak,
    Present,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Absent => "absent",
            Status::Negated => "negated",
            Status::Weak => "weak",
            Status::Present => "present",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Present,
    Strong,
    Weak,
    Negated,
    Exclude,
    Veto,
    Quantity,
}

/// The outcome for one rule in one document.
#[derive(Debug, Clone)]
pub struct ClauseResult {
    pub status: Status,
    /// Byte spans of the sentences that gave the status (strongest first, at most 3).
    pub evidence: Vec<(usize, usize)>,
}

/// A policy compiled for matching.
pub struct Compiled {
    pub policy: Policy,
    /// Each rule's help line for its findings (the first sentence of its rationale, and its
    /// article), made once rather than for every finding of every file.
    pub help: Vec<String>,
    /// Each rule's finding when its clause is absent, and the label when there is no natural
    /// place for it either: made once, like `help` (most findings are of absent clauses).
    pub absent: Vec<AbsentTexts>,
    /// The rules' section hints, for finding where an absent clause belongs: compiled once
    /// rather than for every absent clause of every file.
    pub sections: Sections,
    /// Keywords of every pattern (lower case, matched ignoring case), found in one pass over
    /// the sentences of a document.
    keywords: Keywords,
    /// For each keyword, the patterns it stands for, with the bit of the pattern's keyword
    /// group it belongs to.
    keyword_patterns: Vec<Vec<(usize, u16)>>,
    /// For each pattern, the bits of all its keyword groups: a sentence is worth testing when
    /// its keywords set all of them.
    groups_needed: Vec<u16>,
    /// For each evidence pattern, the keyword group of each of its pieces, if it has one
    /// (empty for checks).
    piece_groups: Vec<Vec<Option<u8>>>,
    /// Evidence patterns with no usable keyword (in the [`Compiled::reference`], all of them):
    /// tested on every sentence.
    always: Vec<usize>,
    /// Per rule, its exclude, veto and quantity patterns: tested only on sentences that
    /// already hold evidence for the rule.
    checks: Vec<[Vec<usize>; 3]>,
    /// For each check pattern, the keywords of its most selective group (empty: none, the
    /// pattern is always tested). A check is tested only in a sentence holding one of them:
    /// most sentences with evidence hold none of the words of the rule's traps, and most
    /// traps are then never compiled in a run.
    check_screens: Vec<Vec<usize>>,
    /// Every pattern's source, and its compiled form, built on first use: most patterns never
    /// meet their keyword in a given run, and compiling hundreds of regexes up front would
    /// dominate the time for a single contract.
    patterns: Vec<String>,
    regexes: Vec<OnceLock<Matcher>>,
    /// `(rule index, role)` of each pattern, in set order.
    roles: Vec<(usize, Role)>,
    negation_cue: Regex,
    /// The widest scope any rule uses (sentences outside it are skipped at once).
    widest_scope: Scope,
    /// Whether pieces are tried only where their keywords start (always, but in the
    /// [`Compiled::reference`] the checks hold this to).
    use_places: bool,
}

/// What a finding says of a rule whose clause is absent.
pub struct AbsentTexts {
    /// "Title: no such clause found (expected something like ...)".
    pub message: String,
    /// The label when no heading is the natural place for the clause either.
    pub nowhere: String,
}

impl AbsentTexts {
    fn new(rule: &Rule) -> AbsentTexts {
        let expected = match rule.example.lines().next() {
            Some(e) if !e.is_empty() => format!("\"{e}\""),
            _ => rule.title.to_lowercase(),
        };
        AbsentTexts {
            message: format!(
                "{}: no such clause found (expected something like {expected})",
                rule.title
            ),
            nowhere: format!(
                "not found anywhere; add it in a section such as \"{}\"",
                super::sections::section_hint(rule)
            ),
        }
    }
}

/// Patterns in policies are case-insensitive and may use `\b`, classes and groups. They run
/// over bytes with ASCII semantics (`\b`, `\w`, case folding): contracts' keywords are ASCII,
/// and this keeps every pattern inside the fast DFA engines.
///
/// Compiled lean: no prefilters (the keyword automaton already chose the sentence), no
/// capture groups, only the lazy DFA (a full DFA per pattern cost more to build than it saved
/// on the short sentences the patterns read). Compiling hundreds of full-featured regexes cost
/// more than linting a whole contract.
fn build(pattern: &str) -> Result<Regex, Box<meta::BuildError>> {
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
        .syntax(
            syntax::Config::new()
                .case_insensitive(true)
                .unicode(false)
                .utf8(false),
        )
        .build(pattern)
        .map_err(Box::new)
}

/// The gapless pieces of a pattern: it is cut at every top-level in-sentence gap
/// (`[^.]{0,80}`). A pattern can only match a sentence in which each of its pieces matches, so
/// the literals a piece starts with are keywords the sentence must contain. Gaps inside groups
/// are left alone (the piece is then bigger).
fn segments(pattern: &str) -> Vec<String> {
    split_gaps(pattern).0
}

/// [`segments`] with the gap bound after each piece but the last.
fn split_gaps(pattern: &str) -> (Vec<String>, Vec<usize>) {
    let bytes = pattern.as_bytes();
    let (mut depth, mut i, mut from, mut in_class) = (0usize, 0usize, 0usize, false);
    let mut out = Vec::new();
    let mut gaps = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => {
                if depth == 0 && pattern[i..].starts_with("[^.]{0,") {
                    let after = &pattern[i + 7..];
                    if let Some(j) = after
                        .find('}')
                        .filter(|&j| after[..j].bytes().all(|b| b.is_ascii_digit()))
                    {
                        out.push(pattern[from..i].to_string());
                        gaps.push(after[..j].parse().unwrap_or(0));
                        i += 7 + j + 1;
                        from = i;
                        continue;
                    }
                }
                in_class = true;
            }
            b']' if in_class => in_class = false,
            b'(' if !in_class => depth += 1,
            b')' if !in_class => depth = depth.saturating_sub(1),
            b'|' if depth == 0 && !in_class => return (vec![pattern.to_string()], Vec::new()),
            _ => {}
        }
        i += 1;
    }
    out.push(pattern[from..].to_string());
    if out.iter().any(String::is_empty) {
        // A gap at either end: keep the pattern whole rather than guess.
        return (vec![pattern.to_string()], Vec::new());
    }
    (out, gaps)
}

/// A pattern compiled as gapless pieces joined by bounded, sentence-internal gaps. Each piece
/// is a small regex that runs in the fast engines; the gaps are checked here, so the bounded
/// repetitions never reach an automaton (where they multiply states).
pub struct Matcher {
    pieces: Vec<Regex>,
    gaps: Vec<usize>,
}

impl Matcher {
    fn new(pattern: &str) -> Result<Matcher, Box<meta::BuildError>> {
        let (pieces, gaps) = split_gaps(pattern);
        Ok(Matcher {
            pieces: pieces.iter().map(|p| build(p)).collect::<Result<_, _>>()?,
            gaps,
        })
    }

    pub fn is_match(&self, text: &[u8]) -> bool {
        self.find_at(text, 0, &|_| None).is_some()
    }

    /// Non-overlapping matches, left to right.
    pub fn find_iter<'t>(&'t self, text: &'t [u8]) -> impl Iterator<Item = (usize, usize)> + 't {
        self.find_iter_at(text, &|_| None)
    }

    /// [`Matcher::find_iter`], given for some pieces every place they can start.
    fn find_iter_at<'a>(
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
    fn find_at(&self, text: &[u8], mut from: usize, starts: &Places<'_>) -> Option<(usize, usize)> {
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
    /// gap, and before the next period.
    fn limit(&self, text: &[u8], k: usize, at: usize) -> usize {
        // Only the gap is searched for a period: searching to the sentence's end for every
        // try made a long sentence quadratic.
        let gap_end = at + self.gaps[k - 1];
        memchr::memchr(b'.', &text[at..gap_end.min(text.len())]).map_or(gap_end, |i| at + i)
    }
}

/// Spans to test others against for overlap: sorted by start, with the furthest end reached so
/// far, so each test is a binary search rather than a pass over every span (a sentence of
/// placeholders has thousands).
struct Overlaps {
    spans: Vec<(usize, usize)>,
    furthest: Vec<usize>,
}

impl Overlaps {
    fn new(mut spans: Vec<(usize, usize)>) -> Self {
        spans.sort_unstable();
        let furthest = spans
            .iter()
            .scan(0, |max, &(_, e)| {
                *max = e.max(*max);
                Some(*max)
            })
            .collect();
        Overlaps { spans, furthest }
    }

    /// Whether any span overlaps `s..e` (shares a byte with it).
    fn overlaps(&self, s: usize, e: usize) -> bool {
        let before_end = self.spans.partition_point(|&(xs, _)| xs < e);
        before_end > 0 && self.furthest[before_end - 1] > s
    }
}

/// A sentence being tested: its text, its keyword places (when known) and the keywords in it.
#[derive(Clone, Copy)]
struct Tested<'a> {
    text: &'a [u8],
    places: Option<&'a [u64]>,
    keywords: &'a [usize],
}

/// For a piece of a pattern, every place in the sentence it can start (packed occurrences,
/// ascending), when its keywords tell.
type Places<'p> = dyn Fn(usize) -> Option<&'p [u64]> + 'p;

/// A keyword occurrence in a sentence, packed for sorting: pattern, group, then start (so the
/// places of one pattern's group are one ascending run).
fn occurrence(pattern: usize, group: u32, start: usize) -> u64 {
    ((pattern as u64) << 36) | (u64::from(group) << 32) | start as u64
}

/// The start of a packed occurrence.
fn place(packed: u64) -> usize {
    (packed & 0xFFFF_FFFF) as usize
}

/// At most this many pieces of a pattern are screened by keywords (a bit each).
const MAX_GROUPS: usize = 16;

/// The keywords a sentence must contain for `pattern` to match, as groups: one group per
/// gapless piece whose matches all start with a selective literal (three letters or more, or
/// a punctuation mark), holding those literals lower-cased. A sentence can only match when it
/// holds a keyword of every group. No group: the pattern is tested on every sentence. A piece
/// whose literals are all digits or all two-letter words has a group only when no other piece
/// has one; a literal another of the piece's begins is left out.
///
/// Also returns, for each piece, the index of its group (`None` for a piece without one): the
/// places a piece can start are then exactly the places its group's keywords start.
type Groups = (Vec<Vec<Vec<u8>>>, Vec<Option<u8>>);

fn keyword_groups(pattern: &str) -> Result<Groups, String> {
    // Each piece's keywords, if it has any.
    let mut pieces = Vec::new();
    for piece in segments(pattern) {
        // Parsed as written (not lower-cased: `\S` is not `\s`); the automaton ignores case.
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(&piece)
            .map_err(|e| e.to_string())?;
        let seq = Extractor::new()
            .kind(ExtractKind::Prefix)
            .limit_total(64)
            .extract(&hir);
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
            _ => first_bytes(&hir).map(|bytes| bytes.into_iter().map(|b| vec![b]).collect()),
        };
        pieces.push(words.map(shortest_prefixes));
    }
    // A group of digits (a number piece, `\d+\s?%`) or of two-letter words ("in ", "of ",
    // "to ") is in most sentences: the digits stood for seven patterns each and were half of
    // what the evaluation booked, and three two-letter words of one pattern a fifth of all
    // keyword occurrences. Such a group is kept only when the pattern has no other group. The
    // piece is then searched plainly, in the few sentences the pattern's other groups let
    // through. (Dropping three-letter words too cost more in searches than it saved.)
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
    Ok((groups, piece_groups))
}

/// The keywords that screen a check pattern (an exclusion, veto or quantity), from its
/// `groups`: the group whose shortest literal is longest, as the likeliest to be rare, each
/// literal cut to a few bytes (a match still starts with the cut literal, and long phrases
/// would only add states to the automaton). One group is enough: a check is only tested in
/// sentences that already hold evidence.
fn check_screen(groups: Vec<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
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
/// another sentence nor gives another place, and reporting it cost a keyword occurrence for
/// nothing. Sorted, so a literal's prefixes come before it.
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
fn first_bytes(hir: &regex_syntax::hir::Hir) -> Option<Vec<u8>> {
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

impl Compiled {
    /// Compile a policy for matching.
    pub fn new(policy: Policy) -> Result<Self, String> {
        Self::build(policy, false)
    }

    /// The same policy the slow, plain way: every evidence pattern tested on every sentence
    /// and every trap on every sentence with evidence for its rule (the keywords, found by the
    /// `aho-corasick` crate, screen nothing), and every piece searched from the left of the
    /// sentence. The reference the tests and the fuzz target
    /// hold the fast path to, so they check the keywords' screening as well as their places.
    #[doc(hidden)]
    pub fn reference(policy: Policy) -> Result<Self, String> {
        Self::build(policy, true)
    }

    fn build(policy: Policy, reference: bool) -> Result<Self, String> {
        let mut patterns = Vec::new();
        let mut roles = Vec::new();
        for (i, r) in policy.rules.iter().enumerate() {
            let groups: [(&Vec<String>, Role); 6] = [
                (&r.present, Role::Present),
                (&r.strong, Role::Strong),
                (&r.weak, Role::Weak),
                (&r.negated, Role::Negated),
                (&r.exclude, Role::Exclude),
                (&r.veto, Role::Veto),
            ];
            for (list, role) in groups {
                for p in list {
                    patterns.push(p.clone());
                    roles.push((i, role));
                }
            }
            if let Some(q) = &r.quantity {
                patterns.push(q.clone());
                roles.push((i, Role::Quantity));
            }
        }
        let regexes = patterns.iter().map(|_| OnceLock::new()).collect();
        let mut words: Vec<Vec<u8>> = Vec::new();
        // Each keyword's index in `words`.
        let mut slots: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut keyword_patterns: Vec<Vec<(usize, u16)>> = Vec::new();
        let mut groups_needed = vec![0u16; patterns.len()];
        let mut piece_groups = vec![Vec::new(); patterns.len()];
        let mut always = Vec::new();
        let mut checks: Vec<[Vec<usize>; 3]> = vec![Default::default(); policy.rules.len()];
        let mut check_screens = vec![Vec::new(); patterns.len()];
        // The slot of keyword `k` in `words`, added if new.
        let mut slot_of =
            |k: Vec<u8>, words: &mut Vec<Vec<u8>>, kp: &mut Vec<Vec<(usize, u16)>>| {
                *slots.entry(k.clone()).or_insert_with(|| {
                    words.push(k);
                    kp.push(Vec::new());
                    words.len() - 1
                })
            };
        for (pi, p) in patterns.iter().enumerate() {
            // Parsing for keywords also checks the pattern, so a bad policy fails at load.
            let (groups, piece_group) = keyword_groups(p).map_err(|e| {
                format!(
                    "policy `{}`, rule {}: bad pattern `{p}`: {e}",
                    policy.name, policy.rules[roles[pi].0].id
                )
            })?;
            let (ri, role) = roles[pi];
            let slot = match role {
                Role::Exclude => Some(0),
                Role::Veto => Some(1),
                Role::Quantity => Some(2),
                _ => None,
            };
            if let Some(k) = slot {
                checks[ri][k].push(pi);
                if !reference && let Some(group) = check_screen(groups) {
                    check_screens[pi] = group
                        .into_iter()
                        .map(|k| slot_of(k, &mut words, &mut keyword_patterns))
                        .collect();
                }
                continue;
            }
            // Only evidence patterns are told where their pieces start; a check has at most
            // one screening group in the automaton and is searched plainly.
            piece_groups[pi] = piece_group;
            if groups.is_empty() || reference {
                always.push(pi);
            }
            groups_needed[pi] = (1u32 << groups.len()).wrapping_sub(1) as u16;
            for (g, group) in groups.into_iter().enumerate() {
                for k in group {
                    let slot = slot_of(k, &mut words, &mut keyword_patterns);
                    let entry = (pi, 1u16 << g);
                    if !keyword_patterns[slot].contains(&entry) {
                        keyword_patterns[slot].push(entry);
                    }
                }
            }
        }
        let keywords = if reference {
            Keywords::library(&words)
        } else {
            Keywords::new(&words)
        }
        .map_err(|e| format!("policy `{}`: {e}", policy.name))?;
        let widest_scope = policy
            .rules
            .iter()
            .map(|r| r.scope)
            .max()
            .unwrap_or_default();
        let help = policy
            .rules
            .iter()
            .map(|r| {
                let first = crate::review::first_sentence(&r.rationale);
                format!("{first} ({})", r.article)
            })
            .collect();
        let absent = policy.rules.iter().map(AbsentTexts::new).collect();
        let sections =
            Sections::new(&policy).map_err(|e| format!("policy `{}`: {e}", policy.name))?;
        Ok(Compiled {
            help,
            absent,
            sections,
            negation_cue: build(
                r"\b(?:no|not|never|none|neither|nor|without|waive[sd]?|n/a)\b|n't\b",
            )
            .expect("valid"),
            policy,
            keywords,
            keyword_patterns,
            groups_needed,
            piece_groups,
            always,
            checks,
            check_screens,
            patterns,
            regexes,
            roles,
            widest_scope,
            use_places: !reference,
        })
    }

    /// Evaluate every rule of the policy on a segmented document.
    pub fn evaluate(&self, doc: &Document) -> Vec<ClauseResult> {
        let n = self.policy.rules.len();
        // Per rule: the sentences at each status.
        let mut found: Vec<[Vec<(usize, usize)>; 3]> = vec![Default::default(); n];
        // The keyword groups seen so far in the current sentence, per pattern.
        let mut seen = vec![0u16; self.groups_needed.len()];
        let mut partial: Vec<usize> = Vec::new();
        // The sentence's keyword occurrences ([`occurrence`]) and the patterns worth testing.
        let mut places: Vec<u64> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut touched: Vec<usize> = Vec::new();
        // The keywords in the sentence, for screening the checks.
        let mut present: Vec<usize> = Vec::new();
        // The sentences the rules read, and every keyword in them, found in one pass.
        let scoped: Vec<(&Sentence, Scope)> = doc
            .sentences
            .iter()
            .filter_map(|s| {
                let needed = match s.part {
                    Part::Body => Scope::Body,
                    Part::Definition => Scope::BodyAndDefinitions,
                    Part::Recital => Scope::All,
                    _ => return None,
                };
                (needed <= self.widest_scope).then_some((s, needed))
            })
            .collect();
        let ranges: Vec<(usize, usize)> = scoped.iter().map(|(s, _)| (s.start, s.end)).collect();
        let mut occurrences = Found::default();
        self.keywords
            .find_in(doc.text.as_bytes(), &ranges, &mut occurrences);
        for (j, &(s, scope_needed)) in scoped.iter().enumerate() {
            let text = doc.sentence_text(s).as_bytes();
            // Places are packed in 32 bits; a longer sentence is searched without them.
            let placed = self.use_places && u32::try_from(text.len()).is_ok();
            places.clear();
            candidates.clear();
            for (_, keyword) in occurrences.of(j) {
                for &(pi, bit) in &self.keyword_patterns[keyword] {
                    let before = seen[pi];
                    if before == 0 {
                        partial.push(pi);
                    }
                    seen[pi] |= bit;
                    if seen[pi] == self.groups_needed[pi] && before != seen[pi] {
                        candidates.push(pi);
                    }
                }
            }
            // The places of the patterns worth testing only (those with every group seen).
            if placed && !candidates.is_empty() {
                for (start, keyword) in occurrences.of(j) {
                    for &(pi, bit) in &self.keyword_patterns[keyword] {
                        if seen[pi] == self.groups_needed[pi] {
                            places.push(occurrence(pi, bit.trailing_zeros(), start));
                        }
                    }
                }
            }
            for pi in partial.drain(..) {
                seen[pi] = 0;
            }
            candidates.extend_from_slice(&self.always);
            if candidates.is_empty() {
                continue;
            }
            // Patterns in policy order: the order of the evidence depends on it.
            candidates.sort_unstable();
            candidates.dedup();
            places.sort_unstable();
            for &ri in &touched {
                hits[ri].clear();
            }
            touched.clear();
            let places = placed.then_some(places.as_slice());
            for &pi in &candidates {
                let ri = self.roles[pi].0;
                let starts = self.starts(pi, places);
                if self.regex(pi).find_at(text, 0, &starts).is_some() {
                    if hits[ri].is_empty() {
                        touched.push(ri);
                    }
                    hits[ri].push(pi);
                }
            }
            present.clear();
            if !touched.is_empty() {
                present.extend(occurrences.of(j).map(|(_, keyword)| keyword));
            }
            for &ri in &touched {
                let rule = &self.policy.rules[ri];
                if rule.scope < scope_needed {
                    continue;
                }
                let sentence = Tested {
                    text,
                    places,
                    keywords: &present,
                };
                if let Some(status) = self.sentence_status(ri, rule, &sentence, &hits[ri]) {
                    let slot = match status {
                        Status::Present => 0,
                        Status::Weak => 1,
                        _ => 2,
                    };
                    found[ri][slot].push((s.start, s.end));
                }
            }
        }
        self.policy
            .rules
            .iter()
            .zip(found)
            .map(|(rule, [present, weak, negated])| {
                let order: [(Status, Vec<(usize, usize)>); 3] = if rule.prefer_negated {
                    [
                        (Status::Negated, negated),
                        (Status::Present, present),
                        (Status::Weak, weak),
                    ]
                } else {
                    [
                        (Status::Present, present),
                        (Status::Weak, weak),
                        (Status::Negated, negated),
                    ]
                };
                for (status, mut spans) in order {
                    if !spans.is_empty() {
                        spans.truncate(3);
                        return ClauseResult {
                            status,
                            evidence: spans,
                        };
                    }
                }
                ClauseResult {
                    status: Status::Absent,
                    evidence: Vec::new(),
                }
            })
            .collect()
    }

    /// The compiled pattern `i` (compiled on first use; the pattern was checked at load).
    fn regex(&self, i: usize) -> &Matcher {
        self.regexes[i].get_or_init(|| {
            Matcher::new(&self.patterns[i]).unwrap_or_else(|_| Matcher {
                pieces: vec![build("$^").expect("valid")],
                gaps: Vec::new(),
            })
        })
    }

    /// Where the pieces of pattern `pi` can start in a sentence, from the sentence's keyword
    /// places (`None`: not known, search).
    fn starts<'p>(
        &'p self,
        pi: usize,
        places: Option<&'p [u64]>,
    ) -> impl Fn(usize) -> Option<&'p [u64]> + 'p {
        move |k: usize| {
            let places = places?;
            let g = u32::from(self.piece_groups[pi].get(k).copied().flatten()?);
            let from = places.partition_point(|&o| o < occurrence(pi, g, 0));
            let to = places.partition_point(|&o| o < occurrence(pi, g + 1, 0));
            Some(&places[from..to])
        }
    }

    /// Whether check pattern `i` can match a sentence holding `keywords`.
    fn may_match(&self, i: usize, keywords: &[usize]) -> bool {
        let screen = &self.check_screens[i];
        screen.is_empty() || keywords.iter().any(|k| screen.contains(k))
    }

    /// The status one sentence gives a rule, if any.
    fn sentence_status(
        &self,
        ri: usize,
        rule: &Rule,
        sentence: &Tested<'_>,
        pattern_ids: &[usize],
    ) -> Option<Status> {
        let Tested {
            text,
            places,
            keywords,
        } = *sentence;
        let may_match = |&&i: &&usize| self.may_match(i, keywords);
        let spans = |role: Role| -> Vec<(usize, usize)> {
            let mut v = Vec::new();
            for &i in pattern_ids.iter().filter(|&&i| self.roles[i].1 == role) {
                let starts = self.starts(i, places);
                v.extend(self.regex(i).find_iter_at(text, &starts));
            }
            v
        };
        let [exclude, veto, quantity] = &self.checks[ri];
        let excluded: Vec<(usize, usize)> = exclude
            .iter()
            .filter(may_match)
            .flat_map(|&i| self.regex(i).find_iter(text))
            .collect();
        let excluded = Overlaps::new(excluded);
        let clear = |v: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
            v.into_iter()
                .filter(|&(s, e)| !excluded.overlaps(s, e))
                .collect()
        };
        if !clear(spans(Role::Strong)).is_empty() {
            return Some(Status::Present);
        }
        if veto
            .iter()
            .filter(may_match)
            .any(|&i| self.regex(i).is_match(text))
        {
            return None;
        }
        let present = clear(spans(Role::Present));
        let negated = clear(spans(Role::Negated));
        if let Some(&(start, _)) = present.first() {
            if rule.negation && rule.kind == Kind::Require && self.negated_before(text, start) {
                return Some(Status::Negated);
            }
            if !quantity.is_empty()
                && !quantity
                    .iter()
                    .filter(may_match)
                    .any(|&i| self.regex(i).is_match(text))
            {
                return Some(Status::Weak);
            }
            return Some(Status::Present);
        }
        if !negated.is_empty() {
            return Some(Status::Negated);
        }
        if !clear(spans(Role::Weak)).is_empty() {
            return Some(Status::Weak);
        }
        None
    }

    /// A negation cue within 4 words before `at`, in the same clause (not across `,;:` or an
    /// "except"/"unless" that flips only its own clause).
    ///
    /// Only the clause is copied, not the sentence up to `at`: a copy per rule with evidence
    /// made a long sentence quadratic.
    fn negated_before(&self, text: &[u8], at: usize) -> bool {
        let before = &text[..at];
        let clause_start = before
            .iter()
            .rposition(|b| matches!(b, b',' | b';' | b':' | b'('))
            .map_or(0, |i| i + 1);
        let clause = String::from_utf8_lossy(&before[clause_start..]);
        let lower = clause.to_lowercase();
        if lower.contains("except") || lower.contains("unless") {
            return false;
        }
        let words: Vec<&str> = clause.split_whitespace().collect();
        let window = words[words.len().saturating_sub(4)..].join(" ");
        self.negation_cue.is_match(window.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{policy, text};

    /// A number piece, or a piece of two-letter words, is screened by them only when the
    /// pattern has nothing better; a literal that begins with another of its piece's is
    /// dropped.
    #[test]
    fn digits_screen_only_patterns_without_words() {
        let digits: Vec<Vec<u8>> = (b'0'..=b'9').map(|b| vec![b]).collect();
        let (groups, pieces) = keyword_groups(r"\b\d+\s?%[^.]{0,40}\bwithin\b").unwrap();
        assert_eq!(groups, vec![vec![b"within".to_vec()]]);
        assert_eq!(pieces, vec![None, Some(0)]);
        let (groups, pieces) =
            keyword_groups(r"\b\d{1,2}[:.]\d{2}\b[^.]{0,40}\b(?:UK|time)\b").unwrap();
        assert_eq!(groups, vec![digits]);
        assert_eq!(pieces, vec![Some(0), None]);
        let (groups, pieces) =
            keyword_groups(r"\bchanges?\b[^.]{0,60}\b(?:in|to) (?:the )?\w+ plan\b").unwrap();
        assert_eq!(groups, vec![vec![b"change".to_vec()]]);
        assert_eq!(pieces, vec![Some(0), None]);
        let (groups, _) = keyword_groups(r"\b(?:in|to) (?:the )?\w+ plan\b").unwrap();
        assert_eq!(groups, vec![vec![b"in ".to_vec(), b"to ".to_vec()]]);
        let (groups, _) = keyword_groups(r"\b(?:terminat\w*|termination for)\b").unwrap();
        assert_eq!(groups, vec![vec![b"terminat".to_vec()]]);
    }

    /// A check is screened by its most selective group, cut to ten bytes.
    #[test]
    fn a_check_is_screened_by_its_rarest_group() {
        let screen = |p: &str| check_screen(keyword_groups(p).unwrap().0);
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

    /// Exclusions, vetoes and quantities still apply where their words are, with the checks
    /// screened: each sentence, linted alone, gives the same status on the fast path and the
    /// reference, and the one expected.
    #[test]
    fn screened_checks_still_apply() {
        let fast = Compiled::new(policy::load("outsourcing").unwrap()).unwrap();
        let reference = Compiled::reference(policy::load("outsourcing").unwrap()).unwrap();
        let cases = [
            // KPI-001: a quantity makes it present; none makes it weak.
            ("KPI-001", "Response times are 4 hours.", Status::Present),
            (
                "KPI-001",
                "Response times are measured monthly.",
                Status::Weak,
            ),
            // KPI-001: the evidence overlaps an exclusion (an interest rate).
            (
                "KPI-001",
                "Interest at 5% is paid within 10 days.",
                Status::Absent,
            ),
            (
                "KPI-001",
                "Credits of 5% are paid within 10 days.",
                Status::Present,
            ),
            // SCALE-001: a veto word in the sentence.
            (
                "SCALE-001",
                "Higher volumes of shares may be sold.",
                Status::Absent,
            ),
            (
                "SCALE-001",
                "Higher volumes are planned for.",
                Status::Present,
            ),
        ];
        for (id, sentence, expected) in cases {
            let doc = text::segment(sentence);
            for compiled in [&fast, &reference] {
                let ri = compiled.policy.rules.iter().position(|r| r.id == id);
                let status = compiled.evaluate(&doc)[ri.unwrap()].status;
                assert_eq!(status, expected, "{id}: {sentence}");
            }
        }
    }

    /// The dense keyword table and trying pieces only where their keywords start are only
    /// faster: every sample gives the same statuses and spans as the plain reference.
    #[test]
    fn the_fast_path_evaluates_like_the_reference() {
        for name in ["outsourcing", "nda"] {
            let one = Compiled::reference(policy::load(name).unwrap()).unwrap();
            let batch = Compiled::new(policy::load(name).unwrap()).unwrap();
            for sample in [
                include_str!("../../samples/contracts/bookkeeping-sow-good.md"),
                include_str!("../../samples/contracts/it-support-msa-weak.txt"),
            ] {
                let (normal, _) = text::normalize(sample);
                let doc = text::segment(&normal);
                let a = one.evaluate(&doc);
                let b = batch.evaluate(&doc);
                assert_eq!(a.len(), b.len());
                for (x, y) in a.iter().zip(&b) {
                    assert_eq!((x.status, &x.evidence), (y.status, &y.evidence));
                }
            }
        }
    }
}
