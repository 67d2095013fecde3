//! The typed engagement file (SPEC §6, `schema_version: 1`).
//!
//! These types are the single source of truth for the file format: the JSON Schema that
//! `vendorkit schema` prints and that loading validates against is generated from them, so a
//! field added here is documented, validated and completed in editors at once. Blocks the spec
//! marks required are plain fields; everything a review rule can flag when missing is optional
//! (`#[serde(default)]`), so that a half-written engagement still loads and the review says what
//! is missing instead of the loader refusing it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An outsourcing engagement: everything vendorkit needs to review it and write its packet.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Engagement {
    /// Version of this file format. Only `1` exists.
    #[schemars(range(min = 1, max = 1))]
    pub schema_version: u32,
    pub engagement: EngagementInfo,
    pub client: Client,
    pub vendor: Vendor,
    #[serde(default)]
    pub selection: Option<Selection>,
    /// What the business wants out of the engagement; KPIs point at these ids.
    pub objectives: Vec<Objective>,
    /// The business functions handed to the vendor.
    pub functions: Vec<Function>,
    pub scope: Scope,
    pub deliverables: Vec<Deliverable>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub client_responsibilities: Vec<String>,
    #[serde(default)]
    pub assumptions: Vec<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
    pub trial: Trial,
    pub kpis: Vec<Kpi>,
    pub communication: Communication,
    pub acceptance: Acceptance,
    pub change_control: ChangeControl,
    pub scaling: Scaling,
    pub fees: Fees,
    /// Required when the vendor gets any access to the client's data.
    #[serde(default)]
    pub data: Option<Data>,
    /// Required when `data` is present.
    #[serde(default)]
    pub nda: Option<Nda>,
    pub termination: Termination,
    /// Required when client and vendor are in different countries.
    #[serde(default)]
    pub legal: Option<Legal>,
    #[serde(default)]
    pub output: Option<Output>,
    /// The expected blocks the file leaves out (filled in with neutral stand-ins when it
    /// loaded; see [`super::partial`]). Not part of the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub missing: Vec<super::partial::Missing>,
}

/// Identity, dates and term of the engagement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EngagementInfo {
    /// Stable id, printed on every document (e.g. `HVC-BK-2025-01`).
    #[schemars(
        length(min = 1, max = 64),
        regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    )]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub status: Status,
    pub start_date: NaiveDate,
    /// Length of the initial term in months.
    #[schemars(range(min = 1, max = 120))]
    pub term_months: u32,
    #[serde(default)]
    pub renewal: Option<Renewal>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    Review,
    Signed,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    pub auto: bool,
    #[serde(default)]
    pub notice_days: Option<u32>,
}

/// The business hiring the vendor.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub legal_name: String,
    /// ISO 3166-1 alpha-2 country code, e.g. `GB`.
    #[schemars(extend("format" = "country"))]
    pub country: String,
    /// IANA time zone, e.g. `Europe/London`.
    #[schemars(extend("format" = "timezone"))]
    pub timezone: String,
    /// ISO 639-1 language code of the client's working language, e.g. `en`.
    #[serde(default)]
    #[schemars(extend("format" = "language"))]
    pub language: Option<String>,
    /// What the business is known for; outsourcing these is flagged (REV-007).
    #[serde(default)]
    pub core_activities: Vec<String>,
    #[serde(default)]
    pub owner: Option<Owner>,
    #[serde(default)]
    pub signatory: Option<Signatory>,
}

/// The client's person who owns the engagement day to day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Hours a week the owner spends overseeing the vendor (0 is flagged by REV-016).
    #[serde(default)]
    pub oversight_hours_per_week: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    pub name: String,
    pub title: String,
}

