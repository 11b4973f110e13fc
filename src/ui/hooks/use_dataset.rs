//! Fetches a manifest and every file it names, then validates them with the
//! core ([`crate::core::dataset`]).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::core::dataset::{
    self, first_load, parse_manifest, resolve, Base, CheckedFile, Dataset, Fetched, Wanted,
};
use crate::core::model::{Manifest, Taxonomy};
use crate::core::validate::{check_file, Diagnostic, Kind};
use crate::ui::browser;

/// Where loading is.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    /// Fetching and validating.
    Loading,
    /// Ready to show (possibly with refused documents and warnings inside).
    Ready(SharedDataset),
    /// Nothing can be shown: the manifest or taxonomy failed.
    Failed(Rc<Vec<Diagnostic>>),
}

/// A loaded data set, shared by the components. Two are equal when they
/// are the same load (the same pointer): Yew compares props and memo inputs
/// on every render, and comparing two data sets value by value would walk
/// every document each time.
#[derive(Debug, Clone)]
pub struct SharedDataset(pub Rc<Dataset>);

impl PartialEq for SharedDataset {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedDataset {
    type Target = Dataset;

    fn deref(&self) -> &Dataset {
        &self.0
    }
}

/// A JavaScript failure as a sentence, never as a `Debug` dump.
fn js_message(value: &wasm_bindgen::JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let message = String::from(error.message());
        if error.name() == "TypeError" {
            return format!(
                "network error ({message}): the server could not be reached, or it does not allow this page to read the file (CORS)"
            );
        }
        return message;
    }
    value
        .as_string()
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// A fetch started with [`browser::fetch`]. Its promise is awaited from the
/// start (a `JsFuture`), so a failure is never an unhandled rejection, even
/// when the response is read later.
type Request = Result<JsFuture, wasm_bindgen::JsValue>;

/// Starts fetching `url`, given up after `timeout` ms (the loader's
/// default where `None`).
fn request(url: &str, timeout: Option<u32>) -> Request {
    browser::fetch(url, timeout).map(JsFuture::from)
}

/// The response to the fetch `request` when it can be
/// read; `Err` says why in words (`HTTP 404 Not Found`). A file over the
/// size limit is refused from its `Content-Length` before its body is read.
async fn open(request: Request) -> Result<web_sys::Response, String> {
    let response = request
        .map_err(|e| js_message(&e))?
        .await
        .map_err(|e| js_message(&e))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the fetch did not return a response".to_owned())?;
    if !response.ok() {
        return Err(
            format!("HTTP {} {}", response.status(), response.status_text())
                .trim_end()
                .to_owned(),
        );
    }
    if let Some(bytes) = content_length(&response) {
        if bytes > crate::core::validate::MAX_FILE_BYTES {
            return Err(Kind::TooLarge { bytes }.to_string());
        }
    }
    Ok(response)
}

/// The body's length in bytes, where the server says it.
fn content_length(response: &web_sys::Response) -> Option<usize> {
    let length = response.headers().get("content-length").ok()??;
    length.parse().ok()
}

/// A response's body as bytes. Bytes, not `text()`: the UTF-8 goes into
/// the module as it came, without a round trip through a JavaScript
/// (UTF-16) string. A large body (1 MB or more, or of unknown length) is
/// read as a `Blob` first: Chromium's `arrayBuffer()` on a response took
/// about twice as long for a 5 MB file; a small one directly, without the
/// Blob's two extra steps (see docs/performance.md).
async fn bytes_of(response: &web_sys::Response) -> Result<Vec<u8>, String> {
    const SMALL: usize = 1 << 20;
    let small = content_length(response).is_some_and(|length| length < SMALL);
    let buffer = if small {
        response.array_buffer().map_err(|e| js_message(&e))?
    } else {
        let blob = response.blob().map_err(|e| js_message(&e))?;
        let blob: web_sys::Blob = JsFuture::from(blob)
            .await
            .map_err(|e| js_message(&e))?
            .unchecked_into();
        blob.array_buffer()
    };
    let buffer = JsFuture::from(buffer).await.map_err(|e| js_message(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text a fetch `request` brings; `Err` says why in words.
async fn text_of(request: Request) -> Fetched {
    let response = open(request).await?;
    dataset::utf8(bytes_of(&response).await?)
}

/// Fetches a file's text; `Err` says why in words.
async fn fetch_text(url: &str, timeout: Option<u32>) -> Fetched {
    text_of(request(url, timeout)).await
}

/// Loads a data set from its manifest URL (files fetched in parallel) and
/// calls `ready` with it: once when the files the first view needs are in
/// ([`first_load`]), and again with every document when there were more,
/// unless `ready` answered `false` (nobody is waiting any more). Each
/// request is given up after `timeout` ms (the loader's default where `None`).
pub async fn load(
    src: &str,
    wanted: &Wanted,
    timeout: Option<u32>,
    ready: impl Fn(Result<Dataset, Vec<Diagnostic>>) -> bool,
) {
    let name = src.rsplit('/').next().unwrap_or(src);
    let manifest = match fetch_text(src, timeout).await {
        Ok(text) => parse_manifest(name, &text),
        Err(reason) => Err(vec![Diagnostic::new(name, "", Kind::Unreadable { reason })]),
    };
    let manifest = match manifest {
        Ok(m) => m,
        Err(errors) => {
            ready(Err(errors));
            return;
        }
    };
    let (first, later) = first_load(&manifest, wanted);
    // The first view's files are requested now, and each is checked as soon
    // as it is in and the taxonomy it is checked against is too; the
    // reference (CPI, population) is not needed for that and may come last.
    let first_requests = requests(src, &first, timeout);
    // Requested now too, and read once the documents are checked.
    let reference = manifest
        .reference
        .as_ref()
        .map(|r| request(&resolve(src, r), timeout));
    let taxonomy_url = resolve(src, &manifest.taxonomy);
    let checked = async {
        let taxonomy = Base::taxonomy(&manifest, &fetch_text(&taxonomy_url, timeout).await)?;
        let files = check_all(&manifest, &taxonomy, first_requests).await;
        Ok((taxonomy, files))
    }
    .await;
    let (taxonomy, mut files) = match checked {
        Ok(checked) => checked,
        Err(errors) => {
            ready(Err(errors));
            return;
        }
    };
    let reference = match reference {
        Some(request) => Some(text_of(request).await),
        None => None,
    };
    let base = Base::with_reference(taxonomy, &manifest, reference.as_ref());
    let check_all = |requests| check_all(&manifest, &base.taxonomy, requests);
    // The data is in: the first view is drawn in a task of its own.
    browser::next_task().await;
    if later.is_empty() {
        ready(Ok(base.assemble(name, &manifest, files)));
        return;
    }
    if ready(Ok(base.assemble(name, &manifest, files.clone()))) {
        // Let the first view render and draw (its chart in the next
        // rendering step) before 300 requests start.
        browser::next_frame().await;
        browser::next_task().await;
        // Requested a few dozen at a time, each batch in a task of its own.
        let mut started = Vec::new();
        for batch in later.chunks(32) {
            started.extend(requests(src, batch, timeout));
            browser::next_task().await;
        }
        files.extend(check_all(started).await);
        ready(Ok(base.assemble(name, &manifest, files)));
    }
}

/// A fetch request per document file.
type Requests<'h> = Vec<(&'h str, Request)>;

/// Starts fetching the document files `hrefs` (relative to `src`).
fn requests<'h>(src: &str, hrefs: &[&'h str], timeout: Option<u32>) -> Requests<'h> {
    hrefs
        .iter()
        .map(|href| (*href, request(&resolve(src, href), timeout)))
        .collect()
}

