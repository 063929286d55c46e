/*
 * divolte.js: the browser tag of divolte-cpp (spec: tag.md). Written for ES5 browsers.
 *
 * This file is a template: at start-up the collector replaces the placeholders passed to the
 * outer function below by the source's configured values as JavaScript literals (tag.md §2). It is served as is with `javascript.debug = true`, and
 * minified by js/build.mjs otherwise.
 */
(function (PARTY_COOKIE_NAME, PARTY_ID_TIMEOUT_SECONDS, SESSION_COOKIE_NAME,
  SESSION_ID_TIMEOUT_SECONDS, COOKIE_DOMAIN, COOKIE_SAME_SITE, COOKIE_SECURE, LOGGING,
  SCRIPT_NAME, EVENT_SUFFIX, AUTO_PAGE_VIEW_EVENT, EVENT_TIMEOUT_SECONDS, window, undefined) {
  'use strict';

  var document = window.document;
  var console = window.console;
  var ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~_';

  // ---------------------------------------------------------------------------------------
  // Logging (tag.md §10): only with LOGGING, never throwing.

  function log(level) {
    if (!LOGGING || !console || !console[level]) return;
    try {
      console[level].apply(console, ['[divolte]'].concat([].slice.call(arguments, 1)));
    } catch (ignored) {
      // Logging must never break the page.
    }
  }

  function now() {
    return new Date().getTime();
  }

  // ---------------------------------------------------------------------------------------
  // Text encodings.

  // Lone UTF-16 surrogates cannot be URI-encoded; they become U+FFFD before a value is encoded
  // and checksummed, so the server sees (and checksums) the same text.
  function wellFormed(text) {
    return String(text).replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|([^\ud800-\udbff]|^)[\udc00-\udfff]/g,
      function (match, before) {
        return before === undefined ? '\ufffd' : before + '\ufffd';
      });
  }

  // UTF-8 bytes of well-formed text, one character per byte.
  function utf8(text) {
    return unescape(encodeURIComponent(text));
  }

  // ---------------------------------------------------------------------------------------
  // SHA-256 (FIPS 180-4) over a string of bytes; returns 32 byte values. The round constants
  // are the fractional parts of the square and cube roots of the first primes.

  var SHA256_INITIAL = [];
  var SHA256_ROUND = [];
  (function () {
    var candidate = 2;
    var composite = {};
    var step;
    while (SHA256_ROUND.length < 64) {
      if (!composite[candidate]) {
        for (step = candidate * candidate; step < 320; step += candidate) composite[step] = true;
        if (SHA256_INITIAL.length < 8) {
          SHA256_INITIAL.push((Math.pow(candidate, 1 / 2) * 4294967296) | 0);
        }
        SHA256_ROUND.push((Math.pow(candidate, 1 / 3) * 4294967296) | 0);
      }
      candidate++;
    }
  })();

  function rotateRight(value, bits) {
    return (value >>> bits) | (value << (32 - bits));
  }

  function sha256(bytes) {
    var bitLength = bytes.length * 8;
    var words = [];
    var hash = SHA256_INITIAL.slice(0);
    var digest = [];
    var state, schedule, block, i, e, a, t1, t2, w15, w2;
    bytes += '\x80';
    while (bytes.length % 64 !== 56) bytes += '\x00';
    for (i = 0; i < bytes.length; i++) {
      words[i >> 2] |= bytes.charCodeAt(i) << ((3 - (i & 3)) * 8);
    }
    words.push((bitLength / 4294967296) | 0, bitLength | 0);
    for (block = 0; block < words.length; block += 16) {
      schedule = words.slice(block, block + 16);
      state = hash.slice(0);
      for (i = 0; i < 64; i++) {
        if (i >= 16) {
          w15 = schedule[i - 15];
          w2 = schedule[i - 2];
          schedule[i] = (schedule[i - 16] + schedule[i - 7] +
            (rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >>> 3)) +
            (rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >>> 10))) | 0;
        }
        e = state[4];
        a = state[0];
        t1 = state[7] + (rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)) +
          ((e & state[5]) ^ (~e & state[6])) + SHA256_ROUND[i] + schedule[i];
        t2 = (rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)) +
          ((a & state[1]) ^ (a & state[2]) ^ (state[1] & state[2]));
        state = [(t1 + t2) | 0].concat(state);
        state[4] = (state[4] + t1) | 0;
        state.length = 8;
      }
      for (i = 0; i < 8; i++) hash[i] = (hash[i] + state[i]) | 0;
    }
    for (i = 0; i < 32; i++) digest.push((hash[i >> 2] >>> (24 - (i & 3) * 8)) & 255);
    return digest;
  }

  // ---------------------------------------------------------------------------------------
  // Checksum (protocol.md §6): MurmurHash3 x86 32-bit, seed 0, of the UTF-8 canonical string.

  // 32-bit multiplication without Math.imul (not ES5).
  function multiply32(a, b) {
    return ((a & 0xffff) * b + ((((a >>> 16) * b) & 0xffff) << 16)) | 0;
  }

  function mixKey(key) {
    key = multiply32(key, 0xcc9e2d51);
    return multiply32((key << 15) | (key >>> 17), 0x1b873593);
  }

  function murmur3(bytes) {
    var length = bytes.length;
    var body = length & ~3;
    var hash = 0;
    var key = 0;
    var i;
    for (i = 0; i < body; i += 4) {
      hash ^= mixKey(bytes.charCodeAt(i) | (bytes.charCodeAt(i + 1) << 8) |
        (bytes.charCodeAt(i + 2) << 16) | (bytes.charCodeAt(i + 3) << 24));
      hash = (multiply32((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
    }
    for (i = length - 1; i >= body; i--) key = (key << 8) | bytes.charCodeAt(i);
    if (length & 3) hash ^= mixKey(key);
    hash ^= length;
    hash = multiply32(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = multiply32(hash ^ (hash >>> 13), 0xc2b2ae35);
    return hash ^ (hash >>> 16);
  }

  // values: {name: unencoded value}. Names are sorted by UTF-16 code units (Array#sort).
  function checksum(values) {
    var names = [];
    var canonical = '';
    var name, i;
    for (name in values) {
      if (values.hasOwnProperty(name)) names.push(name);
    }
    names.sort();
    for (i = 0; i < names.length; i++) canonical += names[i] + '=' + values[names[i]] + ',;';
    return murmur3(utf8(canonical)).toString(36);
  }

  // ---------------------------------------------------------------------------------------
  // Mincode (protocol.md §7): the custom event parameters.

  function escapeMincode(text) {
    return wellFormed(text).replace(/[~!]/g, '~$&');
  }

  function mincodeNumber(value) {
    var exponential = value.toExponential();
    var plain = String(value);
    var base36 = value % 1 === 0 ? value.toString(36) : undefined;
    if (base36 !== undefined && base36.length <= exponential.length &&
        base36.length <= plain.length) {
      return 'd' + base36 + '!';
    }
    return 'j' + (exponential.length < plain.length ? exponential : plain) + '!';
  }

  // One record; `name` is set inside objects.
  function mincode(value, name) {
    var label = name === undefined ? '' : escapeMincode(name) + '!';
    var type = typeof value;
    var members, key, i;
    if (value !== null && type === 'object' && typeof value.toJSON === 'function') {
      return mincode(value.toJSON(), name);
    }
    if (type === 'string') return 's' + label + escapeMincode(value) + '!';
    if (type === 'boolean') return (value ? 't' : 'f') + label;
    if (type === 'number') {
      if (!isFinite(value)) return 'n' + label;
      members = mincodeNumber(value);
      return members.charAt(0) + label + members.substring(1);
    }
    if (value === null || type === 'undefined') return 'n' + label;
    if (type !== 'object') throw 'Cannot encode of type: ' + type;
    if (Object.prototype.toString.call(value) === '[object Array]') {
      members = 'a' + label;
      for (i = 0; i < value.length; i++) members += mincode(value[i]);
      return members + '.';
    }
    members = '(' + label;
    for (key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined) {
        members += mincode(value[key], key);
      }
    }
    return members + ')';
  }

  // ---------------------------------------------------------------------------------------
  // Initialisation (tag.md §3).

  function initError(reason) {
    throw 'Divolte could not initialize itself' + (LOGGING ? '; ' + reason : '') + '.';
  }

  function scriptUrl() {
    var current = document.currentScript;
    var pattern = new RegExp('^(.*/)?' + SCRIPT_NAME.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&') +
      '([?#].*)?$');
    var scripts = document.getElementsByTagName('script');
    var found = [];
    var i;
    if (current && current.src) return current.src;
    for (i = 0; i < scripts.length; i++) {
      if (scripts[i].src && pattern.test(scripts[i].src)) found.push(scripts[i].src);
    }
    if (found.length !== 1) {
      initError((found.length ? 'found several scripts' : 'could not locate script') +
        ' with src=".../' + SCRIPT_NAME + '"');
    }
    return found[0];
  }

  var scriptSrc = scriptUrl();
  var fragmentStart = scriptSrc.indexOf('#');
  var serverPageViewId = fragmentStart < 0 ? '' : scriptSrc.substring(fragmentStart + 1);
  var baseUrl = scriptSrc.replace(/[?#].*$/, '').replace(/[^\/]*$/, '');
  var eventUrl = baseUrl + EVENT_SUFFIX + '?';

  if (serverPageViewId.indexOf('/') >= 0) {
    throw 'DVT not initialized correctly; page view ID may not contain a slash (\'/\').';
  }

  // ---------------------------------------------------------------------------------------
  // Identifiers (tag.md §4).

  function randomCharacters() {
    var cryptoApi = window.crypto || window.msCrypto;
    var text = '';
    var bytes, i;
    if (cryptoApi && cryptoApi.getRandomValues && typeof Uint8Array === 'function') {
      bytes = new Uint8Array(32);
      cryptoApi.getRandomValues(bytes);
      for (i = 0; i < 32; i++) text += String.fromCharCode(bytes[i]);
      return text;
    }
    return undefined;
  }

  function browserFacts() {
    var navigator = window.navigator || {};
    var screen = window.screen || {};
    return [navigator.userAgent, navigator.platform, navigator.languages || navigator.language,
      screen.width, screen.height, screen.colorDepth, window.innerWidth, window.innerHeight].join();
  }

  // The 32 (or, without secure random, 33) characters after the prefix of an identifier.
  function uniquePart(time) {
    var random = randomCharacters();
    var weak = random === undefined;
    var unique = '';
    var digest, i;
    if (weak) {
      random = '';
      for (i = 0; i < 32; i++) random += String.fromCharCode(Math.floor(Math.random() * 256));
      random += utf8(wellFormed(browserFacts()));
    }
    digest = sha256(utf8(time.toString(36) + window.location.href) + random);
    for (i = 0; i < 32; i++) unique += ID_ALPHABET.charAt(digest[i] & 0x3f);
    return unique + (weak ? '!' : '');
  }

  function timedId(time) {
    return '0:' + time.toString(36) + ':' + uniquePart(time);
  }

  // ---------------------------------------------------------------------------------------
  // Cookies (tag.md §5).

  function readCookie(name) {
    var parts = document.cookie ? String(document.cookie).split(';') : [];
    var value, match, i;
    for (i = 0; i < parts.length; i++) {
      match = /^\s*([^=]*?)\s*=\s*(.*)$/.exec(parts[i]);
      if (match && match[1] === name) value = match[2];
    }
    return value || undefined;
  }

  function writeCookie(name, value, timeoutSeconds, time) {
    document.cookie = name + '=' + value + '; path=/; expires=' +
      new Date(time + 1000 * timeoutSeconds).toUTCString() + '; max-age=' + timeoutSeconds +
      (COOKIE_DOMAIN ? '; domain=' + COOKIE_DOMAIN : '') +
      (COOKIE_SAME_SITE ? '; samesite=' + COOKIE_SAME_SITE : '') +
      (COOKIE_SECURE ? '; secure' : '');
  }

  var loadTime = now();
  var screen = window.screen || {};
  var availableWidth = screen.availWidth;
  var availableHeight = screen.availHeight;
  var partyId = readCookie(PARTY_COOKIE_NAME);
  var sessionId = readCookie(SESSION_COOKIE_NAME);
  var newParty = !partyId;
  var firstInSession = !sessionId;
  if (newParty) partyId = timedId(loadTime);
  if (firstInSession) sessionId = timedId(loadTime);

  if (window.divolte !== null && typeof window.divolte === 'object') {
    log('warn', 'divolte is already defined; this copy of the tag does nothing.');
    return;
  }

  var module = {
    partyId: partyId,
    sessionId: sessionId,
    pageViewId: serverPageViewId || null,
    isNewPartyId: newParty,
    isFirstInSession: firstInSession,
    isServerPageView: !!serverPageViewId
  };
  log('info', 'party', partyId, newParty ? '(new)' : '', 'session', sessionId,
    firstInSession ? '(new)' : '', 'events to', eventUrl);

  // ---------------------------------------------------------------------------------------
  // Delivery (tag.md §9): a strictly serial queue of query strings and callbacks.

  var queue = [];
  var delivering = false;

  function deliverNext() {
    var item = queue.shift();
    var finished = false;
    var image, timer;
    delivering = item !== undefined;
    if (!delivering) return;
    if (typeof item === 'function') {
      try {
        item();
      } catch (error) {
        log('error', 'whenCommitted callback failed:', error);
      }
      deliverNext();
      return;
    }
    function complete(outcome) {
      if (finished) return;
      finished = true;
      window.clearTimeout(timer);
      image.onload = image.onerror = null;
      log(outcome === 'delivered' ? 'info' : 'warn', 'event', outcome);
      deliverNext();
    }
    image = new window.Image(1, 1);
    image.onload = function () {
      complete('delivered');
    };
    image.onerror = function () {
      complete('failed');
    };
    timer = window.setTimeout(function () {
      complete('timed out');
    }, EVENT_TIMEOUT_SECONDS * 1000);
    image.src = eventUrl + item;
  }

  function enqueue(item) {
    queue.push(item);
    if (!delivering) deliverNext();
  }

  function whenCommitted(callback, timeoutMs) {
    var called = false;
    var timer;
    function once() {
      if (called) return;
      called = true;
      window.clearTimeout(timer);
      callback();
    }
    if (timeoutMs !== undefined) {
      timer = window.setTimeout(function () {
        try {
          once();
        } catch (error) {
          log('error', 'whenCommitted callback failed:', error);
        }
      }, timeoutMs);
    }
    enqueue(once);
  }

  // ---------------------------------------------------------------------------------------
  // Events (tag.md §6, §8).

  var pageViewId = serverPageViewId;
  var pageViewStarted = false;
  var eventCounter = 0;
  var cookiesWritten = false;
  var lastEventTime;

  // Session renewal (tag.md §6), before each event is built. Returns whether a new session
  // started.
  function checkSession(time) {
    var sessionCookie = readCookie(SESSION_COOKIE_NAME);
    var partyCookie = readCookie(PARTY_COOKIE_NAME);
    var renewed = cookiesWritten &&
      (!sessionCookie || time - lastEventTime > 1000 * SESSION_ID_TIMEOUT_SECONDS);
    if (renewed) {
      sessionId = timedId(time);
      log('info', 'session renewed:', sessionId);
    } else if (sessionCookie) {
      sessionId = sessionCookie;
    }
    if (partyCookie) partyId = module.partyId = partyCookie;
    module.sessionId = sessionId;
    return renewed;
  }

  function viewportSize(dimension) {
    var element = document.documentElement || {};
    var body = document.body || {};
    return window['inner' + dimension] || element['client' + dimension] ||
      body['client' + dimension] || element['offset' + dimension] ||
      body['offset' + dimension];
  }

  function signal(type, params) {
    var values = {};
    var query = [];
    var custom, time, eventId, renewed;
    function add(name, value) {
      if (value === undefined) return;
      value = wellFormed(typeof value === 'number' ? value.toString(36) : value);
      values[name] = value;
      query.push(name + '=' + encodeURIComponent(value));
    }
    if (!pageViewStarted) startPageView();
    if (!type) {
      log('warn', 'signal() needs an event type; nothing sent.');
      return null;
    }
    // Encoded first: parameters that cannot be encoded must leave no trace (tag.md §8.1).
    if (params !== undefined) custom = mincode(params);
    time = now();
    renewed = checkSession(time);
    eventId = pageViewId + (eventCounter++).toString(16);
    add('p', partyId);
    add('s', sessionId);
    add('v', pageViewId);
    add('e', eventId);
    add('c', time);
    add('n', newParty ? 't' : 'f');
    add('f', firstInSession || renewed ? 't' : 'f');
    add('l', window.location.href);
    add('r', document.referrer || undefined);
    add('i', availableWidth);
    add('j', availableHeight);
    add('k', window.devicePixelRatio);
    add('w', viewportSize('Width'));
    add('h', viewportSize('Height'));
    add('t', type);
    add('u', custom);
    newParty = firstInSession = false;
    writeCookie(SESSION_COOKIE_NAME, sessionId, SESSION_ID_TIMEOUT_SECONDS, time);
    writeCookie(PARTY_COOKIE_NAME, partyId, PARTY_ID_TIMEOUT_SECONDS, time);
    cookiesWritten = true;
    lastEventTime = time;
    query.push('x=' + checksum(values));
    log('info', 'signal', type, eventId, params);
    enqueue(query.join('&'));
    return eventId;
  }

  // ---------------------------------------------------------------------------------------
  // Page views (tag.md §7).

  function startPageView() {
    pageViewStarted = true;
    if (!serverPageViewId) {
      pageViewId = module.pageViewId = '0:' + uniquePart(now());
      eventCounter = 0;
    }
    log('info', 'page view', pageViewId);
    if (AUTO_PAGE_VIEW_EVENT) signal('pageView');
  }

  function listen(target, name, listener) {
    target.addEventListener(name, listener, false);
  }

  function startWhenVisible() {
    var prefixes = ['', 'moz', 'ms', 'webkit'];
    var hiddenProperty, changeEvent, i;
    for (i = 0; i < prefixes.length && !hiddenProperty; i++) {
      if ((prefixes[i] ? prefixes[i] + 'Hidden' : 'hidden') in document) {
        hiddenProperty = prefixes[i] ? prefixes[i] + 'Hidden' : 'hidden';
        changeEvent = prefixes[i] + 'visibilitychange';
      }
    }
    function onVisibilityChange() {
      if (pageViewStarted || !document[hiddenProperty]) {
        document.removeEventListener(changeEvent, onVisibilityChange, false);
        if (!pageViewStarted) startPageView();
      }
    }
    if (hiddenProperty && document[hiddenProperty] && document.addEventListener) {
      try {
        listen(document, changeEvent, onVisibilityChange);
        log('info', 'page is hidden; the page view starts when it is shown');
        return;
      } catch (error) {
        log('warn', 'cannot listen for visibility changes:', error);
      }
    }
    startPageView();
  }

  function restartAfterBackForwardCache() {
    function onPageHide() {
      window.removeEventListener('pagehide', onPageHide, false);
      listen(window, 'pageshow', startPageView);
    }
    if ('onpageshow' in window && 'onpagehide' in window && window.addEventListener) {
      try {
        listen(window, 'pagehide', onPageHide);
      } catch (error) {
        log('warn', 'cannot listen for page show/hide:', error);
      }
    } else if (window.history && window.history.navigationMode) {
      window.history.navigationMode = 'compatible';
    }
  }

  // ---------------------------------------------------------------------------------------
  // Export (tag.md §3.5) and start.

  module.signal = signal;
  module.whenCommitted = whenCommitted;
  if (typeof window.define === 'function' && window.define.amd) {
    window.define(function () {
      return module;
    });
  } else if (window.module && window.module.exports) {
    window.module.exports = module;
  } else {
    window.divolte = module;
  }
  startWhenVisible();
  restartAfterBackForwardCache();
})(__DIVOLTE_PARTY_COOKIE_NAME__, __DIVOLTE_PARTY_ID_TIMEOUT_SECONDS__,
  __DIVOLTE_SESSION_COOKIE_NAME__, __DIVOLTE_SESSION_ID_TIMEOUT_SECONDS__,
  __DIVOLTE_COOKIE_DOMAIN__, __DIVOLTE_COOKIE_SAME_SITE__, __DIVOLTE_COOKIE_SECURE__,
  __DIVOLTE_LOGGING__, __DIVOLTE_SCRIPT_NAME__, __DIVOLTE_EVENT_SUFFIX__,
  __DIVOLTE_AUTO_PAGE_VIEW_EVENT__, __DIVOLTE_EVENT_TIMEOUT_SECONDS__, window);