/// The outsourcing vendor and what was checked before choosing it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub legal_name: String,
    #[serde(rename = "type")]
    pub kind: VendorType,
    #[schemars(extend("format" = "country"))]
    pub country: String,
    #[schemars(extend("format" = "timezone"))]
    pub timezone: String,
    #[serde(default)]
    pub languages: Vec<String>,
    /// Experience with clients in the client's region (REV-009).
    #[serde(default)]
    pub client_region_experience: Option<String>,
    #[serde(default)]
    pub known_limitations: Vec<String>,
    /// Engagements already completed with this vendor (0 or absent: this is the first, REV-011).
    #[serde(default)]
    pub prior_engagements: Option<u32>,
    #[serde(default)]
    pub signatory: Option<Signatory>,
    /// What was checked before choosing the vendor (REV-005).
    pub due_diligence: DueDiligence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VendorType {
    Firm,
    Agency,
    Individual,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DueDiligence {
    #[serde(default)]
    pub references_checked: Vec<ReferenceCheck>,
    #[serde(default)]
    pub reviews_checked: Vec<String>,
    #[serde(default)]
    pub case_studies: Vec<String>,
    #[serde(default)]
    pub samples_reviewed: bool,
    #[serde(default)]
    pub industry_experience: Option<String>,
    #[serde(default)]
    pub certifications: Vec<String>,
    #[serde(default)]
    pub security_questionnaire: Option<SecurityQuestionnaire>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceCheck {
    pub name: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuestionnaire {
    pub completed: bool,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// How the vendor was chosen; weights sum to 100.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub alternatives_considered: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub name: String,
    #[schemars(range(min = 0, max = 100))]
    pub weight: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    /// A measurable outcome: a number, a date or a deadline (REV-001).
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub id: String,
    pub category: Category,
    /// True when this is what the business is known for (outsourcing it is REV-007).
    #[serde(default)]
    pub core: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Bookkeeping,
    Payroll,
    ItSupport,
    CustomerSupport,
    SocialMedia,
    DigitalMarketing,
    SoftwareDevelopment,
    VirtualAssistant,
    Other,
}

impl Category {
    /// The snake_case name as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Bookkeeping => "bookkeeping",
            Category::Payroll => "payroll",
            Category::ItSupport => "it_support",
            Category::CustomerSupport => "customer_support",
            Category::SocialMedia => "social_media",
            Category::DigitalMarketing => "digital_marketing",
            Category::SoftwareDevelopment => "software_development",
            Category::VirtualAssistant => "virtual_assistant",
            Category::Other => "other",
        }
    }

    /// Every category, in schema order.
    pub const ALL: [Category; 9] = [
        Category::Bookkeeping,
        Category::Payroll,
        Category::ItSupport,
        Category::CustomerSupport,
        Category::SocialMedia,
        Category::DigitalMarketing,
        Category::SoftwareDevelopment,
        Category::VirtualAssistant,
        Category::Other,
    ];
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub in_scope: Vec<Task>,
    /// Work the vendor does not do; anything unlisted is out of scope as well.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    #[serde(default)]
    pub systems: Vec<String>,
    #[serde(default)]
    pub service_hours: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    /// Id of the function in `functions` this task belongs to.
    pub function: String,
    pub task: String,
    #[serde(default)]
    pub frequency: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub due: Option<Due>,
    #[serde(default)]
    pub acceptance_criteria: Vec<String>,
    /// Reference examples of a good deliverable (REV-009).
    #[serde(default)]
    pub examples: Vec<String>,
}

/// When something is due, e.g. `{ rule: business_day, value: 5, frequency: monthly }`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Due {
    /// `business_day`, `calendar_day`, `days_before_deadline`, `days_after_request`, ...
    pub rule: String,
    #[serde(default)]
    pub value: Option<u32>,
    #[serde(default)]
    pub frequency: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub party: Party,
    pub role: String,
    pub name: String,
    /// Responsible, Accountable, Consulted, Informed: one or more of R, A, C, I.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[RACI]{1,4}$"))]
    pub raci: Option<String>,
    #[serde(default)]
    pub key_person: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Client,
    Vendor,
}

/// The trial period (M7): start small, with targets and a way out.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Trial {
    pub required: bool,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    /// Ids of `scope.in_scope` tasks covered by the trial.
    #[serde(default)]
    pub scope: Vec<String>,
    /// Ids of KPIs whose trial targets decide the trial.
    #[serde(default)]
    pub success_criteria: Vec<String>,
    #[serde(default)]
    pub decision_date: Option<NaiveDate>,
    #[serde(default)]
    pub exit_without_penalty: Option<bool>,
    #[serde(default)]
    pub exit_notice_days: Option<u32>,
    /// Why there is no trial, when `required` is false.
    #[serde(default)]
    pub waived_reason: Option<String>,
}

/// A target or level: a number, or text such as `"≤ 4 h"` (REV-003 flags text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Level {
    Number(Decimal),
    Text(String),
}

impl Level {
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Level::Number(n) => Some(*n),
            Level::Text(_) => None,
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Level::Number(n) => write!(f, "{}", n.normalize()),
            Level::Text(t) => f.write_str(t),
        }
    }
}

