//! The few browser services the widget uses beyond rendering: downloads,
//! the clipboard, the URL hash. Failures come back as text to show.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

fn message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_owned())
}

fn click_link(href: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(message)?
        .dyn_into()
        .map_err(|_| "not a link".to_owned())?;
    a.set_href(href);
    a.set_download(file_name);
    a.click();
    Ok(())
}

/// Offers `content` as a file download.
pub fn download_text(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(message)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(message)?;
    let result = click_link(&url, file_name);
    let _ = Url::revoke_object_url(&url);
    result
}

/// Offers a canvas's pixels as a PNG download.
pub fn download_canvas(canvas: &web_sys::HtmlCanvasElement, file_name: &str) -> Result<(), String> {
    let url = canvas.to_data_url_with_type("image/png").map_err(message)?;
    click_link(&url, file_name)
}

/// The page's URL without its hash.
pub fn page_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

/// The page's hash (without `#`).
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// The attribute on a widget's element naming the widget's key in the
/// page's URL hash (`bc-2`, or `bc-` and the element's id), where it is one
/// of several widgets and so does not keep its state in the whole hash.
pub const LINK_KEY_ATTRIBUTE: &str = "data-bc-link";

/// A widget's own state in the page's hash: the whole hash where the widget
/// keeps its state there (`permalink`) and it is a state, else the value of
/// its key (its element's [`LINK_KEY_ATTRIBUTE`]); empty where there is
/// none (an article's anchor, another widget's state).
pub fn own_hash(permalink: bool, host: Option<&web_sys::Element>) -> String {
    use crate::ui::permalink::{own_state, Slot};
    match (permalink, link_slot(host)) {
        (true, _) => own_state(&hash(), &Slot::Whole),
        (false, key @ Slot::Key(_)) => own_state(&hash(), &key),
        // Neither the whole hash nor a key of its own: no state in the URL.
        (false, Slot::Whole) => String::new(),
    }
}

/// Where a link to the widget inside `element` keeps its state: under its
/// key where its element has one, else the whole hash.
pub fn link_slot(element: Option<&web_sys::Element>) -> crate::ui::permalink::Slot {
    use crate::ui::permalink::Slot;
    element
        .and_then(|e| e.closest(&format!("[{LINK_KEY_ATTRIBUTE}]")).ok().flatten())
        .and_then(|host| host.get_attribute(LINK_KEY_ATTRIBUTE))
        .map_or(Slot::Whole, Slot::Key)
}

/// Replaces the hash without adding a history entry or scrolling.
pub fn replace_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{hash}")));
        }
    }
}

