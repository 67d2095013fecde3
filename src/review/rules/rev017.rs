//! REV-017: status reports, channels and an escalation ladder.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-017",
        title: "No reporting cadence, channels or escalation",
        severity: Severity::Warning,
        article: "M4 No communication or oversight",
        what: "Warns when the engagement sets no status-report cadence, no communication channels or no\nescalation ladder.",
        why: "Silent vendors are the usual first sign of trouble. A weekly report, agreed channels and a\nnamed escalation path turn problems into conversations before they become disputes.",
        example: "communication: { language: en }",
        instead: "communication:\n  channels: [{ tool: Slack, purpose: queries }]\n  status_report: { frequency: weekly, day: Friday }\n  escalation:\n    - { level: 1, client: Priya Shah, vendor: Meera Joshi, after_business_days: 0 }\n    - { level: 2, client: Tom Reilly, vendor: Anil Kulkarni, after_business_days: 3 }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let c = &e.communication;
    let mut missing = Vec::new();
    if c.status_report.is_none() {
        missing.push("status-report cadence");
    }
    if c.channels.is_empty() {
        missing.push("communication channels");
    }
    if c.escalation.is_empty() {
        missing.push("escalation ladder");
    }
    if !missing.is_empty() {
        f.at("/communication", format!("no {}", missing.join(", no ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_reporting() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            e.communication.status_report = None;
            e.communication.escalation.clear();
        });
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("status-report cadence, no escalation ladder")
        );
    }
}
