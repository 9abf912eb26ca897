// Page behaviour with JavaScript on: questions appear and disappear, calculations and piped labels
// update, and constraint messages show as the respondent types. Everything here is a convenience:
// without JavaScript the server does all of it on each page, and it checks every post anyway.
//
// Inputs: the data blocks the server puts on a question page (logic.cpp, LogicPageScripts):
//   mcs-logic   {key: "form@version", lang, instance (repeat instance, -1 outside), questions}
//   mcs-answers the response's stored answers {name: value, repeat: [{name: value}, ...]}
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

  // Minutes east of UTC in Brussels at `ms` (common/timezone.cpp, BrusselsOffsetMinutes): the EU's
  // one summer-time rule, from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
  // of October (Directive 2000/84/EC). Not the browser's own zone: the server dates answers so.
  function brusselsOffsetMinutes(ms) {
    var y = new Date(ms).getUTCFullYear();
    function lastSundayAt1(month) {
      var last = new Date(Date.UTC(y, month + 1, 0));
      return Date.UTC(y, month, last.getUTCDate() - last.getUTCDay(), 1);
    }
    return ms >= lastSundayAt1(2) && ms < lastSundayAt1(9) ? 120 : 60;
  }

  // What the server's Canonicalize would store for a typed value (engine/runtime.cpp), so that
  // expressions see the same strings on both sides; "" for what it would refuse.
  function canonical(type, raw) {
    var t = raw.trim();
    if (t === '') return '';
    switch (type) {
      case 'integer': {
        if (!/^[+-]?[0-9]+$/.test(t)) return '';
        var v = parseInt(t, 10);
        return v > 2147483647 || v < -2147483648 ? '' : String(v);
      }
      case 'decimal': {
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
      return canonical(type, first.value || '');
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
    // question itself, position(..) the instance, today() in Brussels time as on the server.
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
        utcOffsetMinutes: function () { return brusselsOffsetMinutes(Date.now()); },
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
      var label = block.querySelector('legend, label.label');
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
        var after = document.getElementById('q-' + name + '-hint') ||
            block.querySelector('legend, label.label');
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// Drafts: while the respondent types, the page is saved in the background (no checks), and once
// more when the tab is hidden or closed, so leaving loses nothing. The server treats it like
// "Save and continue later"; the first save of a new response returns its resume link.
(function () {
  'use strict';
  function init() {
    var form = document.getElementById('mcs-page');
    if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
    var marker = form.querySelector('input[name="_mcs_page"]');
    if (!marker || marker.value === 'review') return;
    var timer = null;
    var dirty = false;
    var sending = false;
    function body() {
      var fd = new FormData(form);
      fd.set('_mcs_action', 'draft');
      return new URLSearchParams(fd).toString();
    }
    function send() {
      timer = null;
      if (!dirty || sending) return;
      dirty = false;
      sending = true;
      fetch(form.action, {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: body()
      }).then(function (r) {
        return r.status === 200 ? r.json() : null;
      }).then(function (j) {
        if (j && j.resume) {
          form.action = j.resume;
          if (window.history && history.replaceState) history.replaceState(null, '', j.resume);
        }
      }).catch(function () {
        dirty = true;
      }).then(function () {
        sending = false;
      });
    }
    function changed() {
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(send, 1500);
    }
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && dirty && navigator.sendBeacon) {
        dirty = false;
        navigator.sendBeacon(form.action, new Blob([body()], {type: 'application/x-www-form-urlencoded'}));
      }
    });
    form.addEventListener('submit', function () {
      if (timer) clearTimeout(timer);
      dirty = false;
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
