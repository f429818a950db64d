//! The district as plain data: islands, settlements, facilities and links.
//!
//! Coordinates here are lon/lat on WGS84, exactly as read. Projection to metres is
//! `project`'s job, and validation is `io::read`'s: a value of these types is always
//! a valid, accepted feature.

use std::fmt;

use geo::{Coord, MultiPolygon};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the data.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, " {:?}"), self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Id of an island (`islands.geojson`).
    IslandId,
    "island"
);
id_type!(
    /// Id of a settlement: a village, community or area (`settlements.geojson`).
    SettlementId,
    "settlement"
);
id_type!(
    /// Id of a facility (`facilities.geojson`).
    FacilityId,
    "facility"
);
id_type!(
    /// Id of a ferry or bridge link (`ferries.geojson`).
    LinkId,
    "link"
);

/// An island: the subject of the plan's island bands and consolidation rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Island {
    /// Stable id.
    pub id: IslandId,
    /// Name in Latin script.
    pub name: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Town or street (乡镇/街道) the island belongs to.
    pub town: String,
    /// Resident population (常住人口).
    pub population: u64,
    /// Outline (lon/lat, WGS84), when the dataset has one.
    pub outline: Option<MultiPolygon<f64>>,
    /// Representative point (lon/lat): the given point, or an interior point of the outline.
    pub point: Coord<f64>,
    /// Source and method properties carried through to the outputs unchanged.
    pub provenance: Provenance,
}

/// What a settlement stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// An administrative village (行政村).
    Village,
    /// An urban community (社区 / 居委会).
    Community,
    /// An aggregate of several villages or communities, where finer points are unknown.
    Area,
    /// A natural village (自然村): people live here, but it is no administrative
    /// village of the code list, so village rules never judge it.
    Hamlet,
}

impl SettlementKind {
    /// All kinds, in a fixed order.
    pub const ALL: [SettlementKind; 4] = [Self::Village, Self::Community, Self::Area, Self::Hamlet];

    /// The name used in the data.
    pub fn name(self) -> &'static str {
        match self {
            Self::Village => "village",
            Self::Community => "community",
            Self::Area => "area",
            Self::Hamlet => "hamlet",
        }
    }

    /// Parses the name used in the data.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// How a feature's island was decided.
#[derive(Debug, Clone, PartialEq)]
pub enum IslandAssignment {
    /// Named in the feature's `island` field.
    Given,
    /// The point lies inside the island's outline.
    Contained,
    /// The point lies outside every outline, within the snapping tolerance of this one.
    Snapped {
        /// Distance from the point to the outline, metres.
        distance_m: f64,
    },
}

impl IslandAssignment {
    /// Short text for the outputs: `given`, `contained` or `snapped 42 m`.
    pub fn describe(&self) -> String {
        match self {
            Self::Given => "given".to_owned(),
            Self::Contained => "contained".to_owned(),
            Self::Snapped { distance_m } => format!("snapped {distance_m:.0} m"),
        }
    }
}

/// A demand point: a village, community or area with its residents.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    /// Stable id.
    pub id: SettlementId,
    /// Name in Latin script.
    pub name: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// The island it lies on.
    pub island: IslandId,
    /// How `island` was decided.
    pub island_assignment: IslandAssignment,
    /// Village, community, area or hamlet.
    pub kind: SettlementKind,
    /// The administrative village (行政村) or community this settlement is part of:
    /// its 12-digit statistical code. Settlements sharing a code are parts of one
    /// village (one village over several islands) and village rules judge them as one.
    pub village_code: Option<String>,
    /// For an `area`: the codes of the villages and communities it stands for.
    pub codes: Vec<String>,
    /// Resident population.
    pub population: u64,
    /// Residents aged 60 and over, when the data has them.
    pub elderly: Option<u64>,
    /// Location (lon/lat, WGS84).
    pub point: Coord<f64>,
    /// The land its residents live on, when known (`territories.geojson`): they are
    /// taken to be spread evenly over it. Without one the settlement is a single
    /// point, and figures resting on it are counted as coarse.
    pub territory: Option<Territory>,
    /// Source and method properties carried through to the outputs unchanged.
    pub provenance: Provenance,
}

