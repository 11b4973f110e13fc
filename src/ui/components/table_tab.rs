//! The Table tab: the Compare figures, sortable by any column with the
//! keyboard or the mouse (`aria-sort` says how), with the CSV download, the
//! chart's SVG, the permalink and the embed snippet.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::ChartKind;
use crate::ui::components::export_bar::ExportBar;
use crate::ui::components::props::TabProps;
use crate::ui::i18n::{t, Key};
use crate::ui::options::Controls;
use crate::ui::state::Action;
use crate::ui::view::table::sorted_rows;
use crate::ui::view::{compare_table, compare_view};

/// The Table tab.
#[function_component]
pub fn TableTab(props: &TabProps) -> Html {
    crate::ui::hooks::use_settled(&props.on_settled, true);
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let view = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        let view = compare_view(ds, state);
        let table = compare_table(ds, state, &view);
        (view, table)
    });
    let (view, table) = (&view.0, &view.1);
    let rows = sorted_rows(view, table, state.sort);
    let caption = crate::ui::view::table::caption(view, lang);
    let chart = ChartKind::Bars {
        full: Rc::new(view.chart.clone()),
        narrow: Rc::new(view.narrow.clone()),
    };
    let exports = props.controls != Controls::None;
    html! {
        <>
        <div class="bc-table-wrap bc-data-table bc-with-total bc-sortable" tabindex="0" role="region" aria-label={caption.clone()}>
            <table class="bc-table">
                <caption>{ caption }</caption>
                <thead>
                    <tr>
                        { for table.header.iter().enumerate().map(|(i, h)| {
                            let sort = if state.sort.column == i {
                                if state.sort.descending { "descending" } else { "ascending" }
                            } else { "none" };
                            html! {
                                <th scope="col" aria-sort={sort}>
                                    <button type="button" class="bc-link" title={t(lang, Key::SortBy)}
                                        onclick={props.on_action.reform(move |_| Action::SortBy { column: i })}>
                                        { h }{ match sort { "descending" => " ▼", "ascending" => " ▲", _ => "" } }
                                    </button>
                                </th>
                            }
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|row| html! {
                        <tr>
                            { for row.iter().enumerate().map(|(i, c)| if i == 0 {
                                html! { <th scope="row">{ c }</th> }
                            } else {
                                html! { <td>{ c }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="bc-summary">{ view.summary.clone() }</p>
        </div>
        if exports {
            <ExportBar {chart} header={Rc::new(table.header.clone())} rows={Rc::new(rows)}
                state={state.clone()} src={props.src.clone()} caveat={view.capital.clone()} />
        }
        </>
    }
}
