//! The zip container of a Word document, written so the same parts give the same bytes: a
//! fixed entry order, fixed dates (1980-01-01, the zip epoch) and fixed permissions.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The options every new entry is written with (an edited entry keeps its original date).
pub fn options(modified: Option<DateTime>) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(modified.unwrap_or_default())
        .unix_permissions(0o644)
}

/// A package being written: parts are added in order, then [`Package::finish`] gives the bytes.
pub struct Package {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    /// Parts stored uncompressed (see [`Package::stored`]).
    stored: bool,
}

impl Package {
    pub fn new() -> Package {
        Package {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            stored: false,
        }
    }

    /// A package whose parts are stored, not compressed: for a document made only to be read
    /// back at once (a text draft on its way to a redline), whose very repetitive text would
    /// otherwise compress past the reader's zip-bomb ratio.
    pub fn stored() -> Package {
        Package {
            stored: true,
            ..Package::new()
        }
    }

    /// Add one part (`word/document.xml`) with its content.
    pub fn part(&mut self, name: &str, content: &[u8]) -> Result<(), String> {
        self.part_dated(name, content, None)
    }

    /// [`Package::part`] with the entry's date (kept from the original when editing).
    pub fn part_dated(
        &mut self,
        name: &str,
        content: &[u8],
        modified: Option<DateTime>,
    ) -> Result<(), String> {
        let mut options = options(modified);
        if self.stored {
            options = options.compression_method(CompressionMethod::Stored);
        }
        self.zip
            .start_file(name, options)
            .and_then(|()| self.zip.write_all(content).map_err(Into::into))
            .map_err(|e| format!("cannot write {name} into the Word package: {e}"))
    }

    /// Copy an entry of another package as it is, compressed bytes and all.
    pub fn copy<R: std::io::Read>(
        &mut self,
        entry: zip::read::ZipFile<'_, R>,
    ) -> Result<(), String> {
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        self.zip
            .raw_copy_file(entry)
            .map_err(|e| format!("cannot copy {name} into the Word package: {e}"))
    }

    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.zip
            .finish()
            .map(Cursor::into_inner)
            .map_err(|e| format!("cannot finish the Word package: {e}"))
    }
}
