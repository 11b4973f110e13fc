//! A loaded data set: the manifest's documents, validated, with every
//! diagnostic kept.
//!
//! Loading is split so the same rules serve the browser (async fetch) and
//! native tools (files): fetch the manifest text, [`parse_manifest`], fetch
//! the files it names ([`Manifest`] hrefs resolved with [`resolve`]), then
//! [`assemble`]. One bad document never stops the others.

use crate::core::model::{
    Category, CategoryId, CityId, CityYear, Document, DocumentRef, FiscalYear, Localized, Manifest,
    Reference, Taxonomy,
};
use crate::core::validate::{
    check_file, parse_reference, parse_taxonomy, Diagnostic, Kind, Severity,
};

pub use crate::core::validate::parse_manifest;

/// The text of a fetched file, or why it could not be had (e.g. `HTTP 404`).
pub type Fetched = Result<String, String>;

/// Everything the widget shows, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The manifest's title.
    pub title: Localized,
    /// The shared categories.
    pub taxonomy: Taxonomy,
    /// CPI and population, when the manifest names a readable reference file.
    pub reference: Option<Reference>,
    /// The reference file as the manifest names it, if it names one.
    pub reference_file: Option<String>,
    /// The usable documents, ordered by city (manifest order) then year.
    pub documents: Vec<Document>,
    /// Manifest entries whose document was refused (their errors are in `diagnostics`).
    pub failed: Vec<DocumentRef>,
    /// Manifest entries not fetched yet (the documents the first view
    /// needs load first, then the rest: [`first_load`]).
    pub pending: Vec<DocumentRef>,
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A document a reader imported, marked as theirs so that it is never taken
/// for a published one: under its city's imported id ([`CityId::imported`],
/// shown beside the city's published documents, never mixed with them),
/// its city named `…（自行匯入）` / `… (imported by you)` and each source
/// title starting `自行匯入 / imported by you: `.
pub fn as_imported(mut doc: Document) -> Document {
    doc.city.id = doc.city.id.imported();
    let name = &mut doc.city.name;
    name.en = Some(format!(
        "{} (imported by you)",
        name.en.as_deref().unwrap_or(&name.zh_tw)
    ));
    name.zh_tw.push_str("（自行匯入）");
    for s in &mut doc.sources {
        s.title.insert_str(0, "自行匯入 / imported by you: ");
    }
    doc
}

/// Resolves `href` against the URL or path of the file that names it:
/// absolute URLs (any scheme: `https:`, `data:`, `blob:`) and rooted paths
/// stay as they are.
pub fn resolve(base: &str, href: &str) -> String {
    if href.starts_with('/') || has_scheme(href) {
        return href.to_owned();
    }
    let base = base.split(['?', '#']).next().unwrap_or(base);
    match base.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{href}"),
        None => href.to_owned(),
    }
}

/// Whether `href` begins with a URL scheme: a letter, then letters, digits,
/// `+`, `-` or `.`, up to the first `:` (RFC 3986). Checked by characters:
/// a substring search (`contains("://")`) was the widget's only use of
/// std's two-way searcher, 0.8 KB of gzipped module.
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn read<'f>(file: &str, fetched: &'f Fetched) -> Result<&'f str, Diagnostic> {
    fetched.as_deref().map_err(|reason| {
        Diagnostic::new(
            file,
            "",
            Kind::Unreadable {
                reason: reason.clone(),
            },
        )
    })
}

