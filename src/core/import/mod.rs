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

use crate::core::model::{Document, Stage, Taxonomy};

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

/// What a reader's file gave ([`import_file`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FileImport {
    /// The documents, this year first, each with where it came from in its
    /// source (`file`, and `kind`: the column, the sheet, the import).
    pub documents: Vec<Document>,
    /// How the file was read: `xls workbook, sheet "…"`, `contract JSON`.
    pub read_as: String,
    /// What the reader should know: where the fiscal year came from when
    /// the file does not state it, rows whose 比較 does not add up, a
    /// document's warnings.
    pub notes: Vec<String>,
}

/// Imports a file a reader chose (the widget's 加入年度 / Add a year): a
/// contract document or collection (JSON), checked as `validate` checks it,
/// or a 歲出機關別預算表 in any form [`source::read_table_file`] reads,
/// imported with the mapping kept in the repository for the city it names
/// ([`Mapping::of_table`]), its 本年度 and 上年度 columns; the 本年度 column's
/// stage is `stage` where given, else the table's or the mapping's. The fiscal year is
/// `year` where given, else the table's, else the one the file name gives
/// (`taichung-105-….xls`: a single number from 90 to 199). A line no rule
/// covers stops the import, listed with a rule suggested from `known`.
pub fn import_file(
    file: &str,
    bytes: &[u8],
    year: Option<u16>,
    stage: Option<Stage>,
    taxonomy: &Taxonomy,
    known: &[(String, Document)],
) -> Result<FileImport, ImportError> {
    let text_start = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if text_start == Some(&b'{') {
        return json_file(file, bytes, taxonomy);
    }
    let table = source::read_table_file(file, bytes, None)?;
    let mut mapping = Mapping::of_table(&table.text).unwrap_or_else(|| {
        Err(ImportError::new(
            file,
            "",
            "expected a table that names its city (臺中市 or 高雄市) in its title or 款 row, found neither".into(),
        ))
    })?;
    mapping.stage = stage;
    let imported = budget_table::import_budget_table_with_fallback(
        file,
        &table.text,
        year,
        year_in_file_name(file),
        Which::Both,
        &mapping,
        known,
    )?;
    let mut notes = Vec::new();
    if imported.year_assumed {
        if let Some(doc) = imported.documents.first() {
            notes.push(format!(
                "fiscal year {} from the file name: the table does not state it",
                doc.fiscal_year
            ));
        }
    }
    let mut documents = imported.documents;
    for doc in &mut documents {
        for source in &mut doc.sources {
            let kind = source.kind.take().unwrap_or_default();
            source.kind = Some(format!(
                "{kind}; read from {}, imported by a reader in the budget-compare widget (自行匯入), not a published data set",
                table.read_as
            ));
        }
    }
    notes.extend(imported.warnings);
    Ok(FileImport {
        documents,
        read_as: table.read_as,
        notes,
    })
}

/// The documents of a data set as the importer's suggestions name them
/// (`kaohsiung-105.json`, the file name `budget-compare import` gives).
pub fn known_documents(ds: &crate::core::dataset::Dataset) -> Vec<(String, Document)> {
    ds.documents
        .iter()
        .map(|d| (budget_table::document_file_name(d), d.clone()))
        .collect()
}

/// A contract JSON file a reader chose, checked against `taxonomy`.
fn json_file(file: &str, bytes: &[u8], taxonomy: &Taxonomy) -> Result<FileImport, ImportError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| ImportError::new(file, "", format!("expected UTF-8 JSON, found {e}")))?;
    let mut diagnostics = Vec::new();
    let slots = crate::core::validate::check_file(file, text, taxonomy, &[], &mut diagnostics);
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
    let documents: Vec<Document> = slots.into_iter().flatten().collect();
    // The first error, and the others after it, each on a line of its own.
    if let Some((first, rest)) = errors.split_first() {
        let mut message = first.kind.to_string();
        for other in rest {
            message.push('\n');
            message.push_str(&other.to_string());
        }
        return Err(ImportError::new(file, &first.path, message));
    }
    if documents.is_empty() {
        return Err(ImportError::new(
            file,
            "",
            "expected a budget-compare document, found none".into(),
        ));
    }
    Ok(FileImport {
        documents,
        read_as: "contract JSON".to_owned(),
        notes: warnings.iter().map(ToString::to_string).collect(),
    })
}

/// The fiscal year (ROC) a file name gives: its single run of two or three
/// digits from 90 to 199 (`taichung-105-city-agency-budget-table.xls`).
pub fn year_in_file_name(file: &str) -> Option<u16> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut found = None;
    for run in name.split(|c: char| !c.is_ascii_digit()) {
        if let Ok(y @ 90..=199) = run.parse::<u16>() {
            if run.len() <= 3 {
                if found.is_some() {
                    return None;
                }
                found = Some(y);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::year_in_file_name;

    #[test]
    fn a_year_from_the_file_name_when_there_is_one() {
        assert_eq!(
            year_in_file_name("taichung-105-city-agency-budget-table.xls"),
            Some(105)
        );
        assert_eq!(
            year_in_file_name("dir/115年度歲出機關別預算表.ods"),
            Some(115)
        );
        assert_eq!(
            year_in_file_name("budget-2016.xls"),
            None,
            "a Gregorian year is not one"
        );
        assert_eq!(year_in_file_name("104-105.csv"), None, "two years: which?");
        assert_eq!(year_in_file_name("table.xlsx"), None);
        assert_eq!(year_in_file_name("k-88.csv"), None);
    }
}
