//! `.vendorkit.yaml`: per-project lint settings, found by walking up from the contract's folder
//! (like `.editorconfig` or ruff's `pyproject.toml`).
//!
//! ```yaml
//! policy: outsourcing        # or nda, or a path relative to this file
//! fail_on: warning
//! profile: [xb, data]        # contexts for the context rules
//! severity: { KPI-004: warning }
//! select: [SEC, TERM, CONF]  # only these rules (ids or prefixes); default: all
//! ignore: [DRAFT-001]        # silenced, kept in JSON and SARIF as suppressed
//! include: ["contracts/**"]  # which files folder walks take (both commands)
//! exclude: ["**/archive/**"]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::policy::Context;
use crate::report::Severity;

pub const FILE_NAMES: &[&str] = &[".vendorkit.yaml", "vendorkit.yaml"];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub policy: Option<String>,
    pub fail_on: Option<Severity>,
    #[serde(default)]
    pub profile: Vec<Context>,
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Globs (relative to the config's folder) of the files folder walks take.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs (relative to the config's folder) of the files folder walks leave out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Where the file was found (set by [`discover`]).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

impl Config {
    /// Put this config's rule choices into `opts`: `select`, `ignore` (recorded with the
    /// config's path) and `severity`, every id or prefix checked against `known` (an unknown
    /// one is an error naming the file and suggesting the closest id).
    pub fn apply(&self, opts: &mut super::LintOptions, known: &[String]) -> Result<(), String> {
        let path = self.path.as_ref().map_or_else(
            || ".vendorkit.yaml".to_string(),
            |p| p.display().to_string(),
        );
        let check =
            |p: &str, key: &str| crate::select::check(p, known, &format!("`{key}` of {path}"));
        let mut chosen = Vec::new();
        for p in &self.select {
            chosen.push(check(p, "select")?);
        }
        opts.selection.select(chosen);
        for p in &self.ignore {
            let pattern = check(p, "ignore")?;
            opts.selection.ignore(pattern, format!("ignored in {path}"));
        }
        for (id, severity) in &self.severity {
            let id = check(id, "severity")?;
            opts.severities.push((id, *severity));
        }
        Ok(())
    }
}

/// The nearest config file at or above `start` (a file's folder), if any.
pub fn discover(start: &Path) -> Result<Option<Config>, String> {
    let dir = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let mut dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    loop {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return load(&candidate).map(Some);
            }
        }
        if !dir.pop() {
            return Ok(None);
        }
    }
}

/// [`discover`] for every input of a batch, each folder looked up once: the drafts of a folder
/// share its config, and walking up to the root (a canonicalisation and a few stats per level)
/// for every file cost as much as a good part of linting it.
#[derive(Default)]
pub struct Discovery {
    found: std::sync::Mutex<HashMap<PathBuf, Result<Option<Config>, String>>>,
}

impl Discovery {
    /// The config for the contract at `path`, as [`discover`] finds it.
    pub fn for_file(&self, path: &Path) -> Result<Option<Config>, String> {
        let folder = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        if let Some(known) = self.lock().get(&folder) {
            return known.clone();
        }
        // Looked up without the lock, so workers do not wait on each other's walks; two that
        // meet the same new folder at once both walk it, to the same answer.
        let result = discover(path);
        self.lock().insert(folder, result.clone());
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Result<Option<Config>, String>>> {
        // A worker that panicked mid-insert leaves a whole map behind: use it.
        self.found.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Largest config file read (a real one is a few lines).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

pub fn load(path: &Path) -> Result<Config, String> {
    let bytes = crate::limits::read_file(path, MAX_CONFIG_BYTES, "a config file")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{} is not UTF-8 text; save it as UTF-8", path.display()))?;
    let source = crate::source::SourceFile::new(path.display().to_string(), text.as_str());
    let parsed = crate::yaml::parse(&text);
    if let Some(p) = parsed.problems.first() {
        let at = source.location(p.span.0, p.span.1);
        return Err(format!(
            "{}:{}:{}: {}",
            path.display(),
            at.line,
            at.column,
            p.message
        ));
    }
    let value = parsed
        .value
        .unwrap_or(serde_json::Value::Object(Default::default()));
    let mut config: Config = serde_path_to_error::deserialize(&value).map_err(|e| {
        let pointer = crate::engagement::path_to_pointer(&e.path().to_string());
        let (s, end) = parsed.map.value_span(&pointer);
        let at = source.location(s, end);
        format!(
            "{}:{}:{}: {}: {}",
            path.display(),
            at.line,
            at.column,
            e.path(),
            e.inner()
        )
    })?;
    // A policy path in the config is relative to the config file.
    if let Some(p) = &config.policy
        && !super::policy::BUILTIN.iter().any(|(n, _)| n == p)
        && let Some(dir) = path.parent()
    {
        config.policy = Some(dir.join(p).display().to_string());
    }
    config.path = Some(path.to_path_buf());
    Ok(config)
}
