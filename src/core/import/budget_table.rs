//! The 歲出機關別預算表 CSV importer.
//!
//! Two layouts are known (see `shared/data-sources/README.md`):
//! - *separate codes* (fiscal 105): `款,項,目,節,unit code,line code,名稱,本年度,上年度,比較,說明`;
//! - *combined* (fiscal 106): `款,項,目,節,"code\nname",本年度,上年度,比較,說明`.
//!
//! Both are found by the header row that starts `款,項,目,節`: the column
//! whose header is 名稱及編號 holds the name, the three after it the amounts,
//! the next the explanation (說明). Quirks handled: tabs, full-width spaces,
//! thousands separators, `-` for zero, `-\t` for negative differences, names
//! wrapped across lines, rows of full-width spaces used as layout filler.
//!
//! The hierarchy comes from which of 款 / 項 / 目 / 節 is filled: the 款 row
//! is the bureau total (the document's stated total), each 項 is a unit (a
//! top-level line), each 目 a work plan, each 節 a leaf.

use serde::Serialize;

use super::ImportError;
use crate::core::json::from_json_struct;
use crate::core::model::{
    Amount, Budget, CategoryId, City, Document, FiscalYear, FormatTag, Line, Localized, Source,
};

/// Category rules and the names that go with one city's tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    /// The city the tables are about.
    pub city: City,
    /// The agency (the 款 of the table).
    pub agency: Localized,
    /// Who publishes the table.
    pub publisher: String,
    /// Prefixes stripped, in order, from unit names before matching rules
    /// (e.g. 高雄市政府, then 勞工局), unless nothing would be left.
    #[serde(default)]
    pub strip_prefixes: Vec<String>,
    /// The rules: the first that matches a leaf gives its category.
    pub rules: Vec<Rule>,
}

/// One mapping rule: unit › work plan (目) › line (節) → category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// Unit name after prefix stripping, or `*`.
    pub unit: String,
    /// Work plan (目) name, or `*`.
    pub program: String,
    /// Line (節) name, or `*`.
    pub line: String,
    /// The taxonomy category.
    pub category: CategoryId,
    /// Why: for maintainers, not shown.
    #[serde(default)]
    pub why: String,
}

from_json_struct!(Mapping {
    city: req,
    agency: req,
    publisher: req,
    strip_prefixes: or_default,
    rules: req
});
from_json_struct!(Rule {
    unit: req,
    program: req,
    line: req,
    category: req,
    why: or_default
});

impl Mapping {
    /// Reads a mapping table (JSON).
    pub fn from_json(file: &str, text: &str) -> Result<Mapping, ImportError> {
        crate::core::validate::parse(file, text).map_err(|d| ImportError {
            file: file.to_owned(),
            at: d.path.clone(),
            message: d.kind.to_string(),
        })
    }

    /// The mapping for Kaohsiung's Labor Bureau tables, kept in the repository.
    pub fn kaohsiung() -> Result<Mapping, ImportError> {
        Self::from_json(
            "kaohsiung-labor.json",
            include_str!("mappings/kaohsiung-labor.json"),
        )
    }

    /// A unit's name without the prefixes that vary between editions
    /// (高雄市政府勞工局勞動檢查處 → 勞動檢查處).
    pub fn unit_key<'a>(&self, name: &'a str) -> &'a str {
        let mut key = name;
        for prefix in &self.strip_prefixes {
            if let Some(rest) = key.strip_prefix(prefix.as_str()) {
                if !rest.is_empty() {
                    key = rest;
                }
            }
        }
        key
    }

    fn category(&self, unit: &str, program: &str, line: &str) -> Option<&CategoryId> {
        let unit = self.unit_key(unit);
        let matches = |pattern: &str, name: &str| pattern == "*" || pattern == name;
        self.rules
            .iter()
            .find(|r| {
                matches(&r.unit, unit) && matches(&r.program, program) && matches(&r.line, line)
            })
            .map(|r| &r.category)
    }
}

/// Which budget column(s) to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// 本年度預算數: the table's own fiscal year.
    ThisYear,
    /// 上年度預算數: the year before.
    LastYear,
    /// Both.
    Both,
}

