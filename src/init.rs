//! `vendorkit init`: a starter engagement for one function.
//!
//! The starter is valid (it loads and reviews), with `TODO` markers wherever only the business
//! can know the answer; REV-021 lists each one until it is filled in. Typical KPIs per function
//! come from SPEC §3.

use std::str::FromStr;

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

/// The starter engagement text for `category`, starting on `start_date` (YYYY-MM-DD), for a
/// client in GB paying in GBP.
pub fn starter_yaml(category: Category, start_date: &str) -> String {
    let gb = Place::new(None, None).expect("GB is a country");
    starter_yaml_in(category, start_date, &gb)
}

/// The `data` and `nda` blocks of a function whose vendor sees the client's personal data
/// (IT support reaches staff accounts and mailboxes; payroll holds pay and bank details), empty
/// for the others. The data-protection regime is named where the country makes it plain.
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
        _ => return String::new(),
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
    let s = starter(category);
    let cat = category.as_str();
    let code = s.code;
    format!(
        r#"# Starter engagement written by `vendorkit init --function {cat}`.
# Fill in every TODO, then run `vendorkit review` on this file until it is clean.
# Editor completion: `vendorkit schema > engagement.schema.json`, then add the line
#   # yaml-language-server: $schema=engagement.schema.json
schema_version: 1
engagement:
  id: TODO-{code}-01
  title: "TODO: outsourced {cat_words}"
  status: draft
  start_date: {start_date}
  term_months: 12
  renewal: {{ auto: false, notice_days: 60 }}
client:
  legal_name: "TODO: your company's legal name"
  country: {country}
  timezone: {timezone}{tz_todo}
  language: en
  core_activities: ["TODO: what your business is known for"]
  owner: {{ name: "TODO: engagement owner", role: "TODO: role", oversight_hours_per_week: 2 }}
  signatory: {{ name: "TODO: signatory", title: Director }}
vendor:
  legal_name: "TODO: vendor's legal name"
  type: firm
  country: {country}
  timezone: {timezone}
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
  start: {start_date}
  scope: [S1]
  success_criteria: [{code}-01]
  exit_without_penalty: true
  exit_notice_days: 10
roles:
  - {{ party: client, role: Engagement owner, name: "TODO: engagement owner", raci: A }}
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
    owner_client: "TODO: engagement owner"
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
    - {{ level: 1, client: "TODO: engagement owner", vendor: "TODO: vendor lead", after_business_days: 0 }}
    - {{ level: 2, client: "TODO: signatory", vendor: "TODO: vendor director", after_business_days: 3 }}
acceptance: {{ review_days: 5, cure_days: 5, max_rejections: 2, deemed_acceptance: false }}
change_control: {{ impact_assessment_days: 5, approver: "TODO: who approves changes" }}
scaling:
  baseline: [{{ metric: "TODO: main volume, e.g. transactions", value: 0, per: month }}]
  ramp_notice_days: 20
fees:
  currency: {currency}
  model: fixed_monthly
  items: [{{ item: "TODO: monthly fee", amount: 0, per: month }}]
  invoice_frequency: monthly_in_arrears
  payment_terms_days: 30
{data}termination:
  convenience_notice_days: 30
  cure_days: 15
  chronic_failure: {{ kpi_critical_below_threshold: {{ consecutive: 2, or_in_window: [3, 6] }} }}
  exit_assistance_days: 30
  data_return_format: [XLSX, PDF]
"#,
        cat_words = match category {
            Category::ItSupport => "IT support".to_string(),
            _ => cat.replace('_', " "),
        },
        country = place.country,
        timezone = place.timezone,
        tz_todo = if place.timezone == "UTC" {
            "                      # TODO: your IANA time zone, e.g. Europe/Vienna"
        } else {
            ""
        },
        currency = place.currency,
        data = data_blocks(category, start_date, place),
        task = s.task,
        kpi = s.kpi,
        unit = s.unit,
        direction = s.direction,
        target = s.target,
        threshold = s.threshold,
        source = s.source,
    )
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
