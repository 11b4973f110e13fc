//! What the two lazily loaded modules share (`crate::extras`, feature
//! `extras`; `crate::importer`, feature `import`): the data set loaded once
//! per page, fetched through the loader, and the bookkeeping of what they
//! draw into a widget's elements.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::compare::CityYear;
use crate::core::dataset::{Dataset, Wanted};
use crate::ui::hooks::use_dataset::{load, SharedDataset};

thread_local! {
    /// The data sets loaded, by their manifest URL: each once per page.
    static DATASETS: RefCell<Vec<(String, SharedDataset)>> = const { RefCell::new(Vec::new()) };
}

/// The data set at `src`, every document, loaded once per page.
pub async fn dataset(src: &str) -> Result<SharedDataset, String> {
    let cached = DATASETS.with(|d| {
        d.borrow()
            .iter()
            .find(|(s, _)| s == src)
            .map(|(_, ds)| ds.clone())
    });
    if let Some(ds) = cached {
        return Ok(ds);
    }
    let ds = SharedDataset(Rc::new(load_data(src, &[], true).await?));
    DATASETS.with(|d| d.borrow_mut().push((src.to_owned(), ds.clone())));
    Ok(ds)
}

/// The data set at `src` with the documents of `wanted` (`all`: with
/// every document, as the widget has it once all are in); `Err` says why not.
pub async fn load_data(src: &str, wanted: &[CityYear], all: bool) -> Result<Dataset, String> {
    let loaded = Rc::new(RefCell::new(None));
    let keep = loaded.clone();
    load(src, &Wanted::years(wanted), None, move |ds| {
        *keep.borrow_mut() = Some(ds);
        all
    })
    .await;
    let taken = loaded.borrow_mut().take();
    match taken {
        Some(Ok(ds)) => Ok(ds),
        Some(Err(errors)) => Err(errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
        None => Err(format!("{src}: not loaded")),
    }
}

/// Takes out of `list` the entries drawn in `element` and those whose
/// element has left the page (`element_of` names an entry's element).
pub fn take_gone<T>(
    list: &RefCell<Vec<T>>,
    element: &Element,
    element_of: impl Fn(&T) -> &Element,
) -> Vec<T> {
    let mut list = list.borrow_mut();
    let (gone, kept) = list.drain(..).partition(|x| {
        let e = element_of(x);
        e == element || !e.is_connected()
    });
    *list = kept;
    gone
}

/// Has this module fetch its data files with `fetch` (the loader's).
#[wasm_bindgen]
pub fn set_fetch(fetch: js_sys::Function) {
    crate::ui::browser::set_fetch(fetch);
}
