// The year control: a native range input (role=slider, arrow keys, Home/End for free) that
// sends every year it passes through to the map frame, so the map paints while the thumb
// moves, and reports the year to Python only when the user lets go (debounced), so the rest
// of the page follows without a rerun per pixel.
//
// The map frame and this control find each other with window.postMessage (see the top of
// static/atlas/map.js): the frame says "map-ready" to this window, and the control answers
// to that frame (event.source). Nothing is named per session, and a tab only reaches its own
// frames, so two tabs never steer each other.
//
// In presenter mode it also drives the story: with a scene shown, the clicker's keys
// (arrows, PageUp/PageDown) step scenes instead of years; B blanks the screen, F toggles full
// screen, Esc leaves presenter mode. Keys pressed inside the map frame arrive as messages.
const REPORT_DELAY_MS = 250;
// A student following the teacher polls the class's file this often (atlas/classstate.py):
// half of it is the average wait before the teacher's change is seen.
const FOLLOW_POLL_MS = 350;
const FOLLOW_ENDED_RETRY_MS = 2000;
const ATLAS_MESSAGE = 'nato-atlas';
const instances = new WeakMap();

// The map frames of this tab that said they are ready, and how to reach them. A frame is
// found by window.postMessage (it says "map-ready"; we answer to event.source). Years then
// travel on a BroadcastChannel whose name this control draws at random in the browser and
// hands to the frames it found: a year posted to a frame's window reaches its paint a whole
// frame later than one on a channel (bench: ~22 ms against ~9 ms). The name lives only in this
// tab, so two tabs still never steer each other, and nothing about it comes from the server.
// A frame that cannot join the channel (file:// documents have opaque origins) keeps getting
// its years by postMessage.
function randomName() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);  // crypto.randomUUID needs a secure context: not on a LAN
  return 'nato-atlas-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function mapLink(onMessage) {
  const frames = new Set();
  const joined = new Set();  // frames that answered on the channel
  const tokens = new Map();  // token -> frame, to know which frame answered
  const name = randomName();
  const channel = new BroadcastChannel(name);
  channel.onmessage = (event) => {
    const msg = event.data || {};
    if (msg.type === 'joined' && tokens.has(msg.token)) joined.add(tokens.get(msg.token));
  };
  const post = (target, msg) => {
    try { target.postMessage({atlas: ATLAS_MESSAGE, ...msg}, '*'); } catch (e) { frames.delete(target); }
  };
  const listener = (event) => {
    const msg = event.data || {};
    if (msg.atlas !== ATLAS_MESSAGE || !event.source || event.source === window) return;
    if (msg.type === 'map-ready') {
      frames.add(event.source);
      joined.delete(event.source);  // a reloaded frame joins again
      const token = randomName();
      tokens.set(token, event.source);
      post(event.source, {type: 'channel', name, token});
    }
    if (frames.has(event.source)) onMessage(msg, event.source);
  };
  window.addEventListener('message', listener);
  // A map that was ready before this control mounted hears this and says so again.
  for (let i = 0; i < window.frames.length; i++) post(window.frames[i], {type: 'control-ready'});
  return {
    send(msg, target) {
      if (!target && joined.size) channel.postMessage({atlas: ATLAS_MESSAGE, ...msg});
      for (const frame of target ? [target] : [...frames]) {
        if (frame.closed) { frames.delete(frame); joined.delete(frame); }
        else if (target || !joined.has(frame)) post(frame, msg);
      }
    },
    close() {
      window.removeEventListener('message', listener);
      channel.close();
      frames.clear();
      joined.clear();
    },
  };
}

// Following the teacher: the class's file (a static file the teacher's session rewrites) is
// fetched every FOLLOW_POLL_MS, never from the cache; a new change is painted at once and
// reported to Python (which reads the file itself and moves the slider, caption, panel and
// URL in the student's language). Polling pauses while the page is hidden (a phone asleep, a
// tab in the background) and starts again the moment it is shown; a failed fetch (the server
// restarting, the network gone) is simply tried again. A class that is closed, timed out or
// gone is reported too, until Python stops the polling.
function classFollower(paint, report) {
  let url = null;
  let seen = null;
  let timer = null;
  let inflight = false;
  function schedule(delay) {
    clearTimeout(timer);
    timer = (url && !document.hidden) ? setTimeout(poll, delay) : null;
  }
  async function poll() {
    timer = null;
    if (!url || document.hidden || inflight) return;
    inflight = true;
    let delay = FOLLOW_POLL_MS;
    try {
      const response = await fetch(url, {cache: 'no-store'});
      if (response.status === 404) {
        report('ended'); delay = FOLLOW_ENDED_RETRY_MS;
      } else if (response.ok) {
        const state = await response.json();
        // The server's clock, not the phone's, says whether the class has timed out.
        const serverNow = Date.parse(response.headers.get('Date') || '') / 1000;
        if (state.closed || serverNow >= state.expires) {
          report('ended'); delay = FOLLOW_ENDED_RETRY_MS;
        } else if (state.seq !== seen && url) {
          seen = state.seq;
          paint(state);
          report(state.seq);
        }
      }
    } catch (error) { /* not reachable now: try again */ }
    inflight = false;
    if (url) schedule(delay);
  }
  const wake = () => { if (!document.hidden && url && !inflight) { clearTimeout(timer); poll(); } };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('pageshow', wake);
  window.addEventListener('online', wake);
  return {
    set(next) {
      if (!next || typeof next.url !== 'string') { url = null; clearTimeout(timer); return; }
      const fresh = next.url !== url;
      url = next.url;
      seen = next.seq;  // what Python shows now
      if (fresh) schedule(0);
      else if (!timer && !inflight) schedule(FOLLOW_POLL_MS);
    },
    close() {
      url = null;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('pageshow', wake);
      window.removeEventListener('online', wake);
    },
  };
}

