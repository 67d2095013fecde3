//! Partial engagements: what may be left out of a file, and what leaving it out means.
//!
//! Only identity is required to load (`engagement.id`, `engagement.title`,
//! `client.legal_name`, `vendor.legal_name`). Every other block that best practice expects is
//! listed in [`EXPECTED`] with the review rule of the mistake its absence leaves open. When a
//! file leaves one out, loading records it as [`Missing`] and puts a neutral stand-in in its
//! place, so the typed model and every rule still see a whole engagement; the review then
//! reports the missing block once (with a snippet to paste) instead of whatever the rules would
//! say about the stand-in, and the packet prints a marked draft with the part NOT DEFINED.
//! `--strict` skips all this: every expected block is then required at load, as the full
//! schema says.

use serde_json::{Value, json};

/// A block or field best practice expects, and the rule that reports it missing.
pub struct Expected {
    /// JSON pointer of the block or field.
    pub pointer: &'static str,
    /// The review rule of the mistake its absence leaves open.
    pub rule: &'static str,
    /// What it is, in words, for messages and NOT DEFINED markers.
    pub what: &'static str,
    /// Why it matters, in one phrase (the finding's message ends with it).
    pub why: &'static str,
}

const fn expected(
    pointer: &'static str,
    rule: &'static str,
    what: &'static str,
    why: &'static str,
) -> Expected {
    Expected {
        pointer,
        rule,
        what,
        why,
    }
}

/// Every expected block or field that may be absent, in file order.
pub const EXPECTED: &[Expected] = &[
    expected(
        "/engagement/start_date",
        "REV-006",
        "start date",
        "no date in the packet can be computed without it",
    ),
    expected(
        "/engagement/term_months",
        "REV-006",
        "term in months",
        "the contract cannot say how long it runs or when it ends",
    ),
    expected(
        "/client/country",
        "REV-009",
        "client country",
        "the country decides the law, the currency and whether the engagement is cross-border",
    ),
    expected(
        "/client/timezone",
        "REV-009",
        "client time zone",
        "working hours and response times are measured in it",
    ),
    expected(
        "/vendor/type",
        "REV-008",
        "vendor type (firm, agency or individual)",
        "a one-person vendor cannot take on what a firm can",
    ),
    expected(
        "/vendor/country",
        "REV-009",
        "vendor country",
        "the country decides the law, the currency and whether the engagement is cross-border",
    ),
    expected(
        "/vendor/timezone",
        "REV-009",
        "vendor time zone",
        "the overlap of working hours depends on it",
    ),
    expected(
        "/vendor/due_diligence",
        "REV-005",
        "vendor due diligence",
        "a vendor chosen without references, reviews or samples is the wrong partner more often",
    ),
    expected(
        "/objectives",
        "REV-001",
        "objectives",
        "without measurable objectives nobody can say whether the engagement works",
    ),
    expected(
        "/functions",
        "REV-001",
        "functions handed to the vendor",
        "the scope and the KPIs hang off the functions",
    ),
    expected(
        "/scope",
        "REV-001",
        "scope of services",
        "without a written scope the vendor decides what it was hired to do",
    ),
    expected(
        "/deliverables",
        "REV-001",
        "deliverables",
        "the SOW cannot say what is handed over and when",
    ),
    expected(
        "/roles",
        "REV-016",
        "roles",
        "nobody is named to own the engagement on either side",
    ),
    expected(
        "/trial",
        "REV-010",
        "trial period",
        "without a trial the first months are a commitment, not a test",
    ),
    expected(
        "/kpis",
        "REV-002",
        "KPIs",
        "without KPIs there are no service levels to hold the vendor to",
    ),
    expected(
        "/communication",
        "REV-017",
        "communication and reporting",
        "without a reporting cadence and an escalation path problems surface late",
    ),
    expected(
        "/acceptance",
        "REV-001",
        "acceptance process",
        "without review and cure periods a deliverable is never clearly accepted or rejected",
    ),
    expected(
        "/change_control",
        "REV-008",
        "change control",
        "without it new work reaches the vendor with no price, time or capacity change",
    ),
    expected(
        "/scaling",
        "REV-018",
        "scaling plan",
        "growth then arrives with no bands, unit rates or notice",
    ),
    expected(
        "/fees",
        "REV-006",
        "fees",
        "the SOW cannot state a price, a currency or payment terms",
    ),
    expected(
        "/nda",
        "REV-012",
        "NDA",
        "data is shared, and nothing says it is covered by a signed NDA",
    ),
    expected(
        "/termination",
        "REV-020",
        "termination and exit terms",
        "without notice, chronic-failure and exit-assistance terms leaving is costly",
    ),
    expected(
        "/legal",
        "REV-009",
        "governing law and prevailing language",
        "client and vendor are in different countries, so the contract must say whose law applies",
    ),
];

/// The top-level keys in the order the starter and the spec write them (a missing block is
/// shown before the next one present).
pub const TOP_LEVEL: &[&str] = &[
    "schema_version",
    "engagement",
    "client",
    "vendor",
    "selection",
    "objectives",
    "functions",
    "scope",
    "deliverables",
    "milestones",
    "trial",
    "roles",
    "client_responsibilities",
    "assumptions",
    "dependencies",
    "kpis",
    "communication",
    "acceptance",
    "change_control",
    "scaling",
    "fees",
    "data",
    "nda",
    "termination",
    "legal",
    "output",
];

