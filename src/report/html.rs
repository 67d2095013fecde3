//! `--format html`: a report people read, from the handlebars template
//! `templates/report.html.hbs` (so it can be restyled without Rust). For each contract: a
//! summary (policy, contexts, counts, verdict), every clause of the policy with its status and
//! a link to its evidence, the findings with why they matter and the model text to copy, and
//! the contract text with each evidence sentence highlighted by status and a marker where an
//! absent clause belongs. For `review`, findings are grouped by the mistake they prevent.
//! Streams: the page head is written first, each file's section as it arrives, and only a
//! summary row per file is kept for the closing table.

use std::collections::HashMap;
use std::io::{self, Write};

use handlebars::Handlebars;
use serde_json::{Value, json};

use super::{Diagnostic, FileReport, Severity, Tally};

const TEMPLATE: &str = include_str!("../../templates/report.html.hbs");

/// What the closing table keeps of a file.
struct Row {
    id: String,
    path: String,
    counts: [usize; 3],
    verdict: String,
}

pub struct Html {
    hb: Handlebars<'static>,
    command: &'static str,
    /// Title and why-it-matters by rule id (built-in rules; a custom policy's rules fall back
    /// to their clause names and the finding's help).
    rules: HashMap<String, (String, String)>,
    /// Review rules: the mistake (M1..M10, BP1..BP4) each prevents.
    articles: HashMap<&'static str, &'static str>,
    rows: Vec<Row>,
    started: bool,
}

