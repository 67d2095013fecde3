//! Model clauses in the engagement's own terms: the dates, notice periods, hours, countries
//! and names the engagement file agrees, so an inserted clause is ready to negotiate rather
//! than a template with blanks. A rule whose facts the engagement does not give keeps the
//! policy's model text, with its bracketed placeholders filled where the file says.

use crate::engagement::Engagement;

/// The model clause of rule `id`, with the engagement's facts when there is one.
pub fn model(id: &str, model: &str, e: Option<&Engagement>) -> String {
    let Some(e) = e else {
        return model.to_string();
    };
    specific(id, e).unwrap_or_else(|| placeholders(model, e))
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn plural(n: u32, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

fn country(code: &str) -> String {
    isocountry::CountryCode::for_alpha2(&code.to_ascii_uppercase())
        .map(|c| c.name().to_string())
        .unwrap_or_else(|_| code.to_string())
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The clause a rule needs, written from the engagement's facts; `None` when the file does
/// not give them.
fn specific(id: &str, e: &Engagement) -> Option<String> {
    let has = |pointer: &str| !e.lacks(pointer);
    let info = &e.engagement;
    let t = &e.termination;
    Some(match id {
        "TERM-001" if has("/engagement/start_date") && has("/engagement/term_months") => format!(
            "This agreement between {} and {} starts on {} and runs for {}.",
            e.client.legal_name,
            e.vendor.legal_name,
            date(info.start_date),
            plural(info.term_months, "month")
        ),
        "TERM-006" => match &info.renewal {
            Some(r) if r.auto => format!(
                "At the end of the term the agreement renews for further {}-month periods unless either party gives {} written notice before it ends.",
                info.term_months,
                plural(r.notice_days?, "day")
            ),
            Some(_) => "The agreement ends at the end of the term unless both parties agree in writing to renew it.".into(),
            None => return None,
        },
        "TERM-004" if has("/termination") => format!(
            "The Client may end this agreement for convenience on {}' written notice, paying only for work done.",
            plural(t.convenience_notice_days?, "day")
        ),
        "TERM-005" if has("/termination") => format!(
            "Either party may terminate on notice if the other materially breaches this agreement and does not cure the breach within {}, or becomes insolvent.",
            plural(t.cure_days?, "day")
        ),
        "TERM-003" if has("/termination") => {
            let formats = if t.data_return_format.is_empty() {
                "common machine-readable formats".to_string()
            } else {
                list(&t.data_return_format)
            };
            format!(
                "For {} after the end, the Provider helps move the Services and hands over all data in {formats}.",
                plural(t.exit_assistance_days?, "day")
            )
        }
        "TRIAL-001" if has("/trial") && e.trial.required => {
            let (start, end) = (e.trial.start?, e.trial.end?);
            let exit = match e.trial.exit_notice_days {
                Some(n) => format!("on {}' notice", plural(n, "day")),
                None => "on written notice".into(),
            };
            format!(
                "The period from {} to {} is a trial. Either party may exit {exit}, paying only for work done.",
                date(start),
                date(end)
            )
        }
        "TRIAL-002" if has("/trial") && e.trial.required => format!(
            "At the end of the trial the Client assesses the trial targets and confirms in writing by {} whether the engagement continues.",
            date(e.trial.decision_date?)
        ),
        "SEC-002" => format!(
            "The Provider tells the Client within {} of any suspected unauthorised access to, or loss of, Client data, and helps with the response.",
            plural(e.data.as_ref()?.breach_notice_hours?, "hour")
        ),
        "SEC-004" => {
            let countries: Vec<String> = e.data.as_ref()?.storage_countries.iter().map(|c| country(c)).collect();
            if countries.is_empty() {
                return None;
            }
            format!(
                "No subcontracting, and no storing or accessing data outside {}, without the Client's prior written consent.",
                list(&countries)
            )
        }
        "CONF-003" => format!(
            "Within {} after the end, or earlier on request, the Provider returns or securely deletes all copies of Client information and confirms this in writing.",
            plural(e.data.as_ref()?.retention_after_term_days?, "day")
        ),
        "CONF-004" => format!(
            "Confidentiality lasts {} after the end; trade secrets and personal data as long as the law protects them.",
            plural(e.nda.as_ref()?.survival_years?, "year")
        ),
        "COM-001" if has("/fees") => format!(
            "The Client pays the fees in {} within {} of a correct invoice that itemises work and approved expenses.",
            e.fees.currency,
            plural(e.fees.payment_terms_days?, "day")
        ),
        "SCOPE-005" if has("/acceptance") => format!(
            "The Client accepts or rejects each deliverable, with reasons, within {}. The Provider fixes and resubmits within {}, at no charge.",
            plural(e.acceptance.review_days, "business day"),
            plural(e.acceptance.cure_days, "business day")
        ),
        "SCALE-002" if has("/change_control") => format!(
            "Changes are requested in writing. Within {} the Provider states the impact on scope, fees, time and KPIs. Both parties sign before the change applies.",
            plural(e.change_control.impact_assessment_days, "business day")
        ),
        "SCALE-001" if has("/scaling") => {
            let band = e.scaling.bands.first()?;
            let notice = match e.scaling.ramp_notice_days {
                Some(n) => format!(" Capacity grows on {}' notice.", plural(n, "day")),
                None => String::new(),
            };
            format!(
                "Fees cover up to {} items a month, with higher bands in the fee schedule.{notice}",
                band.up_to.normalize()
            )
        }
        "LEGAL-001" => {
            let law = e.legal.as_ref()?.governing_law.clone()?;
            let forum = e
                .communication
                .dispute_resolution
                .as_ref()
                .and_then(|d| d.forum.clone())
                .unwrap_or_else(|| format!("the courts of {law}"));
            format!("The laws of {law} govern this agreement. Unresolved disputes go to {forum}.")
        }
        "LEGAL-002" => {
            let forum = e.communication.dispute_resolution.as_ref()?.forum.clone()?;
            format!(
                "Disputes not settled by the managers within 15 business days go to mediation, then to {forum}, which have exclusive jurisdiction."
            )
        }
        "COMM-001" if has("/communication") => format!(
            "Every {} the Provider sends a status report: work done, work planned, open queries, risks, KPIs to date.",
            e.communication.status_report.as_ref()?.day.clone()?
        ),
        _ => return None,
    })
}

/// The policy's bracketed placeholders, filled from the engagement where it says.
fn placeholders(model: &str, e: &Engagement) -> String {
    let mut out = model
        .replace("[Client]", &e.client.legal_name)
        .replace("[Vendor]", &e.vendor.legal_name)
        .replace("[Client location]", &country(&e.client.country));
    if !e.lacks("/engagement/start_date") {
        out = out.replace("[date]", &date(e.engagement.start_date));
    }
    if let Some(law) = e.legal.as_ref().and_then(|l| l.governing_law.as_ref()) {
        out = out.replace("[England and Wales]", law);
    }
    out
}