/// Copies text to the clipboard (best effort: the link is on screen anyway).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Resolves a URL against the page (so embed snippets work on other sites).
pub fn absolute(url: &str) -> String {
    let base = page_url();
    Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

thread_local! {
    /// The loader's own URL, when the loader gave it.
    static LOADER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Records the loader's URL (its `import.meta.url`): the embed snippet
/// names it.
pub fn set_loader_url(url: String) {
    LOADER.with(|l| *l.borrow_mut() = Some(url));
}

/// The URL of the widget's loader script: as the loader gave it, else as
/// the page's script tag names it.
pub fn script_url() -> String {
    if let Some(url) = LOADER.with(|l| l.borrow().clone()) {
        return url;
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("script[src*='budget-compare']")
                .ok()
                .flatten()
        })
        .and_then(|s| s.get_attribute("src"))
        .map_or_else(|| absolute("budget-compare.js"), |src| absolute(&src))
}

/// Fires `budget-compare:change` on the host element with the state as
/// `detail` ([`crate::ui::permalink::ChangeDetail`]: its fields in their
/// order, no category `null`). Built by hand: serde-wasm-bindgen's
/// serializer cost the module 1.7 KB gzip.
pub fn dispatch_change(host: &web_sys::Element, state: &crate::ui::state::State) {
    let d = crate::ui::permalink::change_detail(state);
    let texts = |items: &[String]| -> js_sys::Array {
        items.iter().map(|s| JsValue::from_str(s)).collect()
    };
    let detail = js_sys::Object::new();
    for (key, value) in [
        ("view", JsValue::from_str(d.view)),
        ("lang", JsValue::from_str(d.lang)),
        ("metric", JsValue::from_str(&d.metric)),
        (
            "category",
            d.category
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
        ("cities", texts(&d.cities).into()),
        ("years", texts(&d.years).into()),
        ("hash", JsValue::from_str(&d.hash)),
    ] {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(key), &value);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict("budget-compare:change", &init)
    {
        let _ = host.dispatch_event(&event);
    }
}

/// Sets a `performance.mark` (the bench reads them: `budget-compare:…`).
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

thread_local! {
    /// The function data files are fetched with, when the loader gave one.
    static FETCH: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Fetches data files with `fetch` (a `url -> Promise<Response>` function)
/// from now on: the loader's, which answers from the requests it started
/// while the module was compiling.
pub fn set_fetch(fetch: js_sys::Function) {
    FETCH.with(|f| *f.borrow_mut() = Some(fetch));
}

thread_local! {
    /// The loader's function that calls the lazily loaded module:
    /// `(name, ...args) -> Promise` (it imports the module the first time).
    static EXTRAS: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Calls the lazily loaded module through `extras` from now on.
pub fn set_extras(extras: js_sys::Function) {
    EXTRAS.with(|f| *f.borrow_mut() = Some(extras));
}

/// Calls the lazily loaded module's function `name` with `args` and hands
/// what became of it to `done`: `Err` with a message where the module could
/// not be loaded (or no loader gave the way to it) or the call failed.
pub fn call_extras(
    name: &str,
    args: Vec<JsValue>,
    done: impl FnOnce(Result<(), String>) + 'static,
) {
    call_boxed(name, args, Box::new(done));
}

/// [`call_extras`], one copy for every caller's `done`.
fn call_boxed(name: &str, args: Vec<JsValue>, done: Box<dyn FnOnce(Result<(), String>)>) {
    let call = EXTRAS.with(|f| f.borrow().clone()).and_then(|f| {
        let list: js_sys::Array = std::iter::once(JsValue::from_str(name))
            .chain(args)
            .collect();
        f.apply(&JsValue::NULL, &list)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()
    });
    let Some(promise) = call else {
        done(Err("the module for this was not loaded".to_owned()));
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        done(
            wasm_bindgen_futures::JsFuture::from(promise)
                .await
                .map(|_| ())
                .map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}"))),
        );
    });
}

/// Has the loader fetch and instantiate the lazily loaded module, which
/// draws every tab but Compare, before the reader opens one: called when
/// the reader's pointer or focus comes to the tabs.
pub fn warm_extras() {
    call_extras("warm", Vec::new(), |_| ());
}

/// Starts fetching `url`, through the function given to [`set_fetch`] (the
/// loader's, which gives up after `timeout` ms or its default) or else
/// `window.fetch`.
pub fn fetch(url: &str, timeout: Option<u32>) -> Result<js_sys::Promise, JsValue> {
    match FETCH.with(|f| f.borrow().clone()) {
        Some(fetch) => fetch
            .call2(
                &JsValue::NULL,
                &JsValue::from_str(url),
                &timeout.map_or(JsValue::UNDEFINED, JsValue::from),
            )?
            .dyn_into::<js_sys::Promise>(),
        None => Ok(web_sys::window()
            .ok_or_else(|| JsValue::from_str("no browser window"))?
            .fetch_with_str(url)),
    }
}

/// The class of the element a widget is mounted into beside a prerendered
/// fragment, while it loads: laid out over the fragment at its width (so the
/// chart is drawn at the size it will have) but not shown.
pub const PENDING_CLASS: &str = "bc-live-pending";

/// The class of a host while its widget loads beside a prerendered fragment
/// (it positions the pending widget over the fragment).
pub const MOUNTING_CLASS: &str = "bc-mounting";

/// Puts the live widget where the prerendered fragment was, in the same
/// frame as the widget's first full render (before the browser paints, so
/// nothing visible jumps): with `ready` the fragment goes; without (the data
/// could not be loaded) it stays and the widget's message shows below it.
pub fn take_over(fragment: &web_sys::Element, live: &web_sys::Element, ready: bool) {
    if ready {
        fragment.remove();
    }
    let _ = live.class_list().remove_1(PENDING_CLASS);
    if let Some(host) = live.parent_element() {
        let _ = host.class_list().remove_1(MOUNTING_CLASS);
    }
    // For the bench: the interactive chart is on screen.
    mark("budget-compare:taken-over");
}

/// Resolves in a later task (`setTimeout(0)`): the work already queued,
/// such as rendering the widget, runs first.
pub async fn next_task() {
    called_back(|w, f| w.set_timeout_with_callback(f).is_ok()).await;
}

/// Resolves in the browser's next rendering step (`requestAnimationFrame`),
/// before it paints: what runs then is on screen in the same frame as what
/// was rendered before (at once where there is no window).
pub async fn next_frame() {
    called_back(|w, f| w.request_animation_frame(f).is_ok()).await;
}

/// Resolves after `ms`, or sooner when the browser comes back online; while
/// it is offline, only then.
pub async fn retry_after(ms: i32) {
    called_back(|w, f| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let listening = w
            .add_event_listener_with_callback_and_add_event_listener_options("online", f, &options)
            .is_ok();
        if listening && !w.navigator().on_line() {
            return true;
        }
        w.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
            .is_ok()
    })
    .await;
}

/// Resolves when the window calls back the function `schedule` hands it
/// (`schedule` answers whether it could), or at once.
async fn called_back(schedule: impl Fn(&web_sys::Window, &js_sys::Function) -> bool) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if !web_sys::window().is_some_and(|w| schedule(&w, &resolve)) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
