//! The little-endian numbers the build script's tables are written in ([`super::shape`]'s
//! shapes and pieces, [`super::keywords`]'s table), and read back with at run time. The build
//! script reads this module too.

/// Append `n` as a little-endian `u32`; `None` when it does not fit.
pub fn put(out: &mut Vec<u8>, n: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    Some(())
}

/// The little-endian `u32` at `bytes[*at..]`, moving past it.
pub fn number(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let part = take(bytes, at, 4)?;
    Some(u32::from_le_bytes(part.try_into().ok()?) as usize)
}

/// The `n` bytes at `bytes[*at..]`, moving past them.
pub fn take<'b>(bytes: &'b [u8], at: &mut usize, n: usize) -> Option<&'b [u8]> {
    let part = bytes.get(*at..at.checked_add(n)?)?;
    *at += n;
    Some(part)
}
