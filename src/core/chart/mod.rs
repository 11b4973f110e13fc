//! Charts drawn with plotters, generic over the backend: the same routine
//! draws to a `<canvas>` on screen and to SVG for export and tests.
//!
//! Each chart is laid out first by a pure function (sizes in backend pixels,
//! so a canvas scaled for `devicePixelRatio` is sharp), then drawn. The layout
//! is what hover, click and tests use: where each bar is and what it shows.

pub mod bars;
pub mod lines;
pub mod palette;

pub use bars::{draw_bars, layout_bars, BarChart, BarLayout, BarSeries, Hit};
pub use lines::{draw_lines, layout_lines, LineChart, LineLayout, LineSeries, Point, Segment};

use std::rc::Rc;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::core::format::{self, Lang};

/// The font families charts ask for: the CJK ones first, as in the widget's
/// stylesheet (they carry Latin letters too, so no text needs a fallback
/// font), then whatever sans-serif the browser has. No quotes: the list also
/// goes into the SVG export's `font-family` attributes.
pub(crate) const FONT: &str =
    "Noto Sans CJK TC, Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif";

/// Drawing either succeeds or says why.
pub(crate) type DrawResult = Result<(), String>;

/// The colours a chart is drawn in besides its series colours: light by
/// default, or read from the widget's CSS custom properties (dark theme).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ink {
    /// The background.
    pub background: RGBColor,
    /// Titles, labels, axes.
    pub text: RGBColor,
    /// Subtitles, ticks, the source line, missing figures.
    pub muted: RGBColor,
    /// Grid lines.
    pub grid: RGBColor,
}

impl Ink {
    /// Dark text on white: the default, and what exports use.
    pub const LIGHT: Ink = Ink {
        background: RGBColor(255, 255, 255),
        text: RGBColor(33, 33, 33),
        muted: RGBColor(96, 96, 96),
        grid: RGBColor(224, 224, 224),
    };

    /// Light text on near-black: the dark theme's chart colours (the
    /// stylesheet's `--bc-chart-*` under `data-theme="dark"`; a test keeps
    /// the two equal).
    pub const DARK: Ink = Ink {
        background: RGBColor(30, 30, 30),
        text: RGBColor(236, 236, 236),
        muted: RGBColor(180, 180, 180),
        grid: RGBColor(60, 60, 60),
    };

    /// Parses `#rrggbb`.
    pub fn parse_hex(text: &str) -> Option<RGBColor> {
        let h = text.trim().strip_prefix('#')?;
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
        Some(RGBColor(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl Default for Ink {
    fn default() -> Self {
        Ink::LIGHT
    }
}

/// Draws `t` at `at` (backend pixels) in the chart font.
pub(crate) fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &str,
    at: (f64, f64),
    size: f64,
    color: RGBColor,
    anchor: (HPos, VPos),
) -> DrawResult {
    // A family by name, not from a `&str` (plotters lowercases that to look
    // for a generic name, bringing Unicode case tables into the module).
    let style = TextStyle::from((FontFamily::Name(FONT), size).into_font())
        .color(&color)
        .pos(Pos::new(anchor.0, anchor.1));
    area.draw(&Text::new(t.to_owned(), (at.0 as i32, at.1 as i32), style))
        .map_err(|e| e.to_string())
}

/// Where each legend entry starts, wrapped over as many rows as it needs
/// below the title and subtitle: an entry is a swatch `swatch` wide, its
/// label and a gap. Also the top of the last row.
pub(crate) fn legend_layout<'a>(
    labels: impl Iterator<Item = &'a str>,
    swatch: f64,
    width: f64,
    s: f64,
) -> (Vec<(f64, f64)>, f64) {
    let pad = 12.0 * s;
    let mut y = pad + 20.0 * s + 20.0 * s;
    let mut legend = Vec::new();
    let mut x = pad;
    for label in labels {
        let w = swatch + text_width(label, 12.0 * s) + 16.0 * s;
        if x + w > width - pad && x > pad {
            x = pad;
            y += 20.0 * s;
        }
        legend.push((x, y));
        x += w;
    }
    (legend, y)
}

/// What every chart starts with: the background, then the title and the
/// subtitle at the top left, each cut to the width.
pub(crate) fn draw_heading<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (title, subtitle): (&str, &str),
    width: f64,
    s: f64,
    colors: &Ink,
) -> DrawResult {
    let pad = 12.0 * s;
    area.fill(&colors.background).map_err(|e| e.to_string())?;
    let top_left = (HPos::Left, VPos::Top);
    text(
        area,
        &fit(title, 16.0 * s, width - 2.0 * pad),
        (pad, pad),
        16.0 * s,
        colors.text,
        top_left,
    )?;
    text(
        area,
        &fit(subtitle, 12.0 * s, width - 2.0 * pad),
        (pad, pad + 22.0 * s),
        12.0 * s,
        colors.muted,
        top_left,
    )
}

/// What every chart ends with: the source line at the bottom left.
pub(crate) fn draw_source<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    source: &str,
    (width, height): (f64, u32),
    s: f64,
    colors: &Ink,
) -> DrawResult {
    let pad = 12.0 * s;
    text(
        area,
        &fit(source, 11.0 * s, width - 2.0 * pad),
        (pad, f64::from(height) - pad),
        11.0 * s,
        colors.muted,
        (HPos::Left, VPos::Bottom),
    )
}

