//! The fast path: what [`meaning`](super::meaning) defines, computed with as little reading as
//! possible. Its contract is to give exactly the [`Reference`](super::meaning::Reference)'s
//! statuses and evidence; the unit tests, a test over the whole dev corpus and the `lint_text`
//! fuzz target hold it to that.
//!
//! Every pattern contributes keywords (the literals each of its pieces must start with) to one
//! keyword automaton ([`super::keywords`]), which reads each sentence of the operative text
//! once, whatever the number of rules. Only the sentences holding a keyword of every piece of a
//! pattern are tested with that pattern, and each piece only where its keywords start; only
//! the sentences with evidence for a rule are looked at again, for its traps (each only where
//! one of its keywords is) and its negation. The same pass finds where the draft's cue words
//! ([`assume`]) can start, in the headings too; each is tried only there.

use super::assume::{self, Cue};
use super::keywords::{Found, Keywords};
use super::meaning::{
    ClauseResult, Matches, Overlaps, Role, document_status, first_outside, scope_of,
    sentence_status, slot,
};
use super::pattern::{Places, Table};
use super::policy::{Policy, Scope};
use super::shape::{MAX_GROUPS, check_screen};
use super::text::{Document, Sentence};

/// A policy compiled for the fast path.
pub struct Engine {
    policy: Policy,
    table: Table,
    /// Keywords of every pattern (lower case, matched ignoring case), found in one pass over
    /// the sentences of a document; and the words themselves.
    keywords: Keywords,
    words: Vec<Vec<u8>>,
    /// For each keyword, the patterns it stands for, with the bit of the pattern's keyword
    /// group it belongs to.
    keyword_patterns: KeywordPatterns,
    /// For each pattern, the bits of all its keyword groups: a sentence is worth testing when
    /// its keywords set all of them.
    groups_needed: Vec<u16>,
    /// For each evidence pattern, the keyword group of each of its pieces, if it has one.
    piece_groups: Vec<Vec<Option<u8>>>,
    /// Evidence patterns with no usable keyword: tested on every sentence.
    always: Vec<usize>,
    /// For each check pattern (exclude, veto, quantity), the keywords of its most selective
    /// group (empty: none, the pattern is always tested). A check is tested only in a sentence
    /// holding one of them.
    check_screens: Vec<Vec<usize>>,
    /// The keywords a draft cue starts with ([`super::cue_patterns`]): the keyword pass finds
    /// where cues can start, and each is tried only there.
    cue_keywords: Vec<bool>,
    /// The widest scope any rule uses (sentences outside it are skipped at once).
    widest_scope: Scope,
    /// Documents evaluated so far: the first few compile, in parallel, the matchers their
    /// sentences will need ([`Engine::warm`]).
    evaluated: std::sync::atomic::AtomicUsize,
}

/// For each keyword, the patterns it stands for and the group of each it belongs to, all in
/// one array (`entries[starts[k]..starts[k + 1]]`), each packed in four bytes ([`Entry`]): the
/// lists are read for every keyword occurrence, and a list of its own per keyword, each
/// somewhere else in memory, made that read wait on memory more than anything else in a run.
struct KeywordPatterns {
    starts: Vec<u32>,
    entries: Vec<u32>,
}

/// A pattern and the bit of its keyword group, packed as `pattern << 4 | group`.
#[derive(Clone, Copy)]
struct Entry(u32);

impl Entry {
    fn pattern(self) -> usize {
        (self.0 >> 4) as usize
    }

    fn bit(self) -> u16 {
        1 << (self.0 & 15)
    }

    fn group(self) -> u32 {
        self.0 & 15
    }
}

impl KeywordPatterns {
    fn new(lists: Vec<Vec<(usize, u16)>>) -> Result<KeywordPatterns, String> {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut entries = Vec::new();
        starts.push(0);
        for list in lists {
            for (pi, bit) in list {
                let pi = u32::try_from(pi)
                    .ok()
                    .filter(|&pi| pi < 1 << 28)
                    .ok_or("too many patterns")?;
                entries.push(pi << 4 | bit.trailing_zeros());
            }
            starts.push(u32::try_from(entries.len()).map_err(|_| "too many keyword entries")?);
        }
        Ok(KeywordPatterns { starts, entries })
    }

