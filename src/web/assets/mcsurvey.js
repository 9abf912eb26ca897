// Page behaviour with JavaScript on: questions appear and disappear, calculations and piped labels
// update, and constraint messages show as the respondent types. Everything here is a convenience:
// without JavaScript the server does all of it on each page, and it checks every post anyway.
//
// Inputs: the data blocks the server puts on a question page (logic.cpp, LogicPageScripts):
//   mcs-logic   {key: "form@version", lang, instance (repeat instance, -1 outside), questions}
//   mcs-answers the stored answers this script can read (logic.cpp PageAnswersData: those its
//               expressions and piped texts name, and the calculations) {name: value, repeat: [{...}]}
// and window.MCSLogic[key] from /s/{form}/logic.js: per question, functions generated from the
// server's syntax trees (never eval'd source: the CSP allows scripts from 'self' only), run on
// window.MCSXPath (mcsurvey-xpath.js).
(function () {
  'use strict';

  function readJson(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function has(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k); }

  // Minutes east of UTC at `ms` in the study's time zone `zone` (an IANA name the page carries; the
  // server's ZoneOffsetMinutes in common/timezone.cpp), from the browser's own tz database through
  // Intl; `fallback` where Intl cannot (every browser of the last years can). Not the browser's
  // own zone: the server dates answers so.
  function zoneOffsetMinutes(zone, ms, fallback) {
    try {
      var parts = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit'
      }).formatToParts(new Date(ms));
      var v = {};
      parts.forEach(function (p) { v[p.type] = p.value; });
      var wall = Date.UTC(+v.year, +v.month - 1, +v.day, +v.hour % 24, +v.minute, +v.second);
      return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
    } catch (e) {
      return fallback;
    }
  }

  // The server's LooksLikeThousands (engine/runtime.cpp): "1,000" in English, "1.000" in German
  // (the page's language's thousands separator, then three digits) typed into a decimal is refused,
  // not read as 1; the value the page showed (the stored "2.125" on a German page) is not typing.
  function looksLikeThousands(t) {
    var m = /^[+-]?([1-9][0-9]{0,2})([,.])[0-9]{3}$/.exec(t);
    if (!m) return false;
    var group = ',';
    try {
      Intl.NumberFormat(document.documentElement.lang || 'en').formatToParts(1000000).forEach(function (p) {
        if (p.type === 'group') group = p.value;
      });
    } catch (e) { /* the server decides */ }
    return m[2] === group;
  }

  // What the server's Canonicalize would store for a typed value (engine/runtime.cpp), so that
  // expressions see the same strings on both sides; "" for what it would refuse.
  function canonical(type, raw, shown) {
    var t = raw.trim();
    if (t === '') return '';
    switch (type) {
      case 'integer': {
        if (!/^[+-]?[0-9]+$/.test(t)) return '';
        var v = parseInt(t, 10);
        return v > 2147483647 || v < -2147483648 ? '' : String(v);
      }
      case 'decimal': {
        if (raw !== shown && looksLikeThousands(t)) return '';
        var s = t;
        if (s.indexOf('.') < 0 && s.split(',').length === 2) s = s.replace(',', '.');
        if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return '';
        var d = Number(s.replace(/^\+/, ''));
        return isFinite(d) ? window.MCSXPath.formatNumber(d) : '';
      }
      case 'date': {
        var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(t) || null;
        var y, mo, da;
        if (m) { y = +m[1]; mo = +m[2]; da = +m[3]; } else {
          m = /^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})$/.exec(t);
          if (!m) return '';
          da = +m[1]; mo = +m[2]; y = +m[3];
        }
        var probe = new Date(Date.UTC(y, mo - 1, da));
        if (y < 1000 || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== da) return '';
        return String(y) + '-' + (mo < 10 ? '0' : '') + mo + '-' + (da < 10 ? '0' : '') + da;
      }
      case 'range': {
        var r = t;
        if (r.indexOf('.') < 0 && r.split(',').length === 2) r = r.replace(',', '.');
        var x = Number(r.replace(/^\+/, ''));
        return /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/.test(r) && isFinite(x) ? window.MCSXPath.formatNumber(x) : '';
      }
      case 'time': {
        var tm = /^([0-9]{1,2}):([0-9]{2})(:[0-9]{2})?$/.exec(t);
        if (!tm || +tm[1] > 23 || +tm[2] > 59) return '';
        return (tm[1].length === 1 ? '0' : '') + tm[1] + ':' + tm[2] + (tm[3] || '');
      }
      case 'text':
      case 'calculate':
        return raw;
      default:
        return t;
    }
  }

  function start() {
    var R = window.MCSXPath;
    var page = readJson('mcs-logic');
    if (!R || !page || !window.MCSLogic || !window.MCSLogic[page.key]) return;
    var L = window.MCSLogic[page.key];
    var stored = readJson('mcs-answers') || {};
    var form = document.getElementById('mcs-page');
    if (!form) return;
    var instance = page.instance;
    var onPage = {};
    page.questions.forEach(function (n) { onPage[n] = true; });
    var calculated = {};

    // The notes that say, for readers without JavaScript, when a question applies.
    Array.prototype.forEach.call(document.querySelectorAll('.condition'), function (el) { el.hidden = true; });

    function controlValue(name) {
      var type = L.types[name];
      var els = form.elements.namedItem(name);
      if (!els) return null;
      var list = els.length !== undefined && !els.tagName ? Array.prototype.slice.call(els) : [els];
      if (list.length === 0) return null;
      var first = list[0];
      if (first.type === 'radio' || first.type === 'checkbox') {
        var picked = list.filter(function (e) { return e.checked; }).map(function (e) { return e.value; });
        return canonical(type, type === 'select_multiple' ? picked.join(' ') : (picked[0] || ''));
      }
      if (type === 'rank') {
        return list.map(function (e) { return e.value; }).filter(function (v) { return v !== ''; }).join(' ');
      }
      return canonical(type, first.value || '', first.defaultValue);
    }

    function storedValue(name, inst) {
      var rep = L.repeat_of[name];
      if (rep) {
        if (inst < 0 || !has(stored, rep) || !stored[rep][inst]) return '';
        return has(stored[rep][inst], name) ? stored[rep][inst][name] : '';
      }
      return has(stored, name) && typeof stored[name] === 'string' ? stored[name] : '';
    }

    // The value of name in repeat instance inst, as the server would see it after this post.
    function valueOf(name, inst) {
      var rep = L.repeat_of[name];
      if (rep && inst < 0) return '';
      var here = !rep || inst === instance;
      if (here && has(calculated, name)) return calculated[name];
      if (here && onPage[name]) {
        // A question this page hides counts as blank wherever it is referenced (ODK's rule, and
        // the server's: engine/view.h); what was typed in it stays in the form.
        if (!judging[name]) {
          judging[name] = true;
          var applies = relevant(name);
          delete judging[name];
          if (!applies) return '';
        }
        var v = controlValue(name);
        if (v !== null) return v;
      }
      // Answers on other pages come from the server as its expressions see them.
      return storedValue(name, inst);
    }
    var judging = {};

    // The EvalContext of the server's AnswersContext: ${name} in the current instance, '.' the
    // question itself, position(..) the instance, today() in the study's time zone as on the server.
    function context(node, inst) {
      return R.context({
        resolve: function (name) { return valueOf(name, inst); },
        resolveAll: function (name) {
          // A repeat is the node-set of its instances (engine::View::Context::ResolveAll): at least one
          // where the respondent adds them. A repeat_count of 0 is only known to the server.
          if (L.types[name] === 'repeat') {
            var n = has(stored, name) && Array.isArray(stored[name]) ? stored[name].length : 0;
            if (L.repeat_of[node] === name && instance >= n) n = instance + 1;
            return new Array(Math.max(1, n)).fill('');
          }
          var rep = L.repeat_of[name];
          if (!rep) return [valueOf(name, inst)];
          var out = [];
          var count = has(stored, rep) && Array.isArray(stored[rep]) ? stored[rep].length : 0;
          if (L.repeat_of[name] && instance >= count) count = instance + 1;
          for (var i = 0; i < count; i++) out.push(valueOf(name, i));
          return out;
        },
        // View::Context::IsNodeSet: a repeat, or a question of a repeat this expression is not in.
        isNodeSet: function (name) {
          if (L.types[name] === 'repeat') return true;
          var rep = L.repeat_of[name];
          return !!rep && (inst < 0 || L.repeat_of[node] !== rep);
        },
        current: function () { return node ? valueOf(node, inst) : ''; },
        choiceLabel: function (name, choice) {
          return has(L.choices, name) && has(L.choices[name], choice) ? L.choices[name][choice] : '';
        },
        utcOffsetMinutes: function () { return zoneOffsetMinutes(page.tz || 'Europe/Brussels', Date.now(), 0); },
        position: function () { return inst + 1; }
      });
    }

    function run(table, name, inst) {
      var f = table[name];
      if (typeof f !== 'function') return undefined;
      try { return f(context(name, inst)); } catch (e) { return undefined; }
    }

    // Runtime::IsRelevant: the question and every group around it; a repeat judged outside any
    // instance.
    function relevant(name) {
      for (var n = name; n; n = L.parent[n]) {
        var inst = L.types[n] === 'repeat' ? -1 : instance;
        var v = run(L.relevant, n, inst);
        if (v !== undefined && !R.b(v)) return false;
      }
      return true;
    }

    function translated(t) {
      if (!t) return '';
      if (has(t, page.lang)) return t[page.lang];
      if (has(t, L.default_language)) return t[L.default_language];
      var keys = Object.keys(t);
      return keys.length ? t[keys[0]] : '';
    }

    // Runtime::Pipe.
    function pipe(text) {
      if (text.indexOf('${') < 0) return text;
      var out = '', i = 0;
      for (;;) {
        var b = text.indexOf('${', i);
        if (b < 0) break;
        var e = text.indexOf('}', b);
        if (e < 0) break;
        out += text.substring(i, b);
        var name = text.substring(b + 2, e);
        if (has(L.types, name)) {
          var v = valueOf(name, instance);
          if (has(L.choices, name) && v !== '') {
            out += v.split(/\s+/).filter(Boolean).map(function (w) {
              return has(L.choices[name], w) ? L.choices[name][w] : w;
            }).join(', ');
          } else {
            out += v;
          }
        } else {
          out += text.substring(b, e + 1);
        }
        i = e + 1;
      }
      return out + text.substring(i);
    }

    function setLabel(name, text) {
      var block = document.getElementById('q-' + name + '-block');
      if (!block) return;
      var note = block.querySelector('.note');
      if (note) {
        while (note.firstChild) note.removeChild(note.firstChild);
        text.split('\n').forEach(function (para) {
          if (!para.trim()) return;
          var p = document.createElement('p');
          p.textContent = para;
          note.appendChild(p);
        });
        return;
      }
      var label = block.querySelector('legend, :scope > label');
      if (label && label.firstChild && label.firstChild.nodeType === 3) label.firstChild.data = text;
    }

    function showConstraint(name, message) {
      var block = document.getElementById('q-' + name + '-block');
      if (!block) return;
      var id = 'q-' + name + '-live-error';
      var slot = document.getElementById(id);
      if (!message) {
        if (slot) slot.hidden = true;
        return;
      }
      if (!slot) {
        slot = document.createElement('p');
        slot.className = 'error-message';
        slot.id = id;
        slot.setAttribute('aria-live', 'polite');
        var after = document.getElementById('q-' + name + '-hint') || block.querySelector('legend, :scope > label');
        if (after && after.parentNode) after.parentNode.insertBefore(slot, after.nextSibling);
        else block.insertBefore(slot, block.firstChild);
      }
      slot.textContent = message;
      slot.hidden = false;
    }

    function update() {
      // Calculations in document order, as Runtime::Calculate (those in another repeat instance
      // keep their stored values).
      calculated = {};
      Object.keys(L.calculation).forEach(function (name) {
        var rep = L.repeat_of[name];
        if (rep && instance < 0) return;
        // A calculation that does not apply (its group is hidden) is blank wherever it is
        // referenced, as on the server (engine::View::Value).
        if (!relevant(name)) {
          calculated[name] = '';
          return;
        }
        var v = run(L.calculation, name, rep ? instance : -1);
        if (v !== undefined) calculated[name] = R.str(v);
      });
      page.questions.forEach(function (name) {
        var block = document.getElementById('q-' + name + '-block');
        var shown = relevant(name);
        if (block) block.hidden = !shown;
        if (has(L.labels, name)) setLabel(name, pipe(translated(L.labels[name])));
        if (has(L.hints, name)) {
          var hint = document.getElementById('q-' + name + '-hint');
          if (hint) hint.textContent = pipe(translated(L.hints[name]));
        }
        // A constraint message for an answer given; "required" waits for the server, so as not to
        // scold a respondent who has not got there yet.
        var message = '';
        if (shown && typeof L.constraint[name] === 'function' && valueOf(name, instance) !== '') {
          var ok = run(L.constraint, name, instance);
          if (ok !== undefined && !R.b(ok)) {
            message = translated(L.constraint_message[name]) || translated(L.default_constraint_message);
          }
        }
        showConstraint(name, message);
      });
    }

    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }

  // Run again on each page the enhanced path puts in place (below).
  (window.MCSPageInits = window.MCSPageInits || []).push(start);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// Drafts: while the respondent types, the page is saved in the background (no checks), and once
