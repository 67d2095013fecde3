//! `vendorkit review`: best-practice rules over a loaded engagement (SPEC §5).
//!
//! Each rule is one small module in `rules/`, in the shape ruff uses: a [`RuleDoc`] whose text is
//! what `vendorkit explain` prints, and one `check` function over `&Engagement` that reports
//! findings at JSON pointers; the runner turns pointers into file positions.

pub mod rules;

use crate::engagement::partial::{self, Missing};
use crate::engagement::{Engagement, Loaded};
use crate::report::{Diagnostic, FileReport, Severity};

/// The documentation of one rule, written once and shown by `explain`, SARIF and `rules`.
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    pub id: &'static str,
    pub title: &'static str,
    /// Default severity (a check may report some findings at another level, as the spec says).
    pub severity: Severity,
    /// The source-article mistakes (M1..M10) or best practices (BP1..BP4) it serves.
    pub article: &'static str,
    /// What it checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A YAML fragment that is flagged.
    pub example: &'static str,
    /// The same fragment, fixed.
    pub instead: &'static str,
}

impl RuleDoc {
    /// The full text `vendorkit explain ID` prints.
    pub fn explain(&self) -> String {
        format!(
            "{id}: {title}\nseverity: {sev}    prevents: {art}\n\nWhat it checks\n{what}\n\nWhy it matters\n{why}\n\nFlagged\n{ex}\n\nInstead\n{inst}\n",
            id = self.id,
            title = self.title,
            sev = self.severity,
            art = self.article,
            what = indent(self.what),
            why = indent(self.why),
            ex = indent(self.example),
            inst = indent(self.instead),
        )
    }
}

pub use crate::prose::indent;

/// One finding of a check, before positions are resolved.
#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    /// JSON pointer of the value the finding is about (e.g. `/kpis/2/target`).
    pub pointer: String,
    pub message: String,
    pub help: Option<String>,
}

/// Collects the findings of one rule.
pub struct Findings<'a> {
    doc: &'a RuleDoc,
    pub items: Vec<Finding>,
}

impl<'a> Findings<'a> {
    pub fn new(doc: &'a RuleDoc) -> Self {
        Findings {
            doc,
            items: Vec::new(),
        }
    }

    /// A finding at the rule's default severity.
    pub fn at(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> &mut Finding {
        self.with(self.doc.severity, pointer, message)
    }

    /// A finding at another severity (the spec gives some rules two levels).
    pub fn with(
        &mut self,
        severity: Severity,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.items.push(Finding {
            severity,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
        });
        self.items.last_mut().expect("just pushed")
    }
}

impl Finding {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// A review rule: its docs and its check.
pub struct Rule {
    pub doc: RuleDoc,
    pub check: fn(&Engagement, &mut Findings),
}

/// Run one rule over an engagement (used by unit tests and the runner).
pub fn run_rule(rule: &Rule, e: &Engagement) -> Vec<Finding> {
    let mut f = Findings::new(&rule.doc);
    (rule.check)(e, &mut f);
    f.items
}

/// Review a loaded file: its load problems if it could not be used, else every rule's findings.
pub fn review(loaded: &Loaded) -> FileReport {
    let mut report = FileReport::new(loaded.source.path.clone(), Some(loaded.source.clone()));
    let Some(e) = &loaded.engagement else {
        report.diagnostics = loaded.diagnostics.clone();
        report.unusable = true;
        return report;
    };
    for m in &e.missing {
        report.diagnostics.push(missing_finding(loaded, e, m));
    }
    for rule in rules::ALL {
        // What a rule says inside a missing block is about its stand-in: the block's own
        // finding above says it once.
        for f in run_rule(rule, e).into_iter().filter(|f| {
            !e.missing
                .iter()
                .any(|m| within(&f.pointer, m.expected.pointer))
        }) {
            let mut d = Diagnostic::new(rule.doc.id, f.severity, f.message)
                .at(loaded.locate(&f.pointer))
                .label(rule.doc.title);
            d.help = Some(f.help.unwrap_or_else(|| first_sentence(rule.doc.why)));
            d.model = Some(rule.doc.instead.to_string());
            report.diagnostics.push(d);
        }
    }
    report.sort();
    report
}

pub use crate::prose::first_sentence;

/// Whether `pointer` is `block` or inside it.
fn within(pointer: &str, block: &str) -> bool {
    pointer
        .strip_prefix(block)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The finding for an expected block the file leaves out: the rule of the mistake it leaves
/// open, at its rule's severity, shown where the block belongs (before the next block present
/// in the usual order, or in its parent block), with the starter's text to paste.
fn missing_finding(loaded: &Loaded, e: &Engagement, m: &Missing) -> Diagnostic {
    let expected = m.expected;
    let rule = find(expected.rule).expect("every expected block names a review rule");
    let (parent, key) = expected
        .pointer
        .rsplit_once('/')
        .expect("pointers start with a slash");
    let (message, location, label) = if parent.is_empty() {
        let next = partial::TOP_LEVEL
            .iter()
            .skip_while(|k| **k != key)
            .skip(1)
            .find(|k| loaded.map.get(&format!("/{k}")).is_some());
        let location = match next {
            Some(k) => loaded.locate_key(&format!("/{k}")),
            None => {
                let end = loaded.source.text.trim_end().len();
                loaded.source.location(end, end)
            }
        };
        let label = match next {
            Some(k) => format!("add `{key}:` before `{k}:`"),
            None => format!("add `{key}:` at the end of the file"),
        };
        (
            format!("no `{key}` block: {}", expected.why),
            location,
            label,
        )
    } else {
        let block = parent.trim_start_matches('/');
        (
            format!("no `{key}` in `{block}`: {}", expected.why),
            loaded.locate_key(parent),
            format!("add `{key}:` in this block"),
        )
    };
    // REV-010 is an error when a term of over a year has no trial (SPEC §5).
    let severity = if expected.rule == "REV-010" && e.engagement.term_months > 12 {
        Severity::Error
    } else {
        rule.doc.severity
    };
    let category = e
        .functions
        .first()
        .map_or(crate::engagement::model::Category::Other, |f| f.category);
    let start = if e.lacks("/engagement/start_date") {
        "YYYY-MM-DD".to_string()
    } else {
        e.engagement.start_date.to_string()
    };
    let mut d = Diagnostic::new(rule.doc.id, severity, message)
        .at(location)
        .label(label);
    d.help = Some(format!(
        "add the {}: paste the text below (what `vendorkit init` writes) and fill in its TODOs",
        expected.what
    ));
    d.model = crate::init::snippet(expected.pointer, category, &start);
    d.paste = true;
    d
}

/// Find a rule's docs by id (case-insensitive).
pub fn find(id: &str) -> Option<&'static Rule> {
    rules::ALL
        .iter()
        .copied()
        .find(|r| r.doc.id.eq_ignore_ascii_case(id))
}