// A teacher's class is steered by a token that stays in the teacher's browser as a cookie
// (atlas/classlink.py, teacher_seat): the address shows only the join code, so a student who
// types the projected address follows the class and cannot steer it. Python reads the cookie
// when a page connects (a reload, a server restart); it cannot set one, so this does.
function keepTeacherSeat(seat) {
  if (!seat || !/^atlas_class_[0-9A-Z]+$/.test(seat.name) || !/^[\w-]+$/.test(seat.token)) return;
  document.cookie = `${seat.name}=${seat.token}; path=/; max-age=${Number(seat.max_age) || 0}; ` +
    'SameSite=Strict';
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let inst = instances.get(parentElement);
  if (!inst) {
    // Reports go through the newest setTriggerValue: after a reconnect (a server restart)
    // Streamlit hands the same element a new one, and the first would reach nobody.
    const reporter = {send: setTriggerValue};
    inst = mount(parentElement, data, (name, value) => reporter.send(name, value));
    inst.reporter = reporter;
    instances.set(parentElement, inst);
  }
  inst.reporter.send = setTriggerValue;
  keepTeacherSeat(data.teach);
  inst.update(data);
  return () => { inst.destroy(); instances.delete(parentElement); };
}

// What the user does goes to Python as trigger values (events), not state: settling on the
// same year twice, with a scene in between, must still count.
function mount(root, data, setTriggerValue) {
  const labels = data.labels;
  // The styles, into the component's shadow root (served beside this file, cached).
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('year_control.css', import.meta.url).href;
  root.appendChild(style);
  const wrap = document.createElement('div');
  wrap.className = 'atlas-year-control';
  wrap.innerHTML = `
    <label class="atlas-year-label"><span class="atlas-year-name"></span>
      <output class="atlas-year-value" aria-hidden="true"></output></label>
    <div class="atlas-year-row">
      <button type="button" class="atlas-play"></button>
      <input type="range" class="atlas-year-input" step="1" dir="ltr">
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

  const maps = mapLink((msg, frame) => {
    if (msg.type === 'map-ready') {
      const scene = sceneIndex >= 0 ? scenes[sceneIndex] : null;
      maps.send({type: 'year', year: current(), item, bounds: scene ? scene.bounds : null,
                 sent: performance.timeOrigin + performance.now()}, frame);
    } else if (msg.type === 'key' && typeof msg.key === 'string') {
      handleKey(msg.key);
    }
  });
  let reportTimer = null;
  let playTimer = null;
  let lastDataYear = null;
  let lastReported = null;
  let lastDataScene = null;
  let item = data.item || null;
  let scenes = data.scenes || [];
  let sceneIndex = -1;
  let present = Boolean(data.present);
  const blank = document.createElement('div');
  blank.className = 'atlas-blank';
  blank.hidden = true;
  blank.setAttribute('aria-label', labels.blank);
  root.appendChild(blank);

  const current = () => Number(input.value);
  // Years in the reader's digits (Persian, Arabic-Indic); the slider itself counts in numbers.
  const digits = labels.digits || '0123456789';
  const written = (year) => String(year).replace(/[0-9]/g, (d) => digits[Number(d)]);
  function broadcast(year) {
    maps.send({type: 'year', year, item, sent: performance.timeOrigin + performance.now()});
  }
  function show(year) {
    output.textContent = written(year);
    input.setAttribute('aria-valuetext', written(year));
  }
  // The last step told to Python and not yet handed back ({name, value}), and to which of its
  // sessions. A step taken while the server was away (restarting) reached nobody: a new
  // session hears it again, so the page, its URL and the map agree once the server is back.
  let unheard = null;
  let session = data.session;
  function tell(name, value) {
    unheard = {name, value};
    setTriggerValue(name, value);
  }
  function report(year) {
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => {
      reportTimer = null;
      lastReported = year;
      tell('year', year);
    }, REPORT_DELAY_MS);
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

  function showScene(index) {
    if (!scenes.length) return;
    sceneIndex = Math.max(0, Math.min(scenes.length - 1, index));
    const scene = scenes[sceneIndex];
    stop();
    item = scene.item;
    setYear(scene.year, {send: false});
    maps.send({type: 'year', year: scene.year, item: scene.item, bounds: scene.bounds,
               sent: performance.timeOrigin + performance.now()});
    clearTimeout(reportTimer);
    reportTimer = setTimeout(() => { reportTimer = null; tell('scene', scene.id); },
                             REPORT_DELAY_MS);
  }
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  }

  // The teacher's change, painted before Python hears of it.
  const follower = classFollower((state) => {
    stop();
    item = typeof state.item === 'string' ? state.item : null;
    setYear(Number(state.year), {send: false});
    broadcast(current());
    bringMapIntoView();
  }, (value) => setTriggerValue('follow', value));
  // On a follower's phone the teacher's change happens on the map, and an item's quotes come
  // up in a sheet over the screen's lower part: a map scrolled out of view comes back.
  function bringMapIntoView() {
    if (!window.matchMedia('(max-width: 1024px)').matches) return;
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    if (!frame) return;
    const box = frame.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight / 3) {
      frame.scrollIntoView({block: 'start', behavior: 'smooth'});
    }
  }

  input.addEventListener('input', () => { broadcast(current()); show(current()); });
  input.addEventListener('change', () => report(current()));
  play.addEventListener('click', toggle);
  speed.addEventListener('change', () => { if (playTimer) { stop(); start(); } });
  // Returns whether the key was one of ours.
  function handleKey(key) {
    const step = {ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1}[key];
    const inScenes = present && sceneIndex >= 0;
    if (step) inScenes ? showScene(sceneIndex + step) : setYear(current() + step);
    else if (key === 'Home') inScenes ? showScene(0) : setYear(Number(input.min));
    else if (key === 'End') inScenes ? showScene(scenes.length - 1) : setYear(Number(input.max));
    else if (key === ' ') toggle();
    else if (present && (key === 'b' || key === 'B')) blank.hidden = !blank.hidden;
    else if (present && (key === 'f' || key === 'F')) toggleFullscreen();
    else if (present && key === 'Escape') {
      if (!blank.hidden) blank.hidden = true;
      else setTriggerValue('leave', true);
    } else return false;
    return true;
  }
  // Keys work without first clicking the slider: a clicker sends arrows and PageUp/PageDown.
  const onKey = (event) => {
    // The real target: at document level an event from the shadow root names only its host.
    const target = event.composedPath()[0] || event.target;
    const tag = target && target.tagName;
    const editable = target && (target.isContentEditable || tag === 'TEXTAREA' ||
      tag === 'SELECT' || (tag === 'INPUT' && target.type !== 'range'));
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (editable && event.key !== 'Escape') return;
    // On the slider the browser already steps a year (firing input/change); keep that.
    const sliderKeys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
    if (target === input && sliderKeys.includes(event.key) && !(present && sceneIndex >= 0)) return;
    if (tag === 'BUTTON' && (event.key === ' ' || event.key === 'Enter')) return;
    if (handleKey(event.key)) event.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  stop();

  return {
    update(next) {
      if (unheard && next[unheard.name] === unheard.value) unheard = null;
      if (next.session !== session) {
        session = next.session;
        if (unheard && reportTimer === null) {
          tell(unheard.name, unheard.value);
          // Until it hands the step back, the new session's year is no reason to move.
          if (unheard.name === 'year') lastDataYear = next.year;
        }
      }
      input.min = String(next.min);
      input.max = String(next.max);
      const itemChanged = (next.item || null) !== item;
      item = next.item || null;
      scenes = next.scenes || [];
      present = Boolean(next.present);
      wrap.classList.toggle('atlas-present', present);
      if (!present) blank.hidden = true;
      follower.set(next.follow);
      if (next.scene !== lastDataScene) {
        lastDataScene = next.scene;
        sceneIndex = scenes.findIndex((s) => s.id === next.scene);
        if (sceneIndex >= 0) {
          const scene = scenes[sceneIndex];
          setYear(scene.year, {send: false});
          lastDataYear = next.year;
          maps.send({type: 'year', year: scene.year, item: scene.item, bounds: scene.bounds,
                     sent: performance.timeOrigin + performance.now()});
          return;
        }
      }
      // The rerun our own report caused hands that year back: the user may have moved on
      // since (a quick second key press), so it is no reason to move.
      if (next.year === lastReported && next.year !== lastDataYear) {
        lastDataYear = next.year;
        if (itemChanged) broadcast(current());
        return;
      }
      // Python moved the year (URL, another page): follow it, and tell the map.
      if (next.year !== lastDataYear) {
        lastDataYear = next.year;
        setYear(next.year, {send: false});
        broadcast(next.year);
      } else if (itemChanged) {
        broadcast(current());  // selection set or cleared: the map highlights it
      }
    },
    destroy() {
      stop();
      follower.close();
      clearTimeout(reportTimer);
      document.removeEventListener('keydown', onKey);
      maps.close();
    },
  };
}