/// The document files to fetch before the first view, and those to fetch
/// after it, each once and in manifest order (a [`Collection`] file can hold
/// many documents). Before: the files holding the latest fiscal year every
/// city has a document for (the comparison the widget starts with,
/// [`crate::core::compare::latest_common_year`]), the newest year of each
/// city (where its newest plan usually is) and the city-years in `wanted`
/// (asked for by the page or the permalink). Where the first view shows
/// every year (Over time, or one city and no common year), a set of up to
/// [`LOAD_ALL_UP_TO`] documents loads whole; of a larger one, Over time
/// shows what is in and says what is still loading. The rest loads once
/// the first view is drawn.
///
/// [`Collection`]: crate::core::model::Collection
pub fn first_load<'m>(manifest: &'m Manifest, wanted: &Wanted) -> (Vec<&'m str>, Vec<&'m str>) {
    let docs = &manifest.documents;
    let common = common_year(docs);
    let all = (wanted.every || common.is_none()) && docs.len() <= LOAD_ALL_UP_TO;
    let first = |d: &DocumentRef| {
        all || Some(d.fiscal_year) == common
            || docs
                .iter()
                .filter(|o| o.city == d.city)
                .all(|o| o.fiscal_year <= d.fiscal_year)
            || wanted
                .years
                .iter()
                .any(|k| k.city == d.city && k.year == d.fiscal_year)
    };
    let (mut before, mut after): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for d in docs.iter().filter(|d| first(d)) {
        if !before.contains(&d.href.as_str()) {
            before.push(&d.href);
        }
    }
    for d in docs {
        if !before.contains(&d.href.as_str()) && !after.contains(&d.href.as_str()) {
            after.push(&d.href);
        }
    }
    (before, after)
}

/// What a widget's first view asks for, besides what [`first_load`] always
/// fetches first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wanted {
    /// The city-years the page or the permalink names.
    pub years: Vec<CityYear>,
    /// Every year: the first view is Over time.
    pub every: bool,
}

impl Wanted {
    /// Just these city-years.
    pub fn years(years: &[CityYear]) -> Wanted {
        Wanted {
            years: years.to_vec(),
            every: false,
        }
    }
}

/// Where the first view shows every year, data sets of at most this many
/// documents load whole before it ([`first_load`]).
pub const LOAD_ALL_UP_TO: usize = 24;

/// The latest fiscal year for which every city of the manifest has a
/// document, when there are two cities or more.
fn common_year(docs: &[DocumentRef]) -> Option<FiscalYear> {
    crate::core::model::latest_shared_year(docs.iter().map(|d| (&d.city, d.fiscal_year))).1
}

/// Builds the data set from the manifest and the fetched texts of the
/// document `files` it names (`(href, text)`): an entry whose file is not
/// among them yet is listed in [`Dataset::pending`]. Fails only when the
/// taxonomy is unusable (no document can be checked without it).
pub fn assemble(
    manifest_file: &str,
    manifest: &Manifest,
    taxonomy: &Fetched,
    reference: Option<&Fetched>,
    files: &[(&str, Fetched)],
) -> Result<Dataset, Vec<Diagnostic>> {
    let base = Base::read(manifest, taxonomy, reference)?;
    let checked = files
        .iter()
        .map(|(href, fetched)| check(manifest, &base.taxonomy, href, fetched))
        .collect();
    Ok(base.assemble(manifest_file, manifest, checked))
}

/// What every document file is checked against: the taxonomy, and the
/// reference file when the manifest names one.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    /// The shared categories.
    pub taxonomy: Taxonomy,
    /// CPI and population, when readable.
    pub reference: Option<Reference>,
    /// Why the reference could not be used.
    pub diagnostics: Vec<Diagnostic>,
}

impl Base {
    /// Reads the taxonomy and the reference. Fails only when the taxonomy
    /// is unusable (no document can be checked without it).
    pub fn read(
        manifest: &Manifest,
        taxonomy: &Fetched,
        reference: Option<&Fetched>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let taxonomy = Self::taxonomy(manifest, taxonomy)?;
        Ok(Self::with_reference(taxonomy, manifest, reference))
    }

    /// Reads the taxonomy alone: documents can be checked against it while
    /// the reference is still on its way.
    pub fn taxonomy(manifest: &Manifest, taxonomy: &Fetched) -> Result<Taxonomy, Vec<Diagnostic>> {
        read(&manifest.taxonomy, taxonomy)
            .map_err(|d| vec![d])
            .and_then(|text| parse_taxonomy(&manifest.taxonomy, text))
    }

    /// A taxonomy read with [`Base::taxonomy`], and the reference, which
    /// can only add diagnostics.
    pub fn with_reference(
        taxonomy: Taxonomy,
        manifest: &Manifest,
        reference: Option<&Fetched>,
    ) -> Self {
        let mut diagnostics = Vec::new();
        let reference = match (&manifest.reference, reference) {
            (Some(file), Some(fetched)) => match read(file, fetched)
                .map_err(|d| vec![d])
                .and_then(|t| parse_reference(file, t))
            {
                Ok(r) => Some(r),
                Err(mut ds) => {
                    diagnostics.append(&mut ds);
                    None
                }
            },
            _ => None,
        };
        Base {
            taxonomy,
            reference,
            diagnostics,
        }
    }

