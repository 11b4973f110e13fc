//! The drill-down of one category: each city-year's budget lines (with their
//! path) and plan programmes, side by side, with a way back.

use yew::prelude::*;

use crate::core::format::Lang;
use crate::ui::components::program::program_item;
use crate::ui::i18n::{t, Key};
use crate::ui::state::Action;
use crate::ui::view::{DrillColumn, DrillView};

/// What to show.
#[derive(Properties, PartialEq)]
pub struct DrillDownProps {
    /// The drill-down.
    pub view: DrillView,
    /// The language.
    pub lang: Lang,
    /// Where "back" goes.
    pub on_action: Callback<Action>,
}

fn column(c: &DrillColumn, lang: Lang) -> Html {
    html! {
        <section class="bc-drill-column">
            <h2>{ &c.label }</h2>
            <h3>{ t(lang, Key::BudgetLines) }</h3>
            { match &c.lines {
                Ok(lines) => html! {
                    <ul class="bc-lines">
                        { for lines.iter().map(|(path, amount)| html! {
                            <li><span>{ path }</span>{ " " }<span class="bc-amount">{ amount }</span></li>
                        }) }
                    </ul>
                },
                Err(why) => html! { <p class="bc-muted">{ why }</p> },
            } }
            <h3>{ t(lang, Key::Programs) }</h3>
            { match &c.programs {
                Ok(programs) => html! { <ul class="bc-programs">{ for programs.iter().map(|p| program_item(p, lang, false)) }</ul> },
                Err(why) => html! { <p class="bc-muted">{ why }</p> },
            } }
        </section>
    }
}

/// The drill-down panel.
#[function_component]
pub fn DrillDown(props: &DrillDownProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="bc-drill" aria-label={props.view.title.clone()}>
            <nav class="bc-breadcrumbs">
                <button type="button" class="bc-link" onclick={props.on_action.reform(|_| Action::Select { category: None })}>
                    { t(lang, Key::Back) }
                </button>
                { " › " }<strong>{ &props.view.title }</strong>
            </nav>
            <p class="bc-muted">{ &props.view.description }</p>
            <div class="bc-drill-columns">
                { for props.view.columns.iter().map(|c| column(c, lang)) }
            </div>
        </section>
    }
}
