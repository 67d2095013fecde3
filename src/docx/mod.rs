//! Word documents (.docx): the only module that knows WordprocessingML. It writes new
//! documents (the packet, a draft given as text) and edits a vendor's document in place (the
//! redline), reading with `quick-xml` and packing with `zip`, both already used to read Word.
//!
//! No DOCX crate is used. docx-rs, the most complete writer, numbers paragraphs from a
//! process-wide counter, so a document's bytes would depend on what else the process wrote
//! (and in what order a batch's threads ran); and a redline must keep every part and element
//! of the vendor's file untouched, which a read-into-a-model-and-write-back library cannot
//! promise for the elements it does not model.

pub mod edit;
mod package;
mod parts;
pub mod write;
pub mod xml;

pub use write::{Builder, Cell, Pages, Properties};