impl Html {
    /// The built-in template, or `template` (a file's text) instead.
    pub fn new(command: &'static str, template: Option<&str>) -> Result<Html, String> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(false);
        hb.register_template_string("report", template.unwrap_or(TEMPLATE))
            .map_err(|e| crate::packet::template_error("the HTML template", &e))?;
        let rules = crate::catalogue::all(None)
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                // A review rule's help has a "Why:" paragraph; a lint rule's starts with why.
                let why = e
                    .help
                    .split("\n\n")
                    .find_map(|p| p.strip_prefix("Why: "))
                    .or_else(|| e.help.split("\n\n").next())
                    .unwrap_or_default()
                    .to_string();
                (e.id, (e.title, why))
            })
            .collect();
        let articles = crate::review::rules::ALL
            .iter()
            .map(|r| (r.doc.id, r.doc.article))
            .collect();
        Ok(Html {
            hb,
            command,
            rules,
            articles,
            rows: Vec::new(),
            started: false,
        })
    }

    fn render(&self, data: &Value, out: &mut dyn Write) -> io::Result<()> {
        let text = self
            .hb
            .render("report", data)
            .map_err(|e| io::Error::other(format!("the HTML template: {e}")))?;
        out.write_all(text.as_bytes())
    }

    fn head(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            let data = json!({
                "head": true,
                "command": self.command,
                "version": env!("CARGO_PKG_VERSION"),
            });
            self.render(&data, out)?;
        }
        Ok(())
    }

    /// One file's section.
    pub fn file(
        &mut self,
        f: &FileReport,
        fail_on: Severity,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.head(out)?;
        let id = format!("file-{}", self.rows.len() + 1);
        let mut counts = [0usize; 3];
        for d in &f.diagnostics {
            counts[match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
        let at_or_above = f
            .diagnostics
            .iter()
            .filter(|d| d.severity >= fail_on)
            .count();
        let failing = at_or_above > 0;
        let verdict = if f.unusable {
            "Could not be checked: see the finding below.".to_string()
        } else if failing {
            format!(
                "Not ready to sign: {at_or_above} finding{} at or above {}.",
                if at_or_above == 1 { "" } else { "s" },
                fail_on.as_str()
            )
        } else if f.diagnostics.is_empty() {
            "No findings.".to_string()
        } else {
            format!(
                "No finding at or above {}; read the rest before signing.",
                fail_on.as_str()
            )
        };
        let text = f
            .source
            .as_ref()
            .map(|s| s.text.as_ref())
            .unwrap_or_default();
        let coverage = f.extra.as_ref();
        // Where each clause's evidence, and each absent clause's marker, can be linked to.
        let mut spans: Vec<Span> = Vec::new();
        let mut clauses = Vec::new();
        // The first evidence anchor of each clause, which its finding links to.
        let mut evidence_of: HashMap<&str, String> = HashMap::new();
        let finding_of = |rule: &str| f.diagnostics.iter().position(|d| d.rule == rule);
        if let Some(c) = coverage {
            for (k, cl) in c.clauses.iter().enumerate() {
                let found = finding_of(&cl.rule);
                // A clause "present" with a finding of its own is a forbidden wording found.
                let class = if cl.status == "present" && found.is_some() {
                    "forbidden"
                } else {
                    cl.status
                };
                let mut target = found.map(|i| format!("{id}-finding-{i}"));
                for (j, ev) in cl.evidence.iter().enumerate() {
                    let anchor = format!("{id}-ev-{k}-{j}");
                    if j == 0 {
                        target = Some(anchor.clone());
                        evidence_of.insert(cl.rule.as_str(), anchor.clone());
                    }
                    spans.push(Span {
                        start: ev.byte_start,
                        end: ev.byte_end,
                        class,
                        rule: cl.rule.clone(),
                        anchor,
                    });
                }
                let evidence = cl
                    .evidence
                    .first()
                    .map(|e| format!("line {}", e.line))
                    .unwrap_or_else(|| "-".into());
                clauses.push(json!({
                    "rule": cl.rule,
                    "title": self.title(&cl.rule, &cl.clause),
                    "status": class,
                    "evidence": evidence,
                    "target": target.unwrap_or_else(|| id.clone()),
                }));
            }
        }
        let mut missing: Vec<(usize, Value)> = Vec::new();
        let findings: Vec<(Option<&'static str>, Value)> = f
            .diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let fid = format!("{id}-finding-{i}");
                let mut target = None;
                if self.command == "review" {
                    // The engagement's text is not shown: nothing to link to.
                } else if let (Some(a), Some(loc)) = (&d.absent, d.location)
                    && a.heading.is_some()
                {
                    // Under the heading it belongs to: just after the heading's words.
                    let mid = format!("{fid}-here");
                    missing.push((
                        loc.byte_end,
                        json!({"id": mid, "title": a.title, "rule": d.rule}),
                    ));
                    target = Some(mid);
                } else if let Some(anchor) = evidence_of.get(d.rule.as_str()) {
                    target = Some(anchor.clone());
                } else if let Some(loc) = d.location.filter(|l| l.byte_end > l.byte_start) {
                    let anchor = format!("{fid}-at");
                    spans.push(Span {
                        start: loc.byte_start,
                        end: loc.byte_end,
                        class: if d.severity == Severity::Info {
                            "weak"
                        } else {
                            "forbidden"
                        },
                        rule: d.rule.clone(),
                        anchor: anchor.clone(),
                    });
                    target = Some(anchor);
                }
                let article = self.articles.get(d.rule.as_str()).copied();
                (article, self.finding(d, &fid, target))
            })
            .collect();
        let groups: Vec<Value> = if self.command == "review" {
            let mut by: Vec<(&str, Vec<Value>)> = Vec::new();
            for (article, v) in &findings {
                let title = article.unwrap_or("Loading and other checks");
                match by.iter_mut().find(|(t, _)| *t == title) {
                    Some((_, list)) => list.push(v.clone()),
                    None => by.push((title, vec![v.clone()])),
                }
            }
            by.sort_by_key(|(t, _)| mistake_order(t));
            by.into_iter()
                .map(|(t, list)| json!({"title": t, "findings": list}))
                .collect()
        } else {
            Vec::new()
        };
        let note = coverage.and_then(|c| {
            c.assumed
                .as_ref()
                .map(|a| super::human::assumptions("", &c.policy, a))
                .map(|line| {
                    line.trim_start_matches("note: ")
                        .trim_start_matches(": ")
                        .to_string()
                })
        });
        let data = json!({
            "file": {
                "id": id,
                "path": f.path,
                "note": note,
                "counts": {"error": counts[0], "warning": counts[1], "info": counts[2]},
                "verdict": verdict,
                "verdict_class": if failing || f.unusable { "fail" } else { "pass" },
                "clauses": clauses,
                "findings": findings.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
                "groups": groups,
                "pieces": if self.command == "review" { Vec::new() } else { pieces(text, spans, missing) },
            }
        });
        self.render(&data, out)?;
        self.rows.push(Row {
            id,
            path: f.path.clone(),
            counts,
            verdict: data["file"]["verdict"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        });
        Ok(())
    }

    fn title(&self, rule: &str, fallback: &str) -> String {
        self.rules
            .get(rule)
            .map_or_else(|| fallback.to_string(), |(t, _)| t.clone())
    }

    fn finding(&self, d: &Diagnostic, id: &str, target: Option<String>) -> Value {
        let (title, why) = self
            .rules
            .get(&d.rule)
            .cloned()
            .unwrap_or_else(|| (d.rule.clone(), String::new()));
        // Review findings say what to do in their help, and why in the rule's documentation;
        // lint findings say why in their help.
        let (why, fix) = if self.command == "review" && !why.is_empty() {
            let fix = d.help.clone().filter(|h| *h != why);
            (why, fix)
        } else {
            (d.help.clone().unwrap_or(why), None)
        };
        json!({
            "id": id,
            "rule": d.rule,
            "title": title,
            "severity": d.severity.as_str(),
            "message": d.message,
            "why": why,
            "fix": fix,
            "model": d.model,
            "place": d.place.clone().or_else(|| d.location.map(|l| format!("line {}", l.line))),
            "target": target,
        })
    }

    /// The closing table (for more than one file) and the end of the page.
    pub fn finish(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        self.head(out)?;
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                json!({"id": r.id, "path": r.path, "errors": r.counts[0], "warnings": r.counts[1], "infos": r.counts[2], "verdict": r.verdict})
            })
            .collect();
        let data =
            json!({"foot": {"many": self.rows.len() > 1, "files": tally.files, "rows": rows}});
        self.render(&data, out)
    }
}

