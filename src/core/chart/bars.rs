//! The grouped horizontal bar chart of the Compare view: one group per
//! category, one bar per city-year. Horizontal so long Chinese category names
//! stay readable from 320 px up.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    draw_heading, draw_source, fit, legend_layout, nice_max, round_intervals, text, text_width,
    tick_label, DrawResult, Ink,
};
use crate::core::format::Lang;

/// One city-year's bars.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    /// Legend text, e.g. `高雄市 106年 (2017)`.
    pub label: String,
    /// Bar colour.
    pub color: RGBColor,
    /// One value per category; `None` draws no bar (never a bar of 0), only
    /// its label, which says why the figure is missing.
    pub values: Vec<Option<f64>>,
    /// Where each bar starts (a waterfall's floating bars); empty: at 0.
    pub starts: Vec<f64>,
    /// Each bar's colour; empty: `color` for all.
    pub colors: Vec<RGBColor>,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// The title.
    pub title: String,
    /// The metric and unit.
    pub subtitle: String,
    /// The source line.
    pub source: String,
    /// Category labels.
    pub categories: Vec<String>,
    /// The series.
    pub series: Vec<BarSeries>,
    /// Labels at the end of each bar, already formatted, `[series][category]`:
    /// the figure, or why there is none (e.g. `無資料`).
    pub value_labels: Vec<Vec<String>>,
    /// The language of the axis labels.
    pub lang: Lang,
    /// Whether values are percentages (axis labels say `%`).
    pub percent: bool,
}

/// A drawn bar (or missing marker): where it is and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Series index.
    pub series: usize,
    /// Category index.
    pub category: usize,
    /// `(x0, y0, x1, y1)` in backend pixels; zero width for a missing figure.
    pub rect: (i32, i32, i32, i32),
    /// The value, if any.
    pub value: Option<f64>,
}

/// Where everything goes, in backend pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct BarLayout {
    /// Total height.
    pub height: u32,
    /// Bars and missing markers.
    pub hits: Vec<Hit>,
    scale: f64,
    width: f64,
    plot_x: (f64, f64),
    rows_top: f64,
    group_h: f64,
    bar_h: f64,
    legend: Vec<(f64, f64)>,
    ticks: Vec<(f64, f64)>,
    /// The axis runs from `min` (0 unless a bar goes below) to `max`.
    min: f64,
    max: f64,
    label_w: f64,
    /// Narrow screens: each category's name on its own line above its bars.
    labels_above: bool,
}

impl BarLayout {
    fn x(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        self.plot_x.0
            + (self.plot_x.1 - self.plot_x.0) * ((value - self.min) / span).clamp(0.0, 1.0)
    }

    /// The bar under a point, for hover and click.
    pub fn hit_at(&self, x: i32, y: i32) -> Option<&Hit> {
        let pad = (3.0 * self.scale) as i32;
        self.hits.iter().find(|h| {
            let (x0, y0, x1, y1) = h.rect;
            y >= y0 && y <= y1 && x >= self.plot_x.0 as i32 - pad && x <= x1.max(x0 + pad * 20)
        })
    }
}

/// Lays the chart out for a backend `width` pixels wide at `scale` device
/// pixels per CSS pixel.
pub fn layout_bars(chart: &BarChart, width: f64, scale: f64) -> BarLayout {
    let s = scale;
    let pad = 12.0 * s;
    let label_size = 13.0 * s;
    let longest = chart
        .categories
        .iter()
        .map(|c| text_width(c, label_size))
        .fold(0.0, f64::max);
    // Below 480 CSS px the names go above their bars, so the bars get the width.
    let labels_above = width / s < 480.0;
    let label_w = if labels_above {
        width - 2.0 * pad
    } else {
        longest.min(width * 0.38).max(40.0 * s)
    };
    let value_room = 80.0 * s;
    let plot_left = if labels_above {
        pad
    } else {
        pad + label_w + 8.0 * s
    };
    let plot_x = (
        plot_left,
        (width - pad - value_room).max(plot_left + 40.0 * s),
    );

    // Title, subtitle, then the legend wrapped over as many rows as it needs.
    let (legend, y) = legend_layout(
        chart.series.iter().map(|series| series.label.as_str()),
        18.0 * s,
        width,
        s,
    );
    let rows_top = y + 26.0 * s;
    let bar_h = 14.0 * s;
    let label_h = if labels_above { 18.0 * s } else { 0.0 };
    let group_h = label_h + chart.series.len().max(1) as f64 * (bar_h + 2.0 * s) + 12.0 * s;
    let rows_bottom = rows_top + group_h * chart.categories.len() as f64;
    let height = rows_bottom + 26.0 * s + 28.0 * s;

    // Round steps, as many as fit without their labels touching.
    let fits = ((plot_x.1 - plot_x.0) / (64.0 * s)).floor().clamp(1.0, 5.0) as u32;
    let ends = chart.series.iter().flat_map(|series| {
        let starts = series.starts.iter().copied();
        series.values.iter().flatten().copied().chain(starts)
    });
    let (low, high) = ends.fold((0.0, 0.0), |(l, h): (f64, f64), v| (l.min(v), h.max(v)));
    let (min, max, step) = if low < 0.0 {
        // Below zero too (a waterfall): one round step for the whole span.
        let span = nice_max(high - low);
        let step = span / f64::from(round_intervals(span, fits));
        (
            (low / step).floor() * step,
            (high / step).ceil() * step,
            step,
        )
    } else {
        let max = nice_max(high);
        (0.0, max, max / f64::from(round_intervals(max, fits)))
    };
    let mut layout = BarLayout {
        height: height.ceil() as u32,
        hits: Vec::new(),
        scale: s,
        width,
        plot_x,
        rows_top,
        group_h,
        bar_h,
        legend,
        ticks: Vec::new(),
        min,
        max,
        label_w,
        labels_above,
    };
    let intervals = ((max - min) / step).round() as u32;
    layout.ticks = (0..=intervals)
        .map(|i| {
            let v = min + step * f64::from(i);
            (layout.x(v), v)
        })
        .collect();
    for (ci, _) in chart.categories.iter().enumerate() {
        for (si, series) in chart.series.iter().enumerate() {
            let top =
                rows_top + group_h * ci as f64 + label_h + 6.0 * s + si as f64 * (bar_h + 2.0 * s);
            let value = series.values.get(ci).copied().flatten();
            let x0 = layout.x(series.starts.get(ci).copied().unwrap_or(0.0));
            let x1 = value.map_or(x0, |v| layout.x(v));
            layout.hits.push(Hit {
                series: si,
                category: ci,
                rect: (
                    x0.min(x1).round() as i32,
                    top as i32,
                    x0.max(x1).round() as i32,
                    (top + bar_h) as i32,
                ),
                value,
            });
        }
    }
    layout
}

