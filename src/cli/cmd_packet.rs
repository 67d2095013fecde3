//! `vendorkit packet`: every engagement to OUT/<id>/{sow,nda-checklist,kpi-schedule}.pdf, plus
//! OUT/manifest.json.
//!
//! Two passes over the worker pool, so memory stays flat however large the batch: the first
//! loads each engagement and keeps only its id and input hash (ids must be unique across the
//! batch, and which file keeps an id must not depend on scheduling); the second loads again,
//! renders and writes, and its messages stream out in input order.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{CliError, EXIT_FINDINGS, EXIT_USAGE, PacketFormat};
use crate::batch::{self, Options, Outcome, Summary};
use crate::engagement::{self, defaults::Defaults};
use crate::layout::Fonts;
use crate::packet::Templates;
use crate::report::{Severity, WriteOptions};
use crate::review;

/// Everything that is the same for every engagement of a run (loaded once).
pub struct Setup<'a> {
    pub dir: &'a Path,
    pub templates: Templates,
    pub version: &'a str,
    pub force: bool,
    /// What to write, in a fixed order (PDF, Word, Markdown), each format once.
    pub formats: Vec<super::PacketFormat>,
    /// The PDF fonts (`None` when no PDF is written).
    pub fonts: Option<Fonts>,
    pub defaults: Option<Defaults>,
    /// `--strict`: an engagement that leaves out an expected block is refused.
    pub strict: bool,
    /// Files the folder's manifests record as vendorkit's, with their SHA-256 then
    /// ([`crate::packet::manifest::recorded_outputs`]): replaced without `--force` while
    /// unchanged.
    pub recorded: std::collections::HashMap<String, String>,
}

/// What the first pass keeps of one engagement.
struct Scanned {
    id: Option<String>,
    input_sha256: String,
}

/// What one engagement's packet produced.
struct Written {
    messages: Vec<String>,
    /// The closing "wrote OUT/<id>/ ..." line (left out with --quiet).
    wrote: Option<String>,
    /// Why it failed, in one line (for the summary).
    failure: Option<String>,
    /// Output files: path and SHA-256.
    outputs: Vec<(PathBuf, String)>,
    /// Written as a draft (blocks NOT DEFINED, placeholders left).
    draft: bool,
}

pub fn run(inputs: &[PathBuf], setup: &Setup, opts: Options) -> Result<i32, CliError> {
    let dir = setup.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Message(format!(
            "-o {} is a file; give a folder for the packets",
            dir.display()
        )));
    }
    if inputs.iter().any(|p| batch::inputs::is_stdin(p)) {
        return Err(CliError::Message(
            "packet reads engagement files, not standard input: give their paths, or a list of them with --files-from -".into(),
        ));
    }
    let expanded = batch::inputs::expand(
        inputs,
        &["yaml", "yml"],
        Some(batch::inputs::engagements_only),
    )
    .map_err(CliError::Message)?;
    super::say_skipped(&expanded.skipped, opts);
    let files = batch::shard(expanded.files, opts.shard);
    let load = engagement::Options {
        defaults: setup.defaults.as_ref(),
        strict: setup.strict,
    };
    let quiet_pass = Options {
        quiet: true,
        ..opts
    };
    let (scanned, took_scanning) = batch::map(
        &files,
        quiet_pass,
        batch::path_label,
        |p| {
            let loaded = engagement::load_path_with(p, load);
            Scanned {
                id: loaded.engagement.map(|e| e.engagement.id),
                input_sha256: sha256_hex(loaded.source.text.as_bytes()),
            }
        },
        // The second pass meets the same problem and reports it.
        |_, _| Scanned {
            id: None,
            input_sha256: String::new(),
        },
    );
    let duplicate = duplicates(&files, &scanned);
    let mut summary = Summary {
        packets: true,
        ..Summary::default()
    };
    let mut packets = Vec::new();
    let indices: Vec<usize> = (0..files.len()).collect();
    let took_writing = batch::stream(
        &indices,
        opts,
        |&i| files[i].display().to_string(),
        |&i| match &duplicate[i] {
            Some(m) => Written {
                messages: vec![format!("error: {m}")],
                wrote: None,
                failure: Some(m.clone()),
                outputs: Vec::new(),
                draft: false,
            },
            None => write_one(&files[i], setup),
        },
        |&i, why| Written {
            messages: vec![format!("error: {}: {why}", files[i].display())],
            wrote: None,
            failure: Some(why),
            outputs: Vec::new(),
            draft: false,
        },
        |i, w: Written| {
            for m in &w.messages {
                eprintln!("{}", crate::report::visible(m));
            }
            if let Some(m) = w.wrote.as_ref().filter(|_| !opts.quiet) {
                eprintln!("{}", crate::report::visible(m));
            }
            let path = files[i].display().to_string();
            match w.failure {
                Some(why) => summary.add(&path, Outcome::Failed(why)),
                None => {
                    summary.add(
                        &path,
                        if w.draft {
                            Outcome::Findings
                        } else {
                            Outcome::Clean
                        },
                    );
                    let mut entry = serde_json::json!({
                        "input": path,
                        "input_sha256": scanned[i].input_sha256,
                        "id": scanned[i].id,
                        "version": setup.version,
                        "outputs": w.outputs.iter().map(|(p, h)| serde_json::json!({
                            "path": p.strip_prefix(dir).unwrap_or(p).display().to_string(),
                            "sha256": h,
                        })).collect::<Vec<_>>(),
                    });
                    if w.draft {
                        entry["draft"] = serde_json::json!(true);
                    }
                    if let Some(d) = &setup.defaults {
                        entry["defaults"] = serde_json::json!({
                            "path": d.path,
                            "sha256": sha256_hex(d.text.as_bytes()),
                        });
                    }
                    packets.push(entry);
                }
            }
        },
    );
    for (path, why) in &expanded.unreadable {
        eprintln!(
            "error: {}",
            crate::report::visible(&format!("{}: {why}", path.display()))
        );
        summary.add(&path.display().to_string(), Outcome::Failed(why.clone()));
    }
    if dir.is_dir() {
        write_manifest(opts, dir, packets)?;
    }
    let failed = summary.failed.len();
    let drafts = summary.with_findings;
    summary.print(opts, took_scanning + took_writing);
    Ok(if failed > 0 {
        EXIT_USAGE
    } else if drafts > 0 {
        EXIT_FINDINGS
    } else {
        0
    })
}

