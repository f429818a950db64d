//! The cost-matrix files of `isleplan optimize`, read into plain tables (the
//! command builds the cover problem from them), like spopt's `from_cost_matrix` in
//! long (sparse) form.
//!
//! - `D.csv`: `id,weight`: one row per demand point, at least one; the weights must
//!   add up to a finite number (the row where the total stops being finite is named).
//! - `S.csv`: `id,cost,existing`: one row per candidate site, at least one; `cost`
//!   (default 1) and `existing` (`true`/`false`, `1`/`0`, `yes`/`no`; default false)
//!   may be left out; the costs must add up to a finite number.
//! - `P.csv`: `demand_id,site_id,cost`: site covers demand when `cost <= max_cost`.
//!   Pairs not listed never cover; `inf` is allowed and never covers, whatever the
//!   service standard (`max_cost` may be `inf`: then every pair of finite cost
//!   covers); a pair listed twice covers if either row does. The file may have no
//!   rows (nothing covers).
//!
//! A header row is optional: when the first row names the first column (`id` or
//! `demand_id`, any case), columns are found by name, in any order, and extra columns
//! are ignored; otherwise they are taken in the order above. Records are read by the
//! `csv` crate (RFC 4180: quoted fields may hold commas, `""` and line breaks);
//! spaces around fields are trimmed, blank lines are skipped, and a UTF-8 byte-order
//! mark is dropped. Every bad row is an [`InputError`] naming the file, line and
//! column, never a panic.
//!
//! Owns reading and checking these files; building and solving the problem is the
//! command's and the optimiser's.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The three files as read: ids, weights, costs and the covering pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct CostMatrix {
    /// Demand ids, by demand index (file order).
    pub demand_ids: Vec<String>,
    /// Demand weights (default 1), by demand index.
    pub weights: Vec<f64>,
    /// Site ids, by site index (file order).
    pub site_ids: Vec<String>,
    /// Site costs (default 1), by site index.
    pub costs: Vec<f64>,
    /// Whether each site is an existing facility (kept open).
    pub existing: Vec<bool>,
    /// `(demand, site)` pairs whose cost is at most the service standard, in file
    /// order (a pair listed twice appears twice).
    pub covering: Vec<(u32, u32)>,
    /// The service standard.
    pub max_cost: f64,
}

/// A problem with one of the CSV files.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("cannot read `{}`", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// One field of one row is bad.
    #[error("{}:{line}: column {column} (`{name}`): {problem}", path.display())]
    Field {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// 1-based column number.
        column: usize,
        /// The column's name.
        name: String,
        /// What is wrong, with the bad value.
        problem: String,
        /// What to do about it (a "did you mean", say).
        hint: Option<String>,
    },
    /// A row as a whole is bad (too few fields, an unclosed quote).
    #[error("{}:{line}: {problem}", path.display())]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// The service standard is not a number ≥ 0.
    #[error("invalid maximum cost (got {0}): it must be a non-negative number")]
    BadMaxCost(f64),
    /// More demand points or sites than the optimiser indexes (2^32).
    #[error("too many {0}")]
    TooLarge(&'static str),
    /// `D.csv` or `S.csv` has no rows (a header alone, blank lines, or nothing).
    #[error("`{}` has no {what}: {}", path.display(), if *header { "only a header row" } else { "no rows" })]
    Empty {
        /// The file.
        path: PathBuf,
        /// `demand points` or `candidate sites`.
        what: &'static str,
        /// Whether the file held a header row.
        header: bool,
    },
}

impl InputError {
    /// The hint to print after the error, if any.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Self::Field { hint, .. } => hint.as_deref(),
            _ => None,
        }
    }
}

