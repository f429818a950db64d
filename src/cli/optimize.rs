//! `isleplan optimize`: the cost-matrix entry point on the command line.
//!
//! Owns the subcommand's arguments, the shape of `result.json` and writing it
//! atomically; leaves reading the CSV files to [`csv`] and solving to
//! [`propose_with_limits`].
//!
//! `result.json` holds exactly `model`, `objective`, `selected` (open site ids, existing
//! ones included, sorted by byte order), `covered_weight`, `total_weight`,
//! `covered_count`, `optimal`, `bound`, `method`, `gap`, `uncoverable_count`, `nodes`
//! (branch-and-bound nodes processed), `limit_reached` (`null`, `"time"` or
//! `"nodes"`) and `solver` (the MIP solver of this build: `"microlp"`, or `"highs"`
//! with the cargo feature `highs`), in that order. Nothing in it depends on timing unless the time limit
//! stops the search (`limit_reached: "time"`): two runs that finish, or that stop at
//! the same `--node-limit`, write the same bytes on any machine and thread count.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::io::costs::{self as csv, CostMatrix, InputError};
use crate::optimise::{
    propose_with_limits, CoverProblem, Layout, LimitReached, Model, ProblemError, SearchLimits,
    SolveOptions, Strategy, MIP_SOLVER,
};

/// Which model `isleplan optimize` solves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelArg {
    /// Fewest (cheapest) new sites covering every coverable demand point.
    Lscp,
    /// `--p` new sites maximising the covered weight.
    Mclp,
}

/// Arguments of `isleplan optimize`.
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct OptimizeArgs {
    /// Model to solve.
    #[arg(long, value_enum)]
    pub model: ModelArg,
    /// Demand points: `id,weight`.
    #[arg(long, value_name = "D.csv")]
    pub demand: PathBuf,
    /// Candidate sites: `id[,cost][,existing]` (cost 1 and not existing by default).
    #[arg(long, value_name = "S.csv")]
    pub sites: PathBuf,
    /// Demand-site costs: `demand_id,site_id,cost`; a pair covers when cost <= T.
    #[arg(long, value_name = "P.csv")]
    pub pairs: PathBuf,
    /// Service standard T, in the unit of the pair costs (`inf`: every pair of finite
    /// cost covers; an `inf` pair never covers).
    #[arg(long, value_name = "T")]
    pub max_cost: f64,
    /// New sites to open (MCLP), in addition to the existing ones.
    #[arg(long, value_name = "N", required_if_eq("model", "mclp"))]
    pub p: Option<usize>,
    /// Time limit for the exact search, in seconds: at the limit the best layout found
    /// so far is written with `optimal: false`, the proven `bound`, the `gap` and
    /// `limit_reached: "time"`. Where the search stops then depends on the machine's
    /// speed and load. At most 1e9 (about 31 years).
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub time_limit: f64,
    /// Branch-and-bound nodes at most (LSCP): at the limit the best layout, bound and
    /// gap so far are written with `limit_reached: "nodes"`. Unlike the time limit this
    /// stops at the same place on every machine, so the result is reproducible.
    #[arg(long, value_name = "N")]
    pub node_limit: Option<u64>,
    /// Skip the exact solver: greedy and local search only, with a bound.
    #[arg(long)]
    pub heuristic: bool,
    /// Where to write the result JSON (atomically); standard output if not given.
    #[arg(long, value_name = "result.json")]
    pub out: Option<PathBuf>,
}

/// The largest `--time-limit`, seconds (about 31 years): larger values are refused, not
/// clamped, as a `Duration` cannot hold every `f64` (1e20 s would panic converting).
pub const MAX_TIME_LIMIT_S: f64 = 1e9;

/// `result.json`, field order fixed.
#[derive(Debug, Serialize)]
struct ResultJson<'a> {
    model: &'static str,
    objective: f64,
    selected: Vec<&'a str>,
    covered_weight: f64,
    total_weight: f64,
    covered_count: usize,
    optimal: bool,
    bound: f64,
    method: &'static str,
    gap: f64,
    uncoverable_count: usize,
    nodes: u64,
    limit_reached: Option<LimitReached>,
    solver: &'static str,
}

