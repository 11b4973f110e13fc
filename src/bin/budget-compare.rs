//! `budget-compare`: validate data files and import published budget tables.
//!
//! ```text
//! budget-compare validate <index.json | document.json ...>
//! budget-compare import <table.csv|.xls|.xlsx|.ods> [--year N] [--columns this|last|prior-final|both|all]
//!                       [--mapping mapping.json] [--agency NAME] [--stage proposed|published|enacted|final]
//!                       [--encoding utf-8|big5] [--out-dir DIR]
//!                       [--suggest-from index.json] [--accept-suggestions]
//! budget-compare add <document.json ...> --to <index.json> [--replace]
//! budget-compare schema [manifest|taxonomy|reference|document|collection]
//! budget-compare render <index.json> [--view compare|over-time|table] [--cities C] [--years Y]
//!                       [--category C] [--metric M] [--lens function|budgeted]
//!                       [--lang zh-TW|en] [--width PX]
//!                       [--format html|svg|png|card] [--out FILE]
//! budget-compare explain <index.json> --from CITY.YEAR --to CITY.YEAR [--category C]
//!                        [--lens function|budgeted] [--metric M] [--include-pass-through]
//!                        [--lang zh-TW|en] [--top N] [--format json|text]
//! budget-compare compare <index.json> --years CITY.YEAR,... [--lens L] [--metric M]
//!                        [--include-pass-through] [--lang zh-TW|en] [--format csv|json]
//! ```

use std::path::Path;
use std::process::ExitCode;

use budget_compare::core::compare::{Caveat, Cell, Metric};
use budget_compare::core::dataset::{first_files, load_with, Dataset};
use budget_compare::core::explain::{explain as explain_core, Explanation};
use budget_compare::core::import::budget_table::{document_file_name, to_json};
use budget_compare::core::import::source::{read_table_file, Encoding};
use budget_compare::core::import::{import_budget_table_suggesting, Mapping, Which};
use budget_compare::core::model::Taxonomy;
use budget_compare::core::model::{CityId, DocumentRef, Stage};
use budget_compare::core::schema::{kind_schema_json, schema_json, Kind};
use budget_compare::core::validate::{check_file, parse_manifest, parse_taxonomy, Severity};
use budget_compare::ui::options::{read_given, EmbedOptions, GivenOptions};
use budget_compare::ui::permalink::{metric_id, starting_state, wanted};
use budget_compare::ui::render::{html_fragment, render as render_view, Rendered};
use budget_compare::ui::state::State;
use budget_compare::ui::view::explain::{explain_view, unexplained};
use budget_compare::ui::view::export::chart_csv;
use budget_compare::ui::view::{compare_table, compare_view};