/// Reads `D.csv`, `S.csv` and `P.csv` into a problem with service standard `max_cost`.
///
/// # Runtime
/// One pass over each file; memory 8 bytes per covering pair plus the ids.
pub fn load(
    demand: &Path,
    sites: &Path,
    pairs: &Path,
    max_cost: f64,
) -> Result<CostMatrix, InputError> {
    let open = |path: &Path| {
        let read_error = |source| InputError::Read {
            path: path.to_owned(),
            source,
        };
        // A FIFO or a device would block or never end: only regular files are
        // opened.
        let meta = std::fs::metadata(path).map_err(read_error)?;
        if !meta.is_file() {
            return Err(read_error(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        fs_err::File::open(path).map_err(|source| InputError::Read {
            path: path.to_owned(),
            source,
        })
    };
    from_readers(
        (demand, open(demand)?),
        (sites, open(sites)?),
        (pairs, open(pairs)?),
        max_cost,
    )
}

/// [`load`] from readers; each path is used only in messages.
pub fn from_readers(
    demand: (&Path, impl Read),
    sites: (&Path, impl Read),
    pairs: (&Path, impl Read),
    max_cost: f64,
) -> Result<CostMatrix, InputError> {
    if max_cost.is_nan() || max_cost < 0.0 {
        return Err(InputError::BadMaxCost(max_cost));
    }

    // D.csv
    let mut demand_ids = Vec::new();
    let mut weights = Vec::new();
    let mut demand_index: HashMap<String, (u32, usize)> = HashMap::new();
    let mut total_weight = 0.0_f64;
    let mut table = Table::new(demand.0, demand.1, &["id", "weight"], &[true, true]);
    while let Some(row) = table.next_row()? {
        let id = row.id(0)?;
        let weight = row.number(1, Number::Weight)?;
        if let Some(&(_, first)) = demand_index.get(&id) {
            return Err(row.field_error(
                0,
                format!("duplicate id {id:?} (first on line {first})"),
                None,
            ));
        }
        let index =
            u32::try_from(demand_ids.len()).map_err(|_| InputError::TooLarge("demand points"))?;
        let weight = weight.unwrap_or(1.0);
        total_weight += weight;
        if !total_weight.is_finite() {
            return Err(row.field_error(
                1,
                format!(
                    "the weights add up past the largest number ({:e}) with this row's {weight:e}: \
                     the total weight must be finite",
                    f64::MAX
                ),
                Some("scale the weights down (thousands of residents, say)".into()),
            ));
        }
        demand_index.insert(id.clone(), (index, row.line));
        demand_ids.push(id);
        weights.push(weight);
    }
    table.nonempty("demand points")?;

    // S.csv
    let mut site_ids = Vec::new();
    let mut costs = Vec::new();
    let mut existing = Vec::new();
    let mut site_index: HashMap<String, (u32, usize)> = HashMap::new();
    let mut total_cost = 0.0_f64;
    let mut table = Table::new(
        sites.0,
        sites.1,
        &["id", "cost", "existing"],
        &[true, false, false],
    );
    while let Some(row) = table.next_row()? {
        let id = row.id(0)?;
        let cost = row.number(1, Number::SiteCost)?.unwrap_or(1.0);
        let flag = row.flag(2)?.unwrap_or(false);
        if let Some(&(_, first)) = site_index.get(&id) {
            return Err(row.field_error(
                0,
                format!("duplicate id {id:?} (first on line {first})"),
                None,
            ));
        }
        let index =
            u32::try_from(site_ids.len()).map_err(|_| InputError::TooLarge("candidate sites"))?;
        total_cost += cost;
        if !total_cost.is_finite() {
            return Err(row.field_error(
                1,
                format!(
                    "the site costs add up past the largest number ({:e}) with this row's {cost:e}: \
                     the total cost must be finite",
                    f64::MAX
                ),
                Some("give costs in a larger unit".into()),
            ));
        }
        site_index.insert(id.clone(), (index, row.line));
        site_ids.push(id);
        costs.push(cost);
        existing.push(flag);
    }
    table.nonempty("candidate sites")?;

    // P.csv: only covering pairs are kept.
    let mut covering: Vec<(u32, u32)> = Vec::new();
    let mut table = Table::new(
        pairs.0,
        pairs.1,
        &["demand_id", "site_id", "cost"],
        &[true, true, true],
    );
    while let Some(row) = table.next_row()? {
        let i = row.reference(0, &demand_index, &demand_ids, "demand point", "D.csv")?;
        let j = row.reference(1, &site_index, &site_ids, "site", "S.csv")?;
        let cost = row.number(2, Number::PairCost)?.unwrap_or(f64::INFINITY);
        // `inf` never covers, not even under `max_cost = inf`.
        if cost.is_finite() && cost <= max_cost {
            covering.push((i, j));
        }
    }

    Ok(CostMatrix {
        demand_ids,
        weights,
        site_ids,
        costs,
        existing,
        covering,
        max_cost,
    })
}

/// Which number a field holds, for its checks and messages.
#[derive(Debug, Clone, Copy)]
enum Number {
    /// Demand weight: finite, non-negative.
    Weight,
    /// Site cost: finite, non-negative.
    SiteCost,
    /// Pair cost: non-negative, `inf` allowed.
    PairCost,
}

/// A CSV file read record by record, with its column positions.
struct Table<'a, R> {
    path: &'a Path,
    reader: csv::Reader<R>,
    record: csv::StringRecord,
    names: &'static [&'static str],
    required: &'a [bool],
    /// Position of each named column in a row, if present.
    columns: Vec<Option<usize>>,
    line: usize,
    started: bool,
    /// Whether the first row was a header.
    header: bool,
    /// Data rows read.
    rows: usize,
}

/// One parsed row.
struct Row<'a> {
    path: &'a Path,
    line: usize,
    fields: Vec<String>,
    names: &'static [&'static str],
    columns: &'a [Option<usize>],
}

