//! The plan panel: key programmes per shared category for city-years with a
//! plan (Taichung publishes a plan but no budget); category names open the
//! drill-down.

use yew::prelude::*;

use crate::core::format::Lang;
use crate::core::model::CategoryId;
use crate::ui::i18n::{t, Key};
use crate::ui::state::Action;
use crate::ui::view::PlanPanel as PanelView;

/// What to show.
#[derive(Properties, PartialEq)]
pub struct PlanPanelProps {
    /// The counts.
    pub panel: PanelView,
    /// The language.
    pub lang: Lang,
    /// Where a click on a category goes.
    pub on_action: Callback<Action>,
}

/// A table of programme counts with clickable category names.
#[function_component]
pub fn PlanPanel(props: &PlanPanelProps) -> Html {
    let select = |id: &CategoryId| {
        let id = id.clone();
        props.on_action.reform(move |_| Action::Select {
            category: Some(id.clone()),
        })
    };
    html! {
        <div class="bc-table-wrap bc-plan-panel">
            <table class="bc-table">
                <caption>{ t(props.lang, Key::PlanPanel) }</caption>
                <thead><tr>{ for props.panel.header.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                <tbody>
                    { for props.panel.rows.iter().map(|(id, name, cells)| html! {
                        <tr>
                            <th scope="row">
                                <button type="button" class="bc-link" onclick={select(id)}>{ name }</button>
                            </th>
                            { for cells.iter().map(|c| html! { <td>{ c }</td> }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
