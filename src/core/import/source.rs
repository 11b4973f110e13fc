//! What cities publish, read into the CSV text the table importer reads
//! ([`super::import_budget_table`]): a CSV in UTF-8 or in Big5 (CP950, what
//! Taiwanese government portals often still publish), detected or named;
//! or a spreadsheet (.xls, .xlsx, .ods), read through calamine, whose first
//! sheet with a 款,項,目,節 header row becomes CSV.
//!
//! What a file is comes from its bytes, not its name: a PNG renamed `.xls`
//! is named as a PNG.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};

use super::budget_table::is_header_row;
use super::ImportError;

/// The largest file read: the official whole-city table is 1.3 MB.
pub const MAX_TABLE_BYTES: usize = 20 * 1024 * 1024;

/// A CSV file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is dropped).
    Utf8,
    /// Big5, as Windows' code page 950 and the WHATWG Encoding Standard have it.
    Big5,
}

impl Encoding {
    /// `utf-8` / `big5` (also `cp950`), as `--encoding` takes it.
    pub fn from_name(name: &str) -> Option<Encoding> {
        match name.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "big5" | "cp950" | "big-5" => Some(Encoding::Big5),
            _ => None,
        }
    }
}

/// A table file read into CSV text, and what it was.
#[derive(Debug, Clone, PartialEq)]
pub struct TableText {
    /// The table as CSV.
    pub text: String,
    /// What was read, for the provenance note: `UTF-8 CSV`, `Big5 CSV`,
    /// `xls workbook, sheet "Sheet1"`.
    pub read_as: String,
}

/// Refuses a file of `len` bytes over [`MAX_TABLE_BYTES`] (before it is
/// read, where its size is known first).
pub fn check_size(file: &str, len: usize) -> Result<(), ImportError> {
    if len > MAX_TABLE_BYTES {
        return Err(ImportError::new(
            file,
            "",
            format!(
                "expected a table of at most {} MiB, found {:.1} MiB",
                MAX_TABLE_BYTES / (1024 * 1024),
                len as f64 / (1024.0 * 1024.0)
            ),
        ));
    }
    Ok(())
}

/// Reads the table file `file` (its name, for messages) from `bytes`:
/// a spreadsheet by its signature, else CSV text in `encoding`, or, where
/// `None`, UTF-8 if the bytes are UTF-8 and Big5 if they are Big5.
pub fn read_table_file(
    file: &str,
    bytes: &[u8],
    encoding: Option<Encoding>,
) -> Result<TableText, ImportError> {
    let err = |message: String| ImportError::new(file, "", message);
    check_size(file, bytes.len())?;
    if bytes.is_empty() {
        return Err(err("expected a budget table, found an empty file".into()));
    }
    if is_spreadsheet(bytes) {
        return spreadsheet(file, bytes);
    }
    if let Some(other) = other_kind(bytes) {
        return Err(err(format!(
            "expected a budget table (CSV, .xls, .xlsx or .ods), found {other}"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match encoding {
        Some(Encoding::Utf8) => std::str::from_utf8(bytes)
            .map(|t| csv_text(t, "UTF-8 CSV"))
            .map_err(|e| err(format!("expected UTF-8 text (as --encoding says), found {e}"))),
        Some(Encoding::Big5) => big5(bytes)
            .map(|t| csv_text(&t, "Big5 CSV"))
            .ok_or_else(|| err("expected Big5 text (as --encoding says), found bytes Big5 does not have".into())),
        None => match std::str::from_utf8(bytes) {
            Ok(t) => Ok(csv_text(t, "UTF-8 CSV")),
            Err(_) => big5(bytes)
                .map(|t| csv_text(&t, "Big5 CSV (detected)"))
                .ok_or_else(|| {
                    err("expected CSV text in UTF-8 or Big5, found neither (pass --encoding to say which)".into())
                }),
        },
    }
}

fn csv_text(text: &str, read_as: &str) -> TableText {
    TableText {
        text: text.to_owned(),
        read_as: read_as.to_owned(),
    }
}

/// `bytes` decoded as Big5; `None` where they are not Big5.
fn big5(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = encoding_rs::BIG5.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// Whether `bytes` start as a spreadsheet does: an OLE compound file (.xls)
/// or a zip archive (.xlsx, .ods); calamine tells which.
fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        || bytes.starts_with(b"PK\x03\x04")
}

/// A binary file that is no table, by its signature.
fn other_kind(bytes: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 6] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (
            b"%PDF",
            "a PDF document (tables in a PDF must be exported to a spreadsheet or CSV first)",
        ),
        (b"PK\x05\x06", "an empty zip archive"),
        (b"\x1f\x8b", "a gzip archive"),
    ];
    KINDS
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// The first sheet of a workbook that holds a 款,項,目,節 header row, as CSV.
fn spreadsheet(file: &str, bytes: &[u8]) -> Result<TableText, ImportError> {
    let err = |message: String| ImportError::new(file, "", message);
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
        err(format!(
            "expected a spreadsheet (.xls, .xlsx or .ods), found one that cannot be read: {e}"
        ))
    })?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(err(
            "expected a sheet with the budget table, found an empty workbook".into(),
        ));
    }
    for name in &names {
        let Ok(range) = book.worksheet_range(name) else {
            continue;
        };
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect())
            .collect();
        if !rows.iter().any(|r| is_header_row(r)) {
            continue;
        }
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for row in &rows {
            out.write_record(row)
                .map_err(|e| err(format!("sheet {name:?}: {e}")))?;
        }
        let text = out
            .into_inner()
            .map_err(|e| err(format!("sheet {name:?}: {e}")))
            .and_then(|b| String::from_utf8(b).map_err(|e| err(format!("sheet {name:?}: {e}"))))?;
        let format = match &book {
            Sheets::Xls(_) => "xls",
            Sheets::Xlsx(_) => "xlsx",
            Sheets::Xlsb(_) => "xlsb",
            Sheets::Ods(_) => "ods",
        };
        return Ok(TableText {
            text,
            read_as: format!("{format} workbook, sheet {name:?}"),
        });
    }
    Err(err(format!(
        "expected a sheet with a 款,項,目,節 header row (a 歲出機關別預算表), found none in {} sheet(s): {}",
        names.len(),
        names.join(", ")
    )))
}

/// A cell as the CSV the importer reads has it: numbers without
/// separators, text as it is.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}
