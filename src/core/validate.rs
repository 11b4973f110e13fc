//! Raw JSON text to validated contract types, with path-precise diagnostics.
//!
//! Every message names the file, the JSON path and what was expected, e.g.
//! `kaohsiung-107.json: budget.lines[2].children[4].amount: expected a
//! non-negative integer, found "1,593"`. Errors make a document unusable;
//! warnings are shown but the document is used.

use std::fmt;

use crate::core::format::group;
use crate::core::json::{self, At, FromJson};
use crate::core::model::{
    Budget, CategoryId, CategoryIndex, Document, DocumentRef, FiscalYear, Line, Manifest, Plan,
    Reference, Taxonomy,
};

/// Files larger than this are refused before parsing (20 MiB).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// Budget lines may nest at most this deep.
pub const MAX_DEPTH: usize = 12;

/// Whether a diagnostic makes the document unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The document cannot be used.
    Error,
    /// The document is used, but the reader is told.
    Warning,
}

/// What is wrong, with the values needed to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// The file could not be fetched or read.
    Unreadable {
        /// Why, e.g. `HTTP 404`.
        reason: String,
    },
    /// The file is over [`MAX_FILE_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The JSON does not have the contract's shape: wrong type, missing
    /// field, wrong format tag, negative amount.
    Shape {
        /// Expected and found.
        message: String,
    },
    /// A category id not in the taxonomy.
    UnknownCategory {
        /// The id found.
        id: String,
    },
    /// A leaf line with no category of its own or inherited.
    MissingCategory,
    /// An id used twice.
    DuplicateId {
        /// The id.
        id: String,
        /// The path where it was first used.
        first: String,
    },
    /// A programme's `budget_lines` entry that names no line.
    UnresolvedLink {
        /// The id found.
        id: String,
    },
    /// A line's `source` that names no source of the document.
    UnknownSource {
        /// The id found.
        id: String,
    },
    /// Lines nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A fiscal year outside [`FiscalYear::RANGE`].
    YearOutOfRange {
        /// The year found.
        year: u16,
    },
    /// The document is not the one the manifest says it is.
    ManifestMismatch {
        /// What the manifest says.
        expected: String,
        /// What the document says.
        found: String,
    },
    /// A budget unit of 0.
    ZeroUnit,
    /// Warning: children that do not add up to their parent.
    ChildrenSum {
        /// The parent's amount.
        parent: u64,
        /// The children's sum.
        children: u64,
    },
    /// Warning: top-level lines that do not add up to the stated total.
    TotalSum {
        /// The stated total.
        stated: u64,
        /// The lines' sum.
        lines: u64,
    },
    /// Warning: recurrent + capital differs from the stated total.
    SplitSum {
        /// The stated total.
        stated: u64,
        /// Recurrent + capital.
        parts: u64,
    },
    /// Warning: a year missing from a city's series.
    MissingYear {
        /// The city.
        city: String,
        /// The missing year.
        year: FiscalYear,
    },
}