/// The documents made from one table, with the consistency problems found.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// One document per imported column, this year first.
    pub documents: Vec<Document>,
    /// Rows whose 比較 column is not 本年度 − 上年度.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Kuan,
    Xiang,
    Mu,
    Jie,
}

#[derive(Debug, Clone)]
struct Row {
    number: usize,
    level: Level,
    ordinal: String,
    code: Option<String>,
    name: String,
    this_year: u64,
    last_year: u64,
    note: Option<String>,
}

/// Removes every kind of white space the tables use (tabs, newlines, U+3000).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn parse_amount(cell: &str) -> Option<i64> {
    let s = squeeze(cell).replace(',', "");
    match s.as_str() {
        "" => None,
        "-" => Some(0),
        _ => {
            let (negative, digits) = match s.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, s.as_str()),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let n: i64 = digits.parse().ok()?;
            Some(if negative { -n } else { n })
        }
    }
}

/// The 說明 text without the table's layout: wrapped lines joined, a line
/// break kept before each numbered item ("1.", "2.").
fn clean_note(cell: &str) -> Option<String> {
    let mut out = String::new();
    for line in cell.lines() {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            continue;
        }
        let numbered = line
            .split_once('.')
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if numbered && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    (!out.is_empty()).then_some(out)
}

/// Splits a combined `code\nname` cell; a cell without a leading code is all name.
fn split_code(cell: &str) -> (Option<String>, String) {
    let mut lines = cell.lines();
    let first = lines.next().map(squeeze).unwrap_or_default();
    if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) {
        (Some(first), squeeze(&lines.collect::<Vec<_>>().join("")))
    } else {
        (None, squeeze(cell))
    }
}

fn fiscal_year_in(text: &str) -> Option<u16> {
    let squeezed = squeeze(text);
    let start = squeezed.find("中華民國")? + "中華民國".len();
    let rest = &squeezed[start..];
    let end = rest.find("年度")?;
    rest[..end].parse().ok()
}

struct Table {
    year: Option<u16>,
    rows: Vec<Row>,
    warnings: Vec<String>,
}

fn read_table(file: &str, text: &str) -> Result<Table, ImportError> {
    let err = |at: String, message: String| ImportError {
        file: file.to_owned(),
        at,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut year = None;
    let mut name_col: Option<usize> = None;
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 1;
        let at = format!("record {number}");
        let record = record.map_err(|e| err(at.clone(), format!("expected CSV, found {e}")))?;
        let cells: Vec<&str> = record.iter().collect();
        let Some(name_at) = name_col else {
            if let Some(y) = cells.iter().find_map(|c| fiscal_year_in(c)) {
                year = Some(y);
            }
            if cells.len() > 4 && squeeze(&cells[..4].concat()) == "款項目節" {
                name_col = cells.iter().position(|c| squeeze(c) == "名稱及編號");
                if name_col.is_none() {
                    return Err(err(
                        at,
                        "expected a 名稱及編號 column in the 款,項,目,節 header row".into(),
                    ));
                }
            }
            continue;
        };
        if cells.iter().all(|c| squeeze(c).is_empty()) {
            continue;
        }
        let level = match cells.iter().take(4).position(|c| !squeeze(c).is_empty()) {
            Some(0) => Level::Kuan,
            Some(1) => Level::Xiang,
            Some(2) => Level::Mu,
            Some(3) => Level::Jie,
            _ => {
                return Err(err(
                    at,
                    "expected one of 款 / 項 / 目 / 節 to be filled".into(),
                ))
            }
        };
        let cell = |k: usize| cells.get(k).copied().unwrap_or("");
        let ordinal = squeeze(cells[level as usize]);
        let (mut code, name) = split_code(cell(name_at));
        for c in cells.iter().take(name_at).skip(4) {
            let c = squeeze(c);
            if !c.is_empty() {
                code = Some(c);
            }
        }
        let amount = |k: usize, what: &str| {
            parse_amount(cell(name_at + k)).ok_or_else(|| {
                err(
                    at.clone(),
                    format!(
                        "{what}: expected an amount like 1,593 or -, found {:?}",
                        cell(name_at + k)
                    ),
                )
            })
        };
        let this_year = amount(1, "本年度預算數")?;
        let last_year = amount(2, "上年度預算數")?;
        let difference = amount(3, "本年度與上年度比較")?;
        if this_year < 0 || last_year < 0 {
            return Err(err(at, "expected non-negative budget amounts".into()));
        }
        if this_year - last_year != difference {
            warnings.push(format!(
                "{file}: {at}: {name}: 比較 says {difference}, but 本年度 {this_year} − 上年度 {last_year} = {}",
                this_year - last_year
            ));
        }
        rows.push(Row {
            number,
            level,
            ordinal: ordinal.trim_start_matches('0').to_owned(),
            code,
            name,
            this_year: this_year as u64,
            last_year: last_year as u64,
            note: clean_note(cell(name_at + 4)),
        });
    }
    if name_col.is_none() {
        return Err(err(
            String::new(),
            "expected a header row starting 款,項,目,節".into(),
        ));
    }
    Ok(Table {
        year,
        rows,
        warnings,
    })
}