/// One row of the KPI schedule (SPEC §3).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Id in the form `BK-01`.
    pub id: String,
    pub name: String,
    /// Id of the objective in `objectives` this KPI measures.
    #[serde(default)]
    pub objective: Option<String>,
    #[serde(default)]
    pub definition: Option<String>,
    /// `percent`, `hours`, `minutes`, `business_day`, `count`, `score`, ...
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub target: Option<Level>,
    /// The breach level that triggers the remedy.
    #[serde(default)]
    pub threshold: Option<Level>,
    #[serde(default)]
    pub trial_target: Option<Level>,
    #[serde(default)]
    pub baseline: Option<Level>,
    #[serde(default)]
    pub measurement_method: Option<String>,
    #[serde(default)]
    pub data_source: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub report_due: Option<Due>,
    #[serde(default)]
    pub owner_vendor: Option<String>,
    #[serde(default)]
    pub owner_client: Option<String>,
    #[serde(default)]
    pub exclusions: Vec<String>,
    #[serde(default)]
    pub remedy: Option<Remedy>,
    #[serde(default)]
    pub critical: bool,
    #[serde(default)]
    pub review_cadence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    #[serde(rename = "type")]
    pub kind: RemedyType,
    #[serde(default)]
    pub credit_pct: Option<Decimal>,
    #[serde(default)]
    pub cap_pct: Option<Decimal>,
    #[serde(default)]
    pub corrective_plan_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemedyType {
    ServiceCredit,
    FeeReduction,
    CorrectivePlan,
    RePerform,
}

