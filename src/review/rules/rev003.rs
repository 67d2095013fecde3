//! REV-003: each KPI is tied to an objective and has a realistic, numeric target.

use rust_decimal::Decimal;

use crate::engagement::Engagement;
use crate::engagement::model::Direction;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-003",
        title: "KPI not tied to an objective, or its target looks unrealistic",
        severity: Severity::Warning,
        article: "BP2 Clear KPIs tied to business objectives",
        what: "Warns when a KPI has no `objective` or a target that is not a number. Notes (info) a 100%\ntarget on a sampled metric, and a target more than 50% better than the baseline.",
        why: "KPIs that serve no objective measure activity, not value. Text targets cannot be computed.\nA 100% target on a sample breaches on the first slip, and a target far beyond today's\nbaseline sets the vendor up to fail during the trial.",
        example: "- { id: BK-03, name: Posting accuracy, target: \"high\", baseline: 80 }",
        instead: "- { id: BK-03, name: Posting accuracy, objective: OBJ-2, target: 98, threshold: 95, baseline: 90 }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    for (i, k) in e.kpis.iter().enumerate() {
        if k.objective.is_none() {
            f.at(
                format!("/kpis/{i}"),
                format!("KPI {} is not tied to an objective", k.id),
            )
            .help("add `objective:` with the id of the objective it serves");
        }
        let Some(target) = &k.target else { continue };
        let Some(t) = target.number() else {
            f.at(
                format!("/kpis/{i}/target"),
                format!("KPI {} has a non-numeric target \"{target}\"", k.id),
            )
            .help("give the target as a number and put the unit in `unit:`");
            continue;
        };
        let text = format!(
            "{} {}",
            k.definition.as_deref().unwrap_or_default(),
            k.measurement_method.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        if t == Decimal::ONE_HUNDRED
            && k.unit.as_deref() == Some("percent")
            && text.contains("sample")
        {
            f.with(
                Severity::Info,
                format!("/kpis/{i}/target"),
                format!("KPI {} asks for 100% on a sampled metric", k.id),
            )
            .help("a sample will show the first error; consider 98-99% with a threshold below");
        }
        let Some(base) = k.baseline.as_ref().and_then(|b| b.number()) else {
            continue;
        };
        if base.is_zero() {
            continue;
        }
        let gain = match k.direction {
            Some(Direction::LowerIsBetter) => (base - t) / base.abs(),
            _ => (t - base) / base.abs(),
        };
        if gain > Decimal::new(5, 1) {
            f.with(
                Severity::Info,
                format!("/kpis/{i}/target"),
                format!("KPI {} targets {t} against a baseline of {base}: more than 50% better; realistic?", k.id),
            )
            .help("set a trial target between the baseline and the target, or revisit the target");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::Level;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_missing_objective_and_text_target() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            e.kpis[0].objective = None;
            e.kpis[1].target = Some(Level::Text("high".into()));
        });
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|x| x.severity == Severity::Warning));
    }

    #[test]
    fn notes_unrealistic_targets() {
        let f = findings(&RULE, |e| {
            e.kpis[0].baseline = Some(Level::Number(Decimal::from(20)))
        });
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        let f = findings(&RULE, |e| {
            e.kpis[2].target = Some(Level::Number(Decimal::ONE_HUNDRED))
        });
        assert_eq!(f.len(), 1, "100% on a sample of 25");
    }
}
