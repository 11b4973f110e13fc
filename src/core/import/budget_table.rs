//! The 歲出機關別預算表 CSV importer.
//!
//! Three layouts are known (see `shared/data-sources/README.md`):
//! - *separate codes* (Kaohsiung fiscal 105): `款,項,目,節,unit code,line code,名稱,本年度,上年度,比較,說明`;
//! - *combined* (Kaohsiung fiscal 106): `款,項,目,節,"code\nname",本年度,上年度,比較,說明`;
//! - *combined with final accounts* (Taichung fiscal 105):
//!   `款,項,目,節,"code\nname",本年度,上年度,前年度決算數,比較,說明`.
//!
//! All are found by the header row that starts `款,項,目,節`: the column
//! whose header is 名稱及編號 holds the name. The figure columns are found by
//! their headers in the rows above it (本年度預算數, 上年度預算數, 前年度決算數,
//! 本年度與上年度比較, 說明); without such headers, the four columns after the
//! name are 本年度, 上年度, 比較 and 說明. Quirks handled: tabs, full-width
//! spaces, thousands separators, `-` for zero, `-\t` for negative
//! differences, names wrapped across lines, rows of full-width spaces used as
//! layout filler, and 說明 continued on rows of their own.
//!
//! The hierarchy comes from which of 款 / 項 / 目 / 節 is filled: the 款 row
//! is the bureau total (the document's stated total), each 項 is a unit (a
//! top-level line), each 目 a work plan, each 節 a leaf.
//!
//! Each figure column is a budget stage ([`Stage`]): 前年度決算數 is final
//! accounts; 上年度預算數 is published (the table does not say whether it
//! includes supplementary budgets); 本年度預算數 is what the user says
//! (`Mapping::stage`), else what the table's title says (總預算案: the draft,
//! 法定預算: enacted), else what the mapping says (`this_year_stage`),
//! published by default.

use serde::Serialize;

use super::ImportError;
use crate::core::json::from_json_struct;
use crate::core::model::{
    Amount, Budget, CategoryId, City, Document, FiscalYear, FormatTag, Line, Localized, Source,
    Stage,
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
    /// The stage of the 本年度預算數 column: `proposed` for a 總預算案 (the
    /// draft), `published` (the default) when the table does not say.
    #[serde(default)]
    pub this_year_stage: Stage,
    /// Whether the tables put capital (資本門) spending in lines of its own
    /// (the document's `budget.capital_separate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital_separate: Option<bool>,
    /// Notes on whole documents (`budget.note`), by fiscal year.
    #[serde(default)]
    pub notes: Vec<YearNote>,
    /// The rules: the first that matches a leaf gives its category.
    pub rules: Vec<Rule>,
    /// Lines of one fiscal year that the table's 說明 breaks down by amount:
    /// the line gets one child per part, so each part gets its own category.
    #[serde(default)]
    pub splits: Vec<Split>,
    /// The units with a single function, whose own running costs and
    /// buildings count in that function in the functional lens.
    #[serde(default)]
    pub functions: Vec<UnitFunction>,
    /// The agency whose section (its 款, `…主管`) to take from a whole
    /// city's table where it is not `agency` (`--agency`); the documents
    /// still name `agency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The stage of the 本年度預算數 column as the importer's user gives it
    /// (`--stage`, the widget's stage field): over what the table's title
    /// says (總預算案: the draft; 法定預算: enacted) and `this_year_stage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
}

/// A unit with a single function: in the functional lens its lines mapped to
/// `administration` (一般行政) or `capital` (一般建築及設備) count in
/// `category` (each such leaf gets a `function`). Every other line of the
/// unit must be in `category` or the reserve, or the import stops: the unit
/// would not have a single function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitFunction {
    /// Unit name after prefix stripping; a unit the table does not have is
    /// an import error.
    pub unit: String,
    /// The function's category.
    pub category: CategoryId,
    /// Why: for maintainers, not shown (About's crosswalk lists the lines
    /// it moves).
    pub why: String,
}

/// The categories of a unit's own running costs and buildings, which a
/// single-function unit's [`UnitFunction`] moves into its function.
const OVERHEAD: [&str; 2] = ["administration", "capital"];

/// The category a single-function unit's other lines may be in besides its function.
const RESERVE: &str = "reserve";

