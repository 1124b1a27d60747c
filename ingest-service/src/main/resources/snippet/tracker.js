/*!
 * leadpipe.js: the leadpipe browser snippet. Dependency-free; Segment-style calls sent in batches.
 *
 * <script src="https://ingest.example/v1/tracker.js" data-write-key="YOUR_WRITE_KEY" async></script>
 *
 * Options (data-* attributes of the script tag): write-key (required), host (default: where this script
 * came from), flush-ms (default 2000), batch-size (default 20), auto-page ("false" to send page views
 * yourself), require-consent ("true": send nothing until leadpipe.consent(true)).
 */
(function (window, document) {
  'use strict';
  if (window.leadpipe && window.leadpipe.loaded) {
    return;
  }

  var VERSION = '1.0.0';
  var LIBRARY = { name: 'leadpipe.js', version: VERSION };
  var ANON_KEY = 'lp_aid';
  var USER_KEY = 'lp_uid';
  var CODE_KEY = 'lp_rc';
  var REFERRED_KEY = 'lp_ref_by';
  var QUEUE_KEY = 'lp_queue';
  var CONSENT_KEY = 'lp_consent';
  var COOKIE_DAYS = 365;
  var MAX_QUEUE = 200;            // events kept while offline; the oldest go first beyond it
  var BEACON_MAX_BYTES = 60000;   // browsers cap a beacon at 64 KB
  var MAX_BACKOFF_MS = 60000;
  var REF_PARAM = 'ref';

  var script = document.currentScript || (function () {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/v1\/tracker\.js/.test(all[i].src)) { return all[i]; }
    }
    return null;
  })();
  var data = (script && script.dataset) || {};
  var config = {
    writeKey: data.writeKey || (window.leadpipeConfig && window.leadpipeConfig.writeKey),
    host: data.host || (script && script.src ? new URL(script.src, location.href).origin : location.origin),
    flushMs: parseInt(data.flushMs || '2000', 10),
    batchSize: parseInt(data.batchSize || '20', 10),
    autoPage: data.autoPage !== 'false',
    requireConsent: data.requireConsent === 'true'
  };

  // --- first-party storage: localStorage, with a cookie so the id survives storage clean-ups -------------

  function store(key, value) {
    try {
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* storage disabled: the cookie still holds the ids */ }
  }

  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
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

  var anonymousId = persistent(ANON_KEY, uuid);
  var userId = persistent(USER_KEY, null);
  var consent = load(CONSENT_KEY) || (config.requireConsent ? 'pending' : 'granted');

  // --- referral: a visit that arrives with ?ref= is attributed to the sharer ----------------------------

  function queryParam(url, name) {
    var match = String(url).match(new RegExp('[?&]' + name + '=([^&#]*)'));
    return match ? decodeURIComponent(match[1]) : null;
  }

  var arrivedWith = queryParam(location.href, REF_PARAM);
  if (arrivedWith) {
    try { sessionStorage.setItem(REFERRED_KEY, arrivedWith); } catch (e) { /* attribution still in the URL */ }
  }

  // --- the queue: persisted so events survive reloads and offline periods ---------------------------------

  var queue = [];
  try { queue = JSON.parse(load(QUEUE_KEY) || '[]'); } catch (e) { queue = []; }
  var inFlight = false;
  var failures = 0;
  var retryTimer = null;

  function saveQueue() {
    if (queue.length > MAX_QUEUE) { queue.splice(0, queue.length - MAX_QUEUE); }
    store(QUEUE_KEY, queue.length ? JSON.stringify(queue) : null);
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

  function body(messages) {
    return JSON.stringify({ batch: messages, sentAt: new Date().toISOString() });
  }

  function authorization() {
    return 'Basic ' + btoa(config.writeKey + ':');
  }

  /** Sends the queue's head; retried with exponential backoff on network errors, 429 and 5xx. */
  function flush() {
    if (inFlight || !queue.length || consent !== 'granted' || !config.writeKey) { return; }
    if (navigator.onLine === false) { scheduleRetry(); return; }
    var messages = queue.slice(0, config.batchSize);
    var payload = body(messages);
    inFlight = true;
    fetch(config.host + '/v1/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Authorization': authorization() },
      body: payload,
      keepalive: payload.length < BEACON_MAX_BYTES,
      credentials: 'omit'
    }).then(function (response) {
      inFlight = false;
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429)) {
        // Accepted, or rejected for good (the answer says which and why): either way not resent.
        drop(messages);
        failures = 0;
        if (queue.length) { flush(); }
      } else {
        scheduleRetry();
      }
    }, function () {
      inFlight = false;
      scheduleRetry();
    });
  }

  function drop(messages) {
    var sent = {};
    for (var i = 0; i < messages.length; i++) { sent[messages[i].messageId] = true; }
    queue = queue.filter(function (m) { return !sent[m.messageId]; });
    saveQueue();
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    failures++;
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures - 1));
    delay = delay / 2 + Math.random() * delay / 2;
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, delay);
  }

  /** When the page goes away a fetch may be cancelled; a beacon is delivered by the browser afterwards. */
  function flushWithBeacon() {
    if (!queue.length || consent !== 'granted' || !config.writeKey || !navigator.sendBeacon) { return; }
    var messages = [];
    for (var i = 0; i < queue.length && messages.length < config.batchSize; i++) {
      messages.push(queue[i]);
      if (body(messages).length > BEACON_MAX_BYTES) { messages.pop(); break; }
    }
    if (!messages.length) { return; }
    var url = config.host + '/v1/batch?writeKey=' + encodeURIComponent(config.writeKey);
    // text/plain needs no CORS preflight, which a beacon could not wait for.
    if (navigator.sendBeacon(url, new Blob([body(messages)], { type: 'text/plain' }))) {
      drop(messages);
    }
  }

  // --- the public API ----------------------------------------------------------------------------------

  var leadpipe = {
    loaded: true,
    VERSION: VERSION,

    page: function (name, properties) {
      var props = properties || {};
      // The arrival is attributed once; later pages of the visit are the visitor's own.
      if (arrivedWith && !props.referralCode) { props.referralCode = arrivedWith; }
      arrivedWith = null;
      enqueue({ type: 'page', name: name || document.title, properties: props });
    },
    /** The referral code this visit arrived with (kept for the session), or null. */
    referredBy: function () {
      try { return sessionStorage.getItem(REFERRED_KEY); } catch (e) { return null; }
    },
    track: function (event, properties) {
      enqueue({ type: 'track', event: event, properties: properties || {} });
    },
    identify: function (id, traits) {
      if (id) { userId = String(id); store(USER_KEY, userId); setCookie(USER_KEY, userId); }
      enqueue({ type: 'identify', userId: userId, traits: traits || {} });
    },
    alias: function (newUserId, previousId) {
      enqueue({ type: 'alias', userId: String(newUserId), previousId: previousId || anonymousId });
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

    /** The consent switch: false stops sending and forgets queued events; true (re)starts. */
    consent: function (granted) {
      consent = granted ? 'granted' : 'denied';
      store(CONSENT_KEY, consent);
      if (!granted) { queue = []; saveQueue(); } else { flush(); }
      return consent;
    },
    consentStatus: function () { return consent; },
    anonymousId: function () { return anonymousId; },
    userId: function () { return userId; },
    flush: flush,
    queued: function () { return queue.length; },
    reset: function () {
      userId = null;
      store(USER_KEY, null);
      setCookie(USER_KEY, '');
      anonymousId = uuid();
      store(ANON_KEY, anonymousId);
      setCookie(ANON_KEY, anonymousId);
    }
  };

  // Calls made before the snippet loaded: window.leadpipe = [['track', 'X', {...}], ...]
  var early = Array.isArray(window.leadpipe) ? window.leadpipe : [];
  window.leadpipe = leadpipe;

  setInterval(flush, config.flushMs);
  window.addEventListener('online', flush);
  window.addEventListener('pagehide', flushWithBeacon);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { flushWithBeacon(); }
  });

  if (config.autoPage) { leadpipe.page(); }
  for (var i = 0; i < early.length; i++) {
    var call = early[i];
    if (call && typeof leadpipe[call[0]] === 'function') { leadpipe[call[0]].apply(leadpipe, call.slice(1)); }
  }
  flush();
})(window, document);
