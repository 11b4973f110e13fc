//! The Table view: the Compare figures, sortable by any column.

use std::cmp::Ordering;

use crate::core::format::Lang;
use crate::ui::i18n::{labelled, t, Key};
use crate::ui::state::Sort;
use crate::ui::view::compare::{CompareTable, CompareView};

/// The Table view's caption: `比較數據 · 預算數，新臺幣… · 單位：新臺幣千元`.
pub fn caption(view: &CompareView, lang: Lang) -> String {
    format!(
        "{} · {} · {}",
        t(lang, Key::CompareFigures),
        view.chart.subtitle,
        labelled(lang, t(lang, Key::Unit), &view.unit)
    )
}

/// The table's rows in the requested order; the total stays last.
/// Numbers sort by value, missing figures last whichever way.
pub fn sorted_rows(view: &CompareView, table: &CompareTable, sort: Sort) -> Vec<Vec<String>> {
    let n = view.comparison.categories.len();
    let value = |row: usize| -> Option<f64> {
        let col = view.comparison.columns.get(sort.column.checked_sub(1)?)?;
        col.cells.get(row)?.value()
    };
    let order = crate::core::order::sorted_order(n, &|a, b| {
        if sort.column == 0 {
            let by_name = table.rows[a][0].cmp(&table.rows[b][0]);
            return if sort.descending {
                by_name.reverse()
            } else {
                by_name
            };
        }
        match (value(a), value(b)) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                if sort.descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.cmp(&b),
        }
    });
    let mut rows: Vec<Vec<String>> = order.into_iter().map(|i| table.rows[i].clone()).collect();
    rows.extend(table.rows.iter().skip(n).cloned());
    rows
}
