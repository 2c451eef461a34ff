// The year control: a native range input (role=slider, arrow keys, Home/End for free) that
// sends every year it passes through to the map frame over a BroadcastChannel, so the map
// paints while the thumb moves, and reports the year to Python only when the user lets go
// (debounced), so the rest of the page follows without a rerun per pixel.
const REPORT_DELAY_MS = 250;
const instances = new WeakMap();

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let inst = instances.get(parentElement);
  if (!inst) {
    inst = mount(parentElement, data, setStateValue);
    instances.set(parentElement, inst);
  }
  inst.update(data);
  return () => { inst.destroy(); instances.delete(parentElement); };
}

function mount(root, data, setStateValue) {
  const labels = data.labels;
  const wrap = document.createElement('div');
  wrap.className = 'atlas-year-control';
  wrap.innerHTML = `
    <label class="atlas-year-label"><span class="atlas-year-name"></span>
      <output class="atlas-year-value" aria-hidden="true"></output></label>
    <div class="atlas-year-row">
      <button type="button" class="atlas-play"></button>
      <input type="range" class="atlas-year-input" step="1">
      <label class="atlas-speed-label"><span class="atlas-speed-name"></span>
        <select class="atlas-speed"></select></label>
    </div>`;
  root.appendChild(wrap);
  const input = wrap.querySelector('input');
  const output = wrap.querySelector('output');
  const play = wrap.querySelector('.atlas-play');
  const speed = wrap.querySelector('.atlas-speed');
  wrap.querySelector('.atlas-year-name').textContent = labels.year;
  wrap.querySelector('.atlas-speed-name').textContent = labels.speed;
  input.setAttribute('aria-label', labels.year);
  for (const [value, text] of labels.speeds) {
    const option = document.createElement('option');
    option.value = String(value);
    option.textContent = text;
    speed.appendChild(option);
  }
  speed.value = String(labels.speeds[0][0]);

  let channel = new BroadcastChannel(data.channel);
  let reportTimer = null;
  let playTimer = null;
  let lastDataYear = null;
  let item = data.item || null;

  const current = () => Number(input.value);
  function broadcast(year) {
    channel.postMessage({type: 'year', year, item,
                         sent: performance.timeOrigin + performance.now()});
  }
  function show(year) {
    output.textContent = String(year);
    input.setAttribute('aria-valuetext', String(year));
  }
  function report(year) {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => setStateValue('year', year), REPORT_DELAY_MS);
  }
  function setYear(year, {send = true} = {}) {
    year = Math.max(Number(input.min), Math.min(Number(input.max), Math.round(year)));
    input.value = String(year);
    show(year);
    if (send) { broadcast(year); report(year); }
  }
  function stop() {
    clearInterval(playTimer);
    playTimer = null;
    play.textContent = '▶ ' + labels.play;
    play.setAttribute('aria-pressed', 'false');
  }
  function start() {
    if (current() >= Number(input.max)) setYear(Number(input.min));
    play.textContent = '⏸ ' + labels.pause;
    play.setAttribute('aria-pressed', 'true');
    playTimer = setInterval(() => {
      if (current() >= Number(input.max)) { stop(); return; }
      setYear(current() + 1);
    }, 1000 / Number(speed.value));
  }
  const toggle = () => (playTimer ? stop() : start());

  input.addEventListener('input', () => { broadcast(current()); show(current()); });
  input.addEventListener('change', () => report(current()));
  play.addEventListener('click', toggle);
  speed.addEventListener('change', () => { if (playTimer) { stop(); start(); } });
  channel.onmessage = (event) => {
    if ((event.data || {}).type === 'map-ready') broadcast(current());
  };
  // Keys work without first clicking the slider: a clicker sends arrows and PageUp/PageDown.
  const onKey = (event) => {
    const target = event.target;
    const typing = target && (target.isContentEditable ||
      ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName));
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    const step = {ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1}[event.key];
    if (step) setYear(current() + step);
    else if (event.key === 'Home') setYear(Number(input.min));
    else if (event.key === 'End') setYear(Number(input.max));
    else if (event.key === ' ') toggle();
    else return;
    event.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  stop();

  return {
    update(next) {
      input.min = String(next.min);
      input.max = String(next.max);
      item = next.item || null;
      if (next.channel !== data.channel) {
        channel.close();
        channel = new BroadcastChannel(next.channel);
        data = next;
      }
      // Python moved the year (URL, another page): follow it, and tell the map.
      if (next.year !== lastDataYear) {
        lastDataYear = next.year;
        setYear(next.year, {send: false});
        broadcast(next.year);
      } else if (next.item) {
        broadcast(current());
      }
    },
    destroy() {
      stop();
      clearTimeout(reportTimer);
      document.removeEventListener('keydown', onKey);
      channel.close();
    },
  };
}
