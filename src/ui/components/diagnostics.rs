//! An alert listing validation messages (file: path: expectation) as text,
//! each on its own line, under a heading that says what they mean.

use yew::prelude::*;

use crate::core::validate::Diagnostic;

/// How many messages an alert shows before it folds the rest away.
const SHOWN: usize = 5;

/// An alert (`role="alert"`): `heading`, then every message on its own
/// line; past the first five, the rest folded (`<details>`), so a data set that
/// lost hundreds of files does not grow the widget by as many lines.
pub fn alert<'d>(heading: Html, items: impl Iterator<Item = &'d Diagnostic>) -> Html {
    alert_of(heading, items.collect())
}

/// [`alert`], one copy for every kind of iterator it is called with.
fn alert_of(heading: Html, items: Vec<&Diagnostic>) -> Html {
    let line = |d: &&Diagnostic| html! { <li><code>{ d.to_string() }</code></li> };
    let (shown, folded) = items.split_at(items.len().min(SHOWN));
    html! {
        <div class="bc-error" role="alert">
            <p>{ heading }</p>
            <ul class="bc-diagnostics">{ for shown.iter().map(line) }</ul>
            if !folded.is_empty() {
                <details>
                    <summary>{ format!("+{}", folded.len()) }</summary>
                    <ul class="bc-diagnostics">{ for folded.iter().map(line) }</ul>
                </details>
            }
        </div>
    }
}
