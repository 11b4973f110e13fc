//! The chart on a `<canvas>`, drawn by the core's plotters routine at the
//! screen's pixel density, redrawn on resize; hover reports the bar under
//! the pointer.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use crate::core::chart::{draw_bars, layout_bars, BarChart, BarLayout, Hit};

/// What to draw.
#[derive(Properties, PartialEq)]
pub struct ChartCanvasProps {
    /// The chart.
    pub chart: Rc<BarChart>,
    /// The canvas's accessible name.
    pub alt: AttrValue,
    /// The bar under the pointer, or `None` when it leaves.
    pub on_hover: Callback<Option<Hit>>,
    /// A click on a bar.
    pub on_click: Callback<Hit>,
}

fn draw(canvas: &HtmlCanvasElement, wrap: &HtmlElement, chart: &BarChart) -> Option<BarLayout> {
    let window = web_sys::window()?;
    let dpr = window.device_pixel_ratio().max(1.0);
    let css_width = match wrap.client_width() {
        w if w > 0 => f64::from(w),
        _ => 640.0,
    };
    let layout = layout_bars(chart, (css_width * dpr).round(), dpr);
    canvas.set_width((css_width * dpr).round() as u32);
    canvas.set_height(layout.height);
    let root = CanvasBackend::with_canvas_object(canvas.clone())?.into_drawing_area();
    match draw_bars(&root, chart, &layout).and_then(|()| root.present().map_err(|e| e.to_string()))
    {
        Ok(()) => {
            if let Some(perf) = window.performance() {
                let _ = perf.mark("budget-compare:chart-drawn");
            }
            Some(layout)
        }
        Err(message) => {
            web_sys::console::error_1(&format!("budget-compare: drawing failed: {message}").into());
            None
        }
    }
}

/// The bar under a mouse event, in the layout's device pixels.
fn hit_at(layout: &RefCell<Option<BarLayout>>, e: &MouseEvent) -> Option<Hit> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0));
    let x = (f64::from(e.offset_x()) * dpr) as i32;
    let y = (f64::from(e.offset_y()) * dpr) as i32;
    layout
        .borrow()
        .as_ref()
        .and_then(|l| l.hit_at(x, y).cloned())
}

/// The chart canvas.
#[function_component]
pub fn ChartCanvas(props: &ChartCanvasProps) -> Html {
    let canvas_ref = use_node_ref();
    let wrap_ref = use_node_ref();
    let layout: Rc<RefCell<Option<BarLayout>>> = use_mut_ref(|| None);
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
        let (canvas_ref, wrap_ref, layout) = (canvas_ref.clone(), wrap_ref.clone(), layout.clone());
        use_effect_with((props.chart.clone(), *width), move |(chart, _)| {
            if let (Some(canvas), Some(wrap)) = (
                canvas_ref.cast::<HtmlCanvasElement>(),
                wrap_ref.cast::<HtmlElement>(),
            ) {
                *layout.borrow_mut() = draw(&canvas, &wrap, chart);
            }
        });
    }
    let onmousemove = {
        let (layout, on_hover) = (layout.clone(), props.on_hover.clone());
        Callback::from(move |e: MouseEvent| on_hover.emit(hit_at(&layout, &e)))
    };
    let onmouseleave = props.on_hover.reform(|_| None);
    let onclick = {
        let (layout, on_click) = (layout.clone(), props.on_click.clone());
        Callback::from(move |e: MouseEvent| {
            if let Some(hit) = hit_at(&layout, &e) {
                on_click.emit(hit);
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
