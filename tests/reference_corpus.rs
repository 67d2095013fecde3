//! The fast path gives exactly the reference's statuses and evidence on every document of the
//! labelled dev corpus (`../shared/corpus`, when it is beside the checkout, as in CI), under
//! each built-in policy. The reference is the plain statement of what a rule means
//! (`lint::meaning`); the fast path is only allowed to be faster.

use std::path::Path;

use vendorkit::lint::{fast::Engine, meaning::Reference, policy, text};

#[test]
fn the_fast_path_agrees_with_the_reference_on_the_whole_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("VENDORKIT_REQUIRE_TOOLS").is_none(),
            "CI must have the corpus beside the checkout"
        );
        eprintln!(
            "{} not found: the corpus-wide check is skipped",
            corpus.display()
        );
        return;
    }
    let mut docs: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|set| set.path().join("docs"))
        .filter(|d| d.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap().flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    docs.sort();
    assert!(docs.len() > 300, "{} documents", docs.len());
    for name in ["outsourcing", "nda"] {
        let fast = Engine::new(policy::load(name).unwrap()).unwrap();
        let reference = Reference::new(policy::load(name).unwrap()).unwrap();
        for doc in &docs {
            let contract = std::fs::read_to_string(doc).unwrap();
            let (normal, _) = text::normalize(&contract);
            let segmented = text::segment(&normal);
            let a = fast.evaluate(&segmented);
            let b = reference.evaluate(&segmented);
            for (ri, (x, y)) in a.iter().zip(&b).enumerate() {
                assert_eq!(
                    x,
                    y,
                    "{name} {}: rule {} differs",
                    doc.display(),
                    fast.policy().rules[ri].id
                );
            }
        }
    }
}
