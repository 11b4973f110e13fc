//! The only wasm-bindgen surface.
//!
//! The loader script (`www/budget-compare.js`) mounts every widget of a page
//! on one instance of this module; [`mount`] / [`mount_element`] /
//! [`mount_query`] mount one widget and return its [`Handle`], whose
//! [`Handle::destroy`] gives back what the widget held. A panic stops the
//! instance: [`start`] installs a hook that says so in each of its widgets
//! and tells the loader ([`set_on_panic`]), which moves each widget to an
//! instance of its own.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

use crate::ui::browser::{LINK_KEY_ATTRIBUTE, MOUNTING_CLASS, PENDING_CLASS};
use crate::ui::components::{App, AppProps};
use crate::ui::i18n::{t, Key};
use crate::ui::options::{read_given, EmbedOptions, Given, GivenOptions};
use crate::ui::render::PRERENDERED_CLASS;

/// The class every mounted element gets (the stylesheet is scoped to it).
const ROOT_CLASS: &str = "bc-root";

thread_local! {
    /// The widgets this instance holds, for the panic message: each one's
    /// element and the one Yew renders into (the same, or beside a
    /// prerendered fragment).
    static ROOTS: RefCell<Vec<(Element, Element)>> = const { RefCell::new(Vec::new()) };
    /// The loader's function to call when a panic has stopped this instance.
    static ON_PANIC: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Says in each of this instance's widgets that it stopped (text only; a
/// prerendered fragment stays, the message below it), then tells the loader.
fn show_failure(message: &str) {
    web_sys::console::error_1(&format!("budget-compare: {message}").into());
    ROOTS.with(|roots| {
        if let Ok(roots) = roots.try_borrow() {
            for (host, live) in roots.iter() {
                let lang = host
                    .get_attribute("data-lang")
                    .and_then(|l| crate::core::format::Lang::from_tag(&l))
                    .unwrap_or_default();
                live.set_text_content(Some(t(lang, Key::WidgetFailed)));
                let _ = live.set_attribute("role", "alert");
                let _ = live.class_list().remove_1(PENDING_CLASS);
            }
        }
    });
    ON_PANIC.with(|f| {
        if let Some(f) = f.try_borrow().ok().as_ref().and_then(|f| f.as_ref()) {
            let _ = f.call0(&JsValue::NULL);
        }
    });
}

/// Runs when the module instance loads: a panic shows a message in this
/// instance's widgets instead of blank boxes.
#[wasm_bindgen(start)]
pub fn start() {
    // Through Yew: its renderer replaces any other hook on the first render.
    yew::set_custom_panic_hook(Box::new(|info| show_failure(&info.to_string())));
}

/// Has a panic call `stopped` (the loader's: it moves the widgets of this
/// instance, which can run no more, to fresh ones).
#[wasm_bindgen]
pub fn set_on_panic(stopped: js_sys::Function) {
    ON_PANIC.with(|f| *f.borrow_mut() = Some(stopped));
}

/// Panics, for the page test of what a bug does to the widgets around it
/// (the loader's recovery); nothing else calls it.
#[doc(hidden)]
#[wasm_bindgen]
pub fn fail_for_tests() {
    panic!("a panic asked for by a test");
}

/// A mounted widget, for the page that mounted it.
#[wasm_bindgen]
pub struct Handle {
    app: Option<AppHandle<App>>,
    element: Element,
    props: AppProps,
}

fn props_of(
    element: &Element,
    options: EmbedOptions,
    permalink_default: bool,
    prerendered: Option<(Element, Element)>,
) -> AppProps {
    if let Some(theme) = &options.theme {
        let _ = element.set_attribute("data-theme", theme);
    }
    // `import: off` hides 加入年度 / Add a year (the stylesheet does); an
    // update that does not name it leaves it as it was.
    let _ = match options.import {
        Some(false) => element.set_attribute("data-import", "off"),
        Some(true) => element.remove_attribute("data-import"),
        None => Ok(()),
    };
    // One of several widgets keeps its state under a key of its own in the
    // page's hash (read at the start, written by "Copy link"); the page's
    // only one (or one told so) keeps it in the whole hash.
    let permalink = options.permalink.unwrap_or(permalink_default);
    match link_key(element).filter(|_| !permalink && options.permalink != Some(false)) {
        Some(key) => {
            let _ = element.set_attribute(LINK_KEY_ATTRIBUTE, &key);
        }
        None => {
            let _ = element.remove_attribute(LINK_KEY_ATTRIBUTE);
        }
    }
    AppProps {
        src: options.src.into(),
        lang: options.lang,
        options: options.hash.into(),
        permalink,
        controls: options.controls,
        problems: Rc::new(options.problems),
        timeout: options.timeout,
        host: Some(element.clone()),
        prerendered,
    }
}

/// The key of the widget in `element` in the page's hash: `bc-` and the
/// element's id, else `bc-` and its place among the page's marked elements
/// (`bc-2`: the second); `None` for an element neither names.
fn link_key(element: &Element) -> Option<String> {
    let id = element.id();
    if !id.is_empty() {
        return Some(format!("bc-{id}"));
    }
    let marked = element
        .owner_document()?
        .query_selector_all("[data-budget-compare]")
        .ok()?;
    (0..marked.length())
        .find(|&i| marked.get(i).is_some_and(|n| n == **element))
        .map(|i| format!("bc-{}", i + 1))
}

/// Options from a JS object, converted as [`GivenOptions`]' serde impl
/// reads them (by hand: serde-wasm-bindgen's deserializer cost 4.8 KB
/// gzip); anything but an object gives no options.
fn js_options(options: JsValue) -> EmbedOptions {
    read_given(&given_of(&options))
}

/// A JS value as an option value (as [`Given`]'s serde impl reads one).
fn given_value(value: &JsValue) -> Given {
    if let Some(text) = value.as_string() {
        Given::Text(text)
    } else if let Some(b) = value.as_bool() {
        Given::Switch(b)
    } else if let Some(n) = value.as_f64() {
        Given::Number(n)
    } else if value.is_null() || value.is_undefined() {
        Given::Nothing
    } else if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        let items: Option<Vec<String>> = array.iter().map(|v| v.as_string()).collect();
        items.map_or(Given::Other, Given::List)
    } else {
        Given::Other
    }
}