impl<'a, R: Read> Table<'a, R> {
    fn new(
        path: &'a Path,
        reader: R,
        names: &'static [&'static str],
        required: &'a [bool],
    ) -> Self {
        Self {
            path,
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(reader),
            record: csv::StringRecord::new(),
            names,
            required,
            columns: (0..names.len()).map(Some).collect(),
            line: 0,
            started: false,
            header: false,
            rows: 0,
        }
    }

    /// That at least one data row was read (call at the end of the file): an empty
    /// file is named for what it lacks, not blamed later on a file referring to it.
    fn nonempty(&self, what: &'static str) -> Result<(), InputError> {
        if self.rows > 0 {
            return Ok(());
        }
        Err(InputError::Empty {
            path: self.path.to_owned(),
            what,
            header: self.header,
        })
    }

    /// The next non-blank record's fields (trimmed), or `None` at the end of the file.
    fn next_fields(&mut self) -> Result<Option<Vec<String>>, InputError> {
        loop {
            let more = self.reader.read_record(&mut self.record).map_err(|e| {
                let line = e.position().map_or(self.line + 1, |p| p.line() as usize);
                match e.into_kind() {
                    csv::ErrorKind::Io(source) => InputError::Read {
                        path: self.path.to_owned(),
                        source,
                    },
                    csv::ErrorKind::Utf8 { err, .. } => InputError::Row {
                        path: self.path.to_owned(),
                        line,
                        problem: format!("field {} is not UTF-8", err.field() + 1),
                    },
                    other => InputError::Row {
                        path: self.path.to_owned(),
                        line,
                        problem: format!("{other:?}"),
                    },
                }
            })?;
            if !more {
                return Ok(None);
            }
            self.line = self
                .record
                .position()
                .map_or(self.line + 1, |p| p.line() as usize);
            let mut fields: Vec<String> = self.record.iter().map(|f| f.trim().to_owned()).collect();
            if !self.started {
                if let Some(first) = fields.first_mut() {
                    if let Some(rest) = first.strip_prefix('\u{feff}') {
                        *first = rest.trim().to_owned();
                    }
                }
            }
            if fields.iter().all(String::is_empty) {
                continue;
            }
            return Ok(Some(fields));
        }
    }

    fn next_row(&mut self) -> Result<Option<Row<'_>>, InputError> {
        let mut fields = self.next_fields()?;
        if !self.started {
            self.started = true;
            if let Some(header) = &fields {
                let is_header = header.iter().any(|f| f.eq_ignore_ascii_case(self.names[0]));
                if is_header {
                    self.header = true;
                    self.columns = self
                        .names
                        .iter()
                        .map(|name| header.iter().position(|f| f.eq_ignore_ascii_case(name)))
                        .collect();
                    for (k, name) in self.names.iter().enumerate() {
                        if self.required[k] && self.columns[k].is_none() {
                            return Err(InputError::Row {
                                path: self.path.to_owned(),
                                line: self.line,
                                problem: format!(
                                    "the header has no `{name}` column (expected {})",
                                    self.names.join(",")
                                ),
                            });
                        }
                    }
                    fields = self.next_fields()?;
                }
            }
        }
        let Some(fields) = fields else {
            return Ok(None);
        };
        let needed = self
            .columns
            .iter()
            .zip(self.required)
            .filter(|(_, &r)| r)
            .filter_map(|(c, _)| *c)
            .max()
            .map_or(0, |c| c + 1);
        if fields.len() < needed {
            return Err(InputError::Row {
                path: self.path.to_owned(),
                line: self.line,
                problem: format!(
                    "expected at least {needed} fields ({}), got {}",
                    self.names.join(","),
                    fields.len()
                ),
            });
        }
        self.rows += 1;
        Ok(Some(Row {
            path: self.path,
            line: self.line,
            fields,
            names: self.names,
            columns: &self.columns,
        }))
    }
}

