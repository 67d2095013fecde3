//! Does the draft say what was agreed? With `--engagement`, a draft is checked against its
//! engagement file: the parties' legal names, every KPI with its target, the trial length and
//! exit notice, the breach-notice deadline, the fee currency, payment days, notice periods and
//! governing law. A mismatch quotes both sides: the draft's sentence and the engagement value.
//!
//! These are text checks on sentences that talk about the subject (a trial sentence for the
//! trial length, an invoice sentence for payment days): a value the draft never states is left
//! to the clause rules, which report missing clauses; only what the draft states is compared.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::engagement::Engagement;
use crate::report::{Diagnostic, Severity};
use crate::source::SourceFile;

/// `(id, title, severity, help)` of each cross-check.
pub const RULES: &[(&str, &str, Severity, &str)] = &[
    (
        "XCHK-PARTY",
        "A party's legal name from the engagement is not in the draft",
        Severity::Error,
        "The contract must name the legal entities that signed off the engagement; a different or missing name can leave the wrong company bound.",
    ),
    (
        "XCHK-KPI",
        "A KPI of the engagement, or its target, is not in the draft",
        Severity::Warning,
        "Every KPI agreed in the engagement belongs in the contract (or its KPI schedule) with the same target, or it cannot be enforced.",
    ),
    (
        "XCHK-TRIAL",
        "The draft's trial length or exit notice differs from the engagement",
        Severity::Error,
        "The trial is where the client can still walk away cheaply; its length and exit notice must be what was agreed.",
    ),
    (
        "XCHK-BREACH",
        "The draft allows longer to report a security incident than the engagement",
        Severity::Error,
        "Late breach notice shortens the time to contain an incident and can miss regulatory deadlines (e.g. 72 hours under GDPR).",
    ),
    (
        "XCHK-FEES",
        "The draft's fee currency or payment days differ from the engagement",
        Severity::Error,
        "A different currency moves exchange-rate risk; different payment days change cash flow. Both must match what was agreed.",
    ),
    (
        "XCHK-NOTICE",
        "A notice period in the draft differs from the engagement",
        Severity::Error,
        "Termination and renewal notice periods decide how quickly the client can leave; they must match what was agreed.",
    ),
    (
        "XCHK-LAW",
        "The draft's governing law differs from the engagement",
        Severity::Error,
        "The governing law decides which courts and rules apply to a dispute.",
    ),
];

fn severity(id: &str) -> Severity {
    RULES
        .iter()
        .find(|r| r.0 == id)
        .map_or(Severity::Error, |r| r.2)
}

/// A sentence of the draft: byte span and text.
struct Sentence<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    lower: String,
}

/// Sentences: each line split after `.`, `;` or `?` followed by a space and a capital.
fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let mut from = 0;
        let bytes = body.as_bytes();
        for i in 0..bytes.len() {
            let ends = matches!(bytes[i], b'.' | b';' | b'?')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase());
            if ends || i + 1 == bytes.len() {
                let piece = &body[from..=i];
                let lead = piece.len() - piece.trim_start().len();
                let t = piece.trim();
                if !t.is_empty() {
                    out.push(Sentence {
                        start: offset + from + lead,
                        end: offset + from + lead + t.len(),
                        text: t,
                        lower: t.to_lowercase(),
                    });
                }
                from = i + 1;
            }
        }
        offset += line.len();
    }
    out
}

/// Lower-case letters and digits only, single-spaced ("Ledgerline  Ltd." -> "ledgerline ltd").
fn squash(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '&' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

static NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fourteen", 14),
    ("fifteen", 15),
    ("thirty", 30),
    ("sixty", 60),
    ("ninety", 90),
];

fn number(word: &str) -> Option<u32> {
    word.parse().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, n)| *n)
    })
}

/// `N units` in a sentence, e.g. `30 days`, `ten (10) business days`, `3 months`, `24 hours`.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|thirty|sixty|ninety)(?:\s*\(\d{1,4}\))?[\s-]+(?:calendar\s+|business\s+|working\s+)?(hour|day|week|month|year)s?\b")
        .expect("valid")
});

