//! brief: turns program data (YAML) into PDF leadership briefs; charts and fonts live here.
pub mod charts;
pub mod fonts;
