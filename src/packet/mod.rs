//! `vendorkit packet`: the SOW, NDA checklist and KPI schedule, rendered from handlebars
//! templates over Markdown (`templates/*.md.hbs`, embedded in the binary and overridable one
//! file at a time with `--templates DIR`). This module knows the template engine; the
//! documents' content lives in the templates and in [`context`].

mod context;
mod helpers;
pub mod manifest;
mod nda_items;
mod word;

use std::path::Path;

use handlebars::Handlebars;

use crate::engagement::Engagement;

/// One document of the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Sow,
    NdaChecklist,
    KpiSchedule,
}

impl Document {
    pub const ALL: [Document; 3] = [Document::Sow, Document::NdaChecklist, Document::KpiSchedule];

    /// The template file name (`templates/<name>`).
    pub fn template(self) -> &'static str {
        match self {
            Document::Sow => "sow.md.hbs",
            Document::NdaChecklist => "nda-checklist.md.hbs",
            Document::KpiSchedule => "kpi-schedule.md.hbs",
        }
    }

    /// The output file stem (`sow`, `nda-checklist`, `kpi-schedule`).
    pub fn stem(self) -> &'static str {
        self.template().trim_end_matches(".md.hbs")
    }

    fn default_source(self) -> &'static str {
        match self {
            Document::Sow => include_str!("../../templates/sow.md.hbs"),
            Document::NdaChecklist => include_str!("../../templates/nda-checklist.md.hbs"),
            Document::KpiSchedule => include_str!("../../templates/kpi-schedule.md.hbs"),
        }
    }
}

/// The compiled templates, built once per run and shared by every engagement of a batch.
pub struct Templates {
    hb: Handlebars<'static>,
}

impl Templates {
    /// The built-in templates, with any file of the same name in `dir` replacing its default.
    pub fn load(dir: Option<&Path>) -> Result<Templates, String> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(handlebars::no_escape);
        helpers::register(&mut hb);
        for doc in Document::ALL {
            let name = doc.template();
            let (origin, source) = match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
                Some(p) => {
                    let bytes = crate::limits::read_file(&p, 1024 * 1024, "a template")?;
                    let text = String::from_utf8(bytes)
                        .map_err(|_| format!("{} is not UTF-8 text", p.display()))?;
                    (p.display().to_string(), text)
                }
                None => (
                    format!("templates/{name} (built in)"),
                    doc.default_source().to_string(),
                ),
            };
            hb.register_template_string(name, source)
                .map_err(|e| template_error(&origin, &e))?;
        }
        Ok(Templates { hb })
    }

    /// Render every document for one engagement. `issued` is the document date (YYYY-MM-DD);
    /// `draft` is [`draft_reason`] (empty for a packet ready to sign).
    pub fn render(
        &self,
        e: &Engagement,
        version: &str,
        issued: &str,
        draft: &str,
    ) -> Result<Vec<(Document, String)>, String> {
        let data = context::build(e, version, issued, draft);
        Document::ALL
            .iter()
            .map(|&doc| {
                self.hb
                    .render(doc.template(), &data)
                    .map(|text| (doc, renumber(&tidy(&text))))
                    .map_err(|e| {
                        let at = e.line_no.map(|l| format!(":{l}")).unwrap_or_default();
                        format!("templates/{}{at}: {}", doc.template(), e.reason())
                    })
            })
            .collect()
    }
}

/// A template that does not compile, as `origin:line:column: template error: why`.
pub(crate) fn template_error(origin: &str, e: &handlebars::TemplateError) -> String {
    let at = e
        .pos()
        .map(|(l, c)| format!(":{l}:{c}"))
        .unwrap_or_default();
    format!("{origin}{at}: template error: {}", e.reason())
}