/// Amounts in a sentence as (value in `unit`s, the matched text), `unit` one of hour/day.
fn amounts<'a>(s: &'a str, unit: &str) -> Vec<(f64, &'a str)> {
    AMOUNT
        .captures_iter(s)
        .filter_map(|c| {
            let n = f64::from(number(&c[1])?);
            let hours = match c[2].to_ascii_lowercase().as_str() {
                "hour" => n,
                "day" => n * 24.0,
                "week" => n * 24.0 * 7.0,
                "month" => n * 24.0 * 30.44,
                _ => n * 24.0 * 365.25,
            };
            let value = if unit == "hour" { hours } else { hours / 24.0 };
            Some((value, c.get(0)?.as_str()))
        })
        .collect()
}

/// The period a sentence gives as notice (in days): the amount that `notice` follows ("60
/// days' written notice") or that follows `notice of` ("notice of 60 days"). Other amounts in
/// the sentence (a 12-month term, a 30-day payment) are not notice periods.
fn notice_period(s: &str) -> Option<(f64, &str)> {
    static BEFORE_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:['’]s?)?\s*(?:\(\w+\)\s*)?(?:(?:prior|advance|written|calendar|business|clear)\s+){0,3}notice\b")
            .expect("valid")
    });
    static NOTICE_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bnotice (?:period )?(?:of|of at least|of not less than|not less than|at least)\s*$")
            .expect("valid")
    });
    amounts(s, "day").into_iter().find(|&(_, said)| {
        let start = said.as_ptr() as usize - s.as_ptr() as usize;
        let end = start + said.len();
        BEFORE_NOTICE.is_match(&s[end..]) || NOTICE_OF.is_match(&s[..start])
    })
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})\b")
        .expect("valid")
});

fn dates(s: &str) -> Vec<NaiveDate> {
    DATE.find_iter(s)
        .filter_map(|m| {
            ["%Y-%m-%d", "%d %B %Y", "%B %d, %Y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(m.as_str(), f).ok())
        })
        .collect()
}

/// A sum of money: a currency sign or code next to a number.
static AMOUNT_MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[£€$₹₱]|zł|\b[A-Z]{3})\s?\d|\d\s?(?:[A-Z]{3}\b|zł)").expect("valid")
});

/// The ISO 4217 codes a sentence names, by sign or by code.
fn currencies(s: &str) -> Vec<String> {
    let mut out: Vec<String> = [
        ("£", "GBP"),
        ("€", "EUR"),
        ("₹", "INR"),
        ("₱", "PHP"),
        ("zł", "PLN"),
    ]
    .iter()
    .filter(|(sign, _)| s.contains(sign))
    .map(|(_, code)| code.to_string())
    .collect();
    // A bare `$` is US dollars unless another dollar is spelt out (A$, CA$, NZ$...).
    let dollars = s.match_indices('$').any(|(i, _)| {
        !s[..i].ends_with(|c: char| c.is_ascii_uppercase()) || s[..i].ends_with("US")
    });
    if dollars {
        out.push("USD".into());
    }
    out.extend(
        s.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() == 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            .filter(|w| iso_currency::Currency::from_code(w).is_some())
            .map(str::to_string),
    );
    out.sort();
    out.dedup();
    out
}

/// Everything the draft says against the engagement. An NDA (`commercial` false) is only
/// checked for the parties, the breach-notice deadline and the governing law: KPIs, trial,
/// fees and notice periods belong to the service agreement.
pub fn check(src: &SourceFile, e: &Engagement, commercial: bool) -> Vec<Diagnostic> {
    let c = Check {
        src,
        e,
        all: sentences(&src.text),
    };
    let mut out = Vec::new();
    parties(&c, &mut out);
    breach(&c, &mut out);
    law(&c, &mut out);
    // A block the engagement leaves out holds a stand-in: nothing to compare with.
    if commercial {
        kpis(&c, &mut out);
        if !e.lacks("/trial") {
            trial(&c, &mut out);
        }
        if !e.lacks("/fees") {
            fees(&c, &mut out);
        }
        notices(&c, &mut out);
    }
    out.sort_by_key(|d| d.location.map(|l| l.byte_start));
    out
}

/// A draft and its engagement, ready to compare.
struct Check<'a> {
    src: &'a SourceFile,
    e: &'a Engagement,
    all: Vec<Sentence<'a>>,
}

