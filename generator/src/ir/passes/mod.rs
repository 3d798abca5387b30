//! Passes over the lowered IR, run in one order by [`run`], one file a
//! concern; the last decides the public API (`super::surface`).

mod depth;
mod examples;
mod graph;
mod reach;
mod resources;
mod shapes;

use super::names::Registry;
use super::Api;

/// What the passes found wrong (pointer, message): problems stop
/// generation, warnings do not.
#[derive(Debug, Default)]
pub struct Findings {
    pub problems: Vec<(String, String)>,
    pub warnings: Vec<(String, String)>,
}

/// Every pass, in order.
pub fn run(api: &mut Api, tag_features: bool, names: &mut Registry) -> Findings {
    let mut findings = Findings::default();
    findings.problems.extend(shapes::break_alias_cycles(&mut api.types));
    shapes::box_recursive_types(&mut api.types);
    shapes::box_large_variants(&mut api.types);
    shapes::mark_text_forms(&mut api.types);
    let (recursion_limit, too_deep) = depth::recursion_limit(&api.types);
    api.recursion_limit = recursion_limit;
    findings.problems.extend(too_deep);
    api.resources = resources::find_resources(api);
    reach::mark_sent_types(&mut api.types, &api.operations);
    findings.warnings.extend(examples::check_examples(&mut api.types));
    if tag_features {
        reach::assign_tag_features(api, &mut names.features);
    }
    super::surface::decide(api, names);
    findings
}
