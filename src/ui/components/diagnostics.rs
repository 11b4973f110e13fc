//! An alert: messages (a validation message is file: path: expectation) as
//! text, each on its own line, under an optional heading.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::validate::Diagnostic;

/// What an alert says.
#[derive(Properties, PartialEq)]
pub struct AlertProps {
    /// What the messages are about, above them.
    #[prop_or_default]
    pub heading: Option<Html>,
    /// The messages.
    pub items: Rc<Vec<String>>,
}

/// An alert (`role="alert"`) with every message on its own line.
#[function_component]
pub fn Alert(props: &AlertProps) -> Html {
    html! {
        <div class="bc-error" role="alert">
            if let Some(heading) = &props.heading {
                <p>{ heading.clone() }</p>
            }
            <ul class="bc-diagnostics">
                { for props.items.iter().map(|m| html! { <li><code>{ m }</code></li> }) }
            </ul>
        </div>
    }
}

/// Diagnostics as an alert's messages.
pub fn messages<'d>(diagnostics: impl Iterator<Item = &'d Diagnostic>) -> Rc<Vec<String>> {
    Rc::new(diagnostics.map(ToString::to_string).collect())
}