impl<'a> Check<'a> {
    /// A finding of rule `id` at sentence `s` (or the whole file).
    fn finding(
        &self,
        id: &'static str,
        s: Option<&Sentence>,
        message: String,
        label: &str,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(id, severity(id), message);
        if let Some(s) = s {
            d = d
                .at(self.src.location(s.start, s.end))
                .label(label.to_string());
        }
        d.help(
            RULES
                .iter()
                .find(|r| r.0 == id)
                .map_or("", |r| r.3)
                .to_string(),
        )
    }

    /// The sentences that mention any of `words` (lower case).
    fn about(&self, words: &[&str]) -> Vec<&Sentence<'a>> {
        self.all
            .iter()
            .filter(|s| words.iter().any(|w| s.lower.contains(w)))
            .collect()
    }

    /// A sentence, cut at 160 characters, for a message.
    fn quote(s: &Sentence) -> String {
        let t: String = s.text.chars().take(160).collect();
        if t.len() < s.text.len() {
            format!("{t}…")
        } else {
            t
        }
    }
}

/// Both parties' legal names appear (compared without case and punctuation).
fn parties(c: &Check, out: &mut Vec<Diagnostic>) {
    // Parties.
    let squashed = squash(&c.src.text);
    for (role, name) in [
        ("client", &c.e.client.legal_name),
        ("vendor", &c.e.vendor.legal_name),
    ] {
        if !squashed.contains(&squash(name)) {
            let parties = c
                .about(&["between", "(the \"", "(\"", "(“"])
                .into_iter()
                .next();
            out.push(c.finding(
                "XCHK-PARTY",
                parties,
                format!(
                    "the engagement's {role} `{name}` is not named in the draft{}",
                    parties
                        .map(|s| format!(" (it names the parties as: \"{}\")", Check::quote(s)))
                        .unwrap_or_default()
                ),
                "the parties, without the engagement's name",
            ));
        }
    }
}

/// Every KPI is named (id or name) with its target on the same line.
fn kpis(c: &Check, out: &mut Vec<Diagnostic>) {
    // KPIs and their targets.
    let schedule = c.about(&[
        "kpi schedule",
        "service level",
        "sla schedule",
        "schedule of kpi",
    ]);
    for k in &c.e.kpis {
        let id_re = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(&k.id))).expect("escaped");
        let name = k.name.to_lowercase();
        let mentions: Vec<&Sentence> = c
            .all
            .iter()
            .filter(|s| id_re.is_match(s.text) || s.lower.contains(&name))
            .collect();
        let Some(target) = k.target.as_ref().and_then(|t| t.number()) else {
            continue;
        };
        let target_text = target.normalize().to_string();
        let unit = k.unit.clone().unwrap_or_default();
        let target_re = Regex::new(&format!(
            r"(?:^|[^\d.]){}(?:[^\d]|$)",
            regex::escape(&target_text)
        ))
        .expect("escaped");
        let states_target = |s: &Sentence| {
            // The whole line (a table row, a paragraph) may hold the target.
            let line_start = c.src.text[..s.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = c.src.text[s.end..]
                .find('\n')
                .map_or(c.src.text.len(), |i| s.end + i);
            target_re.is_match(&c.src.text[line_start..line_end])
        };
        if mentions.is_empty() {
            let mut d_msg = format!(
                "KPI {} `{}` (target {target_text} {unit}) is not in the draft",
                k.id, k.name
            );
            if !schedule.is_empty() {
                d_msg.push_str("; it may be in a KPI schedule that was not linted with it");
            }
            let mut d = c.finding("XCHK-KPI", None, d_msg, "");
            if !schedule.is_empty() {
                d.severity = Severity::Info;
            }
            out.push(d);
        } else if !mentions.iter().any(|s| states_target(s)) {
            // Quote the mention that gives the KPI a value (a schedule row), if there is one:
            // that is a different target, not a missing one.
            let valued = mentions
                .iter()
                .copied()
                .find(|s| s.lower.contains(&name) && s.text.chars().any(|ch| ch.is_ascii_digit()));
            let s = valued.unwrap_or(mentions[0]);
            let mut d = c.finding(
                "XCHK-KPI",
                Some(s),
                format!(
                    "the draft names KPI {} `{}` but not its target: the engagement says {target_text} {unit}, the draft says \"{}\"",
                    k.id,
                    k.name,
                    Check::quote(s)
                ),
                if valued.is_some() {
                    "a different target"
                } else {
                    "the KPI, without its target"
                },
            );
            if valued.is_none() && !schedule.is_empty() {
                d.severity = Severity::Info;
            }
            out.push(d);
        }
    }
}

