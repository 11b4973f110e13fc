//! The "Over time" line chart: one line per series across fiscal years, on a
//! value axis from 0. A missing year breaks the line (never a point at 0), so
//! a gap in the data is a gap on screen. A point can be drawn hollow (final
//! accounts among budgets) and the segment into it dashed (the two years do
//! not compare like for like), so a change of budget stage is never hidden
//! in one plain line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    draw_heading, draw_source, fit, legend_layout, nice_max, round_intervals, text, text_width,
    tick_label, DrawResult, Ink,
};
use crate::core::format::Lang;

/// One line: a city, or a city's category.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend text, e.g. `高雄市`.
    pub label: String,
    /// Line and marker colour.
    pub color: RGBColor,
    /// One value per year of the chart's x axis; `None` (or a value that is
    /// not a number) is a missing year, drawn as nothing: no point, no line
    /// through it. Values are amounts or shares, so the axis starts at 0; a
    /// negative value would sit on the baseline.
    pub values: Vec<Option<f64>>,
    /// Per year: draw the point hollow (e.g. final accounts, not a budget).
    /// Missing entries are solid.
    pub hollow: Vec<bool>,
    /// Per year: draw the segment from the year before dashed (the two
    /// figures are not like for like). Missing entries are solid.
    pub dashed: Vec<bool>,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// The title.
    pub title: String,
    /// The metric and unit.
    pub subtitle: String,
    /// The source line.
    pub source: String,
    /// The x axis labels, one per year, already formatted, e.g. `104年 (2015)`.
    pub years: Vec<String>,
    /// The series.
    pub series: Vec<LineSeries>,
    /// The text of each point, already formatted, `[series][year]`: the
    /// figure, or why there is none (e.g. `無資料`). The last point of each
    /// line is labelled with it; all are there for hover.
    pub value_labels: Vec<Vec<String>>,
    /// The language of the axis labels.
    pub lang: Lang,
    /// Whether values are percentages (axis labels say `%`).
    pub percent: bool,
}

/// A drawn point: where its marker is and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Series index.
    pub series: usize,
    /// Year index (position on the x axis).
    pub year: usize,
    /// The marker's centre in backend pixels.
    pub at: (i32, i32),
    /// The value.
    pub value: f64,
}

/// A segment of a line: from, to (backend pixels) and its series index.
pub type Segment = ((i32, i32), (i32, i32), usize);

/// A value label at the end of a line, moved apart from its neighbours.
#[derive(Debug, Clone, PartialEq)]
struct EndLabel {
    series: usize,
    year: usize,
    /// Left end, vertical centre.
    at: (f64, f64),
    width: f64,
}

/// Where everything goes, in backend pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayout {
    /// Total height.
    pub height: u32,
    /// One per present value, series by series, year by year.
    pub points: Vec<Point>,
    /// Lines between points of adjacent years that both have a value.
    pub segments: Vec<Segment>,
    /// The same, for segments drawn dashed.
    pub dashed: Vec<Segment>,
    scale: f64,
    width: f64,
    /// `(left, top, right, bottom)` of the plot; `bottom` is the 0 baseline.
    plot: (f64, f64, f64, f64),
    /// The x of each year.
    xs: Vec<f64>,
    legend: Vec<(f64, f64)>,
    /// `(y, value)` of each horizontal grid line, 0 first.
    ticks: Vec<(f64, f64)>,
    max: f64,
    /// Year labels in their short form (`104年` for `104年 (2015)`).
    short_years: bool,
    /// Label every n-th year only, so labels never overlap.
    year_every: usize,
    end_labels: Vec<EndLabel>,
}

/// A year label without its parenthesised other calendar: `104年 (2015)` →
/// `104年`, `FY2015 (ROC 104)` → `FY2015`.
fn short_year(label: &str) -> &str {
    label.split_once(" (").map_or(label, |(short, _)| short)
}

impl LineLayout {
    fn y(&self, value: f64) -> f64 {
        let (_, top, _, bottom) = self.plot;
        bottom - (bottom - top) * (value / self.max).clamp(0.0, 1.0)
    }

    /// The point nearest `(x, y)` within about 12 CSS px, for hover and click.
    pub fn hit_at(&self, x: i32, y: i32) -> Option<&Point> {
        let reach = 12.0 * self.scale;
        let distance = |p: &Point| {
            let dx = f64::from(p.at.0) - f64::from(x);
            let dy = f64::from(p.at.1) - f64::from(y);
            dx.hypot(dy)
        };
        self.points
            .iter()
            .map(|p| (distance(p), p))
            .filter(|(d, _)| *d <= reach)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p)
    }
}