impl Kind {
    /// Errors make the document unusable; the rest are warnings.
    pub fn severity(&self) -> Severity {
        match self {
            Kind::ChildrenSum { .. }
            | Kind::TotalSum { .. }
            | Kind::SplitSum { .. }
            | Kind::MissingYear { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Unreadable { reason } => write!(f, "could not be read: {reason}"),
            Kind::TooLarge { bytes } => write!(
                f,
                "file is {} bytes, expected at most {} bytes (20 MiB): refused before parsing",
                group(*bytes as u64),
                group(MAX_FILE_BYTES as u64)
            ),
            Kind::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "expected valid JSON, found an error at line {line} column {column}: {message}"
            ),
            Kind::Shape { message } => f.write_str(message),
            Kind::UnknownCategory { id } => write!(
                f,
                "expected a category id defined in the taxonomy, found \"{id}\""
            ),
            Kind::MissingCategory => f.write_str(
                "expected a `category` on this leaf line or on one of its parents, found none",
            ),
            Kind::DuplicateId { id, first } => write!(
                f,
                "expected a unique id, found \"{id}\" again (first used at {first})"
            ),
            Kind::UnresolvedLink { id } => write!(
                f,
                "expected the id of a budget line in this document, found \"{id}\""
            ),
            Kind::UnknownSource { id } => write!(
                f,
                "expected the id of one of this document's `sources`, found \"{id}\""
            ),
            Kind::TooDeep => write!(f, "expected lines nested at most {MAX_DEPTH} levels deep"),
            Kind::YearOutOfRange { year } => {
                write!(
                    f,
                    "expected a ROC fiscal year from {} to {}, found {year}",
                    FiscalYear::RANGE.start(),
                    FiscalYear::RANGE.end()
                )?;
                if year > &1911 && FiscalYear::RANGE.contains(&(year - 1911)) {
                    write!(f, " (a Gregorian year? ROC {} = {year})", year - 1911)?;
                }
                Ok(())
            }
            Kind::ManifestMismatch { expected, found } => {
                write!(
                    f,
                    "expected {expected} as the manifest lists it, found {found}"
                )
            }
            Kind::ZeroUnit => f.write_str("expected a positive unit (1000 for 千元), found 0"),
            Kind::ChildrenSum { parent, children } => write!(
                f,
                "children add up to {}, expected the line's amount {} (difference {})",
                group(*children),
                group(*parent),
                signed(*children, *parent)
            ),
            Kind::TotalSum { stated, lines } => write!(
                f,
                "lines add up to {}, expected the stated total {} (difference {})",
                group(*lines),
                group(*stated),
                signed(*lines, *stated)
            ),
            Kind::SplitSum { stated, parts } => write!(
                f,
                "recurrent + capital add up to {}, expected the stated total {}",
                group(*parts),
                group(*stated)
            ),
            Kind::MissingYear { city, year } => write!(
                f,
                "no document for {city} in fiscal year {year}: the series has a gap there"
            ),
        }
    }
}

fn signed(a: u64, b: u64) -> String {
    if a >= b {
        format!("+{}", group(a - b))
    } else {
        format!("-{}", group(b - a))
    }
}

/// One error or warning: file, JSON path and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as named in the manifest.
    pub file: String,
    /// The JSON path, e.g. `budget.lines[2].amount`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub kind: Kind,
}

impl Diagnostic {
    /// A diagnostic for `file` at `path`.
    pub fn new(file: &str, path: impl Into<String>, kind: Kind) -> Self {
        Self {
            file: file.to_owned(),
            path: path.into(),
            kind,
        }
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.kind)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.kind)
        }
    }
}

/// Parses `text` as `T`, naming the file and JSON path on failure.
pub fn parse<T: FromJson>(file: &str, text: &str) -> Result<T, Diagnostic> {
    let arena = json::Arena::new();
    let value = tree(file, text, &arena)?;
    convert(file, &value, json::At::Root)
}

/// The JSON tree of a file, refused before parsing when over
/// [`MAX_FILE_BYTES`].
fn tree<'t>(
    file: &str,
    text: &'t str,
    arena: &'t json::Arena,
) -> Result<json::Value<'t>, Diagnostic> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            file,
            "",
            Kind::TooLarge { bytes: text.len() },
        ));
    }
    json::parse(text, arena).map_err(|e| {
        Diagnostic::new(
            file,
            "",
            Kind::Syntax {
                line: e.line,
                column: e.column,
                message: e.message.to_owned(),
            },
        )
    })
}

fn convert<T: FromJson>(
    file: &str,
    value: &json::Value<'_>,
    at: json::At<'_>,
) -> Result<T, Diagnostic> {
    T::from_json(value, at)
        .map_err(|e| Diagnostic::new(file, e.path, Kind::Shape { message: e.message }))
}

/// Parses and checks a manifest.
pub fn parse_manifest(file: &str, text: &str) -> Result<Manifest, Vec<Diagnostic>> {
    let manifest: Manifest = parse(file, text).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let keys: Vec<String> = manifest
        .documents
        .iter()
        .map(|d| format!("{} {}", d.city, d.fiscal_year))
        .collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    unique(file, &keys, &|i| format!("documents[{i}]"), &mut errors);
    for (i, entry) in manifest.documents.iter().enumerate() {
        check_year(
            file,
            &format!("documents[{i}].fiscal_year"),
            entry.fiscal_year,
            &mut errors,
        );
    }
    if errors.is_empty() {
        Ok(manifest)
    } else {
        Err(errors)
    }
}