/// Reads and checks document files, requested in parallel: each is checked
/// as soon as it and the ones before it are in, while the others are still
/// on their way (a loop, not `futures`' `join_all`: 3 KB gzip less, and the
/// files of one server arrive in about the order they were asked for).
async fn check_all(
    manifest: &Manifest,
    taxonomy: &Taxonomy,
    requests: Requests<'_>,
) -> Vec<CheckedFile> {
    let mut checked = Vec::with_capacity(requests.len());
    for (href, request) in requests {
        checked.push(dataset::check(
            manifest,
            taxonomy,
            href,
            &text_of(request).await,
        ));
    }
    checked
}

/// What a load brings each time it reports.
type Outcome = LoadState;

/// One load of a data set, shared by the widgets of this module instance
/// that ask for the same data set and first view while it is alive: each
/// file is fetched and read once for all of them (a dozen identical
/// widgets on a page; a single-page site mounting the same widget as
/// readers move between articles). It lives as long as a widget holds it.
#[derive(Default)]
struct SharedLoad {
    /// What the load reported last (`None`: nothing yet).
    latest: Option<Outcome>,
    /// The widgets waiting for its reports.
    widgets: Vec<Rc<dyn Fn(Outcome)>>,
}

/// What makes two loads the same: the data set, the first view, the timeout.
type LoadKey = (String, Wanted, Option<u32>);

