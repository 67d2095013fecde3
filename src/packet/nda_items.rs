//! The NDA checklist of SPEC §2, with the answers the engagement file already gives.

use serde::Serialize;

use crate::engagement::Engagement;
use crate::engagement::model::{Category, NdaStatus};

/// One row of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: &'static str,
    pub check: &'static str,
    pub level: &'static str,
    /// A "Must" item (blocks the ready verdict while open).
    pub must: bool,
    pub yes: bool,
    pub no: bool,
    pub na: bool,
    pub note: String,
}

/// (id, check, level) in SPEC order. "Must if ..." items are Must when their condition holds.
const ITEMS: &[(&str, &str, &str)] = &[
    (
        "NDA-01",
        "Parties, direction (mutual or one-way) and date are correct; signed before any data was shared, including during vendor evaluation",
        "Must",
    ),
    (
        "NDA-02",
        "A purpose is stated and use is limited to it",
        "Must",
    ),
    (
        "NDA-03",
        "The definition covers business, financial, customer and staff data, not only technical data",
        "Must",
    ),
    (
        "NDA-04",
        "Protection does not depend on marking; oral disclosures are covered",
        "Should",
    ),
    (
        "NDA-05",
        "Only the four standard exclusions, and the recipient must prove them",
        "Must",
    ),
    (
        "NDA-06",
        "Staff get access only on a need-to-know basis",
        "Must",
    ),
    (
        "NDA-07",
        "Agents and subcontractors only with consent, under equal terms, with the recipient liable for them",
        "Must",
    ),
    (
        "NDA-08",
        "At least reasonable care, and named security safeguards",
        "Must",
    ),
    (
        "NDA-09",
        "Access limited to named systems and users",
        "Must",
    ),
    ("NDA-10", "Copies only as the work needs", "Should"),
    (
        "NDA-11",
        "Incidents notified within N hours, with cooperation",
        "Must",
    ),
    (
        "NDA-12",
        "Compelled disclosure: notice, cooperation, minimum disclosure",
        "Should",
    ),
    (
        "NDA-13",
        "Return or destruction at the end or on request, certified in writing",
        "Must",
    ),
    (
        "NDA-14",
        "Retained copies limited to legal or backup needs, and still confidential",
        "Should",
    ),
    (
        "NDA-15",
        "Obligations survive N years; trade secrets and personal data while the law protects them",
        "Must",
    ),
    (
        "NDA-16",
        "No licence is granted; ownership stays with the discloser",
        "Must",
    ),
    (
        "NDA-17",
        "No reverse engineering (software or IT work)",
        "Cond.",
    ),
    (
        "NDA-18",
        "Optional: the deal itself is confidential; no solicitation of staff (check local law)",
        "Opt.",
    ),
    (
        "NDA-19",
        "Injunctive relief available in addition to damages",
        "Should",
    ),
    (
        "NDA-20",
        "Law, forum and prevailing language set; enforceable in the vendor's country (consider arbitration)",
        "Must if cross-border",
    ),
    (
        "NDA-21",
        "Personal data is covered by a DPA (Art. 28 terms) and a transfer mechanism",
        "Must if personal data",
    ),
    (
        "NDA-22",
        "Vendor staff with access sign individual undertakings",
        "Should",
    ),
    ("NDA-23", "Signed by authorised signatories", "Must"),
];

pub fn answers(e: &Engagement) -> Vec<Item> {
    let nda = e.nda.as_ref();
    let data = e.data.as_ref();
    let it_work = e.functions.iter().any(|f| {
        matches!(
            f.category,
            Category::ItSupport | Category::SoftwareDevelopment
        )
    });
    ITEMS
        .iter()
        .map(|&(id, check, level)| {
            let mut item = Item {
                id,
                check,
                level,
                must: level == "Must",
                yes: false,
                no: false,
                na: false,
                note: String::new(),
            };
            match id {
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
