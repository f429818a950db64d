//! Band rules: subjects in a population band must have a facility of a tier (or
//! better) of a family, on the same island or in the same village; villages of
//! several settlements (by their shared code) are judged as one.

use serde::Deserialize;

use crate::error::Result;

use super::parse::Check;
use super::{Context, Finding, Kind, Status, Subject, SubjectRef};

/// One population band: `min`..=`max` residents, as the plan writes its ranges
/// ("100—500人" holds both 100 and 500), and what it requires.
///
/// Neighbouring bands may share an edge, as the plan's ranges do (500 is in both
/// "100—500" and "500—1000"): a population on a shared edge goes to the stricter
/// requirement of the two ([`Band::pick`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest population in the band (inclusive).
    pub min: u64,
    /// Highest population in the band (inclusive); none for the last band.
    pub max: Option<u64>,
    /// The facility kind required (a tier of the family), or `"none"`.
    pub require: String,
    /// The clause for this band, when narrower than the rule's.
    pub clause: Option<String>,
    /// A note shown with findings in this band.
    pub note: Option<String>,
}

impl Band {
    /// The band as text: `100–500`, `1000+`.
    pub fn label(&self) -> String {
        match self.max {
            Some(max) => format!("{}–{}", self.min, max),
            None => format!("{}+", self.min),
        }
    }

    /// Whether the band's range holds `population` (edges included).
    pub fn contains(&self, population: u64) -> bool {
        population >= self.min && self.max.is_none_or(|m| population <= m)
    }

    /// The band a population falls in: among the bands holding it (two on a shared
    /// edge), the one with the stricter requirement (`tier` of its kind; `"none"` is
    /// the least strict), and on a tie the band above.
    ///
    /// # Panics
    /// When no band holds `population`: rules are checked when loaded to
    /// cover every population before they are used.
    pub fn pick(bands: &[Band], population: u64, tier: impl Fn(&str) -> Option<usize>) -> usize {
        let strictness = |b: &Band| match b.require.as_str() {
            "none" => 0,
            kind => tier(kind).map_or(0, |t| t + 1),
        };
        bands
            .iter()
            .enumerate()
            .filter(|(_, b)| b.contains(population))
            .max_by_key(|&(i, b)| (strictness(b), i))
            .map(|(i, _)| i)
            .expect("bands are checked to cover every population")
    }
}

/// A band rule's parameters, borrowed from [`RuleKind::Band`](super::RuleKind::Band).
pub(super) struct BandRule<'a> {
    /// Islands, villages, communities or any settlement.
    pub(super) subject: Subject,
    /// The service family whose tiers the bands name.
    pub(super) family: &'a str,
    /// Population bands, contiguous from 0, in increasing order.
    pub(super) bands: &'a [Band],
}

impl<'a> Kind<'a> for BandRule<'a> {
    fn name(&self) -> &'static str {
        "band"
    }

    /// The family, the bands' cover ([`check_bands`]), and each band's requirement.
    fn check(&self, c: &Check<'_>) -> Result<()> {
        c.family(self.family)?;
        if self.subject == Subject::Unit {
            return Err(c.rule_error(
                Some("subject"),
                "`unit` counts villages and communities for share rules; a band rule takes island, village, community or settlement",
            ));
        }
        check_bands(self.bands).map_err(|p| c.rule_error(None, p))?;
        for b in self.bands {
            c.tier(self.family, &b.require, "band requirement")?;
        }
        Ok(())
    }

    /// One finding per island, or per settlement and village.
    fn most(&self, cx: &Context<'_>) -> usize {
        cx.world.settlements.len() + cx.world.islands.len()
    }

    /// Each subject's band, and the best tier of the family serving it: on the
    /// island for islands, else the settlement's own facilities (summed over the
    /// parts of a village of several settlements).
    fn evaluate(&self, cx: &Context<'_>, r: usize, out: &mut Vec<Finding>) {
        let (policy, world) = (cx.policy, cx.world);
        let (subject, family, bands) = (self.subject, self.family, self.bands);
        let best = |facilities: &mut dyn Iterator<Item = usize>| -> Option<usize> {
            facilities
                .filter(|&f| world.facilities[f].status.serves())
                .filter_map(|f| policy.tier(family, &world.facilities[f].kind))
                .max()
        };
        let mut judge = |subject_ref: SubjectRef, population: u64, best_tier: Option<usize>| {
            let b = Band::pick(bands, population, |k| policy.tier(family, k));
            let required = (bands[b].require != "none").then(|| cx.name(&bands[b].require));
            let need = required.as_deref().and_then(|k| policy.tier(family, k));
            let status = match need {
                None => Status::Exempt,
                Some(need) if best_tier.is_none_or(|t| t < need) => Status::Gap,
                Some(_) => Status::Met,
            };
            out.push(Finding {
                band: Some(b),
                required,
                found: best_tier.map(|t| cx.name(&policy.families[family][t])),
                ..Finding::of(r, subject_ref, population, status)
            });
        };
        if subject == Subject::Island {
            for (i, island) in world.islands.iter().enumerate() {
                let tier = best(&mut cx.on_island[i].iter().copied());
                judge(SubjectRef::Island(i), island.population, tier);
            }
        } else {
            // Administrative villages: a settlement alone, or the parts of a
            // village over several settlements summed into one subject.
            for (s, settlement) in world.settlements.iter().enumerate() {
                if !subject.takes(settlement.kind) || cx.village_of[s].is_some() {
                    continue;
                }
                let tier = best(&mut cx.serving[s].iter().copied());
                judge(SubjectRef::Settlement(s), settlement.population, tier);
            }
            for (v, village) in cx.villages.iter().enumerate() {
                if !village
                    .parts
                    .iter()
                    .any(|&s| subject.takes(world.settlements[s].kind))
                {
                    continue;
                }
                let tier = best(
                    &mut village
                        .parts
                        .iter()
                        .flat_map(|&s| cx.serving[s].iter().copied()),
                );
                judge(SubjectRef::Village(v), village.population, tier);
            }
        }
    }
}

