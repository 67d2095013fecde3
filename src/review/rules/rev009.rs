//! REV-009: cross-border engagements settle language, hours and procedures.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-009",
        title: "Cultural and language gaps not addressed",
        severity: Severity::Warning,
        article: "M6 Cultural and language gaps",
        what: "When client and vendor are in different countries, warns if the working language, overlap\nhours, written procedures or prevailing contract language is missing. Notes (info) when the\nvendor has no recorded experience with the client's region, and when deliverables have no\nreference examples.",
        why: "Misunderstandings across languages, time zones and business habits are the most common way\noffshore engagements fail. A shared language, hours when both sides are at work, a written\nprocess and worked examples remove most of them.",
        example: "communication: { channels: [...] }   # no language, overlap hours or procedures",
        instead: "communication:\n  language: en\n  written_procedures: annex/process-manual.md\n  overlap_hours: { start: \"09:00\", end: \"12:30\", timezone: Europe/London }\nlegal: { prevailing_language: en }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    if !e.cross_border() {
        return;
    }
    let c = &e.communication;
    let mut missing = Vec::new();
    if c.language.is_none() {
        missing.push("a working language (communication.language)");
    }
    if c.overlap_hours.is_none() {
        missing.push("overlap hours (communication.overlap_hours)");
    }
    if c.written_procedures.as_deref().is_none_or(str::is_empty) {
        missing.push("written procedures (communication.written_procedures)");
    }
    if e.legal
        .as_ref()
        .and_then(|l| l.prevailing_language.as_ref())
        .is_none()
    {
        missing.push("a prevailing contract language (legal.prevailing_language)");
    }
    if !missing.is_empty() {
        f.at(
            "/communication",
            format!(
                "client ({}) and vendor ({}) are in different countries but the engagement sets no {}",
                e.client.country,
                e.vendor.country,
                missing.join(", no ")
            ),
        );
    }
    if e.vendor
        .client_region_experience
        .as_deref()
        .is_none_or(str::is_empty)
    {
        f.with(
            Severity::Info,
            "/vendor",
            "the vendor has no recorded experience with clients in the client's region",
        )
        .help("record `vendor.client_region_experience`, or plan extra onboarding");
    }
    if !e.deliverables.is_empty() && e.deliverables.iter().all(|d| d.examples.is_empty()) {
        f.with(
            Severity::Info,
            "/deliverables",
            "no deliverable has a reference example",
        )
        .help(
            "attach an example of a good deliverable (`examples:`) so the vendor sees the standard",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_only_across_borders() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.communication.overlap_hours = None);
        assert!(
            f.iter()
                .any(|x| x.severity == Severity::Warning && x.message.contains("overlap hours"))
        );
        let f = findings(&RULE, |e| {
            e.vendor.country = "GB".into();
            e.communication.overlap_hours = None;
        });
        assert!(f.is_empty());
    }

    #[test]
    fn notes_missing_examples_and_region_experience() {
        let f = findings(&RULE, |e| {
            e.deliverables.iter_mut().for_each(|d| d.examples.clear());
            e.vendor.client_region_experience = None;
        });
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|x| x.severity == Severity::Info));
    }
}
