//! Handlebars helpers that keep the templates readable: money, dates, durations, lists,
//! "NOT DEFINED" markers and check boxes. Each is a plain function over JSON values.

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// The marker for data the engagement does not give: visible, never silently dropped.
pub fn not_defined(label: &str) -> String {
    format!("**[NOT DEFINED: {label}]**")
}

/// A JSON scalar as text (`null` and empty strings are `None`).
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(list(a)),
        Value::Object(_) => None,
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn list(items: &[Value]) -> String {
    let parts: Vec<String> = items.iter().filter_map(text).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// `2025-02-03` as `3 February 2025`.
pub fn long_date(s: &str) -> String {
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d.format("%-d %B %Y").to_string(),
        Err(_) => s.to_string(),
    }
}

/// `2025-02-03` as `February 3, 2025` (the United States' order).
pub fn us_date(s: &str) -> String {
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => d.format("%B %-d, %Y").to_string(),
        Err(_) => s.to_string(),
    }
}

/// `1250.5` in `GBP` as `£1,250.50`: the currency's symbol and minor units, grouped thousands.
pub fn money(amount: &Value, currency: &str) -> String {
    let raw = text(amount).unwrap_or_default();
    let Ok(value) = Decimal::from_str(&raw) else {
        return not_defined("amount");
    };
    let cur = iso_currency::Currency::from_code(currency);
    let places = cur.and_then(|c| c.exponent()).unwrap_or(2) as u32;
    let rounded = value.round_dp(places);
    let s = format!("{:.*}", places as usize, rounded.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let symbol = match cur.map(|c| c.symbol().to_string()) {
        Some(sym) if !sym.is_empty() && sym != currency => sym,
        _ => format!("{currency} "),
    };
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{symbol}{grouped}")
    } else {
        format!("{sign}{symbol}{grouped}.{frac}")
    }
}

/// `30` as `30 days`, `1` as `1 day`.
pub fn days(v: &Value) -> String {
    match v.as_u64() {
        Some(1) => "1 day".into(),
        Some(n) => format!("{n} days"),
        None => not_defined("days"),
    }
}

/// A due rule (`{rule: business_day, value: 5, frequency: monthly}`) in words.
pub fn due_rule(v: &Value) -> String {
    let rule = v.get("rule").and_then(Value::as_str).unwrap_or_default();
    let value = v.get("value").and_then(Value::as_u64);
    let when = match (rule, value) {
        ("business_day", Some(n)) => format!("by business day {n}"),
        ("calendar_day", Some(n)) => format!("by day {n} of the month"),
        ("days_before_deadline", Some(n)) => format!("{n} days before the deadline"),
        ("days_after_request", Some(n)) => format!("within {n} days of request"),
        (r, Some(n)) => format!("{} {n}", r.replace('_', " ")),
        (r, None) => r.replace('_', " "),
    };
    match v.get("frequency").and_then(Value::as_str) {
        Some(f) => format!("{when}, {f}"),
        None => when,
    }
}

fn unit_of(unit: &str) -> String {
    match unit {
        "percent" => "%".into(),
        "business_day" => "(business day)".into(),
        other => other.replace('_', " "),
    }
}

/// A KPI remedy in words: "service credit 5% of the monthly fee (cap 15%); corrective plan
/// within 5 business days". A corrective plan is named once, with its days when given.
fn remedy_text(v: &Value) -> String {
    let kind = v.get("type").and_then(Value::as_str).unwrap_or_default();
    let days = v.get("corrective_plan_days").and_then(Value::as_u64);
    let plan = |d: u64| format!("corrective plan within {d} business days");
    let mut s = match (kind, days) {
        ("corrective_plan", Some(d)) => return plan(d),
        ("re_perform", _) => "re-performance at no charge".to_string(),
        _ => kind.replace('_', " "),
    };
    if let Some(c) = v.get("credit_pct").and_then(text) {
        s.push_str(&format!(" {c}% of the monthly fee"));
        if let Some(cap) = v.get("cap_pct").and_then(text) {
            s.push_str(&format!(" (cap {cap}%)"));
        }
    }
    if let Some(d) = days {
        s.push_str(&format!("; {}", plan(d)));
    }
    s
}

