//! REV-013: system access is least-privilege and protected.

use crate::engagement::Engagement;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-013",
        title: "Access to systems is too broad or unprotected",
        severity: Severity::Warning,
        article: "M8 Confidential information unprotected",
        what: "Warns on admin access without a justification, no cap on named users, access without MFA\n(or with MFA not stated), and an empty `security_requirements` list.",
        why: "Most vendor breaches come through broad, shared or unprotected accounts. Named users, the\nlowest workable access level and MFA close the common routes.",
        example: "systems_access: [{ system: Xero, level: admin }]",
        instead: "systems_access: [{ system: Xero, level: standard_no_payroll, mfa: true, justification: posting }]\nnamed_users_max: 3\nsecurity_requirements: [mfa, encryption_at_rest]",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let Some(d) = &e.data else { return };
    for (i, a) in d.systems_access.iter().enumerate() {
        let level = a.level.to_lowercase();
        if level == "none" {
            continue;
        }
        if level.contains("admin") && a.justification.as_deref().is_none_or(str::is_empty) {
            f.at(
                format!("/data/systems_access/{i}/level"),
                format!("admin access to {} has no justification", a.system),
            )
            .help("give a justification, or use a lower access level");
        }
        match a.mfa {
            Some(true) => {}
            Some(false) => {
                f.at(
                    format!("/data/systems_access/{i}/mfa"),
                    format!("access to {} is without MFA", a.system),
                );
            }
            None => {
                f.at(
                    format!("/data/systems_access/{i}"),
                    format!("access to {} does not say whether MFA is on", a.system),
                )
                .help("add `mfa: true`");
            }
        }
    }
    if d.named_users_max.is_none() && !d.systems_access.is_empty() {
        f.at(
            "/data/systems_access",
            "no cap on the number of named vendor users (`named_users_max`)",
        );
    }
    if d.security_requirements.is_empty() {
        f.at(
            "/data",
            "no security requirements are set (`security_requirements`)",
        )
        .help("list at least mfa, encryption_at_rest and encryption_in_transit");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_on_broad_access() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            let d = e.data.as_mut().unwrap();
            d.systems_access[0].level = "admin".into();
            d.systems_access[0].justification = None;
            d.systems_access[1].mfa = Some(false);
            d.named_users_max = None;
            d.security_requirements.clear();
        });
        assert_eq!(f.len(), 4);
    }
}