impl Row<'_> {
    fn field_error(&self, k: usize, problem: String, hint: Option<String>) -> InputError {
        InputError::Field {
            path: self.path.to_owned(),
            line: self.line,
            column: self.columns[k].map_or(0, |c| c + 1),
            name: self.names[k].to_owned(),
            problem,
            hint,
        }
    }

    /// The field for column `k`, if the file has that column and the cell is not empty.
    fn get(&self, k: usize) -> Option<&str> {
        self.columns[k]
            .and_then(|c| self.fields.get(c))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    fn id(&self, k: usize) -> Result<String, InputError> {
        self.get(k)
            .map(str::to_owned)
            .ok_or_else(|| self.field_error(k, "the id is empty".into(), None))
    }

    fn number(&self, k: usize, kind: Number) -> Result<Option<f64>, InputError> {
        let Some(text) = self.get(k) else {
            return match kind {
                Number::SiteCost => Ok(None),
                Number::Weight | Number::PairCost => {
                    Err(self.field_error(k, "the value is empty".into(), None))
                }
            };
        };
        let value: f64 = text
            .parse()
            .map_err(|_| self.field_error(k, format!("not a number (got {text:?})"), None))?;
        let what = match kind {
            Number::Weight => "weight",
            Number::SiteCost | Number::PairCost => "cost",
        };
        if value.is_nan() {
            return Err(self.field_error(k, format!("{what} is NaN (got {text:?})"), None));
        }
        if value < 0.0 {
            return Err(self.field_error(k, format!("{what} is negative (got {text})"), None));
        }
        if value.is_infinite() && !matches!(kind, Number::PairCost) {
            return Err(self.field_error(k, format!("{what} is infinite (got {text:?})"), None));
        }
        Ok(Some(value))
    }

    fn flag(&self, k: usize) -> Result<Option<bool>, InputError> {
        let Some(text) = self.get(k) else {
            return Ok(None);
        };
        match text.to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" => Ok(Some(true)),
            "false" | "f" | "no" | "n" | "0" => Ok(Some(false)),
            _ => Err(self.field_error(
                k,
                format!("not a yes/no value (got {text:?})"),
                Some("use true or false".into()),
            )),
        }
    }

    fn reference(
        &self,
        k: usize,
        index: &HashMap<String, (u32, usize)>,
        ids: &[String],
        what: &str,
        file: &str,
    ) -> Result<u32, InputError> {
        let id = self.id(k)?;
        match index.get(&id) {
            Some(&(i, _)) => Ok(i),
            None => {
                let hint = crate::error::did_you_mean(&id, ids.iter().map(String::as_str))
                    .map(|near| format!("did you mean {near:?}?"));
                Err(self.field_error(k, format!("unknown {what} id {id:?} (not in {file})"), hint))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(d: &str, s: &str, p: &str, t: f64) -> Result<CostMatrix, InputError> {
        from_readers(
            (Path::new("D.csv"), d.as_bytes()),
            (Path::new("S.csv"), s.as_bytes()),
            (Path::new("P.csv"), p.as_bytes()),
            t,
        )
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let m = read(
            "\"b,c\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n d ,4\n",
            "x\n",
            "",
            1.0,
        )
        .unwrap();

        assert_eq!(m.demand_ids, vec!["b,c", r#"say "hi""#, "two\nlines", "d"]);
        assert_eq!(m.weights, vec![1.0, 2.0, 3.0, 4.0]);
    }

    /// Regression: a quoted line break was reported as an unclosed quote; and the
    /// line of an error after it still counts from the record's start.
    #[test]
    fn an_error_after_a_quoted_line_break_names_the_right_line() {
        let err = read("\"a\nb\",1\nc,-2\n", "x\n", "", 1.0).unwrap_err();

        assert!(
            err.to_string().starts_with("D.csv:3: column 2 (`weight`)"),
            "{err}"
        );
    }

    #[test]
    fn header_columns_may_come_in_any_order_and_optional_ones_default() {
        let m = read(
            "weight,id\n5,a\n7,b\n",
            "id\nx\ny\n",
            "site_id,demand_id,cost\nx,a,3\ny,b,9\n",
            5.0,
        )
        .unwrap();

        assert_eq!(m.demand_ids, vec!["a", "b"]);
        assert_eq!(m.weights, vec![5.0, 7.0]);
        assert_eq!(m.costs, vec![1.0, 1.0]);
        assert!(!m.existing[0]);
        // x covers a at 3 ≤ 5; y would cover b at 9 > 5: not a covering pair.
        assert_eq!(m.covering, vec![(0, 0)]);
    }

    #[test]
    fn files_without_header_are_read_by_position() {
        let m = read("a,5\n", "x,2,true\n", "a,x,1\n", 1.0).unwrap();

        assert_eq!(m.costs, vec![2.0]);
        assert!(m.existing[0]);
    }

    #[test]
    fn negative_weight_names_file_line_and_column() {
        let err = read("id,weight\na,1\nb,-3\n", "id\nx\n", "", 1.0).unwrap_err();

        assert_eq!(
            err.to_string(),
            "D.csv:3: column 2 (`weight`): weight is negative (got -3)"
        );
    }

    #[test]
    fn nan_and_text_weights_are_errors() {
        let nan = read("a,NaN\n", "x\n", "", 1.0).unwrap_err();
        let text = read("a,lots\n", "x\n", "", 1.0).unwrap_err();

        assert!(nan.to_string().contains("weight is NaN"));
        assert!(text.to_string().contains("not a number (got \"lots\")"));
    }

    #[test]
    fn duplicate_site_id_points_to_the_first() {
        let err = read("a,1\n", "id,cost\nx,1\ny,1\nx,2\n", "", 1.0).unwrap_err();

        assert_eq!(
            err.to_string(),
            "S.csv:4: column 1 (`id`): duplicate id \"x\" (first on line 2)"
        );
    }

    #[test]
    fn unknown_site_in_pairs_suggests_a_near_id() {
        let err = read("a,1\n", "store_1\n", "a,store_l,3\n", 5.0).unwrap_err();

        assert_eq!(
            err.to_string(),
            "P.csv:1: column 2 (`site_id`): unknown site id \"store_l\" (not in S.csv)"
        );
        assert_eq!(err.hint(), Some("did you mean \"store_1\"?"));
    }

    #[test]
    fn short_row_and_unclosed_quote_are_row_errors() {
        let short = read("a\n", "x\n", "", 1.0).unwrap_err();
        // An unclosed quote runs to the end of the file: one field, a short row.
        let quote = read("\"a,1\n", "x\n", "", 1.0).unwrap_err();

        assert!(short
            .to_string()
            .starts_with("D.csv:1: expected at least 2 fields"));
        assert!(
            quote
                .to_string()
                .starts_with("D.csv:1: expected at least 2 fields"),
            "{quote}"
        );
    }

    /// Regression: a FIFO as an input CSV blocked `optimize` forever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_as_an_input_csv_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("D.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("*** NOT RUN: mkfifo is not available here ***");
            return;
        }
        std::fs::write(dir.path().join("S.csv"), "x\n").unwrap();
        std::fs::write(dir.path().join("P.csv"), "").unwrap();

        let err = load(
            &fifo,
            &dir.path().join("S.csv"),
            &dir.path().join("P.csv"),
            1.0,
        )
        .unwrap_err();

        assert!(
            matches!(err, InputError::Read { ref path, .. } if path == &fifo),
            "{err}"
        );
    }

    #[test]
    fn infinite_pair_cost_never_covers() {
        let m = read("a,1\n", "x\n", "a,x,inf\n", 1e300).unwrap();

        assert!(m.covering.is_empty());
    }

    #[test]
    fn infinite_pair_cost_never_covers_even_under_an_infinite_standard() {
        let m = read("a,1\nb,1\n", "x\n", "a,x,inf\nb,x,1e300\n", f64::INFINITY).unwrap();

        assert_eq!(m.covering, vec![(1, 0)]);
    }

    #[test]
    fn empty_demand_and_site_files_are_named_for_what_they_lack() {
        let d = read("id,weight\n", "x\n", "a,x,1\n", 1.0).unwrap_err();
        let s = read("a,1\n", "", "a,x,1\n", 1.0).unwrap_err();

        assert_eq!(
            d.to_string(),
            "`D.csv` has no demand points: only a header row"
        );
        assert_eq!(s.to_string(), "`S.csv` has no candidate sites: no rows");
    }

    #[test]
    fn bom_crlf_and_blank_lines_are_tolerated() {
        let m = read(
            "\u{feff}id,weight\r\n\r\na,2\r\n",
            "x\r\n",
            "a,x,0\r\n",
            0.0,
        )
        .unwrap();

        assert_eq!(m.demand_ids, vec!["a"]);
        assert_eq!(m.covering, vec![(0, 0)]);
    }
}
