//! When a tab's first view is whole. A widget mounted beside a prerendered
//! view takes its place only then, so the reader never sees a view with its
//! table still missing (the Compare tab builds its table in a later task
//! than its chart: no task of the first render is long).

use yew::prelude::*;

/// Called once the active tab's content is whole (the App's take-over).
#[derive(Clone, PartialEq)]
pub struct Settled(pub Callback<()>);

/// Tells the [`Settled`] context, if any, when `whole` turns true.
#[hook]
pub fn use_settled(whole: bool) {
    let settled = use_context::<Settled>();
    use_effect_with(whole, move |whole| {
        if let (true, Some(Settled(settled))) = (*whole, settled) {
            settled.emit(());
        }
    });
}
