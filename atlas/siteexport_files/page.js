// The exported site's page (index*.html): the year control of the live app
// (static/atlas/year_control.js, made a classic script at export time) above the map frame,
// the panel of what was clicked, the caption, presenter mode and the story's scenes. What the
// live app keeps in Python's session is kept here in the address's #fragment
// (#year=1999&item=site:incirlik&present=1&scene=…), so a link opens the same view.
// Every HTML string this script inserts was built and escaped in Python (atlas/siteexport.py).
(function () {
  const ATLAS_MESSAGE = 'nato-atlas';
  const page = window.natoAtlasFiles['data/page.json'];
  const $ = (id) => document.getElementById(id);
  const frame = $('atlas-map');
  const state = {year: page.last, item: null, present: false, scene: null};

  function readHash() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const lang = params.get('lang');
    if (lang && lang !== page.language && Object.hasOwn(page.pages, lang)) {
      params.delete('lang');
      window.location.replace(page.pages[lang] + '#' + params.toString());
      return false;
    }
    const year = Number(params.get('year'));
    state.year = Number.isInteger(year) && year >= page.first && year <= page.last
      ? year : page.last;
    const item = params.get('item');
    state.item = item && Object.hasOwn(page.panels, item) ? item : null;
    state.present = params.get('present') === '1';
    const scene = page.scenes.find((s) => s.id === params.get('scene'));
    state.scene = state.present && scene ? scene.id : null;
    if (scene && state.scene) { state.year = scene.year; state.item = scene.item || null; }
    const source = params.get('source');
    if (source) openSource(source);
    return true;
  }
  function hash(extra) {
    const params = new URLSearchParams();
    params.set('year', String(state.year));
    if (state.item) params.set('item', state.item);
    if (state.present) params.set('present', '1');
    if (state.scene) params.set('scene', state.scene);
    for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
    return '#' + params.toString().replace(/%3A/g, ':');
  }
  function openSource(id) {
    const block = document.getElementById('source-' + id);
    if (!block) return;
    block.open = true;
    block.scrollIntoView({block: 'start'});
  }

  const controlData = () => ({
    year: state.year, min: page.first, max: page.last, item: state.item,
    labels: page.labels, present: state.present,
    scenes: state.present ? page.scenes : [], scene: state.scene,
  });
  function render() {
    const mode = state.present ? 'presenter' : 'screen';
    document.body.classList.toggle('atlas-presenting', state.present);
    if (frame.getAttribute('src') !== page.frames[mode]) {
      frame.setAttribute('src', page.frames[mode]);
      frame.height = String(page.heights[mode]);
    }
    const caption = state.scene ? page.scene_captions[state.scene] : page.captions[state.year];
    $('atlas-caption').innerHTML = caption || '';
    const panel = $('atlas-panel');
    const shown = panel.dataset.item || null;
    if (shown !== state.item) {
      panel.innerHTML = state.item ? page.panels[state.item] : '';
      panel.dataset.item = state.item || '';
    }
    for (const el of document.querySelectorAll('.atlas-panel, .atlas-caption')) {
      el.classList.toggle('atlas-present', state.present);
    }
    $('atlas-pick').hidden = Boolean(state.item);
    $('atlas-clear').hidden = !state.item;
    $('atlas-leave').hidden = !state.present;
    for (const link of document.querySelectorAll('.atlas-languages a')) {
      link.href = page.pages[link.dataset.lang] + hash();
    }
    if (window.location.hash !== hash()) window.history.replaceState(null, '', hash());
    document.body.dataset.atlasState = hash();
    control({data: controlData(), parentElement: controlRoot, setTriggerValue});
  }

  // What the year control reports, as Python's callbacks take it in the live app.
  function setTriggerValue(name, value) {
    if (name === 'year' && Number.isInteger(value)) {
      state.year = value;
      state.scene = null;
    } else if (name === 'scene') {
      const scene = page.scenes.find((s) => s.id === value);
      if (!scene) return;
      state.scene = scene.id;
      state.year = scene.year;
      state.item = scene.item || null;
    } else if (name === 'leave') {
      state.present = false;
      state.scene = null;
    } else return;
    render();
  }

  // A click on the map: the frame names the item (assets/export/frame.js).
  window.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (msg.atlas !== ATLAS_MESSAGE || msg.type !== 'item' || event.source !== frame.contentWindow) return;
    if (typeof msg.item !== 'string' || !Object.hasOwn(page.panels, msg.item)) return;
    state.item = msg.item;
    state.scene = null;
    render();
  });
  $('atlas-clear').addEventListener('click', () => { state.item = null; state.scene = null; render(); });
  $('atlas-leave').addEventListener('click', () => { state.present = false; state.scene = null; render(); });
  $('atlas-present').addEventListener('click', () => { state.present = true; render(); });
  $('atlas-story').addEventListener('click', () => {
    const first = page.scenes[0];
    state.present = true;
    if (first) { state.scene = first.id; state.year = first.year; state.item = first.item || null; }
    render();
  });
  window.addEventListener('hashchange', () => { if (readHash()) render(); });

  // Links of the live app's builders point at its pages ("./?year=…&item=…" for the map,
  // "sources?source=…" for a source, "#source=…" from a panel): here they change the view.
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const href = link.getAttribute('href');
    const query = (prefix) => new URLSearchParams(href.slice(prefix.length));
    if (href.startsWith('./?')) {
      const params = query('./?');
      const year = Number(params.get('year'));
      if (Number.isInteger(year) && year >= page.first && year <= page.last) state.year = year;
      const item = params.get('item');
      if (item && Object.hasOwn(page.panels, item)) state.item = item;
      state.scene = null;
      event.preventDefault();
      render();
      $('atlas-year-control').scrollIntoView({block: 'start'});
    } else if (href.startsWith('sources?') || href.startsWith('#source=')) {
      const source = query(href.startsWith('#') ? '#' : 'sources?').get('source');
      event.preventDefault();
      if (source) openSource(source);
    }
  });

  const controlHost = $('atlas-year-control');
  const controlRoot = controlHost.attachShadow({mode: 'open'});
  const control = window.natoAtlas.yearControl;
  if (readHash()) render();
})();