/// A note on the documents of some fiscal years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearNote {
    /// The fiscal years (ROC) it applies to; empty = every year.
    #[serde(default)]
    pub fiscal_years: Vec<u16>,
    /// The note, shown with the budget.
    pub text: String,
}

/// A line split into parts by amounts its 說明 states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Split {
    /// Unit name after prefix stripping.
    pub unit: String,
    /// Work plan (目) name.
    pub program: String,
    /// Line (節) name.
    pub line: String,
    /// The fiscal year (ROC) of the figures split.
    pub fiscal_year: u16,
    /// The parts with a stated amount.
    pub parts: Vec<Part>,
    /// What is left of the line after the parts (its amount is the line's
    /// minus theirs, never negative: a larger sum is an import error).
    pub rest: Part,
    /// A note on the line: where the amounts are stated.
    pub note: String,
}

/// One part of a split line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The part's name.
    pub name: String,
    /// Its amount in 千元 (not given for the rest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Its category.
    pub category: CategoryId,
    /// Why: for maintainers, not shown.
    #[serde(default)]
    pub why: String,
}

/// One mapping rule: unit › work plan (目) › line (節) → category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// A note for readers, added to every line the rule maps (e.g. why a
    /// line is counted as pass-through).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

from_json_struct!(Mapping {
    city: req,
    agency: req,
    publisher: req,
    strip_prefixes: or_default,
    this_year_stage: or_default,
    capital_separate: opt,
    notes: or_default,
    rules: req,
    splits: or_default,
    functions: or_default,
    section: opt,
    stage: opt
});
from_json_struct!(UnitFunction {
    unit: req,
    category: req,
    why: req
});
from_json_struct!(Rule {
    unit: req,
    program: req,
    line: req,
    category: req,
    why: or_default,
    note: opt
});
from_json_struct!(YearNote {
    fiscal_years: or_default,
    text: req
});
from_json_struct!(Split {
    unit: req,
    program: req,
    line: req,
    fiscal_year: req,
    parts: req,
    rest: req,
    note: req
});
from_json_struct!(Part {
    name: req,
    amount: opt,
    category: req,
    why: or_default
});

impl Mapping {
    /// Reads a mapping table (JSON).
    pub fn from_json(file: &str, text: &str) -> Result<Mapping, ImportError> {
        crate::core::validate::parse(file, text)
            .map_err(|d| ImportError::new(file, &d.path, d.kind.to_string()))
    }

    /// The mapping for Kaohsiung's Labor Bureau tables, kept in the repository.
    pub fn kaohsiung() -> Result<Mapping, ImportError> {
        Self::from_json(
            "kaohsiung-labor.json",
            include_str!("mappings/kaohsiung-labor.json"),
        )
    }

    /// The mapping for Taichung's Labor Bureau tables, kept in the repository.
    pub fn taichung() -> Result<Mapping, ImportError> {
        Self::from_json(
            "taichung-labor.json",
            include_str!("mappings/taichung-labor.json"),
        )
    }

    /// The mapping kept in the repository for a table: Taichung's when the
    /// table names 臺中市 up to its 款 row (…勞工局主管), else Kaohsiung's.
    pub fn for_table(text: &str) -> Result<Mapping, ImportError> {
        Self::of_table(text).unwrap_or_else(Self::kaohsiung)
    }