/// Reads the files, solves, and writes `result.json` (or prints it).
///
/// Errors name the file, line and column of a bad row (as [`Error::Config`] with the
/// path `FILE:LINE`), or the file that could not be read or written.
pub fn run(args: &OptimizeArgs) -> Result<(), Error> {
    if let Some(out) = &args.out {
        refuse_an_input_as_out(out, &[&args.demand, &args.sites, &args.pairs])?;
    }
    let json = result_json(args)?;
    match &args.out {
        Some(path) => crate::output::staged::write_file(path, json.as_bytes()).map_err(|source| {
            Error::Write {
                path: path.clone(),
                source,
            }
        }),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(json.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| Error::Write {
                    path: PathBuf::from("<stdout>"),
                    source,
                })
        }
    }
}

/// Refuses an `--out` that is one of the `inputs` — the same file by device and
/// inode, so a link or a hard link to an input is refused too (writing the result
/// would replace what the run reads).
fn refuse_an_input_as_out(out: &Path, inputs: &[&Path]) -> Result<(), Error> {
    match inputs
        .iter()
        .find(|input| crate::output::staged::same_file(out, input))
    {
        Some(input) => Err(Error::Config {
            path: PathBuf::from("--out"),
            problem: format!(
                "`{}` is an input of this run (`{}`): the result would replace it",
                out.display(),
                input.display()
            ),
            hint: Some("write the result to another file".into()),
        }),
        None => Ok(()),
    }
}

/// The text of `result.json` for `args` (pretty-printed, ending in a newline).
pub fn result_json(args: &OptimizeArgs) -> Result<String, Error> {
    let model = match (args.model, args.p) {
        (ModelArg::Lscp, _) => Model::Lscp,
        (ModelArg::Mclp, Some(p)) => Model::Mclp { p },
        (ModelArg::Mclp, None) => {
            return Err(Error::Config {
                path: PathBuf::from("--p"),
                problem: "the mclp model needs the number of new sites".into(),
                hint: Some("add --p N".into()),
            })
        }
    };
    if !(args.time_limit.is_finite() && args.time_limit >= 0.0) {
        return Err(Error::Config {
            path: PathBuf::from("--time-limit"),
            problem: format!("invalid time limit (got {})", args.time_limit),
            hint: Some("give a number of seconds, 0 or more".into()),
        });
    }
    if args.time_limit > MAX_TIME_LIMIT_S {
        return Err(Error::Config {
            path: PathBuf::from("--time-limit"),
            problem: format!(
                "time limit too large (got {:e} s; at most {MAX_TIME_LIMIT_S:e} s, about 31 years)",
                args.time_limit
            ),
            hint: Some(format!(
                "give a number of seconds from 0 to {MAX_TIME_LIMIT_S:e}; that long is no limit in practice"
            )),
        });
    }
    let matrix = csv::load(&args.demand, &args.sites, &args.pairs, args.max_cost)
        .map_err(|e| input_error(e, &args.demand))?;
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(args.time_limit),
        strategy: if args.heuristic {
            Strategy::Heuristic
        } else {
            Strategy::Exact
        },
    };
    let (problem, site_ids) = cover_problem(matrix, &args.demand)?;
    let limits = SearchLimits {
        nodes: args.node_limit,
    };
    let layout = propose_with_limits(&problem, model, &options, limits);
    Ok(render(&layout, &site_ids))
}

/// The cover problem the three files describe, with the site ids by site index;
/// `demand` names the file blamed for a problem no single field shows.
pub fn cover_problem(
    matrix: CostMatrix,
    demand: &Path,
) -> Result<(CoverProblem, Vec<String>), Error> {
    let problem = CoverProblem::from_pairs(
        matrix.weights,
        matrix.costs,
        matrix.existing,
        matrix.covering.into_iter().map(|(i, j)| (i, j, 0.0)),
        matrix.max_cost,
    )
    .map_err(|problem| match problem {
        ProblemError::BadMaxCost(_) => Error::Config {
            path: PathBuf::from("--max-cost"),
            problem: problem.to_string(),
            hint: None,
        },
        _ => Error::Config {
            path: demand.to_owned(),
            problem: problem.to_string(),
            hint: None,
        },
    })?;
    Ok((problem, matrix.site_ids))
}

