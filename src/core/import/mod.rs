//! Converters from published tables to contract documents.
//!
//! [`source`] reads what cities publish (CSV in UTF-8 or Big5, .xls, .xlsx,
//! .ods) into CSV text; [`budget_table`] reads a 歲出機關別預算表 (expenditure
//! by agency), a bureau's section or a whole city's table, in the layouts
//! Kaohsiung and Taichung have published, into one document per budget column.
//! Lines are mapped to taxonomy categories by a [`Mapping`] table kept in the
//! repository (`src/core/import/mappings/`), never by guesswork at run time.

pub mod budget_table;
pub mod source;

pub use budget_table::{
    import_budget_table, import_budget_table_suggesting, Imported, Mapping, Unmapped, Which,
};

/// Why an import failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The input file.
    pub file: String,
    /// Where in it: e.g. `row 12` or `rules[3]`.
    pub at: String,
    /// What was expected and found.
    pub message: String,
    /// The lines no mapping rule covers, where that is why (each with its
    /// suggested rule, if any).
    pub unmapped: Vec<budget_table::Unmapped>,
}

impl ImportError {
    /// An error of `file` at `at` (empty: the file as a whole).
    pub fn new(file: &str, at: &str, message: String) -> Self {
        ImportError {
            file: file.to_owned(),
            at: at.to_owned(),
            message,
            unmapped: Vec::new(),
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
