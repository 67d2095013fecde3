//! REV-014: personal data under GDPR has a DPA and a transfer mechanism.

use crate::engagement::Engagement;
use crate::engagement::model::Regime;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-014",
        title: "Personal data without a DPA or transfer mechanism",
        severity: Severity::Error,
        article: "M8 Confidential information unprotected",
        what: "Fires when GDPR or UK GDPR personal data is shared without `dpa_required: true`, or sent\nacross borders without a `transfer_mechanism` (UK IDTA, EU SCCs, adequacy).",
        why: "A controller that lets a processor handle personal data without Article 28 terms, or sends\nit abroad without a transfer mechanism, breaks the law itself, whatever the vendor does.",
        example: "data: { regimes: [uk_gdpr], dpa_required: false }",
        instead: "data: { regimes: [uk_gdpr], dpa_required: true, transfer_mechanism: uk_idta }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let Some(d) = &e.data else { return };
    let gdpr = d
        .regimes
        .iter()
        .any(|r| matches!(r, Regime::Gdpr | Regime::UkGdpr));
    if !gdpr || !e.personal_data() {
        return;
    }
    if !d.dpa_required {
        f.at(
            "/data/dpa_required",
            "GDPR personal data is shared but no DPA is required",
        )
        .help("set `dpa_required: true` and attach Article 28 processor terms");
    }
    if e.cross_border() && d.transfer_mechanism.as_deref().is_none_or(str::is_empty) {
        f.at(
            "/data/regimes",
            format!(
                "personal data goes from {} to {} with no transfer mechanism",
                e.client.country, e.vendor.country
            ),
        )
        .help("set `transfer_mechanism:` (uk_idta, eu_scc or adequacy)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_without_dpa_or_transfer() {
        clean(&RULE);
        let f = findings(&RULE, |e| {
            let d = e.data.as_mut().unwrap();
            d.dpa_required = false;
            d.transfer_mechanism = None;
        });
        assert_eq!(f.len(), 2);
        let f = findings(&RULE, |e| e.data.as_mut().unwrap().regimes.clear());
        assert!(f.is_empty());
    }
}
