//! Size limits on inputs, with one override for the whole run (`--max-file-size`), so a file
//! that is too big is refused with a message that says how to raise the limit; and the one
//! way every input file is read: only regular files, never more than the limit plus one byte.

use std::io::Read;
use std::path::Path;
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

/// Read the input file at `path`, refusing what is not a regular file and anything over
/// `limit` bytes (checked on what is actually read, not on the length the file system reports:
/// `/dev/zero` reports 0). `what` names the kind of file in messages ("a contract file").
///
/// The file is opened without blocking and checked through the open handle, so a FIFO with no
/// writer (or a file swapped for one after a check by name) cannot hang the run.
pub fn read_file(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
    if meta.is_dir() {
        return Err(format!("{shown} is a folder, not {what}"));
    }
    if !meta.is_file() {
        return Err(format!(
            "{shown} is {}, not a regular file; vendorkit reads only regular files",
            special_kind(&meta)
        ));
    }
    let too_big = |size: u64| {
        format!(
            "{shown} is {}, over the {} limit for {what}; raise it with --max-file-size",
            show(size),
            show(limit)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {}", io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{shown} is over the {} limit for {what} (it grew while being read, or reports a wrong size); raise it with --max-file-size",
            show(limit)
        ));
    }
    Ok(bytes)
}

/// What a file that is not regular is, for messages.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// An I/O error without the "(os error N)" suffix people do not need, except where the OS
/// code names what happened better (a symlink loop).
fn io_reason(e: &std::io::Error) -> String {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "a symlink loop (too many levels of symbolic links); it was not followed".into();
    }
    e.to_string()
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
    if n.is_nan() || n <= 0.0 || !n.is_finite() {
        return Err(format!("`{s}`: the size must be above zero"));
    }
    let bytes = n * scale as f64;
    if bytes < 1.0 {
        return Err(format!("`{s}` is less than one byte; give at least 1"));
    }
    if bytes >= u64::MAX as f64 {
        return Err(format!("`{s}` is too large"));
    }
    Ok(bytes as u64)
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
        // Rounding to nothing used to mean "no override" (the default) silently.
        assert!(
            parse("0.0001KB")
                .unwrap_err()
                .contains("less than one byte")
        );
        assert!(parse("NaN").is_err() && parse("inf").is_err());
        assert_eq!(show(40 * 1024), "40KB");
        assert_eq!(show(4 << 20), "4MB");
    }
}