    /// The patterns keyword `k` stands for.
    fn of(&self, k: usize) -> impl Iterator<Item = Entry> + '_ {
        self.entries[self.starts[k] as usize..self.starts[k + 1] as usize]
            .iter()
            .map(|&e| Entry(e))
    }
}

/// How many documents warm the matchers: a one-contract run is mostly compiling the patterns
/// its sentences meet, and on later documents of a batch almost all are compiled already.
const WARM_DOCUMENTS: usize = 4;

/// A keyword occurrence in a sentence, packed for sorting: pattern, group, then start (so the
/// places of one pattern's group are one ascending run).
fn occurrence(pattern: usize, group: u32, start: usize) -> u64 {
    ((pattern as u64) << 36) | (u64::from(group) << 32) | start as u64
}

impl Engine {
    /// Compile a policy.
    pub fn new(policy: Policy) -> Result<Engine, String> {
        let table = Table::new(&policy)?;
        let n = table.len();
        let mut words: Vec<Vec<u8>> = Vec::new();
        // Each keyword's index in `words`.
        let mut slots: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut keyword_patterns: Vec<Vec<(usize, u16)>> = Vec::new();
        let mut groups_needed = vec![0u16; n];
        let mut piece_groups = vec![Vec::new(); n];
        let mut always = Vec::new();
        let mut check_screens = vec![Vec::new(); n];
        // The slot of keyword `k` in `words`, added if new.
        let mut slot_of =
            |k: Vec<u8>, words: &mut Vec<Vec<u8>>, kp: &mut Vec<Vec<(usize, u16)>>| {
                *slots.entry(k.clone()).or_insert_with(|| {
                    words.push(k);
                    kp.push(Vec::new());
                    words.len() - 1
                })
            };
        for pi in 0..n {
            let (groups, piece_group) = table.pattern(pi).groups().clone();
            let (_, role) = table.owner[pi];
            if !role.is_evidence() {
                if let Some(group) = check_screen(groups) {
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
            if groups.is_empty() {
                always.push(pi);
            }
            debug_assert!(groups.len() <= MAX_GROUPS);
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
        // The words cues start with (worked out at build time).
        let mut cue_slots: Vec<usize> = super::precomputed::cue_words()
            .map(|k| slot_of(k, &mut words, &mut keyword_patterns))
            .collect();
        // The built-in policies' keywords have a table made at build time: taken, with each
        // keyword renumbered to its place there.
        let keywords = match super::precomputed::keyword_table(&words) {
            Some(built) => {
                for k in &mut cue_slots {
                    *k = built.at[*k];
                }
                let mut patterns = vec![Vec::new(); built.words.len()];
                for (k, p) in keyword_patterns.into_iter().enumerate() {
                    patterns[built.at[k]] = p;
                }
                keyword_patterns = patterns;
                for screen in &mut check_screens {
                    for k in screen.iter_mut() {
                        *k = built.at[*k];
                    }
                }
                words = built.words.iter().map(|w| w.to_vec()).collect();
                Keywords::Dense(Box::new(built.dense))
            }
            None => Keywords::new(&words).map_err(|e| format!("policy `{}`: {e}", policy.name))?,
        };
        let mut cue_keywords = vec![false; words.len()];
        for k in cue_slots {
            cue_keywords[k] = true;
        }
        let widest_scope = policy
            .rules
            .iter()
            .map(|r| r.scope)
            .max()
            .unwrap_or_default();
        let keyword_patterns = KeywordPatterns::new(keyword_patterns)
            .map_err(|e| format!("policy `{}`: {e}", policy.name))?;
        Ok(Engine {
            policy,
            table,
            keywords,
            words,
            keyword_patterns,
            groups_needed,
            piece_groups,
            always,
            check_screens,
            cue_keywords,
            widest_scope,
            evaluated: Default::default(),
        })
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The keywords the engine screens sentences with (for the keyword benchmark).
    pub fn keywords(&self) -> &[Vec<u8>] {
        &self.words
    }

    /// Every rule's status and evidence in `doc`, as the reference gives them.
    pub fn evaluate(&self, doc: &Document) -> Vec<ClauseResult> {
        self.read(doc).0
    }

    /// [`Engine::evaluate`], and the draft's cue words, as [`assume::find_cues`] gives them:
    /// one keyword pass reads the sentences for both.
    pub fn read(&self, doc: &Document) -> (Vec<ClauseResult>, Vec<Cue>) {
        let n = self.policy.rules.len();
        // Per rule: the sentences at each status.
        let mut found: Vec<[Vec<(usize, usize)>; 3]> = vec![Default::default(); n];
        // The keyword groups seen so far in the current sentence, per pattern.
        let mut seen = vec![0u16; self.groups_needed.len()];
        let mut partial: Vec<usize> = Vec::new();
        // The sentence's keyword occurrences ([`occurrence`]) and the patterns worth testing.
        let mut places: Vec<u64> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        // Per rule, the patterns that matched the sentence, each with its first match.
        let mut hits: Vec<Vec<(usize, (usize, usize))>> = vec![Vec::new(); n];
        let mut touched: Vec<usize> = Vec::new();
        // The keywords in the sentence, for screening the checks.
        let mut present: Vec<usize> = Vec::new();
        // The sentences the rules read (with the scope they need) and those cues are read in,
        // and every keyword in them, found in one pass.
        let read: Vec<(usize, &Sentence, Option<Scope>)> = doc
            .sentences
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let scope = scope_of(s.part).filter(|&needed| needed <= self.widest_scope);
                (scope.is_some() || assume::reads_cues(s.part)).then_some((i, s, scope))
            })
            .collect();
        let ranges: Vec<(usize, usize)> = read.iter().map(|(_, s, _)| (s.start, s.end)).collect();
        let mut occurrences = Found::default();
        self.keywords
            .find_in(doc.text.as_bytes(), &ranges, &mut occurrences);
        if self
            .evaluated
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            < WARM_DOCUMENTS
        {
            self.warm(&occurrences, &read);
        }
        let cues = self.cues(doc, &read, &occurrences);
        for (j, &(_, s, scope)) in read.iter().enumerate() {
            let Some(scope_needed) = scope else {
                continue;
            };
            let text = doc.sentence_text(s).as_bytes();
            // Places are packed in 32 bits; a longer sentence is searched without them.
            let placed = u32::try_from(text.len()).is_ok();
            places.clear();
            candidates.clear();
            for (_, keyword) in occurrences.of(j) {
                for entry in self.keyword_patterns.of(keyword) {
                    let pi = entry.pattern();
                    let before = seen[pi];
                    if before == 0 {
                        partial.push(pi);
                    }
                    seen[pi] |= entry.bit();
                    if seen[pi] == self.groups_needed[pi] && before != seen[pi] {
                        candidates.push(pi);
                    }
                }
            }
            // The places of the patterns worth testing only (those with every group seen).
            if placed && !candidates.is_empty() {
                for (start, keyword) in occurrences.of(j) {
                    for entry in self.keyword_patterns.of(keyword) {
                        let pi = entry.pattern();
                        if seen[pi] == self.groups_needed[pi] {
                            places.push(occurrence(pi, entry.group(), start));
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
                let ri = self.table.owner[pi].0;
                let starts = self.starts(pi, places);
                if let Some(first) = self.table.matcher(pi).find_at(text, 0, &starts) {
                    if hits[ri].is_empty() {
                        touched.push(ri);
                    }
                    hits[ri].push((pi, first));
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
                let mut screened = Screened {
                    engine: self,
                    rule: ri,
                    text,
                    places,
                    keywords: &present,
                    hits: &hits[ri],
                };
                if let Some(status) = sentence_status(rule, text, &mut screened) {
                    found[ri][slot(status)].push((s.start, s.end));
                }
            }
        }
        let results = self
            .policy
            .rules
            .iter()
            .zip(found)
            .map(|(rule, [p, w, n])| document_status(rule, p, w, n))
            .collect();
        (results, cues)
    }

    /// The cues of the sentences `read` that cues are read in: the cue regex tried, anchored,
    /// at each place a cue's first word is (every cue starts with one of them).
    fn cues(
        &self,
        doc: &Document,
        read: &[(usize, &Sentence, Option<Scope>)],
        occurrences: &Found,
    ) -> Vec<Cue> {
        let mut cues = Vec::new();
        let mut starts = Vec::new();
        for (j, &(i, s, _)) in read.iter().enumerate() {
            if !assume::reads_cues(s.part) {
                continue;
            }
            starts.clear();
            starts.extend(
                occurrences
                    .of(j)
                    .filter(|&(_, keyword)| self.cue_keywords[keyword])
                    .map(|(start, _)| s.start + start),
            );
            starts.sort_unstable();
            starts.dedup();
            cues.extend(starts.iter().filter_map(|&at| assume::cue_in(doc, i, at)));
        }
        cues
    }

    /// Compile, on the worker pool, every evidence pattern some sentence holds all the keyword
    /// groups of (and the patterns tested on every sentence) that is not compiled yet: the
    /// patterns the evaluation is about to test. The same screen as [`Engine::evaluate`]'s.
    fn warm(&self, occurrences: &Found, read: &[(usize, &Sentence, Option<Scope>)]) {
        let n = self.groups_needed.len();
        let mut seen = vec![0u16; n];
        let mut needed = vec![false; n];
        let mut partial = Vec::new();
        for (j, _) in read.iter().enumerate().filter(|(_, r)| r.2.is_some()) {
            for (_, keyword) in occurrences.of(j) {
                for entry in self.keyword_patterns.of(keyword) {
                    let pi = entry.pattern();
                    if seen[pi] == 0 {
                        partial.push(pi);
                    }
                    seen[pi] |= entry.bit();
                    needed[pi] |= seen[pi] == self.groups_needed[pi];
                }
            }
            for pi in partial.drain(..) {
                seen[pi] = 0;
            }
        }
        for &pi in &self.always {
            needed[pi] = true;
        }
        let todo: Vec<usize> = (0..n)
            .filter(|&pi| needed[pi] && !self.table.is_compiled(pi))
            .collect();
        super::parallel::map(&todo, |&pi| {
            self.table.matcher(pi);
        });
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
}

/// A rule's matches in one sentence, found with the keywords: evidence only among the
/// patterns that matched when the sentence was screened (`hits`), each piece tried where its
/// keywords start; checks only where one of their keywords is.
struct Screened<'a> {
    engine: &'a Engine,
    rule: usize,
    text: &'a [u8],
    places: Option<&'a [u64]>,
    keywords: &'a [usize],
    hits: &'a [(usize, (usize, usize))],
}

impl Matches for Screened<'_> {
    fn spans(&mut self, role: Role) -> Vec<(usize, usize)> {
        let table = &self.engine.table;
        let mut v = Vec::new();
        if role.is_evidence() {
            for &(i, _) in self.hits.iter().filter(|&&(i, _)| table.owner[i].1 == role) {
                let starts = self.engine.starts(i, self.places);
                let starts: &Places<'_> = &starts;
                v.extend(table.matcher(i).find_iter_at(self.text, starts));
            }
        } else {
            for &i in table.of(self.rule, role) {
                if self.engine.may_match(i, self.keywords) {
                    v.extend(table.matcher(i).find_iter(self.text));
                }
            }
        }
        v
    }

    /// With nothing excluded, the first match of the first pattern of `role` that matched
    /// when the sentence was screened: the first of its spans, found then already.
    fn first_span(&mut self, role: Role, excluded: &Overlaps) -> Option<(usize, usize)> {
        if excluded.is_empty() && role.is_evidence() {
            let table = &self.engine.table;
            return self
                .hits
                .iter()
                .find(|&&(i, _)| table.owner[i].1 == role)
                .map(|&(_, first)| first);
        }
        first_outside(self.spans(role), excluded)
    }

    fn any(&mut self, role: Role) -> bool {
        let table = &self.engine.table;
        table
            .of(self.rule, role)
            .iter()
            .filter(|&&i| self.engine.may_match(i, self.keywords))
            .any(|&i| table.matcher(i).is_match(self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::meaning::{Reference, Status};
    use crate::lint::{policy, text};

    /// Exclusions, vetoes and quantities still apply where their words are, with the checks
    /// screened: each sentence, linted alone, gives the same status on the fast path and the
    /// reference, and the one expected.
    #[test]
    fn screened_checks_still_apply() {
        let fast = Engine::new(policy::load("outsourcing").unwrap()).unwrap();
        let reference = Reference::new(policy::load("outsourcing").unwrap()).unwrap();
        let cases = [
            ("KPI-001", "Response times are 4 hours.", Status::Present),
            (
                "KPI-001",
                "Response times are measured monthly.",
                Status::Weak,
            ),
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
        let ri = |id: &str| fast.policy().rules.iter().position(|r| r.id == id).unwrap();
        for (id, sentence, expected) in cases {
            let doc = text::segment(sentence);
            assert_eq!(
                fast.evaluate(&doc)[ri(id)].status,
                expected,
                "{id}: {sentence}"
            );
            assert_eq!(
                reference.evaluate(&doc)[ri(id)].status,
                expected,
                "{id}: {sentence}"
            );
        }
    }

    /// The keyword pass finds exactly the cues the definition does (every place of every
    /// operative sentence tried), under both policies, whose rules read different parts: in
    /// headings, definitions and the body, not in recitals or comments, with cues that overlap
    /// or run past a sentence's end.
    #[test]
    fn the_keyword_pass_finds_the_cues_of_the_definition() {
        let written = "# Managed Services and Project Plan\n\n\
            WHEREAS the Supplier runs the help desk on an ongoing basis.\n\n\
            <!-- note: personal data, milestones, SLAs -->\n\n\
            \"Service Levels\" means the uptime and response times in Schedule 2.\n\n\
            The Supplier provides support services 24 x 7 and 24/7 for a monthly fee. It \
            processes customers' personal data, patient records and social security nos. \
            of employees. Phase 2 go-live follows user acceptance testing. Tickets and \
            incidents are handled per month. The managed\nservices run our payroll data.\n";
        for name in ["outsourcing", "nda"] {
            let fast = Engine::new(policy::load(name).unwrap()).unwrap();
            for (sample, least) in [
                (written, 15),
                (
                    include_str!("../../samples/contracts/bookkeeping-sow-good.md"),
                    1,
                ),
                (
                    include_str!("../../samples/contracts/it-support-msa-weak.txt"),
                    3,
                ),
            ] {
                let (normal, _) = text::normalize(sample);
                let doc = text::segment(&normal);
                let expected = assume::find_cues(&doc);
                assert!(expected.len() >= least, "{name}: {} cues", expected.len());
                assert_eq!(fast.read(&doc).1, expected, "{name}");
            }
        }
    }

    /// Each built-in policy's engine takes the keyword table the build script made for it:
    /// the build script picks the same keywords from the policy's patterns as the engine.
    #[test]
    fn built_in_policies_use_the_table_made_at_build_time() {
        for name in ["outsourcing", "nda"] {
            let fast = Engine::new(policy::load(name).unwrap()).unwrap();
            let words = fast.keywords();
            let built = crate::lint::precomputed::keyword_table(words).expect(name);
            assert_eq!(built.words.len(), words.len(), "{name}");
        }
    }

    /// The keyword table and trying pieces only where their keywords start are only faster:
    /// every sample gives the same statuses and spans as the reference.
    #[test]
    fn the_fast_path_evaluates_like_the_reference() {
        for name in ["outsourcing", "nda"] {
            let reference = Reference::new(policy::load(name).unwrap()).unwrap();
            let fast = Engine::new(policy::load(name).unwrap()).unwrap();
            for sample in [
                include_str!("../../samples/contracts/bookkeeping-sow-good.md"),
                include_str!("../../samples/contracts/it-support-msa-weak.txt"),
            ] {
                let (normal, _) = text::normalize(sample);
                let doc = text::segment(&normal);
                assert_eq!(reference.evaluate(&doc), fast.evaluate(&doc), "{name}");
            }
        }
    }
}
