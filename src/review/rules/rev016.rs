//! REV-016: the client stays involved.

use rust_decimal::Decimal;

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-016",
        title: "No client owner or oversight",
        severity: Severity::Warning,
        article: "BP4 Stay involved; M4 No oversight",
        what: "Warns when the client names no owner, the owner has no oversight hours a week, or a KPI has\nno client-side owner (`owner_client`) to verify it.",
        why: "Outsourced work still needs someone inside who answers questions, checks results and\nnotices drift early. Without a named owner nobody does.",
        example: "client: { owner: { name: Priya Shah, oversight_hours_per_week: 0 } }",
        instead: "client: { owner: { name: Priya Shah, role: Finance Manager, oversight_hours_per_week: 2 } }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    match &e.client.owner {
        None => {
            f.at("/client", "the client names no owner for the engagement")
                .help("add `client.owner` with a name and weekly oversight hours");
        }
        Some(o) if o.oversight_hours_per_week.unwrap_or(Decimal::ZERO) <= Decimal::ZERO => {
            f.at(
                "/client/owner",
                format!(
                    "the client owner ({}) has no oversight hours a week",
                    o.name
                ),
            )
            .help("set `oversight_hours_per_week`, typically 1-4");
        }
        Some(_) => {}
    }
    for (i, k) in e.kpis.iter().enumerate() {
        if k.owner_client.as_deref().is_none_or(str::is_empty) {
            f.at(
                format!("/kpis/{i}"),
                format!("KPI {} has no client owner to verify it", k.id),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_owner() {
        clean(&RULE);
        assert_eq!(findings(&RULE, |e| e.client.owner = None).len(), 1);
        let f = findings(&RULE, |e| {
            e.client.owner.as_mut().unwrap().oversight_hours_per_week = Some(Decimal::ZERO);
            e.kpis[0].owner_client = None;
        });
        assert_eq!(f.len(), 2);
    }
}
