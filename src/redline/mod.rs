//! `vendorkit redline`: the vendor's draft sent back as a Word document marked up the way a
//! reviewer would: each absent or weak clause's model text inserted as a tracked change
//! under its natural heading (or in a final "Clauses to add" section), each with a comment
//! that says which rule, why it matters and how serious it is; risky or negated wording
//! commented on the exact words, never deleted. The lint decides; this module turns its
//! report into edits, and `crate::docx::edit` makes them.

mod facts;
pub mod sections;
mod terms;

use crate::docx::edit::{Insertion, Place, Redline, Remark};
use crate::engagement::Engagement;
use crate::extract::docx::Layout;
use crate::lint::policy::Policy;
use crate::report::FileReport;

/// The author every change and comment carries.
pub const AUTHOR: &str = "vendorkit";
/// The heading of the section for clauses with no natural place in the draft.
pub const END_HEADING: &str = "Clauses to add";

/// The edits a lint report asks for.
#[derive(Debug, Default)]
pub struct Plan {
    pub insertions: Vec<Insertion>,
    /// For each insertion, where it goes, in words ("under \"4. Security\"").
    pub wheres: Vec<String>,
    pub remarks: Vec<Remark>,
}

/// The last paragraph of an inserted clause's comment.
const INSERTED: &str =
    "vendorkit inserted its model clause as a tracked change: accept, edit or reject it.";
const INSERTED_AFTER_WEAK: &str = "vendorkit inserted its model clause after the weak wording \
     as a tracked change: accept it, or strengthen the existing wording instead.";

/// Turn `report` (of the text `text`) into edits, in the draft's own names for the parties: a
/// finding with a model clause whose clause is absent or weak becomes an insertion; any other
/// finding that points at words becomes a comment on them. Findings about the whole file (how
/// it was read) are left to `lint`.
pub fn plan(
    report: &FileReport,
    text: &str,
    policy: &Policy,
    engagement: Option<&Engagement>,
) -> Plan {
    let parties = terms::Parties::of(text);
    let status = |rule: &str| {
        report.extra.as_ref().and_then(|c| {
            c.clauses
                .iter()
                .find(|cl| cl.rule == rule)
                .map(|cl| cl.status)
        })
    };
    let mut plan = Plan::default();
    for d in &report.diagnostics {
        let Some(loc) = d.location else { continue };
        let rule = policy.rules.iter().find(|r| r.id == d.rule);
        let title = match rule {
            Some(r) => r.title.clone(),
            None => crate::lint::crosscheck::RULES
                .iter()
                .find(|(id, ..)| *id == d.rule)
                .map_or_else(|| d.rule.clone(), |(_, title, ..)| title.to_string()),
        };
        let head = format!("{} ({}): {title}", d.rule, d.severity.as_str());
        let why = d.help.clone().unwrap_or_default();
        let model = rule
            .filter(|r| !r.model.is_empty())
            .map(|r| parties.apply(&facts::model(&r.id, &r.model, engagement)));
        let weak = status(&d.rule) == Some("weak");
        let (place, at, comment) = match (&d.absent, &model) {
            (Some(absent), Some(_)) => match &absent.heading {
                Some(h) => (
                    Place::Before(sections::end_of_section(text, loc.byte_start)),
                    format!("at the end of \"{}\"", h.trim_start_matches('#').trim()),
                    format!("Not found in the draft. {why}"),
                ),
                None => (
                    Place::End,
                    format!("in the new section \"{END_HEADING}\""),
                    format!("Not found in the draft. {why}"),
                ),
            },
            (None, Some(_)) if weak => (
                Place::After(loc.byte_start),
                format!(
                    "after the weak wording ({})",
                    d.place
                        .clone()
                        .unwrap_or_else(|| format!("line {}", loc.line))
                ),
                format!("{} {why}", d.message),
            ),
            _ => {
                if loc.byte_end > loc.byte_start {
                    let mut comment = vec![head, d.message.clone()];
                    comment.extend((!why.is_empty()).then_some(why));
                    comment.extend(model.map(|m| format!("Suggested wording: {m}")));
                    plan.remarks.push(Remark {
                        span: (loc.byte_start, loc.byte_end),
                        comment,
                    });
                }
                continue;
            }
        };
        let last = if matches!(place, Place::After(_)) {
            INSERTED_AFTER_WEAK
        } else {
            INSERTED
        };
        plan.wheres.push(at);
        plan.insertions.push(Insertion {
            place,
            lead: format!("{title}."),
            text: model.unwrap_or_default(),
            comment: vec![head, comment, last.to_string()],
        });
    }
    plan
}

/// The marked-up copy of the Word document `word`, whose text `text` (paragraphs at `layout`)
/// gave `report`, and the plan it carried out (for saying what was done).
pub fn mark_up(
    word: &[u8],
    text: &str,
    layout: &Layout,
    report: &FileReport,
    policy: &Policy,
    engagement: Option<&Engagement>,
) -> Result<(Vec<u8>, Plan), String> {
    let plan = plan(report, text, policy, engagement);
    let redline = Redline {
        text,
        layout,
        author: AUTHOR,
        date: change_date(crate::docx::edit::document_date(word)),
        end_heading: END_HEADING,
        insertions: &plan.insertions,
        remarks: &plan.remarks,
    };
    let marked = crate::docx::edit::apply(word, &redline)?;
    Ok((marked, plan))
}

/// The date changes and comments carry: `SOURCE_DATE_EPOCH` when set, else the document's
/// own last-modified date, else none (Word then shows no date), never the wall clock.
pub fn change_date(document_date: Option<String>) -> Option<String> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .or(document_date)
}
