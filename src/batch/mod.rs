//! Running a command over many inputs: a worker pool sized to the machine (rayon), results in
//! input order whatever the scheduling, and a progress bar (indicatif) on a terminal.

pub mod inputs;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

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

/// Stack of each worker thread. Every reader bounds its nesting, so this is a margin, not a
/// guard; the default 2 MB is what a deep but legal input was a few frames away from.
const WORKER_STACK_BYTES: usize = 32 * 1024 * 1024;

thread_local! {
    /// The message and place of the last panic on this thread (set by the hook that
    /// [`quiet_panics`] installs).
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Whether this thread is running an input under [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Replace the default panic output (a backtrace notice on standard error, mid-report) with a
/// record the batch reads: a crash on one input is reported as that input's failure, in the
/// report and the summary, and the other inputs go on.
pub fn quiet_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !GUARDED.with(std::cell::Cell::get) {
            return default(info);
        }
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown".into()),
        };
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{at}")));
    }));
}

/// Run `f` on one input; a panic becomes the message a failed input shows.
fn guarded<T, R>(input: &T, f: &impl Fn(&T) -> R) -> Result<R, String> {
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(input)));
    GUARDED.with(|g| g.set(false));
    result.map_err(|_| {
        let what = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "a panic".into());
        format!(
            "vendorkit failed on this input (an internal error: {what}); the other inputs were processed; please report this with the file if you can"
        )
    })
}