    /// The mapping kept in the repository for the city a table names up to
    /// its first 款 row (…主管): 臺中市 (or 台中市) or 高雄市; `None` when it
    /// names neither.
    pub fn of_table(text: &str) -> Option<Result<Mapping, ImportError>> {
        let head = text.split("主管").next().unwrap_or("");
        if head.contains("臺中市") || head.contains("台中市") {
            Some(Self::taichung())
        } else if head.contains("高雄市") {
            Some(Self::kaohsiung())
        } else {
            None
        }
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

    fn rule(&self, unit: &str, program: &str, line: &str) -> Option<&Rule> {
        let unit = self.unit_key(unit);
        let matches = |pattern: &str, name: &str| pattern == "*" || pattern == name;
        self.rules.iter().find(|r| {
            matches(&r.unit, unit) && matches(&r.program, program) && matches(&r.line, line)
        })
    }

    fn split(&self, unit: &str, program: &str, line: &str, year: u16) -> Option<&Split> {
        let unit = self.unit_key(unit);
        self.splits.iter().find(|s| {
            s.unit == unit && s.program == program && s.line == line && s.fiscal_year == year
        })
    }

    /// The function of a unit with a single function.
    fn function(&self, unit: &str) -> Option<&UnitFunction> {
        let unit = self.unit_key(unit);
        self.functions.iter().find(|f| f.unit == unit)
    }

    fn note(&self, year: u16) -> Option<String> {
        let notes: Vec<&str> = self
            .notes
            .iter()
            .filter(|n| n.fiscal_years.is_empty() || n.fiscal_years.contains(&year))
            .map(|n| n.text.as_str())
            .collect();
        (!notes.is_empty()).then(|| notes.join("\n"))
    }
}

/// Which figure column(s) to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// 本年度預算數: the table's own fiscal year.
    ThisYear,
    /// 上年度預算數: the year before.
    LastYear,
    /// 前年度決算數: final accounts of the year before that (an error when
    /// the table has no such column).
    PriorFinal,
    /// 本年度 and 上年度.
    Both,
    /// Every figure column the table has.
    All,
}

/// A figure column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ThisYear,
    LastYear,
    PriorFinal,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::ThisYear => "本年度預算數",
            Column::LastYear => "上年度預算數",
            Column::PriorFinal => "前年度決算數",
        }
    }

    /// How many years before the table's own year the column is.
    fn years_back(self) -> u16 {
        match self {
            Column::ThisYear => 0,
            Column::LastYear => 1,
            Column::PriorFinal => 2,
        }
    }
}

/// The documents made from one table, with the consistency problems found.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// One document per imported column, this year first.
    pub documents: Vec<Document>,
    /// Rows whose 比較 column is not 本年度 − 上年度.
    pub warnings: Vec<String>,
    /// Whether the fiscal year is the fallback given (neither stated by the
    /// table nor given as its year): [`import_budget_table_with_fallback`].
    pub year_assumed: bool,
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
    /// 0 when the table has no 前年度決算數 column (never read then).
    prior_final: u64,
    note: Option<String>,
}

