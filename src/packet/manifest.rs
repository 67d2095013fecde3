//! `OUT/manifest.json`: the index of every packet in an output folder, each with its input
//! (path and SHA-256), the version and defaults file it was made with, and every file written
//! with its SHA-256. A run updates the entries of the engagements it wrote and keeps the
//! others whose files are still there, so a re-run of a subset (or another run into the same
//! folder at the same time) never drops them. Runs take turns through a lock on the folder.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

/// Merge `packets` (each with an `id` and `outputs`) into the manifest `name` in `dir`.
pub fn update(dir: &Path, name: &str, packets: Vec<Value>) -> Result<(), String> {
    if packets.is_empty() && !dir.join(name).exists() {
        return Ok(());
    }
    let _lock = lock(dir)?;
    let path = dir.join(name);
    let mut by_id: BTreeMap<String, Value> = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(&path)
        && let Ok(old) = serde_json::from_str::<Value>(&text)
    {
        for entry in old["packets"].as_array().into_iter().flatten() {
            if let Some(id) = entry["id"].as_str()
                && outputs_exist(dir, entry)
            {
                by_id.insert(id.to_string(), entry.clone());
            }
        }
    }
    for entry in packets {
        if let Some(id) = entry["id"].as_str() {
            by_id.insert(id.to_string(), entry);
        }
    }
    let manifest = json!({
        "tool": { "name": "vendorkit", "version": env!("CARGO_PKG_VERSION") },
        "packets": by_id.into_values().collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    crate::output::write_new_file(&path, text.as_bytes(), true)
}

/// Every file the manifests in `dir` (`manifest.json` and the shards' `manifest-K-of-N.json`)
/// record as written by vendorkit, by its path relative to `dir`, with its SHA-256 then. A
/// file still holding those bytes is vendorkit's to replace on a re-run; one edited since, or
/// never recorded, is the user's.
pub fn recorded_outputs(dir: &Path) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_manifest =
            name == "manifest.json" || (name.starts_with("manifest-") && name.ends_with(".json"));
        if !is_manifest || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let Ok(bytes) = crate::limits::read_file(&e.path(), 16 << 20, "manifest") else {
            continue;
        };
        let Ok(manifest) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        for entry in manifest["packets"].as_array().into_iter().flatten() {
            for o in entry["outputs"].as_array().into_iter().flatten() {
                if let (Some(p), Some(h)) = (o["path"].as_str(), o["sha256"].as_str()) {
                    out.insert(p.to_string(), h.to_string());
                }
            }
        }
    }
    out
}

/// Whether every output an entry lists is still in `dir`.
fn outputs_exist(dir: &Path, entry: &Value) -> bool {
    entry["outputs"].as_array().is_some_and(|outs| {
        outs.iter()
            .filter_map(|o| o["path"].as_str())
            .all(|p| dir.join(p).is_file())
    })
}

/// An exclusive lock on the folder, held until the guard is dropped.
fn lock(dir: &Path) -> Result<std::fs::File, String> {
    // On Unix the folder itself is locked, so nothing is added to it.
    #[cfg(unix)]
    let file = std::fs::File::open(dir);
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".vendorkit.lock"));
    let file = file.map_err(|e| format!("cannot lock {}: {e}", dir.display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", dir.display()))?;
    Ok(file)
}
