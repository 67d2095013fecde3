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
