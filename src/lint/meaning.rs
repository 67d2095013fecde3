//! What a rule means: how the matches of its patterns in a sentence decide the clause's
//! status there, and how the sentences decide it for the document (SPEC §4.1). This module is
//! the definition; its [`Reference`] applies it the plain way, every pattern on every sentence,
//! and the fast path (`fast`) must give exactly the reference's statuses and evidence (held to
//! it by the tests, a corpus-wide test and the `lint_text` fuzz target).

use super::pattern::{Matcher, Table};
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

/// The outcome for one rule in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseResult {
    pub status: Status,
    /// Byte spans of the sentences that gave the status (at most 3, in document order).
    pub evidence: Vec<(usize, usize)>,
}

/// The part a pattern plays in its rule (the policy fields of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Evidence that the clause is there.
    Present,
    /// Evidence that holds even in a vetoed sentence.
    Strong,
    /// Evidence of a hedged or incomplete clause.
    Weak,
    /// Evidence that the contract says the opposite.
    Negated,
    /// A trap: evidence overlapping one of its matches does not count.
    Exclude,
    /// A sentence matching one is no evidence for the rule at all.
    Veto,
    /// A number the clause must state to be more than weak.
    Quantity,
}

impl Role {
    /// Every role, in the order a rule's patterns are listed (and evidence reported).
    pub const ALL: [Role; 7] = [
        Role::Present,
        Role::Strong,
        Role::Weak,
        Role::Negated,
        Role::Exclude,
        Role::Veto,
        Role::Quantity,
    ];

    /// The role's place in [`Role::ALL`].
    pub fn index(self) -> usize {
        match self {
            Role::Present => 0,
            Role::Strong => 1,
            Role::Weak => 2,
            Role::Negated => 3,
            Role::Exclude => 4,
            Role::Veto => 5,
            Role::Quantity => 6,
        }
    }

    /// The rule's pattern sources of this role.
    pub fn patterns(self, rule: &Rule) -> &[String] {
        match self {
            Role::Present => &rule.present,
            Role::Strong => &rule.strong,
            Role::Weak => &rule.weak,
            Role::Negated => &rule.negated,
            Role::Exclude => &rule.exclude,
            Role::Veto => &rule.veto,
            Role::Quantity => rule.quantity.as_slice(),
        }
    }

    /// Whether a match of the role is evidence (the others only qualify evidence).
    pub fn is_evidence(self) -> bool {
        matches!(
            self,
            Role::Present | Role::Strong | Role::Weak | Role::Negated
        )
    }
}

/// What a sentence holds for one rule: the matches of its patterns. The reference searches
/// every pattern; the fast path only those its keywords allow, with the same answers.
pub trait Matches {
    /// The matches of the rule's patterns of `role`, pattern by pattern in policy order, each
    /// pattern's left to right.
    fn spans(&mut self, role: Role) -> Vec<(usize, usize)>;
    /// Whether any pattern of `role` matches.
    fn any(&mut self, role: Role) -> bool;
    /// The first of [`Matches::spans`] that does not overlap `excluded`: all a status needs of
    /// most roles. An implementation that knows it without finding every match may say so.
    fn first_span(&mut self, role: Role, excluded: &Overlaps) -> Option<(usize, usize)> {
        first_outside(self.spans(role), excluded)
    }
}

/// The first of `spans` that does not overlap `excluded`.
pub fn first_outside(spans: Vec<(usize, usize)>, excluded: &Overlaps) -> Option<(usize, usize)> {
    spans.into_iter().find(|&(s, e)| !excluded.overlaps(s, e))
}

