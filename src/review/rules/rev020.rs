//! REV-020: a way out: convenience notice, chronic-failure right, exit help.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-020",
        title: "Exit terms missing",
        severity: Severity::Warning,
        article: "BP1 Start small; M10 No plan for change",
        what: "Warns when termination sets no convenience notice, no chronic-failure right or no exit\nassistance period.",
        why: "Ending a vendor relationship is when the client has least leverage. A convenience notice,\na right to leave after repeated KPI misses and a paid handover are what make leaving\npossible without losing the books, the systems or the data.",
        example: "termination: { cure_days: 15 }",
        instead: "termination:\n  convenience_notice_days: 30\n  chronic_failure: { kpi_critical_below_threshold: { consecutive: 2, or_in_window: [3, 6] } }\n  exit_assistance_days: 30\n  data_return_format: [XLSX, PDF]",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let t = &e.termination;
    let mut missing = Vec::new();
    if t.convenience_notice_days.is_none() {
        missing.push("convenience notice");
    }
    if t.chronic_failure.is_none() {
        missing.push("chronic-failure right");
    }
    if t.exit_assistance_days.is_none() {
        missing.push("exit assistance");
    }
    if !missing.is_empty() {
        f.at(
            "/termination",
            format!("termination sets no {}", missing.join(", no ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::Termination;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_exit_terms() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.termination = Termination::default());
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("convenience notice, no chronic-failure right, no exit assistance")
        );
    }
}
