// Mark the page as having JavaScript, and GOV.UK Frontend as supported (ES modules),
// before the body renders, so components do not flash their no-JavaScript layout.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