/// Parses and checks a taxonomy (category ids unique).
pub fn parse_taxonomy(file: &str, text: &str) -> Result<Taxonomy, Vec<Diagnostic>> {
    let taxonomy: Taxonomy = parse(file, text).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let ids: Vec<&str> = taxonomy.categories.iter().map(|c| c.id.as_str()).collect();
    unique(file, &ids, &|i| format!("categories[{i}].id"), &mut errors);
    if errors.is_empty() {
        Ok(taxonomy)
    } else {
        Err(errors)
    }
}

/// Parses a reference file.
pub fn parse_reference(file: &str, text: &str) -> Result<Reference, Vec<Diagnostic>> {
    parse(file, text).map_err(|d| vec![d])
}

/// A validated document with its warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The document.
    pub document: Document,
    /// What the reader should know about it.
    pub warnings: Vec<Diagnostic>,
}

/// Parses and checks one document against the taxonomy and, when given, the
/// manifest entry that points at it. `Err` holds every error found.
pub fn parse_document(
    file: &str,
    text: &str,
    taxonomy: &Taxonomy,
    expected: Option<&DocumentRef>,
) -> Result<Checked, Vec<Diagnostic>> {
    let document: Document = parse(file, text).map_err(|d| vec![d])?;
    check_document(file, document, taxonomy, expected)
}

/// Parses and checks a document file: one document, or a [`Collection`] of
/// several (`{"format": …, "documents": […]}`).
///
/// `entries` are the manifest entries naming the file: the result has one
/// slot per entry, the entry's document or `None` when it is refused (in a
/// collection, the document with the entry's city and fiscal year). With no
/// entries (a file checked on its own) it has one slot per document in the
/// file, or a single `None` when the file itself is refused. Errors and
/// warnings go to `diagnostics`, once per file even when many entries share
/// it; paths inside a collection start at `documents[i]`.
///
/// [`Collection`]: crate::core::model::Collection
pub fn check_file(
    file: &str,
    text: &str,
    taxonomy: &Taxonomy,
    entries: &[&DocumentRef],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Option<Document>> {
    let refused = || (0..entries.len().max(1)).map(|_| None).collect();
    let arena = json::Arena::new();
    let value = match tree(file, text, &arena) {
        Ok(v) => v,
        Err(d) => {
            diagnostics.push(d);
            return refused();
        }
    };
    let collection = value.member("documents").is_some();
    let items = if collection {
        match collection_items(&value) {
            Ok(items) => items,
            Err(e) => {
                diagnostics.push(Diagnostic::new(
                    file,
                    e.path,
                    Kind::Shape { message: e.message },
                ));
                return refused();
            }
        }
    } else {
        std::slice::from_ref(&value)
    };
    // Each document's city and year, which find an entry's document.
    let keys: Vec<Option<(&str, u16)>> = items.iter().map(city_year).collect();
    if collection {
        // Each city-year once: a repeat would be read for nobody (an entry
        // gets the first), unnoticed.
        let keyed: Vec<(usize, String)> = keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| k.map(|(c, y)| (i, format!("{c} {y}"))))
            .collect();
        let ids: Vec<&str> = keyed.iter().map(|(_, k)| k.as_str()).collect();
        unique(
            file,
            &ids,
            &|k| format!("documents[{}]", keyed[k].0),
            diagnostics,
        );
    }
    // Which element each slot gets, and the entry it must match.
    let targets: Vec<(Option<usize>, Option<&DocumentRef>)> = if entries.is_empty() {
        (0..items.len()).map(|i| (Some(i), None)).collect()
    } else {
        entries
            .iter()
            .map(|e| {
                let key = Some((e.city.0.as_str(), e.fiscal_year.0));
                let i = if collection {
                    keys.iter().position(|k| *k == key)
                } else {
                    Some(0)
                };
                (i, Some(*e))
            })
            .collect()
    };
    targets
        .into_iter()
        .map(|(i, entry)| match i {
            Some(i) => check_item(
                file,
                &items[i],
                collection.then_some(i),
                taxonomy,
                entry,
                diagnostics,
            ),
            None => {
                diagnostics.extend(entry.map(|e| no_document(file, e)));
                None
            }
        })
        .collect()
}

