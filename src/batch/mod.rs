//! Running a command over many inputs: a worker pool sized to the machine (rayon), results in
//! input order whatever the scheduling, and a progress bar (indicatif) on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

/// How a batch runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// No progress bar and no timing line.
    pub quiet: bool,
    /// Only shard K of N (1-based).
    pub shard: Option<(u64, u64)>,
}

/// Keep the inputs of shard `k` of `n`: a stable FNV-1a hash of the path as given, so every
/// machine of a CI matrix agrees on the split without talking to the others.
pub fn shard(files: Vec<PathBuf>, shard: Option<(u64, u64)>) -> Vec<PathBuf> {
    let Some((k, n)) = shard else { return files };
    files
        .into_iter()
        .filter(|p| {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for b in p.to_string_lossy().bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
            h % n == k - 1
        })
        .collect()
}

/// The progress label of a path.
#[allow(clippy::ptr_arg)] // used as `Fn(&PathBuf)` over `&[PathBuf]`
pub fn path_label(p: &PathBuf) -> String {
    p.display().to_string()
}

/// Apply `f` to every input on a worker pool; the results come back in input order.
/// A progress bar (files done / total, rate, ETA, the file in hand) is drawn on standard
/// error when it is a terminal and `quiet` is off.
pub fn map<T: Sync, R: Send>(
    inputs: &[T],
    opts: Options,
    label: impl Fn(&T) -> String + Sync,
    f: impl Fn(&T) -> R + Sync,
) -> (Vec<R>, Duration) {
    let start = Instant::now();
    let bar = (!opts.quiet && std::io::stderr().is_terminal() && inputs.len() > 1).then(|| {
        let bar = ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {per_sec}  eta {eta}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let work = |p: &T| {
        if let Some(b) = &bar {
            b.set_message(label(p));
        }
        let r = f(p);
        if let Some(b) = &bar {
            b.inc(1);
        }
        r
    };
    let results = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
    {
        Ok(pool) => pool.install(|| inputs.par_iter().map(work).collect()),
        Err(_) => inputs.iter().map(work).collect(),
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    (results, start.elapsed())
}

/// The closing line of a batch on standard error (unless quiet).
pub fn summary(opts: Options, files: usize, took: Duration) {
    if !opts.quiet && files > 1 {
        eprintln!("{files} files in {:.2} s", took.as_secs_f64());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_whatever_the_pool() {
        let inputs: Vec<PathBuf> = (0..200).map(|i| PathBuf::from(format!("{i}"))).collect();
        for jobs in [1, 2, 7] {
            let (out, _) = map(
                &inputs,
                Options {
                    jobs,
                    quiet: true,
                    shard: None,
                },
                path_label,
                |p| p.display().to_string(),
            );
            assert_eq!(
                out,
                inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[cfg(test)]
mod shard_tests {
    use super::*;

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<PathBuf> = (0..500)
            .map(|i| PathBuf::from(format!("dir/e{i}.yaml")))
            .collect();
        let mut union: Vec<PathBuf> = (1..=4)
            .flat_map(|k| shard(inputs.clone(), Some((k, 4))))
            .collect();
        assert!((1..=4).all(|k| !shard(inputs.clone(), Some((k, 4))).is_empty()));
        union.sort();
        let mut all = inputs.clone();
        all.sort();
        assert_eq!(union, all, "every input in exactly one shard");
    }
}