impl Row {
    fn amount(&self, column: Column) -> Amount {
        Amount(match column {
            Column::ThisYear => self.this_year,
            Column::LastYear => self.last_year,
            Column::PriorFinal => self.prior_final,
        })
    }
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
/// break kept before each numbered item ("1.", "一、") and each line the
/// table indents with full-width spaces (Taichung's list items).
fn clean_note(cell: &str) -> Option<String> {
    let mut out = String::new();
    for raw in cell.lines() {
        let line = raw.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            continue;
        }
        let numbered = |sep: char, digit: fn(char) -> bool| {
            line.split_once(sep)
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(digit))
        };
        let item = numbered('.', |c| c.is_ascii_digit())
            || numbered('、', |c| "一二三四五六七八九十".contains(c))
            || raw.starts_with('\u{3000}');
        if item && !out.is_empty() {
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

/// The stage a title row states: 總預算案 / 預算案 (the draft), 法定預算
/// (enacted).
fn stage_in(text: &str) -> Option<Stage> {
    let squeezed = squeeze(text);
    if squeezed.contains("預算案") {
        Some(Stage::Proposed)
    } else if squeezed.contains("法定預算") {
        Some(Stage::Enacted)
    } else {
        None
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
    /// The stage its title rows state: 預算案 (the draft), 法定預算 (enacted).
    stage: Option<Stage>,
    /// Whether the table has a 前年度決算數 column.
    prior_final: bool,
    rows: Vec<Row>,
    warnings: Vec<String>,
}

/// Where the figure columns are, as offsets from the name column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    this_year: usize,
    last_year: usize,
    prior_final: Option<usize>,
    difference: usize,
    note: usize,
}

impl Layout {
    /// The two-figure layout: 本年度, 上年度, 比較, 說明 after the name.
    const PLAIN: Layout = Layout {
        this_year: 1,
        last_year: 2,
        prior_final: None,
        difference: 3,
        note: 4,
    };

    /// The layout named by the header rows above the 款,項,目,節 row, where
    /// they name the columns; the plain layout where they do not.
    fn from_headers(headers: &[Vec<String>], name_at: usize) -> Layout {
        let find = |label: &str| {
            headers.iter().find_map(|row| {
                row.iter()
                    .position(|c| squeeze(c) == label)
                    .filter(|&k| k > name_at)
                    .map(|k| k - name_at)
            })
        };
        match (
            find(Column::ThisYear.header()),
            find(Column::LastYear.header()),
            find("本年度與上年度比較"),
        ) {
            (Some(this_year), Some(last_year), Some(difference)) => Layout {
                this_year,
                last_year,
                prior_final: find(Column::PriorFinal.header()),
                difference,
                note: find("說明").unwrap_or(difference + 1),
            },
            _ => Layout::PLAIN,
        }
    }
}

/// Whether a row is the table's 款,項,目,節 header row (the first four
/// cells, spaces and line breaks aside).
pub(crate) fn is_header_row<S: AsRef<str>>(cells: &[S]) -> bool {
    cells.len() >= 4
        && squeeze(&cells[..4].iter().map(AsRef::as_ref).collect::<String>()) == "款項目節"
}

/// Whether a 款 row's name (`臺中市政府勞工局主管`, `勞工局主管`) is the
/// section of `agency` (`臺中市政府勞工局`): the name without 主管 is the
/// agency's, or the end of it.
fn is_section_of(name: &str, agency: &str) -> bool {
    let name = squeeze(name);
    let name = name.strip_suffix("主管").unwrap_or(&name);
    let agency = squeeze(agency);
    !name.is_empty() && (agency.ends_with(name) || name.ends_with(agency.as_str()))
}

/// Reads the table's rows of `agency`'s section (its 款): the whole table
/// where it is that section alone, the section where it is a whole city's
/// table (every agency, one 款 each).
fn read_table(file: &str, text: &str, agency: &str) -> Result<Table, ImportError> {
    let err = |at: String, message: String| ImportError::new(file, &at, message);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut year = None;
    let mut stage = None;
    let mut headers: Vec<Vec<String>> = Vec::new();
    let mut columns: Option<(usize, Layout)> = None;
    let mut rows: Vec<Row> = Vec::new();
    let mut warnings = Vec::new();
    // The 款 sections met, and whether the rows are in the agency's.
    let mut sections: Vec<String> = Vec::new();
    let mut matched: Vec<String> = Vec::new();
    let mut inside = false;
    for (i, record) in reader.records().enumerate() {
        let number = i + 1;
        let at = format!("record {number}");
        let record = record.map_err(|e| err(at.clone(), format!("expected CSV, found {e}")))?;
        let cells: Vec<&str> = record.iter().collect();
        let Some((name_at, layout)) = columns else {
            if let Some(y) = cells.iter().find_map(|c| fiscal_year_in(c)) {
                year = Some(y);
            }
            if let Some(st) = cells.iter().find_map(|c| stage_in(c)) {
                stage = Some(st);
            }
            if cells.len() > 4 && is_header_row(&cells) {
                let Some(name_at) = cells.iter().position(|c| squeeze(c) == "名稱及編號")
                else {
                    return Err(err(
                        at,
                        "expected a 名稱及編號 column in the 款,項,目,節 header row".into(),
                    ));
                };
                columns = Some((name_at, Layout::from_headers(&headers, name_at)));
            } else {
                headers.push(cells.iter().map(|c| (*c).to_owned()).collect());
            }
            continue;
        };
        if cells.iter().all(|c| squeeze(c).is_empty()) {
            continue;
        }
        // A header row again (a spreadsheet repeats it on every page).
        if cells.len() > 4 && is_header_row(&cells) {
            continue;
        }
        let cell = |k: usize| cells.get(k).copied().unwrap_or("");
        if !squeeze(cell(0)).is_empty() {
            let (_, name) = split_code(cell(name_at));
            inside = is_section_of(&name, agency);
            if inside {
                matched.push(name.clone());
            }
            sections.push(name);
        }
        if !inside {
            continue;
        }
        let level = match cells.iter().take(4).position(|c| !squeeze(c).is_empty()) {
            Some(0) => Level::Kuan,
            Some(1) => Level::Xiang,
            Some(2) => Level::Mu,
            Some(3) => Level::Jie,
            _ => {
                // A row with only 說明 continues the explanation above it.
                let only_note = (0..cells.len())
                    .filter(|&k| k != name_at + layout.note)
                    .all(|k| squeeze(cell(k)).is_empty());
                match (only_note, rows.last_mut()) {
                    (true, Some(previous)) => {
                        if let Some(more) = clean_note(cell(name_at + layout.note)) {
                            previous.note = Some(match previous.note.take() {
                                Some(note) => format!("{note}\n{more}"),
                                None => more,
                            });
                        }
                        continue;
                    }
                    _ => {
                        return Err(err(
                            at,
                            "expected one of 款 / 項 / 目 / 節 to be filled".into(),
                        ))
                    }
                }
            }
        };
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
        let this_year = amount(layout.this_year, Column::ThisYear.header())?;
        let last_year = amount(layout.last_year, Column::LastYear.header())?;
        let prior_final = match layout.prior_final {
            Some(k) => amount(k, Column::PriorFinal.header())?,
            None => 0,
        };
        let difference = amount(layout.difference, "本年度與上年度比較")?;
        if this_year < 0 || last_year < 0 || prior_final < 0 {
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
            prior_final: prior_final as u64,
            note: clean_note(cell(name_at + layout.note)),
        });
    }
    let Some((_, layout)) = columns else {
        return Err(err(
            String::new(),
            "expected a header row starting 款,項,目,節".into(),
        ));
    };
    if matched.len() > 1 {
        return Err(err(
            String::new(),
            format!(
                "expected one {agency}主管 section, found {}: {} (name the one with --agency)",
                matched.len(),
                matched.join(", ")
            ),
        ));
    }
    if rows.is_empty() {
        let mut found: Vec<&str> = sections.iter().map(String::as_str).take(8).collect();
        if sections.len() > found.len() {
            found.push("…");
        }
        return Err(err(
            String::new(),
            format!(
                "expected the {agency}主管 section (a 款 row naming the agency; --agency names another), found {}",
                if found.is_empty() { "no 款 row".to_owned() } else { found.join(", ") }
            ),
        ));
    }
    Ok(Table {
        year,
        stage,
        prior_final: layout.prior_final.is_some(),
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
    import_budget_table_suggesting(file, text, year, which, mapping, &[])
}

/// The message of an import that needs the fiscal year given.
const NO_YEAR: &str =
    "expected the fiscal year: the file does not state it (give it: --year, or the year field)";

/// [`import_budget_table`], where a line no rule covers is listed with a
/// rule suggested from `known` documents (other years': the same code, else
/// the same name), marked as a suggestion; nothing is mapped by them.
pub fn import_budget_table_suggesting(
    file: &str,
    text: &str,
    year: Option<u16>,
    which: Which,
    mapping: &Mapping,
    known: &[(String, Document)],
) -> Result<Imported, ImportError> {
    import_budget_table_with_fallback(file, text, year, None, which, mapping, known)
}

/// [`import_budget_table_suggesting`], where `fallback` is the fiscal year
/// when the table does not state one and `year` gives none (the widget's:
/// the one its file name gives); [`Imported::year_assumed`] says it was used.
pub fn import_budget_table_with_fallback(
    file: &str,
    text: &str,
    year: Option<u16>,
    fallback: Option<u16>,
    which: Which,
    mapping: &Mapping,
    known: &[(String, Document)],
) -> Result<Imported, ImportError> {
    let err = |at: &str, message: String| ImportError::new(file, at, message);
    let section = mapping.section.as_deref().unwrap_or(&mapping.agency.zh_tw);
    let table = read_table(file, text, section)?;
    let given = year;
    let year = match (table.year, year) {
        (Some(a), Some(b)) if a != b => {
            return Err(err(
                "",
                format!("expected fiscal year {b} as given, found 中華民國{a}年度 in the file"),
            ))
        }
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => fallback.ok_or_else(|| err("", NO_YEAR.into()))?,
    };
    let year_assumed = table.year.is_none() && given.is_none();
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
    let unmapped = unmapped_in(&units, mapping, known);
    if !unmapped.is_empty() {
        let list: Vec<String> = unmapped.iter().map(|u| format!("  {u}")).collect();
        return Err(ImportError {
            file: file.to_owned(),
            at: String::new(),
            message: format!(
                "expected a mapping rule for every line, found {} without one (add rules to the mapping table; --accept-suggestions writes the suggested ones into a copy of it, for review):\n{}",
                unmapped.len(),
                list.join("\n")
            ),
            unmapped,
        });
    }
    let columns: &[Column] = match which {
        Which::ThisYear => &[Column::ThisYear],
        Which::LastYear => &[Column::LastYear],
        Which::PriorFinal => &[Column::PriorFinal],
        Which::Both => &[Column::ThisYear, Column::LastYear],
        Which::All if table.prior_final => {
            &[Column::ThisYear, Column::LastYear, Column::PriorFinal]
        }
        Which::All => &[Column::ThisYear, Column::LastYear],
    };
    if columns.contains(&Column::PriorFinal) && !table.prior_final {
        return Err(err(
            "",
            "expected a 前年度決算數 column for --columns prior-final, found none".into(),
        ));
    }
    // The 本年度 column's stage: as the user says, else as the table's title
    // says, else as the mapping says.
    let this_year = mapping
        .stage
        .or(table.stage)
        .unwrap_or(mapping.this_year_stage);
    let mut documents = Vec::new();
    for &column in columns {
        documents.push(document(
            file, &units, top, year, column, mapping, this_year,
        )?);
    }
    Ok(Imported {
        documents,
        warnings: table.warnings,
        year_assumed,
    })
}

/// A line of a table that no mapping rule covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// Where: `record 21`.
    pub at: String,
    /// Unit (after prefix stripping), work plan and line names.
    pub unit: String,
    /// Work plan (目) name.
    pub program: String,
    /// Line (節) name (the work plan's, for a work plan without 節 rows).
    pub line: String,
    /// Its code in the table.
    pub code: Option<String>,
    /// Its 本年度 amount.
    pub amount: u64,
    /// A rule suggested from another year's document, and which one and
    /// why (`the same code in taichung-104.json`).
    pub suggestion: Option<(Rule, String)>,
}

impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} › {} › {}",
            self.at, self.unit, self.program, self.line
        )?;
        if let Some(code) = &self.code {
            write!(f, " (code {code}")?;
        } else {
            write!(f, " (")?;
        }
        write!(f, ", 本年度 {})", crate::core::format::group(self.amount))?;
        match &self.suggestion {
            Some((rule, from)) => write!(
                f,
                ": suggested category {} (a suggestion: {from})",
                rule.category.0
            ),
            None => write!(f, ": no suggestion (no other year has this code or name)"),
        }
    }
}