/// Converts and checks one document of a file, the file's only one or the
/// `i`th of a collection (its paths start at `documents[i]`): the document
/// when it is usable, and its warnings or errors added to `diagnostics`.
fn check_item(
    file: &str,
    item: &json::Value<'_>,
    i: Option<usize>,
    taxonomy: &Taxonomy,
    entry: Option<&DocumentRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let documents = json::At::Field(&json::At::Root, "documents");
    let at = match i {
        Some(i) => json::At::Index(&documents, i),
        None => json::At::Root,
    };
    let checked = convert(file, item, at)
        .map_err(|d| vec![d])
        .and_then(|doc| check_document(file, doc, taxonomy, entry).map_err(|es| prefixed(es, i)));
    match checked {
        Ok(c) => {
            diagnostics.extend(prefixed(c.warnings, i));
            Some(c.document)
        }
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    }
}

/// A collection without the document a manifest entry names.
fn no_document(file: &str, e: &DocumentRef) -> Diagnostic {
    Diagnostic::new(
        file,
        "documents",
        Kind::ManifestMismatch {
            expected: format!(
                "a document of city \"{}\", fiscal year {}",
                e.city, e.fiscal_year
            ),
            found: "none".into(),
        },
    )
}

/// The documents of a collection: a format tag and an array.
fn collection_items<'v, 'a>(
    value: &'v json::Value<'a>,
) -> Result<&'v [json::Value<'a>], json::ShapeError> {
    let fields = json::Fields::of(value, json::At::Root, &["format", "documents"])?;
    fields.req::<crate::core::model::FormatTag>(0)?;
    match fields.value(1) {
        Some(json::Value::Array(items)) => Ok(items),
        other => Err(json::expected(
            "an array of documents",
            other.unwrap_or(&json::Value::Null),
            json::At::Field(&json::At::Root, "documents"),
        )),
    }
}

/// A document's city id and fiscal year, read before it is converted (to
/// find a manifest entry's document in a collection).
fn city_year<'v>(value: &'v json::Value<'_>) -> Option<(&'v str, u16)> {
    let Some(json::Value::String(city)) = value.member("city").and_then(|c| c.member("id")) else {
        return None;
    };
    let Some(json::Value::Number(year)) = value.member("fiscal_year") else {
        return None;
    };
    Some((city, year.parse().ok()?))
}

/// Paths of a collection's `i`th document start at `documents[i]`.
fn prefixed(mut diagnostics: Vec<Diagnostic>, i: Option<usize>) -> Vec<Diagnostic> {
    if let Some(i) = i {
        for d in &mut diagnostics {
            d.path = if d.path.is_empty() {
                format!("documents[{i}]")
            } else {
                format!("documents[{i}].{}", d.path)
            };
        }
    }
    diagnostics
}

