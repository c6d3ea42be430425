// Start the GOV.UK Frontend components on the page (skip link, error summary, navigation
// toggle, buttons). Loaded as a module, so browsers without module support skip it.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