/// Why the packet of `e` is a draft, in a sentence or two, or empty when it is ready: the
/// expected blocks the file leaves out (printed NOT DEFINED) and the placeholders REV-021
/// finds (TODO markers, zero fees and baselines).
pub fn draft_reason(e: &Engagement) -> String {
    let mut parts = Vec::new();
    if !e.missing.is_empty() {
        let what: Vec<&str> = e.missing.iter().map(|m| m.expected.what).collect();
        parts.push(format!("Not defined yet: {}.", what.join(", ")));
    }
    let placeholders = crate::review::run_rule(&crate::review::rules::rev021::RULE, e).len();
    if placeholders > 0 {
        parts.push(format!(
            "{placeholders} placeholder{} still to fill in (REV-021).",
            if placeholders == 1 { "" } else { "s" }
        ));
    }
    parts.join(" ")
}

impl Document {
    /// The document's name, as its footer and properties give it.
    pub fn name(self) -> &'static str {
        match self {
            Document::Sow => "Statement of Work",
            Document::NdaChecklist => "NDA checklist",
            Document::KpiSchedule => "KPI schedule",
        }
    }
}

/// What the footer of every page says, in the PDF and in Word.
fn footer(e: &Engagement, doc: Document, version: &str, draft: bool) -> crate::layout::Footer {
    crate::layout::Footer {
        left: format!(
            "{} · {} · version {version} · {}",
            e.engagement.id,
            doc.name(),
            e.client.legal_name
        ),
        note: "Prepared with vendorkit. Not legal advice: have a lawyer review it before signing."
            .into(),
        mark: draft.then(|| "DRAFT: not ready to sign".to_string()),
    }
}

/// The document properties: title, subject and author.
fn properties(e: &Engagement, doc: Document) -> (String, String, String) {
    (
        format!("{}: {}", doc.name(), e.engagement.title),
        format!(
            "{} ({} and {})",
            e.engagement.id, e.client.legal_name, e.vendor.legal_name
        ),
        e.client.legal_name.clone(),
    )
}

/// Lay out and write one rendered document as PDF, marked on every page when it is a
/// `draft`; returns the bytes and any warnings (characters the font lacks).
pub fn to_pdf(
    e: &Engagement,
    doc: Document,
    markdown: &str,
    version: &str,
    draft: bool,
    fonts: &crate::layout::Fonts,
) -> Result<(Vec<u8>, Vec<String>), String> {
    let laid = crate::layout::layout(markdown, fonts, &footer(e, doc, version, draft));
    let issued = issued_date(e);
    let date_epoch = chrono::NaiveDate::parse_from_str(&issued, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| t.and_utc().timestamp());
    let (title, subject, author) = properties(e, doc);
    let meta = crate::pdf::Meta {
        title,
        subject,
        author,
        date_epoch,
    };
    let bytes = crate::pdf::write(&laid, &meta, fonts)?;
    Ok((bytes, fonts.missing_in(&laid)))
}

/// Write one rendered document as Word, with the PDF's content, footer and draft mark.
pub fn to_docx(
    e: &Engagement,
    doc: Document,
    markdown: &str,
    version: &str,
    draft: bool,
) -> Result<Vec<u8>, String> {
    let (title, subject, author) = properties(e, doc);
    let issued = issued_date(e);
    let properties = crate::docx::Properties {
        title,
        subject,
        author,
        date: (!issued.is_empty()).then_some(issued),
    };
    word::write(markdown, &properties, &footer(e, doc, version, draft))
}

/// Engagement values with characters the font cannot draw, named by field
/// (`vendor.legal_name: no glyph for '雷' (U+96F7)`), checked once per engagement so the
/// warning says where to look in the YAML. The PDF draws such characters as `?`.
pub fn missing_glyphs(e: &Engagement, fonts: &crate::layout::Fonts) -> Vec<String> {
    let face = fonts.face(crate::layout::Style::Regular);
    let Ok(value) = serde_json::to_value(e) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), &value)];
    while let Some((path, v)) = todo.pop() {
        match v {
            serde_json::Value::String(s) => {
                let mut missing: Vec<char> = s
                    .chars()
                    .filter(|c| !c.is_control() && !face.has(*c))
                    .collect();
                missing.dedup();
                if !missing.is_empty() {
                    let chars: Vec<String> = missing
                        .iter()
                        .take(5)
                        .map(|c| format!("{c:?} (U+{:04X})", *c as u32))
                        .collect();
                    out.push(format!(
                        "{}: the font has no glyph for {}; they are drawn as `?` (use --font with a font that covers them)",
                        path.trim_start_matches('.'),
                        chars.join(", ")
                    ));
                }
            }
            serde_json::Value::Array(a) => todo.extend(
                a.iter()
                    .enumerate()
                    .map(|(i, x)| (format!("{path}[{i}]"), x)),
            ),
            serde_json::Value::Object(o) => {
                todo.extend(o.iter().map(|(k, x)| (format!("{path}.{k}"), x)))
            }
            _ => {}
        }
    }
    out.sort();
    out
}

