//! `--format csv` and `--format markdown`: the coverage matrix of a set of contracts, one row
//! per contract and one column per clause of the policy (present / weak / negated / absent),
//! with the counts of findings by severity. Rows are written as files arrive, in input order,
//! so a folder of any size streams through; the columns are the clauses of the first file's
//! policy (give `--policy` for one table over drafts of different kinds: a clause a file's
//! policy does not have is left empty).

use std::io::{self, Write};

use super::{FileReport, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Markdown,
}

pub struct Matrix {
    kind: Kind,
    /// The rule ids of the columns, set by the first file that has coverage.
    columns: Option<Vec<String>>,
    /// Rows waiting for the columns (files with no coverage before the first that has one).
    waiting: Vec<Vec<String>>,
}

const FIXED: [&str; 6] = ["path", "policy", "status", "errors", "warnings", "infos"];

impl Matrix {
    pub fn new(kind: Kind) -> Matrix {
        Matrix {
            kind,
            columns: None,
            waiting: Vec::new(),
        }
    }

    pub fn file(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let count = |s: Severity| {
            f.diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
                .to_string()
        };
        let status = if f.unusable {
            "unusable"
        } else if f.diagnostics.is_empty() {
            "clean"
        } else {
            "findings"
        };
        let mut row = vec![
            f.path.clone(),
            f.extra
                .as_ref()
                .map(|c| c.policy.clone())
                .unwrap_or_default(),
            status.to_string(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        ];
        if self.columns.is_none()
            && let Some(c) = &f.extra
        {
            let columns: Vec<String> = c.clauses.iter().map(|cl| cl.rule.clone()).collect();
            self.header(&columns, out)?;
            for mut waiting in std::mem::take(&mut self.waiting) {
                waiting.resize(FIXED.len() + columns.len(), String::new());
                self.row(&waiting, out)?;
            }
            self.columns = Some(columns);
        }
        let Some(columns) = &self.columns else {
            self.waiting.push(row);
            return Ok(());
        };
        for rule in columns {
            let cell = f
                .extra
                .as_ref()
                .and_then(|c| c.clauses.iter().find(|cl| &cl.rule == rule))
                .map_or("", |cl| cl.status);
            row.push(cell.to_string());
        }
        self.row(&row, out)
    }

    /// Rows still waiting (no file had coverage) go out under the fixed columns.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.columns.is_none() {
            self.header(&[], out)?;
            self.columns = Some(Vec::new());
            for waiting in std::mem::take(&mut self.waiting) {
                self.row(&waiting, out)?;
            }
        }
        Ok(())
    }

    fn header(&self, columns: &[String], out: &mut dyn Write) -> io::Result<()> {
        let cells: Vec<String> = FIXED
            .iter()
            .map(|s| s.to_string())
            .chain(columns.iter().cloned())
            .collect();
        self.row(&cells, out)?;
        if self.kind == Kind::Markdown {
            let rule: Vec<String> = cells.iter().map(|_| "---".to_string()).collect();
            self.row(&rule, out)?;
        }
        Ok(())
    }

    fn row(&self, cells: &[String], out: &mut dyn Write) -> io::Result<()> {
        let cells = cells.iter().map(|c| super::visible(c).into_owned());
        match self.kind {
            Kind::Csv => {
                let line: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
                write!(out, "{}\r\n", line.join(","))
            }
            Kind::Markdown => {
                let line: Vec<String> = cells
                    .map(|c| {
                        c.replace('\\', "\\\\")
                            .replace('|', "\\|")
                            .replace(['\n', '\r'], " ")
                    })
                    .collect();
                writeln!(out, "| {} |", line.join(" | "))
            }
        }
    }
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading
/// `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs a path as a formula.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=cmd()"), "'=cmd()");
        assert_eq!(csv_cell("plain.md"), "plain.md");
    }
}
