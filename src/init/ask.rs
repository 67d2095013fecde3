//! `init` on a terminal: about ten questions, so that the starter holds the facts a business
//! owner knows at once and leaves TODOs only where a decision is still to be made. The prompt
//! library (dialoguer) is used here and nowhere else.

use std::str::FromStr;

use dialoguer::{Confirm, Input, Select};
use rust_decimal::Decimal;

use super::{Facts, Place};
use crate::engagement::model::Category;

/// The functions in the order the question lists them, with how each is named there.
const FUNCTIONS: [(Category, &str); 9] = [
    (Category::Bookkeeping, "bookkeeping"),
    (Category::Payroll, "payroll"),
    (Category::ItSupport, "IT support"),
    (Category::CustomerSupport, "customer support"),
    (Category::SocialMedia, "social media"),
    (Category::DigitalMarketing, "digital marketing"),
    (Category::SoftwareDevelopment, "software development"),
    (Category::VirtualAssistant, "virtual assistant"),
    (Category::Other, "something else"),
];

/// Ask for the facts, starting from `given` (the command line's values are the defaults). An
/// empty answer to a name or an amount leaves its TODO. The error is the prompt's (the
/// terminal closed, or Ctrl-C).
pub fn facts(given: &Facts) -> Result<Facts, String> {
    let io = |e: dialoguer::Error| format!("init stopped, nothing written: {e}");
    eprintln!(
        "A few questions for the starter (Enter keeps the value in brackets; leave a name empty to fill it in later)."
    );
    let mut f = given.clone();
    f.client_name = optional(
        Input::<String>::new()
            .with_prompt("Your company's legal name")
            .allow_empty(true)
            .interact_text()
            .map_err(io)?,
    );
    let client_country = country(
        "Your country (ISO code, e.g. GB, US, DE)",
        &f.client.country,
    )?;
    if client_country != given.client.country {
        // A new country brings its own currency unless one was given.
        f.client = Place::new(Some(&client_country), None)?;
    }
    f.vendor_name = optional(
        Input::<String>::new()
            .with_prompt("The vendor's legal name")
            .allow_empty(true)
            .interact_text()
            .map_err(io)?,
    );
    let vendor_country = country("The vendor's country", &f.client.country)?;
    f.vendor = Place::new(Some(&vendor_country), Some(&f.client.currency))?;
    let names: Vec<&str> = FUNCTIONS.iter().map(|(_, n)| *n).collect();
    let at = FUNCTIONS
        .iter()
        .position(|(c, _)| *c == given.category)
        .unwrap_or(0);
    let chosen = Select::new()
        .with_prompt("What are you outsourcing?")
        .items(&names)
        .default(at)
        .interact()
        .map_err(io)?;
    f.category = FUNCTIONS[chosen].0;
    f.start_date = Input::<String>::new()
        .with_prompt("Start date (YYYY-MM-DD)")
        .default(f.start_date.clone())
        .validate_with(|s: &String| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|_| ())
                .map_err(|_| "a date as YYYY-MM-DD, e.g. 2026-03-02")
        })
        .interact_text()
        .map_err(io)?;
    f.term_months = Input::<u32>::new()
        .with_prompt("First term, in months")
        .default(f.term_months)
        .validate_with(|n: &u32| {
            if (1..=120).contains(n) {
                Ok(())
            } else {
                Err("between 1 and 120 months")
            }
        })
        .interact_text()
        .map_err(io)?;
    let fee = Input::<String>::new()
        .with_prompt(format!(
            "Monthly budget for the vendor, in {} (empty: decide later)",
            f.client.currency
        ))
        .allow_empty(true)
        .validate_with(|s: &String| {
            if s.trim().is_empty() || amount(s).is_some() {
                Ok(())
            } else {
                Err("an amount such as 1500 or 1500.50, or nothing")
            }
        })
        .interact_text()
        .map_err(io)?;
    f.monthly_fee = amount(&fee);
    f.shares_data = Confirm::new()
        .with_prompt("Will the vendor see your data (customers, staff or systems)?")
        .default(matches!(
            f.category,
            Category::ItSupport | Category::Payroll
        ))
        .interact()
        .map_err(io)?;
    f.owner = optional(
        Input::<String>::new()
            .with_prompt("Who owns the engagement on your side (a name)?")
            .allow_empty(true)
            .interact_text()
            .map_err(io)?,
    );
    Ok(f)
}

/// A trimmed answer, `None` when empty.
fn optional(answer: String) -> Option<String> {
    let t = answer.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A positive amount (commas as thousands separators are dropped).
fn amount(s: &str) -> Option<Decimal> {
    Decimal::from_str(&s.trim().replace(',', ""))
        .ok()
        .filter(|d| *d > Decimal::ZERO)
}

/// Ask for a country code until it is one; `default` is kept on Enter.
fn country(prompt: &str, default: &str) -> Result<String, String> {
    Input::<String>::new()
        .with_prompt(prompt)
        .default(default.to_string())
        .validate_with(|s: &String| Place::new(Some(s.trim()), None).map(|_| ()))
        .interact_text()
        .map(|s| s.trim().to_ascii_uppercase())
        .map_err(|e| format!("init stopped, nothing written: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_people_type_them() {
        assert_eq!(amount("1,500.50"), Some(Decimal::new(150050, 2)));
        assert_eq!(amount(" 900 "), Some(Decimal::from(900)));
        assert_eq!(amount("0"), None);
        assert_eq!(amount("lots"), None);
    }
}