    /// The data set of the document files checked so far (each once, in
    /// any order): an entry whose file is not among them is listed in
    /// [`Dataset::pending`]. Diagnostics come in `files` order.
    pub fn assemble(
        &self,
        manifest_file: &str,
        manifest: &Manifest,
        files: Vec<CheckedFile>,
    ) -> Dataset {
        let mut diagnostics = self.diagnostics.clone();
        // Per entry: `None` not fetched yet, `Some(None)` refused.
        let mut slots: Vec<Option<Option<Document>>> =
            manifest.documents.iter().map(|_| None).collect();
        for file in files {
            diagnostics.extend(file.diagnostics);
            let mut documents = file.documents.into_iter();
            for (slot, entry) in slots.iter_mut().zip(&manifest.documents) {
                if entry.href == file.href {
                    *slot = Some(documents.next().flatten());
                }
            }
        }
        let mut docs = Vec::new();
        let mut failed = Vec::new();
        let mut pending = Vec::new();
        for (entry, slot) in manifest.documents.iter().zip(slots) {
            match slot {
                None => pending.push(entry.clone()),
                Some(None) => failed.push(entry.clone()),
                Some(Some(doc)) => docs.push(doc),
            }
        }
        // In the manifest's order of cities, then by year; each document's
        // city rank is found once, not in every comparison of the sort.
        let mut ranked: Vec<(usize, Document)> = docs
            .into_iter()
            .map(|doc| {
                let rank = manifest
                    .documents
                    .iter()
                    .position(|e| e.city == doc.city.id);
                (rank.unwrap_or(usize::MAX), doc)
            })
            .collect();
        crate::core::order::sort_by(&mut ranked, &|(r, a), (s, b)| {
            r.cmp(s).then(a.fiscal_year.cmp(&b.fiscal_year))
        });
        let docs = ranked.into_iter().map(|(_, doc)| doc).collect();
        diagnostics.extend(missing_years(manifest_file, manifest));
        Dataset {
            title: manifest.title.clone(),
            taxonomy: self.taxonomy.clone(),
            reference: self.reference.clone(),
            reference_file: manifest.reference.clone(),
            documents: docs,
            failed,
            pending,
            diagnostics,
        }
    }
}

/// A document file, checked against the manifest entries naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedFile {
    /// The file, as the manifest names it.
    pub href: String,
    /// One slot per entry naming the file, in manifest order: the entry's
    /// document, or `None` when it was refused.
    pub documents: Vec<Option<Document>>,
    /// Its errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The manifest entries naming the file `href`, in manifest order.
fn entries<'m>(manifest: &'m Manifest, href: &str) -> Vec<&'m DocumentRef> {
    manifest
        .documents
        .iter()
        .filter(|d| d.href == href)
        .collect()
}

/// Checks the fetched text of the document file `href` (a file the
/// manifest does not name is not read).
pub fn check(
    manifest: &Manifest,
    taxonomy: &Taxonomy,
    href: &str,
    fetched: &Fetched,
) -> CheckedFile {
    let entries = entries(manifest, href);
    let mut diagnostics = Vec::new();
    let documents = match read(href, fetched) {
        _ if entries.is_empty() => Vec::new(),
        Ok(text) => check_file(href, text, taxonomy, &entries, &mut diagnostics),
        Err(d) => {
            diagnostics.push(d);
            entries.iter().map(|_| None).collect()
        }
    };
    CheckedFile {
        href: href.to_owned(),
        documents,
        diagnostics,
    }
}

