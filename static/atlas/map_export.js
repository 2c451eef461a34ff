// "Save PNG": the map as shown (areas, mission hatching, labels, year box, legend) as a PNG for
// slides, rendered in the browser from the map frame's own DOM: no server-side browser, and
// nothing leaves the machine. html-to-image (MIT, vendored in static/html-to-image/) is
// loaded from the app's own server the first time the button is pressed.
//
// Loaded after map.js (atlas/mapview.py) and called from natoAtlas.init:
//   window.natoAtlas.addExportControl(map, labels)
// labels (plain text; set as textContent, never as HTML): save, title, busy, failed,
// attribution (a line drawn on the image), filename ("nato-atlas-{year}.png"),
// pixel_ratio (optional, default 2: sharp on a projector).
window.natoAtlas = window.natoAtlas || {};
// The library sits beside this script's folder under static/, wherever the server mounts it.
window.natoAtlas.exportLibrary = document.currentScript
  ? new URL('../html-to-image/html-to-image.js', document.currentScript.src).href
  : '/app/static/html-to-image/html-to-image.js';
window.natoAtlas.addExportControl = function (map, labels) {
  labels = labels || {};
  const library = window.natoAtlas.exportLibrary;
  const text = (key, fallback) => (typeof labels[key] === 'string' && labels[key]) || fallback;

  if (!document.getElementById('atlas-export-style')) {
    const style = document.createElement('style');
    style.id = 'atlas-export-style';
    style.textContent =
      '.atlas-export button { display: block; border: none; background: #fff; color: #1f4e79;' +
      ' font: 600 14px/1.2 system-ui, sans-serif; padding: 7px 10px; cursor: pointer;' +
      ' border-radius: 4px; white-space: nowrap; }' +
      '.atlas-export button:hover, .atlas-export button:focus-visible { background: #eef3f8; }' +
      '.atlas-export button:focus-visible { outline: 3px solid #1f4e79; outline-offset: 1px; }' +
      '.atlas-export button[disabled] { color: #666; cursor: progress; }' +
      '.atlas-export-attribution { position: absolute; right: 6px; bottom: 22px; z-index: 1000;' +
      ' background: rgba(255,255,255,.85); color: #222; font: 12px/1.3 system-ui, sans-serif;' +
      ' padding: 2px 6px; border-radius: 4px; max-width: 60%; text-align: right; }';
    document.head.appendChild(style);
  }

  let loading = null;
  function loadLibrary() {
    if (window.htmlToImage) return Promise.resolve(window.htmlToImage);
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = library;
        script.onload = () => (window.htmlToImage ? resolve(window.htmlToImage)
          : reject(new Error('html-to-image did not load')));
        script.onerror = () => { loading = null; reject(new Error('cannot load ' + library)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // The mission hatching is an SVG pattern defined outside the map container (map.js puts it
  // in <body>); the image is made from the container alone, so lend it a copy while rendering.
  function lendPatterns(container) {
    const svg = container.querySelector('.leaflet-overlay-pane svg');
    if (!svg) return () => {};
    const defs = document.createElementNS(svg.namespaceURI, 'defs');
    for (const pattern of document.querySelectorAll('svg pattern')) {
      if (!container.contains(pattern)) defs.appendChild(pattern.cloneNode(true));
    }
    if (!defs.childNodes.length) return () => {};
    svg.insertBefore(defs, svg.firstChild);
    return () => defs.remove();
  }

  function addAttribution(container) {
    if (!labels.attribution) return () => {};
    const line = document.createElement('div');
    line.className = 'atlas-export-attribution';
    line.textContent = labels.attribution;
    container.appendChild(line);
    return () => line.remove();
  }

  function fileName() {
    const year = document.body.dataset.atlasYear || '';
    return text('filename', 'nato-atlas-{year}.png').replace('{year}', year);
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Left out of the image: the zoom buttons, this control, and open hover tooltips.
  const keep = (node) => !(node.classList && (
    node.classList.contains('leaflet-control-zoom') ||
    node.classList.contains('atlas-export') ||
    node.classList.contains('leaflet-tooltip')));

  async function render() {
    const container = map.getContainer();
    const htmlToImage = await loadLibrary();
    const returnPatterns = lendPatterns(container);
    const removeAttribution = addAttribution(container);
    try {
      return await htmlToImage.toBlob(container, {
        pixelRatio: Number(labels.pixel_ratio) || 2,
        width: container.clientWidth,
        height: container.clientHeight,
        backgroundColor: getComputedStyle(container).backgroundColor || '#cfe0ea',
        cacheBust: false,
        preferredFontFormat: 'woff2',
        // Online tiles (off by default) that cannot be read back leave a blank, not an error.
        imagePlaceholder: 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
        filter: keep,
      });
    } finally {
      removeAttribution();
      returnPatterns();
    }
  }

  let button = null;
  async function save() {
    if (!button || button.disabled) return;
    button.disabled = true;
    button.textContent = text('busy', 'Saving…');
    try {
      const blob = await render();
      if (!blob) throw new Error('empty image');
      download(blob, fileName());
      button.textContent = text('save', 'Save PNG');
    } catch (error) {
      console.error('NATO Atlas: PNG export failed', error);
      button.textContent = text('failed', 'Could not save the image');
      setTimeout(() => { if (button) button.textContent = text('save', 'Save PNG'); }, 4000);
    } finally {
      button.disabled = false;
    }
  }

  const control = L.control({position: 'topleft'});
  control.onAdd = () => {
    const box = L.DomUtil.create('div', 'leaflet-bar atlas-export');
    button = L.DomUtil.create('button', 'atlas-export-png', box);
    button.type = 'button';
    button.textContent = text('save', 'Save PNG');
    button.title = text('title', '');
    button.setAttribute('aria-label', text('title', text('save', 'Save PNG')));
    // A click here must not pan the map or reach streamlit-folium's click handler.
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.on(button, 'click', (event) => { L.DomEvent.stop(event); save(); });
    return box;
  };
  control.addTo(map);
  window.natoAtlas.exportPng = save;  // for tests and keyboard shortcuts
  window.natoAtlas.renderPng = render;
  return control;
};