/// Checks a parsed document: the rules that its types cannot express.
pub fn check_document(
    file: &str,
    document: Document,
    taxonomy: &Taxonomy,
    expected: Option<&DocumentRef>,
) -> Result<Checked, Vec<Diagnostic>> {
    let mut c = Checker {
        file,
        known: CategoryIndex::new(&taxonomy.categories),
        sources: document.sources.iter().map(|s| s.id.as_str()).collect(),
        line_ids: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    check_year(file, "fiscal_year", document.fiscal_year, &mut c.errors);
    if let Some(entry) = expected {
        if entry.city != document.city.id {
            c.error(
                "city.id".into(),
                Kind::ManifestMismatch {
                    expected: format!("city \"{}\"", entry.city),
                    found: format!("\"{}\"", document.city.id),
                },
            );
        }
        if entry.fiscal_year != document.fiscal_year
            && FiscalYear::RANGE.contains(&document.fiscal_year.0)
        {
            c.error(
                "fiscal_year".into(),
                Kind::ManifestMismatch {
                    expected: format!("fiscal year {}", entry.fiscal_year),
                    found: document.fiscal_year.to_string(),
                },
            );
        }
    }
    unique(
        file,
        &c.sources,
        &|i| format!("sources[{i}].id"),
        &mut c.errors,
    );
    let mut lines = Vec::new();
    if let Some(budget) = &document.budget {
        c.budget(budget);
        let order = unique(
            file,
            &c.line_ids,
            &|k| line_path(&budget.lines, k),
            &mut c.errors,
        );
        lines = order.into_iter().map(|i| c.line_ids[i]).collect();
    }
    if let Some(plan) = &document.plan {
        c.plan(plan, &lines);
    }
    let (errors, warnings) = (c.errors, c.warnings);
    if errors.is_empty() {
        Ok(Checked { document, warnings })
    } else {
        Err(errors)
    }
}

fn check_year(file: &str, path: &str, year: FiscalYear, errors: &mut Vec<Diagnostic>) {
    if !FiscalYear::RANGE.contains(&year.0) {
        errors.push(Diagnostic::new(
            file,
            path,
            Kind::YearOutOfRange { year: year.0 },
        ));
    }
}

/// An error for each id used again, at `path(i)` of the `i`th id (in the
/// order of the ids), naming where it was first used. Returns the positions
/// `0..ids.len()` in the order of their ids (sorted), for a caller that
/// needs them sorted too.
fn unique(
    file: &str,
    ids: &[&str],
    path: &dyn Fn(usize) -> String,
    errors: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    // Sorted by id (stable, so each id's first use comes first): a repeat is
    // next to its first use. Then reported in the order the ids were met.
    let order = crate::core::order::sorted_order(ids.len(), &|a, b| ids[a].cmp(ids[b]));
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    let mut first = 0;
    for k in 1..order.len() {
        if ids[order[k]] == ids[order[first]] {
            repeats.push((order[first], order[k]));
        } else {
            first = k;
        }
    }
    crate::core::order::sort_by(&mut repeats, &|a, b| a.1.cmp(&b.1));
    for (first, again) in repeats {
        errors.push(Diagnostic::new(
            file,
            path(again),
            Kind::DuplicateId {
                id: ids[again].to_owned(),
                first: path(first),
            },
        ));
    }
    order
}

/// The path of the id of the `k`th line in the order [`Checker::line`]
/// visits them (depth first, at most [`MAX_DEPTH`] deep).
fn line_path(lines: &[Line], k: usize) -> String {
    fn walk(lines: &[Line], at: At<'_>, depth: usize, k: &mut usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        for (i, line) in lines.iter().enumerate() {
            let here = At::Index(&at, i);
            if *k == 0 {
                return Some(At::Field(&here, "id").to_string());
            }
            *k -= 1;
            if let Some(found) = walk(&line.children, At::Field(&here, "children"), depth + 1, k) {
                return Some(found);
            }
        }
        None
    }
    let budget = At::Field(&At::Root, "budget");
    let mut k = k;
    walk(lines, At::Field(&budget, "lines"), 1, &mut k).unwrap_or_default()
}

