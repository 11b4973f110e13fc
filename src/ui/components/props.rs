//! The props the components share: how a widget is embedded ([`AppProps`],
//! from the loader to the root and on to the loaded widget) and what every
//! tab gets ([`TabProps`]). Apart from the components that render them, so
//! no component imports the one that renders it.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::format::Lang;
use crate::ui::hooks::SharedDataset;
use crate::ui::options::Controls;
use crate::ui::state::{Action, State};

/// How a widget is embedded: where its data is and how it starts. The
/// loaded widget gets the same props.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The manifest URL.
    pub src: AttrValue,
    /// The starting language.
    #[prop_or_default]
    pub lang: Lang,
    /// Starting options (`view=plans&metric=share&…`).
    #[prop_or_default]
    pub options: AttrValue,
    /// Whether the widget owns the page's URL hash.
    #[prop_or_default]
    pub permalink: bool,
    /// How much of the controls to show.
    #[prop_or_default]
    pub controls: Controls,
    /// Problems with the embedding options.
    #[prop_or_default]
    pub problems: Rc<Vec<String>>,
    /// How long a data request may take, in ms (`None`: the loader's default).
    #[prop_or_default]
    pub timeout: Option<u32>,
    /// The host element (for change events).
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
    /// A prerendered fragment in the host (`budget-compare render`) and the
    /// element the widget is mounted into beside it: the widget takes the
    /// fragment's place once loaded ([`crate::ui::browser::take_over`]).
    #[prop_or_default]
    pub prerendered: Option<(web_sys::Element, web_sys::Element)>,
}

/// What every tab gets.
#[derive(Properties, PartialEq, Clone)]
pub struct TabProps {
    /// The data.
    pub dataset: SharedDataset,
    /// The state.
    pub state: Rc<State>,
    /// Where changes go.
    pub on_action: Callback<Action>,
    /// The manifest URL.
    pub src: AttrValue,
    /// Whether permalinks point at this page.
    pub permalink: bool,
    /// How much of the controls to show.
    pub controls: Controls,
    /// Called once the tab's first view is whole (`use_settled`).
    pub on_settled: Callback<()>,
}
