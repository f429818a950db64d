//! Plan progress by year: each clause's rules, their status and figure in several
//! scenario runs side by side (the baseline and the plan's years), as the sheet a
//! district office fills in; as Markdown, CSV and a spreadsheet (`.xlsx`).
//!
//! One row per rule, its clause first: a clause the rules file splits into several
//! rules (二(三)10c: canteens, meal points, delivery share) has a row for each, so
//! every figure keeps its own status. Rows follow the rules file's order.

use crate::coverage::RuleFigures;
use crate::error::{Error, Result};
use crate::pipeline::Outcome;

/// A file of the sheet that could not be made.
fn failed(name: &str, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: name.into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Column headers' language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese (the default: the office's language).
    Zh,
    /// English.
    En,
}

/// One scenario's column pair: the status and the figure of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `met`, `not met`, `no data`, `no target`, `not applicable`; empty when the
    /// scenario's rules do not hold the rule.
    pub status: String,
    /// The figure: met over required with its share, or achieved against target.
    pub figure: String,
}

/// One rule across the runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The plan's clause.
    pub clause: String,
    /// The rule's id.
    pub rule: String,
    /// The plan's wording.
    pub wording_zh: String,
    /// One cell per run, in run order.
    pub cells: Vec<Cell>,
}

/// The progress sheet: the runs' names and years, and one row per rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Each run's scenario name and year.
    pub runs: Vec<(String, i32)>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// A figure in words: achieved against the target when the rule has one, else
/// met over required with the share, else `—`.
pub fn figure(f: &RuleFigures) -> String {
    if f.status == "no data" || (f.status == "no target" && f.achieved.is_none()) {
        return "—".into();
    }
    let num = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x}")
        }
    };
    let share = f
        .share_required_pct
        .map(|p| format!("{}/{} ({p:.1}%)", f.met, f.required));
    let value = match (&f.achieved, &f.target) {
        (Some(a), Some(t)) => Some(format!(
            "{} / {} ({}, {})",
            num(*a),
            num(t.min),
            t.unit,
            t.year
        )),
        (Some(a), None) => Some(num(*a)),
        _ => None,
    };
    // A rule judged in several areas (towns and the district) reads by its areas
    // met first; one judged once, by its value against the target.
    match (share, value) {
        (Some(s), Some(v)) if f.areas.len() > 1 => format!("{s}; district {v}"),
        (_, Some(v)) => v,
        (Some(s), None) => s,
        (None, None) => "—".into(),
    }
}

/// The progress of `outcomes` (in column order): every rule of any of them, in the
/// first rules file's order, then the others' new rules.
pub fn progress(outcomes: &[&Outcome]) -> Progress {
    let mut rows: Vec<Row> = Vec::new();
    for o in outcomes {
        for f in &o.coverage.rules {
            if !rows.iter().any(|r| r.rule == f.id) {
                rows.push(Row {
                    clause: f.clause.clone(),
                    rule: f.id.clone(),
                    wording_zh: f.wording_zh.clone(),
                    cells: Vec::new(),
                });
            }
        }
    }
    for row in &mut rows {
        row.cells = outcomes
            .iter()
            .map(
                |o| match o.coverage.rules.iter().find(|f| f.id == row.rule) {
                    Some(f) => Cell {
                        status: f.status.to_owned(),
                        figure: figure(f),
                    },
                    None => Cell {
                        status: String::new(),
                        figure: String::new(),
                    },
                },
            )
            .collect();
    }
    Progress {
        runs: outcomes
            .iter()
            .map(|o| (o.scenario.name.clone(), o.scenario.year))
            .collect(),
        rows,
    }
}

/// A status in the headers' language.
pub fn status_word(status: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => status,
        Lang::Zh => match status {
            "met" => "达标",
            "not met" => "未达标",
            "no data" => "无数据",
            "no target" => "当年无目标",
            "not applicable" => "不适用",
            other => other,
        },
    }
}

impl Progress {
    /// The header row.
    pub fn headers(&self, lang: Lang) -> Vec<String> {
        let (clause, rule, wording, status, figure) = match lang {
            Lang::Zh => ("条款", "规则", "原文", "状态", "数值"),
            Lang::En => ("clause", "rule", "wording (zh)", "status", "figure"),
        };
        let mut h = vec![clause.to_owned(), rule.to_owned(), wording.to_owned()];
        for (name, year) in &self.runs {
            h.push(format!("{name} ({year}) {status}"));
            h.push(format!("{name} ({year}) {figure}"));
        }
        h
    }

    /// The body rows as text cells.
    pub fn body(&self, lang: Lang) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                let mut v = vec![r.clause.clone(), r.rule.clone(), r.wording_zh.clone()];
                for c in &r.cells {
                    v.push(status_word(&c.status, lang).to_owned());
                    v.push(c.figure.clone());
                }
                v
            })
            .collect()
    }

    /// A Markdown table, without the wording (it is long): clause, rule, then
    /// status and figure per run.
    pub fn markdown(&self, lang: Lang) -> String {
        let h = self.headers(lang);
        let mut head: Vec<&str> = vec![&h[0], &h[1]];
        head.extend(h[3..].iter().map(String::as_str));
        let mut t = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
        for row in self.body(lang) {
            let mut cells: Vec<&str> = vec![&row[0], &row[1]];
            cells.extend(row[3..].iter().map(String::as_str));
            t.push_str(&format!("| {} |\n", cells.join(" | ").replace('\n', " ")));
        }
        t
    }

    /// The sheet as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
    /// programs read the Chinese right, CRLF line ends).
    pub fn csv(&self, lang: Lang) -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        let map = |e: csv::Error| failed("progress.csv", e);
        w.write_record(self.headers(lang)).map_err(map)?;
        for row in self.body(lang) {
            w.write_record(row).map_err(map)?;
        }
        w.into_inner().map_err(|e| failed("progress.csv", e))
    }

    /// The sheet as an `.xlsx` workbook of one worksheet, headers bold and frozen,
    /// byte-identical across runs (the workbook's creation time is fixed to the
    /// first run's year, not the clock).
    pub fn xlsx(&self, lang: Lang) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
        let map = |e: rust_xlsxwriter::XlsxError| failed("progress.xlsx", e);
        let mut book = Workbook::new();
        let year = self.runs.first().map_or(2024, |r| r.1);
        let created = ExcelDateTime::from_ymd(year as u16, 1, 1).map_err(map)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let sheet = book.add_worksheet();
        sheet
            .set_name(match lang {
                Lang::Zh => "规划进展",
                Lang::En => "progress",
            })
            .map_err(map)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.headers(lang).iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(map)?;
        }
        for (r, row) in self.body(lang).iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 1, c as u16, v).map_err(map)?;
            }
        }
        sheet.set_freeze_panes(1, 2).map_err(map)?;
        sheet.set_column_width(2, 40).map_err(map)?;
        book.save_to_buffer().map_err(map)
    }
}
