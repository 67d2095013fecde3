//! What a command's input arguments name: files, folders (walked with the usual ignore rules
//! via the `ignore` crate, as ripgrep does), glob patterns, `-` for one input's content on
//! standard input (as ruff, Vale and ripgrep read it), and `--files-from` lists of paths.
//! Each path comes out once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The name standard input is reported under (`--stdin-filename`; its extension also picks
/// the reader), set once by the command line.
static STDIN_NAME: OnceLock<String> = OnceLock::new();

/// Name standard input `name` in reports (call once, before the inputs are read).
pub fn set_stdin_name(name: &str) {
    let _ = STDIN_NAME.set(name.to_string());
}

/// Whether `path` stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How an input is named in reports: its path, or for `-` the `--stdin-filename` (default
/// `<stdin>`).
pub fn shown(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME
            .get()
            .cloned()
            .unwrap_or_else(|| "<stdin>".to_string())
    } else {
        path.display().to_string()
    }
}

/// The path standing in for standard input where a real one is needed (its extension picks
/// the reader, its folder the config): the `--stdin-filename`, else `<stdin>` in the current
/// folder.
pub fn stand_in(path: &Path) -> PathBuf {
    if is_stdin(path) {
        PathBuf::from(shown(path))
    } else {
        path.to_path_buf()
    }
}

/// Read all of standard input, up to `limit` bytes (`what` names the input in the error).
pub fn read_stdin(limit: u64, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} from standard input: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "standard input is over the {} limit for {what}; raise it with --max-file-size",
            crate::limits::show(limit)
        ));
    }
    Ok(bytes)
}

/// The paths listed in `file` (`-`: standard input), one per line; blank lines are skipped.
pub fn files_from(file: &Path) -> Result<Vec<PathBuf>, String> {
    let text = if is_stdin(file) {
        String::from_utf8(read_stdin(64 << 20, "the list of paths")?)
            .map_err(|_| "the list of paths on standard input is not UTF-8 text".to_string())?
    } else {
        let bytes = crate::limits::read_file(file, 64 << 20, "a list of paths")?;
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", file.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect())
}

/// The expanded inputs, plus the entries of folders that could not be read (a permission
/// problem, a symlink loop): those are failures of the run, reported with the rest.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub unreadable: Vec<(PathBuf, String)>,
    /// Files folder walks passed over because they are not inputs of this command (a YAML
    /// file with no `engagement:` block, for `review`), with the folder walked.
    pub skipped: Vec<PathBuf>,
}

/// What a folder walk takes besides the extension: `None` takes every file with one;
/// [`engagements_only`] takes only engagement files.
pub type Sniff = fn(&Path) -> bool;

/// Whether a YAML file is an engagement: it has a top-level `engagement:` block. (Read from
/// the first 64 KB; engagement files are a few KB.)
pub fn engagements_only(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        // Unreadable files are kept, so the run reports them.
        return true;
    };
    if file.take(64 * 1024).read_to_end(&mut head).is_err() {
        return true;
    }
    String::from_utf8_lossy(&head)
        .lines()
        .any(|l| l.starts_with("engagement:"))
}

/// The `include` and `exclude` globs of the config that governs a walked folder (its own or
/// the nearest above), relative to the config's folder.
struct Globs {
    base: PathBuf,
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl Globs {
    fn for_folder(dir: &Path) -> Result<Option<Globs>, String> {
        let Some(config) = crate::lint::config::discover(dir)? else {
            return Ok(None);
        };
        let set = |patterns: &[String], key: &str| -> Result<Option<globset::GlobSet>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for p in patterns {
                b.add(globset::Glob::new(p).map_err(|e| {
                    format!("bad `{key}` pattern `{p}` in {}: {e}", config_path(&config))
                })?);
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        let base = config
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Ok(Some(Globs {
            include: set(&config.include, "include")?,
            exclude: set(&config.exclude, "exclude")?,
            base,
        }))
    }

    /// Whether a walked file is taken (`Some(true)`: named by `include`, so taken whatever
    /// it holds), left out (`None`: not matched by `include`, or matched by `exclude`), or left
    /// to the command (`Some(false)`).
    fn take(&self, path: &Path) -> Option<bool> {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = absolute.strip_prefix(&self.base).unwrap_or(&absolute);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(relative)) {
            return None;
        }
        match &self.include {
            Some(g) if g.is_match(relative) => Some(true),
            Some(_) => None,
            None => Some(false),
        }
    }
}

fn config_path(c: &crate::lint::config::Config) -> String {
    c.path
        .as_ref()
        .map_or_else(|| ".vendorkit.yaml".into(), |p| p.display().to_string())
}

/// Expand the command-line inputs. Folders are searched recursively for files with one of
/// `extensions`, skipping hidden files and folders and whatever `.gitignore` / `.ignore` files
/// exclude (in or out of a git checkout); symlinks are not followed. A named file is kept even
/// if it does not exist, so the run reports it as unreadable. Errors are usage problems: a
/// pattern that is malformed or matches nothing, a folder with no matching file.
///
/// A walk never takes vendorkit's own config files, applies the `include` / `exclude` globs of
/// the config governing the folder, and, given `sniff`, takes only the files it accepts
/// (the others are counted in [`Inputs::skipped`]).
pub fn expand(
    inputs: &[PathBuf],
    extensions: &[&str],
    sniff: Option<Sniff>,
) -> Result<Inputs, String> {
    let mut out = Inputs::default();
    for input in inputs.iter().cloned() {
        let text = input.to_string_lossy();
        if is_stdin(&input) {
            out.files.push(input);
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            let before = out.files.len();
            glob(&text, &mut out)?;
            if out.files.len() == before {
                return Err(format!("`{text}` matches no files"));
            }
            out.files[before..].sort();
        } else if input.is_dir() {
            let before = out.files.len();
            let globs = Globs::for_folder(&input)?;
            walk(&input, extensions, &mut out);
            let walked = out.files.split_off(before);
            for f in walked {
                let own_config = f
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| crate::lint::config::FILE_NAMES.contains(&n));
                let named = match globs.as_ref().map(|g| g.take(&f)) {
                    _ if own_config => continue,
                    Some(None) => continue,
                    Some(Some(named)) => named,
                    None => false,
                };
                if !named && sniff.is_some_and(|keep| !keep(&f)) {
                    out.skipped.push(f);
                    continue;
                }
                out.files.push(f);
            }
            if out.files.len() == before && out.unreadable.is_empty() && out.skipped.is_empty() {
                return Err(format!(
                    "{} contains no {} files",
                    input.display(),
                    extensions.join("/")
                ));
            }
            out.files[before..].sort();
        } else {
            out.files.push(input);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.files.retain(|f| seen.insert(f.clone()));
    Ok(out)
}

fn walk(dir: &Path, extensions: &[&str], out: &mut Inputs) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let path = e.path();
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                if is_file
                    && path
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| extensions.iter().any(|w| w.eq_ignore_ascii_case(x)))
                {
                    out.files.push(path.to_path_buf());
                }
            }
            Err(err) => {
                let path = walk_error_path(&err).unwrap_or_else(|| dir.to_path_buf());
                out.unreadable.push((path, walk_error_reason(&err)));
            }
        }
    }
}