/// Language, channels, reports, meetings and the escalation ladder (M4, M6).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    #[serde(default)]
    #[schemars(extend("format" = "language"))]
    pub language: Option<String>,
    /// Path or name of the written process manual.
    #[serde(default)]
    pub written_procedures: Option<String>,
    #[serde(default)]
    pub overlap_hours: Option<OverlapHours>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub status_report: Option<StatusReport>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub escalation: Vec<Escalation>,
    #[serde(default)]
    pub dispute_resolution: Option<DisputeResolution>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverlapHours {
    /// `HH:MM`, 24-hour clock.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: String,
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub end: String,
    #[schemars(extend("format" = "timezone"))]
    pub timezone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub tool: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusReport {
    pub frequency: String,
    #[serde(default)]
    pub day: Option<String>,
    #[serde(default)]
    pub content: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub name: String,
    pub frequency: String,
    /// Both sides give feedback, not only the client (REV-019).
    #[serde(default)]
    pub two_way_feedback: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    #[schemars(range(min = 1, max = 9))]
    pub level: u32,
    pub client: String,
    pub vendor: String,
    #[serde(default)]
    pub after_business_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisputeResolution {
    pub method: String,
    #[serde(default)]
    pub forum: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Business days the client has to accept or reject a deliverable.
    pub review_days: u32,
    /// Business days the vendor has to fix a rejected deliverable.
    pub cure_days: u32,
    #[serde(default)]
    pub max_rejections: Option<u32>,
    #[serde(default)]
    pub deemed_acceptance: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeControl {
    pub impact_assessment_days: u32,
    pub approver: String,
}

/// Volumes today, expected growth and how capacity follows (M10).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    #[serde(default)]
    pub baseline: Vec<Volume>,
    #[serde(default)]
    pub expected_growth: Option<Growth>,
    #[serde(default)]
    pub bands: Vec<Band>,
    #[serde(default)]
    pub unit_rates: Vec<FeeItem>,
    /// Days of notice the vendor needs to ramp capacity up or down.
    #[serde(default)]
    pub ramp_notice_days: Option<u32>,
    #[serde(default)]
    pub new_site_onboarding_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    pub metric: String,
    pub value: Decimal,
    #[serde(default)]
    pub per: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    pub description: String,
    #[serde(default)]
    pub volume_pct: Option<Decimal>,
    #[serde(default)]
    pub horizon_months: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub up_to: Decimal,
    pub monthly_fee: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    /// ISO 4217 currency code, e.g. `GBP`.
    #[schemars(extend("format" = "currency"))]
    pub currency: String,
    /// `fixed_monthly`, `banded_monthly`, `hourly`, `per_unit`, `milestone`, ...
    pub model: String,
    #[serde(default)]
    pub items: Vec<FeeItem>,
    #[serde(default)]
    pub invoice_frequency: Option<String>,
    #[serde(default)]
    pub payment_terms_days: Option<u32>,
    #[serde(default)]
    pub price_review: Option<PriceReview>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeItem {
    pub item: String,
    pub amount: Decimal,
    #[serde(default)]
    pub per: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceReview {
    pub frequency: String,
    #[serde(default)]
    pub cap_pct: Option<Decimal>,
}

/// What data the vendor sees and how it is protected (M8).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// First day the vendor gets any client data; the NDA must be signed before it.
    pub sharing_starts: NaiveDate,
    pub categories: Vec<DataCategory>,
    #[serde(default)]
    pub regimes: Vec<Regime>,
    #[serde(default)]
    pub dpa_required: bool,
    /// `uk_idta`, `eu_scc`, `adequacy`, ...
    #[serde(default)]
    pub transfer_mechanism: Option<String>,
    #[serde(default)]
    pub storage_countries: Vec<String>,
    #[serde(default)]
    pub systems_access: Vec<SystemAccess>,
    #[serde(default)]
    pub named_users_max: Option<u32>,
    #[serde(default)]
    pub sub_processors: Option<SubProcessors>,
    #[serde(default)]
    pub security_requirements: Vec<String>,
    /// Hours within which the vendor reports a security incident.
    #[serde(default)]
    pub breach_notice_hours: Option<u32>,
    #[serde(default)]
    pub retention_after_term_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataCategory {
    pub name: String,
    pub sensitivity: Sensitivity,
    #[serde(default)]
    pub personal_data: bool,
    #[serde(default)]
    pub special_category: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    Public,
    Internal,
    Confidential,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    Gdpr,
    UkGdpr,
    Ccpa,
    Hipaa,
    Pipeda,
    Lgpd,
    Dpdp,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SystemAccess {
    pub system: String,
    /// `none`, `read_only`, `standard`, `admin`, ... (anything containing `admin` needs a
    /// justification, REV-013).
    pub level: String,
    #[serde(default)]
    pub mfa: Option<bool>,
    #[serde(default)]
    pub justification: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubProcessors {
    NotAllowed,
    WithPriorConsent,
    Allowed,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nda {
    #[serde(rename = "type")]
    pub kind: NdaType,
    pub status: NdaStatus,
    #[serde(default)]
    pub signed_date: Option<NaiveDate>,
    #[serde(default)]
    pub survival_years: Option<u32>,
    #[serde(default)]
    pub personnel_undertakings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NdaType {
    Mutual,
    OneWay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NdaStatus {
    NotStarted,
    Draft,
    Sent,
    Signed,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Termination {
    #[serde(default)]
    pub convenience_notice_days: Option<u32>,
    #[serde(default)]
    pub cure_days: Option<u32>,
    #[serde(default)]
    pub chronic_failure: Option<ChronicFailure>,
    #[serde(default)]
    pub exit_assistance_days: Option<u32>,
    #[serde(default)]
    pub data_return_format: Vec<String>,
}

/// The termination right for repeated KPI misses (TERM-002).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChronicFailure {
    pub kpi_critical_below_threshold: ChronicRule,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChronicRule {
    /// Months in a row below the threshold.
    pub consecutive: u32,
    /// `[misses, window]`, e.g. `[3, 6]`: 3 misses in any 6 months.
    #[serde(default)]
    pub or_in_window: Option<[u32; 2]>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Legal {
    #[serde(default)]
    pub governing_law: Option<String>,
    #[serde(default)]
    #[schemars(extend("format" = "language"))]
    pub prevailing_language: Option<String>,
    /// The master agreement this SOW sits under, if any.
    #[serde(default)]
    pub msa_reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    #[serde(default)]
    pub documents: Vec<DocumentKind>,
    #[serde(default)]
    pub paper: Option<Paper>,
    #[serde(default)]
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Sow,
    NdaChecklist,
    KpiSchedule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Paper {
    A4,
    Letter,
}

impl Engagement {
    /// Whether the file leaves out the expected block or field at `pointer`.
    pub fn lacks(&self, pointer: &str) -> bool {
        self.missing.iter().any(|m| m.expected.pointer == pointer)
    }

    /// True when client and vendor are in different countries (the `[xb]` context).
    pub fn cross_border(&self) -> bool {
        !self
            .client
            .country
            .eq_ignore_ascii_case(&self.vendor.country)
    }

    /// True when any data category is personal data.
    pub fn personal_data(&self) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| d.categories.iter().any(|c| c.personal_data))
    }
}
