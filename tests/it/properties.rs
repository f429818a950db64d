//! Properties on seeded random archipelagos and on the fixture.

use isleplan::model::World;
use isleplan::network::travel::{nearest, serving, Reach};
use isleplan::network::Network;
use isleplan::pipeline;
use isleplan::projection::LocalProjection;
use isleplan::rules::RuleKind;

use crate::rng::Rng;
use crate::support::{facility, fixture, random_world, settings};

fn minutes(r: &Reach) -> f64 {
    r.minutes().unwrap_or(f64::INFINITY)
}

fn clinic_minutes(w: &World, proj: &LocalProjection) -> Vec<Reach> {
    let settings = settings();
    let net = Network::build(w, proj, &settings, settings.default());
    nearest(&net, &serving(w, &["clinic".to_owned()]))
}

#[test]
fn adding_a_facility_never_increases_anyones_minutes() {
    let mut rng = Rng::new(7);
    let mut improved = 0;
    for case in 0..300 {
        let mut w = random_world(&mut rng, 30);
        let proj = LocalProjection::for_points(w.islands.iter().map(|i| i.point));
        let before = clinic_minutes(&w, &proj);
        let i = rng.below(w.islands.len());
        let c = w.islands[i].point;
        let at = geo::Coord {
            x: c.x + 0.02 * (rng.unit() - 0.5),
            y: c.y + 0.02 * (rng.unit() - 0.5),
        };

        w.facilities.push(facility("zz-new", "clinic", i, at));
        w.sort();
        let after = clinic_minutes(&w, &proj);

        for (s, (b, a)) in before.iter().zip(&after).enumerate() {
            assert!(
                minutes(a) <= minutes(b) + 1e-9,
                "case {case}, settlement {s}: {b:?} became {a:?}"
            );
            if minutes(a) < minutes(b) {
                improved += 1;
            }
        }
    }
    assert!(
        improved > 50,
        "the property was barely exercised ({improved})"
    );
}

#[test]
fn a_larger_threshold_never_covers_fewer_people() {
    let base = pipeline::run(&fixture("archipelago").join("scenario.toml")).unwrap();
    let mut last_pop = 0;
    let mut last_area = 0.0;
    for minutes in [1.0, 3.0, 10.0, 15.0, 30.0, 50.0, 57.0, 60.0, 120.0, 1000.0] {
        let mut policy = base.policy.clone();
        for rule in &mut policy.rules {
            if let RuleKind::Access { minutes: m, .. } = &mut rule.kind {
                *m = minutes;
            }
        }

        let o = pipeline::assess(
            base.scenario.clone(),
            policy,
            base.dataset.clone(),
            base.moves.clone(),
        );

        let fig = o
            .coverage
            .rules
            .iter()
            .find(|r| r.id == "health-15min")
            .unwrap();
        assert!(
            fig.population_met >= last_pop,
            "{minutes} min covers {} < {last_pop}",
            fig.population_met
        );
        last_pop = fig.population_met;
        let area: f64 = o
            .service_areas
            .iter()
            .filter(|a| a.rules.contains(&"health-15min".to_owned()))
            .map(|a| a.area_km2)
            .sum();
        assert!(
            area >= last_area - 1e-6,
            "{minutes} min: area {area} < {last_area}"
        );
        last_area = area;
    }
    // Everyone but the cut-off islet (100 residents) is covered in the end.
    assert_eq!(last_pop, 9000);
}
