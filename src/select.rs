//! Choosing rules: `--select` and `--ignore` (and the same keys in `.vendorkit.yaml`) take rule
//! ids or prefixes (`SEC`, `TERM-00`), as ruff's do. Every id or prefix must name at least one
//! rule vendorkit knows, wherever it is written: a typo is an error with a did-you-mean, never a
//! rule silently left on.

/// Which rules report, and why the others are silenced.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Ids or prefixes (upper case) a finding must match to be reported; empty: every rule.
    select: Vec<String>,
    /// Ids or prefixes (upper case) whose findings are recorded as suppressed, each with why.
    ignore: Vec<(String, String)>,
}

/// Whether `pattern` (an id or a prefix, any case) names rule `id`.
pub fn matches(pattern: &str, id: &str) -> bool {
    id.len() >= pattern.len() && id[..pattern.len()].eq_ignore_ascii_case(pattern)
}

/// Check that `pattern` names a known rule; the error says where it was written (`where_`,
/// e.g. "--ignore" or "ignore in .vendorkit.yaml") and suggests the closest id.
pub fn check(pattern: &str, known: &[String], where_: &str) -> Result<String, String> {
    let p = pattern.trim().to_ascii_uppercase();
    if !p.is_empty() && known.iter().any(|id| matches(&p, id)) {
        return Ok(p);
    }
    let hint = crate::engagement::validate::did_you_mean(&p, known.iter().map(String::as_str))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{pattern}` in {where_}{hint} (`vendorkit rules` lists every rule)"
    ))
}

impl Selection {
    /// Report only the rules matching one of `patterns` (checked already). Several calls
    /// narrow nothing: they add to the same list.
    pub fn select(&mut self, patterns: impl IntoIterator<Item = String>) {
        self.select.extend(patterns);
    }

    /// Silence the rules matching `pattern` (checked already), recording `why`.
    pub fn ignore(&mut self, pattern: String, why: String) {
        self.ignore.push((pattern, why));
    }

    /// Whether rule `id` reports at all.
    pub fn selected(&self, id: &str) -> bool {
        self.select.is_empty() || self.select.iter().any(|p| matches(p, id))
    }

    /// Why rule `id` is silenced, if it is.
    pub fn ignored(&self, id: &str) -> Option<&str> {
        self.ignore
            .iter()
            .find(|(p, _)| matches(p, id))
            .map(|(_, why)| why.as_str())
    }
}

/// The id of every rule vendorkit can report (and those of `extra`, a policy file).
pub fn known_ids(extra: Option<&crate::lint::policy::Policy>) -> Vec<String> {
    let mut ids: Vec<String> = crate::catalogue::all(extra)
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.id.to_string())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_prefixes_choose_rules_and_typos_are_errors() {
        let known: Vec<String> = ["SEC-001", "SEC-002", "TERM-001", "TERM-010", "INS-001"]
            .map(String::from)
            .to_vec();
        assert_eq!(check("sec", &known, "--select").unwrap(), "SEC");
        assert_eq!(check("TERM-00", &known, "--select").unwrap(), "TERM-00");
        let err = check("INS-0001", &known, "ignore in .vendorkit.yaml").unwrap_err();
        assert!(err.contains("did you mean `INS-001`"), "{err}");
        assert!(check("", &known, "--select").is_err());
        let mut s = Selection::default();
        s.select(["TERM-00".to_string()]);
        s.ignore("SEC".into(), "--ignore SEC".into());
        assert!(s.selected("TERM-001") && !s.selected("TERM-010") && !s.selected("SEC-001"));
        assert_eq!(s.ignored("SEC-002"), Some("--ignore SEC"));
        assert_eq!(s.ignored("TERM-001"), None);
    }
}
