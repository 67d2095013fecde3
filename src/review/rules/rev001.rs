//! REV-001: objectives exist and each is measurable.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-001",
        title: "Objectives are missing or not measurable",
        severity: Severity::Error,
        article: "M1 No clear goals, outcomes or measures",
        what: "Fires when `objectives` is empty, or when an objective states no measurable outcome:\nno number, date, deadline or frequency (\"improve efficiency\", \"better books\").",
        why: "Without a measurable objective neither side can tell whether the engagement works.\nKPIs are tied to objectives, so a vague objective gives KPIs nothing to serve.",
        example: "objectives:\n  - { id: OBJ-1, statement: Better bookkeeping }",
        instead: "objectives:\n  - { id: OBJ-1, statement: \"Management accounts by business day 5 each month\" }",
    },
    check,
};

/// Words that make a statement checkable even without a digit.
const MEASURABLE_WORDS: &[&str] = &[
    "on time",
    "zero",
    "every",
    "within",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "annual",
    "no penalt",
    "no error",
    "100%",
    "per cent",
    "percent",
];

pub fn is_measurable(statement: &str) -> bool {
    let s = statement.to_lowercase();
    !s.contains("todo")
        && (s.bytes().any(|b| b.is_ascii_digit()) || MEASURABLE_WORDS.iter().any(|w| s.contains(w)))
}

fn check(e: &Engagement, f: &mut Findings) {
    if e.objectives.is_empty() {
        f.at("/objectives", "the engagement has no objectives")
            .help("add at least one objective with a number or a date in it");
    }
    for (i, o) in e.objectives.iter().enumerate() {
        if !is_measurable(&o.statement) {
            f.at(
                format!("/objectives/{i}/statement"),
                format!(
                    "objective {} (\"{}\") has no measurable outcome",
                    o.id, o.statement
                ),
            )
            .help("say how success is measured: a number, a deadline or a frequency");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_vague_or_missing_objectives() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            e.objectives[0].statement = "Better bookkeeping".into()
        });
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/objectives/0/statement");
        let f = findings(&RULE, |e| e.objectives.clear());
        assert_eq!(f[0].pointer, "/objectives");
    }
}