/// The files matching a glob pattern (`*` and `?` within one path component, `**` across
/// them, `[...]` classes), found by walking from the pattern's literal leading folders without
/// following symlinks: a glob through a symlink loop would otherwise never end. Hidden files
/// and ignore files do not hide anything from a pattern the user wrote.
fn glob(pattern: &str, out: &mut Inputs) -> Result<(), String> {
    let matcher = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| format!("bad pattern `{pattern}`: {e}"))?
        .compile_matcher();
    // The folders before the first component with a wildcard are walked from.
    let mut base = PathBuf::new();
    for part in Path::new(pattern).components() {
        if part.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        base.push(part);
    }
    let root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base.clone()
    };
    if !root.is_dir() {
        return Ok(());
    }
    let walker = ignore::WalkBuilder::new(&root)
        .standard_filters(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                // Matched as written: `./x` or `x` depending on how the pattern starts.
                let path = if base.as_os_str().is_empty() {
                    e.path().strip_prefix(".").unwrap_or(e.path()).to_path_buf()
                } else {
                    e.path().to_path_buf()
                };
                if matcher.is_match(&path) {
                    out.files.push(path);
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = walk_error_path(&err).unwrap_or_else(|| root.clone());
                out.unreadable.push((path, walk_error_reason(&err)));
            }
        }
    }
    Ok(())
}

/// The path a walk error is about, when it names one.
fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Why a walk error happened, without the path (shown beside it).
fn walk_error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!(
                "a symlink loop back to {}; it was skipped",
                ancestor.display()
            )
        }
        ignore::Error::Io(e) => match e.raw_os_error() {
            Some(code) => format!(
                "cannot be read: {}",
                std::io::Error::from_raw_os_error(code)
            ),
            None => format!("cannot be read: {e}"),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignored_and_hidden_files_are_skipped_outside_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("keep")).unwrap();
        std::fs::create_dir_all(root.join("build")).unwrap();
        std::fs::create_dir_all(root.join(".cache")).unwrap();
        for f in [
            "keep/a.yaml",
            "build/b.yaml",
            ".cache/c.yaml",
            "d.yml",
            "e.txt",
            "old.yaml",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "build/\nold.yaml\n").unwrap();
        let got = expand(&[root.to_path_buf()], &["yaml", "yml"], None).unwrap();
        let names: Vec<String> = got
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["d.yml", "keep/a.yaml"]);
        assert!(got.unreadable.is_empty());
    }

    #[test]
    fn a_path_given_twice_is_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.yaml");
        std::fs::write(&f, "x").unwrap();
        let got = expand(
            &[f.clone(), dir.path().to_path_buf(), f.clone()],
            &["yaml"],
            None,
        )
        .unwrap();
        assert_eq!(got.files, [f]);
    }

    #[test]
    fn globs_match_across_folders_and_never_follow_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        for f in ["a/x.md", "a/b/y.md", "a/b/z.txt", "top.md"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        // A loop back to the top: the glob crate walked it until the path was too long.
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("a/b/loop")).unwrap();
        let pattern = format!("{}/**/*.md", root.display());
        let got = expand(&[PathBuf::from(&pattern)], &["md"], None).unwrap();
        let names: Vec<String> = got
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a/b/y.md", "a/x.md", "top.md"]);
        let one = format!("{}/a/*.md", root.display());
        assert_eq!(
            expand(&[PathBuf::from(one)], &["md"], None)
                .unwrap()
                .files
                .len(),
            1
        );
    }
}
