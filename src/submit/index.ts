/**
 * Jobs as condor_submit and the OSPool access points hand them to the pool: the Requirements
 * condor_submit builds and the access point's container transform. See docs/matchmaking.md.
 */
export { buildSubmitRequirements, ospoolContainerTransform, type SubmitDescription } from "./requirements.js";