/// The land a settlement's residents live on.
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    /// The outline (lon/lat, WGS84).
    pub area: MultiPolygon<f64>,
    /// How it was drawn (`method` in the data).
    pub method: String,
}

/// Whether a facility is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FacilityStatus {
    /// Open now; serves residents.
    Existing,
    /// Decided but not open; does not serve residents yet.
    Planned,
    /// To be closed; no longer counted as serving residents.
    Closing,
}

impl FacilityStatus {
    /// The name used in the data.
    pub fn name(self) -> &'static str {
        match self {
            Self::Existing => "existing",
            Self::Planned => "planned",
            Self::Closing => "closing",
        }
    }

    /// Parses the name used in the data.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Existing, Self::Planned, Self::Closing]
            .into_iter()
            .find(|k| k.name() == s)
    }

    /// Whether a facility with this status serves residents.
    pub fn serves(self) -> bool {
        self == Self::Existing
    }
}

/// A facility: something residents need to reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    /// Stable id.
    pub id: FacilityId,
    /// Name in Latin script.
    pub name: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Kind, as named in the data (`hospital`, `village_clinic`, `pier`, …).
    pub kind: String,
    /// The island it lies on.
    pub island: IslandId,
    /// How `island` was decided.
    pub island_assignment: IslandAssignment,
    /// The settlement it serves, when the data says so.
    pub settlement: Option<SettlementId>,
    /// Open, planned or closing.
    pub status: FacilityStatus,
    /// Capacity (beds, seats, …), when known.
    pub capacity: Option<f64>,
    /// Staff, when known.
    pub staff: Option<f64>,
    /// Location (lon/lat, WGS84).
    pub point: Coord<f64>,
    /// Source and method properties carried through to the outputs unchanged.
    pub provenance: Provenance,
}

/// How a link is crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkMode {
    /// A scheduled boat between two piers.
    Ferry,
    /// A bridge or causeway: crossed over land, no waiting.
    Bridge,
}

impl LinkMode {
    /// The name used in the data.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ferry => "ferry",
            Self::Bridge => "bridge",
        }
    }
}

/// A ferry route between two piers, or a bridge between two islands.
#[derive(Debug, Clone, PartialEq)]
pub struct FerryLink {
    /// Stable id.
    pub id: LinkId,
    /// Ferry or bridge.
    pub mode: LinkMode,
    /// For a ferry, the pier facility id; for a bridge, the island id.
    pub from: String,
    /// For a ferry, the pier facility id; for a bridge, the island id.
    pub to: String,
    /// Crossing minutes, when known (for a bridge: the default profile's).
    pub crossing_min: Option<f64>,
    /// A bridge's crossing minutes per profile (its `minutes` given as a table,
    /// `{"car": 2, "walk": 11}`), sorted by profile; empty otherwise.
    pub profile_minutes: Vec<(String, f64)>,
    /// Departures per day in each direction, when known.
    pub departures_per_day: Option<f64>,
    /// First departure of the day, minutes after midnight.
    pub first_min: Option<f64>,
    /// Last departure of the day, minutes after midnight.
    pub last_min: Option<f64>,
    /// The route's line (lon/lat, WGS84).
    pub line: Vec<Coord<f64>>,
    /// Source and method properties carried through to the outputs unchanged.
    pub provenance: Provenance,
}

/// Properties a feature carries that the tool does not interpret (sources, methods,
/// notes), kept in input order so outputs can pass them on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance(pub Vec<(String, serde_json::Value)>);

/// A place where a new facility may go (`candidates.geojson`, optional): a plot the
/// district could build on. Without the layer, proposals consider every settlement
/// and pier.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateSite {
    /// Stable id.
    pub id: String,
    /// The island it lies on.
    pub island: IslandId,
    /// How `island` was decided.
    pub island_assignment: IslandAssignment,
    /// Cost of building there, relative to the others (1 when not given): set
    /// cover minimises the total.
    pub cost: f64,
    /// Location (lon/lat, WGS84).
    pub point: Coord<f64>,
}

