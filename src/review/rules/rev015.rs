//! REV-015: confidential data goes only to a vendor with security assurance.

use crate::engagement::Engagement;
use crate::engagement::model::Sensitivity;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-015",
        title: "Confidential data without security assurance",
        severity: Severity::Warning,
        article: "M8 Confidential information unprotected",
        what: "Warns when confidential or restricted data is shared but the vendor has neither completed a\nsecurity questionnaire nor holds a certification (ISO 27001, SOC 2, Cyber Essentials).",
        why: "A questionnaire or a certificate is the minimum evidence that the vendor's controls exist\nbeyond its word.",
        example: "due_diligence: { certifications: [] }",
        instead: "due_diligence:\n  certifications: [ISO27001]\n  security_questionnaire: { completed: true, date: 2025-01-15 }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let Some(d) = &e.data else { return };
    let confidential = d.categories.iter().any(|c| {
        matches!(
            c.sensitivity,
            Sensitivity::Confidential | Sensitivity::Restricted
        )
    });
    let dd = &e.vendor.due_diligence;
    let questionnaire = dd
        .security_questionnaire
        .as_ref()
        .is_some_and(|q| q.completed);
    if confidential && !questionnaire && dd.certifications.is_empty() {
        f.at("/vendor/due_diligence", "confidential data is shared but the vendor has no security questionnaire or certification")
            .help("have the vendor complete a security questionnaire, or ask for ISO 27001 / SOC 2 evidence");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_assurance() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            e.vendor.due_diligence.certifications.clear();
            e.vendor.due_diligence.security_questionnaire = None;
        });
        assert_eq!(f.len(), 1);
    }
}