/// Bands must start at 0, follow each other without gaps, overlap at most on a shared
/// edge (one population, as the plan's "100—500" and "500—1000" share 500), and end
/// open.
fn check_bands(bands: &[Band]) -> std::result::Result<(), String> {
    let Some(first) = bands.first() else {
        return Err("a band rule needs at least one band".into());
    };
    if first.min != 0 {
        return Err(format!(
            "the first band starts at {}, not 0: populations below it fall in no band",
            first.min
        ));
    }
    for (i, b) in bands.iter().enumerate() {
        match (b.max, bands.get(i + 1)) {
            (Some(max), _) if max < b.min => {
                return Err(format!(
                    "band {} is empty: max {max} is below min {}",
                    i, b.min
                ));
            }
            (Some(max), Some(next)) if next.min < max => {
                return Err(format!(
                    "bands overlap: band {i} ({}) and band {} ({}) both hold {}–{max}; neighbouring bands may share one edge only",
                    b.label(),
                    i + 1,
                    next.label(),
                    next.min
                ));
            }
            (Some(max), Some(next)) if next.min > max + 1 => {
                return Err(format!(
                    "bands leave a gap: populations {}–{} fall in no band",
                    max + 1,
                    next.min - 1
                ));
            }
            (Some(max), None) => {
                return Err(format!(
                    "the last band ends at {max}: populations above {max} fall in no band"
                ));
            }
            (None, Some(_)) => {
                return Err(format!("band {i} has no max but is not the last band"));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(min: u64, max: Option<u64>) -> Band {
        Band {
            min,
            max,
            require: "none".into(),
            clause: None,
            note: None,
        }
    }

    #[test]
    fn bands_sharing_an_edge_or_adjacent_pass() {
        let shared = [band(0, Some(100)), band(100, Some(500)), band(500, None)];
        let adjacent = [band(0, Some(99)), band(100, Some(499)), band(500, None)];

        assert_eq!(check_bands(&shared), Ok(()));
        assert_eq!(check_bands(&adjacent), Ok(()));
    }

    #[test]
    fn overlapping_bands_name_the_overlap() {
        let bands = [band(0, Some(100)), band(99, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(
            err.contains("overlap") && err.contains("0–100") && err.contains("99–100"),
            "{err}"
        );
    }

    #[test]
    fn gapped_bands_name_the_gap() {
        let bands = [band(0, Some(100)), band(120, None)];

        let err = check_bands(&bands).unwrap_err();

        assert!(err.contains("gap") && err.contains("101–119"), "{err}");
    }

    #[test]
    fn bands_must_start_at_zero_and_end_open() {
        assert!(check_bands(&[band(1, None)])
            .unwrap_err()
            .contains("starts at 1"));
        assert!(check_bands(&[band(0, Some(10))])
            .unwrap_err()
            .contains("last band"));
    }

    #[test]
    fn band_edges_are_inclusive() {
        let b = band(100, Some(500));

        assert!(!b.contains(99));
        assert!(b.contains(100));
        assert!(b.contains(500));
        assert!(!b.contains(501));
    }

    /// The plan's island bands (二(二)5c–e): "100人以下" none, "100—500人" a village
    /// clinic, "500—1000人" a sub-centre, "1000人以上" nothing of this clause. Each
    /// shared edge goes to the stricter requirement.
    #[test]
    fn a_shared_edge_goes_to_the_stricter_band() {
        let req = |min: u64, max: Option<u64>, require: &str| Band {
            require: require.into(),
            ..band(min, max)
        };
        let bands = [
            req(0, Some(100), "none"),
            req(100, Some(500), "village_clinic"),
            req(500, Some(1000), "sub_centre"),
            req(1000, None, "none"),
        ];
        let tier = |k: &str| {
            ["village_clinic", "sub_centre"]
                .iter()
                .position(|x| *x == k)
        };
        let cases = [
            (99, "none"),
            (100, "village_clinic"),
            (499, "village_clinic"),
            (500, "sub_centre"),
            (999, "sub_centre"),
            (1000, "sub_centre"),
            (1001, "none"),
        ];

        for (population, want) in cases {
            let b = Band::pick(&bands, population, tier);
            assert_eq!(bands[b].require, want, "island of {population}");
        }
        // Equal strictness on an edge: the band above.
        assert_eq!(Band::pick(&bands, 1000, |_| None), 3);
    }
}
