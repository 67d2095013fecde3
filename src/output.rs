//! Writing output files so that none is ever half-written or silently replaced.

use std::path::Path;

/// What marks a temporary file (`.sow.pdf.vendorkit-tmp-<pid>`).
const TMP_MARK: &str = ".vendorkit-tmp-";

/// Remove temporary files a killed earlier run left in `dir` (never this process's own).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = format!("{TMP_MARK}{}", std::process::id());
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(TMP_MARK) && !name.ends_with(&own) {
            let _ = std::fs::remove_file(e.path());
        }
    }
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
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}{TMP_MARK}{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}
