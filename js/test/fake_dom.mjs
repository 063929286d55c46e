// A small DOM emulation for the tag's unit tests (tag.md §11: "a DOM emulation with controlled
// time and randomness"). It models only what the tag touches: document.cookie with expiry,
// location, referrer, screen and viewport, Page Visibility, pagehide/pageshow, Image loads and
// timers under the test's control, Date, Math.random and crypto.getRandomValues.
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { buildMinified, SOURCE } from '../build.mjs';

export const DEFAULTS = {
  PARTY_COOKIE_NAME: '_dvp',
  PARTY_ID_TIMEOUT_SECONDS: 63072000,
  SESSION_COOKIE_NAME: '_dvs',
  SESSION_ID_TIMEOUT_SECONDS: 1800,
  COOKIE_DOMAIN: '',
  COOKIE_SAME_SITE: '',
  COOKIE_SECURE: false,
  LOGGING: false,
  SCRIPT_NAME: 'divolte.js',
  EVENT_SUFFIX: 'csc-event',
  AUTO_PAGE_VIEW_EVENT: true,
  EVENT_TIMEOUT_SECONDS: 0.75,
};

const readable = readFileSync(SOURCE, 'utf8');
let minified;

// The template of one variant ('readable' or 'minified').
export async function template(variant) {
  if (variant === 'readable') return readable;
  minified ??= await buildMinified(readable);
  return minified;
}

