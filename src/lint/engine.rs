//! The policy engine. Every pattern of a policy contributes keywords (the literals each of its
//! pieces must start with) to one Aho-Corasick automaton, which reads the whole document once,
//! whatever the number of rules. Only the sentences holding a keyword of every piece of a
//! pattern are tested with that pattern, and only the matching ones are looked at again, to
//! place spans, apply the rules' traps and detect negation.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::policy::{Kind, Policy, Rule, Scope};
use super::text::{Document, Part};

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
    /// Keywords of every pattern, matched case-insensitively in one pass.
    keywords: AhoCorasick,
    /// For each keyword, the patterns it stands for, with the bit of the pattern's keyword
    /// group it belongs to.
    keyword_patterns: Vec<Vec<(usize, u16)>>,
    /// For each pattern, the bits of all its keyword groups: a sentence is worth testing when
    /// its keywords set all of them.
    groups_needed: Vec<u16>,
    /// Evidence patterns with no usable keyword: tested on every sentence.
    always: Vec<usize>,
    /// Per rule, its exclude, veto and quantity patterns: tested only on sentences that
    /// already hold evidence for the rule, so they need no keywords.
    checks: Vec<[Vec<usize>; 3]>,
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
        self.find_from(text, 0).is_some()
    }

    /// The first match starting at or after `from`.
    fn find_from(&self, text: &[u8], mut from: usize) -> Option<(usize, usize)> {
        while from <= text.len() {
            let m = self.pieces[0].find(Input::new(text).range(from..))?;
            if let Some(end) = self.rest(text, 1, m.end()) {
                return Some((m.start(), end));
            }
            from = m.start() + 1;
        }
        None
    }

    /// Match pieces `k..` with piece `k` starting within its gap after `at`.
    fn rest(&self, text: &[u8], k: usize, at: usize) -> Option<usize> {
        if k == self.pieces.len() {
            return Some(at);
        }
        let stop = text[at..]
            .iter()
            .position(|&b| b == b'.')
            .map_or(text.len(), |i| at + i);
        let limit = (at + self.gaps[k - 1]).min(stop);
        let mut from = at;
        while let Some(m) = self.pieces[k].find(Input::new(text).range(from..)) {
            if m.start() > limit {
                break;
            }
            if let Some(end) = self.rest(text, k + 1, m.end()) {
                return Some(end);
            }
            from = m.start() + 1;
        }
        None
    }

    /// Non-overlapping matches, left to right.
    pub fn find_iter<'t>(&'t self, text: &'t [u8]) -> impl Iterator<Item = (usize, usize)> + 't {
        let mut from = 0;
        std::iter::from_fn(move || {
            let (s, e) = self.find_from(text, from)?;
            from = if e > s { e } else { s + 1 };
            Some((s, e))
        })
    }
}

/// At most this many pieces of a pattern are screened by keywords (a bit each).
const MAX_GROUPS: usize = 16;

/// The keywords a sentence must contain for `pattern` to match, as groups: one group per
/// gapless piece whose matches all start with a selective literal (three letters or more, or
/// a punctuation mark), holding those literals lower-cased. A sentence can only match when it
/// holds a keyword of every group. No group: the pattern is tested on every sentence.
fn keyword_groups(pattern: &str) -> Result<Vec<Vec<Vec<u8>>>, String> {
    let mut groups = Vec::new();
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
        let Some(lits) = seq.literals() else { continue };
        // Words need three letters to be selective; a punctuation mark (`[`, `{`, `$`) is
        // selective on its own.
        let selective = |l: &[u8]| l.len() >= 3 || !l.is_empty() && !l[0].is_ascii_alphanumeric();
        if lits.is_empty() || !lits.iter().all(|l| selective(l.as_bytes())) {
            continue;
        }
        let mut words: Vec<Vec<u8>> = lits
            .iter()
            .map(|l| l.as_bytes().to_ascii_lowercase())
            .collect();
        words.sort();
        words.dedup();
        if !groups.contains(&words) && groups.len() < MAX_GROUPS {
            groups.push(words);
        }
    }
    Ok(groups)
}

/// How much to spend on building the keyword automaton. A DFA reads text about twice as fast
/// as the default automaton but takes about 25 ms longer to build: worth it for a batch, not
/// for one contract at a desk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scale {
    #[default]
    One,
    Batch,
}

