//! vendorkit: contract packets, engagement review and contract linting for businesses that hire
//! outsourcing vendors. The binary (`src/main.rs`) is a thin shell over [`cli::run`].

pub mod batch;
pub mod catalogue;
pub mod cli;
pub mod docx;
pub mod engagement;
pub mod extract;
pub mod init;
pub mod layout;
pub mod limits;
pub mod lint;
pub mod output;
pub mod packet;
pub mod pdf;
pub mod prose;
pub mod redline;
pub mod report;
pub mod review;
pub mod select;
pub mod source;
pub mod yaml;
