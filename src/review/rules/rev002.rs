//! REV-002: KPIs exist, are complete, and cover every function.

use crate::engagement::Engagement;
use crate::engagement::model::Function;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-002",
        title: "KPIs are missing or incomplete",
        severity: Severity::Error,
        article: "M1 No clear measures; BP2 Clear KPIs",
        what: "Fires when `kpis` is empty; when a KPI lacks a target, a threshold (the breach level), a\nmeasurement method or a data source; or when an in-scope function has no KPI. A KPI belongs\nto a function when its id starts with the function's code (`F-BK` -> `BK-01`); with one\nfunction, every KPI belongs to it.",
        why: "A KPI without a target and a threshold cannot trigger a remedy, and one without a method\nand a data source ends in an argument about the numbers. A function with no KPI is work\nnobody measures.",
        example: "kpis:\n  - { id: BK-01, name: Close timeliness, target: 5 }",
        instead: "kpis:\n  - { id: BK-01, name: Close timeliness, target: 5, threshold: 7,\n      measurement_method: Delivery timestamp of accepted pack, data_source: Drive activity log }",
    },
    check,
};

/// The code a function's KPIs start with: `F-BK` -> `BK`.
pub fn function_code(f: &Function) -> &str {
    f.id.strip_prefix("F-").unwrap_or(&f.id)
}

fn check(e: &Engagement, f: &mut Findings) {
    if e.kpis.is_empty() {
        f.at("/kpis", "the engagement has no KPIs")
            .help("add KPIs with a target, a threshold, a method and a data source (see SPEC §3 for typical ones)");
        return;
    }
    for (i, k) in e.kpis.iter().enumerate() {
        let mut missing = Vec::new();
        if k.target.is_none() {
            missing.push("target");
        }
        if k.threshold.is_none() {
            missing.push("threshold");
        }
        if k.measurement_method.as_deref().is_none_or(str::is_empty) {
            missing.push("measurement_method");
        }
        if k.data_source.as_deref().is_none_or(str::is_empty) {
            missing.push("data_source");
        }
        if !missing.is_empty() {
            f.at(
                format!("/kpis/{i}"),
                format!("KPI {} has no {}", k.id, missing.join(", ")),
            )
            .help(format!("add {} to KPI {}", missing.join(", "), k.id));
        }
    }
    if e.functions.len() > 1 {
        for (i, func) in e.functions.iter().enumerate() {
            let in_scope = e.scope.in_scope.iter().any(|t| t.function == func.id);
            let code = format!("{}-", function_code(func));
            if in_scope && !e.kpis.iter().any(|k| k.id.starts_with(&code)) {
                f.at(
                    format!("/functions/{i}"),
                    format!(
                        "function {} ({}) has in-scope tasks but no KPI (ids starting `{code}`)",
                        func.id,
                        func.category.as_str()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::model::{Category, Function};
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_missing_or_incomplete_kpis() {
        clean(&RULE);
        assert_eq!(findings(&RULE, |e| e.kpis.clear())[0].pointer, "/kpis");
        let f = findings(&RULE, |e| {
            e.kpis[1].threshold = None;
            e.kpis[1].data_source = None;
        });
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("threshold, data_source"));
    }

    #[test]
    fn fires_on_a_function_without_kpi() {
        let f = findings(&RULE, |e| {
            e.functions.push(Function {
                id: "F-PY".into(),
                category: Category::Payroll,
                core: false,
            });
            let mut t = e.scope.in_scope[0].clone();
            t.id = "S9".into();
            t.function = "F-PY".into();
            e.scope.in_scope.push(t);
        });
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/functions/1");
    }
}
