//! A chart on a `<canvas>`, drawn by the core's plotters routines at the
//! screen's pixel density and redrawn on resize. Bars switch to their narrow
//! form (largest categories and "other") below 480 CSS px. Hover reports the
//! exact figure; a click on a bar reports its category. From the keyboard
//! the canvas is one tab stop: focusing it picks the first bar (or point),
//! ← → move between categories (years), ↑ ↓ between city-years (cities),
//! Home / End to the first / last; the focused mark is outlined and its
//! figure read out like a hover; Enter opens a bar's category.

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use crate::ui::canvas::Canvas;
use crate::ui::i18n::labelled;

use crate::core::chart::Ink;
use crate::core::chart::{
    draw_bars, draw_focus, layout_bars, BarChart, BarLayout, ChartKind, LineChart, LineLayout,
};

/// Below this width (CSS px) bar charts use their narrow form.
pub const NARROW_PX: f64 = 480.0;

/// What was drawn, for hit testing.
enum Drawn {
    Bars(BarLayout, Rc<BarChart>, bool),
    #[cfg_attr(not(feature = "extras"), allow(dead_code))]
    Lines(LineLayout, Rc<LineChart>),
}

/// A mark the keyboard can focus: a bar (category, series) or a point
/// (year, series).
type Mark = (usize, usize);

impl Drawn {
    /// How many groups (categories, years) and members (series).
    fn dims(&self) -> (usize, usize) {
        match self {
            Drawn::Bars(_, chart, _) => (chart.categories.len(), chart.series.len()),
            Drawn::Lines(_, chart) => (chart.years.len(), chart.series.len()),
        }
    }

    /// Where a mark is (backend pixels), to outline it.
    fn rect(&self, (group, member): Mark) -> Option<(i32, i32, i32, i32)> {
        match self {
            Drawn::Bars(layout, ..) => layout
                .hits
                .iter()
                .find(|h| h.category == group && h.series == member)
                .map(|h| h.rect),
            Drawn::Lines(layout, _) => layout
                .points
                .iter()
                .find(|p| p.year == group && p.series == member)
                .map(|p| (p.at.0, p.at.1, p.at.0, p.at.1)),
        }
    }

    /// A mark read out: `高雄市 106年 (2017) · 勞動檢查：8,767`.
    fn describe(&self, (group, member): Mark) -> Option<String> {
        let (lang, series, at, value) = match self {
            Drawn::Bars(_, chart, _) => (
                chart.lang,
                &chart.series.get(member)?.label,
                chart.categories.get(group)?,
                chart.value_labels.get(member)?.get(group)?,
            ),
            Drawn::Lines(_, chart) => (
                chart.lang,
                &chart.series.get(member)?.label,
                chart.years.get(group)?,
                chart.value_labels.get(member)?.get(group)?,
            ),
        };
        Some(labelled(lang, format!("{series} · {at}"), value))
    }
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
            let root = Canvas::new(canvas)?.into_drawing_area();
            draw_bars(&root, chart, &layout, &colors)
                .and_then(|()| root.present().map_err(|e| e.to_string()))
                .map(|()| Drawn::Bars(layout, chart.clone(), is_narrow))
        }
        // Drawn only by the lazily loaded module, which has the Over time
        // tab: the widget's module carries no line drawing.
        #[cfg(feature = "extras")]
        ChartKind::Lines(chart) => {
            use crate::core::chart::{draw_lines, layout_lines};
            let layout = layout_lines(chart, width, dpr);
            canvas.set_height(layout.height);
            let root = Canvas::new(canvas)?.into_drawing_area();
            draw_lines(&root, chart, &layout, &colors)
                .and_then(|()| root.present().map_err(|e| e.to_string()))
                .map(|()| Drawn::Lines(layout, chart.clone()))
        }
        #[cfg(not(feature = "extras"))]
        ChartKind::Lines(_) => Err("line charts are drawn by the lazily loaded module".to_owned()),
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

/// Draws the newest chart (`latest`) and the keyboard's mark into the
/// canvas, and keeps what was drawn for hovering and the keyboard.
fn paint(
    canvas: &NodeRef,
    wrap: &NodeRef,
    latest: &RefCell<Option<(ChartKind, Option<Mark>)>>,
    drawn: &RefCell<Option<Drawn>>,
) {
    let (Some(canvas), Some(wrap), Some((chart, focus))) = (
        canvas.cast::<HtmlCanvasElement>(),
        wrap.cast::<HtmlElement>(),
        latest.borrow().clone(),
    ) else {
        return;
    };
    let now = draw(&canvas, &wrap, &chart);
    if let (Some(now), Some(mark)) = (now.as_ref(), focus) {
        outline(&canvas, &wrap, now, mark);
    }
    *drawn.borrow_mut() = now;
}

/// The text and pick under a mouse event.
fn hit_at(drawn: &RefCell<Option<Drawn>>, e: &MouseEvent) -> Option<(String, Option<Pick>)> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0));
    let x = (f64::from(e.offset_x()) * dpr) as i32;
    let y = (f64::from(e.offset_y()) * dpr) as i32;
    let drawn = drawn.borrow();
    let drawn = drawn.as_ref()?;
    let (mark, pick) = match drawn {
        Drawn::Bars(layout, _, narrow) => {
            let h = layout.hit_at(x, y)?;
            let pick = Pick {
                index: h.category,
                narrow: *narrow,
            };
            ((h.category, h.series), Some(pick))
        }
        Drawn::Lines(layout, _) => {
            let p = layout.hit_at(x, y)?;
            ((p.year, p.series), None)
        }
    };
    Some((drawn.describe(mark)?, pick))
}