// more when the tab is hidden or closed, so leaving loses nothing. The server treats it like
// "Save and continue later"; the first save of a new response returns its resume link.
(function () {
  'use strict';
  var current = null;  // the page being typed in: {form, flush}
  window.MCSDraft = {
    // What the enhanced post waits for, so a draft never lands after the page it belongs to.
    settle: function () { return current ? current.settle() : Promise.resolve(); }
  };
  function init() {
    current = null;
    var form = document.getElementById('mcs-page');
    if (!form || !window.fetch || !window.URLSearchParams || !window.FormData || !window.Promise) return;
    var marker = form.querySelector('input[name="_mcs_page"]');
    if (!marker || marker.value === 'review' || marker.value === 'ack') return;
    var timer = null;
    var dirty = false;
    var inflight = null;
    function body() {
      var fd = new FormData(form);
      fd.set('_mcs_action', 'draft');
      return new URLSearchParams(fd).toString();
    }
    function send() {
      timer = null;
      if (!dirty || inflight) return;
      dirty = false;
      inflight = fetch(form.action, {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: body()
      }).then(function (r) {
        return r.status === 200 ? r.json() : null;
      }).then(function (j) {
        if (j && j.resume && form.isConnected) {
          form.action = j.resume;
          // The entry stands for this page (?at=, as the enhanced path's entries do).
          if (window.history && history.replaceState) history.replaceState(history.state, '', j.resume + '?at=' + marker.value);
        }
      }).catch(function () {
        dirty = true;
      }).then(function () {
        inflight = null;
      });
    }
    function changed() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(send, 1500);
    }
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function () {
      if (timer) clearTimeout(timer);
      dirty = false;
    });
    current = {
      form: form,
      flush: function () {
        if (dirty && navigator.sendBeacon) {
          dirty = false;
          navigator.sendBeacon(form.action, new Blob([body()], {type: 'application/x-www-form-urlencoded'}));
        }
      },
      settle: function () {
        if (timer) clearTimeout(timer);
        timer = null;
        dirty = false;
        return inflight || Promise.resolve();
      }
    };
  }
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && current) current.flush();
  });
  (window.MCSPageInits = window.MCSPageInits || []).push(init);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();