// Substitutes the placeholders as the collector does (tag.md §2).
export function render(code, constants = {}) {
  const values = { ...DEFAULTS, ...constants };
  return code.replace(/__DIVOLTE_([A-Z_]+?)__/g, (token, name) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${token}`);
    return JSON.stringify(values[name]);
  });
}

class EventTarget {
  constructor() {
    this.listeners = {};
  }
  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }
  removeEventListener(type, listener) {
    this.listeners[type] = (this.listeners[type] ?? []).filter((l) => l !== listener);
  }
  dispatch(type, event = {}) {
    for (const listener of [...(this.listeners[type] ?? [])]) listener.call(this, { type, ...event });
  }
  listenerCount(type) {
    return (this.listeners[type] ?? []).length;
  }
}

// A cookie jar with the semantics the tag relies on: expiry (expires/max-age), last write wins.
class CookieJar {
  constructor(clock) {
    this.clock = clock;
    this.cookies = new Map();
    this.writes = [];
  }
  get text() {
    const live = [];
    for (const [name, cookie] of this.cookies) {
      if (cookie.expires === undefined || cookie.expires > this.clock.now) {
        live.push(`${name}=${cookie.value}`);
      }
    }
    return live.join('; ');
  }
  write(text) {
    this.writes.push(text);
    const [pair, ...attributes] = text.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    let expires;
    for (const attribute of attributes) {
      const [key, value] = attribute.trim().split('=');
      if (key.toLowerCase() === 'max-age') expires = this.clock.now + Number(value) * 1000;
    }
    this.cookies.set(name, { value: pair.slice(eq + 1).trim(), expires });
  }
  set(name, value) {
    this.cookies.set(name, { value, expires: undefined });
  }
  delete(name) {
    this.cookies.delete(name);
  }
  value(name) {
    const cookie = this.cookies.get(name);
    return cookie && (cookie.expires === undefined || cookie.expires > this.clock.now)
      ? cookie.value : undefined;
  }
}

// Timers run only when the test advances the clock.
class Clock {
  constructor(now) {
    this.now = now;
    this.timers = [];
    this.nextId = 1;
  }
  setTimeout(callback, delay) {
    const id = this.nextId++;
    this.timers.push({ id, due: this.now + Math.max(0, Number(delay) || 0), callback });
    return id;
  }
  clearTimeout(id) {
    this.timers = this.timers.filter((timer) => timer.id !== id);
  }
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const timer = this.timers[0];
      if (!timer || timer.due > end) break;
      this.timers.shift();
      this.now = timer.due;
      timer.callback();
    }
    this.now = end;
  }
}

export class FakePage {
  // options: href, referrer, scriptSrc, hidden, time, random (32 bytes or null for no crypto),
  // screen {availWidth, availHeight}, viewport {width, height}, devicePixelRatio, currentScript,
  // scripts (srcs of all <script> elements), prefixedVisibility, noPageShow, cookies {name: value},
  // preset (object assigned onto window before the tag runs), cookieText (fixed document.cookie).
  constructor(options = {}) {
    const page = this;
    this.clock = new Clock(options.time ?? 1416245000000);
    this.jar = new CookieJar(this.clock);
    for (const [name, value] of Object.entries(options.cookies ?? {})) this.jar.set(name, value);
    this.images = [];
    this.logs = [];
    this.randomBytes = options.random === undefined ? new Uint8Array(32).fill(7) : options.random;
    const scriptSrc = options.scriptSrc ?? 'https://track.example.com/divolte.js';
    const scripts = (options.scripts ?? [scriptSrc]).map((src) => ({ src }));

    const RealDate = Date;
    const clock = this.clock;
    class FakeDate extends RealDate {
      constructor(...args) {
        if (args.length === 0) super(clock.now);
        else super(...args);
      }
      static now() {
        return clock.now;
      }
    }

    const document = new EventTarget();
    const hiddenName = options.prefixedVisibility ? 'webkitHidden' : 'hidden';
    document[hiddenName] = !!options.hidden;
    this.visibilityEvent = options.prefixedVisibility ? 'webkitvisibilitychange' : 'visibilitychange';
    this.hiddenName = hiddenName;
    Object.defineProperty(document, 'cookie', {
      get: () => options.cookieText ?? page.jar.text,
      set: (text) => page.jar.write(text),
    });
    document.referrer = options.referrer ?? '';
    document.currentScript = options.currentScript === false ? null : { src: scriptSrc };
    document.getElementsByTagName = (name) => (name === 'script' ? scripts : []);
    document.documentElement = { clientWidth: 1, clientHeight: 1 };
    document.body = {};

    const window = new EventTarget();
    this.window = window;
    this.document = document;
    const viewport = options.viewport ?? { width: 1280, height: 720 };
    Object.assign(window, {
      document,
      location: { href: options.href ?? 'https://www.example.com/' },
      screen: options.screen ?? { availWidth: 1920, availHeight: 1080 },
      innerWidth: viewport.width,
      innerHeight: viewport.height,
      devicePixelRatio: options.devicePixelRatio ?? 1,
      navigator: { userAgent: 'fake', platform: 'test', languages: ['en'] },
      console: {
        log: (...args) => page.logs.push(['log', ...args]),
        info: (...args) => page.logs.push(['info', ...args]),
        warn: (...args) => page.logs.push(['warn', ...args]),
        error: (...args) => page.logs.push(['error', ...args]),
      },
      setTimeout: (callback, delay) => clock.setTimeout(callback, delay),
      clearTimeout: (id) => clock.clearTimeout(id),
      Image: class {
        constructor(width, height) {
          this.width = width;
          this.height = height;
          page.images.push(this);
        }
      },
      Date: FakeDate,
      Math: Object.create(Math, { random: { value: () => 0.5 } }),
    });
    if (this.randomBytes) {
      window.crypto = {
        getRandomValues: (array) => {
          array.set(page.randomBytes);
          return array;
        },
      };
    }
    if (!options.noPageShow) {
      window.onpageshow = null;
      window.onpagehide = null;
    }
    Object.assign(window, options.preset ?? {});
    window.window = window;
    this.context = vm.createContext(window);
  }

  run(code) {
    vm.runInContext(code, this.context);
    return this.window.divolte;
  }

  // The query strings of every image request, in order.
  get requests() {
    return this.images.filter((image) => image.src !== undefined).map((image) => image.src);
  }

  // Completes the oldest outstanding image load (onload, or onerror when failed).
  finishNext(failed = false) {
    const image = this.images.find((candidate) => candidate.src && !candidate.done);
    if (!image) throw new Error('no outstanding image request');
    image.done = true;
    const handler = failed ? image.onerror : image.onload;
    if (handler) handler();
  }

  setHidden(hidden) {
    this.document[this.hiddenName] = hidden;
    this.document.dispatch(this.visibilityEvent);
  }
}

// The decoded parameters of a request URL, in order: [[name, value], ...].
export function parameters(url) {
  const query = url.slice(url.indexOf('?') + 1);
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))];
  });
}
