//! The data the templates see: the engagement as written, plus what the documents derive from
//! it (term end, the core-activity warning, conditional sections, the NDA checklist answers).

use serde_json::{Value, json};

use super::nda_items;
use crate::engagement::model::Party;
use crate::engagement::{Engagement, partial};

/// The template data. `draft` says why the packet is a draft (empty: it is not).
pub fn build(e: &Engagement, version: &str, issued: &str, draft: &str) -> Value {
    let mut data = serde_json::to_value(e).unwrap_or(Value::Null);
    let term_end = crate::review::rules::term_end(e);
    let core: Vec<String> = e
        .functions
        .iter()
        .filter(|f| f.core || crate::review::rules::matches_core_activity(e, f.category))
        .map(|f| format!("{} ({})", f.id, f.category.as_str().replace('_', " ")))
        .collect();
    let key_people: Vec<Value> = e
        .roles
        .iter()
        .filter(|r| r.key_person && r.party == Party::Vendor)
        .map(|r| json!({ "name": r.name, "role": r.role }))
        .collect();
    let items = nda_items::answers(e);
    let open_musts = items.iter().filter(|i| i.must && !i.yes && !i.na).count();
    let chronic = e
        .termination
        .chronic_failure
        .as_ref()
        .map(|c| {
            let r = &c.kpi_critical_below_threshold;
            let window = r
                .or_in_window
                .map(|[n, m]| format!(", or {n} months in any {m}"))
                .unwrap_or_default();
            format!(
                "a critical KPI below its minimum for {} months running{window} gives the client the right to terminate without penalty.",
                r.consecutive
            )
        })
        .unwrap_or_default();
    // A missing field's stand-in is never printed: the documents say NOT DEFINED instead. (A
    // missing block keeps its empty stand-in, which the templates test with `missing.<key>`.)
    for m in e
        .missing
        .iter()
        .filter(|m| m.expected.pointer[1..].contains('/'))
    {
        if let Some(v) = data.pointer_mut(m.expected.pointer) {
            *v = Value::Null;
        }
    }
    let dated = !e.lacks("/engagement/start_date") && !e.lacks("/engagement/term_months");
    if let Value::Object(o) = &mut data {
        o.insert("missing".into(), partial::template_flags(&e.missing));
        o.insert("draft".into(), json!(!draft.is_empty()));
        o.insert("draft_reason".into(), json!(draft));
        o.insert(
            "term_text".into(),
            json!(
                (!e.lacks("/engagement/term_months"))
                    .then(|| format!("{} months", e.engagement.term_months))
            ),
        );
        o.insert("version".into(), json!(version));
        o.insert(
            "generated".into(),
            json!((!issued.is_empty()).then_some(issued)),
        );
        o.insert(
            "term_end".into(),
            json!(dated.then(|| term_end.to_string())),
        );
        o.insert("cross_border".into(), json!(e.cross_border()));
        o.insert(
            "core_warning".into(),
            json!(if core.is_empty() {
                String::new()
            } else {
                format!("Core function(s): {}.", core.join(", "))
            }),
        );
        o.insert(
            "personnel_section".into(),
            json!(!key_people.is_empty() || e.data.is_some()),
        );
        o.insert("key_people".into(), json!(key_people));
        o.insert(
            "nda_items".into(),
            serde_json::to_value(&items).unwrap_or(Value::Null),
        );
        o.insert("open_musts".into(), json!(open_musts));
        o.insert("ready".into(), json!(open_musts == 0));
        o.insert("chronic".into(), json!(chronic));
        let legal = e.legal.as_ref();
        o.insert(
            "law_section".into(),
            json!(e.cross_border() || legal.is_some_and(|l| l.governing_law.is_some())),
        );
        let prevailing = legal
            .and_then(|l| l.prevailing_language.as_deref())
            .or(e.communication.language.as_deref());
        o.insert(
            "prevailing_language_name".into(),
            json!(prevailing.map(language_name)),
        );
        o.insert(
            "working_language_name".into(),
            json!(e.communication.language.as_deref().map(language_name)),
        );
        o.insert(
            "transfer_text".into(),
            json!(
                e.data
                    .as_ref()
                    .and_then(|d| d.transfer_mechanism.as_deref())
                    .map(transfer_name)
            ),
        );
    }
    data
}

/// English name of a language code the documents print (the code itself when unknown).
fn language_name(code: &str) -> String {
    let base = code.split('-').next().unwrap_or(code);
    match base {
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        "pt" => "Portuguese",
        "pl" => "Polish",
        "it" => "Italian",
        "nl" => "Dutch",
        "hi" => "Hindi",
        "tl" => "Tagalog",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ar" => "Arabic",
        "ro" => "Romanian",
        "uk" => "Ukrainian",
        _ => return code.to_string(),
    }
    .to_string()
}

/// A transfer mechanism code in words.
fn transfer_name(code: &str) -> String {
    match code {
        "uk_idta" => "the UK International Data Transfer Agreement (IDTA)".into(),
        "eu_scc" => "the EU standard contractual clauses".into(),
        "adequacy" => "an adequacy decision".into(),
        "within_eea" => "the GDPR, as the data stays within the EEA".into(),
        other => other.replace('_', " "),
    }
}