/// The loads of this module instance, and what readers added to them.
struct Loads {
    /// The loads alive, by data set and first view: a few at most, so a
    /// list (a map's hashing would weigh more in the module than it saves).
    alive: Vec<(LoadKey, std::rc::Weak<std::cell::RefCell<SharedLoad>>)>,
    /// The documents readers added (加入年度 / Add a year; contract JSON
    /// texts), by the data set they were added to: for this page view.
    imported: Vec<(String, String)>,
}

thread_local! {
    static LOADS: std::cell::RefCell<Loads> = const {
        std::cell::RefCell::new(Loads { alive: Vec::new(), imported: Vec::new() })
    };
}

/// The load of `src` for `wanted`: the one alive, or a new one started.
fn shared_load(
    src: &str,
    wanted: &Wanted,
    timeout: Option<u32>,
) -> Rc<std::cell::RefCell<SharedLoad>> {
    let key: LoadKey = (src.to_owned(), wanted.clone(), timeout);
    let alive = LOADS.with(|l| {
        l.borrow()
            .alive
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, load)| load.upgrade())
    });
    // A load that failed is not handed on: a new widget tries again.
    if let Some(load) = alive.filter(|l| !matches!(l.borrow().latest, Some(LoadState::Failed(_)))) {
        return load;
    }
    let shared = Rc::new(std::cell::RefCell::new(SharedLoad::default()));
    LOADS.with(|l| {
        let loads = &mut l.borrow_mut().alive;
        loads.retain(|(k, load)| load.strong_count() > 0 && *k != key);
        loads.push((key, Rc::downgrade(&shared)));
    });
    let weak = Rc::downgrade(&shared);
    let (src, wanted) = (src.to_owned(), wanted.clone());
    wasm_bindgen_futures::spawn_local(async move {
        // A file that could not be reached is asked for again while a
        // widget waits: after 2, 4, 8… s (at most a minute), or as soon as
        // the browser is back online; RETRIES times at most.
        for attempt in 0..=RETRIES {
            let again = std::cell::Cell::new(false);
            load(&src, &wanted, timeout, |result| {
                // Nobody is waiting any more: the load stops.
                let Some(shared) = weak.upgrade() else {
                    return false;
                };
                let outcome = match result {
                    // A retry that cannot even read the manifest keeps the
                    // view the widgets have.
                    Err(_)
                        if attempt > 0
                            && matches!(shared.borrow().latest, Some(LoadState::Ready(_))) =>
                    {
                        again.set(true);
                        return false;
                    }
                    Ok(ds) => {
                        // For the bench: the first view's files are in and
                        // validated; then, every file.
                        browser::mark("budget-compare:data-validated");
                        if ds.pending.is_empty() {
                            browser::mark("budget-compare:data-complete");
                        }
                        LoadState::Ready(with_imports(&src, ds))
                    }
                    Err(errors) => LoadState::Failed(Rc::new(errors)),
                };
                again.set(worth_retrying(&outcome));
                let heard = tell(&shared, outcome.clone());
                heard && matches!(outcome, LoadState::Ready(_))
            })
            .await;
            if !again.get() || attempt == RETRIES {
                break;
            }
            browser::retry_after(2_000 << attempt.min(5)).await;
            if weak.strong_count() == 0 {
                break;
            }
        }
    });
    shared
}

/// Gives a load's widgets its newest `outcome`; whether any was listening.
fn tell(shared: &std::cell::RefCell<SharedLoad>, outcome: Outcome) -> bool {
    let widgets = {
        let mut shared = shared.borrow_mut();
        shared.latest = Some(outcome.clone());
        shared.widgets.clone()
    };
    for widget in &widgets {
        widget(outcome.clone());
    }
    !widgets.is_empty()
}