/// The trial's length (as a duration or two dates) and its exit notice.
fn trial(c: &Check, out: &mut Vec<Diagnostic>) {
    // Trial length and exit notice.
    let trial = &c.e.trial;
    if let (Some(start), Some(end)) = (trial.start, trial.end) {
        let agreed = (end - start).num_days() as f64 + 1.0;
        for s in c.about(&["trial", "pilot", "probation"]) {
            let stated: Option<(f64, String)> = amounts(s.text, "day")
                .into_iter()
                .find(|(d, _)| *d >= 7.0 && !s.lower.contains("notice"))
                .map(|(d, t)| (d, format!("\"{t}\"")))
                .or_else(|| match dates(s.text).as_slice() {
                    [a, b, ..] if b > a => {
                        Some(((*b - *a).num_days() as f64 + 1.0, format!("{a} to {b}")))
                    }
                    _ => None,
                });
            if let Some((days, said)) = stated
                && (days - agreed).abs() > (agreed * 0.1).max(4.0)
            {
                out.push(c.finding(
                    "XCHK-TRIAL",
                    Some(s),
                    format!(
                        "the draft's trial is {said} (about {} days); the engagement's runs {start} to {end} ({} days)",
                        days.round(),
                        agreed.round()
                    ),
                    "a different trial length",
                ));
            }
        }
    }
    if let Some(days) = trial.exit_notice_days {
        for s in c.about(&["trial", "pilot"]) {
            if !s.lower.contains("notice") {
                continue;
            }
            if let Some((n, said)) = notice_period(s.text)
                && (n - f64::from(days)).abs() >= 1.0
            {
                out.push(c.finding(
                    "XCHK-TRIAL",
                    Some(s),
                    format!(
                        "the draft gives \"{said}\" notice to leave during the trial; the engagement says {days} days"
                    ),
                    "a different exit notice",
                ));
            }
        }
    }
}

/// The deadline to report a security incident is no longer than agreed.
fn breach(c: &Check, out: &mut Vec<Diagnostic>) {
    // Breach notice.
    if let Some(hours) = c.e.data.as_ref().and_then(|d| d.breach_notice_hours) {
        for s in c.about(&[
            "incident",
            "breach of security",
            "security breach",
            "data breach",
            "personal data breach",
        ]) {
            if !(s.lower.contains("notif")
                || s.lower.contains("inform")
                || s.lower.contains("report"))
            {
                continue;
            }
            if let Some((n, said)) = amounts(s.text, "hour").into_iter().next()
                && n > f64::from(hours)
            {
                out.push(c.finding(
                    "XCHK-BREACH",
                    Some(s),
                    format!(
                        "the draft allows \"{said}\" to report a security incident; the engagement requires {hours} hours"
                    ),
                    "longer than agreed",
                ));
            }
        }
    }
}

/// The currency the draft prices in, and the payment days.
fn fees(c: &Check, out: &mut Vec<Diagnostic>) {
    // Fees: the currency the draft prices in (amounts and "currency" sentences), then
    // payment days.
    let ours = c.e.fees.currency.to_uppercase();
    let mut foreign: Option<(&Sentence, String)> = None;
    let mut priced_in_ours = false;
    for s in &c.all {
        let mentioned = currencies(s.text);
        if mentioned.is_empty() || !(AMOUNT_MONEY.is_match(s.text) || s.lower.contains("currenc")) {
            continue;
        }
        priced_in_ours |= mentioned.contains(&ours);
        if foreign.is_none()
            && let Some(code) = mentioned.iter().find(|code| **code != ours)
        {
            foreign = Some((s, code.clone()));
        }
    }
    if let (Some((s, other)), false) = (foreign, priced_in_ours) {
        out.push(c.finding(
            "XCHK-FEES",
            Some(s),
            format!(
                "the draft prices in {other} (\"{}\"); the engagement's fees are in {ours}",
                Check::quote(s)
            ),
            "another currency",
        ));
    }
    if let Some(days) = c.e.fees.payment_terms_days {
        for s in c.about(&["invoice", "payable", "payment"]) {
            if let Some((n, said)) = amounts(s.text, "day").into_iter().next()
                && (n - f64::from(days)).abs() >= 1.0
                && (s.lower.contains("within")
                    || s.lower.contains("days of")
                    || s.lower.contains("net "))
            {
                out.push(c.finding(
                    "XCHK-FEES",
                    Some(s),
                    format!(
                        "the draft sets payment at \"{said}\"; the engagement says {days} days"
                    ),
                    "different payment days",
                ));
            }
        }
    }
}

