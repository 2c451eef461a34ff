// The exported site's map frame (map-<lang>-<mode>.html): the live app learns what was
// clicked through streamlit-folium, from the clicked layer's tooltip, which carries the item's
// id (atlas/mapview.py tooltip_html). Here the frame tells the page around it the same way,
// by postMessage; the page shows that item's panel. Loaded after map.js, before boot() runs.
(function () {
  const ATLAS_MESSAGE = 'nato-atlas';
  const init = window.natoAtlas.init;
  // The id between ⟦ and ⟧ in a tooltip's HTML, read as text by an inert parser.
  const refOf = (html) => {
    const text = new DOMParser().parseFromString(String(html), 'text/html').body.textContent;
    const start = text.indexOf('⟦');
    const end = text.indexOf('⟧', start + 1);
    return start >= 0 && end > start ? text.slice(start + 1, end) : null;
  };
  window.natoAtlas.init = function (map, data, topology, groups) {
    init(map, data, topology, groups);
    const clicked = (event) => {
      const tooltip = event.layer && event.layer.getTooltip && event.layer.getTooltip();
      const ref = tooltip ? refOf(tooltip.getContent()) : null;
      if (ref) window.parent.postMessage({atlas: ATLAS_MESSAGE, type: 'item', item: ref}, '*');
    };
    for (const group of Object.values(groups)) group.on('click', clicked);
  };
})();