/// A JS options object's own properties as options given.
fn given_of(options: &JsValue) -> GivenOptions {
    let Some(object) = options.dyn_ref::<js_sys::Object>() else {
        return GivenOptions::default();
    };
    GivenOptions(
        js_sys::Object::entries(object)
            .iter()
            .filter_map(|entry| {
                let pair = entry.dyn_into::<js_sys::Array>().ok()?;
                Some((pair.get(0).as_string()?, given_value(&pair.get(1))))
            })
            .collect(),
    )
}

/// Says in the console which options the widget does not know.
fn warn_unknown(options: &EmbedOptions) {
    for name in &options.unknown {
        web_sys::console::warn_1(&format!("budget-compare: {name}").into());
    }
}

/// A prerendered fragment among `element`'s children (`budget-compare
/// render`), and a new element beside it for the widget, laid out but not
/// shown until the widget takes the fragment's place.
fn beside_fragment(element: &Element) -> Option<(Element, Element)> {
    let fragment = element
        .query_selector(&format!(":scope > .{PRERENDERED_CLASS}"))
        .ok()??;
    let live = web_sys::window()?.document()?.create_element("div").ok()?;
    live.set_class_name(&format!("bc-live {PENDING_CLASS}"));
    element.append_child(&live).ok()?;
    let _ = element.class_list().add_1(MOUNTING_CLASS);
    Some((fragment, live))
}

fn mount_with(element: Element, options: EmbedOptions, permalink_default: bool) -> Handle {
    warn_unknown(&options);
    let _ = element.class_list().add_1(ROOT_CLASS);
    let prerendered = beside_fragment(&element);
    let target = prerendered
        .as_ref()
        .map_or_else(|| element.clone(), |(_, live)| live.clone());
    ROOTS.with(|roots| {
        if let Ok(mut roots) = roots.try_borrow_mut() {
            roots.push((element.clone(), target.clone()));
        }
    });
    let props = props_of(&element, options, permalink_default, prerendered);
    let app = yew::Renderer::<App>::with_root_and_props(target, props.clone()).render();
    Handle {
        app: Some(app),
        element,
        props,
    }
}