// One exchange per page: the page's form is posted with fetch (header X-MCS-Enhanced: 1) and the
// server answers, once the answers are committed, with the page it leads to (or the same page with
// its errors) instead of a redirect. The page is put in place of the old one, its address (X-MCS-Url,
// the resume link with ?at=PAGE) goes into the history so back, forward and reload show that page,
// focus moves to the new heading or the error summary and the change is announced. Anything
// unexpected (no fetch, a network error, another status, no X-MCS-Url) falls back to the plain form
// post, which works as it does without JavaScript.
(function () {
  'use strict';
  if (!window.fetch || !window.FormData || !window.URLSearchParams || !window.DOMParser || !window.Promise ||
      !window.history || !history.pushState || !document.querySelector) return;
  var busy = false;
  var shown = withoutHash(location.href);  // the address of the page on screen
  // The first page's entry keeps its address (/s/FORM, which starts a new response) when the
  // response it began moves on; back there, the page that response's first page is shown instead.
  var start = null;
  var loaded = {};  // scripts this document has run, by absolute address
  Array.prototype.forEach.call(document.scripts, function (s) { if (s.src) loaded[s.src] = true; });

  function withoutHash(url) { var i = url.indexOf('#'); return i < 0 ? url : url.slice(0, i); }
  function absolute(url) { var a = document.createElement('a'); a.href = url; return a.href; }

  function announcer() {
    var el = document.getElementById('mcs-announce');
    if (!el) {
      el = document.createElement('div');
      el.id = 'mcs-announce';
      el.className = 'vh';
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
      document.body.appendChild(el);
    }
    return el;
  }

  function runInits() { (window.MCSPageInits || []).forEach(function (f) { f(); }); }

  // The scripts the new page names that this document has not run yet (coming back from the review,
  // which has none of the questionnaire's logic), in order; null when there are none.
  function loadScripts(main) {
    var wanted = Array.prototype.filter.call(main.querySelectorAll('script[src]'), function (s) {
      return !loaded[absolute(s.getAttribute('src'))];
    });
    if (wanted.length === 0) return null;
    return wanted.reduce(function (chain, old) {
      return chain.then(function () {
        return new Promise(function (resolve, reject) {
          var s = document.createElement('script');
          s.src = old.getAttribute('src');
          s.onload = function () { loaded[s.src] = true; resolve(); };
          s.onerror = reject;
          document.body.appendChild(s);
        });
      });
    }, Promise.resolve());
  }

  // Puts the page `doc` in place of the one shown. `posted`: the address the page being left stands
  // for (it replaces its history entry); `url`: the new page's, a new entry unless it is the same.
  // The history changes last, once the page is in place and its behaviour started: whatever waits
  // for the address to change finds the new page ready.
  function swap(doc, url, posted) {
    var main = doc.getElementById('main');
    var oldMain = document.getElementById('main');
    var header = doc.querySelector('.site-header');
    var oldHeader = document.querySelector('.site-header');
    if (header && oldHeader) oldHeader.parentNode.replaceChild(document.importNode(header, true), oldHeader);
    while (oldMain.firstChild) oldMain.removeChild(oldMain.firstChild);
    Array.prototype.slice.call(main.childNodes).forEach(function (n) { oldMain.appendChild(document.importNode(n, true)); });
    document.title = doc.title;
    if (doc.documentElement.lang) document.documentElement.lang = doc.documentElement.lang;
    function finish() {
      runInits();
      // One change of the history per page (whatever waits for the address to change sees the
      // new page, once): a new entry for a new address, else the entry replaced.
      if (url) {
        var here = withoutHash(location.href);
        var target = withoutHash(absolute(url));
        var fresh = !/\/r\//.test(here);  // the start address, /s/FORM: no response yet
        if (target === here || (fresh && posted && withoutHash(absolute(posted)) === target)) {
          history.replaceState({mcs: 1}, '', url);
        } else {
          if (fresh && posted) start = {from: here, to: absolute(posted)};
          history.pushState({mcs: 1}, '', url);
        }
      }
      shown = withoutHash(location.href);
      window.scrollTo(0, 0);
      var focus = document.getElementById('error-summary') || oldMain.querySelector('h1') || oldMain;
      if (!focus.hasAttribute('tabindex')) focus.setAttribute('tabindex', '-1');
      focus.focus();
      var live = announcer();
      live.textContent = '';
      setTimeout(function () { live.textContent = document.title; }, 50);
    }
    var loading = loadScripts(oldMain);
    // Should a script fail to load, the page is loaded as the server sends it.
    if (loading) loading.then(finish).catch(function () { location.assign(url || location.href); });
    else finish();
  }

  // The page in `html` when it is one this script can put in place, else null.
  function parse(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.getElementById('main') && document.getElementById('main') ? doc : null;
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (ev.defaultPrevented || !form || form.id !== 'mcs-page' || form.getAttribute('data-plain')) return;
    ev.preventDefault();
    if (busy) return;
    busy = true;
    var submitter = ev.submitter || null;
    var posted = form.querySelector('input[name="_mcs_page"]');
    posted = posted ? posted.value : '';
    function plain() {
      // The form post a browser without JavaScript makes, with the button that was pressed.
      busy = false;
      form.setAttribute('data-plain', '1');
      if (submitter && submitter.name) {
        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.appendChild(hidden);
      }
      HTMLFormElement.prototype.submit.call(form);
    }
    var url = null;
    var settled = window.MCSDraft ? window.MCSDraft.settle() : Promise.resolve();
    settled.catch(function () {}).then(function () {
      var fd = new FormData(form);
      if (submitter && submitter.name) fd.append(submitter.name, submitter.value);
      var multipart = (form.getAttribute('enctype') || '').toLowerCase() === 'multipart/form-data';
      var headers = {'X-MCS-Enhanced': '1'};
      if (!multipart) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      return fetch(form.action, {
        method: 'POST', credentials: 'same-origin', headers: headers,
        body: multipart ? fd : new URLSearchParams(fd).toString()
      });
    }).then(function (r) {
      url = r.headers.get('X-MCS-Url');
      var type = r.headers.get('Content-Type') || '';
      if (!url || (r.status !== 200 && r.status !== 422) || type.indexOf('text/html') !== 0) throw new Error('plain');
      return r.text();
    }).then(function (html) {
      var doc = parse(html);
      if (!doc) throw new Error('plain');
      // The entry being left stands for the page that was posted, at its own address (the first
      // page had none: /s/FORM starts a new response).
      busy = false;
      try { swap(doc, url, posted ? url.split('?')[0] + '?at=' + posted : null); } catch (e) { location.assign(url); }
    }).catch(function () {
      if (busy) plain();
    });
  });

  // Back and forward between entries of this document: the page their address stands for, from the
  // server (a change of #fragment only, as the error summary's links make, is left to the browser).
  window.addEventListener('popstate', function () {
    var want = withoutHash(location.href);
    if (want === shown) return;
    if (start && want === start.from) {
      history.replaceState({mcs: 1}, '', start.to);
      want = withoutHash(location.href);
    }
    shown = want;
    fetch(want, {credentials: 'same-origin'}).then(function (r) {
      var type = r.headers.get('Content-Type') || '';
      if (r.status !== 200 || type.indexOf('text/html') !== 0) throw new Error('reload');
      return r.text();
    }).then(function (html) {
      var doc = parse(html);
      if (!doc) throw new Error('reload');
      swap(doc, null, null);
    }).catch(function () { location.reload(); });
  });
})();
