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
  // The names carry a hash of their content: a cached copy is always the right one.
  const get = (relative) => (relative in preloaded ? Promise.resolve(preloaded[relative]) :
    fetch(file(relative), {cache: 'force-cache'}).then((response) => {
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

  const areaLayers = [];
  L.geoJSON(features(data.areas, (p) => p.id), {
    style: () => ({}),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.tooltip, {sticky: true});
      if (f.properties.popup) layer.bindPopup(f.properties.popup, {maxWidth: 360});
      areaLayers.push([f.properties, layer]);
    },
  }).addTo(groups.areas);
  const missionLayers = [];
  L.geoJSON(features(data.missions, (p) => p.area), {
    style: () => ({fillColor: 'url(#atlas-hatch)', fillOpacity: 1, color: '#d95f02',
                   weight: 2.5, dashArray: '4 4'}),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.tooltip, {sticky: true});
      layer.bindPopup(f.properties.popup, {maxWidth: 360});
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
    if (m.popup) marker.bindPopup(m.popup, {maxWidth: 360});
    marker.addTo(groups.markers);
    marker.getElement().dataset.ref = m.ref;
    markerLayers.push([m, marker]);
    if (m.ref) refs[m.ref] = marker;
  }

  const yearBox = L.control({position: 'topright'});
  yearBox.onAdd = () => { const d = L.DomUtil.create('div', 'atlas-year'); d.id = 'atlas-year'; return d; };
  yearBox.addTo(map);
  const legend = L.control({position: 'bottomleft'});
  legend.onAdd = () => {
    const d = L.DomUtil.create('div', 'atlas-legend');
    // Every label arrives escaped from Python (safe_json + html.escape there).
    d.innerHTML = '<div class="count" id="atlas-count"></div><div class="waves">' +
      data.waves.map(([w, c]) =>
      `<div class="wave" data-wave="${w}"><span class="swatch" style="background:${c}"></span>` +
      `${data.wave_labels[w]}</div>`).join('') + '</div>' +
      `<div class="key"><span class="swatch" style="background:${data.nonmember_fill}"></span> ${data.labels.nonmember}` +
      `<br><span class="swatch" style="border:3px solid #111"></span> ${data.labels.new}` +
      `<br><span class="swatch" style="border:2px dashed #111"></span> ${data.labels.outside}` +
      '<br><span class="swatch" style="border-color:#d95f02;' +
      'background:repeating-linear-gradient(45deg,#d95f02 0 3px,#fbe3d1 3px 8px)"></span> ' +
      `${data.labels.mission}` +
      data.site_kinds.map(([symbol, label]) =>
        `<br><span class="legend-symbol">${symbol}</span> ${label}`).join('') + '</div>';
    return d;
  };
  legend.addTo(map);

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
    ? window.natoAtlas.addBorderLayer(map, data.borders, data.border_labels) : null;
  if (borderLayer) borderLayer.applyYear(state.year);
  window.natoAtlas.applyYear = applyYear;
  window.natoAtlas.map = map;
  if (window.natoAtlas.addExportControl && data.export) {
    window.natoAtlas.addExportControl(map, data.export);
  }

  // The frame gets its final size after the script runs: frame the alliance again then.
  const refit = () => { map.invalidateSize(); map.fitBounds(state.bounds || data.bounds); };
  setTimeout(refit, 0);
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
  window.addEventListener('message', (event) => {
    const msg = event.data || {};
    if (event.source !== window.parent || msg.atlas !== ATLAS_MESSAGE) return;
    if (msg.type === 'control-ready') { toControl({type: 'map-ready'}); return; }
    if (msg.type !== 'year' || !Number.isFinite(msg.year)) return;
    applyYear(msg.year);
    if (Array.isArray(msg.bounds)) {
      state.bounds = msg.bounds;  // a scene's frame: kept when the frame is resized
      map.flyToBounds(msg.bounds, {duration: 0.8});
    }
    // Paint time for the benchmark: after the frame that shows the new year.
    requestAnimationFrame(() => setTimeout(() => {
      window.natoAtlas.lastPaint = {year: state.year, sent: msg.sent,
                                     painted: performance.timeOrigin + performance.now()};
    }, 0));
    if (msg.item !== undefined) selectItem(typeof msg.item === 'string' ? msg.item : null);
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
