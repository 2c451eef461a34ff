// The Türkiye page's map (atlas/turkey/map.py): no label covers another label or a symbol, or
// runs past the map's edge. Most important first (the sites, then the missions, then the
// Straits), each label goes on its own side, else on another, else without its years, else
// it is hidden. On a phone (Türkiye some 250 px wide) İncirlik, Konya and Kürecik would print
// over one another; every symbol stays, a tap gives the name, the years and the sources, and
// zooming in brings the labels back as room allows.
(function () {
  const LABELS = '.tk-pin:not(.tk-strait .tk-pin) > .tk-label, .tk-mission, .tk-strait .tk-label';
  // Where else a site's or a Strait's label may go (atlas/web/turkiye_map.css), tried in turn
  // after its own side; then the same without its years; then it is hidden.
  const PLACES = ['', 'tk-at-w', 'tk-at-ne', 'tk-at-se', 'tk-at-nw', 'tk-at-sw'];
  const GAP = 2;  // pixels kept between two labels
  const overlaps = (a, b) => a.left < b.right + GAP && b.left < a.right + GAP &&
    a.top < b.bottom + GAP && b.top < a.bottom + GAP;

  function declutter(container) {
    const edge = container.getBoundingClientRect();
    const labels = [...container.querySelectorAll(LABELS)];
    const classes = ['tk-label-hidden', 'tk-label-short', ...PLACES.filter(Boolean)];
    for (const label of labels) label.classList.remove(...classes);
    // Symbols are never hidden, and no label may cover another's symbol.
    const symbols = [...container.querySelectorAll('.tk-pin > svg')]
      .map((symbol) => [symbol, symbol.getBoundingClientRect()]);
    const kept = [];
    const fits = (label) => {
      const box = label.getBoundingClientRect();
      const own = label.parentElement.querySelector(':scope > svg');
      return box.width > 0 && box.left >= edge.left && box.right <= edge.right &&
        box.top >= edge.top && box.bottom <= edge.bottom &&
        !kept.some((other) => overlaps(box, other)) &&
        !symbols.some(([symbol, other]) => symbol !== own && overlaps(box, other));
    };
    for (const label of labels) {
      const movable = label.classList.contains('tk-label');
      const shortenable = movable && label.querySelector('.tk-years');
      let placed = false;
      for (const short of shortenable ? [false, true] : [false]) {
        label.classList.toggle('tk-label-short', short);
        for (const place of movable ? PLACES : ['']) {
          if (place) label.classList.add(place);
          if (fits(label)) { placed = true; break; }
          if (place) label.classList.remove(place);
        }
        if (placed) break;
      }
      if (placed) {
        kept.push(label.getBoundingClientRect());
      } else {
        label.classList.remove('tk-label-short');
        label.classList.add('tk-label-hidden');
      }
    }
  }

  // The map is built after this script runs (the map's own script comes after it).
  let tries = 0;
  (function start() {
    const container = document.querySelector('.leaflet-container');
    const pane = container && container.querySelector('.leaflet-map-pane');
    if (!pane || !pane.querySelector('.tk-pin')) {
      if (++tries < 200) setTimeout(start, 50);
      return;
    }
    let pending = false;
    const later = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; declutter(container); });
    };
    // The map pane moves on a pan, the markers on a zoom, both by their style: look again.
    new MutationObserver(later).observe(pane, {attributes: true, childList: true, subtree: true,
                                               attributeFilter: ['style']});
    window.addEventListener('resize', later);
    later();
  })();
})();