fn param<'a>(h: &'a Helper, i: usize) -> &'a Value {
    h.param(i).map(|p| p.value()).unwrap_or(&Value::Null)
}

/// Register every helper on `hb`.
pub fn register(hb: &mut Handlebars<'_>) {
    macro_rules! helper {
        ($name:literal, |$h:ident| $body:expr) => {
            hb.register_helper(
                $name,
                Box::new(
                    |$h: &Helper,
                     _: &Handlebars,
                     _: &Context,
                     _: &mut RenderContext,
                     out: &mut dyn Output|
                     -> HelperResult {
                        let s: String = $body;
                        out.write(&s)?;
                        Ok(())
                    },
                ),
            );
        };
    }
    // Dates read the way the client's country writes them: month first in the US.
    hb.register_helper(
        "date",
        Box::new(
            |h: &Helper,
             _: &Handlebars,
             ctx: &Context,
             _: &mut RenderContext,
             out: &mut dyn Output|
             -> HelperResult {
                let country = ctx
                    .data()
                    .pointer("/client/country")
                    .and_then(Value::as_str);
                let s = match param(h, 0).as_str() {
                    Some(s) if country == Some("US") => us_date(s),
                    Some(s) => long_date(s),
                    None => not_defined(param(h, 1).as_str().unwrap_or("date")),
                };
                out.write(&s)?;
                Ok(())
            },
        ),
    );
    helper!("nd", |h| text(param(h, 0)).unwrap_or_else(|| not_defined(
        param(h, 1).as_str().unwrap_or("value")
    )));
    helper!("or", |h| text(param(h, 0))
        .unwrap_or_else(|| text(param(h, 1)).unwrap_or_default()));
    helper!("list", |h| match param(h, 0).as_array() {
        Some(a) => list(a),
        None => text(param(h, 0)).unwrap_or_default(),
    });
    helper!("days", |h| days(param(h, 0)));
    helper!("money", |h| money(
        param(h, 0),
        param(h, 1).as_str().unwrap_or("")
    ));
    helper!("due_rule", |h| due_rule(param(h, 0)));
    helper!("unit_of", |h| param(h, 0)
        .as_str()
        .map(unit_of)
        .unwrap_or_default());
    helper!("remedy_text", |h| remedy_text(param(h, 0)));
    helper!("words", |h| text(param(h, 0))
        .unwrap_or_default()
        .replace('_', " "));
    helper!("box", |h| if param(h, 0).as_bool() == Some(true) {
        "☒".into()
    } else {
        "☐".into()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn remedies_read_as_words_and_name_a_plan_once() {
        assert_eq!(
            remedy_text(&json!({"type": "corrective_plan", "corrective_plan_days": 5})),
            "corrective plan within 5 business days"
        );
        assert_eq!(
            remedy_text(
                &json!({"type": "service_credit", "credit_pct": 5, "cap_pct": 15, "corrective_plan_days": 5})
            ),
            "service credit 5% of the monthly fee (cap 15%); corrective plan within 5 business days"
        );
        assert_eq!(
            remedy_text(&json!({"type": "re_perform"})),
            "re-performance at no charge"
        );
        assert_eq!(
            remedy_text(&json!({"type": "corrective_plan"})),
            "corrective plan"
        );
    }

    #[test]
    fn money_uses_symbol_minor_units_and_grouping() {
        assert_eq!(money(&json!("1250.5"), "GBP"), "£1,250.50");
        assert_eq!(money(&json!(950), "EUR"), "€950.00");
        assert_eq!(money(&json!("1000000"), "JPY"), "¥1,000,000");
        assert_eq!(money(&json!("9800"), "PLN"), "zł9,800.00");
        assert!(money(&json!(null), "GBP").contains("NOT DEFINED"));
    }

    #[test]
    fn words() {
        assert_eq!(long_date("2025-02-03"), "3 February 2025");
        assert_eq!(list(&[json!("a"), json!("b"), json!("c")]), "a, b and c");
        assert_eq!(days(&json!(1)), "1 day");
        assert_eq!(
            due_rule(&json!({"rule": "business_day", "value": 5, "frequency": "monthly"})),
            "by business day 5, monthly"
        );
    }
}
