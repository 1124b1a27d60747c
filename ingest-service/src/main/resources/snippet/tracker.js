/*!
 * leadpipe.js: the leadpipe browser snippet. Dependency-free; Segment-style calls sent in batches.
 *
 * <script src="https://ingest.example/v1/tracker.js" data-write-key="YOUR_WRITE_KEY" async></script>
 *
 * Options (data-* attributes of the script tag): write-key (required; or window.leadpipeConfig.writeKey, or
 * the key given to a Segment stub's analytics.load), host (default: where this script came from), flush-ms
 * (default 2000), batch-size (default 20), queue-size (default 500: events kept per tab while they cannot be
 * sent; beyond it the oldest are dropped and counted), auto-page ("false" to send page views yourself),
 * require-consent ("true": send nothing until leadpipe.consent(true)).
 *
 * Delivery: at least once, each event with its own messageId (ingest's consumers drop copies by it). Every tab
 * keeps its queue under its own localStorage key; a key whose tab is gone (its Web Lock is free, or without
 * Web Locks its heartbeat is stale) is adopted by the next tab of the site that runs, so no tab overwrites
 * another's events and a closed tab's events are still sent.
 */
(function (window, document) {
  'use strict';
  if (window.leadpipe && window.leadpipe.loaded) {
    return;
  }

  var VERSION = '1.1.0';
  var LIBRARY = { name: 'leadpipe.js', version: VERSION };
  var ANON_KEY = 'lp_aid';
  var USER_KEY = 'lp_uid';
  var CODE_KEY = 'lp_rc';
  var REFERRED_KEY = 'lp_ref_by';
  var LEGACY_QUEUE_KEY = 'lp_queue';  // 1.0's single shared queue, adopted once after an upgrade
  var QUEUE_PREFIX = 'lp_q.';         // + tab id: that tab's queue
  var HEARTBEAT_PREFIX = 'lp_hb.';    // + tab id: last sign of life, where Web Locks are missing
  var LOCK_PREFIX = 'leadpipe-tab.';  // + tab id: the Web Lock a tab holds while it lives
  var CONSENT_KEY = 'lp_consent';
  var DROPPED_KEY = 'lp_dropped';     // events dropped because the queue was full, over all visits
  var COOKIE_DAYS = 365;
  var BEACON_MAX_BYTES = 60000;       // browsers cap a beacon (and a keepalive fetch) at 64 KB
  var BASE_BACKOFF_MS = 1000;
  var MAX_BACKOFF_MS = 60000;
  var HEARTBEAT_MS = 10000;
  // Without Web Locks a tab counts as gone after this silence; above the once-a-minute timers of hidden tabs.
  var LEASE_MS = 150000;
  // A beacon's outcome is unknown, so its events are kept and resent by the next page; only within half of
  // scoring's 24 h dedupe window, so a copy is always recognised (later they count as delivered).
  var BEACON_RESEND_MS = 12 * 3600 * 1000;
  var REF_PARAM = 'ref';

  var script = document.currentScript || (function () {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/v1\/tracker\.js/.test(all[i].src)) { return all[i]; }
    }
    return null;
  })();
  var data = (script && script.dataset) || {};

  function positive(value, fallback) {
    var n = parseInt(value, 10);
    return n > 0 ? n : fallback;
  }

  var segmentStub = Array.isArray(window.analytics) ? window.analytics : null;
  var config = {
    writeKey: data.writeKey || (window.leadpipeConfig && window.leadpipeConfig.writeKey) ||
      (segmentStub && segmentStub._writeKey),
    host: data.host || (script && script.src ? new URL(script.src, location.href).origin : location.origin),
    flushMs: positive(data.flushMs, 2000),
    batchSize: positive(data.batchSize, 20),
    queueSize: positive(data.queueSize, 500),
    autoPage: data.autoPage !== 'false',
    requireConsent: data.requireConsent === 'true'
  };

  // --- first-party storage: localStorage, with a cookie so the id survives storage clean-ups -------------

  function store(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
      return true;
    } catch (e) { return false; /* storage disabled or full: the caller keeps the value in memory */ }
  }

  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function storageKeys(prefix) {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) { keys.push(key); }
      }
    } catch (e) { /* no storage: nothing to adopt */ }
    return keys;
  }

  function setCookie(key, value) {
    var expires = new Date(Date.now() + COOKIE_DAYS * 864e5).toUTCString();
    document.cookie = key + '=' + encodeURIComponent(value) + '; expires=' + expires + '; path=/; SameSite=Lax';
  }

  function getCookie(key) {
    var match = document.cookie.match(new RegExp('(?:^|; )' + key + '=([^;]*)'));
    return match ? decodeURIComponent(match[1]) : null;
  }

  function persistent(key, create) {
    var value = load(key) || getCookie(key);
    if (!value && create) { value = create(); }
    if (value) { store(key, value); setCookie(key, value); }
    return value;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === 'x' ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function shortCode() {
    return uuid().replace(/-/g, '').slice(0, 10);
  }

  function parseArray(text) {
    try {
      var value = JSON.parse(text || '[]');
      return Array.isArray(value) ? value : [];
    } catch (e) { return []; }
  }

  var anonymousId = persistent(ANON_KEY, uuid);
  var userId = persistent(USER_KEY, null);

  /** Read from storage each time, so a switch made in another tab holds here at once. */
  function consentNow() {
    return load(CONSENT_KEY) || (config.requireConsent ? 'pending' : 'granted');
  }
  var consent = consentNow();

  // --- referral: a visit that arrives with ?ref= is attributed to the sharer ----------------------------

  function queryParam(url, name) {
    var match = String(url).match(new RegExp('[?&]' + name + '=([^&#]*)'));
    return match ? decodeURIComponent(match[1]) : null;
  }

  var arrivedWith = queryParam(location.href, REF_PARAM);
  if (arrivedWith) {
    try { sessionStorage.setItem(REFERRED_KEY, arrivedWith); } catch (e) { /* attribution still in the URL */ }
  }

  // --- the queue: this tab's own key, adopted by another tab once this one is gone ------------------------

  var tabId = uuid();
  var ownKey = QUEUE_PREFIX + tabId;
  var queue = [];
  // Written to storage only once this tab holds its lock, so no other tab can take it for an orphan.
  var ownsKey = false;
  var stats = { sent: 0, rejected: 0, dropped: 0, retries: 0, requests: 0, stopped: false, lastStatus: 0 };

  function saveQueue() {
    if (queue.length > config.queueSize) {
      var over = queue.length - config.queueSize;
      queue.splice(0, over);
      stats.dropped += over;
      store(DROPPED_KEY, String((parseInt(load(DROPPED_KEY), 10) || 0) + over));
    }
    if (ownsKey) { store(ownKey, queue.length ? JSON.stringify(queue) : null); }
  }

  function byTimestamp(a, b) {
    return a.timestamp < b.timestamp ? -1 : (a.timestamp > b.timestamp ? 1 : 0);
  }

  /** Moves another (gone) tab's events into this tab's queue; saved here before removed there. */
  function adopt(key) {
    var theirs = parseArray(load(key));
    if (consentNow() === 'granted') {
      var mine = {};
      for (var i = 0; i < queue.length; i++) { mine[queue[i].messageId] = true; }
      var now = Date.now();
      for (var j = 0; j < theirs.length; j++) {
        var m = theirs[j];
        if (!m || !m.messageId || mine[m.messageId]) { continue; }
        if (m.beaconAt && now - m.beaconAt > BEACON_RESEND_MS) { continue; }
        delete m.beaconAt;
        queue.push(m);
      }
      // Array.prototype.sort is stable: one tab's events keep their order, tabs interleave by time.
      queue.sort(byTimestamp);
      saveQueue();
    }
    store(key, null);
    if (key.indexOf(QUEUE_PREFIX) === 0) { store(HEARTBEAT_PREFIX + key.slice(QUEUE_PREFIX.length), null); }
  }

  var locks = navigator.locks && typeof navigator.locks.request === 'function' ? navigator.locks : null;

  /** Adopts the queues of tabs that are gone: no lock holder, or a stale heartbeat where locks are missing. */
  function adoptOrphans() {
    if (!ownsKey) { return; }
    if (load(LEGACY_QUEUE_KEY)) { adopt(LEGACY_QUEUE_KEY); }
    var keys = storageKeys(QUEUE_PREFIX);
    keys.forEach(function (key) {
      var id = key.slice(QUEUE_PREFIX.length);
      if (id === tabId) { return; }
      if (locks) {
        // Granted only if the owner is gone; the lock also keeps two tabs from adopting the same queue.
        locks.request(LOCK_PREFIX + id, { ifAvailable: true }, function (lock) {
          if (lock && load(key)) { adopt(key); }
        }).then(flushSoon, function () { /* locks unavailable here (e.g. opaque origin) */ });
      } else {
        var beat = parseInt(load(HEARTBEAT_PREFIX + id), 10) || 0;
        if (Date.now() - beat > LEASE_MS) { adopt(key); }
      }
    });
  }

  function takeOwnership() {
    ownsKey = true;
    saveQueue();
    adoptOrphans();
    flushSoon();
  }

  function heartbeat() { store(HEARTBEAT_PREFIX + tabId, String(Date.now())); }

  function liveByHeartbeat() {
    locks = null;
    heartbeat();
    setInterval(heartbeat, HEARTBEAT_MS);
  }

  if (locks) {
    // Held for this tab's lifetime: the browser frees it when the tab closes or crashes.
    locks.request(LOCK_PREFIX + tabId, function () {
      takeOwnership();
      return new Promise(function () {});
    }).then(null, function () { liveByHeartbeat(); takeOwnership(); });
  } else {
    liveByHeartbeat();
    ownsKey = true;
  }

  function context() {
    var tz;
    try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { tz = undefined; }
    return {
      page: { url: location.href, path: location.pathname, title: document.title, referrer: document.referrer },
      userAgent: navigator.userAgent,
      locale: navigator.language,
      timezone: tz,
      library: LIBRARY
    };
  }

  function enqueue(message) {
    consent = consentNow();
    if (consent !== 'granted') { return; }
    message.messageId = uuid();
    message.anonymousId = anonymousId;
    if (userId && !message.userId) { message.userId = userId; }
    message.timestamp = new Date().toISOString();
    message.context = context();
    queue.push(message);
    saveQueue();
    if (queue.length >= config.batchSize) { flush(); }
  }

  function forget(messages) {
    var gone = {};
    for (var i = 0; i < messages.length; i++) { gone[messages[i].messageId] = true; }
    queue = queue.filter(function (m) { return !gone[m.messageId]; });
    saveQueue();
  }

  function clearQueue() {
    queue = [];
    saveQueue();
  }

  // --- sending: one batch at a time, in queue order --------------------------------------------------------

  var inFlight = false;
  var inFlightIds = {};         // the batch on its way, so the beacon at page exit does not repeat it
  var failures = 0;
  var retryTimer = null;
  var networkFailure = false;   // the last failure was the network's (the online event ends the wait)
  var maxBatchBytes = BEACON_MAX_BYTES;  // halved on each 413 until a batch fits
  var isolate = 0;              // after an unexplained 4xx: send at most this many, to find the bad event

  function body(messages) {
    return JSON.stringify({ batch: messages, sentAt: new Date().toISOString() });
  }

  function byteLength(text) {
    return window.TextEncoder ? new TextEncoder().encode(text).length : unescape(encodeURIComponent(text)).length;
  }

  /** The queue's head, as many events as fit the batch size and the byte limit (always at least one). */
  function nextBatch(limitBytes) {
    var count = Math.min(queue.length, isolate || config.batchSize);
    var messages = queue.slice(0, count);
    while (messages.length > 1 && byteLength(body(messages)) > limitBytes) { messages.pop(); }
    return messages;
  }

  function canSend() {
    consent = consentNow();
    return queue.length > 0 && consent === 'granted' && !!config.writeKey && !stats.stopped;
  }

  function flushSoon() { setTimeout(flush, 0); }

  /** Sends the queue's head. Retries wait for their timer; the online event cuts a network wait short. */
  function flush() {
    if (inFlight || retryTimer || !canSend()) { return; }
    if (navigator.onLine === false) { networkFailure = true; return; }  // the online event resumes
    var messages = nextBatch(maxBatchBytes);
    var payload = body(messages);
    var bytes = byteLength(payload);
    inFlight = true;
    inFlightIds = {};
    messages.forEach(function (m) { inFlightIds[m.messageId] = true; });
    stats.requests++;
    fetch(config.host + '/v1/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': authorization() },
      body: payload,
      keepalive: bytes < BEACON_MAX_BYTES,
      credentials: 'omit'
    }).then(function (response) {
      return response.text().then(function (text) { return { response: response, text: text }; },
        function () { return { response: response, text: '' }; });
    }).then(function (answer) {
      inFlight = false;
      handle(answer.response, answer.text, messages, bytes);
    }, function () {
      inFlight = false;
      networkFailure = true;
      retryLater(0);
    });
  }

  function authorization() {
    return 'Basic ' + btoa(config.writeKey + ':');
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  /** What ingest's answer means for the batch (see ingest-service/README.md, "Answers"). */
  function handle(response, text, messages, bytes) {
    var status = response.status;
    stats.lastStatus = status;
    if (response.ok) {
      // Accepted, and each rejected event reported by index (ingest dead-letters those): none is resent.
      var answer = parse(text);
      var rejected = answer && Array.isArray(answer.rejected) ? answer.rejected.length : 0;
      stats.rejected += rejected;
      stats.sent += messages.length - rejected;
      delivered(messages);
    } else if (status === 401) {
      // A wrong write key: nothing will be accepted until the page loads with a right one. Keep the queue.
      stats.stopped = true;
      if (window.console) { console.warn('leadpipe: the write key was refused (401); events are kept, not sent'); }
    } else if (status === 413) {
      if (messages.length === 1) {
        stats.rejected++;
        delivered(messages);  // one event larger than any batch may be: it can never be accepted
      } else {
        maxBatchBytes = Math.max(1, Math.floor(bytes / 2));
        flushSoon();
      }
    } else if (status === 429 || status >= 500) {
      networkFailure = false;
      retryLater(retryAfterMs(response));
    } else if (status >= 400 && isProblem(parse(text))) {
      rejectedFromBatch(parse(text), messages);
    } else {
      // Not ingest's problem answer (a wrong host or path, a proxy in between; a 1xx/3xx): it says nothing
      // about the events, so they are kept and retried.
      retryLater(0);
    }
  }

  function isProblem(answer) {
    return !!answer && typeof answer === 'object' && (typeof answer.type === 'string' || typeof answer.status === 'number');
  }

  function delivered(messages) {
    forget(messages);
    failures = 0;
    isolate = 0;
    if (queue.length) { flushSoon(); }
  }

  /**
   * A 4xx other than 401/413: the events the problem lists (by index in this batch) are refused for good and
   * dropped; the others were not refused, so they are sent again. Without a usable list a single event is
   * dropped, and a larger batch is sent in halves until the refused event stands alone.
   */
  function rejectedFromBatch(problem, messages) {
    var listed = problem && Array.isArray(problem.rejected) ? problem.rejected : [];
    var refused = [];
    for (var i = 0; i < listed.length; i++) {
      var index = listed[i] && listed[i].index;
      if (typeof index === 'number' && messages[index]) { refused.push(messages[index]); }
    }
    if (!refused.length && messages.length === 1) { refused = messages; }
    if (refused.length) {
      stats.rejected += refused.length;
      forget(refused);
      isolate = 0;
    } else {
      isolate = Math.ceil(messages.length / 2);
    }
    failures = 0;
    if (queue.length) { flushSoon(); }
  }

  /** Seconds (or an HTTP date) of a Retry-After header, in ms; 0 when absent. */
  function retryAfterMs(response) {
    var value = response.headers.get('Retry-After');
    if (!value) { return 0; }
    var seconds = Number(value);
    if (!isNaN(seconds)) { return Math.max(0, seconds * 1000); }
    var at = Date.parse(value);
    return isNaN(at) ? 0 : Math.max(0, at - Date.now());
  }

  /** Exponential backoff with jitter (half fixed, half random), never shorter than the server asked. */
  function retryLater(serverMs) {
    if (retryTimer) { return; }
    failures++;
    stats.retries++;
    var delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * Math.pow(2, failures - 1));
    delay = Math.max(serverMs, delay / 2 + Math.random() * delay / 2);
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
  }

  function online() {
    if (networkFailure && retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
      failures = 0;
    }
    networkFailure = false;
    adoptOrphans();
    flush();
  }

  /**
   * When the page goes away a fetch (other than the keepalive one in flight) may be cancelled; a beacon is delivered by the browser afterwards. Its
   * outcome is never known, so the events stay in this tab's key, marked, and the next page adopts and
   * resends them (a copy carries the same messageId).
   */
  function flushWithBeacon() {
    if (!canSend() || !navigator.sendBeacon || navigator.onLine === false) { return; }
    var messages = queue.filter(function (m) { return !m.beaconAt && !(inFlight && inFlightIds[m.messageId]); })
      .slice(0, config.batchSize);
    while (messages.length > 1 && byteLength(body(messages)) > BEACON_MAX_BYTES) { messages.pop(); }
    if (!messages.length) { return; }
    var url = config.host + '/v1/batch?writeKey=' + encodeURIComponent(config.writeKey);
    // text/plain needs no CORS preflight, which a beacon could not wait for.
    if (navigator.sendBeacon(url, new Blob([body(messages)], { type: 'text/plain' }))) {
      var at = Date.now();
      messages.forEach(function (m) { m.beaconAt = at; });
      saveQueue();
    }
  }

  // --- other tabs: consent and identity changes made there hold here too -----------------------------------

  window.addEventListener('storage', function (event) {
    if (event.key === CONSENT_KEY || event.key === null) {
      consent = consentNow();
      if (consent !== 'granted') { clearQueue(); } else { flushSoon(); }
    }
    if (event.key === USER_KEY) { userId = event.newValue; }
    if (event.key === ANON_KEY && event.newValue) { anonymousId = event.newValue; }
  });

  // --- the public API ----------------------------------------------------------------------------------

  function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }

  /** Segment calls end with (options, callback); a callback runs once the call is queued. */
  function callbackOf(args) {
    for (var i = args.length - 1; i >= 0; i--) { if (typeof args[i] === 'function') { return args[i]; } }
    return null;
  }

  function done(args) {
    var callback = callbackOf(args);
    if (callback) { setTimeout(callback, 0); }
  }

  var leadpipe = {
    loaded: true,
    VERSION: VERSION,

    /** page([category], [name], [properties]): Segment's signature; the name defaults to the title. */
    page: function (category, name, properties) {
      if (isObject(category)) { properties = category; name = null; category = null; }
      else if (isObject(name)) { properties = name; name = category; category = null; }
      else if (typeof name !== 'string') { name = category; category = null; }
      var props = isObject(properties) ? properties : {};
      if (typeof category === 'string' && !props.category) { props.category = category; }
      // The arrival is attributed once; later pages of the visit are the visitor's own.
      if (arrivedWith && !props.referralCode) { props.referralCode = arrivedWith; }
      arrivedWith = null;
      enqueue({ type: 'page', name: typeof name === 'string' && name ? name : document.title, properties: props });
      done(arguments);
    },
    /** The referral code this visit arrived with (kept for the session), or null. */
    referredBy: function () {
      try { return sessionStorage.getItem(REFERRED_KEY); } catch (e) { return null; }
    },
    track: function (event, properties) {
      enqueue({ type: 'track', event: event, properties: isObject(properties) ? properties : {} });
      done(arguments);
    },
    /** identify([userId], [traits]): without an id the traits belong to the current visitor. */
    identify: function (id, traits) {
      if (isObject(id)) { traits = id; id = null; }
      if (id !== null && id !== undefined && typeof id !== 'function') {
        userId = String(id);
        store(USER_KEY, userId);
        setCookie(USER_KEY, userId);
      }
      enqueue({ type: 'identify', userId: userId, traits: isObject(traits) ? traits : {} });
      done(arguments);
    },
    alias: function (newUserId, previousId) {
      enqueue({
        type: 'alias',
        userId: String(newUserId),
        previousId: typeof previousId === 'string' && previousId ? previousId : (userId || anonymousId)
      });
      done(arguments);
    },
    /** A Segment group call: the visitor belongs to an account or company. */
    group: function (groupId, traits) {
      enqueue({ type: 'group', groupId: String(groupId), traits: isObject(traits) ? traits : {} });
      done(arguments);
    },
    /** A Segment screen call (an app's screen, like a page view). */
    screen: function (category, name, properties) {
      if (isObject(name)) { properties = name; name = category; category = null; }
      else if (typeof name !== 'string') { name = category; category = null; }
      var props = isObject(properties) ? properties : {};
      if (typeof category === 'string' && !props.category) { props.category = category; }
      enqueue({ type: 'screen', name: typeof name === 'string' ? name : '', properties: props });
      done(arguments);
    },

    // e-commerce helpers (Segment e-commerce spec names + leadpipe's hesitation signals)
    productViewed: function (product) { leadpipe.track('Product Viewed', product); },
    productAdded: function (product) { leadpipe.track('Product Added', product); },
    productRemoved: function (product) { leadpipe.track('Product Removed', product); },
    cartViewed: function (products) { leadpipe.track('Cart Viewed', { products: products || [] }); },
    checkoutStarted: function (order) { leadpipe.track('Checkout Started', order); },
    checkoutStep: function (step, stepName, properties) {
      var props = properties || {};
      props.step = step;
      props.step_name = stepName;
      leadpipe.track('Checkout Step Viewed', props);
    },
    productsSearched: function (query) { leadpipe.track('Products Searched', { query: query }); },
    reviewRead: function (product) { leadpipe.track('Review Read', product); },
    shippingInfoViewed: function (properties) { leadpipe.track('Shipping Info Viewed', properties); },
    couponSearched: function (query) { leadpipe.track('Coupon Searched', { query: query }); },
    feedback: function (statedReason, properties) {
      var props = properties || {};
      props.statedReason = statedReason;
      leadpipe.track('Feedback Submitted', props);
    },

    /** The visitor's own referral code, put into the links they share. */
    referralCode: function () {
      return persistent(CODE_KEY, shortCode);
    },
    /** {@code url} with the visitor's referral code, to paste or post. */
    shareUrl: function (url) {
      var target = new URL(url || location.href, location.href);
      target.searchParams.set(REF_PARAM, leadpipe.referralCode());
      return target.toString();
    },
    /** Records that the visitor shared a product and returns the link to share. */
    share: function (url, product, network) {
      var link = leadpipe.shareUrl(url);
      var props = {};
      for (var k in (product || {})) { if (Object.prototype.hasOwnProperty.call(product, k)) { props[k] = product[k]; } }
      props.referralCode = leadpipe.referralCode();
      props.share_via = network || 'link';
      props.url = link;
      leadpipe.track('Product Shared', props);
      return link;
    },

    /**
     * The consent switch, for every tab of the site: false stops sending and forgets queued events (of all
     * tabs); true (re)starts.
     */
    consent: function (granted) {
      consent = granted ? 'granted' : 'denied';
      store(CONSENT_KEY, consent);
      if (!granted) {
        clearQueue();
        storageKeys(QUEUE_PREFIX).forEach(function (key) { store(key, null); });
        store(LEGACY_QUEUE_KEY, null);
      } else {
        flushSoon();
      }
      return consent;
    },
    consentStatus: function () { consent = consentNow(); return consent; },
    anonymousId: function () { return anonymousId; },
    userId: function () { return userId; },
    flush: flush,
    queued: function () { return queue.length; },
    /** Counters of this page (dropped: also over past visits), and whether a 401 stopped sending. */
    stats: function () {
      return {
        queued: queue.length,
        sent: stats.sent,
        rejected: stats.rejected,
        dropped: stats.dropped,
        droppedEver: parseInt(load(DROPPED_KEY), 10) || 0,
        retries: stats.retries,
        requests: stats.requests,
        stopped: stats.stopped,
        lastStatus: stats.lastStatus
      };
    },
    /** A new anonymous visitor (e.g. at log-out); events already queued keep the ids they were made with. */
    reset: function () {
      userId = null;
      store(USER_KEY, null);
      setCookie(USER_KEY, '');
      anonymousId = uuid();
      store(ANON_KEY, anonymousId);
      setCookie(ANON_KEY, anonymousId);
    },
    /** Runs the callback once the snippet is loaded (now, as soon as the current script ends). */
    ready: function (callback) {
      if (typeof callback === 'function') { setTimeout(callback, 0); }
    },
    /** Segment's user(): the current ids. */
    user: function () {
      return { id: function () { return userId; }, anonymousId: function () { return anonymousId; } };
    }
  };

  // Segment's names on window.analytics, so a page instrumented for Segment keeps working.
  var analytics = {};
  ['page', 'track', 'identify', 'alias', 'group', 'screen', 'reset', 'ready', 'user', 'flush'].forEach(function (name) {
    analytics[name] = function () { return leadpipe[name].apply(leadpipe, arguments); };
  });
  analytics.load = function () { /* loaded already: the write key comes from the script tag */ };
  analytics.loaded = true;
  analytics.VERSION = VERSION;

  // Calls made before the snippet loaded: window.leadpipe = [['track', 'X', {...}], ...], and Segment's stub
  // (window.analytics as an array of [method, ...args]).
  var early = Array.isArray(window.leadpipe) ? window.leadpipe : [];
  var earlySegment = segmentStub ? segmentStub.slice() : [];
  window.leadpipe = leadpipe;
  if (!window.analytics || segmentStub) { window.analytics = analytics; }

  setInterval(function () { if (!retryTimer) { adoptOrphans(); } flush(); }, config.flushMs);
  window.addEventListener('online', online);
  window.addEventListener('pagehide', flushWithBeacon);
  // Hidden, the page may be discarded without a pagehide: send now, with a keepalive fetch whose answer the
  // page still sees if it lives on (a beacon's never comes).
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { flush(); }
  });

  function callsPage(calls) {
    return calls.some(function (call) { return Array.isArray(call) && call[0] === 'page'; });
  }
  // A page that queued its own page call (as Segment's snippet does) is not counted twice.
  if (config.autoPage && !callsPage(early) && !callsPage(earlySegment)) { leadpipe.page(); }
  function replay(calls, target) {
    for (var i = 0; i < calls.length; i++) {
      var call = calls[i];
      if (Array.isArray(call) && typeof target[call[0]] === 'function') {
        target[call[0]].apply(target, call.slice(1));
      }
    }
  }
  replay(early, leadpipe);
  replay(earlySegment, analytics);
  if (!locks) { adoptOrphans(); }
  flush();
})(window, document);
