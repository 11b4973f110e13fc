//! One plan programme as the drill-down and the Plans view list it: title
//! and work plan, then (folded) its text, targets, funding lines and note.
//! Search matches are `<mark>` elements; all text stays text.

use yew::prelude::*;

use crate::core::format::Lang;
use crate::ui::i18n::{labelled, sep, t, Key};
use crate::ui::view::plans::{Marked, PlanProgram};

/// Text runs with the matches marked.
pub fn marked(runs: &Marked) -> Html {
    html! {
        { for runs.iter().map(|(text, hit)| if *hit {
            html! { <mark>{ text }</mark> }
        } else {
            html! { { text } }
        }) }
    }
}

/// A programme as a list item; `open` unfolds its text.
pub fn program_item(p: &PlanProgram, lang: Lang, open: bool) -> Html {
    html! {
        <li class="bc-program">
            <details {open}>
                <summary><strong>{ marked(&p.title) }</strong>{ " " }<span class="bc-muted">{ &p.work_plan }</span></summary>
                <p class="bc-text">{ marked(&p.text) }</p>
                if !p.targets.is_empty() {
                    <p>{ labelled(lang, t(lang, Key::Targets), p.targets.join(sep(lang))) }</p>
                }
                if !p.funded_by.is_empty() {
                    <p>{ labelled(lang, t(lang, Key::Funded), p.funded_by.join(sep(lang))) }</p>
                }
                if let Some(note) = &p.note {
                    <p class="bc-muted">{ labelled(lang, t(lang, Key::Note), note) }</p>
                }
            </details>
        </li>
    }
}