/// Lays the chart out for a backend `width` pixels wide at `scale` device
/// pixels per CSS pixel.
pub fn layout_lines(chart: &LineChart, width: f64, scale: f64) -> LineLayout {
    let s = scale;
    let pad = 12.0 * s;
    let years = chart.years.len();
    // A value is present only if it is a number; anything else is a gap.
    let value = |series: &LineSeries, year: usize| {
        series
            .values
            .get(year)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    };

    // Title, subtitle, then the legend wrapped over as many rows as it needs.
    let (legend, y) = legend_layout(
        chart.series.iter().map(|series| series.label.as_str()),
        22.0 * s,
        width,
        s,
    );
    let top = y + 30.0 * s;
    // Readable from 320 CSS px up: 220 px tall there, 320 px from 534 px.
    let bottom = top + (width / s * 0.6).clamp(220.0, 320.0) * s;
    let height = bottom + 26.0 * s + 28.0 * s;

    let max = nice_max(
        chart
            .series
            .iter()
            .flat_map(|series| (0..years).filter_map(move |i| value(series, i)))
            .fold(0.0, f64::max),
    );
    let intervals = round_intervals(max, 5);
    let tick_values: Vec<f64> = (0..=intervals)
        .map(|i| max * f64::from(i) / f64::from(intervals))
        .collect();
    let tick_w = tick_values
        .iter()
        .map(|v| text_width(&tick_label(*v, chart.percent, chart.lang), 11.0 * s))
        .fold(0.0, f64::max);
    let left = pad + tick_w + 8.0 * s;
    let room = (width - pad - left).max(40.0 * s);

    // Room on the right for the value labels of lines that run to the last
    // year: the label starts just right of the last point, half a step before
    // the plot's right edge, so that half step counts (step = (room - right) / n).
    let label_size = 11.0 * s;
    let gap = 8.0 * s;
    let value_label = |series: usize, year: usize| {
        chart
            .value_labels
            .get(series)
            .and_then(|labels| labels.get(year))
            .map_or("", String::as_str)
    };
    let lasts: Vec<(usize, usize)> = chart
        .series
        .iter()
        .enumerate()
        .filter_map(|(si, series)| {
            (0..years)
                .rev()
                .find(|&i| value(series, i).is_some())
                .map(|i| (si, i))
        })
        .collect();
    let n = years.max(1) as f64;
    let need = lasts
        .iter()
        .filter(|&&(_, year)| year + 1 == years)
        .map(|&(si, year)| gap + text_width(value_label(si, year), label_size))
        .fold(0.0, f64::max);
    let right = ((need - room / (2.0 * n)) / (1.0 - 1.0 / (2.0 * n))).clamp(0.0, room * 0.4);
    let plot_right = left + room - right;
    let step = (plot_right - left) / n;
    let xs: Vec<f64> = (0..years).map(|i| left + step * (i as f64 + 0.5)).collect();

    // Year labels: full, else short, else every other (or every n-th) short
    // one: whatever keeps a gap between neighbours.
    let widest = |short: bool| {
        chart
            .years
            .iter()
            .map(|y| text_width(if short { short_year(y) } else { y }, label_size))
            .fold(0.0, f64::max)
    };
    let short_years = widest(false) + gap > step;
    let year_every = ((widest(short_years) + gap) / step).ceil().max(1.0) as usize;

    let mut layout = LineLayout {
        height: height.ceil() as u32,
        points: Vec::new(),
        segments: Vec::new(),
        dashed: Vec::new(),
        scale: s,
        width,
        plot: (left, top, plot_right, bottom),
        xs,
        legend,
        ticks: Vec::new(),
        max,
        short_years,
        year_every,
        end_labels: Vec::new(),
    };
    layout.ticks = tick_values.iter().map(|&v| (layout.y(v), v)).collect();
    for (si, series) in chart.series.iter().enumerate() {
        let mut previous: Option<(usize, (i32, i32))> = None;
        for (year, &x) in layout.xs.iter().enumerate() {
            let Some(v) = value(series, year) else {
                continue;
            };
            let at = (x.round() as i32, layout.y(v).round() as i32);
            // Only adjacent years join: a missing year between them is a gap.
            if let Some((py, from)) = previous {
                if py + 1 == year {
                    if series.dashed.get(year).copied().unwrap_or(false) {
                        layout.dashed.push((from, at, si));
                    } else {
                        layout.segments.push((from, at, si));
                    }
                }
            }
            previous = Some((year, at));
            layout.points.push(Point {
                series: si,
                year,
                at,
                value: v,
            });
        }
    }

    // Value labels at the ends of the lines, top to bottom, each moved down
    // below any label it would overlap.
    let mut ends: Vec<EndLabel> = lasts
        .iter()
        .filter_map(|&(si, year)| {
            let p = layout
                .points
                .iter()
                .find(|p| p.series == si && p.year == year)?;
            Some(EndLabel {
                series: si,
                year,
                // A line that stops before the last year has other lines
                // running on to its right: its label goes just below its end.
                at: if year + 1 == years {
                    (f64::from(p.at.0) + 7.0 * s, f64::from(p.at.1))
                } else {
                    (f64::from(p.at.0) + 5.0 * s, f64::from(p.at.1) + 12.0 * s)
                },
                width: text_width(value_label(si, year), label_size),
            })
        })
        .collect();
    crate::core::order::sort_by(&mut ends, &|a, b| a.at.1.total_cmp(&b.at.1));
    let line_h = 14.0 * s;
    for i in 0..ends.len() {
        for j in 0..i {
            let (a, b) = (&ends[j], &ends[i]);
            let apart = a.at.0 + a.width < b.at.0 || b.at.0 + b.width < a.at.0;
            if !apart && (b.at.1 - a.at.1).abs() < line_h {
                ends[i].at.1 = ends[j].at.1 + line_h;
            }
        }
    }
    layout.end_labels = ends;
    layout
}

fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (f64, f64),
    to: (f64, f64),
    style: ShapeStyle,
) -> DrawResult {
    area.draw(&PathElement::new(
        vec![(from.0 as i32, from.1 as i32), (to.0 as i32, to.1 as i32)],
        style,
    ))
    .map_err(|e| e.to_string())
}

/// Draws the chart as laid out by [`layout_lines`].
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &LineChart,
    layout: &LineLayout,
    colors: &Ink,
) -> DrawResult {
    let s = layout.scale;
    let pad = 12.0 * s;
    let (ink, muted, grid) = (colors.text, colors.muted, colors.grid);
    let (left, top, right, bottom) = layout.plot;
    let top_left = (HPos::Left, VPos::Top);
    draw_heading(
        area,
        (&chart.title, &chart.subtitle),
        layout.width,
        s,
        colors,
    )?;
    // Legend swatches are short strokes of the line's colour.
    for (series, &(x, y)) in chart.series.iter().zip(&layout.legend) {
        area.draw(&Rectangle::new(
            [
                (x as i32, (y + 4.0 * s) as i32),
                ((x + 16.0 * s) as i32, (y + 8.0 * s) as i32),
            ],
            series.color.filled(),
        ))
        .map_err(|e| e.to_string())?;
        text(
            area,
            &series.label,
            (x + 22.0 * s, y),
            12.0 * s,
            ink,
            top_left,
        )?;
    }
    for &(y, v) in &layout.ticks {
        if v > 0.0 {
            line(area, (left, y), (right, y), grid.into())?;
        }
        text(
            area,
            &tick_label(v, chart.percent, chart.lang),
            (left - 6.0 * s, y),
            11.0 * s,
            muted,
            (HPos::Right, VPos::Center),
        )?;
    }
    line(area, (left, top), (left, bottom), ink.into())?;
    line(area, (left, bottom), (right, bottom), ink.into())?;
    for (year, (label, &x)) in chart.years.iter().zip(&layout.xs).enumerate() {
        if year % layout.year_every != 0 {
            continue;
        }
        let label = if layout.short_years {
            short_year(label)
        } else {
            label
        };
        text(
            area,
            label,
            (x, bottom + 6.0 * s),
            11.0 * s,
            ink,
            (HPos::Center, VPos::Top),
        )?;
    }
    let stroke = (2.5 * s).round().max(1.0) as u32;
    for &(from, to, si) in &layout.segments {
        let color = chart.series.get(si).map_or(ink, |series| series.color);
        area.draw(&PathElement::new(
            vec![from, to],
            color.stroke_width(stroke),
        ))
        .map_err(|e| e.to_string())?;
    }
    for &(from, to, si) in &layout.dashed {
        let color = chart.series.get(si).map_or(ink, |series| series.color);
        // Dashes as short strokes (plotters' DashedPathElement cost 1.8 KB
        // gzip of module for the same picture).
        let dash = (6.0 * s).round().max(2.0);
        let (dx, dy) = (f64::from(to.0 - from.0), f64::from(to.1 - from.1));
        let length = dx.hypot(dy);
        let steps = (length / dash).floor() as usize;
        for k in (0..steps.max(1)).step_by(2) {
            let at = |t: f64| {
                let t = (t * dash / length.max(1.0)).min(1.0);
                (
                    (f64::from(from.0) + dx * t).round() as i32,
                    (f64::from(from.1) + dy * t).round() as i32,
                )
            };
            area.draw(&PathElement::new(
                vec![at(k as f64), at(k as f64 + 1.0)],
                color.stroke_width(stroke),
            ))
            .map_err(|e| e.to_string())?;
        }
    }
    let radius = (4.0 * s).round().max(1.0) as u32;
    for point in &layout.points {
        let series = chart.series.get(point.series);
        let color = series.map_or(ink, |series| series.color);
        let hollow = series
            .and_then(|series| series.hollow.get(point.year))
            .copied()
            .unwrap_or(false);
        if hollow {
            area.draw(&Circle::new(point.at, radius, colors.background.filled()))
                .map_err(|e| e.to_string())?;
            area.draw(&Circle::new(
                point.at,
                radius,
                color.stroke_width((2.0 * s).round().max(1.0) as u32),
            ))
            .map_err(|e| e.to_string())?;
        } else {
            area.draw(&Circle::new(point.at, radius, color.filled()))
                .map_err(|e| e.to_string())?;
        }
    }
    for end in &layout.end_labels {
        let label = chart
            .value_labels
            .get(end.series)
            .and_then(|labels| labels.get(end.year))
            .map_or("", String::as_str);
        let label = fit(label, 11.0 * s, layout.width - pad / 2.0 - end.at.0);
        text(
            area,
            &label,
            end.at,
            11.0 * s,
            ink,
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
