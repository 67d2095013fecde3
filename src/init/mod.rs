//! `vendorkit init`: a starter engagement for one function.
//!
//! The starter is valid (it loads and reviews), with `TODO` markers wherever only the business
//! can know the answer; REV-021 lists each one until it is filled in. Typical KPIs per function
//! come from SPEC §3.

mod ask;

use std::str::FromStr;

pub use ask::facts as ask;

use crate::engagement::model::Category;

/// Per-function defaults: (code, task, kpi name, unit, direction, target, threshold, data source).
struct Starter {
    code: &'static str,
    task: &'static str,
    kpi: &'static str,
    unit: &'static str,
    direction: &'static str,
    target: &'static str,
    threshold: &'static str,
    source: &'static str,
}

fn starter(c: Category) -> Starter {
    let s = |code, task, kpi, unit, direction, target, threshold, source| Starter {
        code,
        task,
        kpi,
        unit,
        direction,
        target,
        threshold,
        source,
    };
    match c {
        Category::Bookkeeping => s(
            "BK",
            "Code and post bank and card transactions",
            "Month-end close timeliness",
            "business_day",
            "lower_is_better",
            "5",
            "7",
            "Accounting system and shared drive log",
        ),
        Category::Payroll => s(
            "PY",
            "Run the monthly payroll and statutory filings",
            "Error-free payslips",
            "percent",
            "higher_is_better",
            "99.5",
            "99",
            "Payroll system",
        ),
        Category::ItSupport => s(
            "IT",
            "Answer and resolve support tickets",
            "P1 response within 15 minutes",
            "percent",
            "higher_is_better",
            "95",
            "90",
            "PSA ticketing system",
        ),
        Category::CustomerSupport => s(
            "CS",
            "Answer customer calls, chats and emails",
            "Calls answered within 20 seconds",
            "percent",
            "higher_is_better",
            "80",
            "75",
            "Helpdesk and ACD reports",
        ),
        Category::SocialMedia => s(
            "SM",
            "Publish posts per the content calendar",
            "Posts published as per calendar",
            "percent",
            "higher_is_better",
            "95",
            "90",
            "Platform analytics",
        ),
        Category::DigitalMarketing => s(
            "DM",
            "Run paid and organic campaigns",
            "Qualified leads per month",
            "count",
            "higher_is_better",
            "40",
            "30",
            "GA4 with UTM tags",
        ),
        Category::SoftwareDevelopment => s(
            "SD",
            "Deliver committed sprint scope",
            "Committed sprint scope accepted",
            "percent",
            "higher_is_better",
            "85",
            "75",
            "Issue tracker",
        ),
        Category::VirtualAssistant => s(
            "VA",
            "Manage the inbox and calendar",
            "Requests handled within 1 business day",
            "percent",
            "higher_is_better",
            "95",
            "90",
            "Shared task board",
        ),
        Category::Other => s(
            "OT",
            "TODO: describe the task",
            "TODO: KPI name",
            "percent",
            "higher_is_better",
            "95",
            "90",
            "TODO: system of record",
        ),
    }
}

/// Where the starter's client is: the country (ISO 3166-1), its usual time zone and the
/// currency fees are in. The vendor starts in the same country; change it when it is not.
#[derive(Debug, Clone)]
pub struct Place {
    pub country: String,
    pub timezone: String,
    pub currency: String,
}