/// Reads a 歲出機關別預算表 CSV into contract documents.
///
/// `year` is the table's fiscal year (本年度); it is required when the file
/// does not state it (the 106 extract has no title rows) and must agree with
/// it when it does.
pub fn import_budget_table(
    file: &str,
    text: &str,
    year: Option<u16>,
    which: Which,
    mapping: &Mapping,
) -> Result<Imported, ImportError> {
    let err = |at: &str, message: String| ImportError {
        file: file.to_owned(),
        at: at.to_owned(),
        message,
    };
    let table = read_table(file, text)?;
    let year = match (table.year, year) {
        (Some(a), Some(b)) if a != b => {
            return Err(err(
                "",
                format!("expected fiscal year {b} as given, found 中華民國{a}年度 in the file"),
            ))
        }
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => {
            return Err(err(
                "",
                "expected the fiscal year: the file does not state it, pass --year".into(),
            ))
        }
    };
    let mut rows = table.rows.iter();
    let top = match rows.next() {
        Some(r) if r.level == Level::Kuan => r,
        _ => return Err(err("", "expected the 款 (bureau total) row first".into())),
    };
    // Build the unit › work plan › line tree, checking each row's level.
    let mut units: Vec<Unit> = Vec::new();
    for row in rows {
        let at = format!("record {}", row.number);
        match row.level {
            Level::Kuan => {
                return Err(err(
                    &at,
                    "expected one 款 row per table, found a second".into(),
                ))
            }
            Level::Xiang => units.push((row, Vec::new())),
            Level::Mu => units
                .last_mut()
                .ok_or_else(|| err(&at, "expected a 項 (unit) row before this 目".into()))?
                .1
                .push((row, Vec::new())),
            Level::Jie => units
                .last_mut()
                .and_then(|u| u.1.last_mut())
                .ok_or_else(|| err(&at, "expected a 目 row before this 節".into()))?
                .1
                .push(row),
        }
    }
    let mut documents = Vec::new();
    let columns: &[bool] = match which {
        Which::ThisYear => &[true],
        Which::LastYear => &[false],
        Which::Both => &[true, false],
    };
    for &this in columns {
        let amount = |r: &Row| Amount(if this { r.this_year } else { r.last_year });
        let fiscal_year = if this { year } else { year - 1 };
        let source_id = format!("budget-table-{year}");
        let leaf = |unit: &Row, program: &Row, line: &Row| -> Result<Line, ImportError> {
            let category = mapping
                .category(&unit.name, &program.name, &line.name)
                .ok_or_else(|| {
                    err(
                        &format!("record {}", line.number),
                        format!(
                            "expected a mapping rule for {} › {} › {}, found none: add one to the mapping table",
                            unit.name, program.name, line.name
                        ),
                    )
                })?;
            Ok(Line {
                id: String::new(),
                name: line.name.clone(),
                code: line.code.clone(),
                amount: amount(line),
                category: Some(category.clone()),
                note: if this { line.note.clone() } else { None },
                source: None,
                children: Vec::new(),
            })
        };
        let mut lines = Vec::new();
        for (unit, programs) in &units {
            let mut unit_line = plain_line(unit, amount(unit), &unit.ordinal);
            unit_line.source = Some(source_id.clone());
            for (program, leaves) in programs {
                let id = format!("{}.{}", unit.ordinal, program.ordinal);
                let mut program_line = if leaves.is_empty() {
                    // A work plan without 節 rows is itself a leaf.
                    let mut l = leaf(unit, program, program)?;
                    l.id = id.clone();
                    l
                } else {
                    plain_line(program, amount(program), &id)
                };
                for line in leaves {
                    let mut l = leaf(unit, program, line)?;
                    l.id = format!("{id}.{}", line.ordinal);
                    program_line.children.push(l);
                }
                unit_line.children.push(program_line);
            }
            lines.push(unit_line);
        }
        let column = if this {
            "本年度預算數"
        } else {
            "上年度預算數"
        };
        documents.push(Document {
            format: FormatTag,
            city: mapping.city.clone(),
            agency: mapping.agency.clone(),
            fiscal_year: FiscalYear(fiscal_year),
            sources: vec![Source {
                id: source_id,
                title: format!("{} 歲出機關別預算表 {}（中華民國{year}年度）", mapping.city.name.zh_tw, top.name),
                publisher: Some(mapping.publisher.clone()),
                url: None,
                file: Some(file.rsplit('/').next().unwrap_or(file).to_owned()),
                kind: Some(format!(
                    "budget as published in the 歲出機關別預算表 of fiscal {year}, column {column} (fiscal {fiscal_year}); \
                     the table does not say whether it is the draft or the enacted budget"
                )),
            }],
            budget: Some(Budget {
                currency: "TWD".to_owned(),
                unit: 1000,
                total: Some(amount(top)),
                recurrent: None,
                capital: None,
                lines,
            }),
            plan: None,
        });
    }
    Ok(Imported {
        documents,
        warnings: table.warnings,
    })
}

