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

/// Mounts the app `C` with `props` into `element`, inside a widget (an app
/// of another module).
///
/// Yew numbers the roots of its apps from 1 in each WebAssembly module,
/// brands every element it renders with its app's number, and an app runs
/// its listeners for every event whose target's closest branded element
/// carries its number, looking the listener up by an index the element
/// carries. Two modules count apart, so an app of this module could carry
/// the number of the widget's app around it: the widget's app then ran its
/// own listener of the same index for a click in this one (Download CSV in
/// the Over time tab switched the widget to About). So the next number is
/// first moved past those of the apps around `element`, by mounting and
/// destroying an empty app until it is.
pub fn mount<C>(element: &Element, props: C::Properties) -> yew::AppHandle<C>
where
    C: yew::BaseComponent,
{
    let around = brands_around(element);
    while let Some(used) = spend_a_root() {
        if !around.contains(&(used + 1.0)) {
            break;
        }
    }
    yew::Renderer::<C>::with_root_and_props(element.clone(), props).render()
}

/// The app numbers Yew branded `element` and its ancestors with.
fn brands_around(element: &Element) -> Vec<f64> {
    let key = JsValue::from_str(BRAND);
    let mut brands = Vec::new();
    let mut at = Some(element.clone());
    while let Some(e) = at {
        if let Some(n) = js_sys::Reflect::get(&e, &key).ok().and_then(|v| v.as_f64()) {
            brands.push(n);
        }
        at = e.parent_element();
    }
    brands
}

/// The property Yew brands elements with (yew 0.21, `subtree_root.rs`).
const BRAND: &str = "__yew_subtree_id";

/// Mounts and destroys an empty app; its number.
fn spend_a_root() -> Option<f64> {
    #[yew::function_component]
    fn Nothing() -> yew::Html {
        yew::Html::default()
    }
    let host = web_sys::window()?.document()?.create_element("div").ok()?;
    let app = yew::Renderer::<Nothing>::with_root(host.clone()).render();
    let number = js_sys::Reflect::get(&host, &JsValue::from_str(BRAND))
        .ok()
        .and_then(|v| v.as_f64());
    app.destroy();
    number
}
