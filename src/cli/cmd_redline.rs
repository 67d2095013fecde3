//! `vendorkit redline DRAFT -o OUT.docx`: lint the vendor's draft, then write a copy of it
//! with the fixes as tracked changes and comments (see `crate::redline`).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::cmd_lint::{LintArgs, Linter};
use super::{CliError, EXIT_FINDINGS};

/// `redline`'s own options.
#[derive(clap::Args, Debug)]
pub struct RedlineArgs {
    /// The vendor's draft: a .docx is copied with the changes marked in it; a .txt, .md or .pdf becomes a new
    /// Word document of its text, marked up the same way
    pub input: PathBuf,
    /// The Word document to write (the draft itself is never changed)
    #[arg(short = 'o', long = "output", value_name = "OUT.docx")]
    pub output: PathBuf,
    /// Replace OUT if it exists
    #[arg(long)]
    pub force: bool,
    /// Largest draft read, e.g. 40KB or 100MB [default: 64MB]
    #[arg(long, value_parser = crate::limits::parse, value_name = "SIZE")]
    pub max_file_size: Option<u64>,
    #[command(flatten)]
    pub lint: LintArgs,
}

pub fn run(args: &RedlineArgs, out: &mut dyn Write) -> Result<i32, CliError> {
    let input = &args.input;
    let shown = input.display().to_string();
    let ext = input
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let wanted = if ext.as_deref() == Some("docm") {
        "docm"
    } else {
        "docx"
    };
    if args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
        != Some(wanted)
    {
        return Err(CliError::Message(format!(
            "-o {}: the redline is a Word document; name it with .{wanted}",
            args.output.display()
        )));
    }
    if same_file(input, &args.output) {
        return Err(CliError::Message(format!(
            "-o {} is the draft itself; write the redline to another file, so the vendor's original stays as it was",
            args.output.display()
        )));
    }
    if let Some(n) = args.max_file_size {
        crate::limits::set_max_file_bytes(n);
    }
    let limit = crate::limits::max_file_bytes(crate::extract::MAX_INPUT_BYTES);
    let bytes =
        crate::limits::read_file(input, limit, "a contract file").map_err(CliError::Message)?;
    // A draft that is not Word becomes one first: the text as `lint` reads it.
    let word = match ext.as_deref() {
        Some("docx" | "docm") => bytes,
        _ => {
            let extracted = crate::extract::from_bytes(&shown, ext.as_deref(), bytes)
                .map_err(CliError::Message)?;
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let properties = crate::docx::Properties {
                title: name.clone(),
                ..Default::default()
            };
            let pages = crate::docx::Pages {
                footer: name,
                ..Default::default()
            };
            let text = crate::redline::sections::headings_apart(&extracted.text);
            crate::docx::write::from_text(&text, &properties, &pages)
                .map_err(|m| CliError::Message(format!("{shown}: {m}")))?
        }
    };
    let (extracted, layout) =
        crate::extract::word_with_layout(&shown, &word).map_err(CliError::Message)?;
    let linter = Linter::new(&args.lint)?;
    let (report, _) = linter.lint_extracted(input, extracted);
    let (Some(source), Some(coverage)) = (&report.source, &report.extra) else {
        let why = report
            .diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(CliError::Message(why));
    };
    let text = source.text.clone();
    let policy = linter
        .policy_for(&coverage.policy)
        .map_err(CliError::Message)?;
    let (marked, plan) = crate::redline::mark_up(
        &word,
        &text,
        &layout,
        &report,
        policy.policy(),
        linter.agreed.as_ref(),
    )
    .map_err(|m| CliError::Message(format!("{shown}: {m}")))?;
    crate::output::write_new_file(&args.output, &marked, args.force).map_err(CliError::Message)?;
    writeln!(
        out,
        "wrote {} from {shown}: {} clause{} inserted as tracked changes, {} comment{} on the draft's wording",
        args.output.display(),
        plan.insertions.len(),
        if plan.insertions.len() == 1 { "" } else { "s" },
        plan.remarks.len(),
        if plan.remarks.len() == 1 { "" } else { "s" },
    )?;
    for (i, at) in plan.insertions.iter().zip(&plan.wheres) {
        let rule = i.comment.first().map(String::as_str).unwrap_or_default();
        writeln!(out, "  + {rule}: {at}")?;
    }
    for r in &plan.remarks {
        let rule = r.comment.first().map(String::as_str).unwrap_or_default();
        writeln!(
            out,
            "  ! {rule}: comment on \"{}\"",
            short(text.get(r.span.0..r.span.1).unwrap_or_default())
        )?;
    }
    let changed = !plan.insertions.is_empty() || !plan.remarks.is_empty();
    Ok(if changed { EXIT_FINDINGS } else { 0 })
}

fn short(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
