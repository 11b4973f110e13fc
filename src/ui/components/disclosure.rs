//! A disclosure whose body the lazily loaded modules draw: opened (a
//! click, or Enter / Space on its summary), it has the loader fetch the
//! module (once per page) and call one of its functions with the body
//! element. Closed, it costs the page nothing. "為什麼不同？ / Why the
//! difference?" and "加入年度 / Add a year" are two. A hook and a function,
//! not a component: a component of its own would cost the widget's module
//! its Yew machinery.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::core::format::Lang;
use crate::ui::browser;
use crate::ui::i18n::{t, Key};

/// The body's element and the disclosure's `ontoggle`: once opened, the
/// module's function `call` draws into the body, called with `(body,
/// ...args)`, and again when `args` change.
#[hook]
pub fn use_lazy_body(
    call: &'static str,
    args: Vec<String>,
    lang: Lang,
) -> (NodeRef, Callback<Event>) {
    let open = use_state(|| false);
    let body = use_node_ref();
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(
                e.target_unchecked_into::<web_sys::Element>()
                    .has_attribute("open"),
            );
        })
    };
    {
        let body = body.clone();
        use_effect_with((*open, args), move |(open, args)| {
            if let (true, Some(element)) = (*open, body.cast::<web_sys::Element>()) {
                element.set_text_content(Some(t(lang, Key::Loading)));
                let mut list = vec![JsValue::from(element.clone())];
                list.extend(args.iter().map(|a| JsValue::from_str(a)));
                browser::call_extras(call, list, move |r| {
                    if let Err(e) = r {
                        element.set_text_content(Some(t(lang, Key::LoadFailed)));
                        web_sys::console::error_1(&format!("budget-compare: {e}").into());
                    }
                });
            }
        });
    }
    (body, ontoggle)
}

/// The disclosure of class `class` (its body's: `body_class`) with its
/// `summary`, and what [`use_lazy_body`] gave.
pub fn disclosure(
    class: &'static str,
    body_class: &'static str,
    summary: String,
    (body, ontoggle): (NodeRef, Callback<Event>),
) -> Html {
    html! {
        <details class={class} {ontoggle}>
            <summary>{ summary }</summary>
            <div class={body_class} ref={body} aria-live="polite"></div>
        </details>
    }
}
