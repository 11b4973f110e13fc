//! An alert listing validation messages (file: path: expectation) as text,
//! each on its own line, under a heading that says what they mean.

use yew::prelude::*;

use crate::core::validate::Diagnostic;

/// An alert (`role="alert"`): `heading`, then every message on its own line.
pub fn alert<'d>(heading: Html, items: impl Iterator<Item = &'d Diagnostic>) -> Html {
    html! {
        <div class="bc-error" role="alert">
            <p>{ heading }</p>
            <ul class="bc-diagnostics">
                { for items.map(|d| html! { <li><code>{ d.to_string() }</code></li> }) }
            </ul>
        </div>
    }
}