impl Place {
    /// The place for `country` (default GB), with `currency` when given, else the country's
    /// own (from ISO 4217 data). The time zone is the main one of the countries vendorkit's
    /// users most often name, else UTC (the starter then says to set it).
    pub fn new(country: Option<&str>, currency: Option<&str>) -> Result<Place, String> {
        let country = country.unwrap_or("GB").to_ascii_uppercase();
        let code = iso_currency::Country::from_str(&country)
            .ok()
            .filter(|_| crate::engagement::codes::is_country(&country))
            .ok_or_else(|| match country.as_str() {
                "UK" => {
                    "`UK` is not an ISO 3166-1 alpha-2 country code: the United Kingdom is `GB`"
                        .to_string()
                }
                _ => format!(
                    "`{country}` is not an ISO 3166-1 alpha-2 country code (e.g. GB, US, IN)"
                ),
            })?;
        let currency = match currency {
            Some(c) => {
                let c = c.to_ascii_uppercase();
                if !crate::engagement::codes::is_currency(&c) {
                    return Err(format!(
                        "`{c}` is not an ISO 4217 currency code (e.g. GBP, USD, EUR)"
                    ));
                }
                c
            }
            None => iso_currency::Currency::from(code).code().to_string(),
        };
        let timezone = match country.as_str() {
            "GB" => "Europe/London",
            "IE" => "Europe/Dublin",
            "US" => "America/New_York",
            "CA" => "America/Toronto",
            "MX" => "America/Mexico_City",
            "BR" => "America/Sao_Paulo",
            "AU" => "Australia/Sydney",
            "NZ" => "Pacific/Auckland",
            "IN" => "Asia/Kolkata",
            "PK" => "Asia/Karachi",
            "PH" => "Asia/Manila",
            "SG" => "Asia/Singapore",
            "VN" => "Asia/Ho_Chi_Minh",
            "ZA" => "Africa/Johannesburg",
            "KE" => "Africa/Nairobi",
            "NG" => "Africa/Lagos",
            "ES" => "Europe/Madrid",
            "PT" => "Europe/Lisbon",
            "FR" => "Europe/Paris",
            "DE" => "Europe/Berlin",
            "NL" => "Europe/Amsterdam",
            "IT" => "Europe/Rome",
            "PL" => "Europe/Warsaw",
            "RO" => "Europe/Bucharest",
            "UA" => "Europe/Kyiv",
            _ => "UTC",
        };
        Ok(Place {
            country,
            timezone: timezone.to_string(),
            currency,
        })
    }
}

/// What the starter says, beyond the function's typical KPIs: everything `init` asks on a
/// terminal. [`Facts::new`] gives the starter written off a terminal, a TODO wherever only the
/// business knows the answer.
#[derive(Debug, Clone)]
pub struct Facts {
    pub category: Category,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub client: Place,
    /// Where the vendor is (the fees stay in the client's currency).
    pub vendor: Place,
    pub client_name: Option<String>,
    pub vendor_name: Option<String>,
    /// Who owns the engagement on the client's side.
    pub owner: Option<String>,
    pub term_months: u32,
    /// The monthly fee, in the client's currency.
    pub monthly_fee: Option<rust_decimal::Decimal>,
    /// Whether the vendor sees the client's data (adds the `data` and `nda` blocks).
    pub shares_data: bool,
}

impl Facts {
    /// The starter's facts: both parties at `place`, a 12-month term, and the client's data
    /// shared where the function needs it (IT support, payroll).
    pub fn new(category: Category, start_date: &str, place: &Place) -> Facts {
        Facts {
            category,
            start_date: start_date.to_string(),
            client: place.clone(),
            vendor: place.clone(),
            client_name: None,
            vendor_name: None,
            owner: None,
            term_months: 12,
            monthly_fee: None,
            shares_data: matches!(category, Category::ItSupport | Category::Payroll),
        }
    }
}

/// The starter engagement text for `category`, starting on `start_date` (YYYY-MM-DD), for a
/// client in GB paying in GBP.
pub fn starter_yaml(category: Category, start_date: &str) -> String {
    let gb = Place::new(None, None).expect("GB is a country");
    starter_yaml_in(category, start_date, &gb)
}

