//! The OR-Library set-covering format (Beasley), read as an LSCP: the benchmark
//! instances of `benches/orlib.py` and the optimiser's tests.
//!
//! Owns parsing the format into a [`CoverProblem`]; leaves solving to the rest of
//! `optimise`. Like the rest of `optimise` it imports nothing else of the crate.
//!
//! The format: the number of rows and columns, one cost per column, then for each row
//! the number of columns covering it followed by those columns (1-based). Rows become
//! demand points of weight 1, columns candidate sites with their cost.

use std::path::Path;

use super::CoverProblem;

/// Parses an OR-Library set-covering instance; `name` labels the errors.
///
/// # Errors
/// A message naming `name` and what was expected where the text is not a whole
/// number, ends early, or names a column outside the instance.
pub fn parse(text: &str, name: &str) -> Result<CoverProblem, String> {
    let mut numbers = text.split_ascii_whitespace().map(|t| {
        t.parse::<u64>()
            .map_err(|e| format!("{name}: `{t}` is not a whole number: {e}"))
    });
    let mut next = |what: &str| -> Result<u64, String> {
        numbers
            .next()
            .ok_or_else(|| format!("{name}: the file ends before {what}"))?
    };
    let rows = next("the number of rows")? as usize;
    let columns = next("the number of columns")? as usize;
    let mut costs = Vec::with_capacity(columns);
    for j in 0..columns {
        costs.push(next(&format!("the cost of column {}", j + 1))? as f64);
    }
    let mut sets: Vec<Vec<u32>> = vec![Vec::new(); columns];
    for i in 0..rows {
        let count = next(&format!("row {}'s column count", i + 1))?;
        for _ in 0..count {
            let j = next(&format!("row {}'s columns", i + 1))? as usize;
            if j == 0 || j > columns {
                return Err(format!(
                    "{name}: row {} names column {j}, outside 1..={columns}",
                    i + 1
                ));
            }
            sets[j - 1].push(i as u32);
        }
    }
    CoverProblem::from_coverage_sets(vec![1.0; rows], costs, vec![false; columns], &sets)
        .map_err(|e| format!("{name}: {e}"))
}

/// Reads and parses an OR-Library set-covering file.
///
/// # Errors
/// The file cannot be read, or [`parse`] refuses it.
pub fn load(path: &Path) -> Result<CoverProblem, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    parse(&text, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_demand_and_columns_sites_with_their_costs() {
        // 2 rows, 3 columns costing 4, 5, 6; row 1 covered by columns 1 and 3, row 2
        // by column 2.
        let problem = parse("2 3\n4 5 6\n2 1 3\n1 2\n", "t").unwrap();

        assert_eq!((problem.n_demand(), problem.n_sites()), (2, 3));
        assert_eq!(problem.cost(2), 6.0);
        assert_eq!(problem.covers(0), &[0]);
        assert_eq!(problem.covers(1), &[1]);
        assert_eq!(problem.covers(2), &[0]);
    }

    #[test]
    fn a_column_outside_the_instance_or_an_early_end_is_an_error_naming_it() {
        let outside = parse("1 2\n1 1\n1 3\n", "t").unwrap_err();
        let early = parse("2 2\n1 1\n1 1\n", "t").unwrap_err();

        assert_eq!(outside, "t: row 1 names column 3, outside 1..=2");
        assert_eq!(early, "t: the file ends before row 2's column count");
    }
}
