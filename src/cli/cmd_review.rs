//! `vendorkit review`: load and review every engagement, streaming the report.

use std::path::PathBuf;

use super::{CliError, OutputArgs, load_defaults, reporting};
use crate::batch::{self, Options};
use crate::engagement;
use crate::review;

pub fn run(
    inputs: &[PathBuf],
    defaults: Option<&PathBuf>,
    strict: bool,
    output: &OutputArgs,
    opts: Options,
    out: &mut dyn std::io::Write,
) -> Result<i32, CliError> {
    let defaults = load_defaults(defaults)?;
    let inputs = batch::inputs::expand(
        inputs,
        &["yaml", "yml"],
        Some(batch::inputs::engagements_only),
    )
    .map_err(CliError::Message)?;
    super::say_skipped(&inputs.skipped, opts);
    let files = batch::shard(inputs.files, opts.shard);
    let mut run = reporting::Run::new(
        "review",
        output,
        opts.quiet,
        &|| crate::select::known_ids(None),
        out,
    )?;
    let took = batch::stream(
        &files,
        opts,
        batch::path_label,
        |p| {
            review::review(&engagement::load_path_with(
                p,
                engagement::Options {
                    defaults: defaults.as_ref(),
                    strict,
                },
            ))
        },
        |p, why| {
            let mut r = crate::report::FileReport::new(p.display().to_string(), None);
            r.diagnostics.push(crate::report::Diagnostic::new(
                crate::engagement::validate::ids::IO,
                crate::report::Severity::Error,
                format!("{}: {why}", p.display()),
            ));
            r.unusable = true;
            r
        },
        |_, report| run.add(report, None),
    );
    run.unreadable(&inputs.unreadable);
    let mut rules = crate::catalogue::load();
    rules.extend(crate::catalogue::review());
    run.finish(rules, opts, took)
}
