//! A chart on a `<canvas>`, drawn by the core's plotters routines at the
//! screen's pixel density and redrawn on resize. Bars switch to their narrow
//! form (largest categories and "other") below 480 CSS px. Hover reports the
//! exact figure; a click on a bar reports its category.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use crate::ui::i18n::labelled;

use crate::core::chart::Ink;
use crate::core::chart::{
    draw_bars, draw_lines, layout_bars, layout_lines, BarChart, BarLayout, LineChart, LineLayout,
};

/// Below this width (CSS px) bar charts use their narrow form.
pub const NARROW_PX: f64 = 480.0;

/// Which chart to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Grouped bars, with the narrow form.
    Bars {
        /// All categories.
        full: Rc<BarChart>,
        /// The largest categories and "other".
        narrow: Rc<BarChart>,
    },
    /// Lines over time.
    Lines(Rc<LineChart>),
}

/// What was drawn, for hit testing.
enum Drawn {
    Bars(BarLayout, Rc<BarChart>, bool),
    Lines(LineLayout, Rc<LineChart>),
}

/// A bar picked by a click: its category index in the chart drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// Category index.
    pub index: usize,
    /// Whether the narrow chart was drawn (indices are into its categories).
    pub narrow: bool,
}

/// What to draw.
#[derive(Properties, PartialEq)]
pub struct ChartCanvasProps {
    /// The chart.
    pub chart: ChartKind,
    /// The canvas's accessible name.
    pub alt: AttrValue,
    /// The exact figure under the pointer, or `None` when it leaves.
    pub on_hover: Callback<Option<String>>,
    /// A click on a bar.
    #[prop_or_default]
    pub on_pick: Callback<Pick>,
    /// The canvas, for exports.
    #[prop_or_default]
    pub canvas_ref: NodeRef,
}

/// The chart colours from the theme's CSS custom properties
/// (`--bc-chart-bg`, `--bc-chart-fg`, `--bc-chart-muted`, `--bc-chart-grid`).
fn ink(window: &web_sys::Window, element: &HtmlElement) -> Ink {
    let style = window.get_computed_style(element).ok().flatten();
    let read = |name: &str, fallback| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .and_then(|v| Ink::parse_hex(&v))
            .unwrap_or(fallback)
    };
    Ink {
        background: read("--bc-chart-bg", Ink::LIGHT.background),
        text: read("--bc-chart-fg", Ink::LIGHT.text),
        muted: read("--bc-chart-muted", Ink::LIGHT.muted),
        grid: read("--bc-chart-grid", Ink::LIGHT.grid),
    }
}

fn draw(canvas: &HtmlCanvasElement, wrap: &HtmlElement, chart: &ChartKind) -> Option<Drawn> {
    let window = web_sys::window()?;
    let colors = ink(&window, wrap);
    let dpr = window.device_pixel_ratio().max(1.0);
    let css_width = match wrap.client_width() {
        w if w > 0 => f64::from(w),
        _ => 640.0,
    };
    let width = (css_width * dpr).round();
    canvas.set_width(width as u32);
    let result = match chart {
        ChartKind::Bars { full, narrow } => {
            let is_narrow = css_width < NARROW_PX;
            let chart = if is_narrow { narrow } else { full };
            let layout = layout_bars(chart, width, dpr);
            canvas.set_height(layout.height);
            let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
            draw_bars(&root, chart, &layout, &colors)
                .and_then(|()| root.present().map_err(|e| e.to_string()))
                .map(|()| Drawn::Bars(layout, chart.clone(), is_narrow))
        }
        ChartKind::Lines(chart) => {
            let layout = layout_lines(chart, width, dpr);
            canvas.set_height(layout.height);
            let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
            draw_lines(&root, chart, &layout, &colors)
                .and_then(|()| root.present().map_err(|e| e.to_string()))
                .map(|()| Drawn::Lines(layout, chart.clone()))
        }
    };
    match result {
        Ok(drawn) => {
            crate::ui::browser::mark("budget-compare:chart-drawn");
            Some(drawn)
        }
        Err(message) => {
            web_sys::console::error_1(&format!("budget-compare: drawing failed: {message}").into());
            None
        }
    }
}

/// The text and pick under a mouse event.
fn hit_at(drawn: &RefCell<Option<Drawn>>, e: &MouseEvent) -> Option<(String, Option<Pick>)> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0));
    let x = (f64::from(e.offset_x()) * dpr) as i32;
    let y = (f64::from(e.offset_y()) * dpr) as i32;
    // `高雄市 106年 (2017) · 勞動檢查：8,767`
    let describe = |lang, series: &str, at: &str, value: &str| {
        labelled(lang, format!("{series} · {at}"), value)
    };
    match drawn.borrow().as_ref()? {
        Drawn::Bars(layout, chart, narrow) => {
            let h = layout.hit_at(x, y)?;
            let text = describe(
                chart.lang,
                &chart.series.get(h.series)?.label,
                chart.categories.get(h.category)?,
                chart.value_labels.get(h.series)?.get(h.category)?,
            );
            Some((
                text,
                Some(Pick {
                    index: h.category,
                    narrow: *narrow,
                }),
            ))
        }
        Drawn::Lines(layout, chart) => {
            let p = layout.hit_at(x, y)?;
            let text = describe(
                chart.lang,
                &chart.series.get(p.series)?.label,
                chart.years.get(p.year)?,
                chart.value_labels.get(p.series)?.get(p.year)?,
            );
            Some((text, None))
        }
    }
}

/// The chart canvas.
#[function_component]
pub fn ChartCanvas(props: &ChartCanvasProps) -> Html {
    let canvas_ref = props.canvas_ref.clone();
    let wrap_ref = use_node_ref();
    let drawn: Rc<RefCell<Option<Drawn>>> = use_mut_ref(|| None);
    let width = use_state(|| 0i32);
    {
        let wrap_ref = wrap_ref.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || {
                if let Some(wrap) = wrap_ref.cast::<HtmlElement>() {
                    width.set(wrap.client_width());
                }
            });
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    {
        let (canvas_ref, wrap_ref, drawn) = (canvas_ref.clone(), wrap_ref.clone(), drawn.clone());
        use_effect_with((props.chart.clone(), *width), move |(chart, _)| {
            if let (Some(canvas), Some(wrap)) = (
                canvas_ref.cast::<HtmlCanvasElement>(),
                wrap_ref.cast::<HtmlElement>(),
            ) {
                *drawn.borrow_mut() = draw(&canvas, &wrap, chart);
            }
        });
    }
    let onmousemove = {
        let (drawn, on_hover) = (drawn.clone(), props.on_hover.clone());
        Callback::from(move |e: MouseEvent| on_hover.emit(hit_at(&drawn, &e).map(|(text, _)| text)))
    };
    let onmouseleave = props.on_hover.reform(|_| None);
    let onclick = {
        let (drawn, on_pick) = (drawn.clone(), props.on_pick.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some((_, Some(pick))) = hit_at(&drawn, &e) {
                on_pick.emit(pick);
            }
        })
    };
    html! {
        <div class="bc-chart" ref={wrap_ref}>
            <canvas ref={canvas_ref} class="bc-canvas" role="img" aria-label={props.alt.clone()}
                {onmousemove} {onmouseleave} {onclick} />
        </div>
    }
}