/// Termination-for-convenience and non-renewal notice periods.
fn notices(c: &Check, out: &mut Vec<Diagnostic>) {
    // Notice periods: termination for convenience and renewal.
    let notices = [
        (
            c.e.termination.convenience_notice_days,
            &["convenience", "for any reason", "without cause"][..],
            "termination for convenience",
        ),
        (
            c.e.engagement.renewal.as_ref().and_then(|r| r.notice_days),
            &["renew"][..],
            "non-renewal",
        ),
    ];
    for (days, words, what) in notices {
        let Some(days) = days else { continue };
        for s in c.about(words) {
            if !s.lower.contains("notice") {
                continue;
            }
            if let Some((n, said)) = notice_period(s.text)
                && (n - f64::from(days)).abs() >= 1.0
            {
                out.push(c.finding(
                    "XCHK-NOTICE",
                    Some(s),
                    format!("the draft gives \"{said}\" notice for {what}; the engagement says {days} days"),
                    "a different notice period",
                ));
            }
        }
    }
}

/// The governing law named in the draft is the agreed one.
fn law(c: &Check, out: &mut Vec<Diagnostic>) {
    // Governing law.
    if let Some(law) = c.e.legal.as_ref().and_then(|l| l.governing_law.as_deref()) {
        let want = squash(law);
        for s in c.about(&["governed by", "law of", "laws of"]) {
            let says_law = s.lower.contains("governed by")
                || s.lower.contains("governing law") && s.lower.contains(" of ");
            if says_law && !squash(s.text).contains(&want) {
                out.push(c.finding(
                    "XCHK-LAW",
                    Some(s),
                    format!(
                        "the draft says \"{}\"; the engagement's governing law is {law}",
                        Check::quote(s)
                    ),
                    "a different law",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_digits_words_and_units() {
        let a = amounts("within ten (10) business days or 2 weeks", "day");
        assert_eq!(
            a.iter().map(|x| x.0.round()).collect::<Vec<_>>(),
            [10.0, 14.0]
        );
        assert_eq!(amounts("within 72 hours", "hour")[0].0, 72.0);
        assert_eq!(amounts("within 3 days", "hour")[0].0, 72.0);
    }

    #[test]
    fn a_notice_period_is_the_amount_next_to_notice() {
        let days = |s: &str| notice_period(s).map(|x| x.0.round());
        assert_eq!(
            days(
                "The term is 12 months and renews automatically for further 12-month terms unless either party gives 60 days' notice."
            ),
            Some(60.0)
        );
        assert_eq!(
            days("Either party may end it on notice of 30 days."),
            Some(30.0)
        );
        assert_eq!(
            days("The Client may terminate on thirty (30) days' prior written notice."),
            Some(30.0)
        );
        assert_eq!(
            days("The term is 12 months; notice must be in writing."),
            None
        );
    }

    #[test]
    fn dates_in_three_forms() {
        assert_eq!(
            dates("from 3 February 2025 to April 30, 2025 and 2025-05-07").len(),
            3
        );
    }

    #[test]
    fn sentences_split_at_stops_followed_by_capitals() {
        let s = sentences("One. Two; Three e.g. four.\nFive");
        let t: Vec<&str> = s.iter().map(|s| s.text).collect();
        assert_eq!(t, ["One.", "Two;", "Three e.g. four.", "Five"]);
    }
}