/// A file's bytes as text, or why they are not (UTF-8 is the contract's
/// encoding).
pub fn utf8(bytes: Vec<u8>) -> Fetched {
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "expected UTF-8 text, found a byte that is not UTF-8 at offset {}",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Warnings for years missing inside each city's run of listed years
/// (cities in id order).
fn missing_years(file: &str, manifest: &Manifest) -> Vec<Diagnostic> {
    let mut cities: Vec<&CityId> = Vec::new();
    for d in &manifest.documents {
        if !cities.contains(&&d.city) {
            cities.push(&d.city);
        }
    }
    crate::core::order::sort_by(&mut cities, &|a, b| a.cmp(b));
    let mut out = Vec::new();
    for city in cities {
        let years: Vec<u16> = manifest
            .documents
            .iter()
            .filter(|d| &d.city == city)
            .map(|d| d.fiscal_year.0)
            .collect();
        if let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) {
            for y in first..=last {
                if !years.contains(&y) {
                    out.push(Diagnostic::new(
                        file,
                        "documents",
                        Kind::MissingYear {
                            city: city.0.clone(),
                            year: FiscalYear(y),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// The files (hrefs as the manifest gives them) a widget fetches before its
/// first view: the taxonomy, the reference series and [`first_load`]'s
/// documents, each once. A prerendered view names them, so the loader can
/// fetch them before it has read the manifest.
pub fn first_files(manifest: &Manifest, wanted: &Wanted) -> Vec<String> {
    let mut files = vec![manifest.taxonomy.clone()];
    files.extend(manifest.reference.clone());
    files.extend(
        first_load(manifest, wanted)
            .0
            .into_iter()
            .map(str::to_owned),
    );
    files
}

/// Loads a data set with a synchronous reader (native tools and tests):
/// `read` gets each file's resolved path.
pub fn load_with(
    manifest_path: &str,
    mut read_file: impl FnMut(&str) -> Fetched,
) -> Result<Dataset, Vec<Diagnostic>> {
    let name = manifest_path.rsplit('/').next().unwrap_or(manifest_path);
    let text = read_file(manifest_path);
    let manifest = parse_manifest(name, read(name, &text).map_err(|d| vec![d])?)?;
    let taxonomy = read_file(&resolve(manifest_path, &manifest.taxonomy));
    let reference = manifest
        .reference
        .as_ref()
        .map(|r| read_file(&resolve(manifest_path, r)));
    let files: Vec<(&str, Fetched)> = {
        let (before, after) = first_load(&manifest, &Wanted::default());
        before
            .into_iter()
            .chain(after)
            .map(|href| (href, read_file(&resolve(manifest_path, href))))
            .collect()
    };
    assemble(name, &manifest, &taxonomy, reference.as_ref(), &files)
}

impl Dataset {
    /// Adds documents a reader imported, marked as theirs ([`as_imported`]),
    /// beside the published ones: after the published cities, in their
    /// city's run of years; an import of a city-year imported before
    /// replaces that one.
    pub fn add_imported(&mut self, documents: Vec<Document>) {
        let docs = &mut self.documents;
        for doc in documents {
            let (city, year) = (&doc.city.id, doc.fiscal_year);
            docs.retain(|d| !(&d.city.id == city && d.fiscal_year == year));
            let at = docs
                .iter()
                .position(|d| &d.city.id == city && d.fiscal_year > year)
                .or_else(|| docs.iter().rposition(|d| &d.city.id == city).map(|i| i + 1))
                .unwrap_or(docs.len());
            docs.insert(at, doc);
        }
    }

    /// The document of a city-year, if it loaded.
    pub fn document(&self, city: &CityId, year: FiscalYear) -> Option<&Document> {
        self.documents
            .iter()
            // The year first: a number compared before a string.
            .find(|d| d.fiscal_year == year && &d.city.id == city)
    }

    /// A category by id.
    pub fn category(&self, id: &CategoryId) -> Option<&Category> {
        self.taxonomy.categories.iter().find(|c| &c.id == id)
    }

    /// The cities of the documents (loaded, failed or still loading), in
    /// manifest order, with their names where a document of theirs loaded.
    pub fn cities(&self) -> Vec<(CityId, Option<Localized>)> {
        let mut out: Vec<(CityId, Option<Localized>)> = Vec::new();
        for d in &self.documents {
            if !out.iter().any(|(c, _)| c == &d.city.id) {
                out.push((d.city.id.clone(), Some(d.city.name.clone())));
            }
        }
        for f in self.failed.iter().chain(&self.pending) {
            if !out.iter().any(|(c, _)| c == &f.city) {
                out.push((f.city.clone(), None));
            }
        }
        out
    }

    /// The fiscal years with a loaded document for a city, ascending.
    pub fn years(&self, city: &CityId) -> Vec<FiscalYear> {
        self.documents
            .iter()
            .filter(|d| &d.city.id == city)
            .map(|d| d.fiscal_year)
            .collect()
    }

    /// The fiscal years of a city's loaded documents (`true`) and of those
    /// still loading (`false`), ascending: what a picker lists from the first
    /// view on, so it does not grow when the rest comes in.
    pub fn listed_years(&self, city: &CityId) -> Vec<(FiscalYear, bool)> {
        let mut years: Vec<(FiscalYear, bool)> =
            self.years(city).into_iter().map(|y| (y, true)).collect();
        years.extend(
            self.pending
                .iter()
                .filter(|p| &p.city == city)
                .map(|p| (p.fiscal_year, false)),
        );
        crate::core::order::sort_by(&mut years, &|a, b| a.0.cmp(&b.0));
        years
    }

    /// The diagnostics of one severity.
    pub fn diagnostics_of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity() == severity)
    }

    /// The manifest entries whose file could not be read (not reached,
    /// timed out, refused by the server), each with why; not those refused
    /// for what they hold.
    pub fn unreadable(&self) -> impl Iterator<Item = (&DocumentRef, &str)> {
        self.failed.iter().filter_map(|r| {
            self.diagnostics.iter().find_map(|d| match &d.kind {
                Kind::Unreadable { reason } if d.file == r.href => Some((r, reason.as_str())),
                _ => None,
            })
        })
    }

    /// Whether the file of `city`'s `year` could not be read.
    pub fn is_unreadable(&self, city: &CityId, year: FiscalYear) -> bool {
        self.unreadable()
            .any(|(r, _)| &r.city == city && r.fiscal_year == year)
    }

    /// The errors that refused documents (and the manifest's): every error
    /// but the reference file's.
    pub fn document_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics_of(Severity::Error)
            .filter(|d| !self.is_reference(d))
    }

    /// The reference file's errors: no document is refused for them, but
    /// figures in real terms or per resident cannot be computed.
    pub fn reference_errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics_of(Severity::Error)
            .filter(|d| self.is_reference(d))
    }

    fn is_reference(&self, d: &Diagnostic) -> bool {
        self.reference_file.as_deref() == Some(d.file.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(cities: &[&str], years: std::ops::RangeInclusive<u16>) -> Manifest {
        let mut documents = Vec::new();
        for c in cities {
            for y in years.clone() {
                documents.push(DocumentRef {
                    href: format!("{c}-{y}.json"),
                    city: CityId::from(*c),
                    fiscal_year: FiscalYear(y),
                });
            }
        }
        Manifest {
            format: crate::core::model::FormatTag,
            title: Localized::new("t", "t"),
            taxonomy: "taxonomy.json".into(),
            reference: None,
            documents,
        }
    }

    #[test]
    fn the_first_view_loads_the_common_year_the_newest_and_the_wanted() {
        // a and c share 100–114, b stops at 110: the latest year all three
        // have is 110.
        let mut set = manifest(&["a", "b", "c"], 100..=114);
        set.documents
            .retain(|d| d.city != CityId::from("b") || d.fiscal_year.0 <= 110);
        let wanted = [CityYear::new("c", 103)];
        let (first, rest) = first_load(&set, &Wanted::years(&wanted));
        assert_eq!(
            first,
            [
                "a-110.json",
                "a-114.json",
                "b-110.json",
                "c-103.json",
                "c-110.json",
                "c-114.json"
            ]
        );
        assert_eq!(rest.len(), 41 - 6);
        assert!(!rest.contains(&"c-103.json") && rest.contains(&"c-102.json"));
        // One city: all of a small set (its first view shows every year),
        // the newest year of a large one.
        let one = manifest(&["a"], 100..=102);
        assert_eq!(
            first_load(&one, &Wanted::default()).0,
            ["a-100.json", "a-101.json", "a-102.json"]
        );
        let one = manifest(&["a"], 100..=130);
        assert_eq!(first_load(&one, &Wanted::default()).0, ["a-130.json"]);
    }

    #[test]
    fn the_bundled_data_sets_first_view_is_its_two_budgets_and_two_plans() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(manifest) = parse_manifest("index.json", &text) else {
            panic!("the bundled manifest reads");
        };
        assert_eq!(
            first_files(&manifest, &Wanted::default()),
            [
                "taxonomy.json",
                "reference.json",
                "taichung-105.json",
                "taichung-109.json",
                "kaohsiung-105.json",
                "kaohsiung-107.json"
            ]
        );
    }

    #[test]
    fn a_first_view_over_time_loads_every_year_of_a_small_set() {
        let every = Wanted {
            years: Vec::new(),
            every: true,
        };
        let small = manifest(&["a", "b"], 101..=112); // 24 documents
        assert_eq!(first_load(&small, &every).0.len(), 24);
        let large = manifest(&["a", "b", "c"], 100..=114); // 45 documents
        assert_eq!(
            first_load(&large, &every).0,
            ["a-114.json", "b-114.json", "c-114.json"]
        );
    }

    #[test]
    fn a_city_lists_its_years_still_loading_in_order() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
        let Ok(mut ds) = load_with(path, |p| {
            std::fs::read_to_string(p).map_err(|e| e.to_string())
        }) else {
            panic!("the bundled data set loads");
        };
        let kaohsiung = CityId::from("kaohsiung");
        ds.documents
            .retain(|d| !(d.city.id == kaohsiung && d.fiscal_year == FiscalYear(106)));
        ds.pending.push(DocumentRef {
            href: "kaohsiung-106.json".into(),
            city: kaohsiung.clone(),
            fiscal_year: FiscalYear(106),
        });
        assert_eq!(
            ds.listed_years(&kaohsiung),
            [
                (FiscalYear(104), true),
                (FiscalYear(105), true),
                (FiscalYear(106), false),
                (FiscalYear(107), true)
            ]
        );
    }

    #[test]
    fn a_file_shared_by_many_documents_is_fetched_once() {
        let mut large = manifest(&["a", "b"], 100..=114); // 30 documents
        for d in &mut large.documents {
            d.href = if d.fiscal_year.0 == 114 {
                "newest.json"
            } else {
                "older.json"
            }
            .into();
        }
        assert_eq!(
            first_load(&large, &Wanted::default()),
            (vec!["newest.json"], vec!["older.json"])
        );
        let wanted = [CityYear::new("a", 101)];
        assert_eq!(
            first_load(&large, &Wanted::years(&wanted)),
            (vec!["older.json", "newest.json"], vec![])
        );
    }

    #[test]
    fn the_reference_files_errors_are_told_apart_from_refused_documents() {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
        let ds = load_with(manifest, |p| match p.rsplit('/').next() {
            Some("reference.json") => Err("HTTP 404 Not Found".into()),
            Some("kaohsiung-105.json") => Ok("{".into()),
            _ => std::fs::read_to_string(p).map_err(|e| e.to_string()),
        });
        let Ok(ds) = ds else {
            panic!("the taxonomy and manifest load");
        };
        let reference: Vec<&str> = ds.reference_errors().map(|d| d.file.as_str()).collect();
        let documents: Vec<&str> = ds.document_errors().map(|d| d.file.as_str()).collect();
        assert_eq!(ds.reference_file.as_deref(), Some("reference.json"));
        assert_eq!(reference, ["reference.json"], "the reference's error");
        assert_eq!(
            documents,
            ["kaohsiung-105.json"],
            "the refused document's error, not the reference's"
        );
        assert!(ds.reference.is_none());
        assert_eq!(ds.documents.len(), 7, "the other documents load");
    }

    #[test]
    fn resolves_relative_hrefs() {
        let cases = [
            ("data/index.json", "taxonomy.json", "data/taxonomy.json"),
            (
                "https://x.tw/a/index.json?v=1",
                "k.json",
                "https://x.tw/a/k.json",
            ),
            ("index.json", "k.json", "k.json"),
            ("data/index.json", "/other/k.json", "/other/k.json"),
            (
                "data/index.json",
                "https://y.tw/k.json",
                "https://y.tw/k.json",
            ),
            (
                "data/index.json",
                "blob:https://y.tw/1",
                "blob:https://y.tw/1",
            ),
            ("data/index.json", "data:,{}", "data:,{}"),
            // A colon after a slash is part of a path, not a scheme.
            ("data/index.json", "a/b:c.json", "data/a/b:c.json"),
            ("data/index.json", "2025:k.json", "data/2025:k.json"),
        ];
        for (base, href, want) in cases {
            assert_eq!(resolve(base, href), want, "{base} + {href}");
        }
    }
}