const USAGE: &str = "usage:
  budget-compare validate <index.json>            check a data set (manifest and every file it names)
  budget-compare validate --taxonomy <taxonomy.json> <document.json>...
                                                  check document files (one document
                                                  or a collection of several each)
  budget-compare import <table.csv|.xls|.xlsx|.ods> [--year N]
                        [--columns this|last|prior-final|both|all] [--mapping mapping.json]
                        [--agency NAME] [--stage proposed|published|enacted|final]
                        [--encoding utf-8|big5] [--out-dir DIR]
                        [--suggest-from index.json] [--accept-suggestions]
                                                  convert a 歲出機關別預算表 (a bureau's section
                                                  or a whole city's table; CSV in UTF-8 or Big5,
                                                  detected, or a spreadsheet) into documents
                                                  (default columns: both; mapping: the
                                                  repository's table for the city it names;
                                                  agency: the mapping's; stage of 本年度: the
                                                  mapping's)
  budget-compare add <document.json>... --to <index.json> [--replace]
                                                  add documents to a data set: each checked
                                                  as validate does, copied beside the manifest
                                                  and listed in it; a city-year the manifest
                                                  has already only with --replace
  budget-compare schema [KIND]                    print the data contract's JSON Schema: any
                                                  file, or one kind (manifest, taxonomy,
                                                  reference, document, collection)
  budget-compare render <index.json> [--view compare|over-time|table] [--cities C] [--years Y]
                        [--category C] [--metric M] [--lens function|budgeted]
                        [--lang zh-TW|en] [--width PX]
                        [--format html|svg|png|card] [--out FILE]
                                                  draw a view of a data set as the widget
                                                  first shows it (the options are the
                                                  widget's data-* attributes): an HTML
                                                  fragment for the widget's element (default),
                                                  the chart as SVG or PNG, or a 1200×630
                                                  share card (PNG); to FILE or stdout
  budget-compare explain <index.json> --from CITY.YEAR --to CITY.YEAR [--category C]
                         [--lens function|budgeted] [--metric M] [--include-pass-through]
                         [--lang zh-TW|en] [--top N] [--format json|text]
                                                  the budget lines behind a difference: a
                                                  city's change between two years, or two
                                                  city-years side by side (JSON: `change` in
                                                  the document unit, `contributions` summing
                                                  to it; the largest N (default 10), then
                                                  one \"other\"; --top 0: every line)
  budget-compare compare <index.json> --years CITY.YEAR,... [--lens L] [--metric M]
                         [--include-pass-through] [--lang zh-TW|en] [--format csv|json]
                                                  the Compare table's figures: as the
                                                  widget's CSV download, or JSON (NT$)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("validate") => validate(&args[1..]),
        Some("import") => import(&args[1..]),
        Some("add") => add(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("explain") => explain(&args[1..]),
        Some("compare") => compare(&args[1..]),
        Some("schema") => match args.get(1).map(String::as_str) {
            None => {
                print!("{}", schema_json());
                Ok(true)
            }
            Some(id) => Kind::from_id(id)
                .map(|kind| {
                    print!("{}", kind_schema_json(kind));
                    true
                })
                .ok_or(format!(
                    "schema: expected manifest, taxonomy, reference, document or collection, found {id:?}"
                )),
        },
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

/// Prints every diagnostic; `Ok(true)` when there is no error.
fn validate(args: &[String]) -> Result<bool, String> {
    let (taxonomy_path, files) = match args {
        [flag, taxonomy, files @ ..] if flag == "--taxonomy" => (Some(taxonomy), files),
        files => (None, files),
    };
    if files.is_empty() {
        return Err(USAGE.to_owned());
    }
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut report = |d: &dyn std::fmt::Display, severity: Severity| {
        match severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        let label = if severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        println!("{label}: {d}");
    };
    match taxonomy_path {
        None => {
            for manifest in files {
                match load_with(manifest, read) {
                    Ok(ds) => {
                        for d in &ds.diagnostics {
                            report(d, d.severity());
                        }
                        println!(
                            "{manifest}: {} documents usable, {} refused",
                            ds.documents.len(),
                            ds.failed.len()
                        );
                    }
                    Err(ds) => ds.iter().for_each(|d| report(d, Severity::Error)),
                }
            }
        }
        Some(path) => {
            let name = file_name(path);
            let taxonomy: Taxonomy = match read(path) {
                Ok(text) => parse_taxonomy(&name, &text).map_err(|ds| join(&ds))?,
                Err(e) => return Err(format!("{name}: could not be read: {e}")),
            };
            for path in files {
                let name = file_name(path);
                let mut diagnostics = Vec::new();
                match read(path) {
                    Ok(text) => {
                        check_file(&name, &text, &taxonomy, &[], &mut diagnostics);
                    }
                    Err(reason) => report(
                        &format!("{name}: could not be read: {reason}"),
                        Severity::Error,
                    ),
                }
                diagnostics.iter().for_each(|d| report(d, d.severity()));
            }
        }
    }
    println!("{errors} errors, {warnings} warnings");
    Ok(errors == 0)
}

fn join(items: &[impl ToString]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_owned())
}

/// A subcommand's one file argument and its `--flag value` pairs (every
/// flag takes a value), in order.
fn arguments(args: &[String]) -> Result<(String, Vec<(String, String)>), String> {
    arguments_with(args, &[])
}

/// [`arguments`], with flags that take no value (`switches`), given as
/// `(flag, "")`.
fn arguments_with(
    args: &[String],
    switches: &[&str],
) -> Result<(String, Vec<(String, String)>), String> {
    let mut file = None;
    let mut flags = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if switches.contains(&arg.as_str()) {
            flags.push((arg.clone(), String::new()));
        } else if arg.starts_with("--") {
            let value = it.next().ok_or(format!("{arg} needs a value\n{USAGE}"))?;
            flags.push((arg.clone(), value.clone()));
        } else if file.is_none() {
            file = Some(arg.clone());
        } else {
            return Err(format!("unexpected argument {arg:?}\n{USAGE}"));
        }
    }
    Ok((file.ok_or(USAGE)?, flags))
}

fn import(args: &[String]) -> Result<bool, String> {
    let (csv, flags) = arguments_with(args, &["--accept-suggestions"])?;
    let mut accept = false;
    let mut suggest_from = None;
    let mut year = None;
    let mut which = Which::Both;
    let mut mapping_path = None;
    let mut out_dir = ".".to_owned();
    let (mut agency, mut stage, mut encoding) = (None, None, None);
    for (flag, v) in flags {
        match flag.as_str() {
            "--year" => {
                year =
                    Some(v.parse().map_err(|_| {
                        format!("--year: expected a ROC year like 106, found {v:?}")
                    })?);
            }
            "--columns" => {
                which = match v.as_str() {
                    "this" => Which::ThisYear,
                    "last" => Which::LastYear,
                    "prior-final" => Which::PriorFinal,
                    "both" => Which::Both,
                    "all" => Which::All,
                    other => {
                        return Err(format!(
                        "--columns: expected this, last, prior-final, both or all, found {other:?}"
                    ))
                    }
                }
            }
            "--mapping" => mapping_path = Some(v),
            "--out-dir" => out_dir = v,
            "--agency" => agency = Some(v),
            "--accept-suggestions" => accept = true,
            "--suggest-from" => suggest_from = Some(v),
            "--stage" => {
                stage = Some(Stage::from_id(&v).ok_or_else(|| {
                    format!("--stage: expected proposed, published, enacted or final, found {v:?}")
                })?);
            }
            "--encoding" => {
                encoding =
                    Some(Encoding::from_name(&v).ok_or_else(|| {
                        format!("--encoding: expected utf-8 or big5, found {v:?}")
                    })?);
            }
            _ => return Err(format!("unexpected argument {flag:?}\n{USAGE}")),
        }
    }
    let bytes = std::fs::read(&csv).map_err(|e| format!("{csv}: could not be read: {e}"))?;
    let table = read_table_file(&file_name(&csv), &bytes, encoding).map_err(|e| e.to_string())?;
    eprintln!("read {csv} as {}", table.read_as);
    let text = table.text;
    let mut mapping = match &mapping_path {
        Some(p) => Mapping::from_json(&file_name(p), &read(p).map_err(|e| format!("{p}: {e}"))?),
        None => Mapping::for_table(&text),
    }
    .map_err(|e| e.to_string())?;
    if let Some(agency) = agency {
        mapping.section = Some(agency);
    }
    mapping.stage = stage.or(mapping.stage);
    // Other years' documents, for the rules suggested for unmapped lines.
    let known = known_documents(suggest_from.as_deref());
    let imported = match import_budget_table_suggesting(
        &file_name(&csv),
        &text,
        year,
        which,
        &mapping,
        &known,
    ) {
        Ok(imported) => imported,
        Err(e) if accept && !e.unmapped.is_empty() => {
            let mut copy = mapping.clone();
            let suggested: Vec<_> = e
                .unmapped
                .iter()
                .filter_map(|u| u.suggestion.as_ref().map(|(rule, _)| rule.clone()))
                .collect();
            let (n, all) = (suggested.len(), e.unmapped.len());
            copy.rules.extend(suggested);
            let name = mapping_path.as_deref().map_or_else(
                || format!("{}-suggested.json", mapping.city.id.0),
                |p| format!("{}-suggested.json", file_name(p).trim_end_matches(".json")),
            );
            let path = Path::new(&out_dir).join(name);
            let json = serde_json::to_string_pretty(&copy).map_err(|e| e.to_string())?;
            std::fs::write(&path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
            return Err(format!(
                "{e}\nwrote {} with {n} suggested rule(s) of {all} needed, marked \"suggested by the importer\": review them, then import with --mapping {}",
                path.display(),
                path.display()
            ));
        }
        Err(e) => return Err(e.to_string()),
    };
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    for doc in &imported.documents {
        let path = Path::new(&out_dir).join(document_file_name(doc));
        std::fs::write(&path, to_json(doc)).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(true)
}

/// The documents of the data set `manifest` (default: the bundled
/// `www/data/index.json`, where it is), by file name; none where it cannot
/// be read.
fn known_documents(manifest: Option<&str>) -> Vec<(String, budget_compare::core::model::Document)> {
    let path = manifest.unwrap_or("www/data/index.json");
    if manifest.is_none() && !Path::new(path).exists() {
        return Vec::new();
    }
    match load_with(path, |p| {
        std::fs::read_to_string(p).map_err(|e| e.to_string())
    }) {
        Ok(ds) => budget_compare::core::import::known_documents(&ds),
        Err(_) => {
            eprintln!("warning: {path}: could not be read: no rules will be suggested");
            Vec::new()
        }
    }
}

/// `add`: documents into a data set's manifest, checked first; a city-year
/// the manifest has already is refused unless `--replace`.
fn add(args: &[String]) -> Result<bool, String> {
    let mut docs = Vec::new();
    let (mut manifest_path, mut replace) = (None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--to" => manifest_path = it.next().cloned(),
            "--replace" => replace = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unexpected argument {flag:?}\n{USAGE}"))
            }
            doc => docs.push(doc.to_owned()),
        }
    }
    let manifest_path =
        manifest_path.ok_or(format!("add: --to <index.json> is required\n{USAGE}"))?;
    if docs.is_empty() {
        return Err(format!("add: expected document files to add\n{USAGE}"));
    }
    let manifest_name = file_name(&manifest_path);
    let manifest_text =
        read(&manifest_path).map_err(|e| format!("{manifest_path}: could not be read: {e}"))?;
    let mut manifest = parse_manifest(&manifest_name, &manifest_text).map_err(|ds| join(&ds))?;
    let dir = Path::new(&manifest_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let taxonomy_path = dir.join(&manifest.taxonomy);
    let taxonomy_text = read(&taxonomy_path.to_string_lossy())
        .map_err(|e| format!("{}: could not be read: {e}", taxonomy_path.display()))?;
    let taxonomy = parse_taxonomy(&manifest.taxonomy, &taxonomy_text).map_err(|ds| join(&ds))?;
    // Each document checked on its own, then placed: (file in the data
    // set's folder, its text).
    let mut written: Vec<(std::path::PathBuf, String)> = Vec::new();
    for path in &docs {
        let name = file_name(path);
        let text = read(path).map_err(|e| format!("{name}: could not be read: {e}"))?;
        let mut diagnostics = Vec::new();
        check_file(&name, &text, &taxonomy, &[], &mut diagnostics);
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .map(ToString::to_string)
            .collect();
        if !errors.is_empty() {
            return Err(format!(
                "{name}: not added, it does not pass validate:\n{}",
                errors.join("\n")
            ));
        }
        let doc: budget_compare::core::model::Document =
            budget_compare::core::validate::parse(&name, &text).map_err(|d| {
                format!("{d} (add takes one document per file; add a collection's entries to the manifest by hand)")
            })?;
        let href = document_file_name(&doc);
        let entry = manifest
            .documents
            .iter_mut()
            .find(|e| e.city == doc.city.id && e.fiscal_year == doc.fiscal_year);
        match entry {
            Some(e) if !replace => {
                return Err(format!(
                    "{name}: {} {} is in {manifest_name} already ({}): not added; pass --replace to replace it",
                    doc.city.id, doc.fiscal_year, e.href
                ))
            }
            Some(e) => e.href = href.clone(),
            None => manifest.documents.push(DocumentRef {
                href: href.clone(),
                city: doc.city.id.clone(),
                fiscal_year: doc.fiscal_year,
            }),
        }
        written.push((dir.join(&href), text));
    }
    // The manifest in its own layout: one line per document, in city then
    // year order (the cities in the order they first appear).
    let mut cities: Vec<CityId> = Vec::new();
    for e in &manifest.documents {
        if !cities.contains(&e.city) {
            cities.push(e.city.clone());
        }
    }
    manifest
        .documents
        .sort_by_key(|e| (cities.iter().position(|c| *c == e.city), e.fiscal_year));
    let new_manifest = manifest_json(&manifest).map_err(|e| e.to_string())?;
    // The whole data set checked as it will be, before anything is written.
    let pending: Vec<(String, String)> = written
        .iter()
        .map(|(p, t)| (p.to_string_lossy().into_owned(), t.clone()))
        .chain([(manifest_path.clone(), new_manifest.clone())])
        .collect();
    let check = load_with(&manifest_path, |p| {
        match pending.iter().find(|(q, _)| Path::new(q) == Path::new(p)) {
            Some((_, text)) => Ok(text.clone()),
            None => std::fs::read_to_string(p).map_err(|e| e.to_string()),
        }
    });
    match check {
        Ok(ds) if ds.failed.is_empty() => {}
        Ok(ds) => {
            let errors: Vec<String> = ds.document_errors().map(ToString::to_string).collect();
            return Err(format!(
                "not added: the data set would refuse documents:\n{}",
                errors.join("\n")
            ));
        }
        Err(ds) => {
            return Err(format!(
                "not added: the data set would not load:\n{}",
                join(&ds)
            ))
        }
    }
    for (path, text) in &written {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    std::fs::write(&manifest_path, new_manifest).map_err(|e| format!("{manifest_path}: {e}"))?;
    println!(
        "wrote {manifest_path} ({} documents)",
        manifest.documents.len()
    );
    Ok(true)
}

/// A manifest as the bundled one is laid out: its fields in the contract's
/// order, one line per document.
fn manifest_json(m: &budget_compare::core::model::Manifest) -> serde_json::Result<String> {
    let text = |v: &str| serde_json::to_string(v);
    let mut out = format!(
        "{{\n  \"format\": \"budget-compare/1\",\n  \"title\": {},\n  \"taxonomy\": {},\n",
        serde_json::to_string_pretty(&m.title)?.replace('\n', "\n  "),
        text(&m.taxonomy)?
    );
    if let Some(r) = &m.reference {
        out.push_str(&format!("  \"reference\": {},\n", text(r)?));
    }
    let entries: Vec<String> = m
        .documents
        .iter()
        .map(|d| {
            Ok(format!(
                "    {{ \"href\": {}, \"city\": {}, \"fiscal_year\": {} }}",
                text(&d.href)?,
                text(&d.city.0)?,
                d.fiscal_year.0
            ))
        })
        .collect::<serde_json::Result<_>>()?;
    out.push_str(&format!(
        "  \"documents\": [\n{}\n  ]\n}}\n",
        entries.join(",\n")
    ));
    Ok(out)
}

/// `render`: the view the widget would start in with these options, drawn.
fn render(args: &[String]) -> Result<bool, String> {
    let (manifest, flags) = arguments(args)?;
    let mut given: Vec<(String, String)> = Vec::new();
    let (mut width, mut format, mut out) = (720u32, "html".to_owned(), None);
    for (flag, v) in flags {
        match flag.as_str() {
            "--width" => {
                width = v
                    .parse()
                    .ok()
                    .filter(|w| (280..=4000).contains(w))
                    .ok_or(format!("--width: expected 280 to 4000 (px), found {v:?}"))?;
            }
            "--format" => format = v,
            "--out" => out = Some(v),
            option @ ("--view" | "--cities" | "--years" | "--category" | "--metric" | "--lens"
            | "--lang") => {
                given.push((option[2..].to_owned(), v));
            }
            _ => return Err(format!("unexpected argument {flag:?}\n{USAGE}")),
        }
    }
    let (ds, options) = load_options(&manifest, &given)?;
    let state = starting_state(&ds, options.lang, &options.hash);
    let mut rendered = render_view(&ds, &state, width)?;
    // The manifest was read and checked by the load above.
    let text = read(&manifest)?;
    let parsed = parse_manifest(&file_name(&manifest), &text).map_err(|ds| join(&ds))?;
    rendered.files = first_files(&parsed, &wanted(&options.hash));
    let bytes = match format.as_str() {
        "html" => html_fragment(&rendered)?.into_bytes(),
        "svg" => rendered.chart.text.clone().into_bytes(),
        "png" => png(&rendered, false)?,
        "card" => png(&rendered, true)?,
        other => {
            return Err(format!(
                "--format: expected html, svg, png or card, found {other:?}"
            ))
        }
    };
    match out {
        Some(path) => {
            std::fs::write(&path, &bytes).map_err(|e| format!("{path}: {e}"))?;
            eprintln!("wrote {path} ({} bytes)", bytes.len());
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| format!("stdout: {e}"))?;
        }
    }
    Ok(true)
}

/// The widget options given (`(name, value)`, as the `data-*` attributes)
/// and the data set at `manifest`, every document usable; `Err` says why not.
fn load_options(
    manifest: &str,
    given: &[(String, String)],
) -> Result<(Dataset, EmbedOptions), String> {
    let options = read_given(&GivenOptions::from_text(given.iter().cloned()));
    if !options.problems.is_empty() {
        return Err(join(&options.problems));
    }
    let ds = load_with(manifest, read).map_err(|ds| join(&ds))?;
    if let Some(first) = ds.document_errors().next() {
        return Err(format!("{manifest}: a document was refused: {first}"));
    }
    Ok((ds, options))
}

/// A command's own flags and their values.
type Flags<'f> = Vec<(&'f str, &'f str)>;

/// The state a command's widget options (`--years`, `--metric`, ...) give,
/// over a loaded data set; `rest`: the flags the command reads itself.
fn state_of<'f>(
    manifest: &str,
    flags: &'f [(String, String)],
    own: &[&str],
) -> Result<(Dataset, State, Flags<'f>), String> {
    let mut given: Vec<(String, String)> = Vec::new();
    let mut rest = Vec::new();
    let mut pass_through = false;
    for (flag, v) in flags {
        match flag.as_str() {
            "--include-pass-through" => pass_through = true,
            option @ ("--years" | "--category" | "--metric" | "--lens" | "--lang") => {
                given.push((option[2..].to_owned(), v.clone()));
            }
            f if own.contains(&f) => rest.push((f, v.as_str())),
            _ => return Err(format!("unexpected argument {flag:?}\n{USAGE}")),
        }
    }
    let (ds, options) = load_options(manifest, &given)?;
    let mut state = starting_state(&ds, options.lang, &options.hash);
    state.pass_through = pass_through;
    Ok((ds, state, rest))
}

/// `explain`: the budget lines behind a difference.
fn explain(args: &[String]) -> Result<bool, String> {
    let (manifest, mut flags) = arguments_with(args, &["--include-pass-through"])?;
    // --from and --to are the two city-years the widget's `years` names.
    let mut ends = [None, None];
    flags.retain(|(flag, v)| match flag.as_str() {
        "--from" => {
            ends[0] = Some(v.clone());
            false
        }
        "--to" => {
            ends[1] = Some(v.clone());
            false
        }
        _ => true,
    });
    let [Some(from), Some(to)] = ends else {
        return Err(format!("explain: --from and --to are required\n{USAGE}"));
    };
    flags.push(("--years".to_owned(), format!("{from},{to}")));
    let (ds, state, rest) = state_of(&manifest, &flags, &["--format", "--top"])?;
    let (mut format, mut top) = ("json", 10usize);
    for (flag, v) in rest {
        match flag {
            "--format" => format = v,
            _ => {
                top = v
                    .parse()
                    .map_err(|_| format!("--top: expected a number of lines, found {v:?}"))?;
            }
        }
    }
    let [a, b] = state.selected.as_slice() else {
        return Err(format!(
            "explain: expected two different city-years like kaohsiung.104, found {from:?} and {to:?}"
        ));
    };
    let category = state.category.as_ref();
    if let Some(id) = category.filter(|id| ds.category(id).is_none()) {
        return Err(format!("--category: no category \"{id}\" in the taxonomy"));
    }
    let e = explain_core(&ds, a, b, category, state.options())
        .map_err(|why| format!("explain: {}", unexplained(&ds, &why, state.lang)))?;
    let text = match format {
        "json" => explanation_json(&e, if top == 0 { usize::MAX } else { top }),
        "text" => {
            let view = explain_view(&ds, &state, a, b, category)?;
            let mut out = format!("{}\n{}\n", view.title, view.summary);
            for note in &view.notes {
                out.push_str(&format!("- {note}\n"));
            }
            for row in std::iter::once(&view.header).chain(&view.rows) {
                out.push_str(&row[..4].join("\t"));
                out.push('\n');
            }
            out
        }
        other => return Err(format!("--format: expected json or text, found {other:?}")),
    };
    print!("{text}");
    Ok(true)
}

/// An explanation as JSON: figures in the document unit (amounts), NT$ per
/// resident or percent; the first `top` contributions, then one "other".
fn explanation_json(e: &Explanation, top: usize) -> String {
    let (shown, other) = e.top(top);
    let mut contributions: Vec<serde_json::Value> = shown
        .iter()
        .map(|c| {
            serde_json::json!({
                "path": c.path, "code": c.code, "from": c.from, "to": c.to,
                "change": c.change, "note": c.note, "moved_category": c.moved, "lines": c.lines,
            })
        })
        .collect();
    if let Some(rest) = other {
        contributions.push(serde_json::json!({
            "path": ["other"], "lines": e.contributions.len() - shown.len(), "change": rest,
        }));
    }
    let caveats: Vec<&str> = e
        .caveats
        .iter()
        .map(|c| match c {
            Caveat::Stage { .. } => "stage",
            Caveat::Capital => "capital-basis",
            Caveat::Function => "function-basis",
        })
        .collect();
    let sizes: Vec<serde_json::Value> = e
        .sizes
        .iter()
        .map(|s| serde_json::json!({ "metric": metric_id(s.metric), "from": s.from, "to": s.to, "change": s.to - s.from }))
        .collect();
    let json = serde_json::json!({
        "from": e.from.to_string(),
        "to": e.to.to_string(),
        "category": e.category.as_ref().map(|c| c.as_str()),
        "lens": e.options.lens.id(),
        "metric": metric_id(e.options.metric),
        "include_pass_through": e.options.pass_through,
        "unit": match e.options.metric {
            Metric::Amount | Metric::Real { .. } => serde_json::json!(e.unit),
            Metric::PerResident => serde_json::json!("NT$ per resident"),
            Metric::Share => serde_json::json!("percent"),
        },
        "stages": [e.stages.0.id(), e.stages.1.id()],
        "from_total": e.from_total,
        "to_total": e.to_total,
        "change": e.change,
        "caveats": caveats,
        "moved_lines": e.moved(),
        "pass_through": e.pass_through.map(|p| serde_json::json!({
            "included": p.included, "change": p.change,
            "share_percent": [p.share.0, p.share.1],
        })),
        "sizes": sizes,
        "contributions": contributions,
    });
    format!("{json:#}\n")
}

/// `compare`: the Compare table's figures.
fn compare(args: &[String]) -> Result<bool, String> {
    let (manifest, flags) = arguments_with(args, &["--include-pass-through"])?;
    let (ds, mut state, rest) = state_of(&manifest, &flags, &["--format"])?;
    let format = rest.first().map_or("csv", |(_, v)| *v);
    if state.selected.is_empty() {
        return Err(format!(
            "compare: --years names no city-year, like taichung.105,kaohsiung.105\n{USAGE}"
        ));
    }
    state.category = None;
    let view = compare_view(&ds, &state);
    let text = match format {
        "csv" => {
            let table = compare_table(&ds, &state, &view);
            let heading = (
                view.chart.title.as_str(),
                view.chart.subtitle.as_str(),
                view.chart.source.as_str(),
            );
            chart_csv(
                heading,
                view.capital.as_deref(),
                &table.header,
                &table.rows,
                state.lang,
            )
        }
        "json" => {
            let c = &view.comparison;
            let cell = |cell: &Cell| match cell {
                Cell::Value(v) => serde_json::json!(v),
                Cell::NoBudget => serde_json::json!({ "missing": "no budget" }),
                Cell::NoLine => serde_json::json!({ "missing": "no line in this category" }),
                Cell::NoReference => serde_json::json!({ "missing": "no reference figure" }),
            };
            let columns: Vec<serde_json::Value> = c
                .columns
                .iter()
                .map(|col| {
                    let cells: serde_json::Map<String, serde_json::Value> = c
                        .categories
                        .iter()
                        .zip(&col.cells)
                        .map(|(id, v)| (id.0.clone(), cell(v)))
                        .collect();
                    serde_json::json!({
                        "key": col.key.to_string(), "stage": col.stage.map(|s| s.id()),
                        "total": cell(&col.total), "categories": cells,
                    })
                })
                .collect();
            let json = serde_json::json!({
                "lens": state.lens.id(), "metric": metric_id(state.metric),
                "include_pass_through": state.pass_through,
                "unit": match state.metric {
                    Metric::Share => "percent",
                    Metric::PerResident => "NT$ per resident",
                    Metric::Amount | Metric::Real { .. } => "NT$",
                },
                "capital_caveat": view.capital,
                "categories": c.categories.iter().map(|id| id.as_str()).collect::<Vec<_>>(),
                "columns": columns,
            });
            format!("{json:#}\n")
        }
        other => return Err(format!("--format: expected csv or json, found {other:?}")),
    };
    print!("{text}");
    Ok(true)
}

/// The chart (or the share card) as PNG.
#[cfg(not(target_arch = "wasm32"))]
fn png(rendered: &Rendered, card: bool) -> Result<Vec<u8>, String> {
    let raster = budget_compare::ui::render::png::Rasterizer::new()?;
    if card {
        raster.card(rendered)
    } else {
        raster.chart(rendered)
    }
}

/// PNG rendering is native only (resvg is not built for WebAssembly).
#[cfg(target_arch = "wasm32")]
fn png(_: &Rendered, _: bool) -> Result<Vec<u8>, String> {
    Err("render: PNG output needs a native build of budget-compare".to_owned())
}
