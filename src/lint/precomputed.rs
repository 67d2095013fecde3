//! What the build script (`build.rs`) worked out for the built-in policies, looked up instead
//! of worked out again on every start: each policy file read, each pattern's [`Shape`] and
//! each policy's keyword table. Only a shortcut: anything not found here (a policy file's own
//! patterns, a keyword set no built-in table holds) is computed as before, and the tests hold
//! what is here to what would be computed.

use regex_syntax::hir::Hir;

use super::keywords::Dense;
use super::shape::{Shape, decode_matching};

/// A built-in policy's keyword table, as the build script wrote it.
struct BuiltTable {
    #[cfg_attr(not(test), allow(dead_code))]
    policy: &'static str,
    /// Its keywords, sorted, one after another.
    words: &'static [u8],
    /// Where each keyword ends in `words`.
    ends: &'static [u32],
    /// The table ([`Dense::to_bytes`]).
    bytes: &'static [u8],
}

impl BuiltTable {
    fn words(&self) -> Vec<&'static [u8]> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let word = &self.words[start..end as usize];
                start = end as usize;
                word
            })
            .collect()
    }
}

include!(concat!(env!("OUT_DIR"), "/precomputed.rs"));

/// The parts of a built-in pattern in [`SHAPES`]: its shape's bytes and its pieces' bytes.
fn built(source: &str) -> Option<(&'static [u8], &'static [u8])> {
    let part = |from: u32, to: u32| SHAPES.get(from as usize..to as usize);
    let i = SHAPE_INDEX
        .binary_search_by(|&[start, end, _, _]| {
            part(start, end).unwrap_or_default().cmp(source.as_bytes())
        })
        .ok()?;
    let [_, source_end, shape_end, end] = SHAPE_INDEX[i];
    Some((part(source_end, shape_end)?, part(shape_end, end)?))
}

/// A built-in policy's pattern's pieces for matching, and the gaps between them: what
/// [`crate::lint::shape::matching`] gives, without parsing.
pub fn matching(source: &str) -> Option<(Vec<Hir>, Vec<usize>)> {
    let (_, pieces) = built(source)?;
    decode_matching(Some(pieces).filter(|b| !b.is_empty())?)
}

/// The shape of a built-in policy's pattern.
pub fn shape(source: &str) -> Option<Shape> {
    Shape::from_bytes(built(source)?.0)
}

/// A built-in policy file, read: the value `crate::yaml::parse` gives its YAML.
pub fn policy_value(name: &str) -> Option<serde_json::Value> {
    let (_, json) = POLICY_VALUES.iter().find(|(n, _)| *n == name)?;
    serde_json::from_str(json).ok()
}

/// The words each draft cue starts with ([`super::cue_patterns`]), as
/// [`super::shape::prefixes`] gives them, cue by cue.
pub fn cue_words() -> impl Iterator<Item = Vec<u8>> {
    CUE_WORDS.iter().map(|w| w.to_vec())
}

/// A keyword table made at build time.
pub struct Table {
    pub dense: Dense,
    /// Its keywords: the table reports each by its index here.
    pub words: Vec<&'static [u8]>,
    /// For each keyword asked for, its index in `words`.
    pub at: Vec<usize>,
}

/// A keyword table that finds every one of `words`: the smallest built-in one whose
/// keywords include them all.
pub fn keyword_table(words: &[Vec<u8>]) -> Option<Table> {
    let (built, table_words, at) = KEYWORD_TABLES
        .iter()
        .filter_map(|built| {
            let table_words = built.words();
            let at: Option<Vec<usize>> = words
                .iter()
                .map(|w| table_words.binary_search(&w.as_slice()).ok())
                .collect();
            Some((built, table_words, at?))
        })
        .min_by_key(|(_, table_words, _)| table_words.len())?;
    Some(Table {
        dense: Dense::from_bytes(built.bytes)?,
        words: table_words,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::meaning::Role;
    use crate::lint::policy;

    /// Every pattern of the built-in policies is here, with the shape and the pieces a parse
    /// gives it.
    #[test]
    fn shapes_are_what_a_parse_gives() {
        for (name, _) in policy::BUILTIN {
            let policy = policy::load(name).unwrap();
            for rule in &policy.rules {
                for role in Role::ALL {
                    for source in role.patterns(rule) {
                        let parsed = crate::lint::shape::shape(source).unwrap();
                        let pieces = crate::lint::shape::matching(source, &parsed.gaps).unwrap();
                        assert_eq!(shape(source), Some(parsed), "{name} {}: {source}", rule.id);
                        assert_eq!(matching(source), Some(pieces), "{name} {}", rule.id);
                    }
                }
            }
        }
        assert_eq!(shape(r"\bnot a built-in pattern\b"), None);
        assert_eq!(matching(r"\bnot a built-in pattern\b"), None);
    }

    /// Each built-in policy's value is its YAML's.
    #[test]
    fn cue_words_are_what_the_cues_start_with() {
        let expected: Vec<Vec<u8>> = crate::lint::cue_patterns::PATTERNS
            .iter()
            .flat_map(|cue| crate::lint::shape::prefixes(cue).unwrap())
            .collect();
        assert!(expected.len() > 50);
        assert_eq!(cue_words().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn policy_values_are_their_yaml() {
        for (name, text) in policy::BUILTIN {
            assert_eq!(policy_value(name), crate::yaml::parse(text).value, "{name}");
        }
        assert_eq!(policy_value("no such policy"), None);
    }

    /// Each built-in table is the one its keywords make, and serves its policy's engine.
    #[test]
    fn tables_are_what_their_keywords_make() {
        for built in KEYWORD_TABLES {
            let name = built.policy;
            let words: Vec<Vec<u8>> = built.words().iter().map(|w| w.to_vec()).collect();
            let made = Dense::new(&words).unwrap();
            assert!(Dense::from_bytes(built.bytes).unwrap() == made, "{name}");
            assert!(
                Dense::from_bytes(made.to_bytes().leak()).unwrap() == made,
                "{name}"
            );
            let table = keyword_table(&words).unwrap();
            assert_eq!(table.at, (0..words.len()).collect::<Vec<_>>(), "{name}");
        }
        let names: Vec<&str> = KEYWORD_TABLES.iter().map(|b| b.policy).collect();
        let builtin: Vec<&str> = policy::BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, builtin);
        assert!(keyword_table(&[b"no such keyword in any policy".to_vec()]).is_none());
        // Bytes that are not a table are refused, not trusted.
        let bytes = KEYWORD_TABLES[0].bytes;
        assert!(Dense::from_bytes(&bytes[..bytes.len() - 2]).is_none());
        assert!(Dense::from_bytes(&[]).is_none());
    }
}
