//! REV-010: there is a trial period with criteria, a decision date and an exit.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-010",
        title: "No trial period, or a trial without criteria, decision or exit",
        severity: Severity::Warning,
        article: "M7 No trial period; BP1 Start small",
        what: "Warns when there is no trial and no `waived_reason` (an error when the term is over 12\nmonths), or when the trial lacks success criteria, a decision date or the right to exit\nwithout penalty.",
        why: "A trial is the cheapest way to find out whether a vendor can do the work. Without targets\nand a decision date it drifts into the full term; without an exit right it is not a trial.",
        example: "trial: { required: false }",
        instead: "trial:\n  required: true\n  start: 2025-02-03\n  end: 2025-04-30\n  success_criteria: [BK-01, BK-02]\n  decision_date: 2025-05-07\n  exit_without_penalty: true\n  exit_notice_days: 10",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let t = &e.trial;
    if !t.required {
        if t.waived_reason.as_deref().is_none_or(str::is_empty) {
            let sev = if e.engagement.term_months > 12 {
                Severity::Error
            } else {
                Severity::Warning
            };
            f.with(
                sev,
                "/trial/required",
                format!(
                    "no trial period and no reason for waiving it (term: {} months)",
                    e.engagement.term_months
                ),
            )
            .help("add a trial of 1-3 months with targets, or give `waived_reason`");
        }
        return;
    }
    let mut missing = Vec::new();
    if t.success_criteria.is_empty() {
        missing.push("success criteria");
    }
    if t.decision_date.is_none() {
        missing.push("decision date");
    }
    if t.exit_without_penalty != Some(true) {
        missing.push("exit without penalty");
    }
    match (t.start.is_some(), t.end.is_some()) {
        (false, false) => missing.push("start or end date"),
        (false, true) => missing.push("start date"),
        (true, false) => missing.push("end date"),
        (true, true) => {}
    }
    if let Some((last, first)) = missing.split_last() {
        let list = match first.len() {
            0 => format!("no {last}"),
            1 => format!("no {} and no {last}", first[0]),
            _ => format!("no {}, and no {last}", first.join(", no ")),
        };
        f.at("/trial", format!("the trial has {list}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_missing_or_incomplete_trial() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.trial.required = false);
        assert_eq!(f[0].severity, Severity::Warning);
        let f = findings(&RULE, |e| {
            e.trial.required = false;
            e.engagement.term_months = 24;
        });
        assert_eq!(f[0].severity, Severity::Error);
        let f = findings(&RULE, |e| {
            e.trial.required = false;
            e.trial.waived_reason = Some("Vendor ran this work for us in 2023".into());
        });
        assert!(f.is_empty());
        let f = findings(&RULE, |e| e.trial.decision_date = None);
        assert_eq!(f[0].message, "the trial has no decision date");
        // Exactly what is missing: a start without an end lacks the end date only.
        let f = findings(&RULE, |e| {
            e.trial.end = None;
            e.trial.success_criteria.clear();
        });
        assert_eq!(
            f[0].message,
            "the trial has no success criteria and no end date"
        );
    }
}
