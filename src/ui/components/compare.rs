//! The Compare tab: pick city-years and a measure, read the chart, its
//! summary and table, open a category's drill-down, see plans per category.

use yew::prelude::*;

use crate::ui::components::chart_canvas::{ChartCanvas, Pick};
use crate::ui::components::controls::MeasureControls;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::diagnostics::alert;
use crate::ui::components::drill_down::DrillDown;
use crate::ui::components::explain::Explain;
use crate::ui::components::export_bar::ExportBar;
use crate::ui::components::picker::Picker;
use crate::ui::components::plan_panel::PlanPanel;
use crate::ui::components::props::TabProps;
use crate::ui::hooks::{use_compare, use_hover, CompareModels};
use crate::ui::i18n::{t, Key};
use crate::ui::options::Controls;
use crate::ui::state::Action;
use crate::ui::view::compare::table_caption;

/// A table row read out as the hover line: `勞動檢查：高雄市 104年 (2015) 8,767；…`.
fn focus_text(header: &[String], row: &[String], lang: crate::core::format::Lang) -> String {
    let cells: Vec<String> = header
        .iter()
        .zip(row)
        .skip(1)
        .map(|(h, c)| format!("{h} {c}"))
        .collect();
    crate::ui::i18n::labelled(
        lang,
        row.first().map_or("", String::as_str),
        cells.join(crate::ui::i18n::sep(lang)),
    )
}

/// The Compare tab.
#[function_component]
pub fn CompareTab(props: &TabProps) -> Html {
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let CompareModels {
        view,
        chart,
        plans,
        drill,
        table,
        below,
    } = use_compare(&ds, &state, &props.on_settled);
    let (hover, on_hover) = use_hover();
    let canvas = use_node_ref();
    let on_action = props.on_action.clone();
    let lang = state.lang;
    // A bar or a table row opens its category.
    let on_pick = {
        let (on_action, view) = (on_action.clone(), view.clone());
        Callback::from(move |p: Pick| {
            let ids = if p.narrow {
                &view.narrow_ids
            } else {
                &view.comparison.categories
            };
            if let Some(id) = ids
                .get(p.index)
                .filter(|id| id.as_str() != crate::core::compare::OTHER)
            {
                on_action.emit(Action::Select {
                    category: Some(id.clone()),
                });
            }
        })
    };
    // A table row's figures read out when its button has the focus.
    let on_row_focus = {
        let (on_hover, rows, header) = (on_hover.clone(), table.1.clone(), table.0.clone());
        Callback::from(move |i: usize| {
            on_hover.emit(rows.get(i).map(|row| focus_text(&header, row, lang)))
        })
    };
    // Embedding with data-controls: minimal keeps the table and exports, none only the chart and summary.
    let full = props.controls == Controls::Full;
    let shown = props.controls != Controls::None;
    html! {
        <>
            if full {
                <Picker dataset={ds.clone()} selected={state.selected.clone()} {lang} on_action={on_action.clone()}
                    src={props.src.clone()} />
                <MeasureControls ..props.clone() />
            }
            if view.charted.is_empty() {
                <p class="bc-status">{ t(lang, Key::NothingSelected) }</p>
            } else {
                <ChartCanvas chart={(*chart).clone()} alt={view.alt()}
                    on_hover={on_hover.clone()}
                    on_pick={on_pick.clone()} canvas_ref={canvas.clone()} />
            }
            if shown {
                <p class="bc-hover" aria-live="polite">{ hover.unwrap_or_else(|| t(lang, Key::HoverHint).to_owned()) }</p>
            }
            <p class="bc-summary">{ view.summary.clone() }</p>
            if let Some((from, to, category)) = view.stated.clone().filter(|_| below) {
                <Explain dataset={ds.clone()} state={state.clone()} {from} {to} {category} src={props.src.clone()} />
            }
            if !view.notes.is_empty() {
                <details class="bc-budget-notes">
                    <summary>{ t(lang, Key::BudgetNotes) }</summary>
                    <ul>{ for view.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                </details>
            }
            { for view.without_budget.iter().map(|s| html! { <p class="bc-muted">{ s }</p> }) }
            if full {
                <p class="bc-note">{ t(lang, Key::DrillHint) }</p>
            }
            if let Some(drill) = (*drill).clone().filter(|_| below) {
                <DrillDown view={drill} {lang} on_action={on_action.clone()} />
            }
            if below && shown && !view.charted.is_empty() {
                <DataTable caption={table_caption(&view, lang)} header={table.0.clone()} rows={table.1.clone()}
                    on_row={on_pick.reform(|index| Pick { index, narrow: false })} linked_rows={view.comparison.categories.len()} total_row=true
                    on_focus={on_row_focus} />
                <ExportBar chart={(*chart).clone()} header={table.0.clone()} rows={table.1.clone()} state={state.clone()}
                    src={props.src.clone()} canvas={Some(canvas)} caveat={view.capital.clone()} />
            }
            if let Some(panel) = (*plans).clone().filter(|_| full && below) {
                <PlanPanel {panel} {lang} on_action={on_action.clone()} />
            }
            if ds.document_errors().next().is_some() {
                { alert(html! { { t(lang, Key::DocumentsRefused) } }, ds.document_errors()) }
            }
            if ds.reference_errors().next().is_some() {
                { alert(html! { { t(lang, Key::ReferenceRefused) } }, ds.reference_errors()) }
            }
        </>
    }
}
