//! When a tab's first view is whole. A widget mounted beside a prerendered
//! view takes its place only then, so the reader never sees a view with its
//! table still missing (the Compare tab builds its table in a later task
//! than its chart: no task of the first render is long).

use yew::prelude::*;

/// Calls `settled` (the tab's `TabProps::on_settled`) when `whole` turns
/// true.
#[hook]
pub fn use_settled(settled: &Callback<()>, whole: bool) {
    let settled = settled.clone();
    use_effect_with(whole, move |whole| {
        if *whole {
            settled.emit(());
        }
    });
}
