//! The engagement file: typed model, positioned loading and validation.
//!
//! [`load`] never panics and never stops at the first problem: it returns every problem found,
//! each with the byte span of the offending value, plus the typed [`Engagement`] when there
//! were none.

pub mod codes;
pub mod defaults;
pub mod model;
pub mod partial;
pub mod schema;
pub mod validate;

use std::path::Path;

use crate::yaml;
pub use crate::yaml::SourceMap;
pub use model::Engagement;

use crate::report::{Diagnostic, Severity};
use crate::source::{Location, SourceFile};
use validate::{Problem, ids};

/// Largest engagement file read (engagement files are a few KB; this stops accidents such as a
/// log file passed by mistake).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The outcome of loading one engagement file.
pub struct Loaded {
    pub source: SourceFile,
    pub map: SourceMap,
    /// The typed engagement, when the file had no errors.
    pub engagement: Option<Engagement>,
    /// Every problem found (all errors: the file is unusable when this is non-empty).
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Where a finding about the value at a JSON pointer is shown (see
    /// [`SourceMap::finding_span`]); the nearest existing parent when it is absent.
    pub fn locate(&self, pointer: &str) -> Location {
        let (s, e) = self.map.finding_span(&self.source.text, pointer);
        self.source.location(s, e)
    }

    /// The location of the key that introduces `pointer`.
    pub fn locate_key(&self, pointer: &str) -> Location {
        let (s, e) = self.map.key_span(pointer);
        self.source.location(s, e)
    }
}

/// How a file is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// A `defaults` file deep-merged under the engagement.
    pub defaults: Option<&'a defaults::Defaults>,
    /// Every block best practice expects is required (`--strict`): an absent one is a load
    /// error, not a review finding.
    pub strict: bool,
}

/// Read and load an engagement file. I/O problems become diagnostics, not panics.
pub fn load_path(path: &Path) -> Loaded {
    load_path_with(path, Options::default())
}

/// [`load_path`] with options.
pub fn load_path_with(path: &Path, options: Options) -> Loaded {
    let shown = crate::batch::inputs::shown(path);
    match read_text(path) {
        Ok(text) => load_str_with(&shown, text, options),
        Err(message) => Loaded {
            source: SourceFile::new(shown, ""),
            map: SourceMap::default(),
            engagement: None,
            diagnostics: vec![Diagnostic::new(ids::IO, Severity::Error, message)],
        },
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    use crate::batch::inputs;
    let limit = crate::limits::max_file_bytes(MAX_FILE_BYTES);
    let bytes = if inputs::is_stdin(path) {
        inputs::read_stdin(limit, "an engagement")?
    } else {
        crate::limits::read_file(path, limit, "an engagement file")?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            inputs::shown(path),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Load an engagement from text already in memory.
pub fn load_str(path: &str, text: impl Into<std::sync::Arc<str>>) -> Loaded {
    load_str_with(path, text, Options::default())
}

/// The problems the YAML reader found (syntax, duplicate keys, limits).
fn yaml_problems(parsed: &yaml::Parsed) -> Vec<Problem> {
    parsed
        .problems
        .iter()
        .map(|p| Problem {
            id: match p.kind {
                yaml::YamlProblemKind::Syntax => ids::SYNTAX,
                yaml::YamlProblemKind::DuplicateKey => ids::DUPLICATE,
                yaml::YamlProblemKind::Limit => ids::LIMIT,
            },
            span: p.span,
            message: p.message.clone(),
            label: match p.kind {
                yaml::YamlProblemKind::DuplicateKey => "given again here".into(),
                _ => "here".into(),
            },
            help: match p.kind {
                yaml::YamlProblemKind::Syntax => {
                    Some("check the indentation and the brackets/quotes around this point".into())
                }
                yaml::YamlProblemKind::DuplicateKey => Some("remove one of the two".into()),
                yaml::YamlProblemKind::Limit => {
                    Some("engagement files never need this; check that it is the right file".into())
                }
            },
        })
        .collect()
}

/// Problems (sorted by position) as diagnostics located in `source`.
fn diagnostics(mut problems: Vec<Problem>, source: &SourceFile) -> Vec<Diagnostic> {
    problems.sort_by_key(|p| p.span);
    problems
        .into_iter()
        .map(|p| {
            let mut d = Diagnostic::new(p.id, Severity::Error, p.message)
                .at(source.location(p.span.0, p.span.1))
                .label(p.label);
            d.help = p.help;
            d
        })
        .collect()
}

/// [`load_str`] with options. A `defaults` file is deep-merged under the engagement: the
/// engagement's values win, and positions still point into the engagement file. Unless
/// `strict`, the blocks the file leaves out are recorded on the engagement
/// ([`partial::complete`]).
pub fn load_str_with(path: &str, text: impl Into<std::sync::Arc<str>>, options: Options) -> Loaded {
    let Options { defaults, strict } = options;
    let source = SourceFile::new(path, text);
    let mut parsed = yaml::parse(&source.text);
    let mut problems = yaml_problems(&parsed);
    if let Some(d) = defaults {
        parsed.value = parsed.value.map(|v| defaults::merge_under(&d.value, v));
    }
    let mut engagement = None;
    match parsed.value.take() {
        None if problems.is_empty() => problems.push(Problem {
            id: ids::SYNTAX,
            span: (0, 0),
            message: "the file is empty".into(),
            label: "empty".into(),
            help: Some("run `vendorkit init` for a starter engagement".into()),
        }),
        None => {}
        Some(value) if !value.is_object() => problems.push(Problem {
            id: ids::TYPE,
            span: parsed.map.value_span(""),
            message: format!("the file must be a YAML mapping of blocks (schema_version, engagement, client, ...), found {}", validate::show(&value)),
            label: "expected a mapping".into(),
            help: Some("run `vendorkit init` for a starter engagement".into()),
        }),
        Some(mut value) => {
            // `schema_version` defaults to 1 (SPEC §6), also with --strict.
            if let Some(o) = value.as_object_mut() {
                o.entry("schema_version").or_insert(1.into());
            }
            let value = &mut value;
            problems.extend(validate::size_problems(value, &parsed.map));
            problems.extend(validate::schema_problems(value, &parsed.map, strict));
            problems.extend(validate::reference_problems(value, &parsed.map));
            if strict {
                problems.extend(validate::conditional_problems(value, &parsed.map));
            }
            if problems.is_empty() {
                let missing = if strict {
                    Vec::new()
                } else {
                    partial::complete(value)
                };
                match serde_path_to_error::deserialize::<_, Engagement>(&*value) {
                    Ok(mut e) => {
                        e.missing = missing;
                        engagement = Some(e);
                    }
                    Err(e) => {
                        let pointer = path_to_pointer(&e.path().to_string());
                        problems.push(Problem {
                            id: ids::TYPE,
                            span: parsed.map.value_span(&pointer),
                            message: format!("{}: {}", validate::field_name(&pointer), e.inner()),
                            label: "cannot be read".into(),
                            help: None,
                        });
                    }
                }
            }
        }
    }
    let diagnostics = diagnostics(problems, &source);
    Loaded {
        source,
        map: parsed.map,
        engagement,
        diagnostics,
    }
}

/// `kpis[0].objective` (serde_path_to_error's form) to `/kpis/0/objective`.
pub fn path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    let mut out = String::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            out.push('/');
            out.push_str(name);
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            out.push('/');
            out.push_str(idx.trim_end_matches(']'));
        }
    }
    out
}