/// The data set `ds` of `src` with the documents readers added to it
/// ([`Dataset::add_imported`]); each is checked against its taxonomy, as a
/// document file is.
pub fn with_imports(src: &str, mut ds: Dataset) -> SharedDataset {
    let mut documents = Vec::new();
    LOADS.with(|l| {
        for (_, text) in l.borrow().imported.iter().filter(|(s, _)| s == src) {
            let checked = check_file("import", text, &ds.taxonomy, &[], &mut Vec::new());
            documents.extend(checked.into_iter().flatten());
        }
    });
    if !documents.is_empty() {
        ds.add_imported(documents);
    }
    SharedDataset(Rc::new(ds))
}

/// Adds the documents a reader imported (contract JSON `texts`, marked as
/// theirs) to the data set at `src`: every widget showing it lists them
/// from now on, for this page view.
pub fn add_imported(src: &str, texts: &js_sys::Array) {
    let loads: Vec<_> = LOADS.with(|l| {
        let mut l = l.borrow_mut();
        for text in texts.iter().filter_map(|t| t.as_string()) {
            l.imported.push((src.to_owned(), text));
        }
        l.alive
            .iter()
            .filter(|(key, _)| key.0 == src)
            .filter_map(|(_, load)| load.upgrade())
            .collect()
    });
    for load in loads {
        let latest = load.borrow().latest.clone();
        if let Some(LoadState::Ready(ds)) = latest {
            tell(&load, LoadState::Ready(with_imports(src, (*ds.0).clone())));
        }
    }
}

/// How many times a load asks again for files that did not come (about
/// four minutes of backing off; the browser coming back online wakes it).
const RETRIES: u32 = 8;

/// Whether a load's outcome lacks a file that may come another time: one
/// that could not be reached, timed out, or met a server error or a busy
/// server (HTTP 5xx, 408, 429), once every file was asked for. A file that
/// is too large, not UTF-8 or refused (HTTP 4xx) would not mend.
fn worth_retrying(outcome: &LoadState) -> bool {
    let diagnostics = match outcome {
        LoadState::Loading => return false,
        LoadState::Ready(ds) if !ds.pending.is_empty() => return false,
        LoadState::Ready(ds) => &ds.diagnostics,
        LoadState::Failed(errors) => errors.as_ref(),
    };
    let transient = |reason: &str| {
        reason.starts_with("network error")
            || reason.ends_with("(timed out)")
            || ["HTTP 5", "HTTP 408", "HTTP 429"]
                .iter()
                .any(|p| reason.starts_with(p))
    };
    diagnostics
        .iter()
        .any(|d| matches!(&d.kind, Kind::Unreadable { reason } if transient(reason)))
}

/// Loads `src` once per change of `src`; `wanted` names city-years the first
/// view shows (see [`load`]). Widgets asking for the same at the same time
/// share one load.
#[hook]
pub fn use_dataset(src: AttrValue, wanted: Rc<Wanted>, timeout: Option<u32>) -> LoadState {
    let state = use_state(|| LoadState::Loading);
    {
        let state = state.clone();
        use_effect_with(src, move |src| {
            let shared = shared_load(src, &wanted, timeout);
            let report: Rc<dyn Fn(Outcome)> = Rc::new(move |outcome| state.set(outcome));
            let latest = {
                let mut load = shared.borrow_mut();
                load.widgets.push(report.clone());
                load.latest.clone()
            };
            report(latest.unwrap_or(LoadState::Loading));
            // A widget gone (or given another `src`) hears no more, and a
            // load nobody hears stops.
            move || {
                shared
                    .borrow_mut()
                    .widgets
                    .retain(|w| !Rc::ptr_eq(w, &report));
            }
        });
    }
    (*state).clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::load_with;

    #[test]
    fn a_shared_data_set_equals_its_clones_not_an_equal_copy() {
        let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
        let load = || {
            load_with(manifest, |p| {
                std::fs::read_to_string(p).map_err(|e| e.to_string())
            })
            .map(|ds| SharedDataset(Rc::new(ds)))
            .map_err(|e| format!("{e:?}"))
        };
        let (a, b) = (load(), load());
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("the bundled data set loads");
        };
        assert_eq!(*a.0, *b.0, "the same files give the same data set");
        assert!(a == a.clone(), "a clone is the same load");
        assert!(a != b, "another load of equal data is another data set");
        assert_eq!(a.documents.len(), 8, "Deref reaches the data set");
    }
}
