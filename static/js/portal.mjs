// Entry point: `npm run build` bundles this and GOV.UK Frontend into one file,
// static/dist/portal.js, so no import has to survive Django's hashed file names.
import { initAll } from 'govuk-frontend'
import { initAllReportProgress } from './report-progress.mjs'

// Only browsers that run module scripts reach this line. GOV.UK Frontend's
// components check for this class before they enhance anything; setting it here
// rather than in an inline <script> keeps the page within a strict CSP.
document.body.classList.add('govuk-frontend-supported')

// Exit this page (the button and three presses of Shift), and any other
// GOV.UK Frontend component marked with data-module on the page.
initAll()

// Large committee reports: follow the build's progress (priorities/exports/views.py).
initAllReportProgress()