/// A highlighted span of the text.
struct Span {
    start: usize,
    end: usize,
    class: &'static str,
    rule: String,
    anchor: String,
}

/// How strongly a class shows, when spans overlap: the worse status wins.
fn rank(class: &str) -> u8 {
    match class {
        "forbidden" | "negated" => 3,
        "weak" => 2,
        _ => 1,
    }
}

/// The text cut where highlights start and end: each piece has its text, the class of the
/// strongest span over it (if any) and the rules, the anchors that start there, and the
/// missing-clause markers placed there.
fn pieces(text: &str, mut spans: Vec<Span>, missing: Vec<(usize, Value)>) -> Vec<Value> {
    let on_char = |i: usize| {
        let mut i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    for s in &mut spans {
        s.start = on_char(s.start);
        s.end = on_char(s.end).max(s.start);
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|s| [s.start, s.end]));
    cuts.extend(missing.iter().map(|(at, _)| on_char(*at)));
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let over: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start <= a && b <= s.end && s.start < s.end)
            .collect();
        let class = over.iter().map(|s| s.class).max_by_key(|c| rank(c));
        let mut rules: Vec<&str> = over.iter().map(|s| s.rule.as_str()).collect();
        rules.dedup();
        let anchors: Vec<&str> = spans
            .iter()
            .filter(|s| s.start == a)
            .map(|s| s.anchor.as_str())
            .collect();
        let here: Vec<&Value> = missing
            .iter()
            .filter(|(at, _)| on_char(*at) == a)
            .map(|(_, v)| v)
            .collect();
        out.push(json!({
            "text": &text[a..b],
            "class": class,
            "rules": rules.join(", "),
            "anchors": anchors,
            "missing": here,
        }));
    }
    out
}

/// M1..M10 in number order, then the best practices, then the rest.
fn mistake_order(title: &str) -> (u8, u32, String) {
    let head = title.split_whitespace().next().unwrap_or_default();
    let (kind, n) = if let Some(n) = head.strip_prefix("BP") {
        (1, n)
    } else if let Some(n) = head.strip_prefix('M') {
        (0, n)
    } else {
        (2, "")
    };
    (
        kind,
        n.trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap_or(u32::MAX),
        title.to_string(),
    )
}
