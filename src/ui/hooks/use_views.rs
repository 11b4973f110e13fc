//! The view models a tab renders, built and kept (memoised) by hooks, so
//! the components stay layout.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::ChartKind;
use crate::ui::hooks::SharedDataset;
use crate::ui::state::State;
use crate::ui::view::{
    compare_table, compare_view, drill_view, over_time_view, plan_panel, CompareTable, CompareView,
    DrillView, OverTimeView, PlanPanel,
};

/// A table's header and rows, shared.
pub type SharedTable = (Rc<Vec<String>>, Rc<Vec<Vec<String>>>);

/// The figure under the pointer (or the keyboard's mark) as a chart reports
/// it, and the callback a chart reports it with.
#[hook]
pub fn use_hover() -> (Option<String>, Callback<Option<String>>) {
    let hover = use_state(|| None::<String>);
    let set = {
        let hover = hover.clone();
        Callback::from(move |h| hover.set(h))
    };
    ((*hover).clone(), set)
}

/// What the Compare tab renders.
pub struct CompareModels {
    /// The view: comparison, charts, summary, notes.
    pub view: Rc<CompareView>,
    /// Its chart, both forms.
    pub chart: Rc<ChartKind>,
    /// The plan panel, where a selected city-year has a plan.
    pub plans: Rc<Option<PlanPanel>>,
    /// The drill-down of the category chosen.
    pub drill: Rc<Option<DrillView>>,
    /// The table (empty until `below`).
    pub table: Rc<SharedTable>,
    /// Whether what is below the chart is built: not in the first render,
    /// which draws the chart (and lays the page out) first.
    pub below: bool,
}

/// The Compare tab's models for a state; `on_settled` is told once what is
/// below the chart is built too.
#[hook]
pub fn use_compare(
    ds: &SharedDataset,
    state: &Rc<State>,
    on_settled: &Callback<()>,
) -> CompareModels {
    let view = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        let view = compare_view(ds, state);
        // For the bench: the selected city-years are aggregated.
        crate::ui::browser::mark("budget-compare:aggregated");
        view
    });
    let chart = use_memo(view.clone(), |v| ChartKind::Bars {
        full: Rc::new(v.chart.clone()),
        narrow: Rc::new(v.narrow.clone()),
    });
    let plans = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        plan_panel(ds, state)
    });
    let drill = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        drill_view(ds, state)
    });
    // The first render shows what is above the chart and the chart, which
    // is drawn (and sized, which lays the page out) before the table and the
    // plan panel below it are built, in a task of their own: neither task is
    // long (a prerendered view stays until both are done, `use_settled`).
    let settled = use_state(|| false);
    {
        let settled = settled.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // After the chart's first drawing (`ChartCanvas`).
                crate::ui::browser::next_frame().await;
                crate::ui::browser::next_task().await;
                settled.set(true);
            });
        });
    }
    let below = *settled;
    crate::ui::hooks::use_settled(on_settled, below);
    // The table is built once the chart is drawn (its rows: a cell per
    // category and city-year).
    let table = use_memo((view.clone(), below), {
        let (ds, state) = (ds.clone(), state.clone());
        move |(v, below)| {
            let table = if *below {
                compare_table(&ds, &state, v)
            } else {
                CompareTable::default()
            };
            (Rc::new(table.header), Rc::new(table.rows))
        }
    });
    CompareModels {
        view,
        chart,
        plans,
        drill,
        table,
        below,
    }
}

/// What the Over-time tab renders: the view, its chart, and its numbers in
/// one table for export.
#[hook]
pub fn use_over_time(
    ds: &SharedDataset,
    state: &Rc<State>,
) -> (Rc<OverTimeView>, Rc<ChartKind>, Rc<SharedTable>) {
    let view = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        over_time_view(ds, state)
    });
    let chart = use_memo(view.clone(), |v| ChartKind::Lines(Rc::new(v.chart.clone())));
    let table = use_memo(view.clone(), |v| {
        (
            Rc::new(v.export_header.clone()),
            Rc::new(v.export_rows.clone()),
        )
    });
    (view, chart, table)
}
