//! A list of validation messages (file: path: expectation), as text.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::validate::Diagnostic;

/// The messages to list.
#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    /// The diagnostics.
    pub items: Rc<Vec<Diagnostic>>,
}

/// Every message on its own line.
#[function_component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    html! {
        <ul class="bc-diagnostics">
            { for props.items.iter().map(|d| html! { <li><code>{ d.to_string() }</code></li> }) }
        </ul>
    }
}