/// Outlines `rect` (`(x0, y0, x1, y1)`, backend pixels) `pad` pixels outside
/// it, `width` pixels wide, in the text colour: the keyboard focus on a bar
/// or a point, drawn over the chart.
pub fn draw_focus<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rect: (i32, i32, i32, i32),
    pad: i32,
    width: u32,
    colors: &Ink,
) -> DrawResult {
    let (x0, y0) = (rect.0 - pad, rect.1 - pad);
    let (x1, y1) = (rect.2.max(rect.0 + pad) + pad, rect.3 + pad);
    let style = ShapeStyle::from(&colors.text).stroke_width(width);
    area.draw(&PathElement::new(
        vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
        style,
    ))
    .map_err(|e| e.to_string())
}

/// Estimated width of `text` at `size` px: CJK glyphs are square, the rest
/// about 0.6 em. Used for layout only (labels are measured the same way on
/// every backend, so canvas and SVG agree).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

/// Shortens `text` to fit `width` px at `size`, ending in `…`.
pub fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&out, size) + text_width(&format!("{c}…"), size) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The power of ten at or below a positive, finite `x` (10ⁿ with n =
/// ⌊log₁₀ x⌋; NaN for anything else), by multiplying and dividing by ten:
/// exact for every power a budget reaches (up to 10²²), and the module
/// carries no `pow` or `log10` for it.
fn magnitude(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return f64::NAN;
    }
    let mut up = 1.0;
    while up * 10.0 <= x {
        up *= 10.0;
    }
    if x >= 1.0 {
        return up;
    }
    // Below 1: 1 / 10ⁿ, each power exact before the one division.
    let mut down = 1.0;
    while 1.0 / down > x {
        down *= 10.0;
    }
    1.0 / down
}

/// A "nice" upper bound for a value axis: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ.
pub(crate) fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = magnitude(max);
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * magnitude)
}

/// How many grid intervals split a [`nice_max`] into round steps, at most
/// `fits` of them: 3 for 1.5, 3 and 6; 4 for 2, 4 and 8; 5 for 1, 2.5 and 5
/// (fewer when they do not fit: halves, or just the two ends).
pub(crate) fn round_intervals(max: f64, fits: u32) -> u32 {
    let mantissa = max / magnitude(max);
    let near = |m: f64| (mantissa - m).abs() < 1e-6;
    let choices: &[u32] = if near(1.5) || near(3.0) {
        &[3, 1]
    } else if near(6.0) {
        &[3, 2, 1]
    } else if near(2.0) || near(4.0) || near(8.0) {
        &[4, 2, 1]
    } else if near(2.5) || near(5.0) {
        &[5, 1]
    } else {
        &[5, 2, 1]
    };
    choices
        .iter()
        .copied()
        .find(|n| *n <= fits.max(1))
        .unwrap_or(1)
}

/// Axis tick labels: short numbers (`1.5億`, `3M`), or percentages.
pub(crate) fn tick_label(v: f64, percent: bool, lang: Lang) -> String {
    if percent {
        format::percent(v)
    } else {
        format::short(v, lang)
    }
}