/// For each input, the error when its id (or its output folder, on a file system that
/// ignores case) was already taken by an earlier input. The first file in input order keeps
/// an id, whatever the scheduling.
fn duplicates(files: &[PathBuf], scanned: &[Scanned]) -> Vec<Option<String>> {
    let mut seen: HashMap<String, (&str, &PathBuf)> = HashMap::new();
    files
        .iter()
        .zip(scanned)
        .map(|(path, s)| {
            let id = s.id.as_deref()?;
            let folder = crate::packet::safe_name(id).to_lowercase();
            let (first_id, first) = *seen.entry(folder).or_insert((id, path));
            if std::ptr::eq(first, path) {
                return None;
            }
            Some(if first_id == id {
                format!(
                    "engagement id `{id}` is used by both {} and {}; ids must be unique in a batch",
                    first.display(),
                    path.display()
                )
            } else {
                format!(
                    "engagement ids `{first_id}` ({}) and `{id}` ({}) name the same folder on file systems that ignore case (Windows, macOS); make them differ by more than case",
                    first.display(),
                    path.display()
                )
            })
        })
        .collect()
}

/// The manifest makes a batch auditable: which input (by hash) gave which files, with which
/// tool version and defaults file. A shard writes its own, so shards never overwrite each other.
fn write_manifest(
    opts: Options,
    dir: &Path,
    packets: Vec<serde_json::Value>,
) -> Result<(), CliError> {
    let name = match opts.shard {
        Some((k, n)) => format!("manifest-{k}-of-{n}.json"),
        None => "manifest.json".into(),
    };
    crate::packet::manifest::update(dir, &name, packets).map_err(CliError::Message)
}

/// SHA-256 of bytes, in hex (for the manifest).
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Load one engagement and write its packet (the second pass).
fn write_one(path: &Path, setup: &Setup) -> Written {
    let loaded = engagement::load_path_with(
        path,
        engagement::Options {
            defaults: setup.defaults.as_ref(),
            strict: setup.strict,
        },
    );
    match &loaded.engagement {
        Some(e) => write_packet(e, path, setup),
        None => {
            let mut text = Vec::new();
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let _ = crate::report::human::write_file(
                &review::review(&loaded),
                &mut text,
                WriteOptions {
                    color,
                    quiet: false,
                    style: crate::report::human::Style::Full,
                    fail_on: Severity::Error,
                },
            );
            let first = loaded.diagnostics.first().map(|d| match d.location {
                Some(l) => format!("{}:{}: {}", l.line, l.column, d.message),
                None => d.message.clone(),
            });
            Written {
                messages: vec![String::from_utf8_lossy(&text).trim_end().to_string()],
                wrote: None,
                failure: Some(first.unwrap_or_else(|| "cannot be loaded".into())),
                outputs: Vec::new(),
                draft: false,
            }
        }
    }
}

