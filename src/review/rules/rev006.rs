//! REV-006: dates, weights and the trial fit together.

use chrono::{Months, NaiveDate};

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-006",
        title: "Inconsistent dates or weights",
        severity: Severity::Error,
        article: "— (internal consistency)",
        what: "Fires when the trial starts before the engagement or ends after the term; when trial start,\nend and decision date are out of order; when a milestone falls outside the term; or when the\nselection weights do not sum to 100. (Ids that point nowhere are refused when the file is\nloaded.)",
        why: "A packet built from inconsistent dates tells the vendor two different things, and the\ncontract that follows inherits the contradiction.",
        example: "engagement: { start_date: 2025-02-03, term_months: 2 }\ntrial: { start: 2025-02-03, end: 2025-04-30 }",
        instead: "engagement: { start_date: 2025-02-03, term_months: 12 }\ntrial: { start: 2025-02-03, end: 2025-04-30, decision_date: 2025-05-07 }",
    },
    check,
};

/// Last day of the initial term.
pub fn term_end(e: &Engagement) -> NaiveDate {
    let start = e.engagement.start_date;
    start
        .checked_add_months(Months::new(e.engagement.term_months))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

fn check(e: &Engagement, f: &mut Findings) {
    let start = e.engagement.start_date;
    let end = term_end(e);
    // Without a start date (or a term) the file's dates have nothing to be checked against;
    // the missing field has its own finding.
    let dated = !e.lacks("/engagement/start_date");
    let termed = dated && !e.lacks("/engagement/term_months");
    let t = &e.trial;
    if let Some(ts) = t.start.filter(|d| dated && *d < start) {
        f.at(
            "/trial/start",
            format!("the trial starts on {ts}, before the engagement starts ({start})"),
        );
    }
    if let Some(te) = t.end.filter(|d| termed && *d > end) {
        f.at(
            "/trial/end",
            format!("the trial ends on {te}, after the initial term ends ({end})"),
        );
    }
    if let (Some(a), Some(b)) = (t.start, t.end)
        && b < a
    {
        f.at(
            "/trial/end",
            format!("the trial ends ({b}) before it starts ({a})"),
        );
    }
    if let (Some(b), Some(d)) = (t.end, t.decision_date)
        && d < b
    {
        f.at(
            "/trial/decision_date",
            format!("the trial decision ({d}) comes before the trial ends ({b})"),
        );
    }
    for (i, m) in e.milestones.iter().enumerate() {
        if termed && m.date > end {
            f.at(
                format!("/milestones/{i}/date"),
                format!(
                    "milestone {} ({}) falls after the term ends ({end})",
                    m.id, m.date
                ),
            );
        }
    }
    if let Some(sel) = e.selection.as_ref().filter(|s| !s.criteria.is_empty()) {
        let sum: u32 = sel.criteria.iter().map(|c| c.weight).sum();
        if sum != 100 {
            f.at(
                "/selection/criteria",
                format!("selection weights sum to {sum}, not 100"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_inconsistencies() {
        clean(&RULE);
        let f = findings(&RULE, |e| e.engagement.term_months = 2);
        assert!(f.iter().any(|x| x.pointer == "/trial/end"));
        let f = findings(&RULE, |e| {
            e.selection.as_mut().unwrap().criteria[0].weight = 30
        });
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("95"));
        let f = findings(&RULE, |e| {
            e.trial.decision_date = NaiveDate::from_ymd_opt(2025, 4, 1)
        });
        assert_eq!(f[0].pointer, "/trial/decision_date");
    }
}