/// An expected block or field the file leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub expected: &'static Expected,
}

impl std::fmt::Debug for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.pointer)
    }
}

impl PartialEq for Expected {
    fn eq(&self, other: &Self) -> bool {
        self.pointer == other.pointer
    }
}

impl Eq for Expected {}

impl Missing {
    /// The key the packet templates test (`missing.<key>`): the pointer without its leading
    /// slash, with `_` for the slashes inside (`engagement_start_date`, `trial`).
    pub fn key(&self) -> String {
        key_of(self.expected.pointer)
    }
}

fn key_of(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', "_")
}

/// Whether the block at `pointer` is needed at all for `value`: `nda` only when data is
/// shared, `legal` only when client and vendor are in different (valid) countries.
fn needed(pointer: &str, value: &Value) -> bool {
    match pointer {
        "/nda" => value.get("data").is_some(),
        "/legal" => super::validate::cross_border_codes(value).is_some(),
        _ => true,
    }
}

/// The neutral stand-in for an absent block: loads, and says nothing the review would act on
/// outside the block itself (a party's missing country is the other party's, so that a
/// missing value never makes an engagement cross-border). `None`: the field is optional in
/// the model and simply stays absent.
fn stand_in(pointer: &str, value: &Value) -> Option<Value> {
    let other = |p: &str| value.pointer(p).cloned().unwrap_or_else(|| json!(""));
    Some(match pointer {
        "/engagement/start_date" => json!("1970-01-01"),
        "/engagement/term_months" => json!(12),
        "/client/country" => other("/vendor/country"),
        "/client/timezone" => other("/vendor/timezone"),
        "/vendor/type" => json!("firm"),
        "/vendor/country" => other("/client/country"),
        "/vendor/timezone" => other("/client/timezone"),
        "/vendor/due_diligence" | "/communication" | "/scaling" | "/termination" => json!({}),
        "/objectives" | "/functions" | "/deliverables" | "/roles" | "/kpis" => json!([]),
        "/scope" => json!({ "in_scope": [] }),
        "/trial" => json!({ "required": false }),
        "/acceptance" => json!({ "review_days": 0, "cure_days": 0 }),
        "/change_control" => json!({ "impact_assessment_days": 0, "approver": "" }),
        "/fees" => json!({ "currency": "", "model": "" }),
        _ => return None,
    })
}

/// Record every expected block `value` leaves out and put its stand-in in place. A block
/// whose parent is absent or not a mapping is left to the schema's errors.
pub fn complete(value: &mut Value) -> Vec<Missing> {
    let mut missing = Vec::new();
    for expected in EXPECTED {
        if value.pointer(expected.pointer).is_some() || !needed(expected.pointer, value) {
            continue;
        }
        let (parent, key) = expected
            .pointer
            .rsplit_once('/')
            .expect("pointers start with a slash");
        let stand_in = stand_in(expected.pointer, value);
        let Some(Value::Object(block)) =
            value.pointer_mut(if parent.is_empty() { "" } else { parent })
        else {
            continue;
        };
        if let Some(v) = stand_in {
            block.insert(key.to_string(), v);
        }
        missing.push(Missing { expected });
    }
    missing
}

/// Every template key (`missing.<key>`) with whether it is missing, so that a template can
/// test any of them in strict mode.
pub fn template_flags(missing: &[Missing]) -> Value {
    let mut flags = serde_json::Map::new();
    for e in EXPECTED {
        flags.insert(
            key_of(e.pointer),
            json!(missing.iter().any(|m| m.expected.pointer == e.pointer)),
        );
    }
    Value::Object(flags)
}

/// The identity fields, the only ones the published schema requires, per definition.
pub const IDENTITY: &[(&str, &[&str])] = &[
    ("", &["engagement", "client", "vendor"]),
    ("EngagementInfo", &["id", "title"]),
    ("Client", &["legal_name"]),
    ("Vendor", &["legal_name"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_only_file_is_completed_and_every_block_recorded() {
        let mut v = json!({
            "engagement": { "id": "X-1", "title": "t" },
            "client": { "legal_name": "A", "country": "GB" },
            "vendor": { "legal_name": "B" },
        });
        let missing = complete(&mut v);
        let pointers: Vec<&str> = missing.iter().map(|m| m.expected.pointer).collect();
        assert!(pointers.contains(&"/trial"));
        assert!(pointers.contains(&"/vendor/country"));
        assert!(!pointers.contains(&"/client/country"));
        // Not needed: no data is shared, and the vendor stands in the client's country.
        assert!(!pointers.contains(&"/nda"));
        assert!(!pointers.contains(&"/legal"));
        assert_eq!(v["vendor"]["country"], "GB");
        assert_eq!(template_flags(&missing)["trial"], true);
        assert_eq!(template_flags(&missing)["client_country"], false);
    }

    #[test]
    fn nda_and_legal_are_expected_only_when_they_apply() {
        let mut v = json!({
            "engagement": { "id": "X-1", "title": "t" },
            "client": { "legal_name": "A", "country": "GB" },
            "vendor": { "legal_name": "B", "country": "IN" },
            "data": { "sharing_starts": "2026-01-01" },
        });
        let pointers: Vec<&str> = complete(&mut v)
            .iter()
            .map(|m| m.expected.pointer)
            .collect();
        assert!(pointers.contains(&"/nda") && pointers.contains(&"/legal"));
        assert!(v.get("nda").is_none(), "an optional block gets no stand-in");
    }
}