/// The most residents a dataset may count: in all its settlements, and separately
/// in all its islands (10^15, also the most one feature may give). Every sum of
/// populations then fits a `u64` and is exact as an `f64`; without the bound,
/// 18,447 settlements of 10^15 residents, or three `set-population` edits of 2^63,
/// overflowed the sums (a panic in debug builds, wrong figures in release).
pub const MAX_POPULATION: u64 = 1_000_000_000_000_000;

/// Which way a road may be travelled along its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum OneWay {
    /// Both ways (`oneway` absent or `no`).
    #[default]
    No,
    /// Only in the direction of its line (`yes`).
    Forward,
    /// Only against the direction of its line (`-1`).
    Backward,
}

/// Who may use a road.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RoadAccess {
    /// Every profile (`access` absent or `yes`).
    #[default]
    All,
    /// No profile (`no`).
    None,
    /// Only the profiles named (`access = "walk,e-bike"`).
    Only(Vec<String>),
}

/// One road feature: a line (or several) on one island, with what the data says
/// about its speed and direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Road {
    /// Stable id.
    pub id: String,
    /// The island it lies on.
    pub island: IslandId,
    /// Road class (`primary`, `residential`, `path`…), mapped to a speed per profile.
    pub class: Option<String>,
    /// Speed along it, km/h: overrides the class.
    pub speed_kmh: Option<f64>,
    /// Minutes to travel its whole length, when known (a causeway, a tunnel):
    /// overrides every speed.
    pub minutes: Option<f64>,
    /// Direction.
    pub oneway: OneWay,
    /// Who may use it.
    pub access: RoadAccess,
    /// Its lines (lon/lat, WGS84), each of two points or more.
    pub lines: Vec<Vec<Coord<f64>>>,
}

/// A whole dataset, every feature valid and every reference resolved.
///
/// Each list is sorted by id, so nothing downstream depends on input order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct World {
    /// Islands, sorted by id.
    pub islands: Vec<Island>,
    /// Settlements, sorted by id.
    pub settlements: Vec<Settlement>,
    /// Facilities, sorted by id.
    pub facilities: Vec<Facility>,
    /// Ferry and bridge links, sorted by id.
    pub links: Vec<FerryLink>,
    /// Candidate sites for new facilities, sorted by id (empty: settlements and
    /// piers are the candidates).
    pub candidates: Vec<CandidateSite>,
    /// Roads, sorted by id (empty: every land leg is a straight line).
    pub roads: Vec<Road>,
}

impl World {
    /// The island with this id.
    pub fn island(&self, id: &IslandId) -> Option<&Island> {
        self.islands
            .binary_search_by(|i| i.id.cmp(id))
            .ok()
            .map(|ix| &self.islands[ix])
    }

    /// The settlement with this id.
    pub fn settlement(&self, id: &SettlementId) -> Option<&Settlement> {
        self.settlements
            .binary_search_by(|s| s.id.cmp(id))
            .ok()
            .map(|ix| &self.settlements[ix])
    }

    /// The facility with this id.
    pub fn facility(&self, id: &FacilityId) -> Option<&Facility> {
        self.facilities
            .binary_search_by(|f| f.id.cmp(id))
            .ok()
            .map(|ix| &self.facilities[ix])
    }

    /// Which layer's residents add up to more than [`MAX_POPULATION`], if any:
    /// `("settlements", total)` or `("islands", total)`.
    pub fn population_excess(&self) -> Option<(&'static str, u128)> {
        let settlements: u128 = self
            .settlements
            .iter()
            .map(|s| u128::from(s.population))
            .sum();
        let islands: u128 = self.islands.iter().map(|i| u128::from(i.population)).sum();
        [("settlements", settlements), ("islands", islands)]
            .into_iter()
            .find(|&(_, total)| total > u128::from(MAX_POPULATION))
    }

    /// Sorts every list by id; call after building a world by hand.
    pub fn sort(&mut self) {
        self.islands.sort_by(|a, b| a.id.cmp(&b.id));
        self.settlements.sort_by(|a, b| a.id.cmp(&b.id));
        self.facilities.sort_by(|a, b| a.id.cmp(&b.id));
        self.links.sort_by(|a, b| a.id.cmp(&b.id));
        self.candidates.sort_by(|a, b| a.id.cmp(&b.id));
        self.roads.sort_by(|a, b| a.id.cmp(&b.id));
    }
}