impl Compiled {
    /// Compile for a run of the given scale (the results are the same; only the speed is not).
    pub fn for_scale(policy: Policy, scale: Scale) -> Result<Self, String> {
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
        let mut keyword_patterns: Vec<Vec<(usize, u16)>> = Vec::new();
        let mut groups_needed = vec![0u16; patterns.len()];
        let mut always = Vec::new();
        let mut checks: Vec<[Vec<usize>; 3]> = vec![Default::default(); policy.rules.len()];
        for (pi, p) in patterns.iter().enumerate() {
            // Parsing for keywords also checks the pattern, so a bad policy fails at load.
            let groups = keyword_groups(p).map_err(|e| {
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
                continue;
            }
            if groups.is_empty() {
                always.push(pi);
            }
            groups_needed[pi] = (1u32 << groups.len()).wrapping_sub(1) as u16;
            for (g, group) in groups.into_iter().enumerate() {
                for k in group {
                    let slot = match words.iter().position(|w| *w == k) {
                        Some(i) => i,
                        None => {
                            words.push(k);
                            keyword_patterns.push(Vec::new());
                            words.len() - 1
                        }
                    };
                    let entry = (pi, 1u16 << g);
                    if !keyword_patterns[slot].contains(&entry) {
                        keyword_patterns[slot].push(entry);
                    }
                }
            }
        }
        let kind = match scale {
            Scale::One => None,
            Scale::Batch => Some(aho_corasick::AhoCorasickKind::DFA),
        };
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(kind)
            .build(&words)
            .map_err(|e| format!("policy `{}`: {e}", policy.name))?;
        let widest_scope = policy
            .rules
            .iter()
            .map(|r| r.scope)
            .max()
            .unwrap_or_default();
        Ok(Compiled {
            negation_cue: build(
                r"\b(?:no|not|never|none|neither|nor|without|waive[sd]?|n/a)\b|n't\b",
            )
            .expect("valid"),
            policy,
            keywords,
            keyword_patterns,
            groups_needed,
            always,
            checks,
            patterns,
            regexes,
            roles,
            widest_scope,
        })
    }

    /// Evaluate every rule of the policy on a segmented document.
    pub fn evaluate(&self, doc: &Document) -> Vec<ClauseResult> {
        let n = self.policy.rules.len();
        // Per rule: the sentences at each status.
        let mut found: Vec<[Vec<(usize, usize)>; 3]> = vec![Default::default(); n];
        // (sentence, pattern) pairs worth testing: one automaton pass over the whole text.
        let starts: Vec<usize> = doc.sentences.iter().map(|s| s.start).collect();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        // The keyword groups seen so far in the current sentence, per pattern.
        let mut seen = vec![0u16; self.groups_needed.len()];
        let mut partial: Vec<usize> = Vec::new();
        let mut current = usize::MAX;
        for m in self.keywords.find_overlapping_iter(doc.text.as_bytes()) {
            let si = starts
                .partition_point(|&st| st <= m.start())
                .saturating_sub(1);
            if doc.sentences.get(si).is_none_or(|s| m.start() >= s.end) {
                continue;
            }
            if si != current {
                for pi in partial.drain(..) {
                    seen[pi] = 0;
                }
                current = si;
            }
            for &(pi, bit) in &self.keyword_patterns[m.pattern().as_usize()] {
                let before = seen[pi];
                if before == 0 {
                    partial.push(pi);
                }
                seen[pi] |= bit;
                if seen[pi] == self.groups_needed[pi] && before != seen[pi] {
                    candidates.push((si, pi));
                }
            }
        }
        if !self.always.is_empty() {
            for si in 0..doc.sentences.len() {
                candidates.extend(self.always.iter().map(|&pi| (si, pi)));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut touched: Vec<usize> = Vec::new();
        for group in candidates.chunk_by(|a, b| a.0 == b.0) {
            let s = &doc.sentences[group[0].0];
            let scope_needed = match s.part {
                Part::Body => Scope::Body,
                Part::Definition => Scope::BodyAndDefinitions,
                Part::Recital => Scope::All,
                _ => continue,
            };
            if scope_needed > self.widest_scope {
                continue;
            }
            let text = doc.sentence_text(s).as_bytes();
            for &ri in &touched {
                hits[ri].clear();
            }
            touched.clear();
            for &(_, pi) in group {
                let ri = self.roles[pi].0;
                if self.regex(pi).is_match(text) {
                    if hits[ri].is_empty() {
                        touched.push(ri);
                    }
                    hits[ri].push(pi);
                }
            }
            for &ri in &touched {
                let rule = &self.policy.rules[ri];
                if rule.scope < scope_needed {
                    continue;
                }
                if let Some(status) = self.sentence_status(ri, rule, text, &hits[ri]) {
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

    /// The status one sentence gives a rule, if any.
    fn sentence_status(
        &self,
        ri: usize,
        rule: &Rule,
        text: &[u8],
        pattern_ids: &[usize],
    ) -> Option<Status> {
        let spans = |role: Role| -> Vec<(usize, usize)> {
            pattern_ids
                .iter()
                .filter(|&&i| self.roles[i].1 == role)
                .flat_map(|&i| self.regex(i).find_iter(text))
                .collect()
        };
        let [exclude, veto, quantity] = &self.checks[ri];
        let excluded: Vec<(usize, usize)> = exclude
            .iter()
            .flat_map(|&i| self.regex(i).find_iter(text))
            .collect();
        let clear = |v: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
            v.into_iter()
                .filter(|(s, e)| !excluded.iter().any(|(xs, xe)| s < xe && xs < e))
                .collect()
        };
        if !clear(spans(Role::Strong)).is_empty() {
            return Some(Status::Present);
        }
        if veto.iter().any(|&i| self.regex(i).is_match(text)) {
            return None;
        }
        let present = clear(spans(Role::Present));
        let negated = clear(spans(Role::Negated));
        if let Some(&(start, _)) = present.first() {
            if rule.negation && rule.kind == Kind::Require && self.negated_before(text, start) {
                return Some(Status::Negated);
            }
            if !quantity.is_empty() && !quantity.iter().any(|&i| self.regex(i).is_match(text)) {
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
    fn negated_before(&self, text: &[u8], at: usize) -> bool {
        let before = String::from_utf8_lossy(&text[..at]);
        let clause_start = before.rfind([',', ';', ':', '(']).map_or(0, |i| i + 1);
        let clause = &before[clause_start..];
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

    /// The batch automaton is only faster: every sample gives the same statuses and spans.
    #[test]
    fn batch_scale_evaluates_like_single() {
        for name in ["outsourcing", "nda"] {
            let one = Compiled::for_scale(policy::load(name).unwrap(), Scale::One).unwrap();
            let batch = Compiled::for_scale(policy::load(name).unwrap(), Scale::Batch).unwrap();
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
