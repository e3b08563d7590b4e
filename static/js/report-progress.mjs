// The page of a large report being made: ask the server how far it has got every two
// seconds and show it, then reload once the report is ready (or has failed), so the page
// offers the download. Without JavaScript the page's "Check progress" button does the same.

const POLL_MILLISECONDS = 2000

export function initReportProgress (root) {
  const statusUrl = root.dataset.statusUrl
  const label = root.querySelector('label')
  const bar = root.querySelector('progress')
  const stage = root.querySelector('[data-report-stage]')
  const announcement = root.querySelector('[data-report-announcement]')
  let lastStage = stage ? stage.textContent : ''

  async function poll () {
    let status
    try {
      const response = await fetch(statusUrl, { headers: { Accept: 'application/json' } })
      if (!response.ok) throw new Error(`status ${response.status}`)
      status = await response.json()
    } catch {
      window.setTimeout(poll, POLL_MILLISECONDS * 2)
      return
    }
    if (status.state === 'ready' || status.state === 'failed') {
      window.location.reload()
      return
    }
    bar.value = status.progress
    bar.textContent = `${status.progress}%`
    label.textContent = `${status.state_label}: ${status.progress}% done`
    if (stage && status.stage !== lastStage) {
      // Announce each new stage once, not every percent.
      stage.textContent = status.stage
      announcement.textContent = status.stage
      lastStage = status.stage
    }
    window.setTimeout(poll, POLL_MILLISECONDS)
  }

  window.setTimeout(poll, POLL_MILLISECONDS)
}

export function initAllReportProgress () {
  document.querySelectorAll('[data-module="portal-report-progress"]').forEach(initReportProgress)
}