/// The status one sentence gives a rule, or `None` when it says nothing about it. In order:
///
/// 1. Evidence overlapping a match of an `exclude` pattern (a trap) does not count.
/// 2. `strong` evidence: present, whatever else the sentence says.
/// 3. A `veto`: the sentence says nothing about the rule.
/// 4. `negated` evidence when the rule says `prefer_negated`: negated (a definition that names
///    a marking and then says "whether or not marked" does not depend on marking).
/// 5. `present` evidence: negated when every present match lies inside a `negated` match (the
///    negated pattern read the same words and found them denied: "oral disclosures are not
///    confidential"), or when the rule reads `negation` and requires its clause and a negation
///    cue stands within four words before the first match in the same clause
///    ([`negated_before`]); else weak when the rule has a `quantity` the sentence lacks; else
///    present.
/// 6. `negated` evidence: negated.
/// 7. `weak` evidence: weak.
pub fn sentence_status<M: Matches>(rule: &Rule, text: &[u8], matches: &mut M) -> Option<Status> {
    let excluded = Overlaps::new(matches.spans(Role::Exclude));
    let evidence = |matches: &mut M, role: Role| -> Vec<(usize, usize)> {
        let mut spans = matches.spans(role);
        spans.retain(|&(s, e)| !excluded.overlaps(s, e));
        spans
    };
    // Most steps need only whether a role has evidence, or its first: every match is found
    // only where every one counts (present evidence all denied by negated evidence).
    if matches.first_span(Role::Strong, &excluded).is_some() {
        return Some(Status::Present);
    }
    if matches.any(Role::Veto) {
        return None;
    }
    let present = matches.first_span(Role::Present, &excluded);
    let negated = matches.first_span(Role::Negated, &excluded);
    if rule.prefer_negated && negated.is_some() {
        return Some(Status::Negated);
    }
    if let Some((start, _)) = present {
        if negated.is_some() {
            let negated = evidence(matches, Role::Negated);
            let denied =
                |&(s, e): &(usize, usize)| negated.iter().any(|&(ns, ne)| ns <= s && e <= ne);
            if evidence(matches, Role::Present).iter().all(denied) {
                return Some(Status::Negated);
            }
        }
        if rule.negation && rule.kind == Kind::Require && negated_before(text, start) {
            return Some(Status::Negated);
        }
        if rule.quantity.is_some() && !matches.any(Role::Quantity) {
            return Some(Status::Weak);
        }
        return Some(Status::Present);
    }
    if negated.is_some() {
        return Some(Status::Negated);
    }
    if matches.first_span(Role::Weak, &excluded).is_some() {
        return Some(Status::Weak);
    }
    None
}

/// The status of a rule in a document, from the sentences that gave each status (in document
/// order): present beats weak beats negated, except that negated comes first for a rule that
/// says `prefer_negated`; the evidence is the first five sentences of the winning status (a clause is often spread
/// over a definition, the operative sentence and a schedule, and a reviewer wants each).
pub fn document_status(
    rule: &Rule,
    present: Vec<(usize, usize)>,
    weak: Vec<(usize, usize)>,
    negated: Vec<(usize, usize)>,
) -> ClauseResult {
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
            spans.truncate(5);
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
}

/// The narrowest scope that reads a sentence of `part` (`None`: no rule reads it: headings,
/// tables of contents, page furniture, comments).
pub fn scope_of(part: Part) -> Option<Scope> {
    match part {
        Part::Body => Some(Scope::Body),
        Part::Definition => Some(Scope::BodyAndDefinitions),
        Part::Recital => Some(Scope::All),
        _ => None,
    }
}

/// The words that negate what follows them.
fn negation_cue() -> &'static regex_automata::meta::Regex {
    static CUE: std::sync::OnceLock<regex_automata::meta::Regex> = std::sync::OnceLock::new();
    CUE.get_or_init(|| {
        super::pattern::lean(r"\b(?:no|not|never|none|neither|nor|without|waive[sd]?|n/a)\b|n't\b")
            .expect("valid")
    })
}

/// A negation cue within 4 words before `at`, in the same clause (not across `,;:(` or an
/// "except"/"unless" that flips only its own clause).
pub fn negated_before(text: &[u8], at: usize) -> bool {
    let before = &text[..at];
    // Only the clause is copied, not the sentence up to `at`.
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
    negation_cue().is_match(window.as_bytes())
}

/// Spans to test others against for overlap: sorted by start, with the furthest end reached so
/// far, so each test is a binary search rather than a pass over every span (a sentence of
/// placeholders has thousands).
pub struct Overlaps {
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

    /// Whether there are no spans.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Whether any span overlaps `s..e` (shares a byte with it).
    fn overlaps(&self, s: usize, e: usize) -> bool {
        let before_end = self.spans.partition_point(|&(xs, _)| xs < e);
        before_end > 0 && self.furthest[before_end - 1] > s
    }
}

