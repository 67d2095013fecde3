//! Where an absent clause belongs: the first heading of the document that holds a word of the
//! rule's section hint ("Trial Period" finds "7. TRIAL AND ONBOARDING").
//!
//! The hint words of every rule of a policy are one keyword set ([`Keywords`]), so a
//! document's headings are read once for all its absent clauses. Searching each heading for
//! each word of each absent clause was a twentieth of linting a contract.

use super::keywords::{Found, Keywords};
use super::policy::{Policy, Rule};
use super::text::{Document, Part};

/// A policy's section hints, compiled once per run.
pub struct Sections {
    /// Every rule's hint words, lower case (`None`: no rule has one).
    words: Option<Keywords>,
    /// How many distinct words there are.
    count: usize,
    /// Each rule's words, as indexes into the set.
    of_rule: Vec<Vec<usize>>,
}

/// For each hint word, the span of the first heading that holds it, in one document.
pub struct FirstHeadings(Vec<Option<(usize, usize)>>);

impl Sections {
    /// The hint words of every rule of `policy`, as one keyword set.
    pub fn new(policy: &Policy) -> Result<Sections, String> {
        let mut words: Vec<Vec<u8>> = Vec::new();
        let of_rule = policy
            .rules
            .iter()
            .map(|rule| {
                let mut ids: Vec<usize> = hint_words(rule)
                    .into_iter()
                    .map(|w| {
                        words.iter().position(|x| *x == w).unwrap_or_else(|| {
                            words.push(w);
                            words.len() - 1
                        })
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        let keywords = if words.is_empty() {
            None
        } else {
            Some(Keywords::new(&words)?)
        };
        Ok(Sections {
            words: keywords,
            count: words.len(),
            of_rule,
        })
    }

    /// Read the headings of `doc` for every word at once.
    pub fn first_headings(&self, doc: &Document) -> FirstHeadings {
        let mut first = vec![None; self.count];
        let Some(words) = &self.words else {
            return FirstHeadings(first);
        };
        // The headings, lower-cased where that is more than ASCII (the keywords ignore ASCII
        // case, and the words are lower case), one after another.
        let mut text = String::new();
        let mut ranges = Vec::new();
        let mut spans = Vec::new();
        for s in doc.sentences.iter().filter(|s| s.part == Part::Heading) {
            let heading = doc.sentence_text(s);
            let from = text.len();
            if heading.is_ascii() {
                text.push_str(heading);
            } else {
                text.push_str(&heading.to_lowercase());
            }
            ranges.push((from, text.len()));
            spans.push((s.start, s.end));
        }
        let mut found = Found::default();
        words.find_in(text.as_bytes(), &ranges, &mut found);
        // In document order, so the first heading to hold a word keeps it.
        for (j, &span) in spans.iter().enumerate() {
            for (_, word) in found.of(j) {
                first[word].get_or_insert(span);
            }
        }
        FirstHeadings(first)
    }

    /// The first heading that holds one of rule `ri`'s words.
    pub fn natural(&self, ri: usize, first: &FirstHeadings) -> Option<(usize, usize)> {
        self.of_rule[ri]
            .iter()
            .filter_map(|&w| first.0[w])
            .min_by_key(|&(start, _)| start)
    }
}

/// Where a rule's clause belongs, in words: its section hint, or a section of its own.
pub fn section_hint(rule: &Rule) -> &str {
    rule.section_hint
        .as_deref()
        .unwrap_or("a section of its own")
}

/// The words of a rule's [`section_hint`] that find its natural place among the headings:
/// lower case, over three bytes.
fn hint_words(rule: &Rule) -> Vec<Vec<u8>> {
    section_hint(rule)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .map(|w| w.as_bytes().to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{policy, text};

    /// The rule's natural place is the first heading holding any word of its hint, matched
    /// ignoring case, also in a heading that is not ASCII.
    #[test]
    fn the_first_heading_with_a_hint_word_is_the_natural_place() {
        let policy = policy::load("outsourcing").unwrap();
        let ri = policy
            .rules
            .iter()
            .position(|r| r.section_hint.as_deref() == Some("Service Levels"))
            .unwrap();
        let sections = Sections::new(&policy).unwrap();
        for (doc, heading) in [
            (
                "# 1. Definitions\n\nWords mean things.\n\n# 2. SERVICE CREDITS\n\nCredits apply.\n\n# 3. Levels of Service\n\nFast.\n",
                "2. SERVICE CREDITS",
            ),
            (
                "# 1. Définitions\n\nWords mean things.\n\n# 2. NIVEAUX DE SERVICE — ÉTAPES\n\nFast.\n",
                "2. NIVEAUX DE SERVICE — ÉTAPES",
            ),
        ] {
            let doc = text::segment(doc);
            let first = sections.first_headings(&doc);
            let (s, e) = sections.natural(ri, &first).expect("a heading");
            assert_eq!(doc.text[s..e].trim_start_matches("# "), heading);
        }
        let doc = text::segment("# 1. Definitions\n\nWords mean things.\n");
        assert_eq!(sections.natural(ri, &sections.first_headings(&doc)), None);

        // A hint word beyond ASCII finds its heading in capitals too.
        let mut policy = policy;
        policy.rules[ri].section_hint = Some("Période".into());
        let sections = Sections::new(&policy).unwrap();
        let doc = text::segment("# 1. Scope\n\nWork.\n\n# 2. PÉRIODE\n\nA month.\n");
        let (s, e) = sections
            .natural(ri, &sections.first_headings(&doc))
            .unwrap();
        assert_eq!(doc.text[s..e].trim_start_matches("# "), "2. PÉRIODE");
    }
}
