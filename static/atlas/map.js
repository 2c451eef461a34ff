// The map frame's script: fetches the map's data once, builds the layers, and applies a year
// on request. Loaded by atlas/mapview.py as a script of the map frame (served from static/,
// so the browser caches it); natoAtlas.boot is called from the map's own script.
//
// The year control lives in the page around this frame. They pair up with window.postMessage,
// a documented web API, without a name baked into either: the frame tells its parent window
// "map-ready", and the control answers to whichever frame said it (event.source). A tab only
// ever talks to its own frames, so two tabs never steer each other, and every student's map
// is the same file for the server to send.
(function () {
window.natoAtlas = window.natoAtlas || {};
// Where this script was served from: the map's data files sit beside it under static/.
window.natoAtlas.scriptUrl = document.currentScript ? document.currentScript.src : null;
// Marks every message of ours, so that nothing else posted to these windows is mistaken
// for the atlas's (Streamlit's components use postMessage too).
const ATLAS_MESSAGE = 'nato-atlas';

window.natoAtlas.boot = function (map, config) {
  quietStart();
  // The layers' groups exist before the data arrives: streamlit-folium binds its click
  // handler to the layers the map has when its script has run, and a click on an area or a
  // marker added later reaches that handler through its group (Leaflet passes events up).
  const groups = {areas: L.featureGroup().addTo(map), missions: L.featureGroup().addTo(map),
                  markers: L.featureGroup().addTo(map)};
  const base = window.natoAtlas.scriptUrl || window.location.href;
  const file = (relative) => new URL('../' + relative, base).href;
  // The exported site (atlas/siteexport.py) has its files already loaded by <script> tags,
  // since a page opened from file:// cannot fetch; the live app fetches them.
  const preloaded = window.natoAtlasFiles || {};
  // The live app's frame script started fetching them before Leaflet was even compiled
  // (atlas/mapassets.py frame_script); a response is read once, so each is taken only once.
  const started = window.natoAtlasPrefetch || {};
  const request = (relative) => {
    const response = started[relative];
    delete started[relative];
    // The names carry a hash of their content: a cached copy is always the right one.
    return response || fetch(file(relative), {cache: 'force-cache'});
  };
  const get = (relative) => (relative in preloaded ? Promise.resolve(preloaded[relative]) :
    request(relative).then((response) => {
    if (!response.ok) throw new Error(relative + ': HTTP ' + response.status);
    return response.json();
  }));
  Promise.all([get(config.geometry), get(config.data)])
    .then(([topology, data]) => window.natoAtlas.init(map, data, topology, groups))
    .catch((error) => {
      console.error('NATO Atlas: map data not loaded', error);
      const note = document.createElement('div');
      note.className = 'atlas-load-failed';
      note.setAttribute('role', 'alert');
      note.textContent = config.failed || 'The map could not be loaded. Reload the page.';
      map.getContainer().appendChild(note);
    });
};

// streamlit-folium reports the map's value once it has started, and Python was handed
// {last_object_clicked_count: null}, the frame starts at 0: the values differ, so every new
// page ran its whole script a second time for nothing (server time, and a page rebuilt in the
// browser while the map starts). Its own value before any click is taken as already reported;
// a click still differs from it and reaches Python. Called from the map's script, which
// streamlit-folium runs before it starts the component.
function quietStart() {
  const state = window.__GLOBAL_DATA__;
  if (!state || typeof state !== 'object' || !state.previous_data) return;
  const reported = state.previous_data;
  if (reported.last_object_clicked_count === null && state.last_object_clicked_count === 0) {
    state.previous_data = {...reported, last_object_clicked_count: 0};
  }
}

window.natoAtlas.init = function (map, data, topology, groups) {
  // Hatching for mission areas: an SVG pattern that the paths reference by id.
  const defs = document.createElement('div');
  defs.innerHTML = '<svg width="0" height="0" style="position:absolute"><defs>' +
    '<pattern id="atlas-hatch" width="8" height="8" patternUnits="userSpaceOnUse" ' +
    'patternTransform="rotate(45)"><rect width="8" height="8" fill="rgba(217,95,2,0.12)"/>' +
    '<line x1="0" y1="0" x2="0" y2="8" stroke="#d95f02" stroke-width="3"/></pattern></defs></svg>';
  document.body.appendChild(defs);

  const at = (changes, year) => {
    let value = changes[0][1];
    for (const [from, v] of changes) { if (from <= year) value = v; else break; }
    return year < changes[0][0] ? changes[0][1] : value;
  };
  const show = (el, visible) => { if (el) el.style.display = visible ? '' : 'none'; };

  // The borders arrive once as TopoJSON; every area, mission and label refers to them by id.
  const shapes = {};
  for (const f of topojson.feature(topology, topology.objects.areas).features) shapes[f.id] = f;
  const features = (list, idOf) => ({type: 'FeatureCollection', features: list
    .filter((p) => shapes[idOf(p)])
    .map((p) => ({type: 'Feature', geometry: shapes[idOf(p)].geometry, properties: p}))});

  // A phone or a tablet: the page's window is at most 1024 px wide. There the quotes of what
  // is tapped come up in a sheet over the lower part of the page (atlas/web/page.css), so
  // the map opens no popup of its own, and the frame scrolls to the top of the screen.
  const smallScreen = () => {
    try { return window.top.innerWidth <= 1024; } catch (error) { return window.innerWidth <= 700; }
  };
  const popups = !smallScreen();
  const areaLayers = [];
  L.geoJSON(features(data.areas, (p) => p.id), {
    style: () => ({}),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.tooltip, {sticky: true});
      if (f.properties.popup && popups) layer.bindPopup(f.properties.popup, {maxWidth: 360});
      areaLayers.push([f.properties, layer]);
    },
  }).addTo(groups.areas);
  const missionLayers = [];
  L.geoJSON(features(data.missions, (p) => p.area), {
    style: () => ({fillColor: 'url(#atlas-hatch)', fillOpacity: 1, color: '#d95f02',
                   weight: 2.5, dashArray: '4 4'}),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.tooltip, {sticky: true});
      if (popups) layer.bindPopup(f.properties.popup, {maxWidth: 360});
      missionLayers.push([f.properties, layer]);
    },
  }).addTo(groups.missions);
  // Stable hooks for tests and the benchmark: which element is which area, mission or item.
  for (const [p, layer] of areaLayers) layer.getElement().dataset.area = p.id;
  for (const [p, layer] of missionLayers) layer.getElement().dataset.mission = p.id;
  const markerLayers = [];
  const refs = {};
  for (const m of data.markers) {
    const icon = L.divIcon({className: 'atlas-marker', html: m.html, iconSize: null,
                            iconAnchor: m.kind === 'label' || m.kind === 'mission' ? [30, 10] : [10, 10]});
    const marker = L.marker([m.lat, m.lon], {icon, keyboard: true, title: '',
                                             zIndexOffset: m.kind === 'label' ? -100 : 0});
    marker.bindTooltip(m.tooltip);
    if (m.popup && popups) marker.bindPopup(m.popup, {maxWidth: 360});
    marker.addTo(groups.markers);
    marker.getElement().dataset.ref = m.ref;
    markerLayers.push([m, marker]);
    if (m.ref) refs[m.ref] = marker;
  }

  const toTop = () => {
    if (!smallScreen()) return;
    try { window.frameElement.scrollIntoView({block: 'start'}); } catch (error) { /* elsewhere */ }
  };
  for (const group of [groups.areas, groups.missions, groups.markers]) group.on('click', toTop);

  const yearBox = L.control({position: 'topright'});
  yearBox.onAdd = () => { const d = L.DomUtil.create('div', 'atlas-year'); d.id = 'atlas-year'; return d; };
  yearBox.addTo(map);
  // The legend: compact, behind a button that shows the member count. Open by default on a
  // desktop or a projector, closed on a phone or a tablet (the page's window ≤ 1024 px wide);
  // the map frames the alliance beside or above it (frameFor(), below), never under it.
  const legend = L.control({position: 'bottomleft'});
  let legendBox = null;
  legend.onAdd = () => {
    const d = L.DomUtil.create('div', 'atlas-legend');
    d.id = 'atlas-legend';
    d.dir = data.direction;  // Arabic and Persian: swatch at the right, text from the right
    d.lang = data.language;
    // Every label arrives escaped from Python (safe_json + html.escape there).
    d.innerHTML = '<button type="button" class="atlas-legend-toggle" aria-expanded="true" ' +
      `aria-controls="atlas-legend-body" title="${data.labels.toggle}">` +
      '<span class="count" id="atlas-count"></span>' +
      `<span class="atlas-legend-name">${data.labels.toggle}</span>` +
      '<span class="atlas-legend-caret" aria-hidden="true"></span></button>' +
      // The accession years under one heading, each a swatch and a year: short in every
      // language, so the legend is as narrow as its longest key line and holds its labels.
      '<div class="atlas-legend-body" id="atlas-legend-body">' +
      `<div class="atlas-waves-name">${data.labels.joined_heading}</div><div class="waves">` +
      data.waves.map(([w, c]) =>
      `<div class="wave" data-wave="${w}" title="${data.wave_labels[w]}">` +
      `<span class="swatch" style="background:${c}"></span>${data.year_labels[w]}</div>`
      ).join('') + '</div>' +
      `<div class="key"><div><span class="swatch" style="background:${data.nonmember_fill}"></span> ${data.labels.nonmember}</div>` +
      `<div><span class="swatch" style="border:3px solid #111"></span> ${data.labels.new}</div>` +
      `<div><span class="swatch" style="border:2px dashed #111"></span> ${data.labels.outside}</div>` +
      '<div><span class="swatch" style="border-color:#d95f02;' +
      'background:repeating-linear-gradient(45deg,#d95f02 0 3px,#fbe3d1 3px 8px)"></span> ' +
      `${data.labels.mission}</div>` +
      data.site_kinds.map(([symbol, label]) =>
        `<div><span class="legend-symbol">${symbol}</span> ${label}</div>`).join('') + '</div>' +
      '<div class="atlas-legend-slot"></div></div>';
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    legendBox = d;
    return d;
  };
  legend.addTo(map);
  // Three states: 'full', 'compact' (the member count and the accession years, without the
  // key below them: what a class needs to read the colours) and 'closed'.
  let legendState = null;
  function setLegendState(next) {
    legendState = next;
    legendBox.classList.toggle('atlas-legend-closed', next === 'closed');
    legendBox.classList.toggle('atlas-legend-compact', next === 'compact');
    legendBox.querySelector('.atlas-legend-toggle')
      .setAttribute('aria-expanded', String(next === 'full'));
    legendBox.querySelector('.atlas-legend-body').hidden = next === 'closed';
  }
  const markSmall = () => document.body.classList.toggle('atlas-small', smallScreen());
  markSmall();
  window.addEventListener('resize', markSmall);
  setLegendState(smallScreen() ? 'closed' : 'full');
  // The reader's tap: a compact or closed legend opens in full, an open one closes.
  legendBox.querySelector('.atlas-legend-toggle').addEventListener('click', () => {
    legendChosen = true;
    setLegendState(legendState === 'full' ? 'closed' : 'full');
  });

  const state = {year: null, item: null};
  function applyYear(year) {
    year = Math.max(data.first_year, Math.min(data.last_year, Math.round(year)));
    for (const [p, layer] of areaLayers) {
      const style = at(p.styles, year);
      show(layer.getElement(), style !== 'hidden');
      if (style !== 'hidden') layer.setStyle(data.styles[style]);
    }
    for (const [p, layer] of missionLayers) show(layer.getElement(), at(p.visible, year));
    for (const [m, marker] of markerLayers) show(marker.getElement(), at(m.visible, year));
    document.getElementById('atlas-year').textContent = data.year_labels[year];
    document.getElementById('atlas-count').textContent = data.counts[year];
    for (const el of document.querySelectorAll('.atlas-legend .wave')) {
      el.classList.toggle('future', Number(el.dataset.wave) > year);
    }
    state.year = year;
    if (borderLayer) borderLayer.applyYear(year);
    document.body.dataset.atlasYear = String(year);
  }
  // An item chosen outside the map (URL, scene, another page) is highlighted, not popped
  // up: its quotes are in the side panel, and a popup would hide the map it is about.
  function selectItem(ref) {
    if (ref === state.item) return;
    state.item = ref;
    for (const el of document.querySelectorAll('.atlas-selected')) {
      el.classList.remove('atlas-selected');
    }
    const marker = refs[ref];
    if (marker && marker.getElement()) marker.getElement().classList.add('atlas-selected');
    for (const [p, layer] of missionLayers) {
      if (p.ref === ref && layer.getElement()) layer.getElement().classList.add('atlas-selected');
    }
  }
  // The alliance's borders with the East (static/atlas/border_layer.js), off by default.
  const borderLayer = data.borders && window.natoAtlas.addBorderLayer
    ? window.natoAtlas.addBorderLayer(map, data.borders, data.border_labels,
                                      legendBox.querySelector('.atlas-legend-slot')) : null;
  if (borderLayer) borderLayer.applyYear(state.year);
  window.natoAtlas.applyYear = applyYear;
  window.natoAtlas.map = map;
  if (window.natoAtlas.addExportControl && data.export) {
    window.natoAtlas.addExportControl(map, data.export);
  }

  // What the legend covers (the bottom-left corner: legend and scale) stays out of the
  // framing: no member's centre (the middle of its outline's box) may sit under it, nor more
  // than a quarter of its outline on the screen (Sicily and Calabria under a presenter legend
  // hide Italy even with Rome clear). The bounds are framed as large as they can be with that
  // true: as they are if the legend covers no member, else moved up or right of the legend by
  // as little as needed.
  const MAX_OUTLINE_COVERED = 0.25;
  const OUTLINE_SAMPLES = 60;  // points along each outline: enough to weigh, cheap to project
  const areaShapes = new Map();
  const shapeOf = (layer) => {
    if (!areaShapes.has(layer)) {
      const b = layer.getBounds();
      const points = layer.getLatLngs().flat(3);
      const step = Math.max(1, Math.ceil(points.length / OUTLINE_SAMPLES));
      areaShapes.set(layer, {bounds: b, outline: points.filter((_, i) => i % step === 0)});
    }
    return areaShapes.get(layer);
  };
  const members = (zoom, origin) => {
    const shown = [];
    for (const [p, layer] of areaLayers) {
      if (state.year === null || !at(p.styles, state.year).startsWith('w')) continue;
      const {bounds: b, outline} = shapeOf(layer);
      if (b.getEast() - b.getWest() > 180) continue;  // across the antimeridian: no middle
      shown.push({
        centre: map.project(b.getNorthEast(), zoom).add(map.project(b.getSouthWest(), zoom))
          .divideBy(2).subtract(origin),
        outline: outline.map((ll) => map.project(ll, zoom).subtract(origin)),
      });
    }
    return shown;
  };
  function framing(bounds) {
    const corner = legendBox.parentElement.getBoundingClientRect();
    const box = map.getContainer().getBoundingClientRect();
    const size = map.getSize();
    const margin = 8;
    const below = Math.max(0, box.bottom - corner.top) + margin;
    const beside = Math.max(0, corner.right - box.left) + margin;
    // Moving the bounds above the legend, or beside it, is possible when it leaves room.
    const canAbove = below < size.y * 0.8;
    const canBeside = beside < size.x * 0.8;
    if (!corner.width || !corner.height) return {options: {}, clear: true};
    if (!canAbove && !canBeside) return {options: {}, clear: false};
    const covered = {x: beside, y: size.y - below};  // the legend: left of x, below y
    const under = (c) => c.x >= 0 && c.x <= covered.x && c.y >= covered.y && c.y <= size.y;
    const onScreen = (c) => c.x >= 0 && c.x <= size.x && c.y >= 0 && c.y <= size.y;
    const hidden = (member) => {
      if (under(member.centre)) return true;
      const seen = member.outline.filter(onScreen);
      return seen.length > 0 && seen.filter(under).length > MAX_OUTLINE_COVERED * seen.length;
    };
    const b = L.latLngBounds(bounds);
    const view = (topLeft, bottomRight) => {
      const zoom = map.getBoundsZoom(b, false, topLeft.add(bottomRight));
      const middle = map.project(b.getSouthWest(), zoom).add(map.project(b.getNorthEast(), zoom))
        .divideBy(2).add(bottomRight.subtract(topLeft).divideBy(2));
      const origin = middle.subtract(size.divideBy(2));
      const clear = !members(zoom, origin).some(hidden);
      return {zoom, clear, options: {paddingTopLeft: topLeft, paddingBottomRight: bottomRight}};
    };
    const steps = 8;
    const candidates = [view(L.point(0, 0), L.point(0, 0))];
    let above = null;
    let right = null;
    for (let i = 1; i <= steps; i++) {
      if (canAbove) candidates.push(above = view(L.point(0, 0), L.point(0, below * i / steps)));
      if (canBeside) candidates.push(right = view(L.point(beside * i / steps, 0), L.point(0, 0)));
    }
    // The first (least moved) of the largest clear views; if none is clear, the bounds go
    // wholly above or beside the legend.
    let best = null;
    for (const c of candidates) if (c.clear && (!best || c.zoom > best.zoom)) best = c;
    if (best) return {options: best.options, clear: true};
    best = !right || (above && above.zoom >= right.zoom) ? above : right;
    return {options: best.options, clear: false};
  }
  // The options for fitBounds / flyToBounds. Until the reader opens or closes the legend, it
  // is as full as it can be with every member clear of it: in full, else compact (a presenter
  // legend on a 1400 px screen, a scene zoomed in on the Balkans), else closed; on a phone or
  // a tablet it starts closed. Once the reader chose, it stays as they left it, and the
  // framing does the best it can.
  let legendChosen = false;
  let legendHeight = null;  // as last framed around (see the ResizeObserver below)
  function frameFor(bounds) {
    if (legendChosen || smallScreen()) return framing(bounds).options;
    let frame = null;
    for (const next of ['full', 'compact', 'closed']) {
      setLegendState(next);
      frame = framing(bounds);
      if (frame.clear) break;
    }
    legendHeight = legendBox.offsetHeight;  // no second framing for this change
    return frame.options;
  }
  window.natoAtlas.framing = frameFor;
  // The frame gets its final size after the script runs: frame the alliance again then.
  const refit = () => {
    map.invalidateSize();
    const bounds = state.bounds || data.bounds;
    // A zoom still animating (the frame's first framing) would land after this one: wait.
    if (map._animatingZoom) { map.once('zoomend', refit); return; }
    map.fitBounds(bounds, {...frameFor(bounds), animate: false});
  };
  setTimeout(refit, 0);
  // The legend opened or closed (or the border key came and went): frame again around it.
  // Only its height counts: the member count changes its width by a pixel or two from year
  // to year, and a year step must not undo the reader's zoom.
  new ResizeObserver(() => {
    const height = legendBox.offsetHeight;
    if (legendHeight !== null && Math.abs(height - legendHeight) > 4) refit();
    legendHeight = height;
  }).observe(legendBox);
  window.addEventListener('resize', refit);
  // Site labels collide when zoomed out (İncirlik, Konya and Kürecik are close at zoom 3):
  // they show from zoom 5, the selected item's always; symbols and tooltips remain.
  const labelZoom = () => {
    map.getContainer().classList.toggle('atlas-far', map.getZoom() < 5);
    map.getContainer().classList.toggle('atlas-very-far', map.getZoom() < 3.5);
  };
  map.on('zoomend', labelZoom);
  labelZoom();

  applyYear(data.last_year);
  // The year control in the page around this frame (see the top of this file).
  const toControl = (msg) => window.parent.postMessage({atlas: ATLAS_MESSAGE, ...msg}, '*');
  function onYear(msg) {
    if (msg.type !== 'year' || !Number.isFinite(msg.year)) return;
    applyYear(msg.year);
    // The map shows the page's year now, not the last year it painted while it booted
    // (what the tests wait for before they read the year).
    document.body.dataset.atlasYearFrom = 'page';
    if (Array.isArray(msg.bounds)) {
      state.bounds = msg.bounds;  // a scene's frame: kept when the frame is resized
      map.flyToBounds(msg.bounds, {duration: 0.8, ...frameFor(msg.bounds)});
    }
    // Paint time for the benchmark: after the frame that shows the new year.
    requestAnimationFrame(() => setTimeout(() => {
      window.natoAtlas.lastPaint = {year: state.year, sent: msg.sent,
                                     painted: performance.timeOrigin + performance.now()};
    }, 0));
    if (msg.item !== undefined) selectItem(typeof msg.item === 'string' ? msg.item : null);
  }
  // The channel the year control names (see the top of static/atlas/year_control.js).
  let channel = null;
  window.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (event.source !== window.parent || msg.atlas !== ATLAS_MESSAGE) return;
    if (msg.type === 'control-ready') { toControl({type: 'map-ready'}); return; }
    if (msg.type === 'channel' && typeof msg.name === 'string') {
      if (channel) channel.close();
      try {
        channel = new BroadcastChannel(msg.name);
      } catch (e) {
        channel = null;  // years keep coming by postMessage
        return;
      }
      channel.onmessage = (e) => { if (e.data && e.data.atlas === ATLAS_MESSAGE) onYear(e.data); };
      channel.postMessage({type: 'joined', token: msg.token});
      return;
    }
    onYear(msg);
  });
  // Clicker keys pressed while the map has focus go to the year control in the page.
  const forwarded = new Set(['ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', ' ',
                             'b', 'B', 'f', 'F', 'Escape']);
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !forwarded.has(event.key)) return;
    toControl({type: 'key', key: event.key});
    event.preventDefault();
  });
  if (data.presenter) document.body.classList.add('atlas-presenter');
  toControl({type: 'map-ready'});
};
})();