/// The leaves no rule of `mapping` covers, each with a suggested rule from
/// `known` documents where one has the same code (else the same line name
/// in the same work plan, else the same line name).
fn unmapped_in(
    units: &[Unit<'_>],
    mapping: &Mapping,
    known: &[(String, Document)],
) -> Vec<Unmapped> {
    let mut out = Vec::new();
    for (unit, programs) in units {
        for (program, leaves) in programs {
            let lines: Vec<&Row> = if leaves.is_empty() {
                vec![program]
            } else {
                leaves.clone()
            };
            for line in lines {
                if mapping
                    .rule(&unit.name, &program.name, &line.name)
                    .is_some()
                {
                    continue;
                }
                let unit_key = mapping.unit_key(&unit.name).to_owned();
                let suggestion = suggest(
                    mapping,
                    known,
                    &unit_key,
                    line.code.as_deref(),
                    &program.name,
                    &line.name,
                )
                .map(|(category, from)| {
                    (
                        Rule {
                            unit: unit_key.clone(),
                            program: program.name.clone(),
                            line: line.name.clone(),
                            category,
                            why: format!(
                                "suggested by the importer from {from}: review before use"
                            ),
                            note: None,
                        },
                        from,
                    )
                });
                out.push(Unmapped {
                    at: format!("record {}", line.number),
                    unit: unit_key,
                    program: program.name.clone(),
                    line: line.name.clone(),
                    code: line.code.clone(),
                    amount: line.this_year,
                    suggestion,
                });
            }
        }
    }
    out
}

/// The category of the line of `known` documents of the mapping's city, in
/// the unit `unit`, with `code` (codes repeat between units), else with
/// `name` in a work plan named `program`, else with `name`; and where it was
/// found: the newest year's.
fn suggest(
    mapping: &Mapping,
    known: &[(String, Document)],
    unit: &str,
    code: Option<&str>,
    program: &str,
    name: &str,
) -> Option<(CategoryId, String)> {
    let mut by_code = None;
    let mut by_path = None;
    let mut by_name = None;
    // The newest year first: its lines are the likeliest to carry on.
    let mut known: Vec<&(String, Document)> = known
        .iter()
        .filter(|(_, d)| d.city.id == mapping.city.id)
        .collect();
    known.sort_by_key(|(_, d)| std::cmp::Reverse(d.fiscal_year));
    for (file, doc) in known {
        let Some(budget) = &doc.budget else { continue };
        budget.for_each_leaf(|path, category| {
            let (Some(leaf), Some(category)) = (path.last(), category) else {
                return;
            };
            let same_unit = path
                .first()
                .is_some_and(|u| mapping.unit_key(&u.name) == unit);
            if by_code.is_none() && same_unit && code.is_some() && leaf.code.as_deref() == code {
                by_code = Some((category.clone(), format!("the same code in {file}")));
            }
            let in_program = path.len() >= 2 && path[path.len() - 2].name == program;
            if by_path.is_none() && leaf.name == name && in_program {
                by_path = Some((
                    category.clone(),
                    format!("the same work plan and line in {file}"),
                ));
            }
            if by_name.is_none() && leaf.name == name {
                by_name = Some((category.clone(), format!("the same line name in {file}")));
            }
        });
    }
    by_code.or(by_path).or(by_name)
}

/// The document of one figure column.
fn document(
    file: &str,
    units: &[Unit<'_>],
    top: &Row,
    year: u16,
    column: Column,
    mapping: &Mapping,
    this_year: Stage,
) -> Result<Document, ImportError> {
    let err = |at: &str, message: String| ImportError::new(file, at, message);
    let fiscal_year = year.saturating_sub(column.years_back());
    let source_id = format!("budget-table-{year}");
    let this = column == Column::ThisYear;
    let leaf = |unit: &Row, program: &Row, line: &Row, id: String| -> Result<Line, ImportError> {
        let at = format!("record {}", line.number);
        let rule = mapping
            .rule(&unit.name, &program.name, &line.name)
            .ok_or_else(|| {
                err(
                    &at,
                    format!(
                        "expected a mapping rule for {} › {} › {}, found none: add one to the mapping table",
                        unit.name, program.name, line.name
                    ),
                )
            })?;
        // The 說明 describes the table's own year (and its change from the
        // year before): it would mislead on the other columns' documents.
        let explained = if this { line.note.clone() } else { None };
        let note = match (explained, &rule.note) {
            (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
            (a, b) => a.or_else(|| b.clone()),
        };
        let mut l = Line {
            id,
            name: line.name.clone(),
            code: line.code.clone(),
            amount: line.amount(column),
            category: Some(rule.category.clone()),
            function: None,
            note,
            source: None,
            children: Vec::new(),
        };
        if let Some(split) = mapping.split(&unit.name, &program.name, &line.name, fiscal_year) {
            let mut stated = 0u64;
            let mut parts = Vec::new();
            for part in &split.parts {
                let amount = part.amount.map(|a| a.0).ok_or_else(|| {
                    err(
                        &at,
                        format!("expected an amount on the split part {}", part.name),
                    )
                })?;
                stated = stated.saturating_add(amount);
                parts.push((part, amount));
            }
            let rest = l.amount.0.checked_sub(stated).ok_or_else(|| {
                err(
                    &at,
                    format!(
                        "expected the split parts of {} ({stated}) to fit in its amount {}",
                        line.name, l.amount.0
                    ),
                )
            })?;
            parts.push((&split.rest, rest));
            for (k, (part, amount)) in parts.into_iter().enumerate() {
                l.children.push(Line {
                    id: format!("{}.{}", l.id, k + 1),
                    name: part.name.clone(),
                    code: None,
                    amount: Amount(amount),
                    category: Some(part.category.clone()),
                    function: None,
                    note: None,
                    source: None,
                    children: Vec::new(),
                });
            }
            l.category = None;
            l.note = Some(match l.note.take() {
                Some(n) => format!("{n}\n{}", split.note),
                None => split.note.clone(),
            });
        }
        Ok(l)
    };
    let mut lines = Vec::new();
    for (unit, programs) in units {
        let mut unit_line = plain_line(unit, unit.amount(column), &unit.ordinal);
        unit_line.source = Some(source_id.clone());
        for (program, leaves) in programs {
            let id = format!("{}.{}", unit.ordinal, program.ordinal);
            let mut program_line = if leaves.is_empty() {
                // A work plan without 節 rows is itself a leaf.
                leaf(unit, program, program, id.clone())?
            } else {
                plain_line(program, program.amount(column), &id)
            };
            for line in leaves {
                let l = leaf(unit, program, line, format!("{id}.{}", line.ordinal))?;
                program_line.children.push(l);
            }
            unit_line.children.push(program_line);
        }
        if let Some(function) = mapping.function(&unit.name) {
            assign_function(&mut unit_line, function)
                .map_err(|message| err(&format!("record {}", unit.number), message))?;
        }
        lines.push(unit_line);
    }
    for function in &mapping.functions {
        if !units
            .iter()
            .any(|(u, _)| mapping.unit_key(&u.name) == function.unit)
        {
            return Err(err(
                "",
                format!(
                    "expected the unit {} of a functions rule in the table, found none: the rule names a unit that does not exist",
                    function.unit
                ),
            ));
        }
    }
    let stage = match column {
        Column::ThisYear => this_year,
        Column::LastYear => Stage::Published,
        Column::PriorFinal => Stage::Final,
    };
    let header = column.header();
    let kind = match stage {
        Stage::Published => format!(
            "budget as published in the 歲出機關別預算表 of fiscal {year}, column {header} (fiscal {fiscal_year}); \
             the table does not say whether it is the draft or the enacted budget"
        ),
        Stage::Proposed => format!(
            "draft budget (預算案) as printed in the 歲出機關別預算表 of the fiscal {year} 總預算案, column {header}"
        ),
        Stage::Enacted => format!(
            "enacted budget (法定預算) as printed in the 歲出機關別預算表 of fiscal {year}, column {header}"
        ),
        Stage::Final => format!(
            "final accounts (決算: money spent) of fiscal {fiscal_year}, as printed in the 歲出機關別預算表 of fiscal {year}, column {header}"
        ),
    };
    Ok(Document {
        format: FormatTag,
        city: mapping.city.clone(),
        agency: mapping.agency.clone(),
        fiscal_year: FiscalYear(fiscal_year),
        sources: vec![Source {
            id: source_id,
            title: format!(
                "{} 歲出機關別預算表 {}（中華民國{year}年度）",
                mapping.city.name.zh_tw, top.name
            ),
            publisher: Some(mapping.publisher.clone()),
            url: None,
            file: Some(file.rsplit('/').next().unwrap_or(file).to_owned()),
            kind: Some(kind),
        }],
        budget: Some(Budget {
            currency: "TWD".to_owned(),
            unit: 1000,
            total: Some(top.amount(column)),
            recurrent: None,
            capital: None,
            stage,
            capital_separate: mapping.capital_separate,
            note: mapping.note(fiscal_year),
            lines,
        }),
        plan: None,
    })
}

/// Gives a single-function unit's overhead leaves its function, checking
/// that every other leaf is in the function or the reserve.
fn assign_function(unit: &mut Line, function: &UnitFunction) -> Result<(), String> {
    fn walk(line: &mut Line, function: &UnitFunction) -> Result<(), String> {
        if !line.is_leaf() {
            return line.children.iter_mut().try_for_each(|c| walk(c, function));
        }
        match line.category.as_ref().map(|c| c.0.as_str()) {
            Some(c) if OVERHEAD.contains(&c) => {
                line.function = Some(function.category.clone());
                Ok(())
            }
            Some(c) if c == function.category.0 || c == RESERVE => Ok(()),
            other => Err(format!(
                "expected every line of {} outside its overhead to be in {} (a single function), found {} in {}: remove the functions rule or map the line",
                function.unit,
                function.category,
                line.name,
                other.unwrap_or("no category")
            )),
        }
    }
    walk(unit, function)
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
        function: None,
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
