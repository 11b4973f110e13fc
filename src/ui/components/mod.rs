//! One component per file.

pub mod about;
pub mod app;
pub mod chart_canvas;
pub mod compare;
pub mod controls;
pub mod data_table;
pub mod diagnostics;
pub mod disclosure;
pub mod drill_down;
pub mod explain;
pub mod export_bar;
pub mod import_panel;
pub mod over_time;
pub mod picker;
pub mod plan_panel;
pub mod plans;
pub mod program;
pub mod props;
pub mod remote_tab;
pub mod table_tab;
pub mod widget;

pub use app::App;
pub use props::AppProps;
pub use widget::{Widget, WidgetProps};