/// A policy evaluated the plain way: every pattern of every rule searched in every sentence
/// its scope reads, from the left. Slow, and the statement of what the fast path must do.
pub struct Reference {
    policy: Policy,
    table: Table,
}

/// Every match of a rule's patterns in one sentence, searched plainly.
struct Plain<'a> {
    table: &'a Table,
    rule: usize,
    text: &'a [u8],
}

impl Matches for Plain<'_> {
    fn spans(&mut self, role: Role) -> Vec<(usize, usize)> {
        self.table
            .of(self.rule, role)
            .iter()
            .flat_map(|&i| self.table.matcher(i).find_iter(self.text))
            .collect()
    }

    fn any(&mut self, role: Role) -> bool {
        self.table
            .of(self.rule, role)
            .iter()
            .any(|&i| self.table.matcher(i).is_match(self.text))
    }
}

impl Reference {
    pub fn new(policy: Policy) -> Result<Self, String> {
        Ok(Reference {
            table: Table::new(&policy)?,
            policy,
        })
    }

    /// Every rule's status and evidence in `doc`.
    pub fn evaluate(&self, doc: &Document) -> Vec<ClauseResult> {
        let mut found: Vec<[Vec<(usize, usize)>; 3]> =
            vec![Default::default(); self.policy.rules.len()];
        for s in &doc.sentences {
            let Some(needed) = scope_of(s.part) else {
                continue;
            };
            let text = doc.sentence_text(s).as_bytes();
            for (ri, rule) in self.policy.rules.iter().enumerate() {
                if rule.scope < needed {
                    continue;
                }
                let mut plain = Plain {
                    table: &self.table,
                    rule: ri,
                    text,
                };
                if let Some(status) = sentence_status(rule, text, &mut plain) {
                    found[ri][slot(status)].push((s.start, s.end));
                }
            }
        }
        self.policy
            .rules
            .iter()
            .zip(found)
            .map(|(rule, [p, w, n])| document_status(rule, p, w, n))
            .collect()
    }
}

/// Where a sentence's status is kept while a document is read: present, weak, negated.
pub fn slot(status: Status) -> usize {
    match status {
        Status::Present => 0,
        Status::Weak => 1,
        _ => 2,
    }
}

/// A matcher from a pattern source (for tests and tools that check one pattern).
pub fn matcher(source: &str) -> Result<Matcher, String> {
    super::pattern::Pattern::parse(source)?.matcher()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{policy, text};

    fn status_of(id: &str, sentence: &str) -> Status {
        let p = policy::load("outsourcing").unwrap();
        let ri = p.rules.iter().position(|r| r.id == id).unwrap();
        let r = Reference::new(p).unwrap();
        r.evaluate(&text::segment(sentence))[ri].status
    }

    /// Each step of the precedence, on one sentence each.
    #[test]
    fn the_precedence_holds() {
        // Present, and a quantity makes it more than weak.
        assert_eq!(
            status_of("KPI-001", "Response times are 4 hours."),
            Status::Present
        );
        assert_eq!(
            status_of("KPI-001", "Response times are measured monthly."),
            Status::Weak
        );
        // Evidence overlapping a trap does not count.
        assert_eq!(
            status_of("KPI-001", "Interest at 5% is paid within 10 days."),
            Status::Absent
        );
        // A veto silences the sentence.
        assert_eq!(
            status_of("SCALE-001", "Higher volumes of shares may be sold."),
            Status::Absent
        );
        // A negation cue before the evidence.
        assert_eq!(
            status_of(
                "TRIAL-001",
                "No trial period shall apply to this Agreement."
            ),
            Status::Negated
        );
    }

    #[test]
    fn negation_is_clause_scoped() {
        let at = |s: &str| s.find("trial").unwrap();
        for (s, negated) in [
            ("There is no trial period", true),
            ("There will never be a trial period", true),
            ("No fees, but a trial period", false),
            ("Not later than 5 days unless a trial period", false),
            (
                "No notice is needed and the first month is a trial period",
                false,
            ),
        ] {
            assert_eq!(negated_before(s.as_bytes(), at(s)), negated, "{s}");
        }
    }
}
