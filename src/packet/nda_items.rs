//! The NDA checklist of SPEC §2, with the answers the engagement file already gives.

use std::sync::OnceLock;

use serde::Serialize;

use crate::engagement::Engagement;
use crate::engagement::model::{Category, NdaStatus};
use crate::lint::policy::Level;

/// One row of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub check: String,
    pub level: &'static str,
    /// A "Must" item (blocks the ready verdict while open).
    pub must: bool,
    pub yes: bool,
    pub no: bool,
    pub na: bool,
    pub note: String,
}

/// The checklist's rows, from the `checklist` of the rules of the built-in `nda` policy
/// (`policies/nda.yaml`), in policy order, once per item: the policy is their one source, so
/// editing it changes the checklist. "Must if ..." rows are Must when their condition holds.
fn rows() -> &'static [(String, String, Level)] {
    static ROWS: OnceLock<Vec<(String, String, Level)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let policy = crate::lint::policy::load("nda").expect("the built-in nda policy loads");
        let mut rows: Vec<(String, String, Level)> = Vec::new();
        for c in policy.rules.iter().filter_map(|r| r.checklist.as_ref()) {
            if !rows.iter().any(|(id, _, _)| *id == c.item) {
                rows.push((c.item.clone(), c.check.clone(), c.level));
            }
        }
        rows
    })
}

pub fn answers(e: &Engagement) -> Vec<Item> {
    let nda = e.nda.as_ref();
    let data = e.data.as_ref();
    let it_work = e.functions.iter().any(|f| {
        matches!(
            f.category,
            Category::ItSupport | Category::SoftwareDevelopment
        )
    });
    rows()
        .iter()
        .map(|(id, check, level)| {
            let mut item = Item {
                id: id.clone(),
                check: check.clone(),
                level: level.label(),
                must: *level == Level::Must,
                yes: false,
                no: false,
                na: false,
                note: String::new(),
            };
            match id.as_str() {
                "NDA-01" => match (nda, data) {
                    (Some(n), Some(d)) if n.status == NdaStatus::Signed => match n.signed_date {
                        Some(s) if s <= d.sharing_starts => {
                            item.yes = true;
                            item.note =
                                format!("signed {s}, before data sharing on {}", d.sharing_starts);
                        }
                        Some(s) => {
                            item.no = true;
                            item.note = format!(
                                "signed {s}, after data sharing started on {}",
                                d.sharing_starts
                            );
                        }
                        None => item.note = "marked signed, no date".into(),
                    },
                    (Some(n), _) => {
                        item.note = format!("NDA status: {:?}", n.status).to_lowercase()
                    }
                    (None, _) => item.note = "no NDA recorded".into(),
                },
                "NDA-09" => {
                    if let Some(d) = data {
                        if let Some(n) = d.named_users_max {
                            item.note = format!(
                                "engagement: at most {n} named users, {} systems listed",
                                d.systems_access.len()
                            );
                        }
                    } else {
                        item.na = true;
                        item.note = "no data access".into();
                    }
                }
                "NDA-11" => {
                    if let Some(h) = data.and_then(|d| d.breach_notice_hours) {
                        item.note = format!("engagement requires notice within {h} hours");
                    }
                }
                "NDA-15" => {
                    if let Some(y) = nda.and_then(|n| n.survival_years) {
                        item.note = format!("engagement: {y} years");
                    }
                }
                "NDA-17" if !it_work => {
                    item.na = true;
                    item.note = "no software or IT work".into();
                }
                "NDA-20" => {
                    if e.cross_border() {
                        item.must = true;
                        item.note = format!("{} and {} differ", e.client.country, e.vendor.country);
                    } else {
                        item.na = true;
                        item.note = "same country".into();
                    }
                }
                "NDA-21" => {
                    if e.personal_data() {
                        item.must = true;
                        let dpa = data.is_some_and(|d| d.dpa_required);
                        if dpa {
                            item.yes = true;
                        } else {
                            item.no = true;
                        }
                        item.note = format!(
                            "DPA {}{}",
                            if dpa { "required" } else { "not required" },
                            data.and_then(|d| d.transfer_mechanism.as_deref())
                                .map(|t| format!("; transfer: {t}"))
                                .unwrap_or_default()
                        );
                    } else {
                        item.na = true;
                        item.note = "no personal data".into();
                    }
                }
                "NDA-22" if nda.is_some_and(|n| n.personnel_undertakings) => {
                    item.yes = true;
                    item.note = "engagement: individual undertakings required".into();
                }
                _ => {}
            }
            item
        })
        .collect()
}