/// Collapse the blank lines template logic leaves behind (at most one in a row) and end
/// with a single newline, so the Markdown diffs cleanly.
/// Number the `## N. Title` sections 1, 2, 3, ... as they appear: a section a template
/// leaves out (no governing-law block, no master agreement) leaves no gap. References in the
/// text ("section 13") are left alone, as user text may cite other documents' sections; the
/// built-in template cites only sections before the optional ones.
fn renumber(text: &str) -> String {
    let mut n = 0;
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let numbered = line.strip_prefix("## ").and_then(|rest| {
            let (number, title) = rest.split_once(". ")?;
            number.parse::<usize>().ok().map(|_| title)
        });
        match numbered {
            Some(title) => {
                n += 1;
                out.push_str(&format!("## {n}. {title}"));
            }
            None => out.push_str(line),
        }
    }
    out
}

fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The document date: SOURCE_DATE_EPOCH when set (reproducible builds), else the engagement's
/// start date, never the wall clock, so the same engagement gives the same bytes. Empty for a
/// draft with no start date (the documents then print the date NOT DEFINED).
pub fn issued_date(e: &Engagement) -> String {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.date_naive().to_string())
        .unwrap_or_else(|| {
            if e.lacks("/engagement/start_date") {
                String::new()
            } else {
                e.engagement.start_date.to_string()
            }
        })
}

/// A folder name for an engagement id that can never escape the output folder, and that
/// every file system takes as written: no device names (`CON`, `COM1`..`COM9`, `LPT1`..
/// `LPT9`), no leading or trailing dot (Windows drops a trailing one, so `A.` and `A` would
/// be one folder).
pub fn safe_name(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    while s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    while s.ends_with('.') {
        s.replace_range(s.len() - 1.., "_");
    }
    let upper = s.to_ascii_uppercase();
    let stem = upper.split('.').next().unwrap_or_default();
    let device = matches!(stem, "CON" | "PRN" | "AUX" | "NUL")
        || ["COM", "LPT"].iter().any(|p| {
            stem.strip_prefix(p)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
        });
    if s.is_empty() || device {
        s.insert(0, '_');
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn sections_are_numbered_without_gaps() {
        let md = "# SOW\n\n## 1. Scope\n\nSee section 7 of the MSA.\n\n## 3. Change control\n\n## 5. Signatures";
        assert_eq!(
            super::renumber(md),
            "# SOW\n\n## 1. Scope\n\nSee section 7 of the MSA.\n\n## 2. Change control\n\n## 3. Signatures"
        );
    }

    use super::*;

    #[test]
    fn names_cannot_escape() {
        assert_eq!(safe_name("../../etc/passwd"), "_._.._etc_passwd");
        assert_eq!(safe_name("HVC-BK-2025-01"), "HVC-BK-2025-01");
        assert_eq!(safe_name("CON"), "_CON");
        for reserved in ["COM5", "com9.x", "LPT4", "lpt9", "COM0", "Nul"] {
            assert!(safe_name(reserved).starts_with('_'), "{reserved}");
        }
        assert_eq!(safe_name("COM10"), "COM10");
        assert_eq!(safe_name("A.."), "A._");
        assert!(!safe_name(&format!("{}.", "x".repeat(99))).ends_with('.'));
        assert_eq!(safe_name(""), "_");
        assert!(!safe_name("a/b\\c").contains(['/', '\\']));
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("a\n\n\n\nb  \n\n"), "a\n\nb\n");
    }
}
