//! Converters from published tables to contract documents.
//!
//! [`budget_table`] reads a 歲出機關別預算表 (expenditure by agency) CSV, in
//! the layouts Kaohsiung has published, into one document per budget column.
//! Lines are mapped to taxonomy categories by a [`Mapping`] table kept in the
//! repository (`src/core/import/mappings/`), never by guesswork at run time.

pub mod budget_table;

pub use budget_table::{import_budget_table, Imported, Mapping, Which};

/// Why an import failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The input file.
    pub file: String,
    /// Where in it: e.g. `row 12` or `rules[3]`.
    pub at: String,
    /// What was expected and found.
    pub message: String,
}

impl ImportError {
    /// An error of `file` at `at` (empty: the file as a whole).
    pub fn new(file: &str, at: &str, message: String) -> Self {
        ImportError {
            file: file.to_owned(),
            at: at.to_owned(),
            message,
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.at, self.message)
        }
    }
}

impl std::error::Error for ImportError {}
