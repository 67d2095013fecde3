//! REV-005: the vendor was vetted before it was hired.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-005",
        title: "Vendor not vetted",
        severity: Severity::Warning,
        article: "M2 Vendor chosen without vetting",
        what: "Checks `vendor.due_diligence` for four kinds of evidence: references checked, reviews\nchecked, case studies or reviewed samples, and industry experience. Warns for each kind that\nis missing; an error when none of the four is there.",
        why: "References, reviews and work samples are the cheapest protection against a vendor who\ncannot do the work. A record of them also shows, later, why this vendor was chosen.",
        example: "due_diligence: {}",
        instead: "due_diligence:\n  references_checked: [{ name: Bristol bakery, date: 2025-01-10, outcome: positive }]\n  reviews_checked: [\"Clutch 4.8/5 (37 reviews)\"]\n  samples_reviewed: true\n  industry_experience: hospitality_retail",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let d = &e.vendor.due_diligence;
    let mut missing = Vec::new();
    if d.references_checked.is_empty() {
        missing.push("references checked");
    }
    if d.reviews_checked.is_empty() {
        missing.push("reviews checked");
    }
    if d.case_studies.is_empty() && !d.samples_reviewed {
        missing.push("case studies or reviewed samples");
    }
    if d.industry_experience.as_deref().is_none_or(str::is_empty) {
        missing.push("industry experience");
    }
    match missing.len() {
        0 => {}
        4 => {
            f.with(
                Severity::Error,
                "/vendor/due_diligence",
                "no due diligence is recorded for the vendor",
            )
            .help("check at least references, reviews and work samples before signing");
        }
        _ => {
            f.at(
                "/vendor/due_diligence",
                format!("due diligence lacks {}", missing.join(", ")),
            )
            .help("record what was checked, or check it before signing");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::DueDiligence;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn grades_missing_due_diligence() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.vendor.due_diligence.reviews_checked.clear());
        assert_eq!(f[0].severity, Severity::Warning);
        let f = findings(&RULE, |e| e.vendor.due_diligence = DueDiligence::default());
        assert_eq!(f[0].severity, Severity::Error);
    }
}
