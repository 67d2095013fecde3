//! REV-018: there is a plan for scaling.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-018",
        title: "No plan for scaling",
        severity: Severity::Warning,
        article: "M10 No plan for scaling",
        what: "Warns when `scaling` says nothing (no baseline volumes, bands, unit rates or ramp notice),\nor when growth is expected but there are no bands or unit rates, or no ramp-up notice.",
        why: "Volumes change. Without agreed bands and notice periods every change becomes a\nrenegotiation, usually at the moment the business most needs the capacity.",
        example: "scaling: { expected_growth: { description: Two new sites } }",
        instead: "scaling:\n  baseline: [{ metric: transactions, value: 900, per: month }]\n  bands: [{ up_to: 1000, monthly_fee: 950 }, { up_to: 1500, monthly_fee: 1250 }]\n  ramp_notice_days: 20",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let s = &e.scaling;
    let priced = !s.bands.is_empty() || !s.unit_rates.is_empty();
    if s.baseline.is_empty()
        && !priced
        && s.ramp_notice_days.is_none()
        && s.expected_growth.is_none()
    {
        f.at(
            "/scaling",
            "the scaling block says nothing about volumes, bands or notice",
        );
        return;
    }
    if s.expected_growth.is_some() {
        let mut missing = Vec::new();
        if !priced {
            missing.push("no volume bands or unit rates");
        }
        if s.ramp_notice_days.is_none() {
            missing.push("no ramp-up notice period");
        }
        if !missing.is_empty() {
            f.at(
                "/scaling/expected_growth",
                format!(
                    "growth is expected but there are {}",
                    missing.join(", and ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::Scaling;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_scaling_terms() {
        clean(&RULE);
        assert_eq!(findings(&RULE, |e| e.scaling = Scaling::default()).len(), 1);
        let f = findings(&RULE, |e| {
            e.scaling.bands.clear();
            e.scaling.ramp_notice_days = None;
        });
        assert_eq!(f[0].pointer, "/scaling/expected_growth");
    }
}
