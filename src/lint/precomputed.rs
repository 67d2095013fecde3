//! What the build script (`build.rs`) worked out for the built-in policies, looked up instead
//! of worked out again on every start: each pattern's [`Shape`] and each policy's keyword
//! table. Only a shortcut: anything not found here (a policy file's own patterns, a keyword
//! set no built-in table holds) is computed as before, and the tests hold what is here to
//! what would be computed.

use super::keywords::Dense;
use super::shape::Shape;

/// A built-in pattern's shape, as the build script wrote it.
struct BuiltShape {
    source: &'static str,
    gaps: &'static [usize],
    groups: &'static [&'static [&'static [u8]]],
    /// Each piece's group.
    pieces: &'static [Option<u8>],
}

/// A built-in policy's keyword table, as the build script wrote it.
struct BuiltTable {
    #[cfg_attr(not(test), allow(dead_code))]
    policy: &'static str,
    /// Its keywords, sorted.
    words: &'static [&'static [u8]],
    /// The table ([`Dense::to_bytes`]).
    bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/precomputed.rs"));

/// The shape of a built-in policy's pattern.
pub fn shape(source: &str) -> Option<Shape> {
    let i = SHAPES.binary_search_by(|e| e.source.cmp(source)).ok()?;
    let built = &SHAPES[i];
    Some(Shape {
        gaps: built.gaps.to_vec(),
        groups: (
            built
                .groups
                .iter()
                .map(|g| g.iter().map(|w| w.to_vec()).collect())
                .collect(),
            built.pieces.to_vec(),
        ),
    })
}

/// A keyword table made at build time.
pub struct Table {
    pub dense: Dense,
    /// Its keywords: the table reports each by its index here.
    pub words: &'static [&'static [u8]],
    /// For each keyword asked for, its index in `words`.
    pub at: Vec<usize>,
}

/// A keyword table that finds every one of `words`: the smallest built-in one whose
/// keywords include them all.
pub fn keyword_table(words: &[Vec<u8>]) -> Option<Table> {
    let (built, at) = KEYWORD_TABLES
        .iter()
        .filter_map(|built| {
            let at: Option<Vec<usize>> = words
                .iter()
                .map(|w| built.words.binary_search(&w.as_slice()).ok())
                .collect();
            Some((built, at?))
        })
        .min_by_key(|(built, _)| built.words.len())?;
    Some(Table {
        dense: Dense::from_bytes(built.bytes)?,
        words: built.words,
        at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::meaning::Role;
    use crate::lint::policy;

    /// Every pattern of the built-in policies is here, with the shape a parse gives it.
    #[test]
    fn shapes_are_what_a_parse_gives() {
        for (name, _) in policy::BUILTIN {
            let policy = policy::load(name).unwrap();
            for rule in &policy.rules {
                for role in Role::ALL {
                    for source in role.patterns(rule) {
                        assert_eq!(
                            shape(source),
                            Some(crate::lint::shape::shape(source).unwrap()),
                            "{name} {}: {source}",
                            rule.id
                        );
                    }
                }
            }
        }
        assert_eq!(shape(r"\bnot a built-in pattern\b"), None);
    }

    /// Each built-in table is the one its keywords make, and serves its policy's engine.
    #[test]
    fn tables_are_what_their_keywords_make() {
        for built in KEYWORD_TABLES {
            let name = built.policy;
            let words: Vec<Vec<u8>> = built.words.iter().map(|w| w.to_vec()).collect();
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
