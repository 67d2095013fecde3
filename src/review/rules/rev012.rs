//! REV-012: the NDA is signed before any data is shared.

use crate::engagement::Engagement;
use crate::engagement::model::NdaStatus;
use crate::report::Severity;
use crate::review::{Findings, Rule, RuleDoc};

pub static RULE: Rule = Rule {
    doc: RuleDoc {
        id: "REV-012",
        title: "Data shared before the NDA is signed",
        severity: Severity::Error,
        article: "M8 Confidential information unprotected",
        what: "Fires when data is shared but the NDA is not signed, has no signing date, or was signed\nafter `data.sharing_starts`.",
        why: "Information shared before the NDA is signed, including during vendor evaluation, may not be\nprotected by it at all.",
        example: "data: { sharing_starts: 2025-01-27 }\nnda: { status: sent }",
        instead: "nda: { type: mutual, status: signed, signed_date: 2025-01-08 }",
    },
    check,
};

fn check(e: &Engagement, f: &mut Findings) {
    let (Some(data), Some(nda)) = (&e.data, &e.nda) else {
        return;
    };
    if nda.status != NdaStatus::Signed {
        f.at(
            "/nda/status",
            format!(
                "data sharing starts {} but the NDA is not signed",
                data.sharing_starts
            ),
        )
        .help("sign the NDA before any data, including sample data for evaluation, is shared");
        return;
    }
    match nda.signed_date {
        None => {
            f.at(
                "/nda/status",
                "the NDA is marked signed but has no `signed_date`",
            );
        }
        Some(d) if d > data.sharing_starts => {
            f.at(
                "/nda/signed_date",
                format!("the NDA was signed on {d}, after data sharing started on {}", data.sharing_starts),
            )
            .help("data shared before signing may be unprotected; have the NDA cover earlier disclosures");
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::rules::testing::{clean, findings};

    #[test]
    fn fires_when_nda_comes_late() {
        clean(&RULE);
        assert_eq!(
            findings(&RULE, |e| e.nda.as_mut().unwrap().status = NdaStatus::Sent).len(),
            1
        );
        let f = findings(&RULE, |e| {
            e.nda.as_mut().unwrap().signed_date = chrono::NaiveDate::from_ymd_opt(2025, 2, 1)
        });
        assert_eq!(f[0].pointer, "/nda/signed_date");
    }
}