struct Checker<'a> {
    file: &'a str,
    /// The taxonomy's categories.
    known: CategoryIndex<'a>,
    // Few (the document's sources): a list is enough, and one hash-set type
    // less in the module.
    sources: Vec<&'a str>,
    /// The budget lines' ids, in the order visited.
    line_ids: Vec<&'a str>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn error(&mut self, path: String, kind: Kind) {
        self.errors.push(Diagnostic::new(self.file, path, kind));
    }

    fn warn(&mut self, path: String, kind: Kind) {
        self.warnings.push(Diagnostic::new(self.file, path, kind));
    }

    fn category(&mut self, at: At<'_>, id: &CategoryId) {
        if self.known.position(id).is_none() {
            self.error(at.to_string(), Kind::UnknownCategory { id: id.0.clone() });
        }
    }

    fn budget(&mut self, budget: &'a Budget) {
        let at = At::Field(&At::Root, "budget");
        if budget.unit == 0 {
            self.error("budget.unit".into(), Kind::ZeroUnit);
        }
        let lines = At::Field(&at, "lines");
        let mut sum = 0u64;
        for (i, line) in budget.lines.iter().enumerate() {
            self.line(line, At::Index(&lines, i), false, 1);
            sum = sum.saturating_add(line.amount.0);
        }
        if let Some(total) = budget.total {
            if total.0 != sum {
                self.warn(
                    "budget.total".into(),
                    Kind::TotalSum {
                        stated: total.0,
                        lines: sum,
                    },
                );
            }
            if let (Some(r), Some(c)) = (budget.recurrent, budget.capital) {
                let parts = r.0.saturating_add(c.0);
                if parts != total.0 {
                    self.warn(
                        "budget.recurrent".into(),
                        Kind::SplitSum {
                            stated: total.0,
                            parts,
                        },
                    );
                }
            }
        }
    }

    /// Checks a line and its children; paths are made only for messages.
    fn line(&mut self, line: &'a Line, at: At<'_>, inherited: bool, depth: usize) {
        if depth > MAX_DEPTH {
            self.error(at.to_string(), Kind::TooDeep);
            return;
        }
        self.line_ids.push(&line.id);
        if let Some(category) = &line.category {
            self.category(At::Field(&at, "category"), category);
        }
        if let Some(function) = &line.function {
            self.category(At::Field(&at, "function"), function);
        }
        if let Some(source) = &line.source {
            if !self.sources.contains(&source.as_str()) {
                self.error(
                    At::Field(&at, "source").to_string(),
                    Kind::UnknownSource { id: source.clone() },
                );
            }
        }
        let has_category = inherited || line.category.is_some();
        if line.is_leaf() {
            if !has_category {
                self.error(at.to_string(), Kind::MissingCategory);
            }
            return;
        }
        let children = At::Field(&at, "children");
        let mut sum = 0u64;
        for (i, child) in line.children.iter().enumerate() {
            self.line(child, At::Index(&children, i), has_category, depth + 1);
            sum = sum.saturating_add(child.amount.0);
        }
        if sum != line.amount.0 {
            self.warn(
                At::Field(&at, "amount").to_string(),
                Kind::ChildrenSum {
                    parent: line.amount.0,
                    children: sum,
                },
            );
        }
    }

    /// Checks the plan: unique goal and programme ids (one space), known
    /// categories, `budget_lines` naming lines of `lines` (sorted).
    fn plan(&mut self, plan: &Plan, lines: &[&str]) {
        let plan_at = At::Field(&At::Root, "plan");
        let ids: Vec<&str> = plan
            .goals
            .iter()
            .map(|g| g.id.as_str())
            .chain(plan.programs.iter().map(|p| p.id.as_str()))
            .collect();
        let goals = plan.goals.len();
        unique(
            self.file,
            &ids,
            &|k| {
                if k < goals {
                    format!("plan.goals[{k}].id")
                } else {
                    format!("plan.programs[{}].id", k - goals)
                }
            },
            &mut self.errors,
        );
        let goals_at = At::Field(&plan_at, "goals");
        for (i, goal) in plan.goals.iter().enumerate() {
            let goal_at = At::Index(&goals_at, i);
            let categories = At::Field(&goal_at, "categories");
            for (j, category) in goal.categories.iter().enumerate() {
                self.category(At::Index(&categories, j), category);
            }
        }
        let programs_at = At::Field(&plan_at, "programs");
        for (i, program) in plan.programs.iter().enumerate() {
            let program_at = At::Index(&programs_at, i);
            let categories = At::Field(&program_at, "categories");
            for (j, category) in program.categories.iter().enumerate() {
                self.category(At::Index(&categories, j), category);
            }
            let links = At::Field(&program_at, "budget_lines");
            for (j, link) in program.budget_lines.iter().enumerate() {
                if lines.binary_search(&link.as_str()).is_err() {
                    self.error(
                        At::Index(&links, j).to_string(),
                        Kind::UnresolvedLink { id: link.clone() },
                    );
                }
            }
        }
    }
}
