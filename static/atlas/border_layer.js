// The border layer: the alliance's land borders with the Soviet Union / Russia and with the
// Warsaw Pact (atlas.geoview.border_layer_data), drawn for the year shown.
// Off by default; a checkbox in the legend (`host`, map.js) turns it on; without a host it
// gets a box of its own in the legend's corner (bottom left). Like the
// rest of the map, every line is added once and shown or hidden per year, never rebuilt.
// `labels` (toggle, ussr_russia, warsaw_pact) arrive escaped from Python.
window.natoAtlas = window.natoAtlas || {};
window.natoAtlas.addBorderLayer = function (map, data, labels, host) {
  const STYLES = {
    ussr_russia: {color: '#b2182b', weight: 5, opacity: 0.95, lineCap: 'round'},
    warsaw_pact: {color: '#2d004b', weight: 3, opacity: 0.95, dashArray: '9 6'},
  };
  const at = (changes, year) => {
    let value = changes[0][1];
    for (const [from, v] of changes) { if (from <= year) value = v; else break; }
    return value;
  };
  const lines = [];
  L.geoJSON(data, {
    style: (f) => STYLES[f.properties.bloc],
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.label, {sticky: true});
      lines.push([f.properties, layer]);
    },
  }).addTo(map);
  const state = {on: false, year: null};
  function paint() {
    for (const [p, layer] of lines) {
      const el = layer.getElement();
      const visible = state.on && state.year !== null && at(p.visible, state.year);
      if (el) el.style.display = visible ? '' : 'none';
    }
  }
  for (const [p, layer] of lines) {
    const el = layer.getElement();
    if (el) { el.dataset.border = p.id; el.dataset.bloc = p.bloc; }
  }
  // Warsaw Pact dashes drawn over the USSR's solid line where the two coincide.
  for (const [p, layer] of lines) if (p.bloc === 'warsaw_pact') layer.bringToFront();

  const sample = (style) => '<svg width="28" height="10" aria-hidden="true"><line x1="2" y1="5" ' +
    `x2="26" y2="5" stroke="${style.color}" stroke-width="${style.weight}" ` +
    `stroke-dasharray="${style.dashArray || ''}"/></svg>`;
  const makeBox = () => {
    const box = L.DomUtil.create('div', host ? 'atlas-border-toggle'
                                              : 'atlas-legend atlas-border-toggle');
    box.innerHTML = '<label><input type="checkbox" data-border-toggle> ' + labels.toggle +
      '</label><div class="atlas-border-key" hidden>' +
      `<div>${sample(STYLES.ussr_russia)} ${labels.ussr_russia}</div>` +
      `<div>${sample(STYLES.warsaw_pact)} ${labels.warsaw_pact}</div></div>`;
    L.DomEvent.disableClickPropagation(box);
    const input = box.querySelector('input');
    const key = box.querySelector('.atlas-border-key');
    input.addEventListener('change', () => {
      state.on = input.checked;
      key.hidden = !state.on;
      paint();
    });
    return box;
  };
  if (host) {
    host.appendChild(makeBox());
  } else {
    const control = L.control({position: 'bottomleft'});
    control.onAdd = makeBox;
    control.addTo(map);
  }
  paint();
  return {
    applyYear(year) { state.year = year; paint(); },
  };
};