/// A unit (項) row with its work plans (目), each with its lines (節).
type Unit<'a> = (&'a Row, Vec<(&'a Row, Vec<&'a Row>)>);

fn plain_line(row: &Row, amount: Amount, id: &str) -> Line {
    Line {
        id: id.to_owned(),
        name: row.name.clone(),
        code: row.code.clone(),
        amount,
        category: None,
        note: None,
        source: None,
        children: Vec::new(),
    }
}

/// The file name the importer gives a document: `kaohsiung-105.json`.
pub fn document_file_name(doc: &Document) -> String {
    format!("{}-{}.json", doc.city.id, doc.fiscal_year)
}

/// A document as the importer writes it: pretty JSON with a final newline.
pub fn to_json(doc: &Document) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_with_the_tables_quirks() {
        let cases = [
            (" \t675,035 ", Some(675_035)),
            ("-\t3,981,059 ", Some(-3_981_059)),
            (" \t-00 ", Some(0)),
            ("-", Some(0)),
            ("4,790,165", Some(4_790_165)),
            ("\u{3000}", None),
            ("1.5", None),
        ];
        for (cell, want) in cases {
            assert_eq!(parse_amount(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn combined_code_and_wrapped_name() {
        let (code, name) = split_code("\u{3000}\u{3000}68161601000\n\u{3000}\u{3000}勞工福利暨身心障礙者\n\u{3000}\u{3000}就業");
        assert_eq!(code.as_deref(), Some("68161601000"));
        assert_eq!(name, "勞工福利暨身心障礙者就業");
        assert_eq!(split_code("勞工局"), (None, "勞工局".to_owned()));
    }

    #[test]
    fn notes_keep_numbered_items() {
        let note = clean_note("本年度預算數之內容與上年度\n之比較如下：\n1.人員維持費89,903千元，較\n  上年度核實增列人事費\n  1,007千元。\n2.基本行政");
        assert_eq!(
            note.as_deref(),
            Some("本年度預算數之內容與上年度之比較如下：\n1.人員維持費89,903千元，較上年度核實增列人事費1,007千元。\n2.基本行政")
        );
    }

    #[test]
    fn year_from_title_row() {
        assert_eq!(fiscal_year_in("   中華民國105年度"), Some(105));
        assert_eq!(fiscal_year_in("單位:新台幣千元"), None);
    }
}