/// Apply `f` to every input on a worker pool and hand each result to `sink` in input order
/// as soon as it and every earlier one are done, so a batch of any size holds only the results
/// still waiting for a slower earlier input. A progress bar (files done / total, rate, ETA, the
/// file in hand) is drawn on standard error when it is a terminal and `quiet` is off.
///
/// An input on which `f` panics becomes `failed(input, why)`: one bad input never takes the
/// batch down.
pub fn stream<T: Sync, R: Send>(
    inputs: &[T],
    opts: Options,
    label: impl Fn(&T) -> String + Sync,
    f: impl Fn(&T) -> R + Sync,
    failed: impl Fn(&T, String) -> R + Sync,
    mut sink: impl FnMut(usize, R),
) -> Duration {
    let start = Instant::now();
    let bar = (!opts.quiet && std::io::stderr().is_terminal() && inputs.len() > 1).then(|| {
        let bar = ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {per_sec:0}  eta {eta}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let work = |p: &T| {
        if let Some(b) = &bar {
            b.set_message(label(p));
        }
        let r = guarded(p, &f).unwrap_or_else(|why| failed(p, why));
        if let Some(b) = &bar {
            b.inc(1);
        }
        r
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .stack_size(WORKER_STACK_BYTES)
        .build()
    {
        Ok(pool) => {
            // Every worker takes the next input in order (not a half of the list each, as a
            // parallel iterator would): results arrive nearly in order, so the ones waiting
            // for an earlier input stay few however long the batch, and the sink writes while
            // the workers work. The channel is bounded: a slow sink holds the workers back
            // instead of letting results pile up.
            let next_input = AtomicUsize::new(0);
            let (tx, rx) =
                std::sync::mpsc::sync_channel::<(usize, R)>(4 * pool.current_num_threads());
            std::thread::scope(|scope| {
                let (work, next_input) = (&work, &next_input);
                scope.spawn(move || {
                    pool.broadcast(|_| {
                        let tx = tx.clone();
                        loop {
                            let i = next_input.fetch_add(1, Ordering::Relaxed);
                            let Some(p) = inputs.get(i) else { break };
                            // The receiver only goes away if the sink panicked.
                            if tx.send((i, work(p))).is_err() {
                                break;
                            }
                        }
                    });
                });
                let mut waiting = BTreeMap::new();
                let mut next = 0;
                for (i, r) in rx {
                    waiting.insert(i, r);
                    while let Some(r) = waiting.remove(&next) {
                        sink(next, r);
                        next += 1;
                    }
                }
            });
        }
        Err(_) => {
            for (i, p) in inputs.iter().enumerate() {
                sink(i, work(p));
            }
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    start.elapsed()
}

/// [`stream`], collecting the results (for small per-input results).
pub fn map<T: Sync, R: Send>(
    inputs: &[T],
    opts: Options,
    label: impl Fn(&T) -> String + Sync,
    f: impl Fn(&T) -> R + Sync,
    failed: impl Fn(&T, String) -> R + Sync,
) -> (Vec<R>, Duration) {
    let mut out = Vec::with_capacity(inputs.len());
    let took = stream(inputs, opts, label, f, failed, |_, r| out.push(r));
    (out, took)
}

/// How a batch went, for the closing summary on standard error.
#[derive(Debug, Default)]
pub struct Summary {
    /// True for `packet`, whose inputs are written (an input "with findings" is written as a
    /// draft) or failed, and whose summary is its only closing line, so it is printed even for
    /// one input.
    pub packets: bool,
    pub files: usize,
    pub clean: usize,
    pub with_findings: usize,
    /// Inputs that could not be used: (path, why in one line).
    pub failed: Vec<(String, String)>,
}

impl Summary {
    /// Count one input's outcome.
    pub fn add(&mut self, path: &str, outcome: Outcome) {
        self.files += 1;
        match outcome {
            Outcome::Clean => self.clean += 1,
            Outcome::Findings => self.with_findings += 1,
            Outcome::Failed(why) => self.failed.push((path.to_string(), why)),
        }
    }

    /// Print the summary unless quiet: counts, each failure on one line, and the time taken.
    /// A single review or lint input is left to its report, which says it all.
    pub fn print(&self, opts: Options, took: Duration) {
        if opts.quiet || (self.files < 2 && !self.packets) {
            return;
        }
        let secs = took.as_secs_f64();
        let failed = self.failed.len();
        if self.packets {
            let noun = if self.files == 1 {
                "engagement"
            } else {
                "engagements"
            };
            let drafts = match self.with_findings {
                0 => String::new(),
                n => format!(" ({n} as draft{})", if n == 1 { "" } else { "s" }),
            };
            eprintln!(
                "{} {noun}: {} written{drafts}, {failed} failed, in {secs:.2} s",
                self.files,
                self.clean + self.with_findings
            );
        } else {
            eprintln!(
                "{} files: {} clean, {} with findings, {failed} failed, in {secs:.2} s",
                self.files, self.clean, self.with_findings
            );
        }
        for (path, why) in &self.failed {
            eprintln!(
                "  failed: {}: {}",
                crate::report::visible(path),
                crate::report::visible(why)
            );
        }
    }
}

/// The outcome of one input.
pub enum Outcome {
    Clean,
    Findings,
    Failed(String),
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
                |_, why| why,
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

    /// Workers take inputs in order, so the results waiting for an earlier one stay few: the
    /// k-th input to start is never far from input k (a parallel iterator would start the
    /// second half at once and hold all of its results until the first half is done).
    #[test]
    fn inputs_start_in_order_so_few_results_wait() {
        let inputs: Vec<usize> = (0..400).collect();
        let jobs = 2;
        let started = std::sync::Mutex::new(Vec::new());
        let mut next = 0;
        stream(
            &inputs,
            Options {
                jobs,
                quiet: true,
                shard: None,
            },
            |i| i.to_string(),
            |&i| {
                started.lock().expect("lock").push(i);
                std::thread::sleep(Duration::from_micros(200));
                i
            },
            |&i, _| i,
            |i, r| {
                assert_eq!((i, r), (next, next));
                next += 1;
            },
        );
        let started = started.into_inner().expect("lock");
        for (k, &i) in started.iter().enumerate() {
            assert!(i.abs_diff(k) <= jobs, "input {i} started {k}th");
        }
        assert_eq!(next, inputs.len());
    }
}

#[cfg(test)]
mod panic_tests {
    use super::*;

    /// A panic on one input is that input's failure; every other input is still processed,
    /// in order.
    #[test]
    fn a_panic_on_one_input_fails_only_that_input() {
        quiet_panics();
        let inputs: Vec<usize> = (0..20).collect();
        let (out, _) = map(
            &inputs,
            Options {
                jobs: 2,
                quiet: true,
                shard: None,
            },
            |i| i.to_string(),
            |&i| {
                assert!(i != 7, "input seven is broken");
                format!("ok {i}")
            },
            |&i, why| format!("failed {i}: {why}"),
        );
        let _ = std::panic::take_hook();
        assert_eq!(out.len(), 20);
        assert!(
            out[7].starts_with("failed 7: vendorkit failed on this input"),
            "{}",
            out[7]
        );
        assert!(out[7].contains("input seven is broken"), "{}", out[7]);
        assert_eq!(out[8], "ok 8");
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
