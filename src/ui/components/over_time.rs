//! The Over-time tab: a category (or the total) across fiscal years, one
//! line per city, gaps for missing years, and its tables.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::CategoryId;
use crate::ui::components::chart_canvas::ChartCanvas;
use crate::ui::components::controls::MeasureControls;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::explain::Explain;
use crate::ui::components::export_bar::ExportBar;
use crate::ui::components::props::TabProps;
use crate::ui::hooks::{use_hover, use_over_time};
use crate::ui::i18n::{labelled, t, Key};
use crate::ui::options::Controls;
use crate::ui::state::Action;
use crate::ui::view::compare::Stated;
use crate::ui::view::local;

/// The Over-time tab.
#[function_component]
pub fn OverTimeTab(props: &TabProps) -> Html {
    crate::ui::hooks::use_settled(&props.on_settled, true);
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let (view, chart, table) = use_over_time(&ds, &state);
    let (hover, on_hover) = use_hover();
    let canvas = use_node_ref();
    let on_category = props.on_action.reform(|e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Action::Select {
            category: (!v.is_empty()).then_some(CategoryId(v)),
        }
    });
    // A change's "Why the difference?" (keyed by its years).
    let explain = |(from, to, category): Stated| {
        let key = from.to_string();
        html! { <Explain {key} dataset={ds.clone()} state={state.clone()} {from} {to} {category} src={props.src.clone()} /> }
    };
    let full = props.controls == Controls::Full;
    let shown = props.controls != Controls::None;
    let current = state
        .category
        .as_ref()
        .map_or("", |c| c.as_str())
        .to_owned();
    html! {
        <>
            if full {
            <label class="bc-field">
                <span>{ t(lang, Key::SeriesCategory) }</span>
                <select onchange={on_category}>
                    <option value="" selected={current.is_empty()}>{ t(lang, Key::TotalBudget) }</option>
                    { for ds.taxonomy.categories.iter().map(|c| html! {
                        <option value={c.id.0.clone()} selected={current == c.id.0}>{ local(&c.name, lang) }</option>
                    }) }
                </select>
            </label>
            <MeasureControls ..props.clone() />
            }
            <ChartCanvas chart={(*chart).clone()} alt={view.alt()}
                {on_hover} canvas_ref={canvas.clone()} />
            <p class="bc-hover" aria-live="polite">{ hover.unwrap_or_else(|| t(lang, Key::HoverHintLines).to_owned()) }</p>
            <p class="bc-summary">{ view.summary.clone() }</p>
            { for view.stated.iter().cloned().map(explain) }
            if let Some(key) = &view.key {
                <p class="bc-note bc-lines-key">{ key }</p>
            }
            if !view.caveats.is_empty() {
                <ul class="bc-caveats">
                    { for view.caveats.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            }
            if shown {
            { for view.tables.iter().zip(&view.earlier).map(|(table, earlier)| html! {
                <>
                    if table.rows.is_empty() {
                        <p class="bc-muted">{ labelled(lang, &table.caption, t(lang, Key::NoBudget)) }</p>
                    } else {
                        <DataTable caption={table.caption.clone()} header={Rc::new(table.header.clone())} rows={Rc::new(table.rows.clone())} />
                    }
                    if let Some(cagr) = &table.note {
                        <p class="bc-cagr">{ cagr }</p>
                    }
                    { for earlier.iter().rev().cloned().map(explain) }
                </>
            }) }
            <ExportBar chart={(*chart).clone()} header={table.0.clone()} rows={table.1.clone()} state={state.clone()}
                src={props.src.clone()} canvas={Some(canvas)} />
            }
        </>
    }
}
