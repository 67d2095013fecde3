//! Writing output files so that none is ever half-written or silently replaced, also when
//! several runs write into one folder at once.

use std::path::Path;

/// What marks a temporary file (`.sow.pdf.vendorkit-tmp-<pid>`).
const TMP_MARK: &str = ".vendorkit-tmp-";

/// Remove temporary files a killed earlier run left in `dir`: never this process's own, and
/// never those of a run that is still going (its process is alive), so runs into the same
/// folder at the same time do not delete each other's files half-way.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((_, owner)) = name.split_once(TMP_MARK) else {
            continue;
        };
        let pid = owner.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !alive(pid, &e),
            None => false,
        };
        if name.starts_with('.') && stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether process `pid` (the owner of temporary file `entry`) is still running.
fn alive(pid: u32, entry: &std::fs::DirEntry) -> bool {
    #[cfg(unix)]
    {
        let _ = entry;
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 only asks whether the process exists (EPERM: it does, as another user).
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        // Without a cheap liveness test: a temporary file younger than an hour may be live.
        let _ = pid;
        entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_none_or(|age| age < std::time::Duration::from_secs(3600))
    }
}

/// A temporary name no other writer uses: the process id, and a count within the process.
fn temporary_name(name: &str) -> String {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(".{name}{TMP_MARK}{}-{n}", std::process::id())
}

/// A temporary file's path beside `path`, in the same folder (so a rename puts it in place).
fn temporary_beside(path: &Path) -> std::path::PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    dir.join(temporary_name(name))
}

/// Create `path` with `bytes`, atomically (a temporary file in the same folder, then a
/// rename), refusing to replace an existing file unless `force`.
pub fn write_new_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; pass --force to overwrite it",
            path.display()
        ));
    }
    let tmp = temporary_beside(path);
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}

/// A file written as a stream and put in place only when complete: the bytes go to a
/// temporary file beside it, renamed over `path` by [`AtomicFile::commit`]. Dropped without a
/// commit (the run failed), the temporary file is removed and `path` is left as it was.
pub struct AtomicFile {
    path: std::path::PathBuf,
    tmp: std::path::PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        let tmp = temporary_beside(path);
        let file = std::fs::File::create(&tmp)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Flush and put the file in place.
    pub fn commit(mut self) -> Result<(), String> {
        let file = self.file.take().expect("committed once");
        let path = self.path.clone();
        let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
        file.into_inner()
            .map_err(|e| fail(e.into_error()))?
            .sync_all()
            .map_err(fail)?;
        std::fs::rename(&self.tmp, &self.path).map_err(fail)
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open until committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open until committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
