//! Size limits on inputs, with one override for the whole run (`--max-file-size`), so a file
//! that is too big is refused with a message that says how to raise the limit.

use std::sync::atomic::{AtomicU64, Ordering};

/// 0 means "no override: use each reader's default".
static MAX_FILE_BYTES: AtomicU64 = AtomicU64::new(0);

/// Set the largest input file read, for this run.
pub fn set_max_file_bytes(bytes: u64) {
    MAX_FILE_BYTES.store(bytes, Ordering::Relaxed);
}

/// The largest input file read: the override if set, else `default`.
pub fn max_file_bytes(default: u64) -> u64 {
    match MAX_FILE_BYTES.load(Ordering::Relaxed) {
        0 => default,
        n => n,
    }
}

/// A size for people: `40KB`, `4MB`, `1.5 GB`.
pub fn show(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let n = bytes as f64 / size as f64;
            return if n.fract() == 0.0 {
                format!("{n}{unit}")
            } else {
                format!("{n:.1}{unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Parse `40KB`, `4MB`, `1GB` or a plain number of bytes.
pub fn parse(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let (number, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (t[..i].trim(), &t[i..]),
        None => (t.as_str(), "B"),
    };
    let scale: u64 = match unit {
        "B" => 1,
        "K" | "KB" => 1 << 10,
        "M" | "MB" => 1 << 20,
        "G" | "GB" => 1 << 30,
        _ => return Err(format!("`{s}`: use a size such as 40KB, 4MB or 1GB")),
    };
    let n: f64 = number
        .parse()
        .map_err(|_| format!("`{s}`: use a size such as 40KB, 4MB or 1GB"))?;
    if n <= 0.0 {
        return Err(format!("`{s}`: the size must be above zero"));
    }
    Ok((n * scale as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_show() {
        assert_eq!(parse("40KB").unwrap(), 40 * 1024);
        assert_eq!(parse("4mb").unwrap(), 4 << 20);
        assert_eq!(parse("100").unwrap(), 100);
        assert!(parse("lots").is_err() && parse("0").is_err());
        assert_eq!(show(40 * 1024), "40KB");
        assert_eq!(show(4 << 20), "4MB");
    }
}