/// The `data` and `nda` blocks for a vendor that sees the client's data: for IT support (staff
/// accounts and mailboxes) and payroll (pay and bank details) what it is, for the other
/// functions a TODO. The data-protection regime is named where the country makes it plain.
fn data_blocks(category: Category, start_date: &str, place: &Place) -> String {
    let (what, sensitivity, access) = match category {
        Category::ItSupport => (
            "staff accounts, email and files on the client's systems",
            "confidential",
            r#"{ system: "TODO: e.g. Microsoft 365 admin centre", level: admin, mfa: true, justification: "TODO: why admin rights are needed" }"#,
        ),
        Category::Payroll => (
            "employee pay, tax and bank details",
            "restricted",
            r#"{ system: "TODO: payroll system", level: user, mfa: true }"#,
        ),
        _ => (
            "TODO: the client data the vendor sees",
            "confidential",
            r#"{ system: "TODO: system the vendor uses", level: user, mfa: true }"#,
        ),
    };
    const EU: [&str; 27] = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ];
    let regimes = match place.country.as_str() {
        "GB" => "\n  regimes: [uk_gdpr]",
        c if EU.contains(&c) => "\n  regimes: [gdpr]",
        _ => "",
    };
    format!(
        r#"data:
  sharing_starts: {start_date}
  categories:
    - {{ name: "{what}", sensitivity: {sensitivity}, personal_data: true }}{regimes}
  dpa_required: true
  storage_countries: [{country}]
  systems_access:
    - {access}
  named_users_max: 2
  sub_processors: with_prior_consent
  security_requirements: [MFA on every account, encrypted laptops, no client data on personal devices]
  breach_notice_hours: 24
  retention_after_term_days: 30
nda:
  type: mutual
  status: draft
  survival_years: 5
  personnel_undertakings: true
"#,
        country = place.country,
    )
}

/// The `legal` block the starters leave out (both parties start in one country), for a
/// cross-border engagement.
const LEGAL_BLOCK: &str = "legal:\n  governing_law: \"TODO: e.g. the laws of England and Wales\"\n  prevailing_language: en";

/// The text to paste for the expected block or field at `pointer` (`/trial`,
/// `/engagement/start_date`), cut from the same starter `init` writes for `category`: a
/// top-level block whole, a field with the line of its block above it. `nda` comes from the
/// payroll starter, which shares personal data.
pub fn snippet(pointer: &str, category: Category, start_date: &str) -> Option<String> {
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    if parts == ["legal"] {
        return Some(LEGAL_BLOCK.to_string());
    }
    let category = if parts == ["nda"] {
        Category::Payroll
    } else {
        category
    };
    let text = starter_yaml(category, start_date);
    let lines: Vec<&str> = text.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.strip_prefix(parts[0]).is_some_and(|r| r.starts_with(':')))?;
    let end = (top + 1..lines.len())
        .find(|&i| !lines[i].starts_with(' '))
        .unwrap_or(lines.len());
    match parts[..] {
        [_] => Some(lines[top..end].join("\n")),
        [_, field] => {
            let key = format!("  {field}:");
            let at = (top + 1..end).find(|&i| lines[i].starts_with(&key))?;
            let last = (at + 1..end)
                .find(|&i| !lines[i].starts_with("   "))
                .unwrap_or(end);
            Some(format!("{}\n{}", lines[top], lines[at..last].join("\n")))
        }
        _ => None,
    }
}

/// The starter engagement text for `category`, starting on `start_date`, for a client at
/// `place`.
pub fn starter_yaml_in(category: Category, start_date: &str, place: &Place) -> String {
    starter_text(&Facts::new(category, start_date, place))
}

/// The trial's end and decision date: a quarter of the term (one to three months) from the
/// start, the decision a week after; nothing when the start is not a date.
fn trial_dates(start_date: &str, term_months: u32) -> String {
    let Ok(start) = chrono::NaiveDate::parse_from_str(start_date, "%Y-%m-%d") else {
        return String::new();
    };
    let months = (term_months / 4).clamp(1, 3);
    let Some(end) = start
        .checked_add_months(chrono::Months::new(months))
        .and_then(|d| d.pred_opt())
    else {
        return String::new();
    };
    let decision = end + chrono::Days::new(7);
    format!("\n  end: {end}\n  decision_date: {decision}")
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// An engagement id from the client's name: its initials, the function's code and the start
/// year (`HV-BK-2026-01`), or a TODO when there is no name to take them from.
fn engagement_id(client: Option<&str>, code: &str, start_date: &str) -> String {
    let initials: String = client
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphanumeric)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if initials.is_empty() {
        format!("TODO-{code}-01")
    } else {
        let year = start_date.get(..4).unwrap_or("0000");
        format!("{initials}-{code}-{year}-01")
    }
}

