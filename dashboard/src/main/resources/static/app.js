// CallVault dashboard: a small app without a build step (ES modules, the DOM, fetch, EventSource).
// The browser holds only the session cookie: every call goes to the dashboard's own /api, which calls the services
// with the user's token. Nothing is written to the browser's storage, and no signed URL is ever logged.

const STATUSES = ['PENDING', 'AVAILABLE', 'FAILED', 'UNAVAILABLE', 'DELETED'];
const PROVIDERS = ['TWILIO', 'ELEVENLABS', 'VAPI', 'TELNYX', 'UPLOAD', 'OTHER'];
const ACTIONS = ['URL_ISSUED', 'STREAM', 'DOWNLOAD', 'PEAKS', 'OTHER'];

let me = null;
let feed = null;
let leaveView = () => {};

// ---- helpers ------------------------------------------------------------------------------------------------------

/** Creates an element: el('td', {class: 'x'}, 'text', child, ...). Text is always set as text, never as markup. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function announce(text) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers[me.csrf.headerName] = me.csrf.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin' });
  if (response.status === 401) {
    location.reload();
    throw new Error('signed out');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && (data.detail || data.title)) || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

function can(scope) {
  return me.scopes.includes(scope);
}

function formatInstant(value) {
  if (!value) return '';
  const date = new Date(value);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

function formatDuration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do { value /= 1000; unit++; } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function callTime(recording) {
  return recording.callStartedAt || recording.callEndedAt || recording.createdAt;
}

function routeParams() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  return { path: path || '/recordings', params: new URLSearchParams(query || '') };
}

function toInstant(localValue) {
  return localValue ? new Date(localValue).toISOString() : '';
}

function toLocalInput(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function select(id, label, options, value) {
  return el('div', {}, el('label', { for: id }, label),
    el('select', { id, name: id }, el('option', { value: '' }, 'Any'),
      options.map((option) => el('option', { value: option, selected: option === value }, option))));
}

function input(id, label, type, value, extra = {}) {
  return el('div', {}, el('label', { for: id }, label), el('input', { id, name: id, type, value: value || '', ...extra }));
}

function showError(container, error) {
  container.replaceChildren(el('p', { role: 'alert', class: 'error' }, error.message));
}

// ---- recordings ---------------------------------------------------------------------------------------------------

// the list filters the catalog understands (storage-service, GET /v1/recordings); minutes in the form, seconds there
const TEXT_FILTERS = ['agentId', 'phone', 'callId'];

function matchesFilters(recording, params) {
  if (params.get('status') && recording.status !== params.get('status')) return false;
  if (params.get('provider') && recording.provider !== params.get('provider')) return false;
  if (params.get('direction') && recording.direction !== params.get('direction')) return false;
  if (params.get('agentId') && recording.agentId !== params.get('agentId')) return false;
  if (params.get('phone') && recording.from !== params.get('phone') && recording.to !== params.get('phone')) return false;
  if (params.get('callId') && recording.providerCallId !== params.get('callId')) return false;
  return !params.get('from') && !params.get('to') && !params.get('minDurationSeconds')
    && !params.get('maxDurationSeconds') && !params.get('minSilenceRatio');
}

function minutes(seconds) {
  return seconds ? String(Number(seconds) / 60) : '';
}

function recordingRow(recording) {
  return el('tr', { 'data-recording-id': recording.id },
    el('td', {}, el('a', { href: `#/recordings/${recording.id}` }, formatInstant(callTime(recording)))),
    el('td', {}, recording.provider),
    el('td', {}, recording.direction || ''),
    el('td', {}, recording.from || ''),
    el('td', {}, recording.to || ''),
    el('td', {}, recording.agentId || ''),
    el('td', {}, formatDuration(recording.durationSeconds)),
    el('td', { class: `status status-${recording.status}`, 'data-column': 'status' }, recording.status),
    el('td', {}, formatBytes(recording.sizeBytes)));
}

async function showRecordings(main, params) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter recordings' },
    select('status', 'Status', STATUSES, params.get('status')),
    select('provider', 'Provider', PROVIDERS, params.get('provider')),
    input('from', 'Call from', 'datetime-local', toLocalInput(params.get('from'))),
    input('to', 'Call before', 'datetime-local', toLocalInput(params.get('to'))),
    select('direction', 'Direction', ['INBOUND', 'OUTBOUND', 'UNKNOWN'], params.get('direction')),
    input('agentId', 'Agent', 'text', params.get('agentId') || '', { maxlength: '200' }),
    input('phone', 'Phone number', 'tel', params.get('phone') || '', { maxlength: '64', placeholder: '+14155550100' }),
    input('callId', 'Call id', 'text', params.get('callId') || '', { maxlength: '200' }),
    input('minMinutes', 'At least (min)', 'number', minutes(params.get('minDurationSeconds')), { min: '0', step: '0.5' }),
    input('maxMinutes', 'At most (min)', 'number', minutes(params.get('maxDurationSeconds')), { min: '0', step: '0.5' }),
    input('minSilence', 'A party silent at least (%)', 'number',
      params.get('minSilenceRatio') ? String(Math.round(Number(params.get('minSilenceRatio')) * 100)) : '',
      { min: '0', max: '100', step: '5' }),
    el('button', { type: 'submit' }, 'Apply'),
    el('button', { type: 'button', class: 'secondary', onclick: () => { location.hash = '#/recordings'; } }, 'Clear'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of ['status', 'provider', 'direction', ...TEXT_FILTERS]) {
      const value = form.elements[name].value.trim();
      if (value) next.set(name, value);
    }
    const minMinutes = form.elements.minMinutes.value;
    const maxMinutes = form.elements.maxMinutes.value;
    const minSilence = form.elements.minSilence.value;
    if (minMinutes) next.set('minDurationSeconds', String(Math.round(Number(minMinutes) * 60)));
    if (maxMinutes) next.set('maxDurationSeconds', String(Math.round(Number(maxMinutes) * 60)));
    if (minSilence) next.set('minSilenceRatio', String(Number(minSilence) / 100));
    for (const name of ['from', 'to']) {
      const value = toInstant(form.elements[name].value);
      if (value) next.set(name, value);
    }
    location.hash = `#/recordings?${next}`;
  });
  const body = el('tbody');
  const summary = el('p', { class: 'notice', 'aria-live': 'polite' });
  const pager = el('div', { class: 'pager' });
  main.replaceChildren(el('h1', {}, 'Recordings'), form, summary,
    el('div', { class: 'table-wrap' }, el('table', { 'aria-describedby': 'recordings-caption' },
      el('caption', { id: 'recordings-caption', class: 'visually-hidden' }, 'Recordings, newest call first'),
      el('thead', {}, el('tr', {}, ['Call time', 'Provider', 'Direction', 'From', 'To', 'Agent', 'Duration',
        'Status', 'Size'].map((name) => el('th', { scope: 'col' }, name)))), body)), pager);

  const page = Number(params.get('page') || 0);
  const query = new URLSearchParams(params);
  query.set('page', String(page));
  query.set('size', '25');
  try {
    const result = await api(`/api/recordings?${query}`);
    body.replaceChildren(...result.items.map(recordingRow));
    summary.textContent = `${result.totalItems} recording${result.totalItems === 1 ? '' : 's'}`
      + (result.totalPages > 1 ? `, page ${result.page + 1} of ${result.totalPages}` : '');
    const go = (to) => { const next = new URLSearchParams(params); next.set('page', String(to)); location.hash = `#/recordings?${next}`; };
    pager.replaceChildren(
      el('button', { type: 'button', class: 'secondary', disabled: page <= 0, onclick: () => go(page - 1) }, 'Newer'),
      el('button', { type: 'button', class: 'secondary', disabled: page + 1 >= result.totalPages, onclick: () => go(page + 1) }, 'Older'));
  } catch (error) {
    showError(summary, error);
  }

  // live rows: playback-service's feed, relayed by the BFF
  const onRecording = async (event) => {
    let change;
    try { change = JSON.parse(event.data); } catch { return; }
    let recording;
    try { recording = await api(`/api/recordings/${change.recordingId}`); } catch { return; }
    const existing = body.querySelector(`tr[data-recording-id="${CSS.escape(recording.id)}"]`);
    const row = recordingRow(recording);
    row.classList.add('fresh');
    if (existing) existing.replaceWith(row);
    else if (page === 0 && matchesFilters(recording, params)) body.prepend(row);
    else return;
    announce(`Recording of ${formatInstant(callTime(recording))} is now ${recording.status}`);
  };
  feed.addEventListener('recording', onRecording);
  leaveView = () => feed.removeEventListener('recording', onRecording);
}

// ---- one recording ------------------------------------------------------------------------------------------------

function metadata(recording) {
  const rows = [
    ['Status', recording.status], ['Provider', recording.provider], ['Call id', recording.providerCallId],
    ['Provider recording id', recording.providerRecordingId], ['Call started', formatInstant(recording.callStartedAt)],
    ['Call ended', formatInstant(recording.callEndedAt)], ['Duration', formatDuration(recording.durationSeconds)],
    ['Direction', recording.direction], ['From', recording.from], ['To', recording.to], ['Agent', recording.agentId],
    ['Channels', recording.channels], ['Size', formatBytes(recording.sizeBytes)], ['Type', recording.contentType],
    ['SHA-256', recording.sha256], ['Stored', formatInstant(recording.storedAt)],
    ['Legal hold', recording.legalHold ? `yes: ${recording.legalHoldReason} (${recording.legalHoldBy})` : 'no'],
  ];
  rows.push(...analysisRows(recording.analysis));
  if (recording.lastError) rows.push(['Last fetch error', `${recording.lastErrorCode || ''} ${recording.lastError}`]);
  if (recording.deletedAt) rows.push(['Deleted', `${formatInstant(recording.deletedAt)}: ${recording.deletionReason || ''}`]);
  return el('dl', { class: 'meta' }, rows.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
}

// Draws waveform peaks in BBC audiowaveform's JSON format, version 2 (audiowaveform doc/DataFormat.md): for each of
// `length` indexes, a min and a max per channel (8-bit: -128 to 127), interleaved as index, channel, min, max. Each
// channel gets a lane of the canvas; each pixel column shows the extremes of the indexes that fall into it.
function drawPeaks(canvas, peaks) {
  const width = canvas.clientWidth || 600;
  const height = canvas.clientHeight || 64;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  const channels = Math.max(1, peaks.channels || 1);
  const scale = peaks.bits === 16 ? 32768 : 128;
  const lane = height / channels;
  context.fillStyle = '#3b6ea5';
  for (let channel = 0; channel < channels; channel++) {
    const middle = lane * channel + lane / 2;
    for (let x = 0; x < width; x++) {
      const from = Math.floor((x * peaks.length) / width);
      const to = Math.max(from + 1, Math.floor(((x + 1) * peaks.length) / width));
      let min = 0;
      let max = 0;
      for (let index = from; index < to && index < peaks.length; index++) {
        const at = (index * channels + channel) * 2;
        min = Math.min(min, peaks.data[at]);
        max = Math.max(max, peaks.data[at + 1]);
      }
      const top = middle - (max / scale) * (lane / 2);
      const bottom = middle - (min / scale) * (lane / 2);
      context.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }
}

function analysisRows(analysis) {
  if (!analysis) return [];
  if (analysis.outcome !== 'ANALYZED') return [['Analysis', `failed: ${analysis.failureReason || 'unknown reason'}`]];
  const rows = [['Measured duration', formatDuration(Math.round(analysis.durationMs / 1000))],
    ['Loudness', analysis.loudnessLufs == null ? null : `${analysis.loudnessLufs.toFixed(1)} LUFS`]];
  const names = analysis.channels === 2 ? ['Caller (left)', 'Agent (right)'] : null;
  for (const channel of analysis.perChannel || []) {
    const name = names ? names[channel.channel] : `Channel ${channel.channel + 1}`;
    rows.push([`${name} talks`, `${Math.round(channel.speechRatio * 100)} % (${formatDuration(Math.round(channel.speechMs / 1000))})`
      + (channel.clippedSamples > 0 ? `, ${channel.clippedSamples} clipped samples` : '')]);
  }
  if (analysis.talkOverMs !== null && analysis.talkOverMs !== undefined) {
    rows.push(['Both talk at once', formatDuration(Math.round(analysis.talkOverMs / 1000))]);
  }
  return rows;
}

function player(recording) {
  const audio = el('audio', { controls: true, preload: 'metadata', 'aria-label': 'Recording' });
  const played = el('div', { class: 'played' });
  const note = el('span', { class: 'buffered-note' }, 'Click to seek');
  const canvas = el('canvas', { 'aria-hidden': 'true', 'data-testid': 'waveform-peaks' });
  const bar = el('div', { class: 'waveform', role: 'slider', tabindex: '0', 'aria-label': 'Position',
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'data-testid': 'waveform' }, canvas, played, note);
  const waveformNote = el('p', { class: 'notice' }, 'The waveform appears once the recording has been analysed; until then the bar shows the position.');
  const speed = el('select', { id: 'speed', 'aria-label': 'Speed' },
    [0.75, 1, 1.25, 1.5, 2].map((rate) => el('option', { value: rate, selected: rate === 1 }, `${rate}×`)));
  const status = el('p', { class: 'notice', 'aria-live': 'polite' });
  // the Opus rendition media-worker derived from this recording, when there is one: same audio, a fraction of the
  // bytes (signed and audited like the original; playback-service's rendition=opus)
  const opus = (recording.renditions || []).find((item) => item.rendition === 'OPUS');
  const version = el('select', { id: 'version', 'aria-label': 'Version', 'data-testid': 'version' },
    el('option', { value: 'original', selected: true }, `Original (${formatBytes(recording.sizeBytes)})`),
    opus ? el('option', { value: 'opus' }, `Opus, ${Math.round(opus.bitrateBps / 1000)} kbit/s (${formatBytes(opus.sizeBytes)})`) : null);
  let refreshTimer = null;
  let stopped = false;

  const seekTo = (fraction) => {
    if (Number.isFinite(audio.duration) && audio.duration > 0) {
      audio.currentTime = Math.max(0, Math.min(1, fraction)) * audio.duration;
    }
  };
  bar.addEventListener('click', (event) => {
    const box = bar.getBoundingClientRect();
    seekTo((event.clientX - box.left) / box.width);
  });
  bar.addEventListener('keydown', (event) => {
    if (!Number.isFinite(audio.duration)) return;
    const step = event.key === 'ArrowRight' ? 5 : event.key === 'ArrowLeft' ? -5 : 0;
    if (step) { audio.currentTime = Math.max(0, Math.min(audio.duration, audio.currentTime + step)); event.preventDefault(); }
  });
  audio.addEventListener('timeupdate', () => {
    const fraction = Number.isFinite(audio.duration) && audio.duration > 0 ? audio.currentTime / audio.duration : 0;
    played.style.width = `${(fraction * 100).toFixed(2)}%`;
    bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    bar.setAttribute('aria-valuetext', `${formatDuration(audio.currentTime)} of ${formatDuration(audio.duration)}`);
  });
  speed.addEventListener('change', () => { audio.playbackRate = Number(speed.value); });
  version.addEventListener('change', () => { clearTimeout(refreshTimer); load(); });

  // a signed URL, refreshed a minute before it expires; the position and play state carry over
  const load = async () => {
    try {
      const signed = await api(`/api/recordings/${recording.id}/playback-url`, { method: 'POST', body: { disposition: 'inline', rendition: version.value } });
      if (stopped) return;
      const position = audio.currentTime;
      const wasPlaying = !audio.paused;
      audio.src = signed.url;
      if (position > 0) audio.addEventListener('loadedmetadata', () => { audio.currentTime = position; }, { once: true });
      if (wasPlaying) audio.play().catch(() => {});
      refreshTimer = setTimeout(load, Math.max(5, signed.expiresIn - 60) * 1000);
    } catch (error) {
      status.textContent = `The recording cannot be played: ${error.message}`;
    }
  };
  const download = async () => {
    try {
      const signed = await api(`/api/recordings/${recording.id}/playback-url`, { method: 'POST', body: { disposition: 'attachment' } });
      location.assign(signed.url);
    } catch (error) {
      status.textContent = `The download failed: ${error.message}`;
    }
  };
  // the peaks (audited as PEAKS by playback-service), drawn once the bar has its size
  const showPeaks = async () => {
    try {
      const peaks = await api(`/api/recordings/${recording.id}/peaks`);
      if (stopped) return;
      requestAnimationFrame(() => drawPeaks(canvas, peaks));
      bar.setAttribute('data-peaks', String(peaks.length));
      waveformNote.textContent = `Waveform of ${peaks.channels} channel${peaks.channels === 1 ? '' : 's'}${peaks.channels === 2 ? ' (caller above, agent below)' : ''}.`;
    } catch (error) {
      if (error.status !== 404) waveformNote.textContent = `The waveform cannot be shown: ${error.message}`;
    }
  };
  if (recording.status === 'AVAILABLE') {
    load();
    if (recording.analysis && recording.analysis.outcome === 'ANALYZED') showPeaks();
  } else {
    status.textContent = `Not playable: the recording is ${recording.status}.`;
  }

  const view = el('section', { class: 'panel player', 'aria-labelledby': 'player-title' },
    el('h2', { id: 'player-title' }, 'Listen'), bar, audio,
    el('div', { class: 'controls' },
      el('button', { type: 'button', onclick: () => (audio.paused ? audio.play().catch(() => {}) : audio.pause()) }, 'Play / pause'),
      el('label', { for: 'speed' }, 'Speed'), speed,
      opus ? el('label', { for: 'version' }, 'Version') : null, opus ? version : null,
      el('button', { type: 'button', class: 'secondary', onclick: download, disabled: recording.status !== 'AVAILABLE' }, 'Download')),
    waveformNote,
    status);
  return { view, stop: () => { stopped = true; clearTimeout(refreshTimer); audio.pause(); audio.removeAttribute('src'); } };
}

function timelineEntry(entry) {
  const details = entry.details && typeof entry.details === 'object' ? entry.details : {};
  const summary = Object.entries(details).filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([name, value]) => `${name}: ${value}`).join(' · ');
  return el('li', { 'data-kind': entry.kind }, el('span', { class: 'when' }, formatInstant(entry.occurredAt)),
    el('span', { class: 'kind' }, entry.kind.replaceAll('_', ' ').toLowerCase()), el('span', {}, summary));
}

async function showTimeline(container, recordingId) {
  if (!can('audit:read')) {
    container.replaceChildren(el('p', { class: 'notice' }, 'The custody timeline needs the audit:read scope.'));
    return;
  }
  try {
    const timeline = await api(`/api/recordings/${recordingId}/custody`);
    container.replaceChildren(el('ol', { class: 'timeline' }, timeline.items.map(timelineEntry)));
  } catch (error) {
    if (error.status === 404) container.replaceChildren(el('p', { class: 'notice' }, 'No custody events yet.'));
    else showError(container, error);
  }
}

function adminActions(recording, refresh) {
  if (!can('recordings:admin') || recording.status === 'DELETED') return null;
  const message = el('p', { 'aria-live': 'polite' });
  const reason = el('input', { id: 'hold-reason', maxlength: '500', required: true });
  const hold = recording.legalHold
    ? el('button', { type: 'button', onclick: async () => {
      try { await api(`/api/recordings/${recording.id}/legal-hold`, { method: 'DELETE' }); announce('Legal hold released'); refresh(); } catch (error) { message.textContent = error.message; }
    } }, 'Release legal hold')
    : el('form', { class: 'filters', onsubmit: async (event) => {
      event.preventDefault();
      try { await api(`/api/recordings/${recording.id}/legal-hold`, { method: 'PUT', body: { reason: reason.value } }); announce('Legal hold placed'); refresh(); } catch (error) { message.textContent = error.message; }
    } }, el('div', {}, el('label', { for: 'hold-reason' }, 'Reason for the legal hold'), reason),
    el('button', { type: 'submit' }, 'Place legal hold'));
  const remove = el('button', { type: 'button', class: 'danger', disabled: recording.legalHold, onclick: async () => {
    if (!confirm('Delete this recording for good? Its audio is removed; the audit trail stays.')) return;
    try { await api(`/api/recordings/${recording.id}`, { method: 'DELETE' }); announce('Recording deleted'); refresh(); } catch (error) { message.textContent = error.message; }
  } }, 'Delete recording');
  // a recording that never arrived or failed: ask fetch-worker to fetch it again (audited as the admin's request)
  const refetch = ['PENDING', 'FAILED'].includes(recording.status) && recording.provider !== 'UPLOAD'
    ? el('button', { type: 'button', class: 'secondary', onclick: async () => {
      try { await api(`/api/recordings/${recording.id}/fetch-requests`, { method: 'POST' }); message.textContent = 'Fetch requested: the recording appears here once fetched.'; announce('Fetch requested'); } catch (error) { message.textContent = error.message; }
    } }, 'Fetch again')
    : null;
  return el('section', { class: 'panel', 'aria-labelledby': 'admin-title' }, el('h2', { id: 'admin-title' }, 'Manage'),
    hold, el('p', {}, remove, refetch ? ' ' : '', refetch || ''), message);
}

async function showRecording(main, recordingId) {
  main.replaceChildren(el('p', { class: 'notice' }, 'Loading…'));
  let current = null;
  const render = async () => {
    if (current) current.stop();
    let recording;
    try {
      recording = await api(`/api/recordings/${recordingId}`);
    } catch (error) {
      showError(main, error);
      return;
    }
    current = player(recording);
    const timeline = el('div');
    main.replaceChildren(
      el('p', {}, el('a', { href: '#/recordings' }, '← Recordings')),
      el('h1', {}, `Call of ${formatInstant(callTime(recording))}`),
      current.view,
      el('section', { class: 'panel', 'aria-labelledby': 'details-title' }, el('h2', { id: 'details-title' }, 'Details'), metadata(recording)),
      adminActions(recording, render),
      el('section', { class: 'panel', 'aria-labelledby': 'custody-title' },
        el('h2', { id: 'custody-title' }, 'Custody timeline'),
        el('button', { type: 'button', class: 'secondary', onclick: () => showTimeline(timeline, recordingId) }, 'Refresh'),
        timeline));
    showTimeline(timeline, recordingId);
  };
  await render();
  leaveView = () => { if (current) current.stop(); };
}

// ---- audit log ----------------------------------------------------------------------------------------------------

async function showAudit(main, params) {
  if (!can('audit:read')) {
    main.replaceChildren(el('h1', {}, 'Audit log'), el('p', { class: 'notice' }, 'The audit log needs the audit:read scope.'));
    return;
  }
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    input('recordingId', 'Recording id', 'text', params.get('recordingId'), { size: 36 }),
    input('subject', 'Subject', 'text', params.get('subject')),
    select('action', 'Action', ACTIONS, params.get('action')),
    input('from', 'From', 'datetime-local', toLocalInput(params.get('from'))),
    input('to', 'Before', 'datetime-local', toLocalInput(params.get('to'))),
    el('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of ['recordingId', 'subject', 'action']) {
      if (form.elements[name].value) next.set(name, form.elements[name].value.trim());
    }
    for (const name of ['from', 'to']) {
      const value = toInstant(form.elements[name].value);
      if (value) next.set(name, value);
    }
    location.hash = `#/audit?${next}`;
  });
  const filters = new URLSearchParams(params);
  filters.delete('page');
  const body = el('tbody');
  const summary = el('p', { class: 'notice', 'aria-live': 'polite' });
  main.replaceChildren(el('h1', {}, 'Audit log'), form,
    el('p', {}, el('a', { href: `/api/audit-events.csv?${filters}`, download: 'audit-events.csv' }, 'Export as CSV')),
    summary,
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, el('tr', {},
      ['When', 'Recording', 'Subject', 'Action', 'Range', 'Status', 'Client'].map((name) => el('th', { scope: 'col' }, name)))), body)));
  try {
    const query = new URLSearchParams(params);
    query.set('size', '100');
    const result = await api(`/api/audit-events?${query}`);
    summary.textContent = `${result.totalItems} access event${result.totalItems === 1 ? '' : 's'}`;
    body.replaceChildren(...result.items.map((item) => el('tr', {},
      el('td', {}, formatInstant(item.occurredAt)),
      el('td', {}, el('a', { href: `#/recordings/${item.recordingId}` }, item.recordingId.slice(0, 8))),
      el('td', {}, item.subject), el('td', {}, item.action), el('td', {}, item.requestedRange || ''),
      el('td', {}, item.httpStatus), el('td', {}, item.clientAddress || ''))));
  } catch (error) {
    showError(summary, error);
  }
}

// ---- shell --------------------------------------------------------------------------------------------------------

async function route() {
  leaveView();
  leaveView = () => {};
  const main = document.getElementById('main');
  const { path, params } = routeParams();
  const section = path.startsWith('/audit') ? 'audit' : 'recordings';
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const match = path.match(/^\/recordings\/([0-9a-fA-F-]{36})$/);
  if (match) await showRecording(main, match[1]);
  else if (section === 'audit') await showAudit(main, params);
  else await showRecordings(main, params);
  document.title = `${main.querySelector('h1')?.textContent || 'CallVault'} - CallVault`;
}

async function start() {
  me = await api('/api/me');
  document.getElementById('who').textContent = `${me.subject} · ${me.tenantId}`;
  document.getElementById('signout-csrf').value = me.csrf.token;
  feed = new EventSource('/api/recordings/events');
  window.addEventListener('hashchange', route);
  await route();
}

start().catch((error) => {
  document.getElementById('main').replaceChildren(el('p', { role: 'alert', class: 'error' }, error.message));
});