/// Outlines the keyboard's mark over the chart just drawn.
fn outline(canvas: &HtmlCanvasElement, wrap: &HtmlElement, drawn: &Drawn, mark: Mark) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let dpr = window.device_pixel_ratio().max(1.0);
    let (Some(rect), Some(backend)) = (drawn.rect(mark), Canvas::new(canvas)) else {
        return;
    };
    let root = backend.into_drawing_area();
    let pad = (4.0 * dpr).round() as i32;
    let result = draw_focus(
        &root,
        rect,
        pad,
        (2.0 * dpr).round() as u32,
        &ink(&window, wrap),
    )
    .and_then(|()| root.present().map_err(|e| e.to_string()));
    if let Err(message) = result {
        web_sys::console::error_1(&format!("budget-compare: focus: {message}").into());
    }
}

/// The mark a key moves the focus to from `at`, within `dims`.
fn step(key: &str, (group, member): Mark, (groups, members): (usize, usize)) -> Option<Mark> {
    let last = |n: usize| n.saturating_sub(1);
    Some(match key {
        "ArrowRight" => ((group + 1).min(last(groups)), member),
        "ArrowLeft" => (group.saturating_sub(1), member),
        "ArrowDown" => (group, (member + 1).min(last(members))),
        "ArrowUp" => (group, member.saturating_sub(1)),
        "Home" => (0, member),
        "End" => (last(groups), member),
        _ => return None,
    })
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
    // The keyboard's mark, while the canvas has the focus.
    let focus = use_state(|| None::<Mark>);
    // What to draw: the newest chart and mark. The first drawing runs apart
    // from the widget's first render (neither task is long), in the next
    // rendering step, before the browser paints: no frame shows the canvas
    // empty, and nothing below it moves when it is drawn. Later ones at once.
    let latest = use_mut_ref(|| None::<(ChartKind, Option<Mark>)>);
    {
        let (canvas_ref, wrap_ref, drawn) = (canvas_ref.clone(), wrap_ref.clone(), drawn.clone());
        use_effect_with(
            (props.chart.clone(), *width, *focus),
            move |(chart, _, focus)| {
                *latest.borrow_mut() = Some((chart.clone(), *focus));
                if drawn.borrow().is_none() {
                    wasm_bindgen_futures::spawn_local(async move {
                        crate::ui::browser::next_frame().await;
                        paint(&canvas_ref, &wrap_ref, &latest, &drawn);
                    });
                } else {
                    paint(&canvas_ref, &wrap_ref, &latest, &drawn);
                }
            },
        );
    }
    let onfocus = {
        let (drawn, focus, on_hover) = (drawn.clone(), focus.clone(), props.on_hover.clone());
        Callback::from(move |e: FocusEvent| {
            // From the keyboard only: a click focuses the canvas too.
            let keyboard = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|c| c.matches(":focus-visible").unwrap_or(false));
            if keyboard {
                let mark = (*focus).unwrap_or((0, 0));
                focus.set(Some(mark));
                on_hover.emit(drawn.borrow().as_ref().and_then(|d| d.describe(mark)));
            }
        })
    };
    let onblur = {
        let (focus, on_hover) = (focus.clone(), props.on_hover.clone());
        Callback::from(move |_: FocusEvent| {
            focus.set(None);
            on_hover.emit(None);
        })
    };
    let onkeydown = {
        let (drawn, focus) = (drawn.clone(), focus.clone());
        let (on_hover, on_pick) = (props.on_hover.clone(), props.on_pick.clone());
        Callback::from(move |e: KeyboardEvent| {
            let drawn = drawn.borrow();
            let Some(d) = drawn.as_ref() else {
                return;
            };
            let Some(at) = *focus else {
                // Focused by a click: the first arrow key picks the first mark.
                if step(&e.key(), (0, 0), d.dims()).is_some() {
                    e.prevent_default();
                    focus.set(Some((0, 0)));
                    on_hover.emit(d.describe((0, 0)));
                }
                return;
            };
            if e.key() == "Enter" {
                if let Drawn::Bars(_, _, narrow) = d {
                    e.prevent_default();
                    on_pick.emit(Pick {
                        index: at.0,
                        narrow: *narrow,
                    });
                }
                return;
            }
            if let Some(next) = step(&e.key(), at, d.dims()) {
                e.prevent_default();
                focus.set(Some(next));
                on_hover.emit(d.describe(next));
            }
        })
    };
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
                tabindex="0" {onmousemove} {onmouseleave} {onclick} {onfocus} {onblur} {onkeydown} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn keys_move_within_the_chart_and_stop_at_its_ends() {
        let dims = (14, 2);
        assert_eq!(step("ArrowRight", (0, 0), dims), Some((1, 0)));
        assert_eq!(step("ArrowRight", (13, 1), dims), Some((13, 1)));
        assert_eq!(step("ArrowLeft", (0, 1), dims), Some((0, 1)));
        assert_eq!(step("ArrowDown", (3, 0), dims), Some((3, 1)));
        assert_eq!(step("ArrowDown", (3, 1), dims), Some((3, 1)));
        assert_eq!(step("ArrowUp", (3, 1), dims), Some((3, 0)));
        assert_eq!(step("End", (3, 1), dims), Some((13, 1)));
        assert_eq!(step("Home", (3, 1), dims), Some((0, 1)));
        assert_eq!(step("Enter", (3, 1), dims), None);
        assert_eq!(step("x", (3, 1), dims), None);
    }
}