/// The starter engagement text for `facts`.
pub fn starter_text(facts: &Facts) -> String {
    let category = facts.category;
    let start_date = facts.start_date.as_str();
    let place = &facts.client;
    let s = starter(category);
    let cat = category.as_str();
    let code = s.code;
    let owner = facts
        .owner
        .as_deref()
        .map_or_else(|| quoted("TODO: engagement owner"), quoted);
    let cat_words = match category {
        Category::ItSupport => "IT support".to_string(),
        _ => cat.replace('_', " "),
    };
    let mut text = format!(
        r#"# Starter engagement written by `vendorkit init --function {flag}`.
# Fill in every TODO, then run `vendorkit review` on this file until it is clean.
# Editor completion: `vendorkit schema > engagement.schema.json`, then add the line
#   # yaml-language-server: $schema=engagement.schema.json
schema_version: 1
engagement:
  id: {id}
  title: {title}
  status: draft
  start_date: {start_date}
  term_months: {term}
  renewal: {{ auto: false, notice_days: 60 }}
client:
  legal_name: {client_name}
  country: {country}
  timezone: {timezone}{tz_todo}
  language: en
  core_activities: ["TODO: what your business is known for"]
  owner: {{ name: {owner}, role: "TODO: role", oversight_hours_per_week: 2 }}
  signatory: {{ name: "TODO: signatory", title: Director }}
vendor:
  legal_name: {vendor_name}
  type: firm
  country: {vendor_country}
  timezone: {vendor_timezone}
  languages: [en]
  client_region_experience: "TODO: similar clients the vendor serves in your region"
  due_diligence:
    references_checked: [{{ name: "TODO: reference", outcome: "TODO: outcome" }}]
    reviews_checked: ["TODO: where you read reviews"]
    samples_reviewed: false
    industry_experience: "TODO: the vendor's experience in your industry"
selection:
  criteria:
    - {{ name: quality_accuracy, weight: 35 }}
    - {{ name: turnaround, weight: 20 }}
    - {{ name: communication_reliability, weight: 20 }}
    - {{ name: price, weight: 25 }}
objectives:
  - {{ id: OBJ-1, statement: "TODO: a measurable outcome, e.g. a number by a date" }}
functions:
  - {{ id: F-{code}, category: {cat}, core: false }}
scope:
  in_scope:
    - {{ id: S1, function: F-{code}, task: "{task}", frequency: weekly }}
  out_of_scope: ["TODO: what the vendor must not do"]
  systems: ["TODO: systems the vendor uses"]
deliverables:
  - id: D1
    name: "TODO: deliverable"
    format: PDF
    due: {{ rule: business_day, value: 5, frequency: monthly }}
    acceptance_criteria: ["TODO: what makes it acceptable"]
    examples: ["TODO: path to an example of a good one"]
trial:
  required: true
  start: {start_date}{trial_dates}
  scope: [S1]
  success_criteria: [{code}-01]
  exit_without_penalty: true
  exit_notice_days: 10
roles:
  - {{ party: client, role: Engagement owner, name: {owner}, raci: A }}
  - {{ party: vendor, role: Engagement lead, name: "TODO: vendor lead", raci: R, key_person: true }}
kpis:
  - id: {code}-01
    name: "{kpi}"
    objective: OBJ-1
    definition: "TODO: what counts and what is excluded"
    unit: {unit}
    direction: {direction}
    target: {target}
    threshold: {threshold}
    measurement_method: "TODO: how the value is computed"
    data_source: "{source}"
    period: monthly
    owner_vendor: Engagement lead
    owner_client: {owner}
    remedy: {{ type: corrective_plan, corrective_plan_days: 5 }}
    critical: true
    review_cadence: quarterly
communication:
  language: en
  written_procedures: "TODO: path to the process manual"
  channels: [{{ tool: Email, purpose: day-to-day queries }}]
  status_report: {{ frequency: weekly, day: Friday }}
  meetings:
    - {{ name: Quarterly performance and relationship review, frequency: quarterly, two_way_feedback: true }}
  escalation:
    - {{ level: 1, client: {owner}, vendor: "TODO: vendor lead", after_business_days: 0 }}
    - {{ level: 2, client: "TODO: signatory", vendor: "TODO: vendor director", after_business_days: 3 }}
acceptance: {{ review_days: 5, cure_days: 5, max_rejections: 2, deemed_acceptance: false }}
change_control: {{ impact_assessment_days: 5, approver: "TODO: who approves changes" }}
scaling:
  baseline: [{{ metric: "TODO: main volume, e.g. transactions", value: 0, per: month }}]
  ramp_notice_days: 20
fees:
  currency: {currency}
  model: fixed_monthly
  items: [{{ item: {fee_item}, amount: {fee}, per: month }}]
  invoice_frequency: monthly_in_arrears
  payment_terms_days: 30
{data}termination:
  convenience_notice_days: 30
  cure_days: 15
  chronic_failure: {{ kpi_critical_below_threshold: {{ consecutive: 2, or_in_window: [3, 6] }} }}
  exit_assistance_days: 30
  data_return_format: [XLSX, PDF]
"#,
        flag = cat.replace('_', "-"),
        trial_dates = trial_dates(start_date, facts.term_months),
        country = place.country,
        timezone = place.timezone,
        tz_todo = if place.timezone == "UTC" {
            "                      # TODO: your IANA time zone, e.g. Europe/Vienna"
        } else {
            ""
        },
        currency = place.currency,
        data = if facts.shares_data {
            data_blocks(category, start_date, place)
        } else {
            String::new()
        },
        id = engagement_id(facts.client_name.as_deref(), code, start_date),
        title = if facts.client_name.is_some() {
            quoted(&format!("Outsourced {cat_words}"))
        } else {
            quoted(&format!("TODO: outsourced {cat_words}"))
        },
        term = facts.term_months,
        client_name = facts
            .client_name
            .as_deref()
            .map_or_else(|| quoted("TODO: your company's legal name"), quoted),
        vendor_name = facts
            .vendor_name
            .as_deref()
            .map_or_else(|| quoted("TODO: vendor's legal name"), quoted),
        vendor_country = facts.vendor.country,
        vendor_timezone = facts.vendor.timezone,
        fee_item = if facts.monthly_fee.is_some() {
            quoted("Monthly fee")
        } else {
            quoted("TODO: monthly fee")
        },
        fee = facts
            .monthly_fee
            .map_or_else(|| "0".to_string(), |f| f.normalize().to_string()),
        task = s.task,
        kpi = s.kpi,
        unit = s.unit,
        direction = s.direction,
        target = s.target,
        threshold = s.threshold,
        source = s.source,
    );
    // Parties in two countries must say whose law applies (REV-009).
    if !facts
        .client
        .country
        .eq_ignore_ascii_case(&facts.vendor.country)
    {
        text.push_str(LEGAL_BLOCK);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::load_str;

    #[test]
    fn a_place_takes_its_currency_and_zone_from_the_country() {
        let us = Place::new(Some("us"), None).unwrap();
        assert_eq!((us.country.as_str(), us.currency.as_str()), ("US", "USD"));
        assert_eq!(us.timezone, "America/New_York");
        let at = Place::new(Some("AT"), None).unwrap();
        assert_eq!((at.currency.as_str(), at.timezone.as_str()), ("EUR", "UTC"));
        assert_eq!(Place::new(Some("IN"), Some("usd")).unwrap().currency, "USD");
        assert!(Place::new(Some("UK"), None).is_err());
        assert!(Place::new(Some("GB"), Some("XYZ")).is_err());
        let text = starter_yaml_in(Category::ItSupport, "2026-01-05", &at);
        let l = load_str("starter.yaml", text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    }

    #[test]
    fn every_starter_loads() {
        for c in Category::ALL {
            let text = starter_yaml(c, "2026-01-05");
            let l = load_str("starter.yaml", text);
            assert!(l.diagnostics.is_empty(), "{c:?}: {:?}", l.diagnostics);
        }
    }
}
