//! One component per file.

pub mod app;
pub mod chart_canvas;
pub mod compare;
pub mod data_table;
pub mod diagnostics;
pub mod drill_down;
pub mod picker;
pub mod plan_panel;

pub use app::{App, AppProps};
pub use compare::{Widget, WidgetProps};