/// Has this module instance fetch its data files with `fetch` (a
/// `url -> Promise<Response>` function; the loader passes one that answers
/// from the requests it started early).
#[wasm_bindgen]
pub fn set_fetch(fetch: js_sys::Function) {
    crate::ui::browser::set_fetch(fetch);
}

/// Has this module instance mount explanations ("Why the difference?")
/// with `explain` (the loader's: it imports the lazily loaded module).
#[wasm_bindgen]
pub fn set_extras(explain: js_sys::Function) {
    crate::ui::browser::set_extras(explain);
}

/// Tells this module instance the loader's URL (the embed snippet names it).
#[wasm_bindgen]
pub fn set_loader_url(url: String) {
    crate::ui::browser::set_loader_url(url);
}

/// Mounts a widget into `element` with a JS options object:
/// `{ src, view, cities, years, category, metric, lang, theme, controls, permalink }`
/// (the same names and values as the `data-*` attributes).
#[wasm_bindgen]
pub fn mount(element: Element, options: JsValue) -> Handle {
    mount_with(element, js_options(options), false)
}

/// Mounts a widget into an element marked `data-budget-compare`, reading its
/// `data-*` attributes; `alone` says whether it is the page's only widget
/// (then it keeps its state in the URL hash unless `data-permalink="off"`).
#[wasm_bindgen]
pub fn mount_element(element: Element, alone: bool) -> Handle {
    // Every data-* attribute but the marker (and the theme the widget sets).
    let given = GivenOptions::from_text(element.get_attribute_names().iter().filter_map(|name| {
        let name = name.as_string()?;
        let option = name.strip_prefix("data-")?;
        let value = element.get_attribute(&name)?;
        (option != "budget-compare").then(|| (option.to_owned(), value))
    }));
    mount_with(element, read_given(&given), alone)
}

/// Mounts a widget from a query string (`?src=…&view=…`), for `embed.html`.
#[wasm_bindgen]
pub fn mount_query(element: Element, query: String) -> Handle {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.to_owned(),
                js_sys::decode_uri_component(&v.replace('+', " "))
                    .map(String::from)
                    .unwrap_or_default(),
            )
        })
        .collect();
    mount_with(element, read_given(&GivenOptions::from_text(pairs)), false)
}

#[wasm_bindgen]
impl Handle {
    /// Changes the widget: what the options given name changes, the rest of
    /// the reader's view stays; a new `src` reloads the data.
    pub fn update(&mut self, options: JsValue) {
        let current = self.props.clone();
        let mut given = given_of(&options);
        if !given.any_known() {
            return;
        }
        if given.get("src").and_then(Given::text).is_none() {
            given
                .0
                .push(("src".to_owned(), Given::Text(current.src.to_string())));
        }
        let merged = read_given(&given);
        warn_unknown(&merged);
        // Only the options given change the current view (the widget applies
        // `options` to its state when they change).
        let next = props_of(
            &self.element,
            merged,
            current.permalink,
            current.prerendered.clone(),
        );
        self.props = next.clone();
        if let Some(app) = self.app.as_mut() {
            app.update(next);
        }
    }

    /// Removes the widget and leaves the element empty (but for a
    /// prerendered fragment the widget never replaced).
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        ROOTS.with(|roots| {
            if let Ok(mut roots) = roots.try_borrow_mut() {
                roots.retain(|(host, _)| host != &self.element);
            }
        });
        // The element it rendered into beside a fragment.
        if let Some((_, live)) = &self.props.prerendered {
            live.remove();
        }
        let _ = self
            .element
            .class_list()
            .remove_2(ROOT_CLASS, MOUNTING_CLASS);
    }
}

/// Adds documents a reader imported (加入年度 / Add a year: contract JSON
/// texts, from the lazily loaded import module, through the loader) to the
/// data set at `src`: every widget of this instance showing it lists them,
/// beside its published documents, for this page view.
#[wasm_bindgen]
pub fn add_imported(src: String, texts: js_sys::Array) {
    crate::ui::hooks::use_dataset::add_imported(&src, &texts);
}