/// Render and write one engagement's packet.
fn write_packet(e: &engagement::Engagement, path: &Path, setup: &Setup) -> Written {
    let draft = crate::packet::draft_reason(e);
    let mut w = Written {
        messages: Vec::new(),
        wrote: None,
        failure: None,
        outputs: Vec::new(),
        draft: !draft.is_empty(),
    };
    let fail = |mut w: Written, m: String| {
        w.messages.push(format!("error: {m}"));
        w.failure.get_or_insert(m);
        w
    };
    if w.draft {
        if setup.strict {
            return fail(
                w,
                format!("{}: not ready to print (--strict): {draft}", path.display()),
            );
        }
        w.messages.push(format!(
            "warning: {}: printed as a DRAFT, not ready to sign: {draft} Run `vendorkit review {}` for what to add.",
            path.display(),
            path.display()
        ));
    }
    let docs =
        match setup
            .templates
            .render(e, setup.version, &crate::packet::issued_date(e), &draft)
        {
            Ok(d) => d,
            Err(m) => return fail(w, format!("{}: {m}", path.display())),
        };
    let folder = setup.dir.join(crate::packet::safe_name(&e.engagement.id));
    if std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink()) {
        return fail(
            w,
            format!(
                "{} is a symbolic link; vendorkit never writes through one: remove it, or choose another -o folder",
                folder.display()
            ),
        );
    }
    if let Err(err) = std::fs::create_dir_all(&folder) {
        return fail(w, format!("cannot create {}: {err}", folder.display()));
    }
    crate::output::remove_stale_temporaries(&folder);
    let field_warnings = setup
        .fonts
        .as_ref()
        .map(|f| crate::packet::missing_glyphs(e, f))
        .unwrap_or_default();
    for warning in &field_warnings {
        w.messages
            .push(format!("warning: {}: {warning}", path.display()));
    }
    let outputs = docs
        .iter()
        .flat_map(|doc| setup.formats.iter().map(move |&f| (doc, f)));
    for ((doc, text), format) in outputs {
        let target = folder.join(format!("{}.{}", doc.stem(), format.extension()));
        let made = match format {
            PacketFormat::Md => Ok(text.clone().into_bytes()),
            PacketFormat::Docx => crate::packet::to_docx(e, *doc, text, setup.version, w.draft),
            PacketFormat::Pdf => match &setup.fonts {
                Some(f) => crate::packet::to_pdf(e, *doc, text, setup.version, w.draft, f).map(
                    |(bytes, warnings)| {
                        // Characters already reported by field are not reported again.
                        if field_warnings.is_empty() {
                            for warning in warnings {
                                w.messages.push(format!(
                                    "warning: {}: {}: {warning}",
                                    path.display(),
                                    doc.stem()
                                ));
                            }
                        }
                        bytes
                    },
                ),
                None => Err("no fonts were loaded for the PDF".to_string()),
            },
        };
        let bytes = match made {
            Ok(bytes) => bytes,
            Err(m) => {
                w = fail(w, format!("{}: {}: {m}", path.display(), doc.stem()));
                continue;
            }
        };
        w.outputs.push((target.clone(), sha256_hex(&bytes)));
        let old = std::fs::read(&target).ok();
        if old.as_ref() == Some(&bytes) {
            continue;
        }
        // A file this tool wrote earlier and nobody has changed since is replaced; any
        // other file needs --force.
        let relative = target.strip_prefix(setup.dir).unwrap_or(&target);
        let recorded = setup.recorded.get(&relative.display().to_string());
        let ours = recorded
            .zip(old.as_ref())
            .is_some_and(|(h, old)| sha256_hex(old) == *h);
        if recorded.is_some() && !ours && !setup.force && target.exists() {
            w = fail(
                w,
                format!(
                    "{} was changed since vendorkit wrote it; pass --force to overwrite it",
                    target.display()
                ),
            );
            continue;
        }
        if let Err(m) = crate::output::write_new_file(&target, &bytes, setup.force || ours) {
            // Another run writing the same packet at the same time may have put the same
            // bytes there since they were read above (files are put in place whole): that is
            // no conflict.
            if std::fs::read(&target).ok().as_ref() != Some(&bytes) {
                w = fail(w, m);
            }
        }
    }
    if w.failure.is_none() {
        let exts: Vec<&str> = setup.formats.iter().map(|f| f.extension()).collect();
        let exts = exts.join("|");
        let names = if setup.formats.len() == 1 {
            format!("sow.{exts}, nda-checklist.{exts}, kpi-schedule.{exts}")
        } else {
            format!(
                "sow, nda-checklist, kpi-schedule as {}",
                exts.replace('|', ", ")
            )
        };
        w.wrote = Some(format!(
            "wrote {}/ ({names}) from {}",
            folder.display(),
            path.display()
        ));
    }
    w
}