fn render(layout: &Layout, site_ids: &[String]) -> String {
    let mut selected: Vec<&str> = layout
        .selected
        .iter()
        .map(|&j| site_ids[j as usize].as_str())
        .collect();
    selected.sort_unstable();
    let json = ResultJson {
        model: layout.model.name(),
        objective: layout.objective,
        selected,
        covered_weight: layout.covered_weight,
        total_weight: layout.total_weight,
        covered_count: layout.covered_count,
        optimal: layout.optimal,
        bound: layout.bound,
        method: layout.method.name(),
        gap: layout.gap,
        uncoverable_count: layout.uncoverable_count,
        nodes: layout.nodes,
        limit_reached: layout.limit_reached,
        solver: MIP_SOLVER,
    };
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    text
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Self {
        input_error(error, Path::new("<input>"))
    }
}

fn input_error(error: InputError, any_file: &Path) -> Error {
    match error {
        InputError::Read { path, source } => Error::Read { path, source },
        InputError::Field {
            path,
            line,
            column,
            name,
            problem,
            hint,
        } => Error::Config {
            path: PathBuf::from(format!("{}:{line}", path.display())),
            problem: format!("column {column} (`{name}`): {problem}"),
            hint,
        },
        InputError::Row {
            path,
            line,
            problem,
        } => Error::Config {
            path: PathBuf::from(format!("{}:{line}", path.display())),
            problem,
            hint: None,
        },
        e @ InputError::BadMaxCost(_) => Error::Config {
            path: PathBuf::from("--max-cost"),
            problem: e.to_string(),
            hint: None,
        },
        InputError::Empty { path, what, header } => Error::Config {
            problem: format!(
                "no {what}: the file has {}",
                if header {
                    "only a header row"
                } else {
                    "no rows"
                }
            ),
            hint: Some(format!(
                "`{}` needs one row per {}",
                path.display(),
                what.trim_end_matches('s')
            )),
            path,
        },
        e @ InputError::TooLarge(_) => Error::Config {
            path: any_file.to_owned(),
            problem: e.to_string(),
            hint: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &Path) -> OptimizeArgs {
        OptimizeArgs {
            model: ModelArg::Mclp,
            demand: dir.join("D.csv"),
            sites: dir.join("S.csv"),
            pairs: dir.join("P.csv"),
            max_cost: 10.0,
            p: Some(1),
            time_limit: 10.0,
            node_limit: None,
            heuristic: false,
            out: Some(dir.join("result.json")),
        }
    }

    fn write_inputs(dir: &Path) {
        fs_err::write(dir.join("D.csv"), "id,weight\na,5\nb,2\nc,1\n").unwrap();
        fs_err::write(
            dir.join("S.csv"),
            "id,cost,existing\ny,1,false\nx,1,false\n",
        )
        .unwrap();
        fs_err::write(
            dir.join("P.csv"),
            "demand_id,site_id,cost\na,x,3\nb,x,20\nb,y,1\nc,y,2\n",
        )
        .unwrap();
    }

    #[test]
    fn run_writes_the_documented_fields_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        write_inputs(dir.path());

        run(&args(dir.path())).unwrap();

        let text = fs_err::read_to_string(dir.path().join("result.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "model",
                "objective",
                "selected",
                "covered_weight",
                "total_weight",
                "covered_count",
                "optimal",
                "bound",
                "method",
                "gap",
                "uncoverable_count",
                "nodes",
                "limit_reached",
                "solver"
            ]
        );
        assert_eq!(value["selected"], serde_json::json!(["x"]));
        assert_eq!(value["objective"], serde_json::json!(5.0));
        assert_eq!(fs_err::read_dir(dir.path()).unwrap().count(), 4);
    }

    #[test]
    fn mclp_without_p_is_a_config_error() {
        let dir = tempfile::tempdir().unwrap();
        write_inputs(dir.path());
        let mut a = args(dir.path());
        a.p = None;

        let err = run(&a).unwrap_err();

        assert_eq!(
            err.to_string(),
            "`--p`: the mclp model needs the number of new sites"
        );
    }

    #[test]
    fn nan_service_standard_is_reported_against_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        write_inputs(dir.path());
        let mut a = args(dir.path());
        a.max_cost = f64::NAN;

        let err = run(&a).unwrap_err();

        assert_eq!(
            err.to_string(),
            "`--max-cost`: invalid maximum cost (got NaN): it must be a non-negative number"
        );
    }

    #[test]
    fn missing_file_is_a_read_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();

        let err = run(&args(dir.path())).unwrap_err();

        assert!(matches!(err, Error::Read { ref path, .. } if path.ends_with("D.csv")));
    }
}