/// Draws the chart as laid out by [`layout_bars`].
pub fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BarChart,
    layout: &BarLayout,
    colors: &Ink,
) -> DrawResult {
    let s = layout.scale;
    let pad = 12.0 * s;
    let (ink, muted, grid) = (colors.text, colors.muted, colors.grid);
    let left = (HPos::Left, VPos::Top);
    draw_heading(
        area,
        (&chart.title, &chart.subtitle),
        layout.width,
        s,
        colors,
    )?;
    for (series, &(x, y)) in chart.series.iter().zip(&layout.legend) {
        area.draw(&Rectangle::new(
            [
                (x as i32, y as i32),
                ((x + 12.0 * s) as i32, (y + 12.0 * s) as i32),
            ],
            series.color.filled(),
        ))
        .map_err(|e| e.to_string())?;
        text(area, &series.label, (x + 18.0 * s, y), 12.0 * s, ink, left)?;
    }
    let rows_bottom = layout.rows_top + layout.group_h * chart.categories.len() as f64;
    for &(x, v) in &layout.ticks {
        area.draw(&PathElement::new(
            vec![
                (x as i32, layout.rows_top as i32),
                (x as i32, rows_bottom as i32),
            ],
            grid,
        ))
        .map_err(|e| e.to_string())?;
        text(
            area,
            &tick_label(v, chart.percent, chart.lang),
            (x, rows_bottom + 6.0 * s),
            11.0 * s,
            muted,
            (HPos::Center, VPos::Top),
        )?;
    }
    let zero = layout.x(0.0) as i32;
    area.draw(&PathElement::new(
        vec![(zero, layout.rows_top as i32), (zero, rows_bottom as i32)],
        ink,
    ))
    .map_err(|e| e.to_string())?;
    for (ci, name) in chart.categories.iter().enumerate() {
        let label = fit(name, 13.0 * s, layout.label_w);
        if layout.labels_above {
            // On a white band, so the axis and grid lines do not cross the name.
            let top = layout.rows_top + layout.group_h * ci as f64 + 2.0 * s;
            let right = pad + text_width(&label, 13.0 * s) + 6.0 * s;
            area.draw(&Rectangle::new(
                [
                    (pad as i32, top as i32),
                    (right as i32, (top + 17.0 * s) as i32),
                ],
                colors.background.filled(),
            ))
            .map_err(|e| e.to_string())?;
            text(
                area,
                &label,
                (pad + 2.0 * s, top + 2.0 * s),
                13.0 * s,
                ink,
                (HPos::Left, VPos::Top),
            )?;
            continue;
        }
        let mid = layout.rows_top + layout.group_h * (ci as f64 + 0.5);
        text(
            area,
            &label,
            (layout.plot_x.0 - 8.0 * s, mid),
            13.0 * s,
            ink,
            (HPos::Right, VPos::Center),
        )?;
    }
    for hit in &layout.hits {
        let (x0, y0, x1, y1) = hit.rect;
        let series = &chart.series[hit.series];
        let mid = f64::from(y0 + y1) / 2.0;
        let label = chart
            .value_labels
            .get(hit.series)
            .and_then(|l| l.get(hit.category))
            .map_or("", String::as_str);
        let color = match hit.value {
            Some(_) => {
                let color = series.colors.get(hit.category).unwrap_or(&series.color);
                area.draw(&Rectangle::new(
                    [(x0, y0), (x1.max(x0 + 1), y1)],
                    color.filled(),
                ))
                .map_err(|e| e.to_string())?;
                ink
            }
            None => muted,
        };
        text(
            area,
            label,
            (f64::from(x1) + 4.0 * s, mid),
            11.0 * s,
            color,
            (HPos::Left, VPos::Center),
        )?;
    }
    draw_source(
        area,
        &chart.source,
        (layout.width, layout.height),
        s,
        colors,
    )
}