/// A view's chart: grouped bars, with their narrow form (the largest
/// categories and "other", drawn below 480 CSS px), or lines over time.
/// Shared (`Rc`) so that the widget's components pass it around cheaply.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Grouped bars.
    Bars {
        /// All categories.
        full: Rc<BarChart>,
        /// The largest categories and "other".
        narrow: Rc<BarChart>,
    },
    /// Lines over time.
    Lines(Rc<LineChart>),
}

impl ChartKind {
    /// Its title, subtitle and source line.
    pub fn heading(&self) -> (&str, &str, &str) {
        match self {
            ChartKind::Bars { full: c, .. } => (&c.title, &c.subtitle, &c.source),
            ChartKind::Lines(c) => (&c.title, &c.subtitle, &c.source),
        }
    }

    /// Its height when drawn `width` px wide; `narrow`: a bar chart's
    /// narrow form (a line chart has one form).
    pub fn height(&self, width: u32, narrow: bool) -> u32 {
        match self {
            ChartKind::Bars { full, narrow: n } => {
                layout_bars(if narrow { n } else { full }, f64::from(width), 1.0).height
            }
            ChartKind::Lines(c) => layout_lines(c, f64::from(width), 1.0).height,
        }
    }

    /// Draws it to an SVG document `width` px wide; returns it and its height.
    pub fn svg(&self, width: u32, narrow: bool) -> Result<(String, u32), String> {
        match self {
            ChartKind::Bars { full, narrow: n } => {
                bars_svg(if narrow { n } else { full }, width).map(|(s, l)| (s, l.height))
            }
            ChartKind::Lines(c) => lines_svg(c, width).map(|(s, l)| (s, l.height)),
        }
    }
}

/// Draws a bar chart to an SVG document.
pub fn bars_svg(chart: &BarChart, width: u32) -> Result<(String, BarLayout), String> {
    let layout = layout_bars(chart, f64::from(width), 1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, layout.height)).into_drawing_area();
        draw_bars(&root, chart, &layout, &Ink::LIGHT)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok((svg, layout))
}

/// Draws a line chart to an SVG document.
pub fn lines_svg(chart: &LineChart, width: u32) -> Result<(String, LineLayout), String> {
    let layout = layout_lines(chart, f64::from(width), 1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, layout.height)).into_drawing_area();
        draw_lines(&root, chart, &layout, &Ink::LIGHT)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok((svg, layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focus_is_an_outline_in_the_text_colour() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 50)).into_drawing_area();
            draw_focus(&root, (10, 10, 40, 20), 3, 2, &Ink::LIGHT).expect("drawn");
            root.present().expect("presented");
        }
        assert!(
            svg.contains(r##"<polyline fill="none" opacity="1" stroke="#212121" stroke-width="2" points="7,7 43,7 43,23 7,23 7,7 "/>"##),
            "{svg}"
        );
    }

    #[test]
    fn the_power_of_ten_at_or_below() {
        for (x, want) in [
            (1.0, 1.0),
            (9.99, 1.0),
            (10.0, 10.0),
            (1000.0, 1000.0),
            (999.0, 100.0),
            (4.46e8, 1e8),
            (1e22, 1e22),
            (0.5, 0.1),
            (0.05, 0.01),
        ] {
            assert_eq!(magnitude(x), want, "{x}");
            assert_eq!(want, 10f64.powf(x.log10().floor()), "{x}: as powf gives it");
        }
        for x in [0.0, -3.0, f64::INFINITY, f64::NAN] {
            assert!(magnitude(x).is_nan(), "{x}");
        }
    }

    #[test]
    fn ticks_fall_on_round_values() {
        for (max, fits, want) in [
            (4e8, 5, 4),
            (4e8, 3, 2),
            (3e8, 5, 3),
            (2.5e8, 4, 1),
            (1e7, 5, 5),
            (6e6, 2, 2),
        ] {
            let n = round_intervals(max, fits);
            assert_eq!(n, want, "{max} in {fits}");
            let step = max / f64::from(n);
            let mantissa = step / 10f64.powf(step.log10().floor());
            assert!(
                [1.0, 2.0, 2.5, 3.0, 5.0]
                    .iter()
                    .any(|m| (mantissa - m).abs() < 1e-9),
                "{step}"
            );
        }
    }
}
